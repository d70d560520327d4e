/*
 * store_sql.h — the statement ids of the migrations runner, counters, the
 * audit trail and maintenance (store.c); their SQL is in store_sql.c.  See
 * catalog.h.
 */
#ifndef SW_STORE_STORE_SQL_H
#define SW_STORE_STORE_SQL_H

#include "store/catalog.h"

enum {
	ST_MIGRATIONS_CREATE = ST_BASE_STORE,
	ST_MIGRATIONS_MAX,
	ST_MIGRATIONS_INSERT,
	ST_MIGRATIONS_TABLE_EXISTS,
	ST_COUNTER_NEXT,
	ST_COUNTER_INIT,
	ST_SAVEPOINT,
	ST_SAVEPOINT_RELEASE,
	ST_SAVEPOINT_ROLLBACK,
	ST_COUNTER_SET,
	ST_ANALYZE,
	ST_STORE__END
};

extern const struct db_stmt store_sql[ST_STORE__END - ST_BASE_STORE];

#endif
