/*
 * clocks_sql.c — the SQL of the running totals of the open SLA clocks
 * (repo_clocks.c, migration 46; docs/sla.md#running-totals-of-the-open-clocks).
 *
 * What a ticket's clocks k contribute, per (kind, measure, metric, hour):
 * "ticket" once at the hour of its earliest running clock's due time;
 * "over" each running or paused clock over its target; "warned" each
 * one not over but marked warned; "due" each running clock not over at
 * its due hour; "warn" each running clock neither over nor warned at its
 * warning hour.  The writes append it to clock_deltas with a sign; the
 * scheduler folds the deltas into clock_totals; a reader sums both.  See
 * catalog.h.
 */
#include "store/clocks_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_CLOCKS

#define KEY "kind, measure, metric, hour"
#define NOT_OVER "k.breached_at IS NULL AND k.elapsed_seconds <= k.target_seconds"
/* the contributions of the clocks that w (" AND ..." on k) selects */
#define CONTRIB(w)                                                                                                     \
	"SELECT t.kind, x.measure, x.metric, x.hour, COUNT(*) AS n FROM ("                                             \
	"SELECT k.ticket_id, 'ticket' AS measure, '' AS metric, MIN(k.due_at) / 3600 AS hour FROM ticket_slas k"       \
	" WHERE k.state = 'running' AND k.due_at IS NOT NULL" w " GROUP BY k.ticket_id"                                \
	" UNION ALL SELECT k.ticket_id, 'over', k.metric, 0 FROM ticket_slas k"                                        \
	" WHERE k.state IN ('running', 'paused') AND " CLOCK_OVER w                                                    \
	" UNION ALL SELECT k.ticket_id, 'warned', k.metric, 0 FROM ticket_slas k"                                      \
	" WHERE k.state IN ('running', 'paused') AND " NOT_OVER " AND k.warned_at IS NOT NULL" w                       \
	" UNION ALL SELECT k.ticket_id, 'due', k.metric, k.due_at / 3600 FROM ticket_slas k"                           \
	" WHERE k.state = 'running' AND " NOT_OVER " AND k.due_at IS NOT NULL" w                                       \
	" UNION ALL SELECT k.ticket_id, 'warn', k.metric, k.warn_at / 3600 FROM ticket_slas k"                         \
	" WHERE k.state = 'running' AND " NOT_OVER " AND k.warned_at IS NULL AND k.warn_at IS NOT NULL" w              \
	") x JOIN tickets t ON t.id = x.ticket_id GROUP BY t.kind, x.measure, x.metric, x.hour"
/* the totals: folded rows and deltas not yet folded */
#define ALL_TOTALS "(SELECT " KEY ", n FROM clock_totals UNION ALL SELECT " KEY ", n FROM clock_deltas)"
/* the hour of instant ?1, and its first second */
#define HOUR_OF_1 "CAST(?1 AS BIGINT) / 3600"
#define HOUR_START_1 "CAST(?1 AS BIGINT) / 3600 * 3600"
/* a clock k of a ticket of the kind in ?2 */
#define CLOCK_OF_2 "EXISTS (SELECT 1 FROM tickets t WHERE t.id = k.ticket_id AND t.kind = ?2)"

