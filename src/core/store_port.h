/*
 * store_port.h — everything core needs from storage, and nothing more.
 * Implemented by src/store/ over the db/ seam for SQLite and PostgreSQL.
 *
 * A struct store is one thread's handle (a connection plus the arena that
 * results are copied into).  Writes happen between store_begin and
 * store_commit; core rolls back on any failure, so a failed operation
 * leaves nothing behind.  Functions return SW_ENOTFOUND when a looked-up
 * row does not exist, SW_ECONFLICT (type "duplicate") on a uniqueness
 * violation, SW_EBUSY on contention, SW_EDB otherwise.
 */
#ifndef SW_CORE_STORE_PORT_H
#define SW_CORE_STORE_PORT_H

#include "core/model.h"

struct store;

enum sw_err store_begin(struct store *s, struct sw_error *err);
/* A transaction that may take long (a scheduler batch, an atomic import):
 * writes already waiting to commit are not held up by it (db_begin_long). */
enum sw_err store_begin_long(struct store *s, struct sw_error *err);
enum sw_err store_commit(struct store *s, struct sw_error *err);
void store_rollback(struct store *s);
struct arena *store_arena(struct store *s);
/* Results go to arena from now on; returns the one used before. */
struct arena *store_swap_arena(struct store *s, struct arena *arena);

/* counters */
enum sw_err store_counter_next(struct store *s, const char *kind, int64_t *out, struct sw_error *err);
/* For bulk loads: the counter's value becomes value (the next number is value + 1). */
enum sw_err store_counter_set(struct store *s, const char *kind, int64_t value, struct sw_error *err);

/* users */
enum sw_err store_user_insert(struct store *s, struct user *u, struct sw_error *err); /* sets u->id */
enum sw_err store_user_update(struct store *s, const struct user *u, struct sw_error *err);
enum sw_err store_user_by_login(struct store *s, const char *login, struct user *out, struct sw_error *err);
enum sw_err store_user_by_id(struct store *s, int64_t id, struct user *out, struct sw_error *err);
struct user_filter {
	const char *role; /* NULL = any */
	int active;       /* -1 any, 0, 1 */
	const char *q;    /* substring of login or name */
};
enum sw_err store_user_list(struct store *s, const struct user_filter *f, const struct page *p, struct user_list *out,
			    struct sw_error *err);
enum sw_err store_user_groups(struct store *s, int64_t user_id, const char ***names, size_t *count,
			      struct sw_error *err);

/* groups */
enum sw_err store_group_insert(struct store *s, struct group *g, struct sw_error *err);
enum sw_err store_group_update(struct store *s, const struct group *g, struct sw_error *err);
enum sw_err store_group_by_name(struct store *s, const char *name, struct group *out, struct sw_error *err);
enum sw_err store_group_list(struct store *s, const struct page *p, struct group_list *out, struct sw_error *err);
enum sw_err store_group_set_members(struct store *s, int64_t group_id, const int64_t *user_ids, size_t count,
				    struct sw_error *err);
enum sw_err store_group_is_member(struct store *s, int64_t group_id, int64_t user_id, bool *out, struct sw_error *err);

/* sessions, tokens, throttling */
enum sw_err store_session_insert(struct store *s, const char *token_hash, int64_t user_id, int64_t now,
				 int64_t expires_at, int64_t *id, struct sw_error *err);
/* Finds an unexpired session of an active user. */
enum sw_err store_session_find(struct store *s, const char *token_hash, int64_t now, int64_t *session_id,
			       struct user *u, struct sw_error *err);
enum sw_err store_session_delete(struct store *s, int64_t session_id, struct sw_error *err);
enum sw_err store_session_delete_user(struct store *s, int64_t user_id, struct sw_error *err);
enum sw_err store_token_insert(struct store *s, const char *token_hash, int64_t user_id, const char *name, int64_t now,
			       struct sw_error *err);
/* Finds a token of an active user and stamps last_used_at. */
enum sw_err store_token_find(struct store *s, const char *token_hash, struct user *u, struct sw_error *err);
enum sw_err store_throttle_get(struct store *s, const char *login, int *failures, int64_t *window_start,
			       struct sw_error *err);
enum sw_err store_throttle_set(struct store *s, const char *login, int failures, int64_t window_start,
			       struct sw_error *err);
enum sw_err store_throttle_clear(struct store *s, const char *login, struct sw_error *err);

