/*
 * assign.c — assignment rules; see assign.h.
 *
 * Routing happens inside the transaction that logs the incident, so the
 * round-robin position and the incident move together: two incidents
 * logged at once cannot both go to the same "next" agent.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "core/ticket/assign.h"
#include "core/kernel/authz.h"
#include "core/kernel/cfgsnap.h"
#include "core/core_int.h"
#include "core/kernel/record.h"
#include "core/port/assign.h"
#include "core/port/cfgsnap.h"
#include "base/banned.h"

static const char *const mode_names[ASSIGN_MODE__COUNT] = {
	[ASSIGN_NONE] = "none",
	[ASSIGN_ROUND_ROBIN] = "round_robin",
	[ASSIGN_LEAST_OPEN] = "least_open",
};

CORE_VALUE_LIST(enum assign_mode, mode_names, ASSIGN_MODE__COUNT, ASSIGN_NONE, assign_mode_name, assign_mode_parse)

/* ASCII case-insensitive substring search. */
static bool contains_ci(const char *hay, const char *needle)
{
	if (!hay || !needle || !*needle)
		return false;
	size_t n = strlen(needle);
	for (const char *h = hay; *h; h++) {
		size_t i = 0;
		while (i < n && h[i]) {
			char a = h[i], b = needle[i];
			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (char)(b - 'A' + 'a');
			if (a != b)
				break;
			i++;
		}
		if (i == n)
			return true;
	}
	return false;
}

bool assign_rule_matches(const struct assignment_rule *r, const struct ticket *t)
{
	if (!r->active)
		return false;
	if (r->match_category && !str_same(r->match_category, t->category))
		return false;
	if (r->match_priority && r->match_priority != t->priority)
		return false;
	if (r->match_service_id && r->match_service_id != t->service_id)
		return false;
	if (r->match_ci_id && r->match_ci_id != t->ci_id)
		return false;
	if (!r->keyword_count)
		return true;
	for (size_t i = 0; i < r->keyword_count; i++)
		if (contains_ci(t->title, r->keywords[i]) || contains_ci(t->description, r->keywords[i]))
			return true;
	return false;
}

/* Pick the assignee for rule r among the group's active agents. */
static enum sw_err pick(struct ctx *c, const struct assignment_rule *r, const struct user **chosen,
			struct sw_error *err)
{
	struct user *agents;
	size_t n;
	*chosen = NULL;
	enum sw_err rc = store_group_agents(c->store, r->group_id, &agents, &n, err);
	if (rc || n == 0)
		return rc;
	if (r->assign == ASSIGN_ROUND_ROBIN) {
		/* the position moves with every create: not in the snapshot */
		int64_t last;
		if ((rc = store_rule_last_assignee(c->store, r->id, &last, err)))
			return rc;
		size_t next = 0;
		for (size_t i = 0; i < n; i++)
			if (agents[i].id == last)
				next = (i + 1) % n;
		*chosen = &agents[next];
		return store_rule_set_last(c->store, r->id, agents[next].id, err);
	}
	int64_t best = -1;
	for (size_t i = 0; i < n; i++) {
		int64_t open;
		if ((rc = store_user_open_count(c->store, agents[i].id, &open, err)))
			return rc;
		if (best < 0 || open < best) {
			best = open;
			*chosen = &agents[i];
		}
	}
	return SW_OK;
}

enum sw_err assign_route(struct ctx *c, struct ticket *t, const char **rule_name, struct sw_error *err)
{
	*rule_name = NULL;
	struct assignment_rule_list rules;
	enum sw_err rc = cfgsnap_assign_rules(c, &rules, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < rules.count; i++) {
		const struct assignment_rule *r = &rules.items[i];
		if (!assign_rule_matches(r, t))
			continue;
		t->group_id = r->group_id;
		t->group = r->group;
		*rule_name = r->name;
		if (r->assign != ASSIGN_NONE && !t->assignee_id) {
			const struct user *u;
			if ((rc = pick(c, r, &u, err)))
				return rc;
			if (u) {
				t->assignee_id = u->id;
				t->assignee = u->login;
			}
		}
		return SW_OK;
	}
	return SW_OK;
}

/* ---- administration --------------------------------------------------------- */

static void validate(const void *v, bool creating, struct sw_error *err)
{
	const struct assignment_rule_input *in = v;
	if (creating && !in->set_group)
		sw_field_fail(err, "assignment_group", "is required");
	if (in->set_match_category && in->match_category && !*in->match_category)
		sw_field_fail(err, "match_category", "must not be empty (use null for any)");
	if (in->set_assign)
		core_value_check(err, "assign", &assign_mode_name_list, in->assign);
	for (size_t i = 0; in->set_keywords && i < in->keyword_count; i++) {
		const char *k = in->keywords[i];
		if (!core_text_ok(k, 1, 100) || strchr(k, '\n')) {
			char path[40];
			snprintf(path, sizeof(path), "match_keywords[%zu]", i);
			sw_field_fail(err, path, "must be 1 to 100 characters on one line");
		}
	}
	if (in->set_keywords && in->keyword_count > ASSIGN_KEYWORDS_MAX)
		sw_field_fail(err, "match_keywords", "must list at most %d keywords", ASSIGN_KEYWORDS_MAX);
}

static const struct record_copy copies[] = {
	RECORD_COPY(struct assignment_rule_input, struct assignment_rule, match_category),
	RECORD_COPY_ARRAY(struct assignment_rule_input, struct assignment_rule, keywords, keyword_count),
	RECORD_COPY_VALUE(struct assignment_rule_input, struct assignment_rule, assign, assign_mode_name_list),
};

static const struct record_ref refs[] = {
	RECORD_REF(struct assignment_rule_input, struct assignment_rule, CORE_REF_SERVICE, "match_service",
		   match_service, match_service),
	RECORD_REF_CI(struct assignment_rule_input, struct assignment_rule, "match_ci", match_ci, match_ci),
	RECORD_REF_NEED(struct assignment_rule_input, struct assignment_rule, CORE_REF_GROUP, "assignment_group", group,
			group),
};

static const struct record_audit audit[] = {
	RECORD_AUDIT_EACH(struct assignment_rule, name, position),
	RECORD_AUDIT(struct assignment_rule, "assignment_group", group),
	RECORD_AUDIT_VALUE(struct assignment_rule, "assign", assign, assign_mode_name_list),
	RECORD_AUDIT_EACH(struct assignment_rule, active, match_category, match_priority),
};

const struct record_kind assign_rule_kind = {
	RECORD_RULE(struct assignment_rule, "assignment_rule", "an assignment rule", &store_assign_rules, validate,
		    NULL, copies, RECORD_AUDIT_DIFF(audit)),
	RECORD_MATCHING(struct assignment_rule_input, struct assignment_rule, RECORD_NAME_CHECKED_EACH),
	RECORD_REFS(refs)};
