/*
 * port/event.h — what core needs from storage for event management
 * (core/event/alert.h): event sources and mapping rules (record kinds),
 * raw payloads, alerts, and the incidents alerts opened.  Implemented by
 * store/repo_event.c.
 */
#ifndef SW_CORE_PORT_EVENT_H
#define SW_CORE_PORT_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "core/port/store.h"
#include "base/list.h"

struct event_source;
struct alert_rule;
struct alert_rule_list;
struct alert;
struct alert_list;
struct alert_filter;

/* struct event_source by name; struct alert_rule by name (lists in order). */
extern const struct record_store store_event_sources, store_alert_rules;
/* The source whose token has this hash (SW_ENOTFOUND). */
enum sw_err store_event_source_by_hash(struct store *s, const char *hash, struct event_source *out,
				       struct sw_error *err);
/* A source by id (SW_ENOTFOUND). */
enum sw_err store_event_source_by_id(struct store *s, int64_t id, struct event_source *out, struct sw_error *err);
/* The active rules in evaluation order (position, name). */
enum sw_err store_alert_rules_active(struct store *s, struct alert_rule_list *out, struct sw_error *err);

/* A payload as it came; its id into *id. */
enum sw_err store_alert_payload_insert(struct store *s, int64_t source_id, const char *format, const char *body,
				       int64_t alert_count, int64_t at, int64_t *id, struct sw_error *err);

/* The inbox of the fast path: payloads accepted and not yet processed
 * (processed_at NULL), oldest first after id after (at most limit); one
 * marked processed at at, with error (NULL: processed) — SW_ECONFLICT
 * when it was marked already (another process took it); their count. */
struct alert_pending {
	int64_t id, source_id;
	const char *format, *body;
	int64_t alert_count, received_at;
};
LIST_OF(alert_pending_list, alert_pending);
enum sw_err store_alert_inbox_insert(struct store *s, int64_t source_id, const char *format, const char *body,
				     size_t body_len, int64_t alert_count, int64_t at, int64_t *id,
				     struct sw_error *err);
enum sw_err store_alert_inbox_pending(struct store *s, int64_t after, int limit, struct alert_pending_list *out,
				      struct sw_error *err);
enum sw_err store_alert_inbox_done(struct store *s, int64_t id, int64_t at, const char *error, struct sw_error *err);
enum sw_err store_alert_inbox_count(struct store *s, int64_t *count, struct sw_error *err);

/* The CI a monitoring label names: by external id, else by name (the
 * lowest id); SW_ENOTFOUND. */
enum sw_err store_ci_by_label(struct store *s, const char *text, int64_t *id, struct sw_error *err);
/* Whether a change is implementing on CI ci_id (its CI or an affected CI). */
enum sw_err store_ci_implementing(struct store *s, int64_t ci_id, bool *yes, struct sw_error *err);

/* Alerts: by source and key, by id (SW_ENOTFOUND); written whole (the id
 * set by an insert); a page by id, newest first. */
enum sw_err store_alert_by_key(struct store *s, int64_t source_id, const char *key, struct alert *out,
			       struct sw_error *err);
enum sw_err store_alert_by_id(struct store *s, int64_t id, struct alert *out, struct sw_error *err);
enum sw_err store_alert_save(struct store *s, struct alert *a, bool creating, struct sw_error *err);
enum sw_err store_alert_page(struct store *s, const struct alert_filter *f, const struct page *p,
			     struct alert_list *out, struct sw_error *err);

/* The incidents alerts opened. */
struct alert_incident {
	int64_t ticket_id, source_id, ci_id, service_id;
	bool storm;
	int64_t created_at, last_alert_at;
	int quiet_seconds; /* its source's */
};
LIST_OF(alert_incident_list, alert_incident);
enum sw_err store_alert_incident_insert(struct store *s, const struct alert_incident *ai, struct sw_error *err);
/* An alert came for it: last_alert_at = at. */
enum sw_err store_alert_incident_touch(struct store *s, int64_t ticket_id, int64_t at, struct sw_error *err);
/* No longer open (resolved, or its ticket left the open phases). */
enum sw_err store_alert_incident_close(struct store *s, int64_t ticket_id, struct sw_error *err);
/* Those still open whose ticket is open or paused and whose last alert
 * came at or after since (at most 200, newest first). */
enum sw_err store_alert_incidents_open(struct store *s, int64_t since, struct alert_incident_list *out,
				       struct sw_error *err);
/* How many a source opened (storm ones not counted) since. */
enum sw_err store_alert_incidents_since(struct store *s, int64_t source_id, int64_t since, int64_t *count,
					struct sw_error *err);
/* Open ones whose alerts are all resolved and none flapping, the last
 * resolved at or before now less the source's quiet period (at most
 * limit, oldest first). */
enum sw_err store_alert_incidents_quiet(struct store *s, int64_t now, int limit, struct alert_incident_list *out,
					struct sw_error *err);

/* ---- the status page (core/event/status.h) ---- */

struct status_service;
struct status_service_list;
struct status_update;
struct status_update_list;
struct status_maintenance;
/* struct status_service by its public name; lists by position, name. */
extern const struct record_store store_status_services;
/* The active ones, in order. */
enum sw_err store_status_services_active(struct store *s, struct status_service_list *out, struct sw_error *err);
/* What the open tickets on service id say: an open major incident, an
 * open incident with an outage still going on, how many incidents are
 * open, and how many changes with an expected outage are implementing. */
struct status_signals {
	int64_t major, outage, open, maintenance;
};
enum sw_err store_status_signals(struct store *s, int64_t service_id, struct status_signals *out, struct sw_error *err);
/* Changes scheduled with an expected outage on active public services,
 * starting in [from, to) (at most 50, soonest first). */
enum sw_err store_status_maintenance(struct store *s, int64_t from, int64_t to, struct status_maintenance **out,
				     size_t *count, struct sw_error *err);
enum sw_err store_status_update_insert(struct store *s, struct status_update *u, int64_t author_id,
				       struct sw_error *err);
/* Updates on incidents of active public services since, newest first
 * (at most limit); those of one ticket, oldest first. */
enum sw_err store_status_updates_public(struct store *s, int64_t since, int limit, struct status_update_list *out,
					struct sw_error *err);
enum sw_err store_status_updates_of(struct store *s, int64_t ticket_id, struct status_update_list *out,
				    struct sw_error *err);

#endif
