/*
 * repo_sla.c — business calendars, SLA policies and the clocks on
 * tickets.  A calendar's holidays are one text column, "YYYY-MM-DD"
 * joined with commas.
 */
#include <string.h>

#include "core/sla/escalation.h"
#include "core/sla/sla.h"
#include "core/kernel/record.h"
#include "store/store_int.h"
#include "core/port/sla.h"
#include "store/sla_sql.h"
#include "store/clocks_sql.h"
#include "store/totals.h"
#include "base/banned.h"

/* CALENDAR_COLS */
#define CALENDAR_HOLIDAYS STORE_COL_SPLIT(struct calendar_def, holidays, holiday_count, ',')
static const struct store_col calendar_cols[] = {STORE_COLS(struct calendar_def, id, name, timezone, hours),
						 CALENDAR_HOLIDAYS,
						 STORE_COLS(struct calendar_def, created_at, updated_at)};

STORE_READER(read_calendar, struct calendar_def, calendar_cols)

static const struct store_col calendar_args[] = {
	STORE_ARG_KEY,
	STORE_ARGS(struct calendar_def, timezone, hours),
	STORE_ARG_JOIN(struct calendar_def, holidays, holiday_count, ',', false),
	STORE_ARG_AT,
};

STORE_SAVE_FN(save_calendar, struct calendar_def, ST_CALENDAR_INSERT, ST_CALENDAR_UPDATE, calendar_args)

STORE_LOAD_AS(load_calendar, store_calendar_by_name(s, key->name, out, err))
STORE_LIST_AS(list_calendars, store_calendar_list(s, out, err))

const struct record_store store_calendars = {save_calendar, load_calendar, list_calendars};

enum sw_err store_calendar_by_name(struct store *s, const char *name, struct calendar_def *out, struct sw_error *err)
{
	return store_find(s, ST_CALENDAR_BY_NAME, DB_TEXT(name), read_calendar, out, err, "no calendar '%s'", name);
}

enum sw_err store_calendar_by_id(struct store *s, int64_t id, struct calendar_def *out, struct sw_error *err)
{
	return store_find(s, ST_CALENDAR_BY_ID, DB_INT(id), read_calendar, out, err, "no calendar %lld", (long long)id);
}

enum sw_err store_calendar_list(struct store *s, struct calendar_def_list *out, struct sw_error *err)
{
	return STORE_LIST(s, ST_CALENDAR_LIST, NULL, 0, read_calendar, out, err);
}

/* POLICY_COLS */
static const struct store_col policy_cols[] = {
	STORE_COLS(struct sla_policy, id, name, position, active, match_kind, match_priority, match_group_id,
		   match_group, calendar_id, calendar, response, resolution, created_at, updated_at, match_service_id,
		   match_service),
	STORE_COL_SPLIT(struct sla_policy, pause_on, pause_on_count, '\n'),
	STORE_COLS(struct sla_policy, agreement_id, agreement),
	STORE_COL_VALUE(struct sla_policy, agreement_type, agreement_type_name_list),
	STORE_COL_VALUE(struct sla_policy, agreement_status, agreement_status_name_list),
	STORE_COLS(struct sla_policy, agreement_version, agreement_from, agreement_to, agreement_group_id)};

STORE_READER(read_policy, struct sla_policy, policy_cols)

static const struct store_col policy_args[] = {
	STORE_ARG_KEY,
	STORE_ARGS(struct sla_policy, position, active, match_kind),
	STORE_ARG_IDS(struct sla_policy, match_priority, match_group_id),
	STORE_ARGS(struct sla_policy, calendar_id),
	STORE_ARG_IDS(struct sla_policy, response, resolution),
	STORE_ARG_AT,
	STORE_ARG_IDS(struct sla_policy, match_service_id),
	STORE_ARG_JOIN(struct sla_policy, pause_on, pause_on_count, '\n', true),
	STORE_ARG_IDS(struct sla_policy, agreement_id),
};

STORE_SAVE_FN(save_policy, struct sla_policy, ST_POLICY_INSERT, ST_POLICY_UPDATE, policy_args)

STORE_LOAD_AS(load_policy, store_sla_policy_by_name(s, key->name, out, err))
STORE_LIST_AS(list_sla_policies, store_sla_policy_list(s, false, out, err))

const struct record_store store_sla_policies = {save_policy, load_policy, list_sla_policies};

