/*
 * risk.c — the computed risk of a change (risk.h, docs/changes.md#risk):
 * the factors measured inside the change's write, their points summed
 * into a score and a level, stored with the change and audited when they
 * move; the override with its reason; the settings admins change.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "core/change/change.h"
#include "core/change/change_int.h"
#include "core/change/risk.h"
#include "core/cmdb/cmdb.h"
#include "core/cmdb/service.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/port/change.h"
#include "core/port/cmdb.h"
#include "core/port/risk.h"
#include "core/port/ticket.h"
#include "core/schedule/schedule.h"
#include "base/banned.h"

static const char *const factor_names[] = {"services",  "type",     "failure_rate",    "caused_incidents",
					   "lead_time", "blackout", "no_backout_plan", "no_test_plan"};

const char *risk_factor_name(enum risk_factor f)
{
	return f < RISK_FACTOR__COUNT ? factor_names[f] : "?";
}

/* ---- the settings ------------------------------------------------------------------ */

/* Each setting: where it is, where its set_ flag is, its range. */
#define SETTING(name_, min_, max_)                                                                                     \
	{                                                                                                              \
#name_, offsetof(struct risk_config, name_), offsetof(struct risk_config_input, set_##name_), min_,    \
			max_                                                                                           \
	}
static const struct {
	const char *name;
	size_t at, set_at;
	int min, max;
} settings[] = {
	SETTING(weight_services, 0, RISK_WEIGHT_MAX),
	SETTING(services_saturation, 1, RISK_SATURATION_MAX),
	SETTING(weight_type, 0, RISK_WEIGHT_MAX),
	SETTING(weight_failure_rate, 0, RISK_WEIGHT_MAX),
	SETTING(weight_caused_incidents, 0, RISK_WEIGHT_MAX),
	SETTING(incidents_saturation, 1, RISK_SATURATION_MAX),
	SETTING(weight_lead_time, 0, RISK_WEIGHT_MAX),
	SETTING(lead_time_hours, 1, RISK_LEAD_HOURS_MAX),
	SETTING(weight_blackout, 0, RISK_WEIGHT_MAX),
	SETTING(weight_no_backout_plan, 0, RISK_WEIGHT_MAX),
	SETTING(weight_no_test_plan, 0, RISK_WEIGHT_MAX),
	SETTING(threshold_medium, 1, RISK_THRESHOLD_MAX),
	SETTING(threshold_high, 1, RISK_THRESHOLD_MAX),
	SETTING(threshold_very_high, 1, RISK_THRESHOLD_MAX),
};
#define SETTINGS_COUNT (sizeof(settings) / sizeof(settings[0]))

static int *setting_of(struct risk_config *cfg, size_t i)
{
	return (int *)((char *)cfg + settings[i].at);
}

enum sw_err risk_config_get(struct ctx *c, struct risk_config *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	return rc ? rc : store_risk_config_get(c->store, out, err);
}

enum sw_err risk_config_set(struct ctx *c, const struct risk_config_input *in, struct risk_config *out,
			    struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc || (rc = core_tx_begin(c, err)))
		return rc;
	struct risk_config was, now;
	if ((rc = store_risk_config_get(c->store, &was, err)))
		goto out;
	now = was;
	for (size_t i = 0; i < SETTINGS_COUNT; i++) {
		if (!*(const bool *)((const char *)in + settings[i].set_at))
			continue;
		int v = *(const int *)((const char *)&in->v + settings[i].at);
		if (v < settings[i].min || v > settings[i].max)
			sw_field_fail(err, settings[i].name, "must be from %d to %d", settings[i].min, settings[i].max);
		else
			*setting_of(&now, i) = v;
	}
	if (!err->code && !(now.threshold_medium < now.threshold_high && now.threshold_high < now.threshold_very_high))
		sw_field_fail(err,
			      in->set_threshold_very_high ? "threshold_very_high"
			      : in->set_threshold_high    ? "threshold_high"
							  : "threshold_medium",
			      "the thresholds must rise: medium < high < very_high (now %d, %d, %d)",
			      now.threshold_medium, now.threshold_high, now.threshold_very_high);
	if ((rc = err->code))
		goto out;
	struct changes ch;
	changes_init(&ch);
	for (size_t i = 0; i < SETTINGS_COUNT && !rc; i++) {
		int from = *setting_of(&was, i), to = *setting_of(&now, i);
		changes_int(&ch, settings[i].name, from, to);
		if (from != to)
			rc = store_risk_config_set(c->store, settings[i].name, to, err);
	}
	if (rc) {
		changes_release(&ch);
		goto out;
	}
	if (!(rc = audit_changes(c, "config", 0, "risk_settings", false, &ch, err)))
		*out = now;
