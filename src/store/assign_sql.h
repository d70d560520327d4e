/*
 * assign_sql.h — the statement ids of assignment rules (repo_assign.c);
 * their SQL is in assign_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_ASSIGN_SQL_H
#define SW_STORE_ASSIGN_SQL_H

#include "store/catalog.h"

enum {
	ST_RULE_INSERT = ST_BASE_ASSIGN,
	ST_RULE_UPDATE,
	ST_RULE_BY_NAME,
	ST_RULE_LIST,
	ST_RULE_SET_LAST,
	ST_GROUP_AGENTS,
	ST_USER_OPEN_COUNT,
	ST_ASSIGN__END
};

extern const struct db_stmt assign_sql[ST_ASSIGN__END - ST_BASE_ASSIGN];

#endif
