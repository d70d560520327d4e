/*
 * repo_account.c — users, groups, sessions, API tokens and login
 * throttling, as core/port/account.h declares them.
 */
#include <string.h>

#include "base/limits.h"
#include "core/kernel/auth.h"
#include "core/kernel/record.h"
#include "store/store_int.h"
#include "core/port/account.h"
#include "store/account_sql.h"
#include "base/banned.h"

static void read_user(struct store *s, struct db_rows *r, void *item)
{
	store_read_user(s, r, 0, item);
}

static enum sw_err query_one_user(struct store *s, int id, const struct db_arg *args, int nargs, struct user *out,
				  struct sw_error *err)
{
	enum sw_err rc = store_one(s, id, args, nargs, read_user, out, err);
	if (rc == SW_ENOTFOUND)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no such user");
	return rc;
}

/* what ST_USER_INSERT and ST_USER_UPDATE take */
static const struct store_col user_insert_args[] = {
	STORE_ARGS(struct user, login, name, email, timezone),
	STORE_ARG_VALUE(struct user, role, role_name_list),
	STORE_ARGS(struct user, password_hash, active, created_at, updated_at),
	STORE_ARG_IDS(struct user, expires_at),
};
static const struct store_col user_update_args[] = {
	STORE_ARGS(struct user, id, name, email, timezone),
	STORE_ARG_VALUE(struct user, role, role_name_list),
	STORE_ARGS(struct user, password_hash, active, updated_at),
	STORE_ARG_IDS(struct user, expires_at),
};

enum sw_err store_user_insert(struct store *s, struct user *u, struct sw_error *err)
{
	return STORE_WRITE_ARGS(s, ST_USER_INSERT, u, user_insert_args, &u->id, err);
}

enum sw_err store_user_update(struct store *s, const struct user *u, struct sw_error *err)
{
	return STORE_WRITE_ARGS(s, ST_USER_UPDATE, u, user_update_args, NULL, err);
}

enum sw_err store_user_by_login(struct store *s, const char *login, struct user *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(login)};
	return query_one_user(s, ST_USER_BY_LOGIN, a, 1, out, err);
}

enum sw_err store_user_by_id(struct store *s, int64_t id, struct user *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id)};
	return query_one_user(s, ST_USER_BY_ID, a, 1, out, err);
}

enum sw_err store_user_list(struct store *s, const struct user_filter *f, const struct page *p, struct user_list *out,
			    struct sw_error *err)
{
	const char *after = NULL;
	enum sw_err rc;
	if (p->cursor && (rc = store_cursor_decode_str(s, p->cursor, "users", &after, err)))
		return rc;
	const char *like = f->q ? store_like_pattern(s, f->q) : NULL;
	struct db_arg a[] = {
		DB_TEXT(f->role), DB_INT(f->active), DB_TEXT(like), DB_TEXT(after), DB_INT(p->limit + 1),
	};
	struct user *items;
	size_t n;
	if ((rc = store_collect(s, ST_USER_LIST, a, NARGS(a), sizeof(*items), read_user, &items, &n, err)))
		return rc;
	out->next_cursor = store_page_more(p, &n) ? store_cursor_encode_str(s, "users", items[n - 1].login) : NULL;
	out->items = items;
	out->count = n;
	return SW_OK;
}

enum sw_err store_user_groups(struct store *s, int64_t user_id, const char ***names, size_t *count,
			      struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id)};
	return store_collect_strings(s, ST_USER_GROUPS, a, 1, names, count, err);
}

/* ---- groups --------------------------------------------------------------- */

/* what ST_GROUP_BY_NAME and ST_GROUP_LIST select */
static const struct store_col group_cols[] = {
	STORE_COLS(struct group, id, name, description, manager_id, manager_login, created_at, updated_at)};

STORE_READER(read_group, struct group, group_cols)

static enum sw_err group_members(struct store *s, struct group *g, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(g->id)};
	return store_collect_strings(s, ST_GROUP_MEMBERS, a, 1, &g->members, &g->member_count, err);
}

/* An insert stamps both times; an update leaves the name and created_at. */
static enum sw_err save_group(struct store *s, void *rec, bool creating, struct sw_error *err)
{
	struct group *g = rec;
	const char *description = g->description ? g->description : "";
	if (creating) {
		struct db_arg a[] = {DB_TEXT(g->name), DB_TEXT(description), DB_ID(g->manager_id),
				     DB_INT(g->created_at), DB_INT(g->updated_at)};
		return store_write(s, ST_GROUP_INSERT, a, NARGS(a), &g->id, err);
	}
	struct db_arg a[] = {DB_INT(g->id), DB_TEXT(description), DB_ID(g->manager_id), DB_INT(g->updated_at)};
	return store_write(s, ST_GROUP_UPDATE, a, NARGS(a), NULL, err);
}

