/*
 * api_alert.c — event management over HTTP (docs/events.md): the
 * ingestion routes monitoring systems call with an event source's token
 * (/api/v1/events/alertmanager, /api/v1/events), the alerts agents work
 * (/api/v1/alerts...), and the two record resources admins keep
 * (/api/v1/event-sources, /api/v1/alert-rules).  The payload formats are
 * decoded in alert_decode.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "api/alert_decode.h"
#include "api/api.h"
#include "api/handlers.h"
#include "api/ingest.h"
#include "base/limits.h"
#include "core/event/alert.h"
#include "core/ticket/ticket.h"
#include "api/oas.h" /* after the others: its names are short */
#include "base/banned.h"

/* ---- event sources and rules (record resources) ----------------------------------- */

API_INPUT(api_schema_event_source, "EventSourceInput", struct event_source_input,
	  FIELD_PLAIN(struct event_source_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	  FIELD(struct event_source_input, "service", FT_STRING_NULL, LIMIT_NAME_LEN, service, set_service),
	  FIELD(struct event_source_input, "ci_label", FT_STRING, ALERT_LABEL_NAME_MAX, ci_label, set_ci_label),
	  FIELD_RANGE(struct event_source_input, "correlate_minutes", FT_INT, 0, 1440, correlate_minutes,
		      set_correlate_minutes),
	  FIELD_RANGE(struct event_source_input, "quiet_seconds", FT_INT, 0, 86400, quiet_seconds, set_quiet_seconds),
	  FIELD_RANGE(struct event_source_input, "storm_per_minute", FT_INT, 1, 1000, storm_per_minute,
		      set_storm_per_minute),
	  FIELD_RANGE(struct event_source_input, "flap_changes", FT_INT, 2, 100, flap_changes, set_flap_changes),
	  FIELD_RANGE(struct event_source_input, "flap_minutes", FT_INT, 1, 1440, flap_minutes, set_flap_minutes),
	  FIELD(struct event_source_input, "active", FT_BOOL, 0, active, set_active),
	  FIELD(struct event_source_input, "rotate_token", FT_BOOL, 0, rotate_token, set_rotate_token));

static const struct api_member source_members[] = {
	API_EACH(struct event_source, API_AS_IS, name, token, owner),
	API_EACH(struct event_source, API_AS_NULL, service),
	API_EACH(struct event_source, API_AS_IS, ci_label, correlate_minutes, quiet_seconds, storm_per_minute,
		 flap_changes, flap_minutes, active),
	API_TIMES(struct event_source),
};
const struct api_record api_event_sources = {
	.kind = &event_source_kind, .schema = &api_schema_event_source, API_RECORD_MEMBERS(source_members)};

API_INPUT(api_schema_alert_rule, "AlertRuleInput", struct alert_rule_input,
	  FIELD_PLAIN(struct alert_rule_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	  FIELDS_ORDERED(struct alert_rule_input, FT_INT64, 0, 1000000),
	  FIELD(struct alert_rule_input, "source", FT_STRING_NULL, LIMIT_NAME_LEN, source, set_source),
	  FIELD(struct alert_rule_input, "match_label", FT_STRING_NULL, ALERT_LABEL_NAME_MAX, match_label,
		set_match_label),
	  FIELD(struct alert_rule_input, "match_value", FT_STRING_NULL, ALERT_LABEL_VALUE_MAX, match_value,
		set_match_value),
	  FIELD(struct alert_rule_input, "min_severity", FT_STRING_NULL, 20, min_severity, set_min_severity),
	  FIELD(struct alert_rule_input, "ci_label", FT_STRING_NULL, ALERT_LABEL_NAME_MAX, ci_label, set_ci_label),
	  FIELD(struct alert_rule_input, "ci", FT_ID_NULL, 0, ci, set_ci),
	  FIELD(struct alert_rule_input, "service", FT_STRING_NULL, LIMIT_NAME_LEN, service, set_service),
	  FIELD(struct alert_rule_input, "action", FT_STRING, 20, action, set_action),
	  FIELD_RANGE(struct alert_rule_input, "impact", FT_INT, 0, 3, impact, set_impact),
	  FIELD_RANGE(struct alert_rule_input, "urgency", FT_INT, 0, 3, urgency, set_urgency));

static const struct api_member rule_members[] = {
	API_EACH(struct alert_rule, API_AS_IS, name, position),
	API_EACH(struct alert_rule, API_AS_NULL, source, match_label, match_value),
	API_MEMBER_VALUE(struct alert_rule, "min_severity", min_severity, alert_severity_name_list),
	API_EACH(struct alert_rule, API_AS_NULL, ci_label, ci_id, ci, service),
	API_MEMBER_VALUE(struct alert_rule, "action", action, alert_action_name_list),
	API_EACH(struct alert_rule, API_AS_IS, impact, urgency, active),
	API_TIMES(struct alert_rule),
};
const struct api_record api_alert_rules = {
	.kind = &alert_rule_kind, .schema = &api_schema_alert_rule, API_RECORD_MEMBERS(rule_members)};

/* ---- ingestion ----------------------------------------------------------------------- */

/* The source whose token the Authorization header carries (401 without). */
static enum sw_err source_of(struct req *r, struct event_source *src, struct sw_error *err)
{
	const char *h = req_header(r, "Authorization");
	const char *token = h ? http_bearer(h) : NULL;
	if (!token)
		return sw_fail(err, SW_EAUTH, NULL, "send the event source's token as 'Authorization: Bearer <token>'");
	return event_source_authenticate(&r->ctx, token, src, err);
}

/* How a payload is taken: processed before the answer (200, with what it
 * did), or accepted (202: committed unprocessed, processed after by the
 * ingestion worker).  Either way the payload is authenticated and decoded
 * first, so a payload that is not one is refused before anything is
 * written. */
enum ingest_mode { INGEST_SYNC, INGEST_ASYNC_PREFERRED, INGEST_ASYNC_ALWAYS };

static enum sw_err ingest(struct req *r, enum sw_err (*decode)(struct req *, struct alert_batch *, struct sw_error *),
			  enum ingest_mode mode, struct sw_error *err)
{
	struct event_source src;
	struct alert_batch b;
	struct alert_ingest_result res;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "", err)) || (rc = source_of(r, &src, err)) || (rc = decode(r, &b, err)))
		return rc;
	if (mode != INGEST_SYNC)
		return api_ingest_accept(r, &src, &b, mode == INGEST_ASYNC_PREFERRED, err);
	if ((rc = alert_ingest(&r->ctx, &src, &b, buf_cstr(&r->body), r->body.len, &res, err)))
		return rc;
	json_t *j = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "source", src.name, "payload",
			      (json_int_t)res.payload_id, "received", (json_int_t)res.received, "created",
			      (json_int_t)res.created, "updated", (json_int_t)res.updated, "unchanged",
			      (json_int_t)res.unchanged, "incidents", (json_int_t)res.incidents, "attached",
			      (json_int_t)res.attached);
	return api_reply(r, 200, j, err);
}

