/*
 * api_catalog.c — the service catalogue over HTTP (core/catalog/):
 * catalogue items (a record resource: admins write, whoever may order an
 * item reads it), their fulfilment plan (PUT …/plan), a version of their
 * form (GET …/form) and a submission checked as ordering would check it
 * (POST …/check).  The decoders of form definitions and submissions are
 * exported for fuzz_form.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/api_catalog.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "core/approval/approval.h"
#include "core/catalog/catalog.h"
#include "core/catalog/request.h"
#include "core/ticket/ticket.h"
#include "api/oas.h" /* after the others: its names are short */
#include "base/banned.h"

/* ---- form definitions --------------------------------------------------------- */

static const struct api_elements variable_elements =
	API_ELEMENTS("variables", false, FORM_VARIABLES_MAX, struct form_var, "must be an array of variables",
		     "must list at most " API_STR(FORM_VARIABLES_MAX) " variables");

/* A JSON integer bound, or null (none). */
static void bound(const char *at, json_t *v, bool *has, int64_t *out, struct sw_error *err)
{
	if (json_is_null(v)) {
		*has = false;
	} else if (!json_is_integer(v) || json_integer_value(v) < -(json_int_t)FORM_NUMBER_LIMIT ||
		   json_integer_value(v) > (json_int_t)FORM_NUMBER_LIMIT) {
		sw_field_fail(err, at, "must be an integer within ±10^15, or null");
	} else {
		*has = true;
		*out = json_integer_value(v);
	}
}

/* A string member of at most max characters (api_string takes strings only). */
static const char *text(struct req *r, const char *at, json_t *v, size_t max, struct sw_error *err)
{
	if (json_is_string(v))
		return api_string(r, v, at, max, err);
	sw_field_fail(err, at, "must be a string");
	return NULL;
}

/* The same, or null. */
static const char *text_or_null(struct req *r, const char *at, json_t *v, size_t max, struct sw_error *err)
{
	return json_is_null(v) ? NULL : text(r, at, v, max, err);
}

/* One member of a variable (api_object_elements): false for one it lacks. */
API_OBJECT_MEMBER(variable_member)
{
	struct form_var *d = slot;
	if (!strcmp(key, "name")) {
		d->name = text(r, at, v, FORM_NAME_MAX, err);
	} else if (!strcmp(key, "type")) {
		if (!json_is_string(v) || form_type_parse(json_string_value(v), &d->type))
			sw_field_fail(err, at,
				      "must be one of text, long_text, number, date, datetime, choice, "
				      "multi_choice, boolean, user, ci, attachment");
		else
			d->has_type = true;
	} else if (!strcmp(key, "label")) {
		d->label = text(r, at, v, FORM_LABEL_MAX, err);
	} else if (!strcmp(key, "required")) {
		if (!json_is_boolean(v))
			sw_field_fail(err, at, "must be true or false");
		else
			d->required = json_is_true(v);
	} else if (!strcmp(key, "default")) {
		d->default_value = text_or_null(r, at, v, FORM_LABEL_MAX, err);
	} else if (!strcmp(key, "help")) {
		d->help = text_or_null(r, at, v, FORM_HELP_MAX, err);
	} else if (!strcmp(key, "pattern")) {
		d->pattern = text_or_null(r, at, v, FORM_PATTERN_MAX, err);
	} else if (!strcmp(key, "min")) {
		bound(at, v, &d->has_min, &d->min, err);
	} else if (!strcmp(key, "max")) {
		bound(at, v, &d->has_max, &d->max, err);
	} else if (!strcmp(key, "options")) {
		d->options = json_is_null(v) ? NULL
					     : api_string_array(r, v, at, FORM_OPTIONS_MAX, FORM_LABEL_MAX,
								&d->option_count, err);
	} else if (!strcmp(key, "ci_class")) {
		d->ci_class = text_or_null(r, at, v, LIMIT_NAME_LEN, err);
	} else if (!strcmp(key, "when")) {
		if (json_is_null(v))
			d->has_when = false;
		else if (!json_is_string(v) || form_when_parse(json_string_value(v), &d->when))
			sw_field_fail(err, at, "must be show, require or none");
		else
			d->has_when = true;
	} else if (!strcmp(key, "when_variable")) {
		d->when_var = text_or_null(r, at, v, FORM_NAME_MAX, err);
	} else if (!strcmp(key, "when_value")) {
		d->when_value = text_or_null(r, at, v, FORM_LABEL_MAX, err);
	} else if (!strcmp(key, "max_size")) {
		if (json_is_null(v))
			d->max_size = 0;
		else if (!json_is_integer(v) || json_integer_value(v) < 1 ||
			 json_integer_value(v) > LIMIT_BODY_ATTACHMENT)
			sw_field_fail(err, at, "must be null or an integer from 1 to %d (bytes)",
				      LIMIT_BODY_ATTACHMENT);
		else
			d->max_size = (int64_t)json_integer_value(v);
	} else if (!strcmp(key, "content_types")) {
		d->content_types = json_is_null(v) ? NULL
						   : api_string_array(r, v, at, FORM_OPTIONS_MAX, FORM_NAME_MAX * 2,
								      &d->content_type_count, err);
	} else {
		return false;
	}
	return true;
}

