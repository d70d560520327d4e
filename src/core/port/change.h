/*
 * port/change.h — what core needs from storage for changes and change
 * tasks beyond the shared ticket row (core/change/change.h): the services
 * a change affects, its tasks, the incidents it caused.  Implemented in
 * src/store/repo_change.c; the conventions are in port/store.h.
 */
#ifndef SW_CORE_PORT_CHANGE_H
#define SW_CORE_PORT_CHANGE_H

#include "core/port/store.h"

/* The ids of the services ticket_id affects, ascending. */
enum sw_err store_ticket_services(struct store *s, int64_t ticket_id, int64_t **ids, size_t *count,
				  struct sw_error *err);
/* Replace them with ids (each a service; duplicates kept once). */
enum sw_err store_ticket_services_set(struct store *s, int64_t ticket_id, const int64_t *ids, size_t count,
				      struct sw_error *err);
/* Incidents naming change_id as caused_by: how many, and the first max by id. */
enum sw_err store_change_caused_count(struct store *s, int64_t change_id, int64_t *out, struct sw_error *err);
enum sw_err store_change_caused(struct store *s, int64_t change_id, size_t max, struct ticket_list *out,
				struct sw_error *err);
/* The tasks of change_id in their order (open ones only with open_only), at most max. */
enum sw_err store_change_tasks(struct store *s, int64_t change_id, bool open_only, size_t max, struct ticket_list *out,
			       struct sw_error *err);
/* The open problems whose fix is change_id, at most max. */
enum sw_err store_change_fixed_problems(struct store *s, int64_t change_id, size_t max, struct ticket_list *out,
					struct sw_error *err);
/* Open changes other than except whose planned window overlaps
 * [start, end), by planned start, at most max. */
enum sw_err store_change_overlapping(struct store *s, int64_t start, int64_t end, int64_t except, size_t max,
				     struct ticket_list *out, struct sw_error *err);
/* One change as the calendar shows it: what its event needs, no more. */
struct change_calendar_row {
	int64_t id, version, planned_start, planned_end, updated_at;
	const char *number, *title, *change_type, *state;
	enum ticket_phase phase;
};
/* What store_change_calendar_rows reads: the changes whose planned window
 * overlaps [from, to) on service_id (the service named or one affected),
 * on ci_id, concerning user_id (owner, assignee or requester), each 0 for
 * any, canceled and rejected ones only with canceled, in
 * calendar order (planned start, then "change-<number>@steward" by bytes),
 * only those after (after_start, after_uid) when after_uid is set, at
 * most max. */
struct change_calendar_query {
	int64_t from, to, service_id, ci_id, user_id;
	bool canceled;
	int64_t after_start;
	const char *after_uid; /* NULL: from the first */
	size_t max;
	bool any_order; /* in no order, no cursor (the caller sorts them all) */
};
enum sw_err store_change_calendar_rows(struct store *s, const struct change_calendar_query *q,
				       struct change_calendar_row **rows, size_t *count, struct sw_error *err);
/* Open major incidents on service_id, at most max. */
enum sw_err store_change_major_incidents(struct store *s, int64_t service_id, size_t max, struct ticket_list *out,
					 struct sw_error *err);
/* CI updates planned on a change (core/change/change.h). */
struct change_ci_update;
struct change_ci_update_list;
enum sw_err store_change_ci_update_insert(struct store *s, struct change_ci_update *u, struct sw_error *err);
/* In the order planned; pending_only: those not applied yet. */
enum sw_err store_change_ci_update_list(struct store *s, int64_t change_id, bool pending_only,
					struct change_ci_update_list *out, struct sw_error *err);
enum sw_err store_change_ci_update_applied(struct store *s, int64_t change_id, int64_t at, struct sw_error *err);
/* The order a task added now takes: 10 past the last. */
enum sw_err store_change_task_next_order(struct store *s, int64_t change_id, int64_t *out, struct sw_error *err);

/* Changes closed within [start, end) by close code (counts in codes'
 * order: codes is NULL-terminated, by_code has room for each), and those
 * raised within it, with how many were emergencies. */
enum sw_err store_change_report(struct store *s, int64_t start, int64_t end, const char *const *codes, int64_t *by_code,
				int64_t *created, int64_t *emergency, struct sw_error *err);

/* Standard change templates (core/change/change_template.h). */
struct change_template;
extern const struct record_store store_change_templates;
enum sw_err store_change_template_by_name(struct store *s, const char *name, struct change_template *out,
					  struct sw_error *err);

#endif
