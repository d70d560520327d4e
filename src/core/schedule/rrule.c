/*
 * rrule.c — the RRULE subset of change windows: a strict parser, its
 * canonical writer and the expander; see rrule.h for the subset and the
 * expansion rules.  The expander walks periods (days, weeks or months) of
 * the rule from the series' first date, jumping ahead to the query's span
 * when no COUNT needs the earlier ones counted, and never walks more than
 * RRULE_PERIODS_MAX periods, so a hostile rule costs a bounded time.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/schedule/rrule.h"
#include "base/util.h"
#include "base/banned.h"

static const char *const freq_names[RRULE_FREQ__COUNT] = {"DAILY", "WEEKLY", "MONTHLY"};
static const char *const day_names[7] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

#define SUPPORTED "supported: FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL"

static bool part_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && strncasecmp(name, want, len) == 0;
}

/* A whole signed number in [min, max]; '+' accepted as RFC 5545 writes it. */
static bool number(const char *s, size_t len, int64_t min, int64_t max, int64_t *out)
{
	if (len > 0 && s[0] == '+') {
		s++;
		len--;
		if (len > 0 && s[0] == '-')
			return false;
	}
	return len > 0 && len <= 6 && parse_int64(s, len, min, max, out) == SW_OK;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* A civil date that exists, years 1970..9999, as days since 1970. */
static bool civil(int y, int m, int d, int64_t *days)
{
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	int64_t v = tz_days_from_civil(y, m, d);
	int yy, mm, dd;
	tz_civil_from_days(v, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d)
		return false;
	*days = v;
	return true;
}

static bool parse_until(const char *s, size_t len, struct rrule *r)
{
	if ((len != 8 && len != 16) || !digits(s, 8))
		return false;
	int64_t days;
	if (!civil(two(s) * 100 + two(s + 2), two(s + 4), two(s + 6), &days))
		return false;
	if (len == 8) {
		r->until_days = days;
		r->until_date = true;
		r->until_set = true;
		return true;
	}
	if (s[8] != 'T' && s[8] != 't')
		return false;
	if (!digits(s + 9, 6) || (s[15] != 'Z' && s[15] != 'z'))
		return false;
	int h = two(s + 9), mi = two(s + 11), se = two(s + 13);
	if (h > 23 || mi > 59 || se > 59)
		return false;
	r->until = days * 86400 + h * 3600 + mi * 60 + se;
	r->until_set = true;
	return true;
}

/* Each item of the comma-separated list s (len bytes) through item,
 * which adds it to r; false at the first it refuses. */
static bool parse_list(const char *s, size_t len, struct rrule *r,
		       bool (*item)(const char *s, size_t n, struct rrule *r))
{
	size_t i = 0;
	while (i <= len) {
		size_t j = i;
		while (j < len && s[j] != ',')
			j++;
		if (!item(s + i, j - i, r))
			return false;
		i = j + 1;
	}
	return true;
}

/* A BYDAY item: a weekday, maybe after an ordinal ("MO", "-1FR"). */
static bool byday_item(const char *s, size_t n, struct rrule *r)
{
	if (n < 2 || r->byday_count == RRULE_BYDAY_MAX)
		return false;
	int wd = -1;
	for (int d = 0; d < 7; d++)
		if (strncasecmp(s + n - 2, day_names[d], 2) == 0)
			wd = d;
	int64_t ord = 0;
	if (wd < 0 || (n > 2 && !number(s, n - 2, -5, 5, &ord)) || (n > 2 && ord == 0))
		return false;
	for (size_t k = 0; k < r->byday_count; k++)
		if (r->byday[k].weekday == wd && r->byday[k].ordinal == (int)ord)
			return false;
	r->byday[r->byday_count++] = (struct rrule_day){(int)ord, wd};
	return true;
}

/* A BYMONTHDAY item: a day of the month, from its end when negative. */
static bool bymonthday_item(const char *s, size_t n, struct rrule *r)
{
	int64_t v;
	if (r->bymonthday_count == RRULE_BYMONTHDAY_MAX || !number(s, n, -31, 31, &v) || v == 0)
		return false;
	for (size_t k = 0; k < r->bymonthday_count; k++)
		if (r->bymonthday[k] == v)
			return false;
	r->bymonthday[r->bymonthday_count++] = (int)v;
	return true;
}

/* A number part: 1 to max, into the int at. */
static bool number_part(const char *v, size_t vl, int max, int *at)
{
	int64_t n;
	if (!number(v, vl, 1, max, &n))
		return false;
	*at = (int)n;
	return true;
}

static bool byday_part(const char *v, size_t vl, struct rrule *r)
{
	return parse_list(v, vl, r, byday_item);
}

static bool bymonthday_part(const char *v, size_t vl, struct rrule *r)
{
	return parse_list(v, vl, r, bymonthday_item);
}

#define RRULE_STR_(x) #x
#define RRULE_STR(x) RRULE_STR_(x)
/* The parts of a rule: FREQ (read in rrule_parse: its refusal quotes the
 * value), then each read into the rule by read (a number part: 1 to max
 * into the int at offset at), or refused as refusal. */
enum rrule_part { PART_FREQ, PART_INTERVAL, PART_BYDAY, PART_BYMONTHDAY, PART_COUNT, PART_UNTIL, PART__COUNT };
static const struct {
	const char *name;
	bool (*read)(const char *v, size_t vl, struct rrule *r);
	size_t at;
	int max;
	const char *refusal;
} parts[PART__COUNT] = {
	[PART_FREQ] = {"FREQ", NULL, 0, 0, NULL},
	[PART_INTERVAL] = {"INTERVAL", NULL, offsetof(struct rrule, interval), RRULE_INTERVAL_MAX,
			   "INTERVAL must be a number from 1 to " RRULE_STR(RRULE_INTERVAL_MAX)},
	[PART_BYDAY] = {"BYDAY", byday_part, 0, 0,
			"BYDAY must list distinct weekdays SU, MO, TU, WE, TH, FR, SA, each with an optional ordinal 1 "
			"to 5 or -1 to -5 (1MO, -1FR)"},
	[PART_BYMONTHDAY] = {"BYMONTHDAY", bymonthday_part, 0, 0,
			     "BYMONTHDAY must list distinct days 1 to 31 or -1 to -31"},
	[PART_COUNT] = {"COUNT", NULL, offsetof(struct rrule, count), RRULE_COUNT_MAX,
			"COUNT must be a number from 1 to " RRULE_STR(RRULE_COUNT_MAX)},
	[PART_UNTIL] = {"UNTIL", parse_until, 0, 0, "UNTIL must be a date YYYYMMDD or a UTC time YYYYMMDDTHHMMSSZ"},
};

__attribute__((format(printf, 3, 4))) static enum sw_err refuse(struct sw_error *err, const char *field,
								const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sw_field_failv(err, field, fmt, ap);
	va_end(ap);
	return err->code;
}

enum sw_err rrule_parse(const char *s, size_t len, const char *field, struct rrule *out, struct sw_error *err)
{
	struct rrule r;
	memset(&r, 0, sizeof(r));
	r.interval = 1;
	bool seen[PART__COUNT] = {false};
	if (len == 0 || len > RRULE_TEXT_MAX || !utf8_valid(s, len))
		return refuse(err, field, "must be a rule of 1 to %d characters such as FREQ=WEEKLY;BYDAY=SA",
			      RRULE_TEXT_MAX);
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && s[j] != ';')
			j++;
		const char *p = s + i, *eq = memchr(p, '=', j - i);
		if (!eq)
			return refuse(err, field, "'%.*s' is not NAME=VALUE (" SUPPORTED ")",
				      (int)(j - i > 20 ? 20 : j - i), p);
		size_t nl = (size_t)(eq - p), vl = j - i - nl - 1;
		const char *v = eq + 1;
		size_t k = 0;
		while (k < PART__COUNT && !part_is(p, nl, parts[k].name))
			k++;
		if (k == PART_FREQ) {
			int f = -1;
			for (int q = 0; q < RRULE_FREQ__COUNT; q++)
				if (part_is(v, vl, freq_names[q]))
					f = q;
			if (f < 0)
				return refuse(err, field,
					      "FREQ=%.*s is not supported: FREQ must be DAILY, WEEKLY or MONTHLY",
					      (int)(vl > 20 ? 20 : vl), v);
			r.freq = (enum rrule_freq)f;
		} else if (k == PART__COUNT) {
			return refuse(err, field, "%.*s is not supported (" SUPPORTED ")", (int)(nl > 20 ? 20 : nl), p);
		} else if (parts[k].read ? !parts[k].read(v, vl, &r)
					 : !number_part(v, vl, parts[k].max, (int *)((char *)&r + parts[k].at))) {
			return refuse(err, field, "%s", parts[k].refusal);
		}
		if (seen[k])
			return refuse(err, field, "%.*s is given twice", (int)nl, p);
		seen[k] = true;
		i = j + 1;
		if (j + 1 == len)
			return refuse(err, field, "ends with ';'");
	}
	if (!seen[PART_FREQ])
		return refuse(err, field, "FREQ is required (DAILY, WEEKLY or MONTHLY)");
	if (seen[PART_COUNT] && seen[PART_UNTIL])
		return refuse(err, field, "COUNT and UNTIL cannot both be given");
	if (r.freq == RRULE_WEEKLY && seen[PART_BYMONTHDAY])
		return refuse(err, field, "BYMONTHDAY is not supported with FREQ=WEEKLY (DAILY or MONTHLY)");
	for (size_t k = 0; r.freq != RRULE_MONTHLY && k < r.byday_count; k++)
		if (r.byday[k].ordinal)
			return refuse(err, field, "BYDAY ordinals such as 1MO or -1FR need FREQ=MONTHLY");
	*out = r;
	return SW_OK;
}

