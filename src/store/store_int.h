/*
 * store_int.h — helpers shared by the repository files of src/store/.
 */
#ifndef SW_STORE_STORE_INT_H
#define SW_STORE_STORE_INT_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/each.h"
#include "base/embed.h"
#include "db/db.h"
#include "store/catalog.h"
#include "store/store.h"

#define ST(id) catalog_stmt(id)
#define NARGS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Copy a text column into the store's arena (NULL stays NULL). */
const char *store_col_str(struct store *s, struct db_rows *r, int col);

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
/* The same query in another form: every word (as above) or any of them
 * ("printer"* OR "jam"*, 'printer':* | 'jam':*).  A title-only search asks
 * the titles' own index (the knowledge base's article_title_search). */
enum store_search_mode { STORE_SEARCH_ALL, STORE_SEARCH_ANY };
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
/* A page read with p->limit + 1 rows, *count of them: true, with *count
 * cut to the limit, when there is a next page. */
bool store_page_more(const struct page *p, size_t *count);

/*
 * A record's members as SQL meets them, each table listed once: its
 * columns in the order its *_COLS fragment selects them (column first + i
 * is read into the member cols[i] names), and the arguments of its insert
 * and update in the order both statements number them.  STORE_COL and
 * STORE_ARGS take a member's binding from its C type, so that a member
 * cannot be read or bound at another width: int64_t, int or bool (non-zero)
 * as an integer, a string as text copied into the arena (NULL stays NULL).
 * A value list's name is read into and bound from its enum member
 * (STORE_COL_VALUE, STORE_ARG_VALUE; a name the list lacks, or NULL, reads
 * as the list's fallback); strings joined with sep (store_join) into and
 * from a const char ** member and its count (STORE_COL_SPLIT,
 * STORE_ARG_JOIN; with none, an argument is NULL when none_null, else "").
 * Arguments whose 0 is NULL (optional ids and targets) are STORE_ARG_IDS;
 * the save's key and time (struct store_save: the name and created_at of
 * an insert, the id and updated_at of an update) STORE_ARG_KEY and
 * STORE_ARG_AT.  A column that needs more (NULL read as -1) is a
 * STORE_COL_SKIP in the table and read by hand after it.
 */
enum store_bind {
	STORE_B_I64,
	STORE_B_INT,
	STORE_B_BOOL,
	STORE_B_STR,
	STORE_B_I64_ID, /* arguments: 0 as NULL */
	STORE_B_INT_ID,
	STORE_B_VAL,
	STORE_B_JOINED,
	STORE_B_KEY, /* arguments: the save's */
	STORE_B_AT,
	STORE_B_NONE /* columns: read by hand */
};
struct store_col {
	enum store_bind type;
	size_t at;                        /* offsetof the member */
	const struct core_values *values; /* STORE_B_VAL */
	size_t count_at;                  /* STORE_B_JOINED: offsetof the size_t count */
	char sep;                         /* STORE_B_JOINED */
	bool none_null;                   /* STORE_B_JOINED arguments */
};
/* clang-format off */
#define STORE_BIND_(T, member)                                                                                         \
	_Generic(((T *)0)->member, int64_t: STORE_B_I64, int: STORE_B_INT, bool: STORE_B_BOOL, const char *: STORE_B_STR)
#define STORE_COL(T, member) {.type = STORE_BIND_(T, member), .at = offsetof(T, member)}
#define STORE_COL_VALUE(T, member, list) {.type = STORE_B_VAL, .at = CORE_VALUE_AT(T, member), .values = &(list)}
#define STORE_COL_SPLIT(T, member, count, sep_)                                                                        \
	{.type = STORE_B_JOINED, .at = _Generic(((T *)0)->member, const char **: offsetof(T, member)),             \
	 .count_at = _Generic(((T *)0)->count, size_t: offsetof(T, count)), .sep = (sep_)}
#define STORE_COL_SKIP {.type = STORE_B_NONE, .at = 0}
#define STORE_ARG_KEY {.type = STORE_B_KEY}
#define STORE_ARG_AT {.type = STORE_B_AT}
#define STORE_ARG_ONE_(T, unused_, member) STORE_COL(T, member)
#define STORE_ARG_ID_(T, unused_, member)                                                                              \
	{.type = _Generic(((T *)0)->member, int64_t: STORE_B_I64_ID, int: STORE_B_INT_ID), .at = offsetof(T, member)}
#define STORE_ARG_VALUE(T, member, list) STORE_COL_VALUE(T, member, list)
#define STORE_ARG_JOIN(T, member, count, sep_, none_null_)                                                             \
	{.type = STORE_B_JOINED, .at = _Generic(((T *)0)->member, const char **: offsetof(T, member)),             \
	 .count_at = _Generic(((T *)0)->count, size_t: offsetof(T, count)), .sep = (sep_), .none_null = (none_null_)}
