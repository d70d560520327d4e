/*
 * catalog.c — catalogue items (a record kind), their form versions,
 * fulfilment plans and bundles, who may order them, and a submission
 * checked against a form; see catalog.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/approval/approval.h"
#include "core/catalog/catalog.h"
#include "core/catalog/upload.h"
#include "core/cmdb/cmdb.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/port/account.h"
#include "core/port/approval.h"
#include "core/port/catalog.h"
#include "core/port/ticket.h"
#include "markdown/markdown.h"
#include "base/banned.h"

static void check_text(struct sw_error *err, bool set, const char *field, const char *s, size_t max)
{
	if (set && s && !core_text_ok(s, 0, max))
		sw_field_fail(err, field, "must be at most %zu characters", max);
}

static void validate_item(const void *v, bool creating, struct sw_error *err)
{
	const struct catalog_item_input *in = v;
	if (creating && (!in->set_short_description || !in->short_description))
		sw_field_fail(err, "short_description", "is required");
	else if (in->set_short_description && !core_text_ok(in->short_description, 1, LIMIT_TITLE_LEN))
		sw_field_fail(err, "short_description", "must be 1 to %d characters", LIMIT_TITLE_LEN);
	check_text(err, in->set_description, "description", in->description, LIMIT_DESCRIPTION_LEN);
	check_text(err, in->set_category, "category", in->category, LIMIT_CATEGORY_LEN);
	check_text(err, in->set_icon, "icon", in->icon, 40);
	check_text(err, in->set_price, "price", in->price, 100);
	if (in->set_delivery_days && (in->delivery_days < 0 || in->delivery_days > 365))
		sw_field_fail(err, "delivery_days", "must be from 0 to 365");
	if (in->set_cost && (in->cost < 0 || in->cost > APPROVAL_COST_MAX))
		sw_field_fail(err, "cost", "must be from 0 to %lld", (long long)APPROVAL_COST_MAX);
	if (in->set_variables)
		form_check_definition(NULL, "variables", in->variables, in->variable_count, err);
}

/* Each name of names is a record of kind (a group, a catalogue item), at field[i]. */
static enum sw_err check_groups(struct ctx *c, const char *const *names, size_t n, struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	for (size_t i = 0; (!rc || rc == SW_ENOTFOUND) && i < n; i++) {
		char f[48];
		snprintf(f, sizeof(f), "order_groups[%zu]", i);
		rc = core_ref_find(c, CORE_REF_GROUP, f, names[i], NULL, err);
	}
	return rc == SW_ENOTFOUND ? SW_OK : rc;
}

