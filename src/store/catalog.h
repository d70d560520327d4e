/*
 * catalog.h — the statement catalog: the only place SQL text lives.
 * Statements use numbered placeholders ?1..?N and are rewritten for
 * PostgreSQL by the driver.  Sort variants of a list are separate entries
 * chosen from fixed fragments; nothing is ever formatted into SQL.
 */
#ifndef SW_STORE_CATALOG_H
#define SW_STORE_CATALOG_H

#include "db/db.h"

enum st_id {
	ST_MIGRATIONS_CREATE,
	ST_MIGRATIONS_MAX,
	ST_MIGRATIONS_INSERT,
	ST_MIGRATIONS_TABLE_EXISTS,
	ST_COUNTER_NEXT,
	ST_COUNTER_INIT,
	ST_USER_INSERT,
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
	ST_TOKEN_TOUCH,
	ST_THROTTLE_GET,
	ST_THROTTLE_SET,
	ST_THROTTLE_CLEAR,
	ST_TICKET_INSERT,
	ST_TICKET_UPDATE,
	ST_TICKET_BY_NUMBER,
	ST_TICKET_BY_ID,
	ST_TICKET_LIST_CREATED_DESC,
	ST_TICKET_LIST_CREATED_ASC,
	ST_TICKET_LIST_UPDATED_DESC,
	ST_TICKET_LIST_UPDATED_ASC,
	ST_TICKET_LIST_PRIORITY_DESC,
	ST_TICKET_LIST_PRIORITY_ASC,
	ST_WATCHERS_OF,
	ST_WATCHER_ADD,
	ST_WATCHER_REMOVE,
	ST_COMMENT_INSERT,
	ST_COMMENT_LIST,
	ST_ATTACHMENT_INSERT,
	ST_ATTACHMENT_LIST,
	ST_ATTACHMENT_GET,
	ST_LINK_INSERT,
	ST_LINK_LIST,
	ST_AUDIT_INSERT,
	ST_AUDIT_LIST,
	ST__COUNT
};

extern const struct db_stmt catalog[ST__COUNT];

/* Count of ?N placeholders used by a statement (highest N); for the
 * start-up check and tests. */
int catalog_param_count(const char *sql);
/* Verify every entry: id matches index, SQL present, placeholders 1..N all used.
 * SW_EINTERNAL naming the first bad statement. */
enum sw_err catalog_check(struct sw_error *err);

#endif
