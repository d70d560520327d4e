/*
 * knowledge_sql.c — the SQL of the knowledge base (repo_knowledge.c):
 * articles and the version each shows, versions with their services and
 * categories, the search index (migrations/<backend>/0021) and the three
 * ways it is read (a ranked search, suggestions, the list without text),
 * ratings, ticket links, attachments and the review pass.  Columns are
 * listed by ARTICLE_COLUMNS and VERSION_COLUMNS (knowledge_sql.h), which
 * the repository reads by position.  See catalog.h.
 */
#include "store/knowledge_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_KNOWLEDGE

#define COL_SQL(sql, member, type) sql ", "

/* a version's services (names) and categories (paths), one per line */
#define VERSION_LISTS                                                                                                  \
	"(SELECT group_concat(name, char(10)) FROM (SELECT s.name FROM article_version_services x"                     \
	" JOIN services s ON s.id = x.service_id WHERE x.version_id = v.id ORDER BY s.name)),"                         \
	" (SELECT group_concat(path, char(10)) FROM (SELECT c.path FROM article_version_categories x"                  \
	" JOIN categories c ON c.id = x.category_id WHERE x.version_id = v.id ORDER BY c.path))"
#define VERSION_LISTS_PG                                                                                               \
	"(SELECT string_agg(s.name, chr(10) ORDER BY s.name COLLATE \"C\") FROM article_version_services x"            \
	" JOIN services s ON s.id = x.service_id WHERE x.version_id = v.id),"                                          \
	" (SELECT string_agg(c.path, chr(10) ORDER BY c.path COLLATE \"C\") FROM article_version_categories x"         \
	" JOIN categories c ON c.id = x.category_id WHERE x.version_id = v.id)"

#define VERSION_SELECT VERSION_COLUMNS(COL_SQL) VERSION_LISTS
#define VERSION_SELECT_PG VERSION_COLUMNS(COL_SQL) VERSION_LISTS_PG
#define ARTICLE_SELECT ARTICLE_COLUMNS(COL_SQL) VERSION_SELECT
#define ARTICLE_SELECT_PG ARTICLE_COLUMNS(COL_SQL) VERSION_SELECT_PG

#define SHOWN " JOIN article_versions v ON v.article_id = a.id AND v.version = a.shown_version"
#define ARTICLE_FROM " FROM articles a" SHOWN
/* a search's matches lead (FTS5 cannot tell SQLite how many there are) */
#define SEARCH_FROM " FROM article_search m CROSS JOIN articles a ON a.id = m.rowid" SHOWN
#define SEARCH_FROM_PG " FROM article_search m JOIN articles a ON a.id = m.article_id" SHOWN

/* A search ranks a bounded set of candidates, so that a query matching
 * most of 100 000 articles costs what one matching a thousand does
 * (docs/knowledge.md): the newest KB_CANDIDATES articles with every word
 * (?11), and the newest KB_CANDIDATES with every word in the title (?12,
 * the same query over the titles' own index, migrations/<backend>/0044),
 * the index giving both in id order without reading the rest; t says
 * which were title matches.  Only ids and sort keys pass through the
 * sort; the page's rows are read after it. */
#define KB_CANDIDATES "1000"
#define SEARCH_CANDIDATES                                                                                              \
	" FROM (SELECT id, max(t) AS t FROM (SELECT * FROM (SELECT rowid AS id, 0 AS t FROM article_search"            \
	" WHERE article_search MATCH ?11 ORDER BY rowid DESC LIMIT " KB_CANDIDATES ") UNION ALL SELECT * FROM"         \
	" (SELECT rowid, 1 FROM article_title_search WHERE article_title_search MATCH ?12 ORDER BY rowid DESC"         \
	" LIMIT " KB_CANDIDATES ")) GROUP BY id) c CROSS JOIN articles a ON a.id = c.id" SHOWN
#define SEARCH_CANDIDATES_PG                                                                                           \
	" FROM (SELECT id, max(t) AS t FROM ((SELECT article_id AS id, 0 AS t FROM article_search"                     \
	" WHERE doc @@ to_tsquery('simple', ?11) ORDER BY article_id DESC LIMIT " KB_CANDIDATES ") UNION ALL"          \
	" (SELECT article_id, 1 FROM article_title_search WHERE doc @@ to_tsquery('simple', ?12)"                      \
	" ORDER BY article_id DESC"                                                                                    \
	" LIMIT " KB_CANDIDATES ")) u GROUP BY id) c JOIN articles a ON a.id = c.id" SHOWN
