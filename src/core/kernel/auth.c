/*
 * auth.c — authentication: argon2id passwords, sessions, API tokens, CSRF
 * tokens and login throttling.  See auth.h.
 *
 * argon2id is deliberately expensive (about 64 MiB and 100 ms at the
 * interactive cost), so a small semaphore bounds concurrent hashing and a
 * flood of logins cannot exhaust memory.  A wrong login still runs one
 * verification against a dummy hash so that unknown users and wrong
 * passwords take the same time.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "core/kernel/auth.h"
#include "core/core_int.h"
#include "core/port/account.h"
#include "base/banned.h"

static pthread_mutex_t hash_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hash_cond = PTHREAD_COND_INITIALIZER;
static int hash_running;
static int hash_max = 2;
static char dummy_hash[AUTH_HASH_MAX];

static void hash_enter(void)
{
	pthread_mutex_lock(&hash_lock);
	while (hash_running >= hash_max)
		pthread_cond_wait(&hash_cond, &hash_lock);
	hash_running++;
	pthread_mutex_unlock(&hash_lock);
}

static void hash_leave(void)
{
	pthread_mutex_lock(&hash_lock);
	hash_running--;
	pthread_cond_signal(&hash_cond);
	pthread_mutex_unlock(&hash_lock);
}

void auth_init(const struct core_config *cfg)
{
	hash_max = cfg->hash_concurrency > 0 ? cfg->hash_concurrency : 1;
	struct sw_error err;
	char pw[32];
	randombytes_buf(pw, sizeof(pw) - 1);
	for (size_t i = 0; i < sizeof(pw) - 1; i++)
		pw[i] = (char)('a' + ((unsigned char)pw[i] % 26));
	pw[sizeof(pw) - 1] = 0;
	if (auth_password_hash(cfg, pw, dummy_hash, &err))
		dummy_hash[0] = 0;
}

enum sw_err auth_password_hash(const struct core_config *cfg, const char *password, char out[AUTH_HASH_MAX],
			       struct sw_error *err)
{
	char tmp[crypto_pwhash_STRBYTES];
	hash_enter();
	int rc = crypto_pwhash_str_alg(tmp, password, strlen(password), cfg->pwhash_opslimit, cfg->pwhash_memlimit,
				       crypto_pwhash_ALG_ARGON2ID13);
	hash_leave();
	if (rc != 0)
		return sw_fail(err, SW_ENOMEM, NULL, "password hashing ran out of memory");
	snprintf(out, AUTH_HASH_MAX, "%s", tmp);
	return SW_OK;
}

bool auth_password_verify(const struct core_config *cfg, const char *hash, const char *password)
{
	(void)cfg;
	if (!hash || !*hash)
		return false;
	hash_enter();
	int rc = crypto_pwhash_str_verify(hash, password, strlen(password));
	hash_leave();
	return rc == 0;
}

/* 256 random bits as base64url, with an optional prefix. */
static void random_secret(const char *prefix, char out[AUTH_SECRET_MAX])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	size_t pl = strlen(prefix);
	memcpy(out, prefix, pl);
	base64url_encode(raw, sizeof(raw), out + pl);
	sodium_memzero(raw, sizeof(raw));
}

/* SHA-256 of a secret as lower-case hex: what the database keeps. */
static void secret_hash(const char *secret, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)secret, strlen(secret));
	hex_encode(h, sizeof(h), out);
}

void auth_secret_new(const char *prefix, char out[AUTH_SECRET_MAX])
{
	random_secret(prefix, out);
}

void auth_secret_hash(const char *secret, char out[65])
{
	secret_hash(secret, out);
}

void auth_csrf_token(const char *session, char out[AUTH_SECRET_MAX])
{
	unsigned char key[crypto_generichash_KEYBYTES];
	crypto_hash_sha256(key, (const unsigned char *)session, strlen(session));
	unsigned char mac[32];
	crypto_generichash(mac, sizeof(mac), (const unsigned char *)"steward-csrf-v1", 15, key, sizeof(key));
	base64url_encode(mac, sizeof(mac), out);
}

bool auth_csrf_valid(const char *session, const char *presented)
{
	if (!session || !presented)
		return false;
	char want[AUTH_SECRET_MAX];
	auth_csrf_token(session, want);
	size_t n = strlen(want);
	if (strlen(presented) != n)
		return false;
	return ct_equal(want, presented, n);
}

static void actor_from_user(const struct user *u, int64_t session_id, struct actor *out)
{
	out->user_id = u->id;
	out->login = u->login;
	out->role = u->role;
	out->session_id = session_id;
}

static enum sw_err invalid_credentials(struct sw_error *err)
{
	return sw_fail(err, SW_EAUTH, "invalid-credentials", "the login or password is wrong");
}

/* The wait a login and address have earned by failures: none up to the
 * limit, then the base delay doubled by each failure past it, capped. */