struct form_var *api_catalog_variables(struct req *r, json_t *arr, size_t *count, struct sw_error *err)
{
	struct form_var *v = api_object_elements(r, arr, &variable_elements, "a variable", variable_member, count, err);
	for (size_t i = 0; v && i < *count; i++)
		if (!v[i].has_when)
			v[i].when = FORM_WHEN_NONE;
	return v;
}

static void decode_variables(struct req *r, json_t *arr, void *input, struct sw_error *err)
{
	struct catalog_item_input *in = input;
	in->set_variables = true;
	in->variables = api_catalog_variables(r, arr, &in->variable_count, err);
}

static json_t *min_json(const void *rec)
{
	const struct form_var *d = rec;
	return d->has_min ? json_integer((json_int_t)d->min) : json_null();
}

static json_t *max_json(const void *rec)
{
	const struct form_var *d = rec;
	return d->has_max ? json_integer((json_int_t)d->max) : json_null();
}

static const struct api_member variable_members[] = {
	API_EACH(struct form_var, API_AS_IS, name),
	API_MEMBER_VALUE(struct form_var, "type", type, form_type_name_list),
	API_EACH(struct form_var, API_AS_IS, label, required),
	API_MEMBER(struct form_var, "default", default_value, API_AS_NULL),
	API_EACH(struct form_var, API_AS_NULL, help, pattern),
	API_MEMBER_CALL("min", min_json),
	API_MEMBER_CALL("max", max_json),
	API_MEMBER_STRINGS(struct form_var, "options", options, option_count),
	API_EACH(struct form_var, API_AS_NULL, ci_class),
	API_MEMBER_VALUE(struct form_var, "when", when, form_when_name_list),
	API_MEMBER(struct form_var, "when_variable", when_var, API_AS_NULL),
	API_EACH(struct form_var, API_AS_NULL, when_value),
	API_EACH(struct form_var, API_AS_NULL, max_size),
	API_MEMBER_STRINGS(struct form_var, "content_types", content_types, content_type_count),
};

static json_t *variables_json(const struct form_var *v, size_t n)
{
	return API_MEMBERS_ARRAY(v, n, variable_members);
}

/* ---- submissions --------------------------------------------------------------- */

static const struct api_elements value_elements =
	API_ELEMENTS("variables", true, FORM_VARIABLES_MAX, struct form_value,
		     "must be an object of at most " API_STR(FORM_VARIABLES_MAX) " variable values",
		     "must be an object of at most " API_STR(FORM_VARIABLES_MAX) " variable values");

/* One submitted value as the client sent it; checked against the form in core. */
static void value_member(struct req *r, const char *at, json_t *v, void *slot, struct sw_error *err)
{
	struct form_value *x = slot;
	switch (api_scalar_of(v)) {
	case API_SCALAR_NULL: x->kind = FORM_V_NULL; break;
	case API_SCALAR_STRING:
		x->kind = FORM_V_STRING;
		x->s = api_string(r, v, at, FORM_LONG_TEXT_MAX, err);
		break;
	case API_SCALAR_INT:
		x->kind = FORM_V_NUMBER;
		x->integer = true;
		x->n = (double)json_integer_value(v);
		break;
	case API_SCALAR_REAL:
		x->kind = FORM_V_NUMBER;
		x->n = json_real_value(v);
		break;
	case API_SCALAR_BOOL:
		x->kind = FORM_V_BOOL;
		x->b = json_is_true(v);
		break;
	default:
		x->kind = FORM_V_OTHER;
		if (json_is_array(v)) {
			struct sw_error look;
			sw_error_clear(&look);
			x->list = api_string_array(r, v, at, FORM_OPTIONS_MAX, FORM_LABEL_MAX, &x->list_count, &look);
			if (!look.code)
				x->kind = FORM_V_STRINGS;
		}
		break;
	}
}

