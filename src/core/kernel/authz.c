/*
 * authz.c — Steward's authorisation rules; see authz.h.  Roles are ordered
 * end_user < agent < manager < admin, and a higher role may do whatever a
 * lower one may.
 */
#include "core/kernel/authz.h"
#include "base/banned.h"

enum sw_err authz_require_role(const struct actor *a, enum role min, struct sw_error *err)
{
	if (a->role >= min)
		return SW_OK;
	return sw_fail(err, SW_EFORBIDDEN, NULL, "this needs the %s role", role_name(min));
}

bool authz_is_agent(const struct actor *a)
{
	return a->role >= ROLE_AGENT;
}

bool authz_sees_internal(const struct actor *a)
{
	return authz_is_agent(a);
}

enum sw_err authz_ticket_read(const struct actor *a, const struct authz_ticket *t, struct sw_error *err)
{
	if (authz_is_agent(a))
		return SW_OK;
	if (a->user_id && !t->agents_only && (t->requester_id == a->user_id || t->actor_watches))
		return SW_OK;
	return sw_fail(err, SW_ENOTFOUND, NULL, "no such ticket");
}

enum sw_err authz_ticket_write(const struct actor *a, struct sw_error *err)
{
	return authz_require_role(a, ROLE_AGENT, err);
}

enum sw_err authz_ticket_comment(const struct actor *a, const struct authz_ticket *t, bool internal,
				 struct sw_error *err)
{
	enum sw_err rc = authz_ticket_read(a, t, err);
	if (rc)
		return rc;
	if (internal && !authz_sees_internal(a))
		return sw_fail(err, SW_EFORBIDDEN, NULL, "only agents may add work notes");
	return SW_OK;
}

enum sw_err authz_ticket_action(const struct actor *a, const struct authz_ticket *t, bool end_user_allowed,
				struct sw_error *err)
{
	if (authz_is_agent(a))
		return SW_OK;
	enum sw_err rc = authz_ticket_read(a, t, err);
	if (rc)
		return rc;
	if (!end_user_allowed || t->requester_id != a->user_id)
		return sw_fail(err, SW_EFORBIDDEN, NULL, "only agents may do this");
	return SW_OK;
}

int64_t authz_ticket_scope(const struct actor *a)
{
	return authz_is_agent(a) ? 0 : (a->user_id ? a->user_id : -1);
}

enum sw_err authz_article_read(const struct actor *a, bool published, bool for_everyone, struct sw_error *err)
{
	if (authz_is_agent(a) || (a->user_id && published && for_everyone))
		return SW_OK;
	return sw_fail(err, SW_ENOTFOUND, NULL, "no such article");
}

bool authz_article_readers_only(const struct actor *a)
{
	return !authz_is_agent(a);
}

enum sw_err authz_article_write(const struct actor *a, struct sw_error *err)
{
	return authz_require_role(a, ROLE_AGENT, err);
}

enum sw_err authz_article_publish(const struct actor *a, struct sw_error *err)
{
	return authz_require_role(a, ROLE_MANAGER, err);
}
