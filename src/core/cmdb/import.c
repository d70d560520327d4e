/*
 * import.c — bulk upserts of CIs and relationships; see import.h.
 */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "core/kernel/authz.h"
#include "core/core_int.h"
#include "core/cmdb/import.h"
#include "core/port/store.h"
#include "core/port/cmdb.h"
#include "base/banned.h"

enum sw_err import_kind_parse(const char *s, enum import_kind *out)
{
	if (s && strcmp(s, "cis") == 0)
		*out = IMPORT_CIS;
	else if (s && strcmp(s, "relations") == 0)
		*out = IMPORT_RELATIONS;
	else
		return SW_EINVALID;
	return SW_OK;
}

static void note(struct import_run *run, int64_t row, const char *field, const char *reason)
{
	if (run->error_count == IMPORT_ERRORS_MAX) {
		run->errors_truncated = true;
		return;
	}
	if (!run->errors) {
		run->errors = arena_alloc(&run->keep, IMPORT_ERRORS_MAX * sizeof(*run->errors));
		if (!run->errors)
			return;
	}
	run->errors[run->error_count++] = (struct import_error){
		.row = row,
		.field = field ? arena_strdup(&run->keep, field) : NULL,
		.reason = arena_strdup(&run->keep, reason),
	};
}

void import_fail(struct import_run *run, int64_t row, const char *field, const char *reason)
{
	run->rows++;
	run->failed++;
	note(run, row, field, reason);
}

/* Record what err says went wrong with a row. */
static void note_error(struct import_run *run, int64_t row, const struct sw_error *err)
{
	run->failed++;
	if (!err->field_count)
		note(run, row, NULL, err->detail[0] ? err->detail : sw_err_name(err->code));
	for (int i = 0; i < err->field_count; i++)
		note(run, row, err->fields[i].field, err->fields[i].detail);
}

enum sw_err import_begin(struct import_run *run, struct ctx *c, enum import_kind kind, bool atomic,
			 struct sw_error *err)
{
	memset(run, 0, sizeof(*run));
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	run->c = c;
	run->kind = kind;
	run->atomic = atomic;
	arena_init(&run->keep, 16u * 1024 * 1024);
	if (atomic && (rc = core_tx_begin_long(c, err)))
		import_release(run);
	return rc;
}

static bool is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static const char *text_of(const struct ci_value *v)
{
	return v->kind == CV_STRING && v->s && *v->s ? v->s : NULL;
}

/* A text value typed by the attribute's definition; what cannot be read
 * is passed on as text for the class check to refuse with its reason. */
static void coerce(const struct ci_attr_def *defs, size_t n, struct ci_value *v)
{
	for (size_t i = 0; i < n; i++)
		if (is(defs[i].name, v->name))
			ci_value_type(&defs[i], v);
}

static bool same_text(const char *given, const char *stored)
{
	return str_same(given, stored) || (given && !*given && !stored);
}

/* The columns that are a CI's own members (the others are attributes):
 * each gives its text member of struct ci_input and sets its flag. */
struct ci_column {
	const char *name;
	size_t at, set_at;
};
#define CI_COLUMN(name_, member_, flag_)                                                                               \
	{                                                                                                              \
		(name_), offsetof(struct ci_input, member_), offsetof(struct ci_input, flag_)                          \
	}
static const struct ci_column ci_columns[] = {
	CI_COLUMN("external_id", external_id, set_external_id),
	CI_COLUMN("name", name, set_name),
	CI_COLUMN("class", class_name, set_class),
	CI_COLUMN("status", status, set_status),
	CI_COLUMN("environment", environment, set_environment),
	CI_COLUMN("location", location, set_location),
	CI_COLUMN("owner", owner, set_owner),
	CI_COLUMN("support_group", group, set_group),
};

static const struct ci_column *column_of(const char *name)
{
	for (size_t i = 0; i < sizeof(ci_columns) / sizeof(ci_columns[0]); i++)
		if (is(ci_columns[i].name, name))
			return &ci_columns[i];
	return NULL;
}

