/*
 * api_approval.c — the approval engine over HTTP (core/approval/approval.h):
 * approval policies (a record resource), a ticket's requests for approval
 * (every kind's /approvals), the caller's inbox and decisions, and the
 * caller's delegation.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "core/approval/approval.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

/* ---- steps, as policies and ad hoc requests take and show them ------------------- */

/* A condition's string member: null, or a string (checked by the engine). */
static const char *optional_string(struct req *r, json_t *v, const char *at, struct sw_error *err)
{
	if (json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		sw_field_fail(err, at, "must be null or a string");
		return NULL;
	}
	return api_string(r, v, at, LIMIT_NAME_LEN, err);
}

/* One member of a step (api_object_elements): false for one a step lacks. */
API_OBJECT_MEMBER(step_member)
{
	struct approval_step_def *d = slot;
	if (!strcmp(key, "rule")) {
		if (!json_is_string(v) || approval_rule_parse(json_string_value(v), &d->rule))
			sw_field_fail(err, at, "must be any, all or n_of_m");
		else
			d->has_rule = true;
	} else if (!strcmp(key, "position")) {
		/* as answers show it, so that a step read can be sent back */
		if (!json_is_integer(v) || json_integer_value(v) != (json_int_t)i + 1)
			sw_field_fail(err, at, "must be %zu, the step's place", i + 1);
	} else if (!strcmp(key, "required")) {
		if (json_is_null(v))
			d->required = 0;
		else if (!json_is_integer(v) || json_integer_value(v) < 1 ||
			 json_integer_value(v) > APPROVAL_STEP_USERS_MAX)
			sw_field_fail(err, at, "must be an integer from 1 to %d", APPROVAL_STEP_USERS_MAX);
		else
			d->required = (int)json_integer_value(v);
	} else if (!strcmp(key, "users")) {
		d->users = api_string_array(r, v, at, APPROVAL_APPROVERS_MAX, LIMIT_NAME_LEN, &d->user_count, err);
	} else if (!strcmp(key, "groups")) {
		d->groups = api_string_array(r, v, at, APPROVAL_APPROVERS_MAX, LIMIT_NAME_LEN, &d->group_count, err);
	} else if (!strcmp(key, "service_owner")) {
		if (!json_is_boolean(v))
			sw_field_fail(err, at, "must be true or false");
		else
			d->service_owner = json_is_true(v);
	} else if (!strcmp(key, "when_cost_above")) {
		d->has_cost_above = !json_is_null(v);
		if (d->has_cost_above &&
		    (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > APPROVAL_COST_MAX))
			sw_field_fail(err, at, "must be null or an integer from 0 to %lld",
				      (long long)APPROVAL_COST_MAX);
		else if (d->has_cost_above)
			d->cost_above = (int64_t)json_integer_value(v);
	} else if (!strcmp(key, "when_variable")) {
		d->when_variable = optional_string(r, v, at, err);
	} else if (!strcmp(key, "when_value")) {
		d->when_value = optional_string(r, v, at, err);
	} else if (!strcmp(key, "when_pattern")) {
		d->when_pattern = optional_string(r, v, at, err);
	} else {
		return false;
	}
	return true;
}

/* steps: [{"rule", "required"?, "users"?, "groups"?, "service_owner"?, "position"?}] */
API_OBJECTS(step_elements, struct approval_policy_input, "steps", APPROVAL_STEPS_MAX, struct approval_step_def,
	    "a step", "steps", step_member, steps, step_count, set_steps);

static json_t *step_def_json(const struct approval_step_def *d, size_t position)
{
	json_t *j = json_object();
	json_object_set_new(j, "position", json_integer((json_int_t)position));
	json_object_set_new(j, "rule", json_string(approval_rule_name(d->rule)));
	json_object_set_new(j, "required", d->rule == APPROVAL_N_OF_M ? json_integer(d->required) : json_null());
	json_object_set_new(j, "users", api_strings(d->users, d->user_count));
	json_object_set_new(j, "groups", api_strings(d->groups, d->group_count));
	json_object_set_new(j, "service_owner", json_boolean(d->service_owner));
	json_object_set_new(j, "when_cost_above",
			    d->has_cost_above ? json_integer((json_int_t)d->cost_above) : json_null());
	json_object_set_new(j, "when_variable", api_str(d->when_variable));
	json_object_set_new(j, "when_value", api_str(d->when_value));
	json_object_set_new(j, "when_pattern", api_str(d->when_pattern));
	return j;
}

