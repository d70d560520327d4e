/*
 * api_webhook.c — outgoing webhooks over HTTP (docs/notifications.md#webhooks):
 * /api/v1/webhooks, a record resource admins keep (the signing secret is
 * taken, never answered: has_secret says whether there is one), its
 * deliveries, newest first, and a ping.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "core/notify/webhook.h"
#include "api/oas.h" /* after the others: its names are short */
#include "base/banned.h"

API_INPUT(api_schema_webhook, "WebhookInput", struct webhook_input,
	  FIELD_PLAIN(struct webhook_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	  FIELD(struct webhook_input, "description", FT_STRING_NULL, WEBHOOK_TEXT_MAX, description, set_description),
	  FIELD(struct webhook_input, "url", FT_STRING, WEBHOOK_URL_MAX, url, set_url),
	  FIELD_STRINGS(struct webhook_input, "events", WEBHOOK_EVENTS_MAX, events, event_count, set_events),
	  FIELD(struct webhook_input, "secret", FT_STRING_NULL, WEBHOOK_SECRET_MAX, secret, set_secret),
	  FIELD(struct webhook_input, "active", FT_BOOL, 0, active, set_active));

static json_t *has_secret(const void *rec)
{
	const struct webhook *h = rec;
	return json_boolean(h->secret && *h->secret);
}

static json_t *events(const void *rec)
{
	const char *names[WEBHOOK_EVENTS_MAX];
	return api_strings(names,
			   webhook_event_names(((const struct webhook *)rec)->events, names, WEBHOOK_EVENTS_MAX));
}

API_RECORD_OF(api_webhooks, webhook_kind, api_schema_webhook,
	      API_EACH(struct webhook, API_AS_IS, name, description, url), API_MEMBER_CALL("events", events),
	      API_MEMBER_CALL("has_secret", has_secret), API_EACH(struct webhook, API_AS_IS, active),
	      API_TIMES(struct webhook));

static const struct api_member delivery_members[] = {
	API_EACH(struct webhook_delivery, API_AS_IS, id, event),
	API_EACH(struct webhook_delivery, API_AS_NULL, ticket),
	API_EACH(struct webhook_delivery, API_AS_IS, state, attempts),
	API_EACH(struct webhook_delivery, API_AS_NULL, response_status, last_error),
	API_EACH(struct webhook_delivery, API_AS_TIME, created_at, next_attempt_at, sent_at),
};

enum sw_err api_webhook_deliveries(struct req *r, struct sw_error *err)
{
	struct page p;
	const char *state;
	enum sw_err rc = api_page_in_state(r, &p, &state, err);
	if (rc)
		return rc;
	struct webhook_delivery_list list;
	if ((rc = webhook_deliveries(&r->ctx, req_param(r, "name"), state, &p, &list, err)))
		return rc;
	return api_reply_list(r, API_MEMBERS_ARRAY(list.items, list.count, delivery_members), list.next_cursor, err);
}

enum sw_err api_webhook_ping(struct req *r, struct sw_error *err)
{
	int64_t id = 0;
	enum sw_err rc = api_query_allowed(r, "", err);
	if (rc || (rc = webhook_ping(&r->ctx, req_param(r, "name"), &id, err)))
		return rc;
	return api_reply(r, 202, json_pack("{s:I}", "id", (json_int_t)id), err);
}

/* ---- OpenAPI components ---------------------------------------------------------------- */

#define STATE "{\"enum\":[\"pending\",\"sending\",\"sent\",\"failed\"]}"

/* The components, the events a webhook may name (twice) written in from
 * the list core keeps, so an event added there is in the document too. */
#define SCHEMAS                                                                                                        \
	"\"Webhook\":{\"type\":\"object\",\"required\":[\"name\",\"description\",\"url\",\"events\",\"has_secret\","   \
	"\"active\",\"created_at\",\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"name\":" STR       \
	",\"description\":" STR ",\"url\":" STR ",\"events\":{\"type\":\"array\",\"items\":{\"type\":\"string\","      \
	"\"enum\":%s}},\"has_secret\":{\"type\":\"boolean\","                                                          \
	"\"description\":\"the secret is stored sealed and never shown; with one, each delivery carries "              \
	"X-Steward-Signature: sha256=<hex HMAC-SHA256 of delivery.timestamp.body>\"},\"active\":" BOOL                 \
	",\"created_at\":" TIME ",\"updated_at\":" TIME "}},"                                                          \
	"\"WebhookInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":" STR           \
	",\"description\":{\"type\":[\"string\",\"null\"],\"maxLength\":500},\"url\":{\"type\":\"string\","            \
	"\"maxLength\":2000,\"description\":\"http:// or "                                                             \
	"https://\"},\"events\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":%s},\"minItems\":1,"       \
	"\"maxItems\":32},\"secret\":{\"type\":[\"string\",\"null\"],\"minLength\":16,\"maxLength\":256,"              \
	"\"description\":\"sealed with mail_key; null removes it\"},\"active\":" BOOL "}},"                            \
	"\"WebhookDelivery\":{\"type\":\"object\",\"required\":[\"id\",\"event\",\"ticket\",\"state\",\"attempts\","   \
	"\"response_status\",\"last_error\",\"created_at\",\"next_attempt_at\",\"sent_at\"],"                          \
	"\"additionalProperties\":false,\"properties\":{\"id\":" INT ",\"event\":" STR ",\"ticket\":" STR_NULL         \
	",\"state\":" STATE ",\"attempts\":" INT ",\"response_status\":{\"type\":[\"integer\",\"null\"]},"             \
	"\"last_error\":" STR_NULL ",\"created_at\":" TIME ",\"next_attempt_at\":" TIME_NULL ",\"sent_at\":" TIME_NULL \
	"}},"                                                                                                          \
	"\"WebhookPing\":{\"type\":\"object\",\"required\":[\"id\"],\"additionalProperties\":false,"                   \
	"\"properties\":{\"id\":" INT "}}"

void api_openapi_webhook_schemas(struct jsonw *w)
{
	const char *names[WEBHOOK_EVENTS_MAX];
	size_t n = webhook_event_names(WEBHOOK_EVENTS_ALL, names, WEBHOOK_EVENTS_MAX);
	struct buf events = BUF_INIT(4096), all = BUF_INIT(16384);
	struct jsonw ew;
	jsonw_init(&ew, &events);
	api_jw_strings(&ew, names, n);
	if (!ew.err && !buf_printf(&all, SCHEMAS, buf_cstr(&events), buf_cstr(&events)))
		jsonw_raw(w, buf_cstr(&all));
	buf_release(&events);
	buf_release(&all);
}
