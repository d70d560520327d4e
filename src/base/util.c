/*
 * util.c — the bounded parsers and encoders of the base layer: integers,
 * UTF-8, hex, base64url, RFC 3339 time, constant-time comparison.  Outside
 * input reaches these functions straight from http/ and api/, so every
 * parser takes an explicit length, reads nothing past it and rejects
 * rather than guesses.  This is the one module allowed to use strtoll-family
 * calls, so it does not include base/banned.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"

enum sw_err parse_int64(const char *s, size_t len, int64_t min, int64_t max, int64_t *out)
{
	if (!s || len == 0 || len > 20)
		return SW_EINVALID;
	size_t i = 0;
	bool neg = false;
	if (s[0] == '-') {
		neg = true;
		i = 1;
		if (len == 1)
			return SW_EINVALID;
	}
	/* Accumulate the magnitude unsigned so INT64_MIN needs no special path
	 * until the end, and check before each step so nothing overflows. */
	uint64_t v = 0;
	uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return SW_EINVALID;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (limit - d) / 10)
			return SW_EINVALID;
		v = v * 10 + d;
	}
	int64_t r;
	if (neg)
		r = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	else
		r = (int64_t)v;
	if (r < min || r > max)
		return SW_EINVALID;
	*out = r;
	return SW_OK;
}

enum sw_err parse_duration(const char *s, size_t len, int64_t max_seconds, int64_t *out)
{
	if (!s || len < 1)
		return SW_EINVALID;
	int64_t unit = 1;
	switch (s[len - 1]) {
	case 'd': unit = 86400; break;
	case 'h': unit = 3600; break;
	case 'm': unit = 60; break;
	case 's': break;
	default: return SW_EINVALID; /* a bare number would hide its unit */
	}
	int64_t n;
	if (parse_int64(s, len - 1, 0, max_seconds / unit, &n))
		return SW_EINVALID;
	*out = n * unit;
	return SW_OK;
}

/*
 * The lead byte fixes the length and the smallest code point it may encode:
 * C0 and C1 can only start overlongs, F5..FF only values above U+10FFFF.
 */
size_t utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	size_t keep = max;
	while (keep > 0 && ((unsigned char)s[keep] & 0xc0) == 0x80)
		keep--;
	return keep;
}