static int64_t throttle_delay(const struct core_config *cfg, int64_t failures)
{
	if (failures < cfg->login_failures_max)
		return 0;
	int64_t d = cfg->login_delay_s;
	for (int64_t k = cfg->login_failures_max; k < failures && d < AUTH_DELAY_MAX_S; k++)
		d *= 2;
	return d < AUTH_DELAY_MAX_S ? d : AUTH_DELAY_MAX_S;
}

/* Count one more failure of login from address (an attempt while it waits
 * counts too, doubling the wait), in its own transaction; failures older
 * than the window are forgotten first. */
static enum sw_err throttle_failure(struct ctx *c, const char *login, const char *address, int64_t *retry_after,
				    struct sw_error *err)
{
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	struct login_throttle t;
	if (!(rc = store_throttle_get(c->store, login, address, &t, err))) {
		bool waiting = t.locked_until > c->now;
		if (!waiting && t.last_failure_at && c->now - t.last_failure_at >= c->cfg->login_window_s)
			t.failures = 0;
		t.failures++;
		t.last_failure_at = c->now;
		int64_t d = throttle_delay(c->cfg, t.failures);
		t.locked_until = d ? c->now + d : 0;
		*retry_after = d;
		rc = store_throttle_set(c->store, login, address, &t, err);
	}
	if (!rc)
		rc = store_throttle_purge(c->store, c->now - c->cfg->login_window_s, c->now, err);
	return core_tx_end(c, rc, err);
}

static enum sw_err throttled(int64_t retry_after, struct login_result *out, struct sw_error *err)
{
	out->retry_after = retry_after;
	return sw_fail(err, SW_ETHROTTLED, "throttled",
		       "too many failed logins for this account from this address; try again in %lld seconds",
		       (long long)retry_after);
}

enum sw_err auth_login(struct ctx *c, const char *login, const char *password, const char *address,
		       struct login_result *out, struct sw_error *err)
{
	if (!address || !*address)
		address = "-";
	struct login_throttle t;
	enum sw_err rc = store_throttle_get(c->store, login, address, &t, err);
	if (rc)
		return rc;
	int64_t retry_after = 0;
	if (t.locked_until > c->now) {
		/* waiting: refused without looking at the password, and longer */
		if ((rc = throttle_failure(c, login, address, &retry_after, err)))
			return rc;
		return throttled(retry_after, out, err);
	}

	struct user u;
	struct sw_error lookup_err;
	rc = store_user_by_login(c->store, login, &u, &lookup_err);
	if (rc && rc != SW_ENOTFOUND)
		return sw_fail(err, rc, NULL, "%s", lookup_err.detail);
	bool ok;
	if (rc == SW_ENOTFOUND) {
		auth_password_verify(c->cfg, dummy_hash, password); /* same cost as a real check */
		ok = false;
	} else {
		ok = auth_password_verify(c->cfg, u.password_hash, password) && u.active &&
		     (!u.expires_at || u.expires_at > c->now);
	}

	if (!ok) {
		if ((rc = throttle_failure(c, login, address, &retry_after, err)))
			return rc;
		return invalid_credentials(err);
	}

	random_secret("", out->session);
	char hash[65];
	secret_hash(out->session, hash);
	int64_t session_id = 0;
	if ((rc = core_tx_begin(c, err)))
		return rc;
	rc = store_session_insert(c->store, hash, u.id, c->now, c->now + c->cfg->session_ttl_s,
				  c->now - c->cfg->session_idle_s, &session_id, err);
	if (!rc && t.failures)
		rc = store_throttle_clear(c->store, login, address, err);
	if (!rc) {
		struct actor who;
		actor_from_user(&u, session_id, &who);
		c->actor = who;
		rc = audit_record(c, "user", u.id, "login", false, "{}", err);
	}
	if ((rc = core_tx_end(c, rc, err)))
		return rc;
	u.password_hash = NULL;
	out->user = u;
	auth_csrf_token(out->session, out->csrf);
	return SW_OK;
}

enum sw_err auth_logout(struct ctx *c, struct sw_error *err)
{
	if (!c->actor.session_id)
		return sw_fail(err, SW_EBADREQ, "bad-request", "logout ends a browser session; this request has none");
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	rc = store_session_delete(c->store, c->actor.session_id, err);
	if (!rc)
		rc = audit_record(c, "user", c->actor.user_id, "logout", false, "{}", err);
	return core_tx_end(c, rc, err);
}

/* A session's or token's "last used" is stamped when it is older than
 * this: a read does not write on every request. */
static int64_t stamp_every(const struct core_config *cfg)
{
	int64_t half = cfg->session_idle_s / 2;
	return half < 60 ? half : 60;
}

