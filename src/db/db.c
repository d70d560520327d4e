/*
 * db.c — the backend-independent half of the driver seam: URLs, the
 * per-thread connection cache, transactions and dispatch to the SQLite or
 * PostgreSQL driver.  See db.h.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db_int.h"
#include "base/banned.h"

static atomic_long error_count;
static atomic_long group_commits;                 /* COMMITs of group transactions, every db of the process */
static atomic_long group_members;                 /* writers those COMMITs made durable */
static atomic_long group_sizes[DB_GROUP_BUCKETS]; /* those COMMITs by writers in them, powers of two */

void db_count_error(void)
{
	atomic_fetch_add(&error_count, 1);
}

long db_error_count(void)
{
	return atomic_load(&error_count);
}

const char *db_backend_name(enum db_backend b)
{
	return b == DB_POSTGRES ? "postgresql" : "sqlite";
}

static enum sw_err counted(enum sw_err rc)
{
	if (rc == SW_EDB || rc == SW_EBUSY)
		db_count_error();
	return rc;
}

enum sw_err db_open(const char *url, const struct db_options *opt, struct db **out, struct sw_error *err)
{
	if (!url)
		return sw_fail(err, SW_EINVALID, NULL, "no database URL");
	struct db *db = calloc(1, sizeof(*db));
	if (!db)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if (opt)
		db->opt = *opt;
	if (db->opt.busy_timeout_ms <= 0)
		db->opt.busy_timeout_ms = 5000;
	if (strncmp(url, "sqlite:", 7) == 0 && url[7]) {
		db->backend = DB_SQLITE;
		db->drv = &db_sqlite_driver;
		db->target = strdup(url + 7);
	} else if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0) {
		db->backend = DB_POSTGRES;
		db->drv = &db_pg_driver;
		db->target = strdup(url);
	} else {
		free(db);
		return sw_fail(err, SW_EINVALID, NULL,
			       "database URL must be sqlite:PATH or postgres://..., not '%.60s'", url);
	}
	if (!db->target || pthread_key_create(&db->key, NULL) != 0) {
		free(db->target);
		free(db);
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	}
	pthread_mutex_init(&db->lock, NULL);
	pthread_mutexattr_t adaptive; /* spins a moment before sleeping: a turn is often that short */
	pthread_mutexattr_init(&adaptive);
	pthread_mutexattr_settype(&adaptive, PTHREAD_MUTEX_ADAPTIVE_NP);
	pthread_mutex_init(&db->writer, &adaptive);
	pthread_mutexattr_destroy(&adaptive);
	pthread_mutex_init(&db->group, NULL);
	pthread_condattr_t monotonic;
	pthread_condattr_init(&monotonic);
	pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
	pthread_cond_init(&db->committed, &monotonic);
	pthread_condattr_destroy(&monotonic);
	struct db_conn *c;
	enum sw_err rc = db_conn_acquire(db, &c, err);
	if (rc) {
		db_free(db);
		return rc;
	}
	*out = db;
	return SW_OK;
}

void db_free(struct db *db)
{
	if (!db)
		return;
	pthread_mutex_lock(&db->lock);
	struct db_conn *c = db->conns;
	db->conns = NULL;
	pthread_mutex_unlock(&db->lock);
	while (c) {
		struct db_conn *next = c->next_all;
		db->drv->disconnect(c);
		c = next;
	}
	if (db->slot_free)
		db->slot_free(atomic_load(&db->slot));
	pthread_key_delete(db->key);
	pthread_mutex_destroy(&db->lock);
	pthread_mutex_destroy(&db->writer);
	pthread_mutex_destroy(&db->group);
	pthread_cond_destroy(&db->committed);
	free(db->target);
	free(db);
}

enum db_backend db_backend(const struct db *db)
{
	return db->backend;
}

bool db_has_idset(const struct db *db)
{
	return db->drv->idset;
}

void *db_slot(struct db *db)
{
	return atomic_load_explicit(&db->slot, memory_order_acquire);
}

