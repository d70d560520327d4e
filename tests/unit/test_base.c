/*
 * test_base.c — the libc-only base layer: bounded buffers, the arena, the
 * JSON writer, bounded integer parsing, UTF-8 validation, base64url and
 * RFC 3339 time, constant-time comparison.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/jsonw.h"
#include "base/util.h"

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
	assert_int_equal(buf_printf(&b, "%d", 1), SW_ETOOLARGE);
	assert_string_equal(buf_cstr(&b), "12345678");
	buf_reset(&b);
	assert_int_equal(buf_printf(&b, "%s-%d", "ab", 42), SW_OK);
	assert_string_equal(buf_cstr(&b), "ab-42");
	size_t len;
	char *p = buf_detach(&b, &len);
	assert_string_equal(p, "ab-42");
	assert_int_equal(len, 5);
	assert_null(b.ptr);
	assert_int_equal(b.max, 8);
	free(p);
	buf_release(&b);
	buf_release(&b); /* twice is fine */
	struct buf big = BUF_INIT(1 << 20);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(buf_append(&big, "0123456789", 10), SW_OK);
	assert_int_equal(big.len, 100000);
	assert_int_equal(buf_cstr(&big)[99999], '9');
	buf_release(&big);
}

static void arena_cap(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 200 * 1024);
	char *s = arena_strdup(&a, "hello");
	assert_string_equal(s, "hello");
	assert_null(arena_strdup(&a, NULL));
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_string_equal(arena_printf(&a, "%s=%d", "x", 7), "x=7");
	unsigned char *z = arena_alloc(&a, 100);
	for (int i = 0; i < 100; i++)
		assert_int_equal(z[i], 0);
	assert_int_equal((uintptr_t)z % 16, 0);
	assert_non_null(arena_alloc(&a, 100 * 1024));
	assert_null(arena_alloc(&a, 150 * 1024)); /* would pass the cap */
	arena_release(&a);
	assert_non_null(arena_alloc(&a, 150 * 1024)); /* reusable after release */
	arena_release(&a);
}

static void json_writer(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(4096);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "s", "q\"b\\s\n\x01");
	jsonw_kint(&w, "n", -9223372036854775807LL - 1);
	jsonw_kbool(&w, "t", true);
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
	jsonw_kstr(&w, "utf8", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	jsonw_kstr(&w, "bad",
		   "a\xff"
		   "b\xc0\xaf"
		   "c\xed\xa0\x80");
	jsonw_obj_close(&w);
	assert_int_equal(w.err, SW_OK);
	assert_string_equal(buf_cstr(&b),
			    "{\"s\":\"q\\\"b\\\\s\\n\\u0001\",\"n\":-9223372036854775808,\"t\":true,"
			    "\"a\":[1,null,null,{}],\"raw\":[true],\"utf8\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\","
			    "\"bad\":\"a\\ufffdb\\ufffd\\ufffdc\\ufffd\\ufffd\\ufffd\"}");
	buf_release(&b);
	struct buf small = BUF_INIT(4);
	jsonw_init(&w, &small);
	jsonw_str(&w, "too long");
	assert_int_equal(w.err, SW_ETOOLARGE);
	buf_release(&small);
}

static void int_parsing(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int64_t min, max;
		enum sw_err rc;
		int64_t want;
	} cases[] = {
		{"0", 0, 10, SW_OK, 0},
		{"10", 0, 10, SW_OK, 10},
		{"11", 0, 10, SW_EINVALID, 0},
		{"-1", 0, 10, SW_EINVALID, 0},
		{"-1", -5, 10, SW_OK, -1},
		{"007", 0, 10, SW_OK, 7},
		{"9223372036854775807", INT64_MIN, INT64_MAX, SW_OK, INT64_MAX},
		{"9223372036854775808", INT64_MIN, INT64_MAX, SW_EINVALID, 0},
		{"-9223372036854775808", INT64_MIN, INT64_MAX, SW_OK, INT64_MIN},
		{"-9223372036854775809", INT64_MIN, INT64_MAX, SW_EINVALID, 0},
		{"99999999999999999999", INT64_MIN, INT64_MAX, SW_EINVALID, 0},
		{"", 0, 10, SW_EINVALID, 0},
		{"-", -10, 10, SW_EINVALID, 0},
		{"+1", 0, 10, SW_EINVALID, 0},
		{" 1", 0, 10, SW_EINVALID, 0},
		{"1 ", 0, 10, SW_EINVALID, 0},
		{"1e3", 0, 10000, SW_EINVALID, 0},
		{"0x10", 0, 100, SW_EINVALID, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t out = 12345;
		enum sw_err rc = parse_int64(cases[i].s, strlen(cases[i].s), cases[i].min, cases[i].max, &out);
		assert_int_equal(rc, cases[i].rc);
		assert_true(rc ? out == 12345 : out == cases[i].want); /* untouched on failure */
	}
	int64_t out;
	assert_int_equal(parse_int64("123", 2, 0, 100, &out), SW_OK); /* only len bytes count */
	assert_int_equal(out, 12);
}

