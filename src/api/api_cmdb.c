/*
 * api_cmdb.c — the CMDB and the service portfolio over HTTP:
 * /api/v1/ci-classes, /api/v1/cis (with relations and impact),
 * /api/v1/relations, /api/v1/objectives and /api/v1/services (with
 * dependencies).  A class's attribute definitions and a CI's attribute
 * values are nested JSON the field tables cannot describe; they are
 * decoded here, member by member, with the same limits and error paths.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/import.h"
#include "base/jsonw.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/cmdb/cmdb.h"
#include "core/cmdb/service.h"
#include "base/banned.h"

static enum sw_err depth_param(struct req *r, int *depth, struct sw_error *err)
{
	int64_t d = IMPACT_DEPTH_DEFAULT;
	bool present;
	enum sw_err rc = api_query_allowed(r, "depth", err);
	if (!rc)
		rc = api_query_int(r, "depth", 1, IMPACT_DEPTH_MAX, &d, &present, err);
	*depth = (int)d;
	return rc;
}

/* ---- classes ------------------------------------------------------------------ */

static const struct field class_fields[] = {
	FIELD_PLAIN(struct ci_class_input, "name", FT_STRING, 60, name, false),
	FIELD(struct ci_class_input, "parent", FT_STRING_NULL, 60, parent, set_parent),
	FIELD(struct ci_class_input, "description", FT_STRING, 1000, description, set_description),
};

static const struct api_elements attr_defs =
	API_ELEMENTS("attributes", false, CI_ATTRS_MAX, struct ci_attr_def, "must be an array of attribute definitions",
		     "must list at most " API_STR(CI_ATTRS_MAX) " definitions");

/* One member of an attribute definition (api_object_elements). */
API_OBJECT_MEMBER(def_member)
{
	struct ci_attr_def *d = slot;
	if (strcmp(key, "name") == 0 && json_is_string(v))
		d->name = api_string(r, v, at, 60, err);
	else if (strcmp(key, "type") == 0 && json_is_string(v) && ci_attr_type_parse(json_string_value(v), &d->type))
		d->type = CA_TYPE__COUNT; /* unknown: core names it */
	else if (strcmp(key, "type") == 0 && json_is_string(v))
		;
	else if (strcmp(key, "required") == 0 && json_is_boolean(v))
		d->required = json_is_true(v);
	else if (strcmp(key, "unique") == 0 && json_is_boolean(v))
		d->unique = json_is_true(v);
	else if (strcmp(key, "ref_class") == 0 && json_is_string(v))
		d->ref_class = api_string(r, v, at, 60, err);
	else if (strcmp(key, "choices") == 0 && json_is_array(v) && json_array_size(v) <= CI_CHOICES_MAX)
		d->choices = api_string_array(r, v, at, CI_CHOICES_MAX, 100, &d->choice_count, err);
	else if (!strcmp(key, "name") || !strcmp(key, "type") || !strcmp(key, "required") || !strcmp(key, "unique") ||
		 !strcmp(key, "ref_class") || !strcmp(key, "choices"))
		sw_field_fail(err, at, "has the wrong type");
	else
		return false;
	return true;
}

/* attributes: [{"name", "type", "required"?, "unique"?, "choices"?, "ref_class"?}] */
static void decode_defs(struct req *r, json_t *arr, void *input, struct sw_error *err)
{
	struct ci_class_input *in = input;
	in->set_attrs = true;
	in->attrs =
		api_object_elements(r, arr, &attr_defs, "an attribute definition", def_member, &in->attr_count, err);
	for (size_t k = 0; in->attrs && k < in->attr_count; k++)
		if (!json_is_string(json_object_get(json_array_get(arr, k), "type")))
			in->attrs[k].type = CA_TYPE__COUNT; /* none: core names it */
}

const struct api_schema api_schema_ci_class =
	API_SCHEMA_NESTED("CiClassInput", class_fields, struct ci_class_input, "attributes", decode_defs);