void *db_slot_set(struct db *db, void *p, void (*free_fn)(void *p))
{
	pthread_mutex_lock(&db->lock);
	void *was = atomic_load(&db->slot);
	if (!was) {
		db->slot_free = free_fn;
		atomic_store_explicit(&db->slot, p, memory_order_release);
		was = p;
	}
	pthread_mutex_unlock(&db->lock);
	return was;
}

/* A new connection of db, on the list that db_free closes. */
static enum sw_err connect(struct db *db, struct db_conn **out, struct sw_error *err)
{
	struct db_conn *c;
	enum sw_err rc = db->drv->connect(db, &c, err);
	if (rc)
		return rc;
	c->db = db;
	pthread_mutex_lock(&db->lock);
	c->next_all = db->conns;
	db->conns = c;
	pthread_mutex_unlock(&db->lock);
	*out = c;
	return SW_OK;
}

enum sw_err db_conn_acquire(struct db *db, struct db_conn **out, struct sw_error *err)
{
	struct db_conn *c = pthread_getspecific(db->key);
	if (!c) {
		enum sw_err rc = connect(db, &c, err);
		if (rc)
			return counted(rc);
		pthread_setspecific(db->key, c);
	}
	*out = c;
	return SW_OK;
}

/*
 * Group commit (drivers with one writer: SQLite).
 *
 * SQLite has one writer at a time and a durable commit costs an fsync.  The
 * writers of one process share one connection, db->wconn, and take turns on
 * db->writer; each turn is a SAVEPOINT inside the transaction open on wconn.
 * A writer that fails rolls back to its savepoint alone.  One that succeeds
 * releases it and, if another writer is queued for a turn, leaves the
 * transaction open for it and waits; the last writer of a run (or the
 * GROUP_MAX-th) commits for all of them, and each learns from that COMMIT
 * whether its work is durable.  Nothing returns from db_commit before its
 * COMMIT, so an acknowledged write is a committed one; a COMMIT that fails
 * fails every writer in it, none of which has answered yet.
 *
 * What it saves: one fsync and one WAL write of each shared page (index
 * roots, counters) per group instead of per writer, and the writer's page
 * cache stays valid because no other connection of this process writes.
 * Other processes (the CLI, a second server) still meet SQLite's lock, and
 * waiting for a turn is bounded by the busy timeout as before.
 */
#define GROUP_MAX 64     /* writers in one transaction at most */
#define GROUP_POLL_MS 2L /* how often a released writer checks that someone will commit */
#define GROUP_SAVEPOINT "sw_group"

/* The connection a statement of c runs on: in a turn, the shared writer.
 * SQLite may roll the whole transaction back by itself (disk full, an I/O
 * error); what is left of that turn then fails instead of running in
 * autocommit on wconn, where each statement would be committed at once
 * while its request fails (and "SAVEPOINT" would open a new transaction). */
static struct db_conn *target(struct db_conn *c, struct sw_error *err)
{
	if (!c->in_tx || !c->db->drv->one_writer)
		return c;
	if (!c->db->drv->tx_open(c->db->wconn)) {
		sw_fail(err, SW_EDB, NULL, "the database rolled the transaction back");
		return NULL;
	}
	return c->db->wconn;
}

static struct timespec deadline(clockid_t clock, long ms)
{
	struct timespec t;
	clock_gettime(clock, &t);
	int64_t ns = t.tv_nsec + (int64_t)ms * 1000000;
	t.tv_sec += (time_t)(ns / 1000000000);
	t.tv_nsec = (long)(ns % 1000000000);
	return t;
}

static enum sw_err writer_enter(struct db *db, struct sw_error *err)
{
	struct timespec until = deadline(CLOCK_REALTIME, db->opt.busy_timeout_ms);
	atomic_fetch_add(&db->queued, 1);
	int r = pthread_mutex_timedlock(&db->writer, &until);
	atomic_fetch_sub(&db->queued, 1);
	if (r != 0)
		return sw_fail(err, SW_EBUSY, NULL, "the database is busy: no turn to write within %d ms",
			       db->opt.busy_timeout_ms);
	return SW_OK;
}

