/*
 * template.c — incident templates; see template.h.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "core/kernel/authz.h"
#include "core/ticket/category.h"
#include "core/core_int.h"
#include "core/kernel/record.h"
#include "core/port/config.h"
#include "core/ticket/template.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

static void check_len(struct sw_error *err, const char *field, const char *s, size_t min, size_t max)
{
	if (!s)
		sw_field_fail(err, field, "cannot be null");
	else if (!core_text_ok(s, min, max))
		sw_field_fail(err, field, "must be %zu to %zu characters", min, max);
}

static void validate(const void *v, bool creating, struct sw_error *err)
{
	const struct template_input *in = v;
	if (creating && !in->set_title)
		sw_field_fail(err, "title", "is required");
	else if (in->set_title)
		check_len(err, "title", in->title, 1, LIMIT_TITLE_LEN);
	if (in->set_description)
		check_len(err, "description", in->description, 0, LIMIT_DESCRIPTION_LEN);
	ticket_check_triage(err, in->set_impact, in->impact, in->set_urgency, in->urgency, in->set_category,
			    in->category);
}

/* After the copies and the group: check the category. */
static enum sw_err apply(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct template_input *in = w->in;
	enum sw_err rc;
	if (in->set_category && (rc = category_check(c, "category", in->category, err)))
		return rc;
	return err->code;
}

/* End users see (and get) active templates only. */
static enum sw_err visible(struct ctx *c, const struct record_key *key, const void *rec, struct sw_error *err)
{
	if (!((const struct incident_template *)rec)->active && !authz_is_agent(&c->actor))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no template '%s'", key->name);
	return SW_OK;
}

static const struct record_copy copies[] = {
	RECORD_COPY_NAME(struct template_input, struct incident_template, RECORD_NAME_CHECKED_EACH),
	RECORD_COPY_EACH(struct template_input, struct incident_template, title, description, impact, urgency, active,
			 category),
};

static const struct record_ref refs[] = {
	RECORD_REF(struct template_input, struct incident_template, CORE_REF_GROUP, "assignment_group", group, group),
};

static const struct record_audit audit[] = {
	RECORD_AUDIT_EACH(struct incident_template, name, title, description, impact, urgency, category),
	RECORD_AUDIT(struct incident_template, "assignment_group", group),
	RECORD_AUDIT_EACH(struct incident_template, active),
};

RECORD_KIND_DEFINE(
	template_kind,
	(struct incident_template, "template", "a template", ROLE_ADMIN, ROLE_END_USER, &store_templates), validate,
	apply, NULL, copies, RECORD_AUDIT_DIFF(audit),
	.fresh = &(const struct incident_template){.description = "", .impact = 3, .urgency = 3, .active = true},
	.reread = true, .visible = visible, RECORD_REFS(refs));
