-- Steward schema 24: the change schedule (docs/schedule.md).
--
-- A change window is a blackout (no changes) or a maintenance window
-- (when changes are welcome), global or for the services listed in
-- change_window_services.  Its first occurrence starts at start_local
-- ("YYYY-MM-DDTHH:MM", wall-clock time in timezone) and lasts
-- duration_minutes; recurrence is an RRULE of the documented subset, NULL
-- for one occurrence.  sequence counts updates (the iCalendar SEQUENCE of
-- its events); an inactive window's events are cancelled, not deleted.
CREATE TABLE change_windows (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('blackout', 'maintenance')),
  description TEXT NOT NULL DEFAULT '',
  timezone TEXT NOT NULL,
  start_local TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL,
  recurrence TEXT,
  allow_override INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  sequence INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE change_window_services (
  window_id INTEGER NOT NULL REFERENCES change_windows(id),
  service_id INTEGER NOT NULL REFERENCES services(id),
  PRIMARY KEY (window_id, service_id)
);
CREATE INDEX change_window_services_service ON change_window_services(service_id, window_id);

-- A token in the URL of an iCalendar feed: of a user's schedule or of a
-- service's.  Only the SHA-256 of its secret is kept; revoking stamps
-- revoked_at, after which the feed is not found.
CREATE TABLE feed_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  scope TEXT NOT NULL CHECK (scope IN ('user', 'service')),
  service_id INTEGER REFERENCES services(id),
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX feed_tokens_user ON feed_tokens(user_id, id);
