/*
 * store.c — binding a request to storage, transactions, schema migrations
 * and the small helpers every repository uses.
 *
 * Migrations are the embedded files migrations/NNNN_name.sql, shared by
 * both backends and rewritten for PostgreSQL as they run
 * (store_migration_pg), and migrations/<backend>/NNNN_name.sql, a step
 * written for one backend where the dialects truly differ.  Each runs in
 * its own transaction together with its schema_migrations row, so a
 * failed migration leaves the schema at the previous version.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/embed.h"
#include "base/limits.h"
#include "base/util.h"
#include "store/store_int.h"
#include "store/store_sql.h"
#include "base/banned.h"

enum sw_err store_nomem(struct sw_error *err)
{
	return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
}

enum sw_err store_acquire(struct db *db, struct arena *arena, struct store *out, struct sw_error *err)
{
	struct db_conn *c;
	enum sw_err rc = db_conn_acquire(db, &c, err);
	if (rc)
		return rc;
	out->db = db;
	out->conn = c;
	out->arena = arena;
	out->depth = 0;
	out->tx_serial = 0;
	out->search_set_max = LIMIT_SEARCH_SET_BYTES;
	return SW_OK;
}

struct arena *store_swap_arena(struct store *s, struct arena *arena)
{
	struct arena *old = s->arena;
	s->arena = arena;
	return old;
}

struct arena *store_arena(struct store *s)
{
	return s->arena;
}

/* A transaction begun inside another is a savepoint: it commits into the
 * outer one, or rolls back alone (an import row that fails while the
 * whole import is one transaction). */
static enum sw_err begin(struct store *s, bool long_tx, struct sw_error *err)
{
	s->tx_serial++;
	enum sw_err rc = s->depth  ? db_exec(s->conn, ST(ST_SAVEPOINT), NULL, 0, NULL, err)
			 : long_tx ? db_begin_long(s->conn, err)
				   : db_begin(s->conn, err);
	if (!rc)
		s->depth++;
	return rc;
}

enum sw_err store_begin(struct store *s, struct sw_error *err)
{
	return begin(s, false, err);
}

enum sw_err store_begin_long(struct store *s, struct sw_error *err)
{
	return begin(s, true, err);
}

enum sw_err store_commit(struct store *s, struct sw_error *err)
{
	s->tx_serial++;
	if (s->depth > 1) {
		enum sw_err rc = db_exec(s->conn, ST(ST_SAVEPOINT_RELEASE), NULL, 0, NULL, err);
		if (!rc)
			s->depth--;
		return rc;
	}
	enum sw_err rc = db_commit(s->conn, err);
	if (!rc)
		s->depth = 0;
	return rc;
}

void store_rollback(struct store *s)
{
	s->tx_serial++;
	if (s->depth > 1) {
		struct sw_error ignore;
		sw_error_clear(&ignore);
		if (!db_exec(s->conn, ST(ST_SAVEPOINT_ROLLBACK), NULL, 0, NULL, &ignore))
			db_exec(s->conn, ST(ST_SAVEPOINT_RELEASE), NULL, 0, NULL, &ignore);
		s->depth--;
		return;
	}
	db_rollback(s->conn);
	s->depth = 0;
}

void *store_grow(struct store *s, void *v, size_t n, size_t *cap, size_t elem)
{
	if (v && n < *cap)
		return v;
	size_t ncap = *cap ? 2 * *cap : 16;
	void *bigger = arena_alloc(s->arena, ncap * elem);
	if (!bigger)
		return NULL;
	if (n)
		memcpy(bigger, v, n * elem);
	*cap = ncap;
	return bigger;
}

const char *store_col_str(struct store *s, struct db_rows *r, int col)
{
	const char *v = db_col_text(r, col);
	return v ? arena_strdup(s->arena, v) : NULL;
}

const char *store_join(struct store *s, const char *const *v, size_t n, char sep)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	char *out = arena_alloc(s->arena, len);
	if (!out)
		return NULL;
	char *p = out;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(v[i]);
		if (i)
			*p++ = sep;
		memcpy(p, v[i], l);
		p += l;
	}
	*p = 0;
	return out;
}

const char **store_split(struct store *s, const char *text, char sep, size_t *count)
{
	*count = 0;
	if (!text || !*text)
		return NULL;
	size_t n = 1;
	for (const char *p = text; *p; p++)
		n += *p == sep;
	const char **v = arena_alloc(s->arena, n * sizeof(*v));
	if (!v)
		return NULL;
	const char *p = text;
	for (size_t i = 0; i < n; i++) {
		const char *e = strchr(p, sep);
		size_t len = e ? (size_t)(e - p) : strlen(p);
		v[i] = arena_strndup(s->arena, p, len);
		p += len + 1;
	}
	*count = n;
	return v;
}

