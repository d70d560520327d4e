/*
 * api_config.c — configuration resources of the incident process:
 * assignment rules (admins write, agents read), the category tree and
 * incident templates (admins write, every user reads what is active).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/ticket/assign.h"
#include "core/ticket/category.h"
#include "core/ticket/template.h"
#include "base/banned.h"

/* Integer ranges are checked by the domain rules (core/ticket/assign.c), so that a
 * bad position is reported together with every other bad field. */
API_INPUT(api_schema_rule, "AssignmentRuleInput", struct assignment_rule_input,
	  FIELD_PLAIN(struct assignment_rule_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	  FIELDS_ORDERED(struct assignment_rule_input, FT_INT, INT32_MIN, INT32_MAX),
	  FIELD(struct assignment_rule_input, "match_category", FT_STRING_NULL, LIMIT_CATEGORY_LEN, match_category,
		set_match_category),
	  FIELD_RANGE(struct assignment_rule_input, "match_priority", FT_INT, INT32_MIN, INT32_MAX, match_priority,
		      set_match_priority),
	  FIELD_STRINGS(struct assignment_rule_input, "match_keywords", ASSIGN_KEYWORDS_MAX, keywords, keyword_count,
			set_keywords),
	  FIELD(struct assignment_rule_input, "assignment_group", FT_STRING, LIMIT_NAME_LEN, group, set_group),
	  FIELD(struct assignment_rule_input, "match_service", FT_STRING_NULL, LIMIT_NAME_LEN, match_service,
		set_match_service),
	  FIELD(struct assignment_rule_input, "match_ci", FT_ID_NULL, 0, match_ci, set_match_ci),
	  FIELD(struct assignment_rule_input, "assign", FT_STRING, 20, assign, set_assign));

API_RECORD_OF(api_assignment_rules, assign_rule_kind, api_schema_rule,
	      API_EACH(struct assignment_rule, API_AS_IS, name, position, active),
	      API_EACH(struct assignment_rule, API_AS_NULL, match_category, match_priority),
	      API_MEMBER_STRINGS(struct assignment_rule, "match_keywords", keywords, keyword_count),
	      API_EACH(struct assignment_rule, API_AS_NULL, match_service),
	      API_MEMBER(struct assignment_rule, "match_ci", match_ci_id, API_AS_NULL),
	      API_MEMBER(struct assignment_rule, "assignment_group", group, API_AS_IS),
	      API_MEMBER_VALUE(struct assignment_rule, "assign", assign, assign_mode_name_list),
	      API_TIMES(struct assignment_rule));

/* ---- categories ----------------------------------------------------------- */

struct category_input {
	const char *name, *parent;
	bool active;
	bool set_active;
};

API_INPUT(api_schema_category, "CategoryInput", struct category_input,
	  FIELD_PLAIN(struct category_input, "name", FT_STRING, CATEGORY_NAME_MAX, name, false),
	  FIELD_PLAIN(struct category_input, "parent", FT_STRING_NULL, LIMIT_CATEGORY_LEN, parent, false),
	  FIELD(struct category_input, "active", FT_BOOL, 0, active, set_active));

static const struct api_member category_members[] = {
	API_EACH(struct category, API_AS_IS, id, path, name),
	API_EACH(struct category, API_AS_NULL, parent),
	API_EACH(struct category, API_AS_IS, active),
	API_EACH(struct category, API_AS_TIME, created_at),
};

json_t *api_category_json(const void *rec)
{
	return API_MEMBERS(rec, category_members);
}

enum sw_err api_category_create(struct req *r, struct sw_error *err)
{
	struct category_input in;
	enum sw_err rc = api_read(r, &api_schema_category, false, &in, err);
	if (rc)
		return rc;
	if (in.set_active) {
		sw_field_fail(err, "active", "a new category is active; deactivate it with PATCH");
		return err->code;
	}
	struct category out;
	if ((rc = category_create(&r->ctx, in.name, in.parent, &out, err)))
		return rc;
	return api_reply_created(r, "/api/v1/categories", out.id, api_category_json(&out), err);
}

enum sw_err api_category_update(struct req *r, struct sw_error *err)
{
	int64_t id;
	struct category_input in;
	enum sw_err rc;
	if ((rc = api_id_param(r, "category", &id, err)) || (rc = api_read(r, &api_schema_category, false, &in, err)))
		return rc;
	if (in.name || in.parent)
		sw_field_fail(err, in.name ? "name" : "parent",
			      "cannot be changed (tickets keep the path): add a new category and deactivate this one");
	else if (!in.set_active)
		sw_field_fail(err, "active", "is required");
	if (err->code)
		return err->code;
	struct category out;
	if ((rc = category_set_active(&r->ctx, id, in.active, &out, err)))
		return rc;
	return api_reply(r, 200, api_category_json(&out), err);
}

const char *api_category_path(struct arena *a, const void *in)
{
	const struct category_input *c = in;
	if (!c->name)
		return NULL;
	return c->parent ? arena_printf(a, "%s/%s", c->parent, c->name) : c->name;
}

enum sw_err api_category_put(struct ctx *c, const char *path, const void *in, struct category *out,
			     struct sw_error *err)
{
	const struct category_input *ci = in;
	enum sw_err rc;
	if (!path) {
		if ((rc = category_create(c, ci->name, ci->parent, out, err)) || !ci->set_active || ci->active)
			return rc;
		return category_set_active(c, out->id, false, out, err);
	}
	struct category_list list;
	if ((rc = category_list(c, false, &list, err)))
		return rc;
	for (size_t i = 0; i < list.count; i++)
		if (strcmp(list.items[i].path, path) == 0) {
			if (!ci->set_active) {
				*out = list.items[i];
				return SW_OK;
			}
			return category_set_active(c, list.items[i].id, ci->active, out, err);
		}
	return sw_fail(err, SW_ENOTFOUND, NULL, "no category '%s'", path);
}

enum sw_err api_category_list(struct req *r, struct sw_error *err)
{
	int active;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "active", err)) || (rc = api_query_bool(r, "active", &active, err)))
		return rc;
	struct category_list list;
	if ((rc = category_list(&r->ctx, active == 1, &list, err)))
		return rc;
	return api_reply_items(r, list.items, list.count, sizeof(*list.items), api_category_json, NULL, err);
}

/* ---- templates ------------------------------------------------------------ */

API_INPUT(api_schema_template, "TemplateInput", struct template_input,
	  FIELD_PLAIN(struct template_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	  FIELD(struct template_input, "title", FT_STRING, LIMIT_TITLE_LEN, title, set_title),
	  FIELD(struct template_input, "description", FT_STRING, 0, description, set_description),
	  FIELD_RANGE(struct template_input, "impact", FT_INT, 1, 3, impact, set_impact),
	  FIELD_RANGE(struct template_input, "urgency", FT_INT, 1, 3, urgency, set_urgency),
	  FIELD(struct template_input, "category", FT_STRING_NULL, LIMIT_CATEGORY_LEN, category, set_category),
	  FIELD(struct template_input, "assignment_group", FT_STRING_NULL, LIMIT_NAME_LEN, group, set_group),
	  FIELD(struct template_input, "active", FT_BOOL, 0, active, set_active));

API_RECORD_OF(api_templates, template_kind, api_schema_template,
	      API_EACH(struct incident_template, API_AS_IS, name, title, description, impact, urgency),
	      API_EACH(struct incident_template, API_AS_NULL, category),
	      API_MEMBER(struct incident_template, "assignment_group", group, API_AS_NULL),
	      API_EACH(struct incident_template, API_AS_IS, active), API_TIMES(struct incident_template));
