/*
 * api_schedule.c — the change schedule over HTTP (docs/schedule.md):
 * /api/v1/change-windows (a record resource: admins write, agents read)
 * and its check, the change calendar /api/v1/changes/calendar, the
 * caller's feed tokens /api/v1/me/feeds, and the iCalendar feed a token
 * opens, /api/v1/feeds/{token}.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/ical.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/schedule/schedule.h"
#include "api/oas.h" /* after the others: its names are short */
#include "base/banned.h"

/* ---- windows --------------------------------------------------------------------- */

API_INPUT(api_schema_change_window, "ChangeWindowInput", struct change_window_input,
	  FIELD_PLAIN(struct change_window_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	  FIELD(struct change_window_input, "kind", FT_STRING, 20, kind, set_kind),
	  FIELD(struct change_window_input, "description", FT_STRING, WINDOW_DESCRIPTION_MAX, description,
		set_description),
	  FIELD(struct change_window_input, "timezone", FT_STRING, 64, timezone, set_timezone),
	  FIELD(struct change_window_input, "start", FT_STRING, 40, start, set_start),
	  FIELD_RANGE(struct change_window_input, "duration", FT_INT, 1, WINDOW_DURATION_MAX_MIN, duration,
		      set_duration),
	  FIELD(struct change_window_input, "recurrence", FT_STRING_NULL, RRULE_TEXT_MAX, recurrence, set_recurrence),
	  FIELD(struct change_window_input, "allow_override", FT_BOOL, 0, allow_override, set_allow_override),
	  FIELD(struct change_window_input, "active", FT_BOOL, 0, active, set_active),
	  FIELD_STRINGS(struct change_window_input, "services", WINDOW_SERVICES_MAX, services, service_count,
			set_services));

API_RECORD_OF(api_change_windows, change_window_kind, api_schema_change_window,
	      API_EACH(struct change_window, API_AS_IS, name),
	      API_MEMBER_VALUE(struct change_window, "kind", kind, window_kind_name_list),
	      API_EACH(struct change_window, API_AS_IS, description, timezone, start, duration),
	      API_EACH(struct change_window, API_AS_NULL, recurrence),
	      API_EACH(struct change_window, API_AS_IS, allow_override, active, sequence),
	      API_MEMBER_STRINGS(struct change_window, "services", services, service_count),
	      API_TIMES(struct change_window));

/* ---- query parameters ------------------------------------------------------------- */

/* An RFC 3339 instant of query parameter name (required). */
static enum sw_err instant(struct req *r, const char *name, int64_t *out, struct sw_error *err)
{
	const char *s;
	enum sw_err rc = api_query_str(r, name, 40, &s, err);
	if (rc)
		return rc;
	if (!s || time_parse_rfc3339(s, strlen(s), out))
		return sw_param_fail(err, name, "must be an RFC 3339 time such as 2026-03-01T00:00:00Z");
	return SW_OK;
}

/* The services named by query parameter service (comma-separated names),
 * as ids. */
static enum sw_err services(struct req *r, int64_t **ids, size_t *count, struct sw_error *err)
{
	const char *s;
	enum sw_err rc = api_query_str(r, "service", (LIMIT_NAME_LEN + 1) * WINDOW_SERVICES_MAX, &s, err);
	*ids = NULL;
	*count = 0;
	if (rc || !s)
		return rc;
	const char *names[WINDOW_SERVICES_MAX];
	size_t n = 0;
	for (const char *p = s;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (n == WINDOW_SERVICES_MAX)
			return sw_param_fail(err, "service", "names at most %d services", WINDOW_SERVICES_MAX);
		if (!(names[n++] = arena_strndup(&r->arena, p, len)))
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		if (!e)
			break;
		p = e + 1;
	}
	int64_t *v = arena_alloc(&r->arena, (n + 1) * sizeof(*v));
	if (!v)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if ((rc = schedule_service_ids(&r->ctx, "service", names, n, v, err)))
		return rc;
	*ids = v;
	*count = n;
	return SW_OK;
}

/* ---- the check -------------------------------------------------------------------- */

enum sw_err api_change_window_check(struct req *r, struct sw_error *err)
{
	int64_t from, to, *ids;
	size_t n;
	struct schedule_check ck;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "from,to,service", err)) || (rc = instant(r, "from", &from, err)) ||
	    (rc = instant(r, "to", &to, err)) || (rc = services(r, &ids, &n, err)) ||
	    (rc = schedule_check(&r->ctx, ids, n, from, to, &ck, err)))
		return rc;
	json_t *hits = json_array();
	for (size_t i = 0; hits && i < ck.blackout_count; i++) {
		const struct schedule_hit *h = &ck.blackouts[i];
		json_array_append_new(hits, json_pack("{s:s, s:o, s:o, s:b}", "window", h->window, "start",
						      api_time(h->start), "end", api_time(h->end), "allow_override",
						      h->allow_override));
	}
	json_t *j = json_pack("{s:o, s:o, s:o, s:b, s:o}", "from", api_time(from), "to", api_time(to), "blackouts",
			      hits ? hits : json_null(), "outside_maintenance", ck.outside_maintenance, "uncovered",
			      api_strings(ck.uncovered, ck.uncovered_count));
	return api_reply(r, 200, j, err);
}

