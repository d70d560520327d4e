/*
 * search.c — finding articles: the list with its filters, the ranked
 * full-text search with highlights, the known-error database (published
 * known-error articles) and suggestions for what someone is typing.
 * Every path reads through the same filter, which limits anyone but an
 * agent to published articles for everyone (authz.c).  See article.h.
 */
#include <string.h>
#include <strings.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/knowledge/article_int.h"
#include "core/port/account.h"
#include "core/port/knowledge.h"
#include "core/port/ticket.h"
#include "core/ticket/ticket.h"
#include "markdown/markdown.h"
#include "base/banned.h"

#define TITLE_HTML_MAX ARTICLE_TITLE_MAX
#define SNIPPET_CHARS 220

/* text as highlighted HTML in the arena; *marked how many words matched. */
static const char *marked_html(struct ctx *c, const char *text, const char *query, size_t max, bool window,
			       size_t *marked)
{
	struct buf b;
	buf_init(&b, 64 * 1024);
	*marked = 0;
	const char *out = NULL;
	if (markdown_highlight(text ? text : "", text ? strlen(text) : 0, query, max, window, &b, marked) == SW_OK)
		out = arena_strndup(c->arena, buf_cstr(&b), b.len);
	buf_release(&b);
	return out;
}

/* The title and a snippet of each result with the words of query
 * marked: the body around its first match, else the summary, else the
 * body's beginning. */
static enum sw_err highlight(struct ctx *c, struct article_list *list, const char *query, struct sw_error *err)
{
	for (size_t i = 0; i < list->count; i++) {
		struct article *a = &list->items[i];
		size_t in_title, in_body, in_summary;
		a->title_html = marked_html(c, a->v.title, query, TITLE_HTML_MAX, false, &in_title);
		const char *body = marked_html(c, a->v.body_text, query, SNIPPET_CHARS, true, &in_body);
		a->snippet_html = body;
		if (!in_body && a->v.summary && *a->v.summary) {
			const char *summary = marked_html(c, a->v.summary, query, SNIPPET_CHARS, true, &in_summary);
			a->snippet_html = summary;
		}
		a->v.body_text = NULL; /* read for this only */
		if (!a->title_html || !a->snippet_html)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	}
	return SW_OK;
}

/* A search text the index can answer: a letter or digit, at most
 * LIMIT_SEARCH_WORDS words (as for ticket searches). */
static enum sw_err check_text(const char *text, const char *field, struct sw_error *err)
{
	size_t pos = 0, start, len, words = 0;
	while (text_word_next(text, strlen(text), &pos, &start, &len))
		words++;
	if (!words)
		return core_query_fail(err, field, "must contain a letter or a digit");
	if (words > LIMIT_SEARCH_WORDS)
		return core_query_fail(err, field, "must have at most %d words", LIMIT_SEARCH_WORDS);
	return SW_OK;
}

/* q checked and its names found, into f. */
static enum sw_err filter_of(struct ctx *c, const struct article_query *q, struct article_filter *f,
			     struct sw_error *err)
{
	enum article_state st;
	enum article_kind kind;
	enum article_audience audience;
	*f = (struct article_filter){.readers_only = authz_article_readers_only(&c->actor),
				     .state = q->state,
				     .kind = q->kind,
				     .audience = q->audience,
				     .category = q->category,
				     .text = q->text};
	if (q->state && article_state_parse(q->state, &st))
		return core_query_fail(err, "state", "must be one of draft, in_review, published, retired");
	if (q->kind && article_kind_parse(q->kind, &kind))
		return core_query_fail(err, "kind", "must be one of how_to, troubleshooting, known_error, faq");
	if (q->audience && article_audience_parse(q->audience, &audience))
		return core_query_fail(err, "audience", "must be agents or everyone");
	if (q->text && check_text(q->text, "text", err))
		return err->code;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = SW_OK;
	if (q->owner && strcmp(q->owner, "me") == 0) {
		f->owner_id = c->actor.user_id ? c->actor.user_id : -1;
	} else if (q->owner) {
		struct user u;
		if ((rc = store_user_by_login(c->store, q->owner, &u, &look)) == SW_ENOTFOUND)
			return core_query_fail(err, "owner", "no user '%s'", q->owner);
		f->owner_id = u.id;
	}
	if (!rc && q->service) {
		rc = core_ref_get(c, CORE_REF_SERVICE, q->service, NULL, &f->service_id, &look);
		if (rc == SW_ENOTFOUND)
			return core_query_fail(err, "service", "no service '%s'", q->service);
	}
	if (!rc && q->category &&
	    (rc = core_ref_get(c, CORE_REF_CATEGORY, q->category, NULL, NULL, &look)) == SW_ENOTFOUND)
		return core_query_fail(err, "category", "no category '%s'", q->category);
	if (!rc && q->ticket) {
		/* only a ticket the caller may read: an end user asks about their own */
		struct ticket t;
		struct authz_ticket view;
		rc = store_ticket_by_number(c->store, q->ticket, &t, &look);
		if (!rc)
			view = ticket_authz_view(c, &t);
		if (rc == SW_ENOTFOUND || (!rc && authz_ticket_read(&c->actor, &view, &look)))
			return core_query_fail(err, "ticket", "no ticket '%s'", q->ticket);
		f->ticket_id = t.id;
	}
	if (rc)
		return sw_fail(err, rc, NULL, "%s", look.detail);
	if (q->stale)
		f->stale_at = c->now;
	if (q->known_errors) {
		f->kind = article_kind_name(KIND_KNOWN_ERROR);
		f->published = true;
	}
	return SW_OK;
}

