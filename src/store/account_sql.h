/*
 * account_sql.h — the statement ids of users, groups, sessions, tokens and
 * login throttling (repo_account.c); their SQL is in account_sql.c.  See
 * catalog.h.
 */
#ifndef SW_STORE_ACCOUNT_SQL_H
#define SW_STORE_ACCOUNT_SQL_H

#include "store/catalog.h"

enum {
	ST_USER_INSERT = ST_BASE_ACCOUNT,
	ST_USER_UPDATE,
	ST_USER_BY_LOGIN,
	ST_USER_BY_ID,
	ST_USER_LIST,
	ST_USER_GROUPS,
	ST_GROUP_INSERT,
	ST_GROUP_UPDATE,
	ST_GROUP_BY_NAME,
	ST_GROUP_LIST,
	ST_GROUP_MEMBERS,
	ST_GROUP_MEMBERS_CLEAR,
	ST_GROUP_MEMBER_ADD,
	ST_GROUP_IS_MEMBER,
	ST_SESSION_INSERT,
	ST_SESSION_FIND,
	ST_SESSION_DELETE,
	ST_SESSION_DELETE_USER,
	ST_SESSION_PURGE,
	ST_TOKEN_INSERT,
	ST_TOKEN_FIND,
	ST_THROTTLE_GET,
	ST_THROTTLE_SET,
	ST_THROTTLE_CLEAR,
	ST_ACCOUNT__END
};

extern const struct db_stmt account_sql[ST_ACCOUNT__END - ST_BASE_ACCOUNT];

#endif