struct form_value *api_catalog_values(struct req *r, json_t *obj, size_t *count, struct sw_error *err)
{
	return api_named_values(r, obj, &value_elements, offsetof(struct form_value, name), FORM_NAME_MAX, 60,
				"a variable", value_member, count, err);
}

struct check_input {
	struct form_value *values;
	size_t count;
	bool set_values;
};

static void decode_values(struct req *r, json_t *obj, void *input, struct sw_error *err)
{
	struct check_input *in = input;
	in->set_values = true;
	in->values = api_catalog_values(r, obj, &in->count, err);
}

/* nothing but the nested member */
const struct api_schema api_schema_catalog_check = {"CatalogCheckInput", NULL,          0,   sizeof(struct check_input),
						    "variables",         decode_values, NULL};

/* ---- fulfilment plans --------------------------------------------------------------- */

API_OBJECT_MEMBER(task_member)
{
	struct plan_task *t = slot;
	if (!strcmp(key, "key"))
		t->key = text(r, at, v, FORM_NAME_MAX, err);
	else if (!strcmp(key, "title"))
		t->title = text(r, at, v, LIMIT_TITLE_LEN, err);
	else if (!strcmp(key, "group"))
		t->group = text_or_null(r, at, v, LIMIT_NAME_LEN, err);
	else if (!strcmp(key, "instructions"))
		t->instructions = text_or_null(r, at, v, FORM_HELP_MAX, err);
	else if (!strcmp(key, "variables"))
		t->variables = api_string_array(r, v, at, FORM_VARIABLES_MAX, FORM_NAME_MAX, &t->variable_count, err);
	else if (!strcmp(key, "depends_on"))
		t->depends_on = api_string_array(r, v, at, PLAN_DEPENDS_MAX, FORM_NAME_MAX, &t->depends_count, err);
	else
		return false;
	return true;
}

API_OBJECTS(task_elements, struct catalog_plan_input, "tasks", PLAN_TASKS_MAX, struct plan_task, "a task", "tasks",
	    task_member, tasks, task_count, set_tasks);

const struct api_schema api_schema_catalog_plan = {
	"CatalogPlanInput", NULL, 0, sizeof(struct catalog_plan_input), "tasks", NULL, &task_elements};

static const struct api_member task_members[] = {
	API_EACH(struct plan_task, API_AS_IS, key, title),
	API_EACH(struct plan_task, API_AS_NULL, group, instructions),
	API_MEMBER_STRINGS(struct plan_task, "variables", variables, variable_count),
	API_MEMBER_STRINGS(struct plan_task, "depends_on", depends_on, depends_count),
};

/* ---- items --------------------------------------------------------------------------- */