/* tickets */
/* Sets t->id; the ticket is indexed for search in the same transaction. */
enum sw_err store_ticket_insert(struct store *s, struct ticket *t, struct sw_error *err);
/* Writes every mutable column of t where version = expected; SW_ESTALE if none matched.
 * Sets version to expected + 1. */
enum sw_err store_ticket_update(struct store *s, const struct ticket *t, int64_t expected_version,
				struct sw_error *err);
enum sw_err store_ticket_by_number(struct store *s, const char *number, struct ticket *out, struct sw_error *err);
enum sw_err store_ticket_by_id(struct store *s, int64_t id, struct ticket *out, struct sw_error *err);
/* scope_user_id: 0 = all; else only tickets requested or watched by that user. */
/* Re-index t's title and description for search (the number and public
 * comments stay); call after a write that changed either.  Inserting a
 * ticket or a public comment indexes it without being asked. */
enum sw_err store_ticket_search_update(struct store *s, const struct ticket *t, struct sw_error *err);
enum sw_err store_ticket_list(struct store *s, const struct ticket_filter *f, int64_t scope_user_id,
			      const struct page *p, struct ticket_list *out, struct sw_error *err);
/* Numbers of t's child tickets (open ones only with open_only) into t->children. */
enum sw_err store_ticket_children(struct store *s, struct ticket *t, bool open_only, struct sw_error *err);
/* The impact x urgency -> priority matrix, [impact-1][urgency-1]. */
enum sw_err store_matrix_get(struct store *s, int out[3][3], struct sw_error *err);
enum sw_err store_matrix_set(struct store *s, int impact, int urgency, int priority, struct sw_error *err);
enum sw_err store_watcher_add(struct store *s, int64_t ticket_id, int64_t user_id, bool *added, struct sw_error *err);
enum sw_err store_watcher_remove(struct store *s, int64_t ticket_id, int64_t user_id, bool *removed,
				 struct sw_error *err);
enum sw_err store_comment_insert(struct store *s, int64_t ticket_id, int64_t author_id, bool internal, const char *body,
				 int64_t now, int64_t *id, struct sw_error *err);
enum sw_err store_comment_list(struct store *s, int64_t ticket_id, bool include_internal, struct comment_list *out,
			       struct sw_error *err);
enum sw_err store_attachment_insert(struct store *s, struct attachment *a, struct sw_error *err);
enum sw_err store_attachment_list(struct store *s, int64_t ticket_id, struct attachment_list *out,
				  struct sw_error *err);
enum sw_err store_attachment_get(struct store *s, int64_t id, struct attachment *out, struct sw_error *err);
enum sw_err store_link_insert(struct store *s, int64_t from_id, int64_t to_id, const char *kind, int64_t actor_id,
			      int64_t now, struct sw_error *err);
enum sw_err store_link_list(struct store *s, int64_t ticket_id, struct link_list *out, struct sw_error *err);

/* assignment rules (struct assignment_rule is in core/assign.h) */
struct assignment_rule;
struct assignment_rule_list;
enum sw_err store_rule_insert(struct store *s, struct assignment_rule *a, struct sw_error *err);
enum sw_err store_rule_update(struct store *s, const struct assignment_rule *a, struct sw_error *err);
enum sw_err store_rule_by_name(struct store *s, const char *name, struct assignment_rule *out, struct sw_error *err);
enum sw_err store_rule_list(struct store *s, bool active_only, struct assignment_rule_list *out, struct sw_error *err);
enum sw_err store_rule_set_last(struct store *s, int64_t rule_id, int64_t user_id, struct sw_error *err);
/* Active agents (agent, manager, admin) in a group, by login; only id and login are filled. */
enum sw_err store_group_agents(struct store *s, int64_t group_id, struct user **out, size_t *count,
			       struct sw_error *err);
/* Tickets assigned to a user that are not resolved, closed or canceled. */
enum sw_err store_user_open_count(struct store *s, int64_t user_id, int64_t *out, struct sw_error *err);

