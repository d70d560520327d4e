/*
 * api_ticket.c — the routes every ticket kind gets (/api/v1/<path>: raise,
 * list, get, change, actions, comments, history, watchers, attachments,
 * links; generated per kind in routes.c, the kind in the route's arg),
 * attachment download, and what only incidents have (major incidents, the
 * priority matrix).  JSON in, core/ticket/ticket.h, JSON out.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/csv.h"
#include "base/each.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/kernel/authz.h"
#include "core/report/report.h"
#include "core/sla/tz.h"
#include "core/ticket/custom_field.h"
#include "core/ticket/incident.h"
#include "core/sla/sla.h"
#include "core/ticket/cause_category.h"
#include "base/banned.h"

/* A member of struct ticket_input under its own name, with its set_ flag
 * (EACH: one entry for each member named). */
#define TICKET_IN(type_, max_, member_) FIELD(struct ticket_input, #member_, type_, max_, member_, set_##member_)
static const struct field input_fields[] = {
	EACH(TICKET_IN, FT_STRING, 0, title, description),
	EACH(TICKET_IN, FT_STRING_NULL, 0, category),
	EACH(TICKET_IN, FT_STRING, LIMIT_LOGIN_LEN, requester),
	FIELD(struct ticket_input, "assignment_group", FT_STRING_NULL, LIMIT_NAME_LEN, group, set_group),
	EACH(TICKET_IN, FT_STRING_NULL, LIMIT_LOGIN_LEN, assignee),
	FIELD_RANGE(struct ticket_input, "impact", FT_INT, 1, 3, impact, set_impact),
	FIELD_RANGE(struct ticket_input, "urgency", FT_INT, 1, 3, urgency, set_urgency),
	FIELD_STRINGS(struct ticket_input, "watchers", LIMIT_WATCHERS, watchers, watcher_count, set_watchers),
	FIELD_RANGE(struct ticket_input, "priority", FT_INT, 1, 5, priority, set_priority),
	EACH(TICKET_IN, FT_STRING, LIMIT_REASON_LEN, priority_reason),
	EACH(TICKET_IN, FT_STRING_NULL, 40, parent),
	FIELD_PLAIN(struct ticket_input, "template", FT_STRING, LIMIT_NAME_LEN, template, false),
	EACH(TICKET_IN, FT_STRING_NULL, LIMIT_NAME_LEN, service),
	EACH(TICKET_IN, FT_ID_NULL, 0, ci),
	EACH(TICKET_IN, FT_TIME_NULL, 0, outage_start, outage_end),
	EACH(TICKET_IN, FT_STRING, 20, channel),
	EACH(TICKET_IN, FT_STRING_NULL, 0, symptoms, root_cause),
	EACH(TICKET_IN, FT_STRING_NULL, LIMIT_REASON_LEN, risk_reason),
	EACH(TICKET_IN, FT_STRING_NULL, 100, release_version),
	EACH(TICKET_IN, FT_STRING, 20, release_type),
	EACH(TICKET_IN, FT_STRING_NULL, 0, release_notes),
	EACH(TICKET_IN, FT_TIME_NULL, 0, build_planned, build_actual, test_planned, test_actual, deploy_planned,
	     deploy_actual, window_start, window_end),
	EACH(TICKET_IN, FT_STRING_NULL, LIMIT_NAME_LEN, cause_category),
	EACH(TICKET_IN, FT_STRING_NULL, 0, workaround),
	EACH(TICKET_IN, FT_STRING_NULL, 40, fix),
	EACH(TICKET_IN, FT_STRING_NULL, 0, review_went_well, review_went_wrong, review_actions),
	FIELD_STRINGS(struct ticket_input, "incidents", LIMIT_PROBLEM_INCIDENTS, incidents, incident_count,
		      set_incidents),
	EACH(TICKET_IN, FT_STRING_NULL, 40, problem),
	FIELD_IDS(struct ticket_input, "affected_cis", LIMIT_PROBLEM_CIS, affected_cis, affected_ci_count,
		  set_affected_cis),
	FIELD_IDS(struct ticket_input, "contributing_cis", LIMIT_PROBLEM_CIS, contributing_cis, contributing_ci_count,
		  set_contributing_cis),
	FIELD(struct ticket_input, "caused_by", FT_STRING_NULL, 40, caused_by, set_caused_by),
	FIELD(struct ticket_input, "type", FT_STRING, 20, change_type, set_change_type),
	FIELD(struct ticket_input, "justification", FT_STRING_NULL, 0, justification, set_justification),
	FIELD(struct ticket_input, "change_owner", FT_STRING_NULL, LIMIT_LOGIN_LEN, change_owner, set_change_owner),
	FIELD(struct ticket_input, "planned_start", FT_TIME_NULL, 0, planned_start, set_planned_start),
	FIELD(struct ticket_input, "planned_end", FT_TIME_NULL, 0, planned_end, set_planned_end),
	FIELD(struct ticket_input, "actual_start", FT_TIME_NULL, 0, actual_start, set_actual_start),
	FIELD(struct ticket_input, "actual_end", FT_TIME_NULL, 0, actual_end, set_actual_end),
	FIELD(struct ticket_input, "implementation_plan", FT_STRING_NULL, 0, implementation_plan,
	      set_implementation_plan),
	FIELD(struct ticket_input, "backout_plan", FT_STRING_NULL, 0, backout_plan, set_backout_plan),
	FIELD(struct ticket_input, "test_plan", FT_STRING_NULL, 0, test_plan, set_test_plan),
	FIELD(struct ticket_input, "test_results", FT_STRING_NULL, 0, test_results, set_test_results),
	FIELD(struct ticket_input, "communication_plan", FT_STRING_NULL, 0, communication_plan, set_communication_plan),
	FIELD(struct ticket_input, "outage_expected", FT_BOOL, 0, outage_expected, set_outage_expected),
	FIELD_RANGE(struct ticket_input, "outage_minutes", FT_INT, 0, 525600, outage_minutes, set_outage_minutes),
	FIELD(struct ticket_input, "risk", FT_STRING_NULL, 20, risk, set_risk),
	FIELD(struct ticket_input, "pir", FT_STRING_NULL, 0, pir, set_pir),
	FIELD_IDS(struct ticket_input, "affected_services", LIMIT_PROBLEM_CIS, affected_services,
		  affected_service_count, set_affected_services),
	FIELD(struct ticket_input, "change", FT_STRING_NULL, 40, change, set_change),
	FIELD_RANGE(struct ticket_input, "task_order", FT_INT, 0, 1000000, task_order, set_task_order),
};

/* The kind a generated route serves (routes.c puts it in the route). */
static const struct ticket_kind *route_kind(const struct req *r)
{
	return r->route->arg ? r->route->arg : &ticket_kind_incident;
}

/* A clock as a ticket shows it: the clock's own members and, beside
 * them, what it shows now. */
