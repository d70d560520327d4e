/*
 * webhook_sql.c — the SQL of webhooks and their deliveries
 * (repo_webhook.c).  Columns are listed explicitly so that the repository
 * reads them by position; WEBHOOK_COLS and WHD_COLS and its readers must
 * agree.  See catalog.h.
 */
#include "store/webhook_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_WEBHOOK

#define WEBHOOK_COLS                                                                                                   \
	"w.id, w.name, w.description, w.url, w.events, w.secret, w.active, w.created_at, w.updated_at"                 \
	" FROM webhooks w"

#define WHD_SELECT                                                                                                     \
	"d.id, d.webhook_id, COALESCE(d.ticket_id, 0), d.event, t.number, d.state, d.last_error, d.attempts,"          \
	" COALESCE(d.response_status, 0), COALESCE(d.next_attempt_at, 0), d.created_at, COALESCE(d.sent_at, 0)"
#define WHD_FROM " FROM webhook_deliveries d LEFT JOIN tickets t ON t.id = d.ticket_id"
#define WHD_COLS WHD_SELECT WHD_FROM

/* clang-format off */
const struct db_stmt webhook_sql[ST_WEBHOOK__END - ST_BASE_WEBHOOK] = {
	S_WRITES(ST_WEBHOOK_INSERT, ST_WEBHOOK_UPDATE, "webhooks", description, url, events, secret, active,
		 updated_at),
	S_BY(ST_WEBHOOK_BY_NAME, WEBHOOK_COLS, "w.name"),
	S_ORDERED_THEN(ST_WEBHOOK_LIST, "SELECT " WEBHOOK_COLS " ORDER BY w.name", " LIMIT 1000"),
	S(ST_WEBHOOK_ACTIVE, "SELECT " WEBHOOK_COLS " WHERE w.active = 1 ORDER BY w.id"),
	S(ST_WHD_INSERT,
	  "INSERT INTO webhook_deliveries (webhook_id, event, ticket_id, body, state, next_attempt_at, created_at)"
	  " VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?6) RETURNING id"),
	S(ST_WHD_LIST,
	  "SELECT " WHD_COLS " WHERE d.webhook_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR d.state = ?2)"
	  " AND (?3 = 0 OR d.id < ?3) ORDER BY d.id DESC LIMIT ?4"),
	S(ST_WHD_DUE,
	  "SELECT " WHD_SELECT ", d.body, w.url, w.secret, w.name" WHD_FROM " JOIN webhooks w ON w.id = d.webhook_id"
	  " WHERE d.state IN ('pending', 'sending') AND d.next_attempt_at <= ?1 ORDER BY d.next_attempt_at, d.id"
	  " LIMIT ?2"),
	S(ST_WHD_CLAIM,
	  "UPDATE webhook_deliveries SET state = 'sending', next_attempt_at = ?4"
	  " WHERE id = ?1 AND state = ?2 AND next_attempt_at = ?3"),
	/* only while our claim (?8, its lease) still holds; a row done with keeps no body (a work note's text) */
	S(ST_WHD_OUTCOME,
	  "UPDATE webhook_deliveries SET state = ?2, attempts = ?3, next_attempt_at = ?4, response_status = ?5,"
	  " last_error = ?6, sent_at = ?7, body = CASE WHEN ?2 IN ('sent', 'failed') THEN '' ELSE body END"
	  " WHERE id = ?1 AND state = 'sending' AND next_attempt_at = ?8"),
	/* webhook ?1's deliveries not done yet (of event ?2, or all): failed, with reason ?3 */
	S(ST_WHD_CANCEL,
	  "UPDATE webhook_deliveries SET state = 'failed', next_attempt_at = 0, last_error = ?3, body = ''"
	  " WHERE webhook_id = ?1 AND state IN ('pending', 'sending') AND (CAST(?2 AS TEXT) IS NULL OR event = ?2)"),
};
/* clang-format on */
