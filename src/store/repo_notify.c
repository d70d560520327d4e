/*
 * repo_notify.c — notification rules and templates, and the notifications
 * table that is both the in-app inbox and the email outbox.  A rule's
 * recipients and channels are stored as comma-separated names.
 */
#include <string.h>

#include "core/notify/notify.h"
#include "store/store_int.h"
#include "core/port/notify.h"
#include "store/notify_sql.h"
#include "base/banned.h"

#define NAMES_MAX 8

/* "a,b" -> bits by the names the encoder gives each bit. */
static unsigned split_bits(const char *text, size_t (*names)(unsigned, const char **, size_t))
{
	const char *all[NAMES_MAX];
	size_t n = names(~0u, all, NAMES_MAX);
	unsigned bits = 0;
	for (const char *p = text; p && *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		for (size_t i = 0; i < n; i++)
			if (strlen(all[i]) == len && strncmp(p, all[i], len) == 0)
				bits |= 1u << i;
		p += len + (e ? 1 : 0);
	}
	return bits;
}

static void read_rule(struct store *s, struct db_rows *r, void *item)
{
	struct notify_rule *n = item;
	memset(n, 0, sizeof(*n));
	n->id = db_col_int(r, 0);
	n->name = store_col_str(s, r, 1);
	enum notify_event e = NE_CREATED;
	notify_event_parse(db_col_text(r, 2), &e);
	n->event = e;
	n->recipients = split_bits(db_col_text(r, 3), notify_recipient_names);
	n->channels = split_bits(db_col_text(r, 4), notify_channel_names);
	n->group_id = db_col_int(r, 5);
	n->group = store_col_str(s, r, 6);
	n->active = db_col_int(r, 7) != 0;
	n->created_at = db_col_int(r, 8);
	n->updated_at = db_col_int(r, 9);
}

/* Recipients and channels are stored as their names. */
static enum sw_err write_rule(struct store *s, int st, const struct notify_rule *n, struct db_arg key, int64_t at,
			      int64_t *id, struct sw_error *err)
{
	const char *v[NAMES_MAX];
	const char *recipients = store_join(s, v, notify_recipient_names(n->recipients, v, NAMES_MAX), ',');
	const char *channels = store_join(s, v, notify_channel_names(n->channels, v, NAMES_MAX), ',');
	if (!recipients || !channels)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	struct db_arg a[] = {key,
			     DB_TEXT(notify_event_name(n->event)),
			     DB_TEXT(recipients),
			     DB_TEXT(channels),
			     DB_ID(n->group_id),
			     DB_INT(n->active),
			     DB_INT(at)};
	return store_write(s, st, a, NARGS(a), id, err);
}

enum sw_err store_notify_rule_insert(struct store *s, struct notify_rule *n, struct sw_error *err)
{
	return write_rule(s, ST_NRULE_INSERT, n, DB_TEXT(n->name), n->created_at, &n->id, err);
}

enum sw_err store_notify_rule_update(struct store *s, const struct notify_rule *n, struct sw_error *err)
{
	return write_rule(s, ST_NRULE_UPDATE, n, DB_INT(n->id), n->updated_at, NULL, err);
}

enum sw_err store_notify_rule_by_name(struct store *s, const char *name, struct notify_rule *out, struct sw_error *err)
{
	return store_find(s, ST_NRULE_BY_NAME, DB_TEXT(name), read_rule, out, err, "no notification rule '%s'", name);
}

enum sw_err store_notify_rule_list(struct store *s, int event, bool active_only, struct notify_rule_list *out,
				   struct sw_error *err)
{
	struct db_arg a[] = {event < 0 ? DB_NULL : DB_TEXT(notify_event_name((enum notify_event)event)),
			     DB_INT(active_only)};
	void *v;
	enum sw_err rc =
		store_collect(s, ST_NRULE_LIST, a, 2, sizeof(struct notify_rule), read_rule, &v, &out->count, err);
	if (!rc)
		out->items = v;
	return rc;
}

