/*
 * sla.c — calendars, SLA policies and ticket clocks; see sla.h.
 *
 * Clocks are reconciled, not driven by events: after every write to a
 * ticket, sla_sync() works out which state each clock should be in
 * (sla_clock_wanted) and moves it there, so no code path that changes a
 * ticket can forget to pause or stop a clock.  Due and warning instants
 * are stored with the clock so the scheduler can find what is due with
 * an index instead of doing calendar maths over every open ticket.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/kernel/authz.h"
#include "core/kernel/cfgsnap.h"
#include "core/core_int.h"
#include "core/cmdb/service.h"
#include "core/ticket/ticket.h"
#include "core/kernel/record.h"
#include "core/sla/sla.h"
#include "core/port/account.h"
#include "core/port/cmdb.h"
#include "core/port/sla.h"
#include "core/sla/tz.h"
#include "core/ticket/cause_category.h"
#include "base/util.h"
#include "base/banned.h"

static const char *const metric_names[SLA_METRIC__COUNT] = {
	[SLA_RESPONSE] = "response", [SLA_RESOLUTION] = "resolution", [SLA_OLA] = "ola"};
static const char *const state_names[SLA_STATE__COUNT] = {
	[SLA_RUNNING] = "running", [SLA_PAUSED] = "paused", [SLA_STOPPED] = "stopped"};

CORE_VALUE_LIST(enum sla_metric, metric_names, SLA_METRIC__COUNT, SLA_RESOLUTION, sla_metric_name, sla_metric_parse)
CORE_VALUE_LIST(enum sla_state, state_names, SLA_STATE__COUNT, SLA_STOPPED, sla_state_name, sla_state_parse)

/* ---- clock maths (pure) ----------------------------------------------------- */

int64_t sla_clock_elapsed(const struct sla_clock *k, const struct calendar *cal, int64_t now)
{
	int64_t e = k->elapsed;
	if (k->state == SLA_RUNNING && now > k->since)
		e += cal_business_seconds(cal, k->since, now);
	return e;
}

void sla_clock_view(const struct sla_clock *k, const struct calendar *cal, int64_t now, struct sla_view *out)
{
	memset(out, 0, sizeof(*out));
	out->elapsed = sla_clock_elapsed(k, cal, now);
	out->remaining = k->target > out->elapsed ? k->target - out->elapsed : 0;
	out->due_at = k->state == SLA_RUNNING ? k->due_at : 0;
	out->paused = k->state == SLA_PAUSED;
	/* once the scheduler has marked a breach it stays, whatever happens after */
	out->breached = out->elapsed > k->target || k->breached_at;
}

/* The instant at which the running clock k has banked `total` business
 * seconds; k->since when it already has. */
static int64_t instant_at(const struct sla_clock *k, const struct calendar *cal, int64_t total)
{
	int64_t left = total - k->elapsed, at;
	if (left <= 0)
		return k->since;
	struct sw_error err;
	sw_error_clear(&err);
	/* a calendar without working time is refused when it is written */
	return cal_add_business(cal, k->since, left, &at, &err) ? 0 : at;
}

static void schedule(struct sla_clock *k, const struct calendar *cal, int warn_percent)
{
	k->due_at = instant_at(k, cal, k->target);
	k->warn_at = instant_at(k, cal, k->target * warn_percent / 100);
}

void sla_clock_set_state(struct sla_clock *k, const struct calendar *cal, enum sla_state state, int64_t now,
			 int warn_percent)
{
	if (k->state == state)
		return;
	k->elapsed = sla_clock_elapsed(k, cal, now);
	k->state = state;
	k->since = k->due_at = k->warn_at = k->stopped_at = 0;
	if (state == SLA_STOPPED)
		k->stopped_at = now;
	if (state == SLA_RUNNING) {
		k->since = now;
		schedule(k, cal, warn_percent);
	}
}

void sla_clock_retarget(struct sla_clock *k, const struct calendar *from_cal, const struct calendar *to_cal,
			int64_t target, int64_t now, int warn_percent)
{
	k->target = target;
	if (k->state != SLA_RUNNING)
		return;
	k->elapsed = sla_clock_elapsed(k, from_cal, now);
	k->since = now;
	schedule(k, to_cal, warn_percent);
}

enum sla_state sla_clock_wanted(enum sla_metric m, const struct sla_policy *p, const struct ticket *t)
{
	if (t->phase == TICKET_PHASE_RESOLVED || t->phase == TICKET_PHASE_CLOSED || t->phase == TICKET_PHASE_CANCELED)
		return SLA_STOPPED;
	if (m == SLA_RESPONSE && t->first_response_at)
		return SLA_STOPPED;
	if (t->phase != TICKET_PHASE_PAUSED || !t->hold_reason)
		return SLA_RUNNING;
	if (p && p->pause_on_count) {
		for (size_t i = 0; i < p->pause_on_count; i++)
			if (strcmp(p->pause_on[i], t->hold_reason) == 0)
				return SLA_PAUSED;
		return SLA_RUNNING;
	}
	for (const char *const *r = t->kind->sla_pause_reasons; r && *r; r++)
		if (strcmp(*r, t->hold_reason) == 0)
			return SLA_PAUSED;
	return SLA_RUNNING;
}

