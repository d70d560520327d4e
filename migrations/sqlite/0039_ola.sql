-- Steward schema 39 (SQLite): OLA clocks (issue #21, docs/sla.md#ola-clocks).
--
-- An OLA clock is a row of ticket_slas with metric 'ola': it measures the
-- group in group_id (the OLA's group, assigned to the ticket) against the
-- OLA policy's resolution target.  A ticket has one per stretch a group
-- held it, so (ticket_id, metric) is no longer unique; handed_over is 1
-- once the group handed the ticket to another.  SQLite cannot drop a
-- CHECK or a UNIQUE constraint: the table is built again (nothing refers
-- to it).
CREATE TABLE ticket_slas_38 (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  metric TEXT NOT NULL CHECK (metric IN ('response', 'resolution', 'ola')),
  policy_id INTEGER NOT NULL REFERENCES sla_policies(id),
  calendar_id INTEGER NOT NULL REFERENCES calendars(id),
  target_seconds INTEGER NOT NULL,
  elapsed_seconds INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('running', 'paused', 'stopped')),
  since INTEGER,
  due_at INTEGER,
  warn_at INTEGER,
  warned_at INTEGER,
  breached_at INTEGER,
  stopped_at INTEGER,
  agreement_id INTEGER REFERENCES agreements(id),
  agreement_version INTEGER,
  breach_reason TEXT,
  group_id INTEGER REFERENCES groups_(id),
  handed_over INTEGER NOT NULL DEFAULT 0
);
INSERT INTO ticket_slas_38 (id, ticket_id, metric, policy_id, calendar_id, target_seconds, elapsed_seconds, state,
                            since, due_at, warn_at, warned_at, breached_at, stopped_at, agreement_id,
                            agreement_version, breach_reason)
SELECT id, ticket_id, metric, policy_id, calendar_id, target_seconds, elapsed_seconds, state, since, due_at, warn_at,
       warned_at, breached_at, stopped_at, agreement_id, agreement_version, breach_reason FROM ticket_slas;
DROP TABLE ticket_slas;
ALTER TABLE ticket_slas_38 RENAME TO ticket_slas;
CREATE INDEX ticket_slas_ticket ON ticket_slas(ticket_id, metric);
CREATE INDEX ticket_slas_warn ON ticket_slas(warn_at) WHERE state = 'running' AND warned_at IS NULL;
CREATE INDEX ticket_slas_due ON ticket_slas(due_at) WHERE state = 'running' AND breached_at IS NULL;
CREATE INDEX ticket_slas_stopped ON ticket_slas(stopped_at) WHERE state = 'stopped';
