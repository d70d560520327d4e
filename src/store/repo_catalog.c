/*
 * repo_catalog.c — catalogue items, the versions of their forms and
 * their fulfilment plans (core/port/catalog.h).  An item's lists (who may
 * order it, its bundle) and a variable's options, a task's variables and
 * dependencies are each one text column joined with a newline.
 */
#include <string.h>

#include "core/catalog/catalog.h"
#include "core/catalog/request.h"
#include "core/ticket/ticket.h"
#include "core/port/catalog.h"
#include "store/request_sql.h"
#include "store/store_int.h"
#include "base/banned.h"

/* CITEM_COLS */
static const struct store_col item_cols[] = {
	STORE_COLS(struct catalog_item, id, name, service_id, service, category, short_description, description, icon,
		   price),
	STORE_COL_SPLIT(struct catalog_item, order_groups, order_group_count, '\n'),
	STORE_COLS(struct catalog_item, active, delivery_days, approval_policy, form_version),
	STORE_COL_SPLIT(struct catalog_item, bundle, bundle_count, '\n'),
	STORE_COLS(struct catalog_item, cost, created_at, updated_at),
};

static const struct store_col item_args[] = {
	STORE_ARG_KEY,
	STORE_ARG_IDS(struct catalog_item, service_id),
	STORE_ARGS(struct catalog_item, category, short_description, description, icon, price),
	STORE_ARG_JOIN(struct catalog_item, order_groups, order_group_count, '\n', false),
	STORE_ARGS(struct catalog_item, active, delivery_days, approval_policy, form_version),
	STORE_ARG_JOIN(struct catalog_item, bundle, bundle_count, '\n', false),
	STORE_ARGS(struct catalog_item, cost),
	STORE_ARG_AT,
};

/* CVAR_COLS, after the item's id when a list reads them */
struct item_var {
	int64_t item_id;
	struct form_var v;
};
#define VAR_COLS(T, p)                                                                                                 \
	STORE_COL(T, p position), STORE_COL(T, p name), STORE_COL_VALUE(T, p type, form_type_name_list),               \
		STORE_COL(T, p label), STORE_COL(T, p required), STORE_COL(T, p default_value), STORE_COL(T, p help),  \
		STORE_COL(T, p pattern), STORE_COL(T, p has_min), STORE_COL(T, p min), STORE_COL(T, p has_max),        \
		STORE_COL(T, p max), STORE_COL_SPLIT(T, p options, p option_count, '\n'), STORE_COL(T, p ci_class),    \
		STORE_COL_VALUE(T, p when, form_when_name_list), STORE_COL(T, p when_var), STORE_COL(T, p when_value), \
		STORE_COL(T, p max_size), STORE_COL_SPLIT(T, p content_types, p content_type_count, '\n')
static const struct store_col var_cols[] = {VAR_COLS(struct form_var, )};
static const struct store_col item_var_cols[] = {STORE_COL(struct item_var, item_id), VAR_COLS(struct item_var, v.)};

static const struct store_col var_args[] = {
	STORE_ARGS(struct form_var, position, name),
	STORE_ARG_VALUE(struct form_var, type, form_type_name_list),
	STORE_ARGS(struct form_var, label, required, default_value, help, pattern, has_min, min, has_max, max),
	STORE_ARG_JOIN(struct form_var, options, option_count, '\n', false),
	STORE_ARGS(struct form_var, ci_class),
	STORE_ARG_VALUE(struct form_var, when, form_when_name_list),
	STORE_ARGS(struct form_var, when_var, when_value, max_size),
	STORE_ARG_JOIN(struct form_var, content_types, content_type_count, '\n', false),
};

/* ST_CTASK_OF */
static const struct store_col task_cols[] = {
	STORE_COLS(struct plan_task, position, key, title, group_id, group, instructions),
	STORE_COL_SPLIT(struct plan_task, variables, variable_count, '\n'),
	STORE_COL_SPLIT(struct plan_task, depends_on, depends_count, '\n'),
};

