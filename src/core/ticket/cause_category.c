/*
 * cause_category.c — the cause categories a problem's cause_category is
 * one of: a named record kind (core/kernel/record.h) that admins keep;
 * see cause_category.h.
 */
#include <stddef.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/port/config.h"
#include "core/ticket/cause_category.h"
#include "base/banned.h"

static void cc_validate(const void *v, bool creating, struct sw_error *err)
{
	const struct cause_category_input *in = v;
	if (!creating && in->name)
		sw_field_fail(err, "name", "cannot be changed");
	if (creating && !core_name_ok(in->name, CAUSE_NAME_MAX))
		sw_field_fail(err, "name", "must be 1 to %d of a-z, 0-9 and _, starting with a letter", CAUSE_NAME_MAX);
	if (creating && !in->set_label)
		sw_field_fail(err, "label", "is required");
	else if (in->set_label &&
		 (!in->label || !*in->label || utf8_count(in->label, strlen(in->label)) > LIMIT_NAME_LEN))
		sw_field_fail(err, "label", "must be 1 to %d characters", LIMIT_NAME_LEN);
	if (in->set_position && (in->position < 0 || in->position > 10000))
		sw_field_fail(err, "position", "must be from 0 to 10000");
}

static void cc_init(struct ctx *c, const void *in, void *rec)
{
	*(struct cause_category *)rec = (struct cause_category){
		.name = ((const struct cause_category_input *)in)->name, .active = true, .created_at = c->now};
}

static enum sw_err cc_apply(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct cause_category_input *in = w->in;
	struct cause_category *k = w->rec;
	if (in->set_label)
		k->label = in->label;
	if (in->set_position)
		k->position = (int)in->position;
	if (in->set_active)
		k->active = in->active;
	k->updated_at = c->now;
	return err->code;
}

static void cc_changes(struct changes *ch, const struct record_write *w)
{
	const struct cause_category *b = w->before, *a = w->rec;
	changes_str(ch, "name", b->name, a->name);
	changes_str(ch, "label", b->label, a->label);
	changes_int(ch, "position", b->position, a->position);
	changes_str(ch, "active", b->id ? (b->active ? "true" : "false") : NULL, a->active ? "true" : "false");
}

const struct record_kind cause_category_kind = {
	RECORD_KIND(struct cause_category, "cause_category", "a cause category", ROLE_ADMIN, ROLE_AGENT,
		    &store_cause_categories),
	RECORD_HOOKS(cc_validate, cc_init, cc_apply, cc_changes),
	.reread = true,
};
