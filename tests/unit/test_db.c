/*
 * test_db.c — the SQLite group commit (src/db/db.c): writers of one
 * process share a transaction and its COMMIT, yet each one's work is
 * committed or rolled back on its own, and db_commit returns only once the
 * COMMIT holding it has happened.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "db/db_int.h"

struct fixture {
	char dir[64];
	char url[128];
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/steward-db-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->url, sizeof(f->url), "sqlite:%s/t.db", f->dir);
	struct sw_error err;
	sw_error_clear(&err);
	struct db_conn *c;
	if (db_open(f->url, NULL, &f->db, &err) || db_conn_acquire(f->db, &c, &err) ||
	    db_exec_script(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, who INTEGER NOT NULL)", &err))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_free(f->db);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* Rows of t written by who (0: anyone) with that id (0: any), read on this
 * thread's own connection, outside any transaction. */
static const struct db_stmt count_st = {
	.id = DB_STMT_MAX - 1,
	.name = "count",
	.sql = "SELECT COUNT(*) FROM t WHERE (?1 = 0 OR who = ?1) AND (?2 = 0 OR id = ?2)"};

static int64_t count(struct db *db, int who, int64_t id)
{
	struct db_conn *c;
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(db_conn_acquire(db, &c, &err), SW_OK);
	assert_false(db_in_transaction(c));
	struct db_arg a[] = {DB_INT(who), DB_INT(id)};
	int64_t n = -1;
	assert_int_equal(db_query_int(c, &count_st, a, 2, &n, &err), SW_OK);
	return n;
}

static enum sw_err insert(struct db_conn *c, int64_t id, int who, struct sw_error *err)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "INSERT INTO t (id, who) VALUES (%lld, %d)", (long long)id, who);
	return db_exec_script(c, sql, err);
}

/* Many writers at once: every transaction whose db_commit said yes is
 * there, every one that failed (a duplicate key in the middle of it) left
 * nothing, and other writers in the same COMMIT were not disturbed. */
struct writer {
	struct db *db;
	int who;
	int ok, failed;
};

enum { WRITERS = 8, ROUNDS = 150 };

static void *write_many(void *arg)
{
	struct writer *w = arg;
	struct db_conn *c;
	struct sw_error err;
	sw_error_clear(&err);
	if (db_conn_acquire(w->db, &c, &err))
		return NULL;
	for (int i = 0; i < ROUNDS; i++) {
		int64_t id = (int64_t)w->who * 100000 + i * 2;
		if (db_begin(c, &err))
			continue;
		enum sw_err rc = insert(c, id, w->who, &err);
		if (!rc)
			rc = insert(c, id + 1, w->who, &err);
		if (!rc && i % 7 == 3)
			rc = insert(c, id, w->who, &err); /* duplicate: this transaction fails */
		if (rc) {
			db_rollback(c);
			w->failed++;
			continue;
		}
		if (db_commit(c, &err) == SW_OK)
			w->ok++;
		else
			w->failed++;
	}
	return NULL;
}

static void concurrent_writers(void **state)
{
	struct fixture *f = *state;
	pthread_t th[WRITERS];
	struct writer w[WRITERS];
	long commits0, writers0, commits1, writers1;
	db_group_stats(&commits0, &writers0);
	for (int i = 0; i < WRITERS; i++) {
		w[i] = (struct writer){.db = f->db, .who = i + 1};
		assert_int_equal(pthread_create(&th[i], NULL, write_many, &w[i]), 0);
	}
	int ok = 0, failed = 0;
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(th[i], NULL);
		ok += w[i].ok;
		failed += w[i].failed;
		assert_int_equal(count(f->db, w[i].who, 0), 2 * w[i].ok);
	}
	int expected_failed = WRITERS * ((ROUNDS + 3) / 7);
	assert_int_equal(failed, expected_failed);
	assert_int_equal(ok, WRITERS * ROUNDS - expected_failed);
	assert_int_equal(count(f->db, 0, 0), 2 * ok);
	db_group_stats(&commits1, &writers1);
	assert_int_equal(writers1 - writers0, ok);
	assert_true(commits1 - commits0 >= 1 && commits1 - commits0 <= ok);
}

/* Two writers in one COMMIT, arranged: A writes and releases while B is
 * queued for a turn, so A's work waits in the open transaction; B fails and
 * rolls back its own part only; B's turn ends the run, so A's work is
 * committed and A's db_commit returns. */
struct pair {
	struct db *db;
	pthread_mutex_t m;
	pthread_cond_t cv;
	int step;
	enum sw_err a_commit;
	enum sw_err b_insert;
	int64_t a_saw_in_b; /* rows of A that B saw inside the shared transaction */
};

