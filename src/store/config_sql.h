/*
 * config_sql.h — the statement ids of the category tree and incident
 * templates (repo_config.c); their SQL is in config_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_CONFIG_SQL_H
#define SW_STORE_CONFIG_SQL_H

#include "store/catalog.h"

enum {
	ST_CATEGORY_INSERT = ST_BASE_CONFIG,
	ST_CATEGORY_BY_PATH,
	ST_CATEGORY_BY_ID,
	ST_CATEGORY_LIST,
	ST_CATEGORY_SET_ACTIVE,
	ST_CATEGORY_COUNT,
	ST_TEMPLATE_INSERT,
	ST_TEMPLATE_UPDATE,
	ST_TEMPLATE_BY_NAME,
	ST_TEMPLATE_LIST,
	ST_CAUSE_CATEGORY_INSERT,
	ST_CAUSE_CATEGORY_UPDATE,
	ST_CAUSE_CATEGORY_BY_NAME,
	ST_CAUSE_CATEGORY_LIST,
	ST_CONFIG__END
};

extern const struct db_stmt config_sql[ST_CONFIG__END - ST_BASE_CONFIG];

#endif
