/*
 * intake.c — one message taken in (mail.h: mail_intake), durably and once.
 *
 * The message is parsed and decided about (decide.c) before anything is
 * written; then one transaction finds or makes the sender, posts the
 * comment or raises the ticket as that user through the ticket engine
 * (so every rule a user meets on the API holds for mail too: visibility,
 * end users' limits, archived tickets), adds the CC'd users as watchers
 * and the attachments, and stores the raw message's row.  Whatever the
 * engine refuses rolls all of that back and the message is stored alone,
 * as refused with the engine's words, in a transaction of its own: a
 * message is never lost, and never half-acted on.  The row's unique
 * dedupe key makes a second delivery find the first (and two deliveries
 * racing each other: the loser's insert conflicts, everything it did is
 * rolled back, and it reports the winner's row).
 */
#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/kernel/user.h"
#include "core/mail/mail.h"
#include "core/notify/notify.h"
#include "core/port/mail.h"
#include "core/port/notify.h"
#include "core/port/ticket.h"
#include "core/ticket/ticket.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/banned.h"

static const char *const unknown_names[MAIL_UNKNOWN__COUNT] = {[MAIL_UNKNOWN_CREATE] = "create",
							       [MAIL_UNKNOWN_REFUSE] = "refuse",
							       [MAIL_UNKNOWN_BOUNCE] = "bounce",
							       [MAIL_UNKNOWN_UNREGISTERED] = "unregistered"};
CORE_VALUE_LIST(enum mail_unknown, unknown_names, MAIL_UNKNOWN__COUNT, MAIL_UNKNOWN_REFUSE, mail_unknown_name,
		mail_unknown_parse)

/* What one message comes to, built up as intake goes. */
struct intake {
	struct ctx *c;
	const struct mail_intake *in;
	const struct mailbox *mb;
	struct mime_message m;
	struct mail_decision d;
	struct mail_message row;
	struct user sender;
	bool have_sender;
	bool unregistered;   /* sender is the unregistered requester, for the From address */
	bool created_sender; /* in this transaction: gone when it rolls back */
};

static bool retryable(enum sw_err rc)
{
	return rc == SW_EBUSY || rc == SW_EDB || rc == SW_ENOMEM || rc == SW_EIO || rc == SW_EINTERNAL;
}

/* ---- the sender ----------------------------------------------------------------- */

/* A login for an address: its local part in a-z 0-9 . _ -, starting with
 * a letter or digit; "-2" … on a clash. */
