/*
 * html.c — the server-rendered pages' writer (html.h).
 */
#include <stdarg.h>
#include <string.h>

#include "api/html.h"
#include "core/kernel/action_link.h"
#include "http/http.h"
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
		case '\t':
		case '\n':
		case '\r': sink_putn(h, s, 1); break;
		default:
			/* the other C0 controls and DEL are not allowed in XML (the feeds): left out */
			if ((unsigned char)*s >= 0x20 && *s != 0x7f)
				sink_putn(h, s, 1);
		}
	}
}

#define PAGE_CSP                                                                                                       \
	"default-src 'none'; style-src 'self'; img-src 'none'; base-uri 'none'; form-action 'self'; "                  \
	"frame-ancestors 'none'"

void sink_page_open(struct sink *h, const char *title)
{
	sink_put(h, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		    "<meta name=\"referrer\" content=\"no-referrer\"><title>");
	sink_esc(h, title);
	sink_put(h, " — Steward</title><link rel=\"stylesheet\" href=\"/app/app.css\"></head>"
		    "<body class=\"survey-page\"><main class=\"survey\"><h1>");
	sink_esc(h, title);
	sink_put(h, "</h1>\n");
}

enum sw_err sink_page_send(struct req *r, struct sink *h, int status, struct sw_error *err)
{
	sink_put(h, "</main></body></html>\n");
	if (h->err) {
		buf_release(&h->b);
		return sw_fail(err, SW_ETOOLARGE, NULL, "the page is too large");
	}
	http_header(r, "Content-Security-Policy", PAGE_CSP);
	http_header(r, "Cache-Control", "no-store");
	enum sw_err rc = http_reply(r, status, "text/html; charset=utf-8", buf_cstr(&h->b), h->b.len, err);
	buf_release(&h->b);
	return rc;
}

bool sink_link_fault(const struct sw_error *why, const char *wrong_record, const char **title, int *status)
{
	static const struct {
		const char *title;
		int status;
	} faults[] = {
		[ACTION_LINK_TAMPERED] = {"This link is not valid", 400},
		[ACTION_LINK_EXPIRED] = {"This link has expired", 410},
		[ACTION_LINK_USED] = {"This link has already been used", 409},
		[ACTION_LINK_WRONG_RECORD] = {NULL, 400},
	};
	enum action_link_fault f = action_link_fault_of(why);
	if (f >= ACTION_LINK_FAULT__COUNT)
		return false;
	*title = faults[f].title ? faults[f].title : wrong_record;
	*status = faults[f].status;
	return true;
}
