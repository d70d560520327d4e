/*
 * test_rrule.c — the recurrence rules of change windows (core/schedule/rrule.c)
 * from tables of cases: rules that parse and their canonical text, rules
 * refused with the detail naming what is wrong, and expansions in real
 * zones (month-end, last Friday, first Monday, DST spring-forward and
 * fall-back in New York and London, COUNT, UNTIL, INTERVAL, occurrences
 * overlapping the start of the span), plus the bounds.  Expected instants
 * were worked out by hand and checked against Python's zoneinfo.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/schedule/rrule.h"
#include "base/util.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *text, *canonical;
} good[] = {
	{"FREQ=DAILY", "FREQ=DAILY"},
	{"freq=weekly;byday=sa,su", "FREQ=WEEKLY;BYDAY=SA,SU"},
	{"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"},
	{"FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"},
	{"FREQ=MONTHLY;BYDAY=+1MO,3WE", "FREQ=MONTHLY;BYDAY=1MO,3WE"},
	{"FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYMONTHDAY=-1"},
	{"FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=12", "FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=12"},
	{"FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261231", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261231"},
	{"UNTIL=20270101T120000Z;FREQ=DAILY", "FREQ=DAILY;UNTIL=20270101T120000Z"},
	{"FREQ=DAILY;INTERVAL=1000;COUNT=1000", "FREQ=DAILY;INTERVAL=1000;COUNT=1000"},
	{"FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13"},
};

static void parses(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		struct rrule r;
		struct sw_error err;
		sw_error_clear(&err);
		enum sw_err rc = rrule_parse(good[i].text, strlen(good[i].text), "recurrence", &r, &err);
		if (rc)
			fail_msg("%s: %s", good[i].text, err.fields[0].detail);
		char out[RRULE_TEXT_MAX + 1];
		rrule_format(&r, out, sizeof(out));
		assert_string_equal(out, good[i].canonical);
		/* the canonical text reads back to the same rule */
		struct rrule again;
		assert_int_equal(rrule_parse(out, strlen(out), "recurrence", &again, &err), SW_OK);
		assert_memory_equal(&r, &again, sizeof(r));
	}
}

static const struct {
	const char *text, *detail; /* a part of the field error's detail */
} bad[] = {
	{"", "must be a rule"},
	{"FREQ=YEARLY", "FREQ=YEARLY is not supported"},
	{"FREQ=HOURLY", "must be DAILY, WEEKLY or MONTHLY"},
	{"INTERVAL=2", "FREQ is required"},
	{"FREQ=DAILY;FREQ=DAILY", "FREQ is given twice"},
	{"FREQ=DAILY;", "ends with ';'"},
	{"FREQ=DAILY;;COUNT=2", "is not NAME=VALUE"},
	{"FREQ", "is not NAME=VALUE"},
	{"FREQ=MONTHLY;BYSETPOS=-1", "BYSETPOS is not supported"},
	{"FREQ=DAILY;BYHOUR=3", "BYHOUR is not supported"},
	{"FREQ=WEEKLY;WKST=SU", "WKST is not supported"},
	{"FREQ=DAILY;INTERVAL=0", "INTERVAL must be a number from 1 to 1000"},
	{"FREQ=DAILY;INTERVAL=1001", "INTERVAL must be"},
	{"FREQ=DAILY;INTERVAL=x", "INTERVAL must be"},
	{"FREQ=DAILY;COUNT=0", "COUNT must be a number from 1 to 1000"},
	{"FREQ=DAILY;COUNT=1001", "COUNT must be"},
	{"FREQ=DAILY;COUNT=2;UNTIL=20260101", "COUNT and UNTIL cannot both be given"},
	{"FREQ=DAILY;UNTIL=20260230", "UNTIL must be a date"},
	{"FREQ=DAILY;UNTIL=20260101T120000", "UNTIL must be a date"},
	{"FREQ=DAILY;UNTIL=20260101T240000Z", "UNTIL must be a date"},
	{"FREQ=WEEKLY;BYDAY=XX", "BYDAY must list"},
	{"FREQ=WEEKLY;BYDAY=MO,MO", "BYDAY must list"},
	{"FREQ=WEEKLY;BYDAY=MO,", "BYDAY must list"},
	{"FREQ=MONTHLY;BYDAY=6MO", "BYDAY must list"},
	{"FREQ=MONTHLY;BYDAY=0MO", "BYDAY must list"},
	{"FREQ=MONTHLY;BYDAY=+-1MO", "BYDAY must list"},
	{"FREQ=WEEKLY;BYDAY=1MO", "BYDAY ordinals such as 1MO or -1FR need FREQ=MONTHLY"},
	{"FREQ=DAILY;BYDAY=-1FR", "need FREQ=MONTHLY"},
	{"FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY must list"},
	{"FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY must list"},
	{"FREQ=MONTHLY;BYMONTHDAY=-32", "BYMONTHDAY must list"},
	{"FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY is not supported with FREQ=WEEKLY"},
};

