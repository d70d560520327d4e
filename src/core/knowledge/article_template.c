/*
 * article_template.c — knowledge article templates as a record kind; see
 * article_template.h.  The kind, audience and category are checked as an
 * article's are (the category against the tree, when one is defined).
 */
#include <string.h>

#include "core/core_int.h"
#include "core/kernel/record.h"
#include "core/knowledge/article_template.h"
#include "core/port/knowledge.h"
#include "core/ticket/category.h"
#include "base/banned.h"

static void validate(const void *v, bool creating, struct sw_error *err)
{
	const struct article_template_input *in = v;
	if (in->set_description &&
	    (!in->description || !core_text_ok(in->description, 0, ARTICLE_TEMPLATE_DESCRIPTION_MAX)))
		sw_field_fail(err, "description", "must be at most %d characters", ARTICLE_TEMPLATE_DESCRIPTION_MAX);
	if (in->set_body && (!in->body || !core_text_ok(in->body, 0, ARTICLE_TEMPLATE_BODY_MAX)))
		sw_field_fail(err, "body", "must be at most %d characters", ARTICLE_TEMPLATE_BODY_MAX);
	if (in->set_kind)
		core_value_check(err, "kind", &article_kind_name_list, in->kind);
	if (in->set_audience)
		core_value_check(err, "audience", &article_audience_name_list, in->audience);
	if (in->set_position && (in->position < 0 || in->position > 1000000))
		sw_field_fail(err, "position", "must be from 0 to 1000000");
	(void)creating;
}

/* After the copies: the values of lists, the category against the tree. */
static enum sw_err apply(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct article_template_input *in = w->in;
	struct article_template *t = w->rec;
	if (in->set_kind)
		article_kind_parse(in->kind, &t->kind);
	if (in->set_audience)
		article_audience_parse(in->audience, &t->audience);
	if (in->set_position)
		t->position = (int)in->position;
	enum sw_err rc;
	if (in->set_category && in->category && (rc = category_check(c, "category", in->category, err)))
		return rc;
	return err->code;
}

static const struct record_copy copies[] = {
	RECORD_COPY_NAME(struct article_template_input, struct article_template, RECORD_NAME_CHECKED_EACH),
	RECORD_COPY_EACH(struct article_template_input, struct article_template, description, category, body, active),
};

static const struct record_audit audit[] = {
	RECORD_AUDIT_EACH(struct article_template, name, description),
	RECORD_AUDIT_VALUE(struct article_template, "kind", kind, article_kind_name_list),
	RECORD_AUDIT_VALUE(struct article_template, "audience", audience, article_audience_name_list),
	RECORD_AUDIT_EACH(struct article_template, category, body, position, active),
};

RECORD_KIND_DEFINE(article_template_kind,
		   (struct article_template, "article_template", "an article template", ROLE_ADMIN, ROLE_AGENT,
		    &store_article_templates),
		   validate, apply, NULL, copies, RECORD_AUDIT_DIFF(audit),
		   .fresh = &(const struct article_template){.description = "", .body = "", .active = true},
		   .reread = true);
