-- Steward schema 14: every ticket carries the phase of its state (open,
-- paused, resolved, closed, canceled), as its kind declares it
-- (core/ticket.h), so that lists, queue counts, reports, the SLA engine and
-- the scheduler ask for a phase and never name one kind's states.  The
-- rows so far are incidents: their phases follow the incident machine.
ALTER TABLE tickets ADD COLUMN phase TEXT NOT NULL DEFAULT 'open'
  CHECK (phase IN ('open', 'paused', 'resolved', 'closed', 'canceled'));
UPDATE tickets SET phase = CASE state WHEN 'on_hold' THEN 'paused' WHEN 'resolved' THEN 'resolved'
  WHEN 'closed' THEN 'closed' WHEN 'canceled' THEN 'canceled' ELSE 'open' END;
-- open tickets: one index, read in age order for the oldest, and covering
-- the queue counts and the report (state, priority, group, assignee,
-- major, requester, and the phase its condition reads), so that no count
-- reads the table
DROP INDEX tickets_open;
CREATE INDEX tickets_open ON tickets(kind, created_at, id, state, priority, group_id, assignee_id, major, requester_id, phase)
  WHERE phase IN ('open', 'paused');
DROP INDEX tickets_assignee_state;
CREATE INDEX tickets_assignee_phase ON tickets(assignee_id, phase) WHERE assignee_id IS NOT NULL;
DROP INDEX tickets_resolved;
CREATE INDEX tickets_resolved ON tickets(phase, resolved_at) WHERE resolved_at IS NOT NULL;
