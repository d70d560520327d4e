/*
 * repo_knowledge.c — the knowledge base's storage (core/port/knowledge.h):
 * article rows read with the version they show, versions with their
 * services and categories, the search index kept in the article's own
 * transaction, the list's two plans (a keyset page, a ranked search by
 * offset) and suggestions, ratings, ticket links, attachments and the
 * review pass.  Enums are stored as their names, keywords one per line.
 */
#include <string.h>

#include "core/knowledge/article.h"
#include "store/store_int.h"
#include "core/port/knowledge.h"
#include "store/knowledge_sql.h"
#include "base/banned.h"

/* X(sql, member, how) of knowledge_sql.h: read as the member's type says
 * (STORE_COL), or by hand after the table (SKIP). */
#define KB_COL_TEXT(S, m) STORE_COL(struct S, m)
#define KB_COL_INT64(S, m) STORE_COL(struct S, m)
#define KB_COL_INT(S, m) STORE_COL(struct S, m)
#define KB_COL_BOOL(S, m) STORE_COL(struct S, m)
#define KB_COL_SKIP(S, m) STORE_COL_SKIP
#define ARTICLE_COL_ENTRY(sql, member, type) KB_COL_##type(article, member),
#define VERSION_COL_ENTRY(sql, member, type) KB_COL_##type(article_version, member),
static const struct store_col article_cols[ARTICLE_COL_COUNT] = {ARTICLE_COLUMNS(ARTICLE_COL_ENTRY)};
static const struct store_col version_cols[] = {VERSION_COLUMNS(VERSION_COL_ENTRY)};
#define VERSION_COLS (sizeof(version_cols) / sizeof(version_cols[0]))

/* The version's columns from first on: VERSION_COLUMNS, its services and
 * categories, the text column (body_text or NULL) and, where a statement
 * selects it, the body. */
static void read_version_at(struct store *s, struct db_rows *r, int first, bool with_body, struct article_version *v)
{
	store_read_cols(s, r, first, version_cols, VERSION_COLS, v, sizeof(*v));
	enum article_version_state st = VERSION_DRAFT;
	enum article_kind kind = KIND_HOW_TO;
	enum article_audience audience = AUDIENCE_AGENTS;
	article_version_state_parse(db_col_text(r, first + VERSION_COL_state), &st);
	article_kind_parse(db_col_text(r, first + VERSION_COL_kind), &kind);
	article_audience_parse(db_col_text(r, first + VERSION_COL_audience), &audience);
	v->state = st;
	v->kind = kind;
	v->audience = audience;
	v->keywords = store_split(s, db_col_text(r, first + VERSION_COL_keywords), '\n', &v->keyword_count);
	v->services = store_split(s, db_col_text(r, first + VERSION_COL_services), '\n', &v->service_count);
	v->categories = store_split(s, db_col_text(r, first + VERSION_COL_categories), '\n', &v->category_count);
	v->body_text = store_col_str(s, r, first + VERSION_COL_text);
	if (with_body)
		v->body = store_col_str(s, r, first + VERSION_COL_COUNT);
}

static void read_article(struct store *s, struct db_rows *r, void *item)
{
	struct article *a = item;
	STORE_READ(s, r, article_cols, a);
	enum article_state st = ARTICLE_DRAFT;
	enum article_version_state latest = VERSION_DRAFT;
	article_state_parse(db_col_text(r, ARTICLE_COL_state), &st);
	article_version_state_parse(db_col_text(r, ARTICLE_COL_latest_state), &latest);
	a->state = st;
	a->latest_state = latest;
	read_version_at(s, r, ARTICLE_COL_COUNT, false, &a->v);
}

static void read_version(struct store *s, struct db_rows *r, void *item)
{
	read_version_at(s, r, 0, false, item);
}

static void read_version_body(struct store *s, struct db_rows *r, void *item)
{
	read_version_at(s, r, 0, true, item);
}

/* The article row's arguments, the same for an insert and an update: ?1
 * and ?2 are the statement's own (number and creator, or id and the
 * expected revision), ?11 the time written. */
