/*
 * repo_custom.c — fields defined at run time, their values on tickets, and
 * mandatory-field rules (core/ticket/custom_field.h).  A ticket's values are read
 * with the ticket itself (repo_ticket.c), as one more column.
 */
#include <string.h>

#include "core/ticket/custom_field.h"
#include "store/store_int.h"
#include "core/port/custom.h"
#include "store/custom_sql.h"
#include "base/banned.h"

/* CUSTOM_FIELD_COLS */
#define CF_TYPE STORE_COL_VALUE(struct custom_field, type, custom_type_name_list)
#define CF_CHOICES STORE_COL_SPLIT(struct custom_field, choices, choice_count, '\n')
static const struct store_col field_cols[] = {
	STORE_COLS(struct custom_field, id, kind, name, label), CF_TYPE, CF_CHOICES,
	STORE_COLS(struct custom_field, category, position, active, created_at, updated_at)};

STORE_READER(read_field, struct custom_field, field_cols)

/* what ST_CUSTOM_FIELD_INSERT and ST_CUSTOM_FIELD_UPDATE take; the
 * choices joined by newlines (they hold none), NULL for none */
static const struct store_col field_insert_args[] = {
	STORE_ARGS(struct custom_field, kind, name, label),
	STORE_ARG_VALUE(struct custom_field, type, custom_type_name_list),
	STORE_ARG_JOIN(struct custom_field, choices, choice_count, '\n', true),
	STORE_ARGS(struct custom_field, category, position, active, created_at),
};
static const struct store_col field_update_args[] = {
	STORE_ARGS(struct custom_field, id, label),
	STORE_ARG_JOIN(struct custom_field, choices, choice_count, '\n', true),
	STORE_ARGS(struct custom_field, category, position, active, updated_at),
};

enum sw_err store_custom_field_insert(struct store *s, struct custom_field *f, struct sw_error *err)
{
	return STORE_WRITE_ARGS(s, ST_CUSTOM_FIELD_INSERT, f, field_insert_args, &f->id, err);
}

enum sw_err store_custom_field_update(struct store *s, const struct custom_field *f, struct sw_error *err)
{
	return STORE_WRITE_ARGS(s, ST_CUSTOM_FIELD_UPDATE, f, field_update_args, NULL, err);
}

enum sw_err store_custom_field_by_name(struct store *s, const char *kind, const char *name, struct custom_field *out,
				       struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(kind), DB_TEXT(name)};
	enum sw_err rc = store_one(s, ST_CUSTOM_FIELD_BY_NAME, a, NARGS(a), read_field, out, err);
	if (rc == SW_ENOTFOUND)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no field '%s' of %s", name, kind);
	return rc;
}

enum sw_err store_custom_field_list(struct store *s, const char *kind, bool active_only, struct custom_field_list *out,
				    struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(kind), DB_INT(active_only)};
	return STORE_LIST(s, ST_CUSTOM_FIELD_LIST, a, NARGS(a), read_field, out, err);
}

enum sw_err store_ticket_value_set(struct store *s, int64_t ticket_id, int64_t field_id, const char *value,
				   struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id), DB_INT(field_id), DB_TEXT(value)};
	return db_exec(s->conn, ST(ST_TICKET_VALUE_SET), a, NARGS(a), NULL, err);
}

enum sw_err store_ticket_value_delete(struct store *s, int64_t ticket_id, int64_t field_id, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id), DB_INT(field_id)};
	return db_exec(s->conn, ST(ST_TICKET_VALUE_DELETE), a, NARGS(a), NULL, err);
}

/* what ST_MANDATORY_LIST selects */
static const struct store_col mandatory_cols[] = {
	STORE_COLS(struct mandatory_field, id, kind, state, field, created_at)};

enum sw_err store_mandatory_insert(struct store *s, struct mandatory_field *m, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(m->kind), DB_TEXT(m->state), DB_TEXT(m->field), DB_INT(m->created_at)};
	return db_query_int(s->conn, ST(ST_MANDATORY_INSERT), a, NARGS(a), &m->id, err);
}

enum sw_err store_mandatory_delete(struct store *s, int64_t id, bool *deleted, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id)};
	int64_t n = 0;
	enum sw_err rc = db_exec(s->conn, ST(ST_MANDATORY_DELETE), a, NARGS(a), &n, err);
	*deleted = n > 0;
	return rc;
}

enum sw_err store_mandatory_list(struct store *s, const char *kind, const char *state, struct mandatory_list *out,
				 struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(kind), DB_TEXT(state)};
	return STORE_COLLECT(s, ST_MANDATORY_LIST, a, NARGS(a), mandatory_cols, &out->items, &out->count, err);
}
