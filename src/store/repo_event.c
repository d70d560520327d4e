/*
 * repo_event.c — event sources, mapping rules, raw payloads, alerts and
 * the incidents alerts opened (port/event.h).  Each record's columns and
 * arguments are tables (store_int.h); nothing here decides anything.
 */
#include <string.h>

#include "core/event/alert.h"
#include "core/event/status.h"
#include "core/kernel/record.h"
#include "core/port/event.h"
#include "store/event_sql.h"
#include "store/ingest_sql.h"
#include "store/store_int.h"
#include "base/banned.h"

/* ---- event sources ------------------------------------------------------------ */

static const struct store_col source_cols[] = {
	STORE_COLS(struct event_source, id, name, token_hash, owner_id, owner, service_id, service, ci_label,
		   correlate_minutes, quiet_seconds, storm_per_minute, flap_changes, flap_minutes, active, created_at,
		   updated_at),
};

static const struct store_col source_args[] = {
	STORE_ARG_KEY,
	STORE_ARGS(struct event_source, token_hash, owner_id),
	STORE_ARG_IDS(struct event_source, service_id),
	STORE_ARGS(struct event_source, ci_label, correlate_minutes, quiet_seconds, storm_per_minute, flap_changes,
		   flap_minutes, active),
	STORE_ARG_AT,
};

STORE_SAVE_FN(save_source, struct event_source, ST_SOURCE_INSERT, ST_SOURCE_UPDATE, source_args)

/* The source one key of statement st names; not found is "no event source <what>". */
static enum sw_err source_one(struct store *s, int st, struct db_arg key, const char *what, struct event_source *out,
			      struct sw_error *err)
{
	struct db_arg a[] = {key};
	enum sw_err rc = STORE_ONE(s, st, a, 1, source_cols, out, err);
	return rc == SW_ENOTFOUND ? sw_fail(err, SW_ENOTFOUND, NULL, "no event source %s", what) : rc;
}

static enum sw_err load_source(struct store *s, const struct record_key *key, void *out, struct sw_error *err)
{
	return source_one(s, ST_SOURCE_BY_NAME, DB_TEXT(key->name), arena_printf(s->arena, "'%s'", key->name), out,
			  err);
}

STORE_LIST_AS(list_sources,
	      STORE_COLLECT_LIST(s, ST_SOURCE_LIST, NULL, 0, source_cols, (struct event_source_list *)out, err))

const struct record_store store_event_sources = {save_source, load_source, list_sources};

enum sw_err store_event_source_by_hash(struct store *s, const char *hash, struct event_source *out,
				       struct sw_error *err)
{
	return source_one(s, ST_SOURCE_BY_HASH, DB_TEXT(hash), "with this token", out, err);
}

enum sw_err store_event_source_by_id(struct store *s, int64_t id, struct event_source *out, struct sw_error *err)
{
	return source_one(s, ST_SOURCE_BY_ID, DB_INT(id), "of this id", out, err);
}

/* ---- mapping rules -------------------------------------------------------------- */

static const struct store_col rule_cols[] = {
	STORE_COLS(struct alert_rule, id, name, position, source_id, source, match_label, match_value),
	STORE_COL_VALUE(struct alert_rule, min_severity, alert_severity_name_list),
	STORE_COLS(struct alert_rule, ci_label, ci_id, ci, service_id, service),
	STORE_COL_VALUE(struct alert_rule, action, alert_action_name_list),
	STORE_COLS(struct alert_rule, impact, urgency, active, created_at, updated_at),
};

static const struct store_col rule_args[] = {
	STORE_ARG_KEY,
	STORE_ARGS(struct alert_rule, position),
	STORE_ARG_IDS(struct alert_rule, source_id),
	STORE_ARGS(struct alert_rule, match_label, match_value),
	STORE_ARG_VALUE(struct alert_rule, min_severity, alert_severity_name_list),
	STORE_ARGS(struct alert_rule, ci_label),
	STORE_ARG_IDS(struct alert_rule, ci_id, service_id),
	STORE_ARG_VALUE(struct alert_rule, action, alert_action_name_list),
	STORE_ARGS(struct alert_rule, impact, urgency, active),
	STORE_ARG_AT,
};