#define ARTICLE_ARGS 13
static void article_args(const struct article *a, struct db_arg first, struct db_arg second, int64_t at,
			 struct db_arg v[ARTICLE_ARGS])
{
	struct db_arg x[ARTICLE_ARGS] = {first,
					 second,
					 DB_TEXT(article_state_name(a->state)),
					 DB_INT(a->shown_version),
					 DB_INT(a->latest_version),
					 DB_ID(a->published_version),
					 DB_ID(a->owner_id),
					 DB_TEXT(a->problem),
					 DB_ID(a->review_by),
					 DB_ID(a->review_notified),
					 DB_INT(at),
					 DB_ID(a->published_at),
					 DB_ID(a->retired_at)};
	memcpy(v, x, sizeof(x));
}

enum sw_err store_article_insert(struct store *s, struct article *a, struct sw_error *err)
{
	struct db_arg v[ARTICLE_ARGS];
	article_args(a, DB_TEXT(a->number), DB_ID(a->created_by_id), a->created_at, v);
	a->revision = 1;
	return store_write(s, ST_KB_INSERT, v, ARTICLE_ARGS, &a->id, err);
}

enum sw_err store_article_update(struct store *s, const struct article *a, int64_t expected, struct sw_error *err)
{
	struct db_arg v[ARTICLE_ARGS];
	article_args(a, DB_INT(a->id), DB_INT(expected), a->updated_at, v);
	int64_t changed = 0;
	enum sw_err rc = db_exec(s->conn, ST(ST_KB_UPDATE), v, ARTICLE_ARGS, &changed, err);
	if (!rc && changed == 0)
		return sw_fail(err, SW_ESTALE, "stale-version", "%s has changed since revision %lld", a->number,
			       (long long)expected);
	return rc;
}

enum sw_err store_article_by_number(struct store *s, const char *number, struct article *out, struct sw_error *err)
{
	return store_find(s, ST_KB_BY_NUMBER, DB_TEXT(number), read_article, out, err, "no article '%s'", number);
}

enum sw_err store_article_by_problem(struct store *s, const char *number, struct article *out, struct sw_error *err)
{
	return store_find(s, ST_KB_BY_PROBLEM, DB_TEXT(number), read_article, out, err,
			  "no known-error article for '%s'", number);
}

/* A version's services and categories, replaced by v's. */
static enum sw_err write_lists(struct store *s, const struct article_version *v, bool fresh, struct sw_error *err)
{
	struct db_arg id[] = {DB_INT(v->id)};
	enum sw_err rc = SW_OK;
	if (!fresh && ((rc = db_exec(s->conn, ST(ST_KB_VERSION_SERVICES_CLEAR), id, 1, NULL, err)) ||
		       (rc = db_exec(s->conn, ST(ST_KB_VERSION_CATEGORIES_CLEAR), id, 1, NULL, err))))
		return rc;
	for (size_t i = 0; !rc && i < v->service_count; i++) {
		struct db_arg a[] = {DB_INT(v->id), DB_INT(v->service_ids[i])};
		rc = db_exec(s->conn, ST(ST_KB_VERSION_SERVICE_ADD), a, NARGS(a), NULL, err);
	}
	for (size_t i = 0; !rc && i < v->category_count; i++) {
		struct db_arg a[] = {DB_INT(v->id), DB_INT(v->category_ids[i])};
		rc = db_exec(s->conn, ST(ST_KB_VERSION_CATEGORY_ADD), a, NARGS(a), NULL, err);
	}
	return rc;
}

/* A version's arguments, the same for an insert and an update: ?1 and ?2
 * the statement's own (the article and the version number, or the
 * version's id and number), ?12 the time written; an insert adds its
 * creator as ?15.  NULL when out of memory. */
#define VERSION_ARGS 14
static bool version_args(struct store *s, const struct article_version *v, struct db_arg first, int64_t at,
			 struct db_arg out[VERSION_ARGS])
{
	const char *keywords = store_join(s, v->keywords, v->keyword_count, '\n');
	struct db_arg x[VERSION_ARGS] = {first,
					 DB_INT(v->version),
					 DB_TEXT(article_version_state_name(v->state)),
					 DB_TEXT(article_kind_name(v->kind)),
					 DB_TEXT(article_audience_name(v->audience)),
					 DB_TEXT(v->title),
					 DB_TEXT(v->summary ? v->summary : ""),
					 DB_TEXT(v->body ? v->body : ""),
					 DB_TEXT(v->body_text ? v->body_text : ""),
					 DB_TEXT(keywords),
					 DB_TEXT(v->note),
					 DB_INT(at),
					 DB_ID(v->published_by_id),
					 DB_ID(v->published_at)};
	memcpy(out, x, sizeof(x));
	return keywords != NULL;
}

