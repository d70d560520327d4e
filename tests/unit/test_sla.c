/*
 * test_sla.c — the SLA clock maths (core/sla/sla.h) on business-hours and 24x7
 * calendars: starting, pausing, resuming, stopping and re-targeting a
 * clock, due and warning instants, what a clock shows, which state a
 * ticket wants its clocks in; and the duration parser the scheduler's
 * settings use.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/util.h"
#include "core/cmdb/service.h"
#include "core/sla/sla.h"
#include "core/ticket/ticket.h"
#include "core/sla/tz.h"

#define H 3600
#define UTC(y, mo, d, h, mi) (tz_days_from_civil(y, mo, d) * 86400 + (h)*3600 + (mi)*60)
/* 2026-11-23 is a Monday */
#define MON(h, mi) UTC(2026, 11, 23, h, mi)
#define TUE(h, mi) UTC(2026, 11, 24, h, mi)

static void office(struct calendar *c)
{
	struct sw_error err;
	sw_error_clear(&err);
	cal_init(c, NULL);
	assert_int_equal(cal_parse_week(c, "mon-fri 09:00-17:00", &err), SW_OK);
}

static void always(struct calendar *c)
{
	struct sw_error err;
	sw_error_clear(&err);
	cal_init(c, NULL);
	assert_int_equal(cal_parse_week(c, "24x7", &err), SW_OK);
}

static struct sla_clock fresh(int64_t target)
{
	return (struct sla_clock){.metric = SLA_RESOLUTION, .target = target, .state = SLA_STOPPED};
}

static void start_pause_resume_stop(void **state)
{
	(void)state;
	struct calendar cal;
	office(&cal);
	struct sla_clock k = fresh(8 * H);
	sla_clock_set_state(&k, &cal, SLA_RUNNING, MON(9, 0), 75);
	assert_int_equal(k.since, MON(9, 0));
	assert_int_equal(k.due_at, MON(17, 0));
	assert_int_equal(k.warn_at, MON(15, 0));
	struct sla_view v;
	sla_clock_view(&k, &cal, MON(11, 0), &v);
	assert_int_equal(v.elapsed, 2 * H);
	assert_int_equal(v.remaining, 6 * H);
	assert_int_equal(v.due_at, MON(17, 0));
	assert_false(v.breached);
	assert_false(v.paused);

	/* on hold from 11:00 until Tuesday 09:00 */
	sla_clock_set_state(&k, &cal, SLA_PAUSED, MON(11, 0), 75);
	assert_int_equal(k.elapsed, 2 * H);
	assert_int_equal(k.due_at, 0);
	assert_int_equal(k.warn_at, 0);
	sla_clock_view(&k, &cal, TUE(8, 0), &v);
	assert_int_equal(v.elapsed, 2 * H);
	assert_true(v.paused);
	assert_int_equal(v.due_at, 0);
	sla_clock_set_state(&k, &cal, SLA_RUNNING, TUE(9, 0), 75);
	assert_int_equal(k.due_at, TUE(15, 0));
	assert_int_equal(k.warn_at, TUE(13, 0));

	/* resolved at 12:00: five hours used; nothing more counts */
	sla_clock_set_state(&k, &cal, SLA_STOPPED, TUE(12, 0), 75);
	assert_int_equal(k.elapsed, 5 * H);
	assert_int_equal(k.stopped_at, TUE(12, 0));
	sla_clock_view(&k, &cal, TUE(16, 0) + 7 * 86400, &v);
	assert_int_equal(v.elapsed, 5 * H);
	assert_int_equal(v.remaining, 3 * H);
	assert_false(v.breached);

	/* reopened Tuesday 16:00: three hours left = one today, two on Wednesday */
	sla_clock_set_state(&k, &cal, SLA_RUNNING, TUE(16, 0), 75);
	assert_int_equal(k.stopped_at, 0);
	assert_int_equal(k.due_at, UTC(2026, 11, 25, 11, 0));
	assert_int_equal(k.warn_at, TUE(17, 0)); /* six of eight hours used when Tuesday closes */
}

static void starting_outside_hours(void **state)
{
	(void)state;
	struct calendar cal;
	office(&cal);
	struct sla_clock k = fresh(4 * H);
	/* logged on Friday evening: the clock counts from Monday 09:00 */
	sla_clock_set_state(&k, &cal, SLA_RUNNING, UTC(2026, 11, 20, 18, 30), 75);
	assert_int_equal(k.due_at, MON(13, 0));
	assert_int_equal(k.warn_at, MON(12, 0));
	struct sla_view v;
	sla_clock_view(&k, &cal, UTC(2026, 11, 22, 23, 0), &v);
	assert_int_equal(v.elapsed, 0);
	assert_int_equal(v.remaining, 4 * H);
}

