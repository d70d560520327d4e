/*
 * test_calendar.c — time zones and business-time maths: civil-date
 * arithmetic, TZif parsing (real zones from /usr/share/zoneinfo and small
 * hand-built files, valid and hostile), POSIX footer rules, local-time
 * resolution in DST gaps and overlaps, week-spec parsing, and business
 * seconds across weekends, holidays and DST nights.  Expected values come
 * from zdump(8) and are asserted exactly.  Also the report's split of a
 * period into days of one UTC offset (report_plan_spans).
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

#include "core/sla/calendar.h"
#include "core/report/report.h"
#include "core/sla/tz.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define H 3600
#define UTC(y, mo, d, h, mi, s) (tz_days_from_civil(y, mo, d) * 86400 + (h)*3600 + (mi)*60 + (s))

static struct tz *load(const char *name)
{
	struct tz *z = NULL;
	struct sw_error err;
	sw_error_clear(&err);
	enum sw_err rc = tz_load(name, NULL, &z, &err);
	if (rc != SW_OK)
		fail_msg("tz_load(%s): %s", name, err.detail);
	assert_string_equal(tz_name(z), name);
	return z;
}

/* Small deterministic generator for the property tests. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int64_t rng_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
}

/* ---- civil dates ---- */

static void civil_known(void **state)
{
	(void)state;
	static const struct {
		int y, m, d;
		int64_t days;
	} cases[] = {
		{1970, 1, 1, 0},         {1969, 12, 31, -1},     {2000, 3, 1, 11017},     {2024, 2, 29, 19782},
		{2026, 3, 29, 20541},    {1, 1, 1, -719162},     {9999, 12, 31, 2932896}, {0, 3, 1, -719468},
		{1900, 3, 1, -25508},    {1600, 2, 29, -135081}, {-1, 12, 31, -719529},   {2038, 1, 19, 24855},
		{1582, 10, 15, -141427}, {2100, 3, 1, 47541},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		assert_int_equal(tz_days_from_civil(cases[i].y, cases[i].m, cases[i].d), cases[i].days);
		int y, m, d;
		tz_civil_from_days(cases[i].days, &y, &m, &d);
		assert_int_equal(y, cases[i].y);
		assert_int_equal(m, cases[i].m);
		assert_int_equal(d, cases[i].d);
	}
	/* months and days outside their ranges carry over */
	assert_int_equal(tz_days_from_civil(2026, 13, 1), tz_days_from_civil(2027, 1, 1));
	assert_int_equal(tz_days_from_civil(2026, 0, 1), tz_days_from_civil(2025, 12, 1));
	assert_int_equal(tz_days_from_civil(2026, -11, 1), tz_days_from_civil(2025, 1, 1));
	assert_int_equal(tz_days_from_civil(2026, 1, 32), tz_days_from_civil(2026, 2, 1));
	assert_int_equal(tz_days_from_civil(1900, 2, 29), tz_days_from_civil(1900, 3, 1));
	assert_int_equal(tz_days_from_civil(2026, 3, 0), tz_days_from_civil(2026, 2, 28));
}

/* Every day from 0001-01-01 to 9999-12-31, and a stretch before year 1,
 * against a date advanced by hand. */
static void civil_round_trip(void **state)
{
	(void)state;
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int ey = -400, em = 1, ed = 1;
	int64_t first = tz_days_from_civil(-400, 1, 1), last = tz_days_from_civil(9999, 12, 31);
	for (int64_t days = first; days <= last; days++) {
		int y, m, d;
		tz_civil_from_days(days, &y, &m, &d);
		if (y != ey || m != em || d != ed)
			fail_msg("day %lld: got %d-%d-%d, want %d-%d-%d", (long long)days, y, m, d, ey, em, ed);
		if (tz_days_from_civil(y, m, d) != days)
			fail_msg("day %lld does not round-trip", (long long)days);
		bool leap = (ey % 4 == 0 && ey % 100 != 0) || ey % 400 == 0;
		int len = em == 2 && leap ? 29 : mdays[em - 1];
		if (++ed > len) {
			ed = 1;
			if (++em > 12) {
				em = 1;
				ey++;
			}
		}
	}
	assert_int_equal(ey, 10000);
}

/* ---- real zones ---- */

struct offset_case {
	const char *zone;
	int64_t t;
	int32_t off;
};

static void zone_offsets(void **state)
{
	(void)state;
	const struct offset_case cases[] = {
		/* Europe/London: BST 2026-03-29 01:00 UTC to 2026-10-25 01:00 UTC */
		{"Europe/London", UTC(2026, 1, 15, 12, 0, 0), 0},
		{"Europe/London", UTC(2026, 3, 29, 0, 59, 59), 0},
		{"Europe/London", UTC(2026, 3, 29, 1, 0, 0), H},
		{"Europe/London", UTC(2026, 7, 1, 12, 0, 0), H},
		{"Europe/London", UTC(2026, 10, 25, 0, 59, 59), H},
		{"Europe/London", UTC(2026, 10, 25, 1, 0, 0), 0},
		/* far future: past the file's transitions, from the footer rule */
		{"Europe/London", UTC(2090, 3, 26, 0, 59, 59), 0},
		{"Europe/London", UTC(2090, 3, 26, 1, 0, 0), H},
		{"Europe/London", UTC(2090, 10, 29, 0, 59, 59), H},
		{"Europe/London", UTC(2090, 10, 29, 1, 0, 0), 0},
		{"Europe/London", UTC(2500, 7, 1, 0, 0, 0), H},
		/* before 1970: BST 1960, British Standard Time 1968-71, LMT */
		{"Europe/London", UTC(1960, 4, 10, 1, 59, 59), 0},
		{"Europe/London", UTC(1960, 4, 10, 2, 0, 0), H},
		{"Europe/London", UTC(1960, 10, 2, 1, 59, 59), H},
		{"Europe/London", UTC(1960, 10, 2, 2, 0, 0), 0},
		{"Europe/London", UTC(1970, 1, 1, 0, 0, 0), H},
		{"Europe/London", UTC(1847, 12, 1, 0, 1, 14), -75},
		{"Europe/London", UTC(1847, 12, 1, 0, 1, 15), 0},
		{"Europe/London", UTC(1700, 1, 1, 0, 0, 0), -75},
		{"America/New_York", UTC(2026, 3, 8, 6, 59, 59), -5 * H},
		{"America/New_York", UTC(2026, 3, 8, 7, 0, 0), -4 * H},
		{"America/New_York", UTC(2026, 11, 1, 5, 59, 59), -4 * H},
		{"America/New_York", UTC(2026, 11, 1, 6, 0, 0), -5 * H},
		{"America/New_York", UTC(2090, 3, 12, 6, 59, 59), -5 * H},
		{"America/New_York", UTC(2090, 3, 12, 7, 0, 0), -4 * H},
		{"America/New_York", UTC(2090, 11, 5, 5, 59, 59), -4 * H},
		{"America/New_York", UTC(2090, 11, 5, 6, 0, 0), -5 * H},
		{"America/New_York", UTC(1960, 7, 1, 0, 0, 0), -4 * H},
		{"America/New_York", UTC(1960, 1, 1, 0, 0, 0), -5 * H},
		{"Asia/Kolkata", UTC(2026, 1, 1, 0, 0, 0), 19800},
		{"Asia/Kolkata", UTC(2026, 7, 1, 0, 0, 0), 19800},
		{"Asia/Kolkata", UTC(2090, 7, 1, 0, 0, 0), 19800},
		{"Asia/Kathmandu", UTC(1985, 12, 31, 18, 29, 59), 19800},
		{"Asia/Kathmandu", UTC(1985, 12, 31, 18, 30, 0), 20700},
		{"Asia/Kathmandu", UTC(2026, 6, 1, 0, 0, 0), 20700},
		{"Asia/Kathmandu", UTC(2090, 6, 1, 0, 0, 0), 20700},
		{"Asia/Kathmandu", UTC(1919, 12, 31, 18, 18, 43), 20476},
		/* Lord Howe: +10:30 standard, +11 summer (a 30-minute shift) */
		{"Australia/Lord_Howe", UTC(2026, 4, 4, 14, 59, 59), 39600},
		{"Australia/Lord_Howe", UTC(2026, 4, 4, 15, 0, 0), 37800},
		{"Australia/Lord_Howe", UTC(2026, 10, 3, 15, 29, 59), 37800},
		{"Australia/Lord_Howe", UTC(2026, 10, 3, 15, 30, 0), 39600},
		{"Australia/Lord_Howe", UTC(2090, 4, 1, 14, 59, 59), 39600},
		{"Australia/Lord_Howe", UTC(2090, 4, 1, 15, 0, 0), 37800},
		{"Australia/Lord_Howe", UTC(2090, 9, 30, 15, 29, 59), 37800},
		{"Australia/Lord_Howe", UTC(2090, 9, 30, 15, 30, 0), 39600},
		{"UTC", UTC(2026, 7, 1, 0, 0, 0), 0},
		{"UTC", UTC(1900, 7, 1, 0, 0, 0), 0},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct tz *z = load(cases[i].zone);
		int32_t off = tz_offset_at(z, cases[i].t);
		if (off != cases[i].off)
			fail_msg("case %zu %s at %lld: offset %d, want %d", i, cases[i].zone, (long long)cases[i].t,
				 (int)off, (int)cases[i].off);
		tz_free(z);
	}
	assert_int_equal(tz_offset_at(NULL, 123456789), 0);
	assert_string_equal(tz_name(NULL), "UTC");
	/* extreme instants do not overflow */
	struct tz *z = load("Europe/London");
	struct tz_local l;
	assert_int_equal(tz_offset_at(z, INT64_MIN), -75);
	(void)tz_offset_at(z, INT64_MAX);
	tz_to_local(z, INT64_MAX, &l);
	tz_to_local(z, INT64_MIN, &l);
	assert_true(l.month >= 1 && l.month <= 12 && l.weekday >= 0 && l.weekday <= 6);
	(void)tz_local_to_utc(z, 2147483647, 2147483647, 2147483647, 2147483647);
	(void)tz_local_to_utc(z, -2147483647 - 1, -2147483647 - 1, -2147483647 - 1, -2147483647 - 1);
	tz_free(z);
}

