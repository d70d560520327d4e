/*
 * cmdb.c — CI classes, CIs, relationships and graph walks; see cmdb.h.
 *
 * Attribute values are stored as text, one row each; their types live in
 * the class definitions, so every write checks values against the
 * definitions of the CI's class and all its ancestors, and every read
 * turns the text back into typed values the same way.
 *
 * Graph walks are breadth first over the relationship tables, a batch of
 * WALK_BATCH nodes per query, with a visited set so that cycles end and
 * each thing is reached once, by a shortest path.  Nothing loads the
 * whole graph.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/kernel/authz.h"
#include "core/cmdb/cmdb.h"
#include "core/cmdb/service.h"
#include "core/core_int.h"
#include "core/kernel/record.h"
#include "core/port/cmdb.h"
#include "core/sla/tz.h"
#include "base/banned.h"

static const char *const type_names[CA_TYPE__COUNT] = {"string", "int", "bool", "date", "enum", "reference"};
static const char *const status_names[CI_STATUS__COUNT] = {"planned", "in_service", "maintenance", "retired"};
static const char *const rel_names[REL__COUNT] = {"depends_on",  "runs_on", "hosted_on",
						  "connects_to", "part_of", "backed_up_by"};

CORE_VALUE_LIST(enum ci_attr_type, type_names, CA_TYPE__COUNT, CA_STRING, ci_attr_type_name, ci_attr_type_parse)
CORE_VALUE_LIST(enum ci_status, status_names, CI_STATUS__COUNT, CI_IN_SERVICE, ci_status_name, ci_status_parse)
CORE_VALUE_LIST(enum ci_rel_type, rel_names, REL__COUNT, REL_DEPENDS_ON, ci_rel_name, ci_rel_parse)

const char *graph_kind_name(enum graph_kind k)
{
	return k == GK_CI ? "ci" : k == GK_SERVICE ? "service" : "objective";
}

/* [a-z0-9_], 1..60 bytes, starting with a letter. */
static bool identifier(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 60 || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* ---- classes ------------------------------------------------------------------ */

static enum sw_err all_defs(struct ctx *c, int64_t class_id, struct ci_attr_def **out, size_t *count,
			    struct sw_error *err)
{
	struct ci_class chain[CI_CLASS_DEPTH_MAX];
	size_t depth = 0, total = 0;
	for (int64_t id = class_id; id && depth < CI_CLASS_DEPTH_MAX; depth++) {
		enum sw_err rc = store_class_by_id(c->store, id, &chain[depth], err);
		if (rc)
			return rc;
		total += chain[depth].attr_count;
		id = chain[depth].parent_id;
	}
	struct ci_attr_def *v = arena_alloc(c->arena, (total + 1) * sizeof(*v));
	if (!v)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	size_t k = 0;
	while (depth-- > 0)
		for (size_t i = 0; i < chain[depth].attr_count; i++)
			v[k++] = chain[depth].attrs[i];
	*out = v;
	*count = k;
	return SW_OK;
}

enum sw_err ci_class_defs(struct ctx *c, int64_t class_id, struct ci_attr_def **out, size_t *count,
			  struct sw_error *err)
{
	return all_defs(c, class_id, out, count, err);
}

/* Is class id the class `of` or one of its descendants? */
static enum sw_err class_is_a(struct ctx *c, int64_t id, int64_t of, bool *out, struct sw_error *err)
{
	*out = false;
	for (int depth = 0; id && depth < CI_CLASS_DEPTH_MAX; depth++) {
		if (id == of) {
			*out = true;
			return SW_OK;
		}
		struct ci_class k;
		enum sw_err rc = store_class_by_id(c->store, id, &k, err);
		if (rc)
			return rc;
		id = k.parent_id;
	}
	return SW_OK;
}

static void validate_defs(struct ctx *c, const struct ci_class_input *in, const struct ci_attr_def *inherited,
			  size_t inherited_count, struct sw_error *err)
{
	(void)c;
	if (in->attr_count > CI_ATTRS_MAX) {
		sw_field_fail(err, "attributes", "must list at most %d definitions", CI_ATTRS_MAX);
		return;
	}
	for (size_t i = 0; i < in->attr_count; i++) {
		const struct ci_attr_def *d = &in->attrs[i];
		char path[64];
		snprintf(path, sizeof(path), "attributes[%zu]", i);
		if (!identifier(d->name)) {
			sw_field_fail(err, path, "needs a name of 1 to 60 of a-z, 0-9 and _, starting with a letter");
			continue;
		}
		if (d->type == CA_TYPE__COUNT) {
			char at[80];
			snprintf(at, sizeof(at), "%s.type", path);
			sw_field_fail(err, at, "must be string, int, bool, date, enum or reference");
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(in->attrs[j].name, d->name) == 0)
				sw_field_fail(err, path, "'%s' is defined twice", d->name);
		for (size_t j = 0; j < inherited_count; j++)
			if (strcmp(inherited[j].name, d->name) == 0)
				sw_field_fail(err, path, "'%s' is already defined by class '%s'", d->name,
					      inherited[j].class_name);
		static const char *const reserved[] = {"id",          "external_id", "name",  "class",        "status",
						       "environment", "location",    "owner", "support_group"};
		for (size_t j = 0; j < sizeof(reserved) / sizeof(reserved[0]); j++)
			if (!strcmp(d->name, reserved[j]))
				sw_field_fail(err, path, "'%s' is a CI field, not an attribute name", d->name);
		if (d->type == CA_ENUM) {
			if (d->choice_count < 1 || d->choice_count > CI_CHOICES_MAX)
				sw_field_fail(err, path, "an enum needs 1 to %d choices", CI_CHOICES_MAX);
			for (size_t k = 0; k < d->choice_count; k++)
				if (!core_text_ok(d->choices[k], 1, 100) || strchr(d->choices[k], ','))
					sw_field_fail(err, path, "choices must be 1 to 100 characters without commas");
		} else if (d->choice_count) {
			sw_field_fail(err, path, "only an enum has choices");
		}
		if (d->type == CA_REFERENCE && !d->ref_class)
			sw_field_fail(err, path, "a reference names the class it points to (ref_class)");
		else if (d->type != CA_REFERENCE && d->ref_class)
			sw_field_fail(err, path, "only a reference has a ref_class");
		if (d->unique && (d->type == CA_BOOL || d->type == CA_ENUM))
			sw_field_fail(err, path, "a %s cannot be unique", ci_attr_type_name(d->type));
	}
}

/* Resolve ref_class names of in's definitions into a copy of them. */
static enum sw_err resolve_defs(struct ctx *c, const struct ci_class_input *in, struct ci_attr_def **out,
				struct sw_error *err)
{
	struct ci_attr_def *v = arena_alloc(c->arena, (in->attr_count + 1) * sizeof(*v));
	if (!v)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < in->attr_count; i++) {
		v[i] = in->attrs[i];
		if (v[i].type != CA_REFERENCE)
			continue;
		char path[64];
		snprintf(path, sizeof(path), "attributes[%zu]", i);
		enum sw_err rc =
			core_ref_set(c, CORE_REF_CI_CLASS, path, v[i].ref_class, &v[i].ref_class_id, NULL, err);
		if (rc)
			return rc;
	}
	*out = v;
	return err->code;
}

