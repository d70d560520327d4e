/*
 * notify_sql.h — the statement ids of notification rules, templates, the
 * inbox and the outbox (repo_notify.c); their SQL is in notify_sql.c.  See
 * catalog.h.
 */
#ifndef SW_STORE_NOTIFY_SQL_H
#define SW_STORE_NOTIFY_SQL_H

#include "store/catalog.h"

enum {
	ST_NRULE_INSERT = ST_BASE_NOTIFY,
	ST_NRULE_UPDATE,
	ST_NRULE_BY_NAME,
	ST_NRULE_LIST,
	ST_NTEMPLATE_GET,
	ST_NTEMPLATE_SET,
	ST_NTEMPLATE_LIST,
	ST_GROUP_MEMBER_USERS,
	ST_NOTE_INSERT,
	ST_NOTE_INBOX,
	ST_NOTE_UNREAD,
	ST_NOTE_MARK_READ,
	ST_NOTE_EXISTS,
	ST_NOTE_IS_EVENT,
	ST_NOTE_OUTBOX,
	ST_NOTE_DUE,
	ST_NOTE_CLAIM,
	ST_NOTE_DELIVERY,
	ST_NOTIFY__END
};

extern const struct db_stmt notify_sql[ST_NOTIFY__END - ST_BASE_NOTIFY];

#endif