static const struct api_member def_members[] = {
	API_EACH(struct ci_attr_def, API_AS_IS, name),
	API_MEMBER_VALUE(struct ci_attr_def, "type", type, ci_attr_type_name_list),
	API_EACH(struct ci_attr_def, API_AS_IS, required, unique),
};

/* An attribute definition: its members, and those of its type. */
static json_t *def_json(const void *rec)
{
	const struct ci_attr_def *d = rec;
	json_t *j = API_MEMBERS(d, def_members);
	if (!j)
		return NULL;
	if (d->type == CA_ENUM)
		json_object_set_new(j, "choices", api_strings(d->choices, d->choice_count));
	if (d->type == CA_REFERENCE)
		json_object_set_new(j, "ref_class", api_str(d->ref_class));
	return j;
}

API_RECORD_OF(api_ci_classes, ci_class_kind, api_schema_ci_class, API_EACH(struct ci_class, API_AS_IS, name),
	      API_EACH(struct ci_class, API_AS_NULL, parent), API_EACH(struct ci_class, API_AS_EMPTY, description),
	      API_MEMBER_ARRAY(struct ci_class, "attributes", attrs, attr_count, def_json), API_TIMES(struct ci_class));

/* ---- CIs ------------------------------------------------------------------------ */

static const struct field ci_fields[] = {
	FIELD(struct ci_input, "name", FT_STRING, LIMIT_NAME_LEN, name, set_name),
	FIELD(struct ci_input, "class", FT_STRING, 60, class_name, set_class),
	FIELD(struct ci_input, "status", FT_STRING, 20, status, set_status),
	FIELD(struct ci_input, "environment", FT_STRING, 50, environment, set_environment),
	FIELD(struct ci_input, "location", FT_STRING, LIMIT_NAME_LEN, location, set_location),
	FIELD(struct ci_input, "external_id", FT_STRING_NULL, LIMIT_NAME_LEN, external_id, set_external_id),
	FIELD(struct ci_input, "owner", FT_STRING_NULL, LIMIT_LOGIN_LEN, owner, set_owner),
	FIELD(struct ci_input, "support_group", FT_STRING_NULL, LIMIT_NAME_LEN, group, set_group),
};

static const struct api_elements attr_values =
	API_ELEMENTS("attributes", true, CI_ATTRS_MAX, struct ci_value, "must be an object of attribute values",
		     "must have at most " API_STR(CI_ATTRS_MAX) " values");

static void attr_member(struct req *r, const char *at, json_t *v, void *slot, struct sw_error *err)
{
	struct ci_value *x = slot;
	if (!api_ci_value(v, x))
		sw_field_fail(err, at, "must be a string, an integer, true, false or null");
	else if (x->kind == CV_STRING)
		x->s = api_string(r, v, at, CI_VALUE_MAX, err);
}

/* attributes: {"name": string | integer | boolean | null} */
static void decode_values(struct req *r, json_t *obj, void *input, struct sw_error *err)
{
	struct ci_input *in = input;
	in->set_attrs = true;
	in->attrs = api_named_values(r, obj, &attr_values, offsetof(struct ci_value, name), 60, 60, "an attribute",
				     attr_member, &in->attr_count, err);
}

const struct api_schema api_schema_ci =
	API_SCHEMA_NESTED("CiInput", ci_fields, struct ci_input, "attributes", decode_values);

static json_t *ci_attrs(const void *rec)
{
	const struct ci *k = rec;
	json_t *attrs = json_object();
	for (size_t i = 0; attrs && i < k->attr_count; i++) {
		const struct ci_value *v = &k->attrs[i];
		json_object_set_new(attrs, v->name,
				    v->kind == CV_INT    ? json_integer(v->i)
				    : v->kind == CV_BOOL ? json_boolean(v->b)
							 : json_string(v->s ? v->s : ""));
	}
	return attrs;
}