static void validate_class(const void *v, bool creating, struct sw_error *err)
{
	const struct ci_class_input *in = v;
	if (creating && !in->name)
		sw_field_fail(err, "name", "is required");
	else if (creating && !identifier(in->name))
		sw_field_fail(err, "name", "must be 1 to 60 of a-z, 0-9 and _, starting with a letter");
	else if (!creating && in->name)
		sw_field_fail(err, "name", "cannot be changed");
	if (!creating && in->set_parent)
		sw_field_fail(err, "parent", "cannot be changed");
	if (in->set_description && !core_text_ok(in->description, 0, 1000))
		sw_field_fail(err, "description", "must be at most 1000 characters");
}

/* A new class k under the class named parent: the definitions it
 * inherits, and no deeper than CI_CLASS_DEPTH_MAX. */
static enum sw_err place_class(struct ctx *c, const char *parent, struct ci_class *k, struct ci_attr_def **inherited,
			       size_t *inherited_count, struct sw_error *err)
{
	struct ci_class p;
	enum sw_err rc = core_ref_find(c, CORE_REF_CI_CLASS, "parent", parent, &p, err);
	if (rc)
		return rc == SW_ENOTFOUND ? err->code : rc;
	k->parent_id = p.id;
	k->parent = p.name;
	if ((rc = all_defs(c, p.id, inherited, inherited_count, err)))
		return rc;
	int depth = 1;
	for (const char *x = p.parent; x && depth < CI_CLASS_DEPTH_MAX; depth++) {
		struct ci_class up;
		if ((rc = store_class_by_name(c->store, x, &up, err)))
			return rc;
		x = up.parent;
	}
	if (depth >= CI_CLASS_DEPTH_MAX - 1)
		return core_reference_fail(err, "parent", "the hierarchy is at most %d levels deep",
					   CI_CLASS_DEPTH_MAX);
	return SW_OK;
}

static enum sw_err apply_class(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct ci_class_input *in = w->in;
	struct ci_class *k = w->rec;
	struct ci_attr_def *inherited = NULL;
	size_t inherited_count = 0;
	enum sw_err rc;
	if (w->creating && in->set_parent && in->parent &&
	    (rc = place_class(c, in->parent, k, &inherited, &inherited_count, err)))
		return rc;
	if (!w->creating && in->set_attrs && k->parent_id &&
	    (rc = all_defs(c, k->parent_id, &inherited, &inherited_count, err)))
		return rc;
	if (w->creating || in->set_attrs) {
		validate_defs(c, in, inherited, inherited_count, err);
		if (err->code || (rc = resolve_defs(c, in, &k->attrs, err)))
			return err->code ? err->code : rc;
		k->attr_count = in->attr_count;
	}
	return SW_OK;
}

/* A class's own attribute definitions, when given. */
static enum sw_err class_written(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct ci_class_input *in = w->in;
	return w->creating || in->set_attrs ? store_class_set_attrs(c->store, w->rec, err) : SW_OK;
}

static const struct record_audit class_audit[] = {RECORD_AUDIT_EACH(struct ci_class, name, parent, description)};

/* After the table: each attribute definition's type. */
static void class_changes(struct changes *ch, const struct record_write *w)
{
	const struct ci_class *k = w->rec;
	for (size_t i = 0; i < k->attr_count; i++)
		changes_set_str(ch, k->attrs[i].name, ci_attr_type_name(k->attrs[i].type));
}