/* ---- policies ------------------------------------------------------------------- */

static const struct field policy_fields[] = {
	FIELD_PLAIN(struct approval_policy_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	FIELD_RANGE(struct approval_policy_input, "position", FT_INT, 0, 1000000, position, set_position),
	FIELD(struct approval_policy_input, "active", FT_BOOL, 0, active, set_active),
	FIELD(struct approval_policy_input, "kind", FT_STRING, 40, kind, set_kind),
	FIELD(struct approval_policy_input, "match_type", FT_STRING_NULL, 60, match_type, set_match_type),
	FIELD(struct approval_policy_input, "match_risk", FT_STRING_NULL, 60, match_risk, set_match_risk),
	FIELD(struct approval_policy_input, "match_service", FT_STRING_NULL, LIMIT_NAME_LEN, match_service,
	      set_match_service),
	FIELD(struct approval_policy_input, "match_category", FT_STRING_NULL, LIMIT_NAME_LEN, match_category,
	      set_match_category),
	FIELD_RANGE(struct approval_policy_input, "match_priority", FT_INT, 0, 5, match_priority, set_match_priority),
};
const struct api_schema api_schema_approval_policy =
	API_SCHEMA_OBJECTS("ApprovalPolicyInput", policy_fields, struct approval_policy_input, step_elements);

static json_t *policy_steps(const void *rec)
{
	const struct approval_policy *p = rec;
	json_t *a = json_array();
	for (size_t i = 0; a && i < p->step_count; i++)
		json_array_append_new(a, step_def_json(&p->steps[i], i + 1));
	return a;
}

API_RECORD_OF(api_approval_policies, approval_policy_kind, api_schema_approval_policy,
	      API_EACH(struct approval_policy, API_AS_IS, name, position, active, kind),
	      API_EACH(struct approval_policy, API_AS_NULL, match_type, match_risk, match_service, match_category,
		       match_priority),
	      API_MEMBER_CALL("steps", policy_steps), API_TIMES(struct approval_policy));

/* ---- a ticket's requests ----------------------------------------------------------- */

static const struct api_member approval_members[] = {
	API_EACH(struct approval, API_AS_IS, id, approver, state),
	API_MEMBER(struct approval, "step", position, API_AS_IS),
	API_EACH(struct approval, API_AS_NULL, via, comment, decided_by),
	API_EACH(struct approval, API_AS_TIME, requested_at, decided_at, reminded_at),
};

static json_t *approval_json(const void *a)
{
	return API_MEMBERS(a, approval_members);
}

static const struct api_member step_members[] = {
	API_EACH(struct approval_step, API_AS_IS, position, rule, required, state),
	API_EACH(struct approval_step, API_AS_TIME, started_at, decided_at),
	API_MEMBER_ARRAY(struct approval_step, "approvals", approvals, approval_count, approval_json),
};

static json_t *request_steps(const void *rec)
{
	const struct approval_request *q = rec;
	return API_MEMBERS_ARRAY(q->steps, q->step_count_read, step_members);
}

static const struct api_member choice_members[] = {
	API_MEMBER(struct approval_choice, "position", position, API_AS_IS),
	API_MEMBER(struct approval_choice, "step", step, API_AS_NULL),
	API_MEMBER(struct approval_choice, "reason", reason, API_AS_IS),
};

/* Which of its policy's steps the request took (step: the request's step
 * it became; null: left out by its condition), and why. */
static json_t *request_choices(const void *rec)
{
	const struct approval_request *q = rec;
	return API_MEMBERS_ARRAY(q->choices, q->choice_count, choice_members);
}

static const struct api_member request_members[] = {
	API_EACH(struct approval_request, API_AS_IS, id, state),
	API_EACH(struct approval_request, API_AS_NULL, policy),
	API_EACH(struct approval_request, API_AS_IS, step, step_count),
	API_EACH(struct approval_request, API_AS_NULL, created_by),
	API_EACH(struct approval_request, API_AS_TIME, created_at, decided_at),
	API_MEMBER_CALL("steps", request_steps),
	API_MEMBER_CALL("policy_steps", request_choices),
};

static json_t *request_json(const struct approval_request *q)
{
	return API_MEMBERS(q, request_members);
}

static json_t *request_item(const void *rec)
{
	return request_json(rec);
}

API_INPUT(api_schema_approval_request, "ApprovalRequestInput", struct approval_request_input,
	  FIELD(struct approval_request_input, "policy", FT_STRING, LIMIT_NAME_LEN, policy, set_policy),
	  FIELD_STRINGS(struct approval_request_input, "users", APPROVAL_APPROVERS_MAX, step.users, step.user_count,
			set_users),
	  FIELD_STRINGS(struct approval_request_input, "groups", APPROVAL_APPROVERS_MAX, step.groups, step.group_count,
			set_groups),
	  FIELD(struct approval_request_input, "service_owner", FT_BOOL, 0, step.service_owner, set_service_owner),
	  FIELD(struct approval_request_input, "rule", FT_STRING, 10, rule, set_rule),
	  FIELD_RANGE(struct approval_request_input, "required", FT_INT, 1, APPROVAL_STEP_USERS_MAX, step.required,
		      set_required));

static const struct ticket_kind *kind_of(struct req *r)
{
	return r->route->arg;
}

enum sw_err api_ticket_approvals(struct req *r, struct sw_error *err)
{
	struct approval_request_list list;
	enum sw_err rc = approval_requests_of(&r->ctx, kind_of(r), req_param(r, "number"), &list, err);
	return rc ? rc : api_reply_items(r, list.items, list.count, sizeof(*list.items), request_item, NULL, err);
}

enum sw_err api_ticket_approval_request(struct req *r, struct sw_error *err)
{
	struct approval_request_input in;
	struct approval_request_list list;
	enum sw_err rc;
	if ((rc = api_read(r, &api_schema_approval_request, true, &in, err)) ||
	    (rc = approval_request(&r->ctx, kind_of(r), req_param(r, "number"), &in, &list, err)))
		return rc;
	if (!list.count)
		return sw_fail(err, SW_EINTERNAL, NULL, "the request was not read back");
	return api_reply(r, 201, request_json(&list.items[0]), err);
}

/* ---- the inbox and decisions ------------------------------------------------------- */

static const struct api_member inbox_members[] = {
	API_EACH(struct approval, API_AS_IS, id, ticket, ticket_kind, ticket_title, approver, state, rule, required,
		 on_behalf),
	API_MEMBER(struct approval, "step", position, API_AS_IS),
	API_EACH(struct approval, API_AS_NULL, via, comment, decided_by),
	API_EACH(struct approval, API_AS_TIME, requested_at, decided_at),
};

static json_t *inbox_item(const void *rec)
{
	const struct approval *a = rec;
	json_t *j = API_MEMBERS(a, inbox_members);
	const struct ticket_kind *k = ticket_kind_by_name(a->ticket_kind);
	if (j && k)
		json_object_set_new(j, "ticket_path", json_string(k->path));
	return j;
}

enum sw_err api_approval_inbox(struct req *r, struct sw_error *err)
{
	struct page p;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "limit,cursor", err)) || (rc = api_page(r, &p, err)))
		return rc;
	struct approval_list list;
	if ((rc = approval_inbox(&r->ctx, &p, &list, err)))
		return rc;
	return api_reply_items(r, list.items, list.count, sizeof(*list.items), inbox_item, list.next_cursor, err);
}

