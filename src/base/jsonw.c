/*
 * jsonw.c — a streaming JSON writer over struct buf.  See jsonw.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/jsonw.h"
#include "base/banned.h"

void jsonw_init(struct jsonw *w, struct buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

static void put(struct jsonw *w, const char *s, size_t n)
{
	if (!w->err)
		w->err = buf_append(w->out, s, n);
}

/* Separator before a value (or a key) at the current depth. */
static void before_value(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0 && w->depth <= JSONW_DEPTH_MAX) {
		if (w->need_comma[w->depth - 1])
			put(w, ",", 1);
		w->need_comma[w->depth - 1] = true;
	}
}

static void open_(struct jsonw *w, char c)
{
	before_value(w);
	put(w, &c, 1);
	if (w->depth >= JSONW_DEPTH_MAX) {
		w->err = SW_ETOOLARGE;
		return;
	}
	w->need_comma[w->depth++] = false;
}

static void close_(struct jsonw *w, char c)
{
	if (w->depth > 0)
		w->depth--;
	put(w, &c, 1);
}

void jsonw_obj_open(struct jsonw *w) { open_(w, '{'); }
void jsonw_obj_close(struct jsonw *w) { close_(w, '}'); }
void jsonw_arr_open(struct jsonw *w) { open_(w, '['); }
void jsonw_arr_close(struct jsonw *w) { close_(w, ']'); }

/* Length of a valid UTF-8 sequence at p (max n bytes), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	size_t len;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

enum sw_err json_escape_into(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	enum sw_err rc = SW_OK;
	while (i < len && !rc) {
		unsigned char c = p[i];
		if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};
			rc = buf_append(out, esc, 2);
			i++;
		} else if (c < 0x20) {
			char esc[8];
			switch (c) {
			case '\n': rc = buf_append(out, "\\n", 2); break;
			case '\r': rc = buf_append(out, "\\r", 2); break;
			case '\t': rc = buf_append(out, "\\t", 2); break;
			default:
				snprintf(esc, sizeof(esc), "\\u%04x", c);
				rc = buf_append(out, esc, 6);
			}
			i++;
		} else if (c < 0x80) {
			size_t j = i;
			while (j < len && p[j] >= 0x20 && p[j] < 0x80 && p[j] != '"' && p[j] != '\\')
				j++;
			rc = buf_append(out, s + i, j - i);
			i = j;
		} else {
			size_t n = utf8_seq(p + i, len - i);
			if (n) {
				rc = buf_append(out, s + i, n);
				i += n;
			} else {
				rc = buf_append(out, "\\ufffd", 6);
				i++;
			}
		}
	}
	return rc;
}

void jsonw_strn(struct jsonw *w, const char *s, size_t len)
{
	before_value(w);
	put(w, "\"", 1);
	if (!w->err)
		w->err = json_escape_into(w->out, s, len);
	put(w, "\"", 1);
}

void jsonw_str(struct jsonw *w, const char *s)
{
	if (!s)
		jsonw_null(w);
	else
		jsonw_strn(w, s, strlen(s));
}

void jsonw_key(struct jsonw *w, const char *key)
{
	jsonw_str(w, key);
	put(w, ":", 1);
	w->after_key = true;
}

void jsonw_int(struct jsonw *w, int64_t v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof(tmp), "%" PRId64, v);
	before_value(w);
	put(w, tmp, (size_t)n);
}

void jsonw_bool(struct jsonw *w, bool v)
{
	before_value(w);
	put(w, v ? "true" : "false", v ? 4 : 5);
}

void jsonw_null(struct jsonw *w)
{
	before_value(w);
	put(w, "null", 4);
}

void jsonw_raw(struct jsonw *w, const char *json)
{
	before_value(w);
	put(w, json, strlen(json));
}

void jsonw_kstr(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_str(w, s);
}

void jsonw_kint(struct jsonw *w, const char *key, int64_t v)
{
	jsonw_key(w, key);
	jsonw_int(w, v);
}

void jsonw_kbool(struct jsonw *w, const char *key, bool v)
{
	jsonw_key(w, key);
	jsonw_bool(w, v);
}
