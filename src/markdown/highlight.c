/*
 * highlight.c — a search's words marked in plain text, HTML-escaped: the
 * titles and snippets of the knowledge base's search results.  Words are
 * split as the search index splits them (text_word_next), so what is
 * marked is what matched.  See markdown.h.
 */
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "markdown/markdown.h"
#include "base/banned.h"

#define ELLIPSIS "\xe2\x80\xa6"
/* query words of fewer characters match whole words only (as the index's prefix queries) */
#define PREFIX_MIN 3

struct qword {
	const char *p;
	size_t len;
	bool prefix;
};

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fold(a[i]) != fold(b[i]))
			return false;
	return true;
}

static bool matches(const struct qword *q, size_t nq, const char *w, size_t len)
{
	for (size_t i = 0; i < nq; i++) {
		if (q[i].prefix ? len >= q[i].len && same(w, q[i].p, q[i].len)
				: len == q[i].len && same(w, q[i].p, len))
			return true;
	}
	return false;
}

/* s[0..n) escaped, with white space runs as one space. */
static enum sw_err put_escaped(struct buf *out, const char *s, size_t n, bool *space)
{
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < n; i++) {
		char c = s[i];
		if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
			if (!*space)
				rc = buf_putc(out, ' ');
			*space = true;
			continue;
		}
		*space = false;
		switch (c) {
		case '&': rc = buf_puts(out, "&amp;"); break;
		case '<': rc = buf_puts(out, "&lt;"); break;
		case '>': rc = buf_puts(out, "&gt;"); break;
		case '"': rc = buf_puts(out, "&quot;"); break;
		case '\'': rc = buf_puts(out, "&#39;"); break;
		default: rc = buf_putc(out, c); break;
		}
	}
	return rc;
}

/* The byte offset max_chars characters after from (or len). */
static size_t chars_after(const char *s, size_t len, size_t from, size_t max_chars)
{
	size_t i = from;
	for (size_t k = 0; i < len && k < max_chars; k++) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
	}
	return i;
}

/* The byte offset back_chars characters before at (or 0), moved on to
 * the start of a word when one begins within a few characters. */
static size_t chars_before(const char *s, size_t at, size_t back_chars)
{
	size_t i = at;
	for (size_t k = 0; i > 0 && k < back_chars; k++) {
		i--;
		while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
			i--;
	}
	for (size_t k = 0; i > 0 && k < 12 && i < at; k++, i++)
		if (s[i - 1] == ' ' || s[i - 1] == '\n')
			break;
	return i;
}

enum sw_err markdown_highlight(const char *text, size_t len, const char *query, size_t max_chars, bool window,
			       struct buf *out, size_t *marked)
{
	size_t hits = 0;
	struct qword q[LIMIT_SEARCH_WORDS];
	size_t nq = 0, pos = 0, start, wlen, qlen = query ? strlen(query) : 0;
	while (nq < LIMIT_SEARCH_WORDS && text_word_next(query, qlen, &pos, &start, &wlen))
		q[nq++] = (struct qword){query + start, wlen, utf8_count(query + start, wlen) >= PREFIX_MIN};
	/* the part shown: around the first match when asked to and the text is long */
	size_t from = 0, to = len;
	if (utf8_count(text, len) > max_chars) {
		size_t first = 0;
		pos = 0;
		while (window && text_word_next(text, len, &pos, &start, &wlen)) {
			if (matches(q, nq, text + start, wlen)) {
				first = start;
				break;
			}
		}
		from = first ? chars_before(text, first, max_chars / 4) : 0;
		to = chars_after(text, len, from, max_chars);
	}
	size_t before = out->len;
	bool space = true; /* leading white space is dropped */
	enum sw_err rc = from ? buf_puts(out, ELLIPSIS) : SW_OK;
	size_t at = from;
	pos = from;
	while (!rc && text_word_next(text, to, &pos, &start, &wlen)) {
		rc = put_escaped(out, text + at, start - at, &space);
		bool hit = matches(q, nq, text + start, wlen);
		hits += hit;
		if (!rc && hit)
			rc = buf_puts(out, "<mark>");
		if (!rc)
			rc = put_escaped(out, text + start, wlen, &space);
		if (!rc && hit)
			rc = buf_puts(out, "</mark>");
		at = start + wlen;
	}
	if (!rc)
		rc = put_escaped(out, text + at, to - at, &space);
	if (!rc && out->len > before && out->ptr[out->len - 1] == ' ')
		out->ptr[--out->len] = 0;
	if (!rc && to < len)
		rc = buf_puts(out, ELLIPSIS);
	if (rc) {
		out->len = before;
		if (out->ptr)
			out->ptr[before] = 0;
	}
	if (marked)
		*marked = rc ? 0 : hits;
	return rc;
}
