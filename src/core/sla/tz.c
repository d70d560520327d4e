/*
 * tz.c — TZif reader (RFC 8536, versions 1 to 3) and the civil-date
 * arithmetic behind it; see tz.h.  It never calls localtime, mktime or
 * tzset: a zone is an immutable table of transitions plus the POSIX TZ
 * rule from the file's footer, which governs every instant after the last
 * transition (and all instants when there are none).
 *
 * The file is untrusted input: every count is checked against the bytes
 * that are really there before anything is read or allocated, and every
 * value that later takes part in arithmetic is range-checked, so that a
 * hostile file yields SW_EINVALID and never an overflow.  Files carrying
 * leap-second records (the "right/" zones) are refused, since Steward's
 * instants are POSIX seconds.  Instants are clamped to +-2^47 s (about
 * four million years) before any calendar arithmetic, for the same reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "core/sla/tz.h"
#include "base/banned.h"

#define TZ_DIR_DEFAULT "/usr/share/zoneinfo"
#define TZ_FILE_MAX (1024 * 1024) /* no real zone file comes near this */
#define TZ_NAME_MAX 255
#define TZ_TYPES_MAX 256    /* transition type indices are one octet */
#define TZ_OFF_MIN (-89999) /* RFC 8536: -24:59:59 ... */
#define TZ_OFF_MAX 93599    /* ... +25:59:59 */
#define TZ_OFF_BOUND 93600  /* strictly above any |offset| */
#define TZ_T_LIMIT (INT64_C(1) << 47)
#define TZ_DAYS_LIMIT (INT64_C(1) << 38)
#define DAY_SECONDS 86400

struct tz_type {
	int32_t utoff; /* seconds east of UTC */
};

/* One end of a POSIX rule's daylight-saving period. */
struct tz_when {
	char kind;    /* 'J' (1..365, no Feb 29), 'D' (0..365 zero-based) or 'M' */
	int day;      /* J/D: the day number; M: weekday 0..6 */
	int month;    /* M only: 1..12 */
	int week;     /* M only: 1..5, 5 meaning the last */
	int32_t time; /* local seconds after midnight, -167h..167h */
};

struct tz_rule {
	int32_t std_off, dst_off; /* seconds east of UTC */
	bool has_dst;
	struct tz_when start, end; /* start in standard time, end in daylight time */
};

struct tz {
	char *name;
	size_t trans_count;
	int64_t *trans;     /* strictly ascending */
	uint8_t *trans_idx; /* type of each transition, < type_count */
	size_t type_count;
	struct tz_type types[TZ_TYPES_MAX];
	bool has_rule;
	struct tz_rule rule;
};

/* ---- civil dates (Howard Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms"), in int64_t throughout so that no input can overflow ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t days_from_civil64(int64_t y, int64_t m, int64_t d)
{
	/* months outside 1..12 carry into the year; days outside the month
	 * simply count on, so (y, m, d + 1) is always the following day */
	y += floor_div(m - 1, 12);
	m = m - 1 - floor_div(m - 1, 12) * 12 + 1;
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;                                   /* [0, 399] */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] for valid d */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

int64_t tz_days_from_civil(int year, int month, int day)
{
	return days_from_civil64(year, month, day);
}

enum sw_err tz_parse_date(const char *s, size_t len, int64_t *days)
{
	int64_t y, m, d;
	if (!s || len != 10 || s[4] != '-' || s[7] != '-' || parse_int64(s, 4, 1970, 9999, &y) ||
	    parse_int64(s + 5, 2, 1, 12, &m) || parse_int64(s + 8, 2, 1, 31, &d))
		return SW_EINVALID;
	int64_t n = days_from_civil64(y, m, d);
	int yy, mm, dd; /* a day past the month's end comes back as another date */
	tz_civil_from_days(n, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d)
		return SW_EINVALID;
	*days = n;
	return SW_OK;
}

