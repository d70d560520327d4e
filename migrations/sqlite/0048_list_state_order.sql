-- Steward schema 48 (SQLite): nothing to do.  PostgreSQL's step adds the
-- id to tickets_kind_state (see migrations/pg/0048_list_state_order.sql);
-- every SQLite index already ends with the rowid, which is the id.
SELECT 1;
