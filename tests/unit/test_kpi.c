/*
 * test_kpi.c — how a KPI series is read from the day and the hour totals
 * (kpi_split_days, kpi_split_edge, kpi_interval_at in core/report/kpi.h):
 * hand-worked boundaries in UTC, a zone an hour ahead, the days the
 * clocks change and a half-hour zone; then, for days, weeks and months of
 * several zones over years with their clock changes, the sums read the
 * split way against the same hours added up one by one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/report/kpi.h"
#include "core/sla/tz.h"

#define HOURS_OF(y, m, d) (tz_days_from_civil(y, m, d) * 24)

static struct tz *zone(const char *name)
{
	struct sw_error err;
	sw_error_clear(&err);
	struct tz *z = NULL;
	assert_int_equal(tz_load(name, NULL, &z, &err), SW_OK);
	return z;
}

/* Hour boundaries of the intervals of [from, to] in zone name; n back. */
static size_t plan_hours(const char *name, int64_t from, int64_t to, enum kpi_interval iv, int64_t *hours, size_t max)
{
	struct tz *z = zone(name);
	int64_t *starts = calloc(max + 1, sizeof(*starts)), *days = calloc(max, sizeof(*days));
	assert_non_null(starts);
	assert_non_null(days);
	size_t n = kpi_plan(z, from, to, iv, starts, days, max);
	assert_true(n > 0);
	for (size_t i = 0; i <= n; i++) /* as measure_hours: the UTC hour an interval begins in */
		hours[i] = starts[i] / 3600 - (starts[i] % 3600 < 0);
	free(starts);
	free(days);
	tz_free(z);
	return n;
}

/* UTC: every boundary a midnight, every day whole, no hour read. */
static void utc_days_whole(void **state)
{
	(void)state;
	int64_t hours[3] = {HOURS_OF(2026, 3, 2), HOURS_OF(2026, 3, 9), HOURS_OF(2026, 3, 16)};
	int64_t from, to;
	kpi_split_days(hours, 2, &from, &to);
	assert_int_equal(from, tz_days_from_civil(2026, 3, 2));
	assert_int_equal(to, tz_days_from_civil(2026, 3, 16));
	struct kpi_edge e;
	for (size_t j = 0; j <= 2; j++)
		assert_false(kpi_split_edge(hours, 2, j, &e));
	assert_int_equal(kpi_interval_at(hours, 2, HOURS_OF(2026, 3, 8) + 12), 0);
	assert_int_equal(kpi_interval_at(hours, 2, HOURS_OF(2026, 3, 9)), 1);
	assert_int_equal(kpi_interval_at(hours, 2, HOURS_OF(2026, 3, 16)), -1);
	assert_int_equal(kpi_interval_at(hours, 2, HOURS_OF(2026, 3, 2) - 1), -1);
}

/* Europe/Paris in winter (UTC+1): weeks begin at 23:00 UTC on Sunday.
 * That hour goes back from the day's interval to the week before. */
static void paris_week_edges(void **state)
{
	(void)state;
	int64_t hours[4];
	size_t n = plan_hours("Europe/Paris", tz_days_from_civil(2026, 1, 5), tz_days_from_civil(2026, 1, 25), KPI_WEEK,
			      hours, 3);
	assert_int_equal(n, 3);
	assert_int_equal(hours[0], HOURS_OF(2026, 1, 4) + 23);
	int64_t from, to;
	kpi_split_days(hours, n, &from, &to);
	assert_int_equal(from, tz_days_from_civil(2026, 1, 5)); /* the 4th's middle is before the series */
	assert_int_equal(to, tz_days_from_civil(2026, 1, 26));  /* the 25th's is within it */
	struct kpi_edge e;
	assert_true(kpi_split_edge(hours, n, 0, &e)); /* 23:00 on the 4th: into week 0, out of nothing */
	assert_int_equal(e.from, HOURS_OF(2026, 1, 4) + 23);
	assert_int_equal(e.to, HOURS_OF(2026, 1, 5));
	assert_int_equal(e.plus, 0);
	assert_int_equal(e.minus, -1);
	assert_true(kpi_split_edge(hours, n, 1, &e)); /* 23:00 on the 11th: from week 0 to week 1 */
	assert_int_equal(e.from, HOURS_OF(2026, 1, 11) + 23);
	assert_int_equal(e.to, HOURS_OF(2026, 1, 12));
	assert_int_equal(e.plus, 1);
	assert_int_equal(e.minus, 0);
	assert_true(kpi_split_edge(hours, n, 3, &e)); /* the end: out of week 2 */
	assert_int_equal(e.plus, -1);
	assert_int_equal(e.minus, 2);
}

