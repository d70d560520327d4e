/*
 * custom_field.c — fields defined at run time and mandatory-field rules;
 * see custom_field.h.
 *
 * Values are kept as canonical text (a number as the shortest decimal that
 * reads back the same, a date as YYYY-MM-DD, a user as its login, a CI as
 * its id) so that a list filter compares text with text and an index on
 * (field, value) serves it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/kernel/authz.h"
#include "core/ticket/category.h"
#include "core/kernel/cfgsnap.h"
#include "core/core_int.h"
#include "core/kernel/record.h"
#include "core/ticket/custom_field.h"
#include "core/port/custom.h"
#include "base/banned.h"

static const char *const type_names[CUSTOM_TYPE__COUNT] = {
	[CUSTOM_TEXT] = "text",     [CUSTOM_NUMBER] = "number", [CUSTOM_DATE] = "date",
	[CUSTOM_CHOICE] = "choice", [CUSTOM_USER] = "user",     [CUSTOM_CI] = "ci",
};

CORE_VALUE_LIST(enum custom_type, type_names, CUSTOM_TYPE__COUNT, CUSTOM_TEXT, custom_type_name, custom_type_parse)

/* Text a person typed: valid, at most max characters, no control
 * characters (values and choices are joined with them in storage). */
static bool plain_text(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s), chars = utf8_count(s, n);
	if (chars < min || chars > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* ---- definitions ---------------------------------------------------------- */

static enum sw_err validate(const struct custom_field_input *in, bool creating, struct sw_error *err)
{
	if (creating) {
		if (!in->kind || !ticket_kind_by_name(in->kind))
			sw_field_fail(err, "kind", "must be a ticket kind");
		if (!core_name_ok(in->name, CUSTOM_NAME_MAX))
			sw_field_fail(err, "name", "must be 1 to %d of a-z, 0-9 and _, starting with a letter",
				      CUSTOM_NAME_MAX);
		if (!in->set_label)
			sw_field_fail(err, "label", "is required");
		if (!in->set_type)
			sw_field_fail(err, "type", "is required");
	} else {
		if (in->kind || in->name)
			sw_field_fail(err, in->kind ? "kind" : "name", "cannot be changed");
		if (in->set_type)
			sw_field_fail(err, "type", "cannot be changed");
	}
	enum custom_type t;
	if (in->set_type && custom_type_parse(in->type, &t))
		sw_field_fail(err, "type", "must be one of text, number, date, choice, user, ci");
	if (in->set_label && (!in->label || !plain_text(in->label, 1, LIMIT_NAME_LEN)))
		sw_field_fail(err, "label", "must be 1 to %d characters on one line", LIMIT_NAME_LEN);
	if (in->set_category && in->category && !plain_text(in->category, 1, LIMIT_CATEGORY_LEN))
		sw_field_fail(err, "category", "must be a category path");
	if (in->set_position && (in->position < 0 || in->position > 1000000))
		sw_field_fail(err, "position", "must be from 0 to 1000000");
	if (in->set_choices) {
		if (in->choice_count > CUSTOM_CHOICES_MAX)
			sw_field_fail(err, "choices", "must list at most %d values", CUSTOM_CHOICES_MAX);
		for (size_t i = 0; i < in->choice_count && i < CUSTOM_CHOICES_MAX; i++) {
			char path[32];
			snprintf(path, sizeof(path), "choices[%zu]", i);
			if (!plain_text(in->choices[i], 1, LIMIT_NAME_LEN))
				sw_field_fail(err, path, "must be 1 to %d characters on one line", LIMIT_NAME_LEN);
			for (size_t j = 0; j < i; j++)
				if (strcmp(in->choices[i], in->choices[j]) == 0)
					sw_field_fail(err, path, "is listed twice");
		}
	}
	return err->code;
}

static enum sw_err apply(struct ctx *c, const struct custom_field_input *in, struct custom_field *f,
			 struct sw_error *err)
{
	if (in->set_label)
		f->label = in->label;
	if (in->set_type)
		custom_type_parse(in->type, &f->type);
	if (in->set_choices) {
		f->choices = in->choices;
		f->choice_count = in->choice_count;
	}
	if (in->set_category) {
		f->category = in->category;
		enum sw_err rc = category_check(c, "category", in->category, err);
		if (rc)
			return rc;
	}
	if (in->set_position)
		f->position = in->position;
	if (in->set_active)
		f->active = in->active;
	if (f->type == CUSTOM_CHOICE && !f->choice_count)
		sw_field_fail(err, "choices", "are required for a choice field");
	else if (f->type != CUSTOM_CHOICE && f->choice_count)
		sw_field_fail(err, "choices", "are for choice fields only");
	f->updated_at = c->now;
	return err->code;
}

static enum sw_err audit_field(struct ctx *c, const struct custom_field *b, const struct custom_field *a,
			       const char *action, struct sw_error *err)
{
	struct changes ch;
	changes_init(&ch);
	changes_str(&ch, "kind", b->kind, a->kind);
	changes_str(&ch, "name", b->name, a->name);
	changes_str(&ch, "label", b->label, a->label);
	changes_str(&ch, "type", b->id ? custom_type_name(b->type) : NULL, custom_type_name(a->type));
	changes_str(&ch, "choices", arena_join(c->arena, b->choices, b->choice_count, ", "),
		    arena_join(c->arena, a->choices, a->choice_count, ", "));
	changes_str(&ch, "category", b->category, a->category);
	changes_int(&ch, "position", b->position, a->position);
	changes_str(&ch, "active", b->id ? (b->active ? "true" : "false") : NULL, a->active ? "true" : "false");
	return audit_changes(c, "custom_field", a->id, action, false, &ch, err);
}

enum sw_err custom_field_create(struct ctx *c, const struct custom_field_input *in, struct custom_field *out,
				struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc || (rc = validate(in, true, err)) || (rc = core_tx_begin(c, err)))
		return rc;
	struct custom_field f = {.kind = in->kind, .name = in->name, .active = true, .created_at = c->now};
	struct custom_field_list all;
	if ((rc = apply(c, in, &f, err)) || (rc = store_custom_field_list(c->store, f.kind, false, &all, err)))
		goto out;
	if (all.count >= CUSTOM_FIELDS_MAX) {
		rc = sw_fail(err, SW_ECONFLICT, "limit", "%s have %d fields defined already", in->kind,
			     CUSTOM_FIELDS_MAX);
		goto out;
	}
	rc = store_custom_field_insert(c->store, &f, err);
	if (rc == SW_ECONFLICT)
		rc = sw_fail(err, SW_ECONFLICT, "duplicate", "%s already have a field named '%s'", in->kind, in->name);
	struct custom_field blank = {0};
	if (!rc && !(rc = audit_field(c, &blank, &f, "create", err)))
		rc = store_custom_field_by_name(c->store, f.kind, f.name, out, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err custom_field_update(struct ctx *c, const char *kind, const char *name, const struct custom_field_input *in,
				struct custom_field *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc || (rc = validate(in, false, err)) || (rc = core_tx_begin(c, err)))
		return rc;
	struct custom_field before, f;
	if ((rc = store_custom_field_by_name(c->store, kind, name, &before, err)))
		goto out;
	f = before;
	if ((rc = apply(c, in, &f, err)) || (rc = store_custom_field_update(c->store, &f, err)) ||
	    (rc = audit_field(c, &before, &f, "update", err)))
		goto out;
	rc = store_custom_field_by_name(c->store, kind, name, out, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err custom_field_get(struct ctx *c, const char *kind, const char *name, struct custom_field *out,
			     struct sw_error *err)
{
	if (!c->actor.user_id && c->actor.role != ROLE_ADMIN)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	enum sw_err rc = store_custom_field_by_name(c->store, kind, name, out, err);
	if (!rc && !out->active && !authz_is_agent(&c->actor))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no field '%s' of %s", name, kind);
	return rc;
}

enum sw_err custom_field_list(struct ctx *c, const char *kind, struct custom_field_list *out, struct sw_error *err)
{
	if (!c->actor.user_id && c->actor.role != ROLE_ADMIN)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	return store_custom_field_list(c->store, kind, !authz_is_agent(&c->actor), out, err);
}

/* ---- values --------------------------------------------------------------- */

/* The shortest decimal that reads back as d. */
static const char *number_text(struct arena *a, double d)
{
	char buf[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	return arena_strdup(a, buf);
}

static bool date_ok(const char *s)
{
	int64_t y, m, d;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || parse_int64(s, 4, 1, 9999, &y) ||
	    parse_int64(s + 5, 2, 1, 12, &m) || parse_int64(s + 8, 2, 1, 31, &d))
		return false;
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] && !(m == 2 && d == 29 && !leap);
}

/* Does a field limited to category apply to a ticket in category have? */
static bool applies(const struct custom_field *f, const char *have)
{
	if (!f->category)
		return true;
	size_t n = strlen(f->category);
	return have && strncmp(have, f->category, n) == 0 && (have[n] == 0 || have[n] == '/');
}

/* v as the canonical text of field f, or NULL with a field error at path. */
static const char *canonical(struct ctx *c, const struct custom_field *f, const struct custom_value *v,
			     const char *path, struct sw_error *err)
{
	switch (f->type) {
	case CUSTOM_TEXT:
		if (v->kind == CUSTOM_VALUE_STRING && plain_text(v->s, 1, CUSTOM_VALUE_MAX))
			return v->s;
		sw_field_fail(err, path, "must be text of 1 to %d characters on one line", CUSTOM_VALUE_MAX);
		return NULL;
	case CUSTOM_NUMBER:
		if (v->kind == CUSTOM_VALUE_INT)
			return arena_printf(c->arena, "%lld", (long long)v->i);
		if (v->kind == CUSTOM_VALUE_REAL && isfinite(v->r))
			return number_text(c->arena, v->r);
		sw_field_fail(err, path, "must be a number");
		return NULL;
	case CUSTOM_DATE:
		if (v->kind == CUSTOM_VALUE_STRING && date_ok(v->s))
			return v->s;
		sw_field_fail(err, path, "must be a date (YYYY-MM-DD)");
		return NULL;
	case CUSTOM_CHOICE:
		for (size_t i = 0; v->kind == CUSTOM_VALUE_STRING && i < f->choice_count; i++)
			if (strcmp(v->s, f->choices[i]) == 0)
				return f->choices[i];
		sw_field_fail(err, path, "must be one of %s", arena_join(c->arena, f->choices, f->choice_count, ", "));
		return NULL;
	case CUSTOM_USER: {
		if (v->kind != CUSTOM_VALUE_STRING) {
			sw_field_fail(err, path, "must be a login");
			return NULL;
		}
		struct user u;
		return core_ref_find(c, CORE_REF_USER, path, v->s, &u, err) ? NULL : u.login;
	}
	case CUSTOM_CI: {
		int64_t id = 0;
		const char *name = NULL;
		if (v->kind != CUSTOM_VALUE_INT || v->i < 1) {
			sw_field_fail(err, path, "must be a CI id");
			return NULL;
		}
		if (core_ref_set_ci(c, path, v->i, &id, &name, err) || !id)
			return NULL;
		return arena_printf(c->arena, "%lld", (long long)id);
	}
	case CUSTOM_TYPE__COUNT: break;
	}
	return NULL;
}

/* t->custom with name set to value (NULL removes it), in a new array. */
static enum sw_err put_value(struct ctx *c, struct ticket *t, const struct custom_field *f, const char *value,
			     struct sw_error *err)
{
	struct ticket_value *v = arena_alloc(c->arena, (t->custom_count + 1) * sizeof(*v));
	if (!v)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	size_t n = 0;
	bool placed = false;
	for (size_t i = 0; i < t->custom_count; i++) {
		if (strcmp(t->custom[i].name, f->name) != 0) {
			v[n++] = t->custom[i];
		} else if (value) {
			v[n++] = (struct ticket_value){f->name, custom_type_name(f->type), value};
			placed = true;
		}
	}
	if (value && !placed)
		v[n++] = (struct ticket_value){f->name, custom_type_name(f->type), value};
	t->custom = v;
	t->custom_count = n;
	return SW_OK;
}

enum sw_err custom_values_apply(struct ctx *c, const struct ticket_input *in, struct ticket *t, struct sw_error *err)
{
	if (!in->set_custom || !in->custom_count)
		return SW_OK;
	struct custom_field_list defs;
	enum sw_err rc = store_custom_field_list(c->store, t->kind->name, true, &defs, err);
	for (size_t i = 0; !rc && i < in->custom_count; i++) {
		const struct custom_value *v = &in->custom[i];
		char path[64];
		snprintf(path, sizeof(path), "custom.%.50s", v->name);
		const struct custom_field *f = NULL;
		for (size_t j = 0; j < defs.count && !f; j++)
			if (strcmp(defs.items[j].name, v->name) == 0)
				f = &defs.items[j];
		if (!f) {
			sw_field_fail(err, path, "is not a field of %s", t->kind->path);
			continue;
		}
		if (v->kind == CUSTOM_VALUE_NULL) {
			rc = put_value(c, t, f, NULL, err);
			continue;
		}
		if (!applies(f, t->category)) {
			sw_field_fail(err, path, "applies only to category %s", f->category);
			continue;
		}
		const char *text = canonical(c, f, v, path, err);
		if (text)
			rc = put_value(c, t, f, text, err);
	}
	return rc ? rc : err->code;
}

static const char *value_of(const struct ticket *t, const char *name)
{
	for (size_t i = 0; t && i < t->custom_count; i++)
		if (strcmp(t->custom[i].name, name) == 0)
			return t->custom[i].value;
	return NULL;
}

enum sw_err custom_values_write(struct ctx *c, const struct ticket *before, const struct ticket *t,
				struct sw_error *err)
{
	if (!t->custom_count && (!before || !before->custom_count))
		return SW_OK;
	struct custom_field_list defs;
	enum sw_err rc = store_custom_field_list(c->store, t->kind->name, false, &defs, err);
	for (size_t i = 0; !rc && i < defs.count; i++) {
		const struct custom_field *f = &defs.items[i];
		const char *was = value_of(before, f->name), *now = value_of(t, f->name);
		if (str_same(was, now))
			continue;
		rc = now ? store_ticket_value_set(c->store, t->id, f->id, now, err)
			 : store_ticket_value_delete(c->store, t->id, f->id, err);
	}
	return rc;
}

enum sw_err custom_filter_value(struct ctx *c, const struct ticket_kind *k, const char *name, const char *value,
				const char **out, struct sw_error *err)
{
	struct custom_field f;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = store_custom_field_by_name(c->store, k->name, name, &f, &look);
	if (rc == SW_ENOTFOUND) {
		return core_query_fail(err, "custom_field", "is not a field of %s", k->path);
	}
	if (rc)
		return sw_fail(err, rc, NULL, "%s", look.detail);
	struct custom_value v = {.name = name, .kind = CUSTOM_VALUE_STRING, .s = value};
	if (f.type == CUSTOM_NUMBER || f.type == CUSTOM_CI) { /* the query's text as the number it names */
		char *end = NULL;
		double d = strtod(value, &end);
		bool whole = end && !*end && *value && d == floor(d) && fabs(d) < 9e15;
		v.kind = whole ? CUSTOM_VALUE_INT : (end && !*end && *value) ? CUSTOM_VALUE_REAL : CUSTOM_VALUE_OTHER;
		v.i = whole ? (int64_t)d : 0;
		v.r = d;
	}
	struct sw_error bad;
	sw_error_clear(&bad);
	*out = canonical(c, &f, &v, "custom_value", &bad);
	if (!*out) {
		return core_query_fail(err, "custom_value", "%s",
				       bad.field_count ? bad.fields[0].detail : "does not fit the field");
	}
	return SW_OK;
}

/* ---- mandatory fields ------------------------------------------------------- */

/* A ticket field that can be required: one a person fills in. */
static const struct ticket_field *requirable(const char *name)
{
	static const char *const names[] = {
		"description",
		"category",
		"assignment_group",
		"assignee",
		"service",
		"ci",
		"outage_start",
		"outage_end",
		"parent",
		"channel",
		"symptoms",
		"root_cause",
		"cause_category",
		"workaround",
		"fix",
		"review_went_well",
		"review_went_wrong",
		"review_actions",
		"problem",
		NULL,
	};
	for (size_t i = 0; names[i]; i++)
		if (strcmp(names[i], name) == 0)
			for (size_t j = 0; j < ticket_field_count; j++)
				if (strcmp(ticket_fields[j].name, name) == 0)
					return &ticket_fields[j];
	return NULL;
}

static bool filled(const struct ticket *t, const struct ticket_field *f)
{
	const char *p = (const char *)t + f->offset;
	switch (f->type) {
	case TICKET_FT_TEXT:
	case TICKET_FT_TEXT_NULL:
	case TICKET_FT_REF: return *(const char *const *)p && **(const char *const *)p;
	case TICKET_FT_INT64_NULL:
	case TICKET_FT_TIME_NULL: return *(const int64_t *)p != 0;
	default: return true;
	}
}

/* A mandatory-field rule's audit row (action "create"). */
static const struct record_audit mandatory_audit[] = {RECORD_AUDIT_EACH(struct mandatory_field, kind, state, field)};

enum sw_err mandatory_create(struct ctx *c, const struct mandatory_field *in, struct mandatory_field *out,
			     struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc)
		return rc;
	const struct ticket_kind *k = in->kind ? ticket_kind_by_name(in->kind) : NULL;
	if (!k)
		sw_field_fail(err, "kind", "must be a ticket kind");
	else if (!in->state || !ticket_state_valid(k, in->state))
		sw_field_fail(err, "state", "must be a state of %s", k->path);
	bool custom = in->field && strncmp(in->field, "custom.", 7) == 0;
	if (!in->field || (!custom && !requirable(in->field)))
		sw_field_fail(err, "field",
			      "must be one of description, category, assignment_group, assignee, service, "
			      "ci, outage_start, outage_end, parent, channel, symptoms, root_cause, cause_category, "
			      "workaround, fix, review_went_well, review_went_wrong, review_actions, problem, "
			      "or custom.<name>");
	if ((rc = core_tx_begin_valid(c, err)))
		return rc;
	struct custom_field f;
	if (custom && (rc = store_custom_field_by_name(c->store, k->name, in->field + 7, &f, err)) == SW_ENOTFOUND) {
		sw_error_clear(err);
		rc = core_reference_fail(err, "field", "%s have no field '%s'", k->path, in->field + 7);
	}
	if (rc)
		goto out;
	*out = *in;
	out->created_at = c->now;
	rc = store_mandatory_insert(c->store, out, err);
	if (rc == SW_ECONFLICT)
		rc = sw_fail(err, SW_ECONFLICT, "duplicate", "%s is already required when %s is %s", in->field, k->name,
			     in->state);
	if (!rc)
		rc = RECORD_AUDIT_ROW(c, "mandatory_field", out->id, "create", false, mandatory_audit, out, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err mandatory_delete(struct ctx *c, int64_t id, struct sw_error *err)
{
	bool gone = false;
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc || (rc = core_tx_begin(c, err)))
		return rc;
	if (!(rc = store_mandatory_delete(c->store, id, &gone, err)))
		rc = gone ? audit_record(c, "mandatory_field", id, "delete", false, "{}", err)
			  : sw_fail(err, SW_ENOTFOUND, NULL, "no mandatory field %lld", (long long)id);
	return core_tx_end(c, rc, err);
}

enum sw_err mandatory_list(struct ctx *c, const char *kind, struct mandatory_list *out, struct sw_error *err)
{
	if (!c->actor.user_id && c->actor.role != ROLE_ADMIN)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	return store_mandatory_list(c->store, kind, NULL, out, err);
}

enum sw_err mandatory_check(struct ctx *c, const struct ticket *t, struct sw_error *err)
{
	struct mandatory_list rules;
	enum sw_err rc = cfgsnap_mandatory(c, t->kind->name, t->state, &rules, err);
	for (size_t i = 0; !rc && i < rules.count; i++) {
		const char *name = rules.items[i].field;
		const struct ticket_field *f = requirable(name);
		bool ok = f ? filled(t, f) : value_of(t, name + 7) != NULL; /* custom.<name> */
		if (!ok)
			sw_field_fail(err, name, "is required when %s is %s", t->kind->label, t->state);
	}
	return rc ? rc : err->code;
}
