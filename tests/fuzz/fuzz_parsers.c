/*
 * fuzz_parsers.c — libFuzzer target for the small parsers of outside
 * input: integers and cursors from query strings, RFC 3339 times, UTF-8
 * checks, base64url, attachment file names and content sniffing, sort
 * orders, text-search patterns and full-text queries from list queries,
 * report dates, a form post's field.  Each result is checked for the property it promises.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/util.h"
#include "core/ticket/ticket.h"
#include "core/sla/tz.h"
#include "store/store_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	int64_t v;
	if (parse_int64(s, size, -1000, 1000, &v) == SW_OK && (v < -1000 || v > 1000))
		__builtin_trap();
	if (time_parse_rfc3339(s, size, &v) == SW_OK) {
		char back[21];
		time_format_rfc3339(v, back);
		(void)back;
	}
	bool valid = utf8_valid(s, size);
	if (valid && memchr(s, 0, size))
		__builtin_trap();
	unsigned char out[512];
	long n = base64url_decode(s, size, out, sizeof(out));
	if (n >= 0) {
		char enc[1024];
		if ((size_t)n * 4 / 3 + 4 < sizeof(enc)) {
			base64url_encode(out, (size_t)n, enc);
			if (strlen(enc) != size || memcmp(enc, s, size) != 0)
				__builtin_trap(); /* decoding accepted a non-canonical form */
		}
	}
	(void)ticket_sniff_type(data, size);
	char form[256]; /* a survey page's form post: the value fits and ends where it says */
	size_t form_len = 0;
	if (form_value(s, size, "comment", form, sizeof(form), &form_len) == SW_OK &&
	    (form_len >= sizeof(form) || form[form_len] != 0))
		__builtin_trap();
	int64_t day;
	if (tz_parse_date(s, size, &day) == SW_OK) {
		int y, m, d; /* a date read back is the date written */
		tz_civil_from_days(day, &y, &m, &d);
		char back[16];
		snprintf(back, sizeof(back), "%04d-%02d-%02d", y, m, d);
		if (size != 10 || memcmp(back, s, 10) != 0)
			__builtin_trap();
	}

	char *z = malloc(size + 1);
	if (!z)
		return 0;
	memcpy(z, data, size);
	z[size] = 0;
	struct arena a;
	arena_init(&a, 1 << 20);
	struct sw_error err;
	sw_error_clear(&err);
	const char *clean = ticket_clean_filename(&a, z, &err);
	if (clean && (strchr(clean, '/') || strchr(clean, '\\') || strchr(clean, '"') || !strcmp(clean, "..")))
		__builtin_trap();
	enum ticket_sort sort;
	if (ticket_sort_parse(z, &sort) == SW_OK && strcmp(ticket_sort_name(sort), z) != 0)
		__builtin_trap();
	struct store st = {.arena = &a};
	const char *like = store_like_pattern(&st, z);
	if (like && (like[0] != '%' || like[strlen(like) - 1] != '%'))
		__builtin_trap();
	/* search words: inside the input, non-empty, no ASCII punctuation, in order */
	size_t pos = 0, start, wlen, prev_end = 0, words = 0;
	while (text_word_next(s, size, &pos, &start, &wlen)) {
		if (wlen == 0 || start < prev_end || start + wlen > size || pos < start + wlen)
			__builtin_trap();
		for (size_t i = start; i < start + wlen; i++) {
			unsigned char c = data[i];
			if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
				__builtin_trap();
		}
		prev_end = start + wlen;
		words++;
	}
	/* the FTS5 query: every double quote paired, each word a quoted prefix */
	const char *fq = store_search_query(&st, z);
	if (fq) {
		size_t quotes = 0;
		for (const char *p = fq; *p; p++)
			quotes += *p == '"';
		if (quotes % 2 || (words && strlen(z) == size && quotes < 2) || !strchr(fq, '"'))
			__builtin_trap();
	}
	int64_t x, y;
	sw_error_clear(&err);
	(void)store_cursor_decode2(z, "-created_at", &x, &y, &err);
	arena_release(&a);
	free(z);
	return 0;
}