static const struct record_copy class_copies[] = {
	RECORD_COPY_NAME(struct ci_class_input, struct ci_class, RECORD_NAME_OWN),
	RECORD_COPY_EACH(struct ci_class_input, struct ci_class, description),
};

RECORD_KIND_DEFINE(ci_class_kind,
		   (struct ci_class, "ci_class", "a CI class", ROLE_ADMIN, ROLE_AGENT, &store_ci_classes),
		   validate_class, apply_class, class_changes, class_copies, RECORD_AUDIT_SNAPSHOT(class_audit),
		   .fresh = &(const struct ci_class){.description = ""}, .reread = true, .written = class_written);

/* ---- CI attributes ------------------------------------------------------------------ */

static const struct ci_attr_def *def_of(const struct ci_attr_def *defs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(defs[i].name, name) == 0)
			return &defs[i];
	return NULL;
}

static bool valid_date(const char *s)
{
	int64_t y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || parse_int64(s, 4, 1, 9999, &y) ||
	    parse_int64(s + 5, 2, 1, 12, &m) || parse_int64(s + 8, 2, 1, 31, &d))
		return false;
	int yy, mm, dd;
	tz_civil_from_days(tz_days_from_civil((int)y, (int)m, (int)d), &yy, &mm, &dd);
	return yy == y && mm == m && dd == d;
}

/* Check value v against d; on success *text is how it is stored. */
static enum sw_err check_value(struct ctx *c, const struct ci_attr_def *d, const struct ci_value *v, const char **text,
			       struct sw_error *err)
{
	char path[96];
	snprintf(path, sizeof(path), "attributes.%s", d->name);
	switch (d->type) {
	case CA_STRING:
		if (v->kind != CV_STRING || !core_text_ok(v->s, 1, CI_VALUE_MAX))
			sw_field_fail(err, path, "must be a string of 1 to %d characters", CI_VALUE_MAX);
		else
			*text = v->s;
		break;
	case CA_INT:
		if (v->kind != CV_INT)
			sw_field_fail(err, path, "must be an integer");
		else
			*text = arena_printf(c->arena, "%lld", (long long)v->i);
		break;
	case CA_BOOL:
		if (v->kind != CV_BOOL)
			sw_field_fail(err, path, "must be true or false");
		else
			*text = v->b ? "true" : "false";
		break;
	case CA_DATE:
		if (v->kind != CV_STRING || !valid_date(v->s))
			sw_field_fail(err, path, "must be a date YYYY-MM-DD");
		else
			*text = v->s;
		break;
	case CA_ENUM: {
		bool ok = false;
		for (size_t i = 0; v->kind == CV_STRING && i < d->choice_count; i++)
			ok |= strcmp(v->s, d->choices[i]) == 0;
		if (!ok) {
			const char *choices = "";
			for (size_t i = 0; i < d->choice_count; i++)
				choices = arena_printf(c->arena, "%s%s%s", choices, i ? ", " : "", d->choices[i]);
			sw_field_fail(err, path, "must be one of %s", choices ? choices : "");
		} else {
			*text = v->s;
		}
		break;
	}
	case CA_REFERENCE: {
		if (v->kind != CV_INT || v->i < 1) {
			sw_field_fail(err, path, "must be the id of a CI of class '%s'", d->ref_class);
			break;
		}
		struct ci target;
		struct sw_error look;
		sw_error_clear(&look);
		enum sw_err rc = store_ci_by_id(c->store, v->i, &target, &look);
		bool is_a = false;
		if (!rc && (rc = class_is_a(c, target.class_id, d->ref_class_id, &is_a, err)))
			return rc;
		if (rc == SW_ENOTFOUND || (!rc && !is_a))
			core_reference_fail(err, path, "no CI %lld of class '%s'", (long long)v->i, d->ref_class);
		else if (rc)
			return sw_fail(err, rc, NULL, "%s", look.detail);
		else
			*text = arena_printf(c->arena, "%lld", (long long)v->i);
		break;
	}
	case CA_TYPE__COUNT: break;
	}
	return SW_OK;
}

/* Typed values from stored text, by the definitions (unknown ones stay strings). */
void ci_value_type(const struct ci_attr_def *d, struct ci_value *v)
{
	if (v->kind != CV_STRING || !v->s)
		return;
	int64_t x;
	if ((d->type == CA_INT || d->type == CA_REFERENCE) &&
	    !parse_int64(v->s, strlen(v->s), INT64_MIN, INT64_MAX, &x)) {
		v->kind = CV_INT;
		v->i = x;
	} else if (d->type == CA_BOOL && (!strcmp(v->s, "true") || !strcmp(v->s, "false"))) {
		v->kind = CV_BOOL;
		v->b = strcmp(v->s, "true") == 0;
	}
}

static void type_values(const struct ci_attr_def *defs, size_t n, struct ci *k)
{
	for (size_t i = 0; i < k->attr_count; i++) {
		const struct ci_attr_def *d = def_of(defs, n, k->attrs[i].name);
		if (d)
			ci_value_type(d, &k->attrs[i]);
	}
}

/* Merge in's attribute values into k's stored ones, check the result
 * against the class definitions, and write them. */
