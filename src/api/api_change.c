/*
 * api_change.c — what only changes have over HTTP (core/change/change.h):
 * their tasks, the incidents they caused, and the standard change
 * templates.  The rest of a change's
 * routes, and all of a change task's, are the ticket family's
 * (api_ticket.c).
 */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "core/change/change.h"
#include "core/change/change_template.h"
#include "base/banned.h"

API_LIST_OF(api_change_tasks, "number", struct ticket_list, change_tasks, api_reply_tickets)

enum sw_err api_change_task_add(struct req *r, struct sw_error *err)
{
	struct ticket_input in;
	enum sw_err rc = api_read(r, &api_schema_incident, false, &in, err);
	if (rc)
		return rc;
	in.via = !r->session ? "api" : "agent";
	struct ticket t;
	if ((rc = change_task_add(&r->ctx, req_param(r, "number"), &in, &t, err)))
		return rc;
	return api_reply_ticket(r, 201, &t, err);
}

API_LIST_OF(api_change_incidents, "number", struct ticket_list, change_caused_incidents, api_reply_tickets)

/* GET /api/v1/changes/{number}/conflicts?depth=N */
enum sw_err api_change_conflicts(struct req *r, struct sw_error *err)
{
	int64_t depth = 1;
	bool given;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "depth", err)) ||
	    (rc = api_query_int(r, "depth", 0, CHANGE_CONFLICT_DEPTH_MAX, &depth, &given, err)))
		return rc;
	struct change_conflict_list list;
	if ((rc = change_conflicts(&r->ctx, req_param(r, "number"), (int)depth, &list, err)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; items && i < list.count; i++) {
		const struct change_conflict *x = &list.items[i];
		json_array_append_new(items, json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:o}", "kind", x->kind, "number",
						       x->number, "title", api_str(x->title), "reason", x->reason, "ci",
						       x->ci ? json_integer(x->ci) : json_null(), "planned_start",
						       api_time(x->start), "planned_end", api_time(x->end)));
	}
	return api_reply(r, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"), err);
}

/* ---- CI updates planned on a change ------------------------------------------------ */

API_INPUT(api_schema_change_ci_update, "ChangeCiUpdateInput", struct change_ci_update_input,
	  FIELD_RANGE(struct change_ci_update_input, "ci", FT_INT64, 1, INT64_MAX, ci, set_ci),
	  FIELD(struct change_ci_update_input, "status", FT_STRING, 40, status, set_status),
	  FIELD(struct change_ci_update_input, "attribute", FT_STRING, LIMIT_NAME_LEN, attribute, set_attribute),
	  FIELD(struct change_ci_update_input, "value", FT_STRING, 1000, value, set_value),
	  FIELD(struct change_ci_update_input, "relation", FT_STRING, 40, relation, set_relation),
	  FIELD_RANGE(struct change_ci_update_input, "to", FT_INT64, 1, INT64_MAX, to, set_to));

static json_t *ci_update_json(const void *rec)
{
	const struct change_ci_update *u = rec;
	return json_pack("{s:I, s:I, s:s, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)u->id, "ci",
			 (json_int_t)u->ci_id, "kind", u->kind, "name", api_str(u->name), "value", api_str(u->value),
			 "to", u->to_id ? json_integer(u->to_id) : json_null(), "created_at", api_time(u->created_at),
			 "applied_at", api_time(u->applied_at));
}

API_APPLY_JSON(api_change_ci_update_add, api_schema_change_ci_update, struct change_ci_update_input, "number",
	       change_ci_update_add, struct change_ci_update, 201, ci_update_json)

enum sw_err api_change_ci_updates(struct req *r, struct sw_error *err)
{
	struct change_ci_update_list list;
	enum sw_err rc = change_ci_updates(&r->ctx, req_param(r, "number"), &list, err);
	return rc ? rc : api_reply_items(r, list.items, list.count, sizeof(*list.items), ci_update_json, NULL, err);
}

/* ---- standard change templates ---------------------------------------------------- */