STORE_SAVE_FN(save_rule, struct alert_rule, ST_ARULE_INSERT, ST_ARULE_UPDATE, rule_args)

STORE_LOAD_AS(load_rule, STORE_FIND(s, ST_ARULE_BY_NAME, DB_TEXT(key->name), rule_cols, (struct alert_rule *)out, err,
				    "no alert rule '%s'", key->name))
STORE_LIST_AS(list_rules, STORE_COLLECT_LIST(s, ST_ARULE_LIST, NULL, 0, rule_cols, (struct alert_rule_list *)out, err))

const struct record_store store_alert_rules = {save_rule, load_rule, list_rules};

enum sw_err store_alert_rules_active(struct store *s, struct alert_rule_list *out, struct sw_error *err)
{
	return STORE_COLLECT(s, ST_ARULE_ACTIVE, NULL, 0, rule_cols, &out->items, &out->count, err);
}

/* ---- payloads, CIs ---------------------------------------------------------------- */

enum sw_err store_alert_payload_insert(struct store *s, int64_t source_id, const char *format, const char *body,
				       int64_t alert_count, int64_t at, int64_t *id, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(source_id), DB_TEXT(format), DB_TEXT(body), DB_INT(alert_count), DB_INT(at)};
	return store_write(s, ST_PAYLOAD_INSERT, a, NARGS(a), id, err);
}

/* ---- the inbox of the fast path --------------------------------------------------- */

enum sw_err store_alert_inbox_insert(struct store *s, int64_t source_id, const char *format, const char *body,
				     size_t body_len, int64_t alert_count, int64_t at, int64_t *id,
				     struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(source_id), DB_TEXT(format), DB_TEXTN(body, body_len), DB_INT(alert_count),
			     DB_INT(at)};
	return store_write(s, ST_INBOX_INSERT, a, NARGS(a), id, err);
}

static const struct store_col pending_cols[] = {
	STORE_COLS(struct alert_pending, id, source_id, format, body, alert_count, received_at)};

enum sw_err store_alert_inbox_pending(struct store *s, int64_t after, int limit, struct alert_pending_list *out,
				      struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(after), DB_INT(limit)};
	return STORE_COLLECT(s, ST_INBOX_PENDING, a, 2, pending_cols, &out->items, &out->count, err);
}

enum sw_err store_alert_inbox_done(struct store *s, int64_t id, int64_t at, const char *error, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_INT(at), DB_TEXT(error)};
	int64_t n = 0;
	enum sw_err rc = db_exec(s->conn, ST(ST_INBOX_DONE), a, 3, &n, err);
	if (!rc && n != 1)
		return sw_fail(err, SW_ECONFLICT, "processed", "payload %lld was processed already", (long long)id);
	return rc;
}

enum sw_err store_alert_inbox_count(struct store *s, int64_t *count, struct sw_error *err)
{
	return db_query_int(s->conn, ST(ST_INBOX_COUNT), NULL, 0, count, err);
}

enum sw_err store_ci_by_label(struct store *s, const char *text, int64_t *id, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(text)};
	return db_query_int(s->conn, ST(ST_CI_BY_LABEL), a, 1, id, err);
}

enum sw_err store_ci_implementing(struct store *s, int64_t ci_id, bool *yes, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ci_id)};
	return store_yes(s, STORE_YES_COUNTED, ST_CI_IMPLEMENTING, a, 1, yes, err);
}

/* ---- alerts ------------------------------------------------------------------------ */

static const struct store_col alert_cols[] = {
	STORE_COLS(struct alert, id, source_id, source, dedup_key, name),
	STORE_COL_VALUE(struct alert, state, alert_state_name_list),
	STORE_COL_VALUE(struct alert, severity, alert_severity_name_list),
	STORE_COLS(struct alert, summary, labels, ci_id, ci, service_id, service, ticket_id, incident, rule_id, rule),
	STORE_COL_VALUE(struct alert, action, alert_action_name_list),
	STORE_COLS(struct alert, suppressed, count, changes, flap_since, flapping, starts_at, ends_at, first_seen,
		   last_seen, resolved_at, acknowledged_by, acknowledged_by_login, acknowledged_at),
};

