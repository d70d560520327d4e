-- Steward schema 11: full-text search over incidents.  One row per ticket
-- with a tsvector of its number, title, description and public comments —
-- never work notes — under a GIN index.  The repository writes it in the
-- ticket's own transaction, as on SQLite (store_ticket_insert,
-- store_ticket_search_update, store_comment_insert); a public comment is
-- appended to the vector, and comment_chars counts what has been indexed.
-- At most the first 20 000 characters of the description and of the
-- public comments together are indexed, which also keeps every vector far
-- below PostgreSQL's 1 MB tsvector limit.
--
-- steward_search_doc turns text into the vector: ASCII punctuation and the
-- common Unicode punctuation and symbol blocks become spaces (the words
-- SQLite's unicode61 tokenizer sees), then the 'simple' configuration
-- lower-cases each word, with no stemming and no stop words.
CREATE FUNCTION steward_search_doc(body TEXT) RETURNS tsvector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN to_tsvector('simple', regexp_replace(body,
    '[\x01-\x2F\x3A-\x40\x5B-\x60\x7B-\xBF\xD7\xF7\u2000-\u2BFF\u2E00-\u2E7F\u3000-\u303F\uFE10-\uFE1F\uFE30-\uFE4F\uFF01-\uFF0F\U0001F000-\U0001FAFF]+',
    ' ', 'g'));
CREATE TABLE ticket_search (
  ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id),
  doc tsvector NOT NULL,
  comment_chars BIGINT NOT NULL DEFAULT 0
);
INSERT INTO ticket_search (ticket_id, doc, comment_chars)
  SELECT t.id,
         steward_search_doc(t.number || ' ' || t.title || ' ' || left(t.description, 20000))
           || steward_search_doc(COALESCE(c.body, '')),
         COALESCE(length(c.body), 0)
  FROM tickets t
  LEFT JOIN LATERAL (SELECT left(string_agg(body, chr(10) ORDER BY id), 20000) AS body FROM ticket_comments
                      WHERE ticket_id = t.id AND internal = 0) c ON true;
-- fastupdate off: a search never reads through a pending list of
-- unmerged entries (right after a bulk load, until the next vacuum, that
-- list made each search two orders of magnitude slower)
CREATE INDEX ticket_search_doc ON ticket_search USING gin (doc) WITH (fastupdate = off);
