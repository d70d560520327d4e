/*
 * store_int.h — helpers shared by the repository files of src/store/.
 */
#ifndef SW_STORE_STORE_INT_H
#define SW_STORE_STORE_INT_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/embed.h"
#include "db/db.h"
#include "store/catalog.h"
#include "store/store.h"

#define ST(id) catalog_stmt(id)
#define NARGS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Copy a text column into the store's arena (NULL stays NULL). */
const char *store_col_str(struct store *s, struct db_rows *r, int col);

/* A record's columns as a table (a *_sql.h X-macro list expands to one):
 * the offset of the member each lands in and how it is read.  NULL text
 * stays NULL; a NULL integer reads as 0. */
enum store_col_type {
	STORE_COL_INT64, /* int64_t */
	STORE_COL_INT,   /* int */
	STORE_COL_BOOL,  /* bool */
	STORE_COL_TEXT,  /* const char *, copied into the arena */
	STORE_COL_SKIP,  /* read by the caller */
};
struct store_col {
	size_t offset;
	enum store_col_type type;
};
/* An entry of such a table from X(sql, member, type) of a record struct S. */
#define STORE_COL(S, member, type)                                                                                     \
	{                                                                                                              \
		offsetof(struct S, member), STORE_COL_##type                                                           \
	}
/* Read columns 0..n-1 of the row into item as cols says. */
void store_read_cols(struct store *s, struct db_rows *r, const struct store_col *cols, size_t n, void *item);
/* The same from column first on (a row that holds two records). */
void store_read_cols_at(struct store *s, struct db_rows *r, const struct store_col *cols, size_t n, int first,
			void *item);

/* Lists kept in one text column: v joined with sep (into the arena; ""
 * for none; NULL when out of memory), and split back (NULL and 0 for
 * NULL or ""). */
const char *store_join(struct store *s, const char *const *v, size_t n, char sep);
const char **store_split(struct store *s, const char *text, char sep, size_t *count);
/* Room for element n of an arena array v with *cap slots: returns v or a
 * larger copy (*cap updated), NULL when out of memory. */
void *store_grow(struct store *s, void *v, size_t n, size_t *cap, size_t elem);
/* SW_ENOMEM into err. */
enum sw_err store_nomem(struct sw_error *err);
/* Make a LIKE pattern "%text%" (lower-cased ASCII, with % _ \ escaped) in the arena. */
const char *store_like_pattern(struct store *s, const char *text);
/* The full-text query for a list's text filter, in the backend's syntax,
 * in the arena (NULL for NULL text or when out of memory): every word of
 * text (text_word_next, at most LIMIT_SEARCH_WORDS) quoted, as a prefix
 * when it has three characters or more, all of them required — "printer"* AND "jam"* for FTS5, 'printer':* &
 * 'jam':* for to_tsquery.  Quoting keeps the backend's operators (OR,
 * NEAR, -, :, ^, parentheses) from ever reaching it.  No words gives a
 * query that matches nothing. */
const char *store_search_query(struct store *s, const char *text);
/* The same query in another form: every word (as above), any of them
 * ("printer"* OR "jam"*, 'printer':* | 'jam':*), or every word within the
 * title ("title : (...)" for FTS5; for to_tsquery each word of weight A,
 * the weight a search index gives its title). */
enum store_search_mode { STORE_SEARCH_ALL, STORE_SEARCH_ANY, STORE_SEARCH_TITLE };
const char *store_search_query_as(struct store *s, const char *text, enum store_search_mode mode);
/* Opaque cursors for keyset pagination: a tag naming the list and its
 * order, and a position ("<sort value>.<id>" or a string key), base64url
 * encoded.  Decoding refuses a cursor made for another tag (400, field
 * "cursor"). */
const char *store_cursor_encode2(struct store *s, const char *tag, int64_t a, int64_t b);
enum sw_err store_cursor_decode2(const char *cursor, const char *tag, int64_t *a, int64_t *b, struct sw_error *err);
const char *store_cursor_encode_str(struct store *s, const char *tag, const char *key);
enum sw_err store_cursor_decode_str(struct store *s, const char *cursor, const char *tag, const char **key,
				    struct sw_error *err);
/* Read u.* columns (USER_COLS in account_sql.c) starting at col into out. */
void store_read_user(struct store *s, struct db_rows *r, int col, struct user *out);
/* Reads the current row into item. */
typedef void (*store_read_fn)(struct store *s, struct db_rows *r, void *item);
/* Run a query and read every row into an arena array of elem-byte items
 * (*items NULL when there are none). */
enum sw_err store_collect(struct store *s, int id, const struct db_arg *args, int nargs, size_t elem,
			  store_read_fn read, void **items, size_t *count, struct sw_error *err);
/* Run a query expecting one row; SW_ENOTFOUND when there is none. */
enum sw_err store_one(struct store *s, int id, const struct db_arg *args, int nargs, store_read_fn read, void *item,
		      struct sw_error *err);
/* An insert or an update from one argument list: with new_id, an insert
 * whose new row's id goes into *new_id; without, a statement that returns
 * nothing.  A repository builds a record's list once, in a
 * write_<record>(s, st, rec, key, at, id, err) that its insert calls with
 * the name, created_at and &rec->id, and its update with the id,
 * updated_at and NULL. */
enum sw_err store_write(struct store *s, int id, const struct db_arg *args, int nargs, int64_t *new_id,
			struct sw_error *err);
/* store_one for a record found by one key (a name, an id): not found is
 * SW_ENOTFOUND with the detail fmt gives ("no calendar 'x'"). */
enum sw_err store_find(struct store *s, int id, struct db_arg key, store_read_fn read, void *item, struct sw_error *err,
		       const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Collect a one-column text query into an arena array. */
enum sw_err store_collect_strings(struct store *s, int id, const struct db_arg *args, int nargs, const char ***out,
				  size_t *count, struct sw_error *err);

/* ---- migrations (store.c; here for the tests) ---- */

/* SW_EINTERNAL unless files (an embedded list: "NNNN_name.sql" shared,
 * "sqlite/NNNN_name.sql" and "pg/NNNN_name.sql" a backend's own) gives each
 * backend steps 1..N with exactly one file each — its own or else the
 * shared one — and every shared file is run by some backend.  Two files
 * for one step (two branches that each added NNNN) are refused by name. */
enum sw_err store_migrations_check(const struct embedded_file *files, struct sw_error *err);

/*
 * Append to out a shared migration, written in SQLite's dialect, as
 * PostgreSQL runs it.  Outside string literals, quoted identifiers and
 * comments, these words (in any case) are rewritten, and nothing else:
 *   INTEGER PRIMARY KEY -> BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY
 *                          (SQLite's rowid alias: a 64-bit key given when
 *                          an insert names none)
 *   INTEGER             -> BIGINT (SQLite's integers are 64-bit)
 *   BLOB                -> BYTEA
 *   char(               -> chr( (a character from its code point)
 * Each means the same on PostgreSQL, or gives something PostgreSQL refuses
 * (INTEGER PRIMARY KEY AUTOINCREMENT; char() of several code points; a
 * CHAR(n) column type), so a step that needs more fails loudly and wants a
 * migrations/pg/ file of its own.  A name spelt like one of these words
 * must be double-quoted.  The result is at most 3 × strlen(sql) bytes;
 * SW_ETOOLARGE when out's maximum is less.
 */
enum sw_err store_migration_pg(const char *sql, struct buf *out);

#endif
