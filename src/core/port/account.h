/*
 * port/account.h — what core needs from storage for users, groups, sessions,
 * tokens and login throttling (core/kernel/user.h, core/kernel/auth.h).
 * Implemented in src/store/repo_account.c; the conventions (transactions,
 * error codes, the arena results go to) are in port/store.h.
 */
#ifndef SW_CORE_PORT_ACCOUNT_H
#define SW_CORE_PORT_ACCOUNT_H

#include "core/port/store.h"

enum sw_err store_user_insert(struct store *s, struct user *u, struct sw_error *err); /* sets u->id */
enum sw_err store_user_update(struct store *s, const struct user *u, struct sw_error *err);
enum sw_err store_user_by_login(struct store *s, const char *login, struct user *out, struct sw_error *err);
enum sw_err store_user_by_id(struct store *s, int64_t id, struct user *out, struct sw_error *err);
struct user_filter {
	const char *role; /* NULL = any */
	int active;       /* -1 any, 0, 1 */
	const char *q;    /* substring of login or name */
};
enum sw_err store_user_list(struct store *s, const struct user_filter *f, const struct page *p, struct user_list *out,
			    struct sw_error *err);
enum sw_err store_user_groups(struct store *s, int64_t user_id, const char ***names, size_t *count,
			      struct sw_error *err);

/* groups */
/* struct group, named by name */
extern const struct record_store store_groups;
enum sw_err store_group_by_name(struct store *s, const char *name, struct group *out, struct sw_error *err);
enum sw_err store_group_list(struct store *s, const struct page *p, struct group_list *out, struct sw_error *err);
enum sw_err store_group_set_members(struct store *s, int64_t group_id, const int64_t *user_ids, size_t count,
				    struct sw_error *err);
enum sw_err store_group_is_member(struct store *s, int64_t group_id, int64_t user_id, bool *out, struct sw_error *err);

/* sessions, tokens, throttling (core/kernel/auth.h) */
/* A new session; sessions past their lifetime, or unused since
 * idle_since, are purged first. */
enum sw_err store_session_insert(struct store *s, const char *token_hash, int64_t user_id, int64_t now,
				 int64_t expires_at, int64_t idle_since, int64_t *id, struct sw_error *err);
/* A live session (before its expiry, used after idle_since) of an active,
 * unexpired account: its id, when it was last used, its user. */
enum sw_err store_session_find(struct store *s, const char *token_hash, int64_t now, int64_t idle_since,
			       int64_t *session_id, int64_t *last_seen, struct user *u, struct sw_error *err);
enum sw_err store_session_seen(struct store *s, int64_t session_id, int64_t now, struct sw_error *err);
enum sw_err store_session_delete(struct store *s, int64_t session_id, struct sw_error *err);
enum sw_err store_session_delete_user(struct store *s, int64_t user_id, struct sw_error *err);
/* expires_at 0: never */
enum sw_err store_token_insert(struct store *s, const char *token_hash, int64_t user_id, const char *name, int64_t now,
			       int64_t expires_at, int64_t *id, struct sw_error *err);
/* A live token (unexpired) of an active, unexpired account: its id,
 * when it was last used (0: never), its user. */
enum sw_err store_token_find(struct store *s, const char *token_hash, int64_t now, int64_t *token_id,
			     int64_t *last_used, struct user *u, struct sw_error *err);
enum sw_err store_token_used(struct store *s, int64_t token_id, int64_t now, struct sw_error *err);
struct api_token;
/* user_id's tokens, newest first, at most max */
enum sw_err store_token_list(struct store *s, int64_t user_id, size_t max, struct api_token **out, size_t *count,
			     struct sw_error *err);
/* Delete user_id's token id; *deleted says whether there was one. */
enum sw_err store_token_delete(struct store *s, int64_t token_id, int64_t user_id, bool *deleted, struct sw_error *err);
struct login_throttle;
/* The failures of login from address (all zero when none). */
enum sw_err store_throttle_get(struct store *s, const char *login, const char *address, struct login_throttle *out,
			       struct sw_error *err);
enum sw_err store_throttle_set(struct store *s, const char *login, const char *address, const struct login_throttle *t,
			       struct sw_error *err);
enum sw_err store_throttle_clear(struct store *s, const char *login, const char *address, struct sw_error *err);
/* Forget failures older than before whose delay has passed by now. */
enum sw_err store_throttle_purge(struct store *s, int64_t before, int64_t now, struct sw_error *err);

#endif