#define SLA_SHOWN_(part_, show_, member_) API_MEMBER(struct sla_clock_shown, #member_, part_.member_, show_)
#define SLA_CLOCK(show_, ...) EACH(SLA_SHOWN_, clock, show_, __VA_ARGS__)
#define SLA_VIEW(show_, ...) EACH(SLA_SHOWN_, view, show_, __VA_ARGS__)
static const struct api_member sla_members[] = {
	SLA_CLOCK(API_AS_IS, id),
	API_MEMBER_VALUE(struct sla_clock_shown, "metric", clock.metric, sla_metric_name_list),
	SLA_CLOCK(API_AS_NULL, group),
	SLA_CLOCK(API_AS_IS, handed_over),
	SLA_CLOCK(API_AS_NULL, policy, calendar, agreement, agreement_version),
	SLA_CLOCK(API_AS_IS, target),
	API_MEMBER_VALUE(struct sla_clock_shown, "state", clock.state, sla_state_name_list),
	SLA_VIEW(API_AS_TIME, due_at),
	SLA_VIEW(API_AS_IS, elapsed, remaining, breached, paused),
	SLA_CLOCK(API_AS_TIME, warned_at, breached_at),
	SLA_CLOCK(API_AS_NULL, breach_reason),
};

static void write_slas(struct jsonw *w, const struct ticket *t)
{
	jsonw_arr_open(w);
	for (size_t i = 0; i < t->sla_count; i++)
		api_jw_members(w, &t->slas[i], sla_members, sizeof(sla_members) / sizeof(sla_members[0]));
	jsonw_arr_close(w);
}

/* Is field f in an answer about t to actor a (full: a single-ticket read)? */
static bool shown(const struct ticket_field *f, const struct ticket *t, bool agent, bool full)
{
	return ticket_field_of(t->kind, f) && (agent || !f->agents_only) && (full || !f->single_only) &&
	       (f->type != TICKET_FT_CHILDREN || t->children);
}

/*
 * A ticket as the API shows it to actor a, as one object written into w:
 * the fields of core/ticket/ticket_fields.c in their order, those of its kind, as
 * the table says who sees them (the event stream sends a summary of its
 * own, http/events.c).  A single-ticket answer (full) adds what only that
 * read fills in; children is there when the read filled it.  Written
 * straight into the answer because building a jansson tree (allocations
 * per member) and dumping it cost a quarter of the server's CPU on a GET
 * and half of it on a page of 50 (docs/performance.md).
 */
static void ticket_write(struct jsonw *w, const struct actor *a, const struct ticket *t, bool full)
{
	bool agent = authz_is_agent(a);
	jsonw_obj_open(w);
	for (size_t i = 0; i < ticket_field_count; i++) {
		const struct ticket_field *f = &ticket_fields[i];
		if (!shown(f, t, agent, full))
			continue;
		const char *p = (const char *)t + f->offset;
		bool text = f->type == TICKET_FT_TEXT || f->type == TICKET_FT_TEXT_NULL || f->type == TICKET_FT_REF;
		const char *s = text ? *(const char *const *)p : NULL;
		int64_t v = 0;
		jsonw_key(w, f->name); /* every type below writes one value */
		switch (f->type) {
		case TICKET_FT_TEXT: jsonw_str(w, s ? s : ""); break;
		case TICKET_FT_TEXT_NULL:
		case TICKET_FT_REF: jsonw_str(w, s); break;
		case TICKET_FT_INT: jsonw_int(w, *(const int *)p); break;
		case TICKET_FT_INT64: jsonw_int(w, *(const int64_t *)p); break;
		case TICKET_FT_INT64_NULL:
			if ((v = *(const int64_t *)p))
				jsonw_int(w, v);
			else
				jsonw_null(w);
			break;
		case TICKET_FT_BOOL: jsonw_bool(w, *(const bool *)p); break;
		case TICKET_FT_TIME:
		case TICKET_FT_TIME_NULL: api_jw_time(w, *(const int64_t *)p); break;
		case TICKET_FT_KIND: jsonw_str(w, t->kind->name); break;
		case TICKET_FT_CI_SET: {
			const int64_t *ids = *(const int64_t *const *)p;
			size_t n = *(const size_t *)((const char *)t + f->id_offset);
			jsonw_arr_open(w);
			for (size_t j = 0; j < n; j++)
				jsonw_int(w, ids[j]);
			jsonw_arr_close(w);
			break;
		}
		case TICKET_FT_WATCHERS: api_jw_strings(w, t->watchers, t->watcher_count); break;
		case TICKET_FT_CHILDREN: api_jw_strings(w, t->children, t->child_count); break;
		case TICKET_FT_ACTIONS: {
			const char *actions[TICKET_ACTIONS_MAX];
			size_t n = ticket_allowed_actions(a, t, actions, TICKET_ACTIONS_MAX);
			api_jw_strings(w, actions, n);
			break;
		}
		case TICKET_FT_SLA: write_slas(w, t); break;
		case TICKET_FT_IMPACTED: api_jw_strings(w, t->impacted, t->impacted_count); break;
		case TICKET_FT_CUSTOM:
			jsonw_obj_open(w);
			for (size_t j = 0; j < t->custom_count; j++) {
				const struct ticket_value *cv = &t->custom[j];
				jsonw_key(w, cv->name);
				/* numbers and CI ids as numbers: canonical text is valid JSON */
				if (strcmp(cv->type, "number") == 0 || strcmp(cv->type, "ci") == 0)
					jsonw_raw(w, cv->value);
				else
					jsonw_str(w, cv->value);
			}
			jsonw_obj_close(w);
			break;
		}
	}
	jsonw_obj_close(w);
}

/* The answer of every route that returns one ticket (GET, POST 201, PATCH,
 * the actions, major): its version as the ETag, and where it lives when new. */
enum sw_err api_reply_ticket(struct req *r, int status, const struct ticket *t, struct sw_error *err)
{
	http_header(r, "ETag", arena_printf(&r->arena, "\"%lld\"", (long long)t->version));
	if (status == 201)
		http_header(r, "Location", arena_printf(&r->arena, "/api/v1/%s/%s", t->kind->path, t->number));
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	struct jsonw w;
	jsonw_init(&w, &b);
	ticket_write(&w, &r->ctx.actor, t, true);
	return api_jw_reply(r, status, &w, err);
}

static const struct api_elements custom_values =
	API_ELEMENTS("custom", true, CUSTOM_FIELDS_MAX, struct custom_value,
		     "must be an object of at most " API_STR(CUSTOM_FIELDS_MAX) " field values",
		     "must be an object of at most " API_STR(CUSTOM_FIELDS_MAX) " field values");

/* One value of a field defined at run time, as the client sent it;
 * checked against the field's definition in core. */
static void custom_member(struct req *r, const char *at, json_t *v, void *slot, struct sw_error *err)
{
	static const int kinds[API_SCALAR__COUNT] = {
		[API_SCALAR_NULL] = CUSTOM_VALUE_NULL,   [API_SCALAR_STRING] = CUSTOM_VALUE_STRING,
		[API_SCALAR_INT] = CUSTOM_VALUE_INT,     [API_SCALAR_REAL] = CUSTOM_VALUE_REAL,
		[API_SCALAR_BOOL] = CUSTOM_VALUE_OTHER, /* refused by the field's type, as are */
		[API_SCALAR_OTHER] = CUSTOM_VALUE_OTHER,
	};
	struct custom_value *x = slot;
	x->kind = kinds[api_scalar_of(v)];
	x->i = json_integer_value(v);
	x->r = json_real_value(v);
	if (x->kind == CUSTOM_VALUE_STRING)
		x->s = api_string(r, v, at, CUSTOM_VALUE_MAX, err);
}

