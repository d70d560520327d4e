/*
 * db.h — the driver seam.  The only code that includes sqlite3.h or
 * libpq-fe.h is behind this header (db_sqlite.c, db_pg.c).
 *
 * A struct db is opened from a URL ("sqlite:PATH" or "postgres://..." /
 * "postgresql://...") and is shared by all threads.  Each thread gets its
 * own connection from db_conn_acquire(), created on first use and cached
 * for that thread; connections are closed by db_free().
 *
 * Statements come from the statement catalog (store/<aggregate>_sql.c, indexed by store/catalog.c) as struct
 * db_stmt: a small integer id, unique across the catalog, and SQL text
 * with numbered placeholders ?1 .. ?N (SQLite syntax).  The PostgreSQL
 * driver rewrites ?N to $N.  Each connection prepares a statement on first
 * use and keeps it (PostgreSQL: a named prepared statement "s<id>").
 *
 * Values are bound by type; integers travel as int64_t.  Text results are
 * NUL-terminated and valid until the next db_rows_next() or db_rows_free().
 * At most one struct db_rows per statement id may be open on a connection
 * at a time; free it before running the same statement again.
 *
 * Errors are translated here: a unique-constraint violation becomes
 * SW_ECONFLICT (type "duplicate"), a lock timeout/serialization failure
 * SW_EBUSY, anything else SW_EDB with the driver's message in detail.
 */
#ifndef SW_DB_DB_H
#define SW_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The most parameters one statement may take (catalog_check holds the
 * catalog to it). */
#define DB_PARAMS_MAX 96

#include "base/err.h"

enum db_backend { DB_SQLITE, DB_POSTGRES, DB_BACKEND__COUNT };

struct db;
struct db_conn;
struct db_rows;
struct idset;

enum db_type { DB_T_NULL, DB_T_INT, DB_T_TEXT, DB_T_BLOB, DB_T_IDSET };

struct db_arg {
	enum db_type type;
	int64_t i;
	const void *p;
	size_t len;
};

#define DB_NULL ((struct db_arg){.type = DB_T_NULL})
#define DB_INT(v) ((struct db_arg){.type = DB_T_INT, .i = (int64_t)(v)})
#define DB_TEXT(s) ((struct db_arg){.type = (s) ? DB_T_TEXT : DB_T_NULL, .p = (s), .len = (s) ? strlen(s) : 0})
#define DB_TEXTN(s, n) ((struct db_arg){.type = DB_T_TEXT, .p = (s), .len = (n)})
#define DB_BLOB(s, n) ((struct db_arg){.type = DB_T_BLOB, .p = (s), .len = (n)})
/* An integer that is NULL when zero (optional foreign keys). */
#define DB_ID(v) ((v) ? DB_INT(v) : DB_NULL)
/* A struct idset (base/idset.h), borrowed until the statement is done
 * (its rows freed).  Only where db_has_idset(); SQL then has two functions
 * of a set bound to ?N:
 *   steward_idset_has(?N, id)   1 when id is in the set, else 0;
 *   steward_idset_fill(?N, id)  aggregate: adds each id, ascending, to an
 *                               empty set; 0, or -1 when the set would pass
 *                               its max_bytes (it is then incomplete).
 * Anything but a set in ?N is an error, never "no filter".  The parameter is
 * NULL to SQL itself, so a statement must not test it with IS NULL.  A
 * driver without sets refuses the argument (SW_EINTERNAL). */
#define DB_IDSET(set) ((struct db_arg){.type = DB_T_IDSET, .p = (set)})

#define DB_STMT_MAX 3072 /* ids are 0 .. DB_STMT_MAX-1 */

struct db_stmt {
	int id;
	const char *name;   /* for messages, e.g. "ticket_insert" */
	const char *sql;    /* SQLite dialect with ?1..?N */
	const char *sql_pg; /* optional PostgreSQL override, also with ?N; NULL = use sql */
};

struct db_options {
	int busy_timeout_ms; /* SQLite busy timeout; 0 = 5000 */
	bool read_only;      /* open read-only (backup source checks) */
};

const char *db_backend_name(enum db_backend b);

/* Open a database handle.  Nothing is connected until first acquire, except
 * that db_open checks the URL and connects once to report errors early. */
enum sw_err db_open(const char *url, const struct db_options *opt, struct db **out, struct sw_error *err);
/* Close every connection and free the handle.  NULL is fine.  Call only when
 * no other thread uses the handle. */
void db_free(struct db *db);
enum db_backend db_backend(const struct db *db);
/* Whether statements can take a DB_IDSET argument (SQLite: yes). */
bool db_has_idset(const struct db *db);

/* One pointer of state the storage layer keeps with a handle, shared by
 * all its threads (the search cache, store/scache.c).  db_slot: the
 * pointer set, or NULL.  db_slot_set: sets p unless one is set already and
 * returns the one that is — p, or another thread's, in which case p was
 * not taken; db_free calls free_fn on it. */
void *db_slot(struct db *db);
void *db_slot_set(struct db *db, void *p, void (*free_fn)(void *p));

