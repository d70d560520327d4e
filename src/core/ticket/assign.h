/*
 * assign.h — assignment rules: data evaluated in order when an incident is
 * logged without an assignment group.  The first active rule whose
 * conditions all hold routes the incident to its group and, optionally,
 * picks an assignee in that group by round robin or by least open work.
 */
#ifndef SW_CORE_ASSIGN_H
#define SW_CORE_ASSIGN_H

#include "core/model.h"
#include "core/kernel/record.h"
#include "base/list.h"

enum assign_mode { ASSIGN_NONE, ASSIGN_ROUND_ROBIN, ASSIGN_LEAST_OPEN, ASSIGN_MODE__COUNT };
CORE_VALUE_LIST_DECL(enum assign_mode, assign_mode_name, assign_mode_parse);

#define ASSIGN_KEYWORDS_MAX 20

struct assignment_rule {
	RECORD_RULE_HEAD;
	const char *match_category; /* NULL = any */
	int match_priority;         /* 0 = any */
	const char **keywords;      /* any of them, case-insensitive, in title or description; none = any */
	size_t keyword_count;
	int64_t match_service_id, match_ci_id; /* 0 = any */
	const char *match_service, *match_ci;
	int64_t group_id;
	const char *group;
	enum assign_mode assign;
	int64_t last_assignee_id;
	int64_t created_at, updated_at;
};

/* Its kind and input (struct assignment_rule_input: a CI id in match_ci,
 * 0 given for any), run by core/kernel/record.h: admins write, agents read. */
/* clang-format off */
#define ASSIGNMENT_RULE_INPUT(GIVEN, PLAIN) \
	GIVEN(const char *, match_category) GIVEN(const char *, match_service) GIVEN(const char *, group) \
	GIVEN(const char *, assign) GIVEN(int64_t, match_ci) GIVEN(int, position) GIVEN(int, match_priority) \
	GIVEN(bool, active) GIVEN(const char **, keywords) PLAIN(size_t, keyword_count)
/* clang-format on */
RECORD_KIND_DECL(assign_rule_kind, assignment_rule_list, assignment_rule, assignment_rule_input, ASSIGNMENT_RULE_INPUT);

/* Does rule r match ticket t?  Pure. */
bool assign_rule_matches(const struct assignment_rule *r, const struct ticket *t);

/* Inside a write transaction: route t by the first matching active rule.
 * Sets t->group_id/group and maybe t->assignee_id/assignee; *rule_name gets
 * the rule's name (NULL when none matched). */
enum sw_err assign_route(struct ctx *c, struct ticket *t, const char **rule_name, struct sw_error *err);

#endif
