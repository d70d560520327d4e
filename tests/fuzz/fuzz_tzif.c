/*
 * fuzz_tzif.c — libFuzzer target for the TZif reader (tz_parse), the one
 * parser of zone files, which are outside input.  On a successful parse
 * it checks the promises of tz.h at instants drawn from the input and at
 * the ends of time: wall-clock parts in range, and tz_local_to_utc giving
 * the least instant whose local time is at or after the one asked for.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/sla/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t take64(const uint8_t *data, size_t size, size_t at)
{
	uint64_t v = 0;
	for (size_t i = 0; i < 8; i++)
		v = v << 8 | (size ? data[(at + i) % size] : 0);
	return (int64_t)v;
}

static void check_local(const struct tz *z, int64_t t)
{
	struct tz_local l;
	tz_to_local(z, t, &l);
	if (l.month < 1 || l.month > 12 || l.day < 1 || l.day > 31 || l.hour < 0 || l.hour > 23 || l.minute < 0 ||
	    l.minute > 59 || l.second < 0 || l.second > 59 || l.weekday < 0 || l.weekday > 6)
		__builtin_trap();
	int32_t off = tz_offset_at(z, t);
	if (off < -89999 || off > 93599)
		__builtin_trap();
}

/* Local seconds of instant t, as tz_to_local sees it. */
static int64_t local_of(const struct tz *z, int64_t t)
{
	return t + tz_offset_at(z, t);
}

static void check_resolve(const struct tz *z, int year, int month, int day, int sod)
{
	int64_t want = tz_days_from_civil(year, month, day) * 86400 + sod;
	int64_t r = tz_local_to_utc(z, year, month, day, sod);
	if (local_of(z, r) < want || local_of(z, r - 1) >= want)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz *z = NULL;
	struct sw_error err;
	sw_error_clear(&err);
	if (tz_parse("Fuzz/Zone", data, size, &z, &err) != SW_OK) {
		if (err.code == SW_OK || !memchr(err.detail, 0, sizeof(err.detail)))
			__builtin_trap();
		return 0;
	}
	static const int64_t fixed[] = {INT64_MIN,  -(INT64_C(1) << 47) - 1, -1,       0, 1, 1774746000,
					4102444800, (INT64_C(1) << 47) + 1,  INT64_MAX};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		check_local(z, fixed[i]);
	for (size_t i = 0; i < 6; i++) {
		int64_t v = take64(data, size, i * 8 + 44);
		/* instants within about +-1000 years of the epoch, and raw */
		int64_t t = v % (INT64_C(1000) * 366 * 86400);
		check_local(z, t);
		check_local(z, v);
		struct tz_local l;
		tz_to_local(z, t, &l);
		check_resolve(z, l.year, l.month, l.day, l.hour * 3600 + l.minute * 60 + l.second);
		uint64_t u = (uint64_t)v;
		check_resolve(z, 1 + (int)(u % 9999), 1 + (int)(u >> 16) % 12, 1 + (int)(u >> 24) % 31,
			      (int)((u >> 32) % 86401));
	}
	(void)tz_local_to_utc(z, INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX);
	(void)tz_local_to_utc(z, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN);
	if (strcmp(tz_name(z), "Fuzz/Zone") != 0)
		__builtin_trap();
	tz_free(z);
	return 0;
}
