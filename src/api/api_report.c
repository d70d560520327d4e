/*
 * api_report.c — GET /api/v1/reports/<kind path> (the dashboard) and
 * GET /api/v1/<kind path>/counts (the queue badges), for every kind.  Query parameters go
 * to core as they are; core checks dates and zones, and every bad one is
 * a field error of one answer — a 400, as for any bad query parameter.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/csv.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/report/report.h"
#include "core/sla/sla.h"
#include "core/sla/tz.h"
#include "base/banned.h"

#define REPORT_PARAM_MAX 256 /* bytes; longer is a bad request, shorter but wrong a field error */

/* Local day number day as "YYYY-MM-DD" in the arena (NULL when out of memory). */
static const char *day_text(struct arena *a, int64_t day)
{
	int y, m, d;
	tz_civil_from_days(day, &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

static json_t *date_json(int64_t day)
{
	int y, m, d;
	char s[40]; /* room for any int, so no truncation is possible */
	tz_civil_from_days(day, &y, &m, &d);
	snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, d);
	return json_string(s);
}

static json_t *sla_json(const struct report_sla *k)
{
	int64_t stopped = k->met + k->breached;
	return json_pack("{s:I, s:I, s:o, s:I, s:I}", "met", (json_int_t)k->met, "breached", (json_int_t)k->breached,
			 "compliance", stopped ? json_real((double)k->met / (double)stopped) : json_null(),
			 "breached_now", (json_int_t)k->breached_now, "warning_now", (json_int_t)k->warning_now);
}

static json_t *seconds_json(int64_t v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

static json_t *report_json(const struct ticket_report *rep)
{
	json_t *by_state = json_object(), *by_priority = json_object(), *groups = json_array(), *days = json_array(),
	       *oldest = json_array();
	for (size_t i = 0; by_state && i < rep->open_state_count; i++)
		json_object_set_new(by_state, rep->open_states[i], json_integer(rep->open_by_state[i]));
	for (int i = 0; by_priority && i < 5; i++) {
		char key[12];
		snprintf(key, sizeof(key), "%d", i + 1);
		json_object_set_new(by_priority, key, json_integer(rep->open_by_priority[i]));
	}
	for (size_t i = 0; groups && i < rep->group_count; i++)
		json_array_append_new(groups, json_pack("{s:o, s:I}", "group", api_str(rep->groups[i].name), "count",
							(json_int_t)rep->groups[i].count));
	for (size_t i = 0; days && i < rep->day_count; i++)
		json_array_append_new(days, json_pack("{s:o, s:I, s:I}", "date", date_json(rep->days[i].day), "created",
						      (json_int_t)rep->days[i].created, "resolved",
						      (json_int_t)rep->days[i].resolved));
	for (size_t i = 0; oldest && i < rep->oldest_count; i++) {
		const struct report_ticket *t = &rep->oldest[i];
		json_array_append_new(oldest, json_pack("{s:s, s:s, s:s, s:i, s:o, s:o, s:o}", "number", t->number,
							"title", t->title, "state", t->state, "priority", t->priority,
							"assignment_group", api_str(t->group), "assignee",
							api_str(t->assignee), "created_at", api_time(t->created_at)));
	}
	return json_pack("{s:o, s:o, s:s, s:{s:I, s:o, s:o, s:o}, s:{s:o, s:o}, s:o, s:o, s:I, s:o, s:o}", "from",
			 date_json(rep->from_day), "to", date_json(rep->to_day), "tz", rep->tz, "open", "total",
			 (json_int_t)rep->open_total, "by_state", by_state, "by_priority", by_priority, "by_group",
			 groups, "sla", "response", sla_json(&rep->sla[SLA_RESPONSE]), "resolution",
			 sla_json(&rep->sla[SLA_RESOLUTION]), "daily", days, "oldest_open", oldest, "resolved",
			 (json_int_t)rep->resolved_count, "mtta_seconds", seconds_json(rep->mtta), "mttr_seconds",
			 seconds_json(rep->mttr));
}

/* per thousand as a share (0.935), null with nothing to divide */
static json_t *share_json(int permille)
{
	return permille < 0 ? json_null() : json_real(permille / 1000.0);
}

static json_t *changes_json(const struct report_changes *c)
{
	return json_pack("{s:I, s:{s:I, s:I, s:I, s:I}, s:o, s:I, s:I, s:o}", "closed", (json_int_t)c->closed,
			 "by_close_code", "successful", (json_int_t)c->successful, "successful_with_issues",
			 (json_int_t)c->successful_with_issues, "failed", (json_int_t)c->failed, "backed_out",
			 (json_int_t)c->backed_out, "success_rate", share_json(c->success_permille), "created",
			 (json_int_t)c->created, "emergency", (json_int_t)c->emergency, "emergency_share",
			 share_json(c->emergency_permille));
}

enum sw_err api_ticket_report(struct req *r, struct sw_error *err)
{
	struct report_input in = {0};
	struct ticket_report rep;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "from,to,tz", err)) ||
	    (rc = api_query_str(r, "from", REPORT_PARAM_MAX, &in.from, err)) ||
	    (rc = api_query_str(r, "to", REPORT_PARAM_MAX, &in.to, err)) ||
	    (rc = api_query_str(r, "tz", REPORT_PARAM_MAX, &in.tz, err)))
		return rc;
	if ((rc = report_tickets(&r->ctx, r->route->arg, &in, &rep, err)) == SW_EINVALID) {
		err->code = SW_EBADREQ; /* the fields are query parameters */
		snprintf(err->type, sizeof(err->type), "bad-request");
		return SW_EBADREQ;
	}
	if (rc)
		return rc;
	json_t *j = report_json(&rep);
	if (j && rep.has_changes)
		json_object_set_new(j, "changes", changes_json(&rep.changes));
	return api_reply(r, 200, j, err);
}