enum sw_err store_article_version_insert(struct store *s, struct article_version *v, struct sw_error *err)
{
	struct db_arg a[VERSION_ARGS + 1];
	if (!version_args(s, v, DB_INT(v->article_id), v->created_at, a))
		return store_nomem(err);
	a[VERSION_ARGS] = DB_ID(v->created_by_id);
	enum sw_err rc = store_write(s, ST_KB_VERSION_INSERT, a, NARGS(a), &v->id, err);
	return rc ? rc : write_lists(s, v, true, err);
}

enum sw_err store_article_version_update(struct store *s, const struct article_version *v, struct sw_error *err)
{
	struct db_arg a[VERSION_ARGS];
	if (!version_args(s, v, DB_INT(v->id), v->updated_at, a))
		return store_nomem(err);
	enum sw_err rc = store_write(s, ST_KB_VERSION_UPDATE, a, NARGS(a), NULL, err);
	return rc ? rc : write_lists(s, v, false, err);
}

enum sw_err store_article_version_state(struct store *s, const struct article_version *v, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(v->id),
			     DB_TEXT(article_version_state_name(v->state)),
			     DB_TEXT(v->note),
			     DB_INT(v->updated_at),
			     DB_ID(v->published_by_id),
			     DB_ID(v->published_at)};
	return db_exec(s->conn, ST(ST_KB_VERSION_STATE), a, NARGS(a), NULL, err);
}

enum sw_err store_article_version_get(struct store *s, int64_t article_id, int version, struct article_version *out,
				      struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(article_id), DB_INT(version)};
	enum sw_err rc = store_one(s, ST_KB_VERSION_GET, a, NARGS(a), read_version_body, out, err);
	return rc == SW_ENOTFOUND ? sw_fail(err, SW_ENOTFOUND, NULL, "no version %d", version) : rc;
}

enum sw_err store_article_versions(struct store *s, int64_t article_id, struct article_version_list *out,
				   struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(article_id)};
	memset(out, 0, sizeof(*out));
	return STORE_LIST(s, ST_KB_VERSION_LIST, a, NARGS(a), read_version, out, err);
}

enum sw_err store_article_index(struct store *s, int64_t article_id, const struct article_version *v,
				struct sw_error *err)
{
	const char *keywords = store_join(s, v->keywords, v->keyword_count, ' ');
	if (!keywords)
		return store_nomem(err);
	struct db_arg id[] = {DB_INT(article_id)};
	struct db_arg a[] = {DB_INT(article_id), DB_TEXT(v->title), DB_TEXT(v->summary ? v->summary : ""),
			     DB_TEXT(v->body_text ? v->body_text : ""), DB_TEXT(keywords)};
	enum sw_err rc;
	if ((rc = db_exec(s->conn, ST(ST_KB_SEARCH_DELETE), id, 1, NULL, err)) ||
	    (rc = db_exec(s->conn, ST(ST_KB_SEARCH_INSERT), a, NARGS(a), NULL, err)) ||
	    (rc = db_exec(s->conn, ST(ST_KB_TITLE_DELETE), id, 1, NULL, err)))
		return rc;
	return db_exec(s->conn, ST(ST_KB_TITLE_INSERT), a, 2, NULL, err);
}

/* ?1..?10 of every list (KB_WHERE in knowledge_sql.c). */
#define FILTER_ARGS 10
static void filter_args(const struct article_filter *f, struct db_arg a[FILTER_ARGS])
{
	struct db_arg x[FILTER_ARGS] = {DB_INT(f->readers_only), DB_INT(f->published), DB_TEXT(f->state),
					DB_TEXT(f->kind),        DB_TEXT(f->audience), DB_ID(f->owner_id),
					DB_ID(f->service_id),    DB_TEXT(f->category), DB_ID(f->ticket_id),
					DB_ID(f->stale_at)};
	memcpy(a, x, sizeof(x));
}

/* A search's pages go by offset: a rank can move between two pages, an
 * offset only repeats or skips what moved. */
#define SEARCH_OFFSET_MAX 10000