static void read_template(struct store *s, struct db_rows *r, void *item)
{
	struct notify_template *t = item;
	memset(t, 0, sizeof(*t));
	enum notify_event e = NE_CREATED;
	notify_event_parse(db_col_text(r, 0), &e);
	t->event = e;
	t->subject = store_col_str(s, r, 1);
	t->body = store_col_str(s, r, 2);
	t->updated_at = db_col_int(r, 3);
}

enum sw_err store_notify_template_get(struct store *s, enum notify_event e, struct notify_template *out,
				      struct sw_error *err)
{
	return store_find(s, ST_NTEMPLATE_GET, DB_TEXT(notify_event_name(e)), read_template, out, err,
			  "no template for '%s'", notify_event_name(e));
}

enum sw_err store_notify_template_set(struct store *s, const struct notify_template *t, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(notify_event_name(t->event)), DB_TEXT(t->subject), DB_TEXT(t->body),
			     DB_INT(t->updated_at)};
	return db_exec(s->conn, ST(ST_NTEMPLATE_SET), a, NARGS(a), NULL, err);
}

enum sw_err store_notify_template_list(struct store *s, struct notify_template_list *out, struct sw_error *err)
{
	void *v;
	enum sw_err rc = store_collect(s, ST_NTEMPLATE_LIST, NULL, 0, sizeof(struct notify_template), read_template, &v,
				       &out->count, err);
	if (!rc)
		out->items = v;
	return rc;
}

static void read_member_user(struct store *s, struct db_rows *r, void *item)
{
	struct user *u = item;
	memset(u, 0, sizeof(*u));
	u->id = db_col_int(r, 0);
	u->login = store_col_str(s, r, 1);
	u->name = store_col_str(s, r, 2);
	u->email = store_col_str(s, r, 3);
	enum role role = ROLE_END_USER;
	const char *rn = db_col_text(r, 4);
	if (rn)
		role_parse(rn, &role);
	u->role = role;
	u->active = db_col_int(r, 5) != 0;
}

enum sw_err store_group_member_users(struct store *s, int64_t group_id, struct user **out, size_t *count,
				     struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(group_id)};
	void *v;
	enum sw_err rc =
		store_collect(s, ST_GROUP_MEMBER_USERS, a, 1, sizeof(struct user), read_member_user, &v, count, err);
	if (!rc)
		*out = v;
	return rc;
}

static void read_note(struct store *s, struct db_rows *r, void *item)
{
	struct notification *n = item;
	memset(n, 0, sizeof(*n));
	n->id = db_col_int(r, 0);
	n->user_id = db_col_int(r, 1);
	n->ticket_id = db_col_int(r, 2);
	n->ticket = store_col_str(s, r, 3);
	enum notify_event e = NE_CREATED;
	notify_event_parse(db_col_text(r, 4), &e);
	n->event = e;
	n->channel = store_col_str(s, r, 5);
	n->subject = store_col_str(s, r, 6);
	n->body = store_col_str(s, r, 7);
	n->email_to = store_col_str(s, r, 8);
	n->state = store_col_str(s, r, 9);
	n->attempts = (int)db_col_int(r, 10);
	n->next_attempt_at = db_col_int(r, 11);
	n->last_error = store_col_str(s, r, 12);
	n->created_at = db_col_int(r, 13);
	n->sent_at = db_col_int(r, 14);
	n->read_at = db_col_int(r, 15);
	n->article_id = db_col_int(r, 16);
	n->article = store_col_str(s, r, 17);
}

enum sw_err store_notification_insert(struct store *s, struct notification *n, struct sw_error *err)
{
	struct db_arg a[] = {
		DB_INT(n->user_id),    DB_ID(n->ticket_id),  DB_TEXT(notify_event_name(n->event)),
		DB_TEXT(n->channel),   DB_TEXT(n->subject),  DB_TEXT(n->body),
		DB_TEXT(n->email_to),  DB_TEXT(n->state),    DB_ID(n->next_attempt_at),
		DB_INT(n->created_at), DB_ID(n->article_id),
	};
	return db_query_int(s->conn, ST(ST_NOTE_INSERT), a, NARGS(a), &n->id, err);
}

