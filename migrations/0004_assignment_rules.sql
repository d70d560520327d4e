-- Steward schema 4: assignment rules, evaluated in order when an incident
-- is logged without an assignment group.
CREATE TABLE assignment_rules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  position INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  match_category TEXT,
  match_priority INTEGER,
  match_keywords TEXT,
  group_id INTEGER NOT NULL REFERENCES groups_(id),
  assign TEXT NOT NULL DEFAULT 'none' CHECK (assign IN ('none', 'round_robin', 'least_open')),
  last_assignee_id INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX assignment_rules_order ON assignment_rules(active, position, name);
CREATE INDEX tickets_assignee_state ON tickets(assignee_id, state);
