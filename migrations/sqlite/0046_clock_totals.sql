-- Steward schema 46: running totals of the open SLA clocks (issue #18;
-- docs/sla.md#running-totals-of-the-open-clocks, docs/performance.md), so
-- that the queues' "breaching soon" and the dashboard's breached and
-- warning now are sums over hour rows plus the clocks of one hour, not a
-- count of every open clock.
--
-- clock_totals: per ticket kind, measure, metric ('' for none) and UTC
-- hour (t / 3600; 0 for a measure without a time), how many
--   ticket  tickets whose earliest running clock is due in that hour
--           (metric ''; the list's breaching= filter is per ticket);
--   over    running or paused clocks over their target (marked breached,
--           or more elapsed than the target): breached whatever the time;
--   warned  running or paused clocks not over, marked warned;
--   due     running clocks not over, due in that hour;
--   warn    running clocks neither over nor marked warned, reaching their
--           warning share in that hour.
-- clock_deltas: what writes add and take out (a ticket's contribution is
-- taken out before each write of one of its clocks and put back after,
-- in the write's transaction), appended, so that concurrent writes never
-- wait on a shared row; the scheduler's pass folds them into
-- clock_totals.  A total is the sum over both.  `steward verify`
-- compares them with a recount and `steward verify --repair` rebuilds
-- them; here they are filled from the clocks there are.
-- ticket_slas_running: the running clocks by due hour and time, for the
-- one hour "breaching soon" reads beside the totals (ticket_slas_due holds
-- only those not yet marked breached).  Keyed by the hour first so that
-- no range of due times can use it: without statistics SQLite would take
-- it for the scheduler's search of clocks to mark breached, and walk the
-- clocks already marked.
-- tickets_requester_open: the queues' "mine requested", one requester's
-- open tickets (the tickets_open index, by kind and creation, made it a
-- walk over every open ticket of the kind: 77 ms at a million).
-- PostgreSQL's variant is migrations/pg/.
CREATE TABLE clock_totals (
  kind TEXT NOT NULL,
  measure TEXT NOT NULL,
  metric TEXT NOT NULL,
  hour INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (kind, measure, metric, hour)
) WITHOUT ROWID;
CREATE TABLE clock_deltas (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  measure TEXT NOT NULL,
  metric TEXT NOT NULL,
  hour INTEGER NOT NULL,
  n INTEGER NOT NULL
);
CREATE INDEX ticket_slas_running ON ticket_slas((due_at / 3600), due_at) WHERE state = 'running';
CREATE INDEX tickets_requester_open ON tickets(requester_id, kind) WHERE phase IN ('open', 'paused');
INSERT INTO clock_totals (kind, measure, metric, hour, n)
  SELECT t.kind, x.measure, x.metric, x.hour, COUNT(*) FROM (
    SELECT k.ticket_id, 'ticket' AS measure, '' AS metric, MIN(k.due_at) / 3600 AS hour FROM ticket_slas k
    WHERE k.state = 'running' AND k.due_at IS NOT NULL GROUP BY k.ticket_id
    UNION ALL
    SELECT k.ticket_id, 'over', k.metric, 0 FROM ticket_slas k
    WHERE k.state IN ('running', 'paused') AND (k.breached_at IS NOT NULL OR k.elapsed_seconds > k.target_seconds)
    UNION ALL
    SELECT k.ticket_id, 'warned', k.metric, 0 FROM ticket_slas k
    WHERE k.state IN ('running', 'paused') AND k.breached_at IS NULL AND k.elapsed_seconds <= k.target_seconds
      AND k.warned_at IS NOT NULL
    UNION ALL
    SELECT k.ticket_id, 'due', k.metric, k.due_at / 3600 FROM ticket_slas k
    WHERE k.state = 'running' AND k.breached_at IS NULL AND k.elapsed_seconds <= k.target_seconds
      AND k.due_at IS NOT NULL
    UNION ALL
    SELECT k.ticket_id, 'warn', k.metric, k.warn_at / 3600 FROM ticket_slas k
    WHERE k.state = 'running' AND k.breached_at IS NULL AND k.elapsed_seconds <= k.target_seconds
      AND k.warned_at IS NULL AND k.warn_at IS NOT NULL
  ) x JOIN tickets t ON t.id = x.ticket_id GROUP BY t.kind, x.measure, x.metric, x.hour;