/* Alertmanager reads nothing of the answer but its status, and retries
 * until it gets a 2xx: it is always accepted (202). */
enum sw_err api_alertmanager_ingest(struct req *r, struct sw_error *err)
{
	return ingest(r, api_alertmanager_decode, INGEST_ASYNC_ALWAYS, err);
}

/* Processed before the answer unless the sender says "Prefer:
 * respond-async" (RFC 7240), which is answered 202 once accepted. */
enum sw_err api_event_ingest(struct req *r, struct sw_error *err)
{
	bool async = http_prefers(req_header(r, "Prefer"), "respond-async");
	return ingest(r, api_event_decode, async ? INGEST_ASYNC_PREFERRED : INGEST_SYNC, err);
}

/* ---- alerts -------------------------------------------------------------------------- */

static json_t *labels_json(const void *rec)
{
	const struct alert *a = rec;
	json_t *j = a->labels ? json_loads(a->labels, 0, NULL) : NULL;
	return j ? j : json_object();
}

static const struct api_member alert_members[] = {
	API_EACH(struct alert, API_AS_IS, id, source, dedup_key, name),
	API_MEMBER_VALUE(struct alert, "state", state, alert_state_name_list),
	API_MEMBER_VALUE(struct alert, "severity", severity, alert_severity_name_list),
	API_EACH(struct alert, API_AS_IS, summary),
	API_MEMBER_CALL("labels", labels_json),
	API_EACH(struct alert, API_AS_NULL, ci_id, ci, service, incident, rule),
	API_MEMBER_VALUE(struct alert, "action", action, alert_action_name_list),
	API_EACH(struct alert, API_AS_NULL, suppressed),
	API_EACH(struct alert, API_AS_IS, count, changes, flapping),
	API_EACH(struct alert, API_AS_TIME, starts_at, ends_at, first_seen, last_seen, resolved_at),
	API_MEMBER(struct alert, "acknowledged_by", acknowledged_by_login, API_AS_NULL),
	API_EACH(struct alert, API_AS_TIME, acknowledged_at),
};