out:
	return core_tx_end(c, rc, err);
}

/* ---- measuring --------------------------------------------------------------------- */

/* Points of a service by its criticality (1 highest .. 4). */
static int64_t criticality_points(int criticality)
{
	return criticality >= 1 && criticality <= 4 ? 5 - criticality : 1;
}

struct reach {
	struct change_ids services, objectives;
	int64_t points;
};

/* A service or objective reached: counted once. */
static enum sw_err reached(struct ctx *c, struct reach *r, enum graph_kind kind, int64_t id, struct sw_error *err)
{
	struct change_ids *seen = kind == GK_SERVICE ? &r->services : kind == GK_OBJECTIVE ? &r->objectives : NULL;
	if (!seen || change_ids_has(seen, id))
		return SW_OK;
	enum sw_err rc = change_ids_add(c, seen, id, err);
	struct service v;
	if (rc || kind == GK_OBJECTIVE) {
		r->points += rc ? 0 : 2;
		return rc;
	}
	if ((rc = store_service_by_id(c->store, id, &v, err)))
		return rc;
	r->points += criticality_points(v.criticality);
	return SW_OK;
}

/* What the change reaches: its services and what depends on them, its
 * CIs and what depends on them, by the impact walk. */
static enum sw_err walk_from(struct ctx *c, struct reach *r, enum graph_kind kind, int64_t id, struct sw_error *err)
{
	struct graph_result g;
	enum sw_err rc = graph_walk(c, kind, id, NULL, true, IMPACT_DEPTH_MAX, IMPACTED_NODES_MAX, &g, err);
	for (size_t i = 0; !rc && i < g.count; i++)
		rc = reached(c, r, g.items[i].kind, g.items[i].id, err);
	return rc;
}

static enum sw_err measure_reach(struct ctx *c, const struct ticket *t, const struct change_ids *svc, struct reach *r,
				 struct sw_error *err)
{
	struct change_ids cis = {0};
	enum sw_err rc = change_ci_ids(c, t, &cis, err);
	for (size_t i = 0; !rc && i < svc->n; i++)
		rc = walk_from(c, r, GK_SERVICE, svc->v[i], err);
	for (size_t i = 0; !rc && i < cis.n; i++)
		rc = walk_from(c, r, GK_CI, cis.v[i], err);
	return rc;
}

/* weight * part / whole, at most weight (whole > 0). */
static int share(int weight, int64_t part, int64_t whole)
{
	if (part <= 0 || whole <= 0)
		return 0;
	if (part >= whole)
		return weight;
	return (int)((int64_t)weight * part / whole);
}

static bool blank(const char *s)
{
	return !s || !*s;
}

/* The blackout factor: the schedule's check of the planned span on the
 * change's services (and the global windows); a span it cannot check
 * (empty, or longer than it looks ahead) counts as not in a blackout,
 * said so. */
static enum sw_err measure_blackout(struct ctx *c, const struct ticket *t, const int64_t *svc, size_t svc_n,
				    struct risk_contribution *f, struct sw_error *err)
{
	if (!t->planned_start || !t->planned_end) {
		f->detail = "no planned window";
		return SW_OK;
	}
	struct schedule_check sc;
	struct sw_error e;
	sw_error_clear(&e);
	enum sw_err rc = schedule_check(c, svc, svc_n, t->planned_start, t->planned_end, &sc, &e);
	if (rc == SW_EINVALID || rc == SW_EBADREQ) {
		f->detail = "the planned window cannot be checked against blackouts (empty, or over 400 days)";
		return SW_OK;
	}
	if (rc) {
		*err = e;
		return rc;
	}
	f->measure = sc.blackout_count > 0;
	f->points = sc.blackout_count ? f->weight : 0;
	f->detail = sc.blackout_count ? arena_printf(c->arena, "in the blackout window '%s'", sc.blackouts[0].window)
				      : "outside every blackout window";
	return SW_OK;
}

