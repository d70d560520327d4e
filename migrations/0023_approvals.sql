-- Steward schema 23: the approval engine (issue #14's approvals; #15's
-- service requests reuse it).  An approval policy says which tickets it
-- applies to (a kind and optional conditions) and its ordered steps, each
-- with approvers (users, groups, the ticket's service owner) and a rule
-- (any one, all, or N of M).  A request for approval on a ticket copies
-- the steps it was made with (a policy's, or ad hoc ones) and, when it is
-- made, resolves each step's approvers to users: one approvals row per
-- approver and step, waiting until its step is reached.  A delegation
-- lets another user decide a user's approvals for a period.
CREATE TABLE approval_policies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  position INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  kind TEXT NOT NULL,
  match_type TEXT,
  match_risk TEXT,
  match_service_id INTEGER REFERENCES services(id),
  match_category TEXT,
  match_priority INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX approval_policies_kind ON approval_policies(kind, position);
-- users: logins and groups: names, each joined with a newline
CREATE TABLE approval_policy_steps (
  policy_id INTEGER NOT NULL REFERENCES approval_policies(id),
  position INTEGER NOT NULL,
  rule TEXT NOT NULL CHECK (rule IN ('any', 'all', 'n_of_m')),
  required INTEGER NOT NULL DEFAULT 0,
  users TEXT NOT NULL DEFAULT '',
  groups_list TEXT NOT NULL DEFAULT '',
  service_owner INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (policy_id, position)
);
CREATE TABLE approval_requests (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  policy TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'canceled')),
  step INTEGER NOT NULL DEFAULT 1,
  step_count INTEGER NOT NULL,
  fires INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  decided_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX approval_requests_ticket ON approval_requests(ticket_id, id);
CREATE TABLE approval_steps (
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES approval_requests(id),
  position INTEGER NOT NULL,
  rule TEXT NOT NULL CHECK (rule IN ('any', 'all', 'n_of_m')),
  required INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'pending', 'approved', 'rejected', 'canceled')),
  started_at INTEGER,
  decided_at INTEGER,
  UNIQUE (request_id, position)
);
CREATE TABLE approvals (
  id INTEGER PRIMARY KEY,
  step_id INTEGER NOT NULL REFERENCES approval_steps(id),
  request_id INTEGER NOT NULL REFERENCES approval_requests(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  position INTEGER NOT NULL,
  approver_id INTEGER NOT NULL REFERENCES users(id),
  via TEXT,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'pending', 'approved', 'rejected', 'skipped')),
  comment TEXT,
  decided_by INTEGER REFERENCES users(id),
  decided_at INTEGER,
  requested_at INTEGER,
  reminded_at INTEGER,
  UNIQUE (step_id, approver_id)
);
CREATE INDEX approvals_approver ON approvals(approver_id, state, id);
CREATE INDEX approvals_request ON approvals(request_id, position, id);
CREATE INDEX approvals_pending ON approvals(state, requested_at);
CREATE TABLE delegations (
  user_id INTEGER PRIMARY KEY REFERENCES users(id),
  delegate_id INTEGER NOT NULL REFERENCES users(id),
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX delegations_delegate ON delegations(delegate_id, starts_at);
INSERT INTO notification_templates (event, subject, body, updated_at) VALUES
  ('approval_requested', '[{{number}}] Approval requested: {{title}}',
   '{{actor}} asks for your approval of {{number}} "{{title}}" ({{detail}}).' || char(10) || char(10) ||
   'Approve or reject it: {{link}}', COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0));
INSERT INTO notification_templates (event, subject, body, updated_at) VALUES
  ('approval_reminder', '[{{number}}] Reminder, approval waiting: {{title}}',
   'Your approval of {{number}} "{{title}}" is still waiting ({{detail}}).' || char(10) || char(10) ||
   'Approve or reject it: {{link}}', COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0));
INSERT INTO notification_templates (event, subject, body, updated_at) VALUES
  ('approval_decided', '[{{number}}] Approval {{detail}}: {{title}}',
   'The approval of {{number}} "{{title}}" is {{detail}} ({{actor}}).' || char(10) || char(10) || '{{link}}',
   COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0));
INSERT INTO notification_rules (name, event, recipients, channels, created_at, updated_at) VALUES
  ('Approval requested', 'approval_requested', 'approver', 'in_app,email',
   COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0), COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0));
INSERT INTO notification_rules (name, event, recipients, channels, created_at, updated_at) VALUES
  ('Approval reminder', 'approval_reminder', 'approver', 'in_app,email',
   COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0), COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0));
INSERT INTO notification_rules (name, event, recipients, channels, created_at, updated_at) VALUES
  ('Approval decided', 'approval_decided', 'requester,assignee', 'in_app,email',
   COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0), COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0));
