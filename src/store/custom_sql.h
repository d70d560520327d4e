/*
 * custom_sql.h — the statement ids of fields defined at run time and
 * mandatory fields (repo_custom.c); their SQL is in custom_sql.c.  See
 * catalog.h.
 */
#ifndef SW_STORE_CUSTOM_SQL_H
#define SW_STORE_CUSTOM_SQL_H

#include "store/catalog.h"

enum {
	ST_CUSTOM_FIELD_INSERT = ST_BASE_CUSTOM,
	ST_CUSTOM_FIELD_UPDATE,
	ST_CUSTOM_FIELD_BY_NAME,
	ST_CUSTOM_FIELD_LIST,
	ST_TICKET_VALUE_SET,
	ST_TICKET_VALUE_DELETE,
	ST_MANDATORY_INSERT,
	ST_MANDATORY_DELETE,
	ST_MANDATORY_LIST,
	ST_CUSTOM__END
};

extern const struct db_stmt custom_sql[ST_CUSTOM__END - ST_BASE_CUSTOM];

#endif
