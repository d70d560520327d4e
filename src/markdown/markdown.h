/*
 * markdown.h — the knowledge base's Markdown: CommonMark with GitHub's
 * tables, strikethrough, autolinks and task lists (cmark-gfm), rendered
 * to HTML that the web UI may put into its page as it is, and to plain
 * text for the search index and its snippets; plus the highlighter that
 * marks a search's words in plain text.
 *
 * What a rendered document can hold, whoever wrote it:
 *   - no raw HTML: an HTML block or inline tag written in the source is
 *     shown as text (a block as code), never passed through;
 *   - links only to http:, https: and mailto: targets and to the
 *     attachments of the document's own article (the prefix the caller
 *     gives, followed by an attachment id); any other link (javascript:,
 *     data:, vbscript:, file:, relative paths, ...) keeps its text and
 *     loses its target;
 *   - images only from those attachments: an http(s) image becomes a link
 *     to it (the page's Content-Security-Policy allows no other image
 *     source, and a remote image would tell its server who reads the
 *     article), any other image its alternative text;
 *   - no style or script of any kind (cmark-gfm writes none: tables align
 *     with the align attribute, task lists are disabled checkboxes).
 *
 * markdown/markdown.c is the only file that includes the cmark-gfm
 * headers (scripts/lint.sh).  Parsing and rendering walk the tree with
 * cmark's iterator, never by recursion, so a document nested 100 000
 * levels deep costs memory in proportion to its size and no stack.
 * cmark allocates with malloc and aborts when that fails; inputs are
 * capped at MARKDOWN_MAX_BYTES so what it needs stays bounded.
 * Thread safety: every function may be called from any thread.
 */
#ifndef SW_MARKDOWN_MARKDOWN_H
#define SW_MARKDOWN_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

/* Bytes of Markdown source rendered at most: more is SW_ETOOLARGE. */
#define MARKDOWN_MAX_BYTES (512 * 1024)

/*
 * Render md[0..len) as safe HTML (above), appended to out.  attachments
 * is the URL prefix of the attachments links and images may point at
 * ("/api/v1/articles/KB0000001/attachments/"), or NULL for none.
 * Invalid UTF-8 is replaced, not refused.  SW_ETOOLARGE when md is over
 * MARKDOWN_MAX_BYTES or the HTML does not fit out's maximum (out is then
 * left as it was).
 */
enum sw_err markdown_html(const char *md, size_t len, const char *attachments, struct buf *out, struct sw_error *err);

/* The text of md[0..len) without its markup (what a reader reads: link
 * texts, not their targets), appended to out; errors as markdown_html. */
enum sw_err markdown_text(const char *md, size_t len, struct buf *out, struct sw_error *err);

/* May a rendered document link to url (http:, https:, mailto:, or the
 * attachments prefix and an id)? */
bool markdown_link_ok(const char *url, const char *attachments);

/*
 * text[0..len) as HTML-escaped text of at most about max_chars characters
 * with each word that matches one of the query's words (base/util.h's
 * text_word_next splits both, as the search index does) inside
 * <mark>...</mark>: a query word of three characters or more matches the
 * words it begins, a shorter one whole words; letters compare without
 * regard to ASCII case.  With window, a text longer than max_chars is cut
 * to the part around its first match (or its beginning), with an
 * ellipsis where it was cut; without, it is cut at the end.  Appended to
 * out; SW_ETOOLARGE when it does not fit.  The output holds no markup but
 * the marks and no character that would need escaping elsewhere.
 * *marked (when not NULL) gets how many words were marked.
 */
enum sw_err markdown_highlight(const char *text, size_t len, const char *query, size_t max_chars, bool window,
			       struct buf *out, size_t *marked);

#endif
