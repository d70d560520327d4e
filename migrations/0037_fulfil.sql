-- Steward schema 37: what service requests still lacked (issue #15).
-- An item's cost (a whole amount, what conditional approval steps
-- compare); a policy step's condition (it applies only when the ticket's
-- cost is above an amount, and/or a variable has a value, this value, or
-- one matching a pattern); which steps of its policy a request's approval
-- took and why (one row per policy step: the request's step it became, or
-- NULL when it was left out); an attachment variable's size limit and
-- content types (joined with a newline).
ALTER TABLE catalog_items ADD COLUMN cost INTEGER NOT NULL DEFAULT 0;
ALTER TABLE approval_policy_steps ADD COLUMN when_cost_above INTEGER;
ALTER TABLE approval_policy_steps ADD COLUMN when_variable TEXT;
ALTER TABLE approval_policy_steps ADD COLUMN when_value TEXT;
ALTER TABLE approval_policy_steps ADD COLUMN when_pattern TEXT;
CREATE TABLE approval_step_choices (
  request_id INTEGER NOT NULL REFERENCES approval_requests(id),
  position INTEGER NOT NULL,
  step INTEGER,
  reason TEXT NOT NULL,
  PRIMARY KEY (request_id, position)
);
ALTER TABLE catalog_variables ADD COLUMN max_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE catalog_variables ADD COLUMN content_types TEXT NOT NULL DEFAULT '';
