/*
 * report.c — the incident report and the queue counts; see report.h.
 *
 * Days in a time zone.  A report's period is whole calendar days in the
 * caller's (or a given) zone, and "created on 3 March" means between two
 * local midnights, which are not a fixed distance apart where the zone
 * has daylight saving time.  Three ways were weighed:
 *   - one range count per day, with each day's UTC bounds from tz.c:
 *     exact, but 2 x 366 statements for a year (a round trip each on
 *     PostgreSQL);
 *   - reading every creation time of the period and bucketing in C:
 *     one statement, but a year of a busy desk is hundreds of thousands
 *     of rows through the driver and the arena;
 *   - grouping in SQL by (t + offset) / 86400, which is the local day
 *     number only while the UTC offset stays the same.
 * Steward does the last, made exact by report_plan_spans: tz.c splits the
 * period into stretches of whole days with one offset (a year in a DST
 * zone is three), each counted by one GROUP BY over the (kind, created_at)
 * or (state, resolved_at) index, and the few days that contain an offset
 * change are counted by range on their own.  So the work is an index
 * range scan over the period's tickets in a handful of statements, with
 * at most a year of day rows coming back, at any table size.
 *
 * Reads run outside a transaction, as other reads do: on a busy system
 * the sections may be a moment apart, never inconsistent within one.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/ticket/incident.h"
#include "core/report/report.h"
#include "core/change/change.h"
#include "core/sla/sla.h"
#include "core/port/account.h"
#include "core/port/report.h"
#include "core/sla/tz.h"
#include "base/banned.h"

size_t report_open_states(const struct ticket_kind *k, const char **out)
{
	size_t n = 0;
	for (const struct ticket_state *st = k->states; st->name && n < TICKET_STATES_MAX; st++)
		if (st->phase == TICKET_PHASE_OPEN || st->phase == TICKET_PHASE_PAUSED)
			out[n++] = st->name;
	return n;
}

#define DAY 86400

int64_t report_day_start(const struct tz *z, int64_t day)
{
	int y, m, d;
	tz_civil_from_days(day, &y, &m, &d);
	return tz_local_to_utc(z, y, m, d, 0);
}

size_t report_plan_spans(const struct tz *z, int64_t from_day, int64_t to_day, struct report_span *spans, size_t max)
{
	size_t n = 0;
	int64_t start = report_day_start(z, from_day);
	for (int64_t day = from_day; day <= to_day; day++) {
		int64_t end = report_day_start(z, day + 1);
		int32_t off = tz_offset_at(z, start);
		/* one offset from the first to the last second of the day, and
		 * those seconds are exactly the local day: (t + off) / 86400 is
		 * this day for all of them */
		bool constant = end > start && tz_offset_at(z, end - 1) == off && start + off == day * DAY &&
				end + off == (day + 1) * DAY;
		struct report_span *last = n ? &spans[n - 1] : NULL;
		if (constant && last && last->constant && last->offset == off && last->end == start) {
			last->end = end;
		} else {
			if (n == max)
				return 0;
			spans[n++] = (struct report_span){
				.start = start, .end = end, .first_day = day, .offset = off, .constant = constant};
		}
		start = end;
	}
	return n;
}

/* "YYYY-MM-DD" into *day, or a field error. */
static void read_day(const char *s, const char *field, int64_t *day, bool *ok, struct sw_error *err)
{
	*ok = true;
	if (s && tz_parse_date(s, strlen(s), day)) {
		sw_field_fail(err, field, "must be a date YYYY-MM-DD from 1970 to 9999");
		*ok = false;
	}
}

/* The zone asked for, else the caller's, else UTC.  Zones are loaded per
 * report and freed, not kept in the calendars' cache: report parameters
 * are not allowed to fill that. */