/* A bundle's members: other items that exist and are no bundles themselves. */
static enum sw_err check_bundle(struct ctx *c, const struct catalog_item *item, struct sw_error *err)
{
	for (size_t i = 0; i < item->bundle_count; i++) {
		char f[48];
		snprintf(f, sizeof(f), "bundle[%zu]", i);
		if (str_same(item->bundle[i], item->name)) {
			sw_field_fail(err, f, "an item cannot be a member of itself");
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (str_same(item->bundle[j], item->bundle[i]))
				sw_field_fail(err, f, "'%s' is listed twice", item->bundle[i]);
		struct catalog_item m;
		struct record_key key = {.name = item->bundle[i]};
		struct sw_error look;
		sw_error_clear(&look);
		enum sw_err rc = store_catalog_items.load(c->store, &key, &m, &look);
		if (rc == SW_ENOTFOUND) {
			sw_field_fail(err, f, "no catalogue item '%s'", item->bundle[i]);
		} else if (rc) {
			*err = look;
			return rc;
		} else if (m.bundle_count) {
			sw_field_fail(err, f, "'%s' is a bundle itself", m.name);
		}
	}
	return SW_OK;
}

static enum sw_err apply_item(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct catalog_item_input *in = w->in;
	struct catalog_item *it = w->rec;
	const struct catalog_item *before = w->before;
	enum sw_err rc;
	if (in->set_order_groups && (rc = check_groups(c, in->order_groups, in->order_group_count, err)))
		return rc;
	if (in->set_approval_policy && in->approval_policy) {
		struct approval_policy p;
		struct record_key key = {.name = in->approval_policy};
		struct sw_error look;
		sw_error_clear(&look);
		rc = store_approval_policies.load(c->store, &key, &p, &look);
		if (rc == SW_ENOTFOUND) {
			sw_field_fail(err, "approval_policy", "no approval policy '%s'", in->approval_policy);
		} else if (rc) {
			*err = look;
			return rc;
		} else if (!str_same(p.kind, "request")) {
			sw_field_fail(err, "approval_policy", "approval policy '%s' is for %s, not request", p.name,
				      p.kind);
		}
	}
	if (in->set_bundle && (rc = check_bundle(c, it, err)))
		return rc;
	if (w->creating) {
		it->form_version = 1;
	} else if (in->set_variables &&
		   !form_same(in->variables, in->variable_count, before->variables, before->variable_count)) {
		it->form_version = before->form_version + 1;
		/* the plan shows variables of the form it fulfils */
		struct sw_error plan;
		sw_error_clear(&plan);
		plan_check(c->arena, "plan", it->plan, it->plan_count, it->variables, it->variable_count, &plan);
		if (plan.code)
			sw_field_fail(err, "variables", "the fulfilment plan shows a variable this form drops: %s",
				      plan.field_count ? plan.fields[0].detail : plan.detail);
	}
	return err->code;
}

/* A new version's variables, or the first one's. */
static enum sw_err item_written(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct catalog_item *it = w->rec, *before = w->before;
	if (!w->creating && it->form_version == before->form_version)
		return SW_OK;
	return store_catalog_form_insert(c->store, it->id, it->form_version, it->variables, it->variable_count, err);
}

static void item_changes(struct changes *ch, const struct record_write *w)
{
	const struct catalog_item *it = w->rec, *before = w->before;
	if (w->creating || it->form_version != before->form_version)
		changes_set_int(ch, "variables", (int64_t)it->variable_count);
	if (!w->creating && ((const struct catalog_item_input *)w->in)->set_bundle)
		changes_set_int(ch, "bundle", (int64_t)it->bundle_count);
}

/* Who may order it: none named is everyone; else a member of a group named. */
static enum sw_err may_order(struct ctx *c, const struct catalog_item *item, bool *ok, struct sw_error *err)
{
	*ok = item->active;
	if (!*ok || !item->order_group_count || authz_is_agent(&c->actor))
		return SW_OK;
	const char **mine;
	size_t n;
	enum sw_err rc = store_user_groups(c->store, c->actor.user_id, &mine, &n, err);
	if (rc)
		return rc;
	*ok = false;
	for (size_t i = 0; i < n && !*ok; i++)
		for (size_t j = 0; j < item->order_group_count && !*ok; j++)
			*ok = str_same(mine[i], item->order_groups[j]);
	return SW_OK;
}

enum sw_err catalog_may_order(struct ctx *c, const struct catalog_item *item, struct sw_error *err)
{
	if (!item->active)
		return sw_fail(err, SW_EFORBIDDEN, "retired", "catalogue item '%s' is retired: it cannot be ordered",
			       item->name);
	bool ok;
	enum sw_err rc = may_order(c, item, &ok, err);
	if (rc)
		return rc;
	if (!ok)
		return sw_fail(err, SW_EFORBIDDEN, NULL, "catalogue item '%s' is for other groups", item->name);
	return SW_OK;
}

/* End users see only what they may order (as not found otherwise), and
 * never its fulfilment plan (the desk's groups and instructions): the
 * record handed here is the caller's out, which record_get fills. */
static enum sw_err item_visible(struct ctx *c, const struct record_key *key, const void *rec, struct sw_error *err)
{
	if (authz_is_agent(&c->actor))
		return SW_OK;
	bool ok;
	enum sw_err rc = may_order(c, rec, &ok, err);
	if (!rc && !ok)
		rc = sw_fail(err, SW_ENOTFOUND, NULL, "no catalogue item '%s'", key->name);
	struct catalog_item *shown = (struct catalog_item *)(uintptr_t)rec;
	shown->plan = NULL;
	shown->plan_count = 0;
	return rc;
}

static const struct record_copy item_copies[] = {
	RECORD_COPY_NAME(struct catalog_item_input, struct catalog_item, RECORD_NAME_CHECKED),
	RECORD_COPY_EACH(struct catalog_item_input, struct catalog_item, category, short_description, description, icon,
			 price, approval_policy, active, delivery_days, cost),
	RECORD_COPY_ARRAY(struct catalog_item_input, struct catalog_item, order_groups, order_group_count),
	RECORD_COPY_ARRAY(struct catalog_item_input, struct catalog_item, bundle, bundle_count),
	RECORD_COPY_ARRAY(struct catalog_item_input, struct catalog_item, variables, variable_count),
};

static const struct record_ref item_refs[] = {
	RECORD_REF(struct catalog_item_input, struct catalog_item, CORE_REF_SERVICE, "service", service, service),
};

static const struct record_audit item_audit[] = {
	RECORD_AUDIT_EACH(struct catalog_item, name, service, category, short_description, description, icon, price,
			  approval_policy, active, delivery_days, cost, form_version),
};

RECORD_KIND_DEFINE(catalog_item_kind,
		   (struct catalog_item, "catalog_item", "a catalogue item", ROLE_ADMIN, ROLE_END_USER,
		    &store_catalog_items),
		   validate_item, apply_item, item_changes, item_copies, RECORD_AUDIT_DIFF(item_audit),
		   .written = item_written, .fresh = &(const struct catalog_item){.active = true, .description = ""},
		   .reread = true, .visible = item_visible, RECORD_REFS(item_refs));

/* Does hay contain needle, ASCII case ignored? */
static bool contains(const char *hay, const char *needle)
{
	if (!hay)
		return false;
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return !n;
}

enum sw_err catalog_item_list(struct ctx *c, const char *text, const char *category, bool retired,
			      struct catalog_item_list *out, struct sw_error *err)
{
	struct catalog_item_list all;
	enum sw_err rc = store_catalog_item_list(c->store, &all, err);
	if (rc)
		return rc;
	bool agent = authz_is_agent(&c->actor);
	size_t k = 0;
	for (size_t i = 0; i < all.count; i++) {
		const struct catalog_item *it = &all.items[i];
		bool ok = agent ? it->active || retired : false;
		if (!agent && (rc = may_order(c, it, &ok, err)))
			return rc;
		if (ok && category) {
			size_t n = strlen(category);
			ok = it->category && !strncmp(it->category, category, n) &&
			     (!it->category[n] || it->category[n] == '/');
		}
		if (ok && text)
			ok = contains(it->name, text) || contains(it->short_description, text) ||
			     contains(it->category, text);
		if (ok)
			all.items[k++] = *it;
	}
	*out = (struct catalog_item_list){all.items, k};
	return SW_OK;
}

enum sw_err catalog_item_set_plan(struct ctx *c, const char *name, const struct catalog_plan_input *in,
				  struct catalog_item *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc)
		return rc;
	if (!in->set_tasks)
		sw_field_fail(err, "tasks", "is required: the plan's tasks (an empty array for none)");
	if (err->code || (rc = core_tx_begin(c, err)))
		return err->code ? err->code : rc;
	struct catalog_item it;
	struct record_key key = {.name = name};
	if ((rc = store_catalog_items.load(c->store, &key, &it, err)))
		goto out;
	plan_check(c->arena, "tasks", in->tasks, in->task_count, it.variables, it.variable_count, err);
	for (size_t i = 0; i < in->task_count; i++) {
		char f[48];
		snprintf(f, sizeof(f), "tasks[%zu].group", i);
		struct plan_task *t = &in->tasks[i];
		if ((rc = core_ref_set(c, CORE_REF_GROUP, f, t->group, &t->group_id, &t->group, err)))
			goto out;
	}
	if ((rc = err->code) || (rc = store_catalog_plan_set(c->store, it.id, in->tasks, in->task_count, err)))
		goto out;
	struct changes ch;
	changes_init(&ch);
	changes_set_int(&ch, "plan", (int64_t)in->task_count);
	if ((rc = audit_changes(c, "catalog_item", it.id, "plan", false, &ch, err)))
		goto out;
	rc = store_catalog_items.load(c->store, &key, out, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err catalog_item_form(struct ctx *c, const char *name, int version, struct form_var **vars, size_t *count,
			      int *version_out, struct sw_error *err)
{
	struct catalog_item it;
	struct record_key key = {.name = name};
	enum sw_err rc = record_get(c, &catalog_item_kind, &key, &it, err);
	if (rc)
		return rc;
	if (!version || version == it.form_version) {
		*vars = it.variables;
		*count = it.variable_count;
		*version_out = it.form_version;
		return SW_OK;
	}
	if (version < 1 || version > it.form_version)
		return sw_fail(err, SW_ENOTFOUND, NULL, "catalogue item '%s' has no form version %d", name, version);
	*version_out = version;
	return store_catalog_form(c->store, it.id, version, vars, count, err);
}

/* An attachment variable's value: an upload the caller made (agents: any
 * upload), within the variable's size limit and the upload limit, of a
 * content type the variable takes.  Field errors at f. */
static enum sw_err check_attachment(struct ctx *c, const char *f, const struct form_answer *a, struct sw_error *err)
{
	int64_t id;
	struct attachment at;
	struct sw_error look;
	sw_error_clear(&look);
	if (!strncmp(a->text, UPLOAD_PREFIX, strlen(UPLOAD_PREFIX))) {
		if (upload_named(a->text, &id))
			return upload_check(c, f, id, a->var, err);
		sw_param_fail(err, f, "no upload '%.30s' of yours", a->text);
		return SW_OK;
	}
	if (parse_int64(a->text, strlen(a->text), 1, INT64_MAX, &id))
		return SW_OK;
	enum sw_err rc = store_attachment_get(c->store, id, &at, &look);
	if (rc == SW_ENOTFOUND || (!rc && !str_same(at.created_by, c->actor.login) && !authz_is_agent(&c->actor))) {
		sw_field_fail(err, f, "no attachment %lld that you uploaded", (long long)id);
		return SW_OK;
	}
	if (rc) {
		*err = look;
		return rc;
	}
	int64_t most = a->var && a->var->max_size ? a->var->max_size : LIMIT_BODY_ATTACHMENT;
	if (at.size > most || at.size > LIMIT_BODY_ATTACHMENT)
		sw_field_fail(err, f, "attachment %lld is %lld bytes, over the limit of %lld", (long long)id,
			      (long long)at.size, (long long)most);
	else if (a->var && !form_content_type_takes(a->var, at.content_type))
		sw_field_fail(err, f, "attachment %lld is %s, not a type the variable takes", (long long)id,
			      at.content_type ? at.content_type : "of no type");
	return SW_OK;
}

enum sw_err catalog_answers_resolve(struct ctx *c, const struct form_answers *ans, struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	for (size_t i = 0; (!rc || rc == SW_ENOTFOUND) && i < ans->count; i++) {
		const struct form_answer *a = &ans->items[i];
		char f[96];
		snprintf(f, sizeof(f), "variables.%.60s", a->name);
		if (a->type == FORM_USER) {
			rc = core_ref_find(c, CORE_REF_USER, f, a->text, NULL, err);
		} else if (a->type == FORM_CI) {
			int64_t id;
			struct ci ci;
			if (parse_int64(a->text, strlen(a->text), 1, INT64_MAX, &id))
				continue;
			rc = core_ref_find_ci(c, f, id, &ci, err);
			if (!rc && a->ci_class && !str_same(ci.class_name, a->ci_class))
				sw_field_fail(err, f, "CI %lld is a %s, not a %s", (long long)id, ci.class_name,
					      a->ci_class);
		} else if (a->type == FORM_ATTACHMENT) {
			rc = check_attachment(c, f, a, err);
		}
	}
	return rc == SW_ENOTFOUND ? SW_OK : rc;
}

enum sw_err catalog_item_check(struct ctx *c, const char *name, const struct form_value *values, size_t n,
			       struct catalog_item *item, struct form_answers *out, struct sw_error *err)
{
	struct record_key key = {.name = name};
	enum sw_err rc = record_get(c, &catalog_item_kind, &key, item, err);
	if (rc || (rc = catalog_may_order(c, item, err)))
		return rc;
	if ((rc = form_check_submission(c->arena, item->variables, item->variable_count, values, n, out, err)))
		return rc;
	if ((rc = catalog_answers_resolve(c, out, err)))
		return rc;
	return err->code;
}

enum sw_err catalog_description_html(const char *md, struct buf *out, struct sw_error *err)
{
	return markdown_html(md ? md : "", md ? strlen(md) : 0, NULL, out, err);
}