static const struct field item_fields[] = {
	FIELD_PLAIN(struct catalog_item_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	FIELD(struct catalog_item_input, "service", FT_STRING_NULL, LIMIT_NAME_LEN, service, set_service),
	FIELD(struct catalog_item_input, "category", FT_STRING_NULL, LIMIT_CATEGORY_LEN, category, set_category),
	FIELD(struct catalog_item_input, "short_description", FT_STRING, LIMIT_TITLE_LEN, short_description,
	      set_short_description),
	FIELD(struct catalog_item_input, "description", FT_STRING, LIMIT_DESCRIPTION_LEN, description, set_description),
	FIELD(struct catalog_item_input, "icon", FT_STRING_NULL, 40, icon, set_icon),
	FIELD(struct catalog_item_input, "price", FT_STRING_NULL, 100, price, set_price),
	FIELD(struct catalog_item_input, "approval_policy", FT_STRING_NULL, LIMIT_NAME_LEN, approval_policy,
	      set_approval_policy),
	FIELD_STRINGS(struct catalog_item_input, "order_groups", CATALOG_ORDER_GROUPS_MAX, order_groups,
		      order_group_count, set_order_groups),
	FIELD_STRINGS(struct catalog_item_input, "bundle", CATALOG_BUNDLE_MAX, bundle, bundle_count, set_bundle),
	FIELD(struct catalog_item_input, "active", FT_BOOL, 0, active, set_active),
	FIELD_RANGE(struct catalog_item_input, "delivery_days", FT_INT, 0, 365, delivery_days, set_delivery_days),
	FIELD_RANGE(struct catalog_item_input, "cost", FT_INT64, 0, APPROVAL_COST_MAX, cost, set_cost),
};
const struct api_schema api_schema_catalog_item =
	API_SCHEMA_NESTED("CatalogItemInput", item_fields, struct catalog_item_input, "variables", decode_variables);

static json_t *item_variables(const void *rec)
{
	const struct catalog_item *it = rec;
	return variables_json(it->variables, it->variable_count);
}

static json_t *item_plan(const void *rec)
{
	const struct catalog_item *it = rec;
	return API_MEMBERS_ARRAY(it->plan, it->plan_count, task_members);
}

json_t *api_catalog_plan_json(const void *rec)
{
	return json_pack("{s:o}", "tasks", item_plan(rec));
}

static json_t *item_html(const void *rec)
{
	const struct catalog_item *it = rec;
	struct buf b;
	buf_init(&b, LIMIT_DESCRIPTION_LEN * 8);
	struct sw_error err;
	sw_error_clear(&err);
	json_t *j = catalog_description_html(it->description, &b, &err) ? json_string("")
									: json_stringn(buf_cstr(&b), b.len);
	buf_release(&b);
	return j;
}

static const struct api_member item_members[] = {
	API_EACH(struct catalog_item, API_AS_IS, name),
	API_EACH(struct catalog_item, API_AS_NULL, service, category),
	API_EACH(struct catalog_item, API_AS_IS, short_description, description),
	API_MEMBER_CALL("description_html", item_html),
	API_EACH(struct catalog_item, API_AS_NULL, icon, price),
	API_MEMBER_STRINGS(struct catalog_item, "order_groups", order_groups, order_group_count),
	API_EACH(struct catalog_item, API_AS_IS, active, delivery_days, cost),
	API_EACH(struct catalog_item, API_AS_NULL, approval_policy),
	API_EACH(struct catalog_item, API_AS_IS, form_version),
	API_MEMBER_CALL("variables", item_variables),
	API_MEMBER_CALL("plan", item_plan),
	API_MEMBER_STRINGS(struct catalog_item, "bundle", bundle, bundle_count),
	API_TIMES(struct catalog_item),
};

/* GET /api/v1/catalog-items?text=&category=&retired=: what the caller may see. */
static enum sw_err list_items(struct req *r, struct api_items *out, struct sw_error *err)
{
	const char *text, *category;
	int retired;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "text,category,retired", err)) ||
	    (rc = api_query_str(r, "text", LIMIT_NAME_LEN, &text, err)) ||
	    (rc = api_query_str(r, "category", LIMIT_CATEGORY_LEN, &category, err)) ||
	    (rc = api_query_bool(r, "retired", &retired, err)))
		return rc;
	struct catalog_item_list list;
	if ((rc = catalog_item_list(&r->ctx, text, category, retired == 1, &list, err)))
		return rc;
	*out = (struct api_items){list.items, list.count, NULL};
	return SW_OK;
}

const struct api_record api_catalog_items = {.kind = &catalog_item_kind,
					     .schema = &api_schema_catalog_item,
					     API_RECORD_MEMBERS(item_members),
					     .list = list_items};

/* PUT /api/v1/catalog-items/{name}/plan */
enum sw_err api_catalog_plan(struct req *r, struct sw_error *err)
{
	struct catalog_plan_input in;
	struct catalog_item out;
	enum sw_err rc;
	if ((rc = api_read(r, &api_schema_catalog_plan, false, &in, err)) ||
	    (rc = catalog_item_set_plan(&r->ctx, req_param(r, "name"), &in, &out, err)))
		return rc;
	return api_reply(r, 200, API_MEMBERS(&out, item_members), err);
}

/* GET /api/v1/catalog-items/{name}/form?version= */
enum sw_err api_catalog_form(struct req *r, struct sw_error *err)
{
	int64_t version = 0;
	bool given;
	struct form_var *vars;
	size_t n;
	int shown;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "version", err)) ||
	    (rc = api_query_int(r, "version", 1, 1000000, &version, &given, err)) ||
	    (rc = catalog_item_form(&r->ctx, req_param(r, "name"), (int)version, &vars, &n, &shown, err)))
		return rc;
	json_t *j = json_object();
	json_object_set_new(j, "item", json_string(req_param(r, "name")));
	json_object_set_new(j, "version", json_integer(shown));
	json_object_set_new(j, "variables", variables_json(vars, n));
	return api_reply(r, 200, j, err);
}

