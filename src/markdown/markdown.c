/*
 * markdown.c — Markdown through cmark-gfm, made safe for the page; see
 * markdown.h.  The only file that includes the cmark-gfm headers.
 *
 * A document is parsed with the GitHub extensions (table, strikethrough,
 * autolink, tasklist), then its tree is cleaned before rendering: raw
 * HTML becomes text, links and images with targets outside the allowed
 * set lose them.  The nodes to clean are first collected with cmark's
 * iterator and changed after it is done (cmark allows a tree to change
 * under an iterator only at the node it stands on), so nothing here
 * recurses however deeply the document nests.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "markdown/markdown.h"
#include "base/banned.h"

static const char *const extensions[] = {"table", "strikethrough", "autolink", "tasklist"};
#define EXTENSIONS (sizeof(extensions) / sizeof(extensions[0]))

static pthread_once_t registered = PTHREAD_ONCE_INIT;

static void register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

static bool prefix_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

bool markdown_link_ok(const char *url, const char *attachments)
{
	if (!url)
		return false;
	if (prefix_ci(url, "http://") || prefix_ci(url, "https://") || prefix_ci(url, "mailto:"))
		return true;
	size_t n = attachments ? strlen(attachments) : 0;
	if (!n || strncmp(url, attachments, n) != 0)
		return false;
	const char *id = url + n;
	size_t digits = strspn(id, "0123456789");
	return digits > 0 && digits <= 18 && id[digits] == 0;
}

/* An image that may be shown: one of the article's own attachments. */
static bool image_ok(const char *url, const char *attachments)
{
	return markdown_link_ok(url, attachments) && !prefix_ci(url, "http://") && !prefix_ci(url, "https://") &&
	       !prefix_ci(url, "mailto:");
}

/* The nodes the cleaning changes, in document order. */
struct found {
	cmark_node **v;
	size_t n, cap;
	bool failed;
};

static void note(struct found *f, cmark_node *node)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 64;
		cmark_node **v = realloc(f->v, cap * sizeof(*v));
		if (!v) {
			f->failed = true;
			return;
		}
		f->v = v;
		f->cap = cap;
	}
	f->v[f->n++] = node;
}

/* Move node's children to just before it, then drop it. */
static void unwrap(cmark_node *node)
{
	cmark_node *child;
	while ((child = cmark_node_first_child(node))) {
		cmark_node_unlink(child);
		cmark_node_insert_before(node, child);
	}
	cmark_node_free(node);
}

/* Put fresh (a new node) where node is, and drop node. */
static void replace(cmark_node *node, cmark_node *fresh)
{
	if (!fresh || !cmark_node_insert_before(node, fresh)) {
		if (fresh)
			cmark_node_free(fresh);
		cmark_node_unlink(node); /* out of memory: drop it rather than keep it */
	}
	cmark_node_free(node);
}

/* A node of type with literal text, or NULL. */
static cmark_node *text_node(cmark_node_type type, const char *literal)
{
	cmark_node *n = cmark_node_new(type);
	if (n && !cmark_node_set_literal(n, literal ? literal : "")) {
		cmark_node_free(n);
		n = NULL;
	}
	return n;
}

/* Raw HTML as text; links and images outside the allowed targets without
 * them.  False when memory ran out (the tree may then be half cleaned:
 * the caller must not render it). */
static bool clean(cmark_node *root, const char *attachments)
{
	struct found f = {0};
	cmark_iter *it = cmark_iter_new(root);
	if (!it)
		return false;
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && !f.failed) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *node = cmark_iter_get_node(it);
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE: note(&f, node); break;
		default: break;
		}
	}
	cmark_iter_free(it);
	bool ok = !f.failed;
	for (size_t i = 0; ok && i < f.n; i++) {
		cmark_node *node = f.v[i];
		const char *url = NULL;
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_HTML_BLOCK:
			replace(node, text_node(CMARK_NODE_CODE_BLOCK, cmark_node_get_literal(node)));
			break;
		case CMARK_NODE_HTML_INLINE:
			replace(node, text_node(CMARK_NODE_TEXT, cmark_node_get_literal(node)));
			break;
		case CMARK_NODE_LINK:
			if (!markdown_link_ok(cmark_node_get_url(node), attachments))
				unwrap(node);
			break;
		case CMARK_NODE_IMAGE:
			url = cmark_node_get_url(node);
			if (image_ok(url, attachments))
				break;
			if (url && (prefix_ci(url, "http://") || prefix_ci(url, "https://"))) {
				/* shown as a link to it, its alternative text as the link's */
				cmark_node *link = cmark_node_new(CMARK_NODE_LINK);
				if (!link || !cmark_node_set_url(link, url) || !cmark_node_insert_before(node, link)) {
					if (link)
						cmark_node_free(link);
					ok = false;
					break;
				}
				cmark_node *child;
				while ((child = cmark_node_first_child(node))) {
					cmark_node_unlink(child);
					cmark_node_append_child(link, child);
				}
				cmark_node_free(node);
			} else {
				unwrap(node);
			}
			break;
		default: break;
		}
	}
	free(f.v);
	return ok;
}

