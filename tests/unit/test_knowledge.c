/*
 * test_knowledge.c — the knowledge base's pure parts: Markdown rendered
 * safe (raw HTML as text, links and images only to allowed targets, no
 * stack for deep nesting, the size limit), plain text for the index, the
 * highlighter of search results, and the bounded line diff between
 * versions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/knowledge/diff.h"
#include "markdown/markdown.h"

#define ATT "/api/v1/articles/KB0000001/attachments/"

/* md rendered (into a static buffer). */
static const char *html(const char *md)
{
	static char out[1 << 20];
	struct buf b;
	buf_init(&b, sizeof(out) - 1);
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(markdown_html(md, strlen(md), ATT, &b, &err), SW_OK);
	memcpy(out, buf_cstr(&b), b.len + 1);
	buf_release(&b);
	return out;
}

static void renders_markdown(void **state)
{
	(void)state;
	const char *h = html("# Reset\n\n1. Open **Settings**\n2. Choose `Reset`\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n"
			     "- [x] done\n\n~~old~~ see https://example.com/x");
	assert_non_null(strstr(h, "<h1>Reset</h1>"));
	assert_non_null(strstr(h, "<strong>Settings</strong>"));
	assert_non_null(strstr(h, "<code>Reset</code>"));
	assert_non_null(strstr(h, "<table>"));
	assert_non_null(strstr(h, "<del>old</del>"));
	assert_non_null(strstr(h, "<a href=\"https://example.com/x\">"));
	assert_non_null(strstr(h, "type=\"checkbox\""));
	/* nothing the page's CSP would refuse */
	assert_null(strstr(h, "style="));
	assert_null(strstr(h, "<script"));
}

static void raw_html_is_text(void **state)
{
	(void)state;
	const char *h = html("<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)> <b>bold</b>\n\n"
			     "<div onclick=\"x()\">\nblock\n</div>\n");
	assert_null(strstr(h, "<script"));
	assert_null(strstr(h, "<img src=x"));
	assert_null(strstr(h, "<b>"));
	assert_null(strstr(h, "<div"));
	assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(h, "&lt;b&gt;bold&lt;/b&gt;"));
	assert_non_null(strstr(h, "&lt;div onclick="));
}

static void links_are_limited(void **state)
{
	(void)state;
	const char *bad[] = {
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](&#x6A;avascript:alert(1))",
		"[x](java&#x09;script:alert(1))",
		"[x](data:text/html;base64,PHNjcmlwdD4=)",
		"[x](vbscript:msgbox)",
		"[x](file:///etc/passwd)",
		"[x](/api/v1/users)",
		"[x](//evil.example.com/)",
		"[x](" ATT "1/../../users)",
		"[x](" ATT ")",
		"<javascript:alert(1)>",
		"[x][r]\n\n[r]: javascript:alert(1)",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *h = html(bad[i]);
		if (strstr(h, "href"))
			fprintf(stderr, "%s -> %s\n", bad[i], h);
		assert_null(strstr(h, "href"));
		assert_null(strstr(h, "<a"));
	}
	/* the link's text stays, as text */
	assert_non_null(strstr(html("[click me](javascript:alert(1))"), "click me"));
	assert_non_null(strstr(html("[mail](mailto:desk@example.com)"), "href=\"mailto:desk@example.com\""));
	assert_non_null(strstr(html("[file](" ATT "12)"), "href=\"" ATT "12\""));
	assert_non_null(strstr(html("www.example.com"), "href=\"http://www.example.com\""));
	assert_true(markdown_link_ok("HTTPS://x", NULL));
	assert_false(markdown_link_ok(ATT "1", NULL));
	assert_false(markdown_link_ok(ATT "1x", ATT));
	assert_false(markdown_link_ok(ATT "1234567890123456789", ATT));
}

static void images_are_limited(void **state)
{
	(void)state;
	assert_non_null(strstr(html("![diagram](" ATT "3)"), "<img src=\"" ATT "3\" alt=\"diagram\""));
	/* a remote image: a link to it, never loaded */
	const char *h = html("![chart](https://example.com/c.png)");
	assert_null(strstr(h, "<img"));
	assert_non_null(strstr(h, "<a href=\"https://example.com/c.png\">chart</a>"));
	const char *d = html("![pixel](data:image/png;base64,iVBORw0KGgo=) ![x](javascript:alert(1))");
	assert_null(strstr(d, "<img"));
	assert_null(strstr(d, "data:"));
	assert_non_null(strstr(d, "pixel"));
	/* another article's attachment */
	assert_null(strstr(html("![x](/api/v1/articles/KB0000002/attachments/3)"), "<img"));
}

