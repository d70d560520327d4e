-- Steward schema 25: session and token policy (issue #21, docs/security.md).
-- A session ends after its lifetime (expires_at) or after an idle time
-- since it was last used (last_seen_at, stamped at most every half idle
-- time); an API token may expire and shows when it was last used; an
-- account may expire.  Login throttling is kept per login and client
-- address, with a delay that doubles with each attempt past the limit
-- (locked_until), so that nobody can lock an account out from elsewhere.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;
CREATE INDEX api_tokens_user ON api_tokens(user_id, id);
ALTER TABLE users ADD COLUMN expires_at INTEGER;
DROP TABLE login_throttle;
CREATE TABLE login_throttle (
  login TEXT NOT NULL,
  address TEXT NOT NULL,
  failures INTEGER NOT NULL,
  last_failure_at INTEGER NOT NULL,
  locked_until INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (login, address)
);
CREATE INDEX login_throttle_last ON login_throttle(last_failure_at);