static const struct api_member ci_members[] = {
	API_EACH(struct ci, API_AS_IS, id, name),
	API_MEMBER(struct ci, "class", class_name, API_AS_IS),
	API_MEMBER_VALUE(struct ci, "status", status, ci_status_name_list),
	API_EACH(struct ci, API_AS_EMPTY, environment, location),
	API_EACH(struct ci, API_AS_NULL, external_id, owner),
	API_MEMBER(struct ci, "support_group", group, API_AS_NULL),
	API_MEMBER_CALL("attributes", ci_attrs),
	API_EACH(struct ci, API_AS_IS, version),
	API_TIMES(struct ci),
};

static json_t *ci_json(const void *rec)
{
	return API_MEMBERS(rec, ci_members);
}

static enum sw_err reply_ci(struct req *r, int status, const struct ci *k, struct sw_error *err)
{
	http_header(r, "ETag", arena_printf(&r->arena, "\"%lld\"", (long long)k->version));
	if (status == 201)
		http_header(r, "Location", arena_printf(&r->arena, "/api/v1/cis/%lld", (long long)k->id));
	return api_reply(r, status, ci_json(k), err);
}

API_WRITE(api_ci_create, api_schema_ci, struct ci_input, ci_create, struct ci, 201, reply_ci)

enum sw_err api_ci_update(struct req *r, struct sw_error *err)
{
	int64_t id, version = 0;
	struct ci_input in;
	struct ci out;
	enum sw_err rc;
	if ((rc = api_id_param(r, "CI", &id, err)) || (rc = api_if_match(r, false, &version, err)) ||
	    (rc = api_read(r, &api_schema_ci, false, &in, err)) ||
	    (rc = ci_update(&r->ctx, id, version, &in, &out, err)))
		return rc;
	return reply_ci(r, 200, &out, err);
}

static enum sw_err time_param(struct req *r, const char *name, int64_t fallback, int64_t *out, struct sw_error *err);

/* A CI, or (as_of) the CI as it was then. */
enum sw_err api_ci_get(struct req *r, struct sw_error *err)
{
	int64_t id, at;
	struct ci out;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "as_of", err)) || (rc = time_param(r, "as_of", INT64_MIN, &at, err)) ||
	    (rc = api_id_param(r, "CI", &id, err)))
		return rc;
	rc = at != INT64_MIN ? ci_get_as_of(&r->ctx, id, at, &out, err) : ci_get(&r->ctx, id, &out, err);
	return rc ? rc : reply_ci(r, 200, &out, err);
}

enum sw_err api_ci_list(struct req *r, struct sw_error *err)
{
	struct ci_filter f = {0};
	struct page p;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "class,status,q,limit,cursor", err)) || (rc = api_page(r, &p, err)) ||
	    (rc = api_query_str(r, "class", 60, &f.class_name, err)) ||
	    (rc = api_query_str(r, "status", 20, &f.status, err)) || (rc = api_query_str(r, "q", 200, &f.q, err)) ||
	    (rc = api_query_known("status", &ci_status_name_list, f.status, err)))
		return rc;
	struct ci_list list;
	if ((rc = ci_list(&r->ctx, &f, &p, &list, err)))
		return rc;
	return api_reply_items(r, list.items, list.count, sizeof(*list.items), ci_json, list.next_cursor, err);
}

/* ---- relationships ----------------------------------------------------------------- */

struct relation_input {
	const char *type;
	int64_t to;
};

API_INPUT(api_schema_relation, "RelationInput", struct relation_input,
	  {"type", FT_STRING, 20, 0, 0, offsetof(struct relation_input, type), FIELD_NO_FLAG, 0, true},
	  {"to", FT_INT64, 0, 1, INT64_MAX, offsetof(struct relation_input, to), FIELD_NO_FLAG, 0, true});

static json_t *end_json(int64_t id, const char *name)
{
	return json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name ? name : "");
}

static json_t *relation_json(const void *rec)
{
	const struct ci_relation *x = rec;
	json_t *j = json_object();
	if (!j)
		return NULL;
	json_object_set_new(j, "id", json_integer(x->id));
	json_object_set_new(j, "from", end_json(x->from_id, x->from_name));
	json_object_set_new(j, "type", json_string(ci_rel_name(x->type)));
	json_object_set_new(j, "to", end_json(x->to_id, x->to_name));
	json_object_set_new(j, "created_at", api_time(x->created_at));
	return j;
}

