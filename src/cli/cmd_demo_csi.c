/*
 * cmd_demo_csi.c — continual service improvement in `steward demo`: the
 * surveys its resolved incidents sent (core/csi/survey.c sends them as
 * the incidents are resolved), a few answered from the portal by the
 * people asked, one of them low; and two improvements, an end user's idea
 * and the desk's approved, under way plan against the checkout outage,
 * with its seven steps, KPIs and links.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/csi/improvement.h"
#include "core/csi/survey.h"
#include "base/banned.h"

struct demo_answer {
	const char *incident; /* a demo incident's title */
	const char *requester;
	int rating;
	const char *comment;
};

static const struct demo_answer answers[] = {
	{"Cannot print to 3rd floor printer", "asmith", 5, "Fixed within the hour, thank you!"},
	{"Shared drive S: not mapped", "jdoe", 4, NULL},
	{"Email to external domain bounces", "ckent", 2, "Took three days and two chasers before anyone looked."},
	{"Cannot log in to HR portal", "dprince", 5, NULL},
};

int demo_csi(struct cli_env *env, size_t *nanswers, size_t *nimprovements)
{
	struct actor system = env->ctx.actor;
	struct sw_error err;
	sw_error_clear(&err);
	for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		const struct demo_answer *a = &answers[i];
		const char *number = demo_incident_number(a->incident);
		struct survey v;
		if (!number || demo_act_as(env, a->requester, &err) ||
		    survey_answer(&env->ctx, number, a->rating, a->comment, &v, &err))
			return cli_error("demo survey answer", &err);
		(*nanswers)++;
	}
	/* an idea from the portal */
	struct ticket t;
	struct ticket_input idea = {.title = "Let us reset our own passwords",
				    .description = "Every month I wait on the phone to get a password reset.",
				    .set_title = true,
				    .set_description = true,
				    .via = "portal"};
	if (demo_act_as(env, "jdoe", &err) || ticket_create(&env->ctx, &ticket_kind_improvement, &idea, &t, &err))
		return cli_error("demo improvement", &err);
	(*nimprovements)++;
	/* the desk's plan after the checkout outage, approved by the manager */
	struct ticket_input plan_in = {
		.title = "Protect checkout from database connection exhaustion",
		.description =
			"After the checkout outage: pool limits, alerting on pool use, a load test before releases.",
		.set_title = true,
		.set_description = true,
		.impact = 1,
		.urgency = 2,
		.set_impact = true,
		.set_urgency = true,
		.via = "agent"};
	const char *problems[] = {"PRB0000003"};
	const char *changes[1];
	changes[0] = demo_change_number("Roll back payment plug-in to 4.2");
	struct improvement_kpi_input kpis[] = {
		{.name = "incident_count", .target = 0, .set_target = true},              /* on the web shop */
		{.name = "incident_mttr", .target = 2 * 3600 * 100, .set_target = true}}; /* two hours, in hundredths */
	struct improvement_plan_input p = {
		.benefits = "No lost sales from a checkout outage; fewer major incidents.",
		.cost = "About 10 days of the application team, no licences.",
		.vision = "Customers can always pay.",
		.current_state = "One two-hour outage this quarter; no alert before customers call.",
		.target_state = "No checkout outage; pool saturation alerts 30 minutes ahead.",
		.plan = "1. Pool limits per node. 2. An alert at 80% pool use. 3. A load test in the release "
			"checklist.",
		.set_benefits = true,
		.set_cost = true,
		.set_vision = true,
		.set_current_state = true,
		.set_target_state = true,
		.set_plan = true,
		.review_at = env->ctx.now + 90 * 86400,
		.set_review_at = true,
		.problems = problems,
		.problem_count = 1,
		.set_problems = true,
		.changes = changes,
		.change_count = changes[0] ? 1 : 0,
		.set_changes = true,
		.kpis = kpis,
		.kpi_count = 2,
		.set_kpis = true,
	};
	struct improvement_plan out;
	struct ticket_action_input none = {0};
	if (demo_act_as(env, "omar.apps", &err) ||
	    ticket_create(&env->ctx, &ticket_kind_improvement, &plan_in, &t, &err) ||
	    improvement_plan_set(&env->ctx, t.number, &p, &out, &err) || demo_act_as(env, "maria.manager", &err) ||
	    ticket_action(&env->ctx, &ticket_kind_improvement, t.number, "approve", &none, &t, &err) ||
	    demo_act_as(env, "omar.apps", &err) ||
	    ticket_action(&env->ctx, &ticket_kind_improvement, t.number, "start", &none, &t, &err))
		return cli_error("demo improvement plan", &err);
	(*nimprovements)++;
	env->ctx.actor = system;
	return 0;
}
