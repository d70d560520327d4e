/*
 * scache_sql.h — the statement ids of the search cache (scache.c): the
 * full-text index's generation, read before a search and raised by every
 * write to the index.  Their SQL is in scache_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_SCACHE_SQL_H
#define SW_STORE_SCACHE_SQL_H

#include "store/catalog.h"

enum { ST_SCACHE_GENERATION = ST_BASE_SCACHE, ST_SCACHE_BUMP, ST_SCACHE__END };

extern const struct db_stmt scache_sql[ST_SCACHE__END - ST_BASE_SCACHE];

#endif
