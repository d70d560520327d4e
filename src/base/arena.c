/*
 * arena.c — per-request bump allocation with a cap (see arena.h).  Each
 * request owns one arena; everything parsed or built for it lives there and
 * goes in one arena_release() when the request completes, so handlers never
 * free piecemeal and a request cannot use more than LIMIT_ARENA bytes.
 *
 * Memory comes in blocks of ARENA_BLOCK_MIN bytes; an allocation larger
 * than that gets a block of its own, linked behind the current one so the
 * free space left in the current block is still used.  The cap counts whole
 * blocks including their headers, since that is what the process pays.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/banned.h"

#define ARENA_BLOCK_MIN (64 * 1024)
#define ARENA_ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};
_Static_assert(sizeof(struct arena_block) % ARENA_ALIGN == 0, "block sizes stay multiples of ARENA_ALIGN");

struct arena_defer {
	struct arena_defer *next;
	void (*fn)(void *);
	void *arg;
};

void arena_init(struct arena *a, size_t max)
{
	a->head = NULL;
	a->used = 0;
	a->max = max;
	a->defers = NULL;
}

void arena_release(struct arena *a)
{
	if (!a)
		return;
	/* the records live in the arena: run them all before any block goes */
	for (struct arena_defer *d = a->defers; d; d = d->next)
		d->fn(d->arg);
	a->defers = NULL;
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
}

/*
 * A block for an allocation of size bytes (already rounded to ARENA_ALIGN).
 * Near the cap the block shrinks to what is left, so an arena uses all of
 * its cap and one whose cap is below ARENA_BLOCK_MIN still works.
 */
static struct arena_block *block_new(struct arena *a, size_t size)
{
	const size_t hdr = sizeof(struct arena_block);
	if (a->used > a->max || a->max - a->used < hdr)
		return NULL;
	size_t room = (a->max - a->used - hdr) & ~(size_t)(ARENA_ALIGN - 1);
	if (size > room)
		return NULL;
	size_t bsize = size > ARENA_BLOCK_MIN ? size : ARENA_BLOCK_MIN;
	if (bsize > room)
		bsize = room;
	size_t total = hdr + bsize;
	/* total is a multiple of ARENA_ALIGN, as aligned_alloc requires */
	struct arena_block *b = aligned_alloc(ARENA_ALIGN, total);
	if (!b)
		return NULL;
	b->size = bsize;
	b->used = 0;
	a->used += total;
	return b;
}

void *arena_alloc(struct arena *a, size_t size)
{
	if (size > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	size = size ? (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1) : ARENA_ALIGN;
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < size) {
		struct arena_block *nb = block_new(a, size);
		if (!nb)
			return NULL;
		if (b && size > ARENA_BLOCK_MIN) {
			/* a dedicated block: keep allocating from the current one */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += size;
	memset(p, 0, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	if (!s || len == SIZE_MAX)
		return NULL;
	char *p = arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = 0;
	return p;
}

void *arena_grow(struct arena *a, const void *items, size_t count, size_t size, size_t *cap, size_t first, size_t max)
{
	size_t n = *cap ? *cap * 2 : first;
	if (n > max)
		n = max;
	if (size && n > SIZE_MAX / size)
		return NULL;
	void *v = arena_alloc(a, n * size);
	if (!v)
		return NULL;
	if (count)
		memcpy(v, items, count * size);
	*cap = n;
	return v;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap, copy;
	va_start(ap, fmt);
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	char *p = n >= 0 ? arena_alloc(a, (size_t)n + 1) : NULL;
	if (p)
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

char *arena_join(struct arena *a, const char *const *v, size_t n, const char *sep)
{
	size_t len = 1, seplen = strlen(sep);
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + (i ? seplen : 0);
	char *out = arena_alloc(a, len);
	if (!out)
		return NULL;
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		if (i) {
			memcpy(out + at, sep, seplen);
			at += seplen;
		}
		size_t l = strlen(v[i]);
		memcpy(out + at, v[i], l);
		at += l;
	}
	out[at] = 0;
	return out;
}

int arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
	struct arena_defer *d = arena_alloc(a, sizeof(*d));
	if (!d)
		return -1;
	d->fn = fn;
	d->arg = arg;
	d->next = a->defers;
	a->defers = d;
	return 0;
}
