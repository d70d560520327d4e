/*
 * buf.c — owned, growable, NUL-terminated byte buffers with a mandatory
 * maximum (see buf.h).  Response bodies, JSON output, SQL parameters and
 * log lines are all built in a struct buf, so the maximum is what keeps a
 * hostile request from growing memory without bound.  Capacity doubles from
 * 64 bytes but never passes max + 1 (room for the NUL); an append that does
 * not fit fails before touching the content.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/banned.h"

#define BUF_CAP_MIN 64

void buf_init(struct buf *b, size_t max)
{
	*b = BUF_INIT(max);
}

void buf_release(struct buf *b)
{
	if (!b)
		return;
	free(b->ptr);
	size_t max = b->max;
	*b = BUF_INIT(max);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = 0;
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p = b->ptr;
	if (!p)
		p = calloc(1, 1);
	if (len)
		*len = b->len;
	size_t max = b->max;
	*b = BUF_INIT(max);
	return p;
}

const char *buf_cstr(const struct buf *b)
{
	return b->ptr ? b->ptr : "";
}

/*
 * Make room for extra more bytes plus the NUL, or fail leaving b as it was.
 * A max of SIZE_MAX behaves as SIZE_MAX - 1 so that len + 1 cannot wrap.
 */
static enum sw_err grow(struct buf *b, size_t extra)
{
	size_t max = b->max < SIZE_MAX ? b->max : SIZE_MAX - 1;
	if (extra > max || b->len > max - extra)
		return SW_ETOOLARGE;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return SW_OK;
	size_t cap = b->cap ? b->cap : BUF_CAP_MIN;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (cap > max + 1)
		cap = max + 1;
	char *p = realloc(b->ptr, cap);
	if (!p)
		return SW_ENOMEM;
	b->ptr = p;
	b->cap = cap;
	return SW_OK;
}

enum sw_err buf_append(struct buf *b, const void *p, size_t len)
{
	/* the common case, many small appends to a buffer with room (JSON
	 * writing): cap never passes max + 1, so what fits is within max */
	if (b->ptr && len < b->cap - b->len) {
		if (len)
			memcpy(b->ptr + b->len, p, len);
		b->len += len;
		b->ptr[b->len] = 0;
		return SW_OK;
	}
	enum sw_err rc = grow(b, len);
	if (rc)
		return rc;
	if (len)
		memcpy(b->ptr + b->len, p, len);
	b->len += len;
	b->ptr[b->len] = 0;
	return SW_OK;
}

enum sw_err buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

enum sw_err buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

/* Measure first, so a result that does not fit is never partly written. */
enum sw_err buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return SW_EINTERNAL;
	enum sw_err rc = grow(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return SW_OK;
}

enum sw_err buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum sw_err rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}