static void zone_to_local(void **state)
{
	(void)state;
	const struct {
		const char *zone;
		int64_t t;
		struct tz_local want;
	} cases[] = {
		{"Europe/London", UTC(2026, 3, 29, 0, 59, 59), {2026, 3, 29, 0, 59, 59, 0}},
		{"Europe/London", UTC(2026, 3, 29, 1, 0, 0), {2026, 3, 29, 2, 0, 0, 0}},
		{"Europe/London", UTC(2026, 10, 25, 0, 30, 0), {2026, 10, 25, 1, 30, 0, 0}},
		{"Europe/London", UTC(2026, 10, 25, 1, 30, 0), {2026, 10, 25, 1, 30, 0, 0}},
		{"America/New_York", UTC(2026, 11, 1, 6, 0, 0), {2026, 11, 1, 1, 0, 0, 0}},
		{"America/New_York", UTC(2026, 1, 1, 3, 0, 0), {2025, 12, 31, 22, 0, 0, 3}},
		{"Asia/Kathmandu", UTC(2026, 1, 1, 0, 0, 0), {2026, 1, 1, 5, 45, 0, 4}},
		{"Asia/Kolkata", UTC(2026, 2, 28, 18, 30, 0), {2026, 3, 1, 0, 0, 0, 0}},
		{"Australia/Lord_Howe", UTC(2026, 4, 4, 15, 0, 0), {2026, 4, 5, 1, 30, 0, 0}},
		{"UTC", -1, {1969, 12, 31, 23, 59, 59, 3}},
		{"UTC", UTC(1, 1, 1, 0, 0, 0), {1, 1, 1, 0, 0, 0, 1}},
		{"UTC", UTC(9999, 12, 31, 23, 59, 59), {9999, 12, 31, 23, 59, 59, 5}},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct tz *z = load(cases[i].zone);
		struct tz_local l;
		tz_to_local(z, cases[i].t, &l);
		const struct tz_local *w = &cases[i].want;
		if (l.year != w->year || l.month != w->month || l.day != w->day || l.hour != w->hour ||
		    l.minute != w->minute || l.second != w->second || l.weekday != w->weekday)
			fail_msg("case %zu: %d-%d-%d %d:%d:%d wd %d", i, l.year, l.month, l.day, l.hour, l.minute,
				 l.second, l.weekday);
		tz_free(z);
	}
}

static void zone_local_to_utc(void **state)
{
	(void)state;
	const struct {
		const char *zone;
		int y, m, d, sod;
		int64_t want;
	} cases[] = {
		/* London spring forward: local 01:00-02:00 does not exist */
		{"Europe/London", 2026, 3, 29, 0 * H + 3599, UTC(2026, 3, 29, 0, 59, 59)},
		{"Europe/London", 2026, 3, 29, 1 * H, UTC(2026, 3, 29, 1, 0, 0)},
		{"Europe/London", 2026, 3, 29, 1 * H + 1800, UTC(2026, 3, 29, 1, 0, 0)},
		{"Europe/London", 2026, 3, 29, 2 * H - 1, UTC(2026, 3, 29, 1, 0, 0)},
		{"Europe/London", 2026, 3, 29, 2 * H, UTC(2026, 3, 29, 1, 0, 0)},
		{"Europe/London", 2026, 3, 29, 2 * H + 1800, UTC(2026, 3, 29, 1, 30, 0)},
		/* London fall back: local 01:00-02:00 happens twice; first wins */
		{"Europe/London", 2026, 10, 25, 0, UTC(2026, 10, 24, 23, 0, 0)},
		{"Europe/London", 2026, 10, 25, 1 * H, UTC(2026, 10, 25, 0, 0, 0)},
		{"Europe/London", 2026, 10, 25, 1 * H + 1800, UTC(2026, 10, 25, 0, 30, 0)},
		{"Europe/London", 2026, 10, 25, 2 * H - 1, UTC(2026, 10, 25, 0, 59, 59)},
		{"Europe/London", 2026, 10, 25, 2 * H, UTC(2026, 10, 25, 2, 0, 0)},
		{"Europe/London", 2026, 10, 24, 86400, UTC(2026, 10, 24, 23, 0, 0)},
		{"America/New_York", 2026, 3, 8, 2 * H + 1800, UTC(2026, 3, 8, 7, 0, 0)},
		{"America/New_York", 2026, 3, 8, 3 * H, UTC(2026, 3, 8, 7, 0, 0)},
		{"America/New_York", 2026, 11, 1, 1 * H + 1800, UTC(2026, 11, 1, 5, 30, 0)},
		{"America/New_York", 2026, 11, 1, 2 * H, UTC(2026, 11, 1, 7, 0, 0)},
		{"America/New_York", 2090, 11, 5, 1 * H + 1800, UTC(2090, 11, 5, 5, 30, 0)},
		{"America/New_York", 2090, 3, 12, 2 * H + 1, UTC(2090, 3, 12, 7, 0, 0)},
		/* Lord Howe: 02:00-02:30 skipped in October, 01:30-02:00 twice in April */
		{"Australia/Lord_Howe", 2026, 10, 4, 2 * H + 900, UTC(2026, 10, 3, 15, 30, 0)},
		{"Australia/Lord_Howe", 2026, 10, 4, 2 * H + 1800, UTC(2026, 10, 3, 15, 30, 0)},
		{"Australia/Lord_Howe", 2026, 4, 5, 1 * H + 2700, UTC(2026, 4, 4, 14, 45, 0)},
		{"Australia/Lord_Howe", 2026, 4, 5, 2 * H, UTC(2026, 4, 4, 15, 30, 0)},
		{"Asia/Kathmandu", 2026, 1, 1, 0, UTC(2025, 12, 31, 18, 15, 0)},
		{"Asia/Kathmandu", 1986, 1, 1, 5 * 60, UTC(1985, 12, 31, 18, 30, 0)},
		{"UTC", 2026, 1, 1, 3600, UTC(2026, 1, 1, 1, 0, 0)},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct tz *z = load(cases[i].zone);
		int64_t got = tz_local_to_utc(z, cases[i].y, cases[i].m, cases[i].d, cases[i].sod);
		if (got != cases[i].want)
			fail_msg("case %zu: got %lld, want %lld", i, (long long)got, (long long)cases[i].want);
		tz_free(z);
	}
	assert_int_equal(tz_local_to_utc(NULL, 2026, 3, 29, 5400), UTC(2026, 3, 29, 1, 30, 0));
}

static int64_t local_seconds(const struct tz_local *l)
{
	return tz_days_from_civil(l->year, l->month, l->day) * 86400 + l->hour * 3600 + l->minute * 60 + l->second;
}

/* tz_to_local and tz_local_to_utc agree: back to the same instant, or to
 * an earlier one showing the same wall clock (a second occurrence). */
static void check_round_trip(const struct tz *z, int64_t t)
{
	struct tz_local l, back;
	tz_to_local(z, t, &l);
	if (local_seconds(&l) != t + tz_offset_at(z, t))
		fail_msg("%s at %lld: local time disagrees with offset", tz_name(z), (long long)t);
	int64_t r = tz_local_to_utc(z, l.year, l.month, l.day, l.hour * 3600 + l.minute * 60 + l.second);
	if (r == t)
		return;
	tz_to_local(z, r, &back);
	if (r > t || local_seconds(&back) != local_seconds(&l))
		fail_msg("%s at %lld: round trip gave %lld", tz_name(z), (long long)t, (long long)r);
}

static void zone_round_trip(void **state)
{
	(void)state;
	static const char *const zones[] = {"Europe/London",   "America/New_York",    "Asia/Kolkata",
					    "Asia/Kathmandu",  "Australia/Lord_Howe", "Australia/Sydney",
					    "Europe/Dublin",   "America/Nuuk",        "Asia/Jerusalem",
					    "Pacific/Chatham", "America/St_Johns",    "UTC"};
	for (size_t i = 0; i < ARRAY_LEN(zones); i++) {
		struct tz *z = load(zones[i]);
		for (int n = 0; n < 20000; n++)
			check_round_trip(z, rng_range(UTC(1850, 1, 1, 0, 0, 0), UTC(2200, 1, 1, 0, 0, 0)));
		/* every minute around each 2026 and 2090 change */
		for (int64_t t = UTC(2026, 1, 1, 0, 0, 0); t < UTC(2027, 1, 1, 0, 0, 0); t += 3 * H) {
			if (tz_offset_at(z, t) == tz_offset_at(z, t + 3 * H))
				continue;
			for (int64_t u = t - 2 * H; u < t + 5 * H; u += 60)
				check_round_trip(z, u);
		}
		for (int64_t t = UTC(2090, 1, 1, 0, 0, 0); t < UTC(2091, 1, 1, 0, 0, 0); t += 3 * H) {
			if (tz_offset_at(z, t) == tz_offset_at(z, t + 3 * H))
				continue;
			for (int64_t u = t - 2 * H; u < t + 5 * H; u += 60)
				check_round_trip(z, u);
		}
		tz_free(z);
	}
}

static void zone_names(void **state)
{
	(void)state;
	static const char *const bad[] = {"../etc/passwd",
					  "/etc/passwd",
					  "a b",
					  "",
					  "Europe/",
					  "Europe//London",
					  "Europe/./London",
					  "..",
					  ".",
					  "Europe/London\n",
					  "Europe\\London",
					  "zone.tab",
					  "Europe/London;rm",
					  "%2e%2e"};
	struct sw_error err;
	struct tz *z = (struct tz *)&err; /* must stay untouched on failure */
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		sw_error_clear(&err);
		assert_int_equal(tz_load(bad[i], NULL, &z, &err), SW_EINVALID);
		assert_int_equal(err.code, SW_EINVALID);
		assert_ptr_equal(z, (struct tz *)&err);
	}
	assert_int_equal(tz_load(NULL, NULL, &z, &err), SW_EINVALID);
	char longname[300];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	assert_int_equal(tz_load(longname, NULL, &z, &err), SW_EINVALID);
	sw_error_clear(&err);
	assert_int_equal(tz_load("Mars/Olympus_Mons", NULL, &z, &err), SW_ENOTFOUND);
	assert_non_null(strstr(err.detail, "Mars/Olympus_Mons"));
	assert_int_equal(tz_load("Europe", NULL, &z, &err), SW_ENOTFOUND);
	assert_int_equal(tz_load("Europe/London/x", NULL, &z, &err), SW_ENOTFOUND);
	assert_ptr_equal(z, (struct tz *)&err);
	/* names with digits, '+', '-' and '_' are fine */
	struct tz *g = load("Etc/GMT+5");
	assert_int_equal(tz_offset_at(g, 0), -5 * H);
	tz_free(g);
	g = load("Etc/GMT-14");
	assert_int_equal(tz_offset_at(g, 0), 14 * H);
	tz_free(g);
	/* UTC works without a tz database */
	assert_int_equal(tz_load("UTC", "/nonexistent-zoneinfo", &g, &err), SW_OK);
	assert_string_equal(tz_name(g), "UTC");
	assert_int_equal(tz_offset_at(g, 1700000000), 0);
	tz_free(g);
	tz_free(NULL);
}