/* The arguments of ST_ALERT_INSERT, and of ST_ALERT_UPDATE with the id last. */
#define ALERT_ARGS                                                                                                     \
	STORE_ARGS(struct alert, source_id, dedup_key, name),                                                          \
		STORE_ARG_VALUE(struct alert, state, alert_state_name_list),                                           \
		STORE_ARG_VALUE(struct alert, severity, alert_severity_name_list),                                     \
		STORE_ARGS(struct alert, summary, labels),                                                             \
		STORE_ARG_IDS(struct alert, ci_id, service_id, ticket_id, rule_id),                                    \
		STORE_ARG_VALUE(struct alert, action, alert_action_name_list),                                         \
		STORE_ARGS(struct alert, suppressed, count, changes, flap_since, flapping, starts_at),                 \
		STORE_ARG_IDS(struct alert, ends_at), STORE_ARGS(struct alert, first_seen, last_seen),                 \
		STORE_ARG_IDS(struct alert, resolved_at, acknowledged_by, acknowledged_at)
static const struct store_col alert_insert_args[] = {ALERT_ARGS};
static const struct store_col alert_update_args[] = {ALERT_ARGS, STORE_ARGS(struct alert, id)};

enum sw_err store_alert_by_key(struct store *s, int64_t source_id, const char *key, struct alert *out,
			       struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(source_id), DB_TEXT(key)};
	return STORE_ONE(s, ST_ALERT_BY_KEY, a, 2, alert_cols, out, err);
}

enum sw_err store_alert_by_id(struct store *s, int64_t id, struct alert *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id)};
	enum sw_err rc = STORE_ONE(s, ST_ALERT_BY_ID, a, 1, alert_cols, out, err);
	return rc == SW_ENOTFOUND ? sw_fail(err, SW_ENOTFOUND, NULL, "no alert %lld", (long long)id) : rc;
}

enum sw_err store_alert_save(struct store *s, struct alert *a, bool creating, struct sw_error *err)
{
	if (creating)
		return STORE_WRITE_ARGS(s, ST_ALERT_INSERT, a, alert_insert_args, &a->id, err);
	return STORE_WRITE_ARGS(s, ST_ALERT_UPDATE, a, alert_update_args, NULL, err);
}

STORE_READER(read_alert, struct alert, alert_cols)

enum sw_err store_alert_page(struct store *s, const struct alert_filter *f, const struct page *p,
			     struct alert_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(f->state ? f->state : ""), DB_TEXT(f->source ? f->source : ""),
			     DB_INT(f->ticket_id), DB_NULL, DB_NULL};
	return STORE_ID_PAGE(s, ST_ALERT_PAGE, "alerts", a, 3, p, struct alert, read_alert, out, err);
}

/* ---- the incidents alerts opened ------------------------------------------------- */

static const struct store_col ainc_cols[] = {STORE_COLS(struct alert_incident, ticket_id, source_id, ci_id, service_id,
							storm, created_at, last_alert_at, quiet_seconds)};
static const struct store_col ainc_args[] = {
	STORE_ARGS(struct alert_incident, ticket_id, source_id),
	STORE_ARG_IDS(struct alert_incident, ci_id, service_id),
	STORE_ARGS(struct alert_incident, storm, created_at, last_alert_at),
};

enum sw_err store_alert_incident_insert(struct store *s, const struct alert_incident *ai, struct sw_error *err)
{
	return STORE_WRITE_ARGS(s, ST_AINC_INSERT, ai, ainc_args, NULL, err);
}

enum sw_err store_alert_incident_touch(struct store *s, int64_t ticket_id, int64_t at, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id), DB_INT(at)};
	return store_write(s, ST_AINC_TOUCH, a, 2, NULL, err);
}

enum sw_err store_alert_incident_close(struct store *s, int64_t ticket_id, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id)};
	return store_write(s, ST_AINC_CLOSE, a, 1, NULL, err);
}

enum sw_err store_alert_incidents_open(struct store *s, int64_t since, struct alert_incident_list *out,
				       struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(since)};
	return STORE_COLLECT(s, ST_AINC_OPEN, a, 1, ainc_cols, &out->items, &out->count, err);
}

