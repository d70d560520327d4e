/*
 * cmd_demo_approvals.c — the approvals of `steward demo`: a policy that
 * sends major problems to the manager and then two of the resolver
 * groups, a request from it on the demo's first problem, and an ad hoc
 * request on an open incident that one approver has approved and the
 * manager has still to decide, so that the manager's inbox has work in it.
 * Everything goes through the core operations (docs/approvals.md).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/approval/approval.h"
#include "core/port/account.h"
#include "core/ticket/problem.h"
#include "base/banned.h"

static const char *const manager[] = {"maria.manager"};
static const char *const resolvers[] = {"Network", "Infrastructure", "Applications"};

/* clang-format off */
static struct approval_step_def cab_steps[] = {
	{.rule = APPROVAL_ANY, .has_rule = true, .users = (const char **)manager, .user_count = 1},
	{.rule = APPROVAL_N_OF_M, .has_rule = true, .required = 2, .groups = (const char **)resolvers, .group_count = 3},
};
/* clang-format on */

static const struct approval_policy_input cab = {.name = "Major problems need the CAB",
						 .kind = "problem",
						 .position = 1,
						 .match_priority = 1,
						 .steps = cab_steps,
						 .step_count = 2,
						 .set_kind = true,
						 .set_position = true,
						 .set_match_priority = true,
						 .set_steps = true};

enum sw_err demo_act_as(struct cli_env *env, const char *login, struct sw_error *err)
{
	struct user u;
	enum sw_err rc = store_user_by_login(&env->store, login, &u, err);
	if (!rc)
		env->ctx.actor = (struct actor){.user_id = u.id, .login = u.login, .role = u.role};
	return rc;
}

int demo_approvals(struct cli_env *env, size_t *nrequests)
{
	struct actor system = env->ctx.actor;
	struct sw_error err;
	sw_error_clear(&err);
	struct approval_policy p;
	env->ctx.actor = (struct actor){.role = ROLE_ADMIN, .login = "admin"};
	if (record_create(&env->ctx, &approval_policy_kind, &cab, &p, &err))
		return cli_error("demo approval policy", &err);
	*nrequests = 0;
	/* the first demo problem goes to the CAB by the policy's name */
	struct approval_request_list list;
	struct approval_request_input by_policy = {.policy = cab.name, .set_policy = true};
	if (demo_act_as(env, "nina.net", &err) ||
	    approval_request(&env->ctx, &ticket_kind_problem, "PRB0000001", &by_policy, &list, &err))
		return cli_error("demo approval on a problem", &err);
	(*nrequests)++;
	/* an incident's fix needs a spend approved: the DBA said yes, the manager has still to */
	const char *number = demo_incident_number("Slow ERP screens after 4pm");
	const char *both[] = {"ivy.infra", "maria.manager"};
	struct approval_request_input ad_hoc = {
		.rule = "all", .step = {.users = both, .user_count = 2}, .set_users = true, .set_rule = true};
	if (!number) {
		fprintf(stderr, "steward: demo approvals: no demo incident 'Slow ERP screens after 4pm'\n");
		return 1;
	}
	env->ctx.now += 600;
	if (demo_act_as(env, "omar.apps", &err) ||
	    approval_request(&env->ctx, &ticket_kind_incident, number, &ad_hoc, &list, &err))
		return cli_error("demo approval on an incident", &err);
	(*nrequests)++;
	const struct approval_step *st = &list.items[0].steps[0];
	struct approval a;
	env->ctx.now += 1800;
	for (size_t i = 0; i < st->approval_count; i++)
		if (!strcmp(st->approvals[i].approver, "ivy.infra") &&
		    (demo_act_as(env, "ivy.infra", &err) ||
		     approval_decide(&env->ctx, st->approvals[i].id, true, "Two more disks fit the budget; go ahead.",
				     &a, &err)))
			return cli_error("demo approval decision", &err);
	env->ctx.actor = system;
	return 0;
}
