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

/* a phase the list lacks reads as open */
static const struct store_col row_cols[] = {
	STORE_COLS(struct change_calendar_row, id, number, title, change_type, state),
	STORE_COL_VALUE(struct change_calendar_row, phase, ticket_phase_name_list),
	STORE_COLS(struct change_calendar_row, version, planned_start, planned_end, updated_at),
};

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
		return STORE_COLLECT(s, ST_CALENDAR_CHANGES_ANY_ORDER, w, NARGS(w), row_cols, rows, count, err);
	}
	return STORE_COLLECT(s, ST_CALENDAR_CHANGES, a, NARGS(a), row_cols, rows, count, err);
}
