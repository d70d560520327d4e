/*
 * repo_kbtpl.c — knowledge article templates (core/knowledge/
 * article_template.h): the record store the record kind saves and loads
 * them through.  Their SQL is in kbtpl_sql.c.
 */
#include <string.h>

#include "core/kernel/record.h"
#include "core/knowledge/article_template.h"
#include "core/port/knowledge.h"
#include "store/kbtpl_sql.h"
#include "store/store_int.h"
#include "base/banned.h"

/* ATPL_COLS */
#define COL(m) STORE_COL(struct article_template, m)
static const struct store_col atpl_cols[] = {
	COL(id),
	COL(name),
	COL(description),
	STORE_COL_VALUE(struct article_template, kind, article_kind_name_list),
	STORE_COL_VALUE(struct article_template, audience, article_audience_name_list),
	COL(category),
	COL(body),
	COL(position),
	COL(active),
	COL(created_at),
	COL(updated_at),
};
#undef COL

static const struct store_col atpl_args[] = {
	STORE_ARG_KEY,
	STORE_ARGS(struct article_template, description),
	STORE_ARG_VALUE(struct article_template, kind, article_kind_name_list),
	STORE_ARG_VALUE(struct article_template, audience, article_audience_name_list),
	STORE_ARGS(struct article_template, category, body, position, active),
	STORE_ARG_AT,
};

static enum sw_err save_atpl(struct store *s, void *rec, bool creating, struct sw_error *err)
{
	struct article_template *t = rec;
	return STORE_SAVE_ARGS(s, STORE_SAVE(t, creating, ST_ATPL_INSERT, ST_ATPL_UPDATE), t, atpl_args, err);
}

static enum sw_err load_atpl(struct store *s, const struct record_key *key, void *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(key->name)};
	enum sw_err rc = STORE_ONE(s, ST_ATPL_BY_NAME, a, 1, atpl_cols, (struct article_template *)out, err);
	return rc == SW_ENOTFOUND ? sw_fail(err, SW_ENOTFOUND, NULL, "no article template '%s'", key->name) : rc;
}

static enum sw_err list_atpl(struct store *s, bool all, void *out, struct sw_error *err)
{
	struct article_template_list *l = out;
	return STORE_COLLECT(s, all ? ST_ATPL_LIST : ST_ATPL_ACTIVE, NULL, 0, atpl_cols, &l->items, &l->count, err);
}

const struct record_store store_article_templates = {save_atpl, load_atpl, list_atpl};
