/*
 * webhook.h — outgoing webhooks: URLs that hear of ticket events as JSON
 * POSTs (docs/notifications.md#webhooks).
 *
 * A webhook is a record kind admins keep (core/kernel/record.h): its URL,
 * the events it names, an optional signing secret (sealed under mail_key,
 * core/kernel/seal.h; never answered) and whether it is active.  Every
 * ticket event notify_event raises writes, in the transaction of the
 * write that caused it, one delivery row per active webhook that names
 * the event: the durable outbox the sender (cli/worker.c) claims rows
 * from with a lease, POSTs, and marks sent, or retries with exponential
 * backoff until it has failed for good.  A webhook hears of work notes
 * only when it names work_note: what it carries is the admin's choice.
 */
#ifndef SW_CORE_NOTIFY_WEBHOOK_H
#define SW_CORE_NOTIFY_WEBHOOK_H

#include "core/kernel/outbox.h"
#include "core/notify/notify.h"

#define WEBHOOK_URL_MAX 2000
#define WEBHOOK_TEXT_MAX 500
#define WEBHOOK_SECRET_MIN 16
#define WEBHOOK_SECRET_MAX 256
#define WEBHOOK_EVENTS_MAX 32
#define WEBHOOK_DETAIL_MAX (64 * 1024) /* bytes of a body's detail: a longer one is cut (detail_truncated) */
#define WEBHOOK_BODY_MAX (1024 * 1024) /* bytes of a body, room for the detail escaped at worst */

struct webhook {
	int64_t id;
	const char *name, *description, *url;
	int64_t events;     /* bits: 1 << enum notify_event */
	const char *secret; /* sealed; NULL: the deliveries are not signed */
	bool active;
	int64_t created_at, updated_at;
};

/* clang-format off */
#define WEBHOOK_INPUT(GIVEN, PLAIN) \
	GIVEN(const char *, description) GIVEN(const char *, url) GIVEN(const char **, events) \
	PLAIN(size_t, event_count) GIVEN(const char *, secret) GIVEN(bool, active)
/* clang-format on */
/* Admins write and read (a webhook's URL may carry a token). */
RECORD_KIND_DECL(webhook_kind, webhook_list, webhook, webhook_input, WEBHOOK_INPUT);

#define WEBHOOK_EVENTS_ALL INT64_MAX /* the bits of every event a webhook may name */
/* The names of the events in bits (at most max), for answers. */
size_t webhook_event_names(int64_t bits, const char **out, size_t max);

/* Inside the transaction of event e on t: a delivery for every active
 * webhook naming e, its body the event as JSON (detail: the comment,
 * resolution or reason notify_event was given; link: the ticket's page). */
enum sw_err webhook_event(struct ctx *c, enum notify_event e, const struct ticket *t, const char *detail,
			  const char *link, struct sw_error *err);

struct webhook_delivery {
	int64_t id, webhook_id, ticket_id;
	const char *event, *ticket, *body, *state, *last_error;
	int attempts;
	int response_status; /* 0: none */
	int64_t next_attempt_at, created_at, sent_at;
	/* claimed rows only: where it goes */
	const char *url, *secret, *webhook;
};

struct webhook_delivery_list {
	struct webhook_delivery *items;
	size_t count;
	const char *next_cursor;
};

/* Admins: the deliveries of webhook name, newest first, optionally in one
 * state (pending, sending, sent, failed; another is a 400). */
enum sw_err webhook_deliveries(struct ctx *c, const char *name, const char *state, const struct page *p,
			       struct webhook_delivery_list *out, struct sw_error *err);
/* Admins: queue a "ping" delivery to webhook name (active or not), *id its id. */
enum sw_err webhook_ping(struct ctx *c, const char *name, int64_t *id, struct sw_error *err);

/* Claim up to limit due deliveries (pending and due, or stuck in
 * "sending" past a lease) for lease_s seconds, with their webhook's URL
 * and sealed secret. */
enum sw_err webhook_claim(struct ctx *c, int limit, int64_t lease_s, struct webhook_delivery_list *out,
			  struct sw_error *err);
/* Put d (as claimed) off untried: due again after retry's first delay,
 * its attempts as they were (another delivery to its webhook got no
 * answer in the same batch). */
enum sw_err webhook_postpone(struct ctx *c, const struct webhook_delivery *d, const struct outbox_retry *retry,
			     struct sw_error *err);
/* Record the outcome of d (as claimed): status the HTTP status (0: none
 * came), error NULL when it was delivered (a 2xx).  SW_ECONFLICT when the
 * claim's lease ran out meanwhile. */
enum sw_err webhook_sent(struct ctx *c, const struct webhook_delivery *d, int status, const char *error,
			 const struct outbox_retry *retry, struct sw_error *err);

#endif
