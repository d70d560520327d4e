/*
 * scache.h — the matches of recent common-word searches, kept in memory
 * (private to src/store; used by store_ticket_list).
 *
 * A search for a common word (one ticket in fifteen at a million) spent
 * most of its time reading every match out of the full-text index into an
 * id set (base/idset.h), on every request, though the set depends on
 * nothing but the query and the index: not on the filters, the sort, the
 * page, the cursor or who asks — those are applied by the list statement
 * that tests the set.  So the sets of the last few large searches are
 * kept, each with the generation of the index it was read at (the one row
 * of search_generation, migration 47, raised in the transaction of every
 * write to the index), and a search first reads the generation — one
 * indexed read — and uses a kept set only when it is that same one.
 * Because the generation lives in the database, a write made through any
 * connection, process or server makes every kept set stale at once, and a
 * writer reads its own write: its commit has raised the generation before
 * its next request can read it.
 *
 * The cache belongs to one struct db (db_slot), is shared by all its
 * threads and guarded by its own mutex (held only to look up, add or drop
 * an entry, never while SQL runs).  A set handed out stays valid, and
 * unchanged, until its reference is released, even if it is dropped from
 * the cache meanwhile.  Only where sets exist (db_has_idset: SQLite).
 */
#ifndef SW_STORE_SCACHE_H
#define SW_STORE_SCACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/idset.h"
#include "db/db.h"

/* Kept sets, and the memory all of them may take; a set larger than a
 * quarter of that is not kept. */
#define SCACHE_ENTRIES 16
#define SCACHE_BYTES (8 * 1024 * 1024)

struct scache_entry;

/* A counted reference to a kept set; {0} holds nothing. */
struct scache_ref {
	struct scache_entry *entry;
};

/* The set kept for query (the backend's full-text query,
 * store_search_query) at generation gen, if it takes no more than
 * max_bytes (the caller's own cap on a set): true with a reference in
 * *out, false when none is (*out untouched).  Kept sets of an older
 * generation are dropped on the way. */
bool scache_find(struct db *db, const char *query, int64_t gen, size_t max_bytes, struct scache_ref *out);
/* Keep *set (every match of query at gen, filled; taken over, *set left
 * empty) and hand back a reference to it in *out.  When it cannot be kept
 * (too large, out of memory) *out holds it all the same, for this caller
 * only.  False only when out of memory before anything was taken (*set
 * then unchanged). */
bool scache_keep(struct db *db, const char *query, int64_t gen, struct idset *set, struct scache_ref *out);
/* The set a reference holds (NULL for {0}). */
const struct idset *scache_ref_set(const struct scache_ref *r);
/* Let go of a reference ({0} and released ones are fine). */
void scache_ref_release(struct scache_ref *r);

#endif
