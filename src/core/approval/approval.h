/*
 * approval.h — the approval engine (issue #14's approvals; #15's service
 * requests reuse it), generic over ticket kinds.
 *
 * Approval policies are named records (core/kernel/record.h): which tickets
 * they apply to (a kind and optional conditions: a kind-specific type, a
 * risk level, a service, a category, a priority) and ordered steps, each
 * with its approvers (users, groups, the ticket's service owner) and a
 * rule (any one, all, or N of M).
 *
 * A request for approval on a ticket copies its steps (a policy's, or one
 * ad hoc step an agent names) and resolves every step's approvers to
 * users when it is made; step 1's approvers are asked at once, step n's
 * when step n-1 is approved.  A step is approved when `required` of its
 * approvers approve (any: 1, all: every one, n_of_m: n) and rejected as
 * soon as that can no longer happen; a rejected step ends the request.
 * A kind that declares `.approval` (struct ticket_approval in
 * core/ticket/ticket.h) gets a request from its matching policy whenever a
 * ticket enters the declared state, and the declared action runs, in the
 * transaction of the deciding approval, when the request is approved or
 * rejected.  No matching policy: approved at once (audited), the approved
 * action runs in the same transaction.
 *
 * A delegation lets another user decide a user's pending approvals for a
 * period; the decision records both.  The scheduler reminds approvers of
 * approvals pending longer than the configured delay.
 */
#ifndef SW_CORE_APPROVAL_H
#define SW_CORE_APPROVAL_H

#include "core/model.h"
#include "core/kernel/record.h"
#include "base/list.h"

struct ticket;
struct ticket_kind;

enum approval_rule { APPROVAL_ANY, APPROVAL_ALL, APPROVAL_N_OF_M, APPROVAL_RULE__COUNT };
CORE_VALUE_LIST_DECL(enum approval_rule, approval_rule_name, approval_rule_parse);

#define APPROVAL_STEPS_MAX 10
#define APPROVAL_APPROVERS_MAX 50   /* users, and groups, named by one step */
#define APPROVAL_STEP_USERS_MAX 200 /* users one step resolves to */

/* One step of a policy, or of an ad hoc request: who approves, by what rule. */
struct approval_step_def {
	enum approval_rule rule;
	int required;       /* n_of_m: n; else worked out */
	const char **users; /* logins */
	size_t user_count;
	const char **groups; /* names */
	size_t group_count;
	bool service_owner;
	bool has_rule; /* input: a rule was given */
	/* A condition (issue #15's conditional steps), each part optional and
	 * every part given must hold for the step to apply: the ticket's cost
	 * above cost_above; variable has a value (value and pattern NULL),
	 * has value (a multi-choice: contains it), or one matching pattern (a
	 * POSIX extended regular expression, the whole value).  Only kinds
	 * with facts_of (struct ticket_approval) take conditional steps. */
	bool has_cost_above;
	int64_t cost_above;
	const char *when_variable, *when_value, *when_pattern;
};

#define APPROVAL_COST_MAX 1000000000000LL /* a cost and a condition's amount lie within 0..this */

/* What a conditional step is tested against, from the kind's facts_of. */
struct approval_fact {
	const char *name, *text; /* a variable and its value as text */
	bool multi;              /* a multi-choice: its options joined with ", " */
	const char *label;       /* its label, for people; NULL: the name */
};
struct approval_facts {
	int64_t cost;
	const struct approval_fact *values;
	size_t count;
};

/* Which of its policy's steps a request took, and why (one per policy step). */
struct approval_choice {
	int position; /* the policy's step, from 1 */
	int step;     /* the request's step it became; 0: left out */
	const char *reason;
};

/* Whether d has a condition. */
bool approval_step_conditional(const struct approval_step_def *d);
/* Whether d's condition holds for facts; *why (in a) says why (or why not). */
bool approval_step_applies(struct arena *a, const struct approval_step_def *d, const struct approval_facts *facts,
			   const char **why);

struct approval_policy {
	int64_t id;
	const char *name;
	int position;
	bool active;
	const char *kind;
	const char *match_type, *match_risk, *match_category; /* NULL: any */
	int64_t match_service_id;                             /* 0: any */
	const char *match_service;
	int match_priority; /* 0: any */
	struct approval_step_def *steps;
	size_t step_count;
	int64_t created_at, updated_at;
};

LIST_OF(approval_policy_list, approval_policy);

struct approval_policy_input {
	const char *name, *kind, *match_type, *match_risk, *match_service, *match_category;
	int position, match_priority;
	bool active;
	struct approval_step_def *steps;
	size_t step_count;
	bool set_position, set_active, set_kind, set_match_type, set_match_risk, set_match_service, set_match_category,
		set_match_priority, set_steps;
};

/* Run by core/kernel/record.h: admins write, agents read. */
extern const struct record_kind approval_policy_kind;

/* ---- requests and decisions ---------------------------------------------- */

