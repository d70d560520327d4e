/*
 * html.h — the server-rendered pages' writer (the public status page,
 * the survey pages an email links to): text into a capped buffer whose
 * first failure sticks and is checked once at the end, and text escaped
 * for HTML and XML.
 */
#ifndef SW_API_HTML_H
#define SW_API_HTML_H

#include <stdbool.h>

#include "base/buf.h"
#include "base/err.h"

struct sink {
	struct buf b;
	enum sw_err err;
};

void sink_putn(struct sink *h, const char *s, size_t n);
void sink_put(struct sink *h, const char *s);
void sink_putf(struct sink *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s escaped for HTML and XML (both need the same five), without the
 * control characters XML does not allow (all of C0 but tab, LF and CR;
 * DEL). */
void sink_esc(struct sink *h, const char *s);

/* The pages an email's single-use links open (surveys, approvals): plain
 * HTML without a script under a strict Content-Security-Policy.  Open one
 * titled title; send it (closing it) with status, never cached; a page
 * over its buffer's cap is SW_ETOOLARGE. */
struct req;
void sink_page_open(struct sink *h, const char *title);
enum sw_err sink_page_send(struct req *r, struct sink *h, int status, struct sw_error *err);

/* A refused single-use link (why) whose refusal is one of the link's own
 * faults (core/kernel/action_link.h): its page's *title (wrong_record for
 * a link to another record) and *status; false, nothing set, for any
 * other refusal. */
bool sink_link_fault(const struct sw_error *why, const char *wrong_record, const char **title, int *status);

#endif