/* Every factor of t (written as it is now) into a. */
static enum sw_err assess(struct ctx *c, const struct ticket *t, struct risk_assessment *a, struct sw_error *err)
{
	struct risk_config k;
	enum sw_err rc = store_risk_config_get(c->store, &k, err);
	if (rc)
		return rc;
	memset(a, 0, sizeof(*a));
	a->config = k;
	a->assessed_at = c->now;
	const int weights[RISK_FACTOR__COUNT] = {k.weight_services,         k.weight_type,        k.weight_failure_rate,
						 k.weight_caused_incidents, k.weight_lead_time,   k.weight_blackout,
						 k.weight_no_backout_plan,  k.weight_no_test_plan};
	for (int i = 0; i < RISK_FACTOR__COUNT; i++)
		a->factors[i] = (struct risk_contribution){.factor = (enum risk_factor)i, .weight = weights[i]};
	struct risk_contribution *f = a->factors;

	/* the services and objectives reached */
	struct change_ids svc = {0};
	struct reach r = {0};
	if ((rc = change_service_ids(c, t, &svc, err)) || (rc = measure_reach(c, t, &svc, &r, err)))
		return rc;
	f[RISK_SERVICES].measure = r.points;
	f[RISK_SERVICES].points = share(k.weight_services, r.points, k.services_saturation);
	f[RISK_SERVICES].detail =
		arena_printf(c->arena, "%zu service%s and %zu business objective%s reached", r.services.n,
			     r.services.n == 1 ? "" : "s", r.objectives.n, r.objectives.n == 1 ? "" : "s");

	/* the type */
	const char *type = t->change_type ? t->change_type : "normal";
	int64_t level = strcmp(type, "emergency") == 0 ? 2 : strcmp(type, "normal") == 0 ? 1 : 0;
	f[RISK_TYPE].measure = level;
	f[RISK_TYPE].points = share(k.weight_type, level, 2);
	f[RISK_TYPE].detail = arena_printf(c->arena, "a %s change", type);

	/* what became of earlier changes on the same CIs */
	int64_t completed, failed, caused;
	if ((rc = store_risk_history(c->store, t->id, &completed, &failed, &caused, err)))
		return rc;
	f[RISK_FAILURE_RATE].measure = completed ? failed * 1000 / completed : 0;
	f[RISK_FAILURE_RATE].points = share(k.weight_failure_rate, failed, completed);
	f[RISK_FAILURE_RATE].detail =
		arena_printf(c->arena, "%lld of %lld earlier changes on its CIs failed or were backed out",
			     (long long)failed, (long long)completed);
	f[RISK_CAUSED_INCIDENTS].measure = caused;
	f[RISK_CAUSED_INCIDENTS].points = share(k.weight_caused_incidents, caused, k.incidents_saturation);
	f[RISK_CAUSED_INCIDENTS].detail = arena_printf(c->arena, "%lld incident%s caused by earlier changes on its CIs",
						       (long long)caused, caused == 1 ? "" : "s");

	/* the notice given */
	if (t->planned_start) {
		int64_t hours = t->planned_start > c->now ? (t->planned_start - c->now) / 3600 : 0;
		f[RISK_LEAD_TIME].measure = hours;
		f[RISK_LEAD_TIME].points = share(k.weight_lead_time, k.lead_time_hours - hours, k.lead_time_hours);
		f[RISK_LEAD_TIME].detail =
			arena_printf(c->arena, "%lld hours before the planned start", (long long)hours);
	} else {
		f[RISK_LEAD_TIME].detail = "no planned start";
	}

	if ((rc = measure_blackout(c, t, svc.v, svc.n, &f[RISK_BLACKOUT], err)))
		return rc;

