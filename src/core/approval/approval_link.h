/*
 * approval_link.h — deciding an approval from the link in the
 * approval_requested email (issue #15): a single-use, expiring action
 * link (core/kernel/action_link.h) bound to one approval and its
 * approver, that still needs the approver's own session.  The page it
 * opens shows what is asked (approval_link_view); the decision goes
 * through the engine's approval_decide, with the link consumed in that
 * decision's transaction, so a refused decision leaves the link usable
 * and a used link records nothing.  See docs/requests.md#approval-links.
 */
#ifndef SW_CORE_APPROVAL_LINK_H
#define SW_CORE_APPROVAL_LINK_H

#include "core/approval/approval.h"
#include "core/kernel/action_link.h"

#define APPROVAL_LINK_PURPOSE "approval"
#define APPROVAL_LINK_TTL_DEFAULT (7 * 86400)

/* What an approval link's page shows: the approval (its ticket's number,
 * kind and title, its step and rule), the ticket's requester, the
 * request's policy and step count, and, for a kind that declares
 * facts_of (a service request), its cost and answers.  description is
 * the ticket's text for agents only (NULL otherwise). */
struct approval_link_view {
	struct approval approval;
	const char *kind_label; /* "a request" */
	const char *requester, *description, *policy;
	int step_count;
	bool has_facts;
	struct approval_facts facts;
};

/* Inside the caller's transaction: a link for each approval of
 * approvals[n] that asks its approver now (a step just asked, a
 * reminder), when emails are sent and links are on (cfg
 * approval_link_ttl_s > 0); (*links)[i] is approval i's page
 * (<public_url>/approval/<id>/<token>) or NULL; *links NULL when none. */
enum sw_err approval_links_issue(struct ctx *c, const struct approval *approvals, size_t n, const char ***links,
				 struct sw_error *err);

/* The page of approval id's link token, for the caller: refused when the
 * link is tampered, another approval's, used or expired (action_link's
 * refusals), sent to someone else (403 link-wrong-user), or its approval
 * can no longer be decided (409 approval-decided, approval-finished,
 * approval-waiting).  Writes nothing. */
enum sw_err approval_link_view(struct ctx *c, int64_t id, const char *token, struct approval_link_view *out,
			       struct sw_error *err);

/* Approve or reject approval id by its link token, as approval_decide
 * does, with the link consumed in the same transaction; the same
 * refusals as approval_link_view and approval_decide, nothing written. */
enum sw_err approval_link_decide(struct ctx *c, int64_t id, const char *token, bool approve, const char *comment,
				 struct approval *out, struct sw_error *err);

#endif