const char *store_like_pattern(struct store *s, const char *text)
{
	if (!text)
		return NULL;
	size_t n = strlen(text);
	char *p = arena_alloc(s->arena, 2 * n + 3);
	if (!p)
		return NULL;
	size_t j = 0;
	p[j++] = '%';
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		if (c == '%' || c == '_' || c == '\\')
			p[j++] = '\\';
		p[j++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	p[j++] = '%';
	p[j] = 0;
	return p;
}

static size_t put(char *q, size_t j, const char *lit)
{
	size_t n = strlen(lit);
	memcpy(q + j, lit, n);
	return j + n;
}

/* Shorter words match whole words only: "a" or "in" as a prefix would
 * merge the postings of a large part of the vocabulary (every INC number
 * begins with "in"). */
#define SEARCH_PREFIX_MIN 3

const char *store_search_query_as(struct store *s, const char *text, enum store_search_mode mode)
{
	if (!text)
		return NULL;
	bool pg = s->db && db_backend(s->db) == DB_POSTGRES;
	char quote = pg ? '\'' : '"';
	const char *joiner = mode == STORE_SEARCH_ANY ? (pg ? " | " : " OR ") : (pg ? " & " : " AND ");
	size_t len = strlen(text), pos = 0, start, wlen;
	/* every byte at most doubled by escaping; quotes, suffix and joiner per word */
	char *q = arena_alloc(s->arena, 2 * len + 11 * LIMIT_SEARCH_WORDS + 24);
	if (!q)
		return NULL;
	size_t j = 0;
	int words = 0;
	while (words < LIMIT_SEARCH_WORDS && text_word_next(text, len, &pos, &start, &wlen)) {
		if (words++)
			j = put(q, j, joiner);
		q[j++] = quote;
		for (size_t i = start; i < start + wlen; i++) {
			/* words hold no ASCII punctuation; escaped all the same */
			if (text[i] == quote || (pg && text[i] == '\\'))
				q[j++] = pg && text[i] == '\\' ? '\\' : quote;
			q[j++] = text[i];
		}
		q[j++] = quote;
		bool prefix = utf8_count(text + start, wlen) >= SEARCH_PREFIX_MIN;
		if (prefix)
			j = put(q, j, pg ? ":*" : "*");
	}
	if (!words)
		j = put(q, j, pg ? "''" : "\"\"");
	q[j] = 0;
	return q;
}

const char *store_search_query(struct store *s, const char *text)
{
	return store_search_query_as(s, text, STORE_SEARCH_ALL);
}

/* Cursors are base64url of "<tag>:<position>".  The tag names the list and
 * its order, so a cursor from another list or sort order, or one made up,
 * is refused rather than silently giving a wrong page. */
static enum sw_err bad_cursor(struct sw_error *err)
{
	sw_fail(err, SW_EBADREQ, "bad-request", "cursor is not valid");
	return sw_param_fail(err, "cursor", "is not a cursor this server issued for this list");
}

static const char *cursor_encode(struct store *s, const char *tag, const char *pos)
{
	char *raw = arena_printf(s->arena, "%s:%s", tag, pos);
	if (!raw)
		return NULL;
	size_t n = strlen(raw);
	char *out = arena_alloc(s->arena, base64url_len(n) + 1);
	if (out)
		base64url_encode((const unsigned char *)raw, n, out);
	return out;
}

/* The position part of cursor, checked against tag, into raw. */
static enum sw_err cursor_decode(const char *cursor, const char *tag, char *raw, size_t raw_max, const char **pos,
				 struct sw_error *err)
{
	long n = base64url_decode(cursor, strlen(cursor), (unsigned char *)raw, raw_max - 1);
	if (n < 0)
		return bad_cursor(err);
	raw[n] = 0;
	size_t tl = strlen(tag);
	if (!utf8_valid(raw, (size_t)n) || (size_t)n <= tl || strncmp(raw, tag, tl) != 0 || raw[tl] != ':')
		return bad_cursor(err);
	*pos = raw + tl + 1;
	return SW_OK;
}

const char *store_cursor_encode2(struct store *s, const char *tag, int64_t a, int64_t b)
{
	char pos[64];
	snprintf(pos, sizeof(pos), "%lld.%lld", (long long)a, (long long)b);
	return cursor_encode(s, tag, pos);
}

enum sw_err store_cursor_decode2(const char *cursor, const char *tag, int64_t *a, int64_t *b, struct sw_error *err)
{
	char raw[128];
	const char *pos;
	enum sw_err rc = cursor_decode(cursor, tag, raw, sizeof(raw), &pos, err);
	if (rc)
		return rc;
	const char *dot = strchr(pos, '.');
	int64_t x, y;
	if (!dot || parse_int64(pos, (size_t)(dot - pos), INT64_MIN, INT64_MAX, &x) ||
	    parse_int64(dot + 1, strlen(dot + 1), 0, INT64_MAX, &y))
		return bad_cursor(err);
	*a = x;
	*b = y;
	return SW_OK;
}

const char *store_cursor_encode_str(struct store *s, const char *tag, const char *key)
{
	return cursor_encode(s, tag, key);
}

enum sw_err store_cursor_decode_str(struct store *s, const char *cursor, const char *tag, const char **key,
				    struct sw_error *err)
{
	char raw[320];
	const char *pos;
	enum sw_err rc = cursor_decode(cursor, tag, raw, sizeof(raw), &pos, err);
	if (rc)
		return rc;
	const char *k = arena_strdup(s->arena, pos);
	if (!k)
		return store_nomem(err);
	*key = k;
	return SW_OK;
}

bool store_page_more(const struct page *p, size_t *count)
{
	if (*count <= (size_t)p->limit)
		return false;
	*count = (size_t)p->limit;
	return true;
}

void store_read_cols(struct store *s, struct db_rows *r, int first, const struct store_col *cols, size_t count,
		     void *item, size_t size)
{
	char *p = item;
	memset(p, 0, size);
	for (size_t i = 0; i < count; i++) {
		int col = first + (int)i;
		char *at = p + cols[i].at;
		switch (cols[i].type) {
		case STORE_B_I64: *(int64_t *)(void *)at = db_col_int(r, col); break;
		case STORE_B_INT: *(int *)(void *)at = (int)db_col_int(r, col); break;
		case STORE_B_BOOL: *(bool *)(void *)at = db_col_int(r, col) != 0; break;
		case STORE_B_STR: *(const char **)(void *)at = store_col_str(s, r, col); break;
		case STORE_B_VAL: *(int *)(void *)at = core_value_read(cols[i].values, db_col_text(r, col)); break;
		case STORE_B_JOINED:
			*(const char ***)(void *)at = store_split(s, db_col_text(r, col), cols[i].sep,
								  (size_t *)(void *)(p + cols[i].count_at));
			break;
		case STORE_B_I64_ID:
		case STORE_B_INT_ID:
		case STORE_B_KEY:
		case STORE_B_AT:
		case STORE_B_NONE: break;
		}
	}
}

/* USER_COLS */
#define USER_ROLE STORE_COL_VALUE(struct user, role, role_name_list)
static const struct store_col user_cols[] = {
	STORE_COLS(struct user, id, login, name, email, timezone), USER_ROLE,
	STORE_COLS(struct user, password_hash, active, created_at, updated_at, expires_at)};

void store_read_user(struct store *s, struct db_rows *r, int col, struct user *out)
{
	store_read_cols(s, r, col, user_cols, NARGS(user_cols), out, sizeof(*out));
}

/* How a row becomes an item: by read, or, read NULL, by a column table. */
struct reader {
	store_read_fn read;
	const struct store_col *cols;
	size_t ncols, size;
};

static void read_item(struct store *s, struct db_rows *r, const struct reader *rd, void *item)
{
	if (rd->read)
		rd->read(s, r, item);
	else
		store_read_cols(s, r, 0, rd->cols, rd->ncols, item, rd->size);
}

static enum sw_err collect(struct store *s, int id, const struct db_arg *args, int nargs, const struct reader *rd,
			   void *items, size_t *count, struct sw_error *err)
{
	size_t elem = rd->size;
	struct db_rows *r;
	enum sw_err rc = db_query(s->conn, ST(id), args, nargs, &r, err);
	if (rc)
		return rc;
	size_t n = 0, cap = 0;
	char *v = NULL;
	int more;
	while ((more = db_rows_next(r, err)) == 1) {
		if (!(v = store_grow(s, v, n, &cap, elem))) {
			db_rows_free(r);
			return store_nomem(err);
		}
		read_item(s, r, rd, v + n * elem);
		n++;
	}
	db_rows_free(r);
	if (more < 0)
		return err->code;
	/* *(T **)items = v: every object pointer has the representation of
	 * char * on the platforms Steward builds for (POSIX) */
	memcpy(items, &v, sizeof(v));
	*count = n;
	return SW_OK;
}

enum sw_err store_collect(struct store *s, int id, const struct db_arg *args, int nargs, size_t elem,
			  store_read_fn read, void *items, size_t *count, struct sw_error *err)
{
	struct reader rd = {.read = read, .size = elem};
	return collect(s, id, args, nargs, &rd, items, count, err);
}

enum sw_err store_collect_cols(struct store *s, int id, const struct db_arg *args, int nargs,
			       const struct store_col *cols, size_t ncols, size_t elem, void *items, size_t *count,
			       struct sw_error *err)
{
	struct reader rd = {.cols = cols, .ncols = ncols, .size = elem};
	return collect(s, id, args, nargs, &rd, items, count, err);
}

/* A reader with its store and item, as db_query_row calls readers. */
struct one_row {
	struct store *s;
	const struct reader *rd;
	void *item;
};

static void read_one(struct db_rows *r, void *arg)
{
	struct one_row *o = arg;
	read_item(o->s, r, o->rd, o->item);
}

static enum sw_err one(struct store *s, int id, const struct db_arg *args, int nargs, const struct reader *rd,
		       void *item, struct sw_error *err)
{
	struct one_row o = {s, rd, item};
	bool found;
	enum sw_err rc = db_query_row(s->conn, ST(id), args, nargs, read_one, &o, &found, err);
	if (!rc && !found)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no such row");
	return rc;
}

enum sw_err store_one(struct store *s, int id, const struct db_arg *args, int nargs, store_read_fn read, void *item,
		      struct sw_error *err)
{
	struct reader rd = {.read = read};
	return one(s, id, args, nargs, &rd, item, err);
}

enum sw_err store_one_cols(struct store *s, int id, const struct db_arg *args, int nargs, const struct store_col *cols,
			   size_t ncols, void *item, size_t size, struct sw_error *err)
{
	struct reader rd = {.cols = cols, .ncols = ncols, .size = size};
	return one(s, id, args, nargs, &rd, item, err);
}

enum sw_err store_id_page(struct store *s, int id, const char *tag, struct db_arg *args, int nargs, int cursor_arg,
			  const struct page *p, size_t elem, size_t id_at, store_read_fn read, void *items,
			  size_t *count, const char **next_cursor, struct sw_error *err)
{
	int64_t after = 0, unused;
	enum sw_err rc;
	if (p->cursor && (rc = store_cursor_decode2(p->cursor, tag, &after, &unused, err)))
		return rc;
	args[cursor_arg] = DB_INT(after);
	args[nargs - 1] = DB_INT(p->limit + 1);
	if ((rc = store_collect(s, id, args, nargs, elem, read, items, count, err)))
		return rc;
	*next_cursor = NULL;
	if (store_page_more(p, count)) {
		const char *v;
		int64_t last;
		memcpy(&v, items, sizeof(v));
		memcpy(&last, v + (*count - 1) * elem + id_at, sizeof(last));
		*next_cursor = store_cursor_encode2(s, tag, last, 0);
	}
	return SW_OK;
}

enum sw_err store_write(struct store *s, int id, const struct db_arg *args, int nargs, int64_t *new_id,
			struct sw_error *err)
{
	return new_id ? db_query_int(s->conn, ST(id), args, nargs, new_id, err)
		      : db_exec(s->conn, ST(id), args, nargs, NULL, err);
}

/* The argument of rec that a says, for the save w; false when out of memory. */
static bool save_arg(struct store *s, struct store_save w, const void *rec, const struct store_col *a,
		     struct db_arg *out)
{
	const char *at = (const char *)rec + a->at;
	int64_t i64;
	int i;
	const char *str;
	switch (a->type) {
	case STORE_B_KEY: *out = w.key; break;
	case STORE_B_AT: *out = DB_INT(w.at); break;
	case STORE_B_I64:
	case STORE_B_I64_ID:
		memcpy(&i64, at, sizeof(i64));
		*out = a->type == STORE_B_I64 ? DB_INT(i64) : DB_ID(i64);
		break;
	case STORE_B_INT:
	case STORE_B_INT_ID:
		memcpy(&i, at, sizeof(i));
		*out = a->type == STORE_B_INT ? DB_INT(i) : DB_ID(i);
		break;
	case STORE_B_BOOL: *out = DB_INT(*(const bool *)at); break;
	case STORE_B_STR:
		memcpy(&str, at, sizeof(str));
		*out = DB_TEXT(str);
		break;
	case STORE_B_VAL:
		memcpy(&i, at, sizeof(i));
		*out = DB_TEXT(core_value_name(a->values, i));
		break;
	case STORE_B_NONE: *out = DB_NULL; break;
	case STORE_B_JOINED: {
		const char *const *v;
		size_t n;
		memcpy(&v, at, sizeof(v));
		memcpy(&n, (const char *)rec + a->count_at, sizeof(n));
		if (!n && a->none_null) {
			*out = DB_NULL;
			break;
		}
		if (!(str = store_join(s, v, n, a->sep)))
			return false;
		*out = DB_TEXT(str);
		break;
	}
	}
	return true;
}

bool store_args(struct store *s, struct store_save w, const void *rec, const struct store_col *args, size_t count,
		struct db_arg *out)
{
	for (size_t i = 0; i < count; i++)
		if (!save_arg(s, w, rec, &args[i], &out[i]))
			return false;
	return true;
}

enum sw_err store_save_args(struct store *s, struct store_save w, const void *rec, const struct store_col *args,
			    size_t count, struct sw_error *err)
{
	struct db_arg a[32];
	if (count > sizeof(a) / sizeof(a[0]))
		return sw_fail(err, SW_EINTERNAL, NULL, "a save takes at most 32 arguments");
	if (!store_args(s, w, rec, args, count, a))
		return store_nomem(err);
	return store_write(s, w.st, a, (int)count, w.new_id, err);
}

enum sw_err store_yes(struct store *s, enum store_yes_by by, int id, const struct db_arg *args, int nargs, bool *yes,
		      struct sw_error *err)
{
	int64_t n = 0;
	enum sw_err rc = by == STORE_YES_CHANGED ? db_exec(s->conn, ST(id), args, nargs, &n, err)
						 : db_query_int(s->conn, ST(id), args, nargs, &n, err);
	if (!rc)
		*yes = n > 0;
	return rc;
}

/* rc, or when it is SW_ENOTFOUND that with the detail fmt and ap give */
static enum sw_err found_or(enum sw_err rc, struct sw_error *err, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static enum sw_err found_or(enum sw_err rc, struct sw_error *err, const char *fmt, va_list ap)
{
	if (rc != SW_ENOTFOUND)
		return rc;
	char detail[sizeof(err->detail)];
	vsnprintf(detail, sizeof(detail), fmt, ap);
	return sw_fail(err, SW_ENOTFOUND, NULL, "%s", detail);
}

enum sw_err store_find(struct store *s, int id, struct db_arg key, store_read_fn read, void *item, struct sw_error *err,
		       const char *fmt, ...)
{
	enum sw_err rc = store_one(s, id, &key, 1, read, item, err);
	va_list ap;
	va_start(ap, fmt);
	rc = found_or(rc, err, fmt, ap);
	va_end(ap);
	return rc;
}

enum sw_err store_find_cols(struct store *s, int id, struct db_arg key, const struct store_col *cols, size_t ncols,
			    void *item, size_t size, struct sw_error *err, const char *fmt, ...)
{
	enum sw_err rc = store_one_cols(s, id, &key, 1, cols, ncols, item, size, err);
	va_list ap;
	va_start(ap, fmt);
	rc = found_or(rc, err, fmt, ap);
	va_end(ap);
	return rc;
}

void store_read_string(struct store *s, struct db_rows *r, void *item)
{
	*(const char **)item = store_col_str(s, r, 0);
}

void store_read_int(struct store *s, struct db_rows *r, void *item)
{
	(void)s;
	*(int64_t *)item = db_col_int(r, 0);
}

enum sw_err store_collect_strings(struct store *s, int id, const struct db_arg *args, int nargs, const char ***out,
				  size_t *count, struct sw_error *err)
{
	return store_collect(s, id, args, nargs, sizeof(**out), store_read_string, out, count, err);
}

enum sw_err store_collect_ids(struct store *s, int id, const struct db_arg *args, int nargs, int64_t **out,
			      size_t *count, struct sw_error *err)
{
	return store_collect(s, id, args, nargs, sizeof(**out), store_read_int, out, count, err);
}

const struct store_col store_link_cols[3] = {STORE_COL(struct store_link, owner_id), STORE_COL(struct store_link, id),
					     STORE_COL(struct store_link, name)};

enum sw_err store_attach_links(struct store *s, void *recs, size_t count, const struct store_link_layout *l,
			       const struct store_link *rows, size_t n, struct sw_error *err)
{
	for (size_t i = 0; i < count; i++) {
		char *rec = (char *)recs + i * l->size;
		int64_t id;
		memcpy(&id, rec + l->id_at, sizeof(id));
		size_t k = 0;
		for (size_t j = 0; j < n; j++)
			k += rows[j].owner_id == id;
		const char **names = arena_alloc(s->arena, (k + 1) * sizeof(*names));
		int64_t *ids = arena_alloc(s->arena, (k + 1) * sizeof(*ids));
		if (!names || !ids)
			return store_nomem(err);
		k = 0;
		for (size_t j = 0; j < n; j++)
			if (rows[j].owner_id == id) {
				names[k] = rows[j].name;
				ids[k++] = rows[j].id;
			}
		memcpy(rec + l->names_at, &names, sizeof(names));
		memcpy(rec + l->ids_at, &ids, sizeof(ids));
		memcpy(rec + l->count_at, &k, sizeof(k));
	}
	return SW_OK;
}

enum sw_err store_linked_find(struct store *s, const struct store_linked *k, const char *name, void *item,
			      struct sw_error *err)
{
	struct db_arg key[] = {DB_TEXT(name)};
	enum sw_err rc = store_one_cols(s, k->by_name, key, 1, k->cols, k->ncols, item, k->links.size, err);
	if (rc == SW_ENOTFOUND)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no %s '%s'", k->noun, name);
	if (rc)
		return rc;
	struct store_link *rows;
	size_t n;
	int64_t id;
	memcpy(&id, (char *)item + k->links.id_at, sizeof(id));
	struct db_arg owner[] = {DB_INT(id)};
	if ((rc = STORE_COLLECT(s, k->links_of, owner, 1, store_link_cols, &rows, &n, err)))
		return rc;
	return store_attach_links(s, item, 1, &k->links, rows, n, err);
}

enum sw_err store_linked_all(struct store *s, const struct store_linked *k, void *items, size_t *count,
			     struct sw_error *err)
{
	void *v;
	size_t c, n;
	struct store_link *rows;
	enum sw_err rc;
	if ((rc = store_collect_cols(s, k->list, NULL, 0, k->cols, k->ncols, k->links.size, &v, &c, err)) ||
	    (rc = STORE_COLLECT(s, k->links_all, NULL, 0, store_link_cols, &rows, &n, err)) ||
	    (rc = store_attach_links(s, v, c, &k->links, rows, n, err)))
		return rc;
	memcpy(items, &v, sizeof(v));
	*count = c;
	return SW_OK;
}

enum sw_err store_replace_ids(struct store *s, int delete_st, int insert_st, int64_t id, const int64_t *ids,
			      size_t count, struct sw_error *err)
{
	struct db_arg key[] = {DB_INT(id)};
	enum sw_err rc = db_exec(s->conn, ST(delete_st), key, 1, NULL, err);
	for (size_t i = 0; !rc && i < count; i++) {
		struct db_arg a[] = {DB_INT(id), DB_INT(ids[i])};
		rc = db_exec(s->conn, ST(insert_st), a, 2, NULL, err);
	}
	return rc;
}

enum sw_err store_bulk_load(struct store *s, bool on, struct sw_error *err)
{
	return db_pipeline(s->conn, on, err);
}

enum sw_err store_analyze(struct store *s, struct sw_error *err)
{
	return db_exec(s->conn, ST(ST_ANALYZE), NULL, 0, NULL, err);
}

enum sw_err store_counter_set(struct store *s, const char *kind, int64_t value, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(kind), DB_INT(value)};
	return db_exec(s->conn, ST(ST_COUNTER_SET), a, 2, NULL, err);
}

enum sw_err store_counter_next(struct store *s, const char *kind, int64_t *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(kind)};
	enum sw_err rc = db_exec(s->conn, ST(ST_COUNTER_INIT), a, 1, NULL, err);
	if (rc)
		return rc;
	return db_query_int(s->conn, ST(ST_COUNTER_NEXT), a, 1, out, err);
}

