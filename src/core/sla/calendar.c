/*
 * calendar.c — business-time maths over weekly working hours; see
 * calendar.h.
 *
 * Everything walks local dates, one day at a time: each working range of a
 * day becomes a UTC interval [tz_local_to_utc(start), tz_local_to_utc(end)),
 * and intervals are measured or consumed whole, so the cost is a few zone
 * lookups per day whatever the number of seconds.  Because tz_local_to_utc
 * is monotonic (it returns the least instant whose local time is at or
 * after the one asked for), the intervals of successive days never overlap
 * and every real second is counted at most once; a range that falls in a
 * spring-forward gap shrinks, one that spans a fall-back overlap grows by
 * the repeated hour.  Instants are clamped to years 1..9999 for anything
 * other than 24x7 arithmetic.
 *
 * Week specs ("mon-fri 09:00-17:00; sat 10:00-14:00") are parsed here too.
 * Day ranges may wrap around the week ("fri-mon" is Friday, Saturday,
 * Sunday and Monday); a day group may repeat a day named in another group
 * as long as the ranges do not overlap.  A parsed spec replaces the weekly
 * ranges of the calendar; its zone and holidays are kept.
 */
#include <stdio.h>
#include <string.h>

#include "core/sla/calendar.h"
#include "base/banned.h"

#define DAY_SECONDS 86400
#define SPEC_MAX 1024 /* bytes of a week spec */
#define FIELD "hours"

