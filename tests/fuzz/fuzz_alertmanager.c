/*
 * fuzz_alertmanager.c — libFuzzer target for Alertmanager's webhook
 * payload (api_alertmanager_decode), which monitoring systems send to
 * POST /api/v1/events/alertmanager.  A refused payload must say why and
 * be 400 or 413; an accepted one must hold at most ALERT_BATCH_MAX alerts,
 * each with a name, a key, a known state and severity, and labels within
 * their bounds: names a label may have, values valid UTF-8 of at most
 * ALERT_LABEL_VALUE_MAX characters without control characters.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_alert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_alert_decode(data, size, api_alertmanager_decode);
	return 0;
}