/* ---- migrations ---------------------------------------------------------- */

/*
 * The embedded names (tools/embed strips "migrations/") are "NNNN_name.sql",
 * a step shared by both backends and written in SQLite's dialect, and
 * "<dir>/NNNN_name.sql", a backend's own step in its own dialect, which
 * takes the place of a shared step with the same number on that backend.
 */
#define MIGRATION_SHARED DB_BACKEND__COUNT
static const char *const migration_dirs[DB_BACKEND__COUNT] = {[DB_SQLITE] = "sqlite/", [DB_POSTGRES] = "pg/"};

/* The step number of an embedded name (0 when it is none) and, in *owner
 * (always written), the backend whose own step it is or MIGRATION_SHARED. */
static int migration_parse(const char *name, int *owner)
{
	int who = MIGRATION_SHARED;
	for (int b = 0; b < DB_BACKEND__COUNT; b++) {
		size_t dl = strlen(migration_dirs[b]);
		if (strncmp(name, migration_dirs[b], dl) == 0) {
			who = b;
			name += dl;
			break;
		}
	}
	*owner = who;
	size_t n = strlen(name);
	int64_t v;
	if (n < sizeof("NNNN_x.sql") - 1 || name[4] != '_' || strcmp(name + n - 4, ".sql") != 0 || strchr(name, '/') ||
	    parse_int64(name, 4, 1, 9999, &v))
		return 0;
	return (int)v;
}

