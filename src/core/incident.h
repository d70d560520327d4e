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
	bool set_title, set_description, set_category, set_requester, set_group, set_assignee;
	bool set_impact, set_urgency, set_watchers;
};

struct incident_action_input {
	const char *reason; /* hold: hold reason; reopen/cancel: free text */
	const char *resolution_code, *resolution_notes;
	int64_t expected_version; /* 0 = do not check */
};

enum sw_err incident_create(struct ctx *c, const struct incident_input *in, struct ticket *out, struct sw_error *err);
enum sw_err incident_get(struct ctx *c, const char *number, struct ticket *out, struct sw_error *err);
enum sw_err incident_list(struct ctx *c, const struct ticket_filter *f, const struct page *p, struct ticket_list *out,
			  struct sw_error *err);
enum sw_err incident_update(struct ctx *c, const char *number, int64_t expected_version,
			    const struct incident_input *in, struct ticket *out, struct sw_error *err);
/* SW_ECONFLICT type "illegal-transition" when the action does not apply
 * now; the allowed actions are then available via ticket_allowed_actions. */
enum sw_err incident_action(struct ctx *c, const char *number, const char *action,
			    const struct incident_action_input *in, struct ticket *out, struct sw_error *err);

#endif
