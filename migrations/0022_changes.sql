-- Steward schema 22: changes and change tasks, ticket kinds (issue #14).
-- Their own fields are columns of tickets, NULL for the other kinds: the
-- change's type, its justification and owner, the planned and actual
-- times, the plans (implementation, back-out, test, communication) and
-- the test results, the outage it expects, its risk and the
-- post-implementation review.  A change task names its change
-- (change_id) and its place in the change's order (task_order); an
-- incident may name the change that caused it (caused_by_id).  The
-- services a change affects are a set of their own (ticket_services;
-- the CIs are ticket_cis rows of role 'affected', as a problem's).
ALTER TABLE tickets ADD COLUMN change_type TEXT;
ALTER TABLE tickets ADD COLUMN justification TEXT;
ALTER TABLE tickets ADD COLUMN change_owner_id INTEGER REFERENCES users(id);
ALTER TABLE tickets ADD COLUMN planned_start INTEGER;
ALTER TABLE tickets ADD COLUMN planned_end INTEGER;
ALTER TABLE tickets ADD COLUMN actual_start INTEGER;
ALTER TABLE tickets ADD COLUMN actual_end INTEGER;
ALTER TABLE tickets ADD COLUMN implementation_plan TEXT;
ALTER TABLE tickets ADD COLUMN backout_plan TEXT;
ALTER TABLE tickets ADD COLUMN test_plan TEXT;
ALTER TABLE tickets ADD COLUMN test_results TEXT;
ALTER TABLE tickets ADD COLUMN communication_plan TEXT;
ALTER TABLE tickets ADD COLUMN outage_expected INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN outage_minutes INTEGER;
ALTER TABLE tickets ADD COLUMN risk TEXT;
ALTER TABLE tickets ADD COLUMN pir TEXT;
ALTER TABLE tickets ADD COLUMN change_id INTEGER REFERENCES tickets(id);
ALTER TABLE tickets ADD COLUMN task_order INTEGER;
ALTER TABLE tickets ADD COLUMN caused_by_id INTEGER REFERENCES tickets(id);
CREATE INDEX tickets_change ON tickets(change_id, task_order) WHERE change_id IS NOT NULL;
CREATE INDEX tickets_caused_by ON tickets(caused_by_id) WHERE caused_by_id IS NOT NULL;
-- the problems a change fixes (problems.fix_id, migration 19)
CREATE INDEX tickets_fix ON tickets(fix_id) WHERE fix_id IS NOT NULL;
-- changes by their planned window, for conflicts: the open changes whose
-- window ends after a span starts (few: the future, and what runs late)
CREATE INDEX tickets_change_window ON tickets(planned_end, planned_start) WHERE kind = 'change' AND planned_end IS NOT NULL;
CREATE TABLE ticket_services (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  service_id INTEGER NOT NULL REFERENCES services(id),
  PRIMARY KEY (ticket_id, service_id)
);
CREATE INDEX ticket_services_service ON ticket_services(service_id);
-- Standard change templates: pre-approved changes agents raise standard
-- changes from (plans, default services by name and CIs by id, each list
-- joined in one column, the risk they carry).
CREATE TABLE change_templates (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  category TEXT,
  implementation_plan TEXT NOT NULL,
  backout_plan TEXT,
  test_plan TEXT,
  services TEXT NOT NULL DEFAULT '',
  cis TEXT NOT NULL DEFAULT '',
  risk TEXT NOT NULL DEFAULT 'low',
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- CI updates planned on a change, applied (applied_at) when it is
-- implemented: a CI's status, an attribute's value, or a new relationship
-- (name: its type; to_id: the other CI).
CREATE TABLE change_ci_updates (
  id INTEGER PRIMARY KEY,
  change_id INTEGER NOT NULL REFERENCES tickets(id),
  ci_id INTEGER NOT NULL REFERENCES cis(id),
  kind TEXT NOT NULL CHECK (kind IN ('status', 'attribute', 'relation')),
  name TEXT,
  value TEXT,
  to_id INTEGER REFERENCES cis(id),
  created_at INTEGER NOT NULL,
  applied_at INTEGER
);
CREATE INDEX change_ci_updates_change ON change_ci_updates(change_id, id);
