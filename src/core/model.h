/*
 * model.h — the records core works with.  Strings point into the ctx arena
 * (or into caller input) and are never freed individually.
 */
#ifndef SW_CORE_MODEL_H
#define SW_CORE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "base/list.h"

struct user {
	int64_t id;
	const char *login, *name, *email, *timezone;
	enum role role;
	bool active;
	const char *password_hash; /* NULL when no password is set */
	int64_t created_at, updated_at;
	int64_t expires_at; /* the account ends then (no login, sessions or tokens); 0: never */
};

/* The built-in account (migration 0038) that raises the tickets of mail
 * from people who are not users when a mailbox's unknown_sender is
 * "unregistered": never active, it cannot sign in; each of its tickets
 * keeps the sender's address and name as its contact (ticket.contact_*),
 * and notifications to the requester go there. */
#define USER_UNREGISTERED "unregistered"

struct user_list {
	struct user *items;
	size_t count;
	const char *next_cursor; /* NULL on the last page */
};

struct group {
	int64_t id;
	const char *name, *description;
	int64_t manager_id;
	const char *manager_login; /* NULL when none */
	const char **members;      /* logins */
	size_t member_count;
	int64_t created_at, updated_at;
};

struct group_list {
	struct group *items;
	size_t count;
	const char *next_cursor;
};

struct ticket_kind; /* core/ticket/ticket.h */

/* Where a state stands, whatever the kind (core/ticket/ticket.h). */
enum ticket_phase {
	TICKET_PHASE_OPEN,
	TICKET_PHASE_PAUSED,   /* waiting on someone: a hold */
	TICKET_PHASE_RESOLVED, /* done, awaiting confirmation; may be reopened */
	TICKET_PHASE_CLOSED,
	TICKET_PHASE_CANCELED,
	TICKET_PHASE__COUNT
};
struct sla_clock_shown;

/* A value of a field defined at run time (core/ticket/custom_field.h), in its
 * canonical text; type is the definition's ("number", "ci", ...). */
struct ticket_value {
	const char *name, *type, *value;
};

struct ticket {
	int64_t id;
	const char *number;
	const struct ticket_kind *kind; /* never NULL: rows of kinds not registered are not read */
	const char *state;
	enum ticket_phase phase; /* of state, as the kind declares it; kept by the engine */
	const char *title, *description;
	int64_t requester_id, group_id, assignee_id;
	const char *requester, *group, *assignee; /* login / group name, NULL when unset */
	int impact, urgency, priority;
	const char *category;
	const char *hold_reason, *resolution_code, *resolution_notes;
	int reopen_count;
	int64_t version;
	int64_t created_at, updated_at, resolved_at, closed_at;
	int64_t first_response_at; /* first public reply or assignment by an agent; 0 until then */
	bool major;
	const char *major_reason;
	int64_t parent_id;
	const char *parent;               /* parent ticket's number, NULL when none */
	const char *priority_reason;      /* set when the priority was overridden by hand */
	const char *priority_basis;       /* why this write set the priority (its history entry says); not stored */
	int64_t service_id, ci_id;        /* 0 when unset */
	const char *service, *ci;         /* names */
	int64_t outage_start, outage_end; /* the outage this incident records (availability); 0 = none */
	const char *channel;              /* how it came in (ticket.h: ticket_channels); NULL when not recorded */
	const char *opening_category;     /* category when raised */
	const char *closing_category;     /* category when it left the open phases; NULL while open */
	int reassignment_count;           /* times passed from one assignment group to another */
	bool archived;                    /* read-only, out of the live lists (ticket_archive) */
	/* problems (TICKET_FIELD_RCA): what is seen, why, what helps meanwhile,
	 * the change that fixes it, and the review of a major problem */
	const char *symptoms, *root_cause, *cause_category, *workaround;
	int64_t workaround_published_at; /* when the workaround went to the incidents; 0: not yet */
	int64_t root_cause_at;           /* when it first reached root_cause_known (or known_error); 0: not yet */
	int64_t known_error_at;          /* when it first reached known_error; 0: not yet */
	int64_t fix_id;
	const char *fix; /* the fixing change's number */
	const char *review_went_well, *review_went_wrong, *review_actions;
	int64_t incident_count;                   /* incidents linked to the problem; single-ticket reads */
	int64_t *affected_cis, *contributing_cis; /* CI ids; single-ticket reads */
	size_t affected_ci_count, contributing_ci_count;
	/* incidents (TICKET_FIELD_PROBLEM): the problem behind it */
	int64_t problem_id;
	const char *problem; /* its number */
	/* incidents (TICKET_FIELD_CAUSED_BY): the change that caused it */
	int64_t caused_by_id;
	const char *caused_by; /* its number */
	/* changes (TICKET_FIELD_CHANGE): see core/change/change.h */
	const char *change_type, *justification;
	int64_t change_owner_id;
	const char *change_owner;                                     /* login */
	int64_t planned_start, planned_end, actual_start, actual_end; /* 0: not set */
	const char *implementation_plan, *backout_plan, *test_plan, *test_results, *communication_plan;
	bool outage_expected;
	int outage_minutes;
	const char *risk, *pir; /* risk: the effective level, the computed one unless overridden */
	/* the risk assessment (core/change/risk.h): score, the level it gives,
	 * why the effective level differs (an override's reason; NULL: none),
	 * when it was made (0: never) */
	int risk_score;
	const char *risk_computed, *risk_reason;
	int64_t risk_assessed_at;
	int64_t *affected_services; /* service ids; single-ticket reads */
	size_t affected_service_count;
	int64_t caused_count; /* incidents caused by the change; single-ticket reads */
	int64_t release_id;   /* changes: the release they are in; 0: none */
	const char *release;  /* its number */
	/* releases (TICKET_FIELD_RELEASE): see core/change/release.h */
	const char *release_version, *release_type, *release_notes;
	int64_t build_planned, build_actual, test_planned, test_actual, deploy_planned, deploy_actual; /* 0: not set */
	int64_t window_start, window_end;                                                              /* deployment */
	const char *go_decision, *go_reason; /* "go" or "no_go", and why (an override's reason) */
	/* change tasks (TICKET_FIELD_TASK): the change and the place in its order */
	int64_t change_id;
	const char *change; /* its number */
	int task_order;
	struct ticket_value *custom; /* values of fields defined at run time, in form order */
	size_t custom_count;
	const char **impacted; /* services depending on the CI; single-ticket reads by agents only */
	size_t impacted_count;
	const char **watchers; /* logins */
	size_t watcher_count;
	const char **children; /* numbers; filled by single-ticket reads only */
	size_t child_count;
	struct sla_clock_shown *slas; /* SLA clocks (core/sla/sla.h); single-ticket reads by agents only */
	size_t sla_count;
	/* an unregistered requester's address and name (USER_UNREGISTERED);
	 * single-ticket reads by agents only */
	const char *contact_email, *contact_name;
	/* a satisfaction survey was sent for it that the caller may read (an
	 * agent, or the person asked); single-ticket reads of a resolved ticket */
	bool surveyed;
};

