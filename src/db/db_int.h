/*
 * db_int.h — private to src/db: the driver vtable and the shared parts of
 * handles, connections and result cursors.
 */
#ifndef SW_DB_DB_INT_H
#define SW_DB_DB_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include "db/db.h"

struct db_driver {
	enum sw_err (*connect)(struct db *db, struct db_conn **out, struct sw_error *err);
	void (*disconnect)(struct db_conn *c);
	enum sw_err (*exec_sql)(struct db_conn *c, const char *sql, struct sw_error *err); /* no params */
	enum sw_err (*exec)(struct db_conn *c, const struct db_stmt *st, const struct db_arg *args, int nargs,
			    int64_t *changes, struct sw_error *err);
	enum sw_err (*query)(struct db_conn *c, const struct db_stmt *st, const struct db_arg *args, int nargs,
			     struct db_rows **out, struct sw_error *err);
	int (*next)(struct db_rows *r, struct sw_error *err);
	bool (*col_null)(struct db_rows *r, int col);
	int64_t (*col_int)(struct db_rows *r, int col);
	const char *(*col_text)(struct db_rows *r, int col);
	const void *(*col_blob)(struct db_rows *r, int col, size_t *len);
	void (*rows_free)(struct db_rows *r);
	enum sw_err (*backup)(struct db *db, struct db_conn *c, const char *path, struct sw_error *err);
	enum sw_err (*integrity)(struct db_conn *c, struct sw_error *err);
	enum sw_err (*pipeline)(struct db_conn *c, bool on, struct sw_error *err); /* NULL: no pipelining */
	bool (*tx_open)(struct db_conn *c); /* is a transaction open on c? (one_writer drivers) */
	/* db_read_begin/db_read_end (NULL: ignored): on turns the scope on;
	 * off ends its open read transaction, and the scope too when end */
	void (*read_scope)(struct db_conn *c, bool on, bool end);
	const char *begin_sql;
	const char *writer_sql; /* run once on the writer connection of a one_writer driver */
	bool one_writer;        /* writers of one process share db->wconn and take turns on db->writer */
	bool idset;             /* binds DB_T_IDSET and has steward_idset_has() */
};

struct db_conn {
	struct db *db;
	struct db_conn *next_all; /* list of every connection of db */
	bool in_tx;               /* one_writer drivers: this thread has a turn on db->wconn */
};

/* One writer's place in a group commit: on its thread's stack from its
 * RELEASE until the COMMIT that makes its work durable (or fails it). */
struct db_member {
	struct db_member *next;
	bool done;
	enum sw_err rc;
	struct sw_error err;
};

struct db_rows {
	struct db_conn *conn;
};

struct db {
	enum db_backend backend;
	const struct db_driver *drv;
	char *target; /* sqlite: file path; pg: conninfo URI */
	struct db_options opt;
	pthread_key_t key;
	pthread_mutex_t lock; /* guards conns */
	struct db_conn *conns;
	/* Group commit (drv->one_writer): see db.c. */
	pthread_mutex_t writer;    /* a writer's turn on wconn: from its SAVEPOINT to its RELEASE */
	struct db_conn *wconn;     /* the one connection that writes; opened on first use */
	struct db_member *members; /* released writers waiting for the open transaction's COMMIT */
	int batch;                 /* writers in the open transaction so far (0: none open) */
	_Atomic int queued;        /* writers waiting for a turn */
	pthread_mutex_t group;     /* guards members' done/rc */
	pthread_cond_t committed;  /* broadcast after each COMMIT (or failure) */
	_Atomic(void *) slot;      /* db_slot; set once, under lock */
	void (*slot_free)(void *p);
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

void db_count_error(void);

#endif