void rrule_format(const struct rrule *r, char *out, size_t max)
{
	size_t n = 0;
#define PUT(...)                                                                                                       \
	do {                                                                                                           \
		int w_ = snprintf(out + n, max - n, __VA_ARGS__);                                                      \
		n = (w_ < 0 || (size_t)w_ >= max - n) ? max - 1 : n + (size_t)w_;                                      \
	} while (0)
	if (!max)
		return;
	out[0] = 0;
	PUT("FREQ=%s", freq_names[r->freq]);
	if (r->interval > 1)
		PUT(";INTERVAL=%d", r->interval);
	for (size_t i = 0; i < r->byday_count; i++) {
		PUT("%s", i ? "," : ";BYDAY=");
		if (r->byday[i].ordinal)
			PUT("%d", r->byday[i].ordinal);
		PUT("%s", day_names[r->byday[i].weekday]);
	}
	for (size_t i = 0; i < r->bymonthday_count; i++)
		PUT("%s%d", i ? "," : ";BYMONTHDAY=", r->bymonthday[i]);
	if (r->count)
		PUT(";COUNT=%d", r->count);
	if (r->until_set && r->until_date) {
		int y, m, d;
		tz_civil_from_days(r->until_days, &y, &m, &d);
		PUT(";UNTIL=%04d%02d%02d", y, m, d);
	} else if (r->until_set) {
		int y, m, d;
		int64_t days = r->until / 86400, sec = r->until % 86400;
		tz_civil_from_days(days, &y, &m, &d);
		PUT(";UNTIL=%04d%02d%02dT%02d%02d%02dZ", y, m, d, (int)(sec / 3600), (int)(sec / 60 % 60),
		    (int)(sec % 60));
	}
#undef PUT
}

