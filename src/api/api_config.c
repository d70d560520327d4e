/*
 * api_config.c — configuration resources of the incident process:
 * /api/v1/assignment-rules.  Admins write, agents read.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "core/assign.h"
#include "base/banned.h"

#define RF(name_, type_, max_, member_, flag_)                                                                         \
	{                                                                                                              \
		name_, type_, max_, 0, 0, offsetof(struct assignment_rule_input, member_),                             \
			offsetof(struct assignment_rule_input, flag_), 0, false                                        \
	}

/* Integer ranges are checked by the domain rules (core/assign.c), so that a
 * bad position is reported together with every other bad field. */
static const struct field rule_fields[] = {
	{"name", FT_STRING, LIMIT_NAME_LEN, 0, 0, offsetof(struct assignment_rule_input, name), FIELD_NO_FLAG, 0,
	 false},
	{"position", FT_INT, 0, INT32_MIN, INT32_MAX, offsetof(struct assignment_rule_input, position),
	 offsetof(struct assignment_rule_input, set_position), 0, false},
	RF("active", FT_BOOL, 0, active, set_active),
	RF("match_category", FT_STRING_NULL, LIMIT_CATEGORY_LEN, match_category, set_match_category),
	{"match_priority", FT_INT, 0, INT32_MIN, INT32_MAX, offsetof(struct assignment_rule_input, match_priority),
	 offsetof(struct assignment_rule_input, set_match_priority), 0, false},
	{"match_keywords", FT_STRINGS, ASSIGN_KEYWORDS_MAX, 0, 0, offsetof(struct assignment_rule_input, keywords),
	 offsetof(struct assignment_rule_input, set_keywords), offsetof(struct assignment_rule_input, keyword_count),
	 false},
	RF("assignment_group", FT_STRING, LIMIT_NAME_LEN, group, set_group),
	RF("assign", FT_STRING, 20, assign, set_assign),
};
const struct api_schema api_schema_rule = API_SCHEMA("AssignmentRuleInput", rule_fields, struct assignment_rule_input);

static json_t *rule_json(const struct assignment_rule *r)
{
	json_t *j = json_object();
	if (!j)
		return NULL;
	json_object_set_new(j, "name", json_string(r->name));
	json_object_set_new(j, "position", json_integer(r->position));
	json_object_set_new(j, "active", json_boolean(r->active));
	json_object_set_new(j, "match_category", api_str(r->match_category));
	json_object_set_new(j, "match_priority", r->match_priority ? json_integer(r->match_priority) : json_null());
	json_object_set_new(j, "match_keywords", api_strings(r->keywords, r->keyword_count));
	json_object_set_new(j, "assignment_group", json_string(r->group));
	json_object_set_new(j, "assign", json_string(assign_mode_name(r->assign)));
	json_object_set_new(j, "created_at", api_time(r->created_at));
	json_object_set_new(j, "updated_at", api_time(r->updated_at));
	return j;
}

enum sw_err api_rule_create(struct req *r, struct sw_error *err)
{
	struct assignment_rule_input in;
	enum sw_err rc = api_read(r, &api_schema_rule, false, &in, err);
	struct assignment_rule out;
	if (rc || (rc = assign_rule_create(&r->ctx, &in, &out, err)))
		return rc;
	http_header(r, "Location", arena_printf(&r->arena, "/api/v1/assignment-rules/%s", out.name));
	return api_reply(r, 201, rule_json(&out), err);
}

enum sw_err api_rule_update(struct req *r, struct sw_error *err)
{
	struct assignment_rule_input in;
	enum sw_err rc = api_read(r, &api_schema_rule, false, &in, err);
	struct assignment_rule out;
	if (rc || (rc = assign_rule_update(&r->ctx, req_param(r, "name"), &in, &out, err)))
		return rc;
	return api_reply(r, 200, rule_json(&out), err);
}

enum sw_err api_rule_get(struct req *r, struct sw_error *err)
{
	struct assignment_rule out;
	enum sw_err rc = assign_rule_get(&r->ctx, req_param(r, "name"), &out, err);
	return rc ? rc : api_reply(r, 200, rule_json(&out), err);
}

enum sw_err api_rule_list(struct req *r, struct sw_error *err)
{
	struct assignment_rule_list list;
	enum sw_err rc = assign_rule_list(&r->ctx, &list, err);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; items && i < list.count; i++)
		json_array_append_new(items, rule_json(&list.items[i]));
	return api_reply_list(r, items, NULL, err);
}