/* "custom": {"name": value, ...}: values of fields defined at run time. */
static void decode_custom(struct req *r, json_t *obj, void *input, struct sw_error *err)
{
	struct ticket_input *in = input;
	in->set_custom = true;
	in->custom = api_named_values(r, obj, &custom_values, offsetof(struct custom_value, name), CUSTOM_NAME_MAX, 50,
				      "a field", custom_member, &in->custom_count, err);
}

const struct api_schema api_schema_incident =
	API_SCHEMA_NESTED("IncidentInput", input_fields, struct ticket_input, "custom", decode_custom);

enum sw_err api_ticket_create(struct req *r, struct sw_error *err)
{
	struct ticket_input in;
	enum sw_err rc = api_read(r, &api_schema_incident, false, &in, err);
	if (rc)
		return rc;
	/* what it came in by, unless the caller says (an agent logging a call) */
	in.via = !r->session ? "api" : authz_is_agent(&r->ctx.actor) ? "agent" : "portal";
	struct ticket t;
	if ((rc = ticket_create(&r->ctx, route_kind(r), &in, &t, err)))
		return rc;
	return api_reply_ticket(r, 201, &t, err);
}

enum sw_err api_ticket_get(struct req *r, struct sw_error *err)
{
	struct ticket t;
	enum sw_err rc = ticket_get(&r->ctx, route_kind(r), req_param(r, "number"), &t, err);
	if (rc)
		return rc;
	return api_reply_ticket(r, 200, &t, err);
}

enum sw_err api_ticket_update(struct req *r, struct sw_error *err)
{
	int64_t version;
	enum sw_err rc = api_if_match(r, true, &version, err);
	if (rc)
		return rc;
	struct ticket_input in;
	if ((rc = api_read(r, &api_schema_incident, false, &in, err)))
		return rc;
	struct ticket t;
	if ((rc = ticket_update(&r->ctx, route_kind(r), req_param(r, "number"), version, &in, &t, err)))
		return rc;
	return api_reply_ticket(r, 200, &t, err);
}

/* The list filters of the query (those allowed names), into f; with p,
 * the page too (limit, cursor). */
#define TICKET_FILTERS                                                                                                 \
	"state,assignee,assignment_group,my_groups,requester,priority,major,open,breaching,channel,closing_category,"  \
	"custom_field,custom_value,archived,text,sort"
static enum sw_err read_filter(struct req *r, const char *allowed, struct ticket_filter *f, struct page *p,
			       struct sw_error *err)
{
	int64_t priority = 0;
	bool has_priority;
	const char *sort = NULL;
	int major, open, breaching, my_groups, archived;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, allowed, err)) || (rc = api_query_bool(r, "major", &major, err)) ||
	    (rc = api_query_bool(r, "open", &open, err)) || (rc = api_query_bool(r, "breaching", &breaching, err)) ||
	    (rc = api_query_bool(r, "my_groups", &my_groups, err)) ||
	    (rc = api_query_bool(r, "archived", &archived, err)) || (p && (rc = api_page(r, p, err))) ||
	    (rc = api_query_str(r, "state", 32, &f->state, err)) ||
	    (rc = api_query_str(r, "assignee", LIMIT_LOGIN_LEN, &f->assignee, err)) ||
	    (rc = api_query_str(r, "assignment_group", LIMIT_NAME_LEN * 4, &f->group, err)) ||
	    (rc = api_query_str(r, "requester", LIMIT_LOGIN_LEN, &f->requester, err)) ||
	    (rc = api_query_str(r, "channel", 20, &f->channel, err)) ||
	    (rc = api_query_str(r, "custom_field", CUSTOM_NAME_MAX, &f->custom_field, err)) ||
	    (rc = api_query_str(r, "custom_value", CUSTOM_VALUE_MAX * 4, &f->custom_value, err)) ||
	    (rc = api_query_str(r, "closing_category", LIMIT_CATEGORY_LEN * 4, &f->closing_category, err)) ||
	    (rc = api_query_str(r, "text", LIMIT_SEARCH_LEN, &f->text, err)) ||
	    (rc = api_query_str(r, "sort", 32, &sort, err)) ||
	    (rc = api_query_int(r, "priority", 1, 5, &priority, &has_priority, err)))
		return rc;
	f->priority = (int)priority;
	f->major_only = major == 1;
	f->open_only = open == 1;
	f->breaching_by = breaching == 1;
	f->my_groups = my_groups == 1;
	f->archived = archived == 1;
	if (f->text) { /* words as the index sees them (text_word_next); see docs/api.md */
		size_t pos = 0, start, len, words = 0;
		while (text_word_next(f->text, strlen(f->text), &pos, &start, &len))
			words++;
		if (words == 0 || words > LIMIT_SEARCH_WORDS) {
			if (words)
				sw_field_fail(err, "text", "must have at most %d words", LIMIT_SEARCH_WORDS);
			else
				sw_field_fail(err, "text", "must contain a letter or a digit");
			err->code = SW_EBADREQ;
			snprintf(err->type, sizeof(err->type), "bad-request");
			return SW_EBADREQ;
		}
	}
	if (sort && ticket_sort_parse(sort, &f->sort)) {
		sw_field_fail(err, "sort",
			      "must be one of created_at, -created_at, updated_at, -updated_at, priority, -priority");
		err->code = SW_EBADREQ;
		snprintf(err->type, sizeof(err->type), "bad-request");
		return SW_EBADREQ;
	}
	return SW_OK;
}

enum sw_err api_ticket_list(struct req *r, struct sw_error *err)
{
	struct ticket_filter f = {.kind = route_kind(r), .sort = TICKET_SORT_CREATED_DESC};
	struct page p;
	enum sw_err rc = read_filter(r, TICKET_FILTERS ",limit,cursor", &f, &p, err);
	if (rc)
		return rc;
	struct ticket_list list;
	if ((rc = ticket_list(&r->ctx, route_kind(r), &f, &p, &list, err)))
		return rc;
	return api_reply_tickets(r, &list, err);
}

/* GET /api/v1/cis/{id}/<kind path> and /api/v1/services/{id}/<kind path>:
 * the kind's tickets on the CI or service, newest first (the route's arg
 * is the kind; the path's first segment says what they are on). */
enum sw_err api_tickets_on(struct req *r, struct sw_error *err)
{
	const struct ticket_kind *kind = route_kind(r);
	enum ticket_on on = strncmp(r->route->pattern, "/api/v1/cis/", 12) == 0 ? TICKET_ON_CI : TICKET_ON_SERVICE;
	struct page p;
	int64_t id;
	int open;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "open,limit,cursor", err)) || (rc = api_query_bool(r, "open", &open, err)) ||
	    (rc = api_page(r, &p, err)) || (rc = api_id_param(r, on == TICKET_ON_CI ? "CI" : "service", &id, err)))
		return rc;
	struct ticket_list list;
	if ((rc = ticket_list_on(&r->ctx, kind, on, id, open == 1, &p, &list, err)))
		return rc;
	return api_reply_tickets(r, &list, err);
}

