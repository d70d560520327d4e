/*
 * html.c — the server-rendered pages' writer (html.h).
 */
#include <stdarg.h>
#include <string.h>

#include "api/html.h"
#include "base/banned.h"

void sink_putn(struct sink *h, const char *s, size_t n)
{
	if (!h->err)
		h->err = buf_append(&h->b, s, n);
}

void sink_put(struct sink *h, const char *s)
{
	sink_putn(h, s, strlen(s));
}

void sink_putf(struct sink *h, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (!h->err)
		h->err = buf_vprintf(&h->b, fmt, ap);
	va_end(ap);
}

void sink_esc(struct sink *h, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': sink_put(h, "&amp;"); break;
		case '<': sink_put(h, "&lt;"); break;
		case '>': sink_put(h, "&gt;"); break;
		case '"': sink_put(h, "&quot;"); break;
		case '\'': sink_put(h, "&#39;"); break;
		default: sink_putn(h, s, 1);
		}
	}
}