/* Tell every released writer of the open transaction how it ended.
 * Holding db->writer. */
static void group_finish(struct db *db, enum sw_err rc, const struct sw_error *err)
{
	long n = 0;
	pthread_mutex_lock(&db->group);
	for (struct db_member *m = db->members; m; m = m->next, n++) {
		m->rc = rc;
		if (rc)
			m->err = *err;
		m->done = true;
	}
	pthread_cond_broadcast(&db->committed);
	pthread_mutex_unlock(&db->group);
	db->members = NULL;
	db->batch = 0;
	if (!rc && n) {
		atomic_fetch_add(&group_commits, 1);
		atomic_fetch_add(&group_members, n);
		int b = 0;
		while (b < DB_GROUP_BUCKETS - 1 && (1L << b) < n)
			b++;
		atomic_fetch_add(&group_sizes[b], 1);
	}
}

/* At the end of a turn, holding db->writer: commit the open transaction
 * unless another writer is queued to add to it (force: commit anyway).
 * A transaction that holds no released writer's work (only failed turns so
 * far) is ended at once even then: nobody waits in it, so if the queued
 * writer gave up before its turn (busy timeout) nobody would end it, and
 * it would keep SQLite's write lock from other processes. */
static void group_settle(struct db *db, bool force)
{
	if (db->batch == 0)
		return;
	struct sw_error e;
	sw_error_clear(&e);
	if (!db->drv->tx_open(db->wconn)) { /* SQLite rolled it all back (I/O error, disk full) */
		sw_fail(&e, SW_EDB, NULL, "the database rolled the transaction back");
		db_count_error();
		group_finish(db, SW_EDB, &e);
		return;
	}
	if (!force && db->members && db->batch < GROUP_MAX && atomic_load(&db->queued) > 0)
		return;
	enum sw_err rc = db->drv->exec_sql(db->wconn, "COMMIT", &e);
	if (rc) {
		db_count_error();
		if (db->drv->tx_open(db->wconn)) {
			struct sw_error ignore;
			db->drv->exec_sql(db->wconn, "ROLLBACK", &ignore);
		}
	}
	group_finish(db, rc, &e);
}

/* A released writer waits for the COMMIT of its transaction.  If the writer
 * that was queued gave up before its turn, nobody would commit: so every
 * few milliseconds it takes a free turn itself and commits. */
static enum sw_err group_wait(struct db *db, struct db_member *me, struct sw_error *err)
{
	pthread_mutex_lock(&db->group);
	while (!me->done) {
		struct timespec t = deadline(CLOCK_MONOTONIC, GROUP_POLL_MS);
		if (pthread_cond_timedwait(&db->committed, &db->group, &t) == 0 || me->done)
			continue;
		pthread_mutex_unlock(&db->group);
		if (pthread_mutex_trylock(&db->writer) == 0) {
			if (!me->done) /* still open: set under db->writer, so this read is safe */
				group_settle(db, true);
			pthread_mutex_unlock(&db->writer);
		}
		pthread_mutex_lock(&db->group);
	}
	pthread_mutex_unlock(&db->group);
	if (me->rc)
		*err = me->err;
	return me->rc;
}

