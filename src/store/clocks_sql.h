/*
 * clocks_sql.h — the statement ids of the running totals of the open SLA
 * clocks (migration 46, repo_clocks.c; docs/sla.md): their upkeep by
 * appended net deltas, the ticket row a clock writer outside a ticket
 * write locks first, the scheduler's fold, the recount `steward verify`
 * compares and rebuilds, and the two reads they serve (the queues'
 * "breaching soon", the dashboard's breached and warning now).  Their SQL
 * is in clocks_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_CLOCKS_SQL_H
#define SW_STORE_CLOCKS_SQL_H

#include "store/catalog.h"

/* rows of net delta one ST_CLOCKS_APPEND takes */
#define CLOCKS_APPEND_ROWS 8

enum {
	ST_CLOCKS_APPEND = ST_BASE_CLOCKS,
	ST_CLOCKS_LOCK_TICKET,
	ST_CLOCKS_LOCK_TICKET_SKIP,
	ST_CLOCKS_FOLD_LAST,
	ST_CLOCKS_FOLD,
	ST_CLOCKS_FOLD_DELETE,
	ST_CLOCKS_FOLD_ZEROS,
	ST_CLOCKS_DIFF,
	ST_CLOCKS_CLEAR_DELTAS,
	ST_CLOCKS_CLEAR,
	ST_CLOCKS_REBUILD,
	ST_CLOCKS_BREACHING,
	ST_CLOCKS_SLA_OPEN,
	ST_CLOCKS__END
};

extern const struct db_stmt clocks_sql[ST_CLOCKS__END - ST_BASE_CLOCKS];

#endif
