/*
 * api_custom.c — /api/v1/custom-fields (fields admins define per ticket
 * kind) and /api/v1/mandatory-fields (fields a ticket must have filled in
 * to be in a state).  JSON in, core/ticket/custom_field.h, JSON out.
 */
#include <stddef.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/ticket/custom_field.h"
#include "base/banned.h"

API_INPUT(api_schema_custom_field, "CustomFieldInput", struct custom_field_input,
	  FIELD_PLAIN(struct custom_field_input, "kind", FT_STRING, 40, kind, false),
	  FIELD_PLAIN(struct custom_field_input, "name", FT_STRING, CUSTOM_NAME_MAX, name, false),
	  FIELD(struct custom_field_input, "label", FT_STRING, LIMIT_NAME_LEN, label, set_label),
	  FIELD(struct custom_field_input, "type", FT_STRING, 20, type, set_type),
	  FIELD_STRINGS(struct custom_field_input, "choices", CUSTOM_CHOICES_MAX, choices, choice_count, set_choices),
	  FIELD(struct custom_field_input, "category", FT_STRING_NULL, LIMIT_CATEGORY_LEN, category, set_category),
	  FIELDS_ORDERED(struct custom_field_input, FT_INT, 0, 1000000));

static const struct api_member custom_field_members[] = {
	API_EACH(struct custom_field, API_AS_IS, kind, name, label),
	API_MEMBER_VALUE(struct custom_field, "type", type, custom_type_name_list),
	API_MEMBER_STRINGS(struct custom_field, "choices", choices, choice_count),
	API_EACH(struct custom_field, API_AS_NULL, category),
	API_EACH(struct custom_field, API_AS_IS, position, active),
	API_TIMES(struct custom_field),
};

static json_t *custom_field_json(const void *rec)
{
	return API_MEMBERS(rec, custom_field_members);
}

enum sw_err api_custom_field_create(struct req *r, struct sw_error *err)
{
	struct custom_field_input in;
	enum sw_err rc = api_read(r, &api_schema_custom_field, false, &in, err);
	struct custom_field out;
	if (rc || (rc = custom_field_create(&r->ctx, &in, &out, err)))
		return rc;
	http_header(r, "Location", arena_printf(&r->arena, "/api/v1/custom-fields/%s/%s", out.kind, out.name));
	return api_reply(r, 201, custom_field_json(&out), err);
}

enum sw_err api_custom_field_update(struct req *r, struct sw_error *err)
{
	struct custom_field_input in;
	enum sw_err rc = api_read(r, &api_schema_custom_field, false, &in, err);
	struct custom_field out;
	if (rc || (rc = custom_field_update(&r->ctx, req_param(r, "kind"), req_param(r, "name"), &in, &out, err)))
		return rc;
	return api_reply(r, 200, custom_field_json(&out), err);
}

enum sw_err api_custom_field_get(struct req *r, struct sw_error *err)
{
	struct custom_field out;
	enum sw_err rc = custom_field_get(&r->ctx, req_param(r, "kind"), req_param(r, "name"), &out, err);
	return rc ? rc : api_reply(r, 200, custom_field_json(&out), err);
}

/* The one query parameter of the lists here: the ticket kind, or NULL. */
static enum sw_err kind_param(struct req *r, const char **kind, struct sw_error *err)
{
	enum sw_err rc = api_query_allowed(r, "kind", err);
	return rc ? rc : api_query_str(r, "kind", 40, kind, err);
}

/* The handler of a list whose one query parameter is the ticket kind:
 * call_(ctx, kind or NULL, &list, err), each item answered by json_. */
#define KIND_LIST(handler_, list_type_, call_, json_)                                                                  \
	enum sw_err handler_(struct req *r, struct sw_error *err)                                                      \
	{                                                                                                              \
		const char *kind;                                                                                      \
		list_type_ list;                                                                                       \
		enum sw_err rc;                                                                                        \
		if ((rc = kind_param(r, &kind, err)) || (rc = call_(&r->ctx, kind, &list, err)))                       \
			return rc;                                                                                     \
		return api_reply_items(r, list.items, list.count, sizeof(*list.items), json_, NULL, err);              \
	}

KIND_LIST(api_custom_field_list, struct custom_field_list, custom_field_list, custom_field_json)

API_INPUT(api_schema_mandatory, "MandatoryFieldInput", struct mandatory_field,
	  FIELD_PLAIN(struct mandatory_field, "kind", FT_STRING, 40, kind, true),
	  FIELD_PLAIN(struct mandatory_field, "state", FT_STRING, 40, state, true),
	  FIELD_PLAIN(struct mandatory_field, "field", FT_STRING, CUSTOM_NAME_MAX + 8, field, true));

static json_t *mandatory_json(const void *rec)
{
	const struct mandatory_field *m = rec;
	return json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)m->id, "kind", m->kind, "state", m->state,
			 "field", m->field, "created_at", api_time(m->created_at));
}

API_WRITE_JSON(api_mandatory_create, api_schema_mandatory, struct mandatory_field, mandatory_create,
	       struct mandatory_field, 201, mandatory_json)

KIND_LIST(api_mandatory_list, struct mandatory_list, mandatory_list, mandatory_json)

enum sw_err api_mandatory_delete(struct req *r, struct sw_error *err)
{
	return api_id_call(r, "mandatory field", mandatory_delete, err);
}
