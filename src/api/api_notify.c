/*
 * api_notify.c — notifications: the caller's in-app inbox
 * (/api/v1/me/notifications), notification rules and templates (admins
 * write, agents read) and the email outbox (admins).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/notify/notify.h"
#include "base/banned.h"

static json_t *note_json(const struct notification *n, bool outbox)
{
	json_t *j = json_object();
	if (!j)
		return NULL;
	json_object_set_new(j, "id", json_integer(n->id));
	json_object_set_new(j, "ticket", api_str(n->ticket));
	json_object_set_new(j, "article", api_str(n->article));
	json_object_set_new(j, "event", json_string(notify_event_name(n->event)));
	json_object_set_new(j, "subject", json_string(n->subject));
	json_object_set_new(j, "body", json_string(n->body));
	json_object_set_new(j, "created_at", api_time(n->created_at));
	if (!outbox) {
		json_object_set_new(j, "read_at", api_time(n->read_at));
		return j;
	}
	json_object_set_new(j, "to", api_str(n->email_to));
	json_object_set_new(j, "state", json_string(n->state));
	json_object_set_new(j, "attempts", json_integer(n->attempts));
	json_object_set_new(j, "next_attempt_at", api_time(n->next_attempt_at));
	json_object_set_new(j, "last_error", api_str(n->last_error));
	json_object_set_new(j, "sent_at", api_time(n->sent_at));
	return j;
}

static json_t *notes_json(const struct notification_list *list, bool outbox)
{
	json_t *items = json_array();
	for (size_t i = 0; items && i < list->count; i++)
		json_array_append_new(items, note_json(&list->items[i], outbox));
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
		json_object_set_new(j, "items", notes_json(&list, false));
		json_object_set_new(j, "next_cursor", api_str(list.next_cursor));
		json_object_set_new(j, "unread", json_integer(unread));
	}
	return api_reply(r, 200, j, err);
}

enum sw_err api_me_notification_read(struct req *r, struct sw_error *err)
{
	int64_t id;
	enum sw_err rc;
	if ((rc = api_id_param(r, "notification", &id, err)) || (rc = notify_mark_read(&r->ctx, id, err)))
		return rc;
	return http_reply(r, 204, NULL, NULL, 0, err);
}

enum sw_err api_me_notifications_read(struct req *r, struct sw_error *err)
{
	enum sw_err rc = notify_mark_read(&r->ctx, 0, err);
	return rc ? rc : http_reply(r, 204, NULL, NULL, 0, err);
}

enum sw_err api_outbox(struct req *r, struct sw_error *err)
{
	struct page p;
	const char *state = NULL;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "state,limit,cursor", err)) || (rc = api_page(r, &p, err)) ||
	    (rc = api_query_str(r, "state", 20, &state, err)))
		return rc;
	struct notification_list list;
	if ((rc = notify_outbox(&r->ctx, state, &p, &list, err)))
		return rc;
	return api_reply_list(r, notes_json(&list, true), list.next_cursor, err);
}

/* ---- rules ---------------------------------------------------------------------- */

static const struct field rule_fields[] = {
	FIELD_PLAIN(struct notify_rule_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	FIELD(struct notify_rule_input, "event", FT_STRING, 20, event, set_event),
	FIELD_STRINGS(struct notify_rule_input, "recipients", 5, recipients, recipient_count, set_recipients),
	FIELD_STRINGS(struct notify_rule_input, "channels", 2, channels, channel_count, set_channels),
	FIELD(struct notify_rule_input, "group", FT_STRING_NULL, LIMIT_NAME_LEN, group, set_group),
	FIELD(struct notify_rule_input, "active", FT_BOOL, 0, active, set_active),
};
const struct api_schema api_schema_notify_rule =
	API_SCHEMA("NotificationRuleInput", rule_fields, struct notify_rule_input);

static json_t *rule_json(const void *rec)
{
	const struct notify_rule *n = rec;
	json_t *j = json_object();
	if (!j)
		return NULL;
	const char *names[8];
	json_object_set_new(j, "name", json_string(n->name));
	json_object_set_new(j, "event", json_string(notify_event_name(n->event)));
	json_object_set_new(j, "recipients", api_strings(names, notify_recipient_names(n->recipients, names, 8)));
	json_object_set_new(j, "channels", api_strings(names, notify_channel_names(n->channels, names, 8)));
	json_object_set_new(j, "group", api_str(n->group));
	json_object_set_new(j, "active", json_boolean(n->active));
	json_object_set_new(j, "created_at", api_time(n->created_at));
	json_object_set_new(j, "updated_at", api_time(n->updated_at));
	return j;
}

API_LIST_RECORDS(list_rules, &notify_rule_kind, struct notify_rule_list)

const struct api_record api_notify_rules = {
	.kind = &notify_rule_kind, .schema = &api_schema_notify_rule, .json = rule_json, .list = list_rules};

/* ---- templates ------------------------------------------------------------------- */

struct template_input {
	const char *subject, *body;
};

static const struct field template_fields[] = {
	FIELD_PLAIN(struct template_input, "subject", FT_STRING, NOTIFY_SUBJECT_MAX, subject, true),
	FIELD_PLAIN(struct template_input, "body", FT_STRING, NOTIFY_BODY_MAX, body, true),
};
const struct api_schema api_schema_notify_template =
	API_SCHEMA("NotificationTemplateInput", template_fields, struct template_input);

static json_t *template_json(const void *rec)
{
	const struct notify_template *t = rec;
	json_t *j = json_object();
	if (!j)
		return NULL;
	json_object_set_new(j, "event", json_string(notify_event_name(t->event)));
	json_object_set_new(j, "subject", json_string(t->subject));
	json_object_set_new(j, "body", json_string(t->body));
	json_object_set_new(j, "updated_at", api_time(t->updated_at));
	return j;
}

enum sw_err api_notify_template_set(struct req *r, struct sw_error *err)
{
	struct template_input in;
	enum sw_err rc = api_read(r, &api_schema_notify_template, false, &in, err);
	struct notify_template out;
	if (rc || (rc = notify_template_set(&r->ctx, req_param(r, "event"), in.subject, in.body, &out, err)))
		return rc;
	return api_reply(r, 200, template_json(&out), err);
}

enum sw_err api_notify_template_list(struct req *r, struct sw_error *err)
{
	struct notify_template_list list;
	enum sw_err rc = notify_template_list(&r->ctx, &list, err);
	return rc ? rc : api_reply_items(r, list.items, list.count, sizeof(*list.items), template_json, NULL, err);
}
