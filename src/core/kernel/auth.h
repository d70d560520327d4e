/*
 * auth.h — passwords, sessions, API tokens, CSRF tokens, login throttling.
 *
 * Passwords are argon2id (libsodium crypto_pwhash_str) with a configurable
 * cost; at most cfg->hash_concurrency hashes run at once.  Session ids and
 * API tokens are 256-bit random strings; only their SHA-256 is stored.
 * The CSRF token is a keyed hash of the session id, so it needs no storage
 * and dies with the session.
 *
 * The policy (docs/security.md): a session ends at the end of its lifetime
 * (cfg->session_ttl_s) or after cfg->session_idle_s without a request; an
 * API token may expire and records when it was last used; an account may
 * expire (user.expires_at), which ends its sessions and tokens too.  Login
 * failures are counted per login and client address: past
 * cfg->login_failures_max within cfg->login_window_s, that pair waits
 * cfg->login_delay_s, doubled by each further attempt (up to
 * AUTH_DELAY_MAX_S), so nobody can lock an account out from elsewhere.
 */
#ifndef SW_CORE_AUTH_H
#define SW_CORE_AUTH_H

#include <stdbool.h>

#include "base/limits.h"
#include "core/model.h"

#define AUTH_SECRET_MAX LIMIT_SECRET_MAX
#define AUTH_HASH_MAX 160    /* bytes for a stored password hash incl. NUL */
#define AUTH_DELAY_MAX_S 900 /* the longest a login and address wait */
#define AUTH_TOKENS_MAX 100  /* live API tokens per user */

enum sw_err auth_password_hash(const struct core_config *cfg, const char *password, char out[AUTH_HASH_MAX],
			       struct sw_error *err);
bool auth_password_verify(const struct core_config *cfg, const char *hash, const char *password);

struct login_result {
	struct user user;
	char session[AUTH_SECRET_MAX]; /* cookie value */
	char csrf[AUTH_SECRET_MAX];
	int64_t retry_after; /* seconds, set with SW_ETHROTTLED */
};

/* Verify a login from a client address; on success create a fresh
 * session.  SW_EAUTH (type "invalid-credentials") for any wrong login,
 * password or a disabled or expired account; SW_ETHROTTLED while that
 * login and address wait (out->retry_after). */
enum sw_err auth_login(struct ctx *c, const char *login, const char *password, const char *address,
		       struct login_result *out, struct sw_error *err);
/* End the session the actor is authenticated with. */
enum sw_err auth_logout(struct ctx *c, struct sw_error *err);
/* Resolve a session cookie / bearer token to an actor (SW_EAUTH if unknown). */
enum sw_err auth_session(struct ctx *c, const char *session, struct actor *out, struct sw_error *err);
enum sw_err auth_bearer(struct ctx *c, const char *token, struct actor *out, struct sw_error *err);
/* The CSRF token belonging to a session id, and its constant-time check. */
void auth_csrf_token(const char *session, char out[AUTH_SECRET_MAX]);
/* A new 256-bit secret as base64url after prefix, and the SHA-256 of a
 * secret as lower-case hex (what the database keeps), for the secrets
 * other modules hand out the way API tokens are (feed tokens). */
void auth_secret_new(const char *prefix, char out[AUTH_SECRET_MAX]);
void auth_secret_hash(const char *secret, char out[65]);
bool auth_csrf_valid(const char *session, const char *presented);
/* An API token as its owner sees it (never the secret). */
struct api_token {
	int64_t id;
	const char *name;
	int64_t created_at, last_used_at, expires_at; /* 0: never used, never expires */
};
struct login_throttle {
	int64_t failures, last_failure_at, locked_until;
};
/* Create an API token for login (the command line) expiring at expires_at
 * (0: never; else in the future); the raw token is written to out once. */
enum sw_err auth_token_create(struct ctx *c, const char *login, const char *name, int64_t expires_at,
			      char out[AUTH_SECRET_MAX], struct api_token *made, struct sw_error *err);
/* The caller's own tokens: created from a browser session only (a token
 * cannot mint tokens that outlive it), listed newest first, revoked by id
 * (SW_ENOTFOUND for another's or none). */
enum sw_err auth_my_token_create(struct ctx *c, const char *name, int64_t expires_at, char out[AUTH_SECRET_MAX],
				 struct api_token *made, struct sw_error *err);
enum sw_err auth_my_tokens(struct ctx *c, struct api_token **out, size_t *count, struct sw_error *err);
enum sw_err auth_my_token_revoke(struct ctx *c, int64_t id, struct sw_error *err);

#endif
