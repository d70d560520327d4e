/*
 * imap.h — reading a mailbox folder over IMAP (imap:// with STARTTLS
 * when offered, imaps://) with libcurl, like smtp.c the only code that
 * speaks to libcurl for it: the UIDs of messages not yet taken, one
 * message's bytes, and, once what it produced is committed, the message
 * moved to the processed folder or flagged.  Nothing here ever deletes.
 *
 * A session keeps one libcurl handle, so its requests share one
 * connection.  Thread-safe per session once smtp_global_init() has run.
 */
#ifndef SW_MAIL_IMAP_H
#define SW_MAIL_IMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

struct imap_config {
	const char *url; /* imap://host:port or imaps://host:port */
	const char *user, *password;
	const char *ca_file; /* PEM file of CAs to trust; NULL: the system's */
	long timeout_s;
};

/* The keyword a message taken in is flagged with when there is no
 * processed folder to move it to. */
#define IMAP_DONE_FLAG "$StewardDone"

struct imap_session;

enum sw_err imap_open(const struct imap_config *cfg, struct imap_session **out, struct sw_error *err);
void imap_close(struct imap_session *s);
/* The UIDs in folder of messages not yet taken (all of them when
 * messages are moved out; else those without IMAP_DONE_FLAG), at most
 * max, ascending. */
enum sw_err imap_pending(struct imap_session *s, const char *folder, bool moving, uint64_t *uids, size_t max,
			 size_t *count, struct sw_error *err);
/* Message uid of folder into out (its cap is the most taken: SW_ETOOLARGE past it). */
enum sw_err imap_fetch(struct imap_session *s, const char *folder, uint64_t uid, struct buf *out, struct sw_error *err);
/* After commit: move uid to processed (when not "") or flag it \Seen and
 * IMAP_DONE_FLAG. */
enum sw_err imap_done(struct imap_session *s, const char *folder, uint64_t uid, const char *processed,
		      struct sw_error *err);

#endif
