/*
 * cmd_demo_changes.c — the changes of `steward demo`: a standard change
 * template and a handful of changes of each type in different states —
 * a standard change raised from the template and closed, a normal change
 * waiting for authorisation, one being implemented with its tasks half
 * done, a failed one that caused the demo's checkout outage and the
 * emergency change that rolled it back, and a new one — taken through the
 * core operations by their owners (authorisation by the demo's manager),
 * so their history reads as in real use.  The template and the changes
 * are demo/changes.json.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "base/limits.h"
#include "cli/cli.h"
#include "core/change/change.h"
#include "core/change/change_template.h"
#include "base/banned.h"

#define MANAGER "maria.manager" /* the change manager who authorises */

/* A change as its owner raises it (ChangeInput), on the CI of that name,
 * planned start_hours from now for two hours, then taken along path:
 * actions in order, space separated, each 20 minutes after the last; the
 * incident of the title caused is linked to it after. */
struct demo_change {
	struct ticket_input in;
	const char *ci_name, *path;
	const char *close_code, *close_notes; /* what completing it says */
	const char *pir_at_close;             /* its post-implementation review, written before it closes */
	const char **tasks;                   /* titles, in order */
	size_t task_count;
	int tasks_done; /* how many of them are done */
	const char *caused;
	int age_hours;   /* raised this long ago */
	int start_hours; /* negative: in the past */
};
static const struct field change_fields[] = {
	FIELDS_TEXT_REQUIRED(struct demo_change, (path, 200)),
	FIELDS_TEXT(struct demo_change, (ci_name, LIMIT_NAME_LEN), (close_code, 40), (close_notes, 0),
		    (pir_at_close, 0)),
	FIELD_PLAIN_STRINGS(struct demo_change, "tasks", 20, tasks, task_count),
	FIELD_PLAIN_RANGE(struct demo_change, "tasks_done", FT_INT, 0, 20, tasks_done, false),
	FIELDS_TEXT(struct demo_change, (caused, LIMIT_TITLE_LEN)),
	FIELD_PLAIN_RANGE(struct demo_change, "age_hours", FT_INT, 0, 24 * 366, age_hours, true),
	FIELD_PLAIN_RANGE(struct demo_change, "start_hours", FT_INT, -24 * 366, 24 * 366, start_hours, true),
};

/* One action of a change's path: authorisation by the manager, the rest
 * by its owner; completing closes its tasks first. */
static enum sw_err step(struct cli_env *env, const struct demo_change *d, const char *action, struct ticket *t,
			struct sw_error *err)
{
	struct ctx *c = &env->ctx;
	enum sw_err rc = demo_act_as(env, strcmp(action, "authorise") == 0 ? MANAGER : d->in.change_owner, err);
	if (rc || (rc = ticket_get(c, &ticket_kind_change, t->number, t, err)))
		return rc;
	struct ticket_action_input in = {.expected_version = t->version};
	if (strcmp(action, "complete") == 0) {
		in.resolution_code = d->close_code;
		in.resolution_notes = d->close_notes;
	}
	if (strcmp(action, "close") == 0 && d->pir_at_close) {
		struct ticket_input pir = {.pir = d->pir_at_close, .set_pir = true};
		if ((rc = ticket_update(c, &ticket_kind_change, t->number, t->version, &pir, t, err)))
			return rc;
		in.expected_version = t->version;
	}
	return ticket_action(c, &ticket_kind_change, t->number, action, &in, t, err);
}

static enum sw_err add_tasks(struct cli_env *env, const struct demo_change *d, const struct ticket *t,
			     struct sw_error *err)
{
	for (size_t i = 0; i < d->task_count; i++) {
		struct ticket_input in = {
			.title = d->tasks[i], .group = d->in.group, .set_title = true, .set_group = true};
		struct ticket task;
		struct ticket_action_input done = {0};
		enum sw_err rc = change_task_add(&env->ctx, t->number, &in, &task, err);
		if (!rc && i < (size_t)d->tasks_done)
			rc = ticket_action(&env->ctx, &ticket_kind_change_task, task.number, "complete", &done, &task,
					   err);
		if (rc)
			return rc;
	}
	return SW_OK;
}

/* Change d raised by its owner, its tasks added, taken along its path,
 * and linked from the incident it caused. */
static enum sw_err make_change(struct cli_env *env, const void *row, struct sw_error *err)
{
	const struct demo_change *d = row;
	enum sw_err rc = demo_act_as(env, d->in.change_owner, err);
	if (rc)
		return rc;
	int64_t now = demo_started();
	env->ctx.now = now - (int64_t)d->age_hours * 3600;
	int64_t start = now + (int64_t)d->start_hours * 3600;
	int64_t ci = d->ci_name ? demo_ci_id(d->ci_name) : 0;
	struct ticket_input in = d->in;
	in.affected_cis = &ci;
	in.affected_ci_count = ci ? 1 : 0;
	in.set_affected_cis = ci != 0;
	in.planned_start = start;
	in.planned_end = start + 7200;
	in.set_planned_start = in.set_planned_end = true;
	in.via = "agent";
	struct ticket t;
	if ((rc = ticket_create(&env->ctx, &ticket_kind_change, &in, &t, err)) || (rc = add_tasks(env, d, &t, err)))
		return rc;
	demo_number_keep("change", d->in.title, t.number);
	char s[64];
	for (const char *at = d->path; !rc && demo_step(&at, s, sizeof(s));) {
		env->ctx.now += 1200;
		rc = step(env, d, s, &t, err);
	}
	const char *incident = d->caused ? demo_number("incident", d->caused) : NULL;
	if (rc || !incident)
		return rc;
	struct ticket inc;
	struct ticket_input link = {.caused_by = t.number, .set_caused_by = true};
	if ((rc = demo_act_as(env, d->in.change_owner, err)) ||
	    (rc = ticket_get(&env->ctx, &ticket_kind_incident, incident, &inc, err)))
		return rc;
	return ticket_update(&env->ctx, &ticket_kind_incident, incident, inc.version, &link, &inc, err);
}

/* A standard change's template, made before the changes raised from it. */
static enum sw_err make_template(struct cli_env *env, const void *row, struct sw_error *err)
{
	struct change_template out;
	env->ctx.now = demo_started() - 40 * 3600;
	return record_create(&env->ctx, &change_template_kind, row, &out, err);
}

const struct demo_table demo_change_tables[2] = {
	{"demo change template",
	 DEMO_INPUTS("changes", "templates", &api_schema_change_template, struct change_template_input),
	 offsetof(struct change_template_input, name), make_template, NULL},
	{"demo change", DEMO_ROWS("changes", "changes", &api_schema_incident, struct demo_change, change_fields),
	 offsetof(struct demo_change, in.title), make_change, NULL},
};