/* A zone behind UTC with its boundaries before the day's middle:
 * America/New_York (UTC-5 in winter) begins its days at 05:00 UTC, so the
 * five hours before go to the day before. */
static void new_york_day_edges(void **state)
{
	(void)state;
	int64_t hours[3];
	size_t n = plan_hours("America/New_York", tz_days_from_civil(2026, 1, 5), tz_days_from_civil(2026, 1, 6),
			      KPI_DAY, hours, 2);
	assert_int_equal(n, 2);
	assert_int_equal(hours[1], HOURS_OF(2026, 1, 6) + 5);
	struct kpi_edge e;
	assert_true(kpi_split_edge(hours, n, 1, &e));
	assert_int_equal(e.from, HOURS_OF(2026, 1, 6));
	assert_int_equal(e.to, HOURS_OF(2026, 1, 6) + 5);
	assert_int_equal(e.plus, 0);
	assert_int_equal(e.minus, 1);
	assert_true(kpi_split_edge(hours, n, 0, &e)); /* before the series: only taken out */
	assert_int_equal(e.plus, -1);
	assert_int_equal(e.minus, 0);
}

/* The day the clocks go forward in Paris (29 March 2026, 23 hours) and
 * back (25 October, 25 hours): the boundaries move from 23:00 to 22:00
 * UTC and back; Asia/Kolkata (UTC+5:30) begins its days in the UTC hour
 * 18 (at 18:30), as measure_hours has always counted them. */
static void dst_and_half_hour(void **state)
{
	(void)state;
	int64_t hours[4];
	size_t n = plan_hours("Europe/Paris", tz_days_from_civil(2026, 3, 28), tz_days_from_civil(2026, 3, 30), KPI_DAY,
			      hours, 3);
	assert_int_equal(n, 3);
	assert_int_equal(hours[1], HOURS_OF(2026, 3, 28) + 23);
	assert_int_equal(hours[2], HOURS_OF(2026, 3, 29) + 22); /* 23 hours */
	struct kpi_edge e;
	assert_true(kpi_split_edge(hours, n, 2, &e));
	assert_int_equal(e.from, HOURS_OF(2026, 3, 29) + 22);
	assert_int_equal(e.to, HOURS_OF(2026, 3, 30));
	assert_int_equal(e.plus, 2);
	assert_int_equal(e.minus, 1);
	n = plan_hours("Europe/Paris", tz_days_from_civil(2026, 10, 25), tz_days_from_civil(2026, 10, 25), KPI_DAY,
		       hours, 3);
	assert_int_equal(hours[1] - hours[0], 25);
	n = plan_hours("Asia/Kolkata", tz_days_from_civil(2026, 1, 5), tz_days_from_civil(2026, 1, 6), KPI_DAY, hours,
		       3);
	assert_int_equal(hours[1], HOURS_OF(2026, 1, 5) + 18);
	assert_true(kpi_split_edge(hours, n, 1, &e));
	assert_int_equal(e.from, HOURS_OF(2026, 1, 5) + 18);
	assert_int_equal(e.to, HOURS_OF(2026, 1, 6));
	assert_int_equal(e.plus, 1);
	assert_int_equal(e.minus, 0);
}

/* Boundaries closer than a day, two within one UTC day (not a zone's
 * intervals, but the maths must not care): 03:00 and 20:00. */
