/*
 * api_status.c — the public status page over HTTP (docs/status-page.md):
 * GET /status (HTML, no script, its own strict Content-Security-Policy),
 * GET /api/v1/status (the same as JSON), GET /status/feed.atom (the public
 * updates as an Atom feed), all three public and cacheable for a short
 * while; the public services agents keep (/api/v1/status-services, a
 * record resource); and the public updates agents post on an incident
 * (/api/v1/incidents/{number}/status-updates).  The public answers are
 * written from struct status_page only, which holds nothing but public
 * names, public messages and public updates.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/html.h"
#include "api/handlers.h"
#include "base/buf.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/event/status.h"
#include "api/oas.h" /* after the others: its names are short */
#include "base/banned.h"

#define STATUS_CACHE "public, max-age=30"
#define STATUS_CSP                                                                                                     \
	"default-src 'none'; style-src 'self'; img-src 'none'; base-uri 'none'; form-action 'none'; "                  \
	"frame-ancestors 'none'"

/* ---- public services (a record resource) ----------------------------------------- */

API_INPUT(api_schema_status_service, "StatusServiceInput", struct status_service_input,
	  FIELD_PLAIN(struct status_service_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	  FIELD(struct status_service_input, "service", FT_STRING, LIMIT_NAME_LEN, service, set_service),
	  FIELD_RANGE(struct status_service_input, "position", FT_INT64, 0, 10000, position, set_position),
	  FIELD(struct status_service_input, "override", FT_STRING_NULL, 40, override, set_override),
	  FIELD(struct status_service_input, "message", FT_STRING, STATUS_TEXT_MAX, message, set_message),
	  FIELD(struct status_service_input, "active", FT_BOOL, 0, active, set_active));

static const struct api_member ssvc_members[] = {
	API_EACH(struct status_service, API_AS_IS, name, service, position),
	API_EACH(struct status_service, API_AS_NULL, override),
	API_EACH(struct status_service, API_AS_IS, message, active),
	API_TIMES(struct status_service),
};
const struct api_record api_status_services = {
	.kind = &status_service_kind, .schema = &api_schema_status_service, API_RECORD_MEMBERS(ssvc_members)};

/* ---- public updates on an incident --------------------------------------------- */

API_INPUT(api_schema_status_update, "StatusUpdateInput", struct status_update_input,
	  FIELD_PLAIN(struct status_update_input, "phase", FT_STRING, 20, phase, true),
	  FIELD_PLAIN(struct status_update_input, "title", FT_STRING, STATUS_TITLE_MAX, title, false),
	  FIELD_PLAIN(struct status_update_input, "body", FT_STRING, STATUS_TEXT_MAX, body, true));

static const struct api_member update_members[] = {
	API_EACH(struct status_update, API_AS_IS, id),
	API_EACH(struct status_update, API_AS_NULL, service),
	API_MEMBER_VALUE(struct status_update, "phase", phase, status_phase_name_list),
	API_EACH(struct status_update, API_AS_IS, title, body),
	API_EACH(struct status_update, API_AS_TIME, created_at),
};

static json_t *update_json(const void *rec)
{
	return API_MEMBERS(rec, update_members);
}

API_APPLY_JSON(api_status_update_add, api_schema_status_update, struct status_update_input, "number", status_update_add,
	       struct status_update, 201, update_json)

enum sw_err api_status_update_list(struct req *r, struct sw_error *err)
{
	struct status_update_list l;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "", err)) || (rc = status_update_list(&r->ctx, req_param(r, "number"), &l, err)))
		return rc;
	return api_reply_items(r, l.items, l.count, sizeof(*l.items), update_json, NULL, err);
}

/* ---- the public answers ----------------------------------------------------------- */

static enum sw_err read_page(struct req *r, struct status_page *p, struct sw_error *err)
{
	enum sw_err rc = api_query_allowed(r, "", err);
	return rc ? rc : status_page_read(&r->ctx, p, err);
}

/* Public updates, grouped by incident (newest first), as the page shows
 * them: only the update's own text, its phase and time, the public name. */
