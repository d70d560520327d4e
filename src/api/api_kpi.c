/*
 * api_kpi.c — KPIs (docs/kpis.md): GET /api/v1/kpis (the catalogue with
 * the targets in force), GET /api/v1/kpis/{name} (a series and the
 * period's value with its status; CSV with format=csv or Accept:
 * text/csv) and PUT /api/v1/kpis/{name}/target (admins).  Query
 * parameters go to core as they are; core answers a bad one with a 400
 * naming it.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/csv.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/report/kpi.h"
#include "core/sla/tz.h"
#include "api/oas.h"
#include "base/banned.h"

#define KPI_PARAM_MAX 256 /* bytes of a query parameter */

static json_t *day_json(int64_t day)
{
	int y, m, d;
	char s[40];
	tz_civil_from_days(day, &y, &m, &d);
	snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, d);
	return json_string(s);
}

static json_t *value_json(const struct kpi_value *v)
{
	return v->has_value ? json_real(v->value) : json_null();
}

static json_t *target_json(const struct kpi_target *t)
{
	return json_pack("{s:f, s:f, s:f}", "target", t->target, "amber", t->amber, "red", t->red);
}

static json_t *status_json(enum kpi_status s)
{
	return api_str(kpi_status_names[s]);
}

static json_t *entry_json(const struct kpi_entry *e)
{
	const struct kpi_def *d = e->def;
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:o, s:b}", "name", d->name, "area", d->area,
			 "title", d->title, "unit", kpi_unit_names[d->unit], "direction",
			 d->direction == KPI_HIGHER_BETTER ? "higher_better" : "lower_better", "definition",
			 d->definition, "point", d->point, "needs_service", d->needs == KPI_NEEDS_SERVICE, "target",
			 target_json(&e->target), "target_set", e->target_set);
}

enum sw_err api_kpi_list(struct req *r, struct sw_error *err)
{
	struct kpi_entry *e;
	size_t n;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "", err)) || (rc = kpi_list(&r->ctx, &e, &n, err)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; items && i < n; i++)
		json_array_append_new(items, entry_json(&e[i]));
	return api_reply(r, 200, json_pack("{s:o}", "items", items ? items : json_null()), err);
}

static const char *cell_value(struct arena *a, const struct kpi_value *v)
{
	return v->has_value ? arena_printf(a, "%.6g", v->value) : "";
}

static enum sw_err series_csv(struct req *r, const struct kpi_series *s, struct sw_error *err)
{
	struct buf out = BUF_INIT(LIMIT_RESPONSE);
	struct arena *a = &r->arena;
	static const char *const head[] = {"period", "start", "end", "value", "numerator", "denominator", "status"};
	enum sw_err rc = csv_record(&out, head, sizeof(head) / sizeof(head[0]));
	for (size_t i = 0; !rc && i < s->count; i++) {
		const struct kpi_point *p = &s->points[i];
		char start[32], end[32];
		int y, m, d;
		tz_civil_from_days(p->day, &y, &m, &d);
		time_format_rfc3339(p->start, start);
		time_format_rfc3339(p->end, end);
		const char *cells[] = {arena_printf(a, "%04d-%02d-%02d", y, m, d),
				       start,
				       end,
				       cell_value(a, &p->value),
				       arena_printf(a, "%lld", (long long)p->value.numerator),
				       arena_printf(a, "%lld", (long long)p->value.denominator),
				       kpi_status_names[p->status]};
		rc = csv_record(&out, cells, sizeof(cells) / sizeof(cells[0]));
	}
	return api_reply_csv(r, &out, rc, arena_printf(a, "kpi-%s.csv", s->entry.def->name), err);
}

