-- Steward schema 35: agreements (issue #21, docs/sla.md#agreements).
--
-- An agreement is an SLA (with a customer), an OLA (with an internal
-- group) or an underpinning contract (with a supplier).  It covers the
-- services listed in agreement_services and owns SLA policies
-- (sla_policies.agreement_id; a policy without one still applies).
-- Dates are "YYYY-MM-DD" text (they sort as dates); version counts its
-- updates.  target_compliance and amber_percent are percentages the SLA
-- report measures it against.  review_notified is the review date a
-- reminder was sent for (the worker's pass sends one per date).
CREATE TABLE agreements (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('sla', 'ola', 'uc')),
  status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'expired', 'retired')),
  description TEXT NOT NULL DEFAULT '',
  customer TEXT,
  group_id INTEGER REFERENCES groups_(id),
  supplier TEXT,
  owner_id INTEGER REFERENCES users(id),
  valid_from TEXT,
  valid_to TEXT,
  review_date TEXT,
  document_url TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  target_compliance INTEGER NOT NULL DEFAULT 95,
  amber_percent INTEGER NOT NULL DEFAULT 90,
  review_notified TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX agreements_review ON agreements(review_date);
CREATE TABLE agreement_services (
  agreement_id INTEGER NOT NULL REFERENCES agreements(id),
  service_id INTEGER NOT NULL REFERENCES services(id),
  PRIMARY KEY (agreement_id, service_id)
);
CREATE INDEX agreement_services_service ON agreement_services(service_id, agreement_id);
ALTER TABLE sla_policies ADD COLUMN agreement_id INTEGER REFERENCES agreements(id);
-- the agreement (and its version) a clock was started or re-targeted under
ALTER TABLE ticket_slas ADD COLUMN agreement_id INTEGER REFERENCES agreements(id);
ALTER TABLE ticket_slas ADD COLUMN agreement_version INTEGER;
-- the review reminder: an event of the notification rules, to the owner
INSERT INTO notification_templates (event, subject, body, updated_at) VALUES
  ('agreement_review', 'Review due: agreement {{title}}',
   'The agreement "{{title}}" ({{state}}) was due for review on {{detail}}. Review it, then set its next review date.' ||
   char(10) || char(10) || '{{link}}', COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0));
INSERT INTO notification_rules (name, event, recipients, channels, created_at, updated_at) VALUES
  ('Agreement review due', 'agreement_review', 'owner', 'in_app,email',
   COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0), COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0));
-- Breach reasons: why an SLA clock was breached, a value list admins keep
-- (shaped as cause_categories); agents set one on a breached clock.
CREATE TABLE breach_reasons (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO breach_reasons (name, label, position, created_at, updated_at)
SELECT 'third_party', 'Waiting on a third party', 1, COALESCE(MAX(applied_at), 0), COALESCE(MAX(applied_at), 0) FROM schema_migrations;
INSERT INTO breach_reasons (name, label, position, created_at, updated_at)
SELECT 'misrouted', 'Assigned to the wrong group', 2, COALESCE(MAX(applied_at), 0), COALESCE(MAX(applied_at), 0) FROM schema_migrations;
INSERT INTO breach_reasons (name, label, position, created_at, updated_at)
SELECT 'workload', 'Workload peak', 3, COALESCE(MAX(applied_at), 0), COALESCE(MAX(applied_at), 0) FROM schema_migrations;
INSERT INTO breach_reasons (name, label, position, created_at, updated_at)
SELECT 'caller_unavailable', 'Caller unavailable', 4, COALESCE(MAX(applied_at), 0), COALESCE(MAX(applied_at), 0) FROM schema_migrations;
INSERT INTO breach_reasons (name, label, position, created_at, updated_at)
SELECT 'other', 'Other', 5, COALESCE(MAX(applied_at), 0), COALESCE(MAX(applied_at), 0) FROM schema_migrations;
ALTER TABLE ticket_slas ADD COLUMN breach_reason TEXT;
