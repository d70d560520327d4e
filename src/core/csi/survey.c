/*
 * survey.c — satisfaction surveys (survey.h): the kinds' settings, the
 * survey sent when a ticket is resolved, answers from the portal and from
 * the email's single-use links, the low-rating event, and the reports.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/each.h"
#include "base/util.h"
#include "core/core_int.h"
#include "core/cmdb/service.h"
#include "core/csi/survey.h"
#include "core/kernel/action_link.h"
#include "core/kernel/authz.h"
#include "core/kernel/record.h"
#include "core/notify/notify.h"
#include "core/port/account.h"
#include "core/port/cmdb.h"
#include "core/port/csi.h"
#include "core/port/ticket.h"
#include "core/report/report.h"
#include "core/sla/tz.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

#define PURPOSE_RATE "survey"
#define PURPOSE_COMMENT "survey_comment"

static const char *const by_names[SURVEY_BY__COUNT] = {"service", "group", "agent", "month", "week", "day"};
CORE_VALUE_LIST(enum survey_by, by_names, SURVEY_BY__COUNT, SURVEY_BY_SERVICE, survey_by_name, survey_by_parse)

/* ---- settings ---------------------------------------------------------------------- */

/* What a kind never configured has: no surveys. */
static struct survey_settings defaults(const char *kind)
{
	return (struct survey_settings){.kind = kind, .sample_percent = 100, .low_threshold = 2};
}

static enum sw_err settings_of(struct ctx *c, const char *kind, struct survey_settings *out, struct sw_error *err)
{
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = store_survey_settings_get(c->store, kind, out, &look);
	if (rc == SW_ENOTFOUND) {
		*out = defaults(kind);
		return SW_OK;
	}
	if (rc)
		*err = look;
	return rc;
}

enum sw_err survey_settings_list(struct ctx *c, struct survey_settings **out, size_t *count, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	size_t n = ticket_kind_count();
	struct survey_settings *v = arena_alloc(c->arena, (n + 1) * sizeof(*v));
	if (!rc && !v)
		rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; !rc && i < n; i++)
		rc = settings_of(c, ticket_kind_at(i)->name, &v[i], err);
	if (!rc) {
		*out = v;
		*count = n;
	}
	return rc;
}

/* What a settings patch sets, of what it gives. */
static const struct record_copy settings_copies[] = {
	RECORD_COPY_EACH(struct survey_settings_input, struct survey_settings, enabled, sample_percent, cooldown_days,
			 low_threshold),
};

enum sw_err survey_settings_set(struct ctx *c, const char *kind, const struct survey_settings_input *in,
				struct survey_settings *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc)
		return rc;
	const struct ticket_kind *k = ticket_kind_by_name(kind);
	if (!k)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no ticket kind '%s'", kind);
	if (in->set_sample_percent && (in->sample_percent < 0 || in->sample_percent > 100))
		sw_field_fail(err, "sample_percent", "must be from 0 to 100");
	if (in->set_cooldown_days && (in->cooldown_days < 0 || in->cooldown_days > SURVEY_COOLDOWN_MAX))
		sw_field_fail(err, "cooldown_days", "must be from 0 to %d", SURVEY_COOLDOWN_MAX);
	if (in->set_low_threshold && (in->low_threshold < 0 || in->low_threshold > 5))
		sw_field_fail(err, "low_threshold", "must be from 0 to 5");
	if ((rc = core_tx_begin_valid(c, err)))
		return rc;
	struct survey_settings was, v;
	if (!(rc = settings_of(c, k->name, &was, err))) {
		v = was;
		v.kind = k->name;
		record_copy_from(settings_copies, sizeof(settings_copies) / sizeof(settings_copies[0]), in, &v, false);
		v.updated_at = c->now;
		rc = store_survey_settings_save(c->store, &v, err);
	}
	if (!rc) {
		struct changes ch;
		changes_init(&ch);
		changes_set_str(&ch, "kind", k->name);
		changes_int(&ch, "enabled", was.enabled, v.enabled);
		changes_int(&ch, "sample_percent", was.sample_percent, v.sample_percent);
		changes_int(&ch, "cooldown_days", was.cooldown_days, v.cooldown_days);
		changes_int(&ch, "low_threshold", was.low_threshold, v.low_threshold);
		rc = audit_changes(c, "survey_settings", 0, "update", false, &ch, err);
	}
	if (!rc)
		*out = v;
	return core_tx_end(c, rc, err);
}