/* 100 000 levels of quotes and of lists: no stack, a bounded answer. */
static void deep_nesting(void **state)
{
	(void)state;
	size_t n = 100000;
	char *md = malloc(2 * n + 8);
	assert_non_null(md);
	for (size_t i = 0; i < n; i++)
		md[i] = '>';
	memcpy(md + n, " x\n", 4);
	struct buf b;
	buf_init(&b, 64u << 20);
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(markdown_html(md, strlen(md), NULL, &b, &err), SW_OK);
	assert_non_null(strstr(buf_cstr(&b), "<blockquote>"));
	buf_release(&b);
	for (size_t i = 0; i < n; i++) {
		md[2 * i] = '-';
		md[2 * i + 1] = ' ';
	}
	memcpy(md + 2 * n, "x\n", 3);
	assert_int_equal(markdown_html(md, strlen(md), NULL, &b, &err), SW_OK);
	assert_non_null(strstr(buf_cstr(&b), "<ul>"));
	buf_release(&b);
	assert_int_equal(markdown_text(md, strlen(md), &b, &err), SW_OK);
	buf_release(&b);
	free(md);
}

static void size_limits(void **state)
{
	(void)state;
	size_t n = MARKDOWN_MAX_BYTES + 1;
	char *md = malloc(n + 1);
	assert_non_null(md);
	memset(md, 'a', n);
	md[n] = 0;
	struct buf b;
	buf_init(&b, 64u << 20);
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(markdown_html(md, n, NULL, &b, &err), SW_ETOOLARGE);
	assert_int_equal(b.len, 0);
	/* the HTML must fit the caller's buffer, or nothing is written */
	buf_release(&b);
	buf_init(&b, 10);
	sw_error_clear(&err);
	assert_int_equal(markdown_html("**a long enough text**", 22, NULL, &b, &err), SW_ETOOLARGE);
	assert_int_equal(b.len, 0);
	buf_release(&b);
	free(md);
}

static void plain_text(void **state)
{
	(void)state;
	const char *md = "# Title\n\nSee [the guide](https://example.com/guide) and `code`.\n\n<b>x</b>";
	struct buf b;
	buf_init(&b, 4096);
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(markdown_text(md, strlen(md), &b, &err), SW_OK);
	const char *t = buf_cstr(&b);
	assert_non_null(strstr(t, "Title"));
	assert_non_null(strstr(t, "See the guide and code."));
	assert_null(strstr(t, "https://"));
	assert_null(strstr(t, "#"));
	buf_release(&b);
}

static const char *mark(const char *text, const char *query, size_t max, bool window)
{
	static char out[4096];
	struct buf b;
	buf_init(&b, sizeof(out) - 1);
	assert_int_equal(markdown_highlight(text, strlen(text), query, max, window, &b, NULL), SW_OK);
	memcpy(out, buf_cstr(&b), b.len + 1);
	buf_release(&b);
	return out;
}

static void highlights(void **state)
{
	(void)state;
	assert_string_equal(mark("Printer jams on floor 3", "print jam", 100, false),
			    "<mark>Printer</mark> <mark>jams</mark> on floor 3");
	/* short query words match whole words only */
	assert_string_equal(mark("on the onion", "on", 100, false), "<mark>on</mark> the onion");
	/* HTML in the text is escaped, marks or not */
	assert_string_equal(mark("<script>x</script> & \"q\"", "script", 100, false),
			    "&lt;<mark>script</mark>&gt;x&lt;/<mark>script</mark>&gt; &amp; &quot;q&quot;");
	/* a window around the first match of a long text, white space collapsed */
	char text[2000];
	size_t n = 0;
	for (int i = 0; i < 100; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "word%d\n ", i);
	snprintf(text + n, sizeof(text) - n, "needle here and more");
	const char *s = mark(text, "needle", 60, true);
	assert_non_null(strstr(s, "<mark>needle</mark> here"));
	assert_true(strncmp(s, "\xe2\x80\xa6", 3) == 0);
	assert_null(strchr(s, '\n'));
	/* cut at the end without a window */
	s = mark(text, "needle", 20, false);
	assert_true(strncmp(s, "word0 word1", 11) == 0);
	assert_non_null(strstr(s, "\xe2\x80\xa6"));
	/* operators and quotes in the query are not words */
	assert_string_equal(mark("a OR b", "\"OR\" -", 100, false), "a <mark>OR</mark> b");
}

