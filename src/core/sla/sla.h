/*
 * sla.h — service level agreements: business calendars, SLA policies and
 * the clocks a policy starts on a ticket.
 *
 * A policy's conditions (kind, priority, requester's group) pick it for a
 * ticket; the first active policy in position order that matches applies.
 * It sets a response and a resolution target in business seconds,
 * measured on its calendar.  Each target is one clock on the ticket.
 * Beside them, while the ticket is assigned to a group an active OLA
 * covers, an OLA clock (SLA_OLA) measures that group against the OLA
 * policy's resolution target; handing the ticket to another group ends it
 * (handed_over) and the new group's OLA starts its own (docs/sla.md).
 *
 * A clock's state follows the ticket (see sla_clock_wanted): it runs
 * while the ticket is open, pauses while the ticket is on hold awaiting
 * the caller, and stops when the ticket is resolved, closed or canceled
 * (the response clock also at the first response).  Reopening restarts
 * it.  Elapsed business time is banked at each pause or stop, so a clock
 * keeps its elapsed time through pauses, restarts and a change of policy.
 *
 * The clock maths (sla_clock_*) is pure; the rest runs inside core
 * transactions.
 */
#ifndef SW_CORE_SLA_H
#define SW_CORE_SLA_H

#include "core/sla/calendar.h"
#include "core/model.h"
#include "core/kernel/record.h"
#include "core/sla/agreement.h"
#include "base/list.h"

/* SLA_OLA: an OLA clock, the resolution target of an OLA's policy for the
 * group assigned (docs/sla.md#ola-clocks); a ticket may have several. */
enum sla_metric { SLA_RESPONSE, SLA_RESOLUTION, SLA_OLA, SLA_METRIC__COUNT };
CORE_VALUE_LIST_DECL(enum sla_metric, sla_metric_name, sla_metric_parse);

enum sla_state { SLA_RUNNING, SLA_PAUSED, SLA_STOPPED, SLA_STATE__COUNT };
CORE_VALUE_LIST_DECL(enum sla_state, sla_state_name, sla_state_parse);

#define SLA_WARN_PERCENT_DEFAULT 75
#define SLA_TARGET_MAX (366LL * 86400) /* a year of business seconds */

struct sla_clock {
	int64_t id, ticket_id;
	enum sla_metric metric;
	int64_t policy_id, calendar_id;
	const char *policy, *calendar; /* names, for display */
	int64_t agreement_id;          /* the agreement its policy belonged to when it was set; 0: none */
	const char *agreement;
	int agreement_version; /* ... and that agreement's version then */
	int64_t target;        /* business seconds */
	int64_t elapsed;       /* business seconds banked before since */
	enum sla_state state;
	int64_t since;             /* start of the running stretch; 0 unless running */
	int64_t due_at;            /* running: when elapsed reaches target; else 0 */
	int64_t warn_at;           /* running: when elapsed reaches the warning share; else 0 */
	int64_t warned_at;         /* set once, by the scheduler */
	int64_t breached_at;       /* set once, by the scheduler */
	int64_t stopped_at;        /* 0 unless stopped */
	const char *breach_reason; /* why it was breached (a breach reason's name), set by an agent; NULL: none */
	int64_t group_id;          /* SLA_OLA: the group whose OLA it measures; else 0 */
	const char *group;
	bool handed_over; /* SLA_OLA: the group handed the ticket on; the clock is over */
};

/* What a clock shows at instant now.  breached: more than the target used,
 * or a breach already marked. */
struct sla_view {
	int64_t elapsed, remaining; /* business seconds; remaining >= 0 */
	int64_t due_at;             /* 0 when paused or stopped */
	bool breached, paused;
};

/* Business seconds on the clock at now. */
int64_t sla_clock_elapsed(const struct sla_clock *k, const struct calendar *cal, int64_t now);
void sla_clock_view(const struct sla_clock *k, const struct calendar *cal, int64_t now, struct sla_view *out);
/* Move k to state at instant now, banking elapsed time and recomputing
 * due_at/warn_at (warn_percent of the target) when it runs. */
void sla_clock_set_state(struct sla_clock *k, const struct calendar *cal, enum sla_state state, int64_t now,
			 int warn_percent);
/* Switch k to a new target on calendar to_cal (its policy changed),
 * keeping the business time elapsed so far under from_cal. */
void sla_clock_retarget(struct sla_clock *k, const struct calendar *from_cal, const struct calendar *to_cal,
			int64_t target, int64_t now, int warn_percent);
/* The state a clock of metric m under policy p (NULL: unknown) should be
 * in for ticket t: on hold for one of the policy's pause_on reasons (or,
 * when it lists none, the kind's sla_pause_reasons) it pauses. */
