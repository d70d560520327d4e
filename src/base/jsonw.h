/*
 * jsonw.h — a small JSON writer over struct buf, for code that must not
 * depend on jansson (core/ writes audit snapshots with it, log.c writes log
 * lines) and for answers too hot to build as a jansson tree first (the
 * incidents and the impact analysis in api/).  It tracks whether a comma is needed; the caller keeps the
 * nesting balanced.  Strings are escaped per RFC 8259 exactly as jansson
 * escapes them (json_dumps without JSON_ENSURE_ASCII: valid UTF-8 is copied
 * as it is); bytes that are not valid UTF-8, which jansson refuses, are
 * replaced by U+FFFD so output is always valid JSON.
 * Errors are sticky: check jw->err once at the end.  SW_ETOOLARGE when the
 * buffer is full or nesting passes JSONW_DEPTH_MAX; SW_EINTERNAL when more
 * containers are closed than were opened.  Each invalid byte becomes one
 * escape \ufffd (so C0 AF gives two).
 */
#ifndef SW_BASE_JSONW_H
#define SW_BASE_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define JSONW_DEPTH_MAX 32

struct jsonw {
	struct buf *out;
	enum sw_err err;
	int depth;
	bool need_comma[JSONW_DEPTH_MAX];
	bool after_key;
};

void jsonw_init(struct jsonw *w, struct buf *out);
void jsonw_obj_open(struct jsonw *w);
void jsonw_obj_close(struct jsonw *w);
void jsonw_arr_open(struct jsonw *w);
void jsonw_arr_close(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key); /* NULL writes "" */
void jsonw_str(struct jsonw *w, const char *s);   /* NULL writes null */
void jsonw_strn(struct jsonw *w, const char *s, size_t len);
void jsonw_int(struct jsonw *w, int64_t v);
/* The shortest text that reads back as v (format_double in util.h); NaN
 * and infinities, which JSON has no text for, as null. */
void jsonw_real(struct jsonw *w, double v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);
void jsonw_raw(struct jsonw *w, const char *json); /* pre-rendered JSON value; NULL writes null */
/* Convenience: key + value. */
void jsonw_kstr(struct jsonw *w, const char *key, const char *s);
void jsonw_kint(struct jsonw *w, const char *key, int64_t v);
void jsonw_kbool(struct jsonw *w, const char *key, bool v);

/* Append s escaped as the inside of a JSON string (no quotes) to out. */
enum sw_err json_escape_into(struct buf *out, const char *s, size_t len);

#endif
