/*
 * api_improvement.c — the improvement register over HTTP
 * (core/csi/improvement.h).  Improvements are a ticket kind, so their
 * create, list, get, change and actions are the ticket family's
 * (api_ticket.c); here is the plan kept beside each one (texts, review
 * date, services, linked problems and changes, KPIs with baseline,
 * current value and target), and the improvements a problem or change is
 * linked to.  See docs/improvements.md.
 */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "core/csi/improvement.h"
#include "base/banned.h"

static json_t *hundredths(bool has, int64_t v)
{
	return has ? json_real((double)v / 100.0) : json_null();
}

static json_t *plan_json(const struct improvement_plan *p)
{
	json_t *j = json_object();
	json_object_set_new(j, "number", json_string(p->number));
#define TEXT_JSON(unused_, m) json_object_set_new(j, #m, api_str(p->m));
	IMPROVEMENT_TEXTS(TEXT_JSON, -)
#undef TEXT_JSON
	json_object_set_new(j, "review_at", api_time(p->review_at));
	json_object_set_new(j, "services", api_strings(p->services, p->service_count));
	json_object_set_new(j, "problems", api_strings(p->problems, p->problem_count));
	json_object_set_new(j, "changes", api_strings(p->changes, p->change_count));
	json_t *kpis = json_array();
	for (size_t i = 0; kpis && i < p->kpi_count; i++) {
		const struct improvement_kpi *k = &p->kpis[i];
		json_array_append_new(kpis,
				      json_pack("{s:s, s:o, s:o, s:o, s:o, s:b}", "name", k->name, "target",
						hundredths(true, k->target), "baseline",
						hundredths(k->has_baseline, k->baseline), "baseline_at",
						api_time(k->has_baseline ? k->baseline_at : 0), "current",
						hundredths(k->has_current, k->current), "available", k->has_current));
	}
	json_object_set_new(j, "kpis", kpis);
	json_object_set_new(j, "updated_at", api_time(p->updated_at));
	return j;
}

enum sw_err api_improvement_plan_get(struct req *r, struct sw_error *err)
{
	struct improvement_plan p;
	enum sw_err rc = improvement_plan_get(&r->ctx, req_param(r, "number"), &p, err);
	return rc ? rc : api_reply(r, 200, plan_json(&p), err);
}

/* One member of a KPI (api_object_elements): false for one a KPI lacks. */
API_OBJECT_MEMBER(kpi_member)
{
	struct improvement_kpi_input *k = slot;
	if (!strcmp(key, "name")) {
		k->name = api_string(r, v, at, IMPROVEMENT_KPI_NAME_MAX, err);
	} else if (!strcmp(key, "target")) {
		double d = json_is_number(v) ? json_number_value(v) * 100.0 : 0;
		bool in_range = json_is_number(v) && d >= -(double)IMPROVEMENT_KPI_VALUE_MAX &&
				d <= (double)IMPROVEMENT_KPI_VALUE_MAX;
		int64_t h = in_range ? (int64_t)(d < 0 ? d - 0.5 : d + 0.5) : 0;
		if (!in_range || d - (double)h > 1e-6 || (double)h - d > 1e-6) {
			sw_field_fail(err, at, "must be a number with at most two decimals");
		} else {
			k->target = h;
			k->set_target = true;
		}
	} else {
		return false;
	}
	return true;
}

API_OBJECTS(kpi_elements, struct improvement_plan_input, "kpis", IMPROVEMENT_KPIS_MAX, struct improvement_kpi_input,
	    "a KPI", "KPIs", kpi_member, kpis, kpi_count, set_kpis);

#define TEXT_FIELD(T, m) FIELD(T, #m, FT_STRING_NULL, IMPROVEMENT_TEXT_MAX, m, set_##m),
static const struct field plan_fields[] = {
	IMPROVEMENT_TEXTS(TEXT_FIELD, struct improvement_plan_input)
		FIELD(struct improvement_plan_input, "review_at", FT_TIME_NULL, 0, review_at, set_review_at),
	FIELD_STRINGS(struct improvement_plan_input, "services", IMPROVEMENT_LINKS_MAX, services, service_count,
		      set_services),
	FIELD_STRINGS(struct improvement_plan_input, "problems", IMPROVEMENT_LINKS_MAX, problems, problem_count,
		      set_problems),
	FIELD_STRINGS(struct improvement_plan_input, "changes", IMPROVEMENT_LINKS_MAX, changes, change_count,
		      set_changes),
};
#undef TEXT_FIELD
const struct api_schema api_schema_improvement_plan =
	API_SCHEMA_OBJECTS("ImprovementPlanInput", plan_fields, struct improvement_plan_input, kpi_elements);

