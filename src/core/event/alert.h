/*
 * alert.h — event management (docs/events.md): the monitoring systems
 * allowed to send alerts (event sources, a record kind with a bearer
 * token), the ordered mapping rules (a record kind), and alerts: what a
 * payload's alerts do when they arrive (deduplicated by key, mapped to a
 * CI and a service, correlated into an open incident through the CMDB,
 * held back by the storm limit, maintenance and flapping), what agents
 * do with them (acknowledge, link, unlink, raise an incident by hand),
 * and the pass that resolves an incident once every alert on it has been
 * quiet for the source's quiet period.
 *
 * The payload formats (Alertmanager's webhook, the generic event) are
 * decoded in api/ (api/alert_decode.h) into struct alert_event; core
 * never sees JSON.
 */
#ifndef SW_CORE_EVENT_ALERT_H
#define SW_CORE_EVENT_ALERT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/kernel/record.h"
#include "core/model.h"
#include "base/list.h"

/* Bounds of what one payload may carry (docs/events.md). */
#define ALERT_BATCH_MAX 1000               /* alerts in one payload: more is 413 */
#define ALERT_LABELS_MAX 64                /* labels (and annotations) of one alert */
#define ALERT_LABEL_NAME_MAX 128           /* characters of a label's name */
#define ALERT_LABEL_VALUE_MAX 1024         /* characters of a value: longer ones are cut */
#define ALERT_KEY_MAX 256                  /* characters of a dedup key */
#define ALERT_SUMMARY_MAX 1000             /* characters of a summary or message */
#define ALERT_LABELS_TEXT_MAX (512 * 1024) /* bytes of an alert's labels as stored: 64 of the largest fit */
#define ALERT_BODY_MAX (4 * 1024 * 1024)   /* bytes of a payload */
#define EVENT_SOURCE_TOKEN_PREFIX "sws_"

enum alert_severity { SEV_CRITICAL, SEV_MAJOR, SEV_MINOR, SEV_WARNING, SEV_INFO, ALERT_SEVERITY__COUNT };
CORE_VALUE_LIST_DECL(enum alert_severity, alert_severity_name, alert_severity_parse);
enum alert_state { ALERT_FIRING, ALERT_RESOLVED, ALERT_STATE__COUNT };
CORE_VALUE_LIST_DECL(enum alert_state, alert_state_name, alert_state_parse);
enum alert_action { ACTION_CREATE, ACTION_ATTACH, ACTION_RECORD, ACTION_IGNORE, ALERT_ACTION__COUNT };
CORE_VALUE_LIST_DECL(enum alert_action, alert_action_name, alert_action_parse);
enum alert_format { ALERT_FORMAT_ALERTMANAGER, ALERT_FORMAT_GENERIC, ALERT_FORMAT__COUNT };
CORE_VALUE_LIST_DECL(enum alert_format, alert_format_name, alert_format_parse);

/* ---- event sources ---------------------------------------------------------- */

struct event_source {
	int64_t id;
	const char *name;
	const char *token;      /* the secret, in the answer of a create or a rotation only */
	const char *token_hash; /* hex SHA-256 */
	int64_t owner_id;
	const char *owner;
	int64_t service_id;
	const char *service;  /* the default service of its alerts, or NULL */
	const char *ci_label; /* the label naming an alert's CI when no rule says */
	int correlate_minutes, quiet_seconds, storm_per_minute, flap_changes, flap_minutes;
	bool active;
	int64_t created_at, updated_at;
};
LIST_OF(event_source_list, event_source);
struct event_source_input {
	const char *name, *service, *ci_label;
	int correlate_minutes, quiet_seconds, storm_per_minute, flap_changes, flap_minutes;
	bool active, rotate_token;
	bool set_service, set_ci_label, set_correlate_minutes, set_quiet_seconds, set_storm_per_minute,
		set_flap_changes, set_flap_minutes, set_active, set_rotate_token;
};
/* Admins write, agents read; a create (and rotate_token) answers with the
 * token, the only time it is shown. */
extern const struct record_kind event_source_kind;

/* The active source a bearer token belongs to: SW_EAUTH "the event source
 * token is not valid" otherwise (unknown, or the source is inactive). */
enum sw_err event_source_authenticate(struct ctx *c, const char *token, struct event_source *out, struct sw_error *err);

/* ---- mapping rules ------------------------------------------------------------ */

struct alert_rule {
	int64_t id;
	const char *name;
	int position;
	int64_t source_id;
	const char *source;                    /* NULL: any source */
	const char *match_label, *match_value; /* NULL: any alert; a NULL value: any alert with the label */
	enum alert_severity min_severity;      /* the least severe it takes (SEV_INFO: all) */
	const char *ci_label;                  /* the label naming the CI (external id or name); NULL: the source's */
	int64_t ci_id;                         /* or a fixed CI */
	const char *ci;
	int64_t service_id;
	const char *service;
	enum alert_action action;
	int impact, urgency; /* 0: from the severity */
	bool active;
	int64_t created_at, updated_at;
};
LIST_OF(alert_rule_list, alert_rule);
struct alert_rule_input {
	const char *name, *source, *match_label, *match_value, *min_severity, *ci_label, *service, *action;
	int64_t ci, position;
	int impact, urgency;
	bool active;
	bool set_source, set_match_label, set_match_value, set_min_severity, set_ci_label, set_ci, set_service,
		set_action, set_position, set_impact, set_urgency, set_active;
};
extern const struct record_kind alert_rule_kind;

