/*
 * port/webhook.h — what core needs from storage for webhooks and their
 * deliveries (core/notify/webhook.h). Implemented in
 * src/store/repo_webhook.c; the conventions are in port/store.h.
 */
#ifndef SW_CORE_PORT_WEBHOOK_H
#define SW_CORE_PORT_WEBHOOK_H

#include "core/port/store.h"

struct webhook_list;
struct webhook_delivery;
struct webhook_delivery_list;
/* struct webhook, named by name */
extern const struct record_store store_webhooks;
/* The active webhooks, by id. */
enum sw_err store_webhook_active(struct store *s, struct webhook_list *out, struct sw_error *err);
/* Insert d (webhook_id, event, ticket_id, body, next_attempt_at,
 * created_at; state pending); d->id is set. */
enum sw_err store_webhook_delivery_insert(struct store *s, struct webhook_delivery *d, struct sw_error *err);
/* Webhook webhook_id's deliveries, newest first, in state (NULL: any). */
enum sw_err store_webhook_delivery_list(struct store *s, int64_t webhook_id, const char *state, const struct page *p,
					struct webhook_delivery_list *out, struct sw_error *err);
/* Up to limit deliveries due at now, with their webhook's url, secret and name. */
enum sw_err store_webhook_delivery_due(struct store *s, int64_t now, int limit, struct webhook_delivery_list *out,
				       struct sw_error *err);
/* Take d if it is still as read (state, next_attempt_at): "sending" until lease_until. */
enum sw_err store_webhook_delivery_claim(struct store *s, struct webhook_delivery *d, int64_t lease_until,
					 bool *claimed, struct sw_error *err);
/* Webhook webhook_id's deliveries not done yet — of event, or (NULL) all —
 * failed for good with reason, their bodies dropped. */
enum sw_err store_webhook_delivery_cancel(struct store *s, int64_t webhook_id, const char *event, const char *reason,
					  struct sw_error *err);
/* Write d's outcome (state, attempts, next_attempt_at, response_status,
 * last_error, sent_at) while the claim ending at lease holds. */
enum sw_err store_webhook_delivery_outcome(struct store *s, const struct webhook_delivery *d, int64_t lease,
					   bool *recorded, struct sw_error *err);

#endif
