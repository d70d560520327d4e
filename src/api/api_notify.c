/*
 * api_notify.c — notifications: the caller's in-app inbox
 * (/api/v1/me/notifications), notification rules and templates (admins
 * write, agents read) and the email outbox (admins).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/kernel/action_link.h"
#include "core/notify/notify.h"
#include "base/banned.h"

/* what every notification shows, then what the inbox adds, or the outbox */
static const struct api_member note_members[] = {
	API_EACH(struct notification, API_AS_IS, id),
	API_EACH(struct notification, API_AS_NULL, ticket, article),
	API_MEMBER_VALUE(struct notification, "event", event, notify_event_name_list),
	API_EACH(struct notification, API_AS_IS, subject, body),
	API_EACH(struct notification, API_AS_TIME, created_at),
};
static const struct api_member inbox_members[] = {
	API_EACH(struct notification, API_AS_TIME, read_at),
};
static const struct api_member outbox_members[] = {
	API_MEMBER(struct notification, "to", email_to, API_AS_NULL),
	API_EACH(struct notification, API_AS_IS, state, attempts),
	API_EACH(struct notification, API_AS_TIME, next_attempt_at),
	API_EACH(struct notification, API_AS_NULL, last_error),
	API_EACH(struct notification, API_AS_TIME, sent_at),
};

/* The outbox shows the body of another person's message with its action
 * links' tokens redacted: the admin reading it is not the person a link
 * is for (a survey's rating needs no login).  The inbox, and the admin's
 * own messages in the outbox, are the reader's own. */
static json_t *note_json(const struct notification *n, bool outbox, int64_t reader_id)
{
	struct notification shown = *n;
	char *body = NULL;
	if (outbox && n->user_id != reader_id && n->body) {
		if ((body = strdup(n->body)))
			action_link_redact(body);
		shown.body = body ? body : ""; /* never the unredacted one */
	}
	json_t *j = API_MEMBERS(&shown, note_members);
	if (outbox)
		api_members_set(j, &shown, outbox_members, sizeof(outbox_members) / sizeof(outbox_members[0]));
	else
		api_members_set(j, &shown, inbox_members, sizeof(inbox_members) / sizeof(inbox_members[0]));
	free(body);
	return j;
}

static json_t *notes_json(const struct notification_list *list, bool outbox, int64_t reader_id)
{
	json_t *items = json_array();
	for (size_t i = 0; items && i < list->count; i++)
		json_array_append_new(items, note_json(&list->items[i], outbox, reader_id));
	return items;
}

enum sw_err api_me_notifications(struct req *r, struct sw_error *err)
{
	struct page p;
	int unread_only;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "unread,limit,cursor", err)) || (rc = api_page(r, &p, err)) ||
	    (rc = api_query_bool(r, "unread", &unread_only, err)))
		return rc;
	struct notification_list list;
	int64_t unread;
	if ((rc = notify_inbox(&r->ctx, unread_only == 1, &p, &list, &unread, err)))
		return rc;
	json_t *j = json_object();
	if (j) {
		json_object_set_new(j, "items", notes_json(&list, false, r->ctx.actor.user_id));
		json_object_set_new(j, "next_cursor", api_str(list.next_cursor));
		json_object_set_new(j, "unread", json_integer(unread));
	}
	return api_reply(r, 200, j, err);
}

enum sw_err api_me_notification_read(struct req *r, struct sw_error *err)
{
	return api_id_call(r, "notification", notify_mark_read, err);
}

enum sw_err api_me_notifications_read(struct req *r, struct sw_error *err)
{
	enum sw_err rc = notify_mark_read(&r->ctx, 0, err);
	return rc ? rc : http_reply(r, 204, NULL, NULL, 0, err);
}

enum sw_err api_outbox(struct req *r, struct sw_error *err)
{
	struct page p;
	const char *state;
	enum sw_err rc = api_page_in_state(r, &p, &state, err);
	if (rc)
		return rc;
	struct notification_list list;
	if ((rc = notify_outbox(&r->ctx, state, &p, &list, err)))
		return rc;
	return api_reply_list(r, notes_json(&list, true, r->ctx.actor.user_id), list.next_cursor, err);
}

/* ---- rules ---------------------------------------------------------------------- */