struct sla_policy;
enum sla_state sla_clock_wanted(enum sla_metric m, const struct sla_policy *p, const struct ticket *t);

/* ---- calendars ------------------------------------------------------------- */

#define SLA_HOLIDAYS_MAX 366

struct calendar_def {
	int64_t id;
	const char *name, *timezone, *hours;
	const char **holidays; /* "YYYY-MM-DD", ascending */
	size_t holiday_count;
	int64_t created_at, updated_at;
};

LIST_OF(calendar_def_list, calendar_def);

struct calendar_input {
	const char *name, *timezone, *hours;
	const char **holidays;
	size_t holiday_count;
	bool set_timezone, set_hours, set_holidays;
};

/* Run by core/kernel/record.h: struct calendar_input in, struct calendar_def
 * out, named by name; admins write, agents read.  An update reschedules
 * the running clocks on the calendar. */
extern const struct record_kind calendar_kind;
/* The zone name names, from the process-wide cache of loaded zones (never
 * freed: usable by any thread at any time).  SW_ENOTFOUND or SW_EINVALID
 * for a name that is not a zone. */
enum sw_err sla_zone(const char *name, const struct tz **out, struct sw_error *err);
/* Build the working calendar of def (its zone comes from a process-wide
 * cache of loaded zones).  Field errors name timezone, hours, holidays. */
enum sw_err calendar_build(const struct calendar_def *def, struct calendar *out, struct sw_error *err);

/* ---- policies --------------------------------------------------------------- */

struct sla_policy {
	RECORD_RULE_HEAD;
	const char *match_kind; /* NULL = any */
	int match_priority;     /* 0 = any */
	int64_t match_group_id; /* 0 = any; the requester must be a member */
	const char *match_group;
	int64_t match_service_id; /* 0 = any; the ticket's service */
	const char *match_service;
	int64_t calendar_id;
	const char *calendar;
	int64_t response, resolution; /* seconds; 0 = no such target */
	const char **pause_on;        /* hold reasons that pause its clocks; none: the kind's own */
	size_t pause_on_count;
	int64_t agreement_id; /* the agreement that owns it; 0: none (it applies on its own) */
	const char *agreement;
	enum agreement_type agreement_type;
	enum agreement_status agreement_status;
	int agreement_version;
	const char *agreement_from, *agreement_to; /* its validity, "YYYY-MM-DD"; NULL: open */
	int64_t agreement_group_id;                /* the agreement's group (an OLA's); 0: none */
	int64_t created_at, updated_at;
};

#define SLA_PAUSE_ON_MAX 10 /* hold reasons one policy lists */

/* Its kind and input (struct sla_policy_input), run by core/kernel/record.h: admins
 * write, agents read. */
/* clang-format off */
#define SLA_POLICY_INPUT(GIVEN, PLAIN) \
	GIVEN(const char *, match_kind) GIVEN(const char *, match_group) GIVEN(const char *, match_service) \
	GIVEN(const char *, calendar) GIVEN(const char *, agreement) GIVEN(int, position) GIVEN(int, match_priority) \
	GIVEN(int64_t, response) GIVEN(int64_t, resolution) GIVEN(const char **, pause_on) \
	PLAIN(size_t, pause_on_count) GIVEN(bool, active)
/* clang-format on */
RECORD_KIND_DECL(sla_policy_kind, sla_policy_list, sla_policy, sla_policy_input, SLA_POLICY_INPUT);

/* ---- clocks on tickets -------------------------------------------------------- */

/* Inside the transaction that wrote ticket after (before is NULL on
 * create; the policy is chosen again when the priority or the service
 * changes): pick the policy, start, pause, resume, stop or retarget the
 * ticket's clocks, and audit what changed. */
enum sw_err sla_sync(struct ctx *c, const struct ticket *before, const struct ticket *after, struct sw_error *err);

/* The ticket's clocks with what they show at c->now, for its JSON. */
struct sla_clock_shown {
	struct sla_clock clock;
	struct sla_view view;
};
enum sw_err sla_ticket_clocks(struct ctx *c, int64_t ticket_id, struct sla_clock_shown **out, size_t *count,
			      struct sw_error *err);
/* Agents: the breach reason (an active breach reason's name; NULL clears)
 * of a clock of ticket number — metric "response" or "resolution", or a
 * clock's id (OLA clocks, of which a ticket may have several) — in one transaction with its
 * (internal) audit row "sla_breach_reason"; the clock as it shows then
 * into *out.  404 for no such ticket or clock, 409 "not-breached" for a
 * clock within its target, a field error on "reason". */
enum sw_err sla_breach_reason_set(struct ctx *c, const struct ticket_kind *kind, const char *number, const char *metric,
				  const char *reason, struct sla_clock_shown *out, struct sw_error *err);

#endif
