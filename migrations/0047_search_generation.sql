-- Steward schema 47 (issue #19): the search index's generation.  One row
-- whose value goes up by one in the transaction of every write to the
-- full-text index of tickets (a ticket made, its title or description
-- changed, a public comment), on SQLite, where the server keeps the
-- matches of recent common-word searches in memory (src/store/scache.c):
-- a kept set is used only while this value is the one it was read at, so
-- a write through any process or server empties it for everyone.  On
-- PostgreSQL the row exists but is not written: searches there keep
-- nothing, and one row that every create updates would serialise them.
CREATE TABLE search_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO search_generation (id, value) VALUES (1, 0);