/* ---- hand-built TZif files ---- */

struct w {
	unsigned char p[4096];
	size_t len;
};

static void put(struct w *w, const void *p, size_t n)
{
	assert_true(w->len + n <= sizeof(w->p));
	memcpy(w->p + w->len, p, n);
	w->len += n;
}

static void put_be(struct w *w, uint64_t v, int bytes)
{
	unsigned char b[8];
	for (int i = 0; i < bytes; i++)
		b[i] = (unsigned char)(v >> (8 * (bytes - 1 - i)));
	put(w, b, (size_t)bytes);
}

struct tzif_spec {
	char version; /* 0, '2', '3' */
	size_t trans_count;
	const int64_t *trans;
	const uint8_t *idx;
	size_t type_count;
	const int32_t *off;
	const uint8_t *isdst;
	const char *footer;  /* NULL: none at all; "" an empty one */
	bool fat_v1;         /* v2+: repeat the data in the 32-bit block, else leave it empty */
	bool v1_conflicting; /* v2+: a 32-bit block saying +12:00 all along */
	uint32_t leap_count;
};

static void put_block(struct w *w, char version, int tsize, const struct tzif_spec *s, size_t tc, size_t yc)
{
	static const int32_t twelve = 12 * H;
	bool conflict = tsize == 4 && s->v1_conflicting;
	put(w, "TZif", 4);
	put(w, &version, 1);
	put(w, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 15);
	uint32_t counts[6] = {0, 0, s->leap_count, (uint32_t)tc, (uint32_t)yc, yc ? 4 : 0};
	for (int i = 0; i < 6; i++)
		put_be(w, counts[i], 4);
	for (size_t i = 0; i < tc; i++)
		put_be(w, (uint64_t)s->trans[i], tsize);
	for (size_t i = 0; i < tc; i++)
		put(w, &s->idx[i], 1);
	for (size_t i = 0; i < yc; i++) {
		put_be(w, (uint32_t)(conflict ? twelve : s->off[i]), 4);
		unsigned char b[2] = {s->isdst ? s->isdst[i] : 0, 0};
		put(w, b, 2);
	}
	if (yc)
		put(w, "ABC", 4);
	for (uint32_t i = 0; i < s->leap_count; i++)
		put(w, "\0\0\0\0\0\0\0\0\0\0\0\0", (size_t)tsize + 4);
}

static void tzif(struct w *w, const struct tzif_spec *s)
{
	w->len = 0;
	if (s->version == 0) {
		put_block(w, 0, 4, s, s->trans_count, s->type_count);
		return;
	}
	if (s->fat_v1)
		put_block(w, s->version, 4, s, s->trans_count, s->type_count);
	else if (s->v1_conflicting)
		put_block(w, s->version, 4, s, 0, 1);
	else
		put_block(w, s->version, 4, s, 0, 0);
	put_block(w, s->version, 8, s, s->trans_count, s->type_count);
	if (s->footer) {
		put(w, "\n", 1);
		put(w, s->footer, strlen(s->footer));
		put(w, "\n", 1);
	}
}

static struct tz *parse_ok(const struct w *w)
{
	struct tz *z = NULL;
	struct sw_error err;
	sw_error_clear(&err);
	if (tz_parse("Test/Zone", w->p, w->len, &z, &err) != SW_OK)
		fail_msg("tz_parse: %s", err.detail);
	assert_string_equal(tz_name(z), "Test/Zone");
	return z;
}

static struct tz *footer_zone(const char *footer, int32_t off0)
{
	struct w w;
	tzif(&w, &(struct tzif_spec){.version = '2', .type_count = 1, .off = &off0, .footer = footer});
	return parse_ok(&w);
}

static void tzif_versions(void **state)
{
	(void)state;
	static const int64_t trans[] = {-2000000000, 1000000000, 1500000000};
	static const uint8_t idx[] = {1, 2, 1};
	static const int32_t off[] = {-75, 0, H};
	static const uint8_t dst[] = {0, 0, 1};
	struct w w;
	struct tzif_spec s = {
		.version = 0, .trans_count = 3, .trans = trans, .idx = idx, .type_count = 3, .off = off, .isdst = dst};
	/* v1: 32-bit times, no footer; after the last transition its type stays */
	tzif(&w, &s);
	struct tz *z = parse_ok(&w);
	assert_int_equal(tz_offset_at(z, -2000000001), -75);
	assert_int_equal(tz_offset_at(z, -2000000000), 0);
	assert_int_equal(tz_offset_at(z, 999999999), 0);
	assert_int_equal(tz_offset_at(z, 1000000000), H);
	assert_int_equal(tz_offset_at(z, 1500000000), 0);
	assert_int_equal(tz_offset_at(z, INT64_MAX), 0);
	tz_free(z);
	/* v1 trailing bytes are ignored */
	put(&w, "junk", 4);
	tz_free(parse_ok(&w));

	/* v2 and v3: the 64-bit block wins over a conflicting 32-bit one */
	static const int64_t far[] = {-5000000000, 1000000000, 5000000000};
	s.trans = far;
	s.footer = "";
	for (char v = '2'; v <= '4'; v++) {
		s.version = v;
		s.v1_conflicting = true;
		tzif(&w, &s);
		z = parse_ok(&w);
		assert_int_equal(tz_offset_at(z, -5000000001), -75);
		assert_int_equal(tz_offset_at(z, -5000000000), 0);
		assert_int_equal(tz_offset_at(z, 1000000000), H);
		assert_int_equal(tz_offset_at(z, 5000000000), 0);
		tz_free(z);
		s.v1_conflicting = false;
		s.fat_v1 = true;
		s.trans = trans;
		tzif(&w, &s);
		z = parse_ok(&w);
		assert_int_equal(tz_offset_at(z, 1200000000), H);
		tz_free(z);
		s.fat_v1 = false;
		s.trans = far;
	}
	/* transitions then the footer rule */
	s.version = '2';
	s.footer = "GMT0BST,M3.5.0/1,M10.5.0";
	tzif(&w, &s);
	z = parse_ok(&w);
	assert_int_equal(tz_offset_at(z, 4999999999), H);
	assert_int_equal(tz_offset_at(z, UTC(2200, 1, 1, 0, 0, 0)), 0);
	assert_int_equal(tz_offset_at(z, UTC(2200, 7, 1, 0, 0, 0)), H);
	tz_free(z);
}

struct rule_case {
	const char *footer;
	int64_t t;
	int32_t off;
};