/* A page of rows by descending id; the cursor is the last id shown. */
static enum sw_err note_page(struct store *s, int st, const char *tag, struct db_arg *a, int nargs, int cursor_arg,
			     const struct page *p, struct notification_list *out, struct sw_error *err)
{
	int64_t after = 0, unused;
	memset(out, 0, sizeof(*out));
	if (p->cursor) {
		enum sw_err rc = store_cursor_decode2(p->cursor, tag, &after, &unused, err);
		if (rc)
			return rc;
	}
	a[cursor_arg] = DB_INT(after);
	a[nargs - 1] = DB_INT(p->limit + 1);
	void *v;
	enum sw_err rc = store_collect(s, st, a, nargs, sizeof(struct notification), read_note, &v, &out->count, err);
	if (rc)
		return rc;
	out->items = v;
	if (out->count > (size_t)p->limit) {
		out->count = (size_t)p->limit;
		out->next_cursor = store_cursor_encode2(s, tag, out->items[out->count - 1].id, 0);
	}
	return SW_OK;
}

enum sw_err store_notification_inbox(struct store *s, int64_t user_id, bool unread_only, const struct page *p,
				     struct notification_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id), DB_INT(unread_only), DB_NULL, DB_NULL};
	return note_page(s, ST_NOTE_INBOX, "inbox", a, 4, 2, p, out, err);
}

enum sw_err store_notification_unread(struct store *s, int64_t user_id, int64_t *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id)};
	return db_query_int(s->conn, ST(ST_NOTE_UNREAD), a, 1, out, err);
}

enum sw_err store_notification_mark_read(struct store *s, int64_t user_id, int64_t id, int64_t now, bool *found,
					 struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id), DB_INT(id), DB_INT(now)};
	enum sw_err rc = db_exec(s->conn, ST(ST_NOTE_MARK_READ), a, 3, NULL, err);
	int64_t n = 0;
	if (!rc && id)
		rc = db_query_int(s->conn, ST(ST_NOTE_EXISTS), (struct db_arg[]){DB_INT(user_id), DB_INT(id)}, 2, &n,
				  err);
	*found = n > 0;
	return rc;
}

enum sw_err store_notification_outbox(struct store *s, const char *state, const struct page *p,
				      struct notification_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(state), DB_NULL, DB_NULL};
	return note_page(s, ST_NOTE_OUTBOX, state ? state : "outbox", a, 3, 1, p, out, err);
}

enum sw_err store_notification_due(struct store *s, int64_t now, int limit, struct notification_list *out,
				   struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(now), DB_INT(limit)};
	void *v;
	memset(out, 0, sizeof(*out));
	enum sw_err rc =
		store_collect(s, ST_NOTE_DUE, a, 2, sizeof(struct notification), read_note, &v, &out->count, err);
	if (!rc)
		out->items = v;
	return rc;
}

enum sw_err store_notification_claim(struct store *s, struct notification *n, int64_t lease_until, bool *claimed,
				     struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(n->id), DB_TEXT(n->state), DB_INT(n->next_attempt_at), DB_INT(lease_until)};
	int64_t changes = 0;
	enum sw_err rc = db_exec(s->conn, ST(ST_NOTE_CLAIM), a, 4, &changes, err);
	*claimed = !rc && changes == 1;
	if (*claimed) {
		n->state = "sending";
		n->next_attempt_at = lease_until;
	}
	return rc;
}

enum sw_err store_notification_delivery(struct store *s, const struct notification *n, int64_t lease, bool *recorded,
					struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(n->id),          DB_TEXT(n->state), DB_INT(n->attempts), DB_ID(n->next_attempt_at),
			     DB_TEXT(n->last_error), DB_ID(n->sent_at), DB_INT(lease)};
	int64_t changes = 0;
	enum sw_err rc = db_exec(s->conn, ST(ST_NOTE_DELIVERY), a, NARGS(a), &changes, err);
	*recorded = !rc && changes == 1;
	return rc;
}