/* Days beyond +-2^38 (some 750 million years) are clamped so the year fits an int. */
void tz_civil_from_days(int64_t days, int *year, int *month, int *day)
{
	if (days > TZ_DAYS_LIMIT)
		days = TZ_DAYS_LIMIT;
	if (days < -TZ_DAYS_LIMIT)
		days = -TZ_DAYS_LIMIT;
	int64_t z = days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;                                      /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* [0, 365] */
	int64_t mp = (5 * doy + 2) / 153;                      /* [0, 11] */
	int64_t d = doy - (153 * mp + 2) / 5 + 1;              /* [1, 31] */
	int64_t m = mp < 10 ? mp + 3 : mp - 9;                 /* [1, 12] */
	*year = (int)(y + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* 0 Sunday .. 6 Saturday; 1970-01-01 was a Thursday. */
static int64_t weekday_of(int64_t days)
{
	return days + 4 - floor_div(days + 4, 7) * 7;
}

static int64_t clamp_t(int64_t t)
{
	return t > TZ_T_LIMIT ? TZ_T_LIMIT : t < -TZ_T_LIMIT ? -TZ_T_LIMIT : t;
}

static int64_t year_of(int64_t t)
{
	int y, m, d;
	tz_civil_from_days(floor_div(clamp_t(t), DAY_SECONDS), &y, &m, &d);
	return y;
}

/* ---- POSIX TZ rules ---- */

/* Days since the epoch of the local date on which w falls in year y. */
static int64_t when_day(const struct tz_when *w, int64_t y)
{
	int64_t jan1 = days_from_civil64(y, 1, 1);
	switch (w->kind) {
	case 'J': return jan1 + w->day - 1 + (is_leap(y) && w->day >= 60);
	case 'D': return jan1 + w->day;
	default: break;
	}
	int64_t first = days_from_civil64(y, w->month, 1);
	int64_t wd = weekday_of(first);
	int64_t day = first + (w->day - wd + 7) % 7 + (int64_t)(w->week - 1) * 7;
	while (day >= first + month_days(y, w->month))
		day -= 7;
	return day;
}

struct tz_event {
	int64_t at;
	bool dst; /* daylight time from this instant on */
};

/* The rule's transitions for years y-2 .. y+2, sorted by instant; ties keep
 * generation order, so a period that ends as the next one begins (DST all
 * year: "EST5EDT,0/0,J365/25") stays in daylight time. */
static size_t rule_events(const struct tz_rule *r, int64_t y, struct tz_event ev[10])
{
	size_t n = 0;
	for (int64_t k = y - 2; k <= y + 2; k++) {
		int64_t s = when_day(&r->start, k) * DAY_SECONDS + r->start.time - r->std_off;
		int64_t e = when_day(&r->end, k) * DAY_SECONDS + r->end.time - r->dst_off;
		struct tz_event pair[2] = {{s, true}, {e, false}};
		if (e < s) { /* southern hemisphere: the year starts in daylight time */
			pair[0] = (struct tz_event){e, false};
			pair[1] = (struct tz_event){s, true};
		}
		for (int i = 0; i < 2; i++) {
			size_t j = n++;
			while (j > 0 && ev[j - 1].at > pair[i].at) {
				ev[j] = ev[j - 1];
				j--;
			}
			ev[j] = pair[i];
		}
	}
	return n;
}

/* Offset of the rule at t, and the next instant after t at which it may change. */
static int32_t rule_offset(const struct tz_rule *r, int64_t t, int64_t *next)
{
	*next = INT64_MAX;
	if (!r->has_dst)
		return r->std_off;
	struct tz_event ev[10];
	size_t n = rule_events(r, year_of(clamp_t(t) + r->std_off), ev);
	bool dst = false;
	for (size_t i = 0; i < n; i++) {
		if (ev[i].at <= t) {
			dst = ev[i].dst;
		} else {
			*next = ev[i].at;
			break;
		}
	}
	return dst ? r->dst_off : r->std_off;
}

/* ---- lookups ---- */

/* Offset at t and the next instant after t at which the offset may change
 * (INT64_MAX if never).  The segment [t, *next) has one offset. */
static int32_t offset_next(const struct tz *z, int64_t t, int64_t *next)
{
	*next = INT64_MAX;
	if (!z)
		return 0;
	size_t lo = i64_count_upto(z->trans, z->trans_count, t); /* transitions <= t */
	if (lo < z->trans_count) {
		*next = z->trans[lo];
		return z->types[lo == 0 ? 0 : z->trans_idx[lo - 1]].utoff;
	}
	if (z->has_rule)
		return rule_offset(&z->rule, t, next);
	return z->types[lo == 0 ? 0 : z->trans_idx[lo - 1]].utoff;
}

int32_t tz_offset_at(const struct tz *z, int64_t t)
{
	int64_t next;
	return offset_next(z, t, &next);
}

void tz_to_local(const struct tz *z, int64_t t, struct tz_local *out)
{
	int64_t lt = clamp_t(t) + tz_offset_at(z, t);
	int64_t days = floor_div(lt, DAY_SECONDS);
	int64_t sod = lt - days * DAY_SECONDS;
	tz_civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(sod / 3600);
	out->minute = (int)(sod / 60 % 60);
	out->second = (int)(sod % 60);
	out->weekday = (int)weekday_of(days);
}

/*
 * With f(t) = t + offset(t), the answer is the least t with f(t) >= L: in
 * an overlap that is the first occurrence, in a gap the transition that
 * ends it.  f rises by one per second within a segment of constant
 * offset, so walking the segments from a point where f is certainly below
 * L finds it; the walk stops within 2 * TZ_OFF_BOUND seconds of L.
 */
int64_t tz_local_to_utc(const struct tz *z, int year, int month, int day, int seconds_of_day)
{
	int64_t L = clamp_t(days_from_civil64(year, month, day) * DAY_SECONDS + seconds_of_day);
	int64_t s = L - TZ_OFF_BOUND, next;
	for (;;) {
		int32_t off = offset_next(z, s, &next);
		int64_t cand = L - off;
		if (cand < next)
			return cand > s ? cand : s;
		s = next;
	}
}

/* ---- parsing ---- */

struct rd {
	const unsigned char *p;
	size_t len, pos;
};

static bool rd_has(const struct rd *r, uint64_t n)
{
	return n <= (uint64_t)(r->len - r->pos);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct tzif_header {
	char version; /* 0, '2', '3' or '4' */
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static bool read_header(struct rd *r, struct tzif_header *h)
{
	if (!rd_has(r, 44) || memcmp(r->p + r->pos, "TZif", 4) != 0)
		return false;
	const unsigned char *p = r->p + r->pos;
	h->version = (char)p[4];
	if (h->version != 0 && (h->version < '2' || h->version > '4'))
		return false;
	h->isutcnt = be32(p + 20);
	h->isstdcnt = be32(p + 24);
	h->leapcnt = be32(p + 28);
	h->timecnt = be32(p + 32);
	h->typecnt = be32(p + 36);
	h->charcnt = be32(p + 40);
	r->pos += 44;
	return true;
}

/* Bytes of the data block that follows h, with tsize-byte times. */
static uint64_t block_size(const struct tzif_header *h, unsigned tsize)
{
	return (uint64_t)h->timecnt * tsize + h->timecnt + (uint64_t)h->typecnt * 6 + h->charcnt +
	       (uint64_t)h->leapcnt * (tsize + 4) + h->isstdcnt + h->isutcnt;
}

/* A POSIX TZ string reader over footer[pos..len). */
struct tzs {
	const char *s;
	size_t len, pos;
};

static int tzs_peek(const struct tzs *t)
{
	return t->pos < t->len ? (unsigned char)t->s[t->pos] : -1;
}

static bool is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* A zone abbreviation: three or more letters, or <...> of letters, digits, '+' and '-'. */
static bool tzs_name(struct tzs *t)
{
	size_t n = 0;
	if (tzs_peek(t) == '<') {
		t->pos++;
		for (int c; (c = tzs_peek(t)) != '>'; t->pos++, n++)
			if (!(is_alpha(c) || is_digit(c) || c == '+' || c == '-'))
				return false;
		t->pos++;
	} else {
		for (; is_alpha(tzs_peek(t)); t->pos++)
			n++;
	}
	return n >= 3;
}

/* Up to max_digits decimal digits, at least one. */
static bool tzs_num(struct tzs *t, int max_digits, int *out)
{
	int v = 0, n = 0;
	while (n < max_digits && is_digit(tzs_peek(t))) {
		v = v * 10 + (tzs_peek(t) - '0');
		t->pos++;
		n++;
	}
	*out = v;
	return n > 0 && !is_digit(tzs_peek(t));
}

/* [+-]hh[:mm[:ss]] with hh <= max_hours, in seconds. */
static bool tzs_hms(struct tzs *t, int max_hours, int32_t *out)
{
	int sign = 1, h, m = 0, s = 0;
	if (tzs_peek(t) == '+' || tzs_peek(t) == '-')
		sign = t->s[t->pos++] == '-' ? -1 : 1;
	if (!tzs_num(t, 3, &h) || h > max_hours)
		return false;
	if (tzs_peek(t) == ':') {
		t->pos++;
		if (!tzs_num(t, 2, &m) || m > 59)
			return false;
		if (tzs_peek(t) == ':') {
			t->pos++;
			if (!tzs_num(t, 2, &s) || s > 59)
				return false;
		}
	}
	*out = sign * (h * 3600 + m * 60 + s);
	return true;
}

/* Jn, n or Mm.w.d, then an optional /time (RFC 8536 allows -167..167 hours). */
static bool tzs_when(struct tzs *t, struct tz_when *w)
{
	int c = tzs_peek(t);
	w->time = 7200;
	if (c == 'J') {
		t->pos++;
		w->kind = 'J';
		if (!tzs_num(t, 3, &w->day) || w->day < 1 || w->day > 365)
			return false;
	} else if (c == 'M') {
		t->pos++;
		w->kind = 'M';
		if (!tzs_num(t, 2, &w->month) || w->month < 1 || w->month > 12 || tzs_peek(t) != '.')
			return false;
		t->pos++;
		if (!tzs_num(t, 1, &w->week) || w->week < 1 || w->week > 5 || tzs_peek(t) != '.')
			return false;
		t->pos++;
		if (!tzs_num(t, 1, &w->day) || w->day > 6)
			return false;
	} else {
		w->kind = 'D';
		if (!tzs_num(t, 3, &w->day) || w->day > 365)
			return false;
	}
	if (tzs_peek(t) == '/') {
		t->pos++;
		int32_t v;
		if (!tzs_hms(t, 167, &v))
			return false;
		w->time = v;
	}
	return true;
}

/*
 * std offset [dst [offset] [,start[/time],end[/time]]].  POSIX offsets are
 * hours west of Greenwich; they are stored east-positive.  A daylight name
 * without a rule gets the US rules, as tzcode does.
 */
static bool parse_tz_string(const char *s, size_t len, struct tz_rule *r)
{
	struct tzs t = {s, len, 0};
	int32_t off;
	memset(r, 0, sizeof(*r));
	if (!tzs_name(&t) || !tzs_hms(&t, 24, &off))
		return false;
	r->std_off = -off;
	if (t.pos == len)
		return true;
	if (!tzs_name(&t))
		return false;
	r->has_dst = true;
	r->dst_off = r->std_off + 3600;
	if (t.pos < len && tzs_peek(&t) != ',') {
		if (!tzs_hms(&t, 24, &off))
			return false;
		r->dst_off = -off;
	}
	if (t.pos == len) {
		r->start = (struct tz_when){.kind = 'M', .month = 3, .week = 2, .day = 0, .time = 7200};
		r->end = (struct tz_when){.kind = 'M', .month = 11, .week = 1, .day = 0, .time = 7200};
		return true;
	}
	if (tzs_peek(&t) != ',')
		return false;
	t.pos++;
	if (!tzs_when(&t, &r->start) || tzs_peek(&t) != ',')
		return false;
	t.pos++;
	return tzs_when(&t, &r->end) && t.pos == len;
}

/* The name for messages: printable ASCII only, bounded. */
static void safe_name(const char *name, char out[72])
{
	size_t n = 0;
	for (; name && name[n] && n < 64; n++)
		out[n] = (name[n] > 0x20 && name[n] < 0x7f && name[n] != '\'') ? name[n] : '?';
	if (name && name[n])
		out[n++] = '~';
	out[n] = 0;
}

static enum sw_err bad_file(struct sw_error *err, const char *name, const char *what)
{
	char safe[72];
	safe_name(name, safe);
	return sw_fail(err, SW_EINVALID, NULL, "time zone '%s': %s", safe, what);
}

void tz_free(struct tz *z)
{
	if (!z)
		return;
	free(z->name);
	free(z->trans);
	free(z->trans_idx);
	free(z);
}

/* Fill z from the data block at r (header h, tsize-byte times) and the
 * footer after it.  Returns NULL or what is wrong with the file. */
static const char *read_body(struct tz *z, struct rd *r, const struct tzif_header *h, unsigned tsize)
{
	const char *why = NULL;
	const unsigned char *p = r->p + r->pos;
	for (size_t i = 0; i < h->timecnt; i++) {
		z->trans[i] = tsize == 8 ? be64(p + i * 8) : (int32_t)be32(p + i * 4);
		if (i > 0 && z->trans[i] <= z->trans[i - 1])
			why = "transitions out of order";
	}
	z->trans_count = h->timecnt;
	p += (size_t)h->timecnt * tsize;
	for (size_t i = 0; i < h->timecnt; i++) {
		z->trans_idx[i] = p[i];
		if (p[i] >= h->typecnt)
			why = "transition type out of range";
	}
	p += h->timecnt;
	for (size_t i = 0; i < h->typecnt; i++, p += 6) {
		int32_t off = (int32_t)be32(p);
		if (off < TZ_OFF_MIN || off > TZ_OFF_MAX || p[4] > 1 || p[5] >= h->charcnt)
			why = "bad local time type";
		z->types[i].utoff = off;
	}
	z->type_count = h->typecnt;
	if (why || h->version == 0)
		return why;
	/* footer: '\n' TZ-string '\n'; an empty string means no rule */
	r->pos += (size_t)block_size(h, tsize);
	if (!rd_has(r, 1) || r->p[r->pos] != '\n')
		return "missing footer";
	const char *fs = (const char *)r->p + r->pos + 1;
	const char *nl = memchr(fs, '\n', r->len - r->pos - 1);
	if (!nl)
		return "unterminated footer";
	if (nl > fs) {
		if (!parse_tz_string(fs, (size_t)(nl - fs), &z->rule))
			return "bad TZ string in footer";
		z->has_rule = true;
	}
	return NULL;
}

enum sw_err tz_parse(const char *name, const unsigned char *data, size_t len, struct tz **out, struct sw_error *err)
{
	struct rd r = {data, data ? len : 0, 0};
	struct tzif_header h;
	if (!read_header(&r, &h))
		return bad_file(err, name, "not a TZif file");
	unsigned tsize = 4;
	if (h.version != 0) {
		/* skip the 32-bit block; the 64-bit one follows with its own header */
		uint64_t skip = block_size(&h, 4);
		if (!rd_has(&r, skip))
			return bad_file(err, name, "truncated file");
		r.pos += (size_t)skip;
		if (!read_header(&r, &h))
			return bad_file(err, name, "missing 64-bit header");
		tsize = 8;
	}
	if (h.typecnt == 0 || h.typecnt > TZ_TYPES_MAX || h.charcnt == 0)
		return bad_file(err, name, "bad type or abbreviation count");
	if ((h.isutcnt != 0 && h.isutcnt != h.typecnt) || (h.isstdcnt != 0 && h.isstdcnt != h.typecnt))
		return bad_file(err, name, "bad indicator count");
	if (h.leapcnt != 0)
		return bad_file(err, name, "leap-second records are not supported");
	/* every count is now known to describe bytes that are really there */
	if (!rd_has(&r, block_size(&h, tsize)))
		return bad_file(err, name, "truncated file");

	enum sw_err rc = SW_OK;
	size_t name_len = name ? strlen(name) : 0;
	struct tz *z = calloc(1, sizeof(*z));
	if (z) {
		z->name = malloc(name_len + 1);
		z->trans = malloc(h.timecnt ? (size_t)h.timecnt * sizeof(*z->trans) : 1);
		z->trans_idx = malloc(h.timecnt ? h.timecnt : 1);
	}
	if (!z || !z->name || !z->trans || !z->trans_idx) {
		rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory loading a time zone");
		goto out;
	}
	if (name_len)
		memcpy(z->name, name, name_len);
	z->name[name_len] = 0;
	const char *why = read_body(z, &r, &h, tsize);
	if (why) {
		rc = bad_file(err, name, why);
		goto out;
	}
	*out = z;
	z = NULL;
out:
	tz_free(z);
	return rc;
}

const char *tz_name(const struct tz *z)
{
	return z ? z->name : "UTC";
}

/* [A-Za-z0-9_+-] components separated by single '/', no '.' at all. */
static bool name_ok(const char *name)
{
	size_t n = 0;
	bool start = true;
	for (; name[n]; n++) {
		char c = name[n];
		if (c == '/') {
			if (start)
				return false;
			start = true;
			continue;
		}
		if (!(is_alpha(c) || is_digit(c) || c == '_' || c == '+' || c == '-'))
			return false;
		start = false;
	}
	return n > 0 && n <= TZ_NAME_MAX && !start;
}

/* "UTC" works even where the tz database is not installed (slim containers). */
static enum sw_err builtin_utc(struct tz **out, struct sw_error *err)
{
	struct tz *z = calloc(1, sizeof(*z));
	if (z)
		z->name = malloc(4);
	if (!z || !z->name) {
		tz_free(z);
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory loading a time zone");
	}
	memcpy(z->name, "UTC", 4);
	z->type_count = 1;
	*out = z;
	return SW_OK;
}

enum sw_err tz_load(const char *name, const char *dir, struct tz **out, struct sw_error *err)
{
	char safe[72], path[4096];
	safe_name(name, safe);
	if (!name || !name_ok(name))
		return sw_fail(err, SW_EINVALID, NULL, "time zone name '%s' is not a valid zone name", safe);
	int n = snprintf(path, sizeof(path), "%s/%s", dir ? dir : TZ_DIR_DEFAULT, name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return sw_fail(err, SW_EINVALID, NULL, "time zone directory path is too long");
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK); /* a FIFO must not block */
	if (fd < 0) {
		if ((errno == ENOENT || errno == ENOTDIR) && strcmp(name, "UTC") == 0)
			return builtin_utc(out, err);
		if (errno == ENOENT || errno == ENOTDIR)
			return sw_fail(err, SW_ENOTFOUND, NULL, "unknown time zone '%s'", safe);
		return sw_fail(err, SW_EIO, NULL, "cannot open time zone '%s': %s", safe, strerror(errno));
	}
	enum sw_err rc = SW_OK;
	unsigned char *data = NULL;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		rc = sw_fail(err, SW_EIO, NULL, "cannot stat time zone '%s': %s", safe, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = sw_fail(err, SW_ENOTFOUND, NULL, "unknown time zone '%s'", safe);
		goto out;
	}
	if (st.st_size > TZ_FILE_MAX) {
		rc = sw_fail(err, SW_EINVALID, NULL, "time zone '%s': file larger than %d bytes", safe, TZ_FILE_MAX);
		goto out;
	}
	/* read one byte past the size seen, so a file that grew is noticed */
	size_t cap = (size_t)st.st_size + 1, len = 0;
	data = malloc(cap);
	if (!data) {
		rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory loading a time zone");
		goto out;
	}
	for (;;) {
		ssize_t got = read(fd, data + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = sw_fail(err, SW_EIO, NULL, "cannot read time zone '%s': %s", safe, strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		len += (size_t)got;
		if (len == cap) {
			rc = sw_fail(err, SW_EINVALID, NULL, "time zone '%s': file changed while reading", safe);
			goto out;
		}
	}
	rc = tz_parse(name, data, len, out, err);
out:
	free(data);
	close(fd);
	return rc;
}
