/*
 * fuzz_event.c — libFuzzer target for Steward's generic event (one
 * object, or an array of them: api_event_decode), which scripts and
 * monitoring tools send to POST /api/v1/events.  The same promises as
 * fuzz_alertmanager.c (fuzz_alert.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_alert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_alert_decode(data, size, api_event_decode);
	return 0;
}