/* ---- export ---------------------------------------------------------------------- */

#define EXPORT_PAGE 100 /* rows in one chunk of a streamed export: at most 100 descriptions of 400 KB */
#define EXPORT_MAX (256u * 1024 * 1024)

/* The fields of kind k an export carries: what a list shows an agent. */
static bool exported(const struct ticket_kind *k, const struct ticket_field *f)
{
	return ticket_field_of(k, f) && !f->single_only && f->type != TICKET_FT_ACTIONS &&
	       f->type != TICKET_FT_CHILDREN && f->type != TICKET_FT_CUSTOM;
}

static const char *custom_value_of(const struct ticket *t, const char *name)
{
	for (size_t i = 0; i < t->custom_count; i++)
		if (strcmp(t->custom[i].name, name) == 0)
			return t->custom[i].value;
	return NULL;
}

/* The header row: the fields, then custom.<name> for each field defined
 * for the kind. */
static enum sw_err csv_head(struct buf *out, const struct ticket_kind *k, const struct custom_field_list *cf)
{
	enum sw_err rc = SW_OK;
	bool first = true;
	for (size_t i = 0; !rc && i < ticket_field_count; i++)
		if (exported(k, &ticket_fields[i])) {
			rc = csv_put(out, ticket_fields[i].name, first);
			first = false;
		}
	for (size_t i = 0; !rc && i < cf->count; i++) {
		char name[CUSTOM_NAME_MAX + 8];
		snprintf(name, sizeof(name), "custom.%s", cf->items[i].name);
		rc = csv_put(out, name, false);
	}
	return rc ? rc : buf_puts(out, "\r\n");
}

static enum sw_err csv_row(struct buf *out, struct arena *a, const struct ticket *t, const struct custom_field_list *cf)
{
	enum sw_err rc = SW_OK;
	bool first = true;
	for (size_t i = 0; !rc && i < ticket_field_count; i++)
		if (exported(t->kind, &ticket_fields[i])) {
			rc = csv_put(out, ticket_field_text(a, t, &ticket_fields[i]), first);
			first = false;
		}
	for (size_t i = 0; !rc && i < cf->count; i++)
		rc = csv_put(out, custom_value_of(t, cf->items[i].name), false);
	return rc ? rc : buf_puts(out, "\r\n");
}

/* The same row as a JSON object: numbers and booleans as such, the
 * watchers as an array, what is not set as null. */
static void json_row(struct jsonw *w, struct arena *a, const struct ticket *t, const struct custom_field_list *cf)
{
	jsonw_obj_open(w);
	for (size_t i = 0; i < ticket_field_count; i++) {
		const struct ticket_field *f = &ticket_fields[i];
		if (!exported(t->kind, f))
			continue;
		const char *p = (const char *)t + f->offset;
		if (f->type == TICKET_FT_INT)
			jsonw_kint(w, f->name, *(const int *)p);
		else if (f->type == TICKET_FT_INT64)
			jsonw_kint(w, f->name, *(const int64_t *)p);
		else if (f->type == TICKET_FT_BOOL)
			jsonw_kbool(w, f->name, *(const bool *)p);
		else if (f->type == TICKET_FT_WATCHERS) {
			jsonw_key(w, f->name);
			api_jw_strings(w, t->watchers, t->watcher_count);
		} else
			jsonw_kstr(w, f->name, ticket_field_text(a, t, f));
	}
	for (size_t i = 0; i < cf->count; i++) {
		const char *v = custom_value_of(t, cf->items[i].name);
		jsonw_key(w, arena_printf(a, "custom.%s", cf->items[i].name));
		if (v && cf->items[i].type == CUSTOM_NUMBER)
			jsonw_raw(w, v); /* canonical text is valid JSON */
		else
			jsonw_str(w, v);
	}
	jsonw_obj_close(w);
}

/* An export being sent (api_ticket_export): where the list stands. */
struct export_state {
	const struct ticket_kind *kind;
	struct ticket_filter filter;
	struct custom_field_list fields;
	struct page page;
	char cursor[256];
	bool csv, started, rows; /* the head (or "[") is out; a row is */
};

/* One chunk of an export: the head first, then a page of rows, the end
 * after the last.  Each page is read in a scratch of the arena, so the
 * memory held is one page's whatever the number of tickets. */
static enum sw_err export_chunk(struct req *r, void *arg, struct buf *out, bool *done, struct sw_error *err)
{
	struct export_state *x = arg;
	enum sw_err rc = SW_OK;
	if (!x->started) {
		x->started = true;
		return x->csv ? csv_head(out, x->kind, &x->fields) : buf_puts(out, "[");
	}
	struct ticket_list list;
	struct scratch page;
	scratch_begin(&r->ctx, &page);
	rc = ticket_list(&r->ctx, x->kind, &x->filter, &x->page, &list, err);
	for (size_t i = 0; !rc && i < list.count; i++) {
		if (x->csv) {
			rc = csv_row(out, r->ctx.arena, &list.items[i], &x->fields);
			continue;
		}
		struct jsonw w;
		if (x->rows && (rc = buf_puts(out, ",")))
			break;
		jsonw_init(&w, out);
		json_row(&w, r->ctx.arena, &list.items[i], &x->fields);
		rc = w.err;
		x->rows = true;
	}
	bool more = !rc && list.next_cursor &&
		    snprintf(x->cursor, sizeof(x->cursor), "%s", list.next_cursor) < (int)sizeof(x->cursor);
	scratch_end(&r->ctx, &page);
	x->page.cursor = x->cursor;
	if (!rc && !more) {
		*done = true;
		if (!x->csv)
			rc = buf_puts(out, "]");
	}
	return rc ? sw_fail(err, rc, NULL, "the export of %s could not go on", x->kind->path) : SW_OK;
}

/* Every ticket of kind k the filters of the query select, as rows: CSV
 * (the fields an agent's list shows, then one column per field defined
 * for the kind) or a JSON array of the same rows, streamed a page at a
 * time as the client takes them (http_reply_pull): constant memory for
 * any number of rows.  The filters are checked before the first byte. */