enum sw_err store_article_list(struct store *s, const struct article_filter *f, const struct page *p,
			       struct article_list *out, struct sw_error *err)
{
	struct db_arg a[FILTER_ARGS + 4];
	filter_args(f, a);
	int64_t at = 0, id = 0;
	enum sw_err rc;
	const char *tag = f->text ? "articles-search" : "articles";
	if (p->cursor && (rc = store_cursor_decode2(p->cursor, tag, &at, &id, err)))
		return rc;
	int st = ST_KB_LIST;
	if (f->text) {
		const char *all = store_search_query_as(s, f->text, STORE_SEARCH_ALL);
		if (!all)
			return store_nomem(err);
		/* the same words over the titles' own index */
		a[FILTER_ARGS] = DB_TEXT(all);
		a[FILTER_ARGS + 1] = DB_TEXT(all);
		a[FILTER_ARGS + 2] = DB_INT(p->limit + 1);
		a[FILTER_ARGS + 3] = DB_INT(at < 0 || at > SEARCH_OFFSET_MAX ? SEARCH_OFFSET_MAX : at);
		st = ST_KB_SEARCH;
	} else {
		a[FILTER_ARGS] = p->cursor ? DB_INT(at) : DB_NULL;
		a[FILTER_ARGS + 1] = DB_INT(id);
		a[FILTER_ARGS + 2] = DB_INT(p->limit + 1);
	}
	void *v;
	memset(out, 0, sizeof(*out));
	if ((rc = store_collect(s, st, a, f->text ? FILTER_ARGS + 4 : FILTER_ARGS + 3, sizeof(struct article),
				read_article, &v, &out->count, err)))
		return rc;
	out->items = v;
	if (out->count > (size_t)p->limit) {
		out->count = (size_t)p->limit;
		const struct article *last = &out->items[out->count - 1];
		out->next_cursor = f->text ? store_cursor_encode2(s, tag, at + p->limit, 0)
					   : store_cursor_encode2(s, tag, last->updated_at, last->id);
		if (f->text && at + p->limit > SEARCH_OFFSET_MAX)
			out->next_cursor = NULL;
	}
	return SW_OK;
}

enum sw_err store_article_suggest(struct store *s, const struct article_filter *f, int limit, struct article_list *out,
				  struct sw_error *err)
{
	struct db_arg a[FILTER_ARGS + 2];
	filter_args(f, a);
	const char *any = store_search_query_as(s, f->text, STORE_SEARCH_ANY);
	if (!any)
		return store_nomem(err);
	a[FILTER_ARGS] = DB_TEXT(any);
	a[FILTER_ARGS + 1] = DB_INT(limit);
	memset(out, 0, sizeof(*out));
	return STORE_LIST(s, ST_KB_SUGGEST, a, NARGS(a), read_article, out, err);
}

enum sw_err store_article_count(struct store *s, int64_t id, enum article_counter which, struct sw_error *err)
{
	static const int st[] = {[ARTICLE_COUNT_VIEW] = ST_KB_COUNT_VIEW,
				 [ARTICLE_COUNT_DEFLECTION] = ST_KB_COUNT_DEFLECTION,
				 [ARTICLE_COUNT_LINK] = ST_KB_COUNT_LINK};
	struct db_arg a[] = {DB_INT(id)};
	return db_exec(s->conn, ST(st[which]), a, 1, NULL, err);
}

static void read_rating(struct store *s, struct db_rows *r, void *item)
{
	struct article_rating *x = item;
	x->user = store_col_str(s, r, 0);
	x->helpful = db_col_int(r, 1) != 0;
	x->comment = store_col_str(s, r, 2);
	x->created_at = db_col_int(r, 3);
	x->updated_at = db_col_int(r, 4);
}

enum sw_err store_article_rating_get(struct store *s, int64_t article_id, int64_t user_id, struct article_rating *out,
				     struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(article_id), DB_INT(user_id)};
	return store_one(s, ST_KB_RATING_GET, a, NARGS(a), read_rating, out, err);
}

