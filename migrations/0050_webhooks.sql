-- Steward schema 50: outgoing webhooks (docs/notifications.md#webhooks).
--
-- A webhook is a URL that hears of the ticket events it names (events:
-- bits of enum notify_event, core/notify/notify.h), signed with its
-- secret when it has one (sealed under mail_key, core/kernel/seal.h).
CREATE TABLE webhooks (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL,
  events INTEGER NOT NULL,
  secret TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- The durable outbox of webhooks: one row per event and webhook, written
-- in the transaction of the write that caused it, claimed by the sender
-- with a lease (state 'sending', next_attempt_at the lease's end), retried
-- with backoff until it is sent or has failed for good.
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY,
  webhook_id INTEGER NOT NULL REFERENCES webhooks(id),
  event TEXT NOT NULL,
  ticket_id INTEGER REFERENCES tickets(id),
  body TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  response_status INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, id);