/* clang-format on */
/* Column tables as argument tables: one entry per member, in order. */
#define STORE_COLS(T, ...) EACH(STORE_ARG_ONE_, T, -, __VA_ARGS__)
#define STORE_ARGS(T, ...) EACH(STORE_ARG_ONE_, T, -, __VA_ARGS__)
#define STORE_ARG_IDS(T, ...) EACH(STORE_ARG_ID_, T, -, __VA_ARGS__)
/* Zero item (size bytes), then read the current row's columns into it. */
void store_read_cols(struct store *s, struct db_rows *r, int first, const struct store_col *cols, size_t count,
		     void *item, size_t size);
/* store_read_cols of a whole table from column 0 into *item. */
#define STORE_READ(s, r, cols, item) store_read_cols(s, r, 0, cols, NARGS(cols), item, sizeof(*(item)))
/* The store_read_fn fn of a T read whole by the column table cols. */
#define STORE_READER(fn, T, cols)                                                                                      \
	static void fn(struct store *s, struct db_rows *r, void *item)                                                 \
	{                                                                                                              \
		STORE_READ(s, r, cols, (T *)item);                                                                     \
	}
/* Read u.* columns (USER_COLS in account_sql.c) starting at col into out. */
void store_read_user(struct store *s, struct db_rows *r, int col, struct user *out);
/* Reads the current row into item. */
typedef void (*store_read_fn)(struct store *s, struct db_rows *r, void *item);
/* Column 0 into the const char * (in the arena) or the int64_t at item. */
void store_read_string(struct store *s, struct db_rows *r, void *item);
void store_read_int(struct store *s, struct db_rows *r, void *item);
/* Run a query and read every row into an arena array of elem-byte items.
 * items is the address of the caller's T * (T of elem bytes), which gets
 * the array (NULL when there are none); *count gets its length.  Both are
 * written only on success. */
enum sw_err store_collect(struct store *s, int id, const struct db_arg *args, int nargs, size_t elem,
			  store_read_fn read, void *items, size_t *count, struct sw_error *err);
/* A page of a list in id order by keyset: the id p's cursor (of tag)
 * carries, 0 from the start, bound as args[cursor_arg] and p's limit + 1
 * as the last argument; the rows into items and *count as store_collect
 * does, and *next_cursor, when there are more, carrying the last id
 * shown (the int64_t at id_at of each elem-byte item), else NULL. */
enum sw_err store_id_page(struct store *s, int id, const char *tag, struct db_arg *args, int nargs, int cursor_arg,
			  const struct page *p, size_t elem, size_t id_at, store_read_fn read, void *items,
			  size_t *count, const char **next_cursor, struct sw_error *err);
/* store_id_page into list ({T *items; size_t count; const char *next_cursor}) of T with an int64_t id. */
#define STORE_ID_PAGE(s, st, tag, args, cursor_arg, p, T, read, list, err)                                             \
	store_id_page(s, st, tag, args, NARGS(args), cursor_arg, p, sizeof(T), offsetof(T, id), read, &(list)->items,  \
		      &(list)->count, &(list)->next_cursor, err)
/* store_collect into list, a struct with T *items and size_t count (the
 * lists of core/model.h and the port headers). */
#define STORE_LIST(s, id, args, nargs, read, list, err)                                                                \
	store_collect(s, id, args, nargs, sizeof(*(list)->items), read, &(list)->items, &(list)->count, err)
/* store_collect and store_one of rows read whole by a column table (no
 * store_read_fn of their own). */
enum sw_err store_collect_cols(struct store *s, int id, const struct db_arg *args, int nargs,
			       const struct store_col *cols, size_t ncols, size_t elem, void *items, size_t *count,
			       struct sw_error *err);
enum sw_err store_one_cols(struct store *s, int id, const struct db_arg *args, int nargs, const struct store_col *cols,
			   size_t ncols, void *item, size_t size, struct sw_error *err);
/* into *out (a T *) and *count, or item (a T *) */
#define STORE_COLLECT(s, id, args, nargs, cols, out, count, err)                                                       \
	store_collect_cols(s, id, args, nargs, cols, NARGS(cols), sizeof(**(out)), out, count, err)
#define STORE_ONE(s, id, args, nargs, cols, item, err)                                                                 \
	store_one_cols(s, id, args, nargs, cols, NARGS(cols), item, sizeof(*(item)), err)
struct ticket_list;
/* The rows of the tickets of ids, in that order (one statement, ids that
 * are no ticket left out), into out (repo_ticket.c). */