/* ---- alerts ------------------------------------------------------------------- */

struct alert_label {
	const char *name, *value;
};

/* One alert of a payload, as a decoder gives it. */
struct alert_event {
	const char *key;  /* dedup key (fingerprint); NULL: made from name and labels */
	const char *name; /* alertname, the check */
	enum alert_state state;
	enum alert_severity severity;
	const char *summary;
	const char *resource; /* a CI's external id or name, when the format names one */
	const char *service;  /* a service's name, when the format names one */
	struct alert_label *labels;
	size_t label_count;
	int64_t starts_at, ends_at; /* 0: unknown (now) */
};
struct alert_batch {
	enum alert_format format;
	struct alert_event *items;
	size_t count;
};

struct alert {
	int64_t id, source_id;
	const char *source, *dedup_key, *name;
	enum alert_state state;
	enum alert_severity severity;
	const char *summary, *labels; /* labels as the JSON object text they came as */
	int64_t ci_id;
	const char *ci;
	int64_t service_id;
	const char *service;
	int64_t ticket_id;
	const char *incident; /* its number */
	int64_t rule_id;
	const char *rule;
	enum alert_action action;
	const char *suppressed; /* why it opened no incident: "maintenance", "flapping", "storm", ... */
	int count, changes;
	int64_t flap_since;
	bool flapping;
	int64_t starts_at, ends_at, first_seen, last_seen, resolved_at;
	int64_t acknowledged_by;
	const char *acknowledged_by_login;
	int64_t acknowledged_at;
};
struct alert_list {
	struct alert *items;
	size_t count;
	const char *next_cursor;
};
struct alert_filter {
	const char *state, *source;
	int64_t ticket_id;
};

/* What an ingestion did, for the answer. */
struct alert_ingest_result {
	int64_t payload_id;
	size_t received, created, updated, unchanged, incidents, attached;
};

/* Take a decoded batch from an authenticated source: the raw body
 * (body_len bytes) and every alert processed in one transaction, so a 2xx
 * means all of it is durable.  The same alert sent again (same key, state
 * and start) only counts up: Alertmanager's retries are harmless. */
enum sw_err alert_ingest(struct ctx *c, const struct event_source *src, const struct alert_batch *batch,
			 const char *body, size_t body_len, struct alert_ingest_result *out, struct sw_error *err);

/* ---- the fast path: accept now, process after (docs/events.md) ------------------ */

/* A payload to accept: its source, format, raw body (already decoded once,
 * so known to be valid) and how many alerts it carries; id is set when it
 * is committed. */
struct alert_accept {
	int64_t source_id;
	enum alert_format format;
	const char *body;
	size_t body_len;
	int64_t alert_count;
	int64_t id;
};

/* Commit count payloads, unprocessed, in one transaction (the inbox): each
 * one's id into its id.  Once this returns SW_OK each is durable and will
 * be processed exactly once by alert_inbox_drain, in id order. */
enum sw_err alert_accept_many(struct ctx *c, struct alert_accept *items, size_t count, struct sw_error *err);

/* How the drain turns a stored body back into alerts: the decoder of its
 * format (api/), with what it decodes in c's arena. */
typedef enum sw_err (*alert_decode_fn)(struct ctx *c, enum alert_format format, const char *body, size_t len,
				       struct alert_batch *out, struct sw_error *err);

/* Process the oldest accepted payloads, as alert_ingest would have, in one
 * transaction that also marks each processed: at most max payloads, and no
 * more once ALERT_BATCH_MAX alerts are reached.  A batch that fails is
 * taken again one payload per transaction, and a payload that fails alone
 * for a reason other than a busy database is marked with its error (and
 * logged by the caller through *failed) so it cannot hold up the rest.
 * *done counts the payloads processed or marked; *failed those marked. */
enum sw_err alert_inbox_drain(struct ctx *c, int max, alert_decode_fn decode, int *done, int *failed,
			      struct sw_error *err);

/* How many accepted payloads wait for processing. */
enum sw_err alert_inbox_pending(struct ctx *c, int64_t *count, struct sw_error *err);

/* Agents. */
enum sw_err alert_list(struct ctx *c, const struct alert_filter *f, const struct page *p, struct alert_list *out,
		       struct sw_error *err);
enum sw_err alert_get(struct ctx *c, int64_t id, struct alert *out, struct sw_error *err);
/* SW_ENOTFOUND "no alert <id>" when there is none (for its history). */
enum sw_err alert_find(struct ctx *c, int64_t id, struct sw_error *err);
enum sw_err alert_acknowledge(struct ctx *c, int64_t id, struct alert *out, struct sw_error *err);
/* Link the alert to an incident by number (an open one), or unlink it. */
enum sw_err alert_link(struct ctx *c, int64_t id, const char *incident, struct alert *out, struct sw_error *err);
enum sw_err alert_unlink(struct ctx *c, int64_t id, struct alert *out, struct sw_error *err);
/* Raise an incident from an alert with no incident, and link it. */
enum sw_err alert_raise(struct ctx *c, int64_t id, struct alert *out, struct sw_error *err);

/* The scheduler's pass: incidents alerts opened whose alerts have all been
 * resolved for their source's quiet period (none flapping) are resolved
 * with code alert_cleared; *resolved counts them.  At most batch. */
enum sw_err alert_resolve_pass(struct ctx *c, int batch, int *resolved, struct sw_error *err);

#endif