enum sw_err api_ci_relate(struct req *r, struct sw_error *err)
{
	int64_t id;
	struct relation_input in;
	struct ci_relation out;
	enum sw_err rc;
	if ((rc = api_id_param(r, "CI", &id, err)) || (rc = api_read(r, &api_schema_relation, false, &in, err)) ||
	    (rc = ci_relate(&r->ctx, id, in.type, in.to, &out, err)))
		return rc;
	return api_reply_created(r, "/api/v1/relations", out.id, relation_json(&out), err);
}

enum sw_err api_ci_relations(struct req *r, struct sw_error *err)
{
	int64_t id;
	struct ci_relation_list list;
	enum sw_err rc;
	if ((rc = api_id_param(r, "CI", &id, err)) || (rc = ci_relations(&r->ctx, id, &list, err)))
		return rc;
	return api_reply_items(r, list.items, list.count, sizeof(*list.items), relation_json, NULL, err);
}

enum sw_err api_relation_delete(struct req *r, struct sw_error *err)
{
	return api_id_call(r, "relationship", ci_unrelate, err);
}

/* ---- graph answers ------------------------------------------------------------------- */

static void node_ref(struct jsonw *w, const struct graph_node *n)
{
	jsonw_obj_open(w);
	jsonw_kstr(w, "kind", graph_kind_name(n->kind));
	jsonw_kint(w, "id", n->id);
	jsonw_kstr(w, "name", n->name ? n->name : "");
	if (n->relation)
		jsonw_kstr(w, "relation", n->relation);
	jsonw_obj_close(w);
}

/* {"from": start, "depth", "items": [{kind, id, name, depth, path: [start .. node]}], "truncated"}
 *
 * Written straight into a buffer: an impact answer at depth 3 on a large
 * CMDB has thousands of items, each repeating its path, and building it
 * as jansson objects (several allocations per node and per path step)
 * then dumping it cost more than the walk's queries. */
static enum sw_err graph_reply(struct req *r, const struct graph_result *g, int depth, struct sw_error *err)
{
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_obj_open(&w);
	jsonw_key(&w, "from");
	node_ref(&w, &g->items[0]);
	jsonw_kint(&w, "depth", depth);
	jsonw_key(&w, "items");
	jsonw_arr_open(&w);
	const struct graph_node *chain[IMPACT_DEPTH_MAX + 1];
	for (size_t i = 1; i < g->count && !w.err; i++) {
		const struct graph_node *n = &g->items[i];
		size_t len = 0;
		for (const struct graph_node *p = n; p && len < sizeof(chain) / sizeof(chain[0]); p = p->via)
			chain[len++] = p;
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "kind", graph_kind_name(n->kind));
		jsonw_kint(&w, "id", n->id);
		jsonw_kstr(&w, "name", n->name ? n->name : "");
		jsonw_kint(&w, "depth", n->depth);
		jsonw_key(&w, "path");
		jsonw_arr_open(&w);
		while (len)
			node_ref(&w, chain[--len]);
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_kbool(&w, "truncated", g->truncated);
	jsonw_obj_close(&w);
	enum sw_err rc = w.err ? sw_fail(err, w.err, NULL, "the graph answer is too large")
			       : http_reply(r, 200, "application/json", buf_cstr(&b), b.len, err);
	buf_release(&b);
	return rc;
}

/* GET of the graph around what the {id} parameter names (404 "no <what>
 * '<text>'" when it is not an id), depth_param deep, as graph (ci_impact,
 * service_dependencies) finds it. */
static enum sw_err graph_of(struct req *r, const char *what,
			    enum sw_err (*graph)(struct ctx *c, int64_t id, int depth, struct graph_result *out,
						 struct sw_error *err),
			    struct sw_error *err)
{
	int64_t id;
	int depth;
	struct graph_result g;
	enum sw_err rc;
	if ((rc = api_id_param(r, what, &id, err)) || (rc = depth_param(r, &depth, err)) ||
	    (rc = graph(&r->ctx, id, depth, &g, err)))
		return rc;
	return graph_reply(r, &g, depth, err);
}

