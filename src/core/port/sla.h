/*
 * port/sla.h — what core needs from storage for calendars, SLA policies and
 * clocks, and what the scheduler reads and stamps (core/sla/sla.h,
 * core/sla/escalation.h). Implemented in src/store/repo_sla.c; the
 * conventions (transactions, error codes, the arena results go to) are in
 * port/store.h.
 */
#ifndef SW_CORE_PORT_SLA_H
#define SW_CORE_PORT_SLA_H

#include "core/port/store.h"

struct calendar_def;
struct calendar_def_list;
struct sla_policy;
struct sla_policy_list;
struct sla_clock;
/* struct calendar_def, named by name */
extern const struct record_store store_calendars;
enum sw_err store_calendar_by_name(struct store *s, const char *name, struct calendar_def *out, struct sw_error *err);
enum sw_err store_calendar_by_id(struct store *s, int64_t id, struct calendar_def *out, struct sw_error *err);
enum sw_err store_calendar_list(struct store *s, struct calendar_def_list *out, struct sw_error *err);
/* struct sla_policy, named by name */
extern const struct record_store store_sla_policies;
enum sw_err store_sla_policy_by_name(struct store *s, const char *name, struct sla_policy *out, struct sw_error *err);
/* In evaluation order: position, then name. */
enum sw_err store_sla_policy_list(struct store *s, bool active_only, struct sla_policy_list *out, struct sw_error *err);
enum sw_err store_sla_clocks(struct store *s, int64_t ticket_id, struct sla_clock **out, size_t *count,
			     struct sw_error *err);
/* The same for a writer of the clocks that has not written the ticket
 * (a calendar's re-schedule): the ticket's row locked first on PostgreSQL
 * (see store_sla_clock_totals_move), and its kind (in the arena). */
enum sw_err store_sla_clocks_locked(struct store *s, int64_t ticket_id, const char **kind, struct sla_clock **out,
				    size_t *count, struct sw_error *err);
/* The tickets with a clock running on calendar_id, ascending. */
enum sw_err store_sla_tickets_running_on(struct store *s, int64_t calendar_id, int64_t **out, size_t *count,
					 struct sw_error *err);
/* The rows alone: the running totals of the open clocks are the writer's
 * (store_sla_clock_totals_move, once for all its writes of one ticket). */
enum sw_err store_sla_clock_insert(struct store *s, struct sla_clock *k, struct sw_error *err);
enum sw_err store_sla_clock_update(struct store *s, const struct sla_clock *k, struct sw_error *err);
enum sw_err store_sla_clock_delete(struct store *s, int64_t id, struct sw_error *err);
/* The running totals of the open clocks (migration 46), in the caller's
 * transaction: what the clocks `was` of one ticket of kind contributed
 * goes out and what `now` contribute comes in, as one net delta (nothing
 * when the two contribute the same).  Each is every clock of the ticket
 * (a stopped one counts for nothing, as does one absent): was as read
 * before the writes, now as written.  The clocks read must be the ones
 * written over: on PostgreSQL the caller holds the ticket's row (a ticket
 * write's update of it, store_sla_clocks_locked); a new ticket has none. */
enum sw_err store_sla_clock_totals_move(struct store *s, const char *kind, const struct sla_clock *was,
					size_t was_count, const struct sla_clock *now, size_t now_count,
					struct sw_error *err);

/* agreements (core/sla/agreement.h): struct agreement, named by name;
 * loads and lists fill its services (names and ids, by name) */
struct agreement;
struct agreement_list;
extern const struct record_store store_agreements;
/* Every agreement (at most AGREEMENTS_MAX), by name, with its services. */
enum sw_err store_agreement_list(struct store *s, struct agreement_list *out, struct sw_error *err);
enum sw_err store_agreement_count(struct store *s, int64_t *count, struct sw_error *err);
/* Replace the services of agreement id. */
enum sw_err store_agreement_services(struct store *s, int64_t id, const int64_t *service_ids, size_t count,
				     struct sw_error *err);
/* Agreements not retired whose review date is on or before today
 * ("YYYY-MM-DD") and not yet marked for it, oldest date first, at most
 * limit (no services filled). */
enum sw_err store_agreements_review_due(struct store *s, const char *today, int limit, struct agreement_list *out,
					struct sw_error *err);
/* Mark agreement id told for review date; *marked false when it already was. */
enum sw_err store_agreement_review_mark(struct store *s, int64_t id, const char *date, bool *marked,
					struct sw_error *err);

/* breach reasons (a value list of struct cause_category rows, named by
 * name), and the one a clock's breach is explained by (NULL clears) */
extern const struct record_store store_breach_reasons;
enum sw_err store_sla_clock_reason(struct store *s, int64_t id, const char *reason, struct sw_error *err);

/* the scheduler */
struct escalation_rule;
struct escalation_rule_list;
/* Running clocks not yet marked whose warning instant is <= now (with
 * breach: whose due instant is < now); oldest first, at most limit. */
enum sw_err store_sla_clocks_due(struct store *s, bool breach, int64_t now, int limit, struct sla_clock **out,
				 size_t *count, struct sw_error *err);
/* Stamp the warning (breach) on a clock, with the running totals; *marked
 * false when it already was, or is no longer due, or (PostgreSQL) its
 * ticket is being written: the next pass marks it. */
enum sw_err store_sla_clock_mark(struct store *s, int64_t id, bool breach, int64_t now, bool *marked,
				 struct sw_error *err);
/* Fold the open clocks' running totals' deltas into the totals (the
 * scheduler, holding its lock, in its transaction). */
enum sw_err store_sla_totals_fold(struct store *s, struct sw_error *err);
/* Inside a transaction: true for the one scheduler that may run now
 * (PostgreSQL: an advisory lock held until the transaction ends). */
enum sw_err store_scheduler_lock(struct store *s, bool *got, struct sw_error *err);
/* Resolved tickets of one kind (its name) resolved at or before `before`,
 * oldest first (no watchers filled). */
enum sw_err store_tickets_resolved_before(struct store *s, const char *kind, int64_t before, int limit,
					  struct ticket_list *out, struct sw_error *err);
/* Closed or canceled tickets not archived, closed at or before `before`,
 * oldest first (no watchers filled). */
enum sw_err store_tickets_archivable(struct store *s, int64_t before, int limit, struct ticket_list *out,
				     struct sw_error *err);
/* struct escalation_rule, named by name */
extern const struct record_store store_escalation_rules;
enum sw_err store_escalation_list(struct store *s, bool active_only, struct escalation_rule_list *out,
				  struct sw_error *err);

#endif
