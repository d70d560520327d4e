/*
 * report.h — figures about the tickets of a kind for dashboards and
 * queue badges: the report over a period of calendar days in a time zone
 * (open work now by state, priority and group, SLA results, daily
 * created/resolved, the oldest open tickets, mean times to respond and
 * resolve), and the counts behind the web UI's queues.  Every kind gets
 * both; a kind's open states come from its declaration.  Read-only; every figure is an aggregate query, so
 * the cost follows the tickets in the period and the open ones, never the
 * whole table.
 */
#ifndef SW_CORE_REPORT_H
#define SW_CORE_REPORT_H

#include "core/core.h"
#include "core/sla/sla.h"
#include "core/ticket/ticket.h"

struct tz;

#define REPORT_DAYS_MAX 366    /* longest period, in days */
#define REPORT_DAYS_DEFAULT 30 /* period when from is not given */
#define REPORT_OLDEST_MAX 10   /* oldest open incidents listed */
#define REPORT_GROUPS_MAX 100  /* groups listed in open.by_group, largest first */

/* The states of k in the open and paused phases, in its declaration's
 * order, into out (room for TICKET_STATES_MAX); how many. */
size_t report_open_states(const struct ticket_kind *k, const char **out);
#define TICKET_STATES_MAX 32

/* The period asked for: dates "YYYY-MM-DD" (inclusive) and an IANA zone,
 * each NULL for the default (to: today; from: REPORT_DAYS_DEFAULT days
 * ending at to; tz: the caller's time zone). */
struct report_input {
	const char *from, *to, *tz;
};

struct report_group {
	const char *name; /* NULL: no group */
	int64_t count;
};

struct report_sla {
	int64_t met, breached;             /* clocks stopped within the period */
	int64_t breached_now, warning_now; /* clocks on open incidents, now */
};

struct report_day {
	int64_t day; /* days since 1970-01-01 of the local date */
	int64_t created, resolved;
};

struct report_ticket {
	const char *number, *title, *state, *group, *assignee;
	int priority;
	int64_t created_at;
};

/* What a change report adds (kinds with TICKET_FIELD_CHANGE): changes
 * closed within the period by close code, and those raised in it, with
 * how many were emergencies.  The rates are per thousand; -1 when there
 * is nothing to divide. */
struct report_changes {
	int64_t closed, successful, successful_with_issues, failed, backed_out;
	int64_t created, emergency;
	int success_permille, emergency_permille;
};

struct ticket_report {
	const struct ticket_kind *kind;
	bool has_changes;
	struct report_changes changes;
	const char *tz;
	int64_t from_day, to_day; /* days since 1970-01-01, inclusive */
	int64_t start, end;       /* the period as instants: [start, end) */
	int64_t open_total;
	const char *open_states[TICKET_STATES_MAX];
	size_t open_state_count;
	int64_t open_by_state[TICKET_STATES_MAX];
	int64_t open_by_priority[5];
	struct report_group *groups;
	size_t group_count;
	struct report_sla sla[2]; /* [SLA_RESPONSE], [SLA_RESOLUTION] */
	struct report_day *days;  /* to_day - from_day + 1 of them */
	size_t day_count;
	struct report_ticket *oldest;
	size_t oldest_count;
	int64_t resolved_count;  /* incidents resolved within the period */
	int64_t responded_count; /* ... of them with a first response */
	int64_t mtta, mttr;      /* mean seconds; -1 when there is nothing to average */
};

/* The instant local day `day` (days since 1970-01-01) of zone z begins. */
int64_t report_day_start(const struct tz *z, int64_t day);

/* The zone name names (an unknown one is a field error on "tz", SW_OK
 * with *out left NULL), else the caller's, else UTC; to free with tz_free. */
enum sw_err report_zone(struct ctx *c, const char *name, struct tz **out, struct sw_error *err);

/* The period in: its zone (to free with tz_free) and its first and last
 * local days; bad dates, an unknown zone, from after to and periods over
 * REPORT_DAYS_MAX days are field errors on "from", "to" and "tz", all
 * reported together. */
enum sw_err report_period(struct ctx *c, const struct report_input *in, struct tz **zone, int64_t *from_day,
			  int64_t *to_day, struct sw_error *err);

/* Agents, managers and admins (SW_EFORBIDDEN otherwise).  Bad dates, an
 * unknown zone, from after to, and periods over REPORT_DAYS_MAX days are
 * field errors (SW_EINVALID) on "from", "to" and "tz", all reported
 * together.  Results live in the context's arena. */
enum sw_err report_tickets(struct ctx *c, const struct ticket_kind *kind, const struct report_input *in,
			   struct ticket_report *out, struct sw_error *err);

/* Queue counts for the caller over the kind's open tickets.  Agents and
 * up get every figure; an end user gets only mine_requested (agent_view
 * false), so the answer says nothing about anyone else's tickets, and
 * nothing at all of a kind end users never see. */
struct ticket_counts {
	bool agent_view;
	int64_t mine, my_groups, unassigned, major, breaching_soon, all_open;
	int64_t mine_requested;
};
enum sw_err report_counts(struct ctx *c, const struct ticket_kind *kind, struct ticket_counts *out,
			  struct sw_error *err);

