/*
 * risk_sql.c — the SQL of the risk of changes (repo_risk.c): the
 * settings, the changes sharing a change's CIs and what became of them,
 * and the assessment kept on the change's row.  See catalog.h.
 */
#include "store/risk_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_RISK

/* The CIs of change ?1 (its affected set and its CI), and the other
 * changes naming one of them either way. */
#define MY_CIS                                                                                                         \
	"SELECT m.ci_id FROM ticket_cis m WHERE m.ticket_id = ?1 AND m.role = 'affected'"                              \
	" UNION SELECT me.ci_id FROM tickets me WHERE me.id = ?1 AND me.ci_id IS NOT NULL"
#define SHARING                                                                                                        \
	"SELECT x.ticket_id FROM ticket_cis x WHERE x.role = 'affected' AND x.ci_id IN (" MY_CIS ")"                   \
	" UNION SELECT o.id FROM tickets o WHERE o.kind = 'change' AND o.ci_id IN (" MY_CIS ")"

/* clang-format off */
const struct db_stmt risk_sql[ST_RISK__END - ST_BASE_RISK] = {
	S(ST_RISK_SETTINGS, "SELECT name, value FROM risk_settings ORDER BY name"),
	S(ST_RISK_SETTING_SET, "UPDATE risk_settings SET value = ?2 WHERE name = ?1"),
	/* ?2 = 1: only those failed or backed out */
	S(ST_RISK_COMPLETED,
	  "SELECT COUNT(*) FROM tickets t WHERE t.kind = 'change' AND t.id <> ?1 AND t.resolution_code IS NOT NULL"
	  " AND (?2 = 0 OR t.resolution_code IN ('failed', 'backed_out')) AND t.id IN (" SHARING ")"),
	S(ST_RISK_CAUSED,
	  "SELECT COUNT(*) FROM tickets i WHERE i.caused_by_id IN (SELECT t.id FROM tickets t WHERE t.kind = 'change'"
	  " AND t.id <> ?1 AND t.id IN (" SHARING "))"),
	S(ST_RISK_SAVE,
	  "UPDATE tickets SET risk = ?2, risk_score = ?3, risk_computed = ?4, risk_reason = ?5, risk_factors = ?6,"
	  " risk_assessed_at = ?7 WHERE id = ?1"),
	S(ST_RISK_FACTORS, "SELECT risk_factors FROM tickets WHERE id = ?1"),
	/* open changes assessed before ?1 (or never), the oldest first (index tickets_change_risk) */
	S(ST_RISK_STALE,
	  "SELECT number FROM tickets WHERE kind = 'change' AND phase = 'open'"
	  " AND (risk_assessed_at IS NULL OR risk_assessed_at < ?1)"
	  " ORDER BY risk_assessed_at NULLS FIRST, id LIMIT ?2"),
};
/* clang-format on */
