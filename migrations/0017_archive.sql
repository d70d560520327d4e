-- Steward schema 17: archived tickets.  Closed and canceled tickets older
-- than archive_after are marked archived by the scheduler: read-only,
-- still found by number, in history, searches and reports, but out of the
-- live lists.  The indexes the lists walk lead with (kind, archived) — or
-- (person or group, archived) — so that the live lists never step over an
-- archived row, however many the archive holds.
ALTER TABLE tickets ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
DROP INDEX tickets_kind_created;
CREATE INDEX tickets_kind_created ON tickets(kind, archived, created_at, id);
DROP INDEX tickets_kind_updated;
CREATE INDEX tickets_kind_updated ON tickets(kind, archived, updated_at, id);
DROP INDEX tickets_kind_priority;
CREATE INDEX tickets_kind_priority ON tickets(kind, archived, priority, id);
DROP INDEX tickets_kind_state;
CREATE INDEX tickets_kind_state ON tickets(kind, archived, state, created_at);
DROP INDEX tickets_requester;
CREATE INDEX tickets_requester ON tickets(requester_id, archived, created_at);
DROP INDEX tickets_assignee;
CREATE INDEX tickets_assignee ON tickets(assignee_id, archived, created_at) WHERE assignee_id IS NOT NULL;
DROP INDEX tickets_group;
CREATE INDEX tickets_group ON tickets(group_id, archived, created_at) WHERE group_id IS NOT NULL;
-- what the scheduler archives next
CREATE INDEX tickets_archivable ON tickets(closed_at) WHERE archived = 0 AND phase IN ('closed', 'canceled');
