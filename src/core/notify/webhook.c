/*
 * webhook.c — outgoing webhooks: the record kind, the deliveries each
 * ticket event writes, and the outbox the sender claims them from; see
 * webhook.h.
 */
#include <stdio.h>
#include <string.h>

#include "base/jsonw.h"
#include "base/util.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/kernel/cfgsnap.h"
#include "core/kernel/record.h"
#include "core/kernel/seal.h"
#include "core/notify/webhook.h"
#include "core/port/webhook.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

#define WEBHOOK_NAMES_MAX 400 /* bytes of every event's name joined */

/* The events a webhook may name: those about a ticket (not the messages
 * addressed to one person, nor articles' and agreements' reviews). */
static const enum notify_event hookable[] = {
	NE_CREATED,          NE_ASSIGNED,   NE_COMMENTED, NE_WORK_NOTE,  NE_RESOLVED,           NE_REOPENED,
	NE_SLA_WARNING,      NE_SLA_BREACH, NE_MAJOR,     NE_ESCALATION, NE_APPROVAL_REQUESTED, NE_APPROVAL_REMINDER,
	NE_APPROVAL_DECIDED, NE_SURVEY_LOW,
};

static bool is_hookable(int e)
{
	for (size_t i = 0; i < COUNT(hookable); i++)
		if ((int)hookable[i] == e)
			return true;
	return false;
}

size_t webhook_event_names(int64_t bits, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < COUNT(hookable) && n < max; i++)
		if (bits & (INT64_C(1) << hookable[i]))
			out[n++] = notify_event_name(hookable[i]);
	return n;
}

/* The names of the events in bits, joined by ", " into out (max bytes). */
static const char *names_into(int64_t bits, char *out, size_t max)
{
	const char *v[WEBHOOK_EVENTS_MAX];
	size_t n = webhook_event_names(bits, v, WEBHOOK_EVENTS_MAX), at = 0;
	out[0] = 0;
	for (size_t i = 0; i < n && at < max; i++)
		at += (size_t)snprintf(out + at, max - at, "%s%s", i ? ", " : "", v[i]);
	return out;
}

/* The bits the names in v give; the index of the first bad one (unknown,
 * or named before) in *bad, -1 when none. */
static int64_t event_bits(const char *const *v, size_t count, long *bad)
{
	int64_t bits = 0;
	*bad = -1;
	for (size_t i = 0; i < count && *bad < 0; i++) {
		enum notify_event e;
		if (notify_event_parse(v[i], &e) || !is_hookable((int)e) || (bits & (INT64_C(1) << e)))
			*bad = (long)i;
		else
			bits |= INT64_C(1) << e;
	}
	return bits;
}

/* ---- the record kind -------------------------------------------------------------- */