enum sw_err report_zone(struct ctx *c, const char *name, struct tz **out, struct sw_error *err)
{
	struct sw_error look;
	sw_error_clear(&look);
	if (name) {
		enum sw_err rc = tz_load(name, NULL, out, &look);
		if (rc == SW_ENOTFOUND || rc == SW_EINVALID)
			sw_field_fail(err, "tz", "must be a known IANA time zone such as Europe/London");
		else if (rc)
			return sw_fail(err, rc, NULL, "%s", look.detail);
		return SW_OK;
	}
	struct user u;
	if (c->actor.user_id && store_user_by_id(c->store, c->actor.user_id, &u, &look) == SW_OK && u.timezone &&
	    tz_load(u.timezone, NULL, out, &look) == SW_OK)
		return SW_OK;
	sw_error_clear(&look);
	enum sw_err rc = tz_load("UTC", NULL, out, &look);
	return rc ? sw_fail(err, rc, NULL, "%s", look.detail) : SW_OK;
}

static int64_t mean(int64_t sum, int64_t n)
{
	return n > 0 ? (sum + n / 2) / n : -1;
}

static enum sw_err count_days(struct ctx *c, struct ticket_report *out, const struct report_span *spans, size_t nspans,
			      bool resolved, int64_t *counts, struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	for (size_t i = 0; i < nspans && !rc; i++) {
		const struct report_span *sp = &spans[i];
		if (sp->constant) {
			rc = store_report_daily(c->store, out->kind->name, resolved, sp->start, sp->end, sp->offset,
						out->from_day, counts, out->day_count, err);
		} else {
			int64_t n = 0;
			rc = store_report_range(c->store, out->kind->name, resolved, sp->start, sp->end, &n, err);
			counts[sp->first_day - out->from_day] += n;
		}
	}
	return rc;
}

static enum sw_err gather(struct ctx *c, const struct tz *z, struct ticket_report *out, struct sw_error *err)
{
	size_t ndays = out->day_count;
	struct report_span *spans = arena_alloc(c->arena, ndays * sizeof(*spans));
	int64_t *created = arena_alloc(c->arena, ndays * sizeof(*created));
	int64_t *resolved = arena_alloc(c->arena, ndays * sizeof(*resolved));
	out->days = arena_alloc(c->arena, ndays * sizeof(*out->days));
	if (!spans || !created || !resolved || !out->days)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	memset(created, 0, ndays * sizeof(*created));
	memset(resolved, 0, ndays * sizeof(*resolved));
	size_t nspans = report_plan_spans(z, out->from_day, out->to_day, spans, ndays);
	if (!nspans)
		return sw_fail(err, SW_EINTERNAL, NULL, "cannot split the period into days");
	out->start = spans[0].start;
	out->end = spans[nspans - 1].end;

	enum sw_err rc;
	int64_t resolve_sum, responded_sum;
	const char *kind = out->kind->name;
	out->open_state_count = report_open_states(out->kind, out->open_states);
	if ((rc = store_report_open(c->store, kind, out->open_states, out->open_state_count, out->open_by_state,
				    out->open_by_priority, &out->open_total, err)) ||
	    (rc = store_report_open_groups(c->store, kind, REPORT_GROUPS_MAX, &out->groups, &out->group_count, err)) ||
	    (rc = store_report_sla(c->store, kind, out->start, out->end, c->now, out->sla, err)) ||
	    (rc = count_days(c, out, spans, nspans, false, created, err)) ||
	    (rc = count_days(c, out, spans, nspans, true, resolved, err)) ||
	    (rc = store_report_times(c->store, kind, out->start, out->end, &out->resolved_count, &resolve_sum,
				     &out->responded_count, &responded_sum, err)) ||
	    (rc = store_report_oldest(c->store, kind, REPORT_OLDEST_MAX, &out->oldest, &out->oldest_count, err)))
		return rc;
	for (size_t i = 0; i < ndays; i++)
		out->days[i] = (struct report_day){
			.day = out->from_day + (int64_t)i, .created = created[i], .resolved = resolved[i]};
	out->mttr = mean(resolve_sum, out->resolved_count);
	out->mtta = mean(responded_sum, out->responded_count);
	if (!(out->kind->fields & TICKET_FIELD_CHANGE))
		return SW_OK;
	out->has_changes = true;
	return change_report(c, out->start, out->end, &out->changes, err);
}

