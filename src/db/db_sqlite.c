/*
 * db_sqlite.c — the SQLite driver: one connection per thread in WAL mode
 * with durable commits, statements prepared once per connection and kept,
 * and SQLite's errors mapped onto Steward's.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db/db_int.h"
#include "base/idset.h"
#include "base/banned.h"

/* the pointer type of a bound struct idset (https://sqlite.org/bindptr.html) */
#define IDSET_PTR_TYPE "steward_idset"

struct sq_conn {
	struct db_conn base;
	sqlite3 *h;
	sqlite3_stmt *stmts[DB_STMT_MAX];
	bool rowid[DB_STMT_MAX]; /* prepared without its " RETURNING id": see returns_rowid */
	/* a read scope (db_read_begin): on, and whether its read transaction
	 * is open; the driver's BEGIN and COMMIT for it, prepared once */
	bool scope, reading;
	sqlite3_stmt *begin_st, *commit_st;
};

struct sq_rows {
	struct db_rows base;
	sqlite3_stmt *st;
	bool rowid;    /* the one row is the inserted rowid, not the statement's */
	int64_t id;    /* that rowid */
	int served;    /* rowid rows: 0 before the first next, 1 after */
	char text[24]; /* the rowid as text, when a reader asks for text */
};

#define RETURNING_ID " RETURNING id"

/* A one-row INSERT ... VALUES (...) RETURNING id: SQLite's RETURNING runs
 * through a temporary table and costs about a third of such an insert;
 * without it, sqlite3_changes says whether the row went in and
 * sqlite3_last_insert_rowid what its id is (every table's id is its
 * INTEGER PRIMARY KEY, so the rowid; the rowid an insert inside a trigger
 * made is gone once the statement ends).  Not for INSERT ... SELECT (rows:
 * many) or an upsert (ON CONFLICT ... DO UPDATE returns the updated row,
 * which last_insert_rowid does not know); INSERT OR IGNORE is fine (no
 * change: no row, as RETURNING gives). */
static bool returns_rowid(const char *sql)
{
	size_t n = strlen(sql), k = strlen(RETURNING_ID);
	return strncmp(sql, "INSERT ", 7) == 0 && n > k && strcmp(sql + n - k, RETURNING_ID) == 0 &&
	       strstr(sql, " VALUES ") && !strstr(sql, "SELECT") && !strstr(sql, "ON CONFLICT") &&
	       !strstr(sql, "RETURNING id,");
}

static enum sw_err sq_error(sqlite3 *h, int rc, const char *what, struct sw_error *err)
{
	int ext = h ? sqlite3_extended_errcode(h) : rc;
	const char *msg = h ? sqlite3_errmsg(h) : sqlite3_errstr(rc);
	if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		return sw_fail(err, SW_ECONFLICT, "duplicate", "%s: %s", what, msg);
	if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
		return sw_fail(err, SW_EINVALID, "reference", "%s: %s", what, msg);
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return sw_fail(err, SW_EBUSY, "busy", "%s: the database is busy; try again", what);
	return sw_fail(err, SW_EDB, NULL, "%s: %s", what, msg);
}

static enum sw_err sq_exec_sql(struct db_conn *bc, const char *sql, struct sw_error *err)
{
	struct sq_conn *c = (struct sq_conn *)bc;
	char *msg = NULL;
	int rc = sqlite3_exec(c->h, sql, NULL, NULL, &msg);
	sqlite3_free(msg);
	if (rc != SQLITE_OK)
		return sq_error(c->h, rc, "sql", err);
	return SW_OK;
}

/* Before the first connection: no memory statistics (they take one global
 * mutex on every allocation SQLite makes, from every thread). */
static void sq_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* steward_idset_has(SET, ID): whether ID is in the struct idset bound to
 * SET with DB_IDSET (db.h).  A list walks its sort order's index and asks
 * this of each row's id, before the row itself is read: an id set probed
 * in C instead of a temporary b-tree of every match filled per request.
 * Anything else in SET is an error rather than an empty or a missing
 * filter. */
static void sq_idset_has(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const struct idset *set = sqlite3_value_pointer(argv[0], IDSET_PTR_TYPE);
	if (!set) {
		sqlite3_result_error(ctx, "steward_idset_has: no id set bound", -1);
		return;
	}
	sqlite3_result_int(ctx, sqlite3_value_type(argv[1]) == SQLITE_INTEGER &&
					idset_has(set, sqlite3_value_int64(argv[1])));
}

/* steward_idset_fill(SET, ID), an aggregate: adds each ID, in ascending
 * order, to the struct idset bound to SET, inside SQLite's loop rather than
 * a step and a column read per row through the API (which made reading
 * 66 810 matches about a quarter slower).  Gives 0, or -1 when the set would pass its max_bytes
 * (it is then incomplete, and its owner releases it).  Ids out of order, a
 * missing set and exhausted memory are errors. */