	bool no_backout = blank(t->backout_plan), no_test = blank(t->test_plan);
	f[RISK_NO_BACKOUT_PLAN].measure = no_backout;
	f[RISK_NO_BACKOUT_PLAN].points = no_backout ? k.weight_no_backout_plan : 0;
	f[RISK_NO_BACKOUT_PLAN].detail = no_backout ? "no back-out plan" : "a back-out plan is written";
	f[RISK_NO_TEST_PLAN].measure = no_test;
	f[RISK_NO_TEST_PLAN].points = no_test ? k.weight_no_test_plan : 0;
	f[RISK_NO_TEST_PLAN].detail = no_test ? "no test plan" : "a test plan is written";

	for (int i = 0; i < RISK_FACTOR__COUNT; i++) {
		if (!f[i].detail)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		a->score += f[i].points;
	}
	a->computed = a->score >= k.threshold_very_high ? change_risks[3]
		      : a->score >= k.threshold_high    ? change_risks[2]
		      : a->score >= k.threshold_medium  ? change_risks[1]
							: change_risks[0];
	return SW_OK;
}

/* ---- kept with the change ---------------------------------------------------------- */

/* The factors as stored: a line each, "name\tweight\tmeasure\tpoints\tdetail". */
static const char *encode(struct ctx *c, const struct risk_assessment *a)
{
	const char *text = "";
	for (int i = 0; text && i < RISK_FACTOR__COUNT; i++) {
		const struct risk_contribution *f = &a->factors[i];
		text = arena_printf(c->arena, "%s%s\t%d\t%lld\t%d\t%s\n", text, risk_factor_name(f->factor), f->weight,
				    (long long)f->measure, f->points, f->detail);
	}
	return text;
}

static bool next_field(const char **p, const char *end, char sep, const char **s, size_t *len)
{
	const char *q = memchr(*p, sep, (size_t)(end - *p));
	if (!q)
		return false;
	*s = *p;
	*len = (size_t)(q - *p);
	*p = q + 1;
	return true;
}

static bool number(const char *s, size_t len, int64_t *out)
{
	return parse_int64(s, len, INT64_MIN, INT64_MAX, out) == SW_OK;
}

static enum sw_err decode(struct ctx *c, const char *text, struct risk_assessment *a, struct sw_error *err)
{
	const char *p = text, *end = text ? text + strlen(text) : NULL;
	for (int i = 0; p && p < end && i < RISK_FACTOR__COUNT; i++) {
		const char *line, *s[5];
		size_t line_len, len[5];
		if (!next_field(&p, end, '\n', &line, &line_len))
			break;
		const char *q = line, *line_end = line + line_len;
		int64_t weight, measure, points;
		bool ok = next_field(&q, line_end, '\t', &s[0], &len[0]) &&
			  next_field(&q, line_end, '\t', &s[1], &len[1]) &&
			  next_field(&q, line_end, '\t', &s[2], &len[2]) &&
			  next_field(&q, line_end, '\t', &s[3], &len[3]);
		s[4] = q;
		len[4] = (size_t)(line_end - q);
		if (!ok || !number(s[1], len[1], &weight) || !number(s[2], len[2], &measure) ||
		    !number(s[3], len[3], &points))
			return sw_fail(err, SW_EINTERNAL, NULL, "a stored risk factor cannot be read");
		enum risk_factor f = RISK_FACTOR__COUNT;
		for (int k = 0; k < RISK_FACTOR__COUNT; k++)
			if (strlen(factor_names[k]) == len[0] && memcmp(factor_names[k], s[0], len[0]) == 0)
				f = (enum risk_factor)k;
		if (f == RISK_FACTOR__COUNT)
			continue;
		a->factors[f] = (struct risk_contribution){.factor = f,
							   .weight = (int)weight,
							   .measure = measure,
							   .points = (int)points,
							   .detail = arena_strndup(c->arena, s[4], len[4])};
	}
	return SW_OK;
}

