/*
 * jsonw.c — a streaming JSON writer over struct buf (see jsonw.h), for the
 * places that must not depend on jansson: log lines, audit snapshots in
 * core/, problem documents and the OpenAPI text in http/.
 *
 * The writer remembers, per nesting level, whether a value has been written
 * (need_comma) and whether a key is waiting for its value (after_key); that
 * is all it needs to place commas and colons.  Strings go through
 * json_escape_into(), which decodes with utf8_seq_len() — the same decoder
 * utf8_valid() uses — and replaces each byte that does not start a
 * well-formed sequence by the escape \ufffd, so whatever the input the
 * output is valid JSON in valid UTF-8.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/jsonw.h"
#include "base/util.h"
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
	if (w->depth >= JSONW_DEPTH_MAX) {
		if (!w->err)
			w->err = SW_ETOOLARGE;
		return;
	}
	put(w, &c, 1);
	w->need_comma[w->depth++] = false;
}

static void close_(struct jsonw *w, char c)
{
	if (w->depth == 0) { /* unbalanced: the output would not be JSON */
		if (!w->err)
			w->err = SW_EINTERNAL;
		return;
	}
	w->depth--;
	w->after_key = false;
	put(w, &c, 1);
}

void jsonw_obj_open(struct jsonw *w)
{
	open_(w, '{');
}
void jsonw_obj_close(struct jsonw *w)
{
	close_(w, '}');
}
void jsonw_arr_open(struct jsonw *w)
{
	open_(w, '[');
}
void jsonw_arr_close(struct jsonw *w)
{
	close_(w, ']');
}

/* Whether byte c can be copied into a JSON string as it is. */
static bool plain_ascii(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

enum sw_err json_escape_into(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	enum sw_err rc = SW_OK;
	while (i < len && !rc) {
		unsigned char c = p[i];
		if (plain_ascii(c)) {
			size_t j = i + 1;
			while (j < len && plain_ascii(p[j]))
				j++;
			rc = buf_append(out, s + i, j - i);
			i = j;
		} else if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};
			rc = buf_append(out, esc, 2);
			i++;
		} else if (c < 0x20) {
			static const char hexd[] = "0123456789abcdef";
			char esc[6] = {'\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15]};
			switch (c) {
			case '\n': rc = buf_append(out, "\\n", 2); break;
			case '\r': rc = buf_append(out, "\\r", 2); break;
			case '\t': rc = buf_append(out, "\\t", 2); break;
			default: rc = buf_append(out, esc, sizeof(esc)); break;
			}
			i++;
		} else {
			size_t n = utf8_seq_len(s + i, len - i);
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

/* A NULL key is written as "" rather than null, which would not be JSON. */
void jsonw_key(struct jsonw *w, const char *key)
{
	jsonw_str(w, key ? key : "");
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

/* The caller vouches that json is one valid JSON value; NULL writes null. */
void jsonw_raw(struct jsonw *w, const char *json)
{
	if (!json) {
		jsonw_null(w);
		return;
	}
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
