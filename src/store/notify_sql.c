/*
 * notify_sql.c — the SQL of notification rules, templates, the inbox and the
 * outbox (repo_notify.c). Columns are listed explicitly so that the
 * repository reads them by position; the *_COLS macros and its readers must
 * agree.  See catalog.h.
 */
#include "store/notify_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_NOTIFY

#define NRULE_COLS                                                                                                     \
	"r.id, r.name, r.event, r.recipients, r.channels, r.group_id, g.name, r.active, r.created_at, r.updated_at"    \
	" FROM notification_rules r LEFT JOIN groups_ g ON g.id = r.group_id"

#define NOTE_COLS                                                                                                      \
	"n.id, n.user_id, n.ticket_id, t.number, n.event, n.channel, n.subject, n.body, n.email_to, n.state,"          \
	" n.attempts, n.next_attempt_at, n.last_error, n.created_at, n.sent_at, n.read_at, n.article_id, ka.number"    \
	" FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id LEFT JOIN articles ka ON ka.id = "            \
	"n.article_id"

/* clang-format off */
const struct db_stmt notify_sql[ST_NOTIFY__END - ST_BASE_NOTIFY] = {
	S_WRITES(ST_NRULE_INSERT, ST_NRULE_UPDATE, "notification_rules", event, recipients, channels, group_id, active,
		 updated_at),
	S_BY(ST_NRULE_BY_NAME, NRULE_COLS, "r.name"),
	SPG(ST_NRULE_LIST,
	    "SELECT " NRULE_COLS " WHERE (?1 IS NULL OR r.event = ?1) AND (?2 = 0 OR r.active = 1) ORDER BY r.event, r.name",
	    "SELECT " NRULE_COLS " WHERE (CAST(?1 AS TEXT) IS NULL OR r.event = ?1) AND (?2 = 0 OR r.active = 1)"
	    " ORDER BY r.event COLLATE \"C\", r.name COLLATE \"C\""),
	S(ST_NTEMPLATE_GET, "SELECT event, subject, body, updated_at FROM notification_templates WHERE event = ?1"),
	S(ST_NTEMPLATE_SET, "UPDATE notification_templates SET subject = ?2, body = ?3, updated_at = ?4 WHERE event = ?1"),
	S_ORDERED(ST_NTEMPLATE_LIST, "SELECT event, subject, body, updated_at FROM notification_templates ORDER BY event"),
	S(ST_GROUP_MEMBER_USERS,
	  "SELECT u.id, u.login, u.name, u.email, u.role, u.active FROM group_members m JOIN users u ON u.id = m.user_id"
	  " WHERE m.group_id = ?1 ORDER BY u.id"),
	S(ST_NOTE_INSERT,
	  "INSERT INTO notifications (user_id, ticket_id, event, channel, subject, body, email_to, state,"
	  " next_attempt_at, created_at, article_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id"),
	S(ST_NOTE_INBOX,
	  "SELECT " NOTE_COLS " WHERE n.user_id = ?1 AND n.channel = 'in_app' AND (?2 = 0 OR n.read_at IS NULL)"
	  " AND (?3 = 0 OR n.id < ?3) ORDER BY n.id DESC LIMIT ?4"),
	S(ST_NOTE_UNREAD,
	  "SELECT COUNT(*) FROM notifications WHERE user_id = ?1 AND channel = 'in_app' AND read_at IS NULL"),
	S(ST_NOTE_MARK_READ,
	  "UPDATE notifications SET read_at = ?3 WHERE user_id = ?1 AND channel = 'in_app' AND read_at IS NULL"
	  " AND (?2 = 0 OR id = ?2)"),
	S(ST_NOTE_EXISTS, "SELECT COUNT(*) FROM notifications WHERE user_id = ?1 AND channel = 'in_app' AND id = ?2"),
	S(ST_NOTE_IS_EVENT, "SELECT COUNT(*) FROM notifications WHERE id = ?1 AND event = ?2"),
	SPG(ST_NOTE_OUTBOX,
	    "SELECT " NOTE_COLS " WHERE n.channel = 'email' AND (?1 IS NULL OR n.state = ?1)"
	    " AND (?2 = 0 OR n.id < ?2) ORDER BY n.id DESC LIMIT ?3",
	    "SELECT " NOTE_COLS " WHERE n.channel = 'email' AND (CAST(?1 AS TEXT) IS NULL OR n.state = ?1)"
	    " AND (?2 = 0 OR n.id < ?2) ORDER BY n.id DESC LIMIT ?3"),
	S(ST_NOTE_DUE,
	  "SELECT " NOTE_COLS " WHERE n.state IN ('pending', 'sending') AND n.next_attempt_at <= ?1"
	  " ORDER BY n.next_attempt_at, n.id LIMIT ?2"),
	S(ST_NOTE_CLAIM,
	  "UPDATE notifications SET state = 'sending', next_attempt_at = ?4"
	  " WHERE id = ?1 AND state = ?2 AND next_attempt_at = ?3"),
	/* only while our claim (?7, its lease) still holds; a body (?8) replaces the one kept */
	S(ST_NOTE_DELIVERY,
	  "UPDATE notifications SET state = ?2, attempts = ?3, next_attempt_at = ?4, last_error = ?5, sent_at = ?6,"
	  " body = COALESCE(?8, body) WHERE id = ?1 AND state = 'sending' AND next_attempt_at = ?7"),
};
/* clang-format on */
