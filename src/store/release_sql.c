/*
 * release_sql.c — the SQL of releases beyond the shared ticket row
 * (repo_release.c): their own columns, written after the row; the
 * changes a release groups (tickets.release_id); the releases whose
 * deployment window overlaps a span, for the change calendar.  See
 * catalog.h.
 */
#include "store/release_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_RELEASE

/* clang-format off */
const struct db_stmt release_sql[ST_RELEASE__END - ST_BASE_RELEASE] = {
	S(ST_RELEASE_SAVE,
	  "UPDATE tickets SET release_version = ?2, release_type = ?3, release_notes = ?4, build_planned = ?5,"
	  " build_actual = ?6, test_planned = ?7, test_actual = ?8, deploy_planned = ?9, deploy_actual = ?10,"
	  " window_start = ?11, window_end = ?12, go_decision = ?13, go_reason = ?14 WHERE id = ?1"),
	S(ST_RELEASE_SET_CHANGE, "UPDATE tickets SET release_id = ?2 WHERE id = ?1"),
	S(ST_RELEASE_CHANGE_IDS, "SELECT t.id FROM tickets t WHERE t.release_id = ?1 ORDER BY t.id LIMIT ?2"),
	/* ?3 a service, ?4 a CI one of its changes names; ?5 a user it is assigned to or requested by (0: any);
	 * ?6 = 1: canceled ones too */
	S(ST_RELEASE_WINDOW_IDS,
	  "SELECT t.id FROM tickets t WHERE t.kind = 'release' AND t.window_end IS NOT NULL AND t.window_end > ?1"
	  " AND t.window_start < ?2"
	  " AND (?3 = 0 OR EXISTS (SELECT 1 FROM tickets c WHERE c.release_id = t.id AND (c.service_id = ?3"
	  "  OR EXISTS (SELECT 1 FROM ticket_services s WHERE s.ticket_id = c.id AND s.service_id = ?3))))"
	  " AND (?4 = 0 OR EXISTS (SELECT 1 FROM tickets c WHERE c.release_id = t.id AND (c.ci_id = ?4"
	  "  OR EXISTS (SELECT 1 FROM ticket_cis x WHERE x.ticket_id = c.id AND x.role = 'affected' AND x.ci_id = ?4))))"
	  " AND (?5 = 0 OR t.assignee_id = ?5 OR t.requester_id = ?5) AND (?6 = 1 OR t.phase <> 'canceled')"
	  " ORDER BY t.window_start, t.id LIMIT ?7"),
};
/* clang-format on */
