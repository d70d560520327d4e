/*
 * totals.h — the running totals of tickets (migrations 36, 49; repo_kpi.c) and
 * of their open SLA clocks (migration 46, repo_clocks.c), inside the
 * store: the ticket and clock repositories keep them in each write's
 * transaction, `steward verify` compares them with a recount and
 * `steward verify --repair` rebuilds them.
 */
#ifndef SW_STORE_TOTALS_H
#define SW_STORE_TOTALS_H

#include "store/store_int.h"

/* Add (sign +1) or take out (-1) what ticket id now contributes. */
enum sw_err store_totals_apply(struct store *s, int64_t ticket_id, int sign, struct sw_error *err);
/* Rows of the open, the hour and the day totals that differ from a full
 * recount. */
enum sw_err store_totals_diff(struct db_conn *c, int64_t *open_rows, int64_t *hour_rows, int64_t *day_rows,
			      struct sw_error *err);
/* Rebuild the three from the tickets, in the caller's transaction. */
enum sw_err store_totals_rebuild(struct db_conn *c, struct sw_error *err);

/* The running totals of the open SLA clocks (migration 46, repo_clocks.c;
 * kept through store_sla_clock_totals_move, core/port/sla.h): the rows
 * that differ from a recount; a rebuild from the clocks, in the caller's
 * transaction. */
enum sw_err store_clock_totals_diff(struct db_conn *c, int64_t *rows, struct sw_error *err);
enum sw_err store_clock_totals_rebuild(struct db_conn *c, struct sw_error *err);

#endif