static void tzif_footer_rules(void **state)
{
	(void)state;
	const struct rule_case cases[] = {
		/* US rules, applied to every instant when there are no transitions */
		{"EST5EDT,M3.2.0,M11.1.0", UTC(2026, 3, 8, 6, 59, 59), -5 * H},
		{"EST5EDT,M3.2.0,M11.1.0", UTC(2026, 3, 8, 7, 0, 0), -4 * H},
		{"EST5EDT,M3.2.0,M11.1.0", UTC(2026, 11, 1, 5, 59, 59), -4 * H},
		{"EST5EDT,M3.2.0,M11.1.0", UTC(2026, 11, 1, 6, 0, 0), -5 * H},
		{"EST5EDT,M3.2.0,M11.1.0", UTC(1900, 7, 1, 0, 0, 0), -4 * H},
		{"EST5EDT", UTC(2026, 3, 8, 7, 0, 0), -4 * H}, /* default rule */
		{"EST5EDT", UTC(2026, 3, 8, 6, 59, 59), -5 * H},
		{"EST+5EDT+4:00:00,M3.2.0/2:00:00,M11.1.0/02", UTC(2026, 3, 8, 7, 0, 0), -4 * H},
		{"GMT0BST,M3.5.0/1,M10.5.0", UTC(2026, 3, 29, 0, 59, 59), 0},
		{"GMT0BST,M3.5.0/1,M10.5.0", UTC(2026, 3, 29, 1, 0, 0), H},
		{"GMT0BST,M3.5.0/1,M10.5.0", UTC(2026, 10, 25, 0, 59, 59), H},
		{"GMT0BST,M3.5.0/1,M10.5.0", UTC(2026, 10, 25, 1, 0, 0), 0},
		{"<+0545>-5:45", UTC(2026, 1, 1, 0, 0, 0), 20700},
		{"IST-5:30", UTC(2026, 1, 1, 0, 0, 0), 19800},
		{"<-03>3", UTC(2026, 1, 1, 0, 0, 0), -3 * H},
		{"UTC0", 0, 0},
		/* southern hemisphere: the year starts in summer time */
		{"AEST-10AEDT,M10.1.0,M4.1.0/3", UTC(2026, 1, 1, 0, 0, 0), 11 * H},
		{"AEST-10AEDT,M10.1.0,M4.1.0/3", UTC(2026, 4, 4, 15, 59, 59), 11 * H},
		{"AEST-10AEDT,M10.1.0,M4.1.0/3", UTC(2026, 4, 4, 16, 0, 0), 10 * H},
		{"AEST-10AEDT,M10.1.0,M4.1.0/3", UTC(2026, 10, 3, 15, 59, 59), 10 * H},
		{"AEST-10AEDT,M10.1.0,M4.1.0/3", UTC(2026, 10, 3, 16, 0, 0), 11 * H},
		{"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", UTC(2026, 10, 3, 15, 30, 0), 39600},
		{"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", UTC(2026, 10, 3, 15, 29, 59), 37800},
		/* negative DST (Dublin): winter is the "daylight" period */
		{"IST-1GMT0,M10.5.0,M3.5.0/1", UTC(2026, 3, 29, 0, 59, 59), 0},
		{"IST-1GMT0,M10.5.0,M3.5.0/1", UTC(2026, 3, 29, 1, 0, 0), H},
		{"IST-1GMT0,M10.5.0,M3.5.0/1", UTC(2026, 10, 25, 0, 59, 59), H},
		{"IST-1GMT0,M10.5.0,M3.5.0/1", UTC(2026, 10, 25, 1, 0, 0), 0},
		/* RFC 8536 v3: transition hours below zero and beyond 24 */
		{"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", UTC(2026, 3, 29, 0, 59, 59), -2 * H},
		{"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", UTC(2026, 3, 29, 1, 0, 0), -H},
		{"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", UTC(2026, 10, 25, 0, 59, 59), -H},
		{"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", UTC(2026, 10, 25, 1, 0, 0), -2 * H},
		{"IST-2IDT,M3.4.4/26,M10.5.0", UTC(2026, 3, 26, 23, 59, 59), 2 * H},
		{"IST-2IDT,M3.4.4/26,M10.5.0", UTC(2026, 3, 27, 0, 0, 0), 3 * H},
		{"IST-2IDT,M3.4.4/26,M10.5.0", UTC(2026, 10, 24, 22, 59, 59), 3 * H},
		{"IST-2IDT,M3.4.4/26,M10.5.0", UTC(2026, 10, 24, 23, 0, 0), 2 * H},
		/* DST all year: each period ends as the next begins */
		{"EST5EDT,0/0,J365/25", UTC(2026, 1, 1, 0, 0, 0), -4 * H},
		{"EST5EDT,0/0,J365/25", UTC(2026, 1, 1, 5, 0, 0), -4 * H},
		{"EST5EDT,0/0,J365/25", UTC(2026, 7, 1, 0, 0, 0), -4 * H},
		{"EST5EDT,0/0,J365/25", UTC(2026, 12, 31, 23, 59, 59), -4 * H},
		{"EST5EDT,0/0,J365/25", UTC(2028, 12, 31, 12, 0, 0), -4 * H},
		/* Jn never counts Feb 29; n (zero-based) does */
		{"AAA0BBB,J60/2,J300/2", UTC(2024, 2, 29, 12, 0, 0), 0},
		{"AAA0BBB,J60/2,J300/2", UTC(2024, 3, 1, 1, 59, 59), 0},
		{"AAA0BBB,J60/2,J300/2", UTC(2024, 3, 1, 2, 0, 0), H},
		{"AAA0BBB,J60/2,J300/2", UTC(2026, 3, 1, 2, 0, 0), H},
		{"AAA0BBB,J60/2,J300/2", UTC(2024, 10, 27, 0, 59, 59), H},
		{"AAA0BBB,J60/2,J300/2", UTC(2024, 10, 27, 1, 0, 0), 0},
		{"AAA0BBB,59/2,299/2", UTC(2024, 2, 29, 1, 59, 59), 0},
		{"AAA0BBB,59/2,299/2", UTC(2024, 2, 29, 2, 0, 0), H},
		{"AAA0BBB,59/2,299/2", UTC(2026, 3, 1, 2, 0, 0), H},
		{"AAA0BBB,59/2,299/2", UTC(2026, 2, 28, 12, 0, 0), 0},
		{"AAA0BBB,59/2,299/2", UTC(2024, 10, 26, 1, 0, 0), 0},
		{"AAA0BBB,59/2,299/2", UTC(2024, 10, 26, 0, 59, 59), H},
		/* week 5 means the last such weekday of the month */
		{"AAA0BBB,M2.5.4/0,M12.5.0/0", UTC(2026, 2, 25, 23, 59, 59), 0},
		{"AAA0BBB,M2.5.4/0,M12.5.0/0", UTC(2026, 2, 26, 0, 0, 0), H},
		{"AAA0BBB,M2.5.4/0,M12.5.0/0", UTC(2024, 2, 29, 0, 0, 0), H},
		{"AAA0BBB,M2.5.4/0,M12.5.0/0", UTC(2024, 2, 28, 23, 59, 59), 0},
		{"AAA0BBB,M2.5.4/0,M12.5.0/0", UTC(2026, 12, 26, 22, 59, 59), H},
		{"AAA0BBB,M2.5.4/0,M12.5.0/0", UTC(2026, 12, 26, 23, 0, 0), 0},
		/* a daylight offset other than one hour */
		{"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", UTC(2090, 4, 1, 15, 0, 0), 37800},
		{"AAA3BBB1,M3.2.0,M11.1.0", UTC(2026, 7, 1, 0, 0, 0), -H},
		{"AAA-14BBB-14:30:15,M3.2.0,M11.1.0", UTC(2026, 7, 1, 0, 0, 0), 52215},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct tz *z = footer_zone(cases[i].footer, 12345);
		int32_t off = tz_offset_at(z, cases[i].t);
		if (off != cases[i].off)
			fail_msg("case %zu '%s': offset %d, want %d", i, cases[i].footer, (int)off, (int)cases[i].off);
		check_round_trip(z, cases[i].t);
		check_round_trip(z, cases[i].t - 1);
		tz_free(z);
	}
	/* an empty footer leaves type 0 in force */
	struct tz *z = footer_zone("", 12345);
	assert_int_equal(tz_offset_at(z, UTC(2026, 7, 1, 0, 0, 0)), 12345);
	tz_free(z);
}

/* The footer rule alone must reproduce what zic compiled into the file. */
static void tzif_footer_matches_file(void **state)
{
	(void)state;
	static const struct {
		const char *zone;
		int from_year;
	} zones[] = {
		{"Europe/London", 1997},       {"America/New_York", 2008}, {"Australia/Sydney", 2009},
		{"Australia/Lord_Howe", 2009}, {"Europe/Dublin", 1997},    {"Asia/Jerusalem", 2014},
		{"America/Nuuk", 2024},        {"Pacific/Chatham", 2009},  {"America/St_Johns", 2012},
	};
	for (size_t i = 0; i < ARRAY_LEN(zones); i++) {
		char path[256], footer[128];
		snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zones[i].zone);
		FILE *f = fopen(path, "rb");
		assert_non_null(f);
		static unsigned char buf[65536];
		size_t n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		assert_true(n > 2 && buf[n - 1] == '\n');
		size_t start = n - 1;
		while (start > 0 && buf[start - 1] != '\n')
			start--;
		assert_true(n - 1 - start < sizeof(footer));
		memcpy(footer, buf + start, n - 1 - start);
		footer[n - 1 - start] = 0;
		struct tz *file = load(zones[i].zone), *rule = footer_zone(footer, 0);
		for (int64_t t = UTC(zones[i].from_year, 1, 1, 0, 0, 0); t < UTC(2037, 12, 1, 0, 0, 0); t += 1800) {
			if (tz_offset_at(file, t) != tz_offset_at(rule, t))
				fail_msg("%s '%s' at %lld: %d vs %d", zones[i].zone, footer, (long long)t,
					 (int)tz_offset_at(file, t), (int)tz_offset_at(rule, t));
		}
		tz_free(file);
		tz_free(rule);
	}
}

static void expect_invalid(const unsigned char *p, size_t len, const char *what)
{
	struct sw_error err;
	sw_error_clear(&err);
	struct tz *z = (struct tz *)&err;
	enum sw_err rc = tz_parse("Bad/Zone", p, len, &z, &err);
	if (rc != SW_EINVALID)
		fail_msg("%s (%zu bytes): got %d", what, len, (int)rc);
	assert_int_equal(err.code, SW_EINVALID);
	assert_ptr_equal(z, (struct tz *)&err);
	assert_non_null(strstr(err.detail, "Bad/Zone"));
}

static void tzif_malformed(void **state)
{
	(void)state;
	static const int64_t trans[] = {0, 1000};
	static const uint8_t idx[] = {1, 0};
	static const int32_t off[] = {0, H};
	struct w w;
	struct tzif_spec s = {.version = '2',
			      .trans_count = 2,
			      .trans = trans,
			      .idx = idx,
			      .type_count = 2,
			      .off = off,
			      .footer = "GMT0BST,M3.5.0/1,M10.5.0",
			      .fat_v1 = true};
	tzif(&w, &s);
	tz_free(parse_ok(&w));
	/* every truncation of a valid file */
	for (size_t len = 0; len < w.len; len++)
		expect_invalid(w.p, len, "truncated");
	expect_invalid(NULL, 0, "null");

	struct w b = w;
	b.p[3] = 'X';
	expect_invalid(b.p, b.len, "bad magic");
	b = w;
	b.p[4] = '1';
	expect_invalid(b.p, b.len, "bad version");
	/* a count of 2^32-1 in either header */
	size_t v2 = 44 + 2 * 4 + 2 + 2 * 6 + 4;
	for (size_t hdr = 0; hdr <= v2; hdr += v2)
		for (size_t field = 20; field < 44; field += 4) {
			b = w;
			memset(b.p + hdr + field, 0xff, 4);
			expect_invalid(b.p, b.len, "huge count");
			b.p[hdr + field] = 0x7f;
			expect_invalid(b.p, b.len, "huge count");
		}
	/* the 64-bit header must be there and valid */
	b = w;
	b.p[v2] = 'x';
	expect_invalid(b.p, b.len, "bad second magic");
	/* footer problems */
	b = w;
	b.p[w.len - 1] = 'x';
	expect_invalid(b.p, b.len, "unterminated footer");
	b = w;
	b.p[w.len - 2 - strlen(s.footer)] = 'x';
	expect_invalid(b.p, b.len, "no footer newline");
	s.footer = NULL;
	tzif(&b, &s);
	expect_invalid(b.p, b.len, "missing footer");
	s.footer = "";

	/* structural rules */
	static const int64_t unsorted[] = {1000, 0}, dup[] = {5, 5};
	static const uint8_t bad_idx[] = {0, 2};
	static const int32_t bad_off[] = {0, 93600}, min_off[] = {0, INT32_MIN};
	static const uint8_t bad_dst[] = {0, 2};
	const struct {
		struct tzif_spec s;
		const char *what;
	} bad[] = {
		{{.version = '2',
		  .trans_count = 2,
		  .trans = unsorted,
		  .idx = idx,
		  .type_count = 2,
		  .off = off,
		  .footer = ""},
		 "unsorted"},
		{{.version = '2',
		  .trans_count = 2,
		  .trans = dup,
		  .idx = idx,
		  .type_count = 2,
		  .off = off,
		  .footer = ""},
		 "duplicate transition"},
		{{.version = '2',
		  .trans_count = 2,
		  .trans = trans,
		  .idx = bad_idx,
		  .type_count = 2,
		  .off = off,
		  .footer = ""},
		 "type index"},
		{{.version = '2',
		  .trans_count = 2,
		  .trans = trans,
		  .idx = idx,
		  .type_count = 2,
		  .off = bad_off,
		  .footer = ""},
		 "offset range"},
		{{.version = '2',
		  .trans_count = 2,
		  .trans = trans,
		  .idx = idx,
		  .type_count = 2,
		  .off = min_off,
		  .footer = ""},
		 "offset -2^31"},
		{{.version = '2',
		  .trans_count = 2,
		  .trans = trans,
		  .idx = idx,
		  .type_count = 2,
		  .off = off,
		  .isdst = bad_dst,
		  .footer = ""},
		 "isdst"},
		{{.version = '2', .trans_count = 0, .type_count = 0, .footer = ""}, "no types"},
		{{.version = 0, .trans_count = 0, .type_count = 0}, "v1 no types"},
		{{.version = '2', .type_count = 1, .off = off, .footer = "", .leap_count = 1}, "leap seconds"},
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		tzif(&b, &bad[i].s);
		expect_invalid(b.p, b.len, bad[i].what);
	}
	/* 257 types */
	b.len = 0;
	put(&b, "TZif2", 5);
	put(&b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 15);
	uint32_t counts[6] = {0, 0, 0, 0, 257, 4};
	for (int i = 0; i < 6; i++)
		put_be(&b, counts[i], 4);
	for (int i = 0; i < 257 * 6 + 4; i++)
		put(&b, "", 1);
	expect_invalid(b.p, b.len, "257 types");

	/* footer TZ strings */
	static const char *const bad_footers[] = {
		"EST",
		"EST5EDT,",
		"ES5",
		"<AB>5",
		"<ABC5",
		"<A/C>5",
		"EST25",
		"EST5:60",
		"EST5:00:60",
		"EST-",
		"EST5EDT,M3.2.0",
		"EST5EDT,M3.2.0,M11.1.0,",
		"EST5EDT,M13.1.0,M11.1.0",
		"EST5EDT,M0.1.0,M11.1.0",
		"EST5EDT,M3.6.0,M11.1.0",
		"EST5EDT,M3.0.0,M11.1.0",
		"EST5EDT,M3.2.7,M11.1.0",
		"EST5EDT,J0,J100",
		"EST5EDT,J366,J100",
		"EST5EDT,366,100",
		"EST5EDT,M3.2.0/168,M11.1.0",
		"EST5EDT,M3.2.0/-168,M11.1.0",
		"EST5EDT,M3.2,M11.1.0",
		"EST5EDT,M3.2.0/,M11.1.0",
		"EST5EDT25,M3.2.0,M11.1.0",
		"EST5 EDT",
		"EST5EDT,M3.2.0,M11.1.0 ",
		"5EST",
		"EST5EDT,M3.2.00,M11.1.0",
		"EST0005",
		"EST5EDT,J0100,J200",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad_footers); i++) {
		s = (struct tzif_spec){.version = '2', .type_count = 1, .off = off, .footer = bad_footers[i]};
		tzif(&b, &s);
		expect_invalid(b.p, b.len, bad_footers[i]);
	}
	static const char *const good_footers[] = {
		"EST5",
		"<+0545>-5:45",
		"EST5EDT,M3.2.0/-167,M11.1.0/167",
		"EST5EDT4",
		"EST5EDT,J1,J365",
		"EST5EDT,0,365",
		"<-00>0",
		"AAA+24BBB-24,M1.1.0,M12.5.6/23:59:59",
		"EST05:00:00",
	};
	for (size_t i = 0; i < ARRAY_LEN(good_footers); i++) {
		struct tz *z = footer_zone(good_footers[i], 0);
		for (int64_t t = UTC(2025, 12, 20, 0, 0, 0); t < UTC(2027, 1, 10, 0, 0, 0); t += 7 * H)
			check_round_trip(z, t);
		tz_free(z);
	}
}