static const char *const day_names[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

void cal_init(struct calendar *c, const struct tz *tz)
{
	memset(c, 0, sizeof(*c));
	c->tz = tz;
}

/* Validate and insert, keeping each day's ranges sorted by start.  Returns
 * NULL or what is wrong. */
static const char *add_range(struct calendar *c, int weekday, int start_min, int end_min)
{
	if (weekday < 0 || weekday > 6)
		return "weekday must be 0 (sunday) to 6 (saturday)";
	if (start_min < 0 || end_min > 1440 || start_min >= end_min)
		return "range must satisfy 0 <= start < end <= 24:00";
	int n = c->week_count[weekday];
	struct cal_range *r = c->week[weekday];
	for (int i = 0; i < n; i++)
		if (start_min < r[i].end_min && r[i].start_min < end_min)
			return "ranges overlap";
	if (n >= CAL_RANGES_MAX)
		return "too many ranges on one day";
	int i = n;
	while (i > 0 && r[i - 1].start_min > start_min) {
		r[i] = r[i - 1];
		i--;
	}
	r[i] = (struct cal_range){start_min, end_min};
	c->week_count[weekday] = n + 1;
	return NULL;
}

enum sw_err cal_add_range(struct calendar *c, int weekday, int start_min, int end_min, struct sw_error *err)
{
	const char *why = add_range(c, weekday, start_min, end_min);
	if (why)
		return sw_fail(err, SW_EINVALID, NULL, "cannot add working range %d %d-%d: %s", weekday, start_min,
			       end_min, why);
	return SW_OK;
}

static bool ymd_valid(int32_t ymd)
{
	int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	int y2, m2, d2;
	tz_civil_from_days(tz_days_from_civil(y, m, d), &y2, &m2, &d2);
	return m2 == m && d2 == d;
}

/* Index of the first holiday >= ymd. */
static size_t holiday_lower(const struct calendar *c, int32_t ymd)
{
	size_t lo = 0, hi = c->holiday_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->holidays[mid] < ymd)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

enum sw_err cal_add_holiday(struct calendar *c, int32_t yyyymmdd, struct sw_error *err)
{
	if (!ymd_valid(yyyymmdd))
		return sw_fail(err, SW_EINVALID, NULL, "holiday %d is not a valid date (YYYYMMDD)", (int)yyyymmdd);
	size_t i = holiday_lower(c, yyyymmdd);
	if (i < c->holiday_count && c->holidays[i] == yyyymmdd)
		return SW_OK;
	if (c->holiday_count >= CAL_HOLIDAYS_MAX)
		return sw_fail(err, SW_EINVALID, NULL, "too many holidays (at most %d)", CAL_HOLIDAYS_MAX);
	memmove(&c->holidays[i + 1], &c->holidays[i], (c->holiday_count - i) * sizeof(c->holidays[0]));
	c->holidays[i] = yyyymmdd;
	c->holiday_count++;
	return SW_OK;
}

bool cal_is_holiday(const struct calendar *c, int32_t yyyymmdd)
{
	size_t i = holiday_lower(c, yyyymmdd);
	return i < c->holiday_count && c->holidays[i] == yyyymmdd;
}

bool cal_has_working_time(const struct calendar *c)
{
	if (c->always)
		return true;
	for (int d = 0; d < 7; d++)
		if (c->week_count[d] > 0)
			return true;
	return false;
}

/* ---- week specs ---- */

static char lower(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t';
}

static void trim(const char **p, size_t *len)
{
	while (*len > 0 && is_space(**p)) {
		(*p)++;
		(*len)--;
	}
	while (*len > 0 && is_space((*p)[*len - 1]))
		(*len)--;
}

/* The client's text for a message: printable ASCII, quotes replaced, bounded. */
static const char *quote(const char *p, size_t len, char out[48])
{
	size_t n = 0;
	for (; n < len && n < 40; n++)
		out[n] = (p[n] >= 0x20 && p[n] < 0x7f && p[n] != '\'') ? p[n] : '?';
	if (n < len)
		out[n++] = '~';
	out[n] = 0;
	return out;
}

static int day_index(const char *p, size_t len)
{
	if (len != 3)
		return -1;
	for (int d = 0; d < 7; d++)
		if (lower(p[0]) == day_names[d][0] && lower(p[1]) == day_names[d][1] && lower(p[2]) == day_names[d][2])
			return d;
	return -1;
}

/* "mon", "mon-fri" or "fri-mon" (wrapping) into a 7-bit set. */
static bool parse_day_item(const char *p, size_t len, unsigned *set)
{
	const char *dash = memchr(p, '-', len);
	int a = day_index(p, dash ? (size_t)(dash - p) : len);
	int b = dash ? day_index(dash + 1, len - (size_t)(dash - p) - 1) : a;
	if (a < 0 || b < 0)
		return false;
	for (int d = a;; d = (d + 1) % 7) {
		*set |= 1u << d;
		if (d == b)
			break;
	}
	return true;
}

/* H:MM or HH:MM, hours 0..24 (24 only as 24:00), into minutes. */
static bool parse_hhmm(const char *p, size_t len, int *out)
{
	if (len < 4 || len > 5 || p[len - 3] != ':')
		return false;
	for (size_t i = 0; i < len; i++)
		if (i != len - 3 && (p[i] < '0' || p[i] > '9'))
			return false;
	int h = len == 5 ? (p[0] - '0') * 10 + (p[1] - '0') : p[0] - '0';
	int m = (p[len - 2] - '0') * 10 + (p[len - 1] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return false;
	*out = h * 60 + m;
	return true;
}

/* The next item of the sep-separated list p[0..len) from *at, trimmed,
 * into *item and *item_len; false after the last.  Every separator ends
 * an item, so "" is one empty item and "a;" two. */
static bool next_item(const char *p, size_t len, char sep, size_t *at, const char **item, size_t *item_len)
{
	if (*at > len)
		return false;
	size_t j = *at;
	while (j < len && p[j] != sep)
		j++;
	*item = p + *at;
	*item_len = j - *at;
	trim(item, item_len);
	*at = j + 1;
	return true;
}

static bool parse_group(struct calendar *c, const char *p, size_t len, struct sw_error *err)
{
	char q[48];
	size_t dl = 0;
	while (dl < len && !is_space(p[dl]))
		dl++;
	const char *rp = p + dl;
	size_t rl = len - dl;
	trim(&rp, &rl);
	unsigned set = 0;
	for (size_t i = 0; i < dl;) {
		size_t j = i;
		while (j < dl && p[j] != ',')
			j++;
		if (!parse_day_item(p + i, j - i, &set)) {
			sw_field_fail(err, FIELD, "unknown day '%s' (want mon..sun or a range such as mon-fri)",
				      quote(p + i, j - i, q));
			return false;
		}
		i = j + 1;
		if (j + 1 == dl) {
			sw_field_fail(err, FIELD, "day list '%s' ends with a comma", quote(p, dl, q));
			return false;
		}
	}
	if (rl == 0) {
		sw_field_fail(err, FIELD, "day group '%s' has no time ranges", quote(p, len, q));
		return false;
	}
	const char *ip;
	size_t il;
	for (size_t at = 0; next_item(rp, rl, ',', &at, &ip, &il);) {
		const char *dash = memchr(ip, '-', il);
		int a, b;
		if (!dash || !parse_hhmm(ip, (size_t)(dash - ip), &a) ||
		    !parse_hhmm(dash + 1, il - (size_t)(dash - ip) - 1, &b) || a == 1440) {
			sw_field_fail(err, FIELD, "bad time range '%s' (want HH:MM-HH:MM, 00:00 to 24:00)",
				      quote(ip, il, q));
			return false;
		}
		if (a >= b) {
			sw_field_fail(err, FIELD,
				      "time range '%s' must end after it starts (split overnight hours "
				      "across two days)",
				      quote(ip, il, q));
			return false;
		}
		for (int d = 0; d < 7; d++) {
			if (!(set & (1u << d)))
				continue;
			const char *why = add_range(c, d, a, b);
			if (why) {
				sw_field_fail(err, FIELD, "time range '%s' on %s: %s", quote(ip, il, q), day_names[d],
					      why);
				return false;
			}
		}
	}
	return true;
}

enum sw_err cal_parse_week(struct calendar *c, const char *spec, struct sw_error *err)
{
	char q[48];
	if (!spec) {
		sw_field_fail(err, FIELD, "is required");
		return SW_EINVALID;
	}
	size_t len = strnlen(spec, SPEC_MAX + 1);
	if (len > SPEC_MAX) {
		sw_field_fail(err, FIELD, "must be at most %d bytes", SPEC_MAX);
		return SW_EINVALID;
	}
	const char *p = spec;
	trim(&p, &len);
	struct calendar tmp = *c;
	memset(tmp.week, 0, sizeof(tmp.week));
	memset(tmp.week_count, 0, sizeof(tmp.week_count));
	tmp.always = false;
	if (len == 4 && p[0] == '2' && p[1] == '4' && lower(p[2]) == 'x' && p[3] == '7') {
		tmp.always = true;
		*c = tmp;
		return SW_OK;
	}
	if (len == 0) {
		sw_field_fail(err, FIELD, "is empty (want \"24x7\" or day groups such as \"mon-fri 09:00-17:00\")");
		return SW_EINVALID;
	}
	const char *gp;
	size_t gl;
	for (size_t at = 0; next_item(p, len, ';', &at, &gp, &gl);) {
		if (gl == 0) {
			sw_field_fail(err, FIELD, "empty day group in '%s'", quote(p, len, q));
			return SW_EINVALID;
		}
		if (!parse_group(&tmp, gp, gl, err))
			return SW_EINVALID;
	}
	*c = tmp;
	return SW_OK;
}

/* ---- business time ---- */

/* Years 1..9999 with a day of margin either side. */
#define CAL_T_MIN (INT64_C(-62135596800) - DAY_SECONDS)
#define CAL_T_MAX (INT64_C(253402300800) + DAY_SECONDS)

static int64_t clamp(int64_t t)
{
	return t < CAL_T_MIN ? CAL_T_MIN : t > CAL_T_MAX ? CAL_T_MAX : t;
}

/* A local date being walked: days since the epoch and its civil parts. */
struct cal_day {
	int64_t days;
	int year, month, day, weekday;
};

static void day_set(struct cal_day *d, int64_t days)
{
	d->days = days;
	tz_civil_from_days(days, &d->year, &d->month, &d->day);
	d->weekday = (int)(((days + 4) % 7 + 7) % 7);
}

static void day_of(const struct calendar *c, int64_t t, struct cal_day *d)
{
	struct tz_local l;
	tz_to_local(c->tz, t, &l);
	day_set(d, tz_days_from_civil(l.year, l.month, l.day));
}

static bool day_is_holiday(const struct calendar *c, const struct cal_day *d)
{
	return c->holiday_count > 0 && cal_is_holiday(c, d->year * 10000 + d->month * 100 + d->day);
}

/* UTC interval of range i of day d. */
static void range_utc(const struct calendar *c, const struct cal_day *d, int i, int64_t *s, int64_t *e)
{
	const struct cal_range *r = &c->week[d->weekday][i];
	*s = tz_local_to_utc(c->tz, d->year, d->month, d->day, r->start_min * 60);
	*e = tz_local_to_utc(c->tz, d->year, d->month, d->day, r->end_min * 60);
}

int64_t cal_business_seconds(const struct calendar *c, int64_t from, int64_t to)
{
	if (to <= from)
		return 0;
	if (c->always) {
		int64_t diff;
		return __builtin_sub_overflow(to, from, &diff) ? INT64_MAX : diff;
	}
	from = clamp(from);
	to = clamp(to);
	int64_t total = 0;
	struct cal_day d;
	/* the first day whose intervals can reach past from starts at or before it */
	for (day_of(c, from, &d); tz_local_to_utc(c->tz, d.year, d.month, d.day, 0) < to; day_set(&d, d.days + 1)) {
		if (day_is_holiday(c, &d))
			continue;
		for (int i = 0; i < c->week_count[d.weekday]; i++) {
			int64_t s, e;
			range_utc(c, &d, i, &s, &e);
			if (s < from)
				s = from;
			if (e > to)
				e = to;
			if (e > s)
				total += e - s;
		}
	}
	return total;
}

enum sw_err cal_add_business(const struct calendar *c, int64_t start, int64_t seconds, int64_t *out,
			     struct sw_error *err)
{
	if (seconds < 0)
		return sw_fail(err, SW_EINVALID, NULL, "business seconds must not be negative");
	if (seconds == 0) {
		*out = start;
		return SW_OK;
	}
	if (c->always) {
		int64_t t;
		if (__builtin_add_overflow(start, seconds, &t))
			return sw_fail(err, SW_EINVALID, NULL, "business time target is out of range");
		*out = t;
		return SW_OK;
	}
	if (!cal_has_working_time(c))
		return sw_fail(err, SW_EINVALID, NULL, "calendar has no working hours");
	int64_t from = clamp(start), left = seconds, idle = 0;
	struct cal_day d;
	for (day_of(c, from, &d); d.year <= 9999; day_set(&d, d.days + 1)) {
		bool worked = false;
		int n = day_is_holiday(c, &d) ? 0 : c->week_count[d.weekday];
		for (int i = 0; i < n; i++) {
			int64_t s, e;
			range_utc(c, &d, i, &s, &e);
			if (s < from)
				s = from;
			if (e <= s)
				continue;
			worked = true;
			if (left <= e - s) {
				*out = s + left;
				return SW_OK;
			}
			left -= e - s;
		}
		idle = worked ? 0 : idle + 1;
		if (idle >= CAL_SEARCH_DAYS)
			return sw_fail(err, SW_EINVALID, NULL, "calendar has no working time within %d days",
				       CAL_SEARCH_DAYS);
	}
	return sw_fail(err, SW_EINVALID, NULL, "business time target is beyond the year 9999");
}

bool cal_is_working(const struct calendar *c, int64_t t)
{
	if (c->always)
		return true;
	return t < INT64_MAX && cal_business_seconds(c, t, t + 1) == 1;
}