static const char *login_for(struct arena *a, const char *addr, int attempt)
{
	char base[48];
	size_t n = 0;
	for (const char *p = addr; *p && *p != '@' && n < 40; p++) {
		char ch = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
		if (n == 0 && !((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
			continue;
		base[n++] = ok ? ch : '-';
	}
	if (n == 0)
		memcpy(base, "mail", n = 4);
	base[n] = 0;
	return attempt ? arena_printf(a, "%s-%d", base, attempt + 1) : arena_strdup(a, base);
}

static enum sw_err create_sender(struct intake *k, struct sw_error *err)
{
	struct ctx *c = k->c;
	char pw[33];
	unsigned char r[sizeof(pw) - 1];
	randombytes_buf(r, sizeof(r));
	for (size_t i = 0; i < sizeof(r); i++)
		pw[i] = (char)('a' + r[i] % 26);
	pw[sizeof(pw) - 1] = 0; /* nobody knows it: a password reset gives them one */
	const char *name = *k->m.from.name ? k->m.from.name : k->m.from.addr;
	for (int attempt = 0; attempt < 20; attempt++) {
		struct user_input ui = {.login = login_for(c->arena, k->m.from.addr, attempt),
					.name = name,
					.email = k->m.from.addr,
					.role = "end_user",
					.password = pw};
		struct sw_error e;
		sw_error_clear(&e);
		enum sw_err rc = user_create(c, &ui, &k->sender, &e);
		if (rc == SW_ECONFLICT)
			continue;
		if (rc)
			*err = e;
		k->created_sender = rc == SW_OK;
		return rc;
	}
	return sw_fail(err, SW_ECONFLICT, NULL, "no free login for '%s'", k->m.from.addr);
}

/* k->sender from the From address, per the mailbox's policy; SW_ENOTFOUND
 * (with the reason) when it refuses. */
static enum sw_err find_sender(struct intake *k, struct sw_error *err)
{
	enum sw_err rc = store_user_by_email(k->c->store, k->m.from.addr, &k->sender, err);
	if (rc == SW_ENOTFOUND) {
		sw_error_clear(err);
		if (k->mb->unknown_sender == MAIL_UNKNOWN_UNREGISTERED) {
			rc = store_user_by_login(k->c->store, USER_UNREGISTERED, &k->sender, err);
			k->unregistered = rc == SW_OK;
		} else if (k->mb->unknown_sender != MAIL_UNKNOWN_CREATE) {
			return sw_fail(err, SW_ENOTFOUND, "unknown-sender", "'%s' is not a user", k->m.from.addr);
		} else {
			rc = create_sender(k, err);
		}
	}
	/* however it was found, the account answers only for its contacts */
	if (rc == SW_OK && str_same(k->sender.login, USER_UNREGISTERED))
		k->unregistered = true;
	k->have_sender = rc == SW_OK;
	return rc;
}

/* ---- acting ------------------------------------------------------------------------ */

static struct ctx as_sender(const struct intake *k)
{
	struct ctx s = *k->c;
	s.actor = (struct actor){.user_id = k->sender.id, .login = k->sender.login, .role = k->sender.role};
	return s;
}

/* s cut after max characters (code points); *cut says whether it was. */
static const char *clip(struct arena *a, const char *s, size_t max, bool *cut)
{
	size_t chars = 0, i = 0;
	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars > max)
			break;
	if (!s[i])
		return s;
	*cut = true;
	return arena_strndup(a, s, i);
}

static const char *body_or(const char *body, const char *none)
{
	return body && *body ? body : none;
}

/* The attachments, as the sender; one the engine refuses is skipped
 * (its savepoint rolled back) and counted. */
static size_t attach_all(struct intake *k, const struct ticket_kind *kind, const char *number)
{
	struct ctx s = as_sender(k);
	size_t skipped = 0;
	for (size_t i = 0; i < k->m.attachment_count; i++) {
		const struct mime_attachment *at = &k->m.attachments[i];
		struct attachment out;
		struct sw_error e;
		sw_error_clear(&e);
		if (ticket_attach(&s, kind, number, at->filename, at->data, at->len, &out, &e))
			skipped++;
	}
	/* the whole message when the comment shows less than it: a customer's
	 * (what it quotes is what they were sent); an agent's may quote the
	 * desk's own notes, and stays in the stored message */
	if (k->d.trimmed && k->in->len <= LIMIT_BODY_ATTACHMENT && !authz_is_agent(&s.actor)) {
		struct attachment out;
		struct sw_error e;
		sw_error_clear(&e);
		if (ticket_attach(&s, kind, number, "message.eml", k->in->raw, k->in->len, &out, &e))
			skipped++;
	}
	return skipped;
}

/* Users named in To and Cc (not the sender) become watchers; an address
 * that is no user, or a watch the kind refuses, is passed over. */
static void add_watchers(struct intake *k, const struct ticket_kind *kind, const char *number)
{
	const struct mime_address *lists[2] = {k->m.to, k->m.cc};
	size_t counts[2] = {k->m.to_count, k->m.cc_count};
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; i < counts[l]; i++) {
			struct user u;
			struct sw_error e;
			sw_error_clear(&e);
			if (store_user_by_email(k->c->store, lists[l][i].addr, &u, &e) || u.id == k->sender.id)
				continue;
			sw_error_clear(&e);
			ticket_watch(k->c, kind, number, u.login, true, &e);
		}
}

/* SW_OK when the ticket the message answers was raised for the
 * unregistered requester by the same address: the account is the
 * requester of every such ticket, so the address is what tells whose it
 * is.  SW_ENOTFOUND otherwise (the caller raises a new ticket). */
static enum sw_err contact_matches(struct intake *k, const struct ticket_kind *kind, struct sw_error *err)
{
	struct ticket t;
	const char *email = NULL, *name = NULL;
	enum sw_err rc = ticket_load(k->c, kind, k->d.ticket, &t, err);
	if (!rc && !(rc = store_ticket_contact_get(k->c->store, t.id, &email, &name, err)) &&
	    (t.requester_id != k->sender.id || !email || strcasecmp(email, k->m.from.addr) != 0))
		rc = sw_fail(err, SW_ENOTFOUND, NULL, "%s is not %s's", k->d.ticket, k->m.from.addr);
	return rc;
}

/* A comment on the ticket the message answers; SW_ENOTFOUND when the
 * sender may not see it (or it is gone), SW_ECONFLICT when archived: the
 * caller then raises a new one. */
static enum sw_err reply(struct intake *k, struct sw_error *err)
{
	const struct ticket_kind *kind = ticket_kind_by_number(k->d.ticket);
	if (!kind)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no ticket %s", k->d.ticket);
	struct ctx s = as_sender(k);
	/* an agent's reply is a work note when it says so, or when it answers
	 * a work note's message (whose quote it may carry) */
	bool note = false;
	enum sw_err rc;
	if (authz_is_agent(&s.actor) && !(note = k->d.note_marker) && k->d.notification_id &&
	    (rc = store_notification_is(k->c->store, k->d.notification_id, NE_WORK_NOTE, &note, err)))
		return rc;
	struct comment cm;
	if (k->unregistered && (rc = contact_matches(k, kind, err)))
		return rc;
	rc = ticket_comment_add(&s, kind, k->d.ticket, body_or(k->d.body, "(no text)"), note, &cm, err);
	if (rc)
		return rc;
	k->row.verdict = note ? "note" : "reply";
	struct ticket t;
	if ((rc = ticket_get(&s, kind, k->d.ticket, &t, err)))
		return rc;
	k->row.ticket_id = t.id;
	k->row.ticket = t.number;
	/* a work note's attachments would reach the requester: they stay in the stored message */
	if (!note)
		attach_all(k, kind, t.number);
	add_watchers(k, kind, t.number);
	return SW_OK;
}

static enum sw_err raise_ticket(struct intake *k, struct sw_error *err)
{
	const struct ticket_kind *kind = ticket_kind_by_name(k->mb->kind);
	if (!kind)
		return sw_fail(err, SW_EINVALID, NULL, "mailbox '%s' raises unknown kind '%s'", k->mb->name,
			       k->mb->kind);
	struct ctx s = as_sender(k);
	const char *desc = body_or(k->d.body, "(no text)");
	if (k->m.dropped_attachments)
		desc = arena_printf(s.arena, "%s\n\n(%zu attachments over the limits were not kept; the message is.)",
				    desc, k->m.dropped_attachments);
	struct ticket_input ti = {.title = k->d.title,
				  .set_title = true,
				  .description = desc,
				  .set_description = true,
				  .via = "email",
				  .category = k->mb->category,
				  .set_category = k->mb->category != NULL};
	bool agent = authz_is_agent(&s.actor);
	if (agent && k->mb->group) {
		ti.group = k->mb->group;
		ti.set_group = true;
	}
	struct ticket t;
	enum sw_err rc = ticket_create(&s, kind, &ti, &t, err);
	if (rc)
		return rc;
	/* an end user may not pick a group: the mailbox does, as the system */
	if (!agent && k->mb->group && !t.group_id) {
		struct ticket_input g = {.group = k->mb->group, .set_group = true};
		struct ticket after;
		if ((rc = ticket_update(k->c, kind, t.number, t.version, &g, &after, err)))
			return rc;
		t = after;
	}
	k->row.verdict = "new";
	k->row.ticket_id = t.id;
	k->row.ticket = t.number;
	if (k->unregistered && (rc = store_ticket_contact_set(k->c->store, t.id, k->m.from.addr, k->m.from.name, err)))
		return rc;
	attach_all(k, kind, t.number);
	add_watchers(k, kind, t.number);
	/* the acknowledgement, as the system: the sender caused the ticket,
	 * and the person who causes an event is not told of it */
	return notify_event(k->c, NE_MAIL_RECEIVED, &t, NULL, 0, err);
}

/* SW_OK with *over set when the sender has had mail_sender_limit messages
 * acted on in the last hour. */
static enum sw_err over_rate(struct intake *k, bool *over, struct sw_error *err)
{
	*over = false;
	int limit = k->c->cfg ? k->c->cfg->mail_sender_limit : 0;
	if (limit <= 0)
		return SW_OK;
	int64_t n = 0;
	enum sw_err rc = store_mail_sender_recent(k->c->store, k->m.from.addr, k->c->now - 3600, &n, err);
	if (!rc && n >= limit) {
		*over = true;
		k->row.verdict = mail_verdict_name(MAIL_IGNORE);
		k->row.reason = arena_printf(k->c->arena, "sender over the limit of %d messages an hour", limit);
	}
	return rc;
}

/* Everything the message produces, inside the caller's transaction. */
static enum sw_err act(struct intake *k, struct sw_error *err)
{
	if (k->d.verdict == MAIL_IGNORE || k->d.verdict == MAIL_BOUNCE) {
		k->row.verdict = mail_verdict_name(k->d.verdict);
		k->row.reason = k->d.reason;
		bool changed = false;
		/* the outbox learns that a notification it sent did not arrive */
		if (k->d.verdict == MAIL_BOUNCE && k->d.notification_id) {
			enum sw_err rc = store_mail_bounced(k->c->store, k->d.notification_id,
							    arena_printf(k->c->arena, "bounced: %.200s", k->m.subject),
							    &changed, err);
			if (rc)
				return rc;
			if (changed)
				k->row.reason = arena_printf(k->c->arena,
							     "delivery status notification: notification %lld "
							     "marked failed",
							     (long long)k->d.notification_id);
		}
		return SW_OK;
	}
	bool over;
	enum sw_err rc = over_rate(k, &over, err);
	if (rc || over)
		return rc;
	if ((rc = find_sender(k, err)))
		return rc;
	k->row.user_id = k->sender.id;
	if (k->d.verdict == MAIL_REPLY) {
		struct sw_error e;
		sw_error_clear(&e);
		rc = reply(k, &e);
		if (rc != SW_ENOTFOUND && rc != SW_ECONFLICT) {
			if (rc)
				*err = e;
			return rc;
		}
		/* not theirs to answer, or archived: a new ticket instead */
	}
	return raise_ticket(k, err);
}

/* ---- storing ----------------------------------------------------------------------- */

static enum sw_err store_row(struct intake *k, struct sw_error *err)
{
	enum sw_err rc = store_mail_insert(k->c->store, &k->row, err);
	if (rc == SW_ECONFLICT)
		return sw_fail(err, SW_ECONFLICT, "duplicate", "message '%s' was taken in already", k->row.dedupe_key);
	return rc;
}

/* The row alone, as refused for reason. */
static enum sw_err store_refused(struct intake *k, const char *reason, struct sw_error *err)
{
	k->row.verdict = "refused";
	k->row.reason = reason;
	k->row.ticket_id = 0;
	k->row.ticket = NULL;
	if (k->created_sender || !k->have_sender)
		k->row.user_id = 0; /* a user made in the rolled-back transaction is no more */
	enum sw_err rc = core_tx_begin(k->c, err);
	if (!rc)
		rc = core_tx_end(k->c, store_row(k, err), err);
	return rc;
}

static void hash_hex(const char *raw, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)raw, len);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static void outcome_of(const struct mail_message *row, struct mail_outcome *out)
{
	out->verdict = row->verdict;
	out->reason = row->reason;
	out->ticket = row->ticket;
	out->message_row = row->id;
}