static enum sw_err write_attrs(struct ctx *c, struct ci *k, const struct ci_input *in, bool creating,
			       struct sw_error *err)
{
	struct ci_attr_def *defs;
	size_t ndefs;
	enum sw_err rc = all_defs(c, k->class_id, &defs, &ndefs, err);
	if (rc)
		return rc;
	size_t max = k->attr_count + in->attr_count;
	struct ci_value *v = arena_alloc(c->arena, (max + 1) * sizeof(*v));
	int64_t *uniq = arena_alloc(c->arena, (max + 1) * sizeof(*uniq));
	if (!v || !uniq)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	size_t n = 0;
	for (size_t i = 0; i < k->attr_count; i++) /* stored values are text already */
		v[n++] = (struct ci_value){.name = k->attrs[i].name, .kind = CV_STRING, .s = k->attrs[i].s};
	for (size_t i = 0; in->set_attrs && i < in->attr_count; i++) {
		const struct ci_value *x = &in->attrs[i];
		size_t j = 0;
		while (j < n && strcmp(v[j].name, x->name) != 0)
			j++;
		const struct ci_attr_def *d = def_of(defs, ndefs, x->name);
		char path[96];
		snprintf(path, sizeof(path), "attributes.%s", x->name);
		if (!d) {
			sw_field_fail(err, path, "is not an attribute of class '%s'", k->class_name);
			continue;
		}
		if (x->kind == CV_NULL) { /* remove */
			if (j < n)
				v[j] = v[--n];
			continue;
		}
		const char *text = NULL;
		if ((rc = check_value(c, d, x, &text, err)))
			return rc;
		if (!text)
			continue;
		v[j] = (struct ci_value){.name = x->name, .kind = CV_STRING, .s = text};
		if (j == n)
			n++;
	}
	/* the values kept must still fit the (possibly new or changed) class */
	int taken = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ci_attr_def *d = def_of(defs, ndefs, v[i].name);
		char path[96];
		snprintf(path, sizeof(path), "attributes.%s", v[i].name);
		if (!d)
			sw_field_fail(err, path, "is not an attribute of class '%s' (remove it with null)",
				      k->class_name);
		bool given = false;
		for (size_t j = 0; in->set_attrs && j < in->attr_count; j++)
			given |= !strcmp(in->attrs[j].name, v[i].name);
		if (d && !given) { /* a stored value: checked again as its definition says now */
			struct ci_value typed = {.name = v[i].name, .kind = CV_STRING, .s = v[i].s};
			const char *text = NULL;
			ci_value_type(d, &typed);
			if ((rc = check_value(c, d, &typed, &text, err)))
				return rc;
		}
		uniq[i] = d && d->unique ? d->class_id : 0;
		int64_t holder = 0;
		if (uniq[i] && (rc = store_ci_unique_owner(c->store, uniq[i], v[i].name, v[i].s, &holder, err)))
			return rc;
		if (holder && holder != k->id) {
			sw_field_fail(err, path, "'%s' is taken by CI %lld (the attribute is unique)", v[i].s,
				      (long long)holder);
			taken++;
		}
	}
	for (size_t i = 0; i < ndefs; i++) {
		if (!defs[i].required)
			continue;
		bool have = false;
		for (size_t j = 0; j < n; j++)
			have |= strcmp(v[j].name, defs[i].name) == 0;
		for (size_t j = 0; in->set_attrs && j < in->attr_count; j++) /* given but wrong: said already */
			have |= in->attrs[j].kind != CV_NULL && strcmp(in->attrs[j].name, defs[i].name) == 0;
		if (!have) {
			char path[96];
			snprintf(path, sizeof(path), "attributes.%s", defs[i].name);
			sw_field_fail(err, path, "is required for class '%s'", defs[i].class_name);
		}
	}
	(void)creating;
	if (err->code) {
		if (taken && taken == err->field_count) { /* only taken values: a conflict, not bad input */
			err->code = SW_ECONFLICT;
			snprintf(err->type, sizeof(err->type), "duplicate");
		}
		return err->code;
	}
	rc = store_ci_set_attrs(c->store, k->id, v, n, uniq, err);
	if (rc == SW_ECONFLICT) {
		sw_error_clear(err);
		for (size_t i = 0; i < n; i++)
			if (uniq[i]) {
				char path[96];
				snprintf(path, sizeof(path), "attributes.%s", v[i].name);
				sw_field_fail(err, path, "'%s' is taken by another CI (the attribute is unique)",
					      v[i].s);
			}
		snprintf(err->type, sizeof(err->type), "duplicate");
		err->code = SW_ECONFLICT;
		rc = SW_ECONFLICT;
	}
	return rc;
}

/* ---- CIs -------------------------------------------------------------------------- */

static enum sw_err validate_ci(const struct ci_input *in, bool creating, struct sw_error *err)
{
	record_check_text(err, "name", creating, in->set_name, in->name, LIMIT_NAME_LEN);
	if (creating && !in->set_class)
		sw_field_fail(err, "class", "is required");
	if (in->set_status)
		core_value_check(err, "status", &ci_status_name_list, in->status);
	if (in->set_environment && !core_text_ok(in->environment, 0, 50))
		sw_field_fail(err, "environment", "must be at most 50 characters");
	if (in->set_location && !core_text_ok(in->location, 0, LIMIT_NAME_LEN))
		sw_field_fail(err, "location", "must be at most %d characters", LIMIT_NAME_LEN);
	if (in->set_external_id && in->external_id && !core_text_ok(in->external_id, 1, LIMIT_NAME_LEN))
		sw_field_fail(err, "external_id", "must be 1 to %d characters", LIMIT_NAME_LEN);
	else if (in->set_external_id && in->external_id && in->external_id[0] == '#')
		sw_field_fail(err, "external_id", "must not start with '#' (imports read #N as a CI's own id)");
	if (in->set_attrs && in->attr_count > CI_ATTRS_MAX)
		sw_field_fail(err, "attributes", "must have at most %d values", CI_ATTRS_MAX);
	return err->code;
}

