/*
 * knowledge_sql.h — the statement ids of the knowledge base: articles,
 * versions, the search index and its plans, ratings, ticket links,
 * attachments, the review pass (repo_knowledge.c); their SQL is in
 * knowledge_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_KNOWLEDGE_SQL_H
#define SW_STORE_KNOWLEDGE_SQL_H

#include "store/catalog.h"

/*
 * An article row and the version it shows, as every read selects them,
 * described once: the SQL of each column, the member it lands in (of
 * struct article, then of struct article_version) and how it is read
 * (STORE_COL_*; SKIP: read by hand, the enums and lists).  Names are
 * scalar subqueries, as for tickets (ticket_sql.h says why).  After the
 * version's columns come its services and categories (each joined by
 * line ends, the SQL per backend) and one more text column: the body
 * without markup for a search, else NULL.
 */
#define ARTICLE_COLUMNS(X)                                                                                             \
	X("a.id", id, INT64)                                                                                           \
	X("a.number", number, TEXT)                                                                                    \
	X("a.state", state, SKIP)                                                                                      \
	X("a.shown_version", shown_version, INT)                                                                       \
	X("a.latest_version", latest_version, INT)                                                                     \
	X("COALESCE(a.published_version, 0)", published_version, INT)                                                  \
	X("(SELECT lv.state FROM article_versions lv WHERE lv.article_id = a.id AND lv.version = a.latest_version)",   \
	  latest_state, SKIP)                                                                                          \
	X("a.owner_id", owner_id, INT64)                                                                               \
	X("(SELECT u.login FROM users u WHERE u.id = a.owner_id)", owner, TEXT)                                        \
	X("a.problem", problem, TEXT)                                                                                  \
	X("a.review_by", review_by, INT64)                                                                             \
	X("a.review_notified", review_notified, INT64)                                                                 \
	X("a.views", views, INT64)                                                                                     \
	X("a.helpful", helpful, INT64)                                                                                 \
	X("a.not_helpful", not_helpful, INT64)                                                                         \
	X("a.deflections", deflections, INT64)                                                                         \
	X("a.link_count", link_count, INT64)                                                                           \
	X("a.revision", revision, INT64)                                                                               \
	X("a.created_by", created_by_id, INT64)                                                                        \
	X("(SELECT u.login FROM users u WHERE u.id = a.created_by)", created_by, TEXT)                                 \
	X("a.created_at", created_at, INT64)                                                                           \
	X("a.updated_at", updated_at, INT64)                                                                           \
	X("a.published_at", published_at, INT64)                                                                       \
	X("a.retired_at", retired_at, INT64)

#define VERSION_COLUMNS(X)                                                                                             \
	X("v.id", id, INT64)                                                                                           \
	X("v.article_id", article_id, INT64)                                                                           \
	X("v.version", version, INT)                                                                                   \
	X("v.state", state, SKIP)                                                                                      \
	X("v.kind", kind, SKIP)                                                                                        \
	X("v.audience", audience, SKIP)                                                                                \
	X("v.title", title, TEXT)                                                                                      \
	X("v.summary", summary, TEXT)                                                                                  \
	X("v.keywords", keywords, SKIP)                                                                                \
	X("v.note", note, TEXT)                                                                                        \
	X("v.created_by", created_by_id, INT64)                                                                        \
	X("(SELECT u.login FROM users u WHERE u.id = v.created_by)", created_by, TEXT)                                 \
	X("v.created_at", created_at, INT64)                                                                           \
	X("v.updated_at", updated_at, INT64)                                                                           \
	X("v.published_by", published_by_id, INT64)                                                                    \
	X("(SELECT u.login FROM users u WHERE u.id = v.published_by)", published_by, TEXT)                             \
	X("v.published_at", published_at, INT64)

#define ARTICLE_COL_ENUM(sql, member, type) ARTICLE_COL_##member,
#define VERSION_COL_ENUM(sql, member, type) VERSION_COL_##member,
enum { ARTICLE_COLUMNS(ARTICLE_COL_ENUM) ARTICLE_COL_COUNT };
/* a version's columns, counted from its first; then services, categories
 * and the text column */
enum {
	VERSION_COLUMNS(VERSION_COL_ENUM) VERSION_COL_services,
	VERSION_COL_categories,
	VERSION_COL_text,
	VERSION_COL_COUNT
};

enum {
	ST_KB_INSERT = ST_BASE_KNOWLEDGE,
	ST_KB_UPDATE,
	ST_KB_BY_NUMBER,
	ST_KB_BY_PROBLEM,
	ST_KB_VERSION_INSERT,
	ST_KB_VERSION_UPDATE,
	ST_KB_VERSION_STATE,
	ST_KB_VERSION_GET,
	ST_KB_VERSION_LIST,
	ST_KB_VERSION_SERVICES_CLEAR,
	ST_KB_VERSION_SERVICE_ADD,
	ST_KB_VERSION_CATEGORIES_CLEAR,
	ST_KB_VERSION_CATEGORY_ADD,
	ST_KB_SEARCH_DELETE,
	ST_KB_SEARCH_INSERT,
	ST_KB_TITLE_DELETE,
	ST_KB_TITLE_INSERT,
	ST_KB_LIST,
	ST_KB_SEARCH,
	ST_KB_SUGGEST,
	ST_KB_COUNT_VIEW,
	ST_KB_COUNT_DEFLECTION,
	ST_KB_COUNT_LINK,
	ST_KB_RATING_GET,
	ST_KB_RATING_INSERT,
	ST_KB_RATING_UPDATE,
	ST_KB_RATING_COUNTS,
	ST_KB_RATING_LIST,
	ST_KB_LINK_INSERT,
	ST_KB_LINK_LIST,
	ST_KB_ATTACHMENT_INSERT,
	ST_KB_ATTACHMENT_LIST,
	ST_KB_ATTACHMENT_GET,
	ST_KB_REVIEW_DUE,
	ST_KB_REVIEW_MARK,
	ST_KNOWLEDGE__END
};

extern const struct db_stmt knowledge_sql[ST_KNOWLEDGE__END - ST_BASE_KNOWLEDGE];

#endif
