/*
 * notify.h — notifications: ticket events turned by rules into messages
 * for people, rendered from editable templates.
 *
 * notify_event() runs inside the transaction of the write that caused the
 * event, so a message exists exactly when its cause committed.  An in-app
 * message is delivered by being written; an email row is the durable
 * outbox the mailer (cli/mailer.c) sends from, claiming rows before it
 * sends and marking them after, with retries and exponential backoff.
 *
 * Whatever the rules say, an end user hears only of tickets they
 * requested or watch and never of the desk's internal events (work notes,
 * SLA warnings and breaches, escalations); the person who caused an event
 * is not told about it; inactive users get nothing.
 */
#ifndef SW_CORE_NOTIFY_H
#define SW_CORE_NOTIFY_H

#include "base/buf.h"
#include "core/model.h"
#include "core/kernel/outbox.h"
#include "core/kernel/record.h"
#include "base/list.h"

enum notify_event {
	NE_CREATED,
	NE_ASSIGNED,
	NE_COMMENTED,
	NE_WORK_NOTE,
	NE_RESOLVED,
	NE_REOPENED,
	NE_SLA_WARNING,
	NE_SLA_BREACH,
	NE_MAJOR,
	NE_ESCALATION,
	NE_ARTICLE_REVIEW,     /* a knowledge article's review-by date has come (core/knowledge/review.c) */
	NE_APPROVAL_REQUESTED, /* approvers are asked (core/approval/approval.c) */
	NE_APPROVAL_REMINDER,  /* ... reminded of an approval still pending */
	NE_APPROVAL_DECIDED,   /* a request for approval was approved or rejected */
	NE_MAIL_RECEIVED,      /* a ticket was raised from an email: the acknowledgement (core/mail/intake.c) */
	NE_SURVEY,             /* a resolved ticket's requester is asked how we did (core/csi/survey.c) */
	NE_SURVEY_LOW,         /* a survey was answered with a low rating */
	NE_AGREEMENT_REVIEW,   /* an agreement's review date has come (core/sla/agreement.c) */
	NE__COUNT
};
CORE_VALUE_LIST_DECL(enum notify_event, notify_event_name, notify_event_parse);

/* who a rule addresses (bits) */
enum {
	NR_REQUESTER = 1 << 0,
	NR_WATCHERS = 1 << 1,
	NR_ASSIGNEE = 1 << 2,
	NR_GROUP = 1 << 3,    /* the ticket's assignment group */
	NR_MANAGER = 1 << 4,  /* its manager */
	NR_OWNER = 1 << 5,    /* a knowledge article's owner (article events) */
	NR_APPROVER = 1 << 6, /* the approvers an approval event names */
};
/* how (bits) */
enum { NC_IN_APP = 1 << 0, NC_EMAIL = 1 << 1 };

struct notify_rule {
	int64_t id;
	const char *name;
	enum notify_event event;
	unsigned recipients, channels;
	int64_t group_id; /* also every member of this group; 0 = none */
	const char *group;
	bool active;
	int64_t created_at, updated_at;
};

LIST_OF(notify_rule_list, notify_rule);

struct notify_rule_input {
	const char *name, *event, *group;
	const char **recipients, **channels;
	size_t recipient_count, channel_count;
	bool active;
	bool set_event, set_recipients, set_channels, set_group, set_active;
};

/* Run by core/kernel/record.h: struct notify_rule_input in, struct notify_rule
 * out (the rule as written), named by name; admins write. */
extern const struct record_kind notify_rule_kind;
/* Names of the recipient and channel bits, for encoders. */
size_t notify_recipient_names(unsigned bits, const char **out, size_t max);
size_t notify_channel_names(unsigned bits, const char **out, size_t max);

#define NOTIFY_SUBJECT_MAX 200 /* characters of a template */
#define NOTIFY_BODY_MAX 10000
#define NOTIFY_RENDERED_SUBJECT_MAX 900 /* bytes of a rendered message: longer ones are cut */
#define NOTIFY_RENDERED_BODY_MAX (256 * 1024)

struct notify_template {
	enum notify_event event;
	const char *subject, *body;
	int64_t updated_at;
};

LIST_OF(notify_template_list, notify_template);

/* Templates use {{number}}, {{title}}, {{state}}, {{priority}},
 * {{requester}}, {{assignee}}, {{group}}, {{actor}}, {{detail}} (the
 * comment, resolution, reason or SLA metric) and {{link}}; anything else
 * is refused. */
enum sw_err notify_template_set(struct ctx *c, const char *event, const char *subject, const char *body,
				struct notify_template *out, struct sw_error *err);
enum sw_err notify_template_list(struct ctx *c, struct notify_template_list *out, struct sw_error *err);

