/*
 * schedule_sql.h — the statement ids of the change schedule: change
 * windows and their services, feed tokens (repo_schedule.c); their SQL is
 * in schedule_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_SCHEDULE_SQL_H
#define SW_STORE_SCHEDULE_SQL_H

#include "store/catalog.h"

enum {
	ST_WINDOW_INSERT = ST_BASE_SCHEDULE,
	ST_WINDOW_UPDATE,
	ST_WINDOW_BY_NAME,
	ST_WINDOW_LIST,
	ST_WINDOW_COUNT,
	ST_WINDOW_SVC_DELETE,
	ST_WINDOW_SVC_INSERT,
	ST_WINDOW_SVC_OF,
	ST_WINDOW_SVC_ALL,
	ST_WINDOW_CI_SERVICES,
	ST_FEED_INSERT,
	ST_FEED_BY_HASH,
	ST_FEED_OF_USER,
	ST_FEED_LIVE_COUNT,
	ST_FEED_REVOKE,
	ST_SCHEDULE__END
};

extern const struct db_stmt schedule_sql[ST_SCHEDULE__END - ST_BASE_SCHEDULE];

#endif
