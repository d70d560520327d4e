-- Steward schema 6: business calendars, SLA policies and the clocks they
-- start on tickets.  Ships with a 24x7 and a business-hours calendar and
-- one policy per priority (common ITIL targets); admins change them.
CREATE TABLE calendars (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  timezone TEXT NOT NULL,
  hours TEXT NOT NULL,
  holidays TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO calendars (name, timezone, hours, created_at, updated_at) VALUES
  ('24x7', 'UTC', '24x7', 0, 0),
  ('Business hours', 'UTC', 'mon-fri 09:00-17:00', 0, 0);
CREATE TABLE sla_policies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  position INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  match_kind TEXT,
  match_priority INTEGER,
  match_group_id INTEGER REFERENCES groups_(id),
  calendar_id INTEGER NOT NULL REFERENCES calendars(id),
  response_seconds INTEGER,
  resolution_seconds INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX sla_policies_order ON sla_policies(active, position, name);
INSERT INTO sla_policies (name, position, match_kind, match_priority, calendar_id, response_seconds,
                          resolution_seconds, created_at, updated_at)
SELECT p.name, p.position, 'incident', p.priority, c.id, p.response, p.resolution, 0, 0
FROM (SELECT 'P1 critical' AS name, 10 AS position, 1 AS priority, '24x7' AS cal, 900 AS response, 14400 AS resolution
      UNION ALL SELECT 'P2 high', 20, 2, '24x7', 1800, 28800
      UNION ALL SELECT 'P3 moderate', 30, 3, 'Business hours', 14400, 86400
      UNION ALL SELECT 'P4 low', 40, 4, 'Business hours', 28800, 144000
      UNION ALL SELECT 'P5 planning', 50, 5, 'Business hours', 57600, 288000) p
JOIN calendars c ON c.name = p.cal;
CREATE TABLE ticket_slas (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  metric TEXT NOT NULL CHECK (metric IN ('response', 'resolution')),
  policy_id INTEGER NOT NULL REFERENCES sla_policies(id),
  calendar_id INTEGER NOT NULL REFERENCES calendars(id),
  target_seconds INTEGER NOT NULL,
  elapsed_seconds INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('running', 'paused', 'stopped')),
  since INTEGER,
  due_at INTEGER,
  warn_at INTEGER,
  warned_at INTEGER,
  breached_at INTEGER,
  stopped_at INTEGER,
  UNIQUE (ticket_id, metric)
);
CREATE INDEX ticket_slas_warn ON ticket_slas(warn_at) WHERE state = 'running' AND warned_at IS NULL;
CREATE INDEX ticket_slas_due ON ticket_slas(due_at) WHERE state = 'running' AND breached_at IS NULL;
-- What the scheduler does when a clock reaches its warning share or its
-- target: rules evaluated in order, every matching one applied once.
CREATE TABLE escalation_rules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  position INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  event TEXT NOT NULL CHECK (event IN ('warning', 'breach')),
  match_metric TEXT CHECK (match_metric IN ('response', 'resolution')),
  match_priority INTEGER,
  action TEXT NOT NULL CHECK (action IN ('notify_manager', 'raise_priority', 'reassign')),
  group_id INTEGER REFERENCES groups_(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX tickets_resolved ON tickets(state, resolved_at);
