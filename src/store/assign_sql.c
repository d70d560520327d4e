/*
 * assign_sql.c — the SQL of assignment rules (repo_assign.c).
 * Columns are listed explicitly so that the repository reads them by
 * position; the *_COLS macros and its readers must agree.  See catalog.h.
 */
#include "store/assign_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_ASSIGN

#define RULE_COLS                                                                                                      \
	"r.id, r.name, r.position, r.active, r.match_category, r.match_priority, r.match_keywords, r.group_id,"        \
	" g.name, r.assign, r.last_assignee_id, r.created_at, r.updated_at, r.match_service_id, sv.name,"              \
	" r.match_ci_id, ci.name FROM assignment_rules r JOIN groups_ g ON g.id = r.group_id"                          \
	" LEFT JOIN services sv ON sv.id = r.match_service_id LEFT JOIN cis ci ON ci.id = r.match_ci_id"

/* clang-format off */
const struct db_stmt assign_sql[ST_ASSIGN__END - ST_BASE_ASSIGN] = {
	S_WRITES(ST_RULE_INSERT, ST_RULE_UPDATE, "assignment_rules", position, active, match_category, match_priority,
		 match_keywords, group_id, assign, updated_at, match_service_id, match_ci_id),
	S_BY(ST_RULE_BY_NAME, RULE_COLS, "r.name"),
	S(ST_RULE_LIST, "SELECT " RULE_COLS " WHERE (?1 = 0 OR r.active = 1) ORDER BY r.position, r.name"),
	S(ST_RULE_SET_LAST, "UPDATE assignment_rules SET last_assignee_id = ?2 WHERE id = ?1"),
	S(ST_GROUP_AGENTS,
	  "SELECT u.id, u.login FROM group_members m JOIN users u ON u.id = m.user_id"
	  " WHERE m.group_id = ?1 AND u.active = 1 AND u.role <> 'end_user' ORDER BY u.login"),
	S(ST_USER_OPEN_COUNT,
	  "SELECT COUNT(*) FROM tickets WHERE assignee_id = ?1 AND phase IN ('open', 'paused')"),
};
/* clang-format on */
