/*
 * webhook_sql.h — the statement ids of webhooks and their deliveries
 * (repo_webhook.c); their SQL is in webhook_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_WEBHOOK_SQL_H
#define SW_STORE_WEBHOOK_SQL_H

#include "store/catalog.h"

enum {
	ST_WEBHOOK_INSERT = ST_BASE_WEBHOOK,
	ST_WEBHOOK_UPDATE,
	ST_WEBHOOK_BY_NAME,
	ST_WEBHOOK_LIST,
	ST_WEBHOOK_ACTIVE,
	ST_WHD_INSERT,
	ST_WHD_LIST,
	ST_WHD_DUE,
	ST_WHD_CLAIM,
	ST_WHD_OUTCOME,
	ST_WHD_CANCEL,
	ST_WEBHOOK__END
};

extern const struct db_stmt webhook_sql[ST_WEBHOOK__END - ST_BASE_WEBHOOK];

#endif
