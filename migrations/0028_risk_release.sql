-- Steward schema 28: the computed risk of changes (issue #14).
-- A change keeps its assessment beside the row: the score, the level it
-- gives (risk_computed), each factor's contribution (risk_factors, one
-- line per factor: name, measure, points, detail, separated by tabs) and
-- when it was made; risk stays the effective level (what approval
-- policies match), the computed one unless risk_reason says why someone
-- overrode it.  risk_settings holds the factors' weights, their
-- parameters and the level thresholds (docs/changes.md#risk).
ALTER TABLE tickets ADD COLUMN risk_score INTEGER;
ALTER TABLE tickets ADD COLUMN risk_computed TEXT;
ALTER TABLE tickets ADD COLUMN risk_reason TEXT;
ALTER TABLE tickets ADD COLUMN risk_factors TEXT;
ALTER TABLE tickets ADD COLUMN risk_assessed_at INTEGER;
-- a risk set by hand before this step is an override of the assessment to come
UPDATE tickets SET risk_reason = 'set by hand before risk was computed' WHERE kind = 'change' AND risk IS NOT NULL;
CREATE TABLE risk_settings (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO risk_settings (name, value) VALUES
  ('weight_services', 25), ('services_saturation', 12),
  ('weight_type', 15),
  ('weight_failure_rate', 15),
  ('weight_caused_incidents', 15), ('incidents_saturation', 5),
  ('weight_lead_time', 10), ('lead_time_hours', 72),
  ('weight_blackout', 20),
  ('weight_no_backout_plan', 10), ('weight_no_test_plan', 10),
  ('threshold_medium', 20), ('threshold_high', 40), ('threshold_very_high', 60);
