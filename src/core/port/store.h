/*
 * port/store.h — the storage port: what core needs from storage, and nothing
 * more, split by aggregate (port/ticket.h, port/cmdb.h, ...); this header
 * has transactions, counters and the audit trail.  Implemented by src/store/
 * over the db/ seam for SQLite and PostgreSQL.
 *
 * A struct store is one thread's handle (a connection plus the arena that
 * results are copied into).  Writes happen between store_begin and
 * store_commit; core rolls back on any failure, so a failed operation leaves
 * nothing behind.  Functions return SW_ENOTFOUND when a looked-up row does
 * not exist, SW_ECONFLICT (type "duplicate") on a uniqueness violation,
 * SW_EBUSY on contention, SW_EDB otherwise.
 */
#ifndef SW_CORE_PORT_STORE_H
#define SW_CORE_PORT_STORE_H

#include "core/model.h"

struct page;

struct store;

enum sw_err store_begin(struct store *s, struct sw_error *err);
/* A transaction that may take long (a scheduler batch, an atomic import):
 * writes already waiting to commit are not held up by it (db_begin_long). */
enum sw_err store_begin_long(struct store *s, struct sw_error *err);
enum sw_err store_commit(struct store *s, struct sw_error *err);
void store_rollback(struct store *s);
struct arena *store_arena(struct store *s);
/* Results go to arena from now on; returns the one used before. */
struct arena *store_swap_arena(struct store *s, struct arena *arena);

/* How the store keeps one kind of named record (core/kernel/record.h):
 * each such kind's repository defines one, declared in the kind's
 * port/<aggregate>.h.  rec and out are the kind's record struct. */
struct record_key;
struct record_store {
	/* Insert rec, setting its id, when creating (a taken name is
	 * SW_ECONFLICT); else update its row. */
	enum sw_err (*save)(struct store *s, void *rec, bool creating, struct sw_error *err);
	/* Read the record key names into out: by key->id for the kinds
	 * named by id, else by key->name (after a write key->id is set too,
	 * which a kind may prefer to read back by); SW_ENOTFOUND when there
	 * is none. */
	enum sw_err (*load)(struct store *s, const struct record_key *key, void *out, struct sw_error *err);
	/* Every record into out, the kind's list struct (an arena array and
	 * its count), in the kind's order; all: the inactive ones too (else
	 * only what an end user may see).  NULL for a kind listed otherwise. */
	enum sw_err (*list)(struct store *s, bool all, void *out, struct sw_error *err);
};

/* counters */
enum sw_err store_counter_next(struct store *s, const char *kind, int64_t *out, struct sw_error *err);
/* For bulk loads: the counter's value becomes value (the next number is value + 1). */
enum sw_err store_counter_set(struct store *s, const char *kind, int64_t value, struct sw_error *err);

/* audit */
enum sw_err store_audit_insert(struct store *s, int64_t at, int64_t actor_id, const char *entity, int64_t entity_id,
			       const char *action, bool internal, const char *changes, struct sw_error *err);
enum sw_err store_audit_list(struct store *s, const char *entity, int64_t entity_id, bool include_internal,
			     struct audit_list *out, struct sw_error *err);
/* Audit rows with id > after in id order, at most limit (arena array). */
enum sw_err store_audit_tail(struct store *s, int64_t after, int limit, struct audit_change **out, size_t *count,
			     struct sw_error *err);
/* A page of the audit rows of one entity, oldest first (internal ones too). */
enum sw_err store_audit_page(struct store *s, const char *entity, int64_t entity_id, const struct page *p,
			     struct audit_list *out, struct sw_error *err);
/* The fields the create and update rows of one entity set up to time at,
 * oldest first; SW_EBADREQ when there are more than max (more than a view folds). */
enum sw_err store_audit_fields(struct store *s, const char *entity, int64_t entity_id, int64_t at, size_t max,
			       struct audit_field **out, size_t *count, struct sw_error *err);
/* The highest audit id (0 for none). */
enum sw_err store_audit_last_id(struct store *s, int64_t *out, struct sw_error *err);
/* PostgreSQL: the oldest transaction id still running and the next one to
 * be assigned, for telling a row not yet committed from one rolled back.
 * SQLite: 0 and 0. */
enum sw_err store_tx_horizon(struct store *s, int64_t *xmin, int64_t *xmax, struct sw_error *err);
/* A bulk load (steward demo --scale) on or off: see db_pipeline.  Off
 * reports the first failure of what was still pending. */
enum sw_err store_bulk_load(struct store *s, bool on, struct sw_error *err);
/* Refresh the planner's statistics (after a bulk load). */
enum sw_err store_analyze(struct store *s, struct sw_error *err);

#endif
