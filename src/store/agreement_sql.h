/*
 * agreement_sql.h — the statement ids of agreements and the services they
 * cover, breach reasons and the reason on a clock (repo_agreement.c); their SQL is in agreement_sql.c.  See
 * catalog.h.
 */
#ifndef SW_STORE_AGREEMENT_SQL_H
#define SW_STORE_AGREEMENT_SQL_H

#include "store/catalog.h"

enum {
	ST_AGREEMENT_INSERT = ST_BASE_AGREEMENT,
	ST_AGREEMENT_UPDATE,
	ST_AGREEMENT_BY_NAME,
	ST_AGREEMENT_LIST,
	ST_AGREEMENT_COUNT,
	ST_AGREEMENT_SVC_DELETE,
	ST_AGREEMENT_SVC_INSERT,
	ST_AGREEMENT_SVC_OF,
	ST_AGREEMENT_SVC_ALL,
	ST_AGREEMENT_REVIEW_DUE,
	ST_AGREEMENT_REVIEW_MARK,
	ST_BREACH_REASON_INSERT,
	ST_BREACH_REASON_UPDATE,
	ST_BREACH_REASON_BY_NAME,
	ST_BREACH_REASON_LIST,
	ST_CLOCK_SET_REASON,
	ST_AGREEMENT__END
};

extern const struct db_stmt agreement_sql[ST_AGREEMENT__END - ST_BASE_AGREEMENT];

#endif