/* A CI's plain fields (it is not a record kind: versions, attributes). */
static const struct record_copy ci_copies[] = {
	RECORD_COPY_EACH(struct ci_input, struct ci, name, environment, location, external_id),
	RECORD_COPY_VALUE(struct ci_input, struct ci, status, ci_status_name_list),
};

static enum sw_err apply_ci(struct ctx *c, const struct ci_input *in, struct ci *k, struct sw_error *err)
{
	enum sw_err rc;
	record_copy_from(ci_copies, COUNT(ci_copies), in, k, false);
	if (in->set_class) {
		struct ci_class cls;
		if ((rc = core_ref_find(c, CORE_REF_CI_CLASS, "class", in->class_name, &cls, err)))
			return rc == SW_ENOTFOUND ? err->code : rc;
		k->class_id = cls.id;
		k->class_name = cls.name;
	}
	if (in->set_owner && (rc = core_ref_set(c, CORE_REF_USER, "owner", in->owner, &k->owner_id, &k->owner, err)))
		return rc;
	if (in->set_group &&
	    (rc = core_ref_set(c, CORE_REF_GROUP, "support_group", in->group, &k->group_id, &k->group, err)))
		return rc;
	k->updated_at = c->now;
	return err->code;
}

static const struct record_audit ci_audit[] = {
	RECORD_AUDIT_EACH(struct ci, name),
	RECORD_AUDIT(struct ci, "class", class_name),
	RECORD_AUDIT_VALUE(struct ci, "status", status, ci_status_name_list),
	RECORD_AUDIT_EACH(struct ci, environment, location, external_id, owner),
	RECORD_AUDIT(struct ci, "support_group", group),
};

static enum sw_err audit_ci(struct ctx *c, const struct ci *b, const struct ci *a, const struct ci_input *in,
			    const char *action, struct sw_error *err)
{
	struct changes ch;
	changes_init(&ch);
	record_audit_diff(&ch, ci_audit, COUNT(ci_audit), b, a, b->id != 0);
	for (size_t i = 0; in->set_attrs && i < in->attr_count; i++) {
		const struct ci_value *v = &in->attrs[i];
		char name[96];
		snprintf(name, sizeof(name), "attributes.%s", v->name);
		if (v->kind == CV_INT)
			changes_set_int(&ch, name, v->i);
		else
			changes_set_str(&ch, name,
					v->kind == CV_NULL   ? NULL
					: v->kind == CV_BOOL ? (v->b ? "true" : "false")
							     : v->s);
	}
	return audit_changes(c, "ci", a->id, action, false, &ch, err);
}

/* A retired CI is read-only: 409 "retired" unless this very write
 * reactivates it (its status set to another), which its history records. */
static enum sw_err retired_check(const struct ci *k, const struct ci_input *reactivating, struct sw_error *err)
{
	if (k->status != CI_RETIRED)
		return SW_OK;
	enum ci_status to;
	if (reactivating && reactivating->set_status && reactivating->status &&
	    ci_status_parse(reactivating->status, &to) == 0 && to != CI_RETIRED)
		return SW_OK;
	return sw_fail(err, SW_ECONFLICT, "retired",
		       "CI %lld (%s) is retired and read-only: reactivate it first (set its status)", (long long)k->id,
		       k->name);
}

static enum sw_err load_typed(struct ctx *c, int64_t id, struct ci *out, struct sw_error *err)
{
	enum sw_err rc = store_ci_by_id(c->store, id, out, err);
	struct ci_attr_def *defs;
	size_t n;
	if (!rc && !(rc = all_defs(c, out->class_id, &defs, &n, err)))
		type_values(defs, n, out);
	return rc;
}

/* In the transaction: in applied to k (before as it was; all zero for a
 * new CI), the row, its attribute values and the audit row written, and
 * the CI as stored read into out. */
static enum sw_err write_ci(struct ctx *c, const struct ci_input *in, const struct ci *before, struct ci *k,
			    struct ci *out, struct sw_error *err)
{
	bool creating = !before->id;
	enum sw_err rc = apply_ci(c, in, k, err);
	if (rc)
		return rc;
	rc = creating ? store_ci_insert(c->store, k, err) : store_ci_update(c->store, k, before->version, err);
	if (rc == SW_ECONFLICT)
		rc = sw_fail(err, SW_ECONFLICT, "duplicate", "a CI with external id '%s' exists",
			     k->external_id ? k->external_id : "");
	if (rc || (rc = write_attrs(c, k, in, creating, err)) ||
	    (rc = audit_ci(c, before, k, in, creating ? "create" : "update", err)))
		return rc;
	return load_typed(c, k->id, out, err);
}

enum sw_err ci_create(struct ctx *c, const struct ci_input *in, struct ci *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc || (rc = validate_ci(in, true, err)) || (rc = core_tx_begin(c, err)))
		return rc;
	struct ci blank = {0};
	struct ci k = {.status = CI_IN_SERVICE, .environment = "", .location = "", .version = 1, .created_at = c->now};
	return core_tx_end(c, write_ci(c, in, &blank, &k, out, err), err);
}

