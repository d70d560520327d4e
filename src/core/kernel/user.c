/*
 * user.c — accounts and groups; see user.h.
 *
 * Every change is audited.  Disabling an account or changing its password
 * ends its sessions in the same transaction (a disabled account's API
 * tokens stop working because authentication requires an active user).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/kernel/auth.h"
#include "core/kernel/authz.h"
#include "core/core_int.h"
#include "core/kernel/record.h"
#include "core/kernel/user.h"
#include "core/port/account.h"
#include "base/banned.h"

static bool login_ok(const char *s)
{
	return slug_ok(s, LIMIT_LOGIN_LEN);
}

static bool email_ok(const char *s)
{
	size_t n = strlen(s);
	const char *at = strchr(s, '@');
	if (n < 3 || n > LIMIT_EMAIL_LEN || !at || at == s || strchr(at + 1, '@') || !at[1])
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == '<' || s[i] == '>' || s[i] == '"')
			return false;
	return strchr(at + 1, '.') != NULL;
}

/* An IANA zone name we can find in the system's tz database, or UTC. */
static bool timezone_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > LIMIT_TZ_LEN)
		return false;
	if (strcmp(s, "UTC") == 0)
		return true;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
			  ch == '/' || ch == '_' || ch == '-' || ch == '+';
		if (!ok)
			return false;
	}
	if (s[0] == '/' || strstr(s, ".."))
		return false;
	char path[128];
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", s);
	return access(path, R_OK) == 0;
}

enum sw_err user_validate(const struct user_input *in, bool creating, struct sw_error *err)
{
	if (creating || in->login) {
		if (!in->login)
			sw_field_fail(err, "login", "is required");
		else if (!login_ok(in->login))
			sw_field_fail(err, "login",
				      "must be 1 to %d characters of a-z, 0-9, '.', '_', '-', starting with a letter "
				      "or digit",
				      LIMIT_LOGIN_LEN);
	}
	record_check_text(err, "name", creating, in->name != NULL, in->name, LIMIT_NAME_LEN);
	if (creating && !in->email)
		sw_field_fail(err, "email", "is required");
	else if (in->email && !email_ok(in->email))
		sw_field_fail(err, "email", "is not an email address");
	if (creating && !in->role)
		sw_field_fail(err, "role", "is required");
	else if (in->role)
		core_value_check(err, "role", &role_name_list, in->role);
	if (in->timezone && !timezone_ok(in->timezone))
		sw_field_fail(err, "timezone", "is not a known IANA time zone");
	if (creating && !in->password)
		sw_field_fail(err, "password", "is required");
	else if (in->password) {
		size_t n = strlen(in->password);
		if (utf8_count(in->password, n) < LIMIT_PASSWORD_MIN || n > LIMIT_PASSWORD_LEN)
			sw_field_fail(err, "password", "must be %d to %d characters", LIMIT_PASSWORD_MIN,
				      LIMIT_PASSWORD_LEN);
	}
	return err->code;
}

static void user_changes(struct changes *ch, const struct user *before, const struct user *after)
{
	changes_str(ch, "name", before->name, after->name);
	changes_str(ch, "email", before->email, after->email);
	changes_str(ch, "timezone", before->timezone, after->timezone);
	changes_str(ch, "role", role_name(before->role), role_name(after->role));
	if (before->active != after->active)
		changes_str(ch, "active", before->active ? "true" : "false", after->active ? "true" : "false");
	changes_time(ch, "expires_at", before->expires_at, after->expires_at);
	if (!str_same(before->password_hash, after->password_hash))
		changes_str(ch, "password", "(hidden)", "(changed)");
}

/* The end of a write of u: its transaction ended with rc, then u, without
 * its password hash, as the answer. */
static enum sw_err answer(struct ctx *c, enum sw_err rc, struct user *u, struct user *out, struct sw_error *err)
{
	if ((rc = core_tx_end(c, rc, err)))
		return rc;
	u->password_hash = NULL;
	*out = *u;
	return SW_OK;
}

