/*
 * repo_kpi.c — the running totals of tickets and the KPIs' queries
 * (port/kpi.h, store/totals.h; statements in kpi_sql.c).
 *
 * The totals are kept by delta: before a ticket's row is written its
 * contribution is read from the row and taken out, after it is written
 * the new contribution is read and added, both in the write's
 * transaction.  So one pair of statements serves every write of every
 * kind — a create, a PATCH, a transition, a reassignment, an archive —
 * and no caller has to know which figures a change moves.
 */
#include <string.h>

#include "core/port/kpi.h"
#include "core/report/kpi.h"
#include "store/kpi_sql.h"
#include "store/measure_sql.h"
#include "store/totals.h"
#include "base/banned.h"

enum sw_err store_totals_apply(struct store *s, int64_t ticket_id, int sign, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id), DB_INT(sign)};
	static const int steps[] = {ST_TOTALS_OPEN_APPLY, ST_TOTALS_HOUR_APPLY, ST_TOTALS_DAY_APPLY};
	enum sw_err rc = SW_OK;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]) && !rc; i++)
		rc = db_exec(s->conn, ST(steps[i]), a, NARGS(a), NULL, err);
	return rc;
}

enum sw_err store_totals_diff(struct db_conn *c, int64_t *open_rows, int64_t *hour_rows, int64_t *day_rows,
			      struct sw_error *err)
{
	enum sw_err rc = db_query_int(c, ST(ST_TOTALS_OPEN_DIFF), NULL, 0, open_rows, err);
	if (!rc)
		rc = db_query_int(c, ST(ST_TOTALS_HOUR_DIFF), NULL, 0, hour_rows, err);
	return rc ? rc : db_query_int(c, ST(ST_TOTALS_DAY_DIFF), NULL, 0, day_rows, err);
}

enum sw_err store_totals_rebuild(struct db_conn *c, struct sw_error *err)
{
	static const int steps[] = {ST_TOTALS_OPEN_CLEAR,   ST_TOTALS_HOUR_CLEAR,   ST_TOTALS_DAY_CLEAR,
				    ST_TOTALS_OPEN_REBUILD, ST_TOTALS_HOUR_REBUILD, ST_TOTALS_DAY_REBUILD};
	enum sw_err rc = SW_OK;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]) && !rc; i++)
		rc = db_exec(c, ST(steps[i]), NULL, 0, NULL, err);
	return rc;
}

/* the filters as the statements bind them: NULL for any */
#define FILTER_ARGS(f) DB_ID((f)->service_id), DB_ID((f)->group_id), DB_ID((int64_t)(f)->priority)

static void read_hour(struct store *s, struct db_rows *r, void *item)
{
	(void)s;
	struct kpi_hour *h = item;
	h->bucket = db_col_int(r, 0);
	for (int i = 0; i < KPI_H__COUNT; i++)
		h->v[i] = db_col_int(r, 1 + i);
}

enum sw_err store_kpi_buckets(struct store *s, enum kpi_bucket b, const char *kind, int64_t from, int64_t to,
			      const struct kpi_filter *f, struct kpi_hour **out, size_t *count, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(kind), DB_INT(from), DB_INT(to), FILTER_ARGS(f)};
	return store_collect(s, b == KPI_BUCKET_DAY ? ST_KPI_DAYS : ST_KPI_HOURS, a, NARGS(a), sizeof(**out), read_hour,
			     out, count, err);
}

static void read_pair(struct store *s, struct db_rows *r, void *item)
{
	(void)s;
	int64_t *v = item;
	v[0] = db_col_int(r, 0);
	v[1] = db_col_int(r, 1);
}

enum sw_err store_kpi_open(struct store *s, const char *kind, const struct kpi_filter *f, int64_t *n,
			   int64_t *created_sum, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(kind), FILTER_ARGS(f)};
	int64_t v[2];
	enum sw_err rc = store_one(s, ST_KPI_OPEN, a, NARGS(a), read_pair, v, err);
	if (rc)
		return rc;
	*n = v[0];
	*created_sum = v[1];
	return SW_OK;
}

enum sw_err store_kpi_sla(struct store *s, const char *metric, const char *kind, int64_t from, int64_t to,
			  const struct kpi_filter *f, int64_t *met, int64_t *breached, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(metric), DB_INT(from), DB_INT(to), DB_TEXT(kind), FILTER_ARGS(f)};
	int64_t v[2];
	enum sw_err rc = store_one(s, ST_KPI_SLA, a, NARGS(a), read_pair, v, err);
	if (rc)
		return rc;
	*met = v[0];
	*breached = v[1];
	return SW_OK;
}

enum sw_err store_kpi_pair(struct store *s, enum kpi_query q, int64_t from, int64_t to, const struct kpi_filter *f,
			   int64_t out[2], struct sw_error *err)
{
	static const int st[KPI_Q__COUNT] = {
		[KPI_Q_WORKAROUND] = ST_KPI_KNOWN_ERROR,
		[KPI_Q_PROBLEM_INCIDENTS] = ST_KPI_PROBLEM_INCIDENTS,
		[KPI_Q_RECURRING] = ST_KPI_RECURRING,
		[KPI_Q_CHANGES_CAUSING] = ST_KPI_CHANGES_CAUSING,
		[KPI_Q_CHANGE_LEAD] = ST_KPI_CHANGE_LEAD,
		[KPI_Q_APPROVAL_TIME] = ST_KPI_APPROVAL_TIME,
		[KPI_Q_REUSE] = ST_KPI_REUSE,
		[KPI_Q_PAST_REVIEW] = ST_KPI_PAST_REVIEW,
		[KPI_Q_ROOT_CAUSE] = ST_MEASURE_KPI_ROOT_CAUSE,
		[KPI_Q_KNOWN_ERROR_STATE] = ST_MEASURE_KPI_KNOWN_ERROR,
		[KPI_Q_DEFLECTION] = ST_MEASURE_KPI_DEFLECTION,
		[KPI_Q_CSAT] = ST_MEASURE_KPI_CSAT,
		[KPI_Q_SURVEY_RESPONSE] = ST_MEASURE_KPI_SURVEY_RESPONSE,
	};
	struct db_arg a[] = {DB_INT(from), DB_INT(to), FILTER_ARGS(f)};
	/* the article count has no period end nor filters; the sessions no filters */
	int nargs = q == KPI_Q_PAST_REVIEW ? 1 : q == KPI_Q_DEFLECTION ? 2 : NARGS(a);
	int64_t v[2];
	enum sw_err rc = store_one(s, st[q], a, nargs, read_pair, v, err);
	if (rc)
		return rc;
	out[0] = v[0];
	out[1] = v[1];
	return SW_OK;
}

static const struct store_col target_cols[] = {STORE_COLS(struct kpi_target_row, name, target, amber, red)};

enum sw_err store_kpi_targets(struct store *s, struct kpi_target_row **out, size_t *count, struct sw_error *err)
{
	return STORE_COLLECT(s, ST_KPI_TARGETS, NULL, 0, target_cols, out, count, err);
}

enum sw_err store_kpi_target_set(struct store *s, const struct kpi_target_row *t, int64_t at, int64_t actor_id,
				 struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(t->name), DB_INT(t->target), DB_INT(t->amber),
			     DB_INT(t->red),   DB_INT(at),        DB_ID(actor_id)};
	return db_exec(s->conn, ST(ST_KPI_TARGET_SET), a, NARGS(a), NULL, err);
}