/* ---- time zones and calendars ----------------------------------------------- */

/* Zones are loaded once per process and never freed: a calendar built from
 * one may be used by any thread at any time. */
#define TZ_CACHE_MAX 128
static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tz *tz_cache[TZ_CACHE_MAX]; /* guarded by tz_lock */
static size_t tz_cached;                  /* guarded by tz_lock */

static enum sw_err zone(const char *name, const struct tz **out, struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	pthread_mutex_lock(&tz_lock);
	for (size_t i = 0; i < tz_cached; i++)
		if (strcmp(tz_name(tz_cache[i]), name) == 0) {
			*out = tz_cache[i];
			goto out;
		}
	if (tz_cached == TZ_CACHE_MAX) {
		rc = sw_fail(err, SW_EINVALID, NULL, "more than %d time zones in use", TZ_CACHE_MAX);
		goto out;
	}
	struct tz *z;
	if ((rc = tz_load(name, NULL, &z, err)))
		goto out;
	tz_cache[tz_cached++] = z;
	*out = z;
out:
	pthread_mutex_unlock(&tz_lock);
	return rc;
}

enum sw_err sla_zone(const char *name, const struct tz **out, struct sw_error *err)
{
	return zone(name, out, err);
}

/* "2026-12-25" -> 20261225, validated; -1 when malformed. */
static int32_t holiday_value(const char *s)
{
	int64_t days;
	if (!s || tz_parse_date(s, strlen(s), &days))
		return -1;
	int y, m, d;
	tz_civil_from_days(days, &y, &m, &d);
	return (int32_t)(y * 10000 + m * 100 + d);
}

/* Builds cal from def; field errors are collected, other failures returned. */
static enum sw_err build(const char *zone_name, const char *hours, const char *const *holidays, size_t holiday_count,
			 struct calendar *cal, struct sw_error *err)
{
	const struct tz *z = NULL;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = zone(zone_name, &z, &look);
	if (rc == SW_ENOTFOUND || rc == SW_EINVALID)
		sw_field_fail(err, "timezone", "unknown time zone '%s'", zone_name);
	else if (rc)
		return sw_fail(err, rc, NULL, "%s", look.detail);
	cal_init(cal, z);
	sw_error_clear(&look);
	if (cal_parse_week(cal, hours, &look))
		sw_field_fail(err, "hours", "%s", look.field_count ? look.fields[0].detail : look.detail);
	else if (!cal_has_working_time(cal))
		sw_field_fail(err, "hours", "has no working time");
	for (size_t i = 0; i < holiday_count; i++) {
		int32_t v = holiday_value(holidays[i]);
		char path[32];
		snprintf(path, sizeof(path), "holidays[%zu]", i);
		sw_error_clear(&look);
		if (v < 0)
			sw_field_fail(err, path, "must be a date YYYY-MM-DD");
		else if (cal_add_holiday(cal, v, &look))
			sw_field_fail(err, path, "%s", look.detail);
	}
	return err->code;
}

enum sw_err calendar_build(const struct calendar_def *def, struct calendar *out, struct sw_error *err)
{
	return build(def->timezone, def->hours, def->holidays, def->holiday_count, out, err);
}

/* Calendars of the clocks touched by one operation (from the
 * configuration snapshot, built there once per version). */
struct cal_cache {
	int64_t ids[8];
	const struct calendar *cals[8];
	size_t count;
};

static enum sw_err cal_by_id(struct ctx *c, struct cal_cache *cc, int64_t id, const struct calendar **out,
			     struct sw_error *err)
{
	for (size_t i = 0; i < cc->count; i++)
		if (cc->ids[i] == id) {
			*out = cc->cals[i];
			return SW_OK;
		}
	const struct calendar *cal;
	enum sw_err rc = cfgsnap_calendar(c, id, &cal, err);
	if (rc)
		return rc;
	if (cc->count < sizeof(cc->ids) / sizeof(cc->ids[0])) {
		cc->ids[cc->count] = id;
		cc->cals[cc->count++] = cal;
	}
	*out = cal;
	return SW_OK;
}

/* Sort and de-duplicate the holidays of def (in the arena). */
static enum sw_err normalise_holidays(struct ctx *c, struct calendar_def *def, struct sw_error *err)
{
	const char **v = arena_alloc(c->arena, (def->holiday_count + 1) * sizeof(*v));
	if (!v)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	size_t n = 0;
	for (size_t i = 0; i < def->holiday_count; i++) {
		size_t j = n;
		while (j > 0 && strcmp(v[j - 1], def->holidays[i]) > 0)
			j--;
		if (j > 0 && strcmp(v[j - 1], def->holidays[i]) == 0)
			continue;
		memmove(v + j + 1, v + j, (n - j) * sizeof(*v));
		v[j] = def->holidays[i];
		n++;
	}
	def->holidays = v;
	def->holiday_count = n;
	return SW_OK;
}

/* A copy of the count clocks k in the arena (NULL for none): what they
 * were before an operation changes them, for the running totals. */
