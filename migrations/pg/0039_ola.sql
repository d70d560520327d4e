-- Steward schema 39 (PostgreSQL): OLA clocks (issue #21,
-- docs/sla.md#ola-clocks); see migrations/sqlite/0039_ola.sql.  An OLA
-- clock is a row of ticket_slas with metric 'ola', one per stretch a
-- group held the ticket: (ticket_id, metric) is no longer unique.
ALTER TABLE ticket_slas DROP CONSTRAINT ticket_slas_metric_check;
ALTER TABLE ticket_slas ADD CONSTRAINT ticket_slas_metric_check CHECK (metric IN ('response', 'resolution', 'ola'));
ALTER TABLE ticket_slas DROP CONSTRAINT ticket_slas_ticket_id_metric_key;
ALTER TABLE ticket_slas ADD COLUMN group_id BIGINT REFERENCES groups_(id);
ALTER TABLE ticket_slas ADD COLUMN handed_over INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ticket_slas_ticket ON ticket_slas(ticket_id, metric);