static enum sw_err group_begin(struct db_conn *c, bool alone, struct sw_error *err)
{
	struct db *db = c->db;
	enum sw_err rc = writer_enter(db, err);
	if (rc)
		return rc;
	if (!db->wconn) { /* opened once; if its settings fail it stays on the list and is retried */
		struct db_conn *w;
		if ((rc = connect(db, &w, err)) ||
		    (db->drv->writer_sql && (rc = db->drv->exec_sql(w, db->drv->writer_sql, err)))) {
			pthread_mutex_unlock(&db->writer);
			return rc;
		}
		db->wconn = w;
	}
	if (alone) /* the writers waiting in the open transaction should not wait for this one too */
		group_settle(db, true);
	if (db->batch == 0 && db->drv->tx_open(db->wconn)) { /* a COMMIT and its ROLLBACK both failed */
		struct sw_error ignore;
		db->drv->exec_sql(db->wconn, "ROLLBACK", &ignore);
	}
	if (db->batch == 0 && (rc = db->drv->exec_sql(db->wconn, db->drv->begin_sql, err))) {
		pthread_mutex_unlock(&db->writer);
		return rc;
	}
	db->batch++;
	if ((rc = db->drv->exec_sql(db->wconn, "SAVEPOINT " GROUP_SAVEPOINT, err))) {
		group_settle(db, false);
		pthread_mutex_unlock(&db->writer);
		return rc;
	}
	c->in_tx = true;
	return SW_OK;
}

static enum sw_err group_commit(struct db_conn *c, struct sw_error *err)
{
	struct db *db = c->db;
	enum sw_err rc = db->drv->exec_sql(db->wconn, "RELEASE " GROUP_SAVEPOINT, err);
	if (rc)
		return rc; /* still in its turn: the caller rolls back */
	c->in_tx = false;
	struct db_member me = {.next = db->members};
	db->members = &me;
	group_settle(db, false);
	pthread_mutex_unlock(&db->writer);
	return group_wait(db, &me, err);
}

static void group_rollback(struct db_conn *c)
{
	struct db *db = c->db;
	struct sw_error ignore;
	if (db->drv->tx_open(db->wconn) && (db->drv->exec_sql(db->wconn, "ROLLBACK TO " GROUP_SAVEPOINT, &ignore) ||
					    db->drv->exec_sql(db->wconn, "RELEASE " GROUP_SAVEPOINT, &ignore)))
		db->drv->exec_sql(db->wconn, "ROLLBACK", &ignore); /* the others fail in group_settle */
	c->in_tx = false;
	group_settle(db, false);
	pthread_mutex_unlock(&db->writer);
}

void db_read_begin(struct db_conn *c)
{
	if (c->db->drv->read_scope)
		c->db->drv->read_scope(c, true, false);
}

void db_read_end(struct db_conn *c)
{
	if (c && c->db->drv->read_scope)
		c->db->drv->read_scope(c, false, true);
}

static enum sw_err begin(struct db_conn *c, bool alone, struct sw_error *err)
{
	if (c->in_tx)
		return sw_fail(err, SW_EINTERNAL, NULL, "a transaction is already open");
	if (c->db->drv->read_scope) /* what this transaction writes is read afresh after it */
		c->db->drv->read_scope(c, false, false);
	if (c->db->drv->one_writer)
		return counted(group_begin(c, alone, err));
	enum sw_err rc = c->db->drv->exec_sql(c, c->db->drv->begin_sql, err);
	if (!rc)
		c->in_tx = true;
	return counted(rc);
}

enum sw_err db_begin(struct db_conn *c, struct sw_error *err)
{
	return begin(c, false, err);
}

enum sw_err db_begin_long(struct db_conn *c, struct sw_error *err)
{
	return begin(c, true, err);
}

enum sw_err db_commit(struct db_conn *c, struct sw_error *err)
{
	if (!c->in_tx)
		return sw_fail(err, SW_EINTERNAL, NULL, "no transaction is open");
	if (c->db->drv->one_writer)
		return counted(group_commit(c, err));
	enum sw_err rc = c->db->drv->exec_sql(c, "COMMIT", err);
	if (!rc)
		c->in_tx = false;
	return counted(rc);
}

void db_rollback(struct db_conn *c)
{
	if (!c || !c->in_tx)
		return;
	if (c->db->drv->one_writer) {
		group_rollback(c);
		return;
	}
	struct sw_error ignore;
	c->db->drv->exec_sql(c, "ROLLBACK", &ignore);
	c->in_tx = false;
}

bool db_in_transaction(const struct db_conn *c)
{
	return c->in_tx;
}

void db_group_stats(long *commits, long *writers)
{
	*commits = atomic_load(&group_commits);
	*writers = atomic_load(&group_members);
}

