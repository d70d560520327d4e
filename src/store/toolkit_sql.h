/*
 * toolkit_sql.h — the statement ids of toolkits: the items applied
 * (repo_toolkit.c); their SQL is in toolkit_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_TOOLKIT_SQL_H
#define SW_STORE_TOOLKIT_SQL_H

#include "store/catalog.h"

enum {
	ST_TOOLKIT_ITEMS = ST_BASE_TOOLKIT,
	ST_TOOLKIT_ITEM,
	ST_TOOLKIT_ITEM_BY_RECORD,
	ST_TOOLKIT_ITEM_PUT,
	ST_TOOLKIT__END
};

extern const struct db_stmt toolkit_sql[ST_TOOLKIT__END - ST_BASE_TOOLKIT];

#endif
