/*
 * cfgsnap_sql.c — the SQL of the configuration version (migration 45,
 * whose triggers change it) and of the round robin's position, which the
 * snapshot leaves out (repo_cfgsnap.c).  See cfgsnap_sql.h and catalog.h.
 */
#include "store/cfgsnap_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_CFGSNAP

/* clang-format off */
const struct db_stmt cfgsnap_sql[ST_CFGSNAP__END - ST_BASE_CFGSNAP] = {
	S(ST_CFGSNAP_VERSION, "SELECT version FROM config_version WHERE id = 1"),
	S(ST_CFGSNAP_RULE_LAST, "SELECT COALESCE(last_assignee_id, 0) FROM assignment_rules WHERE id = ?1"),
};
/* clang-format on */