static enum sw_err duplicate(struct intake *k, struct mail_outcome *out, struct sw_error *err)
{
	struct mail_message first;
	enum sw_err rc = store_mail_by_key(k->c->store, k->row.dedupe_key, &first, err);
	if (rc)
		return rc;
	outcome_of(&first, out);
	out->verdict = "duplicate";
	return SW_OK;
}

/* The message refused for reason: its row stored alone, or, when the
 * same message came before, the first one's outcome as a duplicate. */
static enum sw_err refuse(struct intake *k, const char *reason, struct mail_outcome *out, struct sw_error *err)
{
	enum sw_err rc = store_refused(k, reason, err);
	if (rc == SW_ECONFLICT) {
		sw_error_clear(err);
		return duplicate(k, out, err);
	}
	if (!rc)
		outcome_of(&k->row, out);
	return rc;
}

enum sw_err mail_intake(struct ctx *c, const struct mail_intake *in, struct mail_outcome *out, struct sw_error *err)
{
	struct mailbox defaults;
	mailbox_defaults(&defaults);
	struct intake k = {.c = c, .in = in, .mb = in->mailbox ? in->mailbox : &defaults};
	char *hex = arena_alloc(c->arena, 65);
	if (!hex)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	hash_hex(in->raw, in->len, hex);
	k.row = (struct mail_message){.mailbox_id = k.mb->id,
				      .sha256 = hex,
				      .size = (int64_t)in->len,
				      .sender = "",
				      .subject = "",
				      .received_at = c->now,
				      .raw = in->raw,
				      .raw_len = in->len};
	*out = (struct mail_outcome){0};

