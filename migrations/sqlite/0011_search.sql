-- Steward schema 11: full-text search over incidents.  One FTS5 row per
-- ticket (rowid = tickets.id) holding its number, title, description and
-- public comments — never work notes.  The table keeps its own copy of the
-- text because a comment appends to a row and FTS5 can only take tokens
-- out of a row whose text it still has.  It is written by the repository
-- in the ticket's own transaction (store_ticket_insert, store_ticket_search_update,
-- store_comment_insert), not by triggers: Steward runs SQLite with
-- trusted_schema off, under which triggers may not write FTS5 tables.
-- Words are runs of letters and digits (unicode61, case-folded, accents
-- kept so that both backends agree); see docs/api.md for the semantics.
-- At most the first 20 000 characters of the description and of the
-- public comments together are indexed (the same on PostgreSQL).
CREATE VIRTUAL TABLE ticket_search USING fts5(
  number, title, description, comments,
  tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO ticket_search (rowid, number, title, description, comments)
  SELECT t.id, t.number, t.title, substr(t.description, 1, 20000),
         COALESCE(substr((SELECT group_concat(body, char(10)) FROM
                           (SELECT c.body FROM ticket_comments c
                             WHERE c.ticket_id = t.id AND c.internal = 0 ORDER BY c.id)), 1, 20000), '')
  FROM tickets t;
