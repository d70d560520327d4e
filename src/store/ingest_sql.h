/*
 * ingest_sql.h — the statement ids of the fast ingestion path (issue #16):
 * payloads accepted before they are processed, and the worker that takes
 * them in order (repo_event.c); their SQL is in ingest_sql.c.  See
 * catalog.h.
 */
#ifndef SW_STORE_INGEST_SQL_H
#define SW_STORE_INGEST_SQL_H

#include "store/catalog.h"

enum { ST_INBOX_INSERT = ST_BASE_INGEST, ST_INBOX_PENDING, ST_INBOX_DONE, ST_INBOX_COUNT, ST_INGEST__END };

extern const struct db_stmt ingest_sql[ST_INGEST__END - ST_BASE_INGEST];

#endif
