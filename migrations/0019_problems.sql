-- Steward schema 19: problems, a ticket kind (issue #13).  Their own
-- fields are columns of tickets, NULL for the other kinds (a row written
-- before this step simply has no value for them): the symptoms, the root
-- cause and its category, the workaround and when it was published to
-- the incidents, the change that fixes it, and the review of a major
-- problem.  An incident names the problem behind it in problem_id; the
-- problem's incidents are found through tickets_problem.  title_key is a
-- ticket's title reduced to its words (lower case, no digits or
-- punctuation), written with every title, which the problem candidates
-- group recent incidents by.  Cause categories are a list admins keep.
ALTER TABLE tickets ADD COLUMN symptoms TEXT;
ALTER TABLE tickets ADD COLUMN root_cause TEXT;
ALTER TABLE tickets ADD COLUMN cause_category TEXT;
ALTER TABLE tickets ADD COLUMN workaround TEXT;
ALTER TABLE tickets ADD COLUMN workaround_published_at INTEGER;
ALTER TABLE tickets ADD COLUMN fix_id INTEGER REFERENCES tickets(id);
ALTER TABLE tickets ADD COLUMN review_went_well TEXT;
ALTER TABLE tickets ADD COLUMN review_went_wrong TEXT;
ALTER TABLE tickets ADD COLUMN review_actions TEXT;
ALTER TABLE tickets ADD COLUMN problem_id INTEGER REFERENCES tickets(id);
ALTER TABLE tickets ADD COLUMN title_key TEXT;
CREATE INDEX tickets_problem ON tickets(problem_id) WHERE problem_id IS NOT NULL;
-- The CIs a problem affects, and those that contributed to its cause.
CREATE TABLE ticket_cis (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  role TEXT NOT NULL CHECK (role IN ('affected', 'contributing')),
  ci_id INTEGER NOT NULL REFERENCES cis(id),
  PRIMARY KEY (ticket_id, role, ci_id)
);
CREATE INDEX ticket_cis_ci ON ticket_cis(ci_id);

CREATE TABLE cause_categories (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO cause_categories (name, label, position, created_at, updated_at)
SELECT 'hardware_failure', 'Hardware failure', 1, COALESCE(MAX(applied_at), 0), COALESCE(MAX(applied_at), 0) FROM schema_migrations;
INSERT INTO cause_categories (name, label, position, created_at, updated_at)
SELECT 'software_defect', 'Software defect', 2, COALESCE(MAX(applied_at), 0), COALESCE(MAX(applied_at), 0) FROM schema_migrations;
INSERT INTO cause_categories (name, label, position, created_at, updated_at)
SELECT 'capacity', 'Capacity', 3, COALESCE(MAX(applied_at), 0), COALESCE(MAX(applied_at), 0) FROM schema_migrations;
INSERT INTO cause_categories (name, label, position, created_at, updated_at)
SELECT 'change_induced', 'Change-induced', 4, COALESCE(MAX(applied_at), 0), COALESCE(MAX(applied_at), 0) FROM schema_migrations;
INSERT INTO cause_categories (name, label, position, created_at, updated_at)
SELECT 'human_error', 'Human error', 5, COALESCE(MAX(applied_at), 0), COALESCE(MAX(applied_at), 0) FROM schema_migrations;
INSERT INTO cause_categories (name, label, position, created_at, updated_at)
SELECT 'third_party', 'Third party', 6, COALESCE(MAX(applied_at), 0), COALESCE(MAX(applied_at), 0) FROM schema_migrations;
-- What a problem must have to be in a state: configurable as any
-- mandatory-field rule, these are the defaults.
INSERT INTO mandatory_fields (kind, state, field, created_at)
SELECT 'problem', 'root_cause_known', 'root_cause', COALESCE(MAX(applied_at), 0) FROM schema_migrations;
INSERT INTO mandatory_fields (kind, state, field, created_at)
SELECT 'problem', 'known_error', 'root_cause', COALESCE(MAX(applied_at), 0) FROM schema_migrations;
INSERT INTO mandatory_fields (kind, state, field, created_at)
SELECT 'problem', 'known_error', 'workaround', COALESCE(MAX(applied_at), 0) FROM schema_migrations;