/* Parse md with the extensions; *parser is kept for rendering (its list
 * of extensions), freed by the caller. */
static cmark_node *parse(const char *md, size_t len, cmark_parser **parser)
{
	pthread_once(&registered, register_extensions);
	int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
	cmark_parser *p = cmark_parser_new(options);
	if (!p)
		return NULL;
	for (size_t i = 0; i < EXTENSIONS; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(extensions[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	cmark_parser_feed(p, md, len);
	cmark_node *doc = cmark_parser_finish(p);
	*parser = p;
	return doc;
}

/* The text of a cleaned tree: the literal of each text, code and (now
 * textual) HTML node, a line end after each block (a space after a table
 * cell), at most one empty line in a row.  Written here rather than with
 * cmark's plain-text renderer, which indents each nested block and so
 * takes time in the square of the nesting depth. */
static enum sw_err plain(cmark_node *root, struct buf *out)
{
	cmark_iter *it = cmark_iter_new(root);
	if (!it)
		return SW_ENOMEM;
	enum sw_err rc = SW_OK;
	int breaks = 2; /* line ends just written: none at the start */
	cmark_event_type ev;
	while (!rc && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);
		const char *lit = NULL, *sep = NULL;
		if (ev == CMARK_EVENT_ENTER) {
			switch (type) {
			case CMARK_NODE_TEXT:
			case CMARK_NODE_CODE:
			case CMARK_NODE_HTML_INLINE:
			case CMARK_NODE_CODE_BLOCK:
			case CMARK_NODE_HTML_BLOCK: lit = cmark_node_get_literal(node); break;
			case CMARK_NODE_SOFTBREAK:
			case CMARK_NODE_LINEBREAK: sep = "\n"; break;
			default: break;
			}
		}
		bool leaf = type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK ||
			    type == CMARK_NODE_THEMATIC_BREAK;
		if ((ev == CMARK_EVENT_EXIT || (ev == CMARK_EVENT_ENTER && leaf)) &&
		    (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK && type != CMARK_NODE_DOCUMENT)
			sep = strcmp(cmark_node_get_type_string(node), "table_cell") == 0 ? " " : "\n";
		if (lit && *lit) {
			rc = buf_puts(out, lit);
			breaks = lit[strlen(lit) - 1] == '\n';
		}
		if (!rc && sep && (*sep == ' ' || breaks < 2)) {
			rc = buf_puts(out, sep);
			breaks = *sep == '\n' ? breaks + 1 : 0;
		}
	}
	cmark_iter_free(it);
	return rc;
}

/* Render md as html (or plain text) into out. */
static enum sw_err render(const char *md, size_t len, bool html, const char *attachments, struct buf *out,
			  struct sw_error *err)
{
	if (len > MARKDOWN_MAX_BYTES)
		return sw_fail(err, SW_ETOOLARGE, "too-large", "the document is %zu bytes; at most %d are rendered",
			       len, MARKDOWN_MAX_BYTES);
	cmark_parser *parser = NULL;
	cmark_node *doc = parse(md, len, &parser);
	enum sw_err rc = doc && clean(doc, attachments) ? SW_OK : SW_ENOMEM;
	size_t before = out->len;
	if (!rc && html) {
		char *text = cmark_render_html(doc, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser));
		rc = !text ? SW_ENOMEM : buf_puts(out, text);
		free(text);
	} else if (!rc) {
		rc = plain(doc, out);
	}
	if (doc)
		cmark_node_free(doc);
	if (parser)
		cmark_parser_free(parser);
	if (rc == SW_ENOMEM)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory rendering Markdown");
	if (rc) {
		out->len = before;
		if (out->ptr)
			out->ptr[before] = 0;
		return sw_fail(err, SW_ETOOLARGE, "too-large", "the rendered document is over %zu bytes", out->max);
	}
	return SW_OK;
}

enum sw_err markdown_html(const char *md, size_t len, const char *attachments, struct buf *out, struct sw_error *err)
{
	return render(md, len, true, attachments, out, err);
}

enum sw_err markdown_text(const char *md, size_t len, struct buf *out, struct sw_error *err)
{
	return render(md, len, false, NULL, out, err);
}