/* A group found (rc) with its members. */
static enum sw_err with_members(struct store *s, enum sw_err rc, struct group *g, struct sw_error *err)
{
	return rc ? rc : group_members(s, g, err);
}

enum sw_err store_group_by_name(struct store *s, const char *name, struct group *out, struct sw_error *err)
{
	enum sw_err rc = store_find(s, ST_GROUP_BY_NAME, DB_TEXT(name), read_group, out, err, "no such group");
	return with_members(s, rc, out, err);
}

/* Not found as a path naming a group answers it (core_ref_get). */
static enum sw_err load_group(struct store *s, const struct record_key *key, void *out, struct sw_error *err)
{
	enum sw_err rc =
		store_find(s, ST_GROUP_BY_NAME, DB_TEXT(key->name), read_group, out, err, "no group '%s'", key->name);
	return with_members(s, rc, out, err);
}

const struct record_store store_groups = {save_group, load_group, NULL};

enum sw_err store_group_list(struct store *s, const struct page *p, struct group_list *out, struct sw_error *err)
{
	const char *after = NULL;
	enum sw_err rc;
	if (p->cursor && (rc = store_cursor_decode_str(s, p->cursor, "groups", &after, err)))
		return rc;
	struct db_arg a[] = {DB_TEXT(after), DB_INT(p->limit + 1)};
	struct group *items;
	size_t n;
	if ((rc = store_collect(s, ST_GROUP_LIST, a, NARGS(a), sizeof(*items), read_group, &items, &n, err)))
		return rc;
	out->next_cursor = store_page_more(p, &n) ? store_cursor_encode_str(s, "groups", items[n - 1].name) : NULL;
	for (size_t i = 0; i < n; i++)
		if ((rc = group_members(s, &items[i], err)))
			return rc;
	out->items = items;
	out->count = n;
	return SW_OK;
}

enum sw_err store_group_set_members(struct store *s, int64_t group_id, const int64_t *user_ids, size_t count,
				    struct sw_error *err)
{
	return store_replace_ids(s, ST_GROUP_MEMBERS_CLEAR, ST_GROUP_MEMBER_ADD, group_id, user_ids, count, err);
}

enum sw_err store_group_is_member(struct store *s, int64_t group_id, int64_t user_id, bool *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(group_id), DB_INT(user_id)};
	return store_yes(s, STORE_YES_COUNTED, ST_GROUP_IS_MEMBER, a, 2, out, err);
}

/* ---- sessions, tokens, throttle -------------------------------------------- */

enum sw_err store_session_insert(struct store *s, const char *token_hash, int64_t user_id, int64_t now,
				 int64_t expires_at, int64_t idle_since, int64_t *id, struct sw_error *err)
{
	struct db_arg p[] = {DB_INT(now), DB_INT(idle_since)};
	enum sw_err rc = db_exec(s->conn, ST(ST_SESSION_PURGE), p, NARGS(p), NULL, err);
	if (rc)
		return rc;
	struct db_arg a[] = {DB_TEXT(token_hash), DB_INT(user_id), DB_INT(now), DB_INT(expires_at)};
	return db_query_int(s->conn, ST(ST_SESSION_INSERT), a, NARGS(a), id, err);
}

/* A user behind two leading columns: a session's or token's id and when
 * it was last used. */
struct used_user {
	int64_t key, used;
	struct user user;
};

static void read_used_user(struct store *s, struct db_rows *r, void *item)
{
	struct used_user *k = item;
	k->key = db_col_int(r, 0);
	k->used = db_col_int(r, 1);
	store_read_user(s, r, 2, &k->user);
}

static enum sw_err find_used(struct store *s, int id, const struct db_arg *a, int nargs, int64_t *key, int64_t *used,
			     struct user *u, struct sw_error *err)
{
	struct used_user k;
	enum sw_err rc = store_one(s, id, a, nargs, read_used_user, &k, err);
	if (rc == SW_ENOTFOUND)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no such session or token");
	if (!rc) {
		*key = k.key;
		*used = k.used;
		*u = k.user;
	}
	return rc;
}