struct ticket_list {
	struct ticket *items;
	size_t count;
	const char *next_cursor;
};

/* What a list of the tickets on one thing is on: a CI, a service. */
enum ticket_on { TICKET_ON_CI, TICKET_ON_SERVICE, TICKET_ON__COUNT };

enum ticket_sort {
	TICKET_SORT_CREATED_DESC,
	TICKET_SORT_CREATED_ASC,
	TICKET_SORT_UPDATED_DESC,
	TICKET_SORT_UPDATED_ASC,
	TICKET_SORT_PRIORITY_DESC,
	TICKET_SORT_PRIORITY_ASC,
	TICKET_SORT__COUNT
};
/* Wire names: "-created_at", "created_at", ... */
const char *ticket_sort_name(enum ticket_sort s);
enum sw_err ticket_sort_parse(const char *s, enum ticket_sort *out);

/* Filters for a ticket list; NULL / 0 means "any". */
struct ticket_filter {
	const struct ticket_kind *kind;
	const char *state;
	const char *assignee;  /* login, or "none" for unassigned */
	const char *group;     /* group name */
	const char *requester; /* login */
	int priority;          /* 0 = any */
	const char *text;      /* substring of title or description */
	bool major_only;
	bool open_only;       /* not resolved, closed or canceled */
	bool my_groups;       /* assigned to a group the caller belongs to */
	int64_t member_of;    /* set by the core from my_groups: that user's id */
	int64_t breaching_by; /* 0, or: a running SLA clock is due by then */
	const char *channel;  /* came in by */
	const char *closing_category;
	const char *custom_field, *custom_value; /* a field defined at run time, and its canonical value */
	bool archived;                           /* the archive instead of the live tickets */
	enum ticket_sort sort;
	int64_t created_from; /* with TICKET_SORT_CREATED_ASC and no cursor: start at tickets raised then */
};

struct comment {
	int64_t id;
	const char *author;
	bool internal;
	const char *body;
	int64_t created_at;
};

LIST_OF(comment_list, comment);

struct attachment {
	int64_t id;
	int64_t ticket_id;
	int64_t created_by_id;
	const char *filename, *content_type, *sha256, *created_by;
	int64_t size, created_at;
	const void *data; /* only when fetched for download */
};

LIST_OF(attachment_list, attachment);

struct ticket_link {
	const char *kind;
	const char *target;      /* ticket number */
	const char *target_kind; /* its kind's name (who may read it) */
	int64_t created_at;
};

LIST_OF(link_list, ticket_link);

struct audit_entry {
	int64_t id, at;
	const char *actor; /* login, NULL for the system */
	const char *action;
	bool internal;
	const char *changes; /* JSON object text */
};

/* A field a create or update row gave a value (struct audit_field): the
 * row's id, time and action, the field's name and its value as text (NULL:
 * none). */
struct audit_field {
	int64_t id, at;
	const char *action, *name, *value;
};

struct audit_list {
	struct audit_entry *items;
	size_t count;
	const char *next_cursor; /* a paged list's next page; NULL: no more */
	/* The keys of the rows' changes the reader may not see (agent-only
	 * fields, for an end user), NULL-terminated; NULL: none.  Whoever
	 * writes the rows out leaves them out, and a row left with none of
	 * its keys. */
	const char *const *hidden_keys;
};

/* One audit row as the event stream reads it, with the ticket it concerns
 * as that ticket is now (ticket_id 0 for rows about anything else). */
struct audit_change {
	int64_t id, at;
	const char *actor; /* login, NULL for the system */
	const char *action;
	bool internal;
	int64_t ticket_id;
	const char *number, *kind, *state, *group, *assignee;
	int64_t version, requester_id;
	const char *watchers; /* user ids joined by ',', NULL for none */
};

#endif
