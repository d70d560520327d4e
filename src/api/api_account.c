/*
 * api_account.c — /api/v1/auth/..., /api/v1/me, /api/v1/users and
 * /api/v1/groups: JSON in, core/kernel/user.h and core/kernel/auth.h, JSON out.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "core/kernel/auth.h"
#include "core/kernel/user.h"
#include "core/port/account.h"
#include "base/banned.h"

#define SESSION_COOKIE "steward_session"

/* ---- auth ------------------------------------------------------------------ */

struct login_input {
	const char *login, *password;
};

API_INPUT(api_schema_login, "Login", struct login_input,
	  FIELD_PLAIN(struct login_input, "login", FT_STRING, LIMIT_LOGIN_LEN, login, true),
	  FIELD_PLAIN(struct login_input, "password", FT_STRING, LIMIT_PASSWORD_LEN, password, true));

/* a user as every answer about one shows it (me, login, users) */
static json_t *user_json(const void *rec)
{
	const struct user *u = rec;
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o}", "login", u->login, "name", u->name, "email",
			 u->email, "timezone", u->timezone, "role", role_name(u->role), "active", u->active,
			 "expires_at", api_time(u->expires_at), "created_at", api_time(u->created_at), "updated_at",
			 api_time(u->updated_at));
}

static json_t *me_json(const struct user *u, const char **groups, size_t group_count)
{
	json_t *j = user_json(u);
	if (j)
		json_object_set_new(j, "groups", api_strings(groups, group_count));
	return j;
}

enum sw_err api_login(struct req *r, struct sw_error *err)
{
	struct login_input in;
	enum sw_err rc = api_read(r, &api_schema_login, false, &in, err);
	if (rc)
		return rc;
	struct login_result res = {0};
	rc = auth_login(&r->ctx, in.login, in.password, req_client_address(r), &res, err);
	if (rc == SW_ETHROTTLED)
		http_header(r, "Retry-After", arena_printf(&r->arena, "%lld", (long long)res.retry_after));
	if (rc)
		return rc;
	const char **groups = NULL;
	size_t group_count = 0;
	if ((rc = store_user_groups(r->ctx.store, res.user.id, &groups, &group_count, err)))
		return rc;
	http_header(r, "Set-Cookie",
		    arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s", SESSION_COOKIE,
				 res.session, (long long)r->app->core->session_ttl_s,
				 r->app->cookie_secure ? "; Secure" : ""));
	return api_reply(
		r, 200,
		json_pack("{s:o, s:s}", "user", me_json(&res.user, groups, group_count), "csrf_token", res.csrf), err);
}

/* ---- the caller's API tokens -------------------------------------------------- */

struct token_input {
	const char *name;
	bool has_expires_at;
	int64_t expires_at;
};
API_INPUT(api_schema_token, "ApiTokenInput", struct token_input,
	  FIELD_PLAIN(struct token_input, "name", FT_STRING, 100, name, true),
	  FIELD(struct token_input, "expires_at", FT_TIME_NULL, 0, expires_at, has_expires_at));

static json_t *token_json(const void *rec)
{
	const struct api_token *t = rec;
	return json_pack("{s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)t->id, "name", t->name, "created_at",
			 api_time(t->created_at), "last_used_at", api_time(t->last_used_at), "expires_at",
			 api_time(t->expires_at));
}

enum sw_err api_token_create(struct req *r, struct sw_error *err)
{
	struct token_input in;
	struct api_token t;
	char secret[AUTH_SECRET_MAX];
	enum sw_err rc;
	if ((rc = api_read(r, &api_schema_token, false, &in, err)) ||
	    (rc = auth_my_token_create(&r->ctx, in.name, in.expires_at, secret, &t, err)))
		return rc;
	json_t *j = token_json(&t);
	if (j)
		json_object_set_new(j, "token", json_string(secret));
	return api_reply_created(r, "/api/v1/me/tokens", t.id, j, err);
}

enum sw_err api_token_list(struct req *r, struct sw_error *err)
{
	struct api_token *l;
	size_t n;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "", err)) || (rc = auth_my_tokens(&r->ctx, &l, &n, err)))
		return rc;
	return api_reply_items(r, l, n, sizeof(*l), token_json, NULL, err);
}

enum sw_err api_token_revoke(struct req *r, struct sw_error *err)
{
	return api_id_call(r, "API token", auth_my_token_revoke, err);
}

