/*
 * scache_sql.c — the SQL of the search index's generation (migration 47,
 * scache.c).  See scache_sql.h and catalog.h.
 */
#include "store/scache_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_SCACHE

/* clang-format off */
const struct db_stmt scache_sql[ST_SCACHE__END - ST_BASE_SCACHE] = {
	S(ST_SCACHE_GENERATION, "SELECT value FROM search_generation WHERE id = 1"),
	/* in the transaction that writes ticket_search (SQLite only: see
	 * migration 47) */
	S(ST_SCACHE_BUMP, "UPDATE search_generation SET value = value + 1 WHERE id = 1"),
};
/* clang-format on */
