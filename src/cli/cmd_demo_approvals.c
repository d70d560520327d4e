/*
 * cmd_demo_approvals.c — the approvals of `steward demo`: a policy that
 * sends major problems to the manager and then two of the resolver
 * groups, a request from it on the demo's first problem, and an ad hoc
 * request on an open incident that one approver has approved and the
 * manager has still to decide, so that the manager's inbox has work in it.
 * Everything goes through the core operations (docs/approvals.md); the
 * policy and the requests are demo/approvals.json.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "base/limits.h"
#include "cli/cli.h"
#include "core/approval/approval.h"
#include "core/port/account.h"
#include "core/ticket/problem.h"
#include "base/banned.h"

/* An approval asked for (ApprovalRequestInput) by the user of login by
 * on the ticket of kind numbered ticket (or the demo incident of that
 * title), minutes_later than the one before; approved_by, when named,
 * approves it decided_minutes_later. */
struct demo_request {
	struct approval_request_input in;
	const char *by, *kind, *ticket, *incident_title, *approved_by, *approval_comment;
	int minutes_later, decided_minutes_later;
};
static const struct field request_fields[] = {
	FIELDS_TEXT_REQUIRED(struct demo_request, (by, LIMIT_LOGIN_LEN), (kind, 40)),
	FIELDS_TEXT(struct demo_request, (ticket, 40), (incident_title, LIMIT_TITLE_LEN),
		    (approved_by, LIMIT_LOGIN_LEN), (approval_comment, LIMIT_REASON_LEN)),
	FIELD_PLAIN_RANGE(struct demo_request, "minutes_later", FT_INT, 0, 24 * 60, minutes_later, false),
	FIELD_PLAIN_RANGE(struct demo_request, "decided_minutes_later", FT_INT, 0, 24 * 60, decided_minutes_later,
			  false),
};
static const struct demo_table policy_table = {
	"demo approval policy",
	DEMO_INPUTS("approvals", "policies", &api_schema_approval_policy, struct approval_policy_input),
	offsetof(struct approval_policy_input, name), NULL, &approval_policy_kind};
static const struct demo_section request_rows =
	DEMO_ROWS("approvals", "requests", &api_schema_approval_request, struct demo_request, request_fields);

/* Ask for request d's approval and, where it says, approve it. */
static enum sw_err make_request(struct cli_env *env, const struct demo_request *d, struct sw_error *err)
{
	const struct ticket_kind *k = ticket_kind_by_name(d->kind);
	const char *number = d->incident_title ? demo_number("incident", d->incident_title) : d->ticket;
	if (!k || !number)
		return sw_fail(err, SW_EINTERNAL, NULL, "no demo %s '%s'", d->kind,
			       d->incident_title ? d->incident_title : "");
	struct approval_request_list list;
	env->ctx.now += (int64_t)d->minutes_later * 60;
	enum sw_err rc = demo_act_as(env, d->by, err);
	if (rc || (rc = approval_request(&env->ctx, k, number, &d->in, &list, err)) || !d->approved_by)
		return rc;
	const struct approval_step *st = &list.items[0].steps[0];
	struct approval a;
	env->ctx.now += (int64_t)d->decided_minutes_later * 60;
	for (size_t i = 0; !rc && i < st->approval_count; i++)
		if (!strcmp(st->approvals[i].approver, d->approved_by) && !(rc = demo_act_as(env, d->approved_by, err)))
			rc = approval_decide(&env->ctx, st->approvals[i].id, true, d->approval_comment, &a, err);
	return rc;
}

int demo_approvals(struct cli_env *env, size_t *nrequests)
{
	const struct demo_request *requests = demo_rows(&request_rows, nrequests);
	if (!requests)
		return 1;
	struct actor system = env->ctx.actor;
	struct sw_error err;
	sw_error_clear(&err);
	env->ctx.actor = (struct actor){.role = ROLE_ADMIN, .login = "admin"};
	int rc = demo_seed(env, &policy_table, 1, NULL);
	for (size_t i = 0; !rc && i < *nrequests; i++)
		if (make_request(env, &requests[i], &err))
			rc = cli_error("demo approval", &err);
	env->ctx.actor = system;
	return rc;
}