static const struct store_col task_args[] = {
	STORE_ARGS(struct plan_task, position, key, title),
	STORE_ARG_IDS(struct plan_task, group_id),
	STORE_ARGS(struct plan_task, instructions),
	STORE_ARG_JOIN(struct plan_task, variables, variable_count, '\n', false),
	STORE_ARG_JOIN(struct plan_task, depends_on, depends_count, '\n', false),
};

STORE_SAVE_FN(save_item, struct catalog_item, ST_CITEM_INSERT, ST_CITEM_UPDATE, item_args)

enum sw_err store_catalog_form(struct store *s, int64_t item_id, int version, struct form_var **vars, size_t *count,
			       struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(item_id), DB_INT(version)};
	return STORE_COLLECT(s, ST_CVAR_OF, a, 2, var_cols, vars, count, err);
}

static enum sw_err load_item(struct store *s, const struct record_key *key, void *out, struct sw_error *err)
{
	struct catalog_item *it = out;
	enum sw_err rc = STORE_FIND(s, ST_CITEM_BY_NAME, DB_TEXT(key->name), item_cols, it, err,
				    "no catalogue item '%s'", key->name);
	if (rc || (rc = store_catalog_form(s, it->id, it->form_version, &it->variables, &it->variable_count, err)))
		return rc;
	struct db_arg b[] = {DB_INT(it->id)};
	return STORE_COLLECT(s, ST_CTASK_OF, b, 1, task_cols, &it->plan, &it->plan_count, err);
}

enum sw_err store_catalog_item_list(struct store *s, struct catalog_item_list *out, struct sw_error *err)
{
	struct catalog_item *items;
	size_t count, n;
	struct item_var *rows;
	enum sw_err rc;
	if ((rc = STORE_COLLECT(s, ST_CITEM_LIST, NULL, 0, item_cols, &items, &count, err)) ||
	    (rc = STORE_COLLECT(s, ST_CVAR_CURRENT_ALL, NULL, 0, item_var_cols, &rows, &n, err)))
		return rc;
	/* rows are in item id order; give each item its run of them */
	for (size_t i = 0; i < count; i++) {
		size_t lo = 0;
		while (lo < n && rows[lo].item_id != items[i].id)
			lo++;
		size_t hi = lo;
		while (hi < n && rows[hi].item_id == items[i].id)
			hi++;
		if (hi == lo)
			continue;
		struct form_var *v = arena_alloc(s->arena, (hi - lo) * sizeof(*v));
		if (!v)
			return store_nomem(err);
		for (size_t k = lo; k < hi; k++)
			v[k - lo] = rows[k].v;
		items[i].variables = v;
		items[i].variable_count = hi - lo;
	}
	*out = (struct catalog_item_list){items, count};
	return SW_OK;
}

STORE_LIST_AS(list_items, store_catalog_item_list(s, out, err))

const struct record_store store_catalog_items = {save_item, load_item, list_items};

enum sw_err store_catalog_form_insert(struct store *s, int64_t item_id, int version, const struct form_var *vars,
				      size_t count, struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < count; i++) {
		struct form_var v = vars[i];
		v.position = (int)i + 1;
		struct db_arg a[2 + NARGS(var_args)];
		a[0] = (struct db_arg)DB_INT(item_id);
		a[1] = (struct db_arg)DB_INT(version);
		if (!store_args(s, (struct store_save){0}, &v, var_args, NARGS(var_args), a + 2))
			return store_nomem(err);
		rc = db_exec(s->conn, ST(ST_CVAR_INSERT), a, NARGS(a), NULL, err);
	}
	return rc;
}

enum sw_err store_catalog_plan_set(struct store *s, int64_t item_id, const struct plan_task *tasks, size_t count,
				   struct sw_error *err)
{
	struct db_arg key[] = {DB_INT(item_id)};
	enum sw_err rc = db_exec(s->conn, ST(ST_CTASK_DELETE), key, 1, NULL, err);
	for (size_t i = 0; !rc && i < count; i++) {
		struct plan_task t = tasks[i];
		t.position = (int)i + 1;
		struct db_arg a[1 + NARGS(task_args)];
		a[0] = (struct db_arg)DB_INT(item_id);
		if (!store_args(s, (struct store_save){0}, &t, task_args, NARGS(task_args), a + 1))
			return store_nomem(err);
		rc = db_exec(s->conn, ST(ST_CTASK_INSERT), a, NARGS(a), NULL, err);
	}
	return rc;
}