enum sw_err user_create(struct ctx *c, const struct user_input *in, struct user *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc)
		return rc;
	if (in->expires_at && in->expires_at <= c->now)
		sw_field_fail(err, "expires_at", "must be in the future (disable the account to end it now)");
	if ((rc = user_validate(in, true, err)))
		return rc;
	struct user u = {
		.login = in->login,
		.name = in->name,
		.email = in->email,
		.timezone = in->timezone ? in->timezone : "UTC",
		.active = in->has_active ? in->active : true,
		.expires_at = in->expires_at,
		.created_at = c->now,
		.updated_at = c->now,
	};
	role_parse(in->role, &u.role);
	char hash[AUTH_HASH_MAX];
	if ((rc = auth_password_hash(c->cfg, in->password, hash, err)))
		return rc;
	u.password_hash = hash;
	if ((rc = core_tx_begin(c, err)))
		return rc;
	rc = store_user_insert(c->store, &u, err);
	if (rc == SW_ECONFLICT)
		rc = sw_fail(err, SW_ECONFLICT, "duplicate", "a user with login '%s' exists", in->login);
	if (!rc) {
		struct changes ch;
		changes_init(&ch);
		changes_set_str(&ch, "login", u.login);
		changes_set_str(&ch, "name", u.name);
		changes_set_str(&ch, "email", u.email);
		changes_set_str(&ch, "role", role_name(u.role));
		if (u.expires_at)
			changes_time(&ch, "expires_at", 0, u.expires_at);
		rc = audit_changes(c, "user", u.id, "create", false, &ch, err);
	}
	return answer(c, rc, &u, out, err);
}

enum sw_err user_update(struct ctx *c, const char *login, const struct user_input *in, struct user *out,
			struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc)
		return rc;
	if (in->login)
		sw_field_fail(err, "login", "cannot be changed");
	if (in->expires_at && in->expires_at <= c->now)
		sw_field_fail(err, "expires_at", "must be in the future (disable the account to end it now)");
	/* it is the requester of every unregistered sender's ticket: whoever
	 * signed in as it would read them all */
	if (str_same(login, USER_UNREGISTERED) && ((in->has_active && in->active) || in->password || in->role))
		sw_field_fail(err,
			      in->password ? "password"
			      : in->role   ? "role"
					   : "active",
			      "cannot be set: the unregistered requester never signs in");
	/* nor has an address: mail from it would be the account's own, on any stranger's ticket */
	if (str_same(login, USER_UNREGISTERED) && in->email && *in->email)
		sw_field_fail(err, "email", "cannot be set: the unregistered requester's tickets keep each sender's");
	if ((rc = user_validate(in, false, err)))
		return rc;
	char hash[AUTH_HASH_MAX];
	if (in->password && (rc = auth_password_hash(c->cfg, in->password, hash, err)))
		return rc;
	if ((rc = core_tx_begin(c, err)))
		return rc;
	struct user before, u;
	if ((rc = core_ref_get(c, CORE_REF_USER, login, &before, NULL, err)))
		goto out;
	u = before;
	if (in->name)
		u.name = in->name;
	if (in->email)
		u.email = in->email;
	if (in->timezone)
		u.timezone = in->timezone;
	if (in->role)
		role_parse(in->role, &u.role);
	if (in->has_active)
		u.active = in->active;
	if (in->has_expires_at)
		u.expires_at = in->expires_at;
	if (in->password)
		u.password_hash = hash;
	u.updated_at = c->now;
	if (u.id == c->actor.user_id && (u.role != ROLE_ADMIN || !u.active)) {
		rc = sw_fail(err, SW_ECONFLICT, "self-lockout",
			     "you cannot remove your own admin role or disable yourself");
		goto out;
	}
	if ((rc = store_user_update(c->store, &u, err)))
		goto out;
	if ((in->password || !u.active) && (rc = store_session_delete_user(c->store, u.id, err)))
		goto out;
	struct changes ch;
	changes_init(&ch);
	user_changes(&ch, &before, &u);
	rc = audit_changes(c, "user", u.id, "update", false, &ch, err);
out:
	return answer(c, rc, &u, out, err);
}

enum sw_err user_get(struct ctx *c, const char *login, struct user *out, struct sw_error *err)
{
	bool self = c->actor.login && strcmp(c->actor.login, login) == 0;
	enum sw_err rc = self ? SW_OK : authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	if ((rc = core_ref_get(c, CORE_REF_USER, login, out, NULL, err)))
		return rc;
	out->password_hash = NULL;
	return SW_OK;
}

enum sw_err user_list(struct ctx *c, const struct user_filter *f, const struct page *p, struct user_list *out,
		      struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	if ((rc = store_user_list(c->store, f, p, out, err)))
		return rc;
	for (size_t i = 0; i < out->count; i++)
		out->items[i].password_hash = NULL;
	return SW_OK;
}

enum sw_err user_me(struct ctx *c, struct user *out, const char ***groups, size_t *group_count, struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "not logged in");
	enum sw_err rc = store_user_by_id(c->store, c->actor.user_id, out, err);
	if (rc)
		return rc;
	out->password_hash = NULL;
	return store_user_groups(c->store, out->id, groups, group_count, err);
}

/* ---- groups: a named record (record.h) -------------------------------------- */

