/*
 * toolkit_sql.c — the SQL of toolkits (repo_toolkit.c): the items of
 * toolkits applied, one row per item key.  See catalog.h.
 */
#include "store/toolkit_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_TOOLKIT

#define ITEM_COLS "item_key, toolkit, section, version, record_name, item_hash, record_hash, applied_at"

/* clang-format off */
const struct db_stmt toolkit_sql[ST_TOOLKIT__END - ST_BASE_TOOLKIT] = {
	S(ST_TOOLKIT_ITEMS, "SELECT " ITEM_COLS " FROM toolkit_items ORDER BY item_key"),
	S(ST_TOOLKIT_ITEM, "SELECT " ITEM_COLS " FROM toolkit_items WHERE item_key = ?1"),
	S(ST_TOOLKIT_ITEM_BY_RECORD,
	  "SELECT " ITEM_COLS " FROM toolkit_items WHERE section = ?1 AND record_name = ?2 ORDER BY item_key LIMIT 1"),
	S(ST_TOOLKIT_ITEM_PUT,
	  "INSERT INTO toolkit_items (" ITEM_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	  " ON CONFLICT (item_key) DO UPDATE SET toolkit = excluded.toolkit, section = excluded.section,"
	  " version = excluded.version, record_name = excluded.record_name, item_hash = excluded.item_hash,"
	  " record_hash = excluded.record_hash, applied_at = excluded.applied_at"),
};
/* clang-format on */