enum sw_err report_period(struct ctx *c, const struct report_input *in, struct tz **zone, int64_t *from_day,
			  int64_t *to_day, struct sw_error *err)
{
	struct tz *z = NULL;
	int64_t from = 0, to = 0;
	bool from_ok, to_ok;
	read_day(in->from, "from", &from, &from_ok, err);
	read_day(in->to, "to", &to, &to_ok, err);
	enum sw_err rc = report_zone(c, in->tz, &z, err);
	if (rc && rc != SW_EINVALID) {
		tz_free(z);
		return rc;
	}
	if (z && from_ok && to_ok) {
		if (!in->to) {
			struct tz_local now;
			tz_to_local(z, c->now, &now);
			to = tz_days_from_civil(now.year, now.month, now.day);
		}
		if (!in->from)
			from = to - (REPORT_DAYS_DEFAULT - 1);
		if (from > to)
			sw_field_fail(err, "from", "must not be after to");
		else if (to - from + 1 > REPORT_DAYS_MAX)
			sw_field_fail(err, "from", "the period may be at most %d days", REPORT_DAYS_MAX);
	}
	if (err->code) {
		tz_free(z);
		return err->code;
	}
	*zone = z;
	*from_day = from;
	*to_day = to;
	return SW_OK;
}

enum sw_err report_tickets(struct ctx *c, const struct ticket_kind *kind, const struct report_input *in,
			   struct ticket_report *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	struct tz *z = NULL;
	int64_t from, to;
	if ((rc = report_period(c, in, &z, &from, &to, err)))
		return rc;
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	out->tz = arena_strdup(c->arena, tz_name(z));
	out->from_day = from;
	out->to_day = to;
	out->day_count = (size_t)(to - from + 1);
	if (!out->tz) {
		rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		goto out;
	}
	rc = gather(c, z, out, err);
out:
	tz_free(z);
	return rc;
}

static int sla_row_order(const void *pa, const void *pb)
{
	const struct report_sla_row *a = pa, *b = pb;
	if (!a->key != !b->key)
		return a->key ? -1 : 1; /* none last */
	int by = a->key ? strcmp(a->key, b->key) : 0;
	if (!by && a->metric == b->metric && (a->group || b->group)) /* an OLA's groups, by name */
		by = !a->group ? -1 : !b->group ? 1 : strcmp(a->group, b->group);
	return by ? by : (int)a->metric - (int)b->metric;
}

static const char *const rag_names[] = {"", "red", "amber", "green"};
CORE_VALUE_LIST(enum report_rag, rag_names, REPORT_RAG__COUNT, REPORT_RAG_NONE, report_rag_name, report_rag_parse)

/* Each of the count rows' compliance, and its colour against its agreement. */
static void score(struct report_sla_row *rows, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		struct report_sla_row *x = &rows[i];
		int64_t n = x->met + x->breached;
		x->compliance_permille = n ? (int)((x->met * 1000 + n / 2) / n) : -1;
		x->rag = REPORT_RAG_NONE;
		if (x->target_compliance && x->compliance_permille >= 0)
			x->rag = x->compliance_permille >= x->target_compliance * 10 ? REPORT_RAG_GREEN
				 : x->compliance_permille >= x->amber_percent * 10   ? REPORT_RAG_AMBER
										     : REPORT_RAG_RED;
	}
	if (count)
		qsort(rows, count, sizeof(*rows), sla_row_order);
}

/* The rows of dim again for each period of interval iv (1 day, 2 week, 3
 * month) over local days [from, to] of z, one query per period, each
 * period's rows stamped with its first day. */
