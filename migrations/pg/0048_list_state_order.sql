-- Steward schema 48 (PostgreSQL): the index a list filtered by state walks
-- ends with the id (issue #19, docs/performance.md#issue-19-postgresql-at-1-m-and-where-the-time-goes).
--
-- A list sorts by (created_at, id).  On SQLite every index ends with the
-- rowid, so tickets_kind_state (kind, archived, state, created_at) yields
-- that order; on PostgreSQL it does not, and the planner walked
-- tickets_kind_created instead, filtering by state.  The generated data's
-- newest incidents are mostly resolved, so a page of in-progress ones
-- read 9 400 rows (10 000 pages, 64 ms) at 365 000 incidents instead of
-- 160 rows (530 pages, 1.9 ms) through this index.  Rebuilding it locks
-- the table against writes for a few seconds a million tickets.
DROP INDEX tickets_kind_state;
CREATE INDEX tickets_kind_state ON tickets(kind, archived, state, created_at, id);
