-- Steward schema 9: SLA policies and assignment rules may match on the
-- incident's service (and assignment rules on its CI).
ALTER TABLE sla_policies ADD COLUMN match_service_id INTEGER REFERENCES services(id);
ALTER TABLE assignment_rules ADD COLUMN match_service_id INTEGER REFERENCES services(id);
ALTER TABLE assignment_rules ADD COLUMN match_ci_id INTEGER REFERENCES cis(id);
