-- Steward schema 16: fields admins define per ticket kind at run time
-- (custom_fields; optionally only for tickets under one category), their
-- values (ticket_values, one row per ticket and field, the value in its
-- canonical text so that filters compare text), and the fields a ticket
-- must have filled in to be in a state (mandatory_fields).
CREATE TABLE custom_fields (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  label TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('text', 'number', 'date', 'choice', 'user', 'ci')),
  choices TEXT,
  category TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (kind, name)
);
CREATE TABLE ticket_values (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  field_id INTEGER NOT NULL REFERENCES custom_fields(id),
  value TEXT NOT NULL,
  PRIMARY KEY (ticket_id, field_id)
);
CREATE INDEX ticket_values_field ON ticket_values(field_id, value, ticket_id);
CREATE TABLE mandatory_fields (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  field TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (kind, state, field)
);