static void breach_and_overrun(void **state)
{
	(void)state;
	struct calendar cal;
	always(&cal);
	struct sla_clock k = fresh(60);
	sla_clock_set_state(&k, &cal, SLA_RUNNING, 1000, 75);
	assert_int_equal(k.due_at, 1060);
	assert_int_equal(k.warn_at, 1045);
	struct sla_view v;
	sla_clock_view(&k, &cal, 1060, &v);
	assert_int_equal(v.remaining, 0);
	assert_false(v.breached); /* the target used, not exceeded */
	sla_clock_view(&k, &cal, 1061, &v);
	assert_true(v.breached);
	assert_int_equal(v.elapsed, 61);
	assert_int_equal(v.remaining, 0);
	/* stopped late: stays breached */
	sla_clock_set_state(&k, &cal, SLA_STOPPED, 2000, 75);
	sla_clock_view(&k, &cal, 9999, &v);
	assert_true(v.breached);
	assert_int_equal(v.elapsed, 1000);
	/* restarted after the target was used: due and warning are now */
	sla_clock_set_state(&k, &cal, SLA_RUNNING, 3000, 75);
	assert_int_equal(k.due_at, 3000);
	assert_int_equal(k.warn_at, 3000);
	/* a breach the scheduler marked stays even under a longer target */
	struct sla_clock m = fresh(60);
	m.breached_at = 5;
	sla_clock_view(&m, &cal, 0, &v);
	assert_true(v.breached);
}

static void retarget_keeps_elapsed(void **state)
{
	(void)state;
	struct calendar biz, all;
	office(&biz);
	always(&all);
	struct sla_clock k = fresh(24 * H);
	sla_clock_set_state(&k, &biz, SLA_RUNNING, MON(9, 0), 75);
	/* at 11:00 the priority goes up: a 4 h target on 24x7, 2 h already used */
	sla_clock_retarget(&k, &biz, &all, 4 * H, MON(11, 0), 75);
	assert_int_equal(k.target, 4 * H);
	assert_int_equal(k.elapsed, 2 * H);
	assert_int_equal(k.since, MON(11, 0));
	assert_int_equal(k.due_at, MON(13, 0));
	assert_int_equal(k.warn_at, MON(12, 0));
	struct sla_view v;
	sla_clock_view(&k, &all, MON(12, 30), &v);
	assert_int_equal(v.elapsed, 2 * H + 90 * 60);
	/* a paused clock only changes target */
	sla_clock_set_state(&k, &all, SLA_PAUSED, MON(12, 30), 75);
	sla_clock_retarget(&k, &all, &biz, 8 * H, TUE(9, 0), 75);
	assert_int_equal(k.state, SLA_PAUSED);
	assert_int_equal(k.target, 8 * H);
	assert_int_equal(k.elapsed, 2 * H + 90 * 60);
	assert_int_equal(k.due_at, 0);
}

static void setting_the_same_state_changes_nothing(void **state)
{
	(void)state;
	struct calendar cal;
	office(&cal);
	struct sla_clock k = fresh(8 * H);
	sla_clock_set_state(&k, &cal, SLA_RUNNING, MON(9, 0), 75);
	struct sla_clock copy = k;
	sla_clock_set_state(&k, &cal, SLA_RUNNING, MON(12, 0), 75);
	assert_memory_equal(&k, &copy, sizeof(k));
}

