/*
 * cfgsnap.h — the configuration a ticket write reads, from memory.
 *
 * A create reads the priority matrix, the active SLA policies and their
 * calendars, the active assignment and notification rules, the
 * notification templates, the mandatory fields, the category count and
 * the active webhooks:
 * eight statements and about 24 SQLite steps of its ~60.  The process
 * keeps one immutable copy of all of it (a snapshot) labelled with the
 * configuration version (migration 45: triggers change it in the
 * transaction of every write to those tables, whichever path makes it),
 * so a transaction reads the version once — one cheap statement — and
 * takes the snapshot if the numbers agree, else builds a new one from
 * the database and publishes it.  Every server on one PostgreSQL database
 * sees a change made through another at its next transaction.
 *
 * Results are borrowed from the snapshot: the lists' items and strings
 * stay valid, unchanged, until c's arena is released (the arena holds a
 * reference; a rebuild by another thread never frees a snapshot still
 * referenced).  Callers must not modify them.
 *
 * Inside a transaction the snapshot is taken once (the version is read at
 * the first call) and kept until the transaction, or a savepoint inside
 * it, begins or ends; outside one, every call reads the version.  A
 * write to the configuration inside a transaction that has already read
 * it through here must call cfgsnap_forget before reading it again (the
 * record kit does so for every record it saves).
 *
 * Thread-safe: the published snapshot and its reference counts are
 * guarded by one mutex, held for a few instructions.
 */
#ifndef SW_CORE_KERNEL_CFGSNAP_H
#define SW_CORE_KERNEL_CFGSNAP_H

#include "core/core.h"

enum notify_event;
struct sla_policy_list;
struct calendar;
struct notify_rule_list;
struct notify_template;
struct assignment_rule_list;
struct mandatory_list;
struct webhook_list;

/* priority[impact - 1][urgency - 1] */
enum sw_err cfgsnap_matrix(struct ctx *c, int out[3][3], struct sw_error *err);
/* The active SLA policies, by position then name (store_sla_policy_list). */
enum sw_err cfgsnap_sla_policies(struct ctx *c, struct sla_policy_list *out, struct sw_error *err);
/* Calendar id, built (calendar_build); SW_ENOTFOUND as store_calendar_by_id. */
enum sw_err cfgsnap_calendar(struct ctx *c, int64_t id, const struct calendar **out, struct sw_error *err);
/* The active rules of event e, by name (store_notify_rule_list). */
enum sw_err cfgsnap_notify_rules(struct ctx *c, enum notify_event e, struct notify_rule_list *out,
				 struct sw_error *err);
/* Event e's template; SW_ENOTFOUND as store_notify_template_get. */
enum sw_err cfgsnap_notify_template(struct ctx *c, enum notify_event e, struct notify_template *out,
				    struct sw_error *err);
/* The active assignment rules, by position then name (store_rule_list).
 * Their last_assignee_id is not kept: read it with store_rule_last_assignee. */
enum sw_err cfgsnap_assign_rules(struct ctx *c, struct assignment_rule_list *out, struct sw_error *err);
/* The mandatory fields of kind in state (store_mandatory_list); the list
 * is made in c's arena, its strings borrowed. */
enum sw_err cfgsnap_mandatory(struct ctx *c, const char *kind, const char *state, struct mandatory_list *out,
			      struct sw_error *err);
enum sw_err cfgsnap_category_count(struct ctx *c, int64_t *out, struct sw_error *err);
/* The active webhooks, by id (store_webhook_active); their sealed secrets too. */
enum sw_err cfgsnap_webhooks(struct ctx *c, struct webhook_list *out, struct sw_error *err);
/* The next call reads the version again (after a configuration write). */
void cfgsnap_forget(struct ctx *c);

#endif
