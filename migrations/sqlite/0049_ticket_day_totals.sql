-- Steward schema 49: the hour totals of tickets rolled up by UTC day
-- (issue #18; docs/kpis.md#the-running-totals, docs/performance.md).
--
-- ticket_day_totals: the columns of ticket_hour_totals (migration 36) per
-- kind, UTC day (t / 86400), service, group and priority, kept by the
-- same statements in the same transaction of every ticket write, rebuilt
-- by `steward verify --repair` and compared with a recount by `steward
-- verify`.  A KPI series reads the whole UTC days of its intervals here
-- and only the hours around a local midnight that is not a UTC one from
-- the hour totals (kpi_split in core/report/kpi.c): a year is 365 day
-- rows per combination in use instead of 8 760 hour rows.  Filled from
-- the hour totals (each day is the sum of its 24 hours).  WITHOUT ROWID
-- as the hour totals, so a range of days is read in key order; PostgreSQL's
-- variant is migrations/pg/.
CREATE TABLE ticket_day_totals (
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
INSERT INTO ticket_day_totals (kind, bucket, service_id, group_id, priority, created, major, resolved, resolve_sum,
                               responded, response_sum, reopened, first_contact)
  SELECT kind, bucket / 24, service_id, group_id, priority, SUM(created), SUM(major), SUM(resolved),
         SUM(resolve_sum), SUM(responded), SUM(response_sum), SUM(reopened), SUM(first_contact)
  FROM ticket_hour_totals GROUP BY kind, bucket / 24, service_id, group_id, priority;