static const struct api_member answer_members[] = {
	API_EACH(struct form_answer, API_AS_IS, name, label),
	API_MEMBER_VALUE(struct form_answer, "type", type, form_type_name_list),
	API_MEMBER(struct form_answer, "value", text, API_AS_IS),
};

static json_t *answers_json(const struct form_answers *a)
{
	return API_MEMBERS_ARRAY(a->items, a->count, answer_members);
}

/* POST /api/v1/catalog-items/{name}/check {"variables": {...}} */
enum sw_err api_catalog_check(struct req *r, struct sw_error *err)
{
	struct check_input in;
	struct catalog_item item;
	struct form_answers ans;
	enum sw_err rc;
	if ((rc = api_read(r, &api_schema_catalog_check, true, &in, err)) ||
	    (rc = catalog_item_check(&r->ctx, req_param(r, "name"), in.values, in.count, &item, &ans, err)))
		return rc;
	json_t *j = json_object();
	json_object_set_new(j, "item", json_string(item.name));
	json_object_set_new(j, "form_version", json_integer(item.form_version));
	json_object_set_new(j, "answers", answers_json(&ans));
	return api_reply(r, 200, j, err);
}

/* ---- service requests ------------------------------------------------------------------- */

static void decode_order_values(struct req *r, json_t *obj, void *input, struct sw_error *err)
{
	struct request_order_input *in = input;
	in->values = api_catalog_values(r, obj, &in->count, err);
}

static const struct field order_fields[] = {
	FIELD(struct request_order_input, "requested_for", FT_STRING_NULL, LIMIT_NAME_LEN, requested_for,
	      set_requested_for),
};
const struct api_schema api_schema_catalog_order = API_SCHEMA_NESTED(
	"CatalogOrderInput", order_fields, struct request_order_input, "variables", decode_order_values);

/* POST /api/v1/catalog-items/{name}/order {"variables": {...}, "requested_for"?} */
API_APPLY(api_catalog_order, api_schema_catalog_order, true, struct request_order_input, "name", request_order,
	  struct ticket, 201, api_reply_ticket)

static const struct api_member rtask_members[] = {
	API_EACH(struct request_task, API_AS_IS, number, title, state, item, key),
	API_MEMBER_STRINGS(struct request_task, "depends_on", depends_on, depends_count),
};

/* GET /api/v1/requests/{number}/order */
enum sw_err api_request_order(struct req *r, struct sw_error *err)
{
	struct request_order o;
	struct form_answers ans;
	struct request_task_list tasks;
	enum sw_err rc = request_order_get(&r->ctx, req_param(r, "number"), &o, &ans, &tasks, err);
	if (rc)
		return rc;
	json_t *j = json_object(), *a = API_MEMBERS_ARRAY(tasks.items, tasks.count, rtask_members);
	json_object_set_new(j, "item", json_string(o.item));
	json_object_set_new(j, "form_version", json_integer(o.form_version));
	json_object_set_new(j, "requested_by", json_string(o.requested_by));
	json_object_set_new(j, "approval_policy", api_str(o.approval_policy));
	json_object_set_new(j, "answers", answers_json(&ans));
	json_object_set_new(j, "tasks", a);
	return api_reply(r, 200, j, err);
}

/* GET /api/v1/tasks/{number}/work */
enum sw_err api_task_work(struct req *r, struct sw_error *err)
{
	struct request_task t;
	struct form_answers shown;
	enum sw_err rc = request_task_work(&r->ctx, req_param(r, "number"), &t, &shown, err);
	if (rc)
		return rc;
	json_t *j = API_MEMBERS(&t, rtask_members);
	json_object_set_new(j, "request", json_string(t.request));
	json_object_set_new(j, "instructions", api_str(t.instructions));
	json_object_set_new(j, "variables", answers_json(&shown));
	return api_reply(r, 200, j, err);
}

/* ---- OpenAPI components ---------------------------------------------------------------- */

#define TYPES                                                                                                          \
	"{\"enum\":[\"text\",\"long_text\",\"number\",\"date\",\"datetime\",\"choice\",\"multi_choice\",\"boolean\","  \
	"\"user\",\"ci\",\"attachment\"]}"