static void wanted_states(void **state)
{
	(void)state;
	static const struct {
		const char *state, *hold;
		int64_t first_response;
		enum sla_state response, resolution;
	} cases[] = {
		{"new", NULL, 0, SLA_RUNNING, SLA_RUNNING},
		{"in_progress", NULL, 0, SLA_RUNNING, SLA_RUNNING},
		{"in_progress", NULL, 100, SLA_STOPPED, SLA_RUNNING},
		{"on_hold", "awaiting_caller", 0, SLA_PAUSED, SLA_PAUSED},
		{"on_hold", "awaiting_caller", 100, SLA_STOPPED, SLA_PAUSED},
		{"on_hold", "awaiting_vendor", 0, SLA_RUNNING, SLA_RUNNING},
		{"on_hold", "awaiting_change", 100, SLA_STOPPED, SLA_RUNNING},
		{"resolved", NULL, 0, SLA_STOPPED, SLA_STOPPED},
		{"closed", NULL, 100, SLA_STOPPED, SLA_STOPPED},
		{"canceled", NULL, 0, SLA_STOPPED, SLA_STOPPED},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ticket t = {.kind = &ticket_kind_incident,
				   .state = cases[i].state,
				   .phase = ticket_phase_of(&ticket_kind_incident, cases[i].state),
				   .hold_reason = cases[i].hold,
				   .first_response_at = cases[i].first_response};
		assert_int_equal(sla_clock_wanted(SLA_RESPONSE, NULL, &t), cases[i].response);
		assert_int_equal(sla_clock_wanted(SLA_RESOLUTION, NULL, &t), cases[i].resolution);
		/* an OLA clock follows the ticket as the resolution clock does */
		assert_int_equal(sla_clock_wanted(SLA_OLA, NULL, &t), cases[i].resolution);
	}
	/* a policy's own pause reasons replace the kind's */
	const char *vendor[] = {"awaiting_vendor", "awaiting_change"};
	struct sla_policy p = {.pause_on = vendor, .pause_on_count = 2};
	struct ticket t = {.kind = &ticket_kind_incident,
			   .state = "on_hold",
			   .phase = ticket_phase_of(&ticket_kind_incident, "on_hold"),
			   .hold_reason = "awaiting_vendor"};
	assert_int_equal(sla_clock_wanted(SLA_RESOLUTION, &p, &t), SLA_PAUSED);
	t.hold_reason = "awaiting_change";
	assert_int_equal(sla_clock_wanted(SLA_RESOLUTION, &p, &t), SLA_PAUSED);
	t.hold_reason = "awaiting_caller";
	assert_int_equal(sla_clock_wanted(SLA_RESOLUTION, &p, &t), SLA_RUNNING);
	struct sla_policy plain = {0};
	assert_int_equal(sla_clock_wanted(SLA_RESOLUTION, &plain, &t), SLA_PAUSED);
}

static void names(void **state)
{
	(void)state;
	for (int m = 0; m < SLA_METRIC__COUNT; m++) {
		enum sla_metric back;
		assert_int_equal(sla_metric_parse(sla_metric_name((enum sla_metric)m), &back), SW_OK);
		assert_int_equal(back, m);
	}
	for (int s = 0; s < SLA_STATE__COUNT; s++) {
		enum sla_state back;
		assert_int_equal(sla_state_parse(sla_state_name((enum sla_state)s), &back), SW_OK);
		assert_int_equal(back, s);
	}
	enum sla_metric m;
	assert_int_equal(sla_metric_parse("Response", &m), SW_EINVALID);
	assert_int_equal(sla_metric_parse(NULL, &m), SW_EINVALID);
}

static void durations(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int64_t max;
		enum sw_err rc;
		int64_t want;
	} cases[] = {
		{"7d", 1000000, SW_OK, 7 * 86400},   {"12h", 1000000, SW_OK, 12 * 3600},
		{"30m", 1000000, SW_OK, 1800},       {"45s", 1000000, SW_OK, 45},
		{"0s", 1000000, SW_OK, 0},           {"11d", 86400 * 11, SW_OK, 86400 * 11},
		{"12d", 86400 * 11, SW_EINVALID, 0}, {"45", 1000000, SW_EINVALID, 0},
		{"d", 1000000, SW_EINVALID, 0},      {"-1d", 1000000, SW_EINVALID, 0},
		{"1w", 1000000, SW_EINVALID, 0},     {"1.5h", 1000000, SW_EINVALID, 0},
		{"", 1000000, SW_EINVALID, 0},       {"99999999999999999999d", INT64_MAX, SW_EINVALID, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t got = -1;
		assert_int_equal(parse_duration(cases[i].s, strlen(cases[i].s), cases[i].max, &got), cases[i].rc);
		if (cases[i].rc == SW_OK)
			assert_int_equal(got, cases[i].want);
		else
			assert_int_equal(got, -1);
	}
}