/* Would applying in to k change nothing?  (A re-import of the same data
 * must not bump versions or fill the history.) */
static bool unchanged(const struct ci_input *in, const struct ci *k)
{
	if ((in->set_name && !same_text(in->name, k->name)) ||
	    (in->set_class && !same_text(in->class_name, k->class_name)) ||
	    (in->set_status && !same_text(in->status, ci_status_name(k->status))) ||
	    (in->set_environment && !same_text(in->environment, k->environment)) ||
	    (in->set_location && !same_text(in->location, k->location)) ||
	    (in->set_owner && !same_text(in->owner, k->owner)) || (in->set_group && !same_text(in->group, k->group)))
		return false;
	for (size_t i = 0; in->set_attrs && i < in->attr_count; i++) {
		const struct ci_value *v = &in->attrs[i];
		const struct ci_value *s = NULL;
		for (size_t j = 0; j < k->attr_count; j++)
			if (is(k->attrs[j].name, v->name))
				s = &k->attrs[j];
		if (!s || s->kind != v->kind || (v->kind == CV_STRING && !str_same(v->s, s->s)) ||
		    (v->kind == CV_INT && v->i != s->i) || (v->kind == CV_BOOL && v->b != s->b))
			return false;
	}
	return true;
}

static enum sw_err ci_row(struct import_run *run, const struct ci_value *cols, size_t n, int64_t row,
			  struct sw_error *err)
{
	struct ctx *c = run->c;
	struct ci_input in = {0};
	struct ci_value *attrs = arena_alloc(c->arena, (n + 1) * sizeof(*attrs));
	if (!attrs)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	in.attrs = attrs;
	for (size_t i = 0; i < n; i++) {
		const struct ci_value *v = &cols[i];
		const char *t = text_of(v);
		if (v->kind == CV_NULL || (v->kind == CV_STRING && !t))
			continue; /* not given */
		const struct ci_column *col = column_of(v->name);
		if (col) {
			memcpy((char *)&in + col->at, &t, sizeof(t));
			*(bool *)((char *)&in + col->set_at) = true;
		} else if (!is(v->name, "id")) { /* an export's own ids are not imported */
			attrs[in.attr_count++] = *v;
		}
	}
	in.set_attrs = in.attr_count > 0;
	struct sw_error rerr;
	sw_error_clear(&rerr);
	if (!in.external_id) {
		sw_field_fail(&rerr, "external_id", "is required to import (rows are matched on it)");
		note_error(run, row, &rerr);
		return SW_OK;
	}
	int64_t id = 0;
	enum sw_err rc = store_ci_by_external_id(c->store, in.external_id, &id, &rerr);
	if (rc && rc != SW_ENOTFOUND)
		return sw_fail(err, rc, NULL, "%s", rerr.detail);
	sw_error_clear(&rerr);
	/* type text values by the class the CI has or will have */
	int64_t class_id = 0;
	if (in.set_class) {
		struct ci_class k;
		if (store_class_by_name(c->store, in.class_name, &k, &rerr) == SW_OK)
			class_id = k.id;
		sw_error_clear(&rerr);
	} else if (id) {
		struct ci k;
		if (store_ci_by_id(c->store, id, &k, &rerr) == SW_OK)
			class_id = k.class_id;
		sw_error_clear(&rerr);
	}
	struct ci_attr_def *defs;
	size_t ndefs = 0;
	if (class_id && ci_class_defs(c, class_id, &defs, &ndefs, &rerr) == SW_OK)
		for (size_t i = 0; i < in.attr_count; i++)
			coerce(defs, ndefs, &attrs[i]);
	sw_error_clear(&rerr);
	struct ci out;
	if (id) {
		in.set_external_id = false; /* it is what matched */
		struct ci now;
		if (ci_get(c, id, &now, &rerr) == SW_OK && unchanged(&in, &now)) {
			run->unchanged++;
			return SW_OK;
		}
		sw_error_clear(&rerr);
		rc = ci_update(c, id, 0, &in, &out, &rerr);
	} else {
		rc = ci_create(c, &in, &out, &rerr);
	}
	if (rc == SW_EDB || rc == SW_EBUSY || rc == SW_ENOMEM)
		return sw_fail(err, rc, NULL, "row %lld: %s", (long long)row, rerr.detail);
	if (rc)
		note_error(run, row, &rerr);
	else if (id)
		run->updated++;
	else
		run->created++;
	return SW_OK;
}