/* the category tree and incident templates (core/category.h, core/template.h) */
struct category;
struct category_list;
struct incident_template;
struct template_list;
enum sw_err store_category_insert(struct store *s, struct category *c, int64_t parent_id, struct sw_error *err);
enum sw_err store_category_by_path(struct store *s, const char *path, struct category *out, struct sw_error *err);
enum sw_err store_category_by_id(struct store *s, int64_t id, struct category *out, struct sw_error *err);
enum sw_err store_category_list(struct store *s, bool active_only, struct category_list *out, struct sw_error *err);
enum sw_err store_category_set_active(struct store *s, int64_t id, bool active, struct sw_error *err);
enum sw_err store_category_count(struct store *s, int64_t *out, struct sw_error *err);
enum sw_err store_template_insert(struct store *s, struct incident_template *t, struct sw_error *err);
enum sw_err store_template_update(struct store *s, const struct incident_template *t, struct sw_error *err);
enum sw_err store_template_by_name(struct store *s, const char *name, struct incident_template *out,
				   struct sw_error *err);
enum sw_err store_template_list(struct store *s, bool active_only, struct template_list *out, struct sw_error *err);

/* fields defined at run time, their values, mandatory fields (core/custom_field.h) */
struct custom_field;
struct custom_field_list;
struct mandatory_field;
struct mandatory_list;
/* SW_ECONFLICT when the kind has a field of that name. */
enum sw_err store_custom_field_insert(struct store *s, struct custom_field *f, struct sw_error *err);
enum sw_err store_custom_field_update(struct store *s, const struct custom_field *f, struct sw_error *err);
enum sw_err store_custom_field_by_name(struct store *s, const char *kind, const char *name, struct custom_field *out,
				       struct sw_error *err);
/* kind NULL: every kind; in kind and form order. */
enum sw_err store_custom_field_list(struct store *s, const char *kind, bool active_only, struct custom_field_list *out,
				    struct sw_error *err);
enum sw_err store_ticket_value_set(struct store *s, int64_t ticket_id, int64_t field_id, const char *value,
				   struct sw_error *err);
enum sw_err store_ticket_value_delete(struct store *s, int64_t ticket_id, int64_t field_id, struct sw_error *err);
/* SW_ECONFLICT when the same rule exists. */
enum sw_err store_mandatory_insert(struct store *s, struct mandatory_field *m, struct sw_error *err);
enum sw_err store_mandatory_delete(struct store *s, int64_t id, bool *deleted, struct sw_error *err);
/* kind, state: NULL for any. */
enum sw_err store_mandatory_list(struct store *s, const char *kind, const char *state, struct mandatory_list *out,
				 struct sw_error *err);

/* calendars, SLA policies and clocks (core/sla.h) */
struct calendar_def;
struct calendar_def_list;
struct sla_policy;
struct sla_policy_list;
struct sla_clock;
enum sw_err store_calendar_insert(struct store *s, struct calendar_def *c, struct sw_error *err);
enum sw_err store_calendar_update(struct store *s, const struct calendar_def *c, struct sw_error *err);
enum sw_err store_calendar_by_name(struct store *s, const char *name, struct calendar_def *out, struct sw_error *err);
enum sw_err store_calendar_by_id(struct store *s, int64_t id, struct calendar_def *out, struct sw_error *err);
enum sw_err store_calendar_list(struct store *s, struct calendar_def_list *out, struct sw_error *err);
enum sw_err store_sla_policy_insert(struct store *s, struct sla_policy *p, struct sw_error *err);
enum sw_err store_sla_policy_update(struct store *s, const struct sla_policy *p, struct sw_error *err);
enum sw_err store_sla_policy_by_name(struct store *s, const char *name, struct sla_policy *out, struct sw_error *err);
/* In evaluation order: position, then name. */
enum sw_err store_sla_policy_list(struct store *s, bool active_only, struct sla_policy_list *out, struct sw_error *err);
enum sw_err store_sla_clocks(struct store *s, int64_t ticket_id, struct sla_clock **out, size_t *count,
			     struct sw_error *err);
enum sw_err store_sla_clocks_running_on(struct store *s, int64_t calendar_id, struct sla_clock **out, size_t *count,
					struct sw_error *err);
enum sw_err store_sla_clock_insert(struct store *s, struct sla_clock *k, struct sw_error *err);
enum sw_err store_sla_clock_update(struct store *s, const struct sla_clock *k, struct sw_error *err);
enum sw_err store_sla_clock_delete(struct store *s, int64_t id, struct sw_error *err);

/* the scheduler */
struct escalation_rule;
struct escalation_rule_list;
/* Running clocks not yet marked whose warning instant is <= now (with
 * breach: whose due instant is < now); oldest first, at most limit. */
enum sw_err store_sla_clocks_due(struct store *s, bool breach, int64_t now, int limit, struct sla_clock **out,
				 size_t *count, struct sw_error *err);