/* ---- sending ------------------------------------------------------------------------ */

static const char *base_url(const struct ctx *c)
{
	return c->cfg->public_url ? c->cfg->public_url : "";
}

enum sw_err survey_ticket_resolved(struct ctx *c, const struct ticket *t, struct sw_error *err)
{
	struct survey_settings s;
	enum sw_err rc = settings_of(c, t->kind->name, &s, err);
	if (rc || !s.enabled || !t->requester_id || t->kind->agents_only)
		return rc;
	struct survey had;
	struct sw_error look;
	sw_error_clear(&look);
	if (store_survey_by_ticket(c->store, t->id, &had, &look) == SW_OK)
		return SW_OK; /* surveyed when first resolved */
	if (s.sample_percent < 100 && (int)randombytes_uniform(100) >= s.sample_percent)
		return SW_OK;
	int64_t last = 0;
	if ((rc = store_survey_last_sent(c->store, t->requester_id, &last, err)))
		return rc;
	if (last && s.cooldown_days && c->now < last + (int64_t)s.cooldown_days * 86400)
		return SW_OK;
	struct survey v = {.ticket_id = t->id,
			   .kind = t->kind->name,
			   .user_id = t->requester_id,
			   .agent_id = t->assignee_id,
			   .group_id = t->group_id,
			   .service_id = t->service_id,
			   .sent_at = c->now};
	char token[ACTION_LINK_TOKEN_MAX];
	if ((rc = store_survey_insert(c->store, &v, err)) ||
	    (rc = action_link_issue(c, PURPOSE_RATE, v.id, v.user_id, SURVEY_LINK_TTL, token, err)))
		return rc;
	const char *page = arena_printf(c->arena, "%s/survey/%s/%s", base_url(c), t->number, token);
	const char *choices = arena_printf(c->arena,
					   "5 (very satisfied): %s?rating=5\n4: %s?rating=4\n3: %s?rating=3\n"
					   "2: %s?rating=2\n1 (not satisfied): %s?rating=1\n",
					   page, page, page, page, page);
	/* audited as the survey's own (the ticket's history shows the answer) */
	struct changes ch;
	changes_init(&ch);
	changes_set_str(&ch, "ticket", t->number);
	changes_set_str(&ch, "to", t->requester);
	if ((rc = audit_changes(c, "survey", v.id, "sent", true, &ch, err)))
		return rc;
	return notify_user(c, NE_SURVEY, t, choices, page, t->requester_id, err);
}

/* ---- answers -------------------------------------------------------------------------- */

/* The ticket number names, as a reader (the caller) may see it; no caller
 * (the links): as stored. */
static enum sw_err ticket_of(struct ctx *c, const char *number, bool as_caller, struct ticket *out,
			     struct sw_error *err)
{
	struct ticket t;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = store_ticket_by_number(c->store, number, &t, &look);
	if (rc == SW_ENOTFOUND || (!rc && t.kind == &ticket_kind_unknown))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no ticket '%s'", number);
	if (rc) {
		*err = look;
		return rc;
	}
	if (as_caller)
		return ticket_load(c, t.kind, number, out, err);
	*out = t;
	return SW_OK;
}

static enum sw_err survey_of(struct ctx *c, const struct ticket *t, struct survey *out, struct sw_error *err)
{
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = store_survey_by_ticket(c->store, t->id, out, &look);
	if (rc == SW_ENOTFOUND)
		return sw_fail(err, SW_ENOTFOUND, NULL, "%s has no survey", t->number);
	if (rc)
		*err = look;
	return rc;
}

