/*
 * outbox.c — the durable outboxes' claim and backoff; see outbox.h.
 */
#include <string.h>

#include "base/util.h"
#include "core/kernel/outbox.h"
#include "base/banned.h"

#define RETRY_MAX_S 3600

struct outbox_outcome outbox_after(const struct outbox_retry *r, int attempts, bool delivered, int64_t now)
{
	struct outbox_outcome o = {.attempts = attempts + 1};
	if (delivered) {
		o.state = "sent";
		o.sent_at = now;
	} else if (o.attempts >= r->max_attempts) {
		o.state = "failed";
	} else {
		int64_t wait = r->retry_base_s;
		for (int i = 1; i < o.attempts && wait < RETRY_MAX_S; i++)
			wait *= 2;
		o.state = "pending";
		o.next_attempt_at = now + (wait < RETRY_MAX_S ? wait : RETRY_MAX_S);
	}
	return o;
}

enum sw_err outbox_check_state(const char *state, struct sw_error *err)
{
	static const char *const states[] = {"pending", "sending", "sent", "failed"};
	for (size_t i = 0; state && i < COUNT(states); i++)
		if (strcmp(state, states[i]) == 0)
			return SW_OK;
	return state ? sw_param_fail(err, "state", "must be one of pending, sending, sent, failed") : SW_OK;
}

enum sw_err outbox_claim_each(struct store *s, void *items, size_t *count, size_t size, int64_t lease_until,
			      outbox_claim_fn claim, struct sw_error *err)
{
	char *base = items;
	size_t kept = 0;
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < *count; i++) {
		bool claimed;
		rc = claim(s, base + i * size, lease_until, &claimed, err);
		if (!rc && claimed && kept != i)
			memcpy(base + kept * size, base + i * size, size);
		kept += !rc && claimed;
	}
	*count = kept;
	return rc;
}
