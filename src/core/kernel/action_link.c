/*
 * action_link.c — single-use, expiring links (action_link.h): issued with
 * the token's hash stored, consumed once inside the transaction of the
 * action they authorise.
 */
#include <stdio.h>
#include <string.h>

#include "core/core_int.h"
#include "core/kernel/action_link.h"
#include "core/kernel/auth.h"
#include "core/port/csi.h"
#include "base/banned.h"

static const char *const fault_types[ACTION_LINK_FAULT__COUNT] = {
	[ACTION_LINK_TAMPERED] = "link-tampered",
	[ACTION_LINK_EXPIRED] = "link-expired",
	[ACTION_LINK_USED] = "link-used",
	[ACTION_LINK_WRONG_RECORD] = "link-wrong-record",
};

const char *action_link_fault_type(enum action_link_fault f)
{
	return f < ACTION_LINK_FAULT__COUNT ? fault_types[f] : "?";
}

enum action_link_fault action_link_fault_of(const struct sw_error *err)
{
	for (int f = 0; f < ACTION_LINK_FAULT__COUNT; f++)
		if (strcmp(err->type, fault_types[f]) == 0)
			return (enum action_link_fault)f;
	return ACTION_LINK_FAULT__COUNT;
}

/* What we issue: "al_" and 43 base64url characters. */
#define PREFIX "al_"
#define SECRET_LEN 43
static bool base64url(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
	       ch == '_';
}

bool action_link_well_formed(const char *token)
{
	size_t n = token ? strlen(token) : 0;
	if (n != strlen(PREFIX) + SECRET_LEN || strncmp(token, PREFIX, strlen(PREFIX)) != 0)
		return false;
	for (size_t i = strlen(PREFIX); i < n; i++)
		if (!base64url(token[i]))
			return false;
	return true;
}

void action_link_redact(char *s)
{
	for (char *p = s ? strstr(s, PREFIX) : NULL; p; p = strstr(p, PREFIX)) {
		p += strlen(PREFIX);
		size_t n = 0;
		while (n < SECRET_LEN && base64url(p[n]))
			n++;
		if (n == SECRET_LEN && !base64url(p[n]))
			memset(p, '*', n);
		p += n;
	}
}

const char *action_link_redacted(struct arena *a, const char *s)
{
	if (!s || !strstr(s, PREFIX))
		return s;
	char *copy = arena_strdup(a, s);
	if (!copy)
		return NULL;
	action_link_redact(copy);
	return strcmp(copy, s) ? copy : s;
}

enum sw_err action_link_issue(struct ctx *c, const char *purpose, int64_t record_id, int64_t user_id, int64_t ttl_s,
			      char token[ACTION_LINK_TOKEN_MAX], struct sw_error *err)
{
	char secret[AUTH_SECRET_MAX], hash[65];
	auth_secret_new(PREFIX, secret);
	auth_secret_hash(secret, hash);
	struct action_link l = {.purpose = purpose,
				.record_id = record_id,
				.user_id = user_id,
				.expires_at = c->now + ttl_s,
				.created_at = c->now};
	enum sw_err rc = store_action_link_insert(c->store, &l, hash, &l.id, err);
	if (!rc)
		snprintf(token, ACTION_LINK_TOKEN_MAX, "%s", secret);
	return rc;
}

static enum sw_err refuse(struct sw_error *err, enum action_link_fault f)
{
	static const char *const detail[ACTION_LINK_FAULT__COUNT] = {
		[ACTION_LINK_TAMPERED] = "this link is not valid: it was altered or was never issued",
		[ACTION_LINK_EXPIRED] = "this link has expired",
		[ACTION_LINK_USED] = "this link has already been used",
		[ACTION_LINK_WRONG_RECORD] = "this link is for another record",
	};
	enum sw_err code = f == ACTION_LINK_TAMPERED || f == ACTION_LINK_WRONG_RECORD ? SW_EBADREQ : SW_ECONFLICT;
	return sw_fail(err, code, fault_types[f], "%s", detail[f]);
}

enum sw_err action_link_peek(struct ctx *c, const char *purpose, const char *token, int64_t record_id,
			     struct action_link *out, struct sw_error *err)
{
	if (!action_link_well_formed(token))
		return refuse(err, ACTION_LINK_TAMPERED);
	char hash[65];
	auth_secret_hash(token, hash);
	struct action_link l;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = store_action_link_by_hash(c->store, purpose, hash, &l, &look);
	if (rc == SW_ENOTFOUND)
		return refuse(err, ACTION_LINK_TAMPERED);
	if (rc) {
		*err = look;
		return rc;
	}
	if (record_id && l.record_id != record_id)
		return refuse(err, ACTION_LINK_WRONG_RECORD);
	if (l.used_at)
		return refuse(err, ACTION_LINK_USED);
	if (c->now >= l.expires_at)
		return refuse(err, ACTION_LINK_EXPIRED);
	*out = l;
	return SW_OK;
}

enum sw_err action_link_consume(struct ctx *c, const char *purpose, const char *token, int64_t record_id,
				struct action_link *out, struct sw_error *err)
{
	struct action_link l;
	enum sw_err rc = action_link_peek(c, purpose, token, record_id, &l, err);
	bool marked = false;
	if (rc || (rc = store_action_link_use(c->store, l.id, c->now, &marked, err)))
		return rc;
	if (!marked) /* used by a request that committed meanwhile */
		return refuse(err, ACTION_LINK_USED);
	l.used_at = c->now;
	*out = l;
	return SW_OK;
}
