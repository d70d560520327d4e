/*
 * kpi_sql.c — the SQL of the running totals of tickets and of the KPIs
 * (repo_kpi.c; docs/kpis.md).  The totals are three tables (migrations
 * 36 and 49): open tickets per kind, state, priority, group, assignee,
 * service and major flag, and tickets created and resolved per kind, UTC
 * hour (and again per UTC day), service, group and priority.  A ticket's
 * contribution is read from its row and added with a sign (?2: -1 before
 * the row is written, +1 after), so the same three statements keep the
 * tables for every write.  See catalog.h.
 */
#include "store/kpi_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_KPI

/* What a ticket adds to the open totals (while open or paused), and to
 * the hour totals: one for its creation hour, one for its resolution
 * hour with the sums behind the means.  w: which tickets. */
#define OPEN_KEY "kind, state, priority, group_id, assignee_id, service_id, major"
#define OPEN_ROWS(w)                                                                                                   \
	"SELECT t.kind, t.state, t.priority, COALESCE(t.group_id, 0) AS g, COALESCE(t.assignee_id, 0) AS a,"           \
	" COALESCE(t.service_id, 0) AS sv, t.major, COUNT(*) AS n, CAST(SUM(t.created_at) AS BIGINT) AS cs"            \
	" FROM tickets t"                                                                                              \
	" WHERE t.phase IN ('open', 'paused')" w " GROUP BY t.kind, t.state, t.priority, COALESCE(t.group_id, 0),"     \
	" COALESCE(t.assignee_id, 0), COALESCE(t.service_id, 0), t.major"
#define HOUR_KEY "kind, bucket, service_id, group_id, priority"
#define HOUR_VALUES "created, major, resolved, resolve_sum, responded, response_sum, reopened, first_contact"
/* per bucket of secs_ seconds: the hour totals' rows (3600) and the day
 * totals' (86400, migration 49), which are the same sums by UTC day */
#define BUCKET_ROWS(secs_, w)                                                                                          \
	"SELECT d.kind, d.bucket, d.sv, d.g, d.p, CAST(SUM(d.c) AS BIGINT) AS c, CAST(SUM(d.m) AS BIGINT) AS m,"       \
	" CAST(SUM(d.r) AS BIGINT) AS r, CAST(SUM(d.rs) AS BIGINT) AS rs, CAST(SUM(d.rn) AS BIGINT) AS rn,"            \
	" CAST(SUM(d.rns) AS BIGINT) AS rns, CAST(SUM(d.ro) AS BIGINT) AS ro, CAST(SUM(d.fc) AS BIGINT) AS fc FROM ("  \
	"SELECT t.kind, t.created_at / " secs_ " AS bucket, COALESCE(t.service_id, 0) AS sv,"                          \
	" COALESCE(t.group_id, 0) AS g, t.priority AS p, 1 AS c, t.major AS m, 0 AS r, 0 AS rs, 0 AS rn, 0 AS rns,"    \
	" 0 AS ro, 0 AS fc FROM tickets t WHERE 1 = 1" w " UNION ALL"                                                  \
	" SELECT t.kind, t.resolved_at / " secs_ ", COALESCE(t.service_id, 0), COALESCE(t.group_id, 0), t.priority,"   \
	" 0, 0, 1, t.resolved_at - t.created_at, CASE WHEN t.first_response_at IS NULL THEN 0 ELSE 1 END,"             \
	" COALESCE(t.first_response_at - t.created_at, 0), CASE WHEN t.reopen_count > 0 THEN 1 ELSE 0 END,"            \
	" CASE WHEN t.reopen_count = 0 AND t.reassignment_count = 0 THEN 1 ELSE 0 END"                                 \
	" FROM tickets t WHERE t.resolved_at IS NOT NULL" w ") d GROUP BY d.kind, d.bucket, d.sv, d.g, d.p"