enum sw_err api_ci_impact(struct req *r, struct sw_error *err)
{
	return graph_of(r, "CI", ci_impact, err);
}

enum sw_err api_service_dependencies(struct req *r, struct sw_error *err)
{
	return graph_of(r, "service", service_dependencies, err);
}

/* ---- objectives --------------------------------------------------------------------- */

API_INPUT(api_schema_objective, "ObjectiveInput", struct objective_input,
	  FIELD_PLAIN(struct objective_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	  FIELD(struct objective_input, "description", FT_STRING, LIMIT_DESCRIPTION_LEN, description, set_description),
	  FIELD(struct objective_input, "measure", FT_STRING, 500, measure, set_measure),
	  FIELD(struct objective_input, "target", FT_STRING, 200, target, set_target),
	  FIELD(struct objective_input, "owner", FT_STRING_NULL, LIMIT_LOGIN_LEN, owner, set_owner));

static const struct api_member objective_members[] = {
	API_EACH(struct objective, API_AS_IS, id, name),
	API_EACH(struct objective, API_AS_EMPTY, description),
	API_EACH(struct objective, API_AS_NULL, owner),
	API_EACH(struct objective, API_AS_EMPTY, measure, target),
	API_TIMES(struct objective),
};

const struct api_record api_objectives = {.kind = &objective_kind,
					  .schema = &api_schema_objective,
					  API_RECORD_MEMBERS(objective_members),
					  .id_noun = "objective"};

/* ---- services ------------------------------------------------------------------------ */

static const struct field service_fields[] = {
	FIELD_PLAIN(struct service_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	FIELD(struct service_input, "description", FT_STRING, LIMIT_DESCRIPTION_LEN, description, set_description),
	FIELD(struct service_input, "kind", FT_STRING, 20, kind, set_kind),
	FIELD(struct service_input, "status", FT_STRING, 20, status, set_status),
	FIELD(struct service_input, "owner", FT_STRING_NULL, LIMIT_LOGIN_LEN, owner, set_owner),
	FIELD(struct service_input, "support_group", FT_STRING_NULL, LIMIT_NAME_LEN, group, set_group),
	FIELD(struct service_input, "sla_policy", FT_STRING_NULL, LIMIT_NAME_LEN, sla_policy, set_sla_policy),
	FIELD(struct service_input, "cost_centre", FT_STRING_NULL, 50, cost_centre, set_cost_centre),
	FIELD(struct service_input, "risk", FT_STRING_NULL, 20, risk, set_risk),
	FIELD(struct service_input, "risk_notes", FT_STRING, LIMIT_DESCRIPTION_LEN, risk_notes, set_risk_notes),
	FIELD_RANGE(struct service_input, "criticality", FT_INT, INT32_MIN, INT32_MAX, criticality, set_criticality),
	FIELD_RANGE(struct service_input, "annual_cost", FT_INT64, 0, 1000000000000LL, annual_cost, set_annual_cost),
	FIELD_RANGE(struct service_input, "availability_target", FT_FIXED2, 0, 10000, availability_target,
		    set_availability_target),
	FIELD_STRINGS(struct service_input, "links", SERVICE_LINKS_MAX, links, link_count, set_links),
	FIELD_STRINGS(struct service_input, "objectives", SERVICE_DEPS_MAX, objectives, objective_count,
		      set_objectives),
	FIELD_STRINGS(struct service_input, "depends_on", SERVICE_DEPS_MAX, depends_on, depends_on_count,
		      set_depends_on),
};

static const struct api_elements ci_ids = API_ELEMENTS(
	"cis", false, SERVICE_DEPS_MAX, int64_t, "must be an array of at most " API_STR(SERVICE_DEPS_MAX) " CI ids",
	"must be an array of at most " API_STR(SERVICE_DEPS_MAX) " CI ids");

/* cis: [CI ids] */
static void decode_cis(struct req *r, json_t *arr, void *input, struct sw_error *err)
{
	struct service_input *in = input;
	in->set_cis = true;
	if (!(in->cis = api_elements(r, arr, &ci_ids, &in->ci_count, err)))
		return;
	for (size_t i = 0; i < in->ci_count; i++) {
		json_t *e = json_array_get(arr, i);
		in->cis[i] = json_is_integer(e) ? json_integer_value(e) : 0;
		if (in->cis[i] < 1)
			sw_field_fail(err, api_path(r, "cis", i), "must be a CI id");
	}
}

const struct api_schema api_schema_service =
	API_SCHEMA_NESTED("ServiceInput", service_fields, struct service_input, "cis", decode_cis);

/* -1: not set */
static json_t *service_cost(const void *rec)
{
	const struct service *v = rec;
	return v->annual_cost >= 0 ? json_integer(v->annual_cost) : json_null();
}

/* hundredths of a percent, as a percentage */
static json_t *service_target(const void *rec)
{
	const struct service *v = rec;
	return v->availability_target ? json_real(v->availability_target / 100.0) : json_null();
}

static const struct api_member service_members[] = {
	API_EACH(struct service, API_AS_IS, id, name),
	API_MEMBER_VALUE(struct service, "kind", kind, service_kind_name_list),
	API_MEMBER_VALUE(struct service, "status", status, service_status_name_list),
	API_EACH(struct service, API_AS_NULL, owner),
	API_MEMBER(struct service, "support_group", group, API_AS_NULL),
	API_EACH(struct service, API_AS_IS, criticality),
	API_EACH(struct service, API_AS_EMPTY, description),
	API_MEMBER_STRINGS(struct service, "objectives", objectives, objective_count),
	API_MEMBER_STRINGS(struct service, "depends_on", depends_on, depends_on_count),
	API_MEMBER_IDS(struct service, "cis", cis, ci_count),
	API_MEMBER_CALL("annual_cost", service_cost),
	API_EACH(struct service, API_AS_NULL, cost_centre, risk),
	API_EACH(struct service, API_AS_EMPTY, risk_notes),
	API_MEMBER_CALL("availability_target", service_target),
	API_EACH(struct service, API_AS_NULL, sla_policy),
	API_MEMBER_STRINGS(struct service, "links", links, link_count),
	API_TIMES(struct service),
};

/* the portfolio, filtered and a page at a time */
static enum sw_err list_services(struct req *r, struct api_items *out, struct sw_error *err)
{
	struct service_filter f = {0};
	struct page p;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "status,owner,objective,limit,cursor", err)) || (rc = api_page(r, &p, err)) ||
	    (rc = api_query_str(r, "status", 20, &f.status, err)) ||
	    (rc = api_query_str(r, "owner", LIMIT_LOGIN_LEN, &f.owner, err)) ||
	    (rc = api_query_str(r, "objective", LIMIT_NAME_LEN * 4, &f.objective, err)))
		return rc;
	struct service_list list;
	if ((rc = service_list(&r->ctx, &f, &p, &list, err)))
		return rc;
	*out = (struct api_items){list.items, list.count, list.next_cursor};
	return SW_OK;
}

