/*
 * util.h — bounded parsers and encoders used everywhere, and the binary
 * search of a sorted array.  This is the only module allowed to call
 * strtoll and friends (see banned.h).
 */
#ifndef SW_BASE_UTIL_H
#define SW_BASE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/*
 * Parse a whole decimal integer (optional leading '-') in [min, max].  No
 * whitespace, no '+', no trailing bytes.  Leading zeros are accepted ("007"
 * is 7, "-0" is 0) within a bound of 20 bytes, the length of INT64_MIN;
 * longer input is rejected whatever its value.  Returns SW_OK or SW_EINVALID;
 * *out written only on success.
 */
enum sw_err parse_int64(const char *s, size_t len, int64_t min, int64_t max, int64_t *out);
/* A duration "<n>d", "<n>h", "<n>m" or "<n>s" (the unit is required), at
 * most max_seconds, as seconds. */
enum sw_err parse_duration(const char *s, size_t len, int64_t max_seconds, int64_t *out);

/*
 * True if s[0..len) is valid UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF, no truncated sequence) without NUL bytes.
 */
bool utf8_valid(const char *s, size_t len);
/*
 * Length (1 to 4) of the well-formed UTF-8 sequence at the start of
 * s[0..len), or 0 if there is none (stray or invalid lead byte, overlong,
 * surrogate, above U+10FFFF, truncated) or len is 0.  A NUL byte is a
 * well-formed 1-byte sequence here.  The one decoder behind utf8_valid()
 * and the JSON writer, so what is accepted and what is escaped agree.
 */
size_t utf8_seq_len(const char *s, size_t len);
/* The longest prefix of s[0..len) of at most max bytes that does not
 * split a UTF-8 sequence (len when it fits). */
size_t utf8_cut(const char *s, size_t len, size_t max);
/* Number of code points in valid UTF-8 s[0..len). */
size_t utf8_count(const char *s, size_t len);

/*
 * Full-text search words.  A word is a maximal run of characters that are
 * not separators; separators are ASCII characters other than letters and
 * digits, the Latin-1 punctuation and symbols (U+0080-U+00BF, U+00D7,
 * U+00F7), and the Unicode punctuation and symbol blocks U+2000-U+2BFF,
 * U+2E00-U+2E7F, U+3000-U+303F, U+FE10-U+FE1F, U+FE30-U+FE4F,
 * U+FF01-U+FF0F and U+1F000-U+1FAFF (emoji).  Bytes that are not valid
 * UTF-8 separate words too.  The PostgreSQL index (steward_search_doc in
 * migrations/pg/0011_search.sql) splits text on the same set.
 *
 * Finds the next word of s[0..len) at or after *pos: returns false when
 * there is none, else sets *start and *word_len and moves *pos past it.
 */
bool text_word_next(const char *s, size_t len, size_t *pos, size_t *start, size_t *word_len);

/*
 * The value of field name in an application/x-www-form-urlencoded body
 * (a browser's form post): '+' is a space, %XX a byte.  SW_OK with the
 * first such field's value decoded into out (NUL-terminated, *out_len
 * bytes); SW_ENOTFOUND when there is none; SW_EBADREQ for a bad escape or
 * a value that would not fit in max bytes (with its NUL).  The value may
 * hold any byte: check it as text after.
 */
enum sw_err form_value(const char *body, size_t len, const char *name, char *out, size_t max, size_t *out_len);

/* Lower-case hex of len bytes into out (2*len+1 bytes). */
void hex_encode(const unsigned char *p, size_t len, char *out);

/* base64url without padding.  out needs base64url_len(len)+1 bytes. */
size_t base64url_len(size_t len);
void base64url_encode(const unsigned char *p, size_t len, char *out);
/*
 * Returns decoded length, or -1 on invalid input (a byte outside the
 * url-safe alphabet, '=' padding, a length of 4n+1, non-zero unused bits
 * in the last character) or if the result would exceed out_max.  Nothing
 * is written to out when the output would not fit; on other invalid input
 * out may hold partial garbage.
 */
long base64url_decode(const char *s, size_t len, unsigned char *out, size_t out_max);

/*
 * Format epoch seconds as RFC 3339 UTC "2026-01-02T03:04:05Z" into out[21].
 * RFC 3339 has four-digit years: epochs outside years 0000..9999 are
 * clamped to "0000-01-01T00:00:00Z" or "9999-12-31T23:59:59Z".
 */
void time_format_rfc3339(int64_t epoch, char out[21]);
/* "Wed, 25 Nov 2026 11:50:00 +0000", for mail headers. */
void time_format_rfc5322(int64_t epoch, char *out, size_t max);
/*
 * Parse RFC 3339 (Z or +hh:mm offset, optional fraction ignored) to epoch
 * seconds.  'T' and 'Z' may be lower case.  Calendar ranges are checked
 * (no Feb 30, no hour 24); a leap second ":60" is read as ":59".
 */
enum sw_err time_parse_rfc3339(const char *s, size_t len, int64_t *out);
/*
 * A finite double as the shortest JSON number text that reads back as the
 * same double: %.15g, else %.16g, else %.17g (17 significant digits always
 * do), so 99.9 is "99.9", not "99.900000000000006", and 2/3 keeps every
 * digit it needs.  A value without a fraction or exponent gets ".0", as
 * jansson writes reals, so it stays a real when read back.  Returns the
 * length written to out (NUL-terminated), or 0 for NaN and infinities,
 * which JSON cannot represent.
 */
#define FORMAT_DOUBLE_MAX 32
size_t format_double(double v, char out[FORMAT_DOUBLE_MAX]);

/* Current wall-clock time in epoch seconds, and a monotonic clock in nanoseconds. */
int64_t time_now(void);
int64_t time_mono_ns(void);

/* Constant-time comparison of two equal-length byte strings. */
bool ct_equal(const void *a, const void *b, size_t len);

/* Whether s is 1 to max of a-z, 0-9, '.', '_' and '-', starting with a
 * letter or a digit (a login, a toolkit's key). */
bool slug_ok(const char *s, size_t max);

/* Case-sensitive equality of a (ptr,len) slice with a C string. */
bool str_eq(const char *p, size_t len, const char *cstr);

/* In v[0..n), ascending: how many elements are less than x
 * (i64_count_below), or at most x (i64_count_upto) — the first index x
 * would take before, or after, the elements equal to it. */
size_t i64_count_below(const int64_t *v, size_t n, int64_t x);
size_t i64_count_upto(const int64_t *v, size_t n, int64_t x);

/* The number of elements of array a. */
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#endif