/* ---- service requests ---------------------------------------------------------------- */

/* ST_RITEM_OF */
static const struct store_col order_cols[] = {STORE_COLS(struct request_order, request_id, item_id, item, form_version,
							 requested_by_id, requested_by, approval_policy)};
static const struct store_col order_args[] = {
	STORE_ARGS(struct request_order, request_id, item_id, form_version, requested_by_id, approval_policy),
};

/* ST_RANSWERS_OF */
static const struct store_col answer_cols[] = {
	STORE_COL(struct form_answer, name),
	STORE_COL(struct form_answer, label),
	STORE_COL_VALUE(struct form_answer, type, form_type_name_list),
	STORE_COL(struct form_answer, text),
};

/* RTASK_COLS */
static const struct store_col rtask_cols[] = {
	STORE_COLS(struct request_task, task_id, number, title, state),
	STORE_COL_VALUE(struct request_task, phase, ticket_phase_name_list),
	STORE_COLS(struct request_task, request_id, request, item_id, item, key),
	STORE_COL_SPLIT(struct request_task, depends_on, depends_count, '\n'),
	STORE_COL_SPLIT(struct request_task, variables, variable_count, '\n'),
	STORE_COLS(struct request_task, instructions),
};
static const struct store_col rtask_args[] = {
	STORE_ARGS(struct request_task, task_id, request_id, item_id, key),
	STORE_ARG_JOIN(struct request_task, depends_on, depends_count, '\n', false),
	STORE_ARG_JOIN(struct request_task, variables, variable_count, '\n', false),
	STORE_ARGS(struct request_task, instructions),
};

enum sw_err store_request_order_insert(struct store *s, const struct request_order *o, struct sw_error *err)
{
	return STORE_WRITE_ARGS(s, ST_RITEM_INSERT, o, order_args, NULL, err);
}

enum sw_err store_request_order_of(struct store *s, int64_t request_id, struct request_order *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(request_id)};
	enum sw_err rc = STORE_ONE(s, ST_RITEM_OF, a, 1, order_cols, out, err);
	return rc == SW_ENOTFOUND
		       ? sw_fail(err, SW_ENOTFOUND, NULL, "no order behind request %lld", (long long)request_id)
		       : rc;
}

enum sw_err store_request_answers_insert(struct store *s, int64_t request_id, const struct form_answers *a,
					 struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < a->count; i++) {
		const struct form_answer *x = &a->items[i];
		struct db_arg v[] = {DB_INT(request_id), DB_INT((int64_t)i + 1),           DB_TEXT(x->name),
				     DB_TEXT(x->label),  DB_TEXT(form_type_name(x->type)), DB_TEXT(x->text)};
		rc = db_exec(s->conn, ST(ST_RANSWER_INSERT), v, NARGS(v), NULL, err);
	}
	return rc;
}

enum sw_err store_request_answers_of(struct store *s, int64_t request_id, struct form_answers *out,
				     struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(request_id)};
	return STORE_COLLECT(s, ST_RANSWERS_OF, a, 1, answer_cols, &out->items, &out->count, err);
}

enum sw_err store_request_task_insert(struct store *s, const struct request_task *t, struct sw_error *err)
{
	return STORE_WRITE_ARGS(s, ST_RTASK_INSERT, t, rtask_args, NULL, err);
}

enum sw_err store_request_tasks_of(struct store *s, int64_t request_id, struct request_task_list *out,
				   struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(request_id)};
	return STORE_COLLECT(s, ST_RTASKS_OF, a, 1, rtask_cols, &out->items, &out->count, err);
}

enum sw_err store_request_task_of(struct store *s, int64_t task_id, struct request_task *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(task_id)};
	return STORE_ONE(s, ST_RTASK_BY_TASK, a, 1, rtask_cols, out, err);
}
