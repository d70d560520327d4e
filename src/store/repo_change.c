/*
 * repo_change.c — what changes and change tasks keep beyond the shared
 * ticket row (core/port/change.h): the services a change affects, its
 * tasks in their order, the incidents it caused.  Lists are read as ids
 * (change_sql.c) and then row by row through store_ticket_by_id, so the
 * row's columns and reader stay those of repo_ticket.c.
 */
#include <string.h>

#include "core/port/change.h"
#include "core/port/ticket.h"
#include "store/store_int.h"
#include "store/change_sql.h"
#include "base/banned.h"

static void read_id(struct store *s, struct db_rows *r, void *item)
{
	(void)s;
	*(int64_t *)item = db_col_int(r, 0);
}

enum sw_err store_ticket_services(struct store *s, int64_t ticket_id, int64_t **ids, size_t *count,
				  struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id)};
	return store_collect(s, ST_CHANGE_SERVICES, a, NARGS(a), sizeof(int64_t), read_id, ids, count, err);
}

enum sw_err store_ticket_services_set(struct store *s, int64_t ticket_id, const int64_t *ids, size_t count,
				      struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id), DB_NULL};
	enum sw_err rc = db_exec(s->conn, ST(ST_CHANGE_SERVICES_CLEAR), a, 1, NULL, err);
	for (size_t i = 0; !rc && i < count; i++) {
		a[1] = DB_INT(ids[i]);
		rc = db_exec(s->conn, ST(ST_CHANGE_SERVICES_ADD), a, NARGS(a), NULL, err);
	}
	return rc;
}

enum sw_err store_change_caused_count(struct store *s, int64_t change_id, int64_t *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(change_id)};
	return db_query_int(s->conn, ST(ST_CHANGE_CAUSED_COUNT), a, NARGS(a), out, err);
}

/* The tickets of ids, read one by one, into out. */
static enum sw_err tickets_of(struct store *s, const int64_t *ids, size_t count, struct ticket_list *out,
			      struct sw_error *err)
{
	struct ticket *items = count ? arena_alloc(s->arena, count * sizeof(*items)) : NULL;
	if (count && !items)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < count; i++) {
		enum sw_err rc = store_ticket_by_id(s, ids[i], &items[i], err);
		if (rc)
			return rc;
	}
	*out = (struct ticket_list){.items = items, .count = count};
	return SW_OK;
}

enum sw_err store_change_caused(struct store *s, int64_t change_id, size_t max, struct ticket_list *out,
				struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(change_id), DB_INT((int64_t)max)};
	int64_t *ids;
	size_t n;
	enum sw_err rc = store_collect(s, ST_CHANGE_CAUSED_IDS, a, NARGS(a), sizeof(int64_t), read_id, &ids, &n, err);
	return rc ? rc : tickets_of(s, ids, n, out, err);
}

enum sw_err store_change_tasks(struct store *s, int64_t change_id, bool open_only, size_t max, struct ticket_list *out,
			       struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(change_id), DB_INT(open_only), DB_INT((int64_t)max)};
	int64_t *ids;
	size_t n;
	enum sw_err rc = store_collect(s, ST_CHANGE_TASK_IDS, a, NARGS(a), sizeof(int64_t), read_id, &ids, &n, err);
	return rc ? rc : tickets_of(s, ids, n, out, err);
}

enum sw_err store_change_task_next_order(struct store *s, int64_t change_id, int64_t *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(change_id)};
	return db_query_int(s->conn, ST(ST_CHANGE_TASK_NEXT_ORDER), a, NARGS(a), out, err);
}
