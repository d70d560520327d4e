/*
 * ingest_sql.c — the SQL of the inbox of accepted payloads: alert_payloads
 * rows whose processed_at is still NULL (repo_event.c).  See ingest_sql.h
 * and catalog.h.
 */
#include "store/ingest_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_INGEST

/* clang-format off */
const struct db_stmt ingest_sql[ST_INGEST__END - ST_BASE_INGEST] = {
	S(ST_INBOX_INSERT,
	  "INSERT INTO alert_payloads (source_id, format, body, alert_count, received_at) VALUES (?1, ?2, ?3, ?4, ?5)"
	  " RETURNING id"),
	S(ST_INBOX_PENDING,
	  "SELECT id, source_id, format, body, alert_count, received_at FROM alert_payloads"
	  " WHERE processed_at IS NULL AND id > ?1 ORDER BY id LIMIT ?2"),
	S(ST_INBOX_DONE,
	  "UPDATE alert_payloads SET processed_at = ?2, error = ?3 WHERE id = ?1 AND processed_at IS NULL"),
	S(ST_INBOX_COUNT, "SELECT COUNT(*) FROM alert_payloads WHERE processed_at IS NULL"),
};
/* clang-format on */