static enum sw_err clocks_copy(struct ctx *c, const struct sla_clock *k, size_t count, struct sla_clock **out,
			       struct sw_error *err)
{
	*out = NULL;
	if (!count)
		return SW_OK;
	if (!(*out = arena_alloc(c->arena, count * sizeof(**out))))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	memcpy(*out, k, count * sizeof(**out));
	return SW_OK;
}

/* The running clocks on calendar_id of ticket_id get new due and warning
 * instants; the totals move by what they were and what they are. */
static enum sw_err reschedule_ticket(struct ctx *c, int64_t ticket_id, int64_t calendar_id,
				     const struct calendar *old_cal, const struct calendar *new_cal,
				     struct sw_error *err)
{
	const char *kind;
	struct sla_clock *clocks, *was;
	size_t m;
	enum sw_err rc = store_sla_clocks_locked(c->store, ticket_id, &kind, &clocks, &m, err);
	if (rc || (rc = clocks_copy(c, clocks, m, &was, err)))
		return rc;
	for (size_t j = 0; !rc && j < m; j++) {
		if (clocks[j].calendar_id != calendar_id || clocks[j].state != SLA_RUNNING)
			continue;
		sla_clock_retarget(&clocks[j], old_cal, new_cal, clocks[j].target, c->now, c->cfg->sla_warn_percent);
		rc = store_sla_clock_update(c->store, &clocks[j], err);
	}
	return rc ? rc : store_sla_clock_totals_move(c->store, kind, was, m, clocks, m, err);
}

/* Running clocks on calendar id get new due and warning instants, ticket
 * by ticket: each one's clocks read under its lock, so that the running
 * totals move by what they were and what they are. */
static enum sw_err reschedule(struct ctx *c, int64_t calendar_id, const struct calendar *old_cal,
			      const struct calendar *new_cal, struct sw_error *err)
{
	int64_t *tickets;
	size_t n;
	enum sw_err rc = store_sla_tickets_running_on(c->store, calendar_id, &tickets, &n, err);
	for (size_t i = 0; !rc && i < n; i++) {
		/* each ticket's clocks in a scratch arena: a calendar may run
		 * on tens of thousands of tickets */
		struct scratch scratch;
		scratch_begin(c, &scratch);
		rc = reschedule_ticket(c, tickets[i], calendar_id, old_cal, new_cal, err);
		scratch_end(c, &scratch);
	}
	return rc;
}

/* ---- calendars as records (record.h) ------------------------------------------ */

static void validate_calendar(const void *v, bool creating, struct sw_error *err)
{
	const struct calendar_input *in = v;
	if (creating && !in->set_hours)
		sw_field_fail(err, "hours", "is required (for example \"mon-fri 09:00-17:00\" or \"24x7\")");
}

/* The calendars before and after an update, for rescheduling its clocks. */
struct calendar_change {
	struct calendar *old_cal, *new_cal;
};

/* The calendar as it was and as it is to be built: the one its running
 * clocks move from and the one they move to. */
static enum sw_err apply_calendar(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	struct calendar_def *def = w->rec;
	struct calendar_change *cc = w->scratch;
	enum sw_err rc;
	cc->new_cal = arena_alloc(c->arena, sizeof(*cc->new_cal));
	cc->old_cal = w->creating ? NULL : arena_alloc(c->arena, sizeof(*cc->old_cal));
	if (!cc->new_cal || (!w->creating && !cc->old_cal))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if (!w->creating && (rc = calendar_build(w->before, cc->old_cal, err)))
		return rc;
	if ((rc = calendar_build(def, cc->new_cal, err)))
		return rc;
	return normalise_holidays(c, def, err);
}

static enum sw_err calendar_written(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct calendar_change *cc = w->scratch;
	const struct calendar_def *def = w->rec;
	return w->creating ? SW_OK : reschedule(c, def->id, cc->old_cal, cc->new_cal, err);
}

static const struct record_copy calendar_copies[] = {
	RECORD_COPY_NAME(struct calendar_input, struct calendar_def, RECORD_NAME_CHECKED),
	RECORD_COPY_EACH(struct calendar_input, struct calendar_def, timezone, hours),
	RECORD_COPY_ARRAY(struct calendar_input, struct calendar_def, holidays, holiday_count),
};

static const struct record_audit calendar_audit[] = {
	RECORD_AUDIT_EACH(struct calendar_def, name, timezone, hours),
	RECORD_AUDIT(struct calendar_def, "holidays", holiday_count),
};

RECORD_KIND_DEFINE(calendar_kind,
		   (struct calendar_def, "calendar", "a calendar", ROLE_ADMIN, ROLE_AGENT, &store_calendars),
		   validate_calendar, apply_calendar, NULL, calendar_copies, RECORD_AUDIT_DIFF(calendar_audit),
		   .fresh = &(const struct calendar_def){.timezone = "UTC"},
		   .scratch_size = sizeof(struct calendar_change), .written = calendar_written);

/* ---- policies ------------------------------------------------------------------ */

