/*
 * calendar_sql.h — the statement ids of the change calendar's reads
 * (repo_calendar.c): the changes a span holds, only the columns an event
 * needs, a page at a time in calendar order.  Their SQL is in
 * calendar_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_CALENDAR_SQL_H
#define SW_STORE_CALENDAR_SQL_H

#include "store/catalog.h"

enum { ST_CALENDAR_CHANGES = ST_BASE_CALENDAR, ST_CALENDAR_CHANGES_ANY_ORDER, ST_CALENDAR__END };

extern const struct db_stmt calendar_sql[ST_CALENDAR__END - ST_BASE_CALENDAR];

#endif
