/*
 * template.c — incident templates; see template.h.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/authz.h"
#include "core/category.h"
#include "core/core_int.h"
#include "core/store_port.h"
#include "core/template.h"
#include "base/banned.h"

static void check_len(struct sw_error *err, const char *field, const char *s, size_t min, size_t max)
{
	size_t n = s ? utf8_count(s, strlen(s)) : 0;
	if (!s)
		sw_field_fail(err, field, "cannot be null");
	else if (n < min || n > max)
		sw_field_fail(err, field, "must be %zu to %zu characters", min, max);
}

static void validate(const struct template_input *in, bool creating, struct sw_error *err)
{
	if (creating && !in->name)
		sw_field_fail(err, "name", "is required");
	else if (in->name)
		check_len(err, "name", in->name, 1, LIMIT_NAME_LEN);
	if (creating && !in->set_title)
		sw_field_fail(err, "title", "is required");
	else if (in->set_title)
		check_len(err, "title", in->title, 1, LIMIT_TITLE_LEN);
	if (in->set_description)
		check_len(err, "description", in->description, 0, LIMIT_DESCRIPTION_LEN);
	if (in->set_impact && (in->impact < 1 || in->impact > 3))
		sw_field_fail(err, "impact", "must be an integer from 1 (high) to 3 (low)");
	if (in->set_urgency && (in->urgency < 1 || in->urgency > 3))
		sw_field_fail(err, "urgency", "must be an integer from 1 (high) to 3 (low)");
	if (in->set_category && in->category)
		check_len(err, "category", in->category, 1, LIMIT_CATEGORY_LEN);
}

/* Apply in to t, resolving the group and checking the category. */
static enum sw_err apply(struct ctx *c, const struct template_input *in, struct incident_template *t,
			 struct sw_error *err)
{
	enum sw_err rc;
	if (in->set_title)
		t->title = in->title;
	if (in->set_description)
		t->description = in->description;
	if (in->set_impact)
		t->impact = in->impact;
	if (in->set_urgency)
		t->urgency = in->urgency;
	if (in->set_active)
		t->active = in->active;
	if (in->set_category) {
		t->category = in->category;
		if ((rc = category_check(c, "category", in->category, err)))
			return rc;
	}
	if (in->set_group &&
	    (rc = core_ref_set(c, CORE_REF_GROUP, "assignment_group", in->group, &t->group_id, &t->group, err)))
		return rc;
	t->updated_at = c->now;
	return err->code;
}

static enum sw_err audit_template(struct ctx *c, const struct incident_template *b, const struct incident_template *a,
				  const char *action, struct sw_error *err)
{
	struct changes ch;
	changes_init(&ch);
	changes_str(&ch, "name", b->name, a->name);
	changes_str(&ch, "title", b->title, a->title);
	changes_str(&ch, "description", b->description, a->description);
	changes_int(&ch, "impact", b->impact, a->impact);
	changes_int(&ch, "urgency", b->urgency, a->urgency);
	changes_str(&ch, "category", b->category, a->category);
	changes_str(&ch, "assignment_group", b->group, a->group);
	changes_str(&ch, "active", b->id ? (b->active ? "true" : "false") : NULL, a->active ? "true" : "false");
	return audit_changes(c, "template", a->id, action, false, &ch, err);
}

enum sw_err template_create(struct ctx *c, const struct template_input *in, struct incident_template *out,
			    struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc)
		return rc;
	validate(in, true, err);
	if (err->code)
		return err->code;
	struct incident_template t = {
		.name = in->name, .description = "", .impact = 3, .urgency = 3, .active = true, .created_at = c->now};
	if ((rc = core_tx_begin(c, err)))
		return rc;
	if ((rc = apply(c, in, &t, err)))
		goto out;
	rc = store_template_insert(c->store, &t, err);
	if (rc == SW_ECONFLICT)
		rc = sw_fail(err, SW_ECONFLICT, "duplicate", "a template named '%s' exists", in->name);
	struct incident_template blank = {0};
	if (!rc && !(rc = audit_template(c, &blank, &t, "create", err)))
		rc = store_template_by_name(c->store, t.name, out, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err template_update(struct ctx *c, const char *name, const struct template_input *in,
			    struct incident_template *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc)
		return rc;
	if (in->name)
		sw_field_fail(err, "name", "cannot be changed");
	validate(in, false, err);
	if (err->code)
		return err->code;
	if ((rc = core_tx_begin(c, err)))
		return rc;
	struct incident_template before, t;
	if ((rc = store_template_by_name(c->store, name, &before, err)))
		goto out;
	t = before;
	if ((rc = apply(c, in, &t, err)) || (rc = store_template_update(c->store, &t, err)) ||
	    (rc = audit_template(c, &before, &t, "update", err)))
		goto out;
	rc = store_template_by_name(c->store, name, out, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err template_get(struct ctx *c, const char *name, struct incident_template *out, struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	enum sw_err rc = store_template_by_name(c->store, name, out, err);
	if (!rc && !out->active && !authz_is_agent(&c->actor))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no template '%s'", name);
	return rc;
}

enum sw_err template_list(struct ctx *c, struct template_list *out, struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	return store_template_list(c->store, !authz_is_agent(&c->actor), out, err);
}