/* suggestions score (BM25, ts_rank) the newest KB_SUGGEST_CANDIDATES
 * matches of any word: the id below which the rest lie */
#define KB_SUGGEST_CANDIDATES "2000"
#define SUGGEST_FLOOR                                                                                                  \
	" AND m.rowid >= COALESCE((SELECT rowid FROM article_search WHERE article_search MATCH ?11"                    \
	" ORDER BY rowid DESC LIMIT 1 OFFSET " KB_SUGGEST_CANDIDATES " - 1), 0)"
#define SUGGEST_FLOOR_PG                                                                                               \
	" AND m.article_id >= COALESCE((SELECT article_id FROM article_search WHERE doc @@ to_tsquery('simple', ?11)"  \
	" ORDER BY article_id DESC LIMIT 1 OFFSET " KB_SUGGEST_CANDIDATES " - 1), 0)"
#define PAGE_ROWS " p CROSS JOIN articles a ON a.id = p.id" SHOWN
#define PAGE_ROWS_PG " p JOIN articles a ON a.id = p.id" SHOWN

/* The filters of every list: ?1 readers only (published, for everyone),
 * ?2 published only, ?3 state, ?4 kind, ?5 audience, ?6 owner, ?7
 * service, ?8 category path (or one below it), ?9 a linked ticket, ?10
 * review due by. */
#define KB_WHERE                                                                                                       \
	" WHERE (?1 = 0 OR (a.state = 'published' AND v.audience = 'everyone'))"                                       \
	" AND (?2 = 0 OR a.state = 'published')"                                                                       \
	" AND (?3 IS NULL OR a.state = ?3) AND (?4 IS NULL OR v.kind = ?4) AND (?5 IS NULL OR v.audience = ?5)"        \
	" AND (?6 IS NULL OR a.owner_id = ?6)"                                                                         \
	" AND (?7 IS NULL OR EXISTS (SELECT 1 FROM article_version_services x WHERE x.version_id = v.id"               \
	"      AND x.service_id = ?7))"                                                                                \
	" AND (?8 IS NULL OR EXISTS (SELECT 1 FROM article_version_categories x JOIN categories c"                     \
	"      ON c.id = x.category_id WHERE x.version_id = v.id"                                                      \
	"      AND (c.path = ?8 OR substr(c.path, 1, length(?8) + 1) = ?8 || '/')))"                                   \
	" AND (?9 IS NULL OR EXISTS (SELECT 1 FROM article_links l WHERE l.article_id = a.id AND l.ticket_id = ?9))"   \
	" AND (?10 IS NULL OR (a.review_by <= ?10 AND a.state <> 'retired'))"
#define KB_WHERE_PG                                                                                                    \
	" WHERE (CAST(?1 AS BIGINT) = 0 OR (a.state = 'published' AND v.audience = 'everyone'))"                       \
	" AND (CAST(?2 AS BIGINT) = 0 OR a.state = 'published')"                                                       \
	" AND (CAST(?3 AS TEXT) IS NULL OR a.state = ?3) AND (CAST(?4 AS TEXT) IS NULL OR v.kind = ?4)"                \
	" AND (CAST(?5 AS TEXT) IS NULL OR v.audience = ?5)"                                                           \
	" AND (CAST(?6 AS BIGINT) IS NULL OR a.owner_id = ?6)"                                                         \
	" AND (CAST(?7 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM article_version_services x"                         \
	"      WHERE x.version_id = v.id AND x.service_id = ?7))"                                                      \
	" AND (CAST(?8 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM article_version_categories x JOIN categories c"       \
	"      ON c.id = x.category_id WHERE x.version_id = v.id"                                                      \
	"      AND (c.path = ?8 OR left(c.path, length(CAST(?8 AS TEXT)) + 1) = CAST(?8 AS TEXT) || '/')))"            \
	" AND (CAST(?9 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM article_links l WHERE l.article_id = a.id"          \
	"      AND l.ticket_id = ?9))"                                                                                 \
	" AND (CAST(?10 AS BIGINT) IS NULL OR (a.review_by <= ?10 AND a.state <> 'retired'))"

/* Ranked after title matches: recency in days, plus up to 30 days for
 * helpfulness (the share of helpful ratings, smoothed: 15 with none). */
