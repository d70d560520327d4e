/*
 * survey.h — satisfaction surveys (CSAT, issue #18): a resolved ticket's
 * requester is asked for a 1-5 rating and a comment, per the settings of
 * its kind (enabled, a sampled share, a cool-down per person).  The
 * question goes out through the notification outbox (event "survey") with
 * single-use, expiring links (core/kernel/action_link.h), one per rating;
 * it can be answered from the portal too.  The answer stays with the
 * ticket and the agent, group and service it had when resolved; a rating
 * at or below the kind's threshold raises the event "survey_low" for the
 * notification rules (by default: the group's manager).  Reports: CSAT
 * and response rate by service, group, agent or period, and the comments.
 * See docs/surveys.md.
 */
#ifndef SW_CORE_SURVEY_H
#define SW_CORE_SURVEY_H

#include "core/core.h"
#include "core/model.h"

#define SURVEY_COMMENT_MAX 2000      /* characters */
#define SURVEY_LINK_TTL (14 * 86400) /* a survey's links last this long */
#define SURVEY_COMMENT_TTL 86400     /* the comment page's link, after a rating by link */
#define SURVEY_COOLDOWN_MAX 365      /* days */

struct survey_settings {
	const char *kind;
	bool enabled;
	int sample_percent; /* 0..100 */
	int cooldown_days;  /* 0..SURVEY_COOLDOWN_MAX */
	int low_threshold;  /* 0..5: ratings at or below it notify; 0: none */
	int64_t updated_at;
};
struct survey_settings_input {
	bool enabled;
	int sample_percent, cooldown_days, low_threshold;
	bool set_enabled, set_sample_percent, set_cooldown_days, set_low_threshold;
};

struct survey {
	int64_t id, ticket_id;
	const char *ticket, *kind, *title; /* number, kind, title */
	int64_t user_id, agent_id, group_id, service_id;
	const char *user, *agent, *group, *service; /* login, login, name, name */
	int64_t sent_at, answered_at;
	int rating; /* 0: not answered */
	const char *comment, *channel;
};

/* The kinds' settings (every registered kind; defaults where none is
 * stored).  Agents read; admins change one kind's. */
enum sw_err survey_settings_list(struct ctx *c, struct survey_settings **out, size_t *count, struct sw_error *err);
enum sw_err survey_settings_set(struct ctx *c, const char *kind, const struct survey_settings_input *in,
				struct survey_settings *out, struct sw_error *err);

/* Inside the transaction of a ticket entering the resolved phase
 * (ticket_engine.c): send its requester a survey when the kind's settings
 * say so.  A ticket is surveyed once, however often it is resolved. */
enum sw_err survey_ticket_resolved(struct ctx *c, const struct ticket *t, struct sw_error *err);

/* The survey of a ticket (number) the caller may read: SW_ENOTFOUND when
 * it has none.  An end user sees their own (the requester's). */
enum sw_err survey_get(struct ctx *c, const char *number, struct survey *out, struct sw_error *err);
/* Answer from the portal: the requester, once (SW_ECONFLICT "answered"). */
enum sw_err survey_answer(struct ctx *c, const char *number, int rating, const char *comment, struct survey *out,
			  struct sw_error *err);

/* The links of an email: no caller (public routes).  The survey a rating
 * link (number, token) stands for, without using it (page of the choice);
 * SW_ECONFLICT "answered" when it was answered from the portal. */
enum sw_err survey_link_peek(struct ctx *c, const char *number, const char *token, struct survey *out,
			     struct sw_error *err);
/* Record rating by the link (consumed in the same transaction); a new link
 * for the optional comment into comment_token. */
enum sw_err survey_link_rate(struct ctx *c, const char *number, const char *token, int rating, struct survey *out,
			     char comment_token[64], struct sw_error *err);
/* Record the comment by the comment page's link (consumed). */
enum sw_err survey_link_comment(struct ctx *c, const char *number, const char *token, const char *comment,
				struct survey *out, struct sw_error *err);

/* ---- reports (managers) -------------------------------------------------------------- */
enum survey_by {
	SURVEY_BY_SERVICE,
	SURVEY_BY_GROUP,
	SURVEY_BY_AGENT,
	SURVEY_BY_MONTH,
	SURVEY_BY_WEEK,
	SURVEY_BY_DAY,
	SURVEY_BY__COUNT
};
CORE_VALUE_LIST_DECL(enum survey_by, survey_by_name, survey_by_parse);

struct survey_filter {
	int64_t from, to; /* sent in [from, to) */
	const char *tz;   /* the zone whose local days make the period and its days, weeks and months */
	enum survey_by by;
	int64_t service_id, group_id, agent_id; /* 0: any */
	const char *kind;                       /* NULL: any */
};
struct survey_report_row {
	const char *key; /* the service, group, agent or period ("2026-11", the week's Monday, the day); NULL: none */
	int64_t quarter; /* the store's rows by time: the quarter hour (sent_at / 900), which every zone's days
			    begin on */
	int64_t sent, answered, satisfied; /* satisfied: rated 4 or 5 */
	int64_t rating_sum;
	int64_t ratings[5]; /* count of each rating 1..5 */
};
struct survey_report {
	struct survey_filter filter;
	struct survey_report_row total;
	struct survey_report_row *rows;
	size_t count;
};
/* Filters named as the query names them (NULL: none): from and to are
 * local dates "YYYY-MM-DD" of zone tz, both days included (to: today,
 * from: 29 days before to; tz: the caller's zone, else UTC).  An unknown
 * zone or a bad date is a 400 naming the parameter. */
struct survey_report_query {
	const char *from, *to, *tz;
	const char *by, *service, *group, *agent, *kind;
};
enum sw_err survey_report(struct ctx *c, const struct survey_report_query *q, struct survey_report *out,
			  struct sw_error *err);
#define SURVEY_COMMENTS_MAX 500
/* The answers with a comment, newest first (at most SURVEY_COMMENTS_MAX). */
enum sw_err survey_comments(struct ctx *c, const struct survey_report_query *q, struct survey **out, size_t *count,
			    struct sw_error *err);

#endif
