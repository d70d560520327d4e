-- Steward schema 32: open changes by when their risk was last assessed,
-- for the scheduler's re-assessment (core/change/risk.c:
-- risk_reassess_pass): the oldest first, never-assessed ones before all.
CREATE INDEX tickets_change_risk ON tickets(risk_assessed_at, id) WHERE kind = 'change' AND phase = 'open';