#define WHEN "{\"enum\":[\"none\",\"show\",\"require\"]}"
#define INT_NULL "{\"type\":[\"integer\",\"null\"]}"
#define REF(x) "{\"$ref\":\"#/components/schemas/" x "\"}"
#define ARRAY_OF(x) "{\"type\":\"array\",\"items\":" x "}"
#define VAR_PROPS                                                                                                      \
	"\"name\":{\"type\":\"string\",\"pattern\":\"^[a-z][a-z0-9_]{0,39}$\"},\"type\":" TYPES ",\"label\":" STR      \
	",\"required\":" BOOL ",\"default\":" STR_NULL ",\"help\":" STR_NULL ",\"pattern\":" STR_NULL                  \
	",\"min\":" INT_NULL ",\"max\":" INT_NULL ",\"options\":" STRS ",\"ci_class\":" STR_NULL ",\"when\":" WHEN     \
	",\"when_variable\":" STR_NULL ",\"when_value\":" STR_NULL ",\"max_size\":{\"type\":[\"integer\",\"null\"],"   \
	"\"minimum\":1,\"maximum\":10485760,\"description\":\"attachment only: bytes at "                              \
	"most (null: the upload limit)\"},\"content_types\":{\"type\":\"array\",\"items\":" STR                        \
	",\"description\":\"attachment only: the content types it takes (none: any)\"}"
#define COST                                                                                                           \
	"{\"type\":\"integer\",\"minimum\":0,\"maximum\":1000000000000,\"description\":\"a whole amount: what "        \
	"conditional approval steps compare (when_cost_above)\"}"
#define TASK_PROPS                                                                                                     \
	"\"key\":{\"type\":\"string\",\"pattern\":\"^[a-z][a-z0-9_]{0,39}$\"},\"title\":" STR ",\"group\":" STR_NULL   \
	",\"instructions\":" STR_NULL ",\"variables\":" STRS ",\"depends_on\":" STRS