static enum sw_err sla_trend(struct ctx *c, const struct ticket_kind *kind, int dim, int iv, const struct tz *z,
			     int64_t from, int64_t to, struct sla_report *out, struct sw_error *err)
{
	size_t max = 0, n = 0;
	struct report_sla_row *all = NULL;
	for (int64_t d = from; d <= to;) {
		int64_t first = d, next = d + 1;
		while (next <= to && report_interval_start(iv, next, from) == report_interval_start(iv, first, from))
			next++;
		struct report_sla_row *rows;
		size_t count;
		enum sw_err rc = store_report_sla_by(c->store, kind->name, dim, report_day_start(z, first),
						     report_day_start(z, next), &rows, &count, err);
		if (rc)
			return rc;
		score(rows, count);
		if (n + count > max) {
			size_t grow = (n + count) * 2 + 8;
			struct report_sla_row *more = arena_alloc(c->arena, grow * sizeof(*more));
			if (!more)
				return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
			if (n)
				memcpy(more, all, n * sizeof(*all));
			all = more;
			max = grow;
		}
		for (size_t i = 0; i < count; i++) {
			all[n] = rows[i];
			all[n++].period_day = report_interval_start(iv, first, from) < from
						      ? from
						      : report_interval_start(iv, first, from);
		}
		d = next;
	}
	out->periods = all;
	out->period_count = n;
	return SW_OK;
}

enum sw_err report_sla(struct ctx *c, const struct ticket_kind *kind, const struct report_input *in, const char *by,
		       const char *trend, struct sla_report *out, struct sw_error *err)
{
	static const char *const dims[] = {[REPORT_SLA_BY_POLICY] = "policy",
					   [REPORT_SLA_BY_SERVICE] = "service",
					   [REPORT_SLA_BY_GROUP] = "assignment_group",
					   [REPORT_SLA_BY_PRIORITY] = "priority",
					   [REPORT_SLA_BY_AGREEMENT] = "agreement"};
	static const char *const intervals[] = {"day", "week", "month"};
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	int dim = by ? core_value_index(by, dims, 5) : REPORT_SLA_BY_POLICY;
	if (dim < 0)
		sw_field_fail(err, "by", "must be policy, service, assignment_group, priority or agreement");
	int iv = trend ? core_value_index(trend, intervals, 3) : -1;
	if (trend && iv < 0)
		sw_field_fail(err, "trend", "must be day, week or month");
	struct tz *z = NULL;
	int64_t from = 0, to = 0;
	if ((rc = report_period(c, in, &z, &from, &to, err)) || (rc = err->code)) {
		tz_free(z);
		return rc ? rc : err->code;
	}
	*out = (struct sla_report){.by = dims[dim],
				   .from_day = from,
				   .to_day = to,
				   .tz = arena_strdup(c->arena, tz_name(z)),
				   .trend = trend ? intervals[iv] : NULL};
	int64_t start = report_day_start(z, from), end = report_day_start(z, to + 1);
	if (!out->tz) {
		tz_free(z);
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	}
	rc = trend ? sla_trend(c, kind, dim, iv + 1, z, from, to, out, err) : SW_OK;
	tz_free(z);
	if (rc || (rc = store_report_sla_by(c->store, kind->name, dim, start, end, &out->rows, &out->count, err)) ||
	    (rc = store_report_sla_breaches(c->store, kind->name, start, end, REPORT_BREACHES_MAX + 1, &out->breaches,
					    &out->breach_count, err)))
		return rc;
	score(out->rows, out->count);
	if (out->breach_count > REPORT_BREACHES_MAX) {
		out->breach_count = REPORT_BREACHES_MAX;
		out->breaches_truncated = true;
	}
	return SW_OK;
}

enum sw_err report_counts(struct ctx *c, const struct ticket_kind *kind, struct ticket_counts *out,
			  struct sw_error *err)
{
	struct ticket_counts v = {0};
	enum sw_err rc;
	if (authz_is_agent(&c->actor)) {
		rc = store_ticket_counts(c->store, kind->name, c->actor.user_id, c->now + TICKET_BREACHING_WINDOW, &v,
					 err);
		v.agent_view = true;
	} else if (kind->agents_only) {
		rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	} else {
		/* an end user learns about their own requests only */
		rc = store_ticket_requested_open(c->store, kind->name, c->actor.user_id, &v.mine_requested, err);
	}
	if (!rc)
		*out = v;
	return rc;
}
