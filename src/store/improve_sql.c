/*
 * improve_sql.c — the SQL of the improvement register (repo_improve.c):
 * an improvement's plan beside its ticket, its services, linked problems
 * and changes, and KPIs.  See catalog.h.
 */
#include "store/improve_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_IMPROVE

#define TEXTS "benefits, cost, outcome, vision, current_state, target_state, plan, action_taken, check_result, momentum"

/* clang-format off */
const struct db_stmt improve_sql[ST_IMPROVE__END - ST_BASE_IMPROVE] = {
	S(ST_IMPROVE_PLAN_GET,
	  "SELECT " TEXTS ", COALESCE(review_at, 0), updated_at FROM improvements WHERE ticket_id = ?1"),
	S(ST_IMPROVE_PLAN_SAVE,
	  "INSERT INTO improvements (ticket_id, " TEXTS ", review_at, updated_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT (ticket_id) DO UPDATE SET"
	  " benefits = ?2, cost = ?3, outcome = ?4, vision = ?5, current_state = ?6, target_state = ?7, plan = ?8,"
	  " action_taken = ?9, check_result = ?10, momentum = ?11, review_at = ?12, updated_at = ?13"),
	S_ORDERED(ST_IMPROVE_SERVICES,
	  "SELECT sv.name FROM improvement_services x JOIN services sv ON sv.id = x.service_id"
	  " WHERE x.improvement_id = ?1 ORDER BY sv.name"),
	S(ST_IMPROVE_SERVICES_DELETE, "DELETE FROM improvement_services WHERE improvement_id = ?1"),
	S(ST_IMPROVE_SERVICE_INSERT, "INSERT INTO improvement_services (improvement_id, service_id) VALUES (?1, ?2)"),
	S(ST_IMPROVE_LINKS,
	  "SELECT t.number FROM improvement_links x JOIN tickets t ON t.id = x.ticket_id"
	  " WHERE x.improvement_id = ?1 AND t.kind = ?2 ORDER BY t.id"),
	S(ST_IMPROVE_LINKS_DELETE, "DELETE FROM improvement_links WHERE improvement_id = ?1"),
	S(ST_IMPROVE_LINK_INSERT, "INSERT INTO improvement_links (improvement_id, ticket_id) VALUES (?1, ?2)"),
	S(ST_IMPROVE_KPIS,
	  "SELECT id, name, target_hundredths, CASE WHEN baseline_hundredths IS NULL THEN 0 ELSE 1 END, COALESCE(baseline_hundredths, 0),"
	  " COALESCE(baseline_at, 0) FROM improvement_kpis WHERE improvement_id = ?1 ORDER BY id"),
	S(ST_IMPROVE_KPI_DELETE, "DELETE FROM improvement_kpis WHERE id = ?1"),
	S(ST_IMPROVE_KPI_TARGET, "UPDATE improvement_kpis SET target_hundredths = ?2 WHERE id = ?1"),
	S(ST_IMPROVE_KPI_INSERT,
	  "INSERT INTO improvement_kpis (improvement_id, name, target_hundredths) VALUES (?1, ?2, ?3)"),
	S(ST_IMPROVE_KPI_BASELINE,
	  "UPDATE improvement_kpis SET baseline_hundredths = ?2, baseline_at = ?3 WHERE id = ?1"),
	S(ST_IMPROVE_OF, "SELECT x.improvement_id FROM improvement_links x WHERE x.ticket_id = ?1 ORDER BY x.improvement_id"),
};
/* clang-format on */
