/*
 * repo_mail.c — the email channel's storage (port/mail.h): mailboxes as a
 * record kind with their group's name, the messages taken in (raw bytes
 * written, never read back here), the counts a mailbox's status shows,
 * and senders found by address.
 */
#include <string.h>

#include "core/kernel/record.h"
#include "core/mail/mail.h"
#include "core/port/mail.h"
#include "base/limits.h"
#include "store/store_int.h"
#include "store/mail_sql.h"
#include "base/banned.h"

static const struct store_col mailbox_cols[] = {
	STORE_COLS(struct mailbox, id, name, description, imap_url, imap_user, imap_secret, folder, processed_folder,
		   kind, category, group_id, group),
	STORE_COL_VALUE(struct mailbox, unknown_sender, mail_unknown_name_list),
	STORE_COLS(struct mailbox, active, last_poll_at, last_error, created_at, updated_at),
};

static const struct store_col mailbox_args[] = {
	STORE_ARG_KEY,
	STORE_ARGS(struct mailbox, description, imap_url, imap_user, imap_secret, folder, processed_folder, kind,
		   category),
	STORE_ARG_IDS(struct mailbox, group_id),
	STORE_ARG_VALUE(struct mailbox, unknown_sender, mail_unknown_name_list),
	STORE_ARGS(struct mailbox, active),
	STORE_ARG_AT,
};

STORE_SAVE_FN(save_mailbox, struct mailbox, ST_MAILBOX_INSERT, ST_MAILBOX_UPDATE, mailbox_args)

STORE_LOAD_AS(load_mailbox, STORE_FIND(s, ST_MAILBOX_BY_NAME, DB_TEXT(key->name), mailbox_cols, (struct mailbox *)out,
				       err, "no mailbox '%s'", key->name))

struct mailbox_list {
	struct mailbox *items;
	size_t count;
};

STORE_LIST_AS(list_mailboxes,
	      STORE_COLLECT_LIST(s, ST_MAILBOX_LIST, NULL, 0, mailbox_cols, (struct mailbox_list *)out, err))

const struct record_store store_mailboxes = {save_mailbox, load_mailbox, list_mailboxes};

enum sw_err store_mailbox_polled(struct store *s, int64_t id, int64_t at, const char *error, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_INT(at), DB_TEXT(error)};
	return db_exec(s->conn, ST(ST_MAILBOX_POLLED), a, 3, NULL, err);
}

static const struct store_col mail_cols[] = {
	STORE_COLS(struct mail_message, id, mailbox_id, dedupe_key, message_id, sha256, size, sender, subject, verdict,
		   reason, ticket_id, user_id, ticket, received_at),
};

enum sw_err store_mail_by_key(struct store *s, const char *key, struct mail_message *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(key)};
	return STORE_ONE(s, ST_MAIL_BY_KEY, a, 1, mail_cols, out, err);
}

enum sw_err store_mail_insert(struct store *s, struct mail_message *m, struct sw_error *err)
{
	struct db_arg a[] = {DB_ID(m->mailbox_id),  DB_TEXT(m->dedupe_key), DB_TEXT(m->message_id),
			     DB_TEXT(m->sha256),    DB_INT(m->size),        DB_BLOB(m->raw, m->raw_len),
			     DB_TEXT(m->sender),    DB_TEXT(m->subject),    DB_TEXT(m->verdict),
			     DB_TEXT(m->reason),    DB_ID(m->ticket_id),    DB_ID(m->user_id),
			     DB_INT(m->received_at)};
	return db_query_int(s->conn, ST(ST_MAIL_INSERT), a, NARGS(a), &m->id, err);
}

static const struct store_col count_cols[] = {STORE_COLS(struct mail_count, verdict, count)};

enum sw_err store_mail_counts(struct store *s, int64_t mailbox_id, struct mail_count **out, size_t *count,
			      struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(mailbox_id)};
	return STORE_COLLECT(s, ST_MAIL_COUNTS, a, 1, count_cols, out, count, err);
}

enum sw_err store_mail_bounced(struct store *s, int64_t id, const char *error, bool *changed, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_TEXT(error)};
	return store_yes(s, STORE_YES_CHANGED, ST_MAIL_BOUNCED, a, 2, changed, err);
}

/* addr in lower case into low; false when it is longer than an address can be. */
static bool lower_address(const char *addr, char low[LIMIT_EMAIL_LEN + 1], size_t *len)
{
	size_t n = strlen(addr);
	if (n > LIMIT_EMAIL_LEN)
		return false;
	for (size_t i = 0; i <= n; i++)
		low[i] = addr[i] >= 'A' && addr[i] <= 'Z' ? (char)(addr[i] - 'A' + 'a') : addr[i];
	*len = n;
	return true;
}

enum sw_err store_mail_sender_recent(struct store *s, const char *address, int64_t since, int64_t *count,
				     struct sw_error *err)
{
	char low[LIMIT_EMAIL_LEN + 1];
	size_t n;
	*count = 0;
	if (!lower_address(address, low, &n))
		return SW_OK; /* no stored sender is that long in lower case either */
	struct db_arg a[] = {DB_TEXTN(low, n), DB_INT(since)};
	return db_query_int(s->conn, ST(ST_MAIL_SENDER_RECENT), a, NARGS(a), count, err);
}

static void read_user(struct store *s, struct db_rows *r, void *item)
{
	store_read_user(s, r, 0, item);
}

enum sw_err store_user_by_email(struct store *s, const char *email, struct user *out, struct sw_error *err)
{
	char low[LIMIT_EMAIL_LEN + 1];
	size_t n;
	if (!lower_address(email, low, &n))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no such user");
	struct db_arg a[] = {DB_TEXTN(low, n)};
	return store_one(s, ST_MAIL_USER_BY_EMAIL, a, 1, read_user, out, err);
}