static void validate_policy(const void *v, bool creating, struct sw_error *err)
{
	const struct sla_policy_input *in = v;
	if (creating && !in->set_calendar)
		sw_field_fail(err, "calendar", "is required");
	if (in->set_match_kind && in->match_kind) {
		if (!ticket_kind_by_name(in->match_kind)) {
			char kinds[256] = "";
			size_t n = 0;
			for (size_t k = 0; k < ticket_kind_count() && n < sizeof(kinds); k++)
				n += (size_t)snprintf(kinds + n, sizeof(kinds) - n, "%s%s", k ? ", " : "",
						      ticket_kind_at(k)->name);
			sw_field_fail(err, "match_kind", "must be a ticket kind (%s) or null", kinds);
		}
	}
	if (in->set_response && (in->response < 0 || in->response > SLA_TARGET_MAX))
		sw_field_fail(err, "response_seconds", "must be from 0 (none) to %lld", (long long)SLA_TARGET_MAX);
	if (in->set_resolution && (in->resolution < 0 || in->resolution > SLA_TARGET_MAX))
		sw_field_fail(err, "resolution_seconds", "must be from 0 (none) to %lld", (long long)SLA_TARGET_MAX);
	else if (creating && !in->response && !in->resolution)
		sw_field_fail(err, "resolution_seconds", "a policy needs a response or a resolution target");
}

/* After the copies and the references: a policy must keep a target. */
static enum sw_err apply_policy(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	(void)c;
	struct sla_policy *p = w->rec;
	if (!p->response && !p->resolution && !err->code)
		sw_field_fail(err, "resolution_seconds", "a policy needs a response or a resolution target");
	/* each a hold reason of the kind it is for (of some kind when for any) */
	const struct ticket_kind *only = p->match_kind ? ticket_kind_by_name(p->match_kind) : NULL;
	for (size_t i = 0; i < p->pause_on_count; i++) {
		bool known = false;
		for (size_t k = 0; k < ticket_kind_count() && !known; k++) {
			const struct ticket_kind *kind = ticket_kind_at(k);
			for (const char *const *r = kind->hold_reasons; (!only || kind == only) && r && *r && !known;
			     r++)
				known = p->pause_on[i] && strcmp(*r, p->pause_on[i]) == 0;
		}
		for (size_t j = 0; known && j < i; j++)
			if (strcmp(p->pause_on[j], p->pause_on[i]) == 0) {
				sw_field_fail(err, "pause_on", "lists '%s' twice", p->pause_on[i]);
				known = true;
				break;
			}
		if (!known) {
			char path[32];
			snprintf(path, sizeof(path), "pause_on[%zu]", i);
			sw_field_fail(err, path,
				      "must be a hold reason of %s, such as awaiting_caller or awaiting_vendor",
				      only ? only->path : "a ticket kind");
		}
	}
	return err->code;
}

static const struct record_copy policy_copies[] = {
	RECORD_COPY_EACH(struct sla_policy_input, struct sla_policy, match_kind, response, resolution),
	RECORD_COPY_ARRAY(struct sla_policy_input, struct sla_policy, pause_on, pause_on_count),
};

static const struct record_ref policy_refs[] = {
	RECORD_REF(struct sla_policy_input, struct sla_policy, CORE_REF_GROUP, "match_group", match_group, match_group),
	RECORD_REF(struct sla_policy_input, struct sla_policy, CORE_REF_SERVICE, "match_service", match_service,
		   match_service),
	RECORD_REF_NEED(struct sla_policy_input, struct sla_policy, CORE_REF_CALENDAR, "calendar", calendar, calendar),
	RECORD_REF(struct sla_policy_input, struct sla_policy, CORE_REF_AGREEMENT, "agreement", agreement, agreement),
};

static const struct record_audit policy_audit[] = {
	RECORD_AUDIT_EACH(struct sla_policy, name, position, active, match_kind, match_priority, match_group,
			  match_service, calendar, agreement),
	RECORD_AUDIT(struct sla_policy, "response_seconds", response),
	RECORD_AUDIT(struct sla_policy, "resolution_seconds", resolution),
};

const struct record_kind sla_policy_kind = {
	RECORD_RULE(struct sla_policy, "sla_policy", "an SLA policy", &store_sla_policies, validate_policy,
		    apply_policy, policy_copies, RECORD_AUDIT_DIFF(policy_audit)),
	RECORD_MATCHING(struct sla_policy_input, struct sla_policy, RECORD_NAME_CHECKED), RECORD_REFS(policy_refs)};

/* ---- clocks on tickets ---------------------------------------------------------- */

/* Whether p measures the group a ticket is assigned to rather than the
 * desk: an OLA's policy, or any policy of a kind measured by its team
 * (request tasks, sla_by_assignment).  Its match_group is then the group
 * assigned, not a group the requester is in. */
static bool by_assignment(const struct sla_policy *p, const struct ticket *t)
{
	return t->kind->sla_by_assignment || (p->agreement_id && p->agreement_type == AGREEMENT_OLA);
}

/* Whether policy p's conditions all hold for t. */
static enum sw_err policy_matches(struct ctx *c, const struct sla_policy *p, const struct ticket *t, bool *yes,
				  struct sw_error *err)
{
	*yes = false;
	if ((p->match_kind && strcmp(p->match_kind, t->kind->name) != 0) ||
	    (p->match_priority && p->match_priority != t->priority) ||
	    (p->match_service_id && p->match_service_id != t->service_id))
		return SW_OK;
	if (!p->match_group_id || by_assignment(p, t)) {
		/* measured by the team doing it (OLAs, tasks): the group assigned */
		*yes = !p->match_group_id || p->match_group_id == t->group_id;
		return SW_OK;
	}
	return store_group_is_member(c->store, p->match_group_id, t->requester_id, yes, err);
}