/* ---- the calendar ----------------------------------------------------------------- */

/* Written with jsonw rather than as a jansson tree: a month can hold
 * thousands of events. */
static void event_jw(struct jsonw *w, const struct schedule_event *e)
{
	jsonw_obj_open(w);
	jsonw_kstr(w, "uid", e->uid);
	jsonw_kstr(w, "kind", e->kind ? e->kind : "");
	jsonw_kstr(w, "summary", e->summary ? e->summary : "");
	jsonw_kstr(w, "source", e->source ? e->source : "");
	api_jw_ktime(w, "start", e->start);
	api_jw_ktime(w, "end", e->end);
	jsonw_kstr(w, "status", schedule_status_name(e->status));
	jsonw_kint(w, "sequence", e->sequence);
	jsonw_kstr(w, "url", e->url);
	jsonw_obj_close(w);
}

enum sw_err api_change_calendar(struct req *r, struct sw_error *err)
{
	struct schedule_filter f = {0};
	struct schedule_view v = {0};
	int64_t *ids, ci = 0, limit = 0, per_day = 0;
	size_t n;
	bool has_ci, has;
	struct schedule_events ev;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "from,to,service,ci,limit,cursor,per_day,tz", err)) ||
	    (rc = instant(r, "from", &f.from, err)) || (rc = instant(r, "to", &f.to, err)) ||
	    (rc = services(r, &ids, &n, err)) || (rc = api_query_int(r, "ci", 1, INT64_MAX, &ci, &has_ci, err)) ||
	    (rc = api_query_int(r, "limit", 1, SCHEDULE_EVENTS_MAX, &limit, &has, err)) ||
	    (rc = api_query_str(r, "cursor", LIMIT_CURSOR_LEN, &v.cursor, err)) ||
	    (rc = api_query_int(r, "per_day", 1, SCHEDULE_PER_DAY_MAX, &per_day, &has, err)) ||
	    (rc = api_query_str(r, "tz", 64, &v.tz, err)))
		return rc;
	if (n > 1)
		return sw_param_fail(err, "service", "names one service");
	v.limit = (size_t)limit;
	v.per_day = (size_t)per_day;
	f.service_id = n ? ids[0] : 0;
	f.ci_id = has_ci ? ci : 0;
	if (f.ci_id && (rc = schedule_ci_check(&r->ctx, "ci", f.ci_id, err)))
		return rc;
	if ((rc = schedule_calendar_view(&r->ctx, &f, &v, &ev, err)))
		return rc;
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_obj_open(&w);
	api_jw_ktime(&w, "from", f.from);
	api_jw_ktime(&w, "to", f.to);
	jsonw_kbool(&w, "truncated", ev.truncated);
	jsonw_key(&w, "items");
	jsonw_arr_open(&w);
	for (size_t i = 0; i < ev.count && !w.err; i++)
		event_jw(&w, &ev.items[i]);
	jsonw_arr_close(&w);
	jsonw_kstr(&w, "next_cursor", ev.next_cursor);
	if (v.per_day) {
		jsonw_key(&w, "days");
		jsonw_arr_open(&w);
		for (size_t i = 0; i < ev.day_count && !w.err; i++) {
			const struct schedule_day *d = &ev.days[i];
			int y, m, dd;
			char date[16];
			tz_civil_from_days(d->days, &y, &m, &dd);
			snprintf(date, sizeof(date), "%04d-%02d-%02d", y, m, dd);
			jsonw_obj_open(&w);
			jsonw_kstr(&w, "date", date);
			jsonw_kint(&w, "count", (int64_t)d->count);
			jsonw_kint(&w, "shown", (int64_t)d->shown);
			jsonw_obj_close(&w);
		}
		jsonw_arr_close(&w);
	}
	jsonw_obj_close(&w);
	return api_jw_reply(r, 200, &w, err);
}