/* Dense transitions and transitions at the ends of time stay safe. */
static void tzif_hostile_values(void **state)
{
	(void)state;
	static int64_t trans[200];
	static uint8_t idx[200];
	static const int32_t off[] = {-89999, 93599, 0};
	for (int i = 0; i < 200; i++) {
		trans[i] = UTC(2026, 1, 1, 0, 0, 0) + i * 7;
		idx[i] = (uint8_t)(i % 3);
	}
	struct w w;
	tzif(&w, &(struct tzif_spec){.version = '2',
				     .trans_count = 200,
				     .trans = trans,
				     .idx = idx,
				     .type_count = 3,
				     .off = off,
				     .footer = "AAA0BBB,M3.5.0/167,M10.5.0/-167"});
	struct tz *z = parse_ok(&w);
	for (int64_t t = UTC(2025, 12, 30, 0, 0, 0); t < UTC(2026, 1, 3, 0, 0, 0); t += 97) {
		struct tz_local l;
		tz_to_local(z, t, &l);
		int64_t r = tz_local_to_utc(z, l.year, l.month, l.day, l.hour * 3600 + l.minute * 60 + l.second);
		/* the least instant whose wall clock is at or after the one asked for */
		assert_true(r <= t);
		assert_true(r + tz_offset_at(z, r) >= local_seconds(&l));
	}
	tz_free(z);
	static const int64_t ends[] = {INT64_MIN, INT64_MAX};
	static const uint8_t ends_idx[] = {1, 0};
	static const int32_t ends_off[] = {-89999, 93599};
	tzif(&w, &(struct tzif_spec){.version = '2',
				     .trans_count = 2,
				     .trans = ends,
				     .idx = ends_idx,
				     .type_count = 2,
				     .off = ends_off,
				     .footer = ""});
	z = parse_ok(&w);
	assert_int_equal(tz_offset_at(z, INT64_MIN), 93599);
	assert_int_equal(tz_offset_at(z, 0), 93599);
	assert_int_equal(tz_offset_at(z, INT64_MAX), -89999);
	assert_int_equal(tz_local_to_utc(z, 1970, 1, 2, 0), 86400 - 93599);
	tz_free(z);
}

