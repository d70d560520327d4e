/*
 * repo_assign.c — assignment rules and the facts their evaluation needs
 * (a group's active agents, a person's open work).  Keywords are stored as
 * one text column, joined with a newline (which a keyword cannot contain).
 */
#include <string.h>

#include "core/ticket/assign.h"
#include "core/kernel/record.h"
#include "store/store_int.h"
#include "core/port/assign.h"
#include "store/assign_sql.h"
#include "base/banned.h"

/* RULE_COLS */
#define RULE_MODE STORE_COL_VALUE(struct assignment_rule, assign, assign_mode_name_list)
#define RULE_KEYWORDS STORE_COL_SPLIT(struct assignment_rule, keywords, keyword_count, '\n')
static const struct store_col rule_cols[] = {
	STORE_COLS(struct assignment_rule, id, name, position, active, match_category, match_priority), RULE_KEYWORDS,
	STORE_COLS(struct assignment_rule, group_id, group), RULE_MODE,
	STORE_COLS(struct assignment_rule, last_assignee_id, created_at, updated_at, match_service_id, match_service,
		   match_ci_id, match_ci)};

STORE_READER(read_rule, struct assignment_rule, rule_cols)

static const struct store_col rule_args[] = {
	STORE_ARG_KEY,
	STORE_ARGS(struct assignment_rule, position, active, match_category),
	STORE_ARG_IDS(struct assignment_rule, match_priority),
	STORE_ARG_JOIN(struct assignment_rule, keywords, keyword_count, '\n', true),
	STORE_ARGS(struct assignment_rule, group_id),
	STORE_ARG_VALUE(struct assignment_rule, assign, assign_mode_name_list),
	STORE_ARG_AT,
	STORE_ARG_IDS(struct assignment_rule, match_service_id, match_ci_id),
};

STORE_SAVE_FN(save_rule, struct assignment_rule, ST_RULE_INSERT, ST_RULE_UPDATE, rule_args)

STORE_LOAD_AS(load_rule, store_find(s, ST_RULE_BY_NAME, DB_TEXT(key->name), read_rule, out, err,
				    "no assignment rule '%s'", key->name))
STORE_LIST_AS(list_assign_rules, store_rule_list(s, false, out, err))

const struct record_store store_assign_rules = {save_rule, load_rule, list_assign_rules};

enum sw_err store_rule_list(struct store *s, bool active_only, struct assignment_rule_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(active_only)};
	return STORE_LIST(s, ST_RULE_LIST, a, 1, read_rule, out, err);
}

enum sw_err store_rule_set_last(struct store *s, int64_t rule_id, int64_t user_id, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(rule_id), DB_INT(user_id)};
	return db_exec(s->conn, ST(ST_RULE_SET_LAST), a, 2, NULL, err);
}

static const struct store_col member_cols[] = {STORE_COL(struct user, id), STORE_COL(struct user, login)};

enum sw_err store_group_agents(struct store *s, int64_t group_id, struct user **out, size_t *count,
			       struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(group_id)};
	return STORE_COLLECT(s, ST_GROUP_AGENTS, a, 1, member_cols, out, count, err);
}

enum sw_err store_user_open_count(struct store *s, int64_t user_id, int64_t *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id)};
	return db_query_int(s->conn, ST(ST_USER_OPEN_COUNT), a, 1, out, err);
}
