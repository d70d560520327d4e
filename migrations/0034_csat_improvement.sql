-- Steward schema 34: satisfaction surveys, the action links they are
-- answered by, and the improvement register (issue #18).
--
-- action_links: single-use, expiring links sent to people (a survey's
-- rating, later a request's approval).  Only the SHA-256 of the token is
-- kept; used_at is set in the transaction of the action it authorises.
CREATE TABLE action_links (
  id INTEGER PRIMARY KEY,
  purpose TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX action_links_record ON action_links(purpose, record_id);
-- Per ticket kind: whether resolving one sends its requester a survey,
-- the share sampled (percent), the days a person is left alone after a
-- survey, and the rating at or below which the group manager hears of it.
CREATE TABLE survey_settings (
  kind TEXT PRIMARY KEY,
  enabled INTEGER NOT NULL DEFAULT 0,
  sample_percent INTEGER NOT NULL DEFAULT 100,
  cooldown_days INTEGER NOT NULL DEFAULT 0,
  low_threshold INTEGER NOT NULL DEFAULT 2,
  updated_at INTEGER NOT NULL
);
INSERT INTO survey_settings (kind, enabled, sample_percent, cooldown_days, low_threshold, updated_at) VALUES
  ('incident', 1, 100, 0, 2, 0), ('request', 1, 100, 0, 2, 0);
-- One survey per ticket: who was asked, and the ticket's agent, group and
-- service when it was resolved (what the reports group by).
CREATE TABLE surveys (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
  kind TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  agent_id INTEGER REFERENCES users(id),
  group_id INTEGER REFERENCES groups_(id),
  service_id INTEGER REFERENCES services(id),
  sent_at INTEGER NOT NULL,
  answered_at INTEGER,
  rating INTEGER CHECK (rating BETWEEN 1 AND 5),
  comment TEXT,
  channel TEXT CHECK (channel IN ('portal', 'email'))
);
CREATE INDEX surveys_user ON surveys(user_id, sent_at);
CREATE INDEX surveys_sent ON surveys(sent_at);
INSERT INTO notification_templates (event, subject, body, updated_at) VALUES
  ('survey', '[{{number}}] How did we do? {{title}}',
   '{{number}} "{{title}}" was resolved.  How satisfied are you (1 = not at all, 5 = very)?' || char(10) || char(10) ||
   '{{detail}}' || char(10) || 'Or answer in the portal.  The links work once and expire in 14 days.' || char(10) || char(10) || '{{link}}',
   COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0));
INSERT INTO notification_templates (event, subject, body, updated_at) VALUES
  ('survey_low', '[{{number}}] Low satisfaction rating: {{title}}',
   '{{requester}} rated {{number}} "{{title}}" (group {{group}}, assignee {{assignee}}): {{detail}}' || char(10) || char(10) || '{{link}}',
   COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0));
INSERT INTO notification_rules (name, event, recipients, channels, created_at, updated_at) VALUES
  ('Low satisfaction rating', 'survey_low', 'manager', 'in_app,email',
   COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0), COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0));
-- Improvements are a ticket kind (IMP0000001); what they add lives beside
-- the ticket: the plan's texts (benefits, cost, review date, outcome and
-- the seven steps), the services they serve, the problems and changes
-- they are linked to, and their KPIs (baseline captured on approval,
-- target set by people).
CREATE TABLE improvements (
  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
  benefits TEXT,
  cost TEXT,
  review_at INTEGER,
  outcome TEXT,
  vision TEXT,
  current_state TEXT,
  target_state TEXT,
  plan TEXT,
  action_taken TEXT,
  check_result TEXT,
  momentum TEXT,
  updated_at INTEGER NOT NULL
);
CREATE TABLE improvement_services (
  improvement_id INTEGER NOT NULL REFERENCES tickets(id),
  service_id INTEGER NOT NULL REFERENCES services(id),
  PRIMARY KEY (improvement_id, service_id)
);
CREATE TABLE improvement_links (
  improvement_id INTEGER NOT NULL REFERENCES tickets(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  PRIMARY KEY (improvement_id, ticket_id)
);
CREATE INDEX improvement_links_ticket ON improvement_links(ticket_id);
CREATE TABLE improvement_kpis (
  id INTEGER PRIMARY KEY,
  improvement_id INTEGER NOT NULL REFERENCES tickets(id),
  name TEXT NOT NULL,
  baseline_hundredths INTEGER,
  baseline_at INTEGER,
  target_hundredths INTEGER NOT NULL,
  UNIQUE (improvement_id, name)
);
