/*
 * fuzz_markdown.c — libFuzzer target for the knowledge base's Markdown
 * path (markdown/markdown.h): the input rendered to HTML, to plain text,
 * and highlighted with its first line as the query.  The HTML must hold
 * no tag or attribute but those cmark writes (so no script, no style, no
 * event handler, no raw tag the source wrote), and every link and image
 * must point where markdown.h allows: a failure of the sanitising is a
 * crash here, as is a stack overflow on deep nesting (under ASan).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "markdown/markdown.h"

#define ATT "/api/v1/articles/KB0000001/attachments/"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool listed(const char *name, size_t len, const char *const *names)
{
	for (; *names; names++)
		if (strlen(*names) == len && strncmp(*names, name, len) == 0)
			return true;
	return false;
}

/* A link's target (an image's, with images) is one markdown.h allows. */
static void check_target(const char *v, bool images)
{
	bool ok = strncmp(v, ATT, strlen(ATT)) == 0;
	if (!images)
		ok = ok || strncasecmp(v, "http://", 7) == 0 || strncasecmp(v, "https://", 8) == 0 ||
		     strncasecmp(v, "mailto:", 7) == 0;
	if (!ok)
		__builtin_trap();
}

/* Every tag of html is one cmark writes, with attributes it writes and
 * links where they may go: a '<' in text is escaped, so each one starts
 * a tag, and a '"' in a value too, so each one ends it. */
static void check_tags(const char *h)
{
	static const char *const tags[] = {"p",  "h1",  "h2",    "h3",   "h4",    "h5",    "h6",     "blockquote",
					   "ul", "ol",  "li",    "pre",  "code",  "em",    "strong", "del",
					   "a",  "img", "hr",    "br",   "table", "thead", "tbody",  "tr",
					   "th", "td",  "input", "mark", NULL};
	static const char *const attrs[] = {"href",  "src",  "alt",     "title",    "start", "class",
					    "align", "type", "checked", "disabled", NULL};
	for (const char *p = strchr(h, '<'); p; p = strchr(p + 1, '<')) {
		p += p[1] == '/' ? 2 : 1;
		size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (!listed(p, n, tags))
			__builtin_trap();
		p += n;
		while (*p == ' ') {
			p++;
			if (*p == '/')
				break;
			n = strspn(p, "abcdefghijklmnopqrstuvwxyz");
			if (!listed(p, n, attrs) || p[n] != '=' || p[n + 1] != '"')
				__builtin_trap();
			const char *end = strchr(p + n + 2, '"');
			if (!end)
				__builtin_trap();
			if ((n == 4 && strncmp(p, "href", 4) == 0) || (n == 3 && strncmp(p, "src", 3) == 0))
				check_target(p + n + 2, p[0] == 's');
			p = end + 1;
		}
		if (*p == '/')
			p++;
		if (*p != '>')
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *md = (const char *)data;
	struct buf out;
	buf_init(&out, 64u << 20);
	struct sw_error err;
	sw_error_clear(&err);
	if (markdown_html(md, size, ATT, &out, &err) == SW_OK)
		check_tags(buf_cstr(&out));
	buf_release(&out);
	sw_error_clear(&err);
	if (markdown_text(md, size, &out, &err) == SW_OK) {
		const char *nl = memchr(buf_cstr(&out), '\n', out.len);
		char query[256];
		size_t q = nl ? (size_t)(nl - buf_cstr(&out)) : out.len;
		q = q < sizeof(query) - 1 ? q : sizeof(query) - 1;
		memcpy(query, buf_cstr(&out), q);
		query[q] = 0;
		struct buf hl;
		buf_init(&hl, 1u << 20);
		if (markdown_highlight(buf_cstr(&out), out.len, query, 200, true, &hl, NULL) == SW_OK)
			check_tags(buf_cstr(&hl)); /* marks only */
		buf_release(&hl);
	}
	buf_release(&out);
	return 0;
}
