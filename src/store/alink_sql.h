/*
 * alink_sql.h — the statement ids of what issue #15's third round added
 * to service requests: uploads waiting for the order that names them
 * (repo_upload.c).  Approval links are action_links rows (survey_sql.c).
 * Their SQL is in alink_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_ALINK_SQL_H
#define SW_STORE_ALINK_SQL_H

#include "store/catalog.h"

enum {
	ST_UPLOAD_INSERT = ST_BASE_ALINK,
	ST_UPLOAD_GET,
	ST_UPLOAD_CLAIM,
	ST_UPLOAD_DELETE,
	ST_UPLOAD_PURGE,
	ST_UPLOAD_PENDING_OF,
	ST_ALINK__END
};

extern const struct db_stmt alink_sql[ST_ALINK__END - ST_BASE_ALINK];

#endif