/* ---- feed tokens ------------------------------------------------------------------- */

API_INPUT(api_schema_feed_token, "FeedTokenInput", struct feed_token_input,
	  FIELD_PLAIN(struct feed_token_input, "name", FT_STRING, 100, name, true),
	  FIELD(struct feed_token_input, "scope", FT_STRING, 20, scope, set_scope),
	  FIELD(struct feed_token_input, "service", FT_STRING_NULL, LIMIT_NAME_LEN, service, set_service));

static json_t *feed_json(const struct feed_token *t)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)t->id, "name", t->name, "scope",
			 feed_scope_name(t->scope), "service", api_str(t->service), "created_at",
			 api_time(t->created_at), "revoked_at", api_time(t->revoked_at));
}

enum sw_err api_feed_create(struct req *r, struct sw_error *err)
{
	struct feed_token_input in;
	struct feed_token t;
	char secret[FEED_SECRET_MAX];
	enum sw_err rc;
	if ((rc = api_read(r, &api_schema_feed_token, false, &in, err)) ||
	    (rc = feed_token_create(&r->ctx, &in, &t, secret, err)))
		return rc;
	json_t *j = feed_json(&t);
	const char *url = arena_printf(&r->arena, "/api/v1/feeds/%s", secret);
	if (j) {
		json_object_set_new(j, "token", json_string(secret));
		json_object_set_new(j, "url", api_str(url));
	}
	return api_reply_created(r, "/api/v1/me/feeds", t.id, j, err);
}

enum sw_err api_feed_list(struct req *r, struct sw_error *err)
{
	struct feed_token_list l;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "", err)) || (rc = feed_token_list(&r->ctx, &l, err)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; items && i < l.count; i++)
		json_array_append_new(items, feed_json(&l.items[i]));
	return api_reply_list(r, items, NULL, err);
}

enum sw_err api_feed_revoke(struct req *r, struct sw_error *err)
{
	return api_id_call(r, "feed token", feed_token_revoke, err);
}

/* GET /api/v1/feeds/{token}: public; the token is the credential. */
enum sw_err api_feed(struct req *r, struct sw_error *err)
{
	struct feed_token t;
	struct schedule_events ev;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "", err)) || (rc = feed_read(&r->ctx, req_param(r, "token"), &t, &ev, err)))
		return rc;
	const char *name = t.scope == FEED_SERVICE
				   ? arena_printf(&r->arena, "Steward change schedule: %s", t.service ? t.service : "")
				   : arena_printf(&r->arena, "Steward change schedule (%s)", t.user ? t.user : "");
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	if ((rc = ical_write(&b, name ? name : "Steward", ev.items, ev.count, r->ctx.now))) {
		buf_release(&b);
		return sw_fail(err, rc, NULL, "the feed is too large");
	}
	http_header(r, "Cache-Control", "no-store");
	rc = http_reply(r, 200, "text/calendar; charset=utf-8", buf_cstr(&b), b.len, err);
	buf_release(&b);
	return rc;
}

/* ---- OpenAPI components ---------------------------------------------------------------- */

#define KINDS "{\"enum\":[\"blackout\",\"maintenance\"]}"
#define START                                                                                                          \
	"{\"type\":\"string\",\"pattern\":\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$\",\"description\":\"the "   \
	"first "                                                                                                       \
	"occurrence's local date and time in the window's time zone\"}"
#define RULE                                                                                                           \
	"{\"type\":[\"string\",\"null\"],\"maxLength\":256,\"description\":\"an RRULE of the subset docs/schedule.md " \
	"documents (FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL); null: once\"}"