static bool url_ok(const char *u)
{
	if (!u || !core_text_ok(u, 1, WEBHOOK_URL_MAX))
		return false;
	size_t scheme = strncmp(u, "http://", 7) == 0 ? 7 : strncmp(u, "https://", 8) == 0 ? 8 : 0;
	if (!scheme || !u[scheme] || u[scheme] == '/')
		return false;
	for (const unsigned char *p = (const unsigned char *)u; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

static void validate_webhook(const void *v, bool creating, struct sw_error *err)
{
	const struct webhook_input *in = v;
	if (in->set_url ? !url_ok(in->url) : creating)
		sw_field_fail(err, "url", "must be an http:// or https:// URL of at most %d characters, with no spaces",
			      WEBHOOK_URL_MAX);
	if (in->set_events) {
		long bad;
		char path[40], names[WEBHOOK_NAMES_MAX];
		event_bits(in->events, in->event_count, &bad);
		if (!in->event_count) {
			sw_field_fail(err, "events", "must name at least one event");
		} else if (bad >= 0) {
			snprintf(path, sizeof(path), "events[%ld]", bad);
			sw_field_fail(err, path, "must be a ticket event named once: %s",
				      names_into(WEBHOOK_EVENTS_ALL, names, sizeof(names)));
		}
	} else if (creating) {
		sw_field_fail(err, "events", "is required");
	}
	if (in->set_description && in->description && !core_text_ok(in->description, 0, WEBHOOK_TEXT_MAX))
		sw_field_fail(err, "description", "must be at most %d characters", WEBHOOK_TEXT_MAX);
	if (in->set_secret && in->secret &&
	    (!core_text_ok(in->secret, WEBHOOK_SECRET_MIN, WEBHOOK_SECRET_MAX) || strpbrk(in->secret, "\r\n")))
		sw_field_fail(err, "secret", "must be %d to %d characters on one line", WEBHOOK_SECRET_MIN,
			      WEBHOOK_SECRET_MAX);
}

static enum sw_err apply_webhook(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct webhook_input *in = w->in;
	struct webhook *rec = w->rec;
	long bad;
	if (in->set_description && !in->description)
		rec->description = "";
	if (in->set_events)
		rec->events = event_bits(in->events, in->event_count, &bad);
	if (in->set_secret && seal_field(c, "secret", in->secret, &rec->secret, err) == SW_ENOMEM)
		return SW_ENOMEM;
	return err->code;
}

static void webhook_changes(struct changes *ch, const struct record_write *w)
{
	const struct webhook_input *in = w->in;
	if (in->set_secret) /* that it changed, never what it is */
		changes_set_str(ch, "secret", in->secret ? "(changed)" : "(removed)");
	const struct webhook *b = w->before, *a = w->rec;
	char from[WEBHOOK_NAMES_MAX], to[WEBHOOK_NAMES_MAX];
	if (in->set_events && a->events != b->events)
		changes_str(ch, "events", b->events ? names_into(b->events, from, sizeof(from)) : NULL,
			    names_into(a->events, to, sizeof(to)));
}

static const struct record_copy webhook_copies[] = {
	RECORD_COPY_NAME(struct webhook_input, struct webhook, RECORD_NAME_CHECKED),
	RECORD_COPY_EACH(struct webhook_input, struct webhook, description, url, active),
};

/* Deliveries not sent yet stop when the webhook is switched off or sent
 * elsewhere, and those of an event it no longer names: what was queued
 * goes only where, and only while, the admin says. */
static enum sw_err webhook_written(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct webhook *b = w->before, *a = w->rec;
	if (w->creating)
		return SW_OK;
	if ((b->active && !a->active) || strcmp(b->url, a->url) != 0)
		return store_webhook_delivery_cancel(c->store, a->id, NULL,
						     a->active ? "canceled: the webhook's URL changed"
							       : "canceled: the webhook was switched off",
						     err);
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < COUNT(hookable); i++) {
		int64_t bit = INT64_C(1) << hookable[i];
		if ((b->events & bit) && !(a->events & bit))
			rc = store_webhook_delivery_cancel(c->store, a->id, notify_event_name(hookable[i]),
							   "canceled: the webhook no longer names its event", err);
	}
	return rc;
}

static const struct record_audit webhook_audit[] = {
	RECORD_AUDIT_EACH(struct webhook, name, description, url, active),
};

RECORD_KIND_DEFINE(webhook_kind, (struct webhook, "webhook", "a webhook", ROLE_ADMIN, ROLE_ADMIN, &store_webhooks),
		   validate_webhook, apply_webhook, webhook_changes, webhook_copies, RECORD_AUDIT_DIFF(webhook_audit),
		   .fresh = &(const struct webhook){.description = "", .active = true}, .reread = true,
		   .written = webhook_written);

/* ---- deliveries ---------------------------------------------------------------------- */

static enum sw_err queue(struct ctx *c, int64_t webhook_id, const char *event, int64_t ticket_id, const char *body,
			 int64_t *id, struct sw_error *err)
{
	struct webhook_delivery d = {.webhook_id = webhook_id,
				     .event = event,
				     .ticket_id = ticket_id,
				     .body = body,
				     .next_attempt_at = c->now,
				     .created_at = c->now};
	enum sw_err rc = store_webhook_delivery_insert(c->store, &d, err);
	if (!rc && id)
		*id = d.id;
	return rc;
}

/* The head every body begins with: {"event":…,"at":… */
static void body_head(struct jsonw *w, const char *event, int64_t at)
{
	char when[21];
	time_format_rfc3339(at, when);
	jsonw_obj_open(w);
	jsonw_kstr(w, "event", event);
	jsonw_kstr(w, "at", when);
}

enum sw_err webhook_event(struct ctx *c, enum notify_event e, const struct ticket *t, const char *detail,
			  const char *link, struct sw_error *err)
{
	struct webhook_list hooks;
	if (!is_hookable((int)e))
		return SW_OK;
	enum sw_err rc = cfgsnap_webhooks(c, &hooks, err);
	size_t n = 0;
	for (size_t i = 0; !rc && i < hooks.count; i++)
		n += (hooks.items[i].events & (INT64_C(1) << e)) != 0;
	if (rc || !n)
		return rc;
	struct buf b = BUF_INIT(WEBHOOK_BODY_MAX);
	struct jsonw w;
	jsonw_init(&w, &b);
	body_head(&w, notify_event_name(e), c->now);
	jsonw_kstr(&w, "actor", c->actor.login);
	size_t len = detail ? strlen(detail) : 0, keep = utf8_cut(detail, len, WEBHOOK_DETAIL_MAX);
	jsonw_key(&w, "detail");
	if (len)
		jsonw_strn(&w, detail, keep);
	else
		jsonw_null(&w);
	jsonw_kbool(&w, "detail_truncated", keep < len);
	jsonw_key(&w, "ticket");
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "number", t->number);
	jsonw_kstr(&w, "kind", t->kind->name);
	jsonw_kstr(&w, "title", t->title);
	jsonw_kstr(&w, "state", t->state);
	jsonw_kint(&w, "priority", t->priority);
	jsonw_kstr(&w, "requester", t->requester);
	jsonw_kstr(&w, "assignee", t->assignee);
	jsonw_kstr(&w, "assignment_group", t->group);
	jsonw_kstr(&w, "url", c->cfg->public_url && *c->cfg->public_url ? link : NULL);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	const char *body = w.err ? NULL : arena_strndup(c->arena, b.ptr, b.len);
	buf_release(&b);
	if (!body)
		return sw_fail(err, SW_ENOMEM, NULL, "a webhook's body could not be written");
	for (size_t i = 0; !rc && i < hooks.count; i++)
		if (hooks.items[i].events & (INT64_C(1) << e))
			rc = queue(c, hooks.items[i].id, notify_event_name(e), t->id, body, NULL, err);
	return rc;
}

