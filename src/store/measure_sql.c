/*
 * measure_sql.c — the SQL of when a problem first reached root_cause_known
 * and known_error, of the end users' self-service knowledge sessions
 * (migration 43), and of the KPIs read from them (repo_measure.c,
 * repo_kpi.c; docs/kpis.md).  See measure_sql.h and catalog.h.
 */
#include "store/measure_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_MEASURE

/* the KPI filters on a survey: its service and group, its ticket's priority */
#define SURVEY_FILTERS                                                                                                 \
	" AND (CAST(?3 AS BIGINT) IS NULL OR s.service_id = ?3) AND (CAST(?4 AS BIGINT) IS NULL OR s.group_id = ?4)"   \
	" AND (CAST(?5 AS BIGINT) IS NULL OR t.priority = ?5)"

/* clang-format off */
const struct db_stmt measure_sql[ST_MEASURE__END - ST_BASE_MEASURE] = {
	/* ?1 the problem, ?2 now: the first time only (a reopened problem
	 * that comes back keeps its first stamps) */
	S(ST_MEASURE_STAMP_ROOT_CAUSE,
	  "UPDATE tickets SET root_cause_at = COALESCE(root_cause_at, ?2) WHERE id = ?1"),
	/* a known error's root cause is known too (mark_known_error needs it) */
	S(ST_MEASURE_STAMP_KNOWN_ERROR,
	  "UPDATE tickets SET root_cause_at = COALESCE(root_cause_at, ?2), known_error_at = COALESCE(known_error_at, ?2)"
	  " WHERE id = ?1"),
	/* ?1 the end user, ?2 now, ?3 a session's length: a new session
	 * unless one of theirs began within it */
	S(ST_MEASURE_SESSION_NOTE,
	  "INSERT INTO knowledge_sessions (user_id, started_at) SELECT CAST(?1 AS BIGINT), CAST(?2 AS BIGINT)"
	  " WHERE NOT EXISTS (SELECT 1 FROM knowledge_sessions k WHERE k.user_id = ?1"
	  " AND k.started_at > CAST(?2 AS BIGINT) - CAST(?3 AS BIGINT))"),
	/* ?1 ?2 the period, ?3 ?4 ?5 the filters */
	S(ST_MEASURE_KPI_ROOT_CAUSE,
	  KPI_COUNT_SUM("t.root_cause_at - t.created_at", "t.kind = 'problem' AND t.root_cause_at >= ?1"
			" AND t.root_cause_at < ?2" KPI_FILTERS("t", 3, 4, 5))),
	S(ST_MEASURE_KPI_KNOWN_ERROR,
	  KPI_COUNT_SUM("t.known_error_at - t.created_at", "t.kind = 'problem' AND t.known_error_at >= ?1"
			" AND t.known_error_at < ?2" KPI_FILTERS("t", 3, 4, 5))),
	/* ?1 ?2 the period: sessions begun in it; those the same person
	 * raised no incident or request within a day of */
	S(ST_MEASURE_KPI_DEFLECTION,
	  "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM tickets t WHERE t.requester_id = k.user_id"
	  " AND t.created_at >= k.started_at AND t.created_at < k.started_at + 86400"
	  " AND t.kind IN ('incident', 'request')) THEN 0 ELSE 1 END), 0) AS BIGINT)"
	  " FROM knowledge_sessions k WHERE k.started_at >= ?1 AND k.started_at < ?2"),
	/* ?1 a ticket: whom its survey was sent to, 0 for none (the unique
	 * index on ticket_id) */
	S(ST_MEASURE_SURVEY_USER, "SELECT COALESCE(MAX(s.user_id), 0) FROM surveys s WHERE s.ticket_id = ?1"),
	/* [?1, ?2): surveys answered in it, and those rated 4 or 5; ?3 service,
	 * ?4 group (the survey's: the ticket's when it was sent), ?5 priority */
	S(ST_MEASURE_KPI_CSAT,
	  "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN s.rating >= 4 THEN 1 ELSE 0 END), 0) AS BIGINT)"
	  " FROM surveys s JOIN tickets t ON t.id = s.ticket_id WHERE s.answered_at >= ?1 AND s.answered_at < ?2"
	  " AND s.rating IS NOT NULL" SURVEY_FILTERS),
	/* [?1, ?2): surveys sent in it, and those answered (by now) */
	S(ST_MEASURE_KPI_SURVEY_RESPONSE,
	  "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN s.answered_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT)"
	  " FROM surveys s JOIN tickets t ON t.id = s.ticket_id WHERE s.sent_at >= ?1 AND s.sent_at < ?2"
	  SURVEY_FILTERS),
};
/* clang-format on */
