/*
 * arena.h — per-request memory with a cap, released all at once.
 *
 * Allocations are 16-byte aligned and zeroed.  arena_alloc returns NULL
 * when the cap would be exceeded or memory is exhausted; callers turn that
 * into SW_ENOMEM.  Not thread-safe: one arena belongs to one request.
 */
#ifndef SW_BASE_ARENA_H
#define SW_BASE_ARENA_H

#include <stddef.h>

struct arena_block;
struct arena_defer;

struct arena {
	struct arena_block *head;
	size_t used;                /* bytes handed out, including block overhead */
	size_t max;                 /* cap on used */
	struct arena_defer *defers; /* run by arena_release, the last first */
};

void arena_init(struct arena *a, size_t max);
void arena_release(struct arena *a); /* frees everything; a can be reused */
void *arena_alloc(struct arena *a, size_t size);
/* The array items (count items of size bytes, room for *cap) with room
 * for more: a new arena array twice as large (first when *cap is 0; at
 * most max items) holding the count items, *cap its room; NULL (and *cap
 * untouched) when out of memory.  The old array is left to the arena. */
void *arena_grow(struct arena *a, const void *items, size_t count, size_t size, size_t *cap, size_t first, size_t max);
char *arena_strdup(struct arena *a, const char *s); /* NULL in -> NULL out */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The n strings at v joined by sep, in a ("" for none); NULL when out of memory. */
char *arena_join(struct arena *a, const char *const *v, size_t n, const char *sep);
/* Call fn(arg) when a is released, before its memory goes (the last one
 * deferred runs first): what the arena's results borrow from elsewhere,
 * such as a reference to the configuration snapshot, is let go with them.
 * -1 when the record cannot be allocated (fn will not run), else 0. */
int arena_defer(struct arena *a, void (*fn)(void *), void *arg);

#endif
