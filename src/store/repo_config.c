/*
 * repo_config.c — the incident process's configuration data: the category
 * tree and incident templates.
 */
#include <string.h>

#include "core/ticket/category.h"
#include "core/ticket/template.h"
#include "core/kernel/record.h"
#include "store/store_int.h"
#include "core/port/config.h"
#include "core/ticket/cause_category.h"
#include "store/config_sql.h"
#include "base/banned.h"

/* CATEGORY_COLS */
static const struct store_col category_cols[] = {
	STORE_COLS(struct category, id, path, name, parent, active, created_at)};

STORE_READER(read_category, struct category, category_cols)

enum sw_err store_category_insert(struct store *s, struct category *c, int64_t parent_id, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(c->path), DB_TEXT(c->name), DB_ID(parent_id), DB_INT(c->created_at)};
	return db_query_int(s->conn, ST(ST_CATEGORY_INSERT), a, NARGS(a), &c->id, err);
}

enum sw_err store_category_by_path(struct store *s, const char *path, struct category *out, struct sw_error *err)
{
	return store_find(s, ST_CATEGORY_BY_PATH, DB_TEXT(path), read_category, out, err, "no category '%s'", path);
}

enum sw_err store_category_by_id(struct store *s, int64_t id, struct category *out, struct sw_error *err)
{
	return store_find(s, ST_CATEGORY_BY_ID, DB_INT(id), read_category, out, err, "no category %lld", (long long)id);
}

enum sw_err store_category_list(struct store *s, bool active_only, struct category_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(active_only)};
	return STORE_LIST(s, ST_CATEGORY_LIST, a, 1, read_category, out, err);
}

enum sw_err store_category_set_active(struct store *s, int64_t id, bool active, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_INT(active)};
	return db_exec(s->conn, ST(ST_CATEGORY_SET_ACTIVE), a, 2, NULL, err);
}

enum sw_err store_category_count(struct store *s, int64_t *out, struct sw_error *err)
{
	return db_query_int(s->conn, ST(ST_CATEGORY_COUNT), NULL, 0, out, err);
}

/* TEMPLATE_COLS */
static const struct store_col template_cols[] = {STORE_COLS(struct incident_template, id, name, title, description,
							    impact, urgency, category, group_id, group, active,
							    created_at, updated_at)};

STORE_READER(read_template, struct incident_template, template_cols)

static const struct store_col template_args[] = {
	STORE_ARG_KEY,
	STORE_ARGS(struct incident_template, title, description, impact, urgency, category),
	STORE_ARG_IDS(struct incident_template, group_id),
	STORE_ARGS(struct incident_template, active),
	STORE_ARG_AT,
};

STORE_SAVE_FN(save_template, struct incident_template, ST_TEMPLATE_INSERT, ST_TEMPLATE_UPDATE, template_args)

STORE_LOAD_AS(load_template, store_template_by_name(s, key->name, out, err))
STORE_LIST_AS(list_templates, store_template_list(s, !all, out, err))

const struct record_store store_templates = {save_template, load_template, list_templates};

enum sw_err store_template_by_name(struct store *s, const char *name, struct incident_template *out,
				   struct sw_error *err)
{
	return store_find(s, ST_TEMPLATE_BY_NAME, DB_TEXT(name), read_template, out, err, "no template '%s'", name);
}

enum sw_err store_template_list(struct store *s, bool active_only, struct template_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(active_only)};
	return STORE_LIST(s, ST_TEMPLATE_LIST, a, 1, read_template, out, err);
}

/* ---- cause categories (core/ticket/cause_category.h) ---- */

static const struct store_col cause_cols[] = {
	STORE_COLS(struct cause_category, id, name, label, position, active, created_at, updated_at)};

STORE_READER(read_cause, struct cause_category, cause_cols)

static const struct store_col cause_args[] = {
	STORE_ARG_KEY,
	STORE_ARGS(struct cause_category, label, position, active),
	STORE_ARG_AT,
};

enum sw_err store_value_list_save(struct store *s, const struct store_value_list *l, void *rec, bool creating,
				  struct sw_error *err)
{
	struct cause_category *k = rec;
	return STORE_SAVE_ARGS(s, STORE_SAVE(k, creating, l->insert, l->update), k, cause_args, err);
}

enum sw_err store_value_list_find(struct store *s, const struct store_value_list *l, const char *name,
				  struct cause_category *out, struct sw_error *err)
{
	return store_find(s, l->by_name, DB_TEXT(name), read_cause, out, err, "no %s '%s'", l->noun, name);
}

enum sw_err store_value_list_all(struct store *s, const struct store_value_list *l, struct cause_category_list *out,
				 struct sw_error *err)
{
	return STORE_LIST(s, l->list, NULL, 0, read_cause, out, err);
}

static const struct store_value_list causes = {ST_CAUSE_CATEGORY_INSERT, ST_CAUSE_CATEGORY_UPDATE,
					       ST_CAUSE_CATEGORY_BY_NAME, ST_CAUSE_CATEGORY_LIST, "cause category"};

static enum sw_err save_cause(struct store *s, void *rec, bool creating, struct sw_error *err)
{
	return store_value_list_save(s, &causes, rec, creating, err);
}

STORE_LOAD_AS(load_cause, store_cause_category_by_name(s, key->name, out, err))
STORE_LIST_AS(list_cause_categories, store_cause_category_list(s, out, err))

const struct record_store store_cause_categories = {save_cause, load_cause, list_cause_categories};

enum sw_err store_cause_category_by_name(struct store *s, const char *name, struct cause_category *out,
					 struct sw_error *err)
{
	return store_value_list_find(s, &causes, name, out, err);
}

enum sw_err store_cause_category_list(struct store *s, struct cause_category_list *out, struct sw_error *err)
{
	return store_value_list_all(s, &causes, out, err);
}