/* clang-format off */
static const char schemas[] =
	"\"CatalogVariable\":{\"type\":\"object\",\"required\":[\"name\",\"type\",\"label\",\"required\",\"default\","
	"\"help\",\"pattern\",\"min\",\"max\",\"options\",\"ci_class\",\"when\",\"when_variable\",\"when_value\","
	"\"max_size\",\"content_types\"],"
	"\"additionalProperties\":false,\"properties\":{" VAR_PROPS "}},"
	"\"CatalogVariableInput\":{\"type\":\"object\",\"required\":[\"name\",\"type\",\"label\"],"
	"\"additionalProperties\":false,\"properties\":{" VAR_PROPS "}},"
	"\"CatalogPlanTask\":{\"type\":\"object\",\"required\":[\"key\",\"title\",\"group\",\"instructions\","
	"\"variables\",\"depends_on\"],\"additionalProperties\":false,\"properties\":{" TASK_PROPS "}},"
	"\"CatalogItem\":{\"type\":\"object\",\"required\":[\"name\",\"service\",\"category\",\"short_description\","
	"\"description\",\"description_html\",\"icon\",\"price\",\"order_groups\",\"active\",\"delivery_days\","
	"\"cost\",\"approval_policy\",\"form_version\",\"variables\",\"plan\",\"bundle\",\"created_at\",\"updated_at\"],"
	"\"additionalProperties\":false,\"properties\":{\"name\":" STR ",\"service\":" STR_NULL ",\"category\":" STR_NULL
	",\"short_description\":" STR ",\"description\":{\"type\":\"string\",\"description\":\"Markdown\"},"
	"\"description_html\":{\"type\":\"string\",\"description\":\"the description rendered, safe in a page\"},"
	"\"icon\":" STR_NULL ",\"price\":" STR_NULL ",\"order_groups\":{\"type\":\"array\",\"items\":" STR
	",\"description\":\"who may order it (none: everyone)\"},\"active\":" BOOL ",\"delivery_days\":" INT
	",\"cost\":" COST ",\"approval_policy\":" STR_NULL ",\"form_version\":" INT ",\"variables\":" ARRAY_OF(REF("CatalogVariable"))
	",\"plan\":{\"type\":\"array\",\"items\":" REF("CatalogPlanTask") ",\"description\":\"empty for end users\"},"
	"\"bundle\":" STRS ",\"created_at\":" TIME ",\"updated_at\":" TIME "}},"
	"\"CatalogItemInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":" STR
	",\"service\":" STR_NULL ",\"category\":" STR_NULL ",\"short_description\":{\"type\":\"string\",\"maxLength\":300},"
	"\"description\":" STR ",\"icon\":" STR_NULL ",\"price\":" STR_NULL ",\"approval_policy\":" STR_NULL
	",\"order_groups\":{\"type\":\"array\",\"maxItems\":20,\"items\":" STR "},\"bundle\":{\"type\":\"array\","
	"\"maxItems\":20,\"items\":" STR "},\"active\":" BOOL ",\"delivery_days\":{\"type\":\"integer\",\"minimum\":0,"
	"\"maximum\":365},\"cost\":" COST ",\"variables\":{\"type\":\"array\",\"maxItems\":50,\"items\":" REF("CatalogVariableInput") "}}},"
	"\"CatalogPlanInput\":{\"type\":\"object\",\"required\":[\"tasks\"],\"additionalProperties\":false,"
	"\"properties\":{\"tasks\":{\"type\":\"array\",\"maxItems\":30,\"items\":{\"type\":\"object\",\"required\":"
	"[\"key\",\"title\"],\"additionalProperties\":false,\"properties\":{" TASK_PROPS "}}}}},"
	"\"CatalogForm\":{\"type\":\"object\",\"required\":[\"item\",\"version\",\"variables\"],"
	"\"additionalProperties\":false,\"properties\":{\"item\":" STR ",\"version\":" INT
	",\"variables\":" ARRAY_OF(REF("CatalogVariable")) "}},"
	"\"CatalogCheckInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"variables\":{"
	"\"type\":\"object\",\"maxProperties\":50,\"description\":\"values by variable name\"}}},"
	"\"CatalogAnswer\":{\"type\":\"object\",\"required\":[\"name\",\"label\",\"type\",\"value\"],"
	"\"additionalProperties\":false,\"properties\":{\"name\":" STR ",\"label\":" STR ",\"type\":" TYPES
	",\"value\":" STR "}},"
	"\"CatalogCheck\":{\"type\":\"object\",\"required\":[\"item\",\"form_version\",\"answers\"],"
	"\"additionalProperties\":false,\"properties\":{\"item\":" STR ",\"form_version\":" INT ",\"answers\":"
	ARRAY_OF(REF("CatalogAnswer")) "}},"
	"\"CatalogOrderInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"variables\":{"
	"\"type\":\"object\",\"maxProperties\":50,\"description\":\"values by variable name\"},\"requested_for\":"
	"{\"type\":[\"string\",\"null\"],\"description\":\"a login (agents; end users order for themselves)\"}}},"
	"\"RequestTask\":{\"type\":\"object\",\"required\":[\"number\",\"title\",\"state\",\"item\",\"key\","
	"\"depends_on\"],\"additionalProperties\":false,\"properties\":{\"number\":" STR ",\"title\":" STR
	",\"state\":" STR ",\"item\":" STR ",\"key\":" STR ",\"depends_on\":" STRS "}},"
	"\"RequestOrder\":{\"type\":\"object\",\"required\":[\"item\",\"form_version\",\"requested_by\","
	"\"approval_policy\",\"answers\",\"tasks\"],\"additionalProperties\":false,\"properties\":{\"item\":" STR
	",\"form_version\":" INT ",\"requested_by\":" STR ",\"approval_policy\":" STR_NULL ",\"answers\":"
	ARRAY_OF(REF("CatalogAnswer")) ",\"tasks\":" ARRAY_OF(REF("RequestTask")) "}},"
	"\"TaskWork\":{\"type\":\"object\",\"required\":[\"number\",\"title\",\"state\",\"item\",\"key\","
	"\"depends_on\",\"request\",\"instructions\",\"variables\"],\"additionalProperties\":false,"
	"\"properties\":{\"number\":" STR ",\"title\":" STR ",\"state\":" STR ",\"item\":" STR ",\"key\":" STR
	",\"depends_on\":" STRS ",\"request\":" STR ",\"instructions\":" STR_NULL ",\"variables\":"
	ARRAY_OF(REF("CatalogAnswer")) "}}";
/* clang-format on */

void api_openapi_catalog_schemas(struct jsonw *w)
{
	jsonw_raw(w, schemas);
}
