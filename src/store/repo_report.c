/*
 * repo_report.c — the aggregate queries behind the incident report and
 * the queue counts (core/report/report.c).  Each answers with a handful of rows
 * however many tickets there are; nothing here reads tickets one by one.
 * The open work, the queue counts and the figures per day are read from
 * the running totals (kpi_sql.c, migration 36) rather than the tickets:
 * rows per hour and per combination of open states, not per ticket.  The
 * daily figures do so when the period's bounds are whole UTC hours (every
 * zone but a few half-hour ones), else from the tickets as before.  The
 * open clocks breached, warned and breaching soon are read from their own
 * running totals (clocks_sql.c, migration 46): rows per hour, plus the
 * clocks of one hour.
 */
#include <string.h>

#include "core/report/report.h"
#include "core/sla/sla.h"
#include "store/store_int.h"
#include "core/port/report.h"
#include "store/report_sql.h"
#include "store/sla_sql.h"
#include "store/kpi_sql.h"
#include "store/clocks_sql.h"
#include "base/banned.h"

/* Run a query and hand each row to fn; the rows are freed on every path. */
typedef void (*row_fn)(struct db_rows *r, void *arg);
static enum sw_err each_row(struct store *s, int id, const struct db_arg *args, int nargs, row_fn fn, void *arg,
			    struct sw_error *err)
{
	struct db_rows *r;
	enum sw_err rc = db_query(s->conn, ST(id), args, nargs, &r, err);
	if (rc)
		return rc;
	int more;
	while ((more = db_rows_next(r, err)) == 1)
		fn(r, arg);
	db_rows_free(r);
	return more < 0 ? err->code : SW_OK;
}

struct open_acc {
	const char *const *states;
	size_t state_count;
	int64_t *by_state, *by_priority, *total;
};

static void open_row(struct db_rows *r, void *arg)
{
	struct open_acc *a = arg;
	const char *state = db_col_text(r, 0);
	int64_t priority = db_col_int(r, 1), n = db_col_int(r, 2);
	for (size_t i = 0; i < a->state_count; i++)
		if (state && strcmp(state, a->states[i]) == 0)
			a->by_state[i] += n;
	if (priority >= 1 && priority <= 5)
		a->by_priority[priority - 1] += n;
	*a->total += n;
}

enum sw_err store_report_open(struct store *s, const char *kind, const char *const *states, size_t state_count,
			      int64_t *by_state, int64_t by_priority[5], int64_t *total, struct sw_error *err)
{
	int64_t pr[5] = {0}, n = 0;
	memset(by_state, 0, state_count * sizeof(*by_state));
	struct open_acc a = {states, state_count, by_state, pr, &n};
	struct db_arg k[] = {DB_TEXT(kind)};
	enum sw_err rc = each_row(s, ST_TOTALS_OPEN_BY, k, NARGS(k), open_row, &a, err);
	if (rc)
		return rc;
	memcpy(by_priority, pr, sizeof(pr));
	*total = n;
	return SW_OK;
}

/* what ST_TOTALS_OPEN_GROUPS selects */
static const struct store_col group_cols[] = {STORE_COL(struct report_group, name),
					      STORE_COL(struct report_group, count)};

enum sw_err store_report_open_groups(struct store *s, const char *kind, int limit, struct report_group **out,
				     size_t *count, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(limit), DB_TEXT(kind)};
	return STORE_COLLECT(s, ST_TOTALS_OPEN_GROUPS, a, NARGS(a), group_cols, out, count, err);
}

struct sla_acc {
	struct report_sla *sla;
	bool open;
};

static void sla_row(struct db_rows *r, void *arg)
{
	struct sla_acc *a = arg;
	enum sla_metric m;
	const char *name = db_col_text(r, 0);
	if (!name || sla_metric_parse(name, &m) || m == SLA_OLA) /* the dashboard shows the SLA's own */
		return;
	if (a->open) {
		a->sla[m].breached_now = db_col_int(r, 1);
		a->sla[m].warning_now = db_col_int(r, 2);
	} else {
		a->sla[m].met = db_col_int(r, 1);
		a->sla[m].breached = db_col_int(r, 2);
	}
}