enum sw_err ci_update(struct ctx *c, int64_t id, int64_t expected_version, const struct ci_input *in, struct ci *out,
		      struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc || (rc = validate_ci(in, false, err)) || (rc = core_tx_begin(c, err)))
		return rc;
	struct ci before, k;
	if ((rc = store_ci_by_id(c->store, id, &before, err)))
		goto out;
	if (expected_version && before.version != expected_version) {
		rc = sw_fail(err, SW_ESTALE, "stale-version",
			     "the CI was changed by someone else; its current version is %lld",
			     (long long)before.version);
		err->current_version = before.version;
		goto out;
	}
	if ((rc = retired_check(&before, in, err)))
		goto out;
	k = before;
	rc = write_ci(c, in, &before, &k, out, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err ci_get(struct ctx *c, int64_t id, struct ci *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	return rc ? rc : load_typed(c, id, out, err);
}

/* The most field changes ci_get_as_of folds. */
#define CI_AS_OF_FIELDS_MAX 100000

/* Field f of an audit row set on k (attributes into attrs, n of them). */
static void fold_field(struct ci *k, struct ci_value *attrs, size_t *n, const struct audit_field *f)
{
	static const char prefix[] = "attributes.";
	if (strncmp(f->name, prefix, sizeof(prefix) - 1) == 0) {
		const char *name = f->name + sizeof(prefix) - 1;
		size_t j = 0;
		while (j < *n && strcmp(attrs[j].name, name) != 0)
			j++;
		if (!f->value) { /* removed */
			if (j < *n)
				attrs[j] = attrs[--*n];
			return;
		}
		attrs[j] = (struct ci_value){.name = name, .kind = CV_STRING, .s = f->value};
		if (j == *n)
			++*n;
		return;
	}
	const char *v = f->value;
	if (!strcmp(f->name, "name"))
		k->name = v;
	else if (!strcmp(f->name, "class"))
		k->class_name = v;
	else if (!strcmp(f->name, "status") && v)
		ci_status_parse(v, &k->status);
	else if (!strcmp(f->name, "environment"))
		k->environment = v ? v : "";
	else if (!strcmp(f->name, "location"))
		k->location = v ? v : "";
	else if (!strcmp(f->name, "external_id"))
		k->external_id = v;
	else if (!strcmp(f->name, "owner"))
		k->owner = v;
	else if (!strcmp(f->name, "support_group"))
		k->group = v;
}

enum sw_err ci_get_as_of(struct ctx *c, int64_t id, int64_t at, struct ci *out, struct sw_error *err)
{
	struct ci now;
	struct audit_field *rows;
	size_t n, attr_count = 0;
	enum sw_err rc = ci_get(c, id, &now, err);
	if (rc || (rc = store_audit_fields(c->store, "ci", id, at, CI_AS_OF_FIELDS_MAX, &rows, &n, err)))
		return rc;
	struct ci k = {
		.id = id, .class_id = now.class_id, .class_name = now.class_name, .environment = "", .location = ""};
	struct ci_value *attrs = arena_alloc(c->arena, (n + 1) * sizeof(*attrs));
	if (!attrs)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	int64_t row = 0;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].id != row) { /* each write is one row and one version */
			row = rows[i].id;
			k.version++;
			k.updated_at = rows[i].at;
			if (!strcmp(rows[i].action, "create"))
				k.created_at = rows[i].at;
		}
		fold_field(&k, attrs, &attr_count, &rows[i]);
	}
	if (!k.created_at)
		return sw_fail(err, SW_ENOTFOUND, NULL, "CI %lld did not exist then", (long long)id);
	k.attrs = attrs;
	k.attr_count = attr_count;
	struct ci_attr_def *defs;
	size_t ndefs;
	if ((rc = all_defs(c, k.class_id, &defs, &ndefs, err)))
		return rc;
	type_values(defs, ndefs, &k);
	*out = k;
	return SW_OK;
}

enum sw_err ci_find(struct ctx *c, int64_t id, struct sw_error *err)
{
	struct ci k;
	return store_ci_by_id(c->store, id, &k, err);
}

enum sw_err ci_list(struct ctx *c, const struct ci_filter *f, const struct page *p, struct ci_list *out,
		    struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc || (rc = store_ci_list(c->store, f, p, out, err)))
		return rc;
	/* one definition lookup per class on the page */
	int64_t last = 0;
	struct ci_attr_def *defs = NULL;
	size_t n = 0;
	for (size_t i = 0; !rc && i < out->count; i++) {
		if (out->items[i].class_id != last && (rc = all_defs(c, out->items[i].class_id, &defs, &n, err)))
			break;
		last = out->items[i].class_id;
		type_values(defs, n, &out->items[i]);
	}
	return rc;
}

/* ---- relationships ---------------------------------------------------------------- */

/* A relationship made or removed is in the history of both its CIs: the
 * relationship, its type and its two ends (id and name). */
static enum sw_err audit_relation(struct ctx *c, const struct ci_relation *x, const char *action, struct sw_error *err)
{
	const int64_t ends[] = {x->from_id, x->to_id};
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < 2; i++) {
		struct changes ch;
		changes_init(&ch);
		changes_set_int(&ch, "relation", x->id);
		changes_set_str(&ch, "type", ci_rel_name(x->type));
		changes_set_int(&ch, "from", x->from_id);
		changes_set_str(&ch, "from_name", x->from_name);
		changes_set_int(&ch, "to", x->to_id);
		changes_set_str(&ch, "to_name", x->to_name);
		rc = audit_changes(c, "ci", ends[i], action, false, &ch, err);
	}
	return rc;
}

