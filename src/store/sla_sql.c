/*
 * sla_sql.c — the SQL of calendars, SLA policies and clocks, escalation
 * rules and the scheduler (repo_sla.c). Columns are listed explicitly so
 * that the repository reads them by position; the *_COLS macros and its
 * readers must agree.  See catalog.h.
 */
#include "store/sla_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_SLA

#define CALENDAR_COLS "id, name, timezone, hours, holidays, created_at, updated_at FROM calendars"

#define POLICY_COLS                                                                                                    \
	"p.id, p.name, p.position, p.active, p.match_kind, p.match_priority, p.match_group_id, g.name,"                \
	" p.calendar_id, c.name, p.response_seconds, p.resolution_seconds, p.created_at, p.updated_at,"                \
	" p.match_service_id, sv.name, p.pause_on, p.agreement_id, ag.name, ag.type, ag.status, ag.version,"           \
	" ag.valid_from, ag.valid_to, ag.group_id FROM sla_policies p JOIN calendars c ON c.id = p.calendar_id"        \
	" LEFT JOIN groups_ g ON g.id = p.match_group_id LEFT JOIN services sv ON sv.id = p.match_service_id"          \
	" LEFT JOIN agreements ag ON ag.id = p.agreement_id"

#define CLOCK_COLS                                                                                                     \
	"k.id, k.ticket_id, k.metric, k.policy_id, p.name, k.calendar_id, c.name, k.target_seconds,"                   \
	" k.elapsed_seconds, k.state, k.since, k.due_at, k.warn_at, k.warned_at, k.breached_at, k.stopped_at,"         \
	" k.agreement_id, ag.name, k.agreement_version, k.breach_reason, k.group_id, kg.name, k.handed_over"           \
	" FROM ticket_slas k JOIN sla_policies p ON p.id = k.policy_id JOIN calendars c ON c.id = k.calendar_id"       \
	" LEFT JOIN agreements ag ON ag.id = k.agreement_id LEFT JOIN groups_ kg ON kg.id = k.group_id"

/* what a mark returns (repo_sla.c's marked_cols) */
#define MARKED_COLS                                                                                                    \
	"(SELECT t.kind FROM tickets t WHERE t.id = ticket_slas.ticket_id), metric, target_seconds, elapsed_seconds,"  \
	" state, due_at, warn_at, warned_at, breached_at"

#define ESC_COLS                                                                                                       \
	"r.id, r.name, r.position, r.active, r.event, r.match_metric, r.match_priority, r.action, r.group_id, g.name," \
	" r.created_at, r.updated_at FROM escalation_rules r LEFT JOIN groups_ g ON g.id = r.group_id"