enum sw_err store_report_sla(struct store *s, const char *kind, int64_t start, int64_t end, int64_t now,
			     struct report_sla *sla, struct sw_error *err)
{
	struct report_sla v[2]; /* [SLA_RESPONSE], [SLA_RESOLUTION] */
	memset(v, 0, sizeof(v));
	struct sla_acc stopped = {v, false}, open = {v, true};
	struct db_arg period[] = {DB_INT(start), DB_INT(end), DB_TEXT(kind)}, at[] = {DB_INT(now), DB_TEXT(kind)};
	enum sw_err rc;
	if ((rc = each_row(s, ST_REPORT_SLA_STOPPED, period, NARGS(period), sla_row, &stopped, err)) ||
	    (rc = each_row(s, ST_CLOCKS_SLA_OPEN, at, NARGS(at), sla_row, &open, err)))
		return rc;
	memcpy(sla, v, sizeof(v));
	return SW_OK;
}

/* the hour totals answer for [start, end) exactly */
static bool whole_hours(int64_t start, int64_t end)
{
	return start % 3600 == 0 && end % 3600 == 0;
}

struct daily_acc {
	int64_t first_day, *counts;
	size_t ndays;
};

static void daily_row(struct db_rows *r, void *arg)
{
	struct daily_acc *a = arg;
	int64_t i = db_col_int(r, 0) - a->first_day;
	if (i >= 0 && (uint64_t)i < a->ndays)
		a->counts[i] += db_col_int(r, 1);
}

enum sw_err store_report_daily(struct store *s, const char *kind, bool resolved, int64_t start, int64_t end,
			       int32_t offset, int64_t first_day, int64_t *counts, size_t ndays, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(start), DB_INT(end), DB_INT(offset), DB_TEXT(kind)};
	struct daily_acc acc = {first_day, counts, ndays};
	int st = resolved ? ST_REPORT_RESOLVED_DAILY : ST_REPORT_CREATED_DAILY;
	if (whole_hours(start, end))
		st = resolved ? ST_TOTALS_DAILY_RESOLVED : ST_TOTALS_DAILY_CREATED;
	return each_row(s, st, a, NARGS(a), daily_row, &acc, err);
}

enum sw_err store_report_range(struct store *s, const char *kind, bool resolved, int64_t start, int64_t end,
			       int64_t *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(start), DB_INT(end), DB_TEXT(kind)};
	int st = resolved ? ST_REPORT_RESOLVED_RANGE : ST_REPORT_CREATED_RANGE;
	if (whole_hours(start, end))
		st = resolved ? ST_TOTALS_RANGE_RESOLVED : ST_TOTALS_RANGE_CREATED;
	return db_query_int(s->conn, ST(st), a, NARGS(a), out, err);
}

struct times {
	int64_t v[4];
};

static void read_times(struct store *s, struct db_rows *r, void *item)
{
	(void)s;
	struct times *t = item;
	for (int i = 0; i < 4; i++)
		t->v[i] = db_col_int(r, i);
}

enum sw_err store_report_times(struct store *s, const char *kind, int64_t start, int64_t end, int64_t *resolved,
			       int64_t *resolve_sum, int64_t *responded, int64_t *response_sum, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(start), DB_INT(end), DB_TEXT(kind)};
	struct times t;
	enum sw_err rc = store_one(s, whole_hours(start, end) ? ST_TOTALS_TIMES : ST_REPORT_TIMES, a, NARGS(a),
				   read_times, &t, err);
	if (rc)
		return rc;
	*resolved = t.v[0];
	*resolve_sum = t.v[1];
	*responded = t.v[2];
	*response_sum = t.v[3];
	return SW_OK;
}

/* what ST_REPORT_OLDEST selects */
#define COL(m) STORE_COL(struct report_ticket, m)
static const struct store_col oldest_cols[] = {COL(number), COL(title),    COL(state),     COL(priority),
					       COL(group),  COL(assignee), COL(created_at)};
#undef COL

enum sw_err store_report_oldest(struct store *s, const char *kind, int limit, struct report_ticket **out, size_t *count,
				struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(limit), DB_TEXT(kind)};
	return STORE_COLLECT(s, ST_REPORT_OLDEST, a, NARGS(a), oldest_cols, out, count, err);
}