enum sw_err api_ticket_export(struct req *r, const struct ticket_kind *k, bool csv, struct sw_error *err)
{
	struct export_state *x = arena_alloc(&r->arena, sizeof(*x));
	if (!x)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	*x = (struct export_state){.kind = k, .filter = {.kind = k, .sort = TICKET_SORT_CREATED_ASC}, .csv = csv};
	x->page = (struct page){.limit = EXPORT_PAGE};
	enum sw_err rc;
	if ((rc = read_filter(r, TICKET_FILTERS ",format", &x->filter, NULL, err)) ||
	    (rc = custom_field_list(&r->ctx, k->name, &x->fields, err)))
		return rc;
	/* the first page once now: a query the filters make impossible is a
	 * problem answer, not a cut body */
	struct ticket_list probe;
	struct scratch page;
	scratch_begin(&r->ctx, &page);
	struct page first = {.limit = 1};
	rc = ticket_list(&r->ctx, k, &x->filter, &first, &probe, err);
	scratch_end(&r->ctx, &page);
	if (rc)
		return rc;
	http_header(r, "Content-Disposition",
		    arena_printf(&r->arena, "attachment; filename=\"%s.%s\"", k->path, csv ? "csv" : "json"));
	return http_reply_pull(r, 200, csv ? "text/csv; charset=utf-8" : "application/json", export_chunk, x, err);
}

static void ticket_item(struct jsonw *w, struct req *r, const void *item)
{
	ticket_write(w, &r->ctx.actor, item, false);
}

enum sw_err api_reply_tickets(struct req *r, const struct ticket_list *list, struct sw_error *err)
{
	return api_jw_reply_items(r, list->items, list->count, sizeof(*list->items), ticket_item, list->next_cursor,
				  err);
}

/* ---- actions ------------------------------------------------------------------ */

API_INPUT(api_schema_action, "ActionInput", struct ticket_action_input,
	  FIELD_PLAIN(struct ticket_action_input, "reason", FT_STRING, LIMIT_REASON_LEN, reason, false),
	  FIELD_PLAIN(struct ticket_action_input, "resolution_code", FT_STRING, 40, resolution_code, false),
	  FIELD_PLAIN(struct ticket_action_input, "resolution_notes", FT_STRING, LIMIT_COMMENT_LEN, resolution_notes,
		      false),
	  FIELD(struct ticket_action_input, "resolve_incidents", FT_BOOL, 0, resolve_incidents, set_resolve_incidents));

/* POST /api/v1/<path>/{number}/<action>: the action is the route's last
 * segment, checked against the kind's machine. */
enum sw_err api_ticket_action(struct req *r, struct sw_error *err)
{
	const char *action = strrchr(r->route->pattern, '/') + 1;
	struct ticket_action_input in;
	enum sw_err rc = api_read(r, &api_schema_action, true, &in, err);
	if (rc)
		return rc;
	if ((rc = api_if_match(r, false, &in.expected_version, err)))
		return rc;
	struct ticket t = {0};
	rc = ticket_action(&r->ctx, route_kind(r), req_param(r, "number"), action, &in, &t, err);
	if (rc == SW_ECONFLICT && strcmp(err->type, "illegal-transition") == 0 && t.number) {
		const char *allowed[TICKET_ACTIONS_MAX];
		api_problem_allowed(r, allowed, ticket_allowed_actions(&r->ctx.actor, &t, allowed, TICKET_ACTIONS_MAX));
	}
	if (rc)
		return rc;
	return api_reply_ticket(r, 200, &t, err);
}

/* ---- major incidents and the priority matrix ------------------------------------ */

API_TEXT_INPUT(api_schema_major, "MajorInput", "reason", FT_STRING, LIMIT_REASON_LEN, true);

static enum sw_err set_major(struct req *r, bool major, struct sw_error *err)
{
	struct api_text in = {0};
	enum sw_err rc = major ? api_read(r, &api_schema_major, false, &in, err) : SW_OK;
	int64_t version;
	if (rc || (rc = api_if_match(r, false, &version, err)))
		return rc;
	struct ticket t;
	if ((rc = ticket_set_major(&r->ctx, route_kind(r), req_param(r, "number"), major, in.text, version, &t, err)))
		return rc;
	return api_reply_ticket(r, 200, &t, err);
}

enum sw_err api_ticket_major(struct req *r, struct sw_error *err)
{
	return set_major(r, true, err);
}

enum sw_err api_ticket_unmajor(struct req *r, struct sw_error *err)
{
	return set_major(r, false, err);
}

static json_t *matrix_json(const struct priority_matrix *m)
{
	json_t *rows = json_array();
	for (int i = 0; rows && i < 3; i++)
		json_array_append_new(rows, json_pack("[i, i, i]", m->p[i][0], m->p[i][1], m->p[i][2]));
	return json_pack("{s:o}", "matrix", rows);
}

enum sw_err api_matrix_get(struct req *r, struct sw_error *err)
{
	struct priority_matrix m;
	enum sw_err rc = priority_matrix_get(&r->ctx, &m, err);
	if (rc)
		return rc;
	return api_reply(r, 200, matrix_json(&m), err);
}

/* {"matrix": [[p11, p12, p13], [p21, ...], [p31, ...]]}: rows are impact
 * 1..3, columns urgency 1..3.  Decoded by hand: the field tables have no
 * nested arrays. */
enum sw_err api_matrix_set(struct req *r, struct sw_error *err)
{
	json_t *body;
	enum sw_err rc = api_body(r, false, &body, err);
	if (rc)
		return rc;
	struct priority_matrix m;
	memset(&m, 0, sizeof(m));
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "matrix") != 0)
			sw_field_fail(err, utf8_valid(key, strlen(key)) && strlen(key) < 64 ? key : "?",
				      "is not a known field");
	}
	json_t *rows = json_object_get(body, "matrix");
	if (!json_is_array(rows) || json_array_size(rows) != 3) {
		sw_field_fail(err, "matrix", "must be 3 rows (impact 1..3) of 3 priorities (urgency 1..3)");
	} else {
		for (size_t i = 0; i < 3; i++) {
			json_t *row = json_array_get(rows, i);
			if (!json_is_array(row) || json_array_size(row) != 3) {
				char path[64];
				snprintf(path, sizeof(path), "matrix[%zu]", i);
				sw_field_fail(err, path, "must be 3 priorities (urgency 1..3)");
				continue;
			}
			for (size_t u = 0; u < 3; u++) {
				json_t *cell = json_array_get(row, u);
				if (!json_is_integer(cell) || json_integer_value(cell) < 1 ||
				    json_integer_value(cell) > 5) {
					char path[64];
					snprintf(path, sizeof(path), "matrix[%zu][%zu]", i, u);
					sw_field_fail(err, path, "must be a priority from 1 to 5");
					continue;
				}
				m.p[i][u] = (int)json_integer_value(cell);
			}
		}
	}
	json_decref(body);
	if (err->code)
		return err->code;
	if ((rc = priority_matrix_set(&r->ctx, &m, err)))
		return rc;
	return api_reply(r, 200, matrix_json(&m), err);
}

/* ---- what hangs off a ticket: comments, attachments, links ----------------------- */

/* A part added to the ticket the path names from a body (a comment, a
 * link): the body's schema, the record made (size bytes), its JSON and
 * the core call adding it from the input read. */
struct ticket_part {
	const struct api_schema *schema;
	size_t size;
	api_json_fn json;
	enum sw_err (*add)(struct ctx *c, const struct ticket_kind *kind, const char *number, const void *in, void *rec,
			   struct sw_error *err);
};

