/*
 * repo_webhook.c — webhooks as a record kind (port/webhook.h) and their
 * deliveries, the webhooks' durable outbox.
 */
#include <string.h>

#include "core/kernel/record.h"
#include "core/notify/webhook.h"
#include "core/port/webhook.h"
#include "store/store_int.h"
#include "store/webhook_sql.h"
#include "base/banned.h"

static const struct store_col webhook_cols[] = {
	STORE_COLS(struct webhook, id, name, description, url, events, secret, active, created_at, updated_at),
};

static const struct store_col webhook_args[] = {
	STORE_ARG_KEY,
	STORE_ARGS(struct webhook, description, url, events, secret, active),
	STORE_ARG_AT,
};

STORE_SAVE_FN(save_webhook, struct webhook, ST_WEBHOOK_INSERT, ST_WEBHOOK_UPDATE, webhook_args)

STORE_LOAD_AS(load_webhook, STORE_FIND(s, ST_WEBHOOK_BY_NAME, DB_TEXT(key->name), webhook_cols, (struct webhook *)out,
				       err, "no webhook '%s'", key->name))

STORE_LIST_AS(list_webhooks,
	      STORE_COLLECT_LIST(s, ST_WEBHOOK_LIST, NULL, 0, webhook_cols, (struct webhook_list *)out, err))

const struct record_store store_webhooks = {save_webhook, load_webhook, list_webhooks};

enum sw_err store_webhook_active(struct store *s, struct webhook_list *out, struct sw_error *err)
{
	return STORE_COLLECT_LIST(s, ST_WEBHOOK_ACTIVE, NULL, 0, webhook_cols, out, err);
}

enum sw_err store_webhook_delivery_insert(struct store *s, struct webhook_delivery *d, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(d->webhook_id), DB_TEXT(d->event),          DB_ID(d->ticket_id),
			     DB_TEXT(d->body),      DB_INT(d->next_attempt_at), DB_INT(d->created_at)};
	return db_query_int(s->conn, ST(ST_WHD_INSERT), a, NARGS(a), &d->id, err);
}

/* WHD_COLS, then (claimed rows) the body and the webhook's url, secret and name */
static const struct store_col delivery_cols[] = {
	STORE_COLS(struct webhook_delivery, id, webhook_id, ticket_id, event, ticket, state, last_error, attempts,
		   response_status, next_attempt_at, created_at, sent_at, body, url, secret, webhook),
};

#define DELIVERY_COLS 12 /* the list's: the first twelve */

static void read_delivery(struct store *s, struct db_rows *r, void *item)
{
	store_read_cols(s, r, 0, delivery_cols, DELIVERY_COLS, item, sizeof(struct webhook_delivery));
}

static void read_due(struct store *s, struct db_rows *r, void *item)
{
	store_read_cols(s, r, 0, delivery_cols, NARGS(delivery_cols), item, sizeof(struct webhook_delivery));
}

enum sw_err store_webhook_delivery_list(struct store *s, int64_t webhook_id, const char *state, const struct page *p,
					struct webhook_delivery_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(webhook_id), DB_TEXT(state), DB_NULL, DB_NULL};
	memset(out, 0, sizeof(*out));
	return STORE_ID_PAGE(s, ST_WHD_LIST, "deliveries", a, 2, p, struct webhook_delivery, read_delivery, out, err);
}

enum sw_err store_webhook_delivery_due(struct store *s, int64_t now, int limit, struct webhook_delivery_list *out,
				       struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(now), DB_INT(limit)};
	memset(out, 0, sizeof(*out));
	return STORE_LIST(s, ST_WHD_DUE, a, 2, read_due, out, err);
}

enum sw_err store_webhook_delivery_claim(struct store *s, struct webhook_delivery *d, int64_t lease_until,
					 bool *claimed, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(d->id), DB_TEXT(d->state), DB_INT(d->next_attempt_at), DB_INT(lease_until)};
	int64_t changes = 0;
	enum sw_err rc = db_exec(s->conn, ST(ST_WHD_CLAIM), a, NARGS(a), &changes, err);
	*claimed = !rc && changes == 1;
	if (*claimed) {
		d->state = "sending";
		d->next_attempt_at = lease_until;
	}
	return rc;
}

enum sw_err store_webhook_delivery_cancel(struct store *s, int64_t webhook_id, const char *event, const char *reason,
					  struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(webhook_id), DB_TEXT(event), DB_TEXT(reason)};
	return db_exec(s->conn, ST(ST_WHD_CANCEL), a, NARGS(a), NULL, err);
}

enum sw_err store_webhook_delivery_outcome(struct store *s, const struct webhook_delivery *d, int64_t lease,
					   bool *recorded, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(d->id),
			     DB_TEXT(d->state),
			     DB_INT(d->attempts),
			     DB_INT(d->next_attempt_at),
			     DB_ID(d->response_status),
			     DB_TEXT(d->last_error),
			     DB_ID(d->sent_at),
			     DB_INT(lease)};
	int64_t changes = 0;
	enum sw_err rc = db_exec(s->conn, ST(ST_WHD_OUTCOME), a, NARGS(a), &changes, err);
	*recorded = !rc && changes == 1;
	return rc;
}