/* clang-format off */
const struct db_stmt sla_sql[ST_SLA__END - ST_BASE_SLA] = {
	S_WRITES(ST_CALENDAR_INSERT, ST_CALENDAR_UPDATE, "calendars", timezone, hours, holidays, updated_at),
	S_BY(ST_CALENDAR_BY_NAME, CALENDAR_COLS, "name"),
	S_BY(ST_CALENDAR_BY_ID, CALENDAR_COLS, "id"),
	S_ORDERED(ST_CALENDAR_LIST, "SELECT " CALENDAR_COLS " ORDER BY name"),
	S_WRITES(ST_POLICY_INSERT, ST_POLICY_UPDATE, "sla_policies", position, active, match_kind, match_priority,
		 match_group_id, calendar_id, response_seconds, resolution_seconds, updated_at, match_service_id,
		 pause_on, agreement_id),
	S_BY(ST_POLICY_BY_NAME, POLICY_COLS, "p.name"),
	S_ORDERED(ST_POLICY_LIST, "SELECT " POLICY_COLS " WHERE (?1 = 0 OR p.active = 1) ORDER BY p.position, p.name"),
	S(ST_CLOCK_LIST, "SELECT " CLOCK_COLS " WHERE k.ticket_id = ?1 ORDER BY k.id"),
	/* the tickets with clocks running on calendar ?1 (its re-schedule) */
	S(ST_CLOCK_RUNNING_ON,
	  "SELECT DISTINCT ticket_id FROM ticket_slas WHERE calendar_id = ?1 AND state = 'running' ORDER BY ticket_id"),
	S(ST_CLOCK_INSERT,
	  "INSERT INTO ticket_slas (ticket_id, metric, policy_id, calendar_id, target_seconds, elapsed_seconds, state,"
	  " since, due_at, warn_at, warned_at, breached_at, stopped_at, agreement_id, agreement_version, group_id,"
	  " handed_over) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) RETURNING id"),
	/* warned_at and breached_at belong to the scheduler (ST_CLOCK_MARK_*):
	 * a request rewriting a clock must not undo a mark made meanwhile */
	S(ST_CLOCK_UPDATE,
	  "UPDATE ticket_slas SET policy_id = ?2, calendar_id = ?3, target_seconds = ?4, elapsed_seconds = ?5,"
	  " state = ?6, since = ?7, due_at = ?8, warn_at = ?9, stopped_at = ?10, agreement_id = ?11,"
	  " agreement_version = ?12, handed_over = ?13 WHERE id = ?1"),
	S(ST_CLOCK_DELETE, "DELETE FROM ticket_slas WHERE id = ?1"),
	S(ST_CLOCK_DUE_WARNING,
	  "SELECT " CLOCK_COLS " WHERE k.state = 'running' AND k.warned_at IS NULL AND k.warn_at <= ?1"
	  " ORDER BY k.warn_at, k.id LIMIT ?2"),
	S(ST_CLOCK_DUE_BREACH,
	  "SELECT " CLOCK_COLS " WHERE k.state = 'running' AND k.breached_at IS NULL AND k.due_at < ?1"
	  " ORDER BY k.due_at, k.id LIMIT ?2"),
	/* only if still due: a request may have paused or re-targeted the clock
	 * since the scheduler looked (PostgreSQL re-checks this after a wait);
	 * the clock as marked, with its ticket's kind, for the open clocks'
	 * running totals (repo_clocks.c; the ticket's kind never changes) */
	S(ST_CLOCK_MARK_WARNING,
	  "UPDATE ticket_slas SET warned_at = ?2 WHERE id = ?1 AND warned_at IS NULL AND state = 'running'"
	  " AND warn_at <= ?2 RETURNING " MARKED_COLS),
	S(ST_CLOCK_MARK_BREACH,
	  "UPDATE ticket_slas SET breached_at = ?2 WHERE id = ?1 AND breached_at IS NULL AND state = 'running'"
	  " AND due_at < ?2 RETURNING " MARKED_COLS),
	/* one scheduler at a time across servers sharing a PostgreSQL database */
	SPG(ST_SCHEDULER_LOCK, "SELECT CASE WHEN ?1 <> 0 THEN 1 ELSE 0 END",
	    "SELECT CASE WHEN pg_try_advisory_xact_lock(CAST(?1 AS BIGINT)) THEN 1 ELSE 0 END"),
	S_WRITES(ST_ESC_INSERT, ST_ESC_UPDATE, "escalation_rules", position, active, event, match_metric,
		 match_priority, action, group_id, updated_at),
	S_BY(ST_ESC_BY_NAME, ESC_COLS, "r.name"),
	S_ORDERED(ST_ESC_LIST, "SELECT " ESC_COLS " WHERE (?1 = 0 OR r.active = 1) ORDER BY r.position, r.name"),
	/* SLA compliance by the agreement a clock was measured under (core/report/report.c, as
	 * report_sql.c's SLA_BY), with the agreement's target and amber threshold; an OLA's
	 * clocks per group they measured (the last column; NULL for the others) */
	S(ST_SLA_REPORT_BY_AGREEMENT,
	  "SELECT ag.name, k.metric, SUM(CASE WHEN k.breached_at IS NOT NULL OR k.elapsed_seconds > k.target_seconds"
	  " THEN 0 ELSE 1 END), SUM(CASE WHEN k.breached_at IS NOT NULL OR k.elapsed_seconds > k.target_seconds"
	  " THEN 1 ELSE 0 END), COALESCE(MAX(ag.target_compliance), 0), COALESCE(MAX(ag.amber_percent), 0), kg.name"
	  " FROM ticket_slas k JOIN tickets t ON t.id = k.ticket_id LEFT JOIN agreements ag ON ag.id = k.agreement_id"
	  " LEFT JOIN groups_ kg ON kg.id = k.group_id"
	  " WHERE k.state = 'stopped' AND k.stopped_at >= ?1 AND k.stopped_at < ?2 AND t.kind = ?3"
	  " AND t.phase <> 'canceled' GROUP BY ag.id, ag.name, k.metric, kg.id, kg.name"),
};
/* clang-format on */