enum sw_err api_logout(struct req *r, struct sw_error *err)
{
	enum sw_err rc = auth_logout(&r->ctx, err);
	if (rc)
		return rc;
	http_header(r, "Set-Cookie",
		    arena_printf(&r->arena, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", SESSION_COOKIE,
				 r->app->cookie_secure ? "; Secure" : ""));
	return http_reply(r, 204, NULL, NULL, 0, err);
}

enum sw_err api_me(struct req *r, struct sw_error *err)
{
	struct user u;
	const char **groups;
	size_t n;
	enum sw_err rc = user_me(&r->ctx, &u, &groups, &n, err);
	if (rc)
		return rc;
	json_t *j = me_json(&u, groups, n);
	if (j && r->session) {
		char csrf[AUTH_SECRET_MAX];
		auth_csrf_token(r->session, csrf);
		json_object_set_new(j, "csrf_token", json_string(csrf));
	}
	return api_reply(r, 200, j, err);
}

/* ---- users ------------------------------------------------------------------ */

API_INPUT(api_schema_user, "UserInput", struct user_input,
	  FIELDS_TEXT(struct user_input, (login, LIMIT_LOGIN_LEN), (name, LIMIT_NAME_LEN), (email, LIMIT_EMAIL_LEN),
		      (timezone, LIMIT_TZ_LEN), (role, 20), (password, LIMIT_PASSWORD_LEN)),
	  FIELD(struct user_input, "active", FT_BOOL, 0, active, has_active),
	  FIELD(struct user_input, "expires_at", FT_TIME_NULL, 0, expires_at, has_expires_at));

API_CALLS(user_calls, struct user, login, "login", user_get, user_create, user_update);

static enum sw_err list_users(struct req *r, struct api_items *out, struct sw_error *err)
{
	struct page p;
	struct user_filter f = {.active = -1};
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "role,active,q,limit,cursor", err)) || (rc = api_page(r, &p, err)) ||
	    (rc = api_query_str(r, "role", 20, &f.role, err)) || (rc = api_query_str(r, "q", 200, &f.q, err)) ||
	    (rc = api_query_bool(r, "active", &f.active, err)) ||
	    (rc = api_query_known("role", &role_name_list, f.role, err)))
		return rc;
	struct user_list list;
	if ((rc = user_list(&r->ctx, &f, &p, &list, err)))
		return rc;
	*out = (struct api_items){list.items, list.count, list.next_cursor};
	return SW_OK;
}

const struct api_record api_users = {
	.calls = &user_calls, .schema = &api_schema_user, .json = user_json, .list = list_users};

API_LIST_OF(api_user_history, "login", struct audit_list, user_history, api_reply_history)

/* ---- groups ------------------------------------------------------------------ */

API_INPUT(api_schema_group, "GroupInput", struct group_input,
	  FIELD_PLAIN(struct group_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	  FIELD_PLAIN(struct group_input, "description", FT_STRING, LIMIT_REASON_LEN, description, false),
	  FIELD(struct group_input, "manager", FT_STRING_NULL, LIMIT_LOGIN_LEN, manager, has_manager),
	  FIELD_STRINGS(struct group_input, "members", LIMIT_GROUP_MEMBERS, members, member_count, has_members));

static json_t *group_json(const void *rec)
{
	const struct group *g = rec;
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "name", g->name, "description",
			 g->description ? g->description : "", "manager", api_str(g->manager_login), "members",
			 api_strings(g->members, g->member_count), "created_at", api_time(g->created_at), "updated_at",
			 api_time(g->updated_at));
}

API_CALLS(group_calls, struct group, name, "name", group_get, group_create, group_update);

static enum sw_err list_groups(struct req *r, struct api_items *out, struct sw_error *err)
{
	struct page p;
	struct group_list list;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "limit,cursor", err)) || (rc = api_page(r, &p, err)) ||
	    (rc = group_list(&r->ctx, &p, &list, err)))
		return rc;
	*out = (struct api_items){list.items, list.count, list.next_cursor};
	return SW_OK;
}

const struct api_record api_groups = {
	.calls = &group_calls, .schema = &api_schema_group, .json = group_json, .list = list_groups};

API_LIST_OF(api_group_history, "name", struct audit_list, group_history, api_reply_history)
