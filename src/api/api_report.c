/*
 * api_report.c — GET /api/v1/reports/<kind path> (the dashboard) and
 * GET /api/v1/<kind path>/counts (the queue badges), for every kind.  Query parameters go
 * to core as they are; core checks dates and zones, and every bad one is
 * a field error of one answer — a 400, as for any bad query parameter.
 */
#include <stdio.h>

#include "api/api.h"
#include "api/handlers.h"
#include "core/report/report.h"
#include "core/sla/sla.h"
#include "core/sla/tz.h"
#include "base/banned.h"

#define REPORT_PARAM_MAX 256 /* bytes; longer is a bad request, shorter but wrong a field error */

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