static void jw_updates(struct jsonw *w, const struct status_page *p)
{
	jsonw_key(w, "incidents");
	jsonw_arr_open(w);
	for (size_t i = 0; i < p->update_count; i++) {
		const struct status_update *u = &p->updates[i];
		bool first = true;
		for (size_t k = 0; k < i; k++)
			first &= p->updates[k].ticket_id != u->ticket_id;
		if (!first)
			continue;
		jsonw_obj_open(w);
		jsonw_kstr(w, "service", u->service);
		jsonw_kstr(w, "title", u->title);
		jsonw_kstr(w, "phase", status_phase_name(u->phase));
		jsonw_key(w, "updates");
		jsonw_arr_open(w);
		for (size_t k = i; k < p->update_count; k++) {
			const struct status_update *x = &p->updates[k];
			if (x->ticket_id != u->ticket_id)
				continue;
			jsonw_obj_open(w);
			jsonw_kstr(w, "phase", status_phase_name(x->phase));
			jsonw_kstr(w, "body", x->body);
			api_jw_ktime(w, "at", x->created_at);
			jsonw_obj_close(w);
		}
		jsonw_arr_close(w);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

enum sw_err api_status_json(struct req *r, struct sw_error *err)
{
	struct status_page p;
	enum sw_err rc = read_page(r, &p, err);
	if (rc)
		return rc;
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "status", status_level_name(p.overall));
	api_jw_ktime(&w, "generated_at", p.generated_at);
	api_jw_ktime(&w, "history_from", p.day0);
	jsonw_key(&w, "services");
	jsonw_arr_open(&w);
	for (size_t i = 0; i < p.count; i++) {
		const struct status_entry *e = &p.services[i];
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "name", e->name);
		jsonw_kstr(&w, "status", status_level_name(e->level));
		jsonw_kbool(&w, "overridden", e->overridden);
		jsonw_kstr(&w, "message", e->message);
		jsonw_kint(&w, "uptime", e->uptime);
		jsonw_key(&w, "days");
		jsonw_arr_open(&w);
		for (int d = 0; d < STATUS_DAYS; d++)
			if (e->days[d] < 0)
				jsonw_null(&w);
			else
				jsonw_int(&w, e->days[d]);
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jw_updates(&w, &p);
	jsonw_key(&w, "maintenance");
	jsonw_arr_open(&w);
	for (size_t i = 0; i < p.maintenance_count; i++) {
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "service", p.maintenance[i].service);
		api_jw_ktime(&w, "start", p.maintenance[i].start);
		api_jw_ktime(&w, "end", p.maintenance[i].end);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	http_header(r, "Cache-Control", STATUS_CACHE);
	return api_jw_reply(r, 200, &w, err);
}

static const char *const level_labels[STATUS_LEVEL__COUNT] = {"Operational", "Degraded performance", "Partial outage",
							      "Major outage", "Under maintenance"};
static const char *const phase_labels[STATUS_PHASE__COUNT] = {"Investigating", "Identified", "Monitoring", "Resolved"};

static void when(struct sink *h, int64_t t)
{
	char s[21];
	time_format_rfc3339(t, s);
	sink_put(h, s);
}

/* A bar per day: its class says how the day went. */
static const char *day_class(int64_t a)
{
	return a < 0 ? "none" : a >= 100000 ? "up" : a >= 99000 ? "dip" : "down";
}

enum sw_err api_status_page(struct req *r, struct sw_error *err)
{
	struct status_page p;
	enum sw_err rc = read_page(r, &p, err);
	if (rc)
		return rc;
	struct sink h = {.b = BUF_INIT(LIMIT_RESPONSE)};
	sink_put(&h, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		     "<title>Service status</title><link rel=\"stylesheet\" href=\"/app/status.css\">"
		     "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/status/feed.atom\"></head>"
		     "<body><main><h1>Service status</h1><p class=\"overall ");
	sink_put(&h, status_level_name(p.overall));
	sink_put(&h, "\">");
	sink_put(&h, p.overall == STATUS_OPERATIONAL ? "All services are operational" : level_labels[p.overall]);
	sink_put(&h, "</p><section><h2>Services</h2><ul class=\"services\">");
	for (size_t i = 0; i < p.count; i++) {
		const struct status_entry *e = &p.services[i];
		sink_put(&h, "<li><span class=\"name\">");
		sink_esc(&h, e->name);
		sink_putf(&h, "</span> <span class=\"level %s\">%s</span>", status_level_name(e->level),
			  level_labels[e->level]);
		if (e->message && *e->message) {
			sink_put(&h, "<p class=\"message\">");
			sink_esc(&h, e->message);
			sink_put(&h, "</p>");
		}
		sink_putf(&h, "<div class=\"bars\" title=\"%d days\">", STATUS_DAYS);
		for (int d = 0; d < STATUS_DAYS; d++)
			sink_putf(&h, "<i class=\"%s\" title=\"%lld.%03lld %%\"></i>", day_class(e->days[d]),
				  (long long)(e->days[d] < 0 ? 0 : e->days[d] / 1000),
				  (long long)(e->days[d] < 0 ? 0 : e->days[d] % 1000));
		sink_putf(&h, "</div><p class=\"uptime\">%lld.%03lld %% uptime over %d days</p></li>",
			  (long long)(e->uptime / 1000), (long long)(e->uptime % 1000), STATUS_DAYS);
	}
	sink_put(&h, "</ul></section>");
	if (p.maintenance_count) {
		sink_put(&h, "<section><h2>Scheduled maintenance</h2><ul class=\"maintenance\">");
		for (size_t i = 0; i < p.maintenance_count; i++) {
			sink_put(&h, "<li>");
			sink_esc(&h, p.maintenance[i].service);
			sink_put(&h, ": ");
			when(&h, p.maintenance[i].start);
			sink_put(&h, " to ");
			when(&h, p.maintenance[i].end);
			sink_put(&h, "</li>");
		}
		sink_put(&h, "</ul></section>");
	}
	sink_put(&h, "<section><h2>Incidents</h2>");
	if (!p.update_count)
		sink_put(&h, "<p>No incidents reported in the last 90 days.</p>");
	for (size_t i = 0; i < p.update_count; i++) {
		const struct status_update *u = &p.updates[i];
		bool first = true;
		for (size_t k = 0; k < i; k++)
			first &= p.updates[k].ticket_id != u->ticket_id;
		if (!first)
			continue;
		sink_put(&h, "<article><h3>");
		sink_esc(&h, u->title);
		sink_put(&h, "</h3><p class=\"service\">");
		sink_esc(&h, u->service);
		sink_put(&h, "</p><ol>");
		for (size_t k = i; k < p.update_count; k++) {
			const struct status_update *x = &p.updates[k];
			if (x->ticket_id != u->ticket_id)
				continue;
			sink_putf(&h, "<li><strong>%s</strong> ", phase_labels[x->phase]);
			sink_esc(&h, x->body);
			sink_put(&h, " <time>");
			when(&h, x->created_at);
			sink_put(&h, "</time></li>");
		}
		sink_put(&h, "</ol></article>");
	}
	sink_put(&h, "</section><footer><a href=\"/status/feed.atom\">Atom feed</a> &middot; updated ");
	when(&h, p.generated_at);
	sink_put(&h, "</footer></main></body></html>\n");
	if (h.err) {
		buf_release(&h.b);
		return sw_fail(err, SW_ETOOLARGE, NULL, "the status page is too large");
	}
	http_header(r, "Cache-Control", STATUS_CACHE);
	http_header(r, "Content-Security-Policy", STATUS_CSP);
	rc = http_reply(r, 200, "text/html; charset=utf-8", buf_cstr(&h.b), h.b.len, err);
	buf_release(&h.b);
	return rc;
}

enum sw_err api_status_feed(struct req *r, struct sw_error *err)
{
	struct status_page p;
	enum sw_err rc = read_page(r, &p, err);
	if (rc)
		return rc;
	struct sink h = {.b = BUF_INIT(LIMIT_RESPONSE)};
	sink_put(&h, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
		     "<id>urn:steward:status</id><title>Service status</title>"
		     "<link rel=\"alternate\" href=\"/status\"/><link rel=\"self\" href=\"/status/feed.atom\"/>"
		     "<author><name>Service desk</name></author><updated>");
	when(&h, p.update_count ? p.updates[0].created_at : p.generated_at);
	sink_put(&h, "</updated>");
	for (size_t i = 0; i < p.update_count; i++) {
		const struct status_update *u = &p.updates[i];
		sink_putf(&h, "<entry><id>urn:steward:status:update:%lld</id><title>", (long long)u->id);
		sink_esc(&h, u->service);
		sink_put(&h, ": ");
		sink_esc(&h, u->title);
		sink_putf(&h, " (%s)</title><updated>", phase_labels[u->phase]);
		when(&h, u->created_at);
		sink_put(&h, "</updated><link rel=\"alternate\" href=\"/status\"/><content type=\"text\">");
		sink_esc(&h, u->body);
		sink_put(&h, "</content></entry>");
	}
	sink_put(&h, "</feed>\n");
	if (h.err) {
		buf_release(&h.b);
		return sw_fail(err, SW_ETOOLARGE, NULL, "the feed is too large");
	}
	http_header(r, "Cache-Control", STATUS_CACHE);
	rc = http_reply(r, 200, "application/atom+xml; charset=utf-8", buf_cstr(&h.b), h.b.len, err);
	buf_release(&h.b);
	return rc;
}

/* ---- OpenAPI components ---------------------------------------------------------------- */

#define LEVEL                                                                                                          \
	"{\"enum\":[\"operational\",\"degraded_performance\",\"partial_outage\",\"major_outage\","                     \
	"\"under_maintenance\"]}"
#define PHASE "{\"enum\":[\"investigating\",\"identified\",\"monitoring\",\"resolved\"]}"

static const char schemas[] =
	"\"StatusService\":{\"type\":\"object\",\"required\":[\"name\",\"service\",\"position\",\"override\","
	"\"message\",\"active\",\"created_at\",\"updated_at\"],\"additionalProperties\":false,\"properties\":{"
	"\"name\":{\"type\":\"string\",\"description\":\"the public name\"},\"service\":{\"type\":\"string\","
	"\"description\":\"the service's own name (agents only)\"},\"position\":" INT ",\"override\":{\"type\":["
	"\"string\",\"null\"],\"enum\":[\"operational\",\"degraded_performance\",\"partial_outage\",\"major_outage\","
	"\"under_maintenance\",null]},\"message\":" STR ",\"active\":" BOOL ",\"created_at\":" TIME
	",\"updated_at\":" TIME "}},"
	"\"StatusServiceInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":" STR
	",\"service\":" STR ",\"position\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":10000},\"override\":{"
	"\"type\":[\"string\",\"null\"]},\"message\":{\"type\":\"string\",\"maxLength\":2000},\"active\":" BOOL "}},"
	"\"StatusUpdate\":{\"type\":\"object\",\"required\":[\"id\",\"service\",\"phase\",\"title\",\"body\","
	"\"created_at\"],\"additionalProperties\":false,\"properties\":{\"id\":" INT ",\"service\":" STR_NULL
	",\"phase\":" PHASE ",\"title\":" STR ",\"body\":" STR ",\"created_at\":" TIME "}},"
	"\"StatusUpdateInput\":{\"type\":\"object\",\"required\":[\"phase\",\"body\"],\"additionalProperties\":false,"
	"\"properties\":{\"phase\":" PHASE ",\"title\":{\"type\":\"string\",\"maxLength\":200},\"body\":{\"type\":"
	"\"string\",\"maxLength\":2000}}},"
	"\"Status\":{\"type\":\"object\",\"required\":[\"status\",\"generated_at\",\"history_from\",\"services\","
	"\"incidents\",\"maintenance\"],\"additionalProperties\":false,\"properties\":{\"status\":" LEVEL
	",\"generated_at\":" TIME ",\"history_from\":" TIME ",\"services\":{\"type\":\"array\",\"items\":{\"type\":"
	"\"object\",\"required\":[\"name\",\"status\",\"overridden\",\"message\",\"uptime\",\"days\"],"
	"\"additionalProperties\":false,\"properties\":{\"name\":" STR ",\"status\":" LEVEL ",\"overridden\":" BOOL
	",\"message\":" STR ",\"uptime\":{\"type\":\"integer\",\"description\":\"thousandths of a percent\"},"
	"\"days\":{\"type\":\"array\",\"items\":{\"type\":[\"integer\",\"null\"]},\"description\":\"each UTC day's "
	"availability in thousandths of a percent, oldest first\"}}}},\"incidents\":{\"type\":\"array\",\"items\":{"
	"\"type\":\"object\",\"required\":[\"service\",\"title\",\"phase\",\"updates\"],\"additionalProperties\":false,"
	"\"properties\":{\"service\":" STR ",\"title\":" STR ",\"phase\":" PHASE ",\"updates\":{\"type\":\"array\","
	"\"items\":{\"type\":\"object\",\"required\":[\"phase\",\"body\",\"at\"],\"additionalProperties\":false,"
	"\"properties\":{\"phase\":" PHASE ",\"body\":" STR ",\"at\":" TIME "}}}}}},\"maintenance\":{\"type\":"
	"\"array\",\"items\":{\"type\":\"object\",\"required\":[\"service\",\"start\",\"end\"],"
	"\"additionalProperties\":false,\"properties\":{\"service\":" STR ",\"start\":" TIME ",\"end\":" TIME "}}}}}";

void api_openapi_status_schemas(struct jsonw *w)
{
	jsonw_raw(w, schemas);
}
