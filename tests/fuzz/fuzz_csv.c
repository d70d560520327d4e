/*
 * fuzz_csv.c — libFuzzer target for the CSV reader that imports feed
 * through: the input is split into two chunks at a point taken from its
 * first byte (a record may straddle chunks); every field handed out must
 * be valid UTF-8 without NUL, and the counts within their limits.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/csv.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check(void *arg, const char *const *fields, size_t count, int64_t record)
{
	(void)arg;
	if (count < 1 || count > CSV_FIELDS_MAX || record < 1)
		__builtin_trap();
	for (size_t i = 0; i < count; i++)
		if (!utf8_valid(fields[i], strlen(fields[i])))
			__builtin_trap();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t split = data[0] % (size);
	const char *p = (const char *)data + 1;
	size_t len = size - 1;
	if (split > len)
		split = len;
	struct csv c;
	csv_init(&c);
	struct sw_error err;
	sw_error_clear(&err);
	if (csv_feed(&c, p, split, false, check, NULL, &err) == SW_OK)
		csv_feed(&c, p + split, len - split, true, check, NULL, &err);
	csv_release(&c);
	return 0;
}
