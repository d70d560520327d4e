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
	pthread_key_delete(db->key);
	pthread_mutex_destroy(&db->lock);
	pthread_mutex_destroy(&db->writer);
	free(db->target);
	free(db);
}

enum db_backend db_backend(const struct db *db)
{
	return db->backend;
}

enum sw_err db_conn_acquire(struct db *db, struct db_conn **out, struct sw_error *err)
{
	struct db_conn *c = pthread_getspecific(db->key);
	if (c) {
		*out = c;
		return SW_OK;
	}
	enum sw_err rc = db->drv->connect(db, &c, err);
	if (rc)
		return counted(rc);
	c->db = db;
	pthread_mutex_lock(&db->lock);
	c->next_all = db->conns;
	db->conns = c;
	pthread_mutex_unlock(&db->lock);
	pthread_setspecific(db->key, c);
	*out = c;
	return SW_OK;
}

/* SQLite has one writer at a time.  Left to its busy handler, writers that
 * find the lock taken sleep and retry (1, 2, 5 … 100 ms), which under load
 * makes a long tail and wastes the moments the lock is free.  The writers
 * of one process take turns on a mutex instead, each entering as the last
 * one leaves; other processes (the CLI, a second server) still meet
 * SQLite's own lock.  Waiting is bounded by the busy timeout, as it was. */
static enum sw_err writer_enter(struct db *db, struct sw_error *err)
{
	if (!db->drv->one_writer)
		return SW_OK;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	int64_t ns = until.tv_nsec + (int64_t)db->opt.busy_timeout_ms * 1000000;
	until.tv_sec += (time_t)(ns / 1000000000);
	until.tv_nsec = (long)(ns % 1000000000);
	if (pthread_mutex_timedlock(&db->writer, &until) != 0)
		return sw_fail(err, SW_EBUSY, NULL, "the database is busy: no turn to write within %d ms",
			       db->opt.busy_timeout_ms);
	return SW_OK;
}

static void writer_leave(struct db *db)
{
	if (db->drv->one_writer)
		pthread_mutex_unlock(&db->writer);
}

enum sw_err db_begin(struct db_conn *c, struct sw_error *err)
{
	if (c->in_tx)
		return sw_fail(err, SW_EINTERNAL, NULL, "a transaction is already open");
	enum sw_err rc = writer_enter(c->db, err);
	if (rc)
		return counted(rc);
	rc = c->db->drv->exec_sql(c, c->db->drv->begin_sql, err);
	if (rc)
		writer_leave(c->db);
	else
		c->in_tx = true;
	return counted(rc);
}

enum sw_err db_commit(struct db_conn *c, struct sw_error *err)
{
	enum sw_err rc = c->db->drv->exec_sql(c, "COMMIT", err);
	if (!rc) {
		c->in_tx = false;
		writer_leave(c->db);
	}
	return counted(rc);
}

void db_rollback(struct db_conn *c)
{
	if (!c || !c->in_tx)
		return;
	struct sw_error ignore;
	c->db->drv->exec_sql(c, "ROLLBACK", &ignore);
	c->in_tx = false;
	writer_leave(c->db);
}

bool db_in_transaction(const struct db_conn *c)
{
	return c->in_tx;
}

enum sw_err db_exec(struct db_conn *c, const struct db_stmt *st, const struct db_arg *args, int nargs, int64_t *changes,
		    struct sw_error *err)
{
	return counted(c->db->drv->exec(c, st, args, nargs, changes, err));
}

enum sw_err db_query(struct db_conn *c, const struct db_stmt *st, const struct db_arg *args, int nargs,
		     struct db_rows **out, struct sw_error *err)
{
	return counted(c->db->drv->query(c, st, args, nargs, out, err));
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

enum sw_err db_query_int(struct db_conn *c, const struct db_stmt *st, const struct db_arg *args, int nargs,
			 int64_t *out, struct sw_error *err)
{
	struct db_rows *r;
	enum sw_err rc = db_query(c, st, args, nargs, &r, err);
	if (rc)
		return rc;
	int more = db_rows_next(r, err);
	if (more == 1)
		*out = db_col_int(r, 0);
	db_rows_free(r);
	if (more < 0)
		return err->code;
	if (more == 0)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no row");
	return SW_OK;
}

enum sw_err db_exec_script(struct db_conn *c, const char *sql, struct sw_error *err)
{
	return counted(c->db->drv->exec_sql(c, sql, err));
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
