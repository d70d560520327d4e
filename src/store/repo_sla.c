/*
 * repo_sla.c — business calendars, SLA policies and the clocks on
 * tickets.  A calendar's holidays are one text column, "YYYY-MM-DD"
 * joined with commas.
 */
#include <string.h>

#include "core/sla/escalation.h"
#include "core/sla/sla.h"
#include "store/store_int.h"
#include "core/port/sla.h"
#include "store/sla_sql.h"
#include "base/banned.h"

static void read_calendar(struct store *s, struct db_rows *r, void *item)
{
	struct calendar_def *c = item;
	memset(c, 0, sizeof(*c));
	c->id = db_col_int(r, 0);
	c->name = store_col_str(s, r, 1);
	c->timezone = store_col_str(s, r, 2);
	c->hours = store_col_str(s, r, 3);
	c->holidays = store_split(s, db_col_text(r, 4), ',', &c->holiday_count);
	c->created_at = db_col_int(r, 5);
	c->updated_at = db_col_int(r, 6);
}

static enum sw_err write_calendar(struct store *s, int st, const struct calendar_def *c, struct db_arg key, int64_t at,
				  int64_t *id, struct sw_error *err)
{
	const char *holidays = store_join(s, c->holidays, c->holiday_count, ',');
	if (!holidays)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	struct db_arg a[] = {key, DB_TEXT(c->timezone), DB_TEXT(c->hours), DB_TEXT(holidays), DB_INT(at)};
	return store_write(s, st, a, NARGS(a), id, err);
}

enum sw_err store_calendar_insert(struct store *s, struct calendar_def *c, struct sw_error *err)
{
	return write_calendar(s, ST_CALENDAR_INSERT, c, DB_TEXT(c->name), c->created_at, &c->id, err);
}

enum sw_err store_calendar_update(struct store *s, const struct calendar_def *c, struct sw_error *err)
{
	return write_calendar(s, ST_CALENDAR_UPDATE, c, DB_INT(c->id), c->updated_at, NULL, err);
}

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

static void read_policy(struct store *s, struct db_rows *r, void *item)
{
	struct sla_policy *p = item;
	memset(p, 0, sizeof(*p));
	p->id = db_col_int(r, 0);
	p->name = store_col_str(s, r, 1);
	p->position = (int)db_col_int(r, 2);
	p->active = db_col_int(r, 3) != 0;
	p->match_kind = store_col_str(s, r, 4);
	p->match_priority = (int)db_col_int(r, 5);
	p->match_group_id = db_col_int(r, 6);
	p->match_group = store_col_str(s, r, 7);
	p->calendar_id = db_col_int(r, 8);
	p->calendar = store_col_str(s, r, 9);
	p->response = db_col_int(r, 10);
	p->resolution = db_col_int(r, 11);
	p->created_at = db_col_int(r, 12);
	p->updated_at = db_col_int(r, 13);
	p->match_service_id = db_col_int(r, 14);
	p->match_service = store_col_str(s, r, 15);
}

static enum sw_err write_policy(struct store *s, int st, const struct sla_policy *p, struct db_arg key, int64_t at,
				int64_t *id, struct sw_error *err)
{
	struct db_arg a[] = {
		key,
		DB_INT(p->position),
		DB_INT(p->active),
		DB_TEXT(p->match_kind),
		DB_ID(p->match_priority),
		DB_ID(p->match_group_id),
		DB_INT(p->calendar_id),
		DB_ID(p->response),
		DB_ID(p->resolution),
		DB_INT(at),
		DB_ID(p->match_service_id),
	};
	return store_write(s, st, a, NARGS(a), id, err);
}

enum sw_err store_sla_policy_insert(struct store *s, struct sla_policy *p, struct sw_error *err)
{
	return write_policy(s, ST_POLICY_INSERT, p, DB_TEXT(p->name), p->created_at, &p->id, err);
}

enum sw_err store_sla_policy_update(struct store *s, const struct sla_policy *p, struct sw_error *err)
{
	return write_policy(s, ST_POLICY_UPDATE, p, DB_INT(p->id), p->updated_at, NULL, err);
}

enum sw_err store_sla_policy_by_name(struct store *s, const char *name, struct sla_policy *out, struct sw_error *err)
{
	return store_find(s, ST_POLICY_BY_NAME, DB_TEXT(name), read_policy, out, err, "no SLA policy '%s'", name);
}

enum sw_err store_sla_policy_list(struct store *s, bool active_only, struct sla_policy_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(active_only)};
	return STORE_LIST(s, ST_POLICY_LIST, a, 1, read_policy, out, err);
}

static void read_clock(struct store *s, struct db_rows *r, void *item)
{
	struct sla_clock *k = item;
	memset(k, 0, sizeof(*k));
	k->id = db_col_int(r, 0);
	k->ticket_id = db_col_int(r, 1);
	enum sla_metric m = SLA_RESOLUTION;
	sla_metric_parse(db_col_text(r, 2), &m);
	k->metric = m;
	k->policy_id = db_col_int(r, 3);
	k->policy = store_col_str(s, r, 4);
	k->calendar_id = db_col_int(r, 5);
	k->calendar = store_col_str(s, r, 6);
	k->target = db_col_int(r, 7);
	k->elapsed = db_col_int(r, 8);
	enum sla_state st = SLA_STOPPED;
	sla_state_parse(db_col_text(r, 9), &st);
	k->state = st;
	k->since = db_col_int(r, 10);
	k->due_at = db_col_int(r, 11);
	k->warn_at = db_col_int(r, 12);
	k->warned_at = db_col_int(r, 13);
	k->breached_at = db_col_int(r, 14);
	k->stopped_at = db_col_int(r, 15);
}

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

