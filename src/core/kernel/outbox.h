/*
 * outbox.h — what the durable outboxes share (the notifications' email
 * rows, core/notify/notify.h; the webhooks' deliveries,
 * core/notify/webhook.h): rows written in the transaction of what caused
 * them, claimed by a sender with a lease ("sending" until next_attempt_at)
 * so two servers never send one at once, and after each try either sent,
 * due again after a backoff, or failed for good.
 */
#ifndef SW_CORE_KERNEL_OUTBOX_H
#define SW_CORE_KERNEL_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

struct outbox_retry {
	int max_attempts;     /* a row fails for good after this many tries */
	int64_t retry_base_s; /* the first retry after this; doubling, at most an hour */
};

/* A row after a try: its state ("sent", "pending", "failed"), its
 * attempts, when it is due again (0: never) and when it was sent (0: not). */
struct outbox_outcome {
	const char *state;
	int attempts;
	int64_t next_attempt_at, sent_at;
};

/* A list's state filter: NULL (any), pending, sending, sent or failed;
 * another is a 400 on the query parameter state. */
enum sw_err outbox_check_state(const char *state, struct sw_error *err);

/* What a try at now makes of a row tried attempts times before it. */
struct outbox_outcome outbox_after(const struct outbox_retry *r, int attempts, bool delivered, int64_t now);

/* Take item (a due row as read) for the sender until lease_until, when it
 * is still as read: *claimed says whether it was. */
typedef enum sw_err (*outbox_claim_fn)(struct store *s, void *item, int64_t lease_until, bool *claimed,
				       struct sw_error *err);
/* Claim each of the *count due rows of size bytes at items with claim
 * (another server may have claimed some since they were read), keeping
 * those taken at the front and their number in *count. */
enum sw_err outbox_claim_each(struct store *s, void *items, size_t *count, size_t size, int64_t lease_until,
			      outbox_claim_fn claim, struct sw_error *err);

#endif
