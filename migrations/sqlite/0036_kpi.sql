-- Steward schema 36: running totals of tickets and KPI targets (issue #18;
-- docs/kpis.md, docs/performance.md).
--
-- ticket_open_totals: the open and paused tickets counted per kind, state,
-- priority, group, assignee, service and major flag (0 for none),
-- with the sum of their creation times (for the backlog's age).
-- ticket_hour_totals: per kind, UTC hour (t / 3600), service, group and
-- priority (0 for none), the tickets created in that hour (and how many
-- of them are major), and the tickets resolved in it with the sums behind
-- the mean times (seconds to resolve, to first response) and how many of
-- them were reopened at some point or resolved without a reassignment or
-- a reopen.  Both are kept by the ticket repository in the transaction of
-- each ticket write (the row's contribution taken out before, put back
-- after), rebuilt by `steward verify --repair` and compared with a full
-- recount by `steward verify`.  Here they are filled from what exists.
-- SQLite keeps both WITHOUT ROWID, so that a range of hours of a kind is
-- read in primary-key order from the table itself (a year of a series
-- is one sequential range); PostgreSQL's variant is migrations/pg/.
CREATE TABLE ticket_open_totals (
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  priority INTEGER NOT NULL,
  group_id INTEGER NOT NULL,
  assignee_id INTEGER NOT NULL,
  service_id INTEGER NOT NULL,
  major INTEGER NOT NULL,
  n INTEGER NOT NULL,
  created_sum INTEGER NOT NULL,
  PRIMARY KEY (kind, state, priority, group_id, assignee_id, service_id, major)
) WITHOUT ROWID;
CREATE TABLE ticket_hour_totals (
  kind TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  service_id INTEGER NOT NULL,
  group_id INTEGER NOT NULL,
  priority INTEGER NOT NULL,
  created INTEGER NOT NULL,
  major INTEGER NOT NULL,
  resolved INTEGER NOT NULL,
  resolve_sum INTEGER NOT NULL,
  responded INTEGER NOT NULL,
  response_sum INTEGER NOT NULL,
  reopened INTEGER NOT NULL,
  first_contact INTEGER NOT NULL,
  PRIMARY KEY (kind, bucket, service_id, group_id, priority)
) WITHOUT ROWID;
INSERT INTO ticket_open_totals (kind, state, priority, group_id, assignee_id, service_id, major, n, created_sum)
  SELECT kind, state, priority, COALESCE(group_id, 0), COALESCE(assignee_id, 0), COALESCE(service_id, 0), major,
         COUNT(*), SUM(created_at)
  FROM tickets WHERE phase IN ('open', 'paused')
  GROUP BY kind, state, priority, COALESCE(group_id, 0), COALESCE(assignee_id, 0), COALESCE(service_id, 0), major;
INSERT INTO ticket_hour_totals (kind, bucket, service_id, group_id, priority, created, major, resolved, resolve_sum,
                                responded, response_sum, reopened, first_contact)
  SELECT kind, bucket, sv, g, p, SUM(c), SUM(m), SUM(r), SUM(rs), SUM(rn), SUM(rns), SUM(ro), SUM(fc) FROM (
    SELECT kind, created_at / 3600 AS bucket, COALESCE(service_id, 0) AS sv, COALESCE(group_id, 0) AS g,
           priority AS p, 1 AS c, major AS m, 0 AS r, 0 AS rs, 0 AS rn, 0 AS rns, 0 AS ro, 0 AS fc
    FROM tickets
    UNION ALL
    SELECT kind, resolved_at / 3600, COALESCE(service_id, 0), COALESCE(group_id, 0), priority, 0, 0, 1,
           resolved_at - created_at, CASE WHEN first_response_at IS NULL THEN 0 ELSE 1 END,
           COALESCE(first_response_at - created_at, 0), CASE WHEN reopen_count > 0 THEN 1 ELSE 0 END,
           CASE WHEN reopen_count = 0 AND reassignment_count = 0 THEN 1 ELSE 0 END
    FROM tickets WHERE resolved_at IS NOT NULL
  ) d GROUP BY kind, bucket, sv, g, p;
-- KPI targets an admin set (docs/kpis.md), in thousandths of the KPI's
-- unit (the drivers bind integers only); a KPI without a row keeps the
-- target and thresholds its declaration carries.
CREATE TABLE kpi_targets (
  name TEXT PRIMARY KEY,
  target INTEGER NOT NULL,
  amber INTEGER NOT NULL,
  red INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES users(id)
);