enum sw_err store_sla_policy_by_name(struct store *s, const char *name, struct sla_policy *out, struct sw_error *err)
{
	return store_find(s, ST_POLICY_BY_NAME, DB_TEXT(name), read_policy, out, err, "no SLA policy '%s'", name);
}

enum sw_err store_sla_policy_list(struct store *s, bool active_only, struct sla_policy_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(active_only)};
	return STORE_LIST(s, ST_POLICY_LIST, a, 1, read_policy, out, err);
}

/* CLOCK_COLS */
#define CLOCK_METRIC STORE_COL_VALUE(struct sla_clock, metric, sla_metric_name_list)
#define CLOCK_STATE STORE_COL_VALUE(struct sla_clock, state, sla_state_name_list)
static const struct store_col clock_cols[] = {
	STORE_COLS(struct sla_clock, id, ticket_id), CLOCK_METRIC,
	STORE_COLS(struct sla_clock, policy_id, policy, calendar_id, calendar, target, elapsed), CLOCK_STATE,
	STORE_COLS(struct sla_clock, since, due_at, warn_at, warned_at, breached_at, stopped_at, agreement_id,
		   agreement, agreement_version, breach_reason, group_id, group, handed_over)};

STORE_READER(read_clock, struct sla_clock, clock_cols)

static enum sw_err clocks_of(struct store *s, int st, int64_t id, struct sla_clock **out, size_t *count,
			     struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id)};
	return store_collect(s, st, a, 1, sizeof(**out), read_clock, out, count, err);
}

enum sw_err store_sla_clocks(struct store *s, int64_t ticket_id, struct sla_clock **out, size_t *count,
			     struct sw_error *err)
{
	return clocks_of(s, ST_CLOCK_LIST, ticket_id, out, count, err);
}

enum sw_err store_sla_clocks_locked(struct store *s, int64_t ticket_id, const char **kind, struct sla_clock **out,
				    size_t *count, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id)};
	enum sw_err rc = store_one(s, ST_CLOCKS_LOCK_TICKET, a, NARGS(a), store_read_string, kind, err);
	return rc ? rc : clocks_of(s, ST_CLOCK_LIST, ticket_id, out, count, err);
}

enum sw_err store_sla_tickets_running_on(struct store *s, int64_t calendar_id, int64_t **out, size_t *count,
					 struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(calendar_id)};
	return store_collect_ids(s, ST_CLOCK_RUNNING_ON, a, NARGS(a), out, count, err);
}

/* what ST_CLOCK_INSERT and ST_CLOCK_UPDATE take */
static const struct store_col clock_insert_args[] = {
	STORE_ARGS(struct sla_clock, ticket_id),
	STORE_ARG_VALUE(struct sla_clock, metric, sla_metric_name_list),
	STORE_ARGS(struct sla_clock, policy_id, calendar_id, target, elapsed),
	STORE_ARG_VALUE(struct sla_clock, state, sla_state_name_list),
	STORE_ARG_IDS(struct sla_clock, since, due_at, warn_at, warned_at, breached_at, stopped_at, agreement_id,
		      agreement_version, group_id),
	STORE_ARGS(struct sla_clock, handed_over),
};
static const struct store_col clock_update_args[] = {
	STORE_ARGS(struct sla_clock, id, policy_id, calendar_id, target, elapsed),
	STORE_ARG_VALUE(struct sla_clock, state, sla_state_name_list),
	STORE_ARG_IDS(struct sla_clock, since, due_at, warn_at, stopped_at, agreement_id, agreement_version),
	STORE_ARGS(struct sla_clock, handed_over),
};

enum sw_err store_sla_clock_insert(struct store *s, struct sla_clock *k, struct sw_error *err)
{
	return STORE_WRITE_ARGS(s, ST_CLOCK_INSERT, k, clock_insert_args, &k->id, err);
}

enum sw_err store_sla_clock_update(struct store *s, const struct sla_clock *k, struct sw_error *err)
{
	return STORE_WRITE_ARGS(s, ST_CLOCK_UPDATE, k, clock_update_args, NULL, err);
}

enum sw_err store_sla_clock_delete(struct store *s, int64_t id, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id)};
	return db_exec(s->conn, ST(ST_CLOCK_DELETE), a, 1, NULL, err);
}

enum sw_err store_sla_clocks_due(struct store *s, bool breach, int64_t now, int limit, struct sla_clock **out,
				 size_t *count, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(now), DB_INT(limit)};
	return store_collect(s, breach ? ST_CLOCK_DUE_BREACH : ST_CLOCK_DUE_WARNING, a, 2, sizeof(**out), read_clock,
			     out, count, err);
}