enum sw_err rrule_parse_local(const char *s, size_t len, int64_t *days, int *second)
{
	if (len != 16 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2) ||
	    (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2))
		return SW_EINVALID;
	int64_t d;
	int h = two(s + 11), m = two(s + 14);
	if (h > 23 || m > 59 || !civil(two(s) * 100 + two(s + 2), two(s + 5), two(s + 8), &d))
		return SW_EINVALID;
	*days = d;
	*second = h * 3600 + m * 60;
	return SW_OK;
}

/* ---- expansion ---------------------------------------------------------------- */

static int weekday_of(int64_t days)
{
	int w = (int)((days + 4) % 7); /* 1970-01-01 was a Thursday */
	return w < 0 ? w + 7 : w;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t local_start(const struct rrule_series *s, int64_t days)
{
	if (!s->tz)
		return days * 86400 + s->start_second;
	int y, m, d;
	tz_civil_from_days(days, &y, &m, &d);
	return tz_local_to_utc(s->tz, y, m, d, s->start_second);
}

static bool day_listed(const struct rrule *r, int weekday)
{
	for (size_t i = 0; i < r->byday_count; i++)
		if (r->byday[i].weekday == weekday)
			return true;
	return false;
}

static bool monthday_listed(const struct rrule *r, int dom, int ndays)
{
	for (size_t i = 0; i < r->bymonthday_count; i++) {
		int v = r->bymonthday[i];
		if ((v > 0 && v == dom) || (v < 0 && ndays + 1 + v == dom))
			return true;
	}
	return false;
}

/* The dates of period k of s's rule, ascending, into d[31]; how many. */
static size_t period_dates(const struct rrule_series *s, int64_t k, int64_t d[31])
{
	const struct rrule *r = s->rule;
	size_t n = 0;
	if (r->freq == RRULE_DAILY) {
		int64_t day = s->start_days + k * r->interval;
		int y, m, dd;
		tz_civil_from_days(day, &y, &m, &dd);
		int ndays = (int)(tz_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
				  tz_days_from_civil(y, m, 1));
		if ((!r->byday_count || day_listed(r, weekday_of(day))) &&
		    (!r->bymonthday_count || monthday_listed(r, dd, ndays)))
			d[n++] = day;
		return n;
	}
	if (r->freq == RRULE_WEEKLY) {
		int64_t monday = s->start_days - (weekday_of(s->start_days) + 6) % 7 + 7 * k * r->interval;
		int first = weekday_of(s->start_days);
		for (int off = 0; off < 7; off++) {
			int wd = (off + 1) % 7;
			if (r->byday_count ? day_listed(r, wd) : wd == first)
				d[n++] = monday + off;
		}
		return n;
	}
	int y0, m0, d0;
	tz_civil_from_days(s->start_days, &y0, &m0, &d0);
	int64_t mi = (int64_t)y0 * 12 + (m0 - 1) + k * r->interval;
	int y = (int)(mi / 12), m = (int)(mi % 12) + 1;
	if (y > 9999)
		return 0;
	int64_t first = tz_days_from_civil(y, m, 1);
	int ndays = (int)(tz_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - first);
	for (int dom = 1; dom <= ndays; dom++) {
		bool ok;
		if (!r->byday_count && !r->bymonthday_count) {
			ok = dom == d0;
		} else {
			ok = !r->bymonthday_count || monthday_listed(r, dom, ndays);
			if (ok && r->byday_count) {
				int wd = weekday_of(first + dom - 1);
				bool any = false;
				for (size_t i = 0; i < r->byday_count && !any; i++) {
					const struct rrule_day *b = &r->byday[i];
					any = b->weekday == wd &&
					      (b->ordinal == 0 || (b->ordinal > 0 && (dom - 1) / 7 + 1 == b->ordinal) ||
					       (b->ordinal < 0 && (ndays - dom) / 7 + 1 == -b->ordinal));
				}
				ok = any;
			}
		}
		if (ok)
			d[n++] = first + dom - 1;
	}
	return n;
}

/* The first period that can hold an occurrence ending after from, when
 * no COUNT makes the earlier ones count. */
static int64_t first_period(const struct rrule_series *s, int64_t from)
{
	const struct rrule *r = s->rule;
	if (r->count)
		return 0;
	/* the local date of from, less the longest offset and the duration */
	int64_t day = floor_div(from, 86400) - 2 - s->duration / 86400;
	int64_t k;
	if (r->freq == RRULE_DAILY) {
		k = floor_div(day - s->start_days, r->interval);
	} else if (r->freq == RRULE_WEEKLY) {
		int64_t monday = s->start_days - (weekday_of(s->start_days) + 6) % 7;
		k = floor_div(day - monday, 7LL * r->interval);
	} else {
		int y0, m0, d0, y, m, d;
		tz_civil_from_days(s->start_days, &y0, &m0, &d0);
		tz_civil_from_days(day, &y, &m, &d);
		k = floor_div(((int64_t)y * 12 + m - 1) - ((int64_t)y0 * 12 + m0 - 1), r->interval);
	}
	return k > 1 ? k - 1 : 0;
}

enum sw_err rrule_expand(const struct rrule_series *s, int64_t from, int64_t to, struct rrule_occurrence *out,
			 size_t max, size_t *count, bool *truncated, struct sw_error *err)
{
	if (to <= from || to - from > RRULE_SPAN_MAX)
		return sw_fail(err, SW_EINVALID, NULL, "the span must be more than 0 and at most %lld days",
			       RRULE_SPAN_MAX / 86400);
	size_t n = 0;
	bool more = false;
	const struct rrule *r = s->rule;
	if (!r) {
		int64_t st = local_start(s, s->start_days);
		if (st < to && st + s->duration > from) {
			if (max > 0)
				out[n++] = (struct rrule_occurrence){st, st + s->duration, s->start_days};
			else
				more = true;
		}
		*count = n;
		*truncated = more;
		return SW_OK;
	}
	int seen = 0;
	int64_t k0 = first_period(s, from);
	for (int64_t k = k0; k < k0 + RRULE_PERIODS_MAX; k++) {
		int64_t d[31];
		size_t nd = period_dates(s, k, d);
		if (r->freq == RRULE_MONTHLY && nd == 0) {
			int y0, m0, d0;
			tz_civil_from_days(s->start_days, &y0, &m0, &d0);
			if ((int64_t)y0 * 12 + m0 - 1 + k * r->interval >= 9999LL * 12)
				break;
		}
		for (size_t i = 0; i < nd; i++) {
			if (d[i] < s->start_days)
				continue;
			if (r->count && ++seen > r->count)
				goto done;
			if (r->until_set && r->until_date && d[i] > r->until_days)
				goto done;
			int64_t st = local_start(s, d[i]);
			if (r->until_set && !r->until_date && st > r->until)
				goto done;
			if (st >= to)
				goto done;
			if (st + s->duration <= from)
				continue;
			if (n == max) {
				more = true;
				goto done;
			}
			out[n++] = (struct rrule_occurrence){st, st + s->duration, d[i]};
		}
	}
done:
	*count = n;
	*truncated = more;
	return SW_OK;
}
