/*
 * schedule.h — the change schedule (docs/schedule.md): blackout and
 * maintenance windows with recurrence, the check a change runs against
 * them when it is scheduled, the calendar that merges the events of every
 * registered source, and the iCalendar feeds people subscribe to with a
 * revocable token.
 *
 * What the change kind (and a release kind to come) uses:
 *   - schedule_check(): given services (none: global windows only) and a
 *     planned span, the blackout occurrences it overlaps (each naming its
 *     window and occurrence, and whether the window lets a change override
 *     it with a reason) and whether the span lies outside every
 *     maintenance window that applies (a warning);
 *   - struct schedule_source: a table of function pointers registered at
 *     start-up (schedule_source_register); each fills the events of its
 *     records for a span and a filter (service, CI, user).  The windows
 *     are the first source; core_init registers the changes'.
 */
#ifndef SW_CORE_SCHEDULE_H
#define SW_CORE_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "core/kernel/record.h"
#include "core/schedule/rrule.h"
#include "base/list.h"

/* ---- windows ---------------------------------------------------------------- */

enum window_kind { WINDOW_BLACKOUT, WINDOW_MAINTENANCE, WINDOW_KIND__COUNT };
CORE_VALUE_LIST_DECL(enum window_kind, window_kind_name, window_kind_parse);

#define WINDOW_SERVICES_MAX 50
#define WINDOW_DESCRIPTION_MAX 2000
#define WINDOW_DURATION_MAX_MIN (31 * 1440) /* minutes */
#define WINDOWS_MAX 1000                    /* windows one schedule reads */

/* A window: a first local start in its zone ("YYYY-MM-DDTHH:MM"), a
 * duration and an optional recurrence rule (rrule.h); global when it
 * names no services.  sequence counts its updates (iCalendar SEQUENCE). */
struct change_window {
	int64_t id;
	const char *name, *description, *timezone, *start, *recurrence; /* recurrence NULL: once */
	enum window_kind kind;
	int duration; /* minutes */
	bool allow_override, active;
	int sequence;
	const char **services; /* names */
	size_t service_count;
	int64_t *service_ids; /* as services */
	int64_t created_at, updated_at;
};

LIST_OF(change_window_list, change_window);

struct change_window_input {
	const char *name, *kind, *description, *timezone, *start, *recurrence;
	int duration;
	bool allow_override, active;
	const char **services;
	size_t service_count;
	bool set_kind, set_description, set_timezone, set_start, set_recurrence, set_duration, set_allow_override,
		set_active, set_services;
};

/* Run by core/kernel/record.h: struct change_window_input in, struct
 * change_window out, named by name; admins write, agents read.  Field
 * errors name kind, timezone, start, duration, recurrence (what the RRULE
 * subset supports), services[i]. */
extern const struct record_kind change_window_kind;

/* The occurrences of w overlapping [from, to) into out[max] (rrule_expand's
 * bounds); its zone from the process-wide cache. */
enum sw_err window_occurrences(const struct change_window *w, int64_t from, int64_t to, struct rrule_occurrence *out,
			       size_t max, size_t *count, bool *truncated, struct sw_error *err);

/* ---- the check a change runs ------------------------------------------------- */

/* A blackout occurrence a span overlaps. */
struct schedule_hit {
	int64_t window_id;
	const char *window;
	bool allow_override;
	int64_t start, end; /* the occurrence */
};

struct schedule_check {
	struct schedule_hit *blackouts;
	size_t blackout_count;
	/* a warning: some service (or, with none given, the global windows)
	 * has maintenance windows and none of their occurrences holds the
	 * whole span */
	bool outside_maintenance;
	const char **uncovered; /* those services' names ("" for the global windows) */
	size_t uncovered_count;
};

/* Check [start, end) against the active windows of service_ids[count]
 * and the global ones.  end after start, at most RRULE_SPAN_MAX apart
 * (SW_EINVALID with a field error on field "to" otherwise).  Agents. */