enum sw_err survey_get(struct ctx *c, const char *number, struct survey *out, struct sw_error *err)
{
	struct ticket t;
	enum sw_err rc = ticket_of(c, number, true, &t, err);
	if (rc || (rc = survey_of(c, &t, out, err)))
		return rc;
	if (!authz_is_agent(&c->actor) && out->user_id != c->actor.user_id)
		return sw_fail(err, SW_ENOTFOUND, NULL, "%s has no survey", number);
	return SW_OK;
}

static enum sw_err check_answer(int rating, const char *comment, struct sw_error *err)
{
	if (rating < 1 || rating > 5)
		return sw_param_fail(err, "rating", "must be from 1 to 5");
	if (comment && !core_text_ok(comment, 0, SURVEY_COMMENT_MAX))
		sw_field_fail(err, "comment", "must be at most %d characters of text", SURVEY_COMMENT_MAX);
	return err->code;
}

/* Record v's answer (rating, comment, channel set) and what follows: the
 * audit row on the ticket, the low-rating event.  In a transaction. */
static enum sw_err record_answer(struct ctx *c, struct survey *v, struct sw_error *err)
{
	v->answered_at = c->now;
	bool recorded = false;
	enum sw_err rc = store_survey_answer(c->store, v, &recorded, err);
	if (!rc && !recorded)
		rc = sw_fail(err, SW_ECONFLICT, "answered", "the survey of %s is already answered", v->ticket);
	if (rc)
		return rc;
	struct changes ch;
	changes_init(&ch);
	changes_set_int(&ch, "rating", v->rating);
	changes_set_str(&ch, "channel", v->channel);
	if (v->comment)
		changes_set_str(&ch, "comment", v->comment);
	if ((rc = audit_changes(c, "ticket", v->ticket_id, "survey_answered", false, &ch, err)))
		return rc;
	struct survey_settings s;
	if ((rc = settings_of(c, v->kind, &s, err)) || v->rating > s.low_threshold)
		return rc;
	struct ticket t;
	if ((rc = store_ticket_by_id(c->store, v->ticket_id, &t, err)))
		return rc;
	const char *detail =
		arena_printf(c->arena, "%d of 5%s%s", v->rating, v->comment ? ": " : "", v->comment ? v->comment : "");
	return notify_event(c, NE_SURVEY_LOW, &t, detail, 0, err);
}

enum sw_err survey_answer(struct ctx *c, const char *number, int rating, const char *comment, struct survey *out,
			  struct sw_error *err)
{
	enum sw_err rc = check_answer(rating, comment, err);
	if (rc || (rc = core_tx_begin(c, err)))
		return rc;
	struct ticket t;
	struct survey v;
	if (!(rc = ticket_of(c, number, true, &t, err)) && !(rc = survey_of(c, &t, &v, err))) {
		if (v.user_id != c->actor.user_id)
			rc = authz_is_agent(&c->actor)
				     ? sw_fail(err, SW_EFORBIDDEN, NULL, "only %s, who was asked, may answer", v.user)
				     : sw_fail(err, SW_ENOTFOUND, NULL, "%s has no survey", number);
	}
	if (!rc) {
		v.rating = rating;
		v.comment = comment && *comment ? comment : NULL;
		v.channel = "portal";
		rc = record_answer(c, &v, err);
	}
	if (!rc)
		*out = v;
	return core_tx_end(c, rc, err);
}

/* The survey of ticket number that a link's record names, checked: the
 * link of purpose, for that survey. */
static enum sw_err linked(struct ctx *c, const char *number, const char *token, const char *purpose, bool consume,
			  struct survey *out, struct sw_error *err)
{
	struct ticket t;
	struct survey v;
	struct action_link l;
	enum sw_err rc;
	/* a number that names no ticket or no survey: the link cannot be for it */
	struct sw_error look;
	sw_error_clear(&look);
	if (ticket_of(c, number, false, &t, &look) || survey_of(c, &t, &v, &look))
		v.id = -1;
	rc = consume ? action_link_consume(c, purpose, token, v.id, &l, err)
		     : action_link_peek(c, purpose, token, v.id, &l, err);
	if (rc)
		return rc;
	/* who the link was sent to acts */
	c->actor.user_id = v.user_id;
	c->actor.login = v.user;
	c->actor.role = ROLE_END_USER;
	*out = v;
	return SW_OK;
}

