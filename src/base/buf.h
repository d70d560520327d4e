/*
 * buf.h — an owned, growable, always NUL-terminated byte buffer with a
 * mandatory maximum size.
 *
 * Appends that would grow the buffer past max fail with SW_ETOOLARGE and
 * leave the content unchanged.  buf_release() frees and re-initialises (max
 * kept); buf_detach() hands the memory to the caller.
 */
#ifndef SW_BASE_BUF_H
#define SW_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "base/err.h"

struct buf {
	char *ptr;  /* NULL until the first append; buf_cstr() never returns NULL */
	size_t len; /* bytes used, not counting the NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* largest len allowed */
};

#define BUF_INIT(max_) ((struct buf){.ptr = NULL, .len = 0, .cap = 0, .max = (max_)})

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);                /* len = 0, memory kept */
char *buf_detach(struct buf *b, size_t *len); /* caller frees; b re-initialised */
const char *buf_cstr(const struct buf *b);    /* "" when empty */

enum sw_err buf_append(struct buf *b, const void *p, size_t len);
enum sw_err buf_puts(struct buf *b, const char *s);
enum sw_err buf_putc(struct buf *b, char c);
enum sw_err buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
enum sw_err buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
