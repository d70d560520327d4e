/*
 * incident.h — incident management on the shared ticket core: create,
 * read, list, update with optimistic locking, and state-machine actions.
 */
#ifndef SW_CORE_INCIDENT_H
#define SW_CORE_INCIDENT_H

#include "core/ticket.h"

/* Create and patch input.  For a patch, set_* says which fields were given;
 * NULL for group/assignee/category with its set_* flag clears it. */
struct incident_input {
	const char *title, *description, *category, *requester, *group, *assignee;
	int impact, urgency; /* 0 = not given */
	const char **watchers;
	size_t watcher_count;
	int priority; /* manual override 1..5, with priority_reason */
	const char *priority_reason;
	const char *parent;               /* parent incident's number; NULL with set_parent detaches */
	const char *template;             /* create only: prefill what is not given from this template */
	const char *service;              /* name; NULL with set_service clears */
	int64_t ci;                       /* id; 0 with set_ci clears */
	int64_t outage_start, outage_end; /* epoch seconds; 0 with the flag clears */
	bool set_service, set_ci, set_outage_start, set_outage_end;
	bool set_title, set_description, set_category, set_requester, set_group, set_assignee;
	bool set_impact, set_urgency, set_watchers, set_priority, set_priority_reason, set_parent;
};

struct incident_action_input {
	const char *reason; /* hold: hold reason; reopen/cancel: free text */
	const char *resolution_code, *resolution_notes;
	int64_t expected_version; /* 0 = do not check */
};

enum sw_err incident_create(struct ctx *c, const struct incident_input *in, struct ticket *out, struct sw_error *err);
enum sw_err incident_get(struct ctx *c, const char *number, struct ticket *out, struct sw_error *err);
/* "Breaching soon": a running SLA clock due within this many seconds
 * (or already overdue).  A list filter sets breaching_by to anything
 * non-zero to ask for it; incident_list puts in the real deadline. */
#define INCIDENT_BREACHING_WINDOW 3600
enum sw_err incident_list(struct ctx *c, const struct ticket_filter *f, const struct page *p, struct ticket_list *out,
			  struct sw_error *err);
enum sw_err incident_update(struct ctx *c, const char *number, int64_t expected_version,
			    const struct incident_input *in, struct ticket *out, struct sw_error *err);
/* SW_ECONFLICT type "illegal-transition" when the action does not apply
 * now; the allowed actions are then available via ticket_allowed_actions. */
enum sw_err incident_action(struct ctx *c, const char *number, const char *action,
			    const struct incident_action_input *in, struct ticket *out, struct sw_error *err);

/* Flag (major = true, reason required) or clear a major incident. */
enum sw_err incident_set_major(struct ctx *c, const char *number, bool major, const char *reason,
			       int64_t expected_version, struct ticket *out, struct sw_error *err);

/* For the scheduler, inside its transaction: close a resolved incident
 * (its confirmation period is over), and escalate one — a new priority
 * (0 = keep) with reason (the requester sees it), and/or a new group (0 =
 * keep; clears the assignee).  Both audited as the current actor; the
 * escalation as an internal entry. */
enum sw_err incident_auto_close(struct ctx *c, const struct ticket *t, struct sw_error *err);
enum sw_err incident_escalate(struct ctx *c, const struct ticket *before, int priority, int64_t group_id,
			      const char *group, const char *reason, struct sw_error *err);

/* The impact x urgency matrix that derives priority, [impact-1][urgency-1]. */
struct priority_matrix {
	int p[3][3];
};
enum sw_err priority_matrix_get(struct ctx *c, struct priority_matrix *out, struct sw_error *err);
/* Every cell 1..5 (field errors name "matrix[i][u]"); admins only; audited. */
enum sw_err priority_matrix_set(struct ctx *c, const struct priority_matrix *m, struct sw_error *err);

#endif
