/*
 * change.h — changes and change tasks on the ticket engine
 * (core/ticket/ticket.h).  Both kinds are the desk's own (agents only);
 * create, read, list, update and the lifecycle are the engine's, run from
 * the declarations in change.c.  What only changes have is here: the
 * types and the path each takes through the states, who may authorise,
 * what a state needs (plans, schedule, review), the tasks that gate the
 * end of implementation, and the incidents a change caused.
 *
 * What it shares with other modules (docs/changes.md):
 *   - approvals: a change entering "authorise" gets the matching approval
 *     policy's steps (core/approval), whose outcome runs "authorise" or
 *     "reject"; with no policy a change manager acts by hand;
 *   - schedules: when a change is scheduled, and in its conflicts, the
 *     schedule module's check (core/schedule/schedule.h) names the
 *     blackouts its planned span overlaps; changes are a source of the
 *     change calendar (change_schedule_source, registered by core_init).
 */
#ifndef SW_CORE_CHANGE_H
#define SW_CORE_CHANGE_H

#include "core/ticket/ticket.h"
#include "base/list.h"

/* The types, the risk levels and the close codes, NULL-terminated. */
extern const char *const change_types[];       /* standard, normal, emergency */
extern const char *const change_risks[];       /* low, medium, high, very_high */
extern const char *const change_close_codes[]; /* successful, successful_with_issues, failed, backed_out */

#define CHANGE_TASKS_MAX 200  /* tasks one change lists and gates on */
#define CHANGE_CAUSED_MAX 100 /* caused incidents one answer lists */

/* The changes' events in the change calendar (docs/schedule.md). */
struct schedule_source;
extern const struct schedule_source change_schedule_source;

/* The tasks of a change in their order.  Agents. */
enum sw_err change_tasks(struct ctx *c, const char *number, struct ticket_list *out, struct sw_error *err);
/* Add a task to a change (in->change is set from number); out: the task. */
enum sw_err change_task_add(struct ctx *c, const char *number, struct ticket_input *in, struct ticket *out,
			    struct sw_error *err);
/* The incidents linked as caused by the change, the first CHANGE_CAUSED_MAX by number. */
enum sw_err change_caused_incidents(struct ctx *c, const char *number, struct ticket_list *out, struct sw_error *err);

/* ---- CI updates planned on a change ---- */

#define CHANGE_CI_UPDATES_MAX 200 /* per change */

/* One update of a CMDB item a change makes when it is implemented: its
 * status (value), an attribute's value (name, value: text, or an integer
 * or true/false for attributes of those types), or a new relationship
 * (name: its type, to_id: the other CI). */
struct change_ci_update {
	int64_t id, change_id, ci_id;
	const char *kind; /* "status", "attribute", "relation" */
	const char *name, *value;
	int64_t to_id;
	int64_t created_at, applied_at; /* applied_at 0: not yet */
};
LIST_OF(change_ci_update_list, change_ci_update);
struct change_ci_update_input {
	int64_t ci, to;
	const char *status, *attribute, *value, *relation;
	bool set_ci, set_to, set_status, set_attribute, set_value, set_relation;
};
/* Plan an update on a change not yet implementing (409 otherwise): ci is
 * required, and exactly one of status, attribute (with value) or relation
 * (with to), each checked against the CMDB now (the CI, the status list,
 * the class's attributes, the relationship types) and again when applied.
 * Audited on the change.  Agents. */
enum sw_err change_ci_update_add(struct ctx *c, const char *number, const struct change_ci_update_input *in,
				 struct change_ci_update *out, struct sw_error *err);
enum sw_err change_ci_updates(struct ctx *c, const char *number, struct change_ci_update_list *out,
			      struct sw_error *err);

/* ---- conflicts ---- */

#define CHANGE_CONFLICT_DEPTH_MAX 3    /* CMDB steps a neighbour may be away */
#define CHANGE_CONFLICT_CANDIDATES 500 /* overlapping changes looked at */
#define CHANGE_CONFLICTS_MAX 1000      /* conflicts one answer lists */

/* What stands in a change's way: another change overlapping it in time
 * on the same CI ("same_ci"), on a CI within depth CMDB steps of one of
 * its CIs ("neighbour_ci", ci: the other change's CI), or with the same
 * assignee ("same_assignee"); an open major incident on a service it
 * affects ("major_incident"); a blackout window over it ("blackout",
 * number: the window's name; from the schedule module's port). */
struct change_conflict {
	const char *kind;   /* "change", "incident", "window" */
	const char *number; /* the other change or incident, or the window's name */
	const char *title;
	const char *reason;
	int64_t ci;         /* the CI it concerns; 0: none */
	int64_t start, end; /* the other change's planned window; 0 for the rest */
};
LIST_OF(change_conflict_list, change_conflict);
/* The conflicts of the change (agents); depth 0..CHANGE_CONFLICT_DEPTH_MAX
 * (else a 400 on "depth").  A change with no planned window has no time
 * conflicts; its major incidents still count. */
enum sw_err change_conflicts(struct ctx *c, const char *number, int depth, struct change_conflict_list *out,
			     struct sw_error *err);

/* The change figures of a report over [start, end) (core/report/report.h). */
struct report_changes;
enum sw_err change_report(struct ctx *c, int64_t start, int64_t end, struct report_changes *out, struct sw_error *err);

#endif
