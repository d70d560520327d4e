/*
 * fuzz_calendar.c — libFuzzer target for week specs (cal_parse_week),
 * which come from administrators through the API.  A rejected spec must
 * leave the calendar as it was and name the "hours" field; an accepted one
 * must give a calendar whose business-time maths keeps its promises over a
 * stretch that includes a DST change.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sla/calendar.h"
#include "fuzz_zone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *spec = malloc(size + 1);
	if (!spec)
		return 0;
	memcpy(spec, data, size);
	spec[size] = 0;
	struct calendar c, before;
	struct sw_error err;
	sw_error_clear(&err);
	cal_init(&c, fuzz_zone());
	if (cal_add_holiday(&c, 20260330, &err) != SW_OK || cal_add_range(&c, 3, 60, 120, &err) != SW_OK)
		__builtin_trap();
	before = c;
	if (cal_parse_week(&c, spec, &err) != SW_OK) {
		if (err.code != SW_EINVALID || err.field_count != 1 || strcmp(err.fields[0].field, "hours") != 0 ||
		    memcmp(&c, &before, sizeof(c)) != 0)
			__builtin_trap();
		free(spec);
		return 0;
	}
	if (c.holiday_count != 1)
		__builtin_trap();
	for (int d = 0; d < 7; d++)
		for (int i = 0; i < c.week_count[d]; i++) {
			const struct cal_range *r = &c.week[d][i];
			if (r->start_min < 0 || r->end_min > 1440 || r->start_min >= r->end_min ||
			    (i > 0 && c.week[d][i - 1].end_min > r->start_min))
				__builtin_trap();
		}
	/* the week of the spring change in Europe */
	int64_t from = 1774569600, week = 7 * 86400; /* 2026-03-27 00:00 UTC */
	int64_t total = cal_business_seconds(&c, from, from + week);
	if (total < 0 || total > week)
		__builtin_trap();
	if (total > 0) {
		int64_t half = total / 2 + 1, end;
		if (cal_add_business(&c, from, half, &end, &err) != SW_OK)
			__builtin_trap();
		if (cal_business_seconds(&c, from, end) != half || !cal_is_working(&c, end - 1))
			__builtin_trap();
	}
	free(spec);
	return 0;
}
