-- Steward schema 29: event management (docs/events.md).
--
-- An event source is a monitoring system allowed to send alerts (an
-- Alertmanager, a script): it authenticates with a bearer token of which
-- only the SHA-256 is kept, and carries the defaults its alerts start
-- from.  Incidents it opens are raised in the name of owner_id (the admin
-- who registered it).
CREATE TABLE event_sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  token_hash TEXT NOT NULL UNIQUE,
  owner_id INTEGER NOT NULL REFERENCES users(id),
  service_id INTEGER REFERENCES services(id),
  ci_label TEXT NOT NULL DEFAULT 'instance',
  correlate_minutes INTEGER NOT NULL DEFAULT 30,
  quiet_seconds INTEGER NOT NULL DEFAULT 300,
  storm_per_minute INTEGER NOT NULL DEFAULT 10,
  flap_changes INTEGER NOT NULL DEFAULT 6,
  flap_minutes INTEGER NOT NULL DEFAULT 30,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Mapping rules, tried in position order: the first whose source (NULL:
-- any), label match (match_label = match_value; NULL: any) and lowest
-- severity fit an alert says where it goes (the CI named by the value of
-- ci_label, by external id or name; a service) and what is done with it.
CREATE TABLE alert_rules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  position INTEGER NOT NULL DEFAULT 0,
  source_id INTEGER REFERENCES event_sources(id),
  match_label TEXT,
  match_value TEXT,
  min_severity TEXT,
  ci_label TEXT,
  ci_id INTEGER REFERENCES cis(id),
  service_id INTEGER REFERENCES services(id),
  action TEXT NOT NULL CHECK (action IN ('create', 'attach', 'record', 'ignore')),
  impact INTEGER NOT NULL DEFAULT 0,
  urgency INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX alert_rules_order ON alert_rules(position, name);

-- Every payload a source sent, as it came, committed before the answer.
CREATE TABLE alert_payloads (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES event_sources(id),
  format TEXT NOT NULL CHECK (format IN ('alertmanager', 'generic')),
  body TEXT NOT NULL,
  alert_count INTEGER NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX alert_payloads_source ON alert_payloads(source_id, id);

-- One alert per source and dedup key (Alertmanager's fingerprint by
-- default): repeats count up and move last_seen.  changes counts its
-- state changes since flap_since (flapping detection).
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES event_sources(id),
  dedup_key TEXT NOT NULL,
  name TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('firing', 'resolved')),
  severity TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  labels TEXT NOT NULL DEFAULT '',
  ci_id INTEGER REFERENCES cis(id),
  service_id INTEGER REFERENCES services(id),
  ticket_id INTEGER REFERENCES tickets(id),
  rule_id INTEGER REFERENCES alert_rules(id),
  action TEXT NOT NULL DEFAULT 'record',
  suppressed TEXT,
  count INTEGER NOT NULL DEFAULT 1,
  changes INTEGER NOT NULL DEFAULT 0,
  flap_since INTEGER NOT NULL,
  flapping INTEGER NOT NULL DEFAULT 0,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  resolved_at INTEGER,
  acknowledged_by INTEGER REFERENCES users(id),
  acknowledged_at INTEGER,
  UNIQUE (source_id, dedup_key)
);
CREATE INDEX alerts_ticket ON alerts(ticket_id, state);
CREATE INDEX alerts_state ON alerts(state, id);

-- The incidents alerts opened: what correlation attaches to, what the
-- storm limit counts, what auto-resolve closes.
CREATE TABLE alert_incidents (
  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
  source_id INTEGER NOT NULL REFERENCES event_sources(id),
  ci_id INTEGER REFERENCES cis(id),
  service_id INTEGER REFERENCES services(id),
  storm INTEGER NOT NULL DEFAULT 0,
  open INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  last_alert_at INTEGER NOT NULL
);
CREATE INDEX alert_incidents_open ON alert_incidents(open, source_id, created_at);

-- The public status page (docs/status-page.md).  A service is public when
-- a status_services row names it, under a public name of its own; agents
-- may override its derived status with a public message.  Public updates
-- are posted by agents on an incident, apart from its comments and work
-- notes, and are all the page shows of it.
CREATE TABLE status_services (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  service_id INTEGER NOT NULL UNIQUE REFERENCES services(id),
  position INTEGER NOT NULL DEFAULT 0,
  override TEXT CHECK (override IN ('operational', 'degraded_performance', 'partial_outage', 'major_outage',
                                    'under_maintenance')),
  message TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE status_updates (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  phase TEXT NOT NULL CHECK (phase IN ('investigating', 'identified', 'monitoring', 'resolved')),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  author_id INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX status_updates_ticket ON status_updates(ticket_id, id);
CREATE INDEX status_updates_time ON status_updates(created_at, id);