enum sw_err store_sla_clocks_running_on(struct store *s, int64_t calendar_id, struct sla_clock **out, size_t *count,
					struct sw_error *err)
{
	return clocks_of(s, ST_CLOCK_RUNNING_ON, calendar_id, out, count, err);
}

enum sw_err store_sla_clock_insert(struct store *s, struct sla_clock *k, struct sw_error *err)
{
	struct db_arg a[] = {
		DB_INT(k->ticket_id),
		DB_TEXT(sla_metric_name(k->metric)),
		DB_INT(k->policy_id),
		DB_INT(k->calendar_id),
		DB_INT(k->target),
		DB_INT(k->elapsed),
		DB_TEXT(sla_state_name(k->state)),
		DB_ID(k->since),
		DB_ID(k->due_at),
		DB_ID(k->warn_at),
		DB_ID(k->warned_at),
		DB_ID(k->breached_at),
		DB_ID(k->stopped_at),
	};
	return db_query_int(s->conn, ST(ST_CLOCK_INSERT), a, NARGS(a), &k->id, err);
}

enum sw_err store_sla_clock_update(struct store *s, const struct sla_clock *k, struct sw_error *err)
{
	struct db_arg a[] = {
		DB_INT(k->id),        DB_INT(k->policy_id), DB_INT(k->calendar_id),
		DB_INT(k->target),    DB_INT(k->elapsed),   DB_TEXT(sla_state_name(k->state)),
		DB_ID(k->since),      DB_ID(k->due_at),     DB_ID(k->warn_at),
		DB_ID(k->stopped_at),
	};
	return db_exec(s->conn, ST(ST_CLOCK_UPDATE), a, NARGS(a), NULL, err);
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

enum sw_err store_sla_clock_mark(struct store *s, int64_t id, bool breach, int64_t now, bool *marked,
				 struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_INT(now)};
	int64_t changes = 0;
	enum sw_err rc =
		db_exec(s->conn, ST(breach ? ST_CLOCK_MARK_BREACH : ST_CLOCK_MARK_WARNING), a, 2, &changes, err);
	*marked = !rc && changes == 1;
	return rc;
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

static void read_escalation(struct store *s, struct db_rows *r, void *item)
{
	struct escalation_rule *e = item;
	memset(e, 0, sizeof(*e));
	e->id = db_col_int(r, 0);
	e->name = store_col_str(s, r, 1);
	e->position = (int)db_col_int(r, 2);
	e->active = db_col_int(r, 3) != 0;
	enum esc_event ev = ESC_BREACH;
	esc_event_parse(db_col_text(r, 4), &ev);
	e->event = ev;
	e->match_metric = store_col_str(s, r, 5);
	e->match_priority = (int)db_col_int(r, 6);
	enum esc_action ac = ESC_NOTIFY_MANAGER;
	esc_action_parse(db_col_text(r, 7), &ac);
	e->action = ac;
	e->group_id = db_col_int(r, 8);
	e->group = store_col_str(s, r, 9);
	e->created_at = db_col_int(r, 10);
	e->updated_at = db_col_int(r, 11);
}

static enum sw_err write_escalation(struct store *s, int st, const struct escalation_rule *e, struct db_arg key,
				    int64_t at, int64_t *id, struct sw_error *err)
{
	struct db_arg a[] = {
		key,
		DB_INT(e->position),
		DB_INT(e->active),
		DB_TEXT(esc_event_name(e->event)),
		DB_TEXT(e->match_metric),
		DB_ID(e->match_priority),
		DB_TEXT(esc_action_name(e->action)),
		DB_ID(e->group_id),
		DB_INT(at),
	};
	return store_write(s, st, a, NARGS(a), id, err);
}

enum sw_err store_escalation_insert(struct store *s, struct escalation_rule *e, struct sw_error *err)
{
	return write_escalation(s, ST_ESC_INSERT, e, DB_TEXT(e->name), e->created_at, &e->id, err);
}

enum sw_err store_escalation_update(struct store *s, const struct escalation_rule *e, struct sw_error *err)
{
	return write_escalation(s, ST_ESC_UPDATE, e, DB_INT(e->id), e->updated_at, NULL, err);
}

enum sw_err store_escalation_by_name(struct store *s, const char *name, struct escalation_rule *out,
				     struct sw_error *err)
{
	return store_find(s, ST_ESC_BY_NAME, DB_TEXT(name), read_escalation, out, err, "no escalation rule '%s'", name);
}

enum sw_err store_escalation_list(struct store *s, bool active_only, struct escalation_rule_list *out,
				  struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(active_only)};
	return STORE_LIST(s, ST_ESC_LIST, a, 1, read_escalation, out, err);
}