/* ---- ad hoc breakdowns (docs/reports.md) --------------------------------------
 *
 * The tickets of a kind raised within a period, filtered as the kind's
 * list filters them, counted by the value of one field (group_by: any of
 * the kind's fields with few values — not prose, times or sets — or
 * "custom.<name>" for a field defined at run time; NULL: one row) and by interval of the raise date in the zone (day, week
 * from Monday, month; NULL: the whole period), with the means of the
 * time to first response and to resolution.  At most ADHOC_TICKETS_MAX
 * tickets are read (SW_ETOOLARGE beyond: narrow the filters or period)
 * and ADHOC_ROWS_MAX rows kept (the rest folded into truncated). */
#define ADHOC_TICKETS_MAX 100000
#define ADHOC_ROWS_MAX 2000
enum adhoc_interval { ADHOC_WHOLE, ADHOC_DAY, ADHOC_WEEK, ADHOC_MONTH };

struct adhoc_input {
	struct report_input period;
	const char *group_by, *interval;
};
struct adhoc_row {
	int64_t bucket;  /* the interval's first local day (days since 1970-01-01); the period's first day when whole */
	const char *key; /* the field's value as text; NULL: none */
	int64_t count, open, resolved, reopened, major;
	int64_t mtta, mttr; /* mean seconds to first response and to resolution; -1: none to average */
	int64_t respond_sum, respond_n, resolve_sum; /* the sums behind them */
};
struct adhoc_report {
	const char *tz, *group_by;
	enum adhoc_interval interval;
	int64_t from_day, to_day;
	int64_t total;
	bool truncated;         /* more distinct rows than ADHOC_ROWS_MAX */
	struct adhoc_row *rows; /* by bucket, then count (largest first), then key */
	size_t count;
};
/* Agents and up.  f holds the list filters (its sort is replaced). */
enum sw_err report_adhoc(struct ctx *c, const struct ticket_kind *kind, struct ticket_filter *f,
			 const struct adhoc_input *in, struct adhoc_report *out, struct sw_error *err);

/* ---- SLA compliance (docs/reports.md) -------------------------------------------
 *
 * The SLA clocks of a kind's tickets stopped within a period (at the
 * first response, or at resolution, close or cancel; canceled tickets left
 * out), met or breached, per metric and by one dimension — the policy,
 * the service, the assignment group or the priority — with the breached
 * ones listed, latest first. */
enum {
	REPORT_SLA_BY_POLICY,
	REPORT_SLA_BY_SERVICE,
	REPORT_SLA_BY_GROUP,
	REPORT_SLA_BY_PRIORITY,
	REPORT_SLA_BY_AGREEMENT
};
/* Red, amber or green: a row's compliance against its agreement's target
 * (at or above: green), amber threshold (at or above: amber), else red;
 * none without an agreement or with nothing stopped. */
enum report_rag { REPORT_RAG_NONE, REPORT_RAG_RED, REPORT_RAG_AMBER, REPORT_RAG_GREEN, REPORT_RAG__COUNT };
CORE_VALUE_LIST_DECL(enum report_rag, report_rag_name, report_rag_parse);
#define REPORT_BREACHES_MAX 500
struct report_sla_row {
	const char *key; /* NULL: none (no service, no group) */
	enum sla_metric metric;
	int64_t met, breached;
	int compliance_permille;              /* met per thousand; -1: none stopped */
	int target_compliance, amber_percent; /* by agreement: the agreement's; 0: none */
	enum report_rag rag;
	int64_t period_day; /* trend rows: the local day the period starts */
	const char *group;  /* by agreement, an OLA's rows (metric ola): the group its clocks measured; else NULL */
};
struct report_breach {
	const char *number, *title, *policy, *group, *service, *agreement, *breach_reason;
	enum sla_metric metric;
	int priority;
	int64_t target, elapsed, breached_at, stopped_at; /* breached_at 0: found over target when it stopped */
};
struct sla_report {
	const char *tz, *by;
	int64_t from_day, to_day;
	struct report_sla_row *rows; /* by key (none last), response before resolution */
	size_t count;
	struct report_breach *breaches;
	size_t breach_count;
	bool breaches_truncated;
	const char *trend;              /* the interval of the trend ("day", "week", "month"); NULL: none asked */
	struct report_sla_row *periods; /* the rows again per period of it, by period, then as rows */
	size_t period_count;
};
/* Agents and up; by is "policy" (NULL), "service", "assignment_group",
 * "priority" or "agreement" (else a field error on "by"), trend NULL or
 * "day", "week" or "month" (else a field error on "trend"), the period as
 * report_period. */
enum sw_err report_sla(struct ctx *c, const struct ticket_kind *kind, const struct report_input *in, const char *by,
		       const char *trend, struct sla_report *out, struct sw_error *err);
/* The first local day of the day, week (from Monday) or month (interval
 * 1, 2 or 3; else from_day) holding local day d. */
int64_t report_interval_start(int interval, int64_t d, int64_t from_day);

/* ---- pure parts, exposed for tests ---------------------------------------- */

/* How the days of a period are counted: stretches of whole local days
 * over which the zone's UTC offset does not change (one GROUP BY query
 * each, bucketing by (t + offset) / 86400), and single days that contain
 * an offset change (one range count each). */
struct report_span {
	int64_t start, end; /* [start, end) as instants */
	int64_t first_day;  /* local day number of start */
	int32_t offset;     /* seconds east of UTC over the whole span */
	bool constant;      /* false: a day with a change, counted as one */
};
/* Splits days [from_day, to_day] of zone z into at most max spans; returns
 * how many, or 0 when max is too small. */
size_t report_plan_spans(const struct tz *z, int64_t from_day, int64_t to_day, struct report_span *spans, size_t max);

#endif