/* Whether p's agreement is of type and in force on day today
 * ("YYYY-MM-DD"): active, within its validity (an open end: always). */
static bool agreement_in_force(const struct sla_policy *p, enum agreement_type type, const char *today)
{
	return p->agreement_id && p->agreement_type == type && p->agreement_status == AGREEMENT_ACTIVE &&
	       (!p->agreement_from || strcmp(p->agreement_from, today) <= 0) &&
	       (!p->agreement_to || strcmp(today, p->agreement_to) <= 0);
}

/* Whether p may start a ticket's SLA clocks on day today: a policy of
 * no agreement always may; one of an agreement only while that is an
 * active SLA within its validity (OLAs run clocks of their own, see
 * ola_policy_for; underpinning contracts hold targets the desk's clocks
 * are not measured against). */
static bool in_force(const struct sla_policy *p, const char *today)
{
	return !p->agreement_id || agreement_in_force(p, AGREEMENT_SLA, today);
}

/* The policy of t among the active policies in list, in this order
 * (docs/sla.md): the policies that name t's service (match_service) and
 * whose conditions all hold, by position; then the policy t's service
 * names (sla_policy), when it is active and for t's kind — its other
 * conditions are not asked, the service's agreement holds at every
 * priority; then the other policies whose conditions all hold, by
 * position. */
static enum sw_err policy_for(struct ctx *c, const struct ticket *t, const struct sla_policy_list *list,
			      const char *today, const struct sla_policy **out, struct sw_error *err)
{
	*out = NULL;
	int64_t service_policy = 0;
	bool yes = false;
	enum sw_err rc = SW_OK;
	if (t->service_id)
		rc = store_service_sla_policy(c->store, t->service_id, &service_policy, err);
	for (int pass = 0; !rc && pass < 3; pass++) {
		for (size_t i = 0; !rc && i < list->count; i++) {
			const struct sla_policy *p = &list->items[i];
			if (!in_force(p, today)) {
				continue;
			} else if (pass == 1) {
				yes = p->id == service_policy &&
				      (!p->match_kind || strcmp(p->match_kind, t->kind->name) == 0);
			} else if (pass == 0 ? t->service_id && p->match_service_id == t->service_id
					     : !p->match_service_id) {
				rc = policy_matches(c, p, t, &yes, err);
			} else {
				continue;
			}
			if (!rc && yes) {
				*out = p;
				return SW_OK;
			}
		}
	}
	return rc;
}

/* The OLA policy of t among the active policies in list (docs/sla.md#ola-clocks):
 * a policy with a resolution target of an OLA in force whose group (the
 * agreement's, else the policy's match_group) is the group t is assigned
 * to, with all its conditions holding; those naming t's service first,
 * then the others, each by position.  NULL: t's group has no OLA. */
static enum sw_err ola_policy_for(struct ctx *c, const struct ticket *t, const struct sla_policy_list *list,
				  const char *today, const struct sla_policy **out, struct sw_error *err)
{
	*out = NULL;
	for (int pass = 0; t->group_id && pass < 2; pass++)
		for (size_t i = 0; i < list->count; i++) {
			const struct sla_policy *p = &list->items[i];
			int64_t group = p->agreement_group_id ? p->agreement_group_id : p->match_group_id;
			bool yes = false;
			if (!p->resolution || group != t->group_id || !agreement_in_force(p, AGREEMENT_OLA, today) ||
			    (pass == 0) != (t->service_id && p->match_service_id == t->service_id))
				continue;
			enum sw_err rc = policy_matches(c, p, t, &yes, err);
			if (rc)
				return rc;
			if (yes) {
				*out = p;
				return SW_OK;
			}
		}
	return SW_OK;
}

/* One history entry per kind of change, whichever clocks it touched:
 * "sla_start", "sla_policy" (re-targeted) or "sla_removed", with the
 * policy and each touched clock's target.  SLA bookkeeping is for the
 * desk, not the caller: the entries are internal. */
struct clock_audit {
	const char *from, *to; /* policy names */
	int64_t target[SLA_METRIC__COUNT];
	const char *group; /* an OLA clock's */
	bool any;
};

static void note(struct clock_audit *a, const char *from, const char *to, const struct sla_clock *k)
{
	a->from = from;
	a->to = to;
	a->target[k->metric] = k->target;
	if (k->metric == SLA_OLA)
		a->group = k->group;
	a->any = true;
}