API_INPUT(api_schema_notify_rule, "NotificationRuleInput", struct notify_rule_input,
	  FIELD_PLAIN(struct notify_rule_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	  FIELD(struct notify_rule_input, "event", FT_STRING, 20, event, set_event),
	  FIELD_STRINGS(struct notify_rule_input, "recipients", 7, recipients, recipient_count, set_recipients),
	  FIELD_STRINGS(struct notify_rule_input, "channels", 2, channels, channel_count, set_channels),
	  FIELD(struct notify_rule_input, "group", FT_STRING_NULL, LIMIT_NAME_LEN, group, set_group),
	  FIELD(struct notify_rule_input, "active", FT_BOOL, 0, active, set_active));

static json_t *rule_recipients(const void *rec)
{
	const char *names[8];
	return api_strings(names, notify_recipient_names(((const struct notify_rule *)rec)->recipients, names, 8));
}

static json_t *rule_channels(const void *rec)
{
	const char *names[8];
	return api_strings(names, notify_channel_names(((const struct notify_rule *)rec)->channels, names, 8));
}

API_RECORD_OF(api_notify_rules, notify_rule_kind, api_schema_notify_rule, API_EACH(struct notify_rule, API_AS_IS, name),
	      API_MEMBER_VALUE(struct notify_rule, "event", event, notify_event_name_list),
	      API_MEMBER_CALL("recipients", rule_recipients), API_MEMBER_CALL("channels", rule_channels),
	      API_EACH(struct notify_rule, API_AS_NULL, group), API_EACH(struct notify_rule, API_AS_IS, active),
	      API_TIMES(struct notify_rule));

/* ---- templates ------------------------------------------------------------------- */

struct template_input {
	const char *subject, *body;
};

API_INPUT(api_schema_notify_template, "NotificationTemplateInput", struct template_input,
	  FIELD_PLAIN(struct template_input, "subject", FT_STRING, NOTIFY_SUBJECT_MAX, subject, true),
	  FIELD_PLAIN(struct template_input, "body", FT_STRING, NOTIFY_BODY_MAX, body, true));

static const struct api_member template_members[] = {
	API_MEMBER_VALUE(struct notify_template, "event", event, notify_event_name_list),
	API_EACH(struct notify_template, API_AS_IS, subject, body),
	API_EACH(struct notify_template, API_AS_TIME, updated_at),
};

static json_t *template_json(const void *rec)
{
	return API_MEMBERS(rec, template_members);
}

API_APPLY_JSON(api_notify_template_set, api_schema_notify_template, struct template_input, "event",
	       api_notify_template_put, struct notify_template, 200, template_json)

enum sw_err api_notify_template_put(struct ctx *c, const char *event, const void *in, struct notify_template *out,
				    struct sw_error *err)
{
	const struct template_input *t = in;
	return notify_template_set(c, event, t->subject, t->body, out, err);
}

json_t *api_notify_template_json(const void *rec)
{
	return template_json(rec);
}

enum sw_err api_notify_template_list(struct req *r, struct sw_error *err)
{
	struct notify_template_list list;
	enum sw_err rc = notify_template_list(&r->ctx, &list, err);
	return rc ? rc : api_reply_items(r, list.items, list.count, sizeof(*list.items), template_json, NULL, err);
}

void api_openapi_notify_schemas(struct jsonw *w)
{
	jsonw_key(w, "NotificationRuleInput");
	jsonw_obj_open(w);
	jsonw_kstr(w, "type", "object");
	jsonw_kbool(w, "additionalProperties", false);
	jsonw_key(w, "properties");
	jsonw_obj_open(w);
	jsonw_key(w, "name");
	jsonw_raw(w, "{\"type\":\"string\"}");
	jsonw_key(w, "event");
	jsonw_obj_open(w);
	jsonw_key(w, "enum");
	jsonw_arr_open(w);
	for (int i = 0; i < notify_event_name_list.count; i++)
		jsonw_str(w, notify_event_name_list.names[i]);
	jsonw_arr_close(w);
	jsonw_obj_close(w);
	jsonw_key(w, "recipients");
	jsonw_raw(w, "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}");
	jsonw_key(w, "channels");
	jsonw_raw(w, "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}");
	jsonw_key(w, "group");
	jsonw_raw(w, "{\"type\":[\"string\",\"null\"]}");
	jsonw_key(w, "active");
	jsonw_raw(w, "{\"type\":\"boolean\"}");
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}
