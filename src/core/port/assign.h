/*
 * port/assign.h — what core needs from storage for assignment rules and the
 * agents they pick from (core/ticket/assign.h). Implemented in
 * src/store/repo_assign.c; the conventions (transactions, error codes, the
 * arena results go to) are in port/store.h.
 */
#ifndef SW_CORE_PORT_ASSIGN_H
#define SW_CORE_PORT_ASSIGN_H

#include "core/port/store.h"

struct assignment_rule;
struct assignment_rule_list;
/* struct assignment_rule, named by name */
extern const struct record_store store_assign_rules;
enum sw_err store_rule_list(struct store *s, bool active_only, struct assignment_rule_list *out, struct sw_error *err);
enum sw_err store_rule_set_last(struct store *s, int64_t rule_id, int64_t user_id, struct sw_error *err);
/* Active agents (agent, manager, admin) in a group, by login; only id and login are filled. */
enum sw_err store_group_agents(struct store *s, int64_t group_id, struct user **out, size_t *count,
			       struct sw_error *err);
/* Tickets assigned to a user that are not resolved, closed or canceled. */
enum sw_err store_user_open_count(struct store *s, int64_t user_id, int64_t *out, struct sw_error *err);

#endif