	struct sw_error perr;
	sw_error_clear(&perr);
	enum sw_err rc = in->truncated ? sw_fail(&perr, SW_ETOOLARGE, NULL, "message over the limit of %d bytes",
						 MIME_MESSAGE_MAX)
				       : mime_parse(in->raw, in->len, c->arena, &k.m, &perr);
	if (rc == SW_ENOMEM || rc == SW_ETOOLARGE || rc == SW_EINVALID) {
		/* kept as refused, by its hash; its head only when too large */
		k.row.dedupe_key = arena_printf(c->arena, "sha:%s", hex);
		if (in->len > MAIL_RAW_HEAD && rc != SW_EINVALID)
			k.row.raw_len = MAIL_RAW_HEAD;
		if (!k.row.dedupe_key)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		return refuse(&k, perr.detail[0] ? arena_strdup(c->arena, perr.detail) : "unreadable", out, err);
	}
	if (rc) {
		*err = perr;
		return rc;
	}
	k.row.message_id = k.m.message_id;
	k.row.sender = k.m.from.addr;
	k.row.subject = k.m.subject;
	k.row.dedupe_key = k.m.message_id ? arena_printf(c->arena, "mid:%s", k.m.message_id)
					  : arena_printf(c->arena, "sha:%s", hex);
	if (!k.row.dedupe_key)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if ((rc = duplicate(&k, out, err)) != SW_ENOTFOUND)
		return rc;
	sw_error_clear(err);