static void wait_step(struct pair *p, int step)
{
	pthread_mutex_lock(&p->m);
	while (p->step < step)
		pthread_cond_wait(&p->cv, &p->m);
	pthread_mutex_unlock(&p->m);
}

static void set_step(struct pair *p, int step)
{
	pthread_mutex_lock(&p->m);
	p->step = step;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->m);
}

static void *writer_b(void *arg)
{
	struct pair *p = arg;
	struct db_conn *c;
	struct sw_error err;
	sw_error_clear(&err);
	if (db_conn_acquire(p->db, &c, &err))
		return NULL;
	wait_step(p, 1);       /* A has its turn */
	if (db_begin(c, &err)) /* queued until A releases */
		return NULL;
	struct db_arg a[] = {DB_INT(1), DB_INT(0)};
	db_query_int(c, &count_st, a, 2, &p->a_saw_in_b, &err);
	insert(c, 20, 2, &err);
	p->b_insert = insert(c, 10, 2, &err); /* A's id: a duplicate */
	set_step(p, 2);
	db_rollback(c); /* ends the run: commits A's work */
	set_step(p, 3);
	return NULL;
}

static void shared_commit_rolls_back_one(void **state)
{
	struct fixture *f = *state;
	struct pair p = {.db = f->db, .a_saw_in_b = -1};
	pthread_mutex_init(&p.m, NULL);
	pthread_cond_init(&p.cv, NULL);
	pthread_t b;
	assert_int_equal(pthread_create(&b, NULL, writer_b, &p), 0);
	struct db_conn *c;
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(db_conn_acquire(f->db, &c, &err), SW_OK);
	long commits0, writers0, commits1, writers1;
	db_group_stats(&commits0, &writers0);
	assert_int_equal(db_begin(c, &err), SW_OK);
	assert_int_equal(insert(c, 10, 1, &err), SW_OK);
	set_step(&p, 1);
	while (atomic_load(&f->db->queued) == 0) /* B is waiting for a turn */
		usleep(1000);
	assert_int_equal(db_commit(c, &err), SW_OK); /* returns after B's turn commits */
	pthread_mutex_lock(&p.m);
	int step = p.step;
	pthread_mutex_unlock(&p.m);
	assert_true(step >= 2); /* B's turn came first */
	pthread_join(b, NULL);
	assert_int_equal(p.a_saw_in_b, 1);          /* B ran inside A's transaction */
	assert_int_equal(p.b_insert, SW_ECONFLICT); /* and failed there */
	assert_int_equal(count(f->db, 1, 10), 1);   /* A's work is committed */
	assert_int_equal(count(f->db, 2, 0), 0);    /* none of B's */
	db_group_stats(&commits1, &writers1);
	assert_int_equal(commits1 - commits0, 1); /* one COMMIT */
	assert_int_equal(writers1 - writers0, 1); /* made A durable */
	pthread_mutex_destroy(&p.m);
	pthread_cond_destroy(&p.cv);
}

/* A long transaction (db_begin_long) does not join the open group: the
 * writer waiting in it is committed and answered before the long one runs. */
struct long_pair {
	struct db *db;
	_Atomic int a_returned;
	int a_returned_during_long;
	enum sw_err long_commit;
};

static void *long_writer(void *arg)
{
	struct long_pair *p = arg;
	struct db_conn *c;
	struct sw_error err;
	sw_error_clear(&err);
	if (db_conn_acquire(p->db, &c, &err) || db_begin_long(c, &err))
		return NULL;
	insert(c, 30, 3, &err);
	usleep(100 * 1000); /* a long turn: a scheduler batch, an import */
	p->a_returned_during_long = atomic_load(&p->a_returned);
	p->long_commit = db_commit(c, &err);
	return NULL;
}

static void long_transaction_alone(void **state)
{
	struct fixture *f = *state;
	struct long_pair p = {.db = f->db, .long_commit = SW_EINTERNAL};
	struct db_conn *c;
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(db_conn_acquire(f->db, &c, &err), SW_OK);
	assert_int_equal(db_begin(c, &err), SW_OK);
	assert_int_equal(insert(c, 10, 1, &err), SW_OK);
	pthread_t l;
	assert_int_equal(pthread_create(&l, NULL, long_writer, &p), 0);
	while (atomic_load(&f->db->queued) == 0) /* the long one is waiting for a turn */
		usleep(1000);
	assert_int_equal(db_commit(c, &err), SW_OK); /* leaves the group open for it... */
	atomic_store(&p.a_returned, 1);
	pthread_join(l, NULL);
	assert_int_equal(p.a_returned_during_long, 1); /* ...but it committed A before its turn */
	assert_int_equal(p.long_commit, SW_OK);
	assert_int_equal(count(f->db, 0, 0), 2);
}

