/*
 * fuzz_kpi.c — libFuzzer target for a KPI series' period (core/report/
 * kpi.h), which comes from the query string: "from", "to" and "interval"
 * as a client sends them, read as the API reads them (tz_parse_date, the
 * interval's name), then cut into intervals by kpi_plan in a zone with
 * daylight saving time.  Whatever the input, the plan is either refused
 * (more than KPI_POINTS_MAX intervals) or its intervals are in order,
 * start at local midnights and cover the period exactly.
 * Input: from, to and interval separated by NUL bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/report/kpi.h"
#include "core/report/report.h"
#include "fuzz_zone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t starts[KPI_POINTS_MAX + 1], days[KPI_POINTS_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *part[3] = {"", "", ""};
	char *buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = 0;
	size_t at = 0;
	for (int i = 0; i < 3 && at <= size; i++) {
		part[i] = buf + at;
		at += strlen(buf + at) + 1;
	}
	int64_t from, to;
	int iv = -1;
	for (int i = 0; i < KPI_INTERVAL__COUNT; i++)
		if (strcmp(part[2], kpi_interval_names[i]) == 0)
			iv = i;
	if (tz_parse_date(part[0], strlen(part[0]), &from) || tz_parse_date(part[1], strlen(part[1]), &to) || iv < 0 ||
	    from > to) {
		free(buf);
		return 0;
	}
	const struct tz *z = fuzz_zone();
	size_t n = kpi_plan(z, from, to, (enum kpi_interval)iv, starts, days, KPI_POINTS_MAX);
	if (n == 0) { /* refused: only when there were too many */
		if (iv == KPI_DAY && to - from + 1 <= KPI_POINTS_MAX)
			__builtin_trap();
		free(buf);
		return 0;
	}
	if (days[0] != from || starts[0] != report_day_start(z, from) || starts[n] != report_day_start(z, to + 1))
		__builtin_trap();
	for (size_t i = 0; i < n; i++) {
		if (starts[i + 1] <= starts[i] || days[i] > to || (i && days[i] <= days[i - 1]) ||
		    starts[i] != report_day_start(z, days[i]))
			__builtin_trap();
		if (iv == KPI_DAY && days[i] != from + (int64_t)i)
			__builtin_trap();
	}
	free(buf);
	return 0;
}
