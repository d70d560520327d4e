/*
 * change_sql.c — the SQL of what changes and change tasks keep beyond the
 * shared ticket row (repo_change.c).  Lists of tickets are read as ids in
 * their order here and then as rows by ST_TICKET_BY_ID: a change has a
 * few tasks and caused incidents, and the row's columns stay in one place
 * (ticket_sql.h).  See catalog.h.
 */
#include "store/change_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_CHANGE

#define TEMPLATE_COLS                                                                                                  \
	"t.id, t.name, t.description, t.category, t.implementation_plan, t.backout_plan, t.test_plan, t.services,"     \
	" t.cis, t.risk, t.active, t.created_at, t.updated_at FROM change_templates t"

#define CI_UPDATE_COLS                                                                                                 \
	"u.id, u.change_id, u.ci_id, u.kind, u.name, u.value, u.to_id, u.created_at, u.applied_at"                     \
	" FROM change_ci_updates u"

/* clang-format off */
const struct db_stmt change_sql[ST_CHANGE__END - ST_BASE_CHANGE] = {
	S(ST_CHANGE_SERVICES, "SELECT service_id FROM ticket_services WHERE ticket_id = ?1 ORDER BY service_id"),
	S(ST_CHANGE_SERVICES_CLEAR, "DELETE FROM ticket_services WHERE ticket_id = ?1"),
	S(ST_CHANGE_SERVICES_ADD,
	  "INSERT INTO ticket_services (ticket_id, service_id) VALUES (?1, ?2)"
	  " ON CONFLICT (ticket_id, service_id) DO NOTHING"),
	S(ST_CHANGE_CAUSED_COUNT, "SELECT COUNT(*) FROM tickets t WHERE t.caused_by_id = ?1"),
	S(ST_CHANGE_CAUSED_IDS, "SELECT t.id FROM tickets t WHERE t.caused_by_id = ?1 ORDER BY t.id LIMIT ?2"),
	SPG(ST_CHANGE_TASK_IDS,
	    "SELECT t.id FROM tickets t WHERE t.change_id = ?1"
	    " AND (?2 = 0 OR t.phase IN ('open', 'paused')) ORDER BY t.task_order, t.id LIMIT ?3",
	    "SELECT t.id FROM tickets t WHERE t.change_id = ?1"
	    " AND (CAST(?2 AS BIGINT) = 0 OR t.phase IN ('open', 'paused')) ORDER BY t.task_order, t.id LIMIT ?3"),
	S_WRITES(ST_CHANGE_TEMPLATE_INSERT, ST_CHANGE_TEMPLATE_UPDATE, "change_templates", description, category,
		 implementation_plan, backout_plan, test_plan, services, cis, risk, active, updated_at),
	S_BY(ST_CHANGE_TEMPLATE_BY_NAME, TEMPLATE_COLS, "t.name"),
	S_ORDERED(ST_CHANGE_TEMPLATE_LIST, "SELECT " TEMPLATE_COLS " WHERE (?1 = 0 OR t.active = 1) ORDER BY t.name"),
	S(ST_CHANGE_FIXED_PROBLEM_IDS,
	  "SELECT t.id FROM tickets t WHERE t.fix_id = ?1 AND t.kind = 'problem' AND t.phase IN ('open', 'paused')"
	  " ORDER BY t.id LIMIT ?2"),
	S(ST_CHANGE_REPORT_CLOSED,
	  "SELECT t.resolution_code, COUNT(*) FROM tickets t WHERE t.kind = 'change' AND t.phase = 'closed'"
	  " AND t.closed_at >= ?1 AND t.closed_at < ?2 GROUP BY t.resolution_code"),
	S(ST_CHANGE_REPORT_CREATED,
	  "SELECT COUNT(*), COALESCE(SUM(CASE WHEN t.change_type = 'emergency' THEN 1 ELSE 0 END), 0) FROM tickets t"
	  " WHERE t.kind = 'change' AND t.created_at >= ?1 AND t.created_at < ?2"),
	S(ST_CHANGE_OVERLAP_IDS,
	  "SELECT t.id FROM tickets t WHERE t.kind = 'change' AND t.planned_end > ?1 AND t.planned_start < ?2"
	  " AND t.id <> ?3 AND t.phase IN ('open', 'paused') ORDER BY t.planned_start, t.id LIMIT ?4"),
	S(ST_CHANGE_MAJOR_INCIDENT_IDS,
	  "SELECT t.id FROM tickets t WHERE t.kind = 'incident' AND t.major = 1 AND t.service_id = ?1"
	  " AND t.phase IN ('open', 'paused') ORDER BY t.id LIMIT ?2"),
	S(ST_CHANGE_CI_UPDATE_INSERT,
	  "INSERT INTO change_ci_updates (change_id, ci_id, kind, name, value, to_id, created_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id"),
	SPG(ST_CHANGE_CI_UPDATE_LIST,
	    "SELECT " CI_UPDATE_COLS " WHERE u.change_id = ?1 AND (?2 = 0 OR u.applied_at IS NULL) ORDER BY u.id",
	    "SELECT " CI_UPDATE_COLS " WHERE u.change_id = ?1 AND (CAST(?2 AS BIGINT) = 0 OR u.applied_at IS NULL)"
	    " ORDER BY u.id"),
	S(ST_CHANGE_CI_UPDATE_APPLIED,
	  "UPDATE change_ci_updates SET applied_at = ?2 WHERE change_id = ?1 AND applied_at IS NULL"),
	S(ST_CHANGE_TASK_NEXT_ORDER, "SELECT COALESCE(MAX(t.task_order), 0) + 10 FROM tickets t WHERE t.change_id = ?1"),
};
/* clang-format on */
