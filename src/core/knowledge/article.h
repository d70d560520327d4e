/*
 * article.h — the knowledge base: articles, their versions and workflow,
 * search and suggestions, ratings, deflections, links to the tickets an
 * article helped resolve, attachments, and the review of stale content
 * (docs/knowledge.md).
 *
 * An article is a lifecycle over versions.  The article is draft, then
 * in_review, then published, and at last retired; its versions are
 * draft, in_review, published or superseded.  Editing a draft changes it;
 * editing a published (or retired) article makes a new draft version, and
 * the published one stays what readers see until a manager publishes the
 * new one.  The version readers see is the shown version: the published
 * one, or before the first publication the latest.
 *
 * Who may do what (authz.c has the rules): agents read every article and
 * version and write drafts; managers (and admins) publish, reject and
 * retire; anyone else reads only the published version of a published
 * article whose audience is everyone, by every path — get, list, search,
 * suggestions, versions, diff, attachments — and may rate it and say it
 * solved their problem.  An article they may not read is "not found".
 *
 * Every operation takes a struct ctx (core.h) and runs as one
 * transaction, audit row included; results live in the ctx arena.
 */
#ifndef SW_CORE_KNOWLEDGE_ARTICLE_H
#define SW_CORE_KNOWLEDGE_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/knowledge/diff.h"
#include "core/model.h"
#include "base/list.h"

enum article_state { ARTICLE_DRAFT, ARTICLE_IN_REVIEW, ARTICLE_PUBLISHED, ARTICLE_RETIRED, ARTICLE_STATE__COUNT };
const char *article_state_name(enum article_state s);
enum sw_err article_state_parse(const char *s, enum article_state *out);

enum article_version_state {
	VERSION_DRAFT,
	VERSION_IN_REVIEW,
	VERSION_PUBLISHED,
	VERSION_SUPERSEDED,
	VERSION_STATE__COUNT
};
const char *article_version_state_name(enum article_version_state s);
enum sw_err article_version_state_parse(const char *s, enum article_version_state *out);

enum article_kind { KIND_HOW_TO, KIND_TROUBLESHOOTING, KIND_KNOWN_ERROR, KIND_FAQ, ARTICLE_KIND__COUNT };
const char *article_kind_name(enum article_kind k);
enum sw_err article_kind_parse(const char *s, enum article_kind *out);
extern const struct core_values article_kind_name_list;

enum article_audience { AUDIENCE_AGENTS, AUDIENCE_EVERYONE, ARTICLE_AUDIENCE__COUNT };
const char *article_audience_name(enum article_audience a);
enum sw_err article_audience_parse(const char *s, enum article_audience *out);
extern const struct core_values article_audience_name_list;

/* The workflow's actions (POST /api/v1/articles/{number}/<name>). */
enum article_action {
	ARTICLE_SUBMIT,
	ARTICLE_PUBLISH,
	ARTICLE_REJECT,
	ARTICLE_RETIRE,
	ARTICLE_REVISE,
	ARTICLE_ACTION__COUNT
};
const char *article_action_name(enum article_action a);
enum sw_err article_action_parse(const char *s, enum article_action *out);

#define ARTICLE_NUMBER_PREFIX "KB"
#define ARTICLE_TITLE_MAX 300     /* characters */
#define ARTICLE_SUMMARY_MAX 1000  /* characters */
#define ARTICLE_BODY_MAX 100000   /* characters of Markdown; more is 422 (docs/knowledge.md) */
#define ARTICLE_KEYWORDS_MAX 30   /* keywords of a version */
#define ARTICLE_KEYWORD_MAX 60    /* characters of one */
#define ARTICLE_SERVICES_MAX 20   /* services of a version */
#define ARTICLE_CATEGORIES_MAX 20 /* categories of a version */
#define ARTICLE_COMMENT_MAX 2000  /* characters of a rating's comment, of a reviewer's reason */
#define ARTICLE_SUGGEST_MAX 10    /* suggestions one call may ask for */
#define ARTICLE_SUGGEST_DEFAULT 5
#define ARTICLE_LIST_MAX 200 /* ratings and ticket links one call lists (the newest) */