static void tz_load_files(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_calendar_XXXXXX", path[256];
	assert_non_null(mkdtemp(dir));
	static const int32_t off = 20700;
	struct w w;
	tzif(&w, &(struct tzif_spec){.version = '2', .type_count = 1, .off = &off, .footer = "<+0545>-5:45"});
	snprintf(path, sizeof(path), "%s/Hand_Built", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(w.p, 1, w.len, f);
	fclose(f);
	struct sw_error err;
	struct tz *z = NULL;
	assert_int_equal(tz_load("Hand_Built", dir, &z, &err), SW_OK);
	assert_string_equal(tz_name(z), "Hand_Built");
	assert_int_equal(tz_offset_at(z, 0), 20700);
	tz_free(z);
	/* not a TZif file */
	snprintf(path, sizeof(path), "%s/Text", dir);
	f = fopen(path, "wb");
	fputs("# zone.tab\n", f);
	fclose(f);
	assert_int_equal(tz_load("Text", dir, &z, &err), SW_EINVALID);
	/* over the size bound, even when it starts like a zone */
	snprintf(path, sizeof(path), "%s/Huge", dir);
	f = fopen(path, "wb");
	fwrite(w.p, 1, w.len, f);
	for (int i = 0; i < 1024 * 1024; i += 1024) {
		static const char zero[1024];
		fwrite(zero, 1, sizeof(zero), f);
	}
	fclose(f);
	sw_error_clear(&err);
	assert_int_equal(tz_load("Huge", dir, &z, &err), SW_EINVALID);
	assert_non_null(strstr(err.detail, "larger"));
	assert_int_equal(tz_load("Missing", dir, &z, &err), SW_ENOTFOUND);
	snprintf(path, sizeof(path), "%s/Hand_Built", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/Text", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/Huge", dir);
	unlink(path);
	rmdir(dir);
}

/* ---- calendars ---- */

static void office(struct calendar *c, const struct tz *z, const char *spec)
{
	struct sw_error err;
	sw_error_clear(&err);
	cal_init(c, z);
	if (cal_parse_week(c, spec, &err) != SW_OK)
		fail_msg("cal_parse_week(%s): %s", spec, err.detail);
}

static int64_t add(const struct calendar *c, int64_t start, int64_t seconds)
{
	struct sw_error err;
	int64_t out = -1;
	if (cal_add_business(c, start, seconds, &out, &err) != SW_OK)
		fail_msg("cal_add_business: %s", err.detail);
	return out;
}

static void business_london(void **state)
{
	(void)state;
	struct tz *z = load("Europe/London");
	struct calendar c;
	office(&c, z, "mon-fri 09:00-17:00");
	const struct {
		int64_t from, to, want;
	} cases[] = {
		/* Friday 16:00 to Monday 10:00 (GMT): one hour each side of the weekend */
		{UTC(2026, 3, 13, 16, 0, 0), UTC(2026, 3, 16, 10, 0, 0), 2 * H},
		/* across midnight */
		{UTC(2026, 3, 17, 16, 0, 0), UTC(2026, 3, 18, 10, 0, 0), 2 * H},
		/* a whole working week */
		{UTC(2026, 3, 16, 0, 0, 0), UTC(2026, 3, 23, 0, 0, 0), 40 * H},
		/* summer: 09:00-17:00 BST is 08:00-16:00 UTC */
		{UTC(2026, 6, 1, 8, 0, 0), UTC(2026, 6, 1, 16, 0, 0), 8 * H},
		{UTC(2026, 6, 1, 7, 0, 0), UTC(2026, 6, 1, 8, 0, 0), 0},
		{UTC(2026, 6, 1, 16, 0, 0), UTC(2026, 6, 1, 17, 0, 0), 0},
		/* the weeks of the DST changes are ordinary 40-hour weeks */
		{UTC(2026, 3, 23, 0, 0, 0), UTC(2026, 4, 6, 0, 0, 0), 80 * H},
		{UTC(2026, 10, 19, 0, 0, 0), UTC(2026, 11, 2, 0, 0, 0), 80 * H},
		/* weekend only; empty and reversed intervals */
		{UTC(2026, 3, 14, 0, 0, 0), UTC(2026, 3, 16, 0, 0, 0), 0},
		{UTC(2026, 3, 16, 10, 0, 0), UTC(2026, 3, 16, 10, 0, 0), 0},
		{UTC(2026, 3, 16, 11, 0, 0), UTC(2026, 3, 16, 10, 0, 0), 0},
		/* a year: 261 working days in 2026 */
		{UTC(2026, 1, 1, 0, 0, 0), UTC(2027, 1, 1, 0, 0, 0), 261 * 8 * H},
		{UTC(2026, 3, 16, 9, 0, 0), UTC(2026, 3, 16, 9, 0, 1), 1},
		{UTC(2026, 3, 16, 16, 59, 59), UTC(2026, 3, 16, 17, 0, 0), 1},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int64_t got = cal_business_seconds(&c, cases[i].from, cases[i].to);
		if (got != cases[i].want)
			fail_msg("case %zu: %lld, want %lld", i, (long long)got, (long long)cases[i].want);
	}
	/* a holiday on Monday 2026-03-16 */
	struct sw_error err;
	assert_int_equal(cal_add_holiday(&c, 20260316, &err), SW_OK);
	assert_int_equal(cal_business_seconds(&c, UTC(2026, 3, 13, 16, 0, 0), UTC(2026, 3, 17, 10, 0, 0)), 2 * H);
	assert_int_equal(cal_business_seconds(&c, UTC(2026, 3, 16, 0, 0, 0), UTC(2026, 3, 23, 0, 0, 0)), 32 * H);
	assert_false(cal_is_working(&c, UTC(2026, 3, 16, 12, 0, 0)));
	assert_int_equal(add(&c, UTC(2026, 3, 13, 16, 0, 0), 2 * H), UTC(2026, 3, 17, 10, 0, 0));

	/* 40 business hours from Wednesday afternoon: more than a calendar week */
	cal_init(&c, z);
	assert_int_equal(cal_parse_week(&c, "mon-fri 09:00-17:00", &err), SW_OK);
	assert_int_equal(add(&c, UTC(2026, 3, 4, 13, 0, 0), 40 * H), UTC(2026, 3, 11, 13, 0, 0));
	assert_int_equal(cal_add_holiday(&c, 20260309, &err), SW_OK);
	assert_int_equal(add(&c, UTC(2026, 3, 4, 13, 0, 0), 40 * H), UTC(2026, 3, 12, 13, 0, 0));
	/* ... and across the spring change: ends at 13:00 BST */
	assert_int_equal(add(&c, UTC(2026, 3, 25, 13, 0, 0), 40 * H), UTC(2026, 4, 1, 12, 0, 0));
	assert_int_equal(cal_business_seconds(&c, UTC(2026, 3, 25, 13, 0, 0), UTC(2026, 4, 1, 12, 0, 0)), 40 * H);
	/* starting outside working hours moves to the next opening */
	assert_int_equal(add(&c, UTC(2026, 3, 14, 12, 0, 0), H), UTC(2026, 3, 16, 10, 0, 0));
	assert_int_equal(add(&c, UTC(2026, 3, 16, 7, 0, 0), H), UTC(2026, 3, 16, 10, 0, 0));
	assert_int_equal(add(&c, UTC(2026, 3, 16, 17, 0, 0), 1), UTC(2026, 3, 17, 9, 0, 1));
	assert_int_equal(add(&c, UTC(2026, 6, 5, 15, 30, 0), H), UTC(2026, 6, 8, 8, 30, 0));
	/* ending exactly at a range end gives the end, not the next opening */
	assert_int_equal(add(&c, UTC(2026, 3, 16, 9, 0, 0), 8 * H), UTC(2026, 3, 16, 17, 0, 0));
	assert_int_equal(add(&c, UTC(2026, 3, 16, 16, 0, 0), H), UTC(2026, 3, 16, 17, 0, 0));
	assert_int_equal(add(&c, UTC(2026, 3, 13, 8, 0, 0), 8 * H), UTC(2026, 3, 13, 17, 0, 0));
	/* zero seconds: the start itself, even outside hours */
	assert_int_equal(add(&c, UTC(2026, 3, 14, 12, 0, 0), 0), UTC(2026, 3, 14, 12, 0, 0));
	int64_t out = 42;
	sw_error_clear(&err);
	assert_int_equal(cal_add_business(&c, 0, -1, &out, &err), SW_EINVALID);
	assert_int_equal(out, 42);
	/* beyond year 9999 */
	assert_int_equal(cal_add_business(&c, UTC(9999, 12, 1, 0, 0, 0), 1000 * H, &out, &err), SW_EINVALID);
	assert_int_equal(out, 42);

	assert_true(cal_is_working(&c, UTC(2026, 3, 17, 9, 0, 0)));
	assert_false(cal_is_working(&c, UTC(2026, 3, 17, 8, 59, 59)));
	assert_true(cal_is_working(&c, UTC(2026, 3, 17, 16, 59, 59)));
	assert_false(cal_is_working(&c, UTC(2026, 3, 17, 17, 0, 0)));
	assert_true(cal_is_working(&c, UTC(2026, 7, 7, 8, 0, 0)));
	assert_false(cal_is_working(&c, UTC(2026, 7, 7, 16, 0, 0)));
	assert_false(cal_is_working(&c, UTC(2026, 3, 21, 12, 0, 0)));
	assert_false(cal_is_working(&c, INT64_MAX));
	tz_free(z);
}

/* Night hours on Sunday contain the DST change: 3 h of real time on the
 * spring-forward night, 5 h on the fall-back night, 4 h otherwise. */
static void business_dst_nights(void **state)
{
	(void)state;
	static const struct {
		const char *zone;
		int y, m, d, hours;
	} nights[] = {
		{"Europe/London", 2026, 3, 22, 4},    {"Europe/London", 2026, 3, 29, 3},
		{"Europe/London", 2026, 10, 25, 5},   {"Europe/London", 2026, 11, 1, 4},
		{"Europe/London", 2090, 3, 26, 3},    {"Europe/London", 2090, 10, 29, 5},
		{"America/New_York", 2026, 3, 8, 3},  {"America/New_York", 2026, 11, 1, 5},
		{"America/New_York", 2026, 11, 8, 4},
	};
	for (size_t i = 0; i < ARRAY_LEN(nights); i++) {
		struct tz *z = load(nights[i].zone);
		struct calendar c;
		office(&c, z, "sun 00:00-04:00");
		int64_t from = tz_local_to_utc(z, nights[i].y, nights[i].m, nights[i].d, 0);
		int64_t to = tz_local_to_utc(z, nights[i].y, nights[i].m, nights[i].d + 1, 0);
		int64_t end = tz_local_to_utc(z, nights[i].y, nights[i].m, nights[i].d, 4 * H);
		assert_int_equal(end - from, nights[i].hours * H);
		assert_int_equal(cal_business_seconds(&c, from - 86400, to + 86400), nights[i].hours * H);
		assert_int_equal(cal_business_seconds(&c, from, to), nights[i].hours * H);
		assert_int_equal(add(&c, from, nights[i].hours * H), end);
		assert_int_equal(add(&c, from - 3 * 86400, nights[i].hours * H), end);
		/* one second more runs into the following Sunday */
		int64_t next = tz_local_to_utc(z, nights[i].y, nights[i].m, nights[i].d + 7, 0);
		assert_int_equal(add(&c, from, nights[i].hours * H + 1), next + 1);
		assert_true(cal_is_working(&c, end - 1));
		assert_false(cal_is_working(&c, end));
		tz_free(z);
	}
	/* the repeated hour of the fall-back night counts both times */
	struct tz *z = load("Europe/London");
	struct calendar c;
	office(&c, z, "sun 01:00-02:00");
	assert_true(cal_is_working(&c, UTC(2026, 10, 25, 0, 30, 0)));
	assert_true(cal_is_working(&c, UTC(2026, 10, 25, 1, 30, 0)));
	assert_int_equal(cal_business_seconds(&c, UTC(2026, 10, 24, 0, 0, 0), UTC(2026, 10, 26, 0, 0, 0)), 2 * H);
	/* and a range wholly inside the spring gap is a zero-length day */
	assert_int_equal(cal_business_seconds(&c, UTC(2026, 3, 28, 0, 0, 0), UTC(2026, 3, 30, 0, 0, 0)), 0);
	assert_int_equal(add(&c, UTC(2026, 3, 28, 12, 0, 0), 1800), UTC(2026, 4, 5, 0, 30, 0));
	assert_int_equal(add(&c, UTC(2026, 3, 22, 1, 0, 0), H), UTC(2026, 3, 22, 2, 0, 0));
	tz_free(z);
	/* Lord Howe's half-hour shift */
	z = load("Australia/Lord_Howe");
	office(&c, z, "sun 00:00-04:00");
	assert_int_equal(cal_business_seconds(&c, UTC(2026, 10, 3, 0, 0, 0), UTC(2026, 10, 4, 0, 0, 0)), 3 * H + 1800);
	assert_int_equal(cal_business_seconds(&c, UTC(2026, 4, 4, 0, 0, 0), UTC(2026, 4, 5, 0, 0, 0)), 4 * H + 1800);
	tz_free(z);
}

static void business_ranges(void **state)
{
	(void)state;
	struct tz *z = load("America/New_York");
	struct calendar c;
	office(&c, z, "mon-fri 09:00-12:30,13:30-17:00; sat 10:00-14:00");
	/* Monday 2026-03-16, EDT (UTC-4) */
	int64_t mon = tz_local_to_utc(z, 2026, 3, 16, 0);
	assert_int_equal(cal_business_seconds(&c, mon, mon + 86400), 7 * H);
	assert_int_equal(add(&c, mon + 12 * H, H), mon + 14 * H);
	assert_int_equal(add(&c, mon + 12 * H, 1800), mon + 12 * H + 1800);
	assert_int_equal(add(&c, mon + 12 * H + 1800, 1), mon + 13 * H + 1800 + 1);
	assert_int_equal(add(&c, mon + 12 * H, 5 * H), tz_local_to_utc(z, 2026, 3, 17, 10 * H));
	assert_false(cal_is_working(&c, mon + 13 * H));
	assert_true(cal_is_working(&c, mon + 13 * H + 1800));
	int64_t week = cal_business_seconds(&c, mon, tz_local_to_utc(z, 2026, 3, 23, 0));
	assert_int_equal(week, 5 * 7 * H + 4 * H);
	/* Friday 16:00 + 2 h: one hour Friday, one Saturday */
	assert_int_equal(add(&c, mon + 4 * 86400 + 16 * H, 2 * H), mon + 5 * 86400 + 11 * H);
	tz_free(z);

	/* UTC calendar from a NULL zone, ending at midnight */
	office(&c, NULL, "sun 22:00-24:00; mon 00:00-01:00");
	int64_t sun = UTC(2026, 3, 15, 0, 0, 0);
	assert_int_equal(cal_business_seconds(&c, sun, sun + 2 * 86400), 3 * H);
	assert_int_equal(add(&c, sun, 2 * H), sun + 86400);
	assert_int_equal(add(&c, sun, 2 * H + 1), sun + 86400 + 1);
	assert_true(cal_is_working(&c, sun + 86400));
}

static void business_24x7(void **state)
{
	(void)state;
	struct tz *z = load("Europe/London");
	struct calendar c;
	struct sw_error err;
	office(&c, z, "24x7");
	assert_true(c.always);
	assert_true(cal_has_working_time(&c));
	assert_int_equal(cal_add_holiday(&c, 20261225, &err), SW_OK);
	int64_t t = UTC(2026, 10, 24, 12, 0, 0);
	assert_int_equal(cal_business_seconds(&c, t, t + 3 * 86400), 3 * 86400);
	assert_int_equal(cal_business_seconds(&c, UTC(2026, 12, 25, 0, 0, 0), UTC(2026, 12, 26, 0, 0, 0)), 86400);
	assert_int_equal(cal_business_seconds(&c, INT64_MIN, INT64_MAX), INT64_MAX);
	assert_int_equal(add(&c, t, 40 * H), t + 40 * H);
	assert_true(cal_is_working(&c, UTC(2026, 12, 25, 3, 0, 0)));
	int64_t out = 7;
	assert_int_equal(cal_add_business(&c, INT64_MAX - 5, 10, &out, &err), SW_EINVALID);
	assert_int_equal(out, 7);
	tz_free(z);
}

static void business_none(void **state)
{
	(void)state;
	struct calendar c;
	struct sw_error err;
	int64_t out = 9;
	cal_init(&c, NULL);
	assert_false(cal_has_working_time(&c));
	assert_int_equal(cal_business_seconds(&c, 0, 86400 * 30), 0);
	sw_error_clear(&err);
	assert_int_equal(cal_add_business(&c, 0, 1, &out, &err), SW_EINVALID);
	assert_int_equal(err.code, SW_EINVALID);
	assert_int_equal(out, 9);
	assert_int_equal(cal_add_business(&c, 0, 0, &out, &err), SW_OK);
	assert_int_equal(out, 0);
	assert_false(cal_is_working(&c, 0));
	/* working hours that holidays blot out for a long stretch still end */
	assert_int_equal(cal_parse_week(&c, "mon 09:00-10:00", &err), SW_OK);
	for (int64_t d = tz_days_from_civil(2026, 1, 5); c.holiday_count < CAL_HOLIDAYS_MAX; d += 7) {
		int y, m, dd;
		tz_civil_from_days(d, &y, &m, &dd);
		assert_int_equal(cal_add_holiday(&c, y * 10000 + m * 100 + dd, &err), SW_OK);
	}
	int64_t got = -1;
	assert_int_equal(cal_add_business(&c, UTC(2026, 1, 1, 0, 0, 0), 1, &got, &err), SW_OK);
	int y, m, d;
	tz_civil_from_days(got / 86400, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20351029);
	assert_int_equal(got % 86400, 9 * H + 1);
}

/* For random starts and amounts, adding then measuring gives the amount
 * back, and one second earlier would not have been enough. */
static void business_property(void **state)
{
	(void)state;
	static const struct {
		const char *zone, *spec;
	} cals[] = {
		{"Europe/London", "mon-fri 09:00-17:00"},
		{"Europe/London", "sun 00:00-04:00; sat 01:00-02:00,23:00-24:00"},
		{"America/New_York", "mon-fri 09:00-12:30,13:30-17:00; sat 10:00-14:00"},
		{"Australia/Lord_Howe", "mon-sun 01:30-02:30,08:00-18:00"},
		{"Asia/Kathmandu", "sun-thu 10:00-17:00"},
		{"UTC", "wed 00:00-24:00"},
		{"Europe/London", "24x7"},
	};
	struct sw_error err;
	for (size_t i = 0; i < ARRAY_LEN(cals); i++) {
		struct tz *z = load(cals[i].zone);
		struct calendar c;
		office(&c, z, cals[i].spec);
		static const int32_t holidays[] = {20251225, 20260101, 20260403, 20260406, 20260525, 20261225};
		for (size_t h = 0; h < ARRAY_LEN(holidays); h++)
			assert_int_equal(cal_add_holiday(&c, holidays[h], &err), SW_OK);
		for (int n = 0; n < 1500; n++) {
			int64_t start = rng_range(UTC(2025, 12, 1, 0, 0, 0), UTC(2027, 1, 1, 0, 0, 0));
			int64_t secs = n % 10 == 0 ? rng_range(0, 10) : rng_range(0, 200 * H);
			int64_t end = add(&c, start, secs);
			assert_true(end >= start);
			int64_t got = cal_business_seconds(&c, start, end);
			if (got != secs)
				fail_msg("%s '%s' from %lld + %lld: end %lld measures %lld", cals[i].zone, cals[i].spec,
					 (long long)start, (long long)secs, (long long)end, (long long)got);
			if (secs > 0) {
				assert_int_equal(cal_business_seconds(&c, start, end - 1), secs - 1);
				assert_true(cal_is_working(&c, end - 1));
			}
			/* measuring is additive over any split point */
			int64_t mid = rng_range(start, end);
			assert_int_equal(cal_business_seconds(&c, start, mid) + cal_business_seconds(&c, mid, end),
					 secs);
		}
		tz_free(z);
	}
}

/* ---- building calendars ---- */

static void calendar_ranges(void **state)
{
	(void)state;
	struct calendar c;
	struct sw_error err;
	cal_init(&c, NULL);
	static const struct {
		int wd, s, e;
	} bad[] = {{7, 0, 60}, {-1, 0, 60}, {1, -1, 60}, {1, 0, 1441}, {1, 60, 60}, {1, 90, 60}};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		sw_error_clear(&err);
		assert_int_equal(cal_add_range(&c, bad[i].wd, bad[i].s, bad[i].e, &err), SW_EINVALID);
		assert_int_equal(err.code, SW_EINVALID);
	}
	assert_false(cal_has_working_time(&c));
	assert_int_equal(cal_add_range(&c, 1, 780, 1020, &err), SW_OK);
	assert_int_equal(cal_add_range(&c, 1, 540, 720, &err), SW_OK);
	assert_int_equal(cal_add_range(&c, 1, 720, 780, &err), SW_OK); /* touching is fine */
	assert_int_equal(cal_add_range(&c, 1, 700, 800, &err), SW_EINVALID);
	assert_int_equal(cal_add_range(&c, 1, 0, 1440, &err), SW_EINVALID);
	assert_int_equal(cal_add_range(&c, 1, 1380, 1440, &err), SW_OK);
	assert_int_equal(cal_add_range(&c, 1, 0, 60, &err), SW_EINVALID); /* a fifth range */
	assert_int_equal(c.week_count[1], 4);
	static const int starts[] = {540, 720, 780, 1380};
	for (int i = 0; i < 4; i++)
		assert_int_equal(c.week[1][i].start_min, starts[i]);
	assert_true(cal_has_working_time(&c));
	/* 2026-03-16 is a Monday */
	assert_int_equal(cal_business_seconds(&c, UTC(2026, 3, 16, 0, 0, 0), UTC(2026, 3, 17, 0, 0, 0)), 9 * H);
}