size_t utf8_seq_len(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	if (len == 0)
		return 0;
	unsigned char c = s[0];
	size_t n;
	uint32_t cp, lowest;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
		lowest = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
		lowest = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
		lowest = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t k = 1; k < n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	if (cp < lowest || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* The code point of the well-formed sequence of n bytes at s. */
static uint32_t utf8_decode(const unsigned char *s, size_t n)
{
	if (n == 1)
		return s[0];
	uint32_t cp = s[0] & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
	for (size_t k = 1; k < n; k++)
		cp = (cp << 6) | (s[k] & 0x3f);
	return cp;
}

static bool word_separator(uint32_t cp)
{
	static const uint32_t ranges[][2] = {
		{0x80, 0xbf},     {0xd7, 0xd7},     {0xf7, 0xf7},     {0x2000, 0x2bff}, {0x2e00, 0x2e7f},
		{0x3000, 0x303f}, {0xfe10, 0xfe1f}, {0xfe30, 0xfe4f}, {0xff01, 0xff0f}, {0x1f000, 0x1faff},
	};
	if (cp < 0x80)
		return !((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'));
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return true;
	return false;
}

bool text_word_next(const char *s, size_t len, size_t *pos, size_t *start, size_t *word_len)
{
	size_t i = *pos, begin = 0;
	bool in_word = false;
	while (i < len) {
		size_t n = utf8_seq_len(s + i, len - i);
		bool sep = n == 0 || word_separator(utf8_decode((const unsigned char *)s + i, n));
		if (n == 0)
			n = 1;
		if (sep && in_word)
			break;
		if (!sep && !in_word) {
			in_word = true;
			begin = i;
		}
		i += n;
	}
	*pos = i;
	if (!in_word)
		return false;
	*start = begin;
	*word_len = i - begin;
	return true;
}

bool utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if (s[i] == 0)
			return false;
		size_t n = utf8_seq_len(s + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

size_t utf8_count(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

void hex_encode(const unsigned char *p, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = 0;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t base64url_len(size_t len)
{
	return (len / 3) * 4 + (len % 3 ? len % 3 + 1 : 0);
}

void base64url_encode(const unsigned char *p, size_t len, char *out)
{
	size_t j = 0, i = 0;
	for (; i + 2 < len; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[j++] = b64[v >> 18];
		out[j++] = b64[(v >> 12) & 63];
		out[j++] = b64[(v >> 6) & 63];
		out[j++] = b64[v & 63];
	}
	if (len - i == 1) {
		uint32_t v = (uint32_t)p[i] << 16;
		out[j++] = b64[v >> 18];
		out[j++] = b64[(v >> 12) & 63];
	} else if (len - i == 2) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		out[j++] = b64[v >> 18];
		out[j++] = b64[(v >> 12) & 63];
		out[j++] = b64[(v >> 6) & 63];
	}
	out[j] = 0;
}

static int b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/*
 * Decoding is strict so that one byte string has exactly one encoding:
 * cursors and tokens compared as text cannot be varied by a client.
 */
long base64url_decode(const char *s, size_t len, unsigned char *out, size_t out_max)
{
	if (len % 4 == 1)
		return -1;
	size_t need = len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0);
	if (need > out_max)
		return -1;
	size_t j = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < len; i++) {
		int v = b64_value(s[i]);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[j++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	if (acc != 0) /* non-canonical trailing bits */
		return -1;
	return (long)j;
}

/* Epochs of 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define RFC3339_EPOCH_MIN (-62167219200LL)
#define RFC3339_EPOCH_MAX 253402300799LL

static void put_digits(char *out, int v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* The UTC civil time of epoch, clamped to the years the formats below write. */
static void utc_time(int64_t epoch, struct tm *tm)
{
	if (epoch < RFC3339_EPOCH_MIN)
		epoch = RFC3339_EPOCH_MIN;
	if (epoch > RFC3339_EPOCH_MAX)
		epoch = RFC3339_EPOCH_MAX;
	time_t t = (time_t)epoch;
	if (!gmtime_r(&t, tm))
		memset(tm, 0, sizeof(*tm)); /* not reached with a 64-bit time_t */
}

/* Written by hand: strftime's %Y does not pad years below 1000 to four digits. */
void time_format_rfc5322(int64_t epoch, char *out, size_t max)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	utc_time(epoch, &tm);
	snprintf(out, max, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7], tm.tm_mday,
		 months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void time_format_rfc3339(int64_t epoch, char out[21])
{
	struct tm tm;
	utc_time(epoch, &tm);
	memcpy(out, "0000-00-00T00:00:00Z", 21);
	put_digits(out, tm.tm_year + 1900, 4);
	put_digits(out + 5, tm.tm_mon + 1, 2);
	put_digits(out + 8, tm.tm_mday, 2);
	put_digits(out + 11, tm.tm_hour, 2);
	put_digits(out + 14, tm.tm_min, 2);
	put_digits(out + 17, tm.tm_sec, 2);
}

static bool digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

enum sw_err time_parse_rfc3339(const char *s, size_t len, int64_t *out)
{
	int y, mo, d, h, mi, se;
	if (!s || len < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' ||
	    s[16] != ':' || !digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) ||
	    !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &se))
		return SW_EINVALID;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap) || h > 23 || mi > 59 ||
	    se > 60)
		return SW_EINVALID;
	size_t i = 19;
	if (i < len && s[i] == '.') {
		i++;
		size_t start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return SW_EINVALID;
	}
	int offset = 0;
	if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i + 6 == len && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
		int oh, om;
		if (!digits(s + i + 1, 2, &oh) || !digits(s + i + 4, 2, &om) || oh > 23 || om > 59)
			return SW_EINVALID;
		offset = (oh * 60 + om) * 60 * (s[i] == '-' ? -1 : 1);
		i += 6;
	} else {
		return SW_EINVALID;
	}
	if (i != len)
		return SW_EINVALID;
	struct tm tm = {.tm_year = y - 1900,
			.tm_mon = mo - 1,
			.tm_mday = d,
			.tm_hour = h,
			.tm_min = mi,
			.tm_sec = se > 59 ? 59 : se};
	*out = (int64_t)timegm(&tm) - offset;
	return SW_OK;
}

int64_t time_now(void)
{
	return (int64_t)time(NULL);
}

int64_t time_mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* No early exit: the time taken must not tell how many leading bytes match. */
bool ct_equal(const void *a, const void *b, size_t len)
{
	const volatile unsigned char *x = a, *y = b;
	unsigned char diff = 0;
	for (size_t i = 0; i < len; i++)
		diff |= (unsigned char)(x[i] ^ y[i]);
	return diff == 0;
}

bool slug_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n < 1 || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
		if (!alnum && (i == 0 || (ch != '.' && ch != '_' && ch != '-')))
			return false;
	}
	return true;
}