/* Stamp the warning (breach) on a clock; *marked false when it already was. */
enum sw_err store_sla_clock_mark(struct store *s, int64_t id, bool breach, int64_t now, bool *marked,
				 struct sw_error *err);
/* Inside a transaction: true for the one scheduler that may run now
 * (PostgreSQL: an advisory lock held until the transaction ends). */
enum sw_err store_scheduler_lock(struct store *s, bool *got, struct sw_error *err);
/* Resolved tickets resolved at or before `before`, oldest first (no watchers filled). */
enum sw_err store_tickets_resolved_before(struct store *s, int64_t before, int limit, struct ticket_list *out,
					  struct sw_error *err);
/* Closed or canceled tickets not archived, closed at or before `before`,
 * oldest first (no watchers filled). */
enum sw_err store_tickets_archivable(struct store *s, int64_t before, int limit, struct ticket_list *out,
				     struct sw_error *err);
enum sw_err store_escalation_insert(struct store *s, struct escalation_rule *e, struct sw_error *err);
enum sw_err store_escalation_update(struct store *s, const struct escalation_rule *e, struct sw_error *err);
enum sw_err store_escalation_by_name(struct store *s, const char *name, struct escalation_rule *out,
				     struct sw_error *err);
enum sw_err store_escalation_list(struct store *s, bool active_only, struct escalation_rule_list *out,
				  struct sw_error *err);

/* notifications (core/notify.h) */
struct notify_rule;
struct notify_rule_list;
struct notify_template;
struct notify_template_list;
struct notification;
struct notification_list;
enum notify_event;
enum sw_err store_notify_rule_insert(struct store *s, struct notify_rule *n, struct sw_error *err);
enum sw_err store_notify_rule_update(struct store *s, const struct notify_rule *n, struct sw_error *err);
enum sw_err store_notify_rule_by_name(struct store *s, const char *name, struct notify_rule *out, struct sw_error *err);
/* event < 0: every event. */
enum sw_err store_notify_rule_list(struct store *s, int event, bool active_only, struct notify_rule_list *out,
				   struct sw_error *err);
enum sw_err store_notify_template_get(struct store *s, enum notify_event e, struct notify_template *out,
				      struct sw_error *err);
enum sw_err store_notify_template_set(struct store *s, const struct notify_template *t, struct sw_error *err);
enum sw_err store_notify_template_list(struct store *s, struct notify_template_list *out, struct sw_error *err);
/* Members of a group with id, login, name, email, role and active. */
enum sw_err store_group_member_users(struct store *s, int64_t group_id, struct user **out, size_t *count,
				     struct sw_error *err);
enum sw_err store_notification_insert(struct store *s, struct notification *n, struct sw_error *err);
enum sw_err store_notification_inbox(struct store *s, int64_t user_id, bool unread_only, const struct page *p,
				     struct notification_list *out, struct sw_error *err);
enum sw_err store_notification_unread(struct store *s, int64_t user_id, int64_t *out, struct sw_error *err);
/* One (id) or all (id 0) of a user's unread in-app notifications; *found
 * says whether id names one of theirs. */
enum sw_err store_notification_mark_read(struct store *s, int64_t user_id, int64_t id, int64_t now, bool *found,
					 struct sw_error *err);
enum sw_err store_notification_outbox(struct store *s, const char *state, const struct page *p,
				      struct notification_list *out, struct sw_error *err);
/* Email rows pending or stuck sending whose next attempt is due. */
enum sw_err store_notification_due(struct store *s, int64_t now, int limit, struct notification_list *out,
				   struct sw_error *err);
/* Mark n sending until lease_until if it is still as read; *claimed says so. */
enum sw_err store_notification_claim(struct store *s, struct notification *n, int64_t lease_until, bool *claimed,
				     struct sw_error *err);
/* Write n's state, attempts, next_attempt_at, last_error and sent_at if
 * the row is still claimed with lease; *recorded says whether it was. */
enum sw_err store_notification_delivery(struct store *s, const struct notification *n, int64_t lease, bool *recorded,
					struct sw_error *err);