static void calendar_holidays(void **state)
{
	(void)state;
	struct calendar c;
	struct sw_error err;
	cal_init(&c, NULL);
	static const int32_t bad[] = {20260230,  20261301,  20260000, 20260132, 0,
				      100000101, -20260101, 20250229, 19000229};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		sw_error_clear(&err);
		assert_int_equal(cal_add_holiday(&c, bad[i], &err), SW_EINVALID);
	}
	assert_int_equal(c.holiday_count, 0);
	static const int32_t good[] = {20261225, 20240229, 20000229, 20260101, 20261225, 99991231, 10101};
	for (size_t i = 0; i < ARRAY_LEN(good); i++)
		assert_int_equal(cal_add_holiday(&c, good[i], &err), SW_OK);
	assert_int_equal(c.holiday_count, 6);
	static const int32_t sorted[] = {10101, 20000229, 20240229, 20260101, 20261225, 99991231};
	for (size_t i = 0; i < ARRAY_LEN(sorted); i++) {
		assert_int_equal(c.holidays[i], sorted[i]);
		assert_true(cal_is_holiday(&c, sorted[i]));
	}
	assert_false(cal_is_holiday(&c, 20261224));
	assert_false(cal_is_holiday(&c, 0));
	cal_init(&c, NULL);
	for (int64_t d = tz_days_from_civil(2020, 1, 1); c.holiday_count < CAL_HOLIDAYS_MAX; d += 2) {
		int y, m, dd;
		tz_civil_from_days(d, &y, &m, &dd);
		assert_int_equal(cal_add_holiday(&c, y * 10000 + m * 100 + dd, &err), SW_OK);
	}
	assert_int_equal(cal_add_holiday(&c, c.holidays[100], &err), SW_OK); /* a duplicate still fits */
	sw_error_clear(&err);
	assert_int_equal(cal_add_holiday(&c, 20200102, &err), SW_EINVALID);
	assert_int_equal(c.holiday_count, CAL_HOLIDAYS_MAX);
	for (size_t i = 1; i < c.holiday_count; i++)
		assert_true(c.holidays[i - 1] < c.holidays[i]);
}

/* The weekly ranges as "d:start-end,...;" for comparison. */
static const char *week_text(const struct calendar *c, char *out, size_t max)
{
	size_t n = 0;
	out[0] = 0;
	if (c->always)
		return "24x7";
	for (int d = 0; d < 7; d++) {
		for (int i = 0; i < c->week_count[d]; i++)
			n += (size_t)snprintf(out + n, max - n, "%s%d:%d-%d", n ? " " : "", d, c->week[d][i].start_min,
					      c->week[d][i].end_min);
	}
	return out;
}

