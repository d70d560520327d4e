/*
 * mail_sql.c — the SQL of the email channel: mailboxes (a record kind),
 * the messages taken in with their raw bytes, and senders found by
 * address (repo_mail.c).  Columns are listed explicitly so that the
 * repository reads them by position; MAILBOX_COLS and MAIL_COLS and its
 * column tables must agree.  See catalog.h.
 */
#include "store/mail_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_MAIL

#define MAILBOX_COLS                                                                                                   \
	"m.id, m.name, m.description, m.imap_url, m.imap_user, m.imap_secret, m.folder, m.processed_folder, m.kind,"   \
	" m.category, COALESCE(m.group_id, 0), g.name, m.unknown_sender, m.active, COALESCE(m.last_poll_at, 0),"       \
	" m.last_error, m.created_at, m.updated_at FROM mailboxes m LEFT JOIN groups_ g ON g.id = m.group_id"

#define MAIL_COLS                                                                                                      \
	"mm.id, COALESCE(mm.mailbox_id, 0), mm.dedupe_key, mm.message_id, mm.sha256, mm.size, mm.sender, mm.subject,"  \
	" mm.verdict, mm.reason, COALESCE(mm.ticket_id, 0), COALESCE(mm.user_id, 0), t.number, mm.received_at"         \
	" FROM mail_messages mm LEFT JOIN tickets t ON t.id = mm.ticket_id"

/* clang-format off */
const struct db_stmt mail_sql[ST_MAIL__END - ST_BASE_MAIL] = {
	S_WRITES(ST_MAILBOX_INSERT, ST_MAILBOX_UPDATE, "mailboxes", description, imap_url, imap_user, imap_secret,
		 folder, processed_folder, kind, category, group_id, unknown_sender, active, updated_at),
	S_BY(ST_MAILBOX_BY_NAME, MAILBOX_COLS, "m.name"),
	S_ORDERED_THEN(ST_MAILBOX_LIST, "SELECT " MAILBOX_COLS " ORDER BY m.name", " LIMIT 1000"),
	S(ST_MAILBOX_POLLED, "UPDATE mailboxes SET last_poll_at = ?2, last_error = ?3 WHERE id = ?1"),
	S_BY(ST_MAIL_BY_KEY, MAIL_COLS, "mm.dedupe_key"),
	S(ST_MAIL_INSERT,
	  "INSERT INTO mail_messages (mailbox_id, dedupe_key, message_id, sha256, size, raw, sender, subject, verdict,"
	  " reason, ticket_id, user_id, received_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id"),
	S(ST_MAIL_COUNTS,
	  "SELECT verdict, COUNT(*) FROM mail_messages WHERE mailbox_id = ?1 GROUP BY verdict ORDER BY verdict"),
	S(ST_MAIL_USER_BY_EMAIL,
	  "SELECT " USER_COLS " FROM users u WHERE lower(u.email) = ?1 AND u.active = 1 ORDER BY u.id LIMIT 1"),
	/* a bounce: the email it names failed after all (only one that was sent) */
	S(ST_MAIL_BOUNCED,
	  "UPDATE notifications SET state = 'failed', last_error = ?2"
	  " WHERE id = ?1 AND channel = 'email' AND state = 'sent'"),
	/* the per-sender rate: messages from an address acted on since a time */
	S(ST_MAIL_SENDER_RECENT,
	  "SELECT COUNT(*) FROM mail_messages WHERE lower(sender) = ?1 AND received_at >= ?2"
	  " AND verdict IN ('new', 'reply', 'note')"),
};
/* clang-format on */
