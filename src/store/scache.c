/*
 * scache.c — the matches of recent common-word searches kept in memory,
 * valid while the full-text index's generation stays the same.  See
 * scache.h for why and for the contract.
 *
 * At most SCACHE_ENTRIES sets of SCACHE_BYTES together; the least recently
 * found goes first.  An entry is counted: the cache holds one reference
 * while it keeps it and each caller one while it tests the set, so an
 * entry dropped from the cache (stale, or evicted) is freed by whoever
 * lets go of it last.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "store/scache.h"
#include "store/store.h"
#include "base/banned.h"

struct scache_entry {
	struct idset set; /* filled; never changed once made */
	char *query;      /* NULL for a set held by one caller only */
	int64_t gen;
	size_t bytes;
	uint64_t used; /* the cache's clock when last found or kept */
	_Atomic int refs;
};

struct scache {
	pthread_mutex_t lock; /* guards e, bytes and clock (not the sets) */
	struct scache_entry *e[SCACHE_ENTRIES];
	size_t bytes;
	uint64_t clock;
};

static _Atomic long scache_hits, scache_misses;

static void entry_unref(struct scache_entry *e)
{
	if (e && atomic_fetch_sub(&e->refs, 1) == 1) {
		idset_release(&e->set);
		free(e->query);
		free(e);
	}
}

/* Drop slot i (lock held). */
static void drop(struct scache *c, size_t i)
{
	struct scache_entry *e = c->e[i];
	c->e[i] = NULL;
	c->bytes -= e->bytes;
	entry_unref(e);
}

static void cache_free(void *p)
{
	struct scache *c = p;
	if (!c)
		return;
	for (size_t i = 0; i < SCACHE_ENTRIES; i++)
		if (c->e[i])
			drop(c, i);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* db's cache, made on first use; NULL when out of memory. */
static struct scache *cache_of(struct db *db)
{
	struct scache *c = db_slot(db);
	if (c)
		return c;
	struct scache *fresh = calloc(1, sizeof(*fresh));
	if (!fresh)
		return NULL;
	pthread_mutex_init(&fresh->lock, NULL);
	c = db_slot_set(db, fresh, cache_free);
	if (c != fresh)
		cache_free(fresh);
	return c;
}

bool scache_find(struct db *db, const char *query, int64_t gen, size_t max_bytes, struct scache_ref *out)
{
	struct scache *c = db_slot(db);
	struct scache_entry *hit = NULL;
	if (c) {
		pthread_mutex_lock(&c->lock);
		for (size_t i = 0; i < SCACHE_ENTRIES; i++) {
			struct scache_entry *e = c->e[i];
			if (!e)
				continue;
			if (e->gen < gen) { /* the index has been written since */
				drop(c, i);
				continue;
			}
			if (!hit && e->gen == gen && e->bytes <= max_bytes && strcmp(e->query, query) == 0) {
				hit = e;
				e->used = ++c->clock;
				atomic_fetch_add(&e->refs, 1);
			}
		}
		pthread_mutex_unlock(&c->lock);
	}
	atomic_fetch_add_explicit(hit ? &scache_hits : &scache_misses, 1, memory_order_relaxed);
	if (hit)
		out->entry = hit;
	return hit != NULL;
}

bool scache_keep(struct db *db, const char *query, int64_t gen, struct idset *set, struct scache_ref *out)
{
	struct scache_entry *e = calloc(1, sizeof(*e));
	if (!e)
		return false;
	e->set = *set;
	idset_init(set, set->max_bytes);
	e->gen = gen;
	e->bytes = e->set.cap * sizeof(uint64_t); /* ids and bitmap words alike */
	atomic_init(&e->refs, 1);
	out->entry = e;
	struct scache *c = e->bytes <= SCACHE_BYTES / 4 ? cache_of(db) : NULL;
	size_t qlen = strlen(query);
	char *q = c ? malloc(qlen + 1) : NULL;
	if (!q)
		return true;
	memcpy(q, query, qlen + 1);
	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < SCACHE_ENTRIES; i++) /* stale ones, and this one if another thread kept it first */
		if (c->e[i] && (c->e[i]->gen < gen || (c->e[i]->gen == gen && strcmp(c->e[i]->query, q) == 0)))
			drop(c, i);
	for (;;) { /* a free slot and room: drop the least recently used */
		size_t lru = SCACHE_ENTRIES, free_slot = SCACHE_ENTRIES;
		for (size_t i = 0; i < SCACHE_ENTRIES; i++) {
			if (!c->e[i])
				free_slot = free_slot < SCACHE_ENTRIES ? free_slot : i;
			else if (lru == SCACHE_ENTRIES || c->e[i]->used < c->e[lru]->used)
				lru = i;
		}
		if (free_slot < SCACHE_ENTRIES && c->bytes + e->bytes <= SCACHE_BYTES) {
			e->query = q;
			e->used = ++c->clock;
			atomic_fetch_add(&e->refs, 1);
			c->e[free_slot] = e;
			c->bytes += e->bytes;
			break;
		}
		drop(c, lru); /* something is kept: either no slot is free or the bytes are taken */
	}
	pthread_mutex_unlock(&c->lock);
	return true;
}

const struct idset *scache_ref_set(const struct scache_ref *r)
{
	return r->entry ? &r->entry->set : NULL;
}

void scache_ref_release(struct scache_ref *r)
{
	entry_unref(r->entry);
	r->entry = NULL;
}

void scache_stats(long *hits, long *misses)
{
	*hits = atomic_load(&scache_hits);
	*misses = atomic_load(&scache_misses);
}
