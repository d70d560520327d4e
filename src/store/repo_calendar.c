/*
 * repo_calendar.c — the change calendar's reads (core/port/change.h):
 * the changes of a span as light rows — the ten columns an event needs,
 * in one statement, instead of ids and then whole ticket rows one by
 * one.  A month of 100 000 changes holds thousands of them.
 */
#include <stdint.h>
#include <string.h>

#include "core/port/change.h"
#include "core/ticket/ticket.h"
#include "store/store_int.h"
#include "store/calendar_sql.h"
#include "base/banned.h"

static void read_row(struct store *s, struct db_rows *r, void *item)
{
	struct change_calendar_row *x = item;
	*x = (struct change_calendar_row){
		.id = db_col_int(r, 0),
		.number = store_col_str(s, r, 1),
		.title = store_col_str(s, r, 2),
		.change_type = store_col_str(s, r, 3),
		.state = store_col_str(s, r, 4),
		.version = db_col_int(r, 6),
		.planned_start = db_col_int(r, 7),
		.planned_end = db_col_int(r, 8),
		.updated_at = db_col_int(r, 9),
	};
	const char *phase = db_col_text(r, 5);
	if (!phase || ticket_phase_parse(phase, &x->phase))
		x->phase = TICKET_PHASE_OPEN;
}

enum sw_err store_change_calendar_rows(struct store *s, const struct change_calendar_query *q,
				       struct change_calendar_row **rows, size_t *count, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(q->from),
			     DB_INT(q->to),
			     DB_INT(q->service_id),
			     DB_INT(q->ci_id),
			     DB_INT(q->user_id),
			     DB_INT(q->canceled),
			     DB_INT(q->after_uid ? q->after_start : INT64_MIN),
			     DB_TEXT(q->after_uid ? q->after_uid : ""),
			     DB_INT((int64_t)q->max)};
	if (q->any_order) {
		struct db_arg w[] = {a[0], a[1], a[2], a[3], a[4], a[5], a[8]};
		return store_collect(s, ST_CALENDAR_CHANGES_ANY_ORDER, w, NARGS(w), sizeof(**rows), read_row, rows,
				     count, err);
	}
	return store_collect(s, ST_CALENDAR_CHANGES, a, NARGS(a), sizeof(**rows), read_row, rows, count, err);
}