/* A transaction that fails alone leaves the connection usable, and a
 * committed one is visible to another connection at once. */
static void *read_count(void *arg)
{
	struct db *db = arg;
	static int64_t n;
	n = count(db, 0, 0);
	return &n;
}

static void rollback_then_commit(void **state)
{
	struct fixture *f = *state;
	struct db_conn *c;
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(db_conn_acquire(f->db, &c, &err), SW_OK);
	assert_int_equal(db_begin(c, &err), SW_OK);
	assert_true(db_in_transaction(c));
	assert_int_equal(db_begin(c, &err), SW_EINTERNAL);
	assert_int_equal(insert(c, 1, 1, &err), SW_OK);
	db_rollback(c);
	assert_false(db_in_transaction(c));
	assert_int_equal(count(f->db, 0, 0), 0);
	assert_int_equal(db_commit(c, &err), SW_EINTERNAL); /* nothing open */
	assert_int_equal(db_begin(c, &err), SW_OK);
	assert_int_equal(insert(c, 2, 1, &err), SW_OK);
	assert_int_equal(db_commit(c, &err), SW_OK);
	pthread_t t;
	void *seen;
	assert_int_equal(pthread_create(&t, NULL, read_count, f->db), 0);
	pthread_join(t, &seen);
	assert_int_equal(*(int64_t *)seen, 1);
}

/* SQLite may roll the whole transaction back on its own (a disk full, an
 * I/O error; "ROLLBACK" here stands for it).  The rest of that turn must
 * fail: run in autocommit on the shared connection, a statement would be
 * committed at once although its request fails. */
static void turn_after_sqlite_rollback(void **state)
{
	struct fixture *f = *state;
	struct db_conn *c;
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(db_conn_acquire(f->db, &c, &err), SW_OK);
	assert_int_equal(db_begin(c, &err), SW_OK);
	assert_int_equal(insert(c, 1, 1, &err), SW_OK);
	assert_int_equal(db_exec_script(c, "ROLLBACK", &err), SW_OK);
	assert_int_not_equal(insert(c, 2, 1, &err), SW_OK); /* not in autocommit */
	assert_int_not_equal(db_exec_script(c, "SAVEPOINT sw", &err), SW_OK);
	assert_int_not_equal(db_commit(c, &err), SW_OK);
	db_rollback(c);
	assert_false(db_in_transaction(c));
	assert_int_equal(count(f->db, 0, 0), 0);
	assert_int_equal(db_begin(c, &err), SW_OK); /* the next turn is a fresh transaction */
	assert_int_equal(insert(c, 3, 1, &err), SW_OK);
	assert_int_equal(db_commit(c, &err), SW_OK);
	assert_int_equal(count(f->db, 0, 0), 1);
}

/* The same while another writer waits in the open transaction: its work
 * went with the rollback, so its db_commit fails too. */
struct lost {
	struct db *db;
	enum sw_err commit;
	_Atomic int in_turn;
};

static void *released_writer(void *arg)
{
	struct lost *l = arg;
	struct db_conn *c;
	struct sw_error err;
	sw_error_clear(&err);
	if (db_conn_acquire(l->db, &c, &err) || db_begin(c, &err))
		return NULL;
	insert(c, 10, 1, &err);
	atomic_store(&l->in_turn, 1);
	while (atomic_load(&l->db->queued) == 0) /* the main thread waits for a turn */
		usleep(1000);
	l->commit = db_commit(c, &err); /* leaves the transaction open for it */
	return NULL;
}

/* Whether this thread joins the released writer's transaction depends on
 * scheduling: if it does not take the turn within GROUP_POLL_MS, the
 * released writer commits alone (its work is then durable and ours is
 * rolled back by itself).  Either outcome must be consistent; the test
 * repeats until the shared one has happened at least once. */