/* One approver's part in a step. */
struct approval {
	int64_t id, step_id, request_id, ticket_id;
	int position; /* of its step */
	int64_t approver_id;
	const char *approver; /* login */
	const char *via;      /* the group or "service owner" that named them; NULL: named directly */
	const char *state;    /* waiting, pending, approved, rejected, skipped */
	const char *comment;
	int64_t decided_by_id;
	const char *decided_by; /* login: the approver, or their delegate */
	int64_t decided_at, requested_at, reminded_at;
	/* of its ticket and request, for inboxes */
	const char *ticket, *ticket_kind, *ticket_title;
	const char *rule; /* its step's */
	int required;
	const char *request_state;
	bool on_behalf; /* inbox: the caller decides as the approver's delegate */
};

struct approval_list {
	struct approval *items;
	size_t count;
	const char *next_cursor;
};

struct approval_step {
	int64_t id, request_id;
	int position;
	const char *rule; /* any, all, n_of_m */
	int required;
	const char *state; /* waiting, pending, approved, rejected, canceled */
	int64_t started_at, decided_at;
	struct approval *approvals;
	size_t approval_count;
};

struct approval_request {
	int64_t id, ticket_id;
	const char *policy; /* NULL: ad hoc */
	const char *state;  /* pending, approved, rejected, canceled */
	int step, step_count;
	bool fires; /* the kind's actions run when it ends */
	int64_t created_by_id;
	const char *created_by;
	int64_t created_at, decided_at;
	struct approval_step *steps;
	size_t step_count_read;
	struct approval_choice *choices; /* a policy's steps, taken or left out */
	size_t choice_count;
};

LIST_OF(approval_request_list, approval_request);

/* An ad hoc request: one step naming approvers and a rule, or a policy
 * by name, or (neither) the ticket's matching policy. */
struct approval_request_input {
	const char *policy, *rule; /* rule: any, all or n_of_m */
	struct approval_step_def step;
	bool set_policy, set_users, set_groups, set_service_owner, set_rule, set_required;
};

/* POST /api/v1/<path>/{number}/approvals: an agent asks for approval of
 * a ticket (409 approval-pending while one is pending).  out: the
 * ticket's requests, newest first. */
enum sw_err approval_request(struct ctx *c, const struct ticket_kind *kind, const char *number,
			     const struct approval_request_input *in, struct approval_request_list *out,
			     struct sw_error *err);
/* The requests of a ticket the caller may read, newest first, with their
 * steps and approvals. */
enum sw_err approval_requests_of(struct ctx *c, const struct ticket_kind *kind, const char *number,
				 struct approval_request_list *out, struct sw_error *err);
/* The caller's pending approvals (and those of users who delegated to the
 * caller, now), oldest first. */
enum sw_err approval_inbox(struct ctx *c, const struct page *p, struct approval_list *out, struct sw_error *err);
/* Approve or reject approval id with a comment (required to reject).
 * 404 for an approval that is not the caller's (nor delegated to them);
 * 409 approval-decided when it was decided, approval-finished when its
 * request or step has ended, approval-waiting when its step is not reached. */
enum sw_err approval_decide(struct ctx *c, int64_t id, bool approve, const char *comment, struct approval *out,
			    struct sw_error *err);
/* Whether a (as read) can be decided now: its refusal (409
 * approval-decided, approval-waiting, approval-finished) otherwise. */
enum sw_err approval_decidable(const struct approval *a, struct sw_error *err);

/* The engine's hook (ticket_engine.c), in the write's transaction: t has
 * moved from before (NULL: created).  Entering the kind's approval state
 * starts a request from the matching policy; leaving it cancels a pending
 * one.  *moved is set when the approval moved t on (no policy: approved
 * at once). */
enum sw_err approval_ticket_moved(struct ctx *c, const struct ticket *before, const struct ticket *t, bool *moved,
				  struct sw_error *err);

/* ---- delegation ------------------------------------------------------------ */

struct delegation {
	int64_t user_id, delegate_id;
	const char *user, *delegate;
	int64_t starts_at, ends_at, created_at;
};

struct delegation_input {
	const char *delegate;
	int64_t starts_at, ends_at; /* 0: from now */
	bool set_delegate, set_starts_at, set_ends_at;
};

/* The caller's delegation (404 when none). */
enum sw_err delegation_get(struct ctx *c, struct delegation *out, struct sw_error *err);
/* Set (replace) the caller's delegation. */
enum sw_err delegation_set(struct ctx *c, const struct delegation_input *in, struct delegation *out,
			   struct sw_error *err);
/* End it (404 when none). */
enum sw_err delegation_clear(struct ctx *c, struct sw_error *err);

/* ---- the scheduler --------------------------------------------------------- */

/* Remind the approvers (and their delegates) of approvals pending for
 * remind_after_s or more since they were requested or last reminded; at
 * most batch; *reminded counts them.  One transaction, as the system. */
enum sw_err approval_reminder_pass(struct ctx *c, int64_t remind_after_s, int batch, int *reminded,
				   struct sw_error *err);

#endif