/* POST of a part: read, add, answered 201 with the record. */
static enum sw_err part_add(struct req *r, const struct ticket_part *p, struct sw_error *err)
{
	void *in = arena_alloc(&r->arena, p->schema->size), *rec = arena_alloc(&r->arena, p->size);
	if (!in || !rec)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	enum sw_err rc = api_read(r, p->schema, false, in, err);
	if (!rc)
		rc = p->add(&r->ctx, route_kind(r), req_param(r, "number"), in, rec, err);
	return rc ? rc : api_reply(r, 201, p->json(rec), err);
}

/* The handler listing the parts of the ticket the path names: call_
 * reads them into a list_type_ (items, count), json_ writes each. */
#define TICKET_PART_LIST(handler_, list_type_, call_, json_)                                                           \
	enum sw_err handler_(struct req *r, struct sw_error *err)                                                      \
	{                                                                                                              \
		list_type_ list;                                                                                       \
		enum sw_err rc = call_(&r->ctx, route_kind(r), req_param(r, "number"), &list, err);                    \
		return rc ? rc : api_reply_items(r, list.items, list.count, sizeof(*list.items), json_, NULL, err);    \
	}

/* A part added by a body and listed, from one line: its POST handler
 * api_ticket_<name_> (the body api_schema_<name_>, a struct name_##_input,
 * whose members named are the arguments of ticket_<name_>_add, making a
 * rec_type_ written by name_##_json) and its GET handler
 * api_ticket_<name_>s (ticket_<name_>_list into a list_type_). */
#define TICKET_PART_IN_(unused_, also_unused_, member_) i->member_
#define TICKET_PART(name_, rec_type_, list_type_, ...)                                                                 \
	static enum sw_err name_##_add(struct ctx *c, const struct ticket_kind *kind, const char *number,              \
				       const void *in, void *rec, struct sw_error *err)                                \
	{                                                                                                              \
		const struct name_##_input *i = in;                                                                    \
		return ticket_##name_##_add(c, kind, number, EACH(TICKET_PART_IN_, -, -, __VA_ARGS__), rec, err);      \
	}                                                                                                              \
	static const struct ticket_part name_##_part = {&api_schema_##name_, sizeof(rec_type_), name_##_json,          \
							name_##_add};                                                  \
	enum sw_err api_ticket_##name_(struct req *r, struct sw_error *err)                                            \
	{                                                                                                              \
		return part_add(r, &name_##_part, err);                                                                \
	}                                                                                                              \
	TICKET_PART_LIST(api_ticket_##name_##s, list_type_, ticket_##name_##_list, name_##_json)

/* ---- comments, history ----------------------------------------------------------- */

struct comment_input {
	const char *body;
	bool internal;
};

API_INPUT(api_schema_comment, "CommentInput", struct comment_input,
	  FIELD_PLAIN(struct comment_input, "body", FT_STRING, LIMIT_COMMENT_LEN, body, true),
	  FIELD_PLAIN(struct comment_input, "internal", FT_BOOL, 0, internal, false));

static const struct api_member comment_members[] = {
	API_EACH(struct comment, API_AS_IS, id),
	API_EACH(struct comment, API_AS_NULL, author),
	API_EACH(struct comment, API_AS_IS, internal, body),
	API_EACH(struct comment, API_AS_TIME, created_at),
};

static json_t *comment_json(const void *rec)
{
	return API_MEMBERS(rec, comment_members);
}

TICKET_PART(comment, struct comment, struct comment_list, body, internal)

enum sw_err api_ticket_history(struct req *r, struct sw_error *err)
{
	struct audit_list list = {0};
	enum sw_err rc = ticket_history(&r->ctx, route_kind(r), req_param(r, "number"), &list, err);
	return rc ? rc : api_reply_history(r, &list, err);
}

/* ---- watchers ---------------------------------------------------------------------- */

API_TEXT_INPUT(api_schema_watcher, "WatcherInput", "login", FT_STRING, LIMIT_LOGIN_LEN, true);

enum sw_err api_ticket_watch(struct req *r, struct sw_error *err)
{
	struct api_text in;
	enum sw_err rc = api_read(r, &api_schema_watcher, false, &in, err);
	if (rc)
		return rc;
	if ((rc = ticket_watch(&r->ctx, route_kind(r), req_param(r, "number"), in.text, true, err)))
		return rc;
	return http_reply(r, 204, NULL, NULL, 0, err);
}

enum sw_err api_ticket_unwatch(struct req *r, struct sw_error *err)
{
	enum sw_err rc =
		ticket_watch(&r->ctx, route_kind(r), req_param(r, "number"), req_param(r, "login"), false, err);
	if (rc)
		return rc;
	return http_reply(r, 204, NULL, NULL, 0, err);
}

/* ---- attachments ----------------------------------------------------------------- */

json_t *api_attachment_json(const struct attachment *a)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:o, s:o}", "id", (json_int_t)a->id, "filename", a->filename,
			 "content_type", a->content_type, "size", (json_int_t)a->size, "sha256", a->sha256,
			 "created_by", api_str(a->created_by), "created_at", api_time(a->created_at));
}

enum sw_err api_upload_name(struct req *r, const char **filename, struct sw_error *err)
{
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "filename", err)) ||
	    (rc = api_query_str(r, "filename", LIMIT_FILENAME_LEN, filename, err)))
		return rc;
	if (!*filename)
		sw_field_fail(err, "filename", "is required as a query parameter");
	return err->code;
}

enum sw_err api_ticket_attach(struct req *r, struct sw_error *err)
{
	const char *filename;
	struct attachment a;
	enum sw_err rc;
	if ((rc = api_upload_name(r, &filename, err)) ||
	    (rc = ticket_attach(&r->ctx, route_kind(r), req_param(r, "number"), filename, r->body.ptr, r->body.len, &a,
				err)))
		return rc;
	return api_reply(r, 201, api_attachment_json(&a), err);
}

static json_t *attachment_item(const void *rec)
{
	return api_attachment_json(rec);
}

TICKET_PART_LIST(api_ticket_attachments, struct attachment_list, ticket_attachment_list, attachment_item)

API_GET_BY_ID(api_attachment_download, "attachment", struct attachment, ticket_attachment_get, api_reply_attachment)

enum sw_err api_reply_attachment(struct req *r, const struct attachment *a, struct sw_error *err)
{
	/* the file name is already free of quotes and control characters */
	http_header(r, "Content-Disposition", arena_printf(&r->arena, "attachment; filename=\"%s\"", a->filename));
	http_header(r, "X-Content-SHA256", a->sha256);
	return http_reply(r, 200, a->content_type, a->data, (size_t)a->size, err);
}

/* ---- links ---------------------------------------------------------------------- */

struct link_input {
	const char *kind, *target;
};

API_INPUT(api_schema_link, "LinkInput", struct link_input,
	  FIELD_PLAIN(struct link_input, "kind", FT_STRING, 40, kind, false),
	  FIELD_PLAIN(struct link_input, "target", FT_STRING, 40, target, false));

static const struct api_member link_members[] = {
	API_EACH(struct ticket_link, API_AS_IS, kind, target),
	API_EACH(struct ticket_link, API_AS_TIME, created_at),
};

static json_t *link_json(const void *rec)
{
	return API_MEMBERS(rec, link_members);
}