/* What ST_CLOCK_MARK_* return: the clock as marked and its ticket's kind. */
struct marked {
	const char *kind;
	struct sla_clock k;
};
static const struct store_col marked_cols[] = {
	STORE_COLS(struct marked, kind),
	STORE_COL_VALUE(struct marked, k.metric, sla_metric_name_list),
	STORE_COLS(struct marked, k.target, k.elapsed),
	STORE_COL_VALUE(struct marked, k.state, sla_state_name_list),
	STORE_COLS(struct marked, k.due_at, k.warn_at, k.warned_at, k.breached_at),
};

enum sw_err store_sla_clock_mark(struct store *s, int64_t id, bool breach, int64_t now, bool *marked,
				 struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_INT(now)};
	*marked = false;
	enum sw_err rc;
	if (db_backend(s->db) == DB_POSTGRES) { /* the ticket's row, or the next pass */
		int64_t ticket_id;
		rc = store_one(s, ST_CLOCKS_LOCK_TICKET_SKIP, a, 1, store_read_int, &ticket_id, err);
		if (rc == SW_ENOTFOUND) {
			sw_error_clear(err);
			return SW_OK;
		}
		if (rc)
			return rc;
	}
	struct marked m;
	rc = STORE_ONE(s, breach ? ST_CLOCK_MARK_BREACH : ST_CLOCK_MARK_WARNING, a, NARGS(a), marked_cols, &m, err);
	if (rc == SW_ENOTFOUND) { /* marked already, or no longer due */
		sw_error_clear(err);
		return SW_OK;
	}
	if (rc)
		return rc;
	/* the one stamp moves the clock's own figures; its ticket's earliest
	 * due time is the same */
	struct sla_clock was = m.k;
	if (breach)
		was.breached_at = 0;
	else
		was.warned_at = 0;
	if ((rc = store_sla_clock_totals_move(s, m.kind, &was, 1, &m.k, 1, err)))
		return rc;
	*marked = true;
	return SW_OK;
}

enum sw_err store_scheduler_lock(struct store *s, bool *got, struct sw_error *err)
{
	/* the advisory lock's key: "STEWARD" in ASCII */
	struct db_arg a[] = {DB_INT(0x53544557415244LL)};
	int64_t v = 0;
	enum sw_err rc = db_query_int(s->conn, ST(ST_SCHEDULER_LOCK), a, 1, &v, err);
	*got = !rc && v == 1;
	return rc;
}

/* ESC_COLS */
#define ESC_EVENT STORE_COL_VALUE(struct escalation_rule, event, esc_event_name_list)
#define ESC_ACTION STORE_COL_VALUE(struct escalation_rule, action, esc_action_name_list)
static const struct store_col escalation_cols[] = {
	STORE_COLS(struct escalation_rule, id, name, position, active), ESC_EVENT,
	STORE_COLS(struct escalation_rule, match_metric, match_priority), ESC_ACTION,
	STORE_COLS(struct escalation_rule, group_id, group, created_at, updated_at)};

STORE_READER(read_escalation, struct escalation_rule, escalation_cols)

static const struct store_col escalation_args[] = {
	STORE_ARG_KEY,
	STORE_ARGS(struct escalation_rule, position, active),
	STORE_ARG_VALUE(struct escalation_rule, event, esc_event_name_list),
	STORE_ARGS(struct escalation_rule, match_metric),
	STORE_ARG_IDS(struct escalation_rule, match_priority),
	STORE_ARG_VALUE(struct escalation_rule, action, esc_action_name_list),
	STORE_ARG_IDS(struct escalation_rule, group_id),
	STORE_ARG_AT,
};

STORE_SAVE_FN(save_escalation, struct escalation_rule, ST_ESC_INSERT, ST_ESC_UPDATE, escalation_args)

STORE_LOAD_AS(load_escalation, store_find(s, ST_ESC_BY_NAME, DB_TEXT(key->name), read_escalation, out, err,
					  "no escalation rule '%s'", key->name))
STORE_LIST_AS(list_escalation_rules, store_escalation_list(s, false, out, err))

const struct record_store store_escalation_rules = {save_escalation, load_escalation, list_escalation_rules};

enum sw_err store_escalation_list(struct store *s, bool active_only, struct escalation_rule_list *out,
				  struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(active_only)};
	return STORE_LIST(s, ST_ESC_LIST, a, 1, read_escalation, out, err);
}