static json_t *alert_json(const void *rec)
{
	return API_MEMBERS(rec, alert_members);
}

static enum sw_err reply_alert(struct req *r, const struct alert *a, struct sw_error *err)
{
	return api_reply(r, 200, alert_json(a), err);
}

enum sw_err api_alert_list(struct req *r, struct sw_error *err)
{
	struct alert_filter f = {0};
	struct page p;
	struct alert_list l;
	const char *incident;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "state,source,incident,limit,cursor", err)) ||
	    (rc = api_query_str(r, "state", 20, &f.state, err)) ||
	    (rc = api_query_str(r, "source", LIMIT_NAME_LEN * 4, &f.source, err)) ||
	    (rc = api_query_str(r, "incident", 40, &incident, err)) || (rc = api_page(r, &p, err)))
		return rc;
	if (incident) {
		struct alert_list none = {0};
		struct ticket t;
		rc = ticket_get(&r->ctx, &ticket_kind_incident, incident, &t, err);
		if (rc == SW_ENOTFOUND)
			return api_reply_items(r, none.items, 0, sizeof(struct alert), alert_json, NULL, err);
		if (rc)
			return rc;
		f.ticket_id = t.id;
	}
	if ((rc = alert_list(&r->ctx, &f, &p, &l, err)))
		return rc;
	return api_reply_items(r, l.items, l.count, sizeof(struct alert), alert_json, l.next_cursor, err);
}

API_GET_BY_ID(api_alert_get, "alert", struct alert, alert_get, reply_alert)

/* A change to the alert {id} names, answered with the alert. */
static enum sw_err alert_call(struct req *r,
			      enum sw_err (*fn)(struct ctx *, int64_t, struct alert *, struct sw_error *),
			      struct sw_error *err)
{
	int64_t id;
	struct alert a;
	enum sw_err rc;
	if ((rc = api_id_param(r, "alert", &id, err)) || (rc = fn(&r->ctx, id, &a, err)))
		return rc;
	return reply_alert(r, &a, err);
}

enum sw_err api_alert_acknowledge(struct req *r, struct sw_error *err)
{
	return alert_call(r, alert_acknowledge, err);
}

enum sw_err api_alert_unlink(struct req *r, struct sw_error *err)
{
	return alert_call(r, alert_unlink, err);
}

enum sw_err api_alert_raise(struct req *r, struct sw_error *err)
{
	return alert_call(r, alert_raise, err);
}

API_TEXT_INPUT(api_schema_alert_link, "AlertLinkInput", "incident", FT_STRING, 40, true);

enum sw_err api_alert_link(struct req *r, struct sw_error *err)
{
	int64_t id;
	struct api_text in;
	struct alert a;
	enum sw_err rc;
	if ((rc = api_id_param(r, "alert", &id, err)) || (rc = api_read(r, &api_schema_alert_link, false, &in, err)) ||
	    (rc = alert_link(&r->ctx, id, in.text, &a, err)))
		return rc;
	return reply_alert(r, &a, err);
}