TICKET_PART(link, struct ticket_link, struct link_list, kind, target)

/* ---- the OpenAPI components of the kinds ---------------------------------------- */

/* An enum of a NULL-terminated list, with null when nullable. */
static void schema_enum(struct jsonw *w, const char *const *values, bool nullable)
{
	jsonw_key(w, "enum");
	jsonw_arr_open(w);
	for (; values && *values; values++)
		jsonw_str(w, *values);
	if (nullable)
		jsonw_null(w);
	jsonw_arr_close(w);
}

static void schema_type(struct jsonw *w, const char *type, bool nullable)
{
	jsonw_key(w, "type");
	if (!nullable) {
		jsonw_str(w, type);
		return;
	}
	jsonw_arr_open(w);
	jsonw_str(w, type);
	jsonw_str(w, "null");
	jsonw_arr_close(w);
}

static void schema_strings(struct jsonw *w)
{
	schema_type(w, "array", false);
	jsonw_key(w, "items");
	jsonw_raw(w, "{\"type\":\"string\"}");
}

/* <schema>: what ticket_write sends for kind k, from the same table:
 * closed (nothing else is sent), and requiring what every answer about
 * such a ticket carries, to anyone, in a list or alone (shown()). */
static void kind_schema(struct jsonw *w, const struct ticket_kind *k)
{
	const char *states[32];
	size_t n = 0;
	for (const struct ticket_state *s = k->states; s->name && n + 1 < 32; s++)
		states[n++] = s->name;
	states[n] = NULL;
	jsonw_key(w, k->schema);
	jsonw_obj_open(w);
	jsonw_kstr(w, "type", "object");
	jsonw_key(w, "required");
	jsonw_arr_open(w);
	for (size_t i = 0; i < ticket_field_count; i++) {
		const struct ticket_field *f = &ticket_fields[i];
		if (ticket_field_of(k, f) && !f->agents_only && !f->single_only && f->type != TICKET_FT_CHILDREN)
			jsonw_str(w, f->name);
	}
	jsonw_arr_close(w);
	jsonw_kbool(w, "additionalProperties", false);
	jsonw_key(w, "properties");
	jsonw_obj_open(w);
	for (size_t i = 0; i < ticket_field_count; i++) {
		const struct ticket_field *f = &ticket_fields[i];
		if (!ticket_field_of(k, f))
			continue;
		bool nullable = f->type == TICKET_FT_TEXT_NULL || f->type == TICKET_FT_INT64_NULL ||
				f->type == TICKET_FT_TIME_NULL || (f->type == TICKET_FT_REF && f->nullable);
		jsonw_key(w, f->name);
		jsonw_obj_open(w);
		switch (f->values) {
		case TICKET_VALUES_STATES: schema_enum(w, states, false); break;
		case TICKET_VALUES_HOLD: schema_enum(w, k->hold_reasons, true); break;
		case TICKET_VALUES_RESOLUTION: schema_enum(w, k->resolution_codes, true); break;
		case TICKET_VALUES_CHANNELS: schema_enum(w, ticket_channels, true); break;
		case TICKET_VALUES_ANY:
			switch (f->type) {
			case TICKET_FT_TEXT:
			case TICKET_FT_TEXT_NULL:
			case TICKET_FT_REF: schema_type(w, "string", nullable); break;
			case TICKET_FT_INT:
			case TICKET_FT_INT64:
			case TICKET_FT_INT64_NULL:
				schema_type(w, "integer", nullable);
				if (f->max) {
					jsonw_kint(w, "minimum", f->min);
					jsonw_kint(w, "maximum", f->max);
				}
				break;
			case TICKET_FT_BOOL: schema_type(w, "boolean", false); break;
			case TICKET_FT_TIME:
			case TICKET_FT_TIME_NULL:
				schema_type(w, "string", nullable);
				jsonw_kstr(w, "format", "date-time");
				break;
			case TICKET_FT_KIND: jsonw_kstr(w, "const", k->name); break;
			case TICKET_FT_WATCHERS:
			case TICKET_FT_CHILDREN:
			case TICKET_FT_ACTIONS:
			case TICKET_FT_IMPACTED: schema_strings(w); break;
			case TICKET_FT_SLA:
				schema_type(w, "array", false);
				jsonw_key(w, "items");
				jsonw_raw(w, "{\"$ref\":\"#/components/schemas/SlaClock\"}");
				break;
			case TICKET_FT_CI_SET:
				schema_type(w, "array", false);
				jsonw_key(w, "items");
				jsonw_raw(w, "{\"type\":\"integer\"}");
				break;
			case TICKET_FT_CUSTOM:
				schema_type(w, "object", false);
				jsonw_key(w, "additionalProperties");
				jsonw_raw(w, "{\"type\":[\"string\",\"number\"]}");
				break;
			}
			break;
		}
		if (f->description)
			jsonw_kstr(w, "description", f->description);
		jsonw_obj_close(w);
	}
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

/* <schema>Input: the body its create and PATCH routes decode (input_fields),
 * less what the kind does not have. */
static void kind_input_schema(struct jsonw *w, const struct ticket_kind *k)
{
	char name[80];
	snprintf(name, sizeof(name), "%sInput", k->schema);
	jsonw_key(w, name);
	jsonw_obj_open(w);
	jsonw_kstr(w, "type", "object");
	jsonw_kbool(w, "additionalProperties", false);
	jsonw_key(w, "properties");
	jsonw_obj_open(w);
	for (size_t i = 0; i < sizeof(input_fields) / sizeof(input_fields[0]); i++) {
		const struct field *f = &input_fields[i];
		unsigned needs = ticket_input_needs(f->name);
		if ((k->fields & needs) != needs)
			continue;
		jsonw_key(w, f->name);
		jsonw_obj_open(w);
		switch (f->type) {
		case FT_STRING:
		case FT_STRING_NULL:
			schema_type(w, "string", f->type == FT_STRING_NULL);
			if (f->max_chars)
				jsonw_kint(w, "maxLength", (int64_t)f->max_chars);
			break;
		case FT_INT:
		case FT_INT64:
			schema_type(w, "integer", false);
			jsonw_kint(w, "minimum", f->min);
			jsonw_kint(w, "maximum", f->max);
			break;
		case FT_ID_NULL:
			schema_type(w, "integer", true);
			jsonw_kint(w, "minimum", 1);
			break;
		case FT_TIME_NULL:
			schema_type(w, "string", true);
			jsonw_kstr(w, "format", "date-time");
			break;
		case FT_FIXED2: schema_type(w, "number", false); break;
		case FT_NUMBER:
			schema_type(w, "number", false);
			jsonw_kint(w, "minimum", f->min);
			jsonw_kint(w, "maximum", f->max);
			break;
		case FT_BOOL: schema_type(w, "boolean", false); break;
		case FT_STRINGS:
			schema_strings(w);
			jsonw_kint(w, "maxItems", (int64_t)f->max_chars);
			break;
		case FT_IDS:
			schema_type(w, "array", false);
			jsonw_key(w, "items");
			jsonw_raw(w, "{\"type\":\"integer\",\"minimum\":1}");
			jsonw_kint(w, "maxItems", (int64_t)f->max_chars);
			break;
		}
		jsonw_obj_close(w);
	}
	/* decoded beside the table (decode_custom) */
	jsonw_key(w, "custom");
	jsonw_obj_open(w);
	jsonw_kstr(w, "type", "object");
	jsonw_kint(w, "maxProperties", CUSTOM_FIELDS_MAX);
	jsonw_key(w, "additionalProperties");
	jsonw_raw(w, "{\"type\":[\"string\",\"number\",\"null\"]}");
	jsonw_kstr(w, "description",
		   "values of the fields admins define for the kind (GET /api/v1/custom-fields), by name; null clears "
		   "one");
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

void api_openapi_ticket_schemas(struct jsonw *w)
{
	for (size_t i = 0; i < ticket_kind_count(); i++) {
		kind_schema(w, ticket_kind_at(i));
		kind_input_schema(w, ticket_kind_at(i));
	}
}

/* GET /api/v1/reports/<kind path>/breakdown: the tickets raised in a
 * period, filtered as the list filters them, counted by a field and an
 * interval (report.h, docs/reports.md); JSON, or CSV with format=csv. */
static const char *day_text(struct arena *a, int64_t day)
{
	int y, m, d;
	tz_civil_from_days(day, &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

static json_t *seconds_or_null(int64_t s)
{
	return s < 0 ? json_null() : json_integer(s);
}

enum sw_err api_ticket_breakdown(struct req *r, struct sw_error *err)
{
	const struct ticket_kind *k = route_kind(r);
	struct ticket_filter f = {.kind = k};
	struct adhoc_input in = {0};
	const char *format = NULL;
	enum sw_err rc;
	if ((rc = read_filter(r, TICKET_FILTERS ",from,to,tz,group_by,interval,format", &f, NULL, err)) ||
	    (rc = api_query_str(r, "from", 32, &in.period.from, err)) ||
	    (rc = api_query_str(r, "to", 32, &in.period.to, err)) ||
	    (rc = api_query_str(r, "tz", 64, &in.period.tz, err)) ||
	    (rc = api_query_str(r, "group_by", CUSTOM_NAME_MAX + 8, &in.group_by, err)) ||
	    (rc = api_query_str(r, "interval", 16, &in.interval, err)) ||
	    (rc = api_query_str(r, "format", 8, &format, err)))
		return rc;
	bool csv = format && strcmp(format, "csv") == 0;
	if (format && !csv && strcmp(format, "json") != 0)
		return sw_param_fail(err, "format", "must be json or csv");
	struct adhoc_report rep;
	if ((rc = report_adhoc(&r->ctx, k, &f, &in, &rep, err)) == SW_EINVALID) {
		err->code = SW_EBADREQ; /* the fields are query parameters */
		snprintf(err->type, sizeof(err->type), "bad-request");
		return SW_EBADREQ;
	}
	if (rc)
		return rc;
	static const char *const intervals[] = {"", "day", "week", "month"};
	if (csv) {
		struct buf out;
		buf_init(&out, EXPORT_MAX);
		rc = csv_put(&out, "period", true);
		const char *head[] = {rep.group_by ? rep.group_by : "all",
				      "count",
				      "open",
				      "resolved",
				      "reopened",
				      "major",
				      "mtta_seconds",
				      "mttr_seconds"};
		for (size_t i = 0; !rc && i < sizeof(head) / sizeof(head[0]); i++)
			rc = csv_put(&out, head[i], false);
		rc = rc ? rc : buf_puts(&out, "\r\n");
		for (size_t i = 0; !rc && i < rep.count; i++) {
			const struct adhoc_row *x = &rep.rows[i];
			struct arena *a = &r->arena;
			const char *cells[] = {rep.group_by ? (x->key ? x->key : "") : "all",
					       arena_printf(a, "%lld", (long long)x->count),
					       arena_printf(a, "%lld", (long long)x->open),
					       arena_printf(a, "%lld", (long long)x->resolved),
					       arena_printf(a, "%lld", (long long)x->reopened),
					       arena_printf(a, "%lld", (long long)x->major),
					       x->mtta < 0 ? "" : arena_printf(a, "%lld", (long long)x->mtta),
					       x->mttr < 0 ? "" : arena_printf(a, "%lld", (long long)x->mttr)};
			rc = csv_put(&out, day_text(a, x->bucket), true);
			for (size_t c = 0; !rc && c < sizeof(cells) / sizeof(cells[0]); c++)
				rc = csv_put(&out, cells[c], false);
			rc = rc ? rc : buf_puts(&out, "\r\n");
		}
		if (!rc) {
			http_header(r, "Content-Disposition",
				    arena_printf(&r->arena, "attachment; filename=\"%s-breakdown.csv\"", k->path));
			rc = http_reply(r, 200, "text/csv; charset=utf-8", buf_cstr(&out), out.len, err);
		} else {
			rc = sw_fail(err, SW_ETOOLARGE, NULL, "the breakdown is too large: narrow it");
		}
		buf_release(&out);
		return rc;
	}
	json_t *rows = json_array();
	for (size_t i = 0; rows && i < rep.count; i++) {
		const struct adhoc_row *x = &rep.rows[i];
		json_array_append_new(rows, json_pack("{s:s, s:o, s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "period",
						      day_text(&r->arena, x->bucket), "key", api_str(x->key), "count",
						      (json_int_t)x->count, "open", (json_int_t)x->open, "resolved",
						      (json_int_t)x->resolved, "reopened", (json_int_t)x->reopened,
						      "major", (json_int_t)x->major, "mtta", seconds_or_null(x->mtta),
						      "mttr", seconds_or_null(x->mttr)));
	}
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:b, s:o}", "kind", k->name, "from",
			      day_text(&r->arena, rep.from_day), "to", day_text(&r->arena, rep.to_day), "tz", rep.tz,
			      "group_by", api_str(rep.group_by), "interval",
			      rep.interval ? json_string(intervals[rep.interval]) : json_null(), "total",
			      (json_int_t)rep.total, "truncated", rep.truncated, "rows", rows ? rows : json_null());
	return api_reply(r, 200, j, err);
}

/* ---- the breach reason of a ticket's SLA or OLA clock ------------------------------ */

API_TEXT_INPUT(api_schema_breach_reason, "BreachReasonInput", "reason", FT_STRING_NULL, CAUSE_NAME_MAX, true);

/* POST /api/v1/<kind>/{number}/sla/{metric}/breach-reason (every kind): the clock as it shows after. */
enum sw_err api_ticket_breach_reason(struct req *r, struct sw_error *err)
{
	struct api_text in;
	struct sla_clock_shown k;
	enum sw_err rc;
	if ((rc = api_read(r, &api_schema_breach_reason, false, &in, err)) ||
	    (rc = sla_breach_reason_set(&r->ctx, route_kind(r), req_param(r, "number"), req_param(r, "metric"), in.text,
					&k, err)))
		return rc;
	return api_reply(r, 200, API_MEMBERS(&k, sla_members), err);
}
