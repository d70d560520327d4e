/*
 * report_sql.c — the SQL of reports and queue counts (repo_report.c).
 * Columns are listed explicitly so that the repository reads them by
 * position; the *_COLS macros and its readers must agree.  See catalog.h.
 */
#include "store/report_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_REPORT

/* Report fragments: the open tickets of the kind in ?k (an SLA clock over
 * its target, marked by the scheduler or more elapsed than the target, is
 * sql.h's CLOCK_OVER).  Every statement takes the kind's name as its last
 * parameter. */
#define OPEN_OF(k) " t.kind = ?" #k " AND t.phase IN ('open', 'paused')"

/* SLA compliance by one dimension (its name, as text, first): clocks of
 * the kind in ?3 stopped within [?1, ?2), met or breached, per metric. */
#define SLA_BY(key_, join_)                                                                                            \
	"SELECT " key_ ", k.metric, SUM(CASE WHEN " CLOCK_OVER " THEN 0 ELSE 1 END),"                                  \
	" SUM(CASE WHEN " CLOCK_OVER                                                                                   \
	" THEN 1 ELSE 0 END) FROM ticket_slas k JOIN tickets t ON t.id = k.ticket_id " join_                           \
	" WHERE k.state = 'stopped' AND k.stopped_at >= ?1 AND k.stopped_at < ?2 AND t.kind = ?3"                      \
	" AND t.phase <> 'canceled' GROUP BY 1, k.metric"

/* clang-format off */
const struct db_stmt report_sql[ST_REPORT__END - ST_BASE_REPORT] = {
	/* Reports (core/report/report.c).  Open means the open and paused phases,
	 * spelled out (not NOT IN) so that the partial tickets_open index
	 * serves; resolved_at is set exactly while an incident is
	 * resolved or closed (reopening clears it), and tickets_resolved_at
	 * covers what is read about those. */
	/* a clock breached: marked by the scheduler, or over its target */
	S(ST_REPORT_SLA_STOPPED,
	  "SELECT k.metric, SUM(CASE WHEN " CLOCK_OVER " THEN 0 ELSE 1 END), SUM(CASE WHEN " CLOCK_OVER " THEN 1 ELSE 0 END)"
	  " FROM ticket_slas k WHERE k.state = 'stopped' AND k.stopped_at >= ?1 AND k.stopped_at < ?2"
	  " AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = k.ticket_id AND t.kind = ?3 AND t.phase <> 'canceled')"
	  " GROUP BY k.metric"),
	/* the open clocks breached and warned now: clocks_sql.c's running
	 * totals (ST_CLOCKS_SLA_OPEN) */
	/* ?3: a UTC offset constant over [?1, ?2), so that the first column
	 * is the local day number (see report_plan_spans) */
	S(ST_REPORT_CREATED_DAILY,
	  "SELECT (t.created_at + ?3) / 86400, COUNT(*) FROM tickets t WHERE t.kind = ?4 AND t.archived IN (0, 1)"
	  " AND t.created_at >= ?1 AND t.created_at < ?2 GROUP BY 1"),
	S(ST_REPORT_RESOLVED_DAILY,
	  "SELECT (t.resolved_at + ?3) / 86400, COUNT(*) FROM tickets t WHERE t.kind = ?4"
	  " AND t.resolved_at >= ?1 AND t.resolved_at < ?2 GROUP BY 1"),
	S(ST_REPORT_CREATED_RANGE,
	  "SELECT COUNT(*) FROM tickets t WHERE t.kind = ?3 AND t.archived IN (0, 1) AND t.created_at >= ?1"
	  " AND t.created_at < ?2"),
	S(ST_REPORT_RESOLVED_RANGE,
	  "SELECT COUNT(*) FROM tickets t WHERE t.kind = ?3 AND t.resolved_at >= ?1 AND t.resolved_at < ?2"),
	S(ST_REPORT_TIMES,
	  "SELECT COUNT(*), CAST(COALESCE(SUM(t.resolved_at - t.created_at), 0) AS BIGINT), COUNT(t.first_response_at),"
	  " CAST(COALESCE(SUM(t.first_response_at - t.created_at), 0) AS BIGINT) FROM tickets t"
	  " WHERE t.kind = ?3 AND t.resolved_at >= ?1 AND t.resolved_at < ?2"),
	/* the oldest open incidents in the order of the partial
	 * tickets_open index: never a sort of every open incident */
	S(ST_REPORT_OLDEST,
	  "SELECT t.number, t.title, t.state, t.priority, g.name, a.login, t.created_at FROM tickets t"
	  " LEFT JOIN groups_ g ON g.id = t.group_id LEFT JOIN users a ON a.id = t.assignee_id WHERE" OPEN_OF(2)
	  " ORDER BY t.created_at, t.id LIMIT ?1"),
	/* breaching soon: clocks_sql.c's running totals (ST_CLOCKS_BREACHING);
	 * mine requested: one requester's open tickets, by the partial
	 * tickets_requester_open index (migration 46) */
	S(ST_INCIDENT_REQUESTED_OPEN,
	  "SELECT COUNT(*) FROM tickets t WHERE t.requester_id = ?1 AND" OPEN_OF(2)),
	S(ST_REPORT_SLA_BY_POLICY, SLA_BY("p.name", "JOIN sla_policies p ON p.id = k.policy_id")),
	S(ST_REPORT_SLA_BY_SERVICE, SLA_BY("sv.name", "LEFT JOIN services sv ON sv.id = t.service_id")),
	/* an OLA clock counts for the group it measured, the others for the ticket's */
	S(ST_REPORT_SLA_BY_GROUP, SLA_BY("g.name", "LEFT JOIN groups_ g ON g.id = COALESCE(k.group_id, t.group_id)")),
	S(ST_REPORT_SLA_BY_PRIORITY, SLA_BY("CAST(t.priority AS TEXT)", "")),
	/* the clocks breached among them, latest first */
	S(ST_REPORT_SLA_BREACHES,
	  "SELECT t.number, t.title, k.metric, p.name, k.target_seconds, k.elapsed_seconds, k.breached_at, k.stopped_at,"
	  " t.priority, g.name, sv.name, ag.name, k.breach_reason FROM ticket_slas k JOIN tickets t ON t.id = k.ticket_id"
	  " JOIN sla_policies p ON p.id = k.policy_id LEFT JOIN groups_ g ON g.id = COALESCE(k.group_id, t.group_id)"
	  " LEFT JOIN services sv ON sv.id = t.service_id LEFT JOIN agreements ag ON ag.id = k.agreement_id"
	  " WHERE k.state = 'stopped' AND k.stopped_at >= ?1 AND k.stopped_at < ?2 AND t.kind = ?3"
	  " AND t.phase <> 'canceled' AND " CLOCK_OVER " ORDER BY k.stopped_at DESC, k.id DESC LIMIT ?4"),
};
/* clang-format on */