enum sw_err survey_link_peek(struct ctx *c, const char *number, const char *token, struct survey *out,
			     struct sw_error *err)
{
	enum sw_err rc = linked(c, number, token, PURPOSE_RATE, false, out, err);
	if (!rc && out->answered_at) /* from the portal: the choice would be refused */
		rc = sw_fail(err, SW_ECONFLICT, "answered", "the survey of %s is already answered", out->ticket);
	return rc;
}

enum sw_err survey_link_rate(struct ctx *c, const char *number, const char *token, int rating, struct survey *out,
			     char comment_token[64], struct sw_error *err)
{
	enum sw_err rc = check_answer(rating, NULL, err);
	if (rc || (rc = core_tx_begin(c, err)))
		return rc;
	struct survey v;
	if (!(rc = linked(c, number, token, PURPOSE_RATE, true, &v, err))) {
		v.rating = rating;
		v.comment = NULL;
		v.channel = "email";
		rc = record_answer(c, &v, err);
	}
	if (!rc)
		rc = action_link_issue(c, PURPOSE_COMMENT, v.id, v.user_id, SURVEY_COMMENT_TTL, comment_token, err);
	if (!rc)
		*out = v;
	return core_tx_end(c, rc, err);
}

enum sw_err survey_link_comment(struct ctx *c, const char *number, const char *token, const char *comment,
				struct survey *out, struct sw_error *err)
{
	if (!comment || !*comment || !core_text_ok(comment, 1, SURVEY_COMMENT_MAX))
		return sw_param_fail(err, "comment", "must be 1 to %d characters of text", SURVEY_COMMENT_MAX);
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	struct survey v;
	if (!(rc = linked(c, number, token, PURPOSE_COMMENT, true, &v, err)) &&
	    !(rc = store_survey_comment(c->store, v.id, comment, err))) {
		struct changes ch;
		changes_init(&ch);
		changes_set_str(&ch, "comment", comment);
		rc = audit_changes(c, "ticket", v.ticket_id, "survey_commented", false, &ch, err);
	}
	if (!rc) {
		v.comment = comment;
		*out = v;
	}
	return core_tx_end(c, rc, err);
}

/* ---- reports ---------------------------------------------------------------------------- */

#define REPORT_SPAN_MAX (3660LL * 86400) /* ten years */

/* The period's local days in zone z: to today, from 29 days before it. */
static enum sw_err period_of(struct ctx *c, const struct survey_report_query *q, const struct tz *z,
			     struct survey_filter *f, struct sw_error *err)
{
	struct tz_local now;
	tz_to_local(z, c->now, &now);
	int64_t last = tz_days_from_civil(now.year, now.month, now.day), first;
	if (q->to && tz_parse_date(q->to, strlen(q->to), &last))
		return sw_param_fail(err, "to", "must be a date like 2026-11-30");
	first = last - 29;
	if (q->from && tz_parse_date(q->from, strlen(q->from), &first))
		return sw_param_fail(err, "from", "must be a date like 2026-11-01");
	f->from = report_day_start(z, first);
	f->to = report_day_start(z, last + 1);
	if (!(f->tz = arena_strdup(c->arena, tz_name(z))))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if (f->to <= f->from)
		return sw_param_fail(err, "from", "must be before to");
	if (f->to - f->from > REPORT_SPAN_MAX)
		return sw_param_fail(err, "to", "the period may span at most 3660 days");
	return SW_OK;
}