void db_group_batches(long batches[DB_GROUP_BUCKETS])
{
	for (int i = 0; i < DB_GROUP_BUCKETS; i++)
		batches[i] = atomic_load(&group_sizes[i]);
}

enum sw_err db_exec(struct db_conn *c, const struct db_stmt *st, const struct db_arg *args, int nargs, int64_t *changes,
		    struct sw_error *err)
{
	struct db_conn *t = target(c, err);
	return counted(t ? c->db->drv->exec(t, st, args, nargs, changes, err) : SW_EDB);
}

enum sw_err db_query(struct db_conn *c, const struct db_stmt *st, const struct db_arg *args, int nargs,
		     struct db_rows **out, struct sw_error *err)
{
	struct db_conn *t = target(c, err);
	return counted(t ? c->db->drv->query(t, st, args, nargs, out, err) : SW_EDB);
}

int db_rows_next(struct db_rows *r, struct sw_error *err)
{
	int n = r->conn->db->drv->next(r, err);
	if (n < 0)
		db_count_error();
	return n;
}

bool db_col_null(struct db_rows *r, int col)
{
	return r->conn->db->drv->col_null(r, col);
}

int64_t db_col_int(struct db_rows *r, int col)
{
	return r->conn->db->drv->col_int(r, col);
}

const char *db_col_text(struct db_rows *r, int col)
{
	return r->conn->db->drv->col_text(r, col);
}

const void *db_col_blob(struct db_rows *r, int col, size_t *len)
{
	return r->conn->db->drv->col_blob(r, col, len);
}

void db_rows_free(struct db_rows *r)
{
	if (r)
		r->conn->db->drv->rows_free(r);
}

enum sw_err db_query_row(struct db_conn *c, const struct db_stmt *st, const struct db_arg *args, int nargs,
			 void (*read)(struct db_rows *r, void *arg), void *arg, bool *found, struct sw_error *err)
{
	struct db_rows *r;
	enum sw_err rc = db_query(c, st, args, nargs, &r, err);
	if (rc)
		return rc;
	int more = db_rows_next(r, err);
	if (more == 1)
		read(r, arg);
	db_rows_free(r);
	if (more < 0)
		return err->code;
	*found = more == 1;
	return SW_OK;
}

static void read_int(struct db_rows *r, void *arg)
{
	*(int64_t *)arg = db_col_int(r, 0);
}

enum sw_err db_query_int(struct db_conn *c, const struct db_stmt *st, const struct db_arg *args, int nargs,
			 int64_t *out, struct sw_error *err)
{
	bool found;
	enum sw_err rc = db_query_row(c, st, args, nargs, read_int, out, &found, err);
	if (!rc && !found)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no row");
	return rc;
}

enum sw_err db_pipeline(struct db_conn *c, bool on, struct sw_error *err)
{
	return c->db->drv->pipeline ? counted(c->db->drv->pipeline(c, on, err)) : SW_OK;
}

enum sw_err db_exec_script(struct db_conn *c, const char *sql, struct sw_error *err)
{
	struct db_conn *t = target(c, err);
	return counted(t ? c->db->drv->exec_sql(t, sql, err) : SW_EDB);
}

enum sw_err db_ping(struct db *db, struct sw_error *err)
{
	struct db_conn *c;
	enum sw_err rc = db_conn_acquire(db, &c, err);
	if (rc)
		return rc;
	return counted(db->drv->exec_sql(c, "SELECT 1", err));
}

enum sw_err db_backup(struct db *db, const char *path, struct sw_error *err)
{
	struct db_conn *c;
	enum sw_err rc = db_conn_acquire(db, &c, err);
	if (rc)
		return rc;
	return db->drv->backup(db, c, path, err);
}

enum sw_err db_integrity_check(struct db *db, struct sw_error *err)
{
	struct db_conn *c;
	enum sw_err rc = db_conn_acquire(db, &c, err);
	if (rc)
		return rc;
	return db->drv->integrity(c, err);
}