/* ---- the line diff ------------------------------------------------------------- */

static const char *diff_str(const char *a, const char *b, size_t max_d)
{
	static char out[8192];
	struct arena arena;
	arena_init(&arena, 1 << 20);
	struct line_diff d;
	assert_int_equal(line_diff(&arena, a, b, max_d, &d), SW_OK);
	size_t n = 0;
	for (size_t i = 0; i < d.count; i++) {
		const struct diff_line *l = &d.lines[i];
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%c%.*s|", "=+-"[l->op], (int)l -> len, l -> text);
	}
	if (d.approximate)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "~");
	out[n] = 0;
	arena_release(&arena);
	return out;
}

static void diffs(void **state)
{
	(void)state;
	assert_string_equal(diff_str("a\nb\nc", "a\nb\nc", 100), "=a|=b|=c|");
	assert_string_equal(diff_str("a\nb\nc", "a\nc", 100), "=a|-b|=c|");
	assert_string_equal(diff_str("a\nc", "a\nb\nc", 100), "=a|+b|=c|");
	assert_string_equal(diff_str("a\nb\nc\n", "a\nB\nc\n", 100), "=a|-b|+B|=c|");
	assert_string_equal(diff_str("", "x", 100), "+x|");
	assert_string_equal(diff_str("x", "", 100), "-x|");
	assert_string_equal(diff_str("", "", 100), "");
	assert_string_equal(diff_str("a\r\nb", "a\nb", 100), "=a|=b|");
	/* a shortest edit: the common lines kept */
	assert_string_equal(diff_str("x\na\ny\nb\nz", "a\nq\nb", 100), "-x|=a|-y|+q|=b|-z|");
	/* past the bound: the middle replaced whole, and said so */
	assert_string_equal(diff_str("s\n1\n2\n3\ne", "s\n4\n5\n6\ne", 2), "=s|-1|-2|-3|+4|+5|+6|=e|~");
}

/* A large diff stays within its bound of work. */
static void large_diff(void **state)
{
	(void)state;
	size_t n = 20000;
	char *a = malloc(n * 8), *b = malloc(n * 8);
	assert_non_null(a);
	assert_non_null(b);
	size_t la = 0, lb = 0;
	for (size_t i = 0; i < n; i++) {
		la += (size_t)sprintf(a + la, "%zu\n", i);
		lb += (size_t)sprintf(b + lb, "%zu\n", i % 50 ? i : i + 1000000);
	}
	struct arena arena;
	arena_init(&arena, 64 << 20);
	struct line_diff d;
	assert_int_equal(line_diff(&arena, a, b, LINE_DIFF_MAX_EDITS, &d), SW_OK);
	size_t ins = 0, del = 0, eq = 0;
	for (size_t i = 0; i < d.count; i++)
		*(d.lines[i].op == DIFF_INSERT ? &ins : d.lines[i].op == DIFF_DELETE ? &del : &eq) += 1;
	assert_int_equal(ins, del);
	assert_int_equal(eq + del, n);
	assert_false(d.approximate);
	/* twice the edits the bound allows: approximate, and quick */
	assert_int_equal(line_diff(&arena, a, b, 400, &d), SW_OK);
	assert_true(d.approximate);
	arena_release(&arena);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(renders_markdown),
		cmocka_unit_test(raw_html_is_text),
		cmocka_unit_test(links_are_limited),
		cmocka_unit_test(images_are_limited),
		cmocka_unit_test(deep_nesting),
		cmocka_unit_test(size_limits),
		cmocka_unit_test(plain_text),
		cmocka_unit_test(highlights),
		cmocka_unit_test(diffs),
		cmocka_unit_test(large_diff),
	};
	return cmocka_run_group_tests_name("knowledge", tests, NULL, NULL);
}
