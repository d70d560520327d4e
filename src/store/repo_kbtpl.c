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
static const struct store_col atpl_cols[] = {
	STORE_COLS(struct article_template, id, name, description),
	STORE_COL_VALUE(struct article_template, kind, article_kind_name_list),
	STORE_COL_VALUE(struct article_template, audience, article_audience_name_list),
	STORE_COLS(struct article_template, category, body, position, active, created_at, updated_at),
};

static const struct store_col atpl_args[] = {
	STORE_ARG_KEY,
	STORE_ARGS(struct article_template, description),
	STORE_ARG_VALUE(struct article_template, kind, article_kind_name_list),
	STORE_ARG_VALUE(struct article_template, audience, article_audience_name_list),
	STORE_ARGS(struct article_template, category, body, position, active),
	STORE_ARG_AT,
};

STORE_SAVE_FN(save_atpl, struct article_template, ST_ATPL_INSERT, ST_ATPL_UPDATE, atpl_args)

STORE_LOAD_AS(load_atpl, STORE_FIND(s, ST_ATPL_BY_NAME, DB_TEXT(key->name), atpl_cols, (struct article_template *)out,
				    err, "no article template '%s'", key->name))

STORE_LIST_AS(list_atpl, STORE_COLLECT_LIST(s, all ? ST_ATPL_LIST : ST_ATPL_ACTIVE, NULL, 0, atpl_cols,
					    (struct article_template_list *)out, err))

const struct record_store store_article_templates = {save_atpl, load_atpl, list_atpl};
