/*
 * clocks_sql.c — the SQL of the running totals of the open SLA clocks
 * (repo_clocks.c, migration 46; docs/sla.md#running-totals-of-the-open-clocks).
 *
 * What a ticket's clocks k contribute, per (kind, measure, metric, hour):
 * "ticket" once at the hour of its earliest running clock's due time;
 * "over" each running or paused clock over its target; "warned" each
 * one not over but marked warned; "due" each running clock not over at
 * its due hour; "warn" each running clock neither over nor warned at its
 * warning hour.  Counted here (CONTRIB) for the recount `steward verify`
 * compares and the rebuild; the writes compute it in C from the clocks
 * they hold (repo_clocks.c: the two must agree) and append what changed to
 * clock_deltas; the scheduler folds the deltas into clock_totals; a
 * reader sums both.  See catalog.h.
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
/* ST_CLOCKS_APPEND with the kind k and rows r: SQLite takes the values as
 * bound, PostgreSQL types them (a VALUES list of parameters is text) */
#define DELTA_ROW(a, b, c, d) "(?" #a ", ?" #b ", ?" #c ", ?" #d ")"
#define DELTA_ROW_PG(a, b, c, d)                                                                                       \
	"(CAST(?" #a " AS TEXT), CAST(?" #b " AS TEXT), CAST(?" #c " AS BIGINT), CAST(?" #d " AS BIGINT))"
#define APPEND(k, r)                                                                                                   \
	"INSERT INTO clock_deltas (" KEY ", n) SELECT " k                                                              \
	", v.column1, v.column2, v.column3, v.column4 FROM (VALUES " r(2, 3, 4, 5) ", " r(6, 7, 8, 9) ", " r(          \
		10, 11, 12, 13) ", " r(14, 15, 16,                                                                     \
				       17) ", " r(18, 19, 20,                                                          \
						  21) ", " r(22, 23, 24,                                               \
							     25) ", " r(26, 27, 28,                                    \
									29) ", " r(30, 31, 32,                         \
										   33) ") v WHERE v.column4 <> 0"
/* the totals: folded rows and deltas not yet folded */
#define ALL_TOTALS "(SELECT " KEY ", n FROM clock_totals UNION ALL SELECT " KEY ", n FROM clock_deltas)"
/* the hour of instant ?1, and its first second */
#define HOUR_OF_1 "CAST(?1 AS BIGINT) / 3600"
#define HOUR_START_1 "CAST(?1 AS BIGINT) / 3600 * 3600"
/* a clock k of a ticket of the kind in ?2 */
#define CLOCK_OF_2 "EXISTS (SELECT 1 FROM tickets t WHERE t.id = k.ticket_id AND t.kind = ?2)"

/* clang-format off */
const struct db_stmt clocks_sql[ST_CLOCKS__END - ST_BASE_CLOCKS] = {
	/* ?1 the kind, then CLOCKS_APPEND_ROWS rows of measure, metric, hour
	 * and n (repo_clocks.c's net delta of one ticket write; rows of n 0
	 * fill the statement and are not kept): appended, never updated, so
	 * that concurrent writes share no row */
	SPG(ST_CLOCKS_APPEND, APPEND("?1", DELTA_ROW), APPEND("CAST(?1 AS TEXT)", DELTA_ROW_PG)),
	/* A writer of a ticket's clocks that has not written the ticket's row
	 * (a calendar's re-schedule) locks it on PostgreSQL before it reads
	 * the clocks, as a ticket write does by its update (the lock an
	 * update takes: rows that only refer to the ticket are not held up):
	 * the clocks it reads are then the ones it changes, and its delta is
	 * right.  The ticket's kind, for the delta.  SQLite has one writer at
	 * a time. */
	SPG(ST_CLOCKS_LOCK_TICKET, "SELECT kind FROM tickets WHERE id = ?1",
	    "SELECT kind FROM tickets WHERE id = ?1 FOR NO KEY UPDATE"),
	/* The same for the scheduler's mark of clock ?1, without waiting: a
	 * ticket held by a request is marked at the next pass (waiting could
	 * deadlock: the scheduler holds the tickets it marked until its pass
	 * commits, a request may write two tickets).  PostgreSQL only. */
	SPG(ST_CLOCKS_LOCK_TICKET_SKIP,
	    "SELECT t.id FROM tickets t WHERE t.id = (SELECT k.ticket_id FROM ticket_slas k WHERE k.id = ?1)",
	    "SELECT t.id FROM tickets t WHERE t.id = (SELECT k.ticket_id FROM ticket_slas k WHERE k.id = ?1)"
	    " FOR NO KEY UPDATE OF t SKIP LOCKED"),
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
