-- Steward schema 2: find a user's actions in the audit trail quickly.
CREATE INDEX IF NOT EXISTS audit_actor ON audit(actor_id, id);
