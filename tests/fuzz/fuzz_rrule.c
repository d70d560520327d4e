/*
 * fuzz_rrule.c — libFuzzer target for the recurrence rules of change
 * windows (rrule_parse), which come from administrators through the API.
 * A refused rule must name the one field and leave the output untouched;
 * an accepted one must write a canonical text that reads back to the same
 * rule, and expand over a span around a DST change into occurrences that
 * are in order, of the series' duration, overlapping the span and within
 * the caller's room.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/schedule/rrule.h"
#include "fuzz_zone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rrule r, before, again;
	memset(&r, 0x33, sizeof(r));
	before = r;
	struct sw_error err;
	sw_error_clear(&err);
	if (rrule_parse((const char *)data, size, "recurrence", &r, &err) != SW_OK) {
		if (err.code != SW_EINVALID || err.field_count != 1 || strcmp(err.fields[0].field, "recurrence") != 0 ||
		    memcmp(&r, &before, sizeof(r)) != 0)
			__builtin_trap();
		return 0;
	}
	char text[RRULE_TEXT_MAX * 2];
	rrule_format(&r, text, sizeof(text));
	sw_error_clear(&err);
	if (rrule_parse(text, strlen(text), "recurrence", &again, &err) != SW_OK || memcmp(&r, &again, sizeof(r)) != 0)
		__builtin_trap();
	/* a series started in 2025 at 01:30 local, asked about March 2026 */
	struct rrule_series s = {.tz = fuzz_zone(),
				 .start_days = tz_days_from_civil(2025, 12, 31),
				 .start_second = 5400,
				 .duration = 7200,
				 .rule = &r};
	int64_t from = tz_days_from_civil(2026, 3, 1) * 86400, to = from + 40 * 86400;
	struct rrule_occurrence occ[64];
	size_t n;
	bool truncated;
	if (rrule_expand(&s, from, to, occ, 64, &n, &truncated, &err) != SW_OK || n > 64)
		__builtin_trap();
	for (size_t i = 0; i < n; i++) {
		if (occ[i].end - occ[i].start != s.duration || occ[i].start >= to || occ[i].end <= from ||
		    (i > 0 && occ[i].start <= occ[i - 1].start))
			__builtin_trap();
	}
	return 0;
}