/* The file of step version on backend b — its own, else the shared one
 * (*shared then true) — or NULL. */
static const struct embedded_file *migration_find(const struct embedded_file *files, enum db_backend b, int version,
						  bool *shared)
{
	const struct embedded_file *own = NULL, *common = NULL;
	for (const struct embedded_file *f = files; f->name; f++) {
		int who;
		if (migration_parse(f->name, &who) != version)
			continue;
		if (who == (int)b)
			own = f;
		else if (who == MIGRATION_SHARED)
			common = f;
	}
	*shared = !own;
	return own ? own : common;
}

static int migration_latest(const struct embedded_file *files, enum db_backend b)
{
	int latest = 0;
	for (const struct embedded_file *f = files; f->name; f++) {
		int who, v = migration_parse(f->name, &who);
		if ((who == (int)b || who == MIGRATION_SHARED) && v > latest)
			latest = v;
	}
	return latest;
}

int store_schema_latest(enum db_backend b)
{
	return migration_latest(embedded_migrations, b);
}

enum sw_err store_migrations_check(const struct embedded_file *files, struct sw_error *err)
{
	int latest = 0;
	for (const struct embedded_file *f = files; f->name; f++) {
		int who, v = migration_parse(f->name, &who);
		if (v > latest)
			latest = v;
		if (!v)
			return sw_fail(err, SW_EINTERNAL, NULL,
				       "migration '%s' is not named [sqlite/|pg/]NNNN_name.sql", f->name);
		for (const struct embedded_file *g = files; g != f; g++) {
			int gwho;
			if (migration_parse(g->name, &gwho) == v && gwho == who)
				return sw_fail(err, SW_EINTERNAL, NULL,
					       "migrations '%s' and '%s' are both step %d: renumber one of them",
					       g->name, f->name, v);
		}
	}
	/* a step number names one schema on every backend: each has them all */
	for (int b = 0; b < DB_BACKEND__COUNT; b++)
		for (int v = 1; v <= latest; v++) {
			bool shared;
			if (!migration_find(files, (enum db_backend)b, v, &shared))
				return sw_fail(err, SW_EINTERNAL, NULL,
					       "%s has no migration %04d, yet there is one numbered %d",
					       db_backend_name((enum db_backend)b), v, latest);
		}
	/* a shared step that every backend overrides would never run */
	for (const struct embedded_file *f = files; f->name; f++) {
		int who, v = migration_parse(f->name, &who), runs = 0;
		if (who != MIGRATION_SHARED)
			continue;
		for (int b = 0; b < DB_BACKEND__COUNT; b++) {
			bool shared;
			migration_find(files, (enum db_backend)b, v, &shared);
			runs += shared;
		}
		if (!runs)
			return sw_fail(err, SW_EINTERNAL, NULL, "migration '%s' is overridden on every backend",
				       f->name);
	}
	return SW_OK;
}

