/*
 * tz.h — time zones from the system tz database (TZif files under
 * /usr/share/zoneinfo), for DST-correct business-hours maths.  Loaded once
 * per zone and immutable after, so it may be shared between threads.
 */
#ifndef SW_CORE_TZ_H
#define SW_CORE_TZ_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct tz; /* opaque */

/* Load zone name ("Europe/London", "UTC") from dir (NULL = /usr/share/zoneinfo).
 * Names are checked (no "..", no leading '/', [A-Za-z0-9_+-/] only).
 * SW_ENOTFOUND for an unknown zone, SW_EINVALID for a malformed file. */
enum sw_err tz_load(const char *name, const char *dir, struct tz **out, struct sw_error *err);
/* Parse TZif bytes (v1, v2 or v3; the 64-bit part is used when present,
 * and the footer TZ string extends the rules past the last transition). */
enum sw_err tz_parse(const char *name, const unsigned char *data, size_t len, struct tz **out, struct sw_error *err);
void tz_free(struct tz *z);
const char *tz_name(const struct tz *z);

/* UTC offset in seconds (east positive) in effect at instant t. */
int32_t tz_offset_at(const struct tz *z, int64_t t);

/* Local wall-clock parts of instant t. */
struct tz_local {
	int year, month, day; /* month 1..12 */
	int hour, minute, second;
	int weekday; /* 0 Sunday .. 6 Saturday */
};
void tz_to_local(const struct tz *z, int64_t t, struct tz_local *out);

/* The instant of local wall-clock date and seconds-after-midnight (0..86400).
 * A time in a spring-forward gap resolves to the first instant after the
 * gap; a time in a fall-back overlap resolves to its first occurrence. */
int64_t tz_local_to_utc(const struct tz *z, int year, int month, int day, int seconds_of_day);

/* Days since 1970-01-01 of a civil date, and back (proleptic Gregorian). */
int64_t tz_days_from_civil(int year, int month, int day);
void tz_civil_from_days(int64_t days, int *year, int *month, int *day);
/* A civil date written "YYYY-MM-DD" (years 1970..9999, a day that exists:
 * no 2026-02-30), as days since 1970-01-01.  SW_EINVALID otherwise;
 * *days is written only on success. */
enum sw_err tz_parse_date(const char *s, size_t len, int64_t *days);

#endif