static void availability(void **state)
{
	(void)state;
	/* a 1000-second period: overlapping outages count once, one runs past
	 * the end, one started before the period, one is still going on */
	struct outage o[] = {
		{"INC1", 50, 150},  /* 50 s inside (100..150), started before */
		{"INC2", 120, 200}, /* overlaps INC1: adds 150..200 */
		{"INC3", 400, 410}, /* 10 s */
		{"INC4", 900, 0},   /* ongoing: until now (950) */
		{"INC5", 2000, 2100},
	};
	struct availability a;
	availability_compute(o, 5, 100, 1100, 950, 9990, &a);
	assert_int_equal(a.to, 950); /* clipped to the present */
	assert_int_equal(a.period, 850);
	assert_int_equal(a.down, 50 + 50 + 10 + 50);
	assert_int_equal(a.availability, (850 - 160) * 100000 / 850);
	assert_false(a.met);
	assert_int_equal(a.outage_count, 4);
	assert_string_equal(a.outages[0].incident, "INC1");
	assert_int_equal(a.outages[0].start, 100);
	assert_int_equal(a.outages[3].end, 950);
	/* three downtimes (INC1 and INC2 are one): the means over them */
	assert_int_equal(a.failures, 3);
	assert_int_equal(a.mtrs, 53);   /* 160 / 3 */
	assert_int_equal(a.mtbf, 230);  /* (850 - 160) / 3 */
	assert_int_equal(a.mtbsi, 283); /* 850 / 3 */
	/* a contained outage adds nothing */
	struct outage p[] = {{"A", 0, 100}, {"B", 10, 20}};
	availability_compute(p, 2, 0, 1000, 5000, 9000, &a);
	assert_int_equal(a.down, 100);
	assert_int_equal(a.availability, 90000);
	assert_true(a.met); /* 90.000 % against a 90.00 % target */
	assert_int_equal(a.failures, 1);
	assert_int_equal(a.mtrs, 100);
	assert_int_equal(a.mtbf, 900);
	assert_int_equal(a.mtbsi, 1000);
	/* no outages, no target */
	availability_compute(NULL, 0, 0, 100, 100, 0, &a);
	assert_int_equal(a.availability, 100000);
	assert_true(a.met);
	assert_int_equal(a.failures, 0);
	assert_int_equal(a.mtbf, -1); /* nothing to average */
	/* an empty period is fully available */
	availability_compute(NULL, 0, 100, 200, 50, 9999, &a);
	assert_int_equal(a.period, 0);
	assert_int_equal(a.availability, 100000);
}

/* Availability measured again on a calendar and without maintenance
 * (availability_measure): the case the API test checks, and the edges. */
static void availability_in_hours(void **state)
{
	(void)state;
	struct calendar *c = malloc(sizeof(*c));
	assert_non_null(c);
	office(c);
	int64_t mon = UTC(2026, 11, 2, 0, 0), week = 7 * 86400;
	/* down Monday 16:00-20:00, one hour of it in office hours */
	struct outage o[] = {{"INC1", mon + 16 * 3600, mon + 20 * 3600}};
	struct availability a;
	availability_compute(o, 1, mon, mon + week, mon + 2 * week, 0, &a);
	assert_int_equal(a.down, 4 * 3600);
	availability_measure(&a, c, NULL, 0);
	assert_int_equal(a.period, 5 * 8 * 3600);
	assert_int_equal(a.down, 3600);
	assert_int_equal(a.maintenance, 0);
	assert_int_equal(a.planned_down, 0);
	assert_int_equal(a.availability, (144000 - 3600) * 100000LL / 144000);
	assert_int_equal(a.mtrs, 3600);
	/* maintenance 16:30-17:30, given twice and out of order: counted once */
	struct interval m[] = {{mon + 17 * 3600, mon + 17 * 3600 + 1800},
			       {mon + 16 * 3600 + 1800, mon + 17 * 3600},
			       {mon + 16 * 3600 + 1800, mon + 17 * 3600 + 1800}};
	availability_compute(o, 1, mon, mon + week, mon + 2 * week, 0, &a);
	availability_measure(&a, c, m, 3);
	assert_int_equal(a.maintenance, 1800); /* within the hours */
	assert_int_equal(a.period, 144000 - 1800);
	assert_int_equal(a.down, 1800);
	assert_int_equal(a.planned_down, 1800); /* the outage in the window, in hours: planned */
	/* all time, the same maintenance: an hour out of both */
	struct interval m2[] = {{mon + 16 * 3600 + 1800, mon + 17 * 3600 + 1800}};
	availability_compute(o, 1, mon, mon + week, mon + 2 * week, 0, &a);
	availability_measure(&a, NULL, m2, 1);
	assert_int_equal(a.period, week - 3600);
	assert_int_equal(a.down, 4 * 3600 - 3600);
	assert_int_equal(a.planned_down, 3600);
	/* a period wholly out of hours: nothing counts, 100 % */
	int64_t sat = mon + 5 * 86400;
	struct outage w[] = {{"INC2", sat + 3600, sat + 7200}};
	availability_compute(w, 1, sat, sat + 86400, sat + week, 9990, &a);
	availability_measure(&a, c, NULL, 0);
	assert_int_equal(a.period, 0);
	assert_int_equal(a.down, 0);
	assert_int_equal(a.availability, 100000);
	assert_true(a.met);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(availability_in_hours),
		cmocka_unit_test(start_pause_resume_stop),
		cmocka_unit_test(starting_outside_hours),
		cmocka_unit_test(breach_and_overrun),
		cmocka_unit_test(retarget_keeps_elapsed),
		cmocka_unit_test(setting_the_same_state_changes_nothing),
		cmocka_unit_test(wanted_states),
		cmocka_unit_test(names),
		cmocka_unit_test(durations),
		cmocka_unit_test(availability),
	};
	return cmocka_run_group_tests_name("sla clocks", tests, NULL, NULL);
}