static enum sw_err audit_clocks(struct ctx *c, int64_t ticket_id, const struct clock_audit *a, const char *action,
				struct sw_error *err)
{
	static const char *const target_names[SLA_METRIC__COUNT] = {[SLA_RESPONSE] = "response_seconds",
								    [SLA_RESOLUTION] = "resolution_seconds",
								    [SLA_OLA] = "ola_seconds"};
	if (!a->any)
		return SW_OK;
	struct changes ch;
	changes_init(&ch);
	if (a->from && a->to)
		changes_str(&ch, "policy", a->from, a->to);
	else
		changes_set_str(&ch, "policy", a->to ? a->to : a->from);
	for (int m = 0; m < SLA_METRIC__COUNT; m++)
		if (a->target[m])
			changes_set_int(&ch, target_names[m], a->target[m]);
	if (a->group)
		changes_set_str(&ch, "group", a->group);
	return audit_changes(c, "ticket", ticket_id, action, true, &ch, err);
}

/* A new clock of metric m on ticket t from policy p (target, its group
 * for an OLA clock), running from at; inserted. */
static enum sw_err clock_start(struct ctx *c, struct cal_cache *cc, const struct ticket *t, const struct sla_policy *p,
			       enum sla_metric m, int64_t target, int64_t at, struct sla_clock **out,
			       struct sw_error *err)
{
	const struct calendar *cal;
	struct sla_clock *k = arena_alloc(c->arena, sizeof(*k));
	if (!k)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	*k = (struct sla_clock){.ticket_id = t->id,
				.metric = m,
				.policy_id = p->id,
				.policy = p->name,
				.calendar_id = p->calendar_id,
				.calendar = p->calendar,
				.agreement_id = p->agreement_id,
				.agreement = p->agreement,
				.agreement_version = p->agreement_version,
				.target = target,
				.state = SLA_STOPPED,
				.group_id = m == SLA_OLA ? t->group_id : 0,
				.group = m == SLA_OLA ? t->group : NULL};
	enum sw_err rc = cal_by_id(c, cc, p->calendar_id, &cal, err);
	if (rc)
		return rc;
	sla_clock_set_state(k, cal, SLA_RUNNING, at, c->cfg->sla_warn_percent);
	if ((rc = store_sla_clock_insert(c->store, k, err)))
		return rc;
	*out = k;
	return SW_OK;
}

/* Clock k moved to policy p's target (on p's calendar), keeping the
 * business time it has used. */
static enum sw_err clock_retarget(struct ctx *c, struct cal_cache *cc, struct sla_clock *k, const struct sla_policy *p,
				  int64_t target, struct sw_error *err)
{
	const struct calendar *cal, *old_cal;
	enum sw_err rc;
	if ((rc = cal_by_id(c, cc, k->calendar_id, &old_cal, err)) ||
	    (rc = cal_by_id(c, cc, p->calendar_id, &cal, err)))
		return rc;
	sla_clock_retarget(k, old_cal, cal, target, c->now, c->cfg->sla_warn_percent);
	k->policy_id = p->id;
	k->policy = p->name;
	k->calendar_id = p->calendar_id;
	k->calendar = p->calendar;
	k->agreement_id = p->agreement_id;
	k->agreement = p->agreement;
	k->agreement_version = p->agreement_version;
	return store_sla_clock_update(c->store, k, err);
}

/* Clock k deleted.  It stays in its operation's array of clocks, stopped:
 * a clock no longer there counts for nothing in the running totals, as a
 * stopped one (sla_sync's last step). */
static enum sw_err clock_remove(struct ctx *c, struct sla_clock *k, struct sw_error *err)
{
	enum sw_err rc = store_sla_clock_delete(c->store, k->id, err);
	if (!rc)
		k->state = SLA_STOPPED;
	return rc;
}

static bool clock_differs(const struct sla_clock *k, const struct sla_policy *p, int64_t target)
{
	return k->policy_id != p->id || k->target != target || k->calendar_id != p->calendar_id ||
	       k->agreement_id != p->agreement_id || k->agreement_version != p->agreement_version;
}

/* The OLA clock of after (docs/sla.md#ola-clocks): the clock of a group
 * that no longer has the ticket is handed over (stopped, over for good);
 * the group assigned gets a clock from its OLA's policy when it has none
 * (from now), or its clock moves to the policy that applies now (or goes,
 * when none does).  *cur: the group's clock, NULL for none; list: the
 * active policies, NULL when neither the group nor the ticket's priority,
 * service or kind changed (nothing to choose again). */