/* "#12" is a CI's own id; anything else its external id. */
static enum sw_err resolve_ci(struct ctx *c, const char *ref, int64_t *id, struct sw_error *err)
{
	if (ref[0] == '#')
		return parse_int64(ref + 1, strlen(ref + 1), 1, INT64_MAX, id) ? SW_ENOTFOUND : SW_OK;
	return store_ci_by_external_id(c->store, ref, id, err);
}

static enum sw_err relation_row(struct import_run *run, const struct ci_value *cols, size_t n, int64_t row,
				struct sw_error *err)
{
	struct ctx *c = run->c;
	const char *from = NULL, *to = NULL, *type = NULL;
	struct sw_error rerr;
	sw_error_clear(&rerr);
	for (size_t i = 0; i < n; i++) {
		const char *t = text_of(&cols[i]);
		if (is(cols[i].name, "from"))
			from = t;
		else if (is(cols[i].name, "to"))
			to = t;
		else if (is(cols[i].name, "type"))
			type = t;
		else if (!is(cols[i].name, "id"))
			sw_field_fail(&rerr, cols[i].name, "is not a column of a relationship (from, type, to)");
	}
	int64_t from_id = 0, to_id = 0;
	struct sw_error look;
	sw_error_clear(&look);
	if (!from)
		sw_field_fail(&rerr, "from", "is required (an external id, or #id)");
	else if (resolve_ci(c, from, &from_id, &look))
		sw_field_fail(&rerr, "from", "no CI '%s'", from);
	sw_error_clear(&look);
	if (!to)
		sw_field_fail(&rerr, "to", "is required (an external id, or #id)");
	else if (resolve_ci(c, to, &to_id, &look))
		sw_field_fail(&rerr, "to", "no CI '%s'", to);
	if (rerr.code) {
		note_error(run, row, &rerr);
		return SW_OK;
	}
	struct ci_relation out;
	enum sw_err rc = ci_relate(c, from_id, type, to_id, &out, &rerr);
	if (rc == SW_EDB || rc == SW_EBUSY || rc == SW_ENOMEM)
		return sw_fail(err, rc, NULL, "row %lld: %s", (long long)row, rerr.detail);
	if (rc == SW_ECONFLICT && !rerr.field_count)
		run->unchanged++; /* already there: an upsert changes nothing */
	else if (rc)
		note_error(run, row, &rerr);
	else
		run->created++;
	return SW_OK;
}

enum sw_err import_row(struct import_run *run, const struct ci_value *cols, size_t n, int64_t row, struct sw_error *err)
{
	struct ctx *c = run->c;
	run->rows++;
	/* the row's work in a scratch arena, released when it is done */
	struct scratch scratch;
	scratch_begin(c, &scratch);
	enum sw_err rc =
		run->kind == IMPORT_CIS ? ci_row(run, cols, n, row, err) : relation_row(run, cols, n, row, err);
	scratch_end(c, &scratch);
	return rc;
}

enum sw_err import_end(struct import_run *run, struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	if (run->atomic) {
		if (run->failed) {
			store_rollback(run->c->store);
		} else {
			rc = core_tx_end(run->c, SW_OK, err);
			run->committed = rc == SW_OK;
		}
	}
	return rc;
}

void import_release(struct import_run *run)
{
	arena_release(&run->keep);
	run->errors = NULL;
	run->error_count = 0;
}