API_TEXT_INPUT(api_schema_decision, "ApprovalDecisionInput", "comment", FT_STRING, LIMIT_REASON_LEN, false);

static enum sw_err decide(struct req *r, bool approve, struct sw_error *err)
{
	struct api_text in;
	int64_t id;
	enum sw_err rc;
	if ((rc = api_id_param(r, "approval", &id, err)) || (rc = api_read(r, &api_schema_decision, true, &in, err)))
		return rc;
	struct approval a;
	if ((rc = approval_decide(&r->ctx, id, approve, in.text, &a, err)))
		return rc;
	return api_reply(r, 200, inbox_item(&a), err);
}

enum sw_err api_approval_approve(struct req *r, struct sw_error *err)
{
	return decide(r, true, err);
}

enum sw_err api_approval_reject(struct req *r, struct sw_error *err)
{
	return decide(r, false, err);
}

/* ---- delegation -------------------------------------------------------------------- */

API_INPUT(api_schema_delegation, "DelegationInput", struct delegation_input,
	  FIELD(struct delegation_input, "delegate", FT_STRING, LIMIT_NAME_LEN, delegate, set_delegate),
	  FIELD(struct delegation_input, "starts_at", FT_TIME_NULL, 0, starts_at, set_starts_at),
	  FIELD(struct delegation_input, "ends_at", FT_TIME_NULL, 0, ends_at, set_ends_at));

