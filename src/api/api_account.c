/*
 * api_account.c — /api/v1/auth/..., /api/v1/me, /api/v1/users and
 * /api/v1/groups: JSON in, core/user.h and core/auth.h, JSON out.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "core/auth.h"
#include "core/user.h"
#include "base/banned.h"

#define SESSION_COOKIE "steward_session"

/* ---- auth ------------------------------------------------------------------ */

struct login_input {
	const char *login, *password;
};

#define IN struct login_input
static const struct field login_fields[] = {
	FIELD_PLAIN(IN, "login", FT_STRING, LIMIT_LOGIN_LEN, login, true),
	FIELD_PLAIN(IN, "password", FT_STRING, LIMIT_PASSWORD_LEN, password, true),
};
const struct api_schema api_schema_login = API_SCHEMA("Login", login_fields, IN);
#undef IN

static json_t *me_json(const struct user *u, const char **groups, size_t group_count)
{
	json_t *j = api_user_json(u);
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
	rc = auth_login(&r->ctx, in.login, in.password, &res, err);
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

#define IN struct user_input
static const struct field user_fields[] = {
	FIELD_PLAIN(IN, "login", FT_STRING, LIMIT_LOGIN_LEN, login, false),
	FIELD_PLAIN(IN, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	FIELD_PLAIN(IN, "email", FT_STRING, LIMIT_EMAIL_LEN, email, false),
	FIELD_PLAIN(IN, "timezone", FT_STRING, LIMIT_TZ_LEN, timezone, false),
	FIELD_PLAIN(IN, "role", FT_STRING, 20, role, false),
	FIELD_PLAIN(IN, "password", FT_STRING, LIMIT_PASSWORD_LEN, password, false),
	FIELD(IN, "active", FT_BOOL, 0, active, has_active),
};
const struct api_schema api_schema_user = API_SCHEMA("UserInput", user_fields, IN);
#undef IN

enum sw_err api_user_create(struct req *r, struct sw_error *err)
{
	struct user_input in;
	enum sw_err rc = api_read(r, &api_schema_user, false, &in, err);
	if (rc)
		return rc;
	struct user u;
	if ((rc = user_create(&r->ctx, &in, &u, err)))
		return rc;
	http_header(r, "Location", arena_printf(&r->arena, "/api/v1/users/%s", u.login));
	return api_reply(r, 201, api_user_json(&u), err);
}

enum sw_err api_user_update(struct req *r, struct sw_error *err)
{
	struct user_input in;
	enum sw_err rc = api_read(r, &api_schema_user, false, &in, err);
	if (rc)
		return rc;
	struct user u;
	if ((rc = user_update(&r->ctx, req_param(r, "login"), &in, &u, err)))
		return rc;
	return api_reply(r, 200, api_user_json(&u), err);
}

enum sw_err api_user_get(struct req *r, struct sw_error *err)
{
	struct user u;
	enum sw_err rc = user_get(&r->ctx, req_param(r, "login"), &u, err);
	if (rc)
		return rc;
	return api_reply(r, 200, api_user_json(&u), err);
}

enum sw_err api_user_list(struct req *r, struct sw_error *err)
{
	struct page p;
	struct user_filter f = {.active = -1};
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "role,active,q,limit,cursor", err)) || (rc = api_page(r, &p, err)) ||
	    (rc = api_query_str(r, "role", 20, &f.role, err)) || (rc = api_query_str(r, "q", 200, &f.q, err)) ||
	    (rc = api_query_bool(r, "active", &f.active, err)))
		return rc;
	enum role role;
	if (f.role && role_parse(f.role, &role)) {
		return sw_param_fail(err, "role", "must be one of end_user, agent, manager, admin");
	}
	struct user_list list;
	if ((rc = user_list(&r->ctx, &f, &p, &list, err)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; items && i < list.count; i++)
		json_array_append_new(items, api_user_json(&list.items[i]));
	return api_reply_list(r, items, list.next_cursor, err);
}

enum sw_err api_user_history(struct req *r, struct sw_error *err)
{
	struct audit_list list;
	enum sw_err rc = user_history(&r->ctx, req_param(r, "login"), &list, err);
	if (rc)
		return rc;
	return api_reply_history(r, &list, err);
}

/* ---- groups ------------------------------------------------------------------ */

#define IN struct group_input
static const struct field group_fields[] = {
	FIELD_PLAIN(IN, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	FIELD_PLAIN(IN, "description", FT_STRING, LIMIT_REASON_LEN, description, false),
	FIELD(IN, "manager", FT_STRING_NULL, LIMIT_LOGIN_LEN, manager, has_manager),
	FIELD_STRINGS(IN, "members", LIMIT_GROUP_MEMBERS, members, member_count, has_members),
};
const struct api_schema api_schema_group = API_SCHEMA("GroupInput", group_fields, IN);
#undef IN

static json_t *group_json(const struct group *g)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "name", g->name, "description",
			 g->description ? g->description : "", "manager", api_str(g->manager_login), "members",
			 api_strings(g->members, g->member_count), "created_at", api_time(g->created_at), "updated_at",
			 api_time(g->updated_at));
}

enum sw_err api_group_create(struct req *r, struct sw_error *err)
{
	struct group_input in;
	enum sw_err rc = api_read(r, &api_schema_group, false, &in, err);
	if (rc)
		return rc;
	struct group g;
	if ((rc = group_create(&r->ctx, &in, &g, err)))
		return rc;
	http_header(r, "Location", arena_printf(&r->arena, "/api/v1/groups/%s", g.name));
	return api_reply(r, 201, group_json(&g), err);
}

enum sw_err api_group_update(struct req *r, struct sw_error *err)
{
	struct group_input in;
	enum sw_err rc = api_read(r, &api_schema_group, false, &in, err);
	if (rc)
		return rc;
	struct group g;
	if ((rc = group_update(&r->ctx, req_param(r, "name"), &in, &g, err)))
		return rc;
	return api_reply(r, 200, group_json(&g), err);
}

enum sw_err api_group_get(struct req *r, struct sw_error *err)
{
	struct group g;
	enum sw_err rc = group_get(&r->ctx, req_param(r, "name"), &g, err);
	if (rc)
		return rc;
	return api_reply(r, 200, group_json(&g), err);
}

enum sw_err api_group_list(struct req *r, struct sw_error *err)
{
	struct page p;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "limit,cursor", err)) || (rc = api_page(r, &p, err)))
		return rc;
	struct group_list list;
	if ((rc = group_list(&r->ctx, &p, &list, err)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; items && i < list.count; i++)
		json_array_append_new(items, group_json(&list.items[i]));
	return api_reply_list(r, items, list.next_cursor, err);
}

enum sw_err api_group_history(struct req *r, struct sw_error *err)
{
	struct audit_list list;
	enum sw_err rc = group_history(&r->ctx, req_param(r, "name"), &list, err);
	if (rc)
		return rc;
	return api_reply_history(r, &list, err);
}