/* The description and the members; the name is the engine's (RECORD_COPY_NAME). */
static void group_validate(const void *v, bool creating, struct sw_error *err)
{
	const struct group_input *in = v;
	(void)creating;
	if (in->description && !core_text_ok(in->description, 0, LIMIT_REASON_LEN))
		sw_field_fail(err, "description", "must be at most %d characters", LIMIT_REASON_LEN);
	if (in->has_members && in->member_count > LIMIT_GROUP_MEMBERS)
		sw_field_fail(err, "members", "must list at most %d users", LIMIT_GROUP_MEMBERS);
}

static void init_group(struct ctx *c, const void *v, void *rec)
{
	const struct group_input *in = v;
	(void)c;
	((struct group *)rec)->description = in->description ? in->description : "";
}

/* Resolve manager and member logins; unknown logins are field errors. */
static enum sw_err resolve_people(struct ctx *c, const struct group_input *in, int64_t *manager_id,
				  int64_t **member_ids, struct sw_error *err)
{
	enum sw_err rc;
	if (in->has_manager && in->manager &&
	    (rc = core_ref_set(c, CORE_REF_USER, "manager", in->manager, manager_id, NULL, err)))
		return rc;
	if (in->has_members &&
	    (rc = core_ref_users(c, "members", in->members, in->member_count, NULL, member_ids, err)))
		return rc;
	return err->code;
}

/* The members' ids wait in w->scratch for group_written. */
static enum sw_err apply_group(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct group_input *in = w->in;
	struct group *g = w->rec;
	int64_t manager_id = 0;
	enum sw_err rc = resolve_people(c, in, &manager_id, w->scratch, err);
	if (rc)
		return rc;
	if (in->description)
		g->description = in->description;
	if (in->has_manager)
		g->manager_id = manager_id;
	g->updated_at = c->now;
	return SW_OK;
}

/* The members, when given; then the group as stored (its manager's login,
 * its members), which the audit row and the answer show. */
static enum sw_err group_written(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct group_input *in = w->in;
	struct group *g = w->rec;
	int64_t *const *members = w->scratch;
	enum sw_err rc = SW_OK;
	if (in->has_members)
		rc = store_group_set_members(c->store, g->id, *members, in->member_count, err);
	return rc ? rc : store_group_by_name(c->store, g->name, g, err);
}

static void group_changes(struct changes *ch, const struct record_write *w)
{
	const struct group_input *in = w->in;
	const struct group *b = w->before, *a = w->rec;
	if (w->creating) {
		changes_set_str(ch, "name", a->name);
		changes_set_str(ch, "manager", in->has_manager ? in->manager : NULL);
		return;
	}
	changes_str(ch, "description", b->description, a->description);
	changes_str(ch, "manager", b->manager_login, a->manager_login);
	if (in->has_members)
		changes_int(ch, "member_count", (int64_t)b->member_count, (int64_t)a->member_count);
}

static const struct record_copy group_copies[] = {
	RECORD_COPY_NAME(struct group_input, struct group, RECORD_NAME_CHECKED_EACH),
};

/* struct group_input in, struct group out, named by name; admins write,
 * agents read. */
static const struct record_kind group_kind = {
	RECORD_KIND(struct group, "group", "a group", ROLE_ADMIN, ROLE_AGENT, &store_groups),
	RECORD_COPIES(group_copies),
	RECORD_HOOKS(group_validate, init_group, apply_group, group_changes),
	.scratch_size = sizeof(int64_t *),
	.written = group_written,
};

enum sw_err group_create(struct ctx *c, const struct group_input *in, struct group *out, struct sw_error *err)
{
	return record_create(c, &group_kind, in, out, err);
}

enum sw_err group_update(struct ctx *c, const char *name, const struct group_input *in, struct group *out,
			 struct sw_error *err)
{
	return record_update(c, &group_kind, &(struct record_key){.name = name}, in, out, err);
}

enum sw_err group_get(struct ctx *c, const char *name, struct group *out, struct sw_error *err)
{
	return record_get(c, &group_kind, &(struct record_key){.name = name}, out, err);
}

enum sw_err group_list(struct ctx *c, const struct page *p, struct group_list *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	return store_group_list(c->store, p, out, err);
}

/* The audit trail of the user or group name names: admins only. */
static enum sw_err history(struct ctx *c, enum core_ref_kind kind, const char *entity, const char *name,
			   struct audit_list *out, struct sw_error *err)
{
	int64_t id;
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc || (rc = core_ref_get(c, kind, name, NULL, &id, err)))
		return rc;
	return store_audit_list(c->store, entity, id, true, out, err);
}

enum sw_err user_history(struct ctx *c, const char *login, struct audit_list *out, struct sw_error *err)
{
	return history(c, CORE_REF_USER, "user", login, out, err);
}

enum sw_err group_history(struct ctx *c, const char *name, struct audit_list *out, struct sw_error *err)
{
	return history(c, CORE_REF_GROUP, "group", name, out, err);
}
