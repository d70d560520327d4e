/*
 * calendar_sql.c — the SQL of the change calendar (repo_calendar.c).  The
 * window is served by tickets_change_window (planned_end, planned_start)
 * of changes; the rows come back in the calendar's own order — planned
 * start, then the event's uid, "change-<number>@steward" — compared by
 * bytes on both backends (COLLATE "C" on PostgreSQL, as SQLite does), so
 * that a page starts exactly after the (start, uid) its cursor names.
 * See calendar_sql.h and catalog.h.
 */
#include "store/calendar_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_CALENDAR

#define CAL_COLS                                                                                                       \
	"SELECT t.id, t.number, t.title, t.change_type, t.state, t.phase, t.version, t.planned_start, t.planned_end,"  \
	" t.updated_at FROM tickets t WHERE t.kind = 'change' AND t.planned_end > ?1 AND t.planned_start < ?2"         \
	" AND (CAST(?3 AS BIGINT) = 0 OR t.service_id = ?3 OR EXISTS (SELECT 1 FROM ticket_services s"                 \
	" WHERE s.ticket_id = t.id AND s.service_id = ?3))"                                                            \
	" AND (CAST(?4 AS BIGINT) = 0 OR t.ci_id = ?4 OR EXISTS (SELECT 1 FROM ticket_cis x"                           \
	" WHERE x.ticket_id = t.id AND x.ci_id = ?4))"                                                                 \
	" AND (CAST(?5 AS BIGINT) = 0 OR t.change_owner_id = ?5 OR t.assignee_id = ?5 OR t.requester_id = ?5)"         \
	" AND (CAST(?6 AS BIGINT) = 1 OR t.phase <> 'canceled')"
#define CAL_UID "('change-' || t.number || '@steward')"

/* clang-format off */
const struct db_stmt calendar_sql[ST_CALENDAR__END - ST_BASE_CALENDAR] = {
	/* the changes planned within [?1, ?2) on service ?3, CI ?4, of user ?5
	 * (each 0: any), canceled ones with ?6, after (?7, uid ?8), at most ?9 */
	SPG(ST_CALENDAR_CHANGES,
	    CAL_COLS " AND (t.planned_start > ?7 OR (t.planned_start = ?7 AND " CAL_UID " > ?8))"
	    " ORDER BY t.planned_start, " CAL_UID " LIMIT ?9",
	    CAL_COLS " AND (t.planned_start > ?7 OR (t.planned_start = ?7 AND " CAL_UID " COLLATE \"C\" > ?8))"
	    " ORDER BY t.planned_start, " CAL_UID " COLLATE \"C\" LIMIT ?9"),
	/* the same span whole, in no order, at most ?7: for a caller that
	 * sorts and counts every event itself (a per-day read); sorting by the
	 * uid in SQL was most of the statement's time */
	S(ST_CALENDAR_CHANGES_ANY_ORDER, CAL_COLS " LIMIT ?7"),
};
/* clang-format on */