#define RANK                                                                                                           \
	"(COALESCE(a.published_at, a.updated_at) / 86400.0"                                                            \
	" + 30.0 * (a.helpful + 1.0) / (a.helpful + a.not_helpful + 2.0))"
/* the snippet's source: the body's text as far as the index reads it */
#define BODY_TEXT ", substr(v.body_text, 1, 50000)"
#define BODY_TEXT_PG ", left(v.body_text, 50000)"

/* the index's row: ?1 article id, ?2 title, ?3 summary, ?4 body text, ?5 keywords */
#define INDEX_DOC_PG                                                                                                   \
	"setweight(steward_search_doc(CAST(?2 AS TEXT)), 'A') || setweight(steward_search_doc(CAST(?5 AS TEXT)), 'B')" \
	" || setweight(steward_search_doc(CAST(?3 AS TEXT)), 'C')"                                                     \
	" || setweight(steward_search_doc(left(CAST(?4 AS TEXT), 50000)), 'D')"

#define ATTACHMENT_COLS                                                                                                \
	"a.id, a.article_id, a.filename, a.content_type, a.size, a.sha256,"                                            \
	" (SELECT u.login FROM users u WHERE u.id = a.created_by), a.created_at"
#define RATING_COLS                                                                                                    \
	"(SELECT u.login FROM users u WHERE u.id = r.user_id), r.helpful, r.comment, r.created_at, r.updated_at"