#define HOUR_ROWS(w) BUCKET_ROWS("3600", w)
#define DAY_ROWS(w) BUCKET_ROWS("86400", w)
/* the upsert of a ticket's contribution to the hour or the day totals */
#define BUCKET_APPLY(table_, rows_)                                                                                    \
	"INSERT INTO " table_ " (" HOUR_KEY ", " HOUR_VALUES ") SELECT x.kind, x.bucket, x.sv, x.g, x.p,"              \
	" x.c * ?2, x.m * ?2, x.r * ?2, x.rs * ?2, x.rn * ?2, x.rns * ?2, x.ro * ?2, x.fc * ?2"                        \
	" FROM (" rows_(" AND t.id = ?1") ") x WHERE CAST(?2 AS BIGINT) IN (-1, 1)"                                    \
					  " ON CONFLICT (" HOUR_KEY ") DO UPDATE SET created = " table_                \
					  ".created + excluded.created,"                                               \
					  " major = " table_ ".major + excluded.major, resolved = " table_             \
					  ".resolved + excluded.resolved,"                                             \
					  " resolve_sum = " table_ ".resolve_sum + excluded.resolve_sum,"              \
					  " responded = " table_ ".responded + excluded.responded,"                    \
					  " response_sum = " table_ ".response_sum + excluded.response_sum,"           \
					  " reopened = " table_                                                        \
					  ".reopened + excluded.reopened, first_contact = " table_                     \
					  ".first_contact + excluded.first_contact"
#define BUCKET_NONZERO                                                                                                 \
	"created <> 0 OR major <> 0 OR resolved <> 0 OR resolve_sum <> 0 OR responded <> 0 OR response_sum <> 0"       \
	" OR reopened <> 0 OR first_contact <> 0"
/* Rows of a totals table that differ from the recount, both ways
 * (rows of zeros are left by tickets that moved on, and mean nothing). */
#define DIFF(table_, cols_, nonzero_, recount_)                                                                        \
	"SELECT (SELECT COUNT(*) FROM (SELECT " cols_ " FROM " table_ " WHERE " nonzero_ " EXCEPT " recount_ ") a)"    \
	" + (SELECT COUNT(*) FROM (" recount_ " EXCEPT SELECT " cols_ " FROM " table_ " WHERE " nonzero_ ") b)"
/* ?1 the kind, [?2, ?3) buckets, then the filters: the sums per bucket */
#define KPI_BUCKETS(table_)                                                                                            \
	"SELECT h.bucket, " HOUR_SUMS " FROM " table_                                                                  \
	" h WHERE h.kind = ?1 AND h.bucket >= ?2 AND h.bucket < ?3" KPI_FILTERS(                                       \
		"h", 4, 5, 6) " GROUP BY h.bucket ORDER BY h.bucket"
#define HOUR_SUMS                                                                                                      \
	"CAST(SUM(h.created) AS BIGINT), CAST(SUM(h.major) AS BIGINT), CAST(SUM(h.resolved) AS BIGINT),"               \
	" CAST(SUM(h.resolve_sum) AS BIGINT), CAST(SUM(h.responded) AS BIGINT), CAST(SUM(h.response_sum) AS BIGINT),"  \
	" CAST(SUM(h.reopened) AS BIGINT), CAST(SUM(h.first_contact) AS BIGINT)"