static const char schemas[] =
	"\"ChangeWindow\":{\"type\":\"object\",\"required\":[\"name\",\"kind\",\"description\",\"timezone\",\"start\","
	"\"duration\",\"recurrence\",\"allow_override\",\"active\",\"sequence\",\"services\",\"created_at\","
	"\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"name\":" STR ",\"kind\":" KINDS
	",\"description\":" STR ",\"timezone\":" STR ",\"start\":" START ",\"duration\":{\"type\":\"integer\","
	"\"description\":\"minutes\"},\"recurrence\":" RULE ",\"allow_override\":{\"type\":\"boolean\",\"description\":"
	"\"a blackout a change may be scheduled in with a reason\"},\"active\":" BOOL ",\"sequence\":{\"type\":"
	"\"integer\",\"description\":\"updates so far (the iCalendar SEQUENCE)\"},\"services\":{\"type\":\"array\","
	"\"items\":" STR ",\"description\":\"none: global\"},\"created_at\":" TIME ",\"updated_at\":" TIME "}},"
	"\"ChangeWindowInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":" STR
	",\"kind\":" KINDS ",\"description\":{\"type\":\"string\",\"maxLength\":2000},\"timezone\":" STR
	",\"start\":" START ",\"duration\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":44640},\"recurrence\":" RULE
	",\"allow_override\":" BOOL ",\"active\":" BOOL
	",\"services\":{\"type\":\"array\",\"maxItems\":50,\"items\":" STR "}}},"
	"\"ScheduleCheck\":{\"type\":\"object\",\"required\":[\"from\",\"to\",\"blackouts\",\"outside_maintenance\","
	"\"uncovered\"],\"additionalProperties\":false,\"properties\":{\"from\":" TIME ",\"to\":" TIME
	",\"blackouts\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"window\",\"start\",\"end\","
	"\"allow_override\"],\"additionalProperties\":false,\"properties\":{\"window\":" STR ",\"start\":" TIME
	",\"end\":" TIME ",\"allow_override\":" BOOL "}}},\"outside_maintenance\":{\"type\":\"boolean\","
	"\"description\":\"a warning: maintenance windows apply and none holds the whole span\"},\"uncovered\":{"
	"\"type\":\"array\",\"items\":" STR ",\"description\":\"the services whose maintenance windows do not hold "
	"the span (an empty name: the global ones)\"}}},"
	"\"CalendarEvent\":{\"type\":\"object\",\"required\":[\"uid\",\"kind\",\"summary\",\"source\",\"start\","
	"\"end\",\"status\",\"sequence\",\"url\"],\"additionalProperties\":false,\"properties\":{\"uid\":" STR
	",\"kind\":" STR ",\"summary\":" STR ",\"source\":" STR ",\"start\":" TIME ",\"end\":" TIME
	",\"status\":{\"enum\":[\"confirmed\",\"tentative\",\"cancelled\"]},\"sequence\":" INT ",\"url\":" STR_NULL
	"}},"
	"\"ChangeCalendar\":{\"type\":\"object\",\"required\":[\"from\",\"to\",\"truncated\",\"items\","
	"\"next_cursor\"],\"additionalProperties\":false,\"properties\":{\"from\":" TIME ",\"to\":" TIME
	",\"truncated\":{\"type\":\"boolean\",\"description\":\"the answer is not the whole span: a page follows "
	"(next_cursor), or a source had more than it may list\"},\"items\":{\"type\":\"array\",\"items\":{"
	"\"$ref\":\"#/components/schemas/CalendarEvent\"},\"description\":\"by start, then uid\"},"
	"\"next_cursor\":{\"type\":[\"string\",\"null\"],\"description\":\"the next page (limit, default 1000, "
	"at most 5000), null at the end; never with per_day\"},\"days\":{\"type\":\"array\",\"description\":"
	"\"with per_day (1 to 100): each local day of the span in zone tz (default UTC); count: the events overlapping "
	"it, shown: how many of those items holds (windows always, at most per_day of the rest)\",\"items\":{"
	"\"type\":\"object\",\"required\":[\"date\",\"count\",\"shown\"],\"additionalProperties\":false,"
	"\"properties\":{\"date\":{\"type\":\"string\",\"format\":\"date\"},\"count\":" INT ",\"shown\":" INT "}}}}},"
	"\"FeedToken\":{\"type\":\"object\",\"required\":[\"id\",\"name\",\"scope\",\"service\",\"created_at\","
	"\"revoked_at\"],\"additionalProperties\":false,\"properties\":{\"id\":" INT ",\"name\":" STR
	",\"scope\":{\"enum\":[\"user\",\"service\"]},\"service\":" STR_NULL ",\"created_at\":" TIME
	",\"revoked_at\":" TIME_NULL ",\"token\":{\"type\":\"string\",\"description\":\"the secret, in the answer to "
	"the create only\"},\"url\":{\"type\":\"string\",\"description\":\"the feed's path, in the answer to the "
	"create only\"}}},"
	"\"FeedTokenInput\":{\"type\":\"object\",\"required\":[\"name\"],\"additionalProperties\":false,"
	"\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":100},\"scope\":{\"enum\":[\"user\",\"service\"]},"
	"\"service\":" STR_NULL "}}";

void api_openapi_schedule_schemas(struct jsonw *w)
{
	jsonw_raw(w, schemas);
}