/* Tokens of SQLite's dialect, enough to tell words from quoted text and
 * comments: identifier characters, and where the token starting at p ends
 * (a quoted text or comment left open runs to the end). */
static bool sql_word_char(unsigned char ch)
{
	return ch == '_' || ch == '$' || ch >= 0x80 || (ch >= '0' && ch <= '9') ||
	       ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z');
}

static const char *sql_token_end(const char *p)
{
	const char *e;
	switch (*p) {
	case '\'':
	case '"':
	case '`':
		for (char q = *p++; *p; p++)
			if (*p == q && *++p != q) /* a doubled quote stands for itself */
				return p;
		return p;
	case '[': e = strchr(p, ']'); return e ? e + 1 : p + strlen(p);
	case '-':
		if (p[1] != '-')
			return p + 1;
		e = strchr(p, '\n');
		return e ? e + 1 : p + strlen(p);
	case '/':
		if (p[1] != '*')
			return p + 1;
		e = strstr(p + 2, "*/");
		return e ? e + 2 : p + strlen(p);
	}
	if (!*p)
		return p;
	if (!sql_word_char((unsigned char)*p))
		return p + 1;
	while (sql_word_char((unsigned char)*p))
		p++;
	return p;
}

/* The start of the next token that is neither white space nor a comment. */
static const char *sql_next(const char *p)
{
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
			p++;
		if (!((p[0] == '-' && p[1] == '-') || (p[0] == '/' && p[1] == '*')))
			return p;
		p = sql_token_end(p);
	}
}

