/*
 * port/notify.h — what core needs from storage for notification rules,
 * templates, in-app notifications and the email outbox
 * (core/notify/notify.h). Implemented in src/store/repo_notify.c; the
 * conventions (transactions, error codes, the arena results go to) are in
 * port/store.h.
 */
#ifndef SW_CORE_PORT_NOTIFY_H
#define SW_CORE_PORT_NOTIFY_H

#include "core/port/store.h"

struct notify_rule;
struct notify_rule_list;
struct notify_template;
struct notify_template_list;
struct notification;
struct notification_list;
enum notify_event;
/* struct notify_rule, named by name */
extern const struct record_store store_notify_rules;
/* event < 0: every event. */
enum sw_err store_notify_rule_list(struct store *s, int event, bool active_only, struct notify_rule_list *out,
				   struct sw_error *err);
enum sw_err store_notify_template_get(struct store *s, enum notify_event e, struct notify_template *out,
				      struct sw_error *err);
enum sw_err store_notify_template_set(struct store *s, const struct notify_template *t, struct sw_error *err);
enum sw_err store_notify_template_list(struct store *s, struct notify_template_list *out, struct sw_error *err);
/* Members of a group with id, login, name, email, role and active. */
enum sw_err store_group_member_users(struct store *s, int64_t group_id, struct user **out, size_t *count,
				     struct sw_error *err);
enum sw_err store_notification_insert(struct store *s, struct notification *n, struct sw_error *err);
enum sw_err store_notification_inbox(struct store *s, int64_t user_id, bool unread_only, const struct page *p,
				     struct notification_list *out, struct sw_error *err);
enum sw_err store_notification_unread(struct store *s, int64_t user_id, int64_t *out, struct sw_error *err);
/* One (id) or all (id 0) of a user's unread in-app notifications; *found
 * says whether id names one of theirs. */
/* Whether notification id is one of event e (a reply's reference to it). */
enum sw_err store_notification_is(struct store *s, int64_t id, enum notify_event e, bool *yes, struct sw_error *err);
enum sw_err store_notification_mark_read(struct store *s, int64_t user_id, int64_t id, int64_t now, bool *found,
					 struct sw_error *err);
enum sw_err store_notification_outbox(struct store *s, const char *state, const struct page *p,
				      struct notification_list *out, struct sw_error *err);
/* Email rows pending or stuck sending whose next attempt is due. */
enum sw_err store_notification_due(struct store *s, int64_t now, int limit, struct notification_list *out,
				   struct sw_error *err);
/* Mark n sending until lease_until if it is still as read; *claimed says so. */
enum sw_err store_notification_claim(struct store *s, struct notification *n, int64_t lease_until, bool *claimed,
				     struct sw_error *err);
/* Write n's state, attempts, next_attempt_at, last_error and sent_at, and
 * its body when not NULL (a sent message's, its links' tokens
 * overwritten), if the row is still claimed with lease; *recorded says
 * whether it was. */
enum sw_err store_notification_delivery(struct store *s, const struct notification *n, int64_t lease, bool *recorded,
					struct sw_error *err);

#endif
