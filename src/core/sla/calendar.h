/*
 * calendar.h — business-time maths: weekly working hours in an IANA time
 * zone, with holidays, or 24x7.  Pure functions over a struct calendar
 * built at load time; DST-correct through the system tz database
 * (/usr/share/zoneinfo, read by tz.c).  The SLA engine measures response
 * and resolution targets with it.
 *
 * Instants are UTC epoch seconds.  Working ranges are local wall-clock
 * minutes [start, end) on a weekday; end may be 1440 (midnight at the end
 * of the day).  A holiday is a local date on which nothing counts.
 * Local times that do not exist (spring-forward gap) are skipped; local
 * times that happen twice (fall-back overlap) count once, as real elapsed
 * time: a range is turned into the UTC interval from its start instant to
 * its end instant, each resolved as described at tz_local_to_utc().
 */
#ifndef SW_CORE_CALENDAR_H
#define SW_CORE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/sla/tz.h"

#define CAL_RANGES_MAX 4 /* working ranges per weekday */
#define CAL_HOLIDAYS_MAX 512
#define CAL_SEARCH_DAYS 3660 /* give up looking for working time after ~10 years */

struct cal_range {
	int start_min, end_min; /* 0 <= start < end <= 1440 */
};

struct calendar {
	const struct tz *tz;                      /* borrowed; UTC when NULL */
	bool always;                              /* 24x7: every second counts, holidays ignored */
	struct cal_range week[7][CAL_RANGES_MAX]; /* [0] Sunday .. [6] Saturday */
	int week_count[7];
	int32_t holidays[CAL_HOLIDAYS_MAX]; /* local dates as YYYYMMDD, sorted ascending */
	size_t holiday_count;
};

/* A calendar with no working time in zone tz (NULL = UTC). */
void cal_init(struct calendar *c, const struct tz *tz);
/* Add a working range to a weekday (0 Sunday .. 6 Saturday).  Ranges of a
 * day must not overlap; SW_EINVALID for bad minutes, overlap or too many. */
enum sw_err cal_add_range(struct calendar *c, int weekday, int start_min, int end_min, struct sw_error *err);
/* Add a holiday (YYYYMMDD, validated); keeps the list sorted, ignores duplicates. */
enum sw_err cal_add_holiday(struct calendar *c, int32_t yyyymmdd, struct sw_error *err);
/* Parse a week spec such as "mon-fri 09:00-12:30,13:30-17:00; sat 10:00-14:00"
 * (weekday names mon..sun, ranges of days with '-', several day groups
 * separated by ';').  "24x7" sets always.  Field errors name "hours". */
enum sw_err cal_parse_week(struct calendar *c, const char *spec, struct sw_error *err);
bool cal_has_working_time(const struct calendar *c);
bool cal_is_holiday(const struct calendar *c, int32_t yyyymmdd);

/* Business seconds in [from, to); 0 when to <= from. */
int64_t cal_business_seconds(const struct calendar *c, int64_t from, int64_t to);
/* The earliest instant t >= start with cal_business_seconds(start, t) ==
 * seconds.  seconds == 0 gives start itself (not moved into working time).
 * SW_EINVALID when the calendar has no working time within
 * CAL_SEARCH_DAYS. */
enum sw_err cal_add_business(const struct calendar *c, int64_t start, int64_t seconds, int64_t *out,
			     struct sw_error *err);
/* Is instant t inside working time? */
bool cal_is_working(const struct calendar *c, int64_t t);

#endif
