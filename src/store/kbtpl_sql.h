/*
 * kbtpl_sql.h — the statement ids of issue #20's knowledge article
 * templates (repo_kbtpl.c); their SQL is in kbtpl_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_KBTPL_SQL_H
#define SW_STORE_KBTPL_SQL_H

#include "store/catalog.h"

enum { ST_ATPL_INSERT = ST_BASE_KBTPL, ST_ATPL_UPDATE, ST_ATPL_BY_NAME, ST_ATPL_LIST, ST_ATPL_ACTIVE, ST_KBTPL__END };

extern const struct db_stmt kbtpl_sql[ST_KBTPL__END - ST_BASE_KBTPL];

#endif
