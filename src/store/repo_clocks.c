/*
 * repo_clocks.c — the running totals of the open SLA clocks (migration
 * 46; statements in clocks_sql.c; docs/sla.md): kept by the clock writers
 * (core/sla/sla.c's sla_sync and calendar re-schedule, repo_sla.c's
 * scheduler marks), folded by the scheduler, checked and rebuilt by
 * `steward verify`, and read by the queue counts and the dashboard
 * (repo_report.c).
 *
 * Kept by net delta: a writer holds a ticket's clocks as they were before
 * its writes and as they are after them, and what they contribute is
 * computed here, in C, from both (contribute(): the same rows as
 * clocks_sql.c's CONTRIB recount, which `steward verify` compares) — the
 * difference, nothing when the clocks moved no figure, is appended in one
 * statement.  So a create that starts two clocks appends their rows once
 * and reads nothing, and a write that changes no clock appends nothing.
 * Unlike the ticket totals the deltas are appended rather than added into
 * shared rows: every create starts clocks due in the same hour, and on
 * PostgreSQL a row every create updates would queue concurrent creates
 * behind one another's commits.
 *
 * The clocks a writer holds must be the ones it writes over: on
 * PostgreSQL whoever writes a ticket's clocks holds the ticket's row
 * first — a ticket write by its update, a re-schedule by
 * store_sla_clocks_locked, the scheduler's mark by a lock it skips when
 * taken (the mark then waits for its next pass).
 */
#include "core/port/sla.h"
#include "core/sla/sla.h"
#include "store/clocks_sql.h"
#include "store/totals.h"
#include "base/banned.h"

/* the measures of clocks_sql.c, in its words */
enum measure { M_TICKET, M_OVER, M_WARNED, M_DUE, M_WARN, M__COUNT };
static const char *const measure_names[M__COUNT] = {"ticket", "over", "warned", "due", "warn"};

/* Rows of a delta being summed: key (measure, metric or -1 for none,
 * hour) and n.  Full, it is appended and starts again (the sum of the
 * parts is the same delta). */
#define DELTA_MAX 32
struct delta {
	struct {
		enum measure measure;
		int metric;
		int64_t hour, n;
	} rows[DELTA_MAX];
	size_t count;
	const char *kind;
};

static void add(struct delta *d, enum measure m, int metric, int64_t hour, int64_t n)
{
	for (size_t i = 0; i < d->count; i++)
		if (d->rows[i].measure == m && d->rows[i].metric == metric && d->rows[i].hour == hour) {
			d->rows[i].n += n;
			return;
		}
	d->rows[d->count].measure = m;
	d->rows[d->count].metric = metric;
	d->rows[d->count].hour = hour;
	d->rows[d->count++].n = n;
}

/* The rows of d not 0, CLOCKS_APPEND_ROWS a statement; d is then empty. */
static enum sw_err flush(struct store *s, struct delta *d, struct sw_error *err)
{
	struct db_arg a[1 + 4 * CLOCKS_APPEND_ROWS];
	size_t i = 0;
	enum sw_err rc = SW_OK;
	while (!rc && i < d->count) {
		int used = 0;
		a[0] = DB_TEXT(d->kind);
		for (; i < d->count && used < CLOCKS_APPEND_ROWS; i++) {
			if (!d->rows[i].n)
				continue;
			struct db_arg *r = &a[1 + 4 * used++];
			r[0] = DB_TEXT(measure_names[d->rows[i].measure]);
			r[1] = DB_TEXT(d->rows[i].metric < 0 ? ""
							     : sla_metric_name((enum sla_metric)d->rows[i].metric));
			r[2] = DB_INT(d->rows[i].hour);
			r[3] = DB_INT(d->rows[i].n);
		}
		if (!used)
			break;
		for (int j = used; j < CLOCKS_APPEND_ROWS; j++) { /* the rest: rows of nothing, not kept */
			struct db_arg *r = &a[1 + 4 * j];
			r[0] = r[1] = DB_TEXT("");
			r[2] = r[3] = DB_INT(0);
		}
		rc = db_exec(s->conn, ST(ST_CLOCKS_APPEND), a, NARGS(a), NULL, err);
	}
	d->count = 0;
	return rc;
}

/* What clocks k (all of one ticket's) contribute, times sign, into d
 * (clocks_sql.c's CONTRIB: a time of 0 is SQL's NULL). */
static enum sw_err contribute(struct store *s, struct delta *d, const struct sla_clock *k, size_t count, int sign,
			      struct sw_error *err)
{
	int64_t first_due = 0;
	for (size_t i = 0; i < count; i++) {
		if (k[i].state != SLA_RUNNING && k[i].state != SLA_PAUSED)
			continue;
		enum sw_err rc;
		if (d->count + 3 > DELTA_MAX && (rc = flush(s, d, err)))
			return rc;
		bool running = k[i].state == SLA_RUNNING;
		int m = (int)k[i].metric;
		if (running && k[i].due_at && (!first_due || k[i].due_at < first_due))
			first_due = k[i].due_at;
		if (k[i].breached_at || k[i].elapsed > k[i].target) {
			add(d, M_OVER, m, 0, sign);
			continue;
		}
		if (k[i].warned_at)
			add(d, M_WARNED, m, 0, sign);
		if (running && k[i].due_at)
			add(d, M_DUE, m, k[i].due_at / 3600, sign);
		if (running && !k[i].warned_at && k[i].warn_at)
			add(d, M_WARN, m, k[i].warn_at / 3600, sign);
	}
	if (!first_due)
		return SW_OK;
	enum sw_err rc;
	if (d->count + 1 > DELTA_MAX && (rc = flush(s, d, err)))
		return rc;
	add(d, M_TICKET, -1, first_due / 3600, sign);
	return SW_OK;
}

enum sw_err store_sla_clock_totals_move(struct store *s, const char *kind, const struct sla_clock *was,
					size_t was_count, const struct sla_clock *now, size_t now_count,
					struct sw_error *err)
{
	struct delta d = {.count = 0, .kind = kind};
	enum sw_err rc;
	if ((rc = contribute(s, &d, was, was_count, -1, err)) || (rc = contribute(s, &d, now, now_count, 1, err)))
		return rc;
	return flush(s, &d, err);
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