/* One version's content, and what decides who finds it. */
struct article_version {
	int64_t id, article_id;
	int version;
	enum article_version_state state;
	enum article_kind kind;
	enum article_audience audience;
	const char *title, *summary;
	const char *body;      /* Markdown; single-version reads only (NULL in lists) */
	const char *body_text; /* the body without markup; single reads and search results */
	const char *body_html; /* the body rendered (markdown.h); single reads only */
	const char *note;      /* why it went back to draft, or what made it; NULL: none */
	const char **keywords;
	size_t keyword_count;
	const char **services; /* names */
	size_t service_count;
	const char **categories; /* paths */
	size_t category_count;
	int64_t *service_ids, *category_ids; /* what a write stores (service_count, category_count) */
	int64_t created_by_id, published_by_id;
	const char *created_by, *published_by; /* logins; NULL: the system, or not published */
	int64_t created_at, updated_at, published_at;
};

LIST_OF(article_version_list, article_version);

struct article {
	int64_t id;
	const char *number;
	enum article_state state;
	int shown_version;     /* what readers see: the published version, or the latest before one is */
	int latest_version;    /* the newest, the one being worked on */
	int published_version; /* 0: never published */
	enum article_version_state latest_state;
	int64_t owner_id;
	const char *owner;       /* login, NULL: none */
	const char *problem;     /* the problem a known error belongs to (a ticket number), NULL: none */
	int64_t review_by;       /* epoch seconds of a UTC day; 0: none */
	int64_t review_notified; /* the review_by its owner was told of (review pass); 0: none */
	int64_t views, helpful, not_helpful, deflections, link_count;
	int64_t revision; /* the If-Match version of the article: every write adds one */
	int64_t created_by_id;
	const char *created_by;
	int64_t created_at, updated_at, published_at, retired_at;
	struct article_version v; /* the shown version's content (or the version asked for) */
	const char *title_html;   /* search results: the title, HTML-escaped, the words found marked */
	const char *snippet_html; /* search results: the summary or body around the words found, the same */
};

struct article_list {
	struct article *items;
	size_t count;
	const char *next_cursor;
};

/* Create and change: set_* says which members were given (NULL with its
 * flag clears owner, review_by, problem). */
struct article_input {
	const char *title, *summary, *body, *kind, *audience, *owner, *review_by, *problem;
	const char **services, **categories, **keywords;
	size_t service_count, category_count, keyword_count;
	bool set_title, set_summary, set_body, set_kind, set_audience, set_owner, set_review_by, set_problem;
	bool set_services, set_categories, set_keywords;
};

/* Agents: a draft (version 1) from in; title is required, kind defaults
 * to how_to, audience to agents. */
enum sw_err article_create(struct ctx *c, const struct article_input *in, struct article *out, struct sw_error *err);
/* The article and its shown version with body and HTML (an end user: the
 * published version, if they may read it).  With count_view, a view of a
 * published article is counted (it does not change the revision). */
enum sw_err article_get(struct ctx *c, const char *number, bool count_view, struct article *out, struct sw_error *err);
/* Agents; If-Match: expected_revision (SW_ESTALE otherwise).  Content
 * (title, summary, body, keywords, kind, audience, services, categories)
 * changes the latest version when it is a draft, makes a new draft
 * version when it is published, and is refused (409 illegal-transition)
 * while it is in review; owner, review_by and problem change the article
 * itself.  out is the article with its latest version. */
enum sw_err article_update(struct ctx *c, const char *number, int64_t expected_revision, const struct article_input *in,
			   struct article *out, struct sw_error *err);
/*
 * A workflow action (expected_revision 0: no If-Match): submit (agents;
 * a draft latest version to in_review), publish (managers; a draft or
 * in_review latest version becomes the published one, the one before it
 * superseded), reject (managers; in_review back to draft, reason
 * required), retire (managers; a published article stops being shown to
 * anyone but agents), revise (agents; a new draft version from the
 * published one).  SW_ECONFLICT type "illegal-transition" when it does
 * not apply now (out then holds the article as it is, for
 * article_allowed_actions).
 */
enum sw_err article_act(struct ctx *c, const char *number, enum article_action action, const char *reason,
			int64_t expected_revision, struct article *out, struct sw_error *err);
/* The actions actor may run on a now, in enum order. */
size_t article_allowed_actions(const struct actor *actor, const struct article *a, const char **out, size_t max);

/* The versions, newest first (an end user: the published one only). */
enum sw_err article_versions(struct ctx *c, const char *number, struct article_version_list *out, struct sw_error *err);
/* One version with body and HTML. */
enum sw_err article_version_get(struct ctx *c, const char *number, int version, struct article_version *out,
				struct sw_error *err);

