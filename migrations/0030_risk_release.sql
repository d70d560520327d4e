-- Steward schema 30: the computed risk of changes, and releases (issue #14).
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
-- Releases are a ticket kind (RLS0000001): their own fields are columns of
-- tickets, NULL for the other kinds: the version and type, planned and
-- actual dates of the build, test and deploy stages, the deployment
-- window, the release notes (Markdown) and the go/no-go decision.  A
-- change names the release it is in (release_id: one at a time).
ALTER TABLE tickets ADD COLUMN release_version TEXT;
ALTER TABLE tickets ADD COLUMN release_type TEXT;
ALTER TABLE tickets ADD COLUMN build_planned INTEGER;
ALTER TABLE tickets ADD COLUMN build_actual INTEGER;
ALTER TABLE tickets ADD COLUMN test_planned INTEGER;
ALTER TABLE tickets ADD COLUMN test_actual INTEGER;
ALTER TABLE tickets ADD COLUMN deploy_planned INTEGER;
ALTER TABLE tickets ADD COLUMN deploy_actual INTEGER;
ALTER TABLE tickets ADD COLUMN window_start INTEGER;
ALTER TABLE tickets ADD COLUMN window_end INTEGER;
ALTER TABLE tickets ADD COLUMN release_notes TEXT;
ALTER TABLE tickets ADD COLUMN go_decision TEXT;
ALTER TABLE tickets ADD COLUMN go_reason TEXT;
ALTER TABLE tickets ADD COLUMN release_id INTEGER REFERENCES tickets(id);
CREATE INDEX tickets_release ON tickets(release_id) WHERE release_id IS NOT NULL;
-- releases by their deployment window, for the calendar
CREATE INDEX tickets_release_window ON tickets(window_end, window_start) WHERE kind = 'release' AND window_end IS NOT NULL;