static const struct api_member delegation_members[] = {
	API_EACH(struct delegation, API_AS_IS, user, delegate),
	API_EACH(struct delegation, API_AS_TIME, starts_at, ends_at, created_at),
};

static enum sw_err reply_delegation(struct req *r, const struct delegation *d, struct sw_error *err)
{
	json_t *j = API_MEMBERS(d, delegation_members);
	if (j)
		json_object_set_new(j, "active", json_boolean(d->starts_at <= r->ctx.now && r->ctx.now < d->ends_at));
	return api_reply(r, 200, j, err);
}

enum sw_err api_delegation_get(struct req *r, struct sw_error *err)
{
	struct delegation d;
	enum sw_err rc = delegation_get(&r->ctx, &d, err);
	return rc ? rc : reply_delegation(r, &d, err);
}

enum sw_err api_delegation_set(struct req *r, struct sw_error *err)
{
	struct delegation_input in;
	struct delegation d;
	enum sw_err rc;
	if ((rc = api_read(r, &api_schema_delegation, false, &in, err)) || (rc = delegation_set(&r->ctx, &in, &d, err)))
		return rc;
	return reply_delegation(r, &d, err);
}

enum sw_err api_delegation_clear(struct req *r, struct sw_error *err)
{
	enum sw_err rc = delegation_clear(&r->ctx, err);
	return rc ? rc : http_reply(r, 204, NULL, NULL, 0, err);
}

/* ---- the OpenAPI components ---------------------------------------------------------- */

#define STR "{\"type\":\"string\"}"
#define STR_NULL "{\"type\":[\"string\",\"null\"]}"
#define STRS "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"
#define INT "{\"type\":\"integer\"}"
#define INT_NULL "{\"type\":[\"integer\",\"null\"]}"
#define BOOL "{\"type\":\"boolean\"}"
#define TIME "{\"type\":\"string\",\"format\":\"date-time\"}"
#define TIME_NULL "{\"type\":[\"string\",\"null\"],\"format\":\"date-time\"}"
#define RULE "{\"enum\":[\"any\",\"all\",\"n_of_m\"]}"
#define APPROVAL_STATE "{\"enum\":[\"waiting\",\"pending\",\"approved\",\"rejected\",\"skipped\"]}"
#define WHEN_PROPS                                                                                                     \
	"\"when_cost_above\":{\"type\":[\"integer\",\"null\"],\"minimum\":0,\"description\":\"the step applies only "  \
	"when the ticket's cost is above this amount (requests: the item's cost)\"},\"when_variable\":{\"type\":["     \
	"\"string\",\"null\"],\"description\":\"the step applies only when this variable has a value (when_value: "    \
	"this one; when_pattern: one matching it)\"},\"when_value\":" STR_NULL ",\"when_pattern\":" STR_NULL