	if ((rc = mail_decide(c->arena, &k.m, in->rules, &k.d)))
		return sw_fail(err, rc, NULL, "out of memory");
	/* a long message is cut to what a comment or a description holds (the
	 * whole of it is attached: trimmed) rather than refused */
	k.d.body = clip(c->arena, k.d.body,
			LIMIT_COMMENT_LEN < LIMIT_DESCRIPTION_LEN ? LIMIT_COMMENT_LEN : LIMIT_DESCRIPTION_LEN,
			&k.d.trimmed);
	if (!k.d.body)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if ((rc = core_tx_begin(c, err)))
		return rc;
	struct sw_error aerr;
	sw_error_clear(&aerr);
	enum sw_err arc = act(&k, &aerr);
	rc = arc ? arc : store_row(&k, err);
	rc = core_tx_end(c, rc, arc ? &aerr : err);
	if (rc == SW_ECONFLICT && strcmp(err->type, "duplicate") == 0 && !arc) {
		sw_error_clear(err);
		return duplicate(&k, out, err);
	}
	if (arc && !retryable(arc)) {
		/* refused by a rule: the message is kept alone with the reason */
		out->unknown_user =
			strcmp(aerr.type, "unknown-sender") == 0 && k.mb->unknown_sender == MAIL_UNKNOWN_BOUNCE;
		const char *reason = aerr.field_count
					     ? arena_printf(c->arena, "%s: %s %s", aerr.detail, aerr.fields[0].field,
							    aerr.fields[0].detail)
					     : arena_strdup(c->arena, aerr.detail[0] ? aerr.detail : "refused");
		log_msg(LOG_INFO, "mail refused", "message", LOG_STR, k.row.dedupe_key, "reason", LOG_STR,
			reason ? reason : "", (char *)0);
		return refuse(&k, reason, out, err);
	}
	if (arc) {
		*err = aerr;
		return arc;
	}
	if (!rc)
		outcome_of(&k.row, out);
	return rc;
}
