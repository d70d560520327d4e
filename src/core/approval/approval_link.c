/*
 * approval_link.c — approvals decided from the link in their email: the
 * links issued when approvers are asked, the page's view, and the
 * decision through the engine's own approval_decide with the link
 * consumed in its transaction.  See approval_link.h.
 */
#include <stdio.h>
#include <string.h>

#include "core/approval/approval_link.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/port/approval.h"
#include "core/port/ticket.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

enum sw_err approval_links_issue(struct ctx *c, const struct approval *approvals, size_t n, const char ***links,
				 struct sw_error *err)
{
	*links = NULL;
	if (!c->cfg->email_enabled || c->cfg->approval_link_ttl_s <= 0 || !n)
		return SW_OK;
	const char **v = arena_alloc(c->arena, n * sizeof(*v));
	if (!v)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		char token[ACTION_LINK_TOKEN_MAX];
		v[i] = NULL;
		if (strcmp(approvals[i].state, "pending") != 0)
			continue;
		enum sw_err rc = action_link_issue(c, APPROVAL_LINK_PURPOSE, approvals[i].id, approvals[i].approver_id,
						   c->cfg->approval_link_ttl_s, token, err);
		if (rc)
			return rc;
		v[i] = arena_printf(c->arena, "%s/approval/%lld/%s", c->cfg->public_url ? c->cfg->public_url : "",
				    (long long)approvals[i].id, token);
	}
	*links = v;
	return SW_OK;
}

/* The link token of approval id, checked (consumed when consume) and
 * sent to the caller; then the approval as it stands. */
static enum sw_err linked(struct ctx *c, int64_t id, const char *token, bool consume, struct approval *out,
			  struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	struct action_link l;
	enum sw_err rc = consume ? action_link_consume(c, APPROVAL_LINK_PURPOSE, token, id > 0 ? id : -1, &l, err)
				 : action_link_peek(c, APPROVAL_LINK_PURPOSE, token, id > 0 ? id : -1, &l, err);
	if (rc)
		return rc;
	if (l.user_id != c->actor.user_id)
		return sw_fail(err, SW_EFORBIDDEN, "link-wrong-user",
			       "this link was sent to someone else: log in as the approver it was sent to");
	return store_approval_by_id(c->store, id, out, err);
}

enum sw_err approval_link_view(struct ctx *c, int64_t id, const char *token, struct approval_link_view *out,
			       struct sw_error *err)
{
	struct approval a;
	struct ticket t;
	struct approval_request r;
	enum sw_err rc = linked(c, id, token, false, &a, err);
	if (rc || (rc = approval_decidable(&a, err)) || (rc = store_ticket_by_id(c->store, a.ticket_id, &t, err)) ||
	    (rc = store_approval_request_by_id(c->store, a.request_id, &r, err)))
		return rc;
	bool agent = authz_is_agent(&c->actor);
	if (t.kind->agents_only && !agent)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no approval %lld", (long long)id);
	*out = (struct approval_link_view){.approval = a,
					   .kind_label = t.kind->label,
					   .requester = t.requester,
					   .description = agent ? t.description : NULL,
					   .policy = r.policy,
					   .step_count = r.step_count};
	if (t.kind->approval.facts_of) {
		if ((rc = t.kind->approval.facts_of(c, &t, &out->facts, err)))
			return rc;
		out->has_facts = true;
	}
	return SW_OK;
}

enum sw_err approval_link_decide(struct ctx *c, int64_t id, const char *token, bool approve, const char *comment,
				 struct approval *out, struct sw_error *err)
{
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	struct approval a;
	if (!(rc = linked(c, id, token, true, &a, err)))
		rc = approval_decide(c, id, approve, comment, out, err);
	return core_tx_end(c, rc, err);
}
