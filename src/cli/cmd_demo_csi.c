/*
 * cmd_demo_csi.c — continual service improvement in `steward demo`: the
 * surveys its resolved incidents sent (core/csi/survey.c sends them as
 * the incidents are resolved), a few answered from the portal by the
 * people asked, one of them low; and two improvements, an end user's idea
 * and the desk's approved, under way plan against the checkout outage,
 * with its seven steps, KPIs and links.  Both are demo/csi.json.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "base/limits.h"
#include "cli/cli.h"
#include "core/csi/improvement.h"
#include "core/csi/survey.h"
#include "base/banned.h"

/* An answer to the survey a demo incident's resolution sent, from its
 * requester, by. */
struct demo_answer {
	const char *incident_title, *by;
	int rating;
	const char *comment;
};
static const struct field answer_fields[] = {
	FIELDS_TEXT_REQUIRED(struct demo_answer, (incident_title, LIMIT_TITLE_LEN), (by, LIMIT_LOGIN_LEN)),
	FIELD_PLAIN_RANGE(struct demo_answer, "rating", FT_INT, 1, 5, rating, true),
	FIELDS_TEXT(struct demo_answer, (comment, 0)),
};
static const struct demo_section answer_rows = DEMO_ROWS("csi", "answers", NULL, struct demo_answer, answer_fields);

/* An improvement as the user of login by raises it (ImprovementInput) on
 * channel via; with a plan (ImprovementPlanInput, also linking the demo
 * changes of those titles and reviewed plan_review_days from now), taken
 * along path, its approval by approver. */
struct demo_improvement {
	struct ticket_input in;
	const char *by, *via, *approver, *path;
	const struct improvement_plan_input *plan;
	const char **plan_change_titles;
	size_t plan_change_count;
	int plan_review_days;
};
static const struct field improvement_fields[] = {
	FIELDS_TEXT_REQUIRED(struct demo_improvement, (by, LIMIT_LOGIN_LEN), (via, 20)),
	FIELDS_TEXT(struct demo_improvement, (approver, LIMIT_LOGIN_LEN), (path, 200)),
	FIELD_PLAIN_STRINGS(struct demo_improvement, "plan_change_titles", IMPROVEMENT_LINKS_MAX, plan_change_titles,
			    plan_change_count),
	FIELD_PLAIN_RANGE(struct demo_improvement, "plan_review_days", FT_INT, 0, 3660, plan_review_days, false),
};
static const struct demo_input improvement_inputs[] = {
	{"plan", &api_schema_improvement_plan, offsetof(struct demo_improvement, plan)},
};
static const struct demo_section improvement_rows = DEMO_ROWS_WITH(
	"csi", "improvements", &api_schema_incident, struct demo_improvement, improvement_fields, improvement_inputs);

/* Improvement d raised, its plan set, taken along its path. */
static enum sw_err make_improvement(struct cli_env *env, const struct demo_improvement *d, struct sw_error *err)
{
	struct ticket_input in = d->in;
	in.via = d->via;
	struct ticket t;
	enum sw_err rc = demo_act_as(env, d->by, err);
	if (rc || (rc = ticket_create(&env->ctx, &ticket_kind_improvement, &in, &t, err)) || !d->plan)
		return rc;
	struct improvement_plan_input p = *d->plan;
	const char *changes[IMPROVEMENT_LINKS_MAX];
	size_t n = 0;
	for (size_t i = 0; i < d->plan_change_count; i++)
		if ((changes[n] = demo_number("change", d->plan_change_titles[i])))
			n++;
	p.changes = changes;
	p.change_count = n;
	p.set_changes = true;
	p.review_at = env->ctx.now + (int64_t)d->plan_review_days * 86400;
	p.set_review_at = true;
	struct improvement_plan out;
	if ((rc = improvement_plan_set(&env->ctx, t.number, &p, &out, err)))
		return rc;
	char steps[128];
	snprintf(steps, sizeof(steps), "%s", d->path ? d->path : "");
	for (char *s = steps, *end = NULL; !rc && *s; s = end + 1) {
		end = strchr(s, ' ');
		if (end)
			*end = 0;
		struct ticket_action_input none = {0};
		if (!(rc = demo_act_as(env, strcmp(s, "approve") == 0 && d->approver ? d->approver : d->by, err)))
			rc = ticket_action(&env->ctx, &ticket_kind_improvement, t.number, s, &none, &t, err);
		if (!end)
			break;
	}
	return rc;
}

int demo_csi(struct cli_env *env, size_t *nanswers, size_t *nimprovements)
{
	size_t na, ni;
	const struct demo_answer *answers = demo_rows(&answer_rows, &na);
	const struct demo_improvement *improvements = answers ? demo_rows(&improvement_rows, &ni) : NULL;
	if (!improvements)
		return 1;
	struct actor system = env->ctx.actor;
	struct sw_error err;
	sw_error_clear(&err);
	for (size_t i = 0; i < na; i++) {
		const struct demo_answer *a = &answers[i];
		const char *number = demo_number("incident", a->incident_title);
		struct survey v;
		if (!number || demo_act_as(env, a->by, &err) ||
		    survey_answer(&env->ctx, number, a->rating, a->comment, &v, &err))
			return cli_error("demo survey answer", &err);
		(*nanswers)++;
	}
	for (size_t i = 0; i < ni; i++) {
		if (make_improvement(env, &improvements[i], &err))
			return cli_error("demo improvement", &err);
		(*nimprovements)++;
	}
	env->ctx.actor = system;
	return 0;
}
