/*
 * fulfil_sql.h — the statement ids of what issue #15's second round
 * added to service requests: which steps of its policy a request's
 * approval took, and why (repo_approval.c); their SQL is in fulfil_sql.c.
 * See catalog.h.
 */
#ifndef SW_STORE_FULFIL_SQL_H
#define SW_STORE_FULFIL_SQL_H

#include "store/catalog.h"

enum { ST_ACHOICE_INSERT = ST_BASE_FULFIL, ST_ACHOICES_OF, ST_FULFIL__END };

extern const struct db_stmt fulfil_sql[ST_FULFIL__END - ST_BASE_FULFIL];

#endif
