-- Steward schema 43 (issue #18): what could not be measured yet.
--
-- When a problem first reached root_cause_known and known_error, set in
-- the transition's transaction (problem.c); existing problems take them
-- from their audit history, where every transition records the state it
-- moved to.  Reaching known_error stamps root_cause_at too when it is
-- not set (a known error's root cause is known).
ALTER TABLE tickets ADD COLUMN root_cause_at INTEGER;
ALTER TABLE tickets ADD COLUMN known_error_at INTEGER;
UPDATE tickets SET
  root_cause_at = (SELECT MIN(a.at) FROM audit a WHERE a.entity = 'ticket' AND a.entity_id = tickets.id
    AND a.action = 'transition'
    AND (a.changes LIKE '%"to":"root_cause_known"%' OR a.changes LIKE '%"to":"known_error"%')),
  known_error_at = (SELECT MIN(a.at) FROM audit a WHERE a.entity = 'ticket' AND a.entity_id = tickets.id
    AND a.action = 'transition' AND a.changes LIKE '%"to":"known_error"%')
WHERE kind = 'problem';

-- The end users' self-service knowledge sessions (the deflection rate):
-- one row when an end user reads or searches the knowledge base and has
-- not begun a session in the 30 minutes before.  Agents write nothing.
CREATE TABLE knowledge_sessions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  started_at INTEGER NOT NULL
);
CREATE INDEX knowledge_sessions_user ON knowledge_sessions(user_id, started_at);
CREATE INDEX knowledge_sessions_started ON knowledge_sessions(started_at);
