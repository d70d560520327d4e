/*
 * ola_sql.c — the SQL of ola_sql.h: the planned change outages of a
 * service (repo_cmdb.c, docs/cmdb.md#availability).  See catalog.h.
 */
#include "store/ola_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_OLA

/* clang-format off */
const struct db_stmt ola_sql[ST_OLA__END - ST_BASE_OLA] = {
	/* the changes on service ?1 that expected an outage and were implemented
	 * (in review or closed) within their approved window, the window
	 * overlapping [?2, ?3); by start, at most ?4 (tickets_service serves) */
	S(ST_OLA_PLANNED_CHANGES,
	  "SELECT number, planned_start, planned_end FROM tickets WHERE service_id = ?1 AND kind = 'change'"
	  " AND outage_expected = 1 AND state IN ('review', 'closed') AND planned_start IS NOT NULL"
	  " AND planned_end IS NOT NULL AND actual_start >= planned_start AND actual_end <= planned_end"
	  " AND planned_start < ?3 AND planned_end > ?2 ORDER BY planned_start, id LIMIT ?4"),
};
/* clang-format on */
