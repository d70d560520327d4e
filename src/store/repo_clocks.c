/*
 * repo_clocks.c — the running totals of the open SLA clocks (migration
 * 44; statements in clocks_sql.c; docs/sla.md): kept by repo_sla.c's
 * clock writes, folded by the scheduler, checked and rebuilt by `steward
 * verify`, and read by the queue counts and the dashboard (repo_report.c).
 *
 * Kept as the ticket totals are (repo_kpi.c), by delta: before one of a
 * ticket's clocks is written, what all its clocks contribute is read from
 * them and taken out, after the write it is read again and added — so
 * every clock write (a start, a pause, a resume, a stop, a re-target, a
 * scheduler's mark, a delete) is served by one statement, and no caller
 * says which figures it moves.  Unlike the ticket totals the deltas are
 * appended rather than added into shared rows: every create starts clocks
 * due in the same hour, and on PostgreSQL a row every create updates
 * would queue concurrent creates behind one another's commits.
 */
#include "core/port/sla.h"
#include "store/clocks_sql.h"
#include "store/totals.h"
#include "base/banned.h"

enum sw_err store_clock_totals_apply(struct store *s, int64_t ticket_id, int sign, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id), DB_INT(sign)};
	if (sign < 0) { /* the ticket's clocks, ours until the transaction ends */
		enum sw_err rc = db_exec(s->conn, ST(ST_CLOCKS_LOCK_TICKET), a, 1, NULL, err);
		if (rc)
			return rc;
	}
	return db_exec(s->conn, ST(ST_CLOCKS_APPLY), a, NARGS(a), NULL, err);
}

enum sw_err store_clock_totals_diff(struct db_conn *c, int64_t *rows, struct sw_error *err)
{
	return db_query_int(c, ST(ST_CLOCKS_DIFF), NULL, 0, rows, err);
}

enum sw_err store_clock_totals_rebuild(struct db_conn *c, struct sw_error *err)
{
	static const int steps[] = {ST_CLOCKS_CLEAR_DELTAS, ST_CLOCKS_CLEAR, ST_CLOCKS_REBUILD};
	enum sw_err rc = SW_OK;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]) && !rc; i++)
		rc = db_exec(c, ST(steps[i]), NULL, 0, NULL, err);
	return rc;
}

enum sw_err store_sla_totals_fold(struct store *s, struct sw_error *err)
{
	int64_t last = 0;
	enum sw_err rc = db_query_int(s->conn, ST(ST_CLOCKS_FOLD_LAST), NULL, 0, &last, err);
	if (rc || last == 0)
		return rc;
	struct db_arg a[] = {DB_INT(last)};
	if ((rc = db_exec(s->conn, ST(ST_CLOCKS_FOLD), a, NARGS(a), NULL, err)) ||
	    (rc = db_exec(s->conn, ST(ST_CLOCKS_FOLD_DELETE), a, NARGS(a), NULL, err)))
		return rc;
	return db_exec(s->conn, ST(ST_CLOCKS_FOLD_ZEROS), NULL, 0, NULL, err);
}
