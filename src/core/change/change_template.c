/*
 * change_template.c — standard change templates, a record kind
 * (core/kernel/record.h), and how a standard change is raised from one;
 * see change_template.h.
 */
#include <stdio.h>
#include <string.h>

#include "base/each.h"
#include "base/limits.h"
#include "core/kernel/record.h"
#include "core/change/change.h"
#include "core/change/change_template.h"
#include "core/core_int.h"
#include "core/port/change.h"
#include "core/ticket/category.h"
#include "core/ticket/ticket.h"
#include "core/cmdb/service.h"
#include "base/banned.h"

static void check_text(struct sw_error *err, const char *field, const char *s, size_t min, size_t max)
{
	if (s && !core_text_ok(s, min, max))
		sw_field_fail(err, field, "must be %zu to %zu characters", min, max);
}

static void validate(const void *v, bool creating, struct sw_error *err)
{
	const struct change_template_input *in = v;
	if (creating && !in->set_implementation_plan)
		sw_field_fail(err, "implementation_plan", "is required: a standard change is a known procedure");
	else if (in->set_implementation_plan && !in->implementation_plan)
		sw_field_fail(err, "implementation_plan", "cannot be null");
	check_text(err, "implementation_plan", in->implementation_plan, 1, LIMIT_DESCRIPTION_LEN);
	if (in->set_description && !in->description)
		sw_field_fail(err, "description", "cannot be null");
	check_text(err, "description", in->description, 0, LIMIT_DESCRIPTION_LEN);
	check_text(err, "backout_plan", in->backout_plan, 1, LIMIT_DESCRIPTION_LEN);
	check_text(err, "test_plan", in->test_plan, 1, LIMIT_DESCRIPTION_LEN);
	if (in->set_risk) {
		bool known = false;
		for (size_t i = 0; in->risk && change_risks[i]; i++)
			known = known || strcmp(in->risk, change_risks[i]) == 0;
		if (!known)
			sw_field_fail(err, "risk", "must be one of low, medium, high, very_high");
	}
}

/* The lists as the audit row shows them, joined by apply (which has the
 * arena) for the changes hook. */
struct lists {
	const char *services_was, *services_now, *cis_was, *cis_now;
};

static const char *names_joined(struct ctx *c, const char *const *v, size_t n)
{
	const char *s = "";
	for (size_t i = 0; i < n && s; i++)
		s = arena_printf(c->arena, "%s%s%s", s, i ? ", " : "", v[i]);
	return s;
}

/* After the copies: the category, and each service and CI named. */
static enum sw_err apply(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct change_template_input *in = w->in;
	const struct change_template *b = w->before, *a = w->rec;
	enum sw_err rc;
	if (in->set_category && in->category && (rc = category_check(c, "category", in->category, err)))
		return rc;
	for (size_t i = 0; in->set_services && i < in->service_count; i++) {
		struct service v;
		rc = core_ref_find(c, CORE_REF_SERVICE, arena_printf(c->arena, "services[%zu]", i), in->services[i], &v,
				   err);
		if (rc && rc != SW_ENOTFOUND)
			return rc;
	}
	if (in->set_cis && (rc = ticket_ci_set_check(c, "cis", in->cis, in->ci_count, err)))
		return rc;
	*(struct lists *)w->scratch = (struct lists){
		names_joined(c, (const char *const *)b->services, b->service_count),
		names_joined(c, (const char *const *)a->services, a->service_count),
		ticket_id_list(c, b->cis, b->ci_count),
		ticket_id_list(c, a->cis, a->ci_count),
	};
	return err->code;
}

static void list_changes(struct changes *ch, const struct record_write *w)
{
	const struct lists *l = w->scratch;
	changes_str(ch, "services", l->services_was, l->services_now);
	changes_str(ch, "cis", l->cis_was, l->cis_now);
}

static const struct record_copy copies[] = {
	RECORD_COPY_NAME(struct change_template_input, struct change_template, RECORD_NAME_CHECKED_EACH),
	RECORD_COPY_EACH(struct change_template_input, struct change_template, description, category,
			 implementation_plan, backout_plan, test_plan, risk, active),
	RECORD_COPY_ARRAY(struct change_template_input, struct change_template, services, service_count),
	RECORD_COPY_ARRAY(struct change_template_input, struct change_template, cis, ci_count),
};

static const struct record_audit audit[] = {
	RECORD_AUDIT_EACH(struct change_template, name, description, category, implementation_plan, backout_plan,
			  test_plan, risk, active),
};

RECORD_KIND_DEFINE(change_template_kind,
		   (struct change_template, "change_template", "a change template", ROLE_ADMIN, ROLE_AGENT,
		    &store_change_templates),
		   validate, apply, list_changes, copies, RECORD_AUDIT_DIFF(audit),
		   .fresh = &(const struct change_template){.description = "", .risk = "low", .active = true},
		   .scratch_size = sizeof(struct lists), .reread = true);

/* ---- raising a standard change from a template ----------------------------------- */

/* What a change raised from a template takes from it unless given. */
#define CHANGE_FILL_(a_, b_, member_)                                                                                  \
	RECORD_FILL(struct ticket_input, struct change_template, struct ticket, set_##member_, member_, member_)
static const struct record_copy fills[] = {
	RECORD_FILL(struct ticket_input, struct change_template, struct ticket, set_title, name, title),
	EACH(CHANGE_FILL_, -, -, description, category, implementation_plan, backout_plan, test_plan, risk),
};

enum sw_err change_template_apply(struct ctx *c, const struct ticket_input *in, const char *name, struct ticket *t,
				  struct sw_error *err)
{
	struct change_template tp;
	enum sw_err rc = record_load_active(c, &change_template_kind, offsetof(struct change_template, active),
					    "change template", name, &tp, err);
	if (rc)
		return rc;
	if (in->set_change_type && in->change_type && strcmp(in->change_type, "standard") != 0)
		return core_reference_fail(err, "type", "a template raises a standard change");
	t->change_type = "standard";
	record_fill_unset(fills, sizeof(fills) / sizeof(fills[0]), in, &tp, t);
	if (!in->set_affected_cis && tp.ci_count) {
		int64_t *ids = arena_alloc(c->arena, tp.ci_count * sizeof(*ids));
		if (!ids)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		memcpy(ids, tp.cis, tp.ci_count * sizeof(*ids));
		t->affected_cis = ids;
		t->affected_ci_count = tp.ci_count;
	}
	if (!in->set_affected_services && tp.service_count) {
		int64_t *ids = arena_alloc(c->arena, tp.service_count * sizeof(*ids));
		if (!ids)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		for (size_t i = 0; i < tp.service_count; i++) {
			struct service v;
			if ((rc = core_ref_find(c, CORE_REF_SERVICE, "template", tp.services[i], &v, err)))
				return rc == SW_ENOTFOUND ? err->code : rc;
			ids[i] = v.id;
		}
		t->affected_services = ids;
		t->affected_service_count = tp.service_count;
	}
	return SW_OK;
}
