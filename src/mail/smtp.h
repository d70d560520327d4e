/*
 * smtp.h — sending one message over SMTP with libcurl (mail/ alone
 * includes curl.h: this, imap.c and hook.c).  Thread-safe once
 * smtp_global_init() has run; smtp_global_init is libcurl's for all three.
 */
#ifndef SW_MAIL_SMTP_H
#define SW_MAIL_SMTP_H

#include <stddef.h>

#include "base/err.h"

enum smtp_tls { SMTP_TLS_NO, SMTP_TLS_TRY, SMTP_TLS_YES, SMTP_TLS__COUNT };
enum sw_err smtp_tls_parse(const char *s, enum smtp_tls *out);

struct smtp_config {
	const char *url;             /* smtp://host:port or smtps://host:port */
	const char *user, *password; /* NULL: no AUTH */
	enum smtp_tls tls;           /* STARTTLS on smtp:// */
	long timeout_s;
};

/* Once, before threads start. */
enum sw_err smtp_global_init(struct sw_error *err);

void smtp_global_cleanup(void);

/* Send message (RFC 5322, CRLF line ends) from envelope sender `from` to
 * `to`.  SW_EIO with the server's or libcurl's words in err->detail. */
enum sw_err smtp_send(const struct smtp_config *cfg, const char *from, const char *to, const char *message, size_t len,
		      struct sw_error *err);

#endif