static json_t *series_json(const struct kpi_series *s)
{
	json_t *points = json_array();
	for (size_t i = 0; points && i < s->count; i++) {
		const struct kpi_point *p = &s->points[i];
		json_array_append_new(
			points, json_pack("{s:o, s:o, s:o, s:o, s:I, s:I, s:o}", "period", day_json(p->day), "start",
					  api_time(p->start), "end", api_time(p->end), "value", value_json(&p->value),
					  "numerator", (json_int_t)p->value.numerator, "denominator",
					  (json_int_t)p->value.denominator, "status", status_json(p->status)));
	}
	json_t *j = entry_json(&s->entry);
	json_t *filters = json_pack("{s:o, s:o, s:o}", "service", api_str(s->service), "group", api_str(s->group),
				    "priority", s->filter.priority ? json_integer(s->filter.priority) : json_null());
	json_t *more = json_pack("{s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:I, s:I, s:o, s:o}", "from",
				 day_json(s->from_day), "to", day_json(s->to_day), "tz", s->tz, "interval",
				 kpi_interval_names[s->interval], "filters", filters ? filters : json_null(), "value",
				 value_json(&s->value), "status", status_json(s->status), "numerator",
				 (json_int_t)s->value.numerator, "denominator", (json_int_t)s->value.denominator,
				 "measured_at", api_time(s->filter.now), "points", points ? points : json_null());
	if (!j || !more) {
		json_decref(j);
		json_decref(more);
		return NULL;
	}
	json_object_update(j, more);
	json_decref(more);
	return j;
}

enum sw_err api_kpi_get(struct req *r, struct sw_error *err)
{
	struct kpi_series_input in = {.name = req_param(r, "name")};
	const char *format = NULL;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "from,to,interval,tz,service,group,priority,format", err)) ||
	    (rc = api_query_str(r, "from", KPI_PARAM_MAX, &in.from, err)) ||
	    (rc = api_query_str(r, "to", KPI_PARAM_MAX, &in.to, err)) ||
	    (rc = api_query_str(r, "interval", KPI_PARAM_MAX, &in.interval, err)) ||
	    (rc = api_query_str(r, "tz", KPI_PARAM_MAX, &in.tz, err)) ||
	    (rc = api_query_str(r, "service", KPI_PARAM_MAX, &in.service, err)) ||
	    (rc = api_query_str(r, "group", KPI_PARAM_MAX, &in.group, err)) ||
	    (rc = api_query_str(r, "priority", KPI_PARAM_MAX, &in.priority, err)) ||
	    (rc = api_query_str(r, "format", 8, &format, err)))
		return rc;
	const char *accept = req_header(r, "Accept");
	bool csv = format ? strcmp(format, "csv") == 0 : accept && strstr(accept, "text/csv") != NULL;
	if (format && !csv && strcmp(format, "json") != 0)
		return sw_param_fail(err, "format", "must be json or csv");
	struct kpi_series s;
	if ((rc = kpi_series(&r->ctx, &in, &s, err)))
		return rc;
	if (csv)
		return series_csv(r, &s, err);
	return api_reply(r, 200, series_json(&s), err);
}

struct target_input {
	double target, amber, red;
};
API_INPUT(api_schema_kpi_target, "KpiTargetInput", struct target_input,
	  {"target", FT_NUMBER, 0, 0, 1000000000000LL, offsetof(struct target_input, target), FIELD_NO_FLAG, 0, true},
	  {"amber", FT_NUMBER, 0, 0, 1000000000000LL, offsetof(struct target_input, amber), FIELD_NO_FLAG, 0, true},
	  {"red", FT_NUMBER, 0, 0, 1000000000000LL, offsetof(struct target_input, red), FIELD_NO_FLAG, 0, true});

API_APPLY_JSON(api_kpi_target, api_schema_kpi_target, struct target_input, "name", api_kpi_target_put, struct kpi_entry,
	       200, entry_json)

enum sw_err api_kpi_target_put(struct ctx *c, const char *name, const void *in, struct kpi_entry *out,
			       struct sw_error *err)
{
	const struct target_input *t = in;
	struct kpi_target target = {t->target, t->amber, t->red};
	return kpi_target_set(c, name, &target, out, err);
}