static void sq_idset_fill_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	bool *full = sqlite3_aggregate_context(ctx, sizeof(*full));
	struct idset *set = sqlite3_value_pointer(argv[0], IDSET_PTR_TYPE);
	if (!full) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (!set) {
		sqlite3_result_error(ctx, "steward_idset_fill: no id set bound", -1);
		return;
	}
	if (*full)
		return;
	enum sw_err rc = idset_add(set, sqlite3_value_int64(argv[1]));
	if (rc == SW_ETOOLARGE)
		*full = true;
	else if (rc == SW_ENOMEM)
		sqlite3_result_error_nomem(ctx);
	else if (rc)
		sqlite3_result_error(ctx, "steward_idset_fill: ids out of order", -1);
}

static void sq_idset_fill_final(sqlite3_context *ctx)
{
	bool *full = sqlite3_aggregate_context(ctx, 0);
	sqlite3_result_int(ctx, full && *full ? -1 : 0);
}

static enum sw_err sq_connect(struct db *db, struct db_conn **out, struct sw_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sq_configure);
	struct sq_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	int flags = SQLITE_OPEN_NOMUTEX |
		    (db->opt.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	int rc = sqlite3_open_v2(db->target, &c->h, flags, NULL);
	if (rc != SQLITE_OK) {
		enum sw_err e = sw_fail(err, SW_EDB, NULL, "cannot open '%s': %s", db->target,
					c->h ? sqlite3_errmsg(c->h) : sqlite3_errstr(rc));
		sqlite3_close(c->h);
		free(c);
		return e;
	}
	sqlite3_extended_result_codes(c->h, 1);
	sqlite3_busy_timeout(c->h, db->opt.busy_timeout_ms);
	sqlite3_db_config(c->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(c->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	/* One plan per statement, made when it is first prepared: without this,
	 * binding a parameter the planner had looked at marks the statement
	 * expired, and the long list statements were parsed and planned again
	 * at every execution (a third of a cached search's CPU, more than half
	 * of a list's: docs/performance.md).  Their plans are chosen by the
	 * repository per filter and sort (the plan variants in ticket_sql.h),
	 * not from the values bound; results never depend on it. */
	sqlite3_db_config(c->h, SQLITE_DBCONFIG_ENABLE_QPSG, 1, NULL);
	/* direct only: never from a view, trigger or the schema */
	rc = sqlite3_create_function_v2(c->h, "steward_idset_has", 2,
					SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL, sq_idset_has,
					NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(c->h, "steward_idset_fill", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
						NULL, sq_idset_fill_step, sq_idset_fill_final, NULL);
	if (rc != SQLITE_OK) {
		enum sw_err e = sq_error(c->h, rc, "steward_idset functions", err);
		sqlite3_close(c->h);
		free(c);
		return e;
	}
	static const char pragmas[] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
	enum sw_err e = db->opt.read_only ? SW_OK : sq_exec_sql(&c->base, pragmas, err);
	if (e) {
		sqlite3_close(c->h);
		free(c);
		return e;
	}
	*out = &c->base;
	return SW_OK;
}

static void sq_disconnect(struct db_conn *bc)
{
	struct sq_conn *c = (struct sq_conn *)bc;
	sqlite3_finalize(c->begin_st);
	sqlite3_finalize(c->commit_st);
	for (int i = 0; i < DB_STMT_MAX; i++)
		sqlite3_finalize(c->stmts[i]);
	sqlite3_close(c->h);
	free(c);
}

static enum sw_err bind(struct sq_conn *c, const struct db_stmt *st, const struct db_arg *args, int nargs,
			sqlite3_stmt **out, struct sw_error *err)
{
	if (st->id < 0 || st->id >= DB_STMT_MAX)
		return sw_fail(err, SW_EINTERNAL, NULL, "statement id %d out of range", st->id);
	sqlite3_stmt *s = c->stmts[st->id];
	if (!s) {
		bool rowid = returns_rowid(st->sql);
		int len = rowid ? (int)(strlen(st->sql) - strlen(RETURNING_ID)) : -1;
		int rc = sqlite3_prepare_v3(c->h, st->sql, len, SQLITE_PREPARE_PERSISTENT, &s, NULL);
		if (rc != SQLITE_OK)
			return sq_error(c->h, rc, st->name, err);
		c->stmts[st->id] = s;
		c->rowid[st->id] = rowid;
	} else {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
	if (sqlite3_bind_parameter_count(s) != nargs)
		return sw_fail(err, SW_EINTERNAL, NULL, "%s takes %d parameters, got %d", st->name,
			       sqlite3_bind_parameter_count(s), nargs);
	for (int i = 0; i < nargs; i++) {
		const struct db_arg *a = &args[i];
		int rc;
		switch (a->type) {
		case DB_T_INT: rc = sqlite3_bind_int64(s, i + 1, a->i); break;
		case DB_T_TEXT: rc = sqlite3_bind_text(s, i + 1, a->p, (int)a->len, SQLITE_STATIC); break;
		case DB_T_BLOB: rc = sqlite3_bind_blob(s, i + 1, a->len ? a->p : "", (int)a->len, SQLITE_STATIC); break;
		case DB_T_IDSET: rc = sqlite3_bind_pointer(s, i + 1, (void *)a->p, IDSET_PTR_TYPE, NULL); break;
		default: rc = sqlite3_bind_null(s, i + 1); break;
		}
		if (rc != SQLITE_OK)
			return sq_error(c->h, rc, st->name, err);
	}
	*out = s;
	return SW_OK;
}

/* Runs one of the driver's own statements without rows, prepared on
 * first use and kept in *st. */
static int run_own(struct sq_conn *c, sqlite3_stmt **st, const char *sql)
{
	int rc = *st ? SQLITE_OK : sqlite3_prepare_v3(c->h, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(*st);
	sqlite3_reset(*st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The read transaction of a read scope ends (its snapshot is let go). */
static enum sw_err read_commit(struct sq_conn *c, struct sw_error *err)
{
	if (!c->reading)
		return SW_OK;
	c->reading = false;
	if (sqlite3_get_autocommit(c->h)) /* SQLite ended it itself, after an error */
		return SW_OK;
	int rc = run_own(c, &c->commit_st, "COMMIT");
	if (rc == SQLITE_OK)
		return SW_OK;
	enum sw_err e = sq_error(c->h, rc, "end of a read snapshot", err);
	sqlite3_exec(c->h, "ROLLBACK", NULL, NULL, NULL); /* it wrote nothing */
	return e;
}

/* Before s runs on c: in a read scope, a statement that only reads joins
 * the scope's read transaction (begun by the first); one that writes ends
 * it, and runs on its own as before. */
static enum sw_err read_scope_enter(struct sq_conn *c, sqlite3_stmt *s, const char *name, struct sw_error *err)
{
	if (!c->scope)
		return SW_OK;
	if (!sqlite3_stmt_readonly(s))
		return read_commit(c, err);
	if (c->reading && !sqlite3_get_autocommit(c->h))
		return SW_OK;
	c->reading = false;
	if (!sqlite3_get_autocommit(c->h)) /* someone else's transaction: not a read scope's to manage */
		return SW_OK;
	int rc = run_own(c, &c->begin_st, "BEGIN");
	if (rc != SQLITE_OK)
		return sq_error(c->h, rc, name, err);
	c->reading = true;
	return SW_OK;
}

static void sq_read_scope(struct db_conn *bc, bool on, bool end)
{
	struct sq_conn *c = (struct sq_conn *)bc;
	if (on) {
		c->scope = true;
		return;
	}
	struct sw_error ignore;
	if (read_commit(c, &ignore))
		db_count_error();
	if (end)
		c->scope = false;
}

static enum sw_err sq_exec(struct db_conn *bc, const struct db_stmt *st, const struct db_arg *args, int nargs,
			   int64_t *changes, struct sw_error *err)
{
	struct sq_conn *c = (struct sq_conn *)bc;
	sqlite3_stmt *s;
	enum sw_err e = bind(c, st, args, nargs, &s, err);
	if (!e)
		e = read_scope_enter(c, s, st->name, err);
	if (e)
		return e;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		e = sq_error(c->h, rc, st->name, err);
		sqlite3_reset(s);
		return e;
	}
	if (changes)
		*changes = sqlite3_changes64(c->h);
	sqlite3_reset(s);
	return SW_OK;
}

static enum sw_err sq_query(struct db_conn *bc, const struct db_stmt *st, const struct db_arg *args, int nargs,
			    struct db_rows **out, struct sw_error *err)
{
	struct sq_conn *c = (struct sq_conn *)bc;
	sqlite3_stmt *s;
	enum sw_err e = bind(c, st, args, nargs, &s, err);
	if (!e)
		e = read_scope_enter(c, s, st->name, err);
	if (e)
		return e;
	struct sq_rows *r = calloc(1, sizeof(*r));
	if (!r) {
		sqlite3_reset(s);
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	}
	r->base.conn = bc;
	r->st = s;
	r->rowid = c->rowid[st->id];
	*out = &r->base;
	return SW_OK;
}

static int sq_next(struct db_rows *br, struct sw_error *err)
{
	struct sq_rows *r = (struct sq_rows *)br;
	struct sq_conn *c = (struct sq_conn *)br->conn;
	if (r->rowid && r->served)
		return 0;
	int rc = sqlite3_step(r->st);
	if (r->rowid && rc == SQLITE_DONE) {
		r->served = 1;
		if (sqlite3_changes64(c->h) != 1)
			return 0;
		r->id = sqlite3_last_insert_rowid(c->h);
		return 1;
	}
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	sq_error(c->h, rc, sqlite3_sql(r->st) ? "query" : "query", err);
	return -1;
}

static bool sq_col_null(struct db_rows *br, int col)
{
	struct sq_rows *r = (struct sq_rows *)br;
	return r->rowid ? col != 0 : sqlite3_column_type(r->st, col) == SQLITE_NULL;
}

static int64_t sq_col_int(struct db_rows *br, int col)
{
	struct sq_rows *r = (struct sq_rows *)br;
	return r->rowid ? (col == 0 ? r->id : 0) : sqlite3_column_int64(r->st, col);
}

static const char *sq_col_text(struct db_rows *br, int col)
{
	struct sq_rows *r = (struct sq_rows *)br;
	if (r->rowid) {
		if (col != 0)
			return NULL;
		snprintf(r->text, sizeof(r->text), "%lld", (long long)r->id);
		return r->text;
	}
	if (sqlite3_column_type(r->st, col) == SQLITE_NULL)
		return NULL;
	return (const char *)sqlite3_column_text(r->st, col);
}

static const void *sq_col_blob(struct db_rows *br, int col, size_t *len)
{
	struct sq_rows *r = (struct sq_rows *)br;
	if (r->rowid) {
		*len = 0;
		return "";
	}
	const void *p = sqlite3_column_blob(r->st, col);
	*len = (size_t)sqlite3_column_bytes(r->st, col);
	return p ? p : "";
}

static void sq_rows_free(struct db_rows *br)
{
	struct sq_rows *r = (struct sq_rows *)br;
	sqlite3_reset(r->st);
	free(r);
}

static enum sw_err sq_backup(struct db *db, struct db_conn *bc, const char *path, struct sw_error *err)
{
	(void)db;
	struct sq_conn *c = (struct sq_conn *)bc;
	struct stat sb;
	if (stat(path, &sb) == 0)
		return sw_fail(err, SW_ECONFLICT, NULL, "'%s' exists; choose a new file", path);
	sqlite3 *dst;
	int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		enum sw_err e = sw_fail(err, SW_EIO, NULL, "cannot create '%s': %s", path, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return e;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", c->h, "main");
	if (!b) {
		enum sw_err e = sw_fail(err, SW_EIO, NULL, "backup failed: %s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return e;
	}
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	enum sw_err e = SW_OK;
	if (rc != SQLITE_DONE)
		e = sw_fail(err, SW_EIO, NULL, "backup failed: %s", sqlite3_errstr(rc));
	sqlite3_close(dst);
	return e;
}

static enum sw_err sq_integrity(struct db_conn *bc, struct sw_error *err)
{
	struct sq_conn *c = (struct sq_conn *)bc;
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(c->h, "PRAGMA integrity_check", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sq_error(c->h, rc, "integrity_check", err);
	enum sw_err e = SW_OK;
	if (sqlite3_step(s) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(s, 0), "ok") != 0)
		e = sw_fail(err, SW_EDB, NULL, "integrity check failed: %s",
			    sqlite3_column_text(s, 0) ? (const char *)sqlite3_column_text(s, 0) : "?");
	sqlite3_finalize(s);
	return e;
}

static bool sq_tx_open(struct db_conn *bc)
{
	return !sqlite3_get_autocommit(((struct sq_conn *)bc)->h);
}

const struct db_driver db_sqlite_driver = {
	.connect = sq_connect,
	.disconnect = sq_disconnect,
	.exec_sql = sq_exec_sql,
	.exec = sq_exec,
	.query = sq_query,
	.next = sq_next,
	.col_null = sq_col_null,
	.col_int = sq_col_int,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.rows_free = sq_rows_free,
	.backup = sq_backup,
	.integrity = sq_integrity,
	.tx_open = sq_tx_open,
	.read_scope = sq_read_scope,
	.begin_sql = "BEGIN IMMEDIATE",
	/* statement journals in memory, not a temporary file per write (they
	 * were an open, write, close and unlink per request); a larger cache
	 * for the one connection that writes, whose cache stays valid */
	.writer_sql = "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384;",
	.one_writer = true,
	.idset = true,
};