enum sw_err store_session_find(struct store *s, const char *token_hash, int64_t now, int64_t idle_since,
			       int64_t *session_id, int64_t *last_seen, struct user *u, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(token_hash), DB_INT(now), DB_INT(idle_since)};
	return find_used(s, ST_SESSION_FIND, a, NARGS(a), session_id, last_seen, u, err);
}

/* The stamp of a session or token in use. */
static enum sw_err stamp(struct store *s, int id, int64_t key, int64_t now, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(key), DB_INT(now)};
	return db_exec(s->conn, ST(id), a, NARGS(a), NULL, err);
}

enum sw_err store_session_seen(struct store *s, int64_t session_id, int64_t now, struct sw_error *err)
{
	return stamp(s, ST_SESSION_SEEN, session_id, now, err);
}

enum sw_err store_session_delete(struct store *s, int64_t session_id, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(session_id)};
	return db_exec(s->conn, ST(ST_SESSION_DELETE), a, 1, NULL, err);
}

enum sw_err store_session_delete_user(struct store *s, int64_t user_id, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id)};
	return db_exec(s->conn, ST(ST_SESSION_DELETE_USER), a, 1, NULL, err);
}

enum sw_err store_token_insert(struct store *s, const char *token_hash, int64_t user_id, const char *name, int64_t now,
			       int64_t expires_at, int64_t *id, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(token_hash), DB_INT(user_id), DB_TEXT(name), DB_INT(now),
			     expires_at ? DB_INT(expires_at) : DB_NULL};
	return db_query_int(s->conn, ST(ST_TOKEN_INSERT), a, NARGS(a), id, err);
}

enum sw_err store_token_find(struct store *s, const char *token_hash, int64_t now, int64_t *token_id,
			     int64_t *last_used, struct user *u, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(token_hash), DB_INT(now)};
	return find_used(s, ST_TOKEN_FIND, a, NARGS(a), token_id, last_used, u, err);
}

enum sw_err store_token_used(struct store *s, int64_t token_id, int64_t now, struct sw_error *err)
{
	return stamp(s, ST_TOKEN_USED, token_id, now, err);
}

static const struct store_col token_cols[] = {
	STORE_COLS(struct api_token, id, name, created_at, last_used_at, expires_at)};

enum sw_err store_token_list(struct store *s, int64_t user_id, size_t max, struct api_token **out, size_t *count,
			     struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id), DB_INT((int64_t)max)};
	return STORE_COLLECT(s, ST_TOKEN_LIST, a, NARGS(a), token_cols, out, count, err);
}

enum sw_err store_token_delete(struct store *s, int64_t token_id, int64_t user_id, bool *deleted, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(token_id), DB_INT(user_id)};
	int64_t n = 0;
	enum sw_err rc = db_exec(s->conn, ST(ST_TOKEN_DELETE), a, NARGS(a), &n, err);
	*deleted = n > 0;
	return rc;
}

static const struct store_col throttle_cols[] = {
	STORE_COLS(struct login_throttle, failures, last_failure_at, locked_until)};

enum sw_err store_throttle_get(struct store *s, const char *login, const char *address, struct login_throttle *out,
			       struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(login), DB_TEXT(address)};
	enum sw_err rc = store_one_cols(s, ST_THROTTLE_GET, a, NARGS(a), throttle_cols, NARGS(throttle_cols), out,
					sizeof(*out), err);
	if (rc == SW_ENOTFOUND) {
		*out = (struct login_throttle){0};
		sw_error_clear(err);
		return SW_OK;
	}
	return rc;
}

enum sw_err store_throttle_set(struct store *s, const char *login, const char *address, const struct login_throttle *t,
			       struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(login), DB_TEXT(address), DB_INT(t->failures), DB_INT(t->last_failure_at),
			     DB_INT(t->locked_until)};
	return db_exec(s->conn, ST(ST_THROTTLE_SET), a, NARGS(a), NULL, err);
}

enum sw_err store_throttle_clear(struct store *s, const char *login, const char *address, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(login), DB_TEXT(address)};
	return db_exec(s->conn, ST(ST_THROTTLE_CLEAR), a, NARGS(a), NULL, err);
}

enum sw_err store_throttle_purge(struct store *s, int64_t before, int64_t now, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(before), DB_INT(now)};
	return db_exec(s->conn, ST(ST_THROTTLE_PURGE), a, NARGS(a), NULL, err);
}
