/*
 * rrule.h — the recurrence rules of change windows: a documented subset of
 * RFC 5545 RRULE (docs/schedule.md), parsed strictly and expanded into
 * occurrences in a window's IANA time zone.  Pure functions over values:
 * no storage, no clock, no allocation; safe from any thread.
 *
 * The subset: FREQ=DAILY|WEEKLY|MONTHLY (required), INTERVAL=1..1000,
 * BYDAY=weekdays (with an ordinal 1..5 or -1..-5 for MONTHLY only: 1MO,
 * -1FR), BYMONTHDAY=1..31 or -1..-31 (DAILY and MONTHLY), COUNT=1..1000 or
 * UNTIL=YYYYMMDD | YYYYMMDDTHHMMSSZ (not both).  Names and values are
 * case-insensitive, parts are separated by ';' and each may appear once.
 * Anything else is refused with a field error on the field the caller
 * names, saying what is supported.
 *
 * Expansion: an occurrence starts on each date the rule selects, at the
 * series' local start time, resolved in its zone as tz_local_to_utc does
 * (a start in a spring-forward gap moves to the first instant after it; a
 * start in a fall-back overlap takes the first of the two), and lasts the
 * series' duration in elapsed seconds.  Dates before the series' first
 * date are never occurrences, and the first date is one only when the rule
 * selects it (RFC 5545 counts DTSTART always; we do not, so that a
 * "last Friday" rule started on a Monday does not freeze that Monday).
 */
#ifndef SW_CORE_SCHEDULE_RRULE_H
#define SW_CORE_SCHEDULE_RRULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/sla/tz.h"

#define RRULE_TEXT_MAX 256       /* bytes of a rule */
#define RRULE_INTERVAL_MAX 1000  /* INTERVAL */
#define RRULE_COUNT_MAX 1000     /* COUNT */
#define RRULE_BYDAY_MAX 35       /* BYDAY entries */
#define RRULE_BYMONTHDAY_MAX 62  /* BYMONTHDAY entries */
#define RRULE_PERIODS_MAX 200000 /* days, weeks or months walked by one expansion */
/* What one query may ask for: a span of at most RRULE_SPAN_MAX seconds,
 * at most RRULE_OCCURRENCES_MAX occurrences of one series. */
#define RRULE_SPAN_MAX (400 * 86400LL)
#define RRULE_OCCURRENCES_MAX 1000
#define RRULE_DURATION_MAX (31 * 86400LL)

enum rrule_freq { RRULE_DAILY, RRULE_WEEKLY, RRULE_MONTHLY, RRULE_FREQ__COUNT };

struct rrule_day {
	int ordinal; /* 0: every such weekday; 1..5 or -1..-5 within the month */
	int weekday; /* 0 Sunday .. 6 Saturday */
};

struct rrule {
	enum rrule_freq freq;
	int interval; /* 1.. */
	struct rrule_day byday[RRULE_BYDAY_MAX];
	size_t byday_count;
	int bymonthday[RRULE_BYMONTHDAY_MAX]; /* 1..31, -1..-31 */
	size_t bymonthday_count;
	int count;          /* 0: none */
	int64_t until;      /* UTC epoch seconds, when until_set */
	int64_t until_days; /* a date-only UNTIL: the last local date (days since 1970), when until_date */
	bool until_set, until_date;
};

/* Parse s[0..len) into out.  A failure is one field error on field
 * ("recurrence") naming the part and what is supported (SW_EINVALID);
 * out is written only on success. */
enum sw_err rrule_parse(const char *s, size_t len, const char *field, struct rrule *out, struct sw_error *err);
/* The canonical text of r (parts in the order FREQ, INTERVAL, BYDAY,
 * BYMONTHDAY, COUNT, UNTIL; INTERVAL=1 left out) into out[max]; what
 * rrule_parse reads back to the same rule. */
void rrule_format(const struct rrule *r, char *out, size_t max);

/* A series: its zone, its first local date and start time, how long each
 * occurrence lasts, and its rule (NULL: the first date alone). */
struct rrule_series {
	const struct tz *tz; /* NULL: UTC */
	int64_t start_days;  /* local date, days since 1970-01-01 */
	int start_second;    /* of the local day, 0..86399 */
	int64_t duration;    /* seconds, 1..RRULE_DURATION_MAX */
	const struct rrule *rule;
};

struct rrule_occurrence {
	int64_t start, end; /* UTC epoch seconds, [start, end) */
	int64_t local_days; /* the local date it starts on */
};

/* The occurrences of s that overlap [from, to), in start order, into
 * out[max] (max at most RRULE_OCCURRENCES_MAX); their number in *count
 * and, in *truncated, whether more were left out.  SW_EINVALID when the
 * span is empty or longer than RRULE_SPAN_MAX. */
enum sw_err rrule_expand(const struct rrule_series *s, int64_t from, int64_t to, struct rrule_occurrence *out,
			 size_t max, size_t *count, bool *truncated, struct sw_error *err);

/* A local date and time "YYYY-MM-DDTHH:MM" (no seconds, no offset) as
 * days since 1970 and seconds of the day; SW_EINVALID otherwise. */
enum sw_err rrule_parse_local(const char *s, size_t len, int64_t *days, int *second);

#endif
