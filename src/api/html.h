/*
 * html.h — the server-rendered pages' writer (the public status page,
 * the survey pages an email links to): text into a capped buffer whose
 * first failure sticks and is checked once at the end, and text escaped
 * for HTML and XML.
 */
#ifndef SW_API_HTML_H
#define SW_API_HTML_H

#include "base/buf.h"

struct sink {
	struct buf b;
	enum sw_err err;
};

void sink_putn(struct sink *h, const char *s, size_t n);
void sink_put(struct sink *h, const char *s);
void sink_putf(struct sink *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s escaped for HTML and XML (both need the same five). */
void sink_esc(struct sink *h, const char *s);

#endif