/* the CMDB and the service portfolio (core/cmdb.h, core/service.h) */
struct ci_class;
struct ci_class_list;
struct ci_attr_def;
struct ci;
struct ci_list;
struct ci_filter;
struct ci_value;
struct ci_relation;
struct ci_relation_list;
struct objective;
struct objective_list;
struct service;
struct service_list;
struct service_filter;
enum sw_err store_class_insert(struct store *s, struct ci_class *c, struct sw_error *err);
enum sw_err store_class_update(struct store *s, const struct ci_class *c, struct sw_error *err);
enum sw_err store_class_set_attrs(struct store *s, const struct ci_class *c, struct sw_error *err);
enum sw_err store_class_by_name(struct store *s, const char *name, struct ci_class *out, struct sw_error *err);
enum sw_err store_class_by_id(struct store *s, int64_t id, struct ci_class *out, struct sw_error *err);
enum sw_err store_class_list(struct store *s, struct ci_class_list *out, struct sw_error *err);
enum sw_err store_class_attrs(struct store *s, int64_t class_id, struct ci_attr_def **out, size_t *count,
			      struct sw_error *err);
enum sw_err store_ci_insert(struct store *s, struct ci *c, struct sw_error *err);
/* SW_ESTALE when the stored version is not expected_version. */
enum sw_err store_ci_update(struct store *s, const struct ci *c, int64_t expected_version, struct sw_error *err);
enum sw_err store_ci_by_id(struct store *s, int64_t id, struct ci *out, struct sw_error *err);
/* The id of the CI with this external id; SW_ENOTFOUND when none. */
enum sw_err store_ci_by_external_id(struct store *s, const char *external_id, int64_t *id, struct sw_error *err);
enum sw_err store_ci_list(struct store *s, const struct ci_filter *f, const struct page *p, struct ci_list *out,
			  struct sw_error *err);
/* Values as text; unique_class[i] != 0 also claims value i as unique in
 * that class (SW_ECONFLICT when taken). */
enum sw_err store_ci_set_attrs(struct store *s, int64_t ci_id, const struct ci_value *v, size_t n,
			       const int64_t *unique_class, struct sw_error *err);
/* The CI holding a unique attribute value in a class (0: none). */
enum sw_err store_ci_unique_owner(struct store *s, int64_t class_id, const char *name, const char *value,
				  int64_t *ci_id, struct sw_error *err);
enum sw_err store_rel_insert(struct store *s, struct ci_relation *x, struct sw_error *err);
enum sw_err store_rel_delete(struct store *s, int64_t id, struct sw_error *err);
enum sw_err store_rel_by_id(struct store *s, int64_t id, struct ci_relation *out, struct sw_error *err);
/* Every relationship by id after after_id, with the CIs' external ids in
 * from_name / to_name (NULL when a CI has none). */
enum sw_err store_rels_after(struct store *s, int64_t after_id, int limit, struct ci_relation_list *out,
			     struct sw_error *err);
enum sw_err store_rels_of_ci(struct store *s, int64_t id, struct ci_relation_list *out, struct sw_error *err);
/* One step of a graph walk from a batch of up to WALK_BATCH ids: rows
 * (id, name, relation, from) of what is linked to them. */
#define WALK_BATCH 32
enum walk {
	WALK_CI_UP,           /* CIs that depend on the CIs */
	WALK_CI_DOWN,         /* CIs the CIs depend on */
	WALK_SERVICES_OF_CIS, /* services that depend on the CIs */
	WALK_CIS_OF_SERVICES, /* CIs the services depend on */
	WALK_SERVICES_UP,     /* services that depend on the services */
	WALK_SERVICES_DOWN,   /* services the services depend on */
	WALK_OBJECTIVES,      /* objectives the services serve */
	WALK__COUNT
};
struct walk_row {
	int64_t id, from;
	const char *name, *relation;
};
enum sw_err store_walk(struct store *s, enum walk w, const int64_t *ids, size_t n, struct walk_row **out, size_t *count,
		       struct sw_error *err);
enum sw_err store_objective_insert(struct store *s, struct objective *o, struct sw_error *err);
enum sw_err store_objective_update(struct store *s, const struct objective *o, struct sw_error *err);
enum sw_err store_objective_by_id(struct store *s, int64_t id, struct objective *out, struct sw_error *err);
enum sw_err store_objective_by_name(struct store *s, const char *name, struct objective *out, struct sw_error *err);
enum sw_err store_objective_list(struct store *s, struct objective_list *out, struct sw_error *err);
enum sw_err store_service_insert(struct store *s, struct service *v, struct sw_error *err);
enum sw_err store_service_update(struct store *s, const struct service *v, struct sw_error *err);
enum sw_err store_service_by_id(struct store *s, int64_t id, struct service *out, struct sw_error *err);
enum sw_err store_service_by_name(struct store *s, const char *name, struct service *out, struct sw_error *err);
enum sw_err store_service_list(struct store *s, const struct service_filter *f, const struct page *p,
			       struct service_list *out, struct sw_error *err);