static enum sw_err ola_sync(struct ctx *c, struct cal_cache *cc, const struct ticket *after,
			    const struct sla_policy_list *list, const char *today, struct sla_clock **cur,
			    struct sw_error *err)
{
	struct sla_clock *k = *cur;
	struct clock_audit started = {0}, moved = {0}, removed = {0};
	const struct calendar *cal;
	enum sw_err rc;
	if (k && k->group_id != after->group_id) {
		if ((rc = cal_by_id(c, cc, k->calendar_id, &cal, err)))
			return rc;
		sla_clock_set_state(k, cal, SLA_STOPPED, c->now, c->cfg->sla_warn_percent);
		k->handed_over = true;
		if ((rc = store_sla_clock_update(c->store, k, err)))
			return rc;
		struct changes ch;
		changes_init(&ch);
		changes_set_str(&ch, "group", k->group);
		changes_set_str(&ch, "policy", k->policy);
		changes_set_int(&ch, "ola_seconds", k->target);
		changes_set_int(&ch, "elapsed_seconds", k->elapsed);
		changes_set_str(&ch, "outcome", k->elapsed > k->target || k->breached_at ? "breached" : "met");
		if ((rc = audit_changes(c, "ticket", after->id, "ola_handover", true, &ch, err)))
			return rc;
		*cur = k = NULL;
	}
	if (!list)
		return SW_OK;
	const struct sla_policy *p = NULL;
	if ((rc = ola_policy_for(c, after, list, today, &p, err)))
		return rc;
	if (!k && p && sla_clock_wanted(SLA_OLA, p, after) != SLA_STOPPED) {
		if ((rc = clock_start(c, cc, after, p, SLA_OLA, p->resolution, c->now, cur, err)))
			return rc;
		note(&started, NULL, p->name, *cur);
	} else if (k && !p) {
		if ((rc = clock_remove(c, k, err)))
			return rc;
		note(&removed, k->policy, NULL, k);
		*cur = NULL;
	} else if (k && p && clock_differs(k, p, p->resolution)) {
		const char *from = k->policy;
		if ((rc = clock_retarget(c, cc, k, p, p->resolution, err)))
			return rc;
		note(&moved, from, p->name, k);
	}
	if ((rc = audit_clocks(c, after->id, &removed, "ola_removed", err)) ||
	    (rc = audit_clocks(c, after->id, &started, "ola_start", err)))
		return rc;
	return audit_clocks(c, after->id, &moved, "ola_policy", err);
}

/* The running totals of the open clocks after one sla_sync of ticket t:
 * out what its clocks were (was, as read), in what they are — those read,
 * changed in place (a removed one stopped), and those started, the ones
 * in have[] that were not read. */
static enum sw_err move_totals(struct ctx *c, const struct ticket *t, const struct sla_clock *was,
			       const struct sla_clock *clocks, size_t n,
			       struct sla_clock *const have[SLA_METRIC__COUNT], struct sw_error *err)
{
	struct sla_clock *now = arena_alloc(c->arena, (n + SLA_METRIC__COUNT) * sizeof(*now));
	if (!now)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	size_t count = n;
	if (n)
		memcpy(now, clocks, n * sizeof(*now));
	for (int m = 0; m < SLA_METRIC__COUNT; m++) {
		bool started = have[m] != NULL;
		for (size_t i = 0; started && i < n; i++)
			started = have[m]->id != clocks[i].id;
		if (started)
			now[count++] = *have[m];
	}
	return store_sla_clock_totals_move(c->store, t->kind->name, was, n, now, count, err);
}

enum sw_err sla_sync(struct ctx *c, const struct ticket *before, const struct ticket *after, struct sw_error *err)
{
	struct cal_cache cc = {.count = 0};
	struct sla_clock *clocks = NULL, *was;
	size_t n = 0;
	int pct = c->cfg->sla_warn_percent;
	enum sw_err rc;
	/* a ticket being created has no clocks yet */
	if ((before && (rc = store_sla_clocks(c->store, after->id, &clocks, &n, err))) ||
	    (rc = clocks_copy(c, clocks, n, &was, err)))
		return rc;
	/* have[SLA_OLA]: the OLA clock of the group that has the ticket, the
	 * one not handed over */
	struct sla_clock *have[SLA_METRIC__COUNT] = {NULL};
	for (size_t i = 0; i < n; i++)
		if (clocks[i].metric != SLA_OLA || !clocks[i].handed_over)
			have[clocks[i].metric] = &clocks[i];
	const struct calendar *cal;
	bool choose = !before || before->priority != after->priority || before->kind != after->kind ||
		      before->service_id != after->service_id;
	bool regroup = before && before->group_id != after->group_id;
	/* the policies are read when something is to be chosen: on create they
	 * are read anyway, so looking for an OLA costs no statement */
	struct sla_policy_list list = {0};
	int yy, mm, dd;
	tz_civil_from_days(c->now / 86400, &yy, &mm, &dd);
	char today[16];
	snprintf(today, sizeof(today), "%04d-%02d-%02d", yy, mm, dd);
	if ((choose || (regroup && after->group_id)) && (rc = cfgsnap_sla_policies(c, &list, err)))
		return rc;
	if (choose) {
		const struct sla_policy *p;
		struct clock_audit started = {0}, moved = {0}, removed = {0};
		if ((rc = policy_for(c, after, &list, today, &p, err)))
			return rc;
		for (int m = 0; m < SLA_OLA; m++) {
			int64_t target = !p ? 0 : m == SLA_RESPONSE ? p->response : p->resolution;
			struct sla_clock *k = have[m];
			if (!target && k) { /* no policy gives this target any more */
				if ((rc = clock_remove(c, k, err)))
					return rc;
				note(&removed, k->policy, NULL, k);
				have[m] = NULL;
			} else if (target && !k) {
				/* a clock that starts late (a priority raised into a policy)
				 * counts from the ticket's creation */
				if ((rc = clock_start(c, &cc, after, p, (enum sla_metric)m, target, after->created_at,
						      &have[m], err)))
					return rc;
				note(&started, NULL, p->name, have[m]);
			} else if (target && clock_differs(k, p, target)) {
				const char *from = k->policy;
				if ((rc = clock_retarget(c, &cc, k, p, target, err)))
					return rc;
				note(&moved, from, p->name, k);
			}
		}
		if ((rc = audit_clocks(c, after->id, &removed, "sla_removed", err)) ||
		    (rc = audit_clocks(c, after->id, &started, "sla_start", err)) ||
		    (rc = audit_clocks(c, after->id, &moved, "sla_policy", err)))
			return rc;
	}
	if ((rc = ola_sync(c, &cc, after, choose || regroup ? &list : NULL, today, &have[SLA_OLA], err)))
		return rc;
	/* on hold, what pauses a clock is its policy's to say */
	struct sla_policy_list policies = {0};
	if (after->phase == TICKET_PHASE_PAUSED && (rc = store_sla_policy_list(c->store, false, &policies, err)))
		return rc;
	for (int m = 0; m < SLA_METRIC__COUNT; m++) {
		struct sla_clock *k = have[m];
		const struct sla_policy *kp = NULL;
		for (size_t i = 0; k && !kp && i < policies.count; i++)
			if (policies.items[i].id == k->policy_id)
				kp = &policies.items[i];
		enum sla_state want = sla_clock_wanted((enum sla_metric)m, kp, after);
		if (!k || k->state == want)
			continue;
		if ((rc = cal_by_id(c, &cc, k->calendar_id, &cal, err)))
			return rc;
		sla_clock_set_state(k, cal, want, c->now, pct);
		if ((rc = store_sla_clock_update(c->store, k, err)))
			return rc;
	}
	return move_totals(c, after, was, clocks, n, have, err);
}