static bool sql_word_is(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - p) == n && strncasecmp(p, word, n) == 0;
}

/* Every rewrite stands for the same thing on both backends, or for
 * something PostgreSQL refuses, so that a shared step never gives
 * PostgreSQL a different schema in silence (see store_int.h). */
enum sw_err store_migration_pg(const char *sql, struct buf *out)
{
	enum sw_err rc = SW_OK;
	for (const char *p = sql; *p && !rc;) {
		const char *e = sql_token_end(p), *put = NULL;
		if (sql_word_is(p, e, "INTEGER")) {
			const char *k1 = sql_next(e), *k1e = sql_token_end(k1), *k2 = sql_next(k1e);
			bool key = sql_word_is(k1, k1e, "PRIMARY") && sql_word_is(k2, sql_token_end(k2), "KEY");
			put = key ? "BIGINT GENERATED BY DEFAULT AS IDENTITY" : "BIGINT";
		} else if (sql_word_is(p, e, "BLOB")) {
			put = "BYTEA";
		} else if (sql_word_is(p, e, "char") && *sql_next(e) == '(') {
			put = "chr";
		}
		rc = put ? buf_puts(out, put) : buf_append(out, p, (size_t)(e - p));
		p = e;
	}
	return rc;
}

enum sw_err store_schema_version(struct db *db, int *out, struct sw_error *err)
{
	struct db_conn *c;
	enum sw_err rc = db_conn_acquire(db, &c, err);
	if (rc)
		return rc;
	int64_t exists = 0, v = 0;
	rc = db_query_int(c, ST(ST_MIGRATIONS_TABLE_EXISTS), NULL, 0, &exists, err);
	if (rc)
		return rc;
	if (exists) {
		rc = db_query_int(c, ST(ST_MIGRATIONS_MAX), NULL, 0, &v, err);
		if (rc)
			return rc;
	}
	*out = (int)v;
	return SW_OK;
}

