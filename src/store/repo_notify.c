/*
 * repo_notify.c — notification rules and templates, and the notifications
 * table that is both the in-app inbox and the email outbox.  A rule's
 * recipients and channels are stored as comma-separated names.
 */
#include <string.h>

#include "core/notify/notify.h"
#include "core/kernel/record.h"
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

/* NRULE_COLS, the recipients and the channels by hand */
#define NRULE_EVENT STORE_COL_VALUE(struct notify_rule, event, notify_event_name_list)
static const struct store_col rule_cols[] = {
	STORE_COLS(struct notify_rule, id, name), NRULE_EVENT, STORE_COL_SKIP, STORE_COL_SKIP,
	STORE_COLS(struct notify_rule, group_id, group, active, created_at, updated_at)};

static void read_rule(struct store *s, struct db_rows *r, void *item)
{
	struct notify_rule *n = item;
	STORE_READ(s, r, rule_cols, n);
	n->recipients = split_bits(db_col_text(r, 3), notify_recipient_names);
	n->channels = split_bits(db_col_text(r, 4), notify_channel_names);
}

/* Recipients and channels are stored as their names. */
static enum sw_err save_rule(struct store *s, void *rec, bool creating, struct sw_error *err)
{
	struct notify_rule *n = rec;
	struct store_save w = STORE_SAVE(n, creating, ST_NRULE_INSERT, ST_NRULE_UPDATE);
	const char *v[NAMES_MAX];
	const char *recipients = store_join(s, v, notify_recipient_names(n->recipients, v, NAMES_MAX), ',');
	const char *channels = store_join(s, v, notify_channel_names(n->channels, v, NAMES_MAX), ',');
	if (!recipients || !channels)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	struct db_arg a[] = {w.key,
			     DB_TEXT(notify_event_name(n->event)),
			     DB_TEXT(recipients),
			     DB_TEXT(channels),
			     DB_ID(n->group_id),
			     DB_INT(n->active),
			     DB_INT(w.at)};
	return store_write(s, w.st, a, NARGS(a), w.new_id, err);
}

STORE_LOAD_AS(load_rule, store_find(s, ST_NRULE_BY_NAME, DB_TEXT(key->name), read_rule, out, err,
				    "no notification rule '%s'", key->name))
STORE_LIST_AS(list_notify_rules, store_notify_rule_list(s, -1, false, out, err))

const struct record_store store_notify_rules = {save_rule, load_rule, list_notify_rules};

enum sw_err store_notify_rule_list(struct store *s, int event, bool active_only, struct notify_rule_list *out,
				   struct sw_error *err)
{
	struct db_arg a[] = {event < 0 ? DB_NULL : DB_TEXT(notify_event_name((enum notify_event)event)),
			     DB_INT(active_only)};
	return STORE_LIST(s, ST_NRULE_LIST, a, 2, read_rule, out, err);
}

/* what ST_NTEMPLATE_GET and ST_NTEMPLATE_LIST select */
#define NTEMPLATE_EVENT STORE_COL_VALUE(struct notify_template, event, notify_event_name_list)
static const struct store_col template_cols[] = {NTEMPLATE_EVENT,
						 STORE_COLS(struct notify_template, subject, body, updated_at)};

STORE_READER(read_template, struct notify_template, template_cols)

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
	return STORE_LIST(s, ST_NTEMPLATE_LIST, NULL, 0, read_template, out, err);
}

/* what ST_GROUP_MEMBER_USERS selects */
#define MEMBER_ROLE STORE_COL_VALUE(struct user, role, role_name_list)
static const struct store_col member_cols[] = {STORE_COLS(struct user, id, login, name, email), MEMBER_ROLE,
					       STORE_COLS(struct user, active)};

enum sw_err store_group_member_users(struct store *s, int64_t group_id, struct user **out, size_t *count,
				     struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(group_id)};
	return STORE_COLLECT(s, ST_GROUP_MEMBER_USERS, a, 1, member_cols, out, count, err);
}

/* NOTE_COLS */
#define NOTE_EVENT STORE_COL_VALUE(struct notification, event, notify_event_name_list)
static const struct store_col note_cols[] = {
	STORE_COLS(struct notification, id, user_id, ticket_id, ticket), NOTE_EVENT,
	STORE_COLS(struct notification, channel, subject, body, email_to, state, attempts, next_attempt_at, last_error,
		   created_at, sent_at, read_at, article_id, article)};

STORE_READER(read_note, struct notification, note_cols)

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

enum sw_err store_notification_inbox(struct store *s, int64_t user_id, bool unread_only, const struct page *p,
				     struct notification_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id), DB_INT(unread_only), DB_NULL, DB_NULL};
	memset(out, 0, sizeof(*out));
	return STORE_ID_PAGE(s, ST_NOTE_INBOX, "inbox", a, 2, p, struct notification, read_note, out, err);
}

enum sw_err store_notification_unread(struct store *s, int64_t user_id, int64_t *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id)};
	return db_query_int(s->conn, ST(ST_NOTE_UNREAD), a, 1, out, err);
}

enum sw_err store_notification_is(struct store *s, int64_t id, enum notify_event e, bool *yes, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_TEXT(notify_event_name(e))};
	return store_yes(s, STORE_YES_COUNTED, ST_NOTE_IS_EVENT, a, NARGS(a), yes, err);
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
	memset(out, 0, sizeof(*out));
	return STORE_ID_PAGE(s, ST_NOTE_OUTBOX, state ? state : "outbox", a, 1, p, struct notification, read_note, out,
			     err);
}

enum sw_err store_notification_due(struct store *s, int64_t now, int limit, struct notification_list *out,
				   struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(now), DB_INT(limit)};
	memset(out, 0, sizeof(*out));
	return STORE_LIST(s, ST_NOTE_DUE, a, 2, read_note, out, err);
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
			     DB_TEXT(n->last_error), DB_ID(n->sent_at), DB_INT(lease),       DB_TEXT(n->body)};
	int64_t changes = 0;
	enum sw_err rc = db_exec(s->conn, ST(ST_NOTE_DELIVERY), a, NARGS(a), &changes, err);
	*recorded = !rc && changes == 1;
	return rc;
}