const struct api_record api_services = {.kind = &service_kind,
					.schema = &api_schema_service,
					API_RECORD_MEMBERS(service_members),
					.list = list_services,
					.id_noun = "service"};

static enum sw_err time_param(struct req *r, const char *name, int64_t fallback, int64_t *out, struct sw_error *err)
{
	const char *s;
	enum sw_err rc = api_query_str(r, name, 40, &s, err);
	*out = fallback;
	if (rc || !s)
		return rc;
	if (time_parse_rfc3339(s, strlen(s), out)) {
		return sw_param_fail(err, name, "must be a time like 2026-11-01T00:00:00Z");
	}
	return SW_OK;
}

static json_t *mean_json(int64_t s)
{
	return s < 0 ? json_null() : json_integer(s);
}

/* GET …/availability of a service or a CI (what {id} names): the period
 * (default the 30 days to now), then the figures; a service's also
 * against its agreed hours (hours=agreed) and without planned maintenance
 * (maintenance=exclude). */
static enum sw_err availability_reply(struct req *r, const char *what, bool service, struct sw_error *err)
{
	int64_t id, from, to;
	struct availability a;
	struct availability_opts o = {0};
	const char *hours = NULL, *maintenance = NULL;
	enum sw_err rc;
	if ((rc = api_id_param(r, what, &id, err)) ||
	    (rc = api_query_allowed(r, service ? "from,to,hours,maintenance" : "from,to", err)) ||
	    (rc = api_query_str(r, "hours", 8, &hours, err)) ||
	    (rc = api_query_str(r, "maintenance", 8, &maintenance, err)) ||
	    (rc = time_param(r, "to", r->ctx.now, &to, err)) ||
	    (rc = time_param(r, "from", to - 30 * 86400, &from, err)))
		return rc;
	if (hours && strcmp(hours, "all") != 0 && !(o.service_hours = strcmp(hours, "agreed") == 0))
		return sw_param_fail(err, "hours", "must be all (the default) or agreed (the service's agreed hours)");
	if (maintenance && strcmp(maintenance, "include") != 0 &&
	    !(o.exclude_maintenance = strcmp(maintenance, "exclude") == 0))
		return sw_param_fail(err, "maintenance", "must be include (the default) or exclude");
	if ((rc = service ? service_availability(&r->ctx, id, from, to, &o, &a, err)
			  : ci_availability(&r->ctx, id, from, to, &a, err)))
		return rc;
	json_t *outages = json_array();
	for (size_t i = 0; outages && i < a.outage_count; i++)
		json_array_append_new(outages,
				      json_pack("{s:s, s:o, s:o, s:I}", "incident", a.outages[i].incident, "start",
						api_time(a.outages[i].start), "end", api_time(a.outages[i].end),
						"seconds", (json_int_t)(a.outages[i].end - a.outages[i].start)));
	json_t *j = json_object();
	if (j) {
		json_object_set_new(j, "from", api_time(a.from));
		json_object_set_new(j, "to", api_time(a.to));
		json_object_set_new(j, "period_seconds", json_integer(a.period));
		json_object_set_new(j, "downtime_seconds", json_integer(a.down));
		json_object_set_new(j, "availability", json_real((double)a.availability / 1000.0));
		json_object_set_new(j, "target", a.target ? json_real(a.target / 100.0) : json_null());
		json_object_set_new(j, "met", json_boolean(a.met));
		json_object_set_new(j, "failures", json_integer(a.failures));
		json_object_set_new(j, "mtrs_seconds", mean_json(a.mtrs));
		json_object_set_new(j, "mtbf_seconds", mean_json(a.mtbf));
		json_object_set_new(j, "mtbsi_seconds", mean_json(a.mtbsi));
		json_object_set_new(j, "outages", outages);
		if (service) {
			json_object_set_new(j, "service_hours", o.service_hours ? api_str(a.hours) : json_null());
			json_object_set_new(j, "maintenance_excluded", json_boolean(a.maintenance_excluded));
			json_object_set_new(j, "maintenance_seconds", json_integer(a.maintenance));
			json_object_set_new(j, "planned_downtime_seconds", json_integer(a.planned_down));
			json_t *planned = json_array();
			for (size_t i = 0; planned && i < a.planned_change_count; i++)
				json_array_append_new(planned, json_pack("{s:s, s:o, s:o}", "change",
									 a.planned_changes[i].incident, "start",
									 api_time(a.planned_changes[i].start), "end",
									 api_time(a.planned_changes[i].end)));
			json_object_set_new(j, "planned_changes", planned ? planned : json_array());
		}
	}
	return api_reply(r, 200, j, err);
}

enum sw_err api_service_availability(struct req *r, struct sw_error *err)
{
	return availability_reply(r, "service", true, err);
}

enum sw_err api_ci_availability(struct req *r, struct sw_error *err)
{
	return availability_reply(r, "CI", false, err);
}