/* This thread's connection, opened on first use. */
enum sw_err db_conn_acquire(struct db *db, struct db_conn **out, struct sw_error *err);

/* Write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN). */
enum sw_err db_begin(struct db_conn *c, struct sw_error *err);
enum sw_err db_commit(struct db_conn *c, struct sw_error *err);
/* The same, for a transaction that may hold the writer for long (a batch of
 * the scheduler, an atomic import): the writers already waiting in the open
 * group are committed first, so that none waits for it. */
enum sw_err db_begin_long(struct db_conn *c, struct sw_error *err);
/* SQLite: writers share one connection and one COMMIT (group commit, see
 * db.c); db_commit returns once the COMMIT that holds this transaction's
 * work has succeeded or failed.  Counts of those COMMITs and of the
 * transactions they made durable (whole process), for /metrics. */
void db_group_stats(long *commits, long *writers);
/* The same COMMITs by how many writers each made durable: batches[i]
 * counts those of more than 2^(i-1) and at most 2^i writers (batches[0]:
 * one writer alone), not cumulative.  GROUP_MAX (64) is the largest. */
#define DB_GROUP_BUCKETS 7
void db_group_batches(long batches[DB_GROUP_BUCKETS]);
/* A read snapshot around the reads of one request (a GET): while it is on,
 * the statements of c that only read run in one read transaction, begun
 * lazily by the first of them, instead of one each (SQLite: one WAL read
 * lock and its fcntl pair for all of them, and reads that agree with one
 * another).  A statement that writes, run on c itself, or db_begin ends
 * that transaction first, so that what the request wrote is what it reads
 * afterwards; the next read begins another.  db_read_end ends it and the
 * scope; it must be called before the thread serves anything else (c is
 * the thread's).  Drivers where a transaction costs round trips
 * (PostgreSQL) ignore both: each statement stays its own snapshot. */
void db_read_begin(struct db_conn *c);
void db_read_end(struct db_conn *c);
/* Roll back if a transaction is open; never fails visibly. */
void db_rollback(struct db_conn *c);
bool db_in_transaction(const struct db_conn *c);

/* Run a statement that returns no rows; *changes (optional) gets the row count. */
enum sw_err db_exec(struct db_conn *c, const struct db_stmt *st, const struct db_arg *args, int nargs, int64_t *changes,
		    struct sw_error *err);
/* Run a statement and iterate its rows. */
enum sw_err db_query(struct db_conn *c, const struct db_stmt *st, const struct db_arg *args, int nargs,
		     struct db_rows **out, struct sw_error *err);
/* 1: a row is ready; 0: no more rows; -1: error (err filled). */
int db_rows_next(struct db_rows *r, struct sw_error *err);
bool db_col_null(struct db_rows *r, int col);
int64_t db_col_int(struct db_rows *r, int col);                   /* 0 for NULL */
const char *db_col_text(struct db_rows *r, int col);              /* NULL for NULL */
const void *db_col_blob(struct db_rows *r, int col, size_t *len); /* bytes, decoded */
void db_rows_free(struct db_rows *r);

/* Convenience: run st and hand its first row, if it has one, to
 * read(r, arg); *found says whether it had.  The rows are freed on every
 * path. */
enum sw_err db_query_row(struct db_conn *c, const struct db_stmt *st, const struct db_arg *args, int nargs,
			 void (*read)(struct db_rows *r, void *arg), void *arg, bool *found, struct sw_error *err);
/* Convenience: run st and read the first column of the first row as int.
 * SW_ENOTFOUND when there is no row. */
enum sw_err db_query_int(struct db_conn *c, const struct db_stmt *st, const struct db_arg *args, int nargs,
			 int64_t *out, struct sw_error *err);

/* Bulk loading (steward demo --scale): while on, a db_exec without a row
 * count is sent without waiting for its answer (PostgreSQL's pipeline
 * mode), and the answers are read at the next statement that needs one (a
 * query, a row count, a commit) or when it is turned off.  A failure is
 * then reported by that later call, not by the db_exec that caused it: only
 * code that stops at its first error may turn it on.  Turning it off
 * reports what is pending.  SQLite: nothing changes (no round trips). */
enum sw_err db_pipeline(struct db_conn *c, bool on, struct sw_error *err);

/* Run a script of several statements without parameters (migrations). */
enum sw_err db_exec_script(struct db_conn *c, const char *sql, struct sw_error *err);

/* SELECT 1 through this thread's connection (health checks). */
enum sw_err db_ping(struct db *db, struct sw_error *err);

/* Online backup of a SQLite database to path; SW_EINVALID on PostgreSQL. */
enum sw_err db_backup(struct db *db, const char *path, struct sw_error *err);

/* Integrity check (SQLite PRAGMA integrity_check; PostgreSQL: SELECT 1). */
enum sw_err db_integrity_check(struct db *db, struct sw_error *err);

/* Count of driver errors since start (for /metrics). */
long db_error_count(void);

#endif