API_APPLY_JSON(api_improvement_plan_set, api_schema_improvement_plan, struct improvement_plan_input, "number",
	       improvement_plan_set, struct improvement_plan, 200, plan_json)

/* GET /api/v1/problems/{number}/improvements and the changes' */
enum sw_err api_improvements_of(struct req *r, struct sw_error *err)
{
	struct ticket_list list;
	enum sw_err rc = improvement_list_of(&r->ctx, r->route->arg, req_param(r, "number"), &list, err);
	return rc ? rc : api_reply_tickets(r, &list, err);
}

/* The OpenAPI components. */
#define STR_NULL "{\"type\":[\"string\",\"null\"]}"
#define TEXT_PROP(unused_, m) "\"" #m "\":" STR_NULL ","
#define TEXT_NAME(unused_, m) "\"" #m "\","
#define TEXT_IN(unused_, m)                                                                                            \
	"\"" #m "\":{\"type\":[\"string\",\"null\"],\"maxLength\":" API_STR(IMPROVEMENT_TEXT_MAX) "},"
#define TIME_NULL "{\"type\":[\"string\",\"null\"],\"format\":\"date-time\"}"
#define NUM_NULL "{\"type\":[\"number\",\"null\"]}"
#define NAMES "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"
#define NAMES_IN "{\"type\":\"array\",\"maxItems\":" API_STR(IMPROVEMENT_LINKS_MAX) ",\"items\":{\"type\":\"string\"}}"
static const char schemas[] =
	"\"ImprovementPlan\":{\"type\":\"object\",\"additionalProperties\":false,\"required\":["
	"\"number\"," IMPROVEMENT_TEXTS(
		TEXT_NAME,
		-) "\"review_at\",\"services\",\"problems\",\"changes\",\"kpis\",\"updated_at\"],"
		   "\"properties\":{\"number\":{\"type\":\"string\"}," IMPROVEMENT_TEXTS(
			   TEXT_PROP,
			   -) "\"review_at\":" TIME_NULL ",\"services\":" NAMES ",\"problems\":" NAMES
			      ",\"changes\":" NAMES ",\"kpis\":{\"type\":\"array\",\"items\":{"
			      "\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"name\",\"target\","
			      "\"baseline\","
			      "\"baseline_at\",\"current\",\"available\"],\"properties\":{\"name\":{\"type\":"
			      "\"string\"},\"target\":{"
			      "\"type\":\"number\"},\"baseline\":" NUM_NULL ",\"baseline_at\":" TIME_NULL
			      ",\"current\":" NUM_NULL ",\"available\":{\"type\":\"boolean\",\"description\":\"whether "
			      "the KPI's current value could be measured\"}}}},"
			      "\"updated_at\":" TIME_NULL "}},"
			      "\"ImprovementPlanInput\":{\"type\":\"object\",\"additionalProperties\":false,"
			      "\"description\":\"what to change; "
			      "lists replace the stored ones whole\",\"properties\":{" IMPROVEMENT_TEXTS(
				      TEXT_IN,
				      -) "\"review_at\":" TIME_NULL ",\"services\":" NAMES_IN ",\"problems\":" NAMES_IN
					 ",\"changes\":" NAMES_IN ",\"kpis\":{\"type\":\"array\","
					 "\"maxItems\":" API_STR(
						 IMPROVEMENT_KPIS_MAX) ",\"items\":{\"type\":\"object\","
								       "\"additionalProperties\":false,"
								       "\"required\":[\"name\",\"target\"],"
								       "\"properties\":{\"name\":{\"type\":\"string\","
								       "\"minLength\":1,\"maxLength\":" API_STR(
									       IMPROVEMENT_KPI_NAME_MAX) "},\"target\":"
													 "{\"type\":"
													 "\"number\"}}}"
													 "}}}";

void api_openapi_improvement_schemas(struct jsonw *w)
{
	jsonw_raw(w, schemas);
}