/* ---- OpenAPI components ---------------------------------------------------------------- */

#define SEV "{\"enum\":[\"critical\",\"major\",\"minor\",\"warning\",\"info\"]}"
#define STATE "{\"enum\":[\"firing\",\"resolved\"]}"
#define ACTION "{\"enum\":[\"create\",\"attach\",\"record\",\"ignore\"]}"
#define INT_NULL "{\"type\":[\"integer\",\"null\"]}"
#define LABELS "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}"

static const char schemas[] =
	"\"EventSource\":{\"type\":\"object\",\"required\":[\"name\",\"owner\",\"service\",\"ci_label\","
	"\"correlate_minutes\",\"quiet_seconds\",\"storm_per_minute\",\"flap_changes\",\"flap_minutes\",\"active\","
	"\"created_at\",\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"name\":" STR
	",\"token\":{\"type\":\"string\",\"description\":\"the bearer token, in the answer to the create or a "
	"rotation only\"},\"owner\":" STR ",\"service\":" STR_NULL ",\"ci_label\":" STR ",\"correlate_minutes\":" INT
	",\"quiet_seconds\":" INT ",\"storm_per_minute\":" INT ",\"flap_changes\":" INT ",\"flap_minutes\":" INT
	",\"active\":" BOOL ",\"created_at\":" TIME ",\"updated_at\":" TIME "}},"
	"\"EventSourceInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":" STR
	",\"service\":" STR_NULL ",\"ci_label\":{\"type\":\"string\",\"maxLength\":128},\"correlate_minutes\":{"
	"\"type\":\"integer\",\"minimum\":0,\"maximum\":1440},\"quiet_seconds\":{\"type\":\"integer\",\"minimum\":0,"
	"\"maximum\":86400},\"storm_per_minute\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":1000},"
	"\"flap_changes\":{\"type\":\"integer\",\"minimum\":2,\"maximum\":100},\"flap_minutes\":{\"type\":\"integer\","
	"\"minimum\":1,\"maximum\":1440},\"active\":" BOOL ",\"rotate_token\":" BOOL "}},"
	"\"AlertRule\":{\"type\":\"object\",\"required\":[\"name\",\"position\",\"source\",\"match_label\","
	"\"match_value\",\"min_severity\",\"ci_label\",\"ci_id\",\"ci\",\"service\",\"action\",\"impact\",\"urgency\","
	"\"active\",\"created_at\",\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"name\":" STR
	",\"position\":" INT ",\"source\":" STR_NULL ",\"match_label\":" STR_NULL ",\"match_value\":" STR_NULL
	",\"min_severity\":" SEV ",\"ci_label\":" STR_NULL ",\"ci_id\":" INT_NULL ",\"ci\":" STR_NULL
	",\"service\":" STR_NULL ",\"action\":" ACTION ",\"impact\":" INT ",\"urgency\":" INT ",\"active\":" BOOL
	",\"created_at\":" TIME ",\"updated_at\":" TIME "}},"
	"\"AlertRuleInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":" STR
	",\"position\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":1000000},\"active\":" BOOL
	",\"source\":" STR_NULL ",\"match_label\":" STR_NULL ",\"match_value\":" STR_NULL ",\"min_severity\":{"
	"\"enum\":[\"critical\",\"major\",\"minor\",\"warning\",\"info\",null]},\"ci_label\":" STR_NULL
	",\"ci\":" INT_NULL ",\"service\":" STR_NULL ",\"action\":" ACTION ",\"impact\":{\"type\":\"integer\","
	"\"minimum\":0,\"maximum\":3},\"urgency\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":3}}},"
	"\"Alert\":{\"type\":\"object\",\"required\":[\"id\",\"source\",\"dedup_key\",\"name\",\"state\",\"severity\","
	"\"summary\",\"labels\",\"ci_id\",\"ci\",\"service\",\"incident\",\"rule\",\"action\",\"suppressed\",\"count\","
	"\"changes\",\"flapping\",\"starts_at\",\"ends_at\",\"first_seen\",\"last_seen\",\"resolved_at\","
	"\"acknowledged_by\",\"acknowledged_at\"],\"additionalProperties\":false,\"properties\":{\"id\":" INT
	",\"source\":" STR ",\"dedup_key\":" STR ",\"name\":" STR ",\"state\":" STATE ",\"severity\":" SEV
	",\"summary\":" STR ",\"labels\":" LABELS ",\"ci_id\":" INT_NULL ",\"ci\":" STR_NULL ",\"service\":" STR_NULL
	",\"incident\":" STR_NULL ",\"rule\":" STR_NULL ",\"action\":" ACTION ",\"suppressed\":{\"type\":[\"string\","
	"\"null\"],\"description\":\"why it opened no incident: change, maintenance, flapping, storm\"},"
	"\"count\":" INT ",\"changes\":" INT ",\"flapping\":" BOOL ",\"starts_at\":" TIME_NULL ",\"ends_at\":" TIME_NULL
	",\"first_seen\":" TIME ",\"last_seen\":" TIME ",\"resolved_at\":" TIME_NULL ",\"acknowledged_by\":" STR_NULL
	",\"acknowledged_at\":" TIME_NULL "}},"
	"\"AlertLinkInput\":{\"type\":\"object\",\"required\":[\"incident\"],\"additionalProperties\":false,"
	"\"properties\":{\"incident\":{\"type\":\"string\",\"maxLength\":40}}},"
	"\"AlertIngestResult\":{\"type\":\"object\",\"required\":[\"source\",\"payload\",\"received\",\"created\","
	"\"updated\",\"unchanged\",\"incidents\",\"attached\"],\"additionalProperties\":false,\"properties\":{"
	"\"source\":" STR ",\"payload\":" INT ",\"received\":" INT ",\"created\":" INT ",\"updated\":" INT
	",\"unchanged\":" INT ",\"incidents\":" INT ",\"attached\":" INT "}},"
	"\"AlertAccepted\":{\"type\":\"object\",\"required\":[\"source\",\"payload\",\"received\"],"
	"\"additionalProperties\":false,\"description\":\"a payload committed unprocessed: the ingestion worker "
	"processes it after, in order\",\"properties\":{\"source\":" STR ",\"payload\":" INT ",\"received\":" INT "}},"
	"\"AlertmanagerPayload\":{\"type\":\"object\",\"x-sender-format\":true,\"required\":[\"version\","
	"\"alerts\"],\"description\":"
	"\"Alertmanager's webhook payload, version 4 (members not listed are passed over)\",\"properties\":{"
	"\"version\":{\"const\":\"4\"},\"status\":" STATE ",\"alerts\":{\"type\":\"array\",\"maxItems\":1000,"
	"\"items\":{\"type\":\"object\",\"required\":[\"status\",\"labels\"],\"properties\":{\"status\":" STATE
	",\"labels\":" LABELS ",\"annotations\":" LABELS ",\"startsAt\":" STR ",\"endsAt\":" STR ",\"fingerprint\":" STR
	"}}}}},"
	"\"EventInput\":{\"description\":\"one event, or an array of at most 1000\",\"oneOf\":[{\"$ref\":\"#/"
	"components/schemas/Event\"},{\"type\":\"array\",\"maxItems\":1000,\"items\":{\"$ref\":\"#/components/"
	"schemas/Event\"}}]},"
	"\"Event\":{\"type\":\"object\",\"required\":[\"severity\"],\"additionalProperties\":false,\"properties\":{"
	"\"source\":" STR ",\"resource\":{\"type\":\"string\",\"description\":\"a CI's external id or name\"},"
	"\"service\":" STR ",\"check\":" STR ",\"metric\":" STR ",\"severity\":" SEV ",\"state\":" STATE
	",\"message\":" STR ",\"time\":" TIME
	",\"dedup_key\":{\"type\":\"string\",\"maxLength\":256},\"labels\":" LABELS "}}";

void api_openapi_alert_schemas(struct jsonw *w)
{
	jsonw_raw(w, schemas);
}