enum sw_err store_article_rating_put(struct store *s, int64_t article_id, int64_t user_id,
				     const struct article_rating *r, bool replace, int helpful_delta,
				     int not_helpful_delta, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(article_id), DB_INT(user_id), DB_INT(r->helpful), DB_TEXT(r->comment),
			     DB_INT(r->updated_at)};
	struct db_arg c[] = {DB_INT(article_id), DB_INT(helpful_delta), DB_INT(not_helpful_delta)};
	enum sw_err rc =
		db_exec(s->conn, ST(replace ? ST_KB_RATING_UPDATE : ST_KB_RATING_INSERT), a, NARGS(a), NULL, err);
	return rc ? rc : db_exec(s->conn, ST(ST_KB_RATING_COUNTS), c, NARGS(c), NULL, err);
}

enum sw_err store_article_ratings(struct store *s, int64_t article_id, int limit, struct article_rating_list *out,
				  struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(article_id), DB_INT(limit)};
	memset(out, 0, sizeof(*out));
	return STORE_LIST(s, ST_KB_RATING_LIST, a, NARGS(a), read_rating, out, err);
}

enum sw_err store_article_link_insert(struct store *s, int64_t article_id, int64_t ticket_id, int64_t actor_id,
				      int64_t now, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(article_id), DB_INT(ticket_id), DB_ID(actor_id), DB_INT(now)};
	return db_exec(s->conn, ST(ST_KB_LINK_INSERT), a, NARGS(a), NULL, err);
}

static void read_link(struct store *s, struct db_rows *r, void *item)
{
	struct article_link *l = item;
	l->ticket = store_col_str(s, r, 0);
	l->title = store_col_str(s, r, 1);
	l->kind = store_col_str(s, r, 2);
	l->state = store_col_str(s, r, 3);
	l->created_by = store_col_str(s, r, 4);
	l->created_at = db_col_int(r, 5);
}

enum sw_err store_article_links(struct store *s, int64_t article_id, int limit, struct article_link_list *out,
				struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(article_id), DB_INT(limit)};
	memset(out, 0, sizeof(*out));
	return STORE_LIST(s, ST_KB_LINK_LIST, a, NARGS(a), read_link, out, err);
}

enum sw_err store_article_attachment_insert(struct store *s, int64_t article_id, struct attachment *x,
					    struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(article_id),      DB_TEXT(x->filename), DB_TEXT(x->content_type),
			     DB_INT(x->size),         DB_TEXT(x->sha256),   DB_BLOB(x->data, (size_t)x->size),
			     DB_ID(x->created_by_id), DB_INT(x->created_at)};
	return store_write(s, ST_KB_ATTACHMENT_INSERT, a, NARGS(a), &x->id, err);
}

static void read_attachment_data(struct store *s, struct db_rows *r, void *item)
{
	store_read_attachment(s, r, item);
	struct attachment *x = item;
	size_t len = 0;
	const void *p = db_col_blob(r, 8, &len);
	void *copy = arena_alloc(s->arena, len ? len : 1);
	if (copy && len)
		memcpy(copy, p, len);
	x->data = copy;
	x->size = (int64_t)len;
}

enum sw_err store_article_attachments(struct store *s, int64_t article_id, struct attachment_list *out,
				      struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(article_id)};
	memset(out, 0, sizeof(*out));
	return STORE_LIST(s, ST_KB_ATTACHMENT_LIST, a, NARGS(a), store_read_attachment, out, err);
}

enum sw_err store_article_attachment_get(struct store *s, int64_t article_id, int64_t id, struct attachment *out,
					 struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(article_id), DB_INT(id)};
	enum sw_err rc = store_one(s, ST_KB_ATTACHMENT_GET, a, NARGS(a), read_attachment_data, out, err);
	if (!rc && !out->data)
		return store_nomem(err);
	return rc;
}

enum sw_err store_articles_review_due(struct store *s, int64_t now, int limit, struct article_list *out,
				      struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(now), DB_INT(limit)};
	memset(out, 0, sizeof(*out));
	return STORE_LIST(s, ST_KB_REVIEW_DUE, a, NARGS(a), read_article, out, err);
}

enum sw_err store_article_review_mark(struct store *s, int64_t id, int64_t review_by, bool *marked,
				      struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_INT(review_by)};
	int64_t changed = 0;
	enum sw_err rc = db_exec(s->conn, ST(ST_KB_REVIEW_MARK), a, NARGS(a), &changed, err);
	*marked = !rc && changed > 0;
	return rc;
}
