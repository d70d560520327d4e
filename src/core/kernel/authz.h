/*
 * authz.h — every authorisation decision of Steward, in one module.
 * Every core operation, reads included, asks here before it touches data.
 *
 * Rules in brief: end users see only tickets they requested or watch and
 * never internal work notes; agents and managers work on every
 * operational ticket; admins also manage accounts and configuration.
 * Knowledge articles: agents read all and write drafts, managers publish;
 * end users read only what is published for everyone.
 */
#ifndef SW_CORE_AUTHZ_H
#define SW_CORE_AUTHZ_H

#include <stdbool.h>

#include "core/core.h"

/* SW_EFORBIDDEN unless the actor's role is at least min. */
enum sw_err authz_require_role(const struct actor *a, enum role min, struct sw_error *err);
bool authz_is_agent(const struct actor *a); /* agent, manager or admin */
bool authz_sees_internal(const struct actor *a);

/* A ticket as far as authorisation needs it. */
struct authz_ticket {
	int64_t requester_id;
	bool actor_watches;
	bool agents_only; /* a kind end users never see (problems) */
};

/* SW_ENOTFOUND (existence not revealed) when the actor may not read it. */
enum sw_err authz_ticket_read(const struct actor *a, const struct authz_ticket *t, struct sw_error *err);
/* Updating fields, running arbitrary actions, adding work notes: agents. */
enum sw_err authz_ticket_write(const struct actor *a, struct sw_error *err);
/* Public comments: agents, or an end user who may read the ticket. */
enum sw_err authz_ticket_comment(const struct actor *a, const struct authz_ticket *t, bool internal,
				 struct sw_error *err);
/* Actions an end user may run on their own ticket (close, reopen). */
enum sw_err authz_ticket_action(const struct actor *a, const struct authz_ticket *t, bool end_user_allowed,
				struct sw_error *err);
/* List scope: 0 = all tickets; otherwise only tickets requested or watched by this user. */
int64_t authz_ticket_scope(const struct actor *a);

/* A knowledge article or one of its versions (core/knowledge/article.h):
 * agents read them all; anyone else only a published version of a
 * published article whose audience is everyone.  SW_ENOTFOUND (existence
 * not revealed) otherwise. */
enum sw_err authz_article_read(const struct actor *a, bool published, bool for_everyone, struct sw_error *err);
/* Articles read as an end user reads them: published, for everyone. */
bool authz_article_readers_only(const struct actor *a);
/* Writing drafts, attachments, ticket links: agents. */
enum sw_err authz_article_write(const struct actor *a, struct sw_error *err);
/* Publishing, rejecting, retiring: managers (and admins). */
enum sw_err authz_article_publish(const struct actor *a, struct sw_error *err);

#endif