/* clang-format off */
const struct db_stmt knowledge_sql[ST_KNOWLEDGE__END - ST_BASE_KNOWLEDGE] = {
	/* ?1 number, ?2 created by, then the row as ST_KB_UPDATE writes it */
	S(ST_KB_INSERT,
	  "INSERT INTO articles (number, created_by, state, shown_version, latest_version, published_version, owner_id,"
	  " problem, review_by, review_notified, created_at, updated_at, published_at, retired_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13) RETURNING id"),
	S(ST_KB_UPDATE,
	  "UPDATE articles SET state = ?3, shown_version = ?4, latest_version = ?5, published_version = ?6,"
	  " owner_id = ?7, problem = ?8, review_by = ?9, review_notified = ?10, updated_at = ?11, published_at = ?12,"
	  " retired_at = ?13, revision = revision + 1 WHERE id = ?1 AND revision = ?2"),
	SPG(ST_KB_BY_NUMBER, "SELECT " ARTICLE_SELECT ", NULL" ARTICLE_FROM " WHERE a.number = ?1",
	    "SELECT " ARTICLE_SELECT_PG ", NULL" ARTICLE_FROM " WHERE a.number = ?1"),
	SPG(ST_KB_BY_PROBLEM, "SELECT " ARTICLE_SELECT ", NULL" ARTICLE_FROM " WHERE a.problem = ?1 ORDER BY a.id LIMIT 1",
	    "SELECT " ARTICLE_SELECT_PG ", NULL" ARTICLE_FROM " WHERE a.problem = ?1 ORDER BY a.id LIMIT 1"),
	/* ?1 article, ?2 version, then the content as ST_KB_VERSION_UPDATE writes it; ?15 the creator */
	S(ST_KB_VERSION_INSERT,
	  "INSERT INTO article_versions (article_id, version, state, kind, audience, title, summary, body, body_text,"
	  " keywords, note, created_at, updated_at, published_by, published_at, created_by)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, ?15) RETURNING id"),
	S(ST_KB_VERSION_UPDATE,
	  "UPDATE article_versions SET state = ?3, kind = ?4, audience = ?5, title = ?6, summary = ?7, body = ?8,"
	  " body_text = ?9, keywords = ?10, note = ?11, updated_at = ?12, published_by = ?13, published_at = ?14"
	  " WHERE id = ?1 AND version = ?2"),
	S(ST_KB_VERSION_STATE,
	  "UPDATE article_versions SET state = ?2, note = ?3, updated_at = ?4, published_by = ?5, published_at = ?6"
	  " WHERE id = ?1"),
	SPG(ST_KB_VERSION_GET,
	    "SELECT " VERSION_SELECT ", v.body_text, v.body FROM article_versions v WHERE v.article_id = ?1 AND v.version = ?2",
	    "SELECT " VERSION_SELECT_PG ", v.body_text, v.body FROM article_versions v"
	    " WHERE v.article_id = ?1 AND v.version = ?2"),
	SPG(ST_KB_VERSION_LIST,
	    "SELECT " VERSION_SELECT ", NULL, NULL FROM article_versions v WHERE v.article_id = ?1 ORDER BY v.version DESC",
	    "SELECT " VERSION_SELECT_PG ", NULL, NULL FROM article_versions v WHERE v.article_id = ?1"
	    " ORDER BY v.version DESC"),
	S(ST_KB_VERSION_SERVICES_CLEAR, "DELETE FROM article_version_services WHERE version_id = ?1"),
	S(ST_KB_VERSION_SERVICE_ADD, "INSERT INTO article_version_services (version_id, service_id) VALUES (?1, ?2)"),
	S(ST_KB_VERSION_CATEGORIES_CLEAR, "DELETE FROM article_version_categories WHERE version_id = ?1"),
	S(ST_KB_VERSION_CATEGORY_ADD, "INSERT INTO article_version_categories (version_id, category_id) VALUES (?1, ?2)"),
	SPG(ST_KB_SEARCH_DELETE, "DELETE FROM article_search WHERE rowid = ?1",
	    "DELETE FROM article_search WHERE article_id = ?1"),
	SPG(ST_KB_SEARCH_INSERT,
	    "INSERT INTO article_search (rowid, title, summary, body, keywords) VALUES (?1, ?2, ?3, substr(?4, 1, 50000), ?5)",
	    "INSERT INTO article_search (article_id, doc) VALUES (?1, " INDEX_DOC_PG ")"),
	/* the titles' own index (migrations/<backend>/0044): ?1 article id, ?2 title */
	SPG(ST_KB_TITLE_DELETE, "DELETE FROM article_title_search WHERE rowid = ?1",
	    "DELETE FROM article_title_search WHERE article_id = ?1"),
	SPG(ST_KB_TITLE_INSERT, "INSERT INTO article_title_search (rowid, title) VALUES (?1, ?2)",
	    "INSERT INTO article_title_search (article_id, doc) VALUES (?1, steward_search_doc(CAST(?2 AS TEXT)))"),
	/* ?11, ?12 the cursor (updated_at, id), ?13 the limit */
	SPG(ST_KB_LIST,
	    "SELECT " ARTICLE_SELECT ", NULL" ARTICLE_FROM KB_WHERE
	    " AND (?11 IS NULL OR (a.updated_at, a.id) < (?11, ?12)) ORDER BY a.updated_at DESC, a.id DESC LIMIT ?13",
	    "SELECT " ARTICLE_SELECT_PG ", NULL" ARTICLE_FROM KB_WHERE_PG
	    " AND (CAST(?11 AS BIGINT) IS NULL OR (a.updated_at, a.id) < (?11, CAST(?12 AS BIGINT)))"
	    " ORDER BY a.updated_at DESC, a.id DESC LIMIT ?13"),
	/* ?11 the query of every word, ?12 of every word in the title, ?13 the
	 * limit, ?14 the offset: title matches first, then RANK */
	SPG(ST_KB_SEARCH,
	    "SELECT " ARTICLE_SELECT BODY_TEXT " FROM (SELECT a.id, c.t, " RANK " AS r" SEARCH_CANDIDATES KB_WHERE
	    " ORDER BY c.t DESC, r DESC, a.id DESC LIMIT ?13 OFFSET ?14)" PAGE_ROWS " ORDER BY p.t DESC, p.r DESC, a.id DESC",
	    "SELECT " ARTICLE_SELECT_PG BODY_TEXT_PG " FROM (SELECT a.id, c.t, " RANK " AS r" SEARCH_CANDIDATES_PG
	    KB_WHERE_PG " ORDER BY c.t DESC, r DESC, a.id DESC LIMIT ?13 OFFSET ?14)" PAGE_ROWS_PG
	    " ORDER BY p.t DESC, p.r DESC, a.id DESC"),
	/* ?11 the query of any word, ?12 the limit: most relevant first, the
	 * title weighing most (bm25's weights follow the FTS5 columns: title,
	 * summary, body, keywords; ts_rank's the weights A..D of 0021) */
	SPG(ST_KB_SUGGEST,
	    "SELECT " ARTICLE_SELECT BODY_TEXT " FROM (SELECT a.id, bm25(article_search, 10.0, 3.0, 1.0, 5.0) AS b,"
	    " a.helpful AS h" SEARCH_FROM KB_WHERE " AND m.article_search MATCH ?11" SUGGEST_FLOOR
	    " ORDER BY b, h DESC, a.id DESC LIMIT ?12)" PAGE_ROWS " ORDER BY p.b, p.h DESC, a.id DESC",
	    "SELECT " ARTICLE_SELECT_PG BODY_TEXT_PG " FROM (SELECT a.id, ts_rank(m.doc, to_tsquery('simple', ?11)) AS b,"
	    " a.helpful AS h" SEARCH_FROM_PG KB_WHERE_PG " AND m.doc @@ to_tsquery('simple', ?11)" SUGGEST_FLOOR_PG
	    " ORDER BY b DESC, h DESC, a.id DESC LIMIT ?12)" PAGE_ROWS_PG " ORDER BY p.b DESC, p.h DESC, a.id DESC"),
	S(ST_KB_COUNT_VIEW, "UPDATE articles SET views = views + 1 WHERE id = ?1"),
	S(ST_KB_COUNT_DEFLECTION, "UPDATE articles SET deflections = deflections + 1 WHERE id = ?1"),
	S(ST_KB_COUNT_LINK, "UPDATE articles SET link_count = link_count + 1 WHERE id = ?1"),
	S(ST_KB_RATING_GET, "SELECT " RATING_COLS " FROM article_ratings r WHERE r.article_id = ?1 AND r.user_id = ?2"),
	S(ST_KB_RATING_INSERT,
	  "INSERT INTO article_ratings (article_id, user_id, helpful, comment, created_at, updated_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?5)"),
	S(ST_KB_RATING_UPDATE,
	  "UPDATE article_ratings SET helpful = ?3, comment = ?4, updated_at = ?5 WHERE article_id = ?1 AND user_id = ?2"),
	S(ST_KB_RATING_COUNTS,
	  "UPDATE articles SET helpful = helpful + ?2, not_helpful = not_helpful + ?3 WHERE id = ?1"),
	S(ST_KB_RATING_LIST,
	  "SELECT " RATING_COLS " FROM article_ratings r WHERE r.article_id = ?1 ORDER BY r.updated_at DESC, r.id DESC"
	  " LIMIT ?2"),
	S(ST_KB_LINK_INSERT,
	  "INSERT INTO article_links (article_id, ticket_id, created_by, created_at) VALUES (?1, ?2, ?3, ?4)"),
	S(ST_KB_LINK_LIST,
	  "SELECT t.number, t.title, t.kind, t.state, (SELECT u.login FROM users u WHERE u.id = l.created_by),"
	  " l.created_at FROM article_links l JOIN tickets t ON t.id = l.ticket_id WHERE l.article_id = ?1"
	  " ORDER BY l.id DESC LIMIT ?2"),
	S(ST_KB_ATTACHMENT_INSERT,
	  "INSERT INTO article_attachments (article_id, filename, content_type, size, sha256, data, created_by,"
	  " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id"),
	S(ST_KB_ATTACHMENT_LIST, "SELECT " ATTACHMENT_COLS " FROM article_attachments a WHERE a.article_id = ?1 ORDER BY a.id"),
	S(ST_KB_ATTACHMENT_GET,
	  "SELECT " ATTACHMENT_COLS ", a.data FROM article_attachments a WHERE a.article_id = ?1 AND a.id = ?2"),
	/* ?1 now, ?2 the batch: due, not retired, the owner not told of this date yet */
	SPG(ST_KB_REVIEW_DUE,
	    "SELECT " ARTICLE_SELECT ", NULL" ARTICLE_FROM " WHERE a.review_by <= ?1 AND a.state <> 'retired'"
	    " AND (a.review_notified IS NULL OR a.review_notified <> a.review_by) ORDER BY a.review_by, a.id LIMIT ?2",
	    "SELECT " ARTICLE_SELECT_PG ", NULL" ARTICLE_FROM " WHERE a.review_by <= ?1 AND a.state <> 'retired'"
	    " AND (a.review_notified IS NULL OR a.review_notified <> a.review_by) ORDER BY a.review_by, a.id LIMIT ?2"),
	/* once per article and date, whoever marks it first */
	S(ST_KB_REVIEW_MARK,
	  "UPDATE articles SET review_notified = review_by WHERE id = ?1 AND review_by = ?2"
	  " AND (review_notified IS NULL OR review_notified <> review_by)"),
};
/* clang-format on */