enum sw_err risk_get(struct ctx *c, const char *number_, struct risk_assessment *out, struct sw_error *err)
{
	struct ticket t;
	const char *text = NULL;
	struct risk_assessment a;
	memset(&a, 0, sizeof(a));
	enum sw_err rc = ticket_load(c, &ticket_kind_change, number_, &t, err);
	if (rc || (rc = store_risk_config_get(c->store, &a.config, err)) ||
	    (rc = store_risk_factors(c->store, t.id, &text, err)))
		return rc;
	for (int i = 0; i < RISK_FACTOR__COUNT; i++)
		a.factors[i] = (struct risk_contribution){.factor = (enum risk_factor)i, .detail = "not assessed"};
	if ((rc = decode(c, text, &a, err)))
		return rc;
	struct risk_assessment stored = {.score = t.risk_score,
					 .computed = t.risk_computed,
					 .level = t.risk,
					 .reason = t.risk_reason,
					 .assessed_at = t.risk_assessed_at,
					 .config = a.config};
	memcpy(stored.factors, a.factors, sizeof(stored.factors));
	*out = stored;
	return SW_OK;
}

enum sw_err risk_reassess_pass(struct ctx *c, int64_t max_age_s, int batch, int *assessed, struct sw_error *err)
{
	*assessed = 0;
	if (max_age_s <= 0)
		return SW_OK;
	const char **numbers;
	size_t n;
	enum sw_err rc = store_risk_stale(c->store, c->now - max_age_s, batch, &numbers, &n, err);
	static const struct ticket_input unchanged;
	/* a transaction each: an assessment walks the CMDB, and a batch of them
	 * in one would hold the write lock that long */
	for (size_t i = 0; !rc && i < n; i++) {
		if ((rc = core_tx_begin(c, err)))
			break;
		struct ticket t;
		if (!(rc = ticket_load(c, &ticket_kind_change, numbers[i], &t, err)))
			rc = risk_refresh(c, &unchanged, &t, &t, NULL, err);
		if (!(rc = core_tx_end(c, rc, err)))
			(*assessed)++;
	}
	return rc;
}

void risk_input_check(const struct ticket_input *in, struct sw_error *err)
{
	bool known = false;
	for (size_t i = 0; in->set_risk && in->risk && change_risks[i]; i++)
		known = known || strcmp(in->risk, change_risks[i]) == 0;
	if (in->set_risk && in->risk && !known)
		sw_field_fail(err, "risk", "must be one of low, medium, high, very_high");
	else if (in->set_risk && in->risk && (!in->set_risk_reason || blank(in->risk_reason)))
		sw_field_fail(err, "risk_reason", "is required to override the computed risk");
	else if (in->set_risk_reason && !in->set_risk)
		sw_field_fail(err, "risk_reason", "goes with risk, the level it overrides to");
	else if (in->set_risk && !in->risk && in->set_risk_reason && !blank(in->risk_reason))
		sw_field_fail(err, "risk_reason", "is only for an override; risk null returns to the computed level");
}

enum sw_err risk_refresh(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
			 const struct ticket *t, const char *from_template, struct sw_error *err)
{
	struct risk_assessment a;
	enum sw_err rc = assess(c, t, &a, err);
	if (rc)
		return rc;
	struct risk_stored r = {.computed = a.computed, .score = a.score, .at = c->now};
	if (in->set_risk) {
		r.reason = in->risk ? in->risk_reason : NULL;
		r.level = in->risk;
	} else if (!before->id && from_template && t->risk) {
		r.reason = arena_printf(c->arena, "the standard change template '%s'", from_template);
		r.level = t->risk;
	} else if (before->id && before->risk_reason) {
		r.reason = before->risk_reason;
		r.level = before->risk;
	}
	if (!r.reason)
		r.level = a.computed;
	if (!(r.factors = encode(c, &a)))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if ((rc = store_risk_save(c->store, t->id, &r, err)))
		return rc;
	struct changes ch;
	changes_init(&ch);
	changes_str(&ch, "risk", before->id ? before->risk : NULL, r.level);
	changes_int(&ch, "risk_score", before->id ? before->risk_score : 0, r.score);
	changes_str(&ch, "risk_computed", before->id ? before->risk_computed : NULL, r.computed);
	changes_str(&ch, "risk_reason", before->id ? before->risk_reason : NULL, r.reason);
	if (!ch.count) {
		changes_release(&ch);
		return SW_OK;
	}
	return audit_changes(c, "ticket", t->id, "risk_assessed", false, &ch, err);
}