#define STEP_INPUT                                                                                                     \
	"{\"type\":\"object\",\"required\":[\"rule\"],\"additionalProperties\":false,\"properties\":{\"rule\":" RULE   \
	",\"position\":{\"type\":\"integer\",\"description\":\"optional; when given, the step's place (from 1)\"},"    \
	"\"required\":{\"type\":[\"integer\",\"null\"],\"minimum\":1,\"description\":\"n_of_m only: how many must "    \
	"approve\"},"                                                                                                  \
	"\"users\":" STRS ",\"groups\":" STRS ",\"service_owner\":" BOOL "," WHEN_PROPS "}}"
#define MATCH_PROPS                                                                                                    \
	"\"match_type\":" STR_NULL ",\"match_risk\":" STR_NULL ",\"match_service\":" STR_NULL                          \
	",\"match_category\":{\"type\":[\"string\",\"null\"],\"description\":\"the category or one under it\"}"

static const char schemas[] =
	"\"ApprovalPolicy\":{\"type\":\"object\",\"required\":[\"name\",\"position\",\"active\",\"kind\",\"match_"
	"type\","
	"\"match_risk\",\"match_service\",\"match_category\",\"match_priority\",\"steps\",\"created_at\","
	"\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"name\":" STR ",\"position\":" INT
	",\"active\":" BOOL ",\"kind\":" STR "," MATCH_PROPS ",\"match_priority\":" INT_NULL
	",\"steps\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"position\",\"rule\","
	"\"required\","
	"\"users\",\"groups\",\"service_owner\",\"when_cost_above\",\"when_variable\",\"when_value\",\"when_"
	"pattern\"],\"additionalProperties\":false,\"properties\":{\"position\":" INT ",\"rule\":" RULE
	",\"required\":" INT_NULL ",\"users\":" STRS ",\"groups\":" STRS ",\"service_owner\":" BOOL "," WHEN_PROPS
	"}}},\"created_at\":" TIME ",\"updated_at\":" TIME "}},"
	"\"ApprovalPolicyInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":" STR
	",\"position\":{\"type\":\"integer\",\"minimum\":0},\"active\":" BOOL ",\"kind\":" STR "," MATCH_PROPS
	",\"match_priority\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":5},\"steps\":{\"type\":\"array\","
	"\"maxItems\":" API_STR(
		APPROVAL_STEPS_MAX) ",\"items\":" STEP_INPUT "}}},"
				    "\"ApprovalEntry\":{\"type\":\"object\",\"required\":[\"id\",\"approver\","
				    "\"state\",\"step\",\"via\","
				    "\"comment\",\"decided_by\",\"requested_at\",\"decided_at\",\"reminded_at\"],"
				    "\"additionalProperties\":false,"
				    "\"properties\":{\"id\":" INT ",\"approver\":" STR ",\"state\":" APPROVAL_STATE
				    ",\"step\":" INT ",\"via\":" STR_NULL ",\"comment\":" STR_NULL
				    ",\"decided_by\":{\"type\":[\"string\",\"null\"],\"description\":"
				    "\"the approver, or their delegate\"},\"requested_at\":" TIME_NULL
				    ",\"decided_at\":" TIME_NULL ",\"reminded_at\":" TIME_NULL "}},"
				    "\"ApprovalRequest\":{\"type\":\"object\",\"required\":[\"id\",\"state\","
				    "\"policy\",\"step\",\"step_count\","
				    "\"created_by\",\"created_at\",\"decided_at\",\"steps\",\"policy_steps\"],"
				    "\"additionalProperties\":"
				    "false,\"properties\":{"
				    "\"id\":" INT ",\"state\":{\"enum\":[\"pending\",\"approved\",\"rejected\","
				    "\"canceled\"]},\"policy\":" STR_NULL ",\"step\":" INT ",\"step_count\":" INT
				    ",\"created_by\":" STR_NULL ",\"created_at\":" TIME ",\"decided_at\":" TIME_NULL
				    ",\"steps\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":["
				    "\"position\",\"rule\",\"required\",\"state\",\"started_at\",\"decided_at\","
				    "\"approvals\"],"
				    "\"additionalProperties\":false,\"properties\":{\"position\":" INT ",\"rule\":" RULE
				    ",\"required\":" INT ",\"state\":{\"enum\":[\"waiting\",\"pending\",\"approved\","
				    "\"rejected\",\"canceled\"]},\"started_at\":" TIME_NULL ",\"decided_at\":" TIME_NULL
				    ",\"approvals\":{\"type\":\"array\",\"items\":{\"$ref\":"
				    "\"#/components/schemas/ApprovalEntry\"}}}}},\"policy_steps\":{\"type\":\"array\","
				    "\"description\":\"which of its policy's steps the request took (step: the "
				    "request's "
				    "step it became; null: left out by its condition), and why\",\"items\":{\"type\":"
				    "\"object\",\"required\":[\"position\",\"step\",\"reason\"],"
				    "\"additionalProperties\":"
				    "false,\"properties\":{\"position\":" INT ",\"step\":" INT_NULL ",\"reason\":" STR
				    "}}}}},"
				    "\"ApprovalRequestInput\":{\"type\":\"object\",\"additionalProperties\":false,"
				    "\"description\":\"approvers "
				    "and a rule (one step), or a policy by name, or neither: the ticket's matching "
				    "policy\",\"properties\":{"
				    "\"policy\":" STR ",\"users\":" STRS ",\"groups\":" STRS ",\"service_owner\":" BOOL
				    ",\"rule\":" RULE ",\"required\":{\"type\":\"integer\",\"minimum\":1}}},"
				    "\"Approval\":{\"type\":\"object\",\"required\":[\"id\",\"ticket\",\"ticket_kind\","
				    "\"ticket_title\","
				    "\"approver\",\"state\",\"rule\",\"required\",\"on_behalf\",\"step\",\"via\","
				    "\"comment\",\"decided_by\","
				    "\"requested_at\",\"decided_at\"],\"additionalProperties\":false,\"properties\":{"
				    "\"id\":" INT ",\"ticket\":" STR ",\"ticket_kind\":" STR ",\"ticket_title\":" STR
				    ",\"ticket_path\":" STR ",\"approver\":" STR ",\"state\":" APPROVAL_STATE
				    ",\"rule\":" RULE ",\"required\":" INT
				    ",\"on_behalf\":{\"type\":\"boolean\",\"description\":\"decided (or to be decided) "
				    "by the caller as the "
				    "approver's delegate\"},\"step\":" INT ",\"via\":" STR_NULL ",\"comment\":" STR_NULL
				    ",\"decided_by\":" STR_NULL ",\"requested_at\":" TIME_NULL
				    ",\"decided_at\":" TIME_NULL "}},"
				    "\"ApprovalDecisionInput\":{\"type\":\"object\",\"additionalProperties\":false,"
				    "\"properties\":{\"comment\":{"
				    "\"type\":\"string\",\"maxLength\":" API_STR(
					    LIMIT_REASON_LEN) ",\"description\":\"required to reject\"}}},"
							      "\"Delegation\":{\"type\":\"object\",\"required\":["
							      "\"user\",\"delegate\",\"starts_at\",\"ends_at\","
							      "\"created_at\",\"active\"],\"additionalProperties\":"
							      "false,\"properties\":{\"user\":" STR ",\"delegate\":" STR
							      ",\"starts_at\":" TIME ",\"ends_at\":" TIME
							      ",\"created_at\":" TIME ",\"active\":" BOOL "}},"
							      "\"DelegationInput\":{\"type\":\"object\",\"required\":["
							      "\"delegate\",\"ends_at\"],\"additionalProperties\":"
							      "false,\"properties\":{\"delegate\":" STR
							      ",\"starts_at\":" TIME_NULL ",\"ends_at\":" TIME "}}";

void api_openapi_approval_schemas(struct jsonw *w)
{
	jsonw_raw(w, schemas);
}