/* The filter q names, with its zone (*zone, to free with tz_free). */
static enum sw_err filter_of(struct ctx *c, const struct survey_report_query *q, struct survey_filter *f,
			     struct tz **zone, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_MANAGER, err);
	if (rc)
		return rc;
	memset(f, 0, sizeof(*f));
	if (q->by && survey_by_parse(q->by, &f->by))
		return sw_param_fail(err, "by", "must be one of service, group, agent, month, week, day");
	if (q->kind) {
		if (!ticket_kind_by_name(q->kind))
			return sw_param_fail(err, "kind", "no ticket kind '%s'", q->kind);
		f->kind = q->kind;
	}
	struct sw_error look;
	sw_error_clear(&look);
	if (q->service) {
		struct service s;
		if (store_service_by_name(c->store, q->service, &s, &look))
			return sw_param_fail(err, "service", "no service '%s'", q->service);
		f->service_id = s.id;
	}
	if (q->group) {
		struct group g;
		if (store_group_by_name(c->store, q->group, &g, &look))
			return sw_param_fail(err, "group", "no group '%s'", q->group);
		f->group_id = g.id;
	}
	if (q->agent) {
		struct user u;
		if (store_user_by_login(c->store, q->agent, &u, &look))
			return sw_param_fail(err, "agent", "no user '%s'", q->agent);
		f->agent_id = u.id;
	}
	struct sw_error zerr;
	sw_error_clear(&zerr);
	struct tz *z = NULL;
	rc = report_zone(c, q->tz, &z, &zerr);
	if (rc && rc != SW_EINVALID)
		return sw_fail(err, rc, NULL, "%s", zerr.detail);
	if (!z)
		return sw_param_fail(err, "tz", "must be a known IANA time zone such as Europe/London");
	if ((rc = period_of(c, q, z, f, err))) {
		tz_free(z);
		return rc;
	}
	*zone = z;
	return SW_OK;
}

static void add_figures(struct survey_report_row *to, const struct survey_report_row *from)
{
	to->sent += from->sent;
	to->answered += from->answered;
	to->satisfied += from->satisfied;
	to->rating_sum += from->rating_sum;
	for (int i = 0; i < 5; i++)
		to->ratings[i] += from->ratings[i];
}

/* A quarter hour's period key in zone z: its local day, its week's
 * Monday, or its month. */
static const char *period_key(struct ctx *c, const struct tz *z, enum survey_by by, int64_t quarter)
{
	struct tz_local l;
	tz_to_local(z, quarter * 900, &l);
	int64_t day = tz_days_from_civil(l.year, l.month, l.day);
	if (by == SURVEY_BY_WEEK)
		day -= ((day + 3) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */
	int y, m, d;
	tz_civil_from_days(day, &y, &m, &d);
	return by == SURVEY_BY_MONTH ? arena_printf(c->arena, "%04d-%02d", y, m)
				     : arena_printf(c->arena, "%04d-%02d-%02d", y, m, d);
}

enum sw_err survey_report(struct ctx *c, const struct survey_report_query *q, struct survey_report *out,
			  struct sw_error *err)
{
	struct survey_filter f;
	struct survey_report_row *rows;
	size_t n;
	struct tz *z = NULL;
	enum sw_err rc = filter_of(c, q, &f, &z, err);
	if (rc || (rc = store_survey_report(c->store, &f, &rows, &n, err)))
		goto out;
	memset(out, 0, sizeof(*out));
	out->filter = f;
	for (size_t i = 0; i < n; i++)
		add_figures(&out->total, &rows[i]);
	if (f.by == SURVEY_BY_SERVICE || f.by == SURVEY_BY_GROUP || f.by == SURVEY_BY_AGENT) {
		out->rows = rows;
		out->count = n;
		goto out;
	}
	/* quarter hours in order, so local days in order: sum runs of the same period */
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const char *key = period_key(c, z, f.by, rows[i].quarter);
		if (!key) {
			rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
			goto out;
		}
		if (m && strcmp(rows[m - 1].key, key) == 0) {
			add_figures(&rows[m - 1], &rows[i]);
			continue;
		}
		struct survey_report_row r = rows[i];
		r.key = key;
		rows[m++] = r;
	}
	out->rows = rows;
	out->count = m;
out:
	tz_free(z);
	return rc;
}

enum sw_err survey_comments(struct ctx *c, const struct survey_report_query *q, struct survey **out, size_t *count,
			    struct sw_error *err)
{
	struct survey_filter f;
	struct tz *z = NULL;
	enum sw_err rc = filter_of(c, q, &f, &z, err);
	tz_free(z);
	return rc ? rc : store_survey_comments(c->store, &f, SURVEY_COMMENTS_MAX, out, count, err);
}