enum sw_err store_tickets_of(struct store *s, const int64_t *ids, size_t count, struct ticket_list *out,
			     struct sw_error *err);
/* The tickets whose ids statement id lists (one column), in its order,
 * through store_tickets_of (repo_change.c). */
enum sw_err store_tickets_by(struct store *s, int id, const struct db_arg *args, int nargs, struct ticket_list *out,
			     struct sw_error *err);
/* Run a query expecting one row; SW_ENOTFOUND when there is none. */
enum sw_err store_one(struct store *s, int id, const struct db_arg *args, int nargs, store_read_fn read, void *item,
		      struct sw_error *err);
/* A yes-or-no question put by statement id: by STORE_YES_CHANGED, a
 * statement returning no rows, *yes when it changed a row; by
 * STORE_YES_COUNTED, a query of one integer, *yes when it is above 0.
 * Written only on success. */
enum store_yes_by { STORE_YES_CHANGED, STORE_YES_COUNTED };
enum sw_err store_yes(struct store *s, enum store_yes_by by, int id, const struct db_arg *args, int nargs, bool *yes,
		      struct sw_error *err);
/* An insert or an update from one argument list: with new_id, an insert
 * whose new row's id goes into *new_id; without, a statement that returns
 * nothing. */
enum sw_err store_write(struct store *s, int id, const struct db_arg *args, int nargs, int64_t *new_id,
			struct sw_error *err);
/*
 * What the insert and the update of a named record differ in: the
 * statement, the leading argument (the name, or the id), the time stamped
 * (created_at, or updated_at) and where the new id goes (NULL for an
 * update).  A record_store's save (core/port/store.h) builds the record's
 * argument list once around them and hands it to store_write.
 */
struct store_save {
	int st;
	struct db_arg key;
	int64_t at;
	int64_t *new_id;
};
/* The store_save of rec, a record with id, name, created_at and
 * updated_at: by insert_st when creating, else by update_st. */
#define STORE_SAVE(rec, creating, insert_st, update_st)                                                                \
	((creating) ? (struct store_save){(insert_st), DB_TEXT((rec)->name), (rec)->created_at, &(rec)->id}            \
		    : (struct store_save){(update_st), DB_INT((rec)->id), (rec)->updated_at, NULL})
/* An attachment's row (a ticket's or an article's: id, its owner's id,
 * filename, content_type, size, sha256, created_by, created_at) into a
 * struct attachment, all but the owner (repo_ticket.c). */
struct attachment;
void store_read_attachment(struct store *s, struct db_rows *r, void *item);
/* The count arguments of rec as args say into out, for the save w (its
 * key and time); false when out of memory (a joined list; the strings
 * are borrowed from rec). */
bool store_args(struct store *s, struct store_save w, const void *rec, const struct store_col *args, size_t count,
		struct db_arg *out);
/* store_write of rec by w, its arguments as args say (at most 32). */
enum sw_err store_save_args(struct store *s, struct store_save w, const void *rec, const struct store_col *args,
			    size_t count, struct sw_error *err);
#define STORE_SAVE_ARGS(s, w, rec, args, err) store_save_args(s, w, rec, args, NARGS(args), err)
/* store_write by statement st of rec's arguments as args (no key or time
 * of a save) say; with new_id, an insert whose id goes there. */
#define STORE_WRITE_ARGS(s, st, rec, args, new_id, err)                                                                \
	store_save_args(s, (struct store_save){(st), DB_NULL, 0, (new_id)}, rec, args, NARGS(args), err)
/* store_one for a record found by one key (a name, an id): not found is
 * SW_ENOTFOUND with the detail fmt gives ("no calendar 'x'"). */
enum sw_err store_find(struct store *s, int id, struct db_arg key, store_read_fn read, void *item, struct sw_error *err,
		       const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* store_find of a row read by a column table into item (a T *). */
enum sw_err store_find_cols(struct store *s, int id, struct db_arg key, const struct store_col *cols, size_t ncols,
			    void *item, size_t size, struct sw_error *err, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));
#define STORE_FIND(s, id, key, cols, item, err, ...)                                                                   \
	store_find_cols(s, id, key, cols, NARGS(cols), item, sizeof(*(item)), err, __VA_ARGS__)
/* STORE_COLLECT into list, a struct with T *items and size_t count. */
#define STORE_COLLECT_LIST(s, id, args, nargs, cols, list, err)                                                        \
	STORE_COLLECT(s, id, args, nargs, cols, &(list)->items, &(list)->count, err)