enum sw_err schedule_check(struct ctx *c, const int64_t *service_ids, size_t count, int64_t start, int64_t end,
			   struct schedule_check *out, struct sw_error *err);

/* The ids of the services names[count] name, for query parameter field
 * (an unknown name is SW_EBADREQ "no service 'x'"), into ids[count]. */
enum sw_err schedule_service_ids(struct ctx *c, const char *field, const char *const *names, size_t count, int64_t *ids,
				 struct sw_error *err);
/* CI ci_id exists, for query parameter field (SW_EBADREQ "no CI n"). */
enum sw_err schedule_ci_check(struct ctx *c, const char *field, int64_t ci_id, struct sw_error *err);

/* ---- the calendar ----------------------------------------------------------- */

enum schedule_status { SCHEDULE_CONFIRMED, SCHEDULE_TENTATIVE, SCHEDULE_CANCELLED, SCHEDULE_STATUS__COUNT };
CORE_VALUE_LIST_DECL(enum schedule_status, schedule_status_name, schedule_status_parse);

/* One event of the calendar.  uid is stable across updates of what it
 * stands for; sequence grows with each update that changes it. */
struct schedule_event {
	const char *uid, *summary, *description, *kind, *url; /* kind: "blackout", "maintenance", "change"… */
	const char *source; /* what it stands for: a window's name, a change's number */
	int sequence;
	enum schedule_status status;
	int64_t start, end, updated;
	bool background; /* a window: shades its days, never held back by a per-day cap */
};

/* A local day of a calendar read with a per-day cap (schedule_view):
 * how many events overlap it and how many of those the answer holds. */
struct schedule_day {
	int64_t days; /* the local date, as days since 1970-01-01 */
	size_t count, shown;
};

struct schedule_events {
	struct schedule_event *items;
	size_t count, max;
	size_t cap;                /* most events kept (0: SCHEDULE_EVENTS_MAX) */
	bool truncated;            /* a source had more than fit, or a page follows */
	const char *next_cursor;   /* the next page (schedule_view.limit), NULL at the end */
	struct schedule_day *days; /* with schedule_view.per_day: each local day of the span */
	size_t day_count;
};

#define SCHEDULE_EVENTS_MAX 5000
#define SCHEDULE_PAGE_DEFAULT 1000 /* events a page holds unless asked */
#define SCHEDULE_PER_DAY_MAX 100   /* events a day may show with a per-day cap */
#define SCHEDULE_COUNTED_MAX 50000 /* events a per-day read counts, at most */

/* What a calendar asks its sources for.  A source leaves out what the
 * filter excludes; cancelled events only when cancelled is set (feeds). */
struct schedule_filter {
	int64_t from, to;   /* [from, to), at most RRULE_SPAN_MAX */
	int64_t service_id; /* 0: any */
	int64_t ci_id;      /* 0: any */
	int64_t user_id;    /* 0: any; a user's feed: what concerns them */
	bool cancelled;
	/* paging, in the calendar's order (start, then uid): with after_uid,
	 * only the events after (after_start, after_uid); a source may stop
	 * once it has limit + 1 of them (0: no limit but the events' cap) */
	int64_t after_start;
	const char *after_uid;
	size_t limit;
	/* the calendar sorts and counts every event itself (a per-day read,
	 * no cursor or limit): a source may give them in any order */
	bool any_order;
};

/* Does an event at (start, uid) come after f's cursor (always without one)? */
bool schedule_after(const struct schedule_filter *f, int64_t start, const char *uid);

/* Append e (its strings borrowed) to out, growing it in c's arena; past
 * SCHEDULE_EVENTS_MAX it sets out->truncated and drops e. */
enum sw_err schedule_events_add(struct ctx *c, struct schedule_events *out, const struct schedule_event *e,
				struct sw_error *err);