/* clang-format off */
const struct db_stmt kpi_sql[ST_KPI__END - ST_BASE_KPI] = {
	/* ?1 the ticket, ?2 the sign: its contribution taken out (-1) before
	 * its row is written and put back (+1) after */
	S(ST_TOTALS_OPEN_APPLY,
	  "INSERT INTO ticket_open_totals (" OPEN_KEY ", n, created_sum) SELECT x.kind, x.state, x.priority, x.g, x.a,"
	  " x.sv, x.major, x.n * ?2, x.cs * ?2 FROM (" OPEN_ROWS(" AND t.id = ?1") ") x"
	  " WHERE CAST(?2 AS BIGINT) IN (-1, 1)"
	  " ON CONFLICT (" OPEN_KEY ") DO UPDATE SET n = ticket_open_totals.n + excluded.n,"
	  " created_sum = ticket_open_totals.created_sum + excluded.created_sum"),
	S(ST_TOTALS_HOUR_APPLY, BUCKET_APPLY("ticket_hour_totals", HOUR_ROWS)),
	S(ST_TOTALS_OPEN_DIFF,
	  DIFF("ticket_open_totals", OPEN_KEY ", n, created_sum", "n <> 0 OR created_sum <> 0", OPEN_ROWS(""))),
	S(ST_TOTALS_HOUR_DIFF, DIFF("ticket_hour_totals", HOUR_KEY ", " HOUR_VALUES, BUCKET_NONZERO, HOUR_ROWS(""))),
	S(ST_TOTALS_OPEN_CLEAR, "DELETE FROM ticket_open_totals WHERE 1 = 1"),
	S(ST_TOTALS_HOUR_CLEAR, "DELETE FROM ticket_hour_totals WHERE 1 = 1"),
	S(ST_TOTALS_OPEN_REBUILD, "INSERT INTO ticket_open_totals (" OPEN_KEY ", n, created_sum) " OPEN_ROWS("")),
	S(ST_TOTALS_HOUR_REBUILD, "INSERT INTO ticket_hour_totals (" HOUR_KEY ", " HOUR_VALUES ") " HOUR_ROWS("")),

	/* the dashboard report and queue counts from the totals
	 * (repo_report.c), which once counted the open tickets themselves */
	S(ST_TOTALS_OPEN_BY,
	  "SELECT o.state, o.priority, CAST(SUM(o.n) AS BIGINT) FROM ticket_open_totals o WHERE o.kind = ?1"
	  " GROUP BY o.state, o.priority HAVING SUM(o.n) <> 0"),
	SPG(ST_TOTALS_OPEN_GROUPS,
	    "SELECT g.name, SUM(o.n) FROM ticket_open_totals o LEFT JOIN groups_ g ON g.id = o.group_id WHERE o.kind = ?2"
	    " GROUP BY o.group_id, g.name HAVING SUM(o.n) <> 0 ORDER BY SUM(o.n) DESC, g.name IS NULL, g.name LIMIT ?1",
	    "SELECT g.name, CAST(SUM(o.n) AS BIGINT) FROM ticket_open_totals o LEFT JOIN groups_ g ON g.id = o.group_id"
	    " WHERE o.kind = ?2 GROUP BY o.group_id, g.name HAVING SUM(o.n) <> 0"
	    " ORDER BY SUM(o.n) DESC, g.name IS NULL, g.name COLLATE \"C\" LIMIT ?1"),
	/* ?1 the caller; mine_requested (the last column) is counted apart */
	S(ST_TOTALS_COUNTS,
	  "SELECT CAST(COALESCE(SUM(o.n), 0) AS BIGINT),"
	  " CAST(COALESCE(SUM(CASE WHEN o.assignee_id = ?1 THEN o.n ELSE 0 END), 0) AS BIGINT),"
	  " CAST(COALESCE(SUM(CASE WHEN o.group_id IN (SELECT m.group_id FROM group_members m WHERE m.user_id = ?1)"
	  " THEN o.n ELSE 0 END), 0) AS BIGINT),"
	  " CAST(COALESCE(SUM(CASE WHEN o.assignee_id = 0 THEN o.n ELSE 0 END), 0) AS BIGINT),"
	  " CAST(COALESCE(SUM(CASE WHEN o.major = 1 THEN o.n ELSE 0 END), 0) AS BIGINT), 0"
	  " FROM ticket_open_totals o WHERE o.kind = ?2"),
	/* [?1, ?2) whole hours; ?3 a UTC offset constant over them, so the
	 * first column is the local day (report_plan_spans) */
	S(ST_TOTALS_DAILY_CREATED,
	  "SELECT (h.bucket * 3600 + ?3) / 86400, CAST(SUM(h.created) AS BIGINT) FROM ticket_hour_totals h"
	  " WHERE h.kind = ?4 AND h.bucket >= ?1 / 3600 AND h.bucket < ?2 / 3600 GROUP BY 1"),
	S(ST_TOTALS_DAILY_RESOLVED,
	  "SELECT (h.bucket * 3600 + ?3) / 86400, CAST(SUM(h.resolved) AS BIGINT) FROM ticket_hour_totals h"
	  " WHERE h.kind = ?4 AND h.bucket >= ?1 / 3600 AND h.bucket < ?2 / 3600 GROUP BY 1"),
	S(ST_TOTALS_RANGE_CREATED,
	  "SELECT CAST(COALESCE(SUM(h.created), 0) AS BIGINT) FROM ticket_hour_totals h"
	  " WHERE h.kind = ?3 AND h.bucket >= ?1 / 3600 AND h.bucket < ?2 / 3600"),
	S(ST_TOTALS_RANGE_RESOLVED,
	  "SELECT CAST(COALESCE(SUM(h.resolved), 0) AS BIGINT) FROM ticket_hour_totals h"
	  " WHERE h.kind = ?3 AND h.bucket >= ?1 / 3600 AND h.bucket < ?2 / 3600"),
	S(ST_TOTALS_TIMES,
	  "SELECT CAST(COALESCE(SUM(h.resolved), 0) AS BIGINT), CAST(COALESCE(SUM(h.resolve_sum), 0) AS BIGINT),"
	  " CAST(COALESCE(SUM(h.responded), 0) AS BIGINT), CAST(COALESCE(SUM(h.response_sum), 0) AS BIGINT)"
	  " FROM ticket_hour_totals h WHERE h.kind = ?3 AND h.bucket >= ?1 / 3600 AND h.bucket < ?2 / 3600"),

	/* KPIs (core/report/kpi.c).  ?1 the kind, [?2, ?3) hours, then the
	 * filters: the hour totals per hour */
	S(ST_KPI_HOURS, KPI_BUCKETS("ticket_hour_totals")),
	S(ST_KPI_OPEN,
	  "SELECT CAST(COALESCE(SUM(o.n), 0) AS BIGINT), CAST(COALESCE(SUM(o.created_sum), 0) AS BIGINT)"
	  " FROM ticket_open_totals o WHERE o.kind = ?1" KPI_FILTERS("o", 2, 3, 4)),
	/* ?1 the metric; clocks stopped within [?2, ?3) on tickets of kind ?4 */
	S(ST_KPI_SLA,
	  "SELECT CAST(COALESCE(SUM(CASE WHEN " CLOCK_OVER " THEN 0 ELSE 1 END), 0) AS BIGINT),"
	  " CAST(COALESCE(SUM(CASE WHEN " CLOCK_OVER " THEN 1 ELSE 0 END), 0) AS BIGINT)"
	  " FROM ticket_slas k JOIN tickets t ON t.id = k.ticket_id WHERE k.state = 'stopped' AND k.metric = ?1"
	  " AND k.stopped_at >= ?2 AND k.stopped_at < ?3 AND t.kind = ?4 AND t.phase <> 'canceled'" KPI_FILTERS("t", 5, 6, 7)),
	/* [?1, ?2) instants, then the filters */
	S(ST_KPI_KNOWN_ERROR,
	  KPI_COUNT_SUM("t.workaround_published_at - t.created_at", "t.kind = 'problem' AND t.workaround_published_at >= ?1"
		    " AND t.workaround_published_at < ?2" KPI_FILTERS("t", 3, 4, 5))),
	S(ST_KPI_PROBLEM_INCIDENTS,
	  "SELECT COUNT(*), COUNT(DISTINCT t.problem_id) FROM tickets t WHERE t.kind = 'incident'"
	  " AND t.problem_id IS NOT NULL AND t.created_at >= ?1 AND t.created_at < ?2" KPI_FILTERS("t", 3, 4, 5)),
	S(ST_KPI_RECURRING,
	  "SELECT COUNT(*), 0 FROM tickets t WHERE t.kind = 'incident' AND t.problem_id IS NOT NULL"
	  " AND t.created_at >= ?1 AND t.created_at < ?2" KPI_FILTERS("t", 3, 4, 5) " AND EXISTS (SELECT 1 FROM tickets o"
	  " WHERE o.problem_id = t.problem_id AND o.kind = 'incident' AND o.created_at < t.created_at)"),
	S(ST_KPI_CHANGES_CAUSING,
	  "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM tickets i WHERE i.caused_by_id = t.id)"
	  " THEN 1 ELSE 0 END), 0) AS BIGINT) FROM tickets t WHERE t.kind = 'change' AND t.phase = 'closed'"
	  " AND t.closed_at >= ?1 AND t.closed_at < ?2" KPI_FILTERS("t", 3, 4, 5)),
	S(ST_KPI_CHANGE_LEAD,
	  KPI_COUNT_SUM("t.closed_at - t.created_at", "t.kind = 'change' AND t.phase = 'closed' AND t.closed_at >= ?1"
		    " AND t.closed_at < ?2" KPI_FILTERS("t", 3, 4, 5))),
	S(ST_KPI_APPROVAL_TIME,
	  "SELECT COUNT(*), CAST(COALESCE(SUM(a.decided_at - a.created_at), 0) AS BIGINT) FROM approval_requests a"
	  " JOIN tickets t ON t.id = a.ticket_id WHERE t.kind = 'request' AND a.state IN ('approved', 'rejected')"
	  " AND a.decided_at >= ?1 AND a.decided_at < ?2" KPI_FILTERS("t", 3, 4, 5)),
	S(ST_KPI_REUSE,
	  "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM article_links l WHERE l.ticket_id = t.id)"
	  " THEN 1 ELSE 0 END), 0) AS BIGINT) FROM tickets t WHERE t.kind = 'incident' AND t.resolved_at >= ?1"
	  " AND t.resolved_at < ?2" KPI_FILTERS("t", 3, 4, 5)),
	/* ?1 now: published articles whose review-by date has passed */
	S(ST_KPI_PAST_REVIEW,
	  "SELECT COUNT(*), 0 FROM articles a WHERE a.review_by IS NOT NULL AND a.review_by < ?1"
	  " AND a.state = 'published'"),
	S(ST_KPI_TARGETS, "SELECT k.name, k.target, k.amber, k.red FROM kpi_targets k ORDER BY k.name"),
	S(ST_KPI_TARGET_SET,
	  "INSERT INTO kpi_targets (name, target, amber, red, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	  " ON CONFLICT (name) DO UPDATE SET target = excluded.target, amber = excluded.amber, red = excluded.red,"
	  " updated_at = excluded.updated_at, updated_by = excluded.updated_by"),

	/* the day totals (migration 49): kept, checked and rebuilt as the
	 * hour totals, read by the KPI series for whole UTC days (?2, ?3 days) */
	S(ST_TOTALS_DAY_APPLY, BUCKET_APPLY("ticket_day_totals", DAY_ROWS)),
	S(ST_TOTALS_DAY_DIFF, DIFF("ticket_day_totals", HOUR_KEY ", " HOUR_VALUES, BUCKET_NONZERO, DAY_ROWS(""))),
	S(ST_TOTALS_DAY_CLEAR, "DELETE FROM ticket_day_totals WHERE 1 = 1"),
	S(ST_TOTALS_DAY_REBUILD, "INSERT INTO ticket_day_totals (" HOUR_KEY ", " HOUR_VALUES ") " DAY_ROWS("")),
	S(ST_KPI_DAYS, KPI_BUCKETS("ticket_day_totals")),
};
/* clang-format on */
