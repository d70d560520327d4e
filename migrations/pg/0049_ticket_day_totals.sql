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
-- the hour totals (each day is the sum of its 24 hours).  The same as
-- migrations/sqlite/0049_ticket_day_totals.sql in PostgreSQL's words.
CREATE TABLE ticket_day_totals (
  kind TEXT NOT NULL,
  bucket BIGINT NOT NULL,
  service_id BIGINT NOT NULL,
  group_id BIGINT NOT NULL,
  priority BIGINT NOT NULL,
  created BIGINT NOT NULL,
  major BIGINT NOT NULL,
  resolved BIGINT NOT NULL,
  resolve_sum BIGINT NOT NULL,
  responded BIGINT NOT NULL,
  response_sum BIGINT NOT NULL,
  reopened BIGINT NOT NULL,
  first_contact BIGINT NOT NULL,
  PRIMARY KEY (kind, bucket, service_id, group_id, priority)
);
INSERT INTO ticket_day_totals (kind, bucket, service_id, group_id, priority, created, major, resolved, resolve_sum,
                               responded, response_sum, reopened, first_contact)
  SELECT kind, bucket / 24, service_id, group_id, priority, SUM(created), SUM(major), SUM(resolved),
         SUM(resolve_sum), SUM(responded), SUM(response_sum), SUM(reopened), SUM(first_contact)
  FROM ticket_hour_totals GROUP BY kind, bucket / 24, service_id, group_id, priority;
