/*
 * idset.c — a set of ascending ids as a sorted array or a bitmap.  See
 * idset.h.
 */
#include <stdlib.h>
#include <string.h>

#include "base/idset.h"
#include "base/util.h"
#include "base/banned.h"

#define IDSET_FIRST_CAP 64 /* elements of the first array */

void idset_init(struct idset *s, size_t max_bytes)
{
	*s = IDSET_INIT(max_bytes);
}

void idset_release(struct idset *s)
{
	free(s->ids);
	free(s->bits);
	idset_init(s, s->max_bytes);
}

/* 64-bit words of a bitmap from base to id inclusive (id >= base) */
static size_t words_to(const struct idset *s, int64_t id)
{
	return (size_t)(((uint64_t)id - (uint64_t)s->base) / 64) + 1;
}

static void bit_set(uint64_t *bits, int64_t base, int64_t id)
{
	uint64_t off = (uint64_t)id - (uint64_t)base;
	bits[off / 64] |= UINT64_C(1) << (off % 64);
}

/* Bitmap mode from here on, with room for wcap words (>= words_to(id)). */
static enum sw_err to_bitmap(struct idset *s, size_t wcap)
{
	uint64_t *bits = calloc(wcap, sizeof(*bits));
	if (!bits)
		return SW_ENOMEM;
	for (size_t i = 0; i < s->count; i++)
		bit_set(bits, s->base, s->ids[i]);
	free(s->ids);
	s->ids = NULL;
	s->bits = bits;
	s->cap = wcap;
	return SW_OK;
}

static enum sw_err add_bit(struct idset *s, int64_t id)
{
	size_t need = words_to(s, id);
	if (need > s->cap) {
		size_t max_words = s->max_bytes / sizeof(uint64_t);
		if (need > max_words)
			return SW_ETOOLARGE;
		size_t wcap = s->cap * 2; /* cap <= max_words: no overflow */
		if (wcap > max_words)
			wcap = max_words;
		if (wcap < need)
			wcap = need;
		uint64_t *bits = realloc(s->bits, wcap * sizeof(*bits));
		if (!bits)
			return SW_ENOMEM;
		memset(bits + s->cap, 0, (wcap - s->cap) * sizeof(*bits));
		s->bits = bits;
		s->cap = wcap;
	}
	bit_set(s->bits, s->base, id);
	return SW_OK;
}

static enum sw_err add_id(struct idset *s, int64_t id)
{
	if (s->count == s->cap) {
		size_t max_ids = s->max_bytes / sizeof(int64_t);
		size_t cap = s->cap == 0 ? IDSET_FIRST_CAP : s->cap * 2; /* cap <= max_ids: no overflow */
		if (cap > max_ids)
			cap = max_ids;
		/* a bitmap of the range so far is no larger than the grown array:
		 * the ids are dense enough to switch for good */
		size_t words = words_to(s, id);
		if (s->count > 0 && words <= cap && words <= max_ids) {
			enum sw_err rc = to_bitmap(s, cap);
			return rc ? rc : add_bit(s, id);
		}
		if (cap <= s->count)
			return SW_ETOOLARGE;
		int64_t *ids = realloc(s->ids, cap * sizeof(*ids));
		if (!ids)
			return SW_ENOMEM;
		s->ids = ids;
		s->cap = cap;
	}
	s->ids[s->count] = id;
	return SW_OK;
}

enum sw_err idset_add(struct idset *s, int64_t id)
{
	if (s->count > 0 && id <= s->last)
		return SW_EINVALID;
	if (s->count == 0)
		s->base = id;
	enum sw_err rc = s->bits ? add_bit(s, id) : add_id(s, id);
	if (rc) {
		if (s->count == 0)
			s->base = 0;
		return rc;
	}
	s->count++;
	s->last = id;
	return SW_OK;
}

bool idset_has(const struct idset *s, int64_t id)
{
	if (s->count == 0 || id < s->base || id > s->last)
		return false;
	if (s->bits) {
		uint64_t off = (uint64_t)id - (uint64_t)s->base;
		return (s->bits[off / 64] >> (off % 64)) & 1;
	}
	size_t i = i64_count_below(s->ids, s->count, id);
	return i < s->count && s->ids[i] == id;
}

bool idset_first(const struct idset *s, int64_t *id)
{
	if (s->count == 0)
		return false;
	*id = s->base;
	return true;
}

bool idset_next(const struct idset *s, int64_t after, int64_t *id)
{
	if (s->count == 0 || after >= s->last)
		return false;
	if (after < s->base) {
		*id = s->base;
		return true;
	}
	if (s->bits) { /* after + 1 <= last: the bit offsets stay in the bitmap */
		uint64_t off = (uint64_t)after - (uint64_t)s->base + 1, end = (uint64_t)s->last - (uint64_t)s->base;
		size_t w = (size_t)(off / 64), last_w = (size_t)(end / 64);
		uint64_t word = s->bits[w] & (~UINT64_C(0) << (off % 64));
		while (!word && w < last_w)
			word = s->bits[++w];
		if (!word) /* not reached: last is in the set */
			return false;
		*id = (int64_t)((uint64_t)s->base + (uint64_t)w * 64 + (uint64_t)__builtin_ctzll(word));
		return true;
	}
	*id = s->ids[i64_count_upto(s->ids, s->count, after)]; /* the first id > after: there is one, after < last */
	return true;
}