static void utf8(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t len;
		bool ok;
	} cases[] = {
		{"plain ascii", 11, true},
		{"\xc3\xa9", 2, true},
		{"\xf0\x9f\x98\x80", 4, true},
		{"\xf4\x8f\xbf\xbf", 4, true},  /* U+10FFFF */
		{"\xc0\x80", 2, false},         /* overlong NUL */
		{"\xe0\x80\xaf", 3, false},     /* overlong */
		{"\xed\xa0\x80", 3, false},     /* surrogate */
		{"\xf4\x90\x80\x80", 4, false}, /* > U+10FFFF */
		{"\xc3", 1, false},             /* truncated */
		{"\xe2\x82", 2, false},         /* truncated */
		{"a\0b", 3, false},             /* NUL */
		{"\x80", 1, false},             /* stray continuation */
		{"\xff", 1, false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(utf8_valid(cases[i].s, cases[i].len), cases[i].ok);
	assert_int_equal(utf8_count("a\xc3\xa9\xf0\x9f\x98\x80", 7), 3);
}

static void base64(void **state)
{
	(void)state;
	static const char *inputs[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00\x01"};
	static const char *want[] = {"", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy", "__4AAQ"};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		size_t n = i == 7 ? 4 : strlen(inputs[i]);
		char enc[32];
		base64url_encode((const unsigned char *)inputs[i], n, enc);
		assert_string_equal(enc, want[i]);
		assert_int_equal(strlen(enc), base64url_len(n));
		unsigned char dec[32];
		assert_int_equal(base64url_decode(enc, strlen(enc), dec, sizeof(dec)), (long)n);
		assert_memory_equal(dec, inputs[i], n);
	}
	unsigned char dec[8];
	assert_int_equal(base64url_decode("Zm9v=", 5, dec, sizeof(dec)), -1); /* padding */
	assert_int_equal(base64url_decode("Zm+v", 4, dec, sizeof(dec)), -1);  /* not url-safe */
	assert_int_equal(base64url_decode("Z", 1, dec, sizeof(dec)), -1);     /* impossible length */
	assert_int_equal(base64url_decode("Zh", 2, dec, sizeof(dec)), -1);    /* stray bits */
	assert_int_equal(base64url_decode("Zm9vYmFy", 8, dec, 5), -1);        /* does not fit */
}

static void rfc3339(void **state)
{
	(void)state;
	char s[21];
	time_format_rfc3339(0, s);
	assert_string_equal(s, "1970-01-01T00:00:00Z");
	time_format_rfc3339(1795570666, s);
	assert_string_equal(s, "2026-11-25T01:37:46Z");
	static const struct {
		const char *s;
		enum sw_err rc;
		int64_t want;
	} cases[] = {
		{"2026-11-25T01:37:46Z", SW_OK, 1795570666},      {"2026-11-25t01:37:46z", SW_OK, 1795570666},
		{"2026-11-25T02:37:46+01:00", SW_OK, 1795570666}, {"2026-11-24T20:37:46-05:00", SW_OK, 1795570666},
		{"2026-11-25T01:37:46.999Z", SW_OK, 1795570666},  {"2024-02-29T00:00:00Z", SW_OK, 1709164800},
		{"2026-02-29T00:00:00Z", SW_EINVALID, 0},         {"2026-02-30T00:00:00Z", SW_EINVALID, 0},
		{"2026-13-01T00:00:00Z", SW_EINVALID, 0},         {"2026-01-01T24:00:00Z", SW_EINVALID, 0},
		{"2026-01-01T00:00:00", SW_EINVALID, 0},          {"2026-01-01 00:00:00Z", SW_EINVALID, 0},
		{"2026-01-01T00:00:00.Z", SW_EINVALID, 0},        {"2026-01-01T00:00:00Zjunk", SW_EINVALID, 0},
		{"2026-01-01T00:00:00+1:00", SW_EINVALID, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t out = -1;
		assert_int_equal(time_parse_rfc3339(cases[i].s, strlen(cases[i].s), &out), cases[i].rc);
		if (!cases[i].rc)
			assert_int_equal(out, cases[i].want);
		else
			assert_int_equal(out, -1);
	}
}

static void misc(void **state)
{
	(void)state;
	assert_true(ct_equal("abcd", "abcd", 4));
	assert_false(ct_equal("abcd", "abce", 4));
	assert_true(ct_equal("x", "y", 0));
	char hex[9];
	hex_encode((const unsigned char *)"\x00\xff\x10\xab", 4, hex);
	assert_string_equal(hex, "00ff10ab");
	assert_true(str_eq("abc", 3, "abc"));
	assert_false(str_eq("abc", 2, "abc"));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_limits),  cmocka_unit_test(arena_cap), cmocka_unit_test(json_writer),
		cmocka_unit_test(int_parsing), cmocka_unit_test(utf8),      cmocka_unit_test(base64),
		cmocka_unit_test(rfc3339),     cmocka_unit_test(misc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