API_INPUT(api_schema_change_template, "ChangeTemplateInput", struct change_template_input,
	  FIELD_PLAIN(struct change_template_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	  FIELD(struct change_template_input, "description", FT_STRING, LIMIT_DESCRIPTION_LEN, description,
		set_description),
	  FIELD(struct change_template_input, "category", FT_STRING_NULL, LIMIT_CATEGORY_LEN, category, set_category),
	  FIELD(struct change_template_input, "implementation_plan", FT_STRING, 0, implementation_plan,
		set_implementation_plan),
	  FIELD(struct change_template_input, "backout_plan", FT_STRING_NULL, 0, backout_plan, set_backout_plan),
	  FIELD(struct change_template_input, "test_plan", FT_STRING_NULL, 0, test_plan, set_test_plan),
	  FIELD_STRINGS(struct change_template_input, "services", CHANGE_TEMPLATE_REFS_MAX, services, service_count,
			set_services),
	  FIELD_IDS(struct change_template_input, "cis", CHANGE_TEMPLATE_REFS_MAX, cis, ci_count, set_cis),
	  FIELD(struct change_template_input, "risk", FT_STRING, 20, risk, set_risk),
	  FIELD(struct change_template_input, "active", FT_BOOL, 0, active, set_active));

API_RECORD_OF(api_change_templates, change_template_kind, api_schema_change_template,
	      API_EACH(struct change_template, API_AS_IS, name, description),
	      API_EACH(struct change_template, API_AS_NULL, category),
	      API_EACH(struct change_template, API_AS_IS, implementation_plan),
	      API_EACH(struct change_template, API_AS_NULL, backout_plan, test_plan),
	      API_MEMBER_STRINGS(struct change_template, "services", services, service_count),
	      API_MEMBER_IDS(struct change_template, "cis", cis, ci_count),
	      API_EACH(struct change_template, API_AS_IS, risk, active), API_TIMES(struct change_template));

/* The OpenAPI components of the standard change catalogue. */
#define STR "{\"type\":\"string\"}"
#define STR_NULL "{\"type\":[\"string\",\"null\"]}"
#define TIME "{\"type\":\"string\",\"format\":\"date-time\"}"
#define RISKS "{\"enum\":[\"low\",\"medium\",\"high\",\"very_high\"]}"
#define REFS(items_) "{\"type\":\"array\",\"maxItems\":100,\"items\":" items_ "}"
static const char schemas[] =
	"\"ChangeTemplate\":{\"type\":\"object\",\"required\":[\"name\",\"description\",\"category\","
	"\"implementation_plan\",\"backout_plan\",\"test_plan\",\"services\",\"cis\",\"risk\",\"active\","
	"\"created_at\",\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"name\":" STR
	",\"description\":" STR ",\"category\":" STR_NULL ",\"implementation_plan\":" STR ",\"backout_plan\":" STR_NULL
	",\"test_plan\":" STR_NULL ",\"services\":" REFS(STR) ",\"cis\":" REFS(
		"{\"type\":\"integer\"}") ",\"risk\":" RISKS ",\"active\":{\"type\":\"boolean\"},"
					  "\"created_at\":" TIME ",\"updated_at\":" TIME "}},"
					  "\"ChangeTemplateInput\":{\"type\":\"object\","
					  "\"additionalProperties\":false,\"properties\":{"
					  "\"name\":{\"type\":\"string\",\"description\":\"create "
					  "only\"},\"description\":" STR ",\"category\":" STR_NULL
					  ",\"implementation_plan\":{\"type\":\"string\",\"description\":"
					  "\"required on create\"},\"backout_plan\":" STR_NULL
					  ",\"test_plan\":" STR_NULL ",\"services\":" REFS(
						  "{\"type\":\"string\",\"description\":\"a "
						  "service name\"}") ",\"cis\":" REFS("{\"type\":\"integer\","
										      "\"minimum\":1,\"description\":"
										      "\"a CI "
										      "id\"}") ",\"risk\":" RISKS
											       ",\"active\":{\"type\":"
											       "\"boolean\"}}}";

static const char conflict_schema[] =
	"\"ChangeConflict\":{\"type\":\"object\",\"required\":[\"kind\",\"number\",\"title\",\"reason\",\"ci\","
	"\"planned_start\",\"planned_end\"],\"additionalProperties\":false,\"properties\":{\"kind\":{\"enum\":["
	"\"change\",\"incident\",\"window\"]},\"number\":{\"type\":\"string\",\"description\":\"the other change or "
	"incident, or the window's name\"},\"title\":" STR_NULL ",\"reason\":{\"enum\":[\"same_ci\",\"neighbour_ci\","
	"\"same_assignee\",\"major_incident\",\"blackout\",\"outside_maintenance\"]},\"ci\":{\"type\":[\"integer\","
	"\"null\"],"
	"\"description\":\"the other change's CI the conflict is about\"},\"planned_start\":{\"type\":[\"string\","
	"\"null\"],\"format\":\"date-time\"},\"planned_end\":{\"type\":[\"string\",\"null\"],\"format\":"
	"\"date-time\"}}}";

static const char ci_update_schema[] =
	"\"ChangeCiUpdate\":{\"type\":\"object\",\"required\":[\"id\",\"ci\",\"kind\",\"name\",\"value\",\"to\","
	"\"created_at\",\"applied_at\"],\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"integer\"},"
	"\"ci\":{\"type\":\"integer\"},\"kind\":{\"enum\":[\"status\",\"attribute\",\"relation\"]},\"name\":" STR_NULL
	",\"value\":" STR_NULL ",\"to\":{\"type\":[\"integer\",\"null\"]},\"created_at\":" TIME
	",\"applied_at\":{\"type\":[\"string\",\"null\"],\"format\":\"date-time\",\"description\":\"when the "
	"change was implemented and the update applied\"}}},"
	"\"ChangeCiUpdateInput\":{\"type\":\"object\",\"required\":[\"ci\"],\"additionalProperties\":false,"
	"\"description\":\"exactly one of status, attribute with value, relation with to\",\"properties\":{"
	"\"ci\":{\"type\":\"integer\",\"minimum\":1},\"status\":{\"type\":\"string\"},\"attribute\":"
	"{\"type\":\"string\"},\"value\":{\"type\":\"string\",\"maxLength\":1000},\"relation\":{\"type\":"
	"\"string\"},\"to\":{\"type\":\"integer\",\"minimum\":1}}}";

void api_openapi_change_schemas(struct jsonw *w)
{
	jsonw_raw(w, schemas);
	jsonw_raw(w, conflict_schema);
	jsonw_raw(w, ci_update_schema);
}