bool str_eq(const char *p, size_t len, const char *cstr)
{
	/* len == 0 first: memcmp with a NULL p is undefined even for 0 bytes */
	return strlen(cstr) == len && (len == 0 || memcmp(p, cstr, len) == 0);
}

size_t format_double(double v, char out[FORMAT_DOUBLE_MAX])
{
	if (!isfinite(v)) {
		out[0] = 0;
		return 0;
	}
	int n = 0;
	for (int precision = 15; precision <= 17; precision++) {
		n = snprintf(out, FORMAT_DOUBLE_MAX, "%.*g", precision, v);
		if (strtod(out, NULL) == v)
			break;
	}
	/* "%g" uses the locale's decimal point; Steward never sets a locale,
	 * but a library might: JSON wants '.' */
	for (char *p = out; *p; p++)
		if (*p == ',')
			*p = '.';
	if (!strpbrk(out, ".eE") && n + 2 < FORMAT_DOUBLE_MAX) {
		out[n++] = '.';
		out[n++] = '0';
		out[n] = 0;
	}
	return (size_t)n;
}

static size_t i64_bound(const int64_t *v, size_t n, int64_t x, bool upto)
{
	size_t lo = 0, hi = n; /* the answer is in [lo, hi] */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < x || (upto && v[mid] == x))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t i64_count_below(const int64_t *v, size_t n, int64_t x)
{
	return i64_bound(v, n, x, false);
}

size_t i64_count_upto(const int64_t *v, size_t n, int64_t x)
{
	return i64_bound(v, n, x, true);
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* Decode s[0..n) into out (max bytes with the NUL). */
static enum sw_err form_decode(const char *s, size_t n, char *out, size_t max, size_t *out_len)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			if (i + 2 >= n)
				return SW_EBADREQ;
			int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
			if (hi < 0 || lo < 0)
				return SW_EBADREQ;
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (o + 1 >= max)
			return SW_EBADREQ;
		out[o++] = c;
	}
	out[o] = 0;
	*out_len = o;
	return SW_OK;
}

enum sw_err form_value(const char *body, size_t len, const char *name, char *out, size_t max, size_t *out_len)
{
	size_t name_len = strlen(name);
	for (size_t at = 0; at < len;) {
		const char *amp = memchr(body + at, '&', len - at);
		size_t end = amp ? (size_t)(amp - body) : len;
		const char *eq = memchr(body + at, '=', end - at);
		size_t key_end = eq ? (size_t)(eq - body) : end;
		if (key_end - at == name_len && memcmp(body + at, name, name_len) == 0) {
			size_t v = eq ? key_end + 1 : end;
			return max ? form_decode(body + v, end - v, out, max, out_len) : SW_EBADREQ;
		}
		at = end + 1;
	}
	return SW_ENOTFOUND;
}
