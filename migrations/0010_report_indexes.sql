-- Steward schema 10: indexes for the incident report and the queue counts.
-- Open incidents are counted by state, priority, group, assignee, major and
-- requester from this index alone (a partial one: open incidents are a
-- small share of the table and the only rows these counts read); incidents
-- resolved within a period, with their creation and first response, from
-- tickets_resolved_at alone; clocks stopped within a period by stopped_at.
CREATE INDEX tickets_open ON tickets(kind, state, priority, group_id, assignee_id, major, requester_id)
  WHERE state IN ('new', 'in_progress', 'on_hold');
CREATE INDEX tickets_resolved_at ON tickets(kind, resolved_at, created_at, first_response_at);
CREATE INDEX ticket_slas_stopped ON ticket_slas(stopped_at) WHERE state = 'stopped';