static void two_in_a_day(void **state)
{
	(void)state;
	int64_t d = HOURS_OF(2026, 5, 4);
	int64_t hours[4] = {d - 30, d + 3, d + 20, d + 40};
	struct kpi_edge e;
	assert_true(kpi_split_edge(hours, 3, 1, &e));
	assert_int_equal(e.from, d);
	assert_int_equal(e.to, d + 3);
	assert_int_equal(e.plus, 0);
	assert_int_equal(e.minus, 1);
	assert_true(kpi_split_edge(hours, 3, 2, &e));
	assert_int_equal(e.from, d + 20);
	assert_int_equal(e.to, d + 24);
	assert_int_equal(e.plus, 2);
	assert_int_equal(e.minus, 1);
}

/* Sums of made-up hour figures per interval, read one hour at a time and
 * the split way (days whole, the edges added and taken out). */
static void split_equals_hours(const int64_t *hours, size_t n)
{
	int64_t first = hours[0] - 48, last = hours[n] + 48;
	size_t span = (size_t)(last - first);
	int64_t *fig = calloc(span, sizeof(*fig)), *want = calloc(n, sizeof(*want)), *got = calloc(n, sizeof(*got));
	assert_non_null(fig);
	assert_non_null(want);
	assert_non_null(got);
	uint64_t x = 88172645463325252ULL;
	for (size_t h = 0; h < span; h++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		fig[h] = (int64_t)(x % 1000);
	}
	for (int64_t h = hours[0]; h < hours[n]; h++)
		want[kpi_interval_at(hours, n, h)] += fig[h - first];
	int64_t from, to;
	kpi_split_days(hours, n, &from, &to);
	for (int64_t d = from; d < to; d++) {
		int64_t i = kpi_interval_at(hours, n, d * 24 + 12);
		assert_true(i >= 0);
		for (int64_t h = d * 24; h < d * 24 + 24; h++)
			got[i] += fig[h - first];
	}
	for (size_t j = 0; j <= n; j++) {
		struct kpi_edge e;
		if (!kpi_split_edge(hours, n, j, &e))
			continue;
		assert_true(e.to - e.from >= 1 && e.to - e.from <= 12);
		for (int64_t h = e.from; h < e.to; h++) {
			if (e.plus >= 0)
				got[e.plus] += fig[h - first];
			if (e.minus >= 0)
				got[e.minus] -= fig[h - first];
		}
	}
	for (size_t i = 0; i < n; i++)
		assert_int_equal(got[i], want[i]);
	free(fig);
	free(want);
	free(got);
}

static void split_every_zone(void **state)
{
	(void)state;
	static const char *const zones[] = {"UTC",
					    "Europe/London",
					    "Europe/Paris",
					    "America/New_York",
					    "Asia/Kolkata",
					    "Australia/Lord_Howe",
					    "Pacific/Chatham",
					    "America/St_Johns",
					    "Pacific/Kiritimati"};
	enum { MAX = 1000 };
	int64_t hours[MAX + 1];
	for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++)
		for (int iv = 0; iv < KPI_INTERVAL__COUNT; iv++) {
			/* two years and a bit, with every clock change in them,
			 * from a Wednesday to a Sunday */
			size_t n = plan_hours(zones[z], tz_days_from_civil(2025, 1, 1), tz_days_from_civil(2027, 3, 14),
					      (enum kpi_interval)iv, hours, MAX);
			split_equals_hours(hours, n);
		}
	int64_t d = HOURS_OF(2026, 5, 4);
	int64_t close[] = {d - 30, d + 3, d + 20, d + 40, d + 41, d + 60};
	split_equals_hours(close, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utc_days_whole),     cmocka_unit_test(paris_week_edges),
		cmocka_unit_test(new_york_day_edges), cmocka_unit_test(dst_and_half_hour),
		cmocka_unit_test(two_in_a_day),       cmocka_unit_test(split_every_zone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