static void sqlite_rollback_fails_the_group(void **state)
{
	struct fixture *f = *state;
	bool shared = false;
	for (int attempt = 0; attempt < 50 && !shared; attempt++) {
		struct lost l = {.db = f->db, .commit = SW_OK};
		struct db_conn *c;
		struct sw_error err;
		sw_error_clear(&err);
		assert_int_equal(db_conn_acquire(f->db, &c, &err), SW_OK);
		pthread_t t;
		assert_int_equal(pthread_create(&t, NULL, released_writer, &l), 0);
		while (!atomic_load(&l.in_turn))
			usleep(1000);
		assert_int_equal(db_begin(c, &err), SW_OK); /* queued until the writer releases */
		assert_int_equal(insert(c, 20, 2, &err), SW_OK);
		assert_int_equal(db_exec_script(c, "ROLLBACK", &err), SW_OK);
		db_rollback(c);
		pthread_join(t, NULL);
		shared = l.commit == SW_EDB;
		if (shared) {
			assert_int_equal(count(f->db, 0, 0), 0); /* its work went with ours */
		} else {
			assert_int_equal(l.commit, SW_OK); /* it committed alone: its row, not ours */
			assert_int_equal(count(f->db, 0, 0), 1);
			assert_int_equal(db_begin(c, &err), SW_OK);
			assert_int_equal(db_exec_script(c, "DELETE FROM t", &err), SW_OK);
			assert_int_equal(db_commit(c, &err), SW_OK);
		}
	}
	assert_true(shared);
}

/* A failed writer's turn ends with nobody's work in the open transaction.
 * If the writer that was queued gives up before its turn (its busy timeout
 * ran out), nobody would end that transaction, and it would hold SQLite's
 * write lock against every other process until the next write. */
static void failed_turn_leaves_no_lock(void **state)
{
	struct fixture *f = *state;
	struct db_conn *c;
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(db_conn_acquire(f->db, &c, &err), SW_OK);
	assert_int_equal(db_begin(c, &err), SW_OK);
	assert_int_equal(insert(c, 1, 1, &err), SW_OK);
	atomic_fetch_add(&f->db->queued, 1); /* a writer queued for a turn... */
	db_rollback(c);
	atomic_fetch_sub(&f->db->queued, 1); /* ...that gave up */
	struct db *other;                    /* another process: the CLI, a second server */
	struct db_options opt = {.busy_timeout_ms = 200};
	struct db_conn *oc;
	assert_int_equal(db_open(f->url, &opt, &other, &err), SW_OK);
	assert_int_equal(db_conn_acquire(other, &oc, &err), SW_OK);
	assert_int_equal(db_begin(oc, &err), SW_OK);
	assert_int_equal(insert(oc, 2, 2, &err), SW_OK);
	assert_int_equal(db_commit(oc, &err), SW_OK);
	db_free(other);
	assert_int_equal(count(f->db, 0, 0), 1);
}

/* INSERT ... VALUES ... RETURNING id is served from the rowid on SQLite
 * (db_sqlite.c: returns_rowid): the id of the row inserted, also when a
 * trigger inserts elsewhere; no row when nothing went in (OR IGNORE); the
 * same through db_exec (its change count).  An upsert keeps SQLite's own
 * RETURNING, which knows the updated row. */
static void insert_returning_rowid(void **state)
{
	struct fixture *f = *state;
	struct sw_error err;
	sw_error_clear(&err);
	struct db_conn *c;
	assert_int_equal(db_conn_acquire(f->db, &c, &err), SW_OK);
	assert_int_equal(
		db_exec_script(
			c,
			"CREATE TABLE u (id INTEGER PRIMARY KEY, k TEXT UNIQUE, n INTEGER NOT NULL DEFAULT 0);"
			"CREATE TABLE side (id INTEGER PRIMARY KEY, k TEXT);"
			"INSERT INTO side (id, k) VALUES (500, 'seed');"
			"CREATE TRIGGER u_side AFTER INSERT ON u BEGIN INSERT INTO side (k) VALUES (new.k); END;",
			&err),
		SW_OK);
	static const struct db_stmt ins = {
		.id = DB_STMT_MAX - 2, .name = "ins", .sql = "INSERT INTO u (k) VALUES (?1) RETURNING id"};
	static const struct db_stmt ign = {
		.id = DB_STMT_MAX - 3, .name = "ign", .sql = "INSERT OR IGNORE INTO u (k) VALUES (?1) RETURNING id"};
	static const struct db_stmt up = {
		.id = DB_STMT_MAX - 4,
		.name = "up",
		.sql = "INSERT INTO u (k) VALUES (?1) ON CONFLICT (k) DO UPDATE SET n = n + 1 "
		       "RETURNING id"};
	int64_t id = 0, changes = 0;
	struct db_arg a[] = {DB_TEXT("a")}, b[] = {DB_TEXT("b")};
	assert_int_equal(db_query_int(c, &ins, a, 1, &id, &err), SW_OK);
	assert_int_equal(id, 1); /* not the trigger's row in side (501) */
	assert_int_equal(db_query_int(c, &ins, b, 1, &id, &err), SW_OK);
	assert_int_equal(id, 2);
	/* a duplicate: nothing inserted, no row */
	assert_int_equal(db_query_int(c, &ign, a, 1, &id, &err), SW_ENOTFOUND);
	sw_error_clear(&err);
	/* the upsert's update answers the row it updated, not the last insert */
	assert_int_equal(db_query_int(c, &up, a, 1, &id, &err), SW_OK);
	assert_int_equal(id, 1);
	/* through db_exec: the change is counted */
	struct db_arg d[] = {DB_TEXT("c")};
	assert_int_equal(db_exec(c, &ins, d, 1, &changes, &err), SW_OK);
	assert_int_equal(changes, 1);
	assert_int_equal(db_query_int(c, &ins, (struct db_arg[]){DB_TEXT("d")}, 1, &id, &err), SW_OK);
	assert_int_equal(id, 4);
	/* a unique violation is still an error */
	assert_int_equal(db_query_int(c, &ins, a, 1, &id, &err), SW_ECONFLICT);
}