struct article_diff {
	int from, to;
	struct line_diff title, summary, body;
};
/* What changed from version a to version b, line by line (diff.h). */
enum sw_err article_diff(struct ctx *c, const char *number, int a, int b, struct article_diff *out,
			 struct sw_error *err);
/* The audit trail (agents). */
enum sw_err article_history(struct ctx *c, const char *number, struct audit_list *out, struct sw_error *err);

/* A list or search, as a client asks for it (names, checked by core;
 * NULL: any). */
struct article_query {
	const char *text; /* full-text search: ranked, with highlights */
	const char *state, *kind, *audience;
	const char *owner;    /* login, or "me" */
	const char *service;  /* name */
	const char *category; /* path: the category or one below it */
	const char *ticket;   /* number: the articles linked to that ticket */
	bool stale;           /* past their review-by date, not retired */
	bool known_errors;    /* published known-error articles only */
};
/* Without text: newest change first, keyset pages.  With text: title
 * matches first, then by recency and helpfulness, pages by offset; each
 * item with title_html and snippet_html. */
enum sw_err article_list(struct ctx *c, const struct article_query *q, const struct page *p, struct article_list *out,
			 struct sw_error *err);
/* The best few published articles for what someone is typing (limit 1
 * to ARTICLE_SUGGEST_MAX): any of its words, most relevant first. */
enum sw_err article_suggest(struct ctx *c, const char *text, int limit, struct article_list *out, struct sw_error *err);

struct article_rating {
	const char *user; /* login */
	bool helpful;
	const char *comment; /* NULL: none */
	int64_t created_at, updated_at;
};
LIST_OF(article_rating_list, article_rating);
/* A reader's rating of a published article; a second one replaces the
 * first.  out: the rating as stored. */
enum sw_err article_rate(struct ctx *c, const char *number, bool helpful, const char *comment,
			 struct article_rating *out, struct sw_error *err);
/* The newest ratings, at most ARTICLE_LIST_MAX (agents). */
enum sw_err article_ratings(struct ctx *c, const char *number, struct article_rating_list *out, struct sw_error *err);
/* "This solved my problem": counted on a published article. */
enum sw_err article_deflect(struct ctx *c, const char *number, struct sw_error *err);

struct article_link {
	const char *ticket, *title, *kind, *state; /* the ticket's number, title, kind and state */
	const char *created_by;
	int64_t created_at;
};
LIST_OF(article_link_list, article_link);
/* "Used to resolve" (agents): the article linked to a ticket; a second
 * link of the same pair is 409 "duplicate". */
enum sw_err article_link_ticket(struct ctx *c, const char *number, const char *ticket, struct article_link *out,
				struct sw_error *err);
/* The tickets linked to an article, newest first, at most ARTICLE_LIST_MAX (agents). */
enum sw_err article_links(struct ctx *c, const char *number, struct article_link_list *out, struct sw_error *err);

/* Attachments (agents add them): kept like ticket attachments, served
 * from the article (GET /api/v1/articles/{number}/attachments/{id}) to
 * whoever may read it; a body may show them as images. */
enum sw_err article_attach(struct ctx *c, const char *number, const char *filename, const void *data, size_t len,
			   struct attachment *out, struct sw_error *err);
enum sw_err article_attachments(struct ctx *c, const char *number, struct attachment_list *out, struct sw_error *err);
enum sw_err article_attachment_get(struct ctx *c, const char *number, int64_t id, struct attachment *out,
				   struct sw_error *err);
/* The URL prefix of an article's attachments, in the arena. */
const char *article_attachment_prefix(struct ctx *c, const char *number);

/* body rendered as the article number (NULL: a new one) would render it (agents). */
enum sw_err article_preview(struct ctx *c, const char *number, const char *body, const char **html,
			    struct sw_error *err);

/* The scheduler's pass over stale content, as the system actor, in one
 * transaction: each article whose review-by date has come (not retired)
 * and whose owner has not yet been told of that date gets the
 * article_review notification (rules and templates, notify.h), at most
 * batch of them; *notified says how many.  Once per article and review
 * date, however many servers run the pass. */
enum sw_err article_review_pass(struct ctx *c, int batch, int *notified, struct sw_error *err);

#endif