enum service_link { SL_OBJECTIVES, SL_DEPENDS_ON, SL_CIS };
struct outage;
/* Outages recorded on the service's incidents that overlap [from, to), by start. */
enum sw_err store_service_outages(struct store *s, int64_t service_id, int64_t from, int64_t to, int limit,
				  struct outage **out, size_t *count, struct sw_error *err);
enum sw_err store_service_links(struct store *s, int64_t id, enum service_link kind, const int64_t *ids, size_t n,
				struct sw_error *err);

/* reports (core/report.h); all over incidents only */
struct report_group;
struct report_sla;
struct report_ticket;
struct incident_counts;
/* Open incidents by state (indices of report_open_states) and priority (1..5). */
enum sw_err store_report_open(struct store *s, int64_t by_state[3], int64_t by_priority[5], int64_t *total,
			      struct sw_error *err);
/* Open incidents per group, the largest limit groups (name NULL: none). */
enum sw_err store_report_open_groups(struct store *s, int limit, struct report_group **out, size_t *count,
				     struct sw_error *err);
/* Per metric (sla[SLA_RESPONSE], sla[SLA_RESOLUTION]): clocks stopped
 * within [start, end) met or breached, and open clocks breached or
 * warning at now. */
enum sw_err store_report_sla(struct store *s, int64_t start, int64_t end, int64_t now, struct report_sla *sla,
			     struct sw_error *err);
/* Incidents created (or resolved) within [start, end), counted per
 * (t + offset) / 86400: counts[day - first_day] += n for each day in
 * [first_day, first_day + ndays). */
enum sw_err store_report_daily(struct store *s, bool resolved, int64_t start, int64_t end, int32_t offset,
			       int64_t first_day, int64_t *counts, size_t ndays, struct sw_error *err);
/* Incidents created (or resolved) within [start, end). */
enum sw_err store_report_range(struct store *s, bool resolved, int64_t start, int64_t end, int64_t *out,
			       struct sw_error *err);
/* Incidents resolved within [start, end): how many, the sum of their
 * seconds from creation to resolution, how many had a first response and
 * the sum of their seconds to it. */
enum sw_err store_report_times(struct store *s, int64_t start, int64_t end, int64_t *resolved, int64_t *resolve_sum,
			       int64_t *responded, int64_t *response_sum, struct sw_error *err);
/* The limit oldest open incidents, oldest first. */
enum sw_err store_report_oldest(struct store *s, int limit, struct report_ticket **out, size_t *count,
				struct sw_error *err);
/* Queue counts over every open incident for user_id; soon: clocks due
 * before this instant count as breaching. */
enum sw_err store_incident_counts(struct store *s, int64_t user_id, int64_t soon, struct incident_counts *out,
				  struct sw_error *err);
/* Open incidents requested by user_id. */
enum sw_err store_incident_requested_open(struct store *s, int64_t user_id, int64_t *out, struct sw_error *err);

/* audit */
enum sw_err store_audit_insert(struct store *s, int64_t at, int64_t actor_id, const char *entity, int64_t entity_id,
			       const char *action, bool internal, const char *changes, struct sw_error *err);
enum sw_err store_audit_list(struct store *s, const char *entity, int64_t entity_id, bool include_internal,
			     struct audit_list *out, struct sw_error *err);
/* Audit rows with id > after in id order, at most limit (arena array). */
enum sw_err store_audit_tail(struct store *s, int64_t after, int limit, struct audit_change **out, size_t *count,
			     struct sw_error *err);
/* The highest audit id (0 for none). */
enum sw_err store_audit_last_id(struct store *s, int64_t *out, struct sw_error *err);
/* PostgreSQL: the oldest transaction id still running and the next one to
 * be assigned, for telling a row not yet committed from one rolled back.
 * SQLite: 0 and 0. */
enum sw_err store_tx_horizon(struct store *s, int64_t *xmin, int64_t *xmax, struct sw_error *err);
/* Refresh the planner's statistics (after a bulk load). */
enum sw_err store_analyze(struct store *s, struct sw_error *err);

#endif
