/*
 * release_sql.h — the statement ids of releases beyond the shared ticket
 * row: their own columns, the changes they group, their deployment
 * windows for the calendar (repo_release.c); their SQL is in
 * release_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_RELEASE_SQL_H
#define SW_STORE_RELEASE_SQL_H

#include "store/catalog.h"

enum {
	ST_RELEASE_SAVE = ST_BASE_RELEASE,
	ST_RELEASE_SET_CHANGE,
	ST_RELEASE_CHANGE_IDS,
	ST_RELEASE_WINDOW_IDS,
	ST_RELEASE__END
};

extern const struct db_stmt release_sql[ST_RELEASE__END - ST_BASE_RELEASE];

#endif
