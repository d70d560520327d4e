-- Steward schema 3: incident management — first response, major incidents,
-- parent/child incidents, priority overrides and a configurable priority matrix.
ALTER TABLE tickets ADD COLUMN first_response_at INTEGER;
ALTER TABLE tickets ADD COLUMN major INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN major_reason TEXT;
ALTER TABLE tickets ADD COLUMN parent_id INTEGER REFERENCES tickets(id);
ALTER TABLE tickets ADD COLUMN priority_reason TEXT;
CREATE INDEX tickets_parent ON tickets(parent_id);
CREATE INDEX tickets_major ON tickets(kind, major, created_at);
CREATE TABLE priority_matrix (
  impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 3),
  urgency INTEGER NOT NULL CHECK (urgency BETWEEN 1 AND 3),
  priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5),
  PRIMARY KEY (impact, urgency)
);
INSERT INTO priority_matrix (impact, urgency, priority) VALUES
  (1, 1, 1), (1, 2, 2), (1, 3, 3),
  (2, 1, 2), (2, 2, 3), (2, 3, 4),
  (3, 1, 3), (3, 2, 4), (3, 3, 5);