enum sw_err store_alert_incidents_since(struct store *s, int64_t source_id, int64_t since, int64_t *count,
					struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(source_id), DB_INT(since)};
	return db_query_int(s->conn, ST(ST_AINC_SINCE), a, 2, count, err);
}

enum sw_err store_alert_incidents_quiet(struct store *s, int64_t now, int limit, struct alert_incident_list *out,
					struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(now), DB_INT(limit)};
	return STORE_COLLECT(s, ST_AINC_QUIET, a, 2, ainc_cols, &out->items, &out->count, err);
}

/* ---- the status page ------------------------------------------------------------ */

static const struct store_col ssvc_cols[] = {STORE_COLS(struct status_service, id, name, service_id, service, position,
							override, message, active, created_at, updated_at)};
static const struct store_col ssvc_args[] = {
	STORE_ARG_KEY,
	STORE_ARGS(struct status_service, service_id, position, override, message, active),
	STORE_ARG_AT,
};

STORE_SAVE_FN(save_ssvc, struct status_service, ST_SSVC_INSERT, ST_SSVC_UPDATE, ssvc_args)

STORE_LOAD_AS(load_ssvc, STORE_FIND(s, ST_SSVC_BY_NAME, DB_TEXT(key->name), ssvc_cols, (struct status_service *)out,
				    err, "no public service '%s'", key->name))
STORE_LIST_AS(list_ssvc,
	      STORE_COLLECT_LIST(s, ST_SSVC_LIST, NULL, 0, ssvc_cols, (struct status_service_list *)out, err))

const struct record_store store_status_services = {save_ssvc, load_ssvc, list_ssvc};

enum sw_err store_status_services_active(struct store *s, struct status_service_list *out, struct sw_error *err)
{
	return STORE_COLLECT(s, ST_SSVC_ACTIVE, NULL, 0, ssvc_cols, &out->items, &out->count, err);
}

enum sw_err store_status_signals(struct store *s, int64_t service_id, struct status_signals *out, struct sw_error *err)
{
	static const struct store_col cols[] = {
		STORE_COL(struct status_signals, major), STORE_COL(struct status_signals, outage),
		STORE_COL(struct status_signals, open), STORE_COL(struct status_signals, maintenance)};
	struct db_arg a[] = {DB_INT(service_id)};
	return STORE_ONE(s, ST_SSVC_SIGNALS, a, 1, cols, out, err);
}

enum sw_err store_status_maintenance(struct store *s, int64_t from, int64_t to, struct status_maintenance **out,
				     size_t *count, struct sw_error *err)
{
	static const struct store_col cols[] = {STORE_COL(struct status_maintenance, service),
						STORE_COL(struct status_maintenance, start),
						STORE_COL(struct status_maintenance, end)};
	struct db_arg a[] = {DB_INT(from), DB_INT(to)};
	return STORE_COLLECT(s, ST_SSVC_MAINTENANCE, a, 2, cols, out, count, err);
}

static const struct store_col supd_cols[] = {
	STORE_COLS(struct status_update, id, ticket_id, service),
	STORE_COL_VALUE(struct status_update, phase, status_phase_name_list),
	STORE_COLS(struct status_update, title, body, created_at),
};

enum sw_err store_status_update_insert(struct store *s, struct status_update *u, int64_t author_id,
				       struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(u->ticket_id), DB_TEXT(status_phase_name(u->phase)),
			     DB_TEXT(u->title),    DB_TEXT(u->body),
			     DB_INT(author_id),    DB_INT(u->created_at)};
	return store_write(s, ST_SUPD_INSERT, a, NARGS(a), &u->id, err);
}

enum sw_err store_status_updates_public(struct store *s, int64_t since, int limit, struct status_update_list *out,
					struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(since), DB_INT(limit)};
	return STORE_COLLECT(s, ST_SUPD_PUBLIC, a, 2, supd_cols, &out->items, &out->count, err);
}

enum sw_err store_status_updates_of(struct store *s, int64_t ticket_id, struct status_update_list *out,
				    struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id)};
	return STORE_COLLECT(s, ST_SUPD_OF_TICKET, a, 1, supd_cols, &out->items, &out->count, err);
}
