/*
 * repo_schedule.c — change windows and the services they hold for, and
 * the tokens of iCalendar feeds (port/schedule.h).  A window's services
 * are rows of change_window_services, read with it: one query for a
 * single window, one for all of them when the schedule lists them.
 */
#include <string.h>

#include "core/kernel/record.h"
#include "core/port/schedule.h"
#include "core/schedule/schedule.h"
#include "store/store_int.h"
#include "store/schedule_sql.h"
#include "base/banned.h"

static const struct store_col window_cols[] = {
	STORE_COLS(struct change_window, id, name),
	STORE_COL_VALUE(struct change_window, kind, window_kind_name_list),
	STORE_COLS(struct change_window, description, timezone, start, duration, recurrence, allow_override, active,
		   sequence, created_at, updated_at),
};

static const struct store_col window_args[] = {
	STORE_ARG_KEY,
	STORE_ARG_VALUE(struct change_window, kind, window_kind_name_list),
	STORE_ARGS(struct change_window, description, timezone, start, duration, recurrence, allow_override, active,
		   sequence),
	STORE_ARG_AT,
};

/* A window with its services (rows of ST_WINDOW_SVC_*). */
static const struct store_linked windows =
	STORE_LINKED_SERVICES(struct change_window, ST_WINDOW_BY_NAME, ST_WINDOW_SVC_OF, ST_WINDOW_LIST,
			      ST_WINDOW_SVC_ALL, window_cols, "change window");

STORE_SAVE_FN(save_window, struct change_window, ST_WINDOW_INSERT, ST_WINDOW_UPDATE, window_args)

enum sw_err store_change_window_list(struct store *s, struct change_window_list *out, struct sw_error *err)
{
	return store_linked_all(s, &windows, &out->items, &out->count, err);
}

STORE_LOAD_AS(load_window, store_linked_find(s, &windows, key->name, out, err))
STORE_LIST_AS(list_windows, store_change_window_list(s, out, err))

const struct record_store store_change_windows = {save_window, load_window, list_windows};

enum sw_err store_change_window_count(struct store *s, int64_t *count, struct sw_error *err)
{
	return db_query_int(s->conn, ST(ST_WINDOW_COUNT), NULL, 0, count, err);
}

enum sw_err store_change_window_services(struct store *s, int64_t id, const int64_t *service_ids, size_t count,
					 struct sw_error *err)
{
	return store_replace_ids(s, ST_WINDOW_SVC_DELETE, ST_WINDOW_SVC_INSERT, id, service_ids, count, err);
}

struct ci_service {
	int64_t service_id;
};

enum sw_err store_ci_service_ids(struct store *s, int64_t ci_id, int64_t **ids, size_t *count, struct sw_error *err)
{
	static const struct store_col cols[] = {STORE_COL(struct ci_service, service_id)};
	struct ci_service *rows;
	size_t n;
	struct db_arg a[] = {DB_INT(ci_id)};
	enum sw_err rc = STORE_COLLECT(s, ST_WINDOW_CI_SERVICES, a, 1, cols, &rows, &n, err);
	if (rc)
		return rc;
	int64_t *v = arena_alloc(s->arena, (n + 1) * sizeof(*v));
	if (!v)
		return store_nomem(err);
	for (size_t i = 0; i < n; i++)
		v[i] = rows[i].service_id;
	*ids = v;
	*count = n;
	return SW_OK;
}

/* ---- feed tokens ---------------------------------------------------------------- */

static const struct store_col feed_cols[] = {
	STORE_COLS(struct feed_token, id, name),
	STORE_COL_VALUE(struct feed_token, scope, feed_scope_name_list),
	STORE_COLS(struct feed_token, user_id, user),
	STORE_COL_VALUE(struct feed_token, user_role, role_name_list),
	STORE_COLS(struct feed_token, user_active, service_id, service, created_at, revoked_at),
};

static const struct store_col feed_args[] = {
	STORE_ARGS(struct feed_token, token_hash, user_id),
	STORE_ARG_VALUE(struct feed_token, scope, feed_scope_name_list),
	STORE_ARG_IDS(struct feed_token, service_id),
	STORE_ARGS(struct feed_token, name, created_at),
};

enum sw_err store_feed_token_insert(struct store *s, struct feed_token *t, struct sw_error *err)
{
	return STORE_WRITE_ARGS(s, ST_FEED_INSERT, t, feed_args, &t->id, err);
}

enum sw_err store_feed_token_by_hash(struct store *s, const char *hash, struct feed_token *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(hash)};
	return STORE_ONE(s, ST_FEED_BY_HASH, a, 1, feed_cols, out, err);
}

enum sw_err store_feed_tokens_of(struct store *s, int64_t user_id, struct feed_token_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id)};
	return STORE_COLLECT(s, ST_FEED_OF_USER, a, 1, feed_cols, &out->items, &out->count, err);
}

enum sw_err store_feed_tokens_live(struct store *s, int64_t user_id, int64_t *count, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id)};
	return db_query_int(s->conn, ST(ST_FEED_LIVE_COUNT), a, 1, count, err);
}

enum sw_err store_feed_token_revoke(struct store *s, int64_t id, int64_t user_id, int64_t at, int64_t *changed,
				    struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_INT(user_id), DB_INT(at)};
	return db_exec(s->conn, ST(ST_FEED_REVOKE), a, 3, changed, err);
}
