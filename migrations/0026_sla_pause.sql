-- Steward schema 26: which hold reasons pause an SLA policy's clocks
-- (issue #21, docs/sla.md): hold reasons joined by newlines; NULL keeps
-- the ticket kind's own (awaiting_caller for incidents).
ALTER TABLE sla_policies ADD COLUMN pause_on TEXT;
