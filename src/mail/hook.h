/*
 * hook.h — one webhook delivery: a JSON body POSTed over HTTP(S) with
 * libcurl (mail/ holds the outgoing clients: SMTP, IMAP, this).
 * Thread-safe once smtp_global_init() has run.
 */
#ifndef SW_MAIL_HOOK_H
#define SW_MAIL_HOOK_H

#include <stddef.h>

#include "base/err.h"

/* POST body (len bytes of JSON) to url with the extra header lines in
 * headers (count of them, "Name: value"), waiting at most timeout_s;
 * redirects are not followed and the answer's body is read and dropped.
 * *status gets the HTTP status (0 when no answer came).  SW_OK for a 2xx;
 * SW_EIO otherwise, with "HTTP 500" or libcurl's words in err->detail. */
enum sw_err hook_post(const char *url, const char *const *headers, size_t count, const char *body, size_t len,
		      long timeout_s, int *status, struct sw_error *err);

#endif