/* Inside the transaction that caused it: the messages of event e on t.
 * detail fills {{detail}}; only_user_id, when not 0, adds that user as a
 * recipient of every matching rule (an escalation to a manager). */
enum sw_err notify_event(struct ctx *c, enum notify_event e, const struct ticket *t, const char *detail,
			 int64_t only_user_id, struct sw_error *err);

/* The same for an approval event on t: a rule's approver recipient is
 * each of the approver_count users at approvers (an end user among them
 * hears of it unless t's kind is the desk's own); {{link}} is the web
 * UI's approvals inbox, except in the email to approvers[i] when links
 * (NULL: none; else approver_count entries) has links[i]: that approval's own decision link
 * (core/approval/approval_link.h).  In-app messages never carry it. */
enum sw_err notify_approval_event(struct ctx *c, enum notify_event e, const struct ticket *t, const char *detail,
				  const int64_t *approvers, const char *const *links, size_t approver_count,
				  struct sw_error *err);

/* Event e on t to one user (user_id), whatever the rules say: its
 * template rendered in-app with the ticket's page for {{link}} and no
 * {{detail}}, and, when email is on and they have an address, by email
 * with link and detail.  For what is addressed to one person by its
 * nature (a survey with its single-use links, which only the email
 * carries: the in-app copy is read where the person is logged in
 * already).  Inside the transaction that caused it. */
enum sw_err notify_user(struct ctx *c, enum notify_event e, const struct ticket *t, const char *detail,
			const char *link, int64_t user_id, struct sw_error *err);

/* A knowledge article an event is about. */
struct notify_article {
	int64_t id, owner_id;
	const char *number, *title, *state, *owner;
};
/* The same for an event about an article: a rule's owner recipient is the
 * article's owner, its group's members get it too; the ticket recipients
 * (requester, watchers, assignee, group, manager) mean nothing here.
 * Only agents hear of articles.  {{number}}, {{title}}, {{state}} and
 * {{link}} are the article's, {{assignee}} its owner. */
enum sw_err notify_article_event(struct ctx *c, enum notify_event e, const struct notify_article *a, const char *detail,
				 struct sw_error *err);
/* The same for an event about an agreement, described as an article is
 * (its name as number and title, its status as state): {{link}} is the
 * agreement's page; the message names no article. */
enum sw_err notify_agreement_event(struct ctx *c, enum notify_event e, const struct notify_article *a,
				   const char *detail, struct sw_error *err);

/* ---- in-app --------------------------------------------------------------- */

struct notification {
	int64_t id, user_id, ticket_id, article_id;
	const char *ticket;  /* number */
	const char *article; /* number, for an article's events */
	enum notify_event event;
	const char *channel, *subject, *body, *email_to, *state, *last_error;
	int attempts;
	int64_t next_attempt_at, created_at, sent_at, read_at;
};

struct notification_list {
	struct notification *items;
	size_t count;
	const char *next_cursor;
};

/* The caller's in-app notifications, newest first. */
enum sw_err notify_inbox(struct ctx *c, bool unread_only, const struct page *p, struct notification_list *out,
			 int64_t *unread, struct sw_error *err);
/* Mark one (id) or, with id 0, all of the caller's notifications read. */
enum sw_err notify_mark_read(struct ctx *c, int64_t id, struct sw_error *err);

/* ---- the email outbox ------------------------------------------------------- */

/* Admins: email rows, newest first, optionally in one state. */
enum sw_err notify_outbox(struct ctx *c, const char *state, const struct page *p, struct notification_list *out,
			  struct sw_error *err);

struct mail_config {
	const char *from;          /* From: address */
	const char *public_url;    /* base of links in messages */
	struct outbox_retry retry; /* when a failed message is tried again, and given up */
};

/* Claim up to limit email rows that are due (pending and due, or stuck in
 * "sending" past a lease), marking them "sending" for lease_s seconds. */
enum sw_err notify_claim(struct ctx *c, int limit, int64_t lease_s, struct notification_list *out,
			 struct sw_error *err);
/* Record the outcome of sending n (as claimed): sent, or failed with
 * error (retried with backoff until cfg->retry.max_attempts, then "failed" for
 * good).  SW_ECONFLICT when the claim's lease ran out meanwhile. */
enum sw_err notify_sent(struct ctx *c, const struct notification *n, const char *error, const struct mail_config *cfg,
			struct sw_error *err);
/* The RFC 5322 message for n (headers CRLF, body lines CRLF, dot-safe
 * for SMTP transparency is the transport's job). */
enum sw_err notify_render_email(const struct notification *n, const struct mail_config *cfg, int64_t now,
				struct buf *out, struct sw_error *err);

#endif