static void refuses(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct rrule r;
		memset(&r, 0x5a, sizeof(r));
		struct rrule before = r;
		struct sw_error err;
		sw_error_clear(&err);
		enum sw_err rc = rrule_parse(bad[i].text, strlen(bad[i].text), "recurrence", &r, &err);
		if (rc != SW_EINVALID)
			fail_msg("'%s' was accepted", bad[i].text);
		assert_int_equal(err.field_count, 1);
		assert_string_equal(err.fields[0].field, "recurrence");
		if (!strstr(err.fields[0].detail, bad[i].detail))
			fail_msg("'%s': '%s' lacks '%s'", bad[i].text, err.fields[0].detail, bad[i].detail);
		assert_memory_equal(&r, &before, sizeof(r)); /* untouched */
	}
	/* longer than the limit */
	char longer[RRULE_TEXT_MAX + 2];
	memset(longer, 'A', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = 0;
	struct rrule r;
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(rrule_parse(longer, strlen(longer), "recurrence", &r, &err), SW_EINVALID);
}

/* "2026-03-08T07:00:00Z" as epoch seconds. */
static int64_t at(const char *s)
{
	int y, mo, d, h, mi, se;
	if (sscanf(s, "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &h, &mi, &se) != 6)
		fail_msg("bad instant %s", s);
	return tz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

static const struct {
	const char *name, *zone, *start; /* local */
	int minutes;                     /* duration */
	const char *rule;                /* NULL: once */
	const char *from, *to;
	const char *starts[8]; /* UTC, in order; NULL-terminated */
} cases[] = {
	{"month-end freeze in London",
	 "Europe/London",
	 "2026-01-31T18:00",
	 360,
	 "FREQ=MONTHLY;BYMONTHDAY=-1",
	 "2026-01-01T00:00:00Z",
	 "2026-05-01T00:00:00Z",
	 {"2026-01-31T18:00:00Z", "2026-02-28T18:00:00Z", "2026-03-31T17:00:00Z", "2026-04-30T17:00:00Z"}},
	{"last Friday",
	 "UTC",
	 "2026-01-01T09:00",
	 60,
	 "FREQ=MONTHLY;BYDAY=-1FR",
	 "2026-01-01T00:00:00Z",
	 "2026-04-01T00:00:00Z",
	 {"2026-01-30T09:00:00Z", "2026-02-27T09:00:00Z", "2026-03-27T09:00:00Z"}},
	{"first Monday",
	 "UTC",
	 "2026-01-01T08:00",
	 60,
	 "FREQ=MONTHLY;BYDAY=1MO",
	 "2026-01-01T00:00:00Z",
	 "2026-04-01T00:00:00Z",
	 {"2026-01-05T08:00:00Z", "2026-02-02T08:00:00Z", "2026-03-02T08:00:00Z"}},
	{"the 31st skips short months",
	 "UTC",
	 "2026-01-31T00:00",
	 60,
	 "FREQ=MONTHLY",
	 "2026-01-01T00:00:00Z",
	 "2026-06-01T00:00:00Z",
	 {"2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z"}},
	{"spring-forward gap in New York",
	 "America/New_York",
	 "2026-03-07T02:30",
	 60,
	 "FREQ=DAILY;COUNT=3",
	 "2026-03-01T00:00:00Z",
	 "2026-04-01T00:00:00Z",
	 {"2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"}},
	{"fall-back overlap in London",
	 "Europe/London",
	 "2026-10-24T01:30",
	 30,
	 "FREQ=DAILY;COUNT=3",
	 "2026-10-01T00:00:00Z",
	 "2026-11-01T00:00:00Z",
	 {"2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"}},
	{"weekly Saturday night across the spring change",
	 "Europe/London",
	 "2026-03-21T22:00",
	 240,
	 "FREQ=WEEKLY",
	 "2026-03-01T00:00:00Z",
	 "2026-04-10T00:00:00Z",
	 {"2026-03-21T22:00:00Z", "2026-03-28T22:00:00Z", "2026-04-04T21:00:00Z"}},
	{"every other weekend until a date (inclusive)",
	 "UTC",
	 "2026-01-03T22:00",
	 120,
	 "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;UNTIL=20260131",
	 "2026-01-01T00:00:00Z",
	 "2026-03-01T00:00:00Z",
	 {"2026-01-03T22:00:00Z", "2026-01-04T22:00:00Z", "2026-01-17T22:00:00Z", "2026-01-18T22:00:00Z",
	  "2026-01-31T22:00:00Z"}},
	{"UNTIL as a UTC time excludes a later start",
	 "UTC",
	 "2026-01-01T10:00",
	 60,
	 "FREQ=DAILY;UNTIL=20260103T095959Z",
	 "2026-01-01T00:00:00Z",
	 "2026-02-01T00:00:00Z",
	 {"2026-01-01T10:00:00Z", "2026-01-02T10:00:00Z"}},
	{"COUNT counts from the first date, not from the span",
	 "UTC",
	 "2026-01-01T00:00",
	 60,
	 "FREQ=DAILY;COUNT=5",
	 "2026-01-03T00:00:00Z",
	 "2026-02-01T00:00:00Z",
	 {"2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z", "2026-01-05T00:00:00Z"}},
	{"every third day, far from the first date",
	 "UTC",
	 "2020-01-01T12:00",
	 60,
	 "FREQ=DAILY;INTERVAL=3",
	 "2026-01-01T00:00:00Z",
	 "2026-01-08T00:00:00Z",
	 {"2026-01-02T12:00:00Z", "2026-01-05T12:00:00Z"}},
	{"weekdays",
	 "UTC",
	 "2026-01-01T06:00",
	 30,
	 "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
	 "2026-01-02T00:00:00Z",
	 "2026-01-07T00:00:00Z",
	 {"2026-01-02T06:00:00Z", "2026-01-05T06:00:00Z", "2026-01-06T06:00:00Z"}},
	{"an occurrence that began before the span",
	 "UTC",
	 "2026-01-01T22:00",
	 240,
	 "FREQ=DAILY",
	 "2026-01-05T01:00:00Z",
	 "2026-01-05T12:00:00Z",
	 {"2026-01-04T22:00:00Z"}},
	{"Friday the 13th",
	 "UTC",
	 "2026-01-01T00:00",
	 1440,
	 "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
	 "2026-01-01T00:00:00Z",
	 "2027-01-01T00:00:00Z",
	 {"2026-02-13T00:00:00Z", "2026-03-13T00:00:00Z", "2026-11-13T00:00:00Z"}},
	{"once",
	 "Europe/London",
	 "2026-07-01T20:00",
	 60,
	 NULL,
	 "2026-06-01T00:00:00Z",
	 "2026-08-01T00:00:00Z",
	 {"2026-07-01T19:00:00Z"}},
	{"once, outside the span",
	 "UTC",
	 "2026-07-01T20:00",
	 60,
	 NULL,
	 "2026-08-01T00:00:00Z",
	 "2026-09-01T00:00:00Z",
	 {NULL}},
	{"the first date is not selected by the rule",
	 "UTC",
	 "2026-01-05T09:00",
	 60,
	 "FREQ=MONTHLY;BYDAY=-1FR",
	 "2026-01-01T00:00:00Z",
	 "2026-02-01T00:00:00Z",
	 {"2026-01-30T09:00:00Z"}},
};

static void expands(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct tz *z = NULL;
		struct sw_error err;
		sw_error_clear(&err);
		if (tz_load(cases[i].zone, NULL, &z, &err))
			fail_msg("%s: %s", cases[i].zone, err.detail);
		struct rrule rule;
		if (cases[i].rule &&
		    rrule_parse(cases[i].rule, strlen(cases[i].rule), "recurrence", &rule, &err) != SW_OK)
			fail_msg("%s: %s", cases[i].name, err.fields[0].detail);
		struct rrule_series s = {
			.tz = z, .duration = cases[i].minutes * 60LL, .rule = cases[i].rule ? &rule : NULL};
		assert_int_equal(
			rrule_parse_local(cases[i].start, strlen(cases[i].start), &s.start_days, &s.start_second),
			SW_OK);
		struct rrule_occurrence occ[16];
		size_t n;
		bool truncated;
		assert_int_equal(
			rrule_expand(&s, at(cases[i].from), at(cases[i].to), occ, ARRAY_LEN(occ), &n, &truncated, &err),
			SW_OK);
		assert_false(truncated);
		size_t want = 0;
		while (want < ARRAY_LEN(cases[i].starts) && cases[i].starts[want])
			want++;
		if (n != want)
			fail_msg("%s: %zu occurrences, not %zu", cases[i].name, n, want);
		for (size_t k = 0; k < n; k++) {
			char got[21];
			time_format_rfc3339(occ[k].start, got);
			if (strcmp(got, cases[i].starts[k]) != 0)
				fail_msg("%s: occurrence %zu at %s, not %s", cases[i].name, k, got, cases[i].starts[k]);
			assert_int_equal(occ[k].end - occ[k].start, cases[i].minutes * 60LL);
		}
		tz_free(z);
	}
}

static void bounds(void **state)
{
	(void)state;
	struct rrule rule;
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(rrule_parse("FREQ=DAILY", 10, "recurrence", &rule, &err), SW_OK);
	struct rrule_series s = {
		.tz = NULL, .start_days = tz_days_from_civil(2026, 1, 1), .duration = 3600, .rule = &rule};
	struct rrule_occurrence occ[10];
	size_t n;
	bool truncated;
	int64_t from = at("2026-01-01T00:00:00Z");
	/* more than fit: the first ten, and truncated */
	assert_int_equal(rrule_expand(&s, from, from + RRULE_SPAN_MAX, occ, 10, &n, &truncated, &err), SW_OK);
	assert_int_equal(n, 10);
	assert_true(truncated);
	assert_int_equal(occ[9].start, from + 9 * 86400);
	/* a span too long, or empty */
	assert_int_equal(rrule_expand(&s, from, from + RRULE_SPAN_MAX + 1, occ, 10, &n, &truncated, &err), SW_EINVALID);
	assert_int_equal(rrule_expand(&s, from, from, occ, 10, &n, &truncated, &err), SW_EINVALID);
	/* a rule that selects almost nothing stops after its walk limit */
	assert_int_equal(rrule_parse("FREQ=DAILY;BYMONTHDAY=31;BYDAY=MO;COUNT=1000", 43, "recurrence", &rule, &err),
			 SW_OK);
	int64_t far = at("9000-01-01T00:00:00Z");
	assert_int_equal(rrule_expand(&s, far, far + 86400 * 30, occ, 10, &n, &truncated, &err), SW_OK);
	assert_int_equal(n, 0);
	/* local date-times */
	int64_t days;
	int sec;
	assert_int_equal(rrule_parse_local("2026-02-28T23:59", 16, &days, &sec), SW_OK);
	assert_int_equal(days, tz_days_from_civil(2026, 2, 28));
	assert_int_equal(sec, 23 * 3600 + 59 * 60);
	assert_int_equal(rrule_parse_local("2026-02-29T10:00", 16, &days, &sec), SW_EINVALID);
	assert_int_equal(rrule_parse_local("2026-02-28T24:00", 16, &days, &sec), SW_EINVALID);
	assert_int_equal(rrule_parse_local("2026-02-28 10:00", 16, &days, &sec), SW_EINVALID);
	assert_int_equal(rrule_parse_local("2026-02-28T10:00Z", 17, &days, &sec), SW_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses),
		cmocka_unit_test(refuses),
		cmocka_unit_test(expands),
		cmocka_unit_test(bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
