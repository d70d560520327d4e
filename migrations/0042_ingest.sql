-- Issue #16, the fast ingestion path (docs/events.md): a payload accepted
-- with 202 is committed here unprocessed (processed_at NULL) before the
-- answer, and the ingestion worker processes the pending ones in order,
-- marking each processed in the transaction that holds its effects.  A
-- payload that cannot be processed at all is marked with its error.
-- Payloads stored before this were processed as they came.
ALTER TABLE alert_payloads ADD COLUMN processed_at INTEGER;
ALTER TABLE alert_payloads ADD COLUMN error TEXT;
UPDATE alert_payloads SET processed_at = received_at;
CREATE INDEX alert_payloads_pending ON alert_payloads(id) WHERE processed_at IS NULL;
