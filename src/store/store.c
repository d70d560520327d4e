/*
 * store.c — binding a request to storage, transactions, schema migrations
 * and the small helpers every repository uses.
 *
 * Migrations are the embedded files migrations/<backend>/NNNN_name.sql;
 * each runs in its own transaction together with its schema_migrations row,
 * so a failed migration leaves the schema at the previous version.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/embed.h"
#include "base/limits.h"
#include "base/util.h"
#include "store/store_int.h"
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

const char *store_search_query(struct store *s, const char *text)
{
	if (!text)
		return NULL;
	bool pg = s->db && db_backend(s->db) == DB_POSTGRES;
	char quote = pg ? '\'' : '"';
	size_t len = strlen(text), pos = 0, start, wlen;
	/* every byte at most doubled by escaping; quotes, suffix and joiner per word */
	char *q = arena_alloc(s->arena, 2 * len + 10 * LIMIT_SEARCH_WORDS + 8);
	if (!q)
		return NULL;
	size_t j = 0;
	int words = 0;
	while (words < LIMIT_SEARCH_WORDS && text_word_next(text, len, &pos, &start, &wlen)) {
		if (words++)
			j = put(q, j, pg ? " & " : " AND ");
		q[j++] = quote;
		for (size_t i = start; i < start + wlen; i++) {
			/* words hold no ASCII punctuation; escaped all the same */
			if (text[i] == quote || (pg && text[i] == '\\'))
				q[j++] = pg && text[i] == '\\' ? '\\' : quote;
			q[j++] = text[i];
		}
		q[j++] = quote;
		if (utf8_count(text + start, wlen) >= SEARCH_PREFIX_MIN)
			j = put(q, j, pg ? ":*" : "*");
	}
	if (!words)
		j = put(q, j, pg ? "''" : "\"\"");
	q[j] = 0;
	return q;
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

void store_read_user(struct store *s, struct db_rows *r, int col, struct user *out)
{
	memset(out, 0, sizeof(*out));
	out->id = db_col_int(r, col + 0);
	out->login = store_col_str(s, r, col + 1);
	out->name = store_col_str(s, r, col + 2);
	out->email = store_col_str(s, r, col + 3);
	out->timezone = store_col_str(s, r, col + 4);
	enum role role = ROLE_END_USER;
	const char *rn = db_col_text(r, col + 5);
	if (rn)
		role_parse(rn, &role);
	out->role = role;
	out->password_hash = store_col_str(s, r, col + 6);
	out->active = db_col_int(r, col + 7) != 0;
	out->created_at = db_col_int(r, col + 8);
	out->updated_at = db_col_int(r, col + 9);
}

enum sw_err store_collect(struct store *s, enum st_id id, const struct db_arg *args, int nargs, size_t elem,
			  store_read_fn read, void **items, size_t *count, struct sw_error *err)
{
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
		read(s, r, v + n * elem);
		n++;
	}
	db_rows_free(r);
	if (more < 0)
		return err->code;
	*items = v;
	*count = n;
	return SW_OK;
}

enum sw_err store_one(struct store *s, enum st_id id, const struct db_arg *args, int nargs, store_read_fn read,
		      void *item, struct sw_error *err)
{
	struct db_rows *r;
	enum sw_err rc = db_query(s->conn, ST(id), args, nargs, &r, err);
	if (rc)
		return rc;
	int more = db_rows_next(r, err);
	if (more == 1)
		read(s, r, item);
	db_rows_free(r);
	if (more < 0)
		return err->code;
	if (more == 0)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no such row");
	return SW_OK;
}

enum sw_err store_write(struct store *s, enum st_id id, const struct db_arg *args, int nargs, int64_t *new_id,
			struct sw_error *err)
{
	return new_id ? db_query_int(s->conn, ST(id), args, nargs, new_id, err)
		      : db_exec(s->conn, ST(id), args, nargs, NULL, err);
}

enum sw_err store_find(struct store *s, enum st_id id, struct db_arg key, store_read_fn read, void *item,
		       struct sw_error *err, const char *fmt, ...)
{
	enum sw_err rc = store_one(s, id, &key, 1, read, item, err);
	if (rc != SW_ENOTFOUND)
		return rc;
	char detail[sizeof(err->detail)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return sw_fail(err, SW_ENOTFOUND, NULL, "%s", detail);
}

static void read_string(struct store *s, struct db_rows *r, void *item)
{
	*(const char **)item = store_col_str(s, r, 0);
}

enum sw_err store_collect_strings(struct store *s, enum st_id id, const struct db_arg *args, int nargs,
				  const char ***out, size_t *count, struct sw_error *err)
{
	void *v;
	enum sw_err rc = store_collect(s, id, args, nargs, sizeof(const char *), read_string, &v, count, err);
	if (!rc)
		*out = v;
	return rc;
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

static int migration_version(const char *name, const char *prefix)
{
	size_t pl = strlen(prefix);
	if (strncmp(name, prefix, pl) != 0)
		return -1;
	const char *v = name + pl;
	int64_t n;
	if (strlen(v) < 5 || parse_int64(v, 4, 1, 9999, &n))
		return -1;
	return (int)n;
}

static const char *backend_prefix(enum db_backend b)
{
	return b == DB_POSTGRES ? "pg/" : "sqlite/";
}

int store_schema_latest(enum db_backend b)
{
	int latest = 0;
	for (const struct embedded_file *f = embedded_migrations; f->name; f++) {
		int v = migration_version(f->name, backend_prefix(b));
		if (v > latest)
			latest = v;
	}
	return latest;
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
	struct db_conn *c;
	enum sw_err rc = db_conn_acquire(db, &c, err);
	if (rc)
		return rc;
	const char *prefix = backend_prefix(db_backend(db));
	int done = 0;
	if ((rc = db_exec(c, ST(ST_MIGRATIONS_CREATE), NULL, 0, NULL, err)))
		return rc;
	for (int want = 1; want <= target; want++) {
		const struct embedded_file *mf = NULL;
		for (const struct embedded_file *f = embedded_migrations; f->name; f++)
			if (migration_version(f->name, prefix) == want)
				mf = f;
		if (!mf)
			break;
		int64_t cur;
		if ((rc = db_begin(c, err)))
			return rc;
		if ((rc = db_query_int(c, ST(ST_MIGRATIONS_MAX), NULL, 0, &cur, err)))
			goto fail;
		if (cur >= want) {
			db_rollback(c);
			continue;
		}
		if ((rc = db_exec_script(c, (const char *)mf->data, err)))
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
		return sw_fail(err, rc, NULL, "migration '%s' failed: %s", mf->name, detail);
	}
	if (applied)
		*applied = done;
	return SW_OK;
}

enum sw_err store_schema_check(struct db *db, struct sw_error *err)
{
	int have;
	enum sw_err rc = store_schema_version(db, &have, err);
	if (rc)
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
