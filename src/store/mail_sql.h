/*
 * mail_sql.h — the statement ids of the email channel: mailboxes, the
 * messages taken in, senders by address (repo_mail.c); their SQL is in
 * mail_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_MAIL_SQL_H
#define SW_STORE_MAIL_SQL_H

#include "store/catalog.h"

enum {
	ST_MAILBOX_INSERT = ST_BASE_MAIL,
	ST_MAILBOX_UPDATE,
	ST_MAILBOX_BY_NAME,
	ST_MAILBOX_LIST,
	ST_MAILBOX_POLLED,
	ST_MAIL_BY_KEY,
	ST_MAIL_INSERT,
	ST_MAIL_COUNTS,
	ST_MAIL_USER_BY_EMAIL,
	ST_MAIL_BOUNCED,
	ST_MAIL_SENDER_RECENT,
	ST_MAIL__END
};

extern const struct db_stmt mail_sql[ST_MAIL__END - ST_BASE_MAIL];

#endif
