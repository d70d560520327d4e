/*
 * action_link.h — single-use, expiring links sent to people: a token that
 * authorises one action (purpose) on one record for one user until it
 * expires, and only once.  Satisfaction surveys are answered with them
 * (core/csi/survey.c); approval links of service requests are meant to use
 * the same primitive.  See docs/security.md#action-links.
 *
 * The token is 256 random bits (base64url); the link table keeps only its
 * SHA-256, and the outbox's row of the message carrying it keeps it only
 * until the message is sent (notify.c overwrites it then), so a copy of
 * the database holds no working link but those of messages still waiting.
 * Consuming is done inside the transaction of the action it authorises:
 * when that action fails and rolls back, the link stays unused.
 */
#ifndef SW_CORE_ACTION_LINK_H
#define SW_CORE_ACTION_LINK_H

#include "core/core.h"

#define ACTION_LINK_TOKEN_MAX 64 /* bytes of a token and its NUL */

struct action_link {
	int64_t id;
	const char *purpose;
	int64_t record_id, user_id;
	int64_t expires_at, used_at, created_at;
};

/* Why a token was refused: told apart in the answer. */
enum action_link_fault {
	ACTION_LINK_TAMPERED, /* not a token we issued for this purpose (malformed, altered, unknown) */
	ACTION_LINK_EXPIRED,
	ACTION_LINK_USED,
	ACTION_LINK_WRONG_RECORD, /* a real token, for another record than the one named beside it */
	ACTION_LINK_FAULT__COUNT
};
/* The problem type of a fault: "link-tampered", "link-expired", ... */
const char *action_link_fault_type(enum action_link_fault f);
/* The fault a refusal (err->type as action_link_consume set it) names;
 * ACTION_LINK_FAULT__COUNT when err is no link refusal. */
enum action_link_fault action_link_fault_of(const struct sw_error *err);

/* Every token in text s (as a message's body carries one in its link)
 * overwritten in place: "al_" and 43 '*', so that whoever reads the text
 * (an admin reading the outbox) cannot use the link. */
void action_link_redact(char *s);
/* s as action_link_redact leaves it: s itself when it holds no token, else
 * a redacted copy in arena a; NULL only when out of memory. */
const char *action_link_redacted(struct arena *a, const char *s);

/* Inside the caller's transaction: a new link for (purpose, record_id,
 * user_id) valid for ttl_s seconds from c->now; its token (the only copy)
 * into token. */
enum sw_err action_link_issue(struct ctx *c, const char *purpose, int64_t record_id, int64_t user_id, int64_t ttl_s,
			      char token[ACTION_LINK_TOKEN_MAX], struct sw_error *err);

/* Inside the caller's transaction, before the action it authorises: the
 * link of token for purpose, checked and marked used.  record_id, when not
 * 0, is the record the caller names beside the token (a ticket's survey):
 * another is ACTION_LINK_WRONG_RECORD.  Refusals are SW_EBADREQ (tampered,
 * wrong record) or SW_ECONFLICT (used, expired), with err->type from
 * action_link_fault_type; nothing is written then.  out: the link as
 * issued. */
enum sw_err action_link_consume(struct ctx *c, const char *purpose, const char *token, int64_t record_id,
				struct action_link *out, struct sw_error *err);

/* Without consuming it: the link of token for purpose as it stands, with
 * the same refusals (a page showing what the link will do). */
enum sw_err action_link_peek(struct ctx *c, const char *purpose, const char *token, int64_t record_id,
			     struct action_link *out, struct sw_error *err);

/* Whether token has the shape of one issued ("al_" and 43 base64url
 * characters): what a page checks before it puts a token anywhere. */
bool action_link_well_formed(const char *token);

#endif
