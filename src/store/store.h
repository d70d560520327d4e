/*
 * store.h — the storage adapter's own API (what cli/ and http/ use to set up
 * storage); core sees only core/port/ (one header per aggregate).
 *
 * struct store is small and lives on the caller's stack: one per request,
 * bound to the calling thread's connection and the request's arena.
 */
#ifndef SW_STORE_STORE_H
#define SW_STORE_STORE_H

#include <stdbool.h>

#include "core/port/store.h"
#include "db/db.h"

struct store {
	struct db *db;
	struct db_conn *conn;
	struct arena *arena;
	int depth;          /* open transactions: 1 a real one, more are savepoints inside it */
	uint64_t tx_serial; /* one more at every begin, commit and rollback (store_tx_mark) */
	/* bytes a search's set of matches may take (base/idset.h);
	 * store_acquire sets LIMIT_SEARCH_SET_BYTES, tests lower it to take the
	 * plan that needs no set */
	size_t search_set_max;
};

/* Bind this thread's connection of db and the arena results go to. */
enum sw_err store_acquire(struct db *db, struct arena *arena, struct store *out, struct sw_error *err);

/* Searches of the full-text index answered from a set kept in memory
 * (store/scache.h), and those that read the index (whole process), for
 * /metrics. */
void scache_stats(long *hits, long *misses);

/* The newest schema version this binary carries for the backend. */
int store_schema_latest(enum db_backend b);
/* Current schema version of the database (0 when never initialised). */
enum sw_err store_schema_version(struct db *db, int *out, struct sw_error *err);
/* Apply every pending migration, each in its own transaction.  *applied
 * (optional) gets how many ran. */
enum sw_err store_migrate(struct db *db, int *applied, struct sw_error *err);
/* The same, stopping after version target (tests of older schemas). */
enum sw_err store_migrate_to(struct db *db, int target, int *applied, struct sw_error *err);
/* SW_ECONFLICT (type "schema-version") with a message naming
 * `steward migrate` / `steward init` unless the schema is exactly current. */
enum sw_err store_schema_check(struct db *db, struct sw_error *err);

/* What `steward verify` reports: storage integrity, the schema, and the
 * invariants Steward promises (every ticket has its create audit row,
 * every comment its audit row, numbers without gaps), plus row counts and
 * a fingerprint that changes with any write. */
struct verify_report {
	bool integrity_ok;
	char integrity_detail[512];
	int schema_have, schema_want;
	int64_t tickets_without_create, comments_without_audit, counter_gaps;
	int64_t tickets_without_search;             /* tickets missing from the full-text index */
	int64_t totals_open_diff, totals_hour_diff; /* running totals' rows that differ from a recount */
	int64_t totals_day_diff;                    /* ... of the hour totals rolled up by day */
	int64_t totals_clock_diff;                  /* ... and of the open SLA clocks' totals */
	struct {
		const char *table;
		int64_t rows;
	} counts[32];
	int count_n;
	int64_t version_sum;
};
enum sw_err store_verify(struct db *db, struct verify_report *out, struct sw_error *err);
bool store_verify_ok(const struct verify_report *r);
/* `steward verify --repair`: rebuild what can be derived again from the
 * tickets (the running totals) in one transaction. */
enum sw_err store_verify_repair(struct db *db, struct sw_error *err);

#endif
