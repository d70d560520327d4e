/*
 * port/approval.h — what core needs from storage for approval policies,
 * approval requests, their steps and approvals, and delegations
 * (core/approval/approval.h).  Implemented in src/store/repo_approval.c;
 * the conventions (transactions, error codes, the arena results go to)
 * are in port/store.h.
 */
#ifndef SW_CORE_PORT_APPROVAL_H
#define SW_CORE_PORT_APPROVAL_H

#include "core/port/store.h"

struct approval;
struct approval_list;
struct approval_policy;
struct approval_policy_list;
struct approval_request;
struct approval_step;
struct delegation;

/* struct approval_policy with its steps, named by name */
extern const struct record_store store_approval_policies;
/* Replace the steps of p (p->id set) with p->steps. */
enum sw_err store_approval_policy_set_steps(struct store *s, const struct approval_policy *p, struct sw_error *err);
/* The active policies of kind, in evaluation order (position, name), with steps. */
enum sw_err store_approval_policies_of(struct store *s, const char *kind, struct approval_policy_list *out,
				       struct sw_error *err);

enum sw_err store_approval_request_insert(struct store *s, struct approval_request *r, struct sw_error *err);
/* Lock the request's row for a decision (bumps its version); SW_ENOTFOUND when none. */
enum sw_err store_approval_request_lock(struct store *s, int64_t id, struct sw_error *err);
enum sw_err store_approval_request_by_id(struct store *s, int64_t id, struct approval_request *out,
					 struct sw_error *err);
enum sw_err store_approval_request_set(struct store *s, const struct approval_request *r, struct sw_error *err);
/* The pending request of a ticket; SW_ENOTFOUND when none. */
enum sw_err store_approval_request_pending(struct store *s, int64_t ticket_id, struct approval_request *out,
					   struct sw_error *err);
/* Every request of a ticket, newest first, with steps and approvals. */
enum sw_err store_approval_requests_of(struct store *s, int64_t ticket_id, struct approval_request **out, size_t *count,
				       struct sw_error *err);

/* Record which policy step ch is on request_id (taken or left out, and why). */
enum sw_err store_approval_choice_insert(struct store *s, int64_t request_id, const struct approval_choice *ch,
					 struct sw_error *err);
enum sw_err store_approval_step_insert(struct store *s, struct approval_step *st, struct sw_error *err);
enum sw_err store_approval_step_set(struct store *s, const struct approval_step *st, struct sw_error *err);
/* The step of request at position; SW_ENOTFOUND when none. */
enum sw_err store_approval_step_at(struct store *s, int64_t request_id, int position, struct approval_step *out,
				   struct sw_error *err);

enum sw_err store_approval_insert(struct store *s, struct approval *a, struct sw_error *err);
enum sw_err store_approval_by_id(struct store *s, int64_t id, struct approval *out, struct sw_error *err);
/* The approvals of a step, in id order. */
enum sw_err store_approvals_of_step(struct store *s, int64_t step_id, struct approval **out, size_t *count,
				    struct sw_error *err);
/* Record a's state, comment, decided_by_id and decided_at. */
enum sw_err store_approval_decide(struct store *s, const struct approval *a, struct sw_error *err);
/* A step's waiting approvals become pending, requested at now. */
enum sw_err store_approvals_open(struct store *s, int64_t step_id, int64_t now, struct sw_error *err);
/* A request's waiting and pending approvals become skipped. */
enum sw_err store_approvals_skip(struct store *s, int64_t request_id, struct sw_error *err);
/* Pending approvals of user_id and of those who delegated to user_id at now,
 * in id order, keyset paged. */
enum sw_err store_approval_inbox(struct store *s, int64_t user_id, int64_t now, const struct page *p,
				 struct approval_list *out, struct sw_error *err);
/* Pending approvals requested or last reminded at or before before, at most limit. */
enum sw_err store_approvals_due(struct store *s, int64_t before, int limit, struct approval **out, size_t *count,
				struct sw_error *err);
/* Stamp a's reminder at now if it is still pending and due (*marked). */
enum sw_err store_approval_remind_mark(struct store *s, int64_t id, int64_t before, int64_t now, bool *marked,
				       struct sw_error *err);

/* The delegation of user_id (SW_ENOTFOUND when none). */
enum sw_err store_delegation_get(struct store *s, int64_t user_id, struct delegation *out, struct sw_error *err);
enum sw_err store_delegation_set(struct store *s, const struct delegation *d, struct sw_error *err);
enum sw_err store_delegation_delete(struct store *s, int64_t user_id, bool *found, struct sw_error *err);

#endif
