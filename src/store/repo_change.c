/*
 * repo_change.c — what changes and change tasks keep beyond the shared
 * ticket row (core/port/change.h): the services a change affects, its
 * tasks in their order, the incidents it caused.  Lists are read as ids
 * (change_sql.c) and then their rows in one statement through
 * store_tickets_of, so the row's columns and reader stay those of
 * repo_ticket.c.
 */
#include <string.h>

#include "base/util.h"
#include "core/change/change.h"
#include "core/change/change_template.h"
#include "core/port/change.h"
#include "core/port/ticket.h"
#include "store/store_int.h"
#include "store/change_sql.h"
#include "base/banned.h"

enum sw_err store_ticket_services(struct store *s, int64_t ticket_id, int64_t **ids, size_t *count,
				  struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id)};
	return store_collect_ids(s, ST_CHANGE_SERVICES, a, NARGS(a), ids, count, err);
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

enum sw_err store_tickets_by(struct store *s, int st, const struct db_arg *a, int nargs, struct ticket_list *out,
			     struct sw_error *err)
{
	int64_t *ids;
	size_t n;
	enum sw_err rc = store_collect_ids(s, st, a, nargs, &ids, &n, err);
	return rc ? rc : store_tickets_of(s, ids, n, out, err);
}

enum sw_err store_change_caused(struct store *s, int64_t change_id, size_t max, struct ticket_list *out,
				struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(change_id), DB_INT((int64_t)max)};
	return store_tickets_by(s, ST_CHANGE_CAUSED_IDS, a, NARGS(a), out, err);
}

enum sw_err store_change_tasks(struct store *s, int64_t change_id, bool open_only, size_t max, struct ticket_list *out,
			       struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(change_id), DB_INT(open_only), DB_INT((int64_t)max)};
	return store_tickets_by(s, ST_CHANGE_TASK_IDS, a, NARGS(a), out, err);
}

enum sw_err store_change_fixed_problems(struct store *s, int64_t change_id, size_t max, struct ticket_list *out,
					struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(change_id), DB_INT((int64_t)max)};
	return store_tickets_by(s, ST_CHANGE_FIXED_PROBLEM_IDS, a, NARGS(a), out, err);
}

struct code_count {
	const char *code;
	int64_t count;
};

static void read_code_count(struct store *s, struct db_rows *r, void *item)
{
	*(struct code_count *)item = (struct code_count){store_col_str(s, r, 0), db_col_int(r, 1)};
}

static void read_two(struct store *s, struct db_rows *r, void *item)
{
	(void)s;
	int64_t *v = item;
	v[0] = db_col_int(r, 0);
	v[1] = db_col_int(r, 1);
}

enum sw_err store_change_report(struct store *s, int64_t start, int64_t end, const char *const *codes, int64_t *by_code,
				int64_t *created, int64_t *emergency, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(start), DB_INT(end)};
	struct code_count *rows;
	size_t n;
	int64_t two[2];
	enum sw_err rc =
		store_collect(s, ST_CHANGE_REPORT_CLOSED, a, NARGS(a), sizeof(*rows), read_code_count, &rows, &n, err);
	if (rc || (rc = store_one(s, ST_CHANGE_REPORT_CREATED, a, NARGS(a), read_two, two, err)))
		return rc;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; rows[i].code && codes[k]; k++)
			if (strcmp(rows[i].code, codes[k]) == 0)
				by_code[k] += rows[i].count;
	*created = two[0];
	*emergency = two[1];
	return SW_OK;
}

enum sw_err store_change_overlapping(struct store *s, int64_t start, int64_t end, int64_t except, size_t max,
				     struct ticket_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(start), DB_INT(end), DB_INT(except), DB_INT((int64_t)max)};
	return store_tickets_by(s, ST_CHANGE_OVERLAP_IDS, a, NARGS(a), out, err);
}

enum sw_err store_change_major_incidents(struct store *s, int64_t service_id, size_t max, struct ticket_list *out,
					 struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(service_id), DB_INT((int64_t)max)};
	return store_tickets_by(s, ST_CHANGE_MAJOR_INCIDENT_IDS, a, NARGS(a), out, err);
}

enum sw_err store_change_task_next_order(struct store *s, int64_t change_id, int64_t *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(change_id)};
	return db_query_int(s->conn, ST(ST_CHANGE_TASK_NEXT_ORDER), a, NARGS(a), out, err);
}

/* ---- standard change templates (core/change/change_template.h) ---- */

