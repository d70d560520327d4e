/*
 * request_sql.h — the statement ids of the service catalogue and service
 * requests: catalogue items, their form versions and fulfilment plans
 * (repo_catalog.c); their SQL is in request_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_REQUEST_SQL_H
#define SW_STORE_REQUEST_SQL_H

#include "store/catalog.h"

enum {
	ST_CITEM_INSERT = ST_BASE_REQUEST,
	ST_CITEM_UPDATE,
	ST_CITEM_BY_NAME,
	ST_CITEM_LIST,
	ST_CVAR_OF,
	ST_CVAR_CURRENT_ALL,
	ST_CVAR_INSERT,
	ST_CTASK_OF,
	ST_CTASK_DELETE,
	ST_CTASK_INSERT,
	ST_RITEM_INSERT,
	ST_RITEM_OF,
	ST_RANSWER_INSERT,
	ST_RANSWERS_OF,
	ST_RTASK_INSERT,
	ST_RTASKS_OF,
	ST_RTASK_BY_TASK,
	ST_REQUEST__END
};

extern const struct db_stmt request_sql[ST_REQUEST__END - ST_BASE_REQUEST];

#endif
