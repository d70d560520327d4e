/*
 * port/mail.h — what core needs from storage for the email channel
 * (core/mail/): mailboxes (a record kind), the messages taken in, and
 * senders found by address.  Implemented by store/repo_mail.c.
 */
#ifndef SW_CORE_PORT_MAIL_H
#define SW_CORE_PORT_MAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "core/port/store.h"

struct mailbox;
struct mail_message;
struct user;

/* struct mailbox, named by name, with its group's name */
extern const struct record_store store_mailboxes;
/* Record a poll of mailbox id: when, and its error (NULL: none). */
enum sw_err store_mailbox_polled(struct store *s, int64_t id, int64_t at, const char *error, struct sw_error *err);

/* The message stored under key (without its raw bytes); SW_ENOTFOUND. */
enum sw_err store_mail_by_key(struct store *s, const char *key, struct mail_message *out, struct sw_error *err);
/* Store m with its raw bytes, setting m->id; a key stored already is
 * SW_ECONFLICT. */
enum sw_err store_mail_insert(struct store *s, struct mail_message *m, struct sw_error *err);

/* How many messages of mailbox id had each verdict. */
struct mail_count {
	const char *verdict;
	int64_t count;
};
enum sw_err store_mail_counts(struct store *s, int64_t mailbox_id, struct mail_count **out, size_t *count,
			      struct sw_error *err);

/* How many messages from address (any case) were acted on (a new
 * ticket, a reply or a note) at or after since. */
enum sw_err store_mail_sender_recent(struct store *s, const char *address, int64_t since, int64_t *count,
				     struct sw_error *err);
/* A bounce names email notification id: it failed with error, if it was
 * sent; *changed says whether it was. */
enum sw_err store_mail_bounced(struct store *s, int64_t id, const char *error, bool *changed, struct sw_error *err);

/* The active user with this address (case-insensitive; the oldest when
 * several share it); SW_ENOTFOUND. */
enum sw_err store_user_by_email(struct store *s, const char *email, struct user *out, struct sw_error *err);

#endif