enum sw_err article_list(struct ctx *c, const struct article_query *q, const struct page *p, struct article_list *out,
			 struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	struct article_filter f;
	enum sw_err rc = filter_of(c, q, &f, err);
	if (rc || (rc = store_article_list(c->store, &f, p, out, err)))
		return rc;
	if (q->text && !authz_is_agent(&c->actor)) { /* a search from the portal */
		if ((rc = core_tx_begin(c, err)) || (rc = core_tx_end(c, article_session_note(c, err), err)))
			return rc;
	}
	return q->text ? highlight(c, out, q->text, err) : SW_OK;
}

/* Words too common to say what an article is about: a suggestion asks
 * for any of the words typed, and these would match nearly every one. */
static const char *const common[] = {
	"the",     "and",   "for",    "with",    "not",   "but",     "you",   "your",  "are",   "was",    "can",
	"cannot",  "cant",  "have",   "has",     "had",   "this",    "that",  "from",  "when",  "what",   "why",
	"how",     "all",   "any",    "get",     "got",   "its",     "our",   "out",   "who",   "will",   "would",
	"should",  "could", "into",   "there",   "their", "they",    "them",  "then",  "than",  "too",    "very",
	"just",    "been",  "being",  "does",    "doesn", "dont",    "did",   "didn",  "isn",   "won",    "also",
	"some",    "more",  "most",   "other",   "only",  "over",    "such",  "here",  "after", "before", "again",
	"while",   "about", "please", "help",    "need",  "now",     "still", "keeps", "since", "today",  "yesterday",
	"working", "work",  "works",  "problem", "issue", "anymore", "every", "time",  "times", NULL,
};

static bool is_common(const char *w, size_t len)
{
	if (utf8_count(w, len) < 3)
		return true;
	for (const char *const *p = common; *p; p++)
		if (strlen(*p) == len && strncasecmp(*p, w, len) == 0)
			return true;
	return false;
}

/* The words of text worth looking for (at most 8), joined by spaces; all
 * of them when none is. */
#define SUGGEST_WORDS 8
static const char *meaningful(struct ctx *c, const char *text)
{
	size_t len = strlen(text), pos = 0, start, wlen, n = 0, k = 0;
	char *out = arena_alloc(c->arena, len + 1);
	if (!out)
		return NULL;
	while (n < SUGGEST_WORDS && text_word_next(text, len, &pos, &start, &wlen)) {
		if (is_common(text + start, wlen))
			continue;
		if (k)
			out[k++] = ' ';
		memcpy(out + k, text + start, wlen);
		k += wlen;
		n++;
	}
	out[k] = 0;
	return n ? out : text;
}

enum sw_err article_suggest(struct ctx *c, const char *text, int limit, struct article_list *out, struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	if (!text)
		return core_query_fail(err, "text", "is required");
	enum sw_err rc = check_text(text, "text", err);
	if (rc)
		return rc;
	const char *words = meaningful(c, text);
	if (!words)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	struct article_filter f = {
		.readers_only = authz_article_readers_only(&c->actor), .published = true, .text = words};
	if ((rc = store_article_suggest(c->store, &f, limit, out, err)))
		return rc;
	return highlight(c, out, words, err);
}