static const struct store_col template_cols[] = {
	STORE_COLS(struct change_template, id, name, description, category, implementation_plan, backout_plan,
		   test_plan),
	STORE_COL_SPLIT(struct change_template, services, service_count, '\n'),
	STORE_COL_SKIP, /* cis: ids joined by ',', read below */
	STORE_COLS(struct change_template, risk, active, created_at, updated_at),
};
#define TEMPLATE_COL_CIS 8

static void read_template(struct store *s, struct db_rows *r, void *item)
{
	struct change_template *t = item;
	STORE_READ(s, r, template_cols, t);
	size_t n = 0;
	const char **parts = store_split(s, db_col_text(r, TEMPLATE_COL_CIS), ',', &n);
	int64_t *ids = n ? arena_alloc(s->arena, n * sizeof(*ids)) : NULL;
	for (size_t i = 0; ids && i < n; i++)
		if (parse_int64(parts[i], strlen(parts[i]), 1, INT64_MAX, &ids[t->ci_count]) == SW_OK)
			t->ci_count++;
	t->cis = ids;
}

static enum sw_err save_template(struct store *s, void *rec, bool creating, struct sw_error *err)
{
	struct change_template *t = rec;
	struct store_save w = STORE_SAVE(t, creating, ST_CHANGE_TEMPLATE_INSERT, ST_CHANGE_TEMPLATE_UPDATE);
	const char **cis = t->ci_count ? arena_alloc(s->arena, t->ci_count * sizeof(*cis)) : NULL;
	for (size_t i = 0; cis && i < t->ci_count; i++)
		cis[i] = arena_printf(s->arena, "%lld", (long long)t->cis[i]);
	const char *services = store_join(s, t->services, t->service_count, '\n');
	const char *ci_text = store_join(s, cis, cis ? t->ci_count : 0, ',');
	if (!services || !ci_text || (t->ci_count && !cis))
		return store_nomem(err);
	struct db_arg a[] = {w.key,
			     DB_TEXT(t->description),
			     DB_TEXT(t->category),
			     DB_TEXT(t->implementation_plan),
			     DB_TEXT(t->backout_plan),
			     DB_TEXT(t->test_plan),
			     DB_TEXT(services),
			     DB_TEXT(ci_text),
			     DB_TEXT(t->risk),
			     DB_INT(t->active),
			     DB_INT(w.at)};
	return store_write(s, w.st, a, NARGS(a), w.new_id, err);
}

STORE_LOAD_AS(load_template, store_change_template_by_name(s, key->name, out, err))

STORE_LIST_AS(list_templates, STORE_LIST(s, ST_CHANGE_TEMPLATE_LIST, (struct db_arg[]){DB_INT(!all)}, 1, read_template,
					 (struct change_template_list *)out, err))

const struct record_store store_change_templates = {save_template, load_template, list_templates};

enum sw_err store_change_template_by_name(struct store *s, const char *name, struct change_template *out,
					  struct sw_error *err)
{
	return store_find(s, ST_CHANGE_TEMPLATE_BY_NAME, DB_TEXT(name), read_template, out, err,
			  "no change template '%s'", name);
}

/* ---- CI updates planned on a change (core/change/change.h) ---- */

static const struct store_col ci_update_cols[] = {
	STORE_COLS(struct change_ci_update, id, change_id, ci_id, kind, name, value, to_id, created_at, applied_at)};

STORE_READER(read_ci_update, struct change_ci_update, ci_update_cols)

enum sw_err store_change_ci_update_insert(struct store *s, struct change_ci_update *u, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(u->change_id), DB_INT(u->ci_id), DB_TEXT(u->kind),     DB_TEXT(u->name),
			     DB_TEXT(u->value),    DB_ID(u->to_id),  DB_INT(u->created_at)};
	return store_write(s, ST_CHANGE_CI_UPDATE_INSERT, a, NARGS(a), &u->id, err);
}

enum sw_err store_change_ci_update_list(struct store *s, int64_t change_id, bool pending_only,
					struct change_ci_update_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(change_id), DB_INT(pending_only)};
	return STORE_LIST(s, ST_CHANGE_CI_UPDATE_LIST, a, NARGS(a), read_ci_update, out, err);
}

enum sw_err store_change_ci_update_applied(struct store *s, int64_t change_id, int64_t at, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(change_id), DB_INT(at)};
	return db_exec(s->conn, ST(ST_CHANGE_CI_UPDATE_APPLIED), a, NARGS(a), NULL, err);
}