enum sw_err auth_session(struct ctx *c, const char *session, struct actor *out, struct sw_error *err)
{
	char hash[65];
	secret_hash(session, hash);
	struct user u;
	int64_t session_id, last_seen;
	enum sw_err rc = store_session_find(c->store, hash, c->now, c->now - c->cfg->session_idle_s, &session_id,
					    &last_seen, &u, err);
	if (rc == SW_ENOTFOUND)
		return sw_fail(err, SW_EAUTH, NULL, "the session has ended; log in again");
	if (rc)
		return rc;
	if (c->now - last_seen >= stamp_every(c->cfg) && (rc = store_session_seen(c->store, session_id, c->now, err)))
		return rc;
	actor_from_user(&u, session_id, out);
	return SW_OK;
}

enum sw_err auth_bearer(struct ctx *c, const char *token, struct actor *out, struct sw_error *err)
{
	char hash[65];
	secret_hash(token, hash);
	struct user u;
	int64_t token_id, last_used;
	enum sw_err rc = store_token_find(c->store, hash, c->now, &token_id, &last_used, &u, err);
	if (rc == SW_ENOTFOUND)
		return sw_fail(err, SW_EAUTH, NULL, "the API token is not valid");
	if (rc)
		return rc;
	if (c->now - last_used >= 60 && (rc = store_token_used(c->store, token_id, c->now, err)))
		return rc;
	actor_from_user(&u, 0, out);
	return SW_OK;
}

/* A new token for u named name, expiring at expires_at (0: never). */
static enum sw_err token_create(struct ctx *c, const struct user *u, const char *name, int64_t expires_at,
				char out[AUTH_SECRET_MAX], struct api_token *made, struct sw_error *err)
{
	if (!name || !*name || strlen(name) > 100 || !utf8_valid(name, strlen(name)))
		sw_field_fail(err, "name", "must be 1 to 100 characters");
	if (expires_at && expires_at <= c->now)
		sw_field_fail(err, "expires_at", "must be in the future");
	if (err->code)
		return err->code;
	struct api_token *mine;
	size_t n;
	enum sw_err rc = store_token_list(c->store, u->id, AUTH_TOKENS_MAX, &mine, &n, err);
	if (rc)
		return rc;
	if (n >= AUTH_TOKENS_MAX)
		return sw_fail(err, SW_ECONFLICT, "limit", "%s has %d API tokens already; revoke one first", u->login,
			       AUTH_TOKENS_MAX);
	char secret[AUTH_SECRET_MAX], hash[65];
	random_secret("stw_", secret);
	secret_hash(secret, hash);
	*made = (struct api_token){.name = name, .created_at = c->now, .expires_at = expires_at};
	if ((rc = core_tx_begin(c, err)))
		return rc;
	rc = store_token_insert(c->store, hash, u->id, name, c->now, expires_at, &made->id, err);
	if (!rc)
		rc = audit_record(c, "user", u->id, "token_create", false, "{}", err);
	if ((rc = core_tx_end(c, rc, err)))
		return rc;
	memcpy(out, secret, AUTH_SECRET_MAX);
	return SW_OK;
}

enum sw_err auth_token_create(struct ctx *c, const char *login, const char *name, int64_t expires_at,
			      char out[AUTH_SECRET_MAX], struct api_token *made, struct sw_error *err)
{
	struct user u;
	enum sw_err rc = store_user_by_login(c->store, login, &u, err);
	if (rc == SW_ENOTFOUND)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no user '%s'", login);
	return rc ? rc : token_create(c, &u, name, expires_at, out, made, err);
}

enum sw_err auth_my_token_create(struct ctx *c, const char *name, int64_t expires_at, char out[AUTH_SECRET_MAX],
				 struct api_token *made, struct sw_error *err)
{
	if (!c->actor.session_id)
		return sw_fail(err, SW_EFORBIDDEN, NULL,
			       "API tokens are created from a browser session or the command line, not with a token");
	struct user u;
	enum sw_err rc = store_user_by_id(c->store, c->actor.user_id, &u, err);
	return rc ? rc : token_create(c, &u, name, expires_at, out, made, err);
}

enum sw_err auth_my_tokens(struct ctx *c, struct api_token **out, size_t *count, struct sw_error *err)
{
	return store_token_list(c->store, c->actor.user_id, AUTH_TOKENS_MAX, out, count, err);
}

enum sw_err auth_my_token_revoke(struct ctx *c, int64_t id, struct sw_error *err)
{
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	bool gone = false;
	rc = store_token_delete(c->store, id, c->actor.user_id, &gone, err);
	if (!rc && !gone)
		rc = sw_fail(err, SW_ENOTFOUND, NULL, "you have no API token %lld", (long long)id);
	if (!rc)
		rc = audit_record(c, "user", c->actor.user_id, "token_revoke", false, "{}", err);
	return core_tx_end(c, rc, err);
}
