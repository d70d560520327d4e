-- Steward schema 13: indexes on ticket columns that are empty for most
-- new tickets (parent, service, CI, assignee, group, resolution, major)
-- leave those tickets out.  Every query these indexes serve compares the
-- column with a value, which implies it is not NULL, so they still serve
-- it; a new, unassigned incident now writes 9 fewer index entries (each
-- usually its own page), which is most of the cost of a create after the
-- commit itself (docs/performance.md).
DROP INDEX tickets_parent;
CREATE INDEX tickets_parent ON tickets(parent_id) WHERE parent_id IS NOT NULL;
DROP INDEX tickets_service;
CREATE INDEX tickets_service ON tickets(service_id, created_at) WHERE service_id IS NOT NULL;
DROP INDEX tickets_ci;
CREATE INDEX tickets_ci ON tickets(ci_id, created_at) WHERE ci_id IS NOT NULL;
DROP INDEX tickets_assignee;
CREATE INDEX tickets_assignee ON tickets(assignee_id, created_at) WHERE assignee_id IS NOT NULL;
DROP INDEX tickets_assignee_state;
CREATE INDEX tickets_assignee_state ON tickets(assignee_id, state) WHERE assignee_id IS NOT NULL;
DROP INDEX tickets_group;
CREATE INDEX tickets_group ON tickets(group_id, created_at) WHERE group_id IS NOT NULL;
DROP INDEX tickets_resolved;
CREATE INDEX tickets_resolved ON tickets(state, resolved_at) WHERE resolved_at IS NOT NULL;
DROP INDEX tickets_resolved_at;
CREATE INDEX tickets_resolved_at ON tickets(kind, resolved_at, created_at, first_response_at) WHERE resolved_at IS NOT NULL;
DROP INDEX tickets_major;
CREATE INDEX tickets_major ON tickets(kind, created_at) WHERE major = 1;