static void calendar_parse(void **state)
{
	(void)state;
	static const struct {
		const char *spec, *want;
	} ok[] = {
		{"24x7", "24x7"},
		{"  24X7 ", "24x7"},
		{"mon-fri 09:00-17:00", "1:540-1020 2:540-1020 3:540-1020 4:540-1020 5:540-1020"},
		{"MON-Fri 9:00-17:00", "1:540-1020 2:540-1020 3:540-1020 4:540-1020 5:540-1020"},
		{"mon-fri 09:00-12:30,13:30-17:00; sat 10:00-14:00",
		 "1:540-750 1:810-1020 2:540-750 2:810-1020 3:540-750 3:810-1020 4:540-750 4:810-1020 5:540-750 "
		 "5:810-1020 6:600-840"},
		{"sun 00:00-24:00", "0:0-1440"},
		{"fri-mon 22:00-24:00", "0:1320-1440 1:1320-1440 5:1320-1440 6:1320-1440"},
		{"sat-sun 10:00-11:00", "0:600-660 6:600-660"},
		{"mon,wed,fri 08:00-09:00", "1:480-540 3:480-540 5:480-540"},
		{"mon-tue,thu 08:00-09:00", "1:480-540 2:480-540 4:480-540"},
		{"mon 08:00-09:00 , 10:00-11:00", "1:480-540 1:600-660"},
		{"mon 13:00-14:00,08:00-09:00", "1:480-540 1:780-840"},
		{"mon 08:00-09:00; mon 09:00-10:00", "1:480-540 1:540-600"},
		{" mon\t08:00-09:00 ;tue 00:00-00:01 ", "1:480-540 2:0-1"},
		{"mon-mon 23:59-24:00", "1:1439-1440"},
		{"mon,mon,mon-mon 09:00-10:00", "1:540-600"},
		{"mon 00:00-06:00,06:00-12:00,12:00-18:00,18:00-24:00", "1:0-360 1:360-720 1:720-1080 1:1080-1440"},
	};
	char buf[512];
	for (size_t i = 0; i < ARRAY_LEN(ok); i++) {
		struct calendar c;
		struct sw_error err;
		sw_error_clear(&err);
		cal_init(&c, NULL);
		assert_int_equal(cal_add_holiday(&c, 20260101, &err), SW_OK);
		if (cal_parse_week(&c, ok[i].spec, &err) != SW_OK)
			fail_msg("'%s': %s", ok[i].spec, err.detail);
		assert_string_equal(week_text(&c, buf, sizeof(buf)), ok[i].want);
		assert_int_equal(c.holiday_count, 1); /* holidays are kept */
	}
	static const struct {
		const char *spec, *detail;
	} bad[] = {
		{"", "is empty"},
		{"   ", "is empty"},
		{"24x7; mon 09:00-10:00", "unknown day '24x7'"},
		{"mox 09:00-17:00", "unknown day 'mox'"},
		{"monday 09:00-17:00", "unknown day 'monday'"},
		{"mon-fry 09:00-17:00", "unknown day 'mon-fry'"},
		{"mon-tue-wed 09:00-17:00", "unknown day 'mon-tue-wed'"},
		{"mon, 09:00-17:00", "ends with a comma"},
		{",mon 09:00-17:00", "unknown day ''"},
		{"mon,,tue 09:00-17:00", "unknown day ''"},
		{"09:00-17:00", "unknown day '09:00-17:00'"},
		{"mon", "has no time ranges"},
		{"mon-fri", "has no time ranges"},
		{"mon 09:00", "bad time range '09:00'"},
		{"mon 9-17", "bad time range '9-17'"},
		{"mon 09:00-17:00,", "bad time range ''"},
		{"mon 09:00-25:00", "bad time range '09:00-25:00'"},
		{"mon 24:00-24:00", "bad time range '24:00-24:00'"},
		{"mon 09:00-24:01", "bad time range '09:00-24:01'"},
		{"mon 09:60-10:00", "bad time range '09:60-10:00'"},
		{"mon 009:00-10:00", "bad time range '009:00-10:00'"},
		{"mon 09:0-10:00", "bad time range '09:0-10:00'"},
		{"mon +9:00-10:00", "bad time range '+9:00-10:00'"},
		{"mon 09:00 - 10:00", "bad time range '09:00 - 10:00'"},
		{"mon 17:00-09:00", "must end after it starts"},
		{"mon 09:00-09:00", "must end after it starts"},
		{"mon 09:00-12:00,11:00-13:00", "ranges overlap"},
		{"mon-fri 09:00-17:00; wed 16:00-18:00", "on wed: ranges overlap"},
		{"mon 01:00-02:00,02:00-03:00,03:00-04:00,04:00-05:00,05:00-06:00", "too many ranges"},
		{"mon 09:00-17:00;", "empty day group"},
		{"mon 09:00-17:00;;tue 09:00-17:00", "empty day group"},
		{"m\xc3\xb6n 09:00-17:00", "unknown day 'm??n'"},
		{"mon 09:00-17:00 '; drop", "bad time range '09:00-17:00 ?'"},
		{"mon 09:00-17:00\n", "bad time range '09:00-17:00?'"},
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct calendar c, before;
		struct sw_error err;
		sw_error_clear(&err);
		cal_init(&c, NULL);
		assert_int_equal(cal_parse_week(&c, "sat 10:00-11:00", &err), SW_OK);
		before = c;
		if (cal_parse_week(&c, bad[i].spec, &err) != SW_EINVALID)
			fail_msg("'%s' accepted", bad[i].spec);
		assert_int_equal(err.code, SW_EINVALID);
		assert_string_equal(err.type, "validation");
		assert_int_equal(err.field_count, 1);
		assert_string_equal(err.fields[0].field, "hours");
		if (!strstr(err.fields[0].detail, bad[i].detail))
			fail_msg("'%s': detail '%s' lacks '%s'", bad[i].spec, err.fields[0].detail, bad[i].detail);
		assert_memory_equal(&c, &before, sizeof(c)); /* untouched on failure */
	}
	struct calendar c;
	struct sw_error err;
	cal_init(&c, NULL);
	sw_error_clear(&err);
	assert_int_equal(cal_parse_week(&c, NULL, &err), SW_EINVALID);
	assert_string_equal(err.fields[0].field, "hours");
	/* length bound */
	static char long_spec[1100];
	size_t n = 0;
	while (n + 20 < 1025)
		n += (size_t)snprintf(long_spec + n, sizeof(long_spec) - n, "%s", "mon 00:00-00:01;    ");
	memset(long_spec + n, ' ', 1025 - n);
	long_spec[1025] = 0;
	sw_error_clear(&err);
	assert_int_equal(cal_parse_week(&c, long_spec, &err), SW_EINVALID);
	assert_non_null(strstr(err.fields[0].detail, "at most 1024"));
	/* long bad parts are cut short in the message */
	sw_error_clear(&err);
	assert_int_equal(cal_parse_week(&c, "mon 09:00-10:00,0123456789012345678901234567890123456789012345", &err),
			 SW_EINVALID);
	assert_non_null(strstr(err.fields[0].detail, "'0123456789012345678901234567890123456789~'"));
	/* replacing 24x7 by a week clears always */
	assert_int_equal(cal_parse_week(&c, "24x7", &err), SW_OK);
	assert_true(c.always);
	assert_int_equal(cal_parse_week(&c, "mon 09:00-10:00", &err), SW_OK);
	assert_false(c.always);
}

static void date_parse(void **state)
{
	(void)state;
	int64_t d = -1;
	assert_int_equal(tz_parse_date("1970-01-01", 10, &d), SW_OK);
	assert_int_equal(d, 0);
	assert_int_equal(tz_parse_date("2024-02-29", 10, &d), SW_OK);
	assert_int_equal(d, tz_days_from_civil(2024, 2, 29));
	assert_int_equal(tz_parse_date("9999-12-31", 10, &d), SW_OK);
	static const char *const bad[] = {"2026-02-29",  "2025-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
					  "2026-01-00",  "1969-12-31", "2026-1-01",  "2026/01/01", "+026-01-01",
					  "2026-01-01x", "20260101",   "",           "2026-01-+1", " 026-01-01"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		d = -7;
		assert_int_equal(tz_parse_date(bad[i], strlen(bad[i]), &d), SW_EINVALID);
		assert_int_equal(d, -7); /* untouched on failure */
	}
	assert_int_equal(tz_parse_date(NULL, 10, &d), SW_EINVALID);
}

/* Every instant of the period falls in exactly one span, in order, and a
 * constant span's (t + offset) / 86400 is the local date tz.c gives. */
static void check_spans(const char *zone, int y, int m, int d, int days, size_t want_spans)
{
	struct tz *z = load(zone);
	struct report_span spans[REPORT_DAYS_MAX];
	int64_t from = tz_days_from_civil(y, m, d), to = from + days - 1;
	size_t n = report_plan_spans(z, from, to, spans, ARRAY_LEN(spans));
	if (want_spans)
		assert_int_equal(n, want_spans);
	assert_true(n >= 1);
	assert_int_equal(spans[0].start, tz_local_to_utc(z, y, m, d, 0));
	for (size_t i = 0; i < n; i++) {
		const struct report_span *sp = &spans[i];
		if (i)
			assert_int_equal(sp->start, spans[i - 1].end);
		for (int64_t t = sp->start; t < sp->end; t += 599) {
			struct tz_local l;
			tz_to_local(z, t, &l);
			int64_t local = tz_days_from_civil(l.year, l.month, l.day);
			if (sp->constant)
				assert_int_equal((t + sp->offset) / 86400, local);
			else
				assert_int_equal(sp->first_day, local);
			assert_true(local >= from && local <= to);
		}
	}
	int ey, em, ed;
	tz_civil_from_days(to + 1, &ey, &em, &ed);
	assert_int_equal(spans[n - 1].end, tz_local_to_utc(z, ey, em, ed, 0));
	/* too little room is refused, not overrun */
	if (n > 1)
		assert_int_equal(report_plan_spans(z, from, to, spans, n - 1), 0);
	tz_free(z);
}

static void report_spans(void **state)
{
	(void)state;
	check_spans("UTC", 2026, 1, 1, 366, 1);
	check_spans("Etc/GMT+12", 2026, 3, 1, 31, 1);
	/* a year in London: winter, the spring day, summer, the autumn day, winter */
	check_spans("Europe/London", 2026, 1, 1, 365, 5);
	check_spans("Europe/London", 2026, 3, 29, 1, 1);
	check_spans("America/New_York", 2026, 2, 20, 30, 3);
	check_spans("Australia/Lord_Howe", 2026, 1, 1, 366, 0);
	/* Cuba changes its clocks at midnight; Samoa skipped 30 December 2011 */
	check_spans("America/Havana", 2012, 1, 1, 366, 0);
	check_spans("Pacific/Apia", 2011, 12, 25, 10, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(civil_known),         cmocka_unit_test(civil_round_trip),
		cmocka_unit_test(zone_offsets),        cmocka_unit_test(zone_to_local),
		cmocka_unit_test(zone_local_to_utc),   cmocka_unit_test(zone_round_trip),
		cmocka_unit_test(zone_names),          cmocka_unit_test(tzif_versions),
		cmocka_unit_test(tzif_footer_rules),   cmocka_unit_test(tzif_footer_matches_file),
		cmocka_unit_test(tzif_malformed),      cmocka_unit_test(tzif_hostile_values),
		cmocka_unit_test(tz_load_files),       cmocka_unit_test(business_london),
		cmocka_unit_test(business_dst_nights), cmocka_unit_test(business_ranges),
		cmocka_unit_test(business_24x7),       cmocka_unit_test(business_none),
		cmocka_unit_test(business_property),   cmocka_unit_test(calendar_ranges),
		cmocka_unit_test(calendar_holidays),   cmocka_unit_test(calendar_parse),
		cmocka_unit_test(date_parse),          cmocka_unit_test(report_spans),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