enum sw_err api_ticket_counts(struct req *r, struct sw_error *err)
{
	struct ticket_counts n;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "", err)) || (rc = report_counts(&r->ctx, r->route->arg, &n, err)))
		return rc;
	json_t *j = n.agent_view
			    ? json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "mine", (json_int_t)n.mine, "my_groups",
					(json_int_t)n.my_groups, "unassigned", (json_int_t)n.unassigned, "major",
					(json_int_t)n.major, "breaching_soon", (json_int_t)n.breaching_soon, "all_open",
					(json_int_t)n.all_open, "mine_requested", (json_int_t)n.mine_requested)
			    : json_pack("{s:I}", "mine_requested", (json_int_t)n.mine_requested);
	return api_reply(r, 200, j, err);
}

/* GET /api/v1/reports/<kind path>/sla: SLA compliance by policy,
 * service, group or priority, and the breaches (docs/reports.md); JSON,
 * or with format=csv the compliance rows (list=breaches: the breaches). */
static json_t *compliance_json(int permille)
{
	return permille < 0 ? json_null() : json_real(permille / 1000.0);
}

/* The cells of compliance row x (of the trend when period), after its
 * period when period: key, metric, met, breached, compliance, and by
 * agreement its target and colour. */
static size_t row_cells(struct arena *a, const struct sla_report *rep, const struct report_sla_row *x, bool period,
			const char **cells)
{
	size_t n = 0;
	if (period)
		cells[n++] = day_text(a, x->period_day);
	cells[n++] = x->key ? x->key : "";
	cells[n++] = sla_metric_name(x->metric);
	cells[n++] = arena_printf(a, "%lld", (long long)x->met);
	cells[n++] = arena_printf(a, "%lld", (long long)x->breached);
	cells[n++] = x->compliance_permille < 0 ? "" : arena_printf(a, "%.3f", x->compliance_permille / 1000.0);
	if (strcmp(rep->by, "agreement") == 0) {
		cells[n++] = x->target_compliance ? arena_printf(a, "%d", x->target_compliance) : "";
		cells[n++] = report_rag_name(x->rag);
		cells[n++] = x->group ? x->group : "";
	}
	return n;
}

/* list: NULL (the rows), "breaches" or "trend". */
static enum sw_err sla_csv(struct req *r, const struct sla_report *rep, const char *list, struct sw_error *err)
{
	struct buf out = BUF_INIT(LIMIT_RESPONSE);
	enum sw_err rc = SW_OK;
	struct arena *a = &r->arena;
	bool breaches = list && strcmp(list, "breaches") == 0, trend = list && !breaches;
	static const char *const breach_head[] = {
		"number",           "title",     "metric",         "policy",          "priority",
		"assignment_group", "service",   "target_seconds", "elapsed_seconds", "breached_at",
		"stopped_at",       "agreement", "breach_reason"};
	if (!breaches) {
		const char *head[9];
		size_t n = 0;
		if (trend)
			head[n++] = "period";
		head[n++] = rep->by;
		head[n++] = "metric";
		head[n++] = "met";
		head[n++] = "breached";
		head[n++] = "compliance";
		if (strcmp(rep->by, "agreement") == 0) {
			head[n++] = "target_compliance";
			head[n++] = "rag";
			head[n++] = "group";
		}
		rc = csv_record(&out, head, n);
	} else {
		rc = csv_record(&out, breach_head, sizeof(breach_head) / sizeof(breach_head[0]));
	}
	size_t nrows = breaches ? 0 : trend ? rep->period_count : rep->count;
	for (size_t i = 0; !rc && i < nrows; i++) {
		const char *cells[9];
		size_t n = row_cells(a, rep, trend ? &rep->periods[i] : &rep->rows[i], trend, cells);
		rc = csv_record(&out, cells, n);
	}
	for (size_t i = 0; breaches && !rc && i < rep->breach_count; i++) {
		const struct report_breach *x = &rep->breaches[i];
		char at[32] = "", stop[32] = "";
		if (x->breached_at)
			time_format_rfc3339(x->breached_at, at);
		time_format_rfc3339(x->stopped_at, stop);
		const char *cells[] = {x->number,
				       x->title,
				       sla_metric_name(x->metric),
				       x->policy,
				       arena_printf(a, "%d", x->priority),
				       x->group ? x->group : "",
				       x->service ? x->service : "",
				       arena_printf(a, "%lld", (long long)x->target),
				       arena_printf(a, "%lld", (long long)x->elapsed),
				       at,
				       stop,
				       x->agreement ? x->agreement : "",
				       x->breach_reason ? x->breach_reason : ""};
		rc = csv_record(&out, cells, sizeof(cells) / sizeof(cells[0]));
	}
	return api_reply_csv(r, &out, rc, arena_printf(a, "sla-%s.csv", list ? list : rep->by), err);
}