/*
 * A record_store's functions (core/port/store.h) written from what they
 * do.  STORE_SAVE_FN: the save of a T by its argument table args through
 * the insert and update statements (STORE_SAVE).  STORE_LOAD_AS and
 * STORE_LIST_AS: a load and a list that return expr, an expression of s,
 * key (a load's) or all (a list's), out and err.
 */
#define STORE_SAVE_FN(fn, T, insert, update, args)                                                                     \
	static enum sw_err fn(struct store *s, void *rec, bool creating, struct sw_error *err)                         \
	{                                                                                                              \
		T *r_ = rec;                                                                                           \
		return STORE_SAVE_ARGS(s, STORE_SAVE(r_, creating, insert, update), r_, args, err);                    \
	}
#define STORE_LOAD_AS(fn, expr)                                                                                        \
	static enum sw_err fn(struct store *s, const struct record_key *key, void *out, struct sw_error *err)          \
	{                                                                                                              \
		return expr;                                                                                           \
	}
#define STORE_LIST_AS(fn, expr)                                                                                        \
	static enum sw_err fn(struct store *s, bool all, void *out, struct sw_error *err)                              \
	{                                                                                                              \
		(void)all;                                                                                             \
		return expr;                                                                                           \
	}
/* Replace the links of a record (a group's members, a service's
 * objectives, a window's services): delete_st with (id), then insert_st
 * with (id, ids[i]) for each of the count ids. */
enum sw_err store_replace_ids(struct store *s, int delete_st, int insert_st, int64_t id, const int64_t *ids,
			      size_t count, struct sw_error *err);
/* A row of a record's named links (a window's or an agreement's
 * services): the owning record's id, the linked record's id and name;
 * store_link_cols reads a query's three columns in that order. */
struct store_link {
	int64_t owner_id, id;
	const char *name;
};
extern const struct store_col store_link_cols[3];
/* Give each of the count records at recs (size bytes apart, each with
 * its int64_t id at id_at) the links among rows[n] that it owns, in
 * their order: their names into the const char ** at names_at, their ids
 * into the int64_t * at ids_at, how many into the size_t at count_at. */
struct store_link_layout {
	size_t size, id_at, names_at, ids_at, count_at;
};
enum sw_err store_attach_links(struct store *s, void *recs, size_t count, const struct store_link_layout *l,
			       const struct store_link *rows, size_t n, struct sw_error *err);
/* A named record read by a column table with its named links (a
 * window's or an agreement's services): one by name through by_name
 * ("no <noun> 'x'" when there is none) and its links through links_of
 * (the record's id), or all of them through list and every link through
 * links_all.  store_linked_all's items is the address of the caller's
 * T * (T of links.size bytes); it and *count are written on success. */
struct store_linked {
	int by_name, links_of, list, links_all;
	const struct store_col *cols;
	size_t ncols;
	struct store_link_layout links;
	const char *noun;
};
/* The store_linked of a T whose links are its services (members
 * services, service_ids, service_count). */
#define STORE_LINKED_SERVICES(T, by_name, links_of, list, links_all, cols, noun)                                       \
	{                                                                                                              \
		(by_name), (links_of), (list), (links_all), (cols), NARGS(cols),                                       \
			{sizeof(T), offsetof(T, id), offsetof(T, services), offsetof(T, service_ids),                  \
			 offsetof(T, service_count)},                                                                  \
			(noun)                                                                                         \
	}
enum sw_err store_linked_find(struct store *s, const struct store_linked *k, const char *name, void *item,
			      struct sw_error *err);
enum sw_err store_linked_all(struct store *s, const struct store_linked *k, void *items, size_t *count,
			     struct sw_error *err);

/* A value list admins keep as rows of struct cause_category (name,
 * label, position, active: cause categories, breach reasons): its
 * statements (cause_categories' columns and arguments, repo_config.c)
 * and its noun for "no <noun> 'x'". */
struct store_value_list {
	int insert, update, by_name, list;
	const char *noun;
};
struct cause_category;
struct cause_category_list;
enum sw_err store_value_list_save(struct store *s, const struct store_value_list *l, void *rec, bool creating,
				  struct sw_error *err);
enum sw_err store_value_list_find(struct store *s, const struct store_value_list *l, const char *name,
				  struct cause_category *out, struct sw_error *err);
enum sw_err store_value_list_all(struct store *s, const struct store_value_list *l, struct cause_category_list *out,
				 struct sw_error *err);
/* Collect a one-column text query into an arena array. */
enum sw_err store_collect_strings(struct store *s, int id, const struct db_arg *args, int nargs, const char ***out,
				  size_t *count, struct sw_error *err);
/* Collect a one-column integer query (ids) into an arena array. */
enum sw_err store_collect_ids(struct store *s, int id, const struct db_arg *args, int nargs, int64_t **out,
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