/* One committed row (id, who) written from a thread of its own, so on
 * another connection than the caller's. */
struct elsewhere {
	struct db *db;
	int64_t id;
	enum sw_err rc;
};

static void *write_elsewhere(void *arg)
{
	struct elsewhere *e = arg;
	struct db_conn *c;
	struct sw_error err;
	sw_error_clear(&err);
	e->rc = db_conn_acquire(e->db, &c, &err);
	if (!e->rc && !(e->rc = db_begin(c, &err)) && !(e->rc = insert(c, e->id, (int)e->id, &err)))
		e->rc = db_commit(c, &err);
	if (e->rc)
		db_rollback(c);
	return NULL;
}

static void commit_elsewhere(struct db *db, int64_t id)
{
	pthread_t th;
	struct elsewhere e = {.db = db, .id = id};
	assert_int_equal(pthread_create(&th, NULL, write_elsewhere, &e), 0);
	pthread_join(th, NULL);
	assert_int_equal(e.rc, SW_OK);
}

/* A read scope (db_read_begin): the reads of this connection share one
 * snapshot, which a write of its own — a transaction, or a statement that
 * writes run on the connection itself — ends, so that it reads what it
 * wrote; db_read_end leaves every read its own snapshot again. */
static void read_scope_snapshot(void **state)
{
	struct fixture *f = *state;
	struct db_conn *c;
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(db_conn_acquire(f->db, &c, &err), SW_OK);
	commit_elsewhere(f->db, 1);
	db_read_begin(c);
	assert_int_equal(count(f->db, 0, 0), 1);
	commit_elsewhere(f->db, 2);
	assert_int_equal(count(f->db, 0, 0), 1); /* the snapshot of the first read */
	/* its own transaction ends the snapshot: what it wrote is read */
	assert_int_equal(db_begin(c, &err), SW_OK);
	assert_int_equal(insert(c, 3, 3, &err), SW_OK);
	assert_int_equal(db_commit(c, &err), SW_OK);
	assert_int_equal(count(f->db, 0, 0), 3);
	commit_elsewhere(f->db, 4);
	assert_int_equal(count(f->db, 0, 0), 3); /* a new snapshot, since the read above */
	/* a statement that writes, on the connection itself: runs alone (not
	 * upgrading the stale snapshot, which SQLite would refuse) and ends it */
	static const struct db_stmt touch = {
		.id = DB_STMT_MAX - 5, .name = "touch", .sql = "UPDATE t SET who = who WHERE id = ?1"};
	int64_t changed = 0;
	assert_int_equal(db_exec(c, &touch, (struct db_arg[]){DB_INT(4)}, 1, &changed, &err), SW_OK);
	assert_int_equal(changed, 1);
	assert_int_equal(count(f->db, 0, 0), 4);
	db_read_end(c);
	commit_elsewhere(f->db, 5);
	assert_int_equal(count(f->db, 0, 0), 5); /* no scope: each read sees the latest */
	commit_elsewhere(f->db, 6);
	assert_int_equal(count(f->db, 0, 0), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(rollback_then_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(shared_commit_rolls_back_one, setup, teardown),
		cmocka_unit_test_setup_teardown(long_transaction_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(concurrent_writers, setup, teardown),
		cmocka_unit_test_setup_teardown(turn_after_sqlite_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(sqlite_rollback_fails_the_group, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_turn_leaves_no_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(insert_returning_rowid, setup, teardown),
		cmocka_unit_test_setup_teardown(read_scope_snapshot, setup, teardown),
	};
	return cmocka_run_group_tests_name("sqlite group commit", tests, NULL, NULL);
}
