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
enum sw_err store_sla_clocks_running_on(struct store *s, int64_t calendar_id, struct sla_clock **out, size_t *count,
					struct sw_error *err);
/* Each keeps the running totals of the open clocks (migration 46) in the
 * caller's transaction: the ticket's contribution out before, in after. */
enum sw_err store_sla_clock_insert(struct store *s, struct sla_clock *k, struct sw_error *err);
enum sw_err store_sla_clock_update(struct store *s, const struct sla_clock *k, struct sw_error *err);
enum sw_err store_sla_clock_delete(struct store *s, int64_t id, struct sw_error *err);
/* The row alone, no running totals: for a bulk load that rebuilds them
 * once at the end (store_totals_refresh). */
enum sw_err store_sla_clock_insert_bulk(struct store *s, struct sla_clock *k, struct sw_error *err);

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
/* Stamp the warning (breach) on a clock; *marked false when it already was. */
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
