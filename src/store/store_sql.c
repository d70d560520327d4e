/*
 * store_sql.c — the SQL of the migrations runner, counters, the audit trail
 * and maintenance (store.c). Columns are listed explicitly so that the
 * repository reads them by position; the *_COLS macros and its readers must
 * agree.  See catalog.h.
 */
#include "store/store_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_STORE

/* clang-format off */
const struct db_stmt store_sql[ST_STORE__END - ST_BASE_STORE] = {
	S(ST_MIGRATIONS_CREATE,
	  "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)"),
	S(ST_MIGRATIONS_MAX, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"),
	S(ST_MIGRATIONS_INSERT, "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)"),
	SPG(ST_MIGRATIONS_TABLE_EXISTS,
	    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
	    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
	    " AND table_name = 'schema_migrations'"),
	S(ST_COUNTER_NEXT, "UPDATE counters SET value = value + 1 WHERE kind = ?1 RETURNING value"),
	S(ST_COUNTER_SET, "UPDATE counters SET value = ?2 WHERE kind = ?1"),
	S(ST_COUNTER_INIT, "INSERT INTO counters (kind, value) VALUES (?1, 0) ON CONFLICT (kind) DO NOTHING"),
	S(ST_SAVEPOINT, "SAVEPOINT sw"),
	S(ST_SAVEPOINT_RELEASE, "RELEASE SAVEPOINT sw"),
	S(ST_SAVEPOINT_ROLLBACK, "ROLLBACK TO SAVEPOINT sw"),
	S(ST_ANALYZE, "ANALYZE"),
};
/* clang-format on */