/* A compliance row as JSON (with its period when period). */
static json_t *row_json(const struct report_sla_row *x, bool period)
{
	json_t *j =
		json_pack("{s:o, s:s, s:I, s:I, s:o, s:o, s:o}", "key", api_str(x->key), "metric",
			  sla_metric_name(x->metric), "met", (json_int_t)x->met, "breached", (json_int_t)x->breached,
			  "compliance", compliance_json(x->compliance_permille), "target_compliance",
			  x->target_compliance ? json_integer(x->target_compliance) : json_null(), "rag",
			  x->rag ? json_string(report_rag_name(x->rag)) : json_null());
	if (j && period)
		json_object_set_new(j, "period", date_json(x->period_day));
	if (j && x->group) /* by agreement: an OLA's row of one group */
		json_object_set_new(j, "group", json_string(x->group));
	return j;
}

enum sw_err api_ticket_sla_report(struct req *r, struct sw_error *err)
{
	struct report_input in = {0};
	const char *by = NULL, *format = NULL, *list = NULL, *trend = NULL;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "from,to,tz,by,trend,format,list", err)) ||
	    (rc = api_query_str(r, "from", REPORT_PARAM_MAX, &in.from, err)) ||
	    (rc = api_query_str(r, "to", REPORT_PARAM_MAX, &in.to, err)) ||
	    (rc = api_query_str(r, "tz", REPORT_PARAM_MAX, &in.tz, err)) ||
	    (rc = api_query_str(r, "by", REPORT_PARAM_MAX, &by, err)) ||
	    (rc = api_query_str(r, "trend", 8, &trend, err)) || (rc = api_query_str(r, "format", 8, &format, err)) ||
	    (rc = api_query_str(r, "list", 16, &list, err)))
		return rc;
	bool csv = format && strcmp(format, "csv") == 0;
	if (format && !csv && strcmp(format, "json") != 0)
		return sw_param_fail(err, "format", "must be json or csv");
	if (list && strcmp(list, "breaches") != 0 && strcmp(list, "trend") != 0)
		return sw_param_fail(err, "list", "must be breaches or trend (with format=csv)");
	if (list && strcmp(list, "trend") == 0 && !trend)
		return sw_param_fail(err, "trend", "is required with list=trend: day, week or month");
	const struct ticket_kind *k = r->route->arg;
	struct sla_report rep;
	if ((rc = report_sla(&r->ctx, k, &in, by, trend, &rep, err)) == SW_EINVALID) {
		err->code = SW_EBADREQ; /* the fields are query parameters */
		snprintf(err->type, sizeof(err->type), "bad-request");
		return SW_EBADREQ;
	}
	if (rc)
		return rc;
	if (csv)
		return sla_csv(r, &rep, list, err);
	json_t *rows = json_array(), *breaches = json_array(), *periods = rep.trend ? json_array() : json_null();
	for (size_t i = 0; rows && i < rep.count; i++)
		json_array_append_new(rows, row_json(&rep.rows[i], false));
	for (size_t i = 0; rep.trend && periods && i < rep.period_count; i++)
		json_array_append_new(periods, row_json(&rep.periods[i], true));
	for (size_t i = 0; breaches && i < rep.breach_count; i++) {
		const struct report_breach *x = &rep.breaches[i];
		json_array_append_new(
			breaches,
			json_pack("{s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:I, s:I, s:o, s:o, s:o, s:o}", "number",
				  x->number, "title", x->title, "metric", sla_metric_name(x->metric), "policy",
				  x->policy, "priority", x->priority, "assignment_group", api_str(x->group), "service",
				  api_str(x->service), "target_seconds", (json_int_t)x->target, "elapsed_seconds",
				  (json_int_t)x->elapsed, "breached_at", api_time(x->breached_at), "stopped_at",
				  api_time(x->stopped_at), "agreement", api_str(x->agreement), "breach_reason",
				  api_str(x->breach_reason)));
	}
	json_t *j = json_pack("{s:s, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:b}", "kind", k->name, "from",
			      date_json(rep.from_day), "to", date_json(rep.to_day), "tz", rep.tz, "by", rep.by, "trend",
			      api_str(rep.trend), "rows", rows ? rows : json_null(), "periods",
			      periods ? periods : json_null(), "breaches", breaches ? breaches : json_null(),
			      "breaches_truncated", rep.breaches_truncated);
	return api_reply(r, 200, j, err);
}