/* clang-format off */
const struct db_stmt clocks_sql[ST_CLOCKS__END - ST_BASE_CLOCKS] = {
	S(ST_CLOCKS_TICKET_OF, "SELECT ticket_id FROM ticket_slas WHERE id = ?1"),
	/* Before a ticket's clocks are read for their contribution: on
	 * PostgreSQL the ticket's row is locked, so that two transactions
	 * writing clocks of one ticket (a request, the scheduler's mark) take
	 * turns, and the second reads the first's clocks once committed —
	 * else both would take out the same contribution.  SQLite has one
	 * writer at a time. */
	SPG(ST_CLOCKS_LOCK_TICKET, "SELECT id FROM tickets WHERE id = ?1",
	    "SELECT id FROM tickets WHERE id = ?1 FOR UPDATE"),
	/* ?1 the ticket, ?2 the sign: taken out (-1) before one of its
	 * clocks is written, put back (+1) after; appended, never updated,
	 * so that concurrent writes share no row */
	S(ST_CLOCKS_APPLY,
	  "INSERT INTO clock_deltas (" KEY ", n) SELECT c.kind, c.measure, c.metric, c.hour, c.n * ?2"
	  " FROM (" CONTRIB(" AND k.ticket_id = ?1") ") c WHERE CAST(?2 AS BIGINT) IN (-1, 1)"),
	/* the scheduler's fold (under its lock): the deltas up to ?1 added to
	 * the totals and removed.  PostgreSQL removes exactly the rows it
	 * adds, in one statement: a delta of a transaction still open when
	 * the last id was read may commit later with a lower id, and must
	 * stay for the next fold; SQLite has one writer at a time, so the
	 * deltas up to ?1 are all there, and a second statement removes them. */
	S(ST_CLOCKS_FOLD_LAST, "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM clock_deltas"),
	SPG(ST_CLOCKS_FOLD,
	    "INSERT INTO clock_totals (" KEY ", n) SELECT " KEY ", SUM(n) FROM clock_deltas WHERE id <= ?1"
	    " GROUP BY " KEY " ON CONFLICT (" KEY ") DO UPDATE SET n = clock_totals.n + excluded.n",
	    "WITH d AS (DELETE FROM clock_deltas WHERE id <= ?1 RETURNING " KEY ", n)"
	    " INSERT INTO clock_totals (" KEY ", n) SELECT " KEY ", SUM(n) FROM d GROUP BY " KEY
	    " ON CONFLICT (" KEY ") DO UPDATE SET n = clock_totals.n + excluded.n"),
	SPG(ST_CLOCKS_FOLD_DELETE, "DELETE FROM clock_deltas WHERE id <= ?1",
	    "SELECT CAST(?1 AS BIGINT) WHERE 1 = 0"),
	/* hours whose clocks all moved on: the rows a reader sums stay as
	 * many as the hours with open clocks */
	S(ST_CLOCKS_FOLD_ZEROS, "DELETE FROM clock_totals WHERE n = 0"),
	/* rows of the totals (folded and not) that differ from a recount, both ways */
	S(ST_CLOCKS_DIFF,
	  "SELECT (SELECT COUNT(*) FROM (SELECT u.kind, u.measure, u.metric, u.hour, CAST(SUM(u.n) AS BIGINT)"
	  " FROM " ALL_TOTALS " u GROUP BY u.kind, u.measure, u.metric, u.hour HAVING SUM(u.n) <> 0"
	  " EXCEPT " CONTRIB("") ") a)"
	  " + (SELECT COUNT(*) FROM (" CONTRIB("") " EXCEPT SELECT u.kind, u.measure, u.metric, u.hour,"
	  " CAST(SUM(u.n) AS BIGINT) FROM " ALL_TOTALS " u GROUP BY u.kind, u.measure, u.metric, u.hour"
	  " HAVING SUM(u.n) <> 0) b)"),
	S(ST_CLOCKS_CLEAR_DELTAS, "DELETE FROM clock_deltas WHERE 1 = 1"),
	S(ST_CLOCKS_CLEAR, "DELETE FROM clock_totals WHERE 1 = 1"),
	S(ST_CLOCKS_REBUILD, "INSERT INTO clock_totals (" KEY ", n) " CONTRIB("")),

	/* ?1 now + the "soon" window, ?2 the kind: the tickets whose earliest
	 * running clock is due by ?1 — the test of the list's breaching=
	 * filter (ticket_sql.c, ?15), so that the queue's count is its length.
	 * The hours before ?1's from the totals; within its hour, the running
	 * clocks due from its start to ?1 of tickets with none due earlier
	 * (by the index ticket_slas_running, on due_at / 3600 and due_at). */
	S(ST_CLOCKS_BREACHING,
	  "SELECT (SELECT CAST(COALESCE(SUM(u.n), 0) AS BIGINT) FROM " ALL_TOTALS " u WHERE u.kind = ?2"
	  " AND u.measure = 'ticket' AND u.metric = '' AND u.hour < " HOUR_OF_1 ")"
	  " + (SELECT COUNT(DISTINCT k.ticket_id) FROM ticket_slas k WHERE k.state = 'running'"
	  " AND k.due_at / 3600 = " HOUR_OF_1 " AND k.due_at <= ?1 AND " CLOCK_OF_2
	  " AND NOT EXISTS (SELECT 1 FROM ticket_slas j WHERE j.ticket_id = k.ticket_id AND j.state = 'running'"
	  " AND j.due_at < " HOUR_START_1 "))"),
	/* ?1 now, ?2 the kind: per metric, the open clocks breached by now
	 * (over, or running and due before now) and those warned and not
	 * breached (marked warned, or running and at their warning share by
	 * now) — what report_sql.c's ST_REPORT_SLA_OPEN counted clock by
	 * clock.  A running clock reaches its warning share no later than its
	 * due time (sla_warn_percent is below 100), so the clocks due before
	 * now are among the warned ones, and come off them (w -1). */
	S(ST_CLOCKS_SLA_OPEN,
	  "SELECT x.metric, CAST(SUM(x.b) AS BIGINT), CAST(SUM(x.w) AS BIGINT) FROM ("
	  "SELECT u.metric, CASE WHEN u.measure IN ('over', 'due') THEN u.n ELSE 0 END AS b,"
	  " CASE WHEN u.measure = 'due' THEN -u.n WHEN u.measure IN ('warned', 'warn') THEN u.n ELSE 0 END AS w"
	  " FROM " ALL_TOTALS " u WHERE u.kind = ?2 AND u.measure IN ('over', 'warned', 'due', 'warn')"
	  " AND (u.measure IN ('over', 'warned') OR u.hour < " HOUR_OF_1 ")"
	  " UNION ALL SELECT k.metric, 1, -1 FROM ticket_slas k WHERE k.state = 'running' AND k.breached_at IS NULL"
	  " AND k.due_at >= " HOUR_START_1 " AND k.due_at < ?1 AND k.elapsed_seconds <= k.target_seconds"
	  " AND " CLOCK_OF_2
	  " UNION ALL SELECT k.metric, 0, 1 FROM ticket_slas k WHERE k.state = 'running' AND k.warned_at IS NULL"
	  " AND k.warn_at >= " HOUR_START_1 " AND k.warn_at <= ?1 AND " NOT_OVER " AND " CLOCK_OF_2
	  ") x GROUP BY x.metric"),
};
/* clang-format on */