enum sw_err store_migrate(struct db *db, int *applied, struct sw_error *err)
{
	return store_migrate_to(db, INT_MAX, applied, err);
}

enum sw_err store_migrate_to(struct db *db, int target, int *applied, struct sw_error *err)
{
	enum db_backend b = db_backend(db);
	struct db_conn *c;
	enum sw_err rc;
	if ((rc = store_migrations_check(embedded_migrations, err)) || (rc = db_conn_acquire(db, &c, err)) ||
	    (rc = db_exec(c, ST(ST_MIGRATIONS_CREATE), NULL, 0, NULL, err)))
		return rc;
	struct buf pg = BUF_INIT(0);
	int done = 0, latest = store_schema_latest(b);
	for (int want = 1; want <= target && want <= latest; want++) {
		bool shared;
		const struct embedded_file *mf = migration_find(embedded_migrations, b, want, &shared);
		const char *sql = (const char *)mf->data;
		int64_t cur;
		if ((rc = db_begin(c, err)))
			goto out;
		if ((rc = db_query_int(c, ST(ST_MIGRATIONS_MAX), NULL, 0, &cur, err)))
			goto fail;
		if (cur >= want) {
			db_rollback(c);
			continue;
		}
		if (shared && b == DB_POSTGRES) {
			buf_release(&pg);
			buf_init(&pg, 3 * mf->len);
			if ((rc = store_migration_pg(sql, &pg))) {
				sw_fail(err, rc, NULL, "cannot rewrite it for postgresql");
				goto fail;
			}
			sql = buf_cstr(&pg);
		}
		if ((rc = db_exec_script(c, sql, err)))
			goto fail;
		struct db_arg a[] = {DB_INT(want), DB_INT(time_now())};
		if ((rc = db_exec(c, ST(ST_MIGRATIONS_INSERT), a, 2, NULL, err)))
			goto fail;
		if ((rc = db_commit(c, err)))
			goto fail;
		done++;
		continue;
	fail:
		db_rollback(c);
		char detail[sizeof(err->detail)];
		snprintf(detail, sizeof(detail), "%s", err->detail);
		sw_fail(err, rc, NULL, "migration '%s' failed: %s", mf->name, detail);
		goto out;
	}
	if (applied)
		*applied = done;
out:
	buf_release(&pg);
	return rc;
}

enum sw_err store_schema_check(struct db *db, struct sw_error *err)
{
	int have;
	enum sw_err rc = store_migrations_check(embedded_migrations, err);
	if (rc || (rc = store_schema_version(db, &have, err)))
		return rc;
	int want = store_schema_latest(db_backend(db));
	if (have == 0)
		return sw_fail(err, SW_ECONFLICT, "schema-version",
			       "the database is not initialised: run `steward init` (or `steward migrate`) first");
	if (have < want)
		return sw_fail(err, SW_ECONFLICT, "schema-version",
			       "the database schema is at version %d but this steward needs %d: run `steward migrate`",
			       have, want);
	if (have > want)
		return sw_fail(err, SW_ECONFLICT, "schema-version",
			       "the database schema (version %d) is newer than this steward (%d): upgrade steward",
			       have, want);
	return SW_OK;
}
