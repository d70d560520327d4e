/*
 * cmd_demo_problems.c — the problems of `steward demo`: a few realistic
 * problems raised from the demo incidents (cmd_demo.c), each taken along
 * its own path — a known error whose workaround reached its incidents,
 * one under investigation, a resolved major problem with its review, and
 * a new one — through the core operations, so their history, the work
 * notes on the incidents and the links read as in real use.  The problems
 * and their paths are demo/problems.json.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "base/limits.h"
#include "cli/cli.h"
#include "core/ticket/problem.h"
#include "base/banned.h"

/* A path step is an action of the problem kind, or one of these: */
#define STEP_ANALYSE "analyse" /* the change its analyse input makes: root cause, its category, the workaround */
#define STEP_PUBLISH "publish" /* publish the workaround to the open incidents */
#define STEP_MAJOR "major"     /* declare it a major problem */
#define STEP_REVIEW "review"   /* the change its review input makes: the major problem review */

/* A problem as its assignee raises it (ProblemInput) from the demo
 * incidents of those titles, then taken along path. */
struct demo_problem {
	struct ticket_input in;
	const char **incident_titles;
	size_t incident_count;
	const char *note;                            /* a work note on the problem */
	const char *path;                            /* steps run in order, space separated */
	const char *resolution_notes;                /* for a resolve step */
	const char *major_reason;                    /* for a major step */
	const struct ticket_input *analyse, *review; /* what those steps change (ProblemInput) */
	int age_hours;                               /* raised this long ago; each step takes 20 minutes */
};
static const struct field problem_fields[] = {
	FIELD_PLAIN_STRINGS(struct demo_problem, "incident_titles", LIMIT_PROBLEM_INCIDENTS, incident_titles,
			    incident_count),
	FIELDS_TEXT_REQUIRED(struct demo_problem, (path, 200)),
	FIELDS_TEXT(struct demo_problem, (note, 0), (resolution_notes, 0), (major_reason, LIMIT_REASON_LEN)),
	FIELD_PLAIN_RANGE(struct demo_problem, "age_hours", FT_INT, 0, 24 * 366, age_hours, true),
};
static const struct demo_input problem_inputs[] = {
	{"analyse", &api_schema_incident, offsetof(struct demo_problem, analyse)},
	{"review", &api_schema_incident, offsetof(struct demo_problem, review)},
};
/* One step of a problem's path, as its assignee. */
static enum sw_err step(struct cli_env *env, const struct demo_problem *d, const char *s, struct ticket *t,
			struct sw_error *err)
{
	struct ctx *c = &env->ctx;
	/* the version now: a work note or a published workaround moves it on */
	enum sw_err rc = ticket_get(c, &ticket_kind_problem, t->number, t, err);
	if (rc)
		return rc;
	const struct ticket_input *change = strcmp(s, STEP_ANALYSE) == 0  ? d->analyse
					    : strcmp(s, STEP_REVIEW) == 0 ? d->review
									  : NULL;
	if (change)
		return ticket_update(c, &ticket_kind_problem, t->number, t->version, change, t, err);
	if (strcmp(s, STEP_PUBLISH) == 0)
		return problem_publish_workaround(c, t->number, NULL, t->version, t, err);
	if (strcmp(s, STEP_MAJOR) == 0)
		return ticket_set_major(c, &ticket_kind_problem, t->number, true, d->major_reason, t->version, t, err);
	struct ticket_action_input in = {.expected_version = t->version};
	if (strcmp(s, "resolve") == 0) {
		in.resolution_code = "permanent_fix";
		in.resolution_notes = d->resolution_notes;
	}
	return ticket_action(c, &ticket_kind_problem, t->number, s, &in, t, err);
}

/* Problem d raised by its assignee, noted and taken along its path. */
static enum sw_err make_problem(struct cli_env *env, const void *row, struct sw_error *err)
{
	const struct demo_problem *d = row;
	enum sw_err rc = demo_act_as(env, d->in.assignee, err);
	if (rc)
		return rc;
	env->ctx.now = demo_started() - (int64_t)d->age_hours * 3600;
	const char *numbers[LIMIT_PROBLEM_INCIDENTS];
	size_t n = d->incident_count;
	for (size_t i = 0; i < n; i++)
		if (!(numbers[i] = demo_number("incident", d->incident_titles[i])))
			return sw_fail(err, SW_EINTERNAL, NULL, "no demo incident '%s'", d->incident_titles[i]);
	struct ticket_input in = d->in;
	in.via = "agent";
	in.incidents = numbers;
	in.incident_count = n;
	in.set_incidents = n > 0;
	struct ticket t;
	if ((rc = ticket_create(&env->ctx, &ticket_kind_problem, &in, &t, err)))
		return rc;
	env->ctx.now += 1200;
	struct comment cm;
	if (d->note && (rc = ticket_comment_add(&env->ctx, &ticket_kind_problem, t.number, d->note, true, &cm, err)))
		return rc;
	char s[64];
	for (const char *at = d->path; !rc && demo_step(&at, s, sizeof(s)); env->ctx.now += 1200)
		rc = step(env, d, s, &t, err);
	return rc;
}

const struct demo_table demo_problem_table = {"demo problem",
					      DEMO_ROWS_WITH("problems", "problems", &api_schema_incident,
							     struct demo_problem, problem_fields, problem_inputs),
					      offsetof(struct demo_problem, in.title), make_problem, NULL};
