/*
 * port/knowledge.h — what core needs from storage for the knowledge base
 * (core/knowledge/article.h): articles and their versions, the search
 * index, ratings, ticket links, attachments and the review pass.
 * Implemented in src/store/repo_knowledge.c; the conventions
 * (transactions, error codes, the arena results go to) are in
 * port/store.h.
 */
#ifndef SW_CORE_PORT_KNOWLEDGE_H
#define SW_CORE_PORT_KNOWLEDGE_H

#include "core/port/store.h"

struct article;
struct article_version;
struct article_version_list;
struct article_list;
struct article_rating;
struct article_rating_list;
struct article_link_list;

/* Article templates (core/knowledge/article_template.h), in position and
 * name order: src/store/repo_kbtpl.c. */
extern const struct record_store store_article_templates;

/* Which articles a list reads: the checked form of struct article_query
 * (NULL and 0 mean any). */
struct article_filter {
	bool readers_only; /* published articles for everyone only (an end user) */
	bool published;    /* published articles only */
	const char *state, *kind, *audience;
	int64_t owner_id, service_id, ticket_id;
	const char *category; /* a path: that category or one below it */
	int64_t stale_at;     /* review_by at or before this, not retired; 0: any */
	/* a search: the full-text query of every word, and of every word in
	 * the title (store_search_query) — or, for suggestions, of any word */
	const char *text;
};

/* The article row; sets a->id.  revision starts at 1. */
enum sw_err store_article_insert(struct store *s, struct article *a, struct sw_error *err);
/* The article row where revision = expected; SW_ESTALE when none matched.
 * Sets revision to expected + 1. */
enum sw_err store_article_update(struct store *s, const struct article *a, int64_t expected, struct sw_error *err);
/* An article with its shown version's content (no body). */
enum sw_err store_article_by_number(struct store *s, const char *number, struct article *out, struct sw_error *err);
/* The article whose problem is number (the first made), SW_ENOTFOUND when none. */
enum sw_err store_article_by_problem(struct store *s, const char *number, struct article *out, struct sw_error *err);

/* A version with its services and categories (v->service_ids,
 * v->category_ids); sets v->id. */
enum sw_err store_article_version_insert(struct store *s, struct article_version *v, struct sw_error *err);
/* Every column of the version v->id, its services and categories replaced. */
enum sw_err store_article_version_update(struct store *s, const struct article_version *v, struct sw_error *err);
/* The workflow columns of the version v->id (state, note, updated_at,
 * published_by, published_at); its content stays. */
enum sw_err store_article_version_state(struct store *s, const struct article_version *v, struct sw_error *err);
/* One version with body and body_text. */
enum sw_err store_article_version_get(struct store *s, int64_t article_id, int version, struct article_version *out,
				      struct sw_error *err);
/* Every version without body, newest first. */
enum sw_err store_article_versions(struct store *s, int64_t article_id, struct article_version_list *out,
				   struct sw_error *err);
/* Put v (the article's shown version, with body_text) in the search index
 * in place of what was there. */
enum sw_err store_article_index(struct store *s, int64_t article_id, const struct article_version *v,
				struct sw_error *err);

/* A page of articles.  Without f->text: newest change first, keyset
 * cursor.  With it: title matches first, then recency and helpfulness,
 * each item with body_text; an offset cursor. */
enum sw_err store_article_list(struct store *s, const struct article_filter *f, const struct page *p,
			       struct article_list *out, struct sw_error *err);
/* Up to limit articles matching f->text (an any-word query), most
 * relevant first, each with body_text. */
enum sw_err store_article_suggest(struct store *s, const struct article_filter *f, int limit, struct article_list *out,
				  struct sw_error *err);

/* Counters that are not edits (the revision stays). */
enum article_counter { ARTICLE_COUNT_VIEW, ARTICLE_COUNT_DEFLECTION, ARTICLE_COUNT_LINK };
enum sw_err store_article_count(struct store *s, int64_t id, enum article_counter which, struct sw_error *err);
/* The user's rating of the article (SW_ENOTFOUND: none). */
enum sw_err store_article_rating_get(struct store *s, int64_t article_id, int64_t user_id, struct article_rating *out,
				     struct sw_error *err);
/* Store the user's rating (replacing one, when replace) and move the
 * article's helpful / not_helpful counts by the deltas. */
enum sw_err store_article_rating_put(struct store *s, int64_t article_id, int64_t user_id,
				     const struct article_rating *r, bool replace, int helpful_delta,
				     int not_helpful_delta, struct sw_error *err);
enum sw_err store_article_ratings(struct store *s, int64_t article_id, int limit, struct article_rating_list *out,
				  struct sw_error *err);
/* SW_ECONFLICT when the pair is linked already. */
enum sw_err store_article_link_insert(struct store *s, int64_t article_id, int64_t ticket_id, int64_t actor_id,
				      int64_t now, struct sw_error *err);
enum sw_err store_article_links(struct store *s, int64_t article_id, int limit, struct article_link_list *out,
				struct sw_error *err);

enum sw_err store_article_attachment_insert(struct store *s, int64_t article_id, struct attachment *a,
					    struct sw_error *err);
enum sw_err store_article_attachments(struct store *s, int64_t article_id, struct attachment_list *out,
				      struct sw_error *err);
/* With its bytes; SW_ENOTFOUND unless it belongs to the article. */
enum sw_err store_article_attachment_get(struct store *s, int64_t article_id, int64_t id, struct attachment *out,
					 struct sw_error *err);

/* Up to limit articles due for review at now whose owner was not yet told
 * of their review_by. */
enum sw_err store_articles_review_due(struct store *s, int64_t now, int limit, struct article_list *out,
				      struct sw_error *err);
/* Record that the owner was told of review_by; *marked false when another
 * pass did it first (or the date moved). */
enum sw_err store_article_review_mark(struct store *s, int64_t id, int64_t review_by, bool *marked,
				      struct sw_error *err);

#endif
