/*
 * idset.h — a set of ids (int64_t) filled once in ascending order and then
 * probed many times: the matches of a full-text search, read once and
 * tested while a list walks its sort order's index.
 *
 * Ids are added in strictly ascending order (idset_add refuses anything
 * else with SW_EINVALID).  The set keeps them as a sorted array (probed by
 * binary search) while that is smaller than a bitmap of the ids' range,
 * and as a bitmap from base to the last id once the ids are dense enough
 * (probed in constant time): memory is about min(8 bytes per id, range / 8)
 * — 125 KB for any number of matches among a million tickets.  Memory is
 * malloc'd and capped by max_bytes (SW_ETOOLARGE past it, the set left as
 * it was, so a caller can fall back to another plan).
 *
 * Not thread-safe while being filled; once filled, any number of threads
 * may probe it.  idset_release() frees and re-initialises (max kept); it
 * accepts a released set.
 */
#ifndef SW_BASE_IDSET_H
#define SW_BASE_IDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct idset {
	int64_t *ids;     /* array mode: the ids, ascending; NULL in bitmap mode */
	uint64_t *bits;   /* bitmap mode: bit (id - base); NULL in array mode */
	size_t cap;       /* elements of ids, or 64-bit words of bits */
	size_t count;     /* ids added */
	int64_t base;     /* the first id added */
	int64_t last;     /* the last (largest) id added */
	size_t max_bytes; /* largest allocation allowed */
};

#define IDSET_INIT(max_bytes_) ((struct idset){.max_bytes = (max_bytes_)})

void idset_init(struct idset *s, size_t max_bytes);
void idset_release(struct idset *s);

/* Add id, which must be greater than every id added before. */
enum sw_err idset_add(struct idset *s, int64_t id);
bool idset_has(const struct idset *s, int64_t id);
/* In ascending order: the smallest id of the set, or the smallest greater
 * than after, into *id; false when there is none (*id untouched).
 *   for (bool more = idset_first(s, &id); more; more = idset_next(s, id, &id)) */
bool idset_first(const struct idset *s, int64_t *id);
bool idset_next(const struct idset *s, int64_t after, int64_t *id);

#endif