struct schedule_source {
	const char *name;
	enum sw_err (*events)(struct ctx *c, const struct schedule_filter *f, struct schedule_events *out,
			      struct sw_error *err);
};

#define SCHEDULE_SOURCES_MAX 8
/* Register a source; at start-up, before the first calendar is read (not
 * thread-safe).  The windows are registered without a call. */
enum sw_err schedule_source_register(const struct schedule_source *s);

/* The events of every source for f, by start (then uid).  Agents; a span
 * that is empty or too long is SW_EBADREQ naming "to". */
enum sw_err schedule_calendar(struct ctx *c, const struct schedule_filter *f, struct schedule_events *out,
			      struct sw_error *err);

/* How much of a span one answer holds, the two ways a calendar client
 * asks (docs/changes.md):
 *   - a page: at most limit events (0: SCHEDULE_PAGE_DEFAULT; at most
 *     SCHEDULE_EVENTS_MAX) after cursor (NULL: the first page), with
 *     out->next_cursor (and truncated) when more follow;
 *   - per_day (1..SCHEDULE_PER_DAY_MAX, no cursor): each local day of
 *     the span in zone tz (NULL: UTC) shows at most per_day of the events
 *     overlapping it, the first in calendar order, windows always; every
 *     day is counted in out->days (up to SCHEDULE_COUNTED_MAX events, past
 *     which truncated is set). */
struct schedule_view {
	size_t limit;
	const char *cursor;
	size_t per_day;
	const char *tz;
};

/* schedule_calendar with a view; a bad cursor, limit, per_day or tz is
 * SW_EBADREQ naming it. */
enum sw_err schedule_calendar_view(struct ctx *c, const struct schedule_filter *f, const struct schedule_view *v,
				   struct schedule_events *out, struct sw_error *err);

/* ---- iCalendar feeds ---------------------------------------------------------- */

enum feed_scope { FEED_USER, FEED_SERVICE, FEED_SCOPE__COUNT };
CORE_VALUE_LIST_DECL(enum feed_scope, feed_scope_name, feed_scope_parse);

#define FEED_TOKENS_MAX 50   /* live tokens per user */
#define FEED_PAST_DAYS 30    /* a feed holds events from this long ago */
#define FEED_FUTURE_DAYS 365 /* to this far ahead */
#define FEED_SECRET_MAX 64

struct feed_token {
	int64_t id;
	const char *name;
	enum feed_scope scope;
	int64_t user_id, service_id;
	const char *user, *service;
	enum role user_role; /* the owner's, as it is now */
	bool user_active;
	int64_t created_at, revoked_at;
	const char *token_hash; /* store only */
};

LIST_OF(feed_token_list, feed_token);

struct feed_token_input {
	const char *name, *scope, *service;
	bool set_scope, set_service;
};

/* A feed token of the caller's (an agent's), one transaction with its
 * audit row; the secret (to put in the feed's URL) into secret, shown
 * only now: the database keeps its SHA-256. */
enum sw_err feed_token_create(struct ctx *c, const struct feed_token_input *in, struct feed_token *out,
			      char secret[FEED_SECRET_MAX], struct sw_error *err);
/* The caller's tokens, newest first, revoked ones included. */
enum sw_err feed_token_list(struct ctx *c, struct feed_token_list *out, struct sw_error *err);
/* Revoke the caller's token id (404 when it is not theirs or is revoked). */
enum sw_err feed_token_revoke(struct ctx *c, int64_t id, struct sw_error *err);

/* The feed a secret opens: its token and its events (from
 * FEED_PAST_DAYS ago to FEED_FUTURE_DAYS ahead, cancelled ones included).
 * Anything wrong — no such token, revoked, its user inactive or no longer
 * an agent — is the same SW_ENOTFOUND "no feed". */
enum sw_err feed_read(struct ctx *c, const char *secret, struct feed_token *token, struct schedule_events *out,
		      struct sw_error *err);

#endif
