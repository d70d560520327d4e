/*
 * cause_category.c — the cause categories a problem's cause_category is
 * one of, and the breach reasons an agent explains an SLA breach with:
 * two value lists of one shape, named record kinds (core/kernel/record.h)
 * that admins keep; see cause_category.h.
 */
#include <stddef.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/port/config.h"
#include "core/port/sla.h"
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

/* The position is read as an int64_t (in range, validate checked it) and
 * kept as an int; the rest is the copy table's. */
static enum sw_err cc_apply(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	(void)c;
	const struct cause_category_input *in = w->in;
	if (in->set_position)
		((struct cause_category *)w->rec)->position = (int)in->position;
	return err->code;
}

static const struct record_copy cc_copies[] = {
	RECORD_COPY_NAME(struct cause_category_input, struct cause_category, RECORD_NAME_OWN),
	RECORD_COPY_EACH(struct cause_category_input, struct cause_category, label, active),
};
static const struct record_audit cc_audit[] = {RECORD_AUDIT_EACH(struct cause_category, name, label, position, active)};

const struct record_kind cause_category_kind = {RECORD_RULE(struct cause_category, "cause_category", "a cause category",
							    &store_cause_categories, cc_validate, cc_apply, cc_copies,
							    RECORD_AUDIT_DIFF(cc_audit))};

const struct record_kind breach_reason_kind = {RECORD_RULE(struct cause_category, "breach_reason", "a breach reason",
							   &store_breach_reasons, cc_validate, cc_apply, cc_copies,
							   RECORD_AUDIT_DIFF(cc_audit))};