static enum sw_err load_admin(struct ctx *c, const char *name, struct webhook *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	struct record_key key = {.name = name};
	return rc ? rc : store_webhooks.load(c->store, &key, out, err);
}

enum sw_err webhook_deliveries(struct ctx *c, const char *name, const char *state, const struct page *p,
			       struct webhook_delivery_list *out, struct sw_error *err)
{
	struct webhook h;
	enum sw_err rc = load_admin(c, name, &h, err);
	if (rc || (rc = outbox_check_state(state, err)))
		return rc;
	return store_webhook_delivery_list(c->store, h.id, state, p, out, err);
}

enum sw_err webhook_ping(struct ctx *c, const char *name, int64_t *id, struct sw_error *err)
{
	struct webhook h;
	enum sw_err rc = load_admin(c, name, &h, err);
	if (rc || (rc = core_tx_begin(c, err)))
		return rc;
	struct buf b = BUF_INIT(4096);
	struct jsonw w;
	jsonw_init(&w, &b);
	body_head(&w, "ping", c->now);
	jsonw_kstr(&w, "webhook", h.name);
	jsonw_kstr(&w, "actor", c->actor.login);
	jsonw_obj_close(&w);
	const char *body = w.err ? NULL : arena_strndup(c->arena, b.ptr, b.len);
	buf_release(&b);
	rc = body ? queue(c, h.id, "ping", 0, body, id, err) : sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	return core_tx_end(c, rc, err);
}

/* ---- the sender's side ------------------------------------------------------------------ */

static enum sw_err claim_delivery(struct store *s, void *item, int64_t lease_until, bool *claimed, struct sw_error *err)
{
	return store_webhook_delivery_claim(s, item, lease_until, claimed, err);
}

enum sw_err webhook_claim(struct ctx *c, int limit, int64_t lease_s, struct webhook_delivery_list *out,
			  struct sw_error *err)
{
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	if (!(rc = store_webhook_delivery_due(c->store, c->now, limit, out, err)))
		rc = outbox_claim_each(c->store, out->items, &out->count, sizeof(*out->items), c->now + lease_s,
				       claim_delivery, err);
	return core_tx_end(c, rc, err);
}

/* Write u, the outcome of d as claimed, while the claim holds. */
static enum sw_err record(struct ctx *c, const struct webhook_delivery *d, const struct webhook_delivery *u,
			  struct sw_error *err)
{
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	bool recorded;
	rc = store_webhook_delivery_outcome(c->store, u, d->next_attempt_at, &recorded, err);
	if (!rc && !recorded)
		rc = sw_fail(err, SW_ECONFLICT, NULL,
			     "webhook delivery %lld was claimed again or canceled before its outcome was recorded",
			     (long long)d->id);
	return core_tx_end(c, rc, err);
}

enum sw_err webhook_postpone(struct ctx *c, const struct webhook_delivery *d, const struct outbox_retry *retry,
			     struct sw_error *err)
{
	struct webhook_delivery u = *d;
	u.state = "pending";
	u.next_attempt_at = c->now + retry->retry_base_s;
	u.last_error = "not tried yet: an earlier delivery to this webhook got no answer";
	return record(c, d, &u, err);
}

enum sw_err webhook_sent(struct ctx *c, const struct webhook_delivery *d, int status, const char *error,
			 const struct outbox_retry *retry, struct sw_error *err)
{
	struct webhook_delivery u = *d;
	struct outbox_outcome o = outbox_after(retry, d->attempts, !error, c->now);
	u.state = o.state;
	u.attempts = o.attempts;
	u.next_attempt_at = o.next_attempt_at;
	u.sent_at = o.sent_at;
	u.response_status = status;
	u.last_error = error ? error : d->last_error; /* a success keeps what went wrong before it */
	return record(c, d, &u, err);
}