json_t *api_kpi_target_json(const void *rec)
{
	return target_json(&((const struct kpi_entry *)rec)->target);
}

/* The OpenAPI components of KPIs. */
#define NUM "{\"type\":\"number\"}"
#define NUM_NULL "{\"type\":[\"number\",\"null\"]}"
#define STATUS "{\"enum\":[\"green\",\"amber\",\"red\",null]}"
#define KPI_PROPS                                                                                                      \
	"\"name\":" STR ",\"area\":" STR ",\"title\":" STR ",\"unit\":{\"enum\":[\"seconds\",\"ratio\",\"count\"]},"   \
	"\"direction\":{\"enum\":[\"higher_better\",\"lower_better\"]},\"definition\":" STR ",\"point\":{\"type\":"    \
	"\"boolean\",\"description\":\"a figure of the present: no series\"},\"needs_service\":" BOOL                  \
	",\"target\":{\"$ref\":\"#/components/schemas/KpiTargetInput\"},\"target_set\":{\"type\":\"boolean\","         \
	"\"description\":\"set by an admin (else the default)\"}"
#define KPI_REQUIRED                                                                                                   \
	"\"name\",\"area\",\"title\",\"unit\",\"direction\",\"definition\",\"point\",\"needs_service\",\"target\","    \
	"\"target_set\""
static const char schemas[] =
	"\"KpiTargetInput\":{\"type\":\"object\",\"required\":[\"target\",\"amber\",\"red\"],\"additionalProperties\":"
	"false,\"description\":\"the goal and where amber and red begin, from better to worse, in the KPI's unit\","
	"\"properties\":{\"target\":" NUM ",\"amber\":" NUM ",\"red\":" NUM "}},"
	"\"Kpi\":{\"type\":\"object\",\"required\":[" KPI_REQUIRED
	"],\"additionalProperties\":false,\"properties\":{" KPI_PROPS "}},"
	"\"KpiCatalogue\":{\"type\":\"object\",\"required\":[\"items\"],\"additionalProperties\":false,"
	"\"properties\":{\"items\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Kpi\"}}}},"
	"\"KpiSeries\":{\"type\":\"object\",\"required\":[" KPI_REQUIRED ",\"from\",\"to\",\"tz\",\"interval\","
	"\"filters\",\"value\",\"status\",\"numerator\",\"denominator\",\"measured_at\",\"points\"],"
	"\"additionalProperties\":false,\"properties\":{" KPI_PROPS
	",\"from\":{\"type\":\"string\",\"format\":\"date\"},"
	"\"to\":{\"type\":\"string\",\"format\":\"date\"},\"tz\":" STR ",\"interval\":{\"enum\":[\"day\",\"week\","
	"\"month\"]},\"filters\":{\"type\":\"object\",\"required\":[\"service\",\"group\",\"priority\"],"
	"\"additionalProperties\":false,\"properties\":{\"service\":" STR_NULL ",\"group\":" STR_NULL
	",\"priority\":{\"type\":[\"integer\",\"null\"]}}},\"value\":" NUM_NULL ",\"status\":" STATUS
	",\"numerator\":" INT ",\"denominator\":" INT ",\"measured_at\":" TIME ",\"points\":{\"type\":\"array\","
	"\"items\":{\"type\":\"object\",\"required\":[\"period\",\"start\",\"end\",\"value\",\"numerator\","
	"\"denominator\",\"status\"],\"additionalProperties\":false,\"properties\":{\"period\":{\"type\":\"string\","
	"\"format\":\"date\",\"description\":\"the interval's first local day\"},\"start\":" TIME ",\"end\":" TIME
	",\"value\":" NUM_NULL ",\"numerator\":" INT ",\"denominator\":" INT ",\"status\":" STATUS "}}}}}";

void api_openapi_kpi_schemas(struct jsonw *w)
{
	jsonw_raw(w, schemas);
}