enum sw_err sla_ticket_clocks(struct ctx *c, int64_t ticket_id, struct sla_clock_shown **out, size_t *count,
			      struct sw_error *err)
{
	struct cal_cache cc = {.count = 0};
	struct sla_clock *clocks;
	size_t n;
	enum sw_err rc = store_sla_clocks(c->store, ticket_id, &clocks, &n, err);
	if (rc)
		return rc;
	struct sla_clock_shown *v = arena_alloc(c->arena, (n + 1) * sizeof(*v));
	if (!v)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct calendar *cal;
		if ((rc = cal_by_id(c, &cc, clocks[i].calendar_id, &cal, err)))
			return rc;
		v[i].clock = clocks[i];
		sla_clock_view(&clocks[i], cal, c->now, &v[i].view);
	}
	*out = v;
	*count = n;
	return SW_OK;
}

enum sw_err sla_breach_reason_set(struct ctx *c, const struct ticket_kind *kind, const char *number, const char *metric,
				  const char *reason, struct sla_clock_shown *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	/* a metric ("ola": the latest OLA clock) or a clock's id */
	enum sla_metric m = SLA_METRIC__COUNT;
	int64_t id = 0;
	if (sla_metric_parse(metric, &m) && (parse_int64(metric, strlen(metric), 1, INT64_MAX, &id) || !id))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no SLA clock '%s': response, resolution, ola or a clock's id",
			       metric);
	if (reason) {
		struct cause_category why;
		struct sw_error look;
		sw_error_clear(&look);
		rc = store_breach_reasons.load(c->store, &(const struct record_key){.name = reason}, &why, &look);
		if (rc == SW_ENOTFOUND)
			return core_reference_fail(err, "reason", "no breach reason '%s'", reason);
		if (rc)
			return sw_fail(err, rc, NULL, "%s", look.detail);
		if (!why.active) {
			sw_field_fail(err, "reason", "breach reason '%s' is not active", reason);
			return err->code;
		}
	}
	struct ticket t;
	if ((rc = ticket_load_writable(c, kind, number, &t, err)) || (rc = core_tx_begin(c, err)))
		return rc;
	struct sla_clock_shown *clocks;
	size_t n;
	const struct sla_clock_shown *k = NULL;
	if ((rc = sla_ticket_clocks(c, t.id, &clocks, &n, err)))
		goto out;
	for (size_t i = 0; i < n; i++) /* the last of the metric: an OLA clock's latest */
		if (id ? clocks[i].clock.id == id : clocks[i].clock.metric == m)
			k = &clocks[i];
	if (!k) {
		rc = sw_fail(err, SW_ENOTFOUND, NULL, "%s has no SLA clock '%s'", number, metric);
		goto out;
	}
	m = k->clock.metric;
	if (!k->view.breached) {
		rc = sw_fail(err, SW_ECONFLICT, "not-breached",
			     "the %s clock of %s is within its target: nothing to explain", sla_metric_name(m), number);
		goto out;
	}
	struct changes ch;
	changes_init(&ch);
	changes_set_str(&ch, "metric", sla_metric_name(m));
	if (k->clock.group)
		changes_set_str(&ch, "group", k->clock.group);
	changes_str(&ch, "breach_reason", k->clock.breach_reason, reason);
	if ((rc = store_sla_clock_reason(c->store, k->clock.id, reason, err)) ||
	    (rc = audit_changes(c, "ticket", t.id, "sla_breach_reason", true, &ch, err)))
		goto out;
	*out = *k;
	out->clock.breach_reason = reason;
out:
	return core_tx_end(c, rc, err);
}
