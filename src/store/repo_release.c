/*
 * repo_release.c — releases beyond the shared ticket row
 * (port/release.h): their own columns, written after the row by one
 * statement; the changes they group and their deployment windows, read
 * as ids and then through the ticket reader (store_tickets_by).
 */
#include <string.h>

#include "core/model.h"
#include "core/port/release.h"
#include "store/store_int.h"
#include "store/release_sql.h"
#include "base/banned.h"

static const struct store_col release_args[] = {
	STORE_ARGS(struct ticket, release_version, release_type, release_notes),
	STORE_ARG_IDS(struct ticket, build_planned, build_actual, test_planned, test_actual, deploy_planned,
		      deploy_actual, window_start, window_end),
	STORE_ARGS(struct ticket, go_decision, go_reason),
};

enum sw_err store_release_save(struct store *s, const struct ticket *t, struct sw_error *err)
{
	struct db_arg a[1 + NARGS(release_args)];
	a[0] = DB_INT(t->id);
	if (!store_args(s, (struct store_save){0}, t, release_args, NARGS(release_args), a + 1))
		return store_nomem(err);
	return store_write(s, ST_RELEASE_SAVE, a, NARGS(a), NULL, err);
}

enum sw_err store_release_set_change(struct store *s, int64_t change_id, int64_t release_id, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(change_id), DB_ID(release_id)};
	return store_write(s, ST_RELEASE_SET_CHANGE, a, NARGS(a), NULL, err);
}

enum sw_err store_release_changes(struct store *s, int64_t release_id, size_t max, struct ticket_list *out,
				  struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(release_id), DB_INT(max)};
	return store_tickets_by(s, ST_RELEASE_CHANGE_IDS, a, NARGS(a), out, err);
}

enum sw_err store_release_windows(struct store *s, int64_t from, int64_t to, int64_t service_id, int64_t ci_id,
				  int64_t user_id, bool cancelled, size_t max, struct ticket_list *out,
				  struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(from),    DB_INT(to),        DB_INT(service_id), DB_INT(ci_id),
			     DB_INT(user_id), DB_INT(cancelled), DB_INT(max)};
	return store_tickets_by(s, ST_RELEASE_WINDOW_IDS, a, NARGS(a), out, err);
}