/* what ST_TOTALS_COUNTS selects */
#define COL(m) STORE_COL(struct ticket_counts, m)
static const struct store_col counts_cols[] = {COL(all_open),   COL(mine),  COL(my_groups),
					       COL(unassigned), COL(major), COL(mine_requested)};
#undef COL

enum sw_err store_ticket_counts(struct store *s, const char *kind, int64_t user_id, int64_t soon,
				struct ticket_counts *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id), DB_TEXT(kind)}, b[] = {DB_INT(soon), DB_TEXT(kind)};
	struct ticket_counts c = {0};
	/* the totals have no requester: that count is the requester index's */
	enum sw_err rc = STORE_ONE(s, ST_TOTALS_COUNTS, a, NARGS(a), counts_cols, &c, err);
	if (rc || (rc = db_query_int(s->conn, ST(ST_INCIDENT_REQUESTED_OPEN), a, NARGS(a), &c.mine_requested, err)) ||
	    (rc = db_query_int(s->conn, ST(ST_CLOCKS_BREACHING), b, NARGS(b), &c.breaching_soon, err)))
		return rc;
	*out = c;
	return SW_OK;
}

enum sw_err store_ticket_requested_open(struct store *s, const char *kind, int64_t user_id, int64_t *out,
					struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id), DB_TEXT(kind)};
	return db_query_int(s->conn, ST(ST_INCIDENT_REQUESTED_OPEN), a, NARGS(a), out, err);
}

/* ---- SLA compliance (core/report/report.h) ---- */

#define COL(m) STORE_COL(struct report_sla_row, m)
static const struct store_col sla_row_cols[] = {
	COL(key), STORE_COL_VALUE(struct report_sla_row, metric, sla_metric_name_list), COL(met), COL(breached)};
/* ST_SLA_REPORT_BY_AGREEMENT: the agreement's targets too */
static const struct store_col sla_agreement_row_cols[] = {
	COL(key),
	STORE_COL_VALUE(struct report_sla_row, metric, sla_metric_name_list),
	COL(met),
	COL(breached),
	COL(target_compliance),
	COL(amber_percent),
	COL(group)};
#undef COL

enum sw_err store_report_sla_by(struct store *s, const char *kind, int dim, int64_t start, int64_t end,
				struct report_sla_row **out, size_t *count, struct sw_error *err)
{
	static const int st[] = {[REPORT_SLA_BY_POLICY] = ST_REPORT_SLA_BY_POLICY,
				 [REPORT_SLA_BY_SERVICE] = ST_REPORT_SLA_BY_SERVICE,
				 [REPORT_SLA_BY_GROUP] = ST_REPORT_SLA_BY_GROUP,
				 [REPORT_SLA_BY_PRIORITY] = ST_REPORT_SLA_BY_PRIORITY};
	struct db_arg a[] = {DB_INT(start), DB_INT(end), DB_TEXT(kind)};
	if (dim == REPORT_SLA_BY_AGREEMENT)
		return STORE_COLLECT(s, ST_SLA_REPORT_BY_AGREEMENT, a, NARGS(a), sla_agreement_row_cols, out, count,
				     err);
	return STORE_COLLECT(s, st[dim], a, NARGS(a), sla_row_cols, out, count, err);
}

/* what ST_REPORT_SLA_BREACHES selects */
#define COL(m) STORE_COL(struct report_breach, m)
static const struct store_col breach_cols[] = {
	COL(number),       COL(title),      STORE_COL_VALUE(struct report_breach, metric, sla_metric_name_list),
	COL(policy),       COL(target),     COL(elapsed),
	COL(breached_at),  COL(stopped_at), COL(priority),
	COL(group),        COL(service),    COL(agreement),
	COL(breach_reason)};
#undef COL

enum sw_err store_report_sla_breaches(struct store *s, const char *kind, int64_t start, int64_t end, size_t max,
				      struct report_breach **out, size_t *count, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(start), DB_INT(end), DB_TEXT(kind), DB_INT((int64_t)max)};
	return STORE_COLLECT(s, ST_REPORT_SLA_BREACHES, a, NARGS(a), breach_cols, out, count, err);
}