enum sw_err ci_relate(struct ctx *c, int64_t from_id, const char *type, int64_t to_id, struct ci_relation *out,
		      struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	struct ci_relation x = {.from_id = from_id, .to_id = to_id, .created_at = c->now};
	if (!type)
		sw_field_fail(err, "type", "is required");
	else if (ci_rel_parse(type, &x.type))
		core_value_check(err, "type", &ci_rel_name_list, type);
	if (!to_id)
		sw_field_fail(err, "to", "is required");
	else if (to_id == from_id)
		sw_field_fail(err, "to", "a CI cannot be related to itself");
	if ((rc = core_tx_begin_valid(c, err)))
		return rc;
	struct ci from, to;
	if ((rc = store_ci_by_id(c->store, from_id, &from, err)))
		goto out;
	if ((rc = core_ref_find_ci(c, "to", to_id, &to, err))) {
		rc = rc == SW_ENOTFOUND ? err->code : rc;
		goto out;
	}
	if ((rc = retired_check(&from, NULL, err)) || (rc = retired_check(&to, NULL, err)))
		goto out;
	rc = store_rel_insert(c->store, &x, err);
	if (rc == SW_ECONFLICT)
		rc = sw_fail(err, SW_ECONFLICT, "duplicate", "%s already %s %s", from.name, ci_rel_name(x.type),
			     to.name);
	if (rc)
		goto out;
	if (!(rc = store_rel_by_id(c->store, x.id, out, err)))
		rc = audit_relation(c, out, "relate", err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err ci_unrelate(struct ctx *c, int64_t relation_id, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc || (rc = core_tx_begin(c, err)))
		return rc;
	struct ci_relation x;
	struct ci from, to;
	if ((rc = store_rel_by_id(c->store, relation_id, &x, err)) ||
	    (rc = store_ci_by_id(c->store, x.from_id, &from, err)) ||
	    (rc = store_ci_by_id(c->store, x.to_id, &to, err)) || (rc = retired_check(&from, NULL, err)) ||
	    (rc = retired_check(&to, NULL, err)) || (rc = store_rel_delete(c->store, x.id, err)))
		goto out;
	rc = audit_relation(c, &x, "unrelate", err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err ci_relations_all(struct ctx *c, int64_t after_id, int limit, struct ci_relation_list *out,
			     struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	return rc ? rc : store_rels_after(c->store, after_id, limit, out, err);
}

enum sw_err ci_relations(struct ctx *c, int64_t id, struct ci_relation_list *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	struct ci k;
	if (rc || (rc = store_ci_by_id(c->store, id, &k, err)))
		return rc;
	return store_rels_of_ci(c->store, id, out, err);
}

/* ---- graph walks ------------------------------------------------------------------- */

/* Open-addressed set of (kind, id) -> node index, kept at most half full. */
struct seen {
	uint64_t *keys; /* 0 = empty */
	int32_t *index;
	size_t cap;
};

static uint64_t key_of(enum graph_kind k, int64_t id)
{
	return ((uint64_t)k + 1) << 60 | ((uint64_t)id & 0x0fffffffffffffffULL);
}

static size_t slot(const struct seen *s, uint64_t key)
{
	uint64_t h = key * 0x9e3779b97f4a7c15ULL;
	size_t i = (size_t)(h >> 20) & (s->cap - 1);
	while (s->keys[i] && s->keys[i] != key)
		i = (i + 1) & (s->cap - 1);
	return i;
}

/* The walk's memory grows with what it reaches, not with max_nodes: most
 * answers are far smaller than the cap, and sizing (and zeroing) for the
 * cap cost every request megabytes of fresh pages. */
#define WALK_NODES_MIN 256

struct walk_state {
	struct arena *arena;
	struct graph_node *nodes;
	size_t count, cap;
	struct seen seen;
};

static bool seen_resize(struct walk_state *w, size_t cap)
{
	struct seen s = {.cap = cap};
	s.keys = arena_alloc(w->arena, cap * sizeof(*s.keys)); /* zeroed */
	s.index = arena_alloc(w->arena, cap * sizeof(*s.index));
	if (!s.keys || !s.index)
		return false;
	for (size_t i = 0; i < w->seen.cap; i++)
		if (w->seen.keys[i]) {
			size_t sl = slot(&s, w->seen.keys[i]);
			s.keys[sl] = w->seen.keys[i];
			s.index[sl] = w->seen.index[i];
		}
	w->seen = s;
	return true;
}

/* Room for one more node; the nodes move, so each via is moved with them. */
static bool nodes_reserve(struct walk_state *w)
{
	if (w->count < w->cap)
		return true;
	size_t cap = w->cap * 2;
	struct graph_node *nodes = arena_alloc(w->arena, cap * sizeof(*nodes));
	if (!nodes || !seen_resize(w, cap * 2))
		return false;
	for (size_t i = 0; i < w->count; i++) {
		nodes[i] = w->nodes[i];
		if (nodes[i].via)
			nodes[i].via = nodes + (nodes[i].via - w->nodes);
	}
	w->nodes = nodes;
	w->cap = cap;
	return true;
}

static bool seen_has(const struct walk_state *w, enum graph_kind kind, int64_t id)
{
	return w->seen.keys[slot(&w->seen, key_of(kind, id))] != 0;
}

/* Adds n, reached from the node at index via (or from nowhere if via is
 * SIZE_MAX), unless (kind, id) was reached already. */
static bool node_add(struct walk_state *w, const struct graph_node *n, size_t via)
{
	uint64_t key = key_of(n->kind, n->id);
	if (w->seen.keys[slot(&w->seen, key)])
		return true;
	if (!nodes_reserve(w))
		return false;
	size_t sl = slot(&w->seen, key);
	w->seen.keys[sl] = key;
	w->seen.index[sl] = (int32_t)w->count;
	w->nodes[w->count] = *n;
	w->nodes[w->count].via = via == SIZE_MAX ? NULL : &w->nodes[via];
	w->count++;
	return true;
}

static size_t node_index(const struct walk_state *w, enum graph_kind kind, int64_t id)
{
	return (size_t)w->seen.index[slot(&w->seen, key_of(kind, id))];
}

struct step {
	enum graph_kind from;
	enum walk walk;
	enum graph_kind to;
};

static const struct step up_steps[] = {
	{GK_CI, WALK_CI_UP, GK_CI},
	{GK_CI, WALK_SERVICES_OF_CIS, GK_SERVICE},
	{GK_SERVICE, WALK_SERVICES_UP, GK_SERVICE},
	{GK_SERVICE, WALK_OBJECTIVES, GK_OBJECTIVE},
};

static const struct step down_steps[] = {
	{GK_SERVICE, WALK_SERVICES_DOWN, GK_SERVICE},
	{GK_SERVICE, WALK_CIS_OF_SERVICES, GK_CI},
	{GK_CI, WALK_CI_DOWN, GK_CI},
};

/* Breadth-first from start, following steps, at most depth levels. */
static enum sw_err walk(struct ctx *c, const struct graph_node *start, const struct step *steps, size_t nsteps,
			int depth, size_t max_nodes, struct graph_result *out, struct sw_error *err)
{
	struct walk_state w = {.arena = c->arena, .cap = WALK_NODES_MIN};
	w.nodes = arena_alloc(c->arena, w.cap * sizeof(*w.nodes));
	if (!w.nodes || !seen_resize(&w, w.cap * 2))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	struct graph_node first = *start;
	first.depth = 0;
	node_add(&w, &first, SIZE_MAX);
	size_t level_start = 0;
	bool truncated = false;
	for (int level = 1; level <= depth && level_start < w.count && !truncated; level++) {
		size_t level_end = w.count;
		for (size_t st = 0; st < nsteps && !truncated; st++) {
			/* the frontier's nodes of this step's kind, in batches */
			int64_t batch[WALK_BATCH];
			size_t nb = 0;
			for (size_t i = level_start; i <= level_end && !truncated; i++) {
				if (i < level_end && w.nodes[i].kind == steps[st].from)
					batch[nb++] = w.nodes[i].id;
				if (nb == 0 || (nb < WALK_BATCH && i < level_end))
					continue;
				struct walk_row *rows;
				size_t nrows;
				enum sw_err rc = store_walk(c->store, steps[st].walk, batch, nb, &rows, &nrows, err);
				if (rc)
					return rc;
				nb = 0;
				for (size_t r = 0; r < nrows; r++) {
					if (w.count == max_nodes && !seen_has(&w, steps[st].to, rows[r].id)) {
						truncated = true;
						break;
					}
					struct graph_node n = {.kind = steps[st].to,
							       .id = rows[r].id,
							       .name = rows[r].name,
							       .depth = level,
							       .relation = rows[r].relation};
					if (!node_add(&w, &n, node_index(&w, steps[st].from, rows[r].from)))
						return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
				}
			}
		}
		level_start = level_end;
	}
	out->items = w.nodes;
	out->count = w.count;
	out->truncated = truncated;
	return SW_OK;
}

enum sw_err graph_walk(struct ctx *c, enum graph_kind kind, int64_t id, const char *name, bool upward, int depth,
		       size_t max_nodes, struct graph_result *out, struct sw_error *err)
{
	struct graph_node start = {.kind = kind, .id = id, .name = name};
	if (max_nodes < 1 || max_nodes > IMPACT_NODES_MAX)
		max_nodes = IMPACT_NODES_MAX;
	return upward ? walk(c, &start, up_steps, COUNT(up_steps), depth, max_nodes, out, err)
		      : walk(c, &start, down_steps, COUNT(down_steps), depth, max_nodes, out, err);
}

enum sw_err graph_walk_from(struct ctx *c, enum graph_kind kind, int64_t id, bool upward, int depth,
			    struct graph_result *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	if (depth < 1 || depth > IMPACT_DEPTH_MAX)
		return sw_fail(err, SW_EBADREQ, "bad-request", "depth must be 1 to %d", IMPACT_DEPTH_MAX);
	union {
		struct ci ci;
		struct service service;
	} start;
	const char *name;
	if (kind == GK_SERVICE) {
		rc = store_service_by_id(c->store, id, &start.service, err);
		name = start.service.name;
	} else {
		rc = store_ci_by_id(c->store, id, &start.ci, err);
		name = start.ci.name;
	}
	return rc ? rc : graph_walk(c, kind, id, name, upward, depth, IMPACT_NODES_MAX, out, err);
}

enum sw_err ci_impact(struct ctx *c, int64_t id, int depth, struct graph_result *out, struct sw_error *err)
{
	return graph_walk_from(c, GK_CI, id, true, depth, out, err);
}
