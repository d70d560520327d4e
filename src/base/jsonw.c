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
 *
 * Valid input is escaped byte for byte as jansson's json_dumps() escapes it
 * without JSON_ENSURE_ASCII (\" \\ \b \f \n \r \t, other controls as \u001F in
 * upper case, everything else as it is), so an answer written here reads
 * exactly like one jansson wrote (the incident answers in api/ are both:
 * tests/unit/test_base.c compares the two over every code point).
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

/* Whether a value (or a key) at the current depth needs a comma before
 * it; notes that the next one will. */
static bool take_separator(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return false;
	}
	if (w->depth > 0 && w->depth <= JSONW_DEPTH_MAX) {
		bool comma = w->need_comma[w->depth - 1];
		w->need_comma[w->depth - 1] = true;
		return comma;
	}
	return false;
}

/* Separator before a value (or a key) at the current depth. */
static void before_value(struct jsonw *w)
{
	if (take_separator(w))
		put(w, ",", 1);
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

/*
 * The end of the run of plain bytes from i on: eight bytes at a time while
 * no byte of the word is a control, '"', '\\' or >= 0x80, then byte by
 * byte.  Most of an answer is plain text, and testing it a byte at a time
 * was the larger part of the writer's time.
 */
static size_t plain_run(const unsigned char *p, size_t i, size_t len)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	while (len - i >= 8) {
		uint64_t x, q, bs;
		memcpy(&x, p + i, 8);
		q = x ^ (ones * '"');
		bs = x ^ (ones * '\\');
		/* with every byte in 0x20..0x7f (x's high bits clear), x - 0x20 in
		 * each byte borrows from none, nor do q - 1 and bs - 1 unless a byte
		 * is '"' or '\\': any high bit set means a byte to look at */
		if (((x - ones * 0x20) | (q - ones) | (bs - ones) | x) & highs)
			break;
		i += 8;
	}
	while (i < len && plain_ascii(p[i]))
		i++;
	return i;
}

enum sw_err json_escape_into(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	enum sw_err rc = SW_OK;
	while (i < len && !rc) {
		unsigned char c = p[i];
		if (plain_ascii(c)) {
			size_t j = plain_run(p, i + 1, len);
			rc = buf_append(out, s + i, j - i);
			i = j;
		} else if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};
			rc = buf_append(out, esc, 2);
			i++;
		} else if (c < 0x20) {
			/* as jansson writes them: the five short forms, else \u00XX in upper case */
			static const char hexd[] = "0123456789ABCDEF";
			char esc[6] = {'\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15]};
			switch (c) {
			case '\b': rc = buf_append(out, "\\b", 2); break;
			case '\f': rc = buf_append(out, "\\f", 2); break;
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

/* The longest string written in one piece with its separator and quotes. */
#define PLAIN_MAX 120

/*
 * A string (a key when key) that needs no escaping is written with its
 * comma, quotes and colon in one append: most keys and values of an
 * answer are short and plain, and five appends each were a large part of
 * writing a page of tickets.  False, with nothing written, for any other.
 */
static bool put_plain(struct jsonw *w, const char *s, size_t len, bool key)
{
	if (len > PLAIN_MAX || plain_run((const unsigned char *)s, 0, len) != len)
		return false;
	char tmp[PLAIN_MAX + 4];
	size_t k = 0;
	if (take_separator(w))
		tmp[k++] = ',';
	tmp[k++] = '"';
	memcpy(tmp + k, s, len);
	k += len;
	tmp[k++] = '"';
	if (key)
		tmp[k++] = ':';
	put(w, tmp, k);
	return true;
}

void jsonw_strn(struct jsonw *w, const char *s, size_t len)
{
	if (put_plain(w, s, len, false))
		return;
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
	if (!key)
		key = "";
	if (!put_plain(w, key, strlen(key), true)) {
		jsonw_strn(w, key, strlen(key));
		put(w, ":", 1);
	}
	w->after_key = true;
}

/* Digits by hand: snprintf was a large share of writing a page of
 * incidents, which is mostly small integers. */
void jsonw_int(struct jsonw *w, int64_t v)
{
	char tmp[24];
	char *end = tmp + sizeof(tmp), *p = end;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v; /* INT64_MIN too */
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	before_value(w);
	put(w, p, (size_t)(end - p));
}

void jsonw_real(struct jsonw *w, double v)
{
	char tmp[FORMAT_DOUBLE_MAX];
	size_t n = format_double(v, tmp);
	if (!n) {
		jsonw_null(w);
		return;
	}
	before_value(w);
	put(w, tmp, n);
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
