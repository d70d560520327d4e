/*
 * cmd_demo_problems.c — the problems of `steward demo`: a few realistic
 * problems raised from the demo incidents (cmd_demo.c), each taken along
 * its own path — a known error whose workaround reached its incidents,
 * one under investigation, a resolved major problem with its review, and
 * a new one — through the core operations, so their history, the work
 * notes on the incidents and the links read as in real use.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "base/limits.h"
#include "cli/cli.h"
#include "core/ticket/problem.h"
#include "core/port/account.h"
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
	FIELD_PLAIN(struct demo_problem, "note", FT_STRING, 0, note, false),
	FIELD_PLAIN(struct demo_problem, "path", FT_STRING, 200, path, true),
	FIELD_PLAIN(struct demo_problem, "resolution_notes", FT_STRING, 0, resolution_notes, false),
	FIELD_PLAIN(struct demo_problem, "major_reason", FT_STRING, LIMIT_REASON_LEN, major_reason, false),
	FIELD_PLAIN_RANGE(struct demo_problem, "age_hours", FT_INT, 0, 24 * 366, age_hours, true),
};
static const struct demo_input problem_inputs[] = {
	{"analyse", &api_schema_incident, offsetof(struct demo_problem, analyse)},
	{"review", &api_schema_incident, offsetof(struct demo_problem, review)},
};
static const struct demo_section problem_rows = {"problems",
						 "problems",
						 &api_schema_incident,
						 problem_fields,
						 sizeof(problem_fields) / sizeof(problem_fields[0]),
						 problem_inputs,
						 sizeof(problem_inputs) / sizeof(problem_inputs[0]),
						 sizeof(struct demo_problem)};

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

static int make_problem(struct cli_env *env, const struct demo_problem *d, int64_t now)
{
	struct sw_error err;
	sw_error_clear(&err);
	struct user agent;
	if (store_user_by_login(&env->store, d->in.assignee, &agent, &err))
		return cli_error("demo problem agent", &err);
	env->ctx.actor = (struct actor){.user_id = agent.id, .login = agent.login, .role = ROLE_AGENT};
	env->ctx.now = now - (int64_t)d->age_hours * 3600;
	const char *numbers[LIMIT_PROBLEM_INCIDENTS];
	size_t n = d->incident_count;
	for (size_t i = 0; i < n; i++)
		if (!(numbers[i] = demo_incident_number(d->incident_titles[i]))) {
			fprintf(stderr, "steward: demo problem '%s': no demo incident '%s'\n", d->in.title,
				d->incident_titles[i]);
			return 1;
		}
	struct ticket_input in = d->in;
	in.via = "agent";
	in.incidents = numbers;
	in.incident_count = n;
	in.set_incidents = n > 0;
	struct ticket t;
	if (ticket_create(&env->ctx, &ticket_kind_problem, &in, &t, &err))
		return cli_error("demo problem", &err);
	env->ctx.now += 1200;
	struct comment cm;
	if (d->note && ticket_comment_add(&env->ctx, &ticket_kind_problem, t.number, d->note, true, &cm, &err))
		return cli_error("demo problem note", &err);
	char steps[128];
	snprintf(steps, sizeof(steps), "%s", d->path);
	for (char *s = steps, *end; *s; s = end + 1) {
		end = strchr(s, ' ');
		if (end)
			*end = 0;
		if (step(env, d, s, &t, &err)) {
			char what[160];
			snprintf(what, sizeof(what), "demo problem '%s', step %s", d->in.title, s);
			return cli_error(what, &err);
		}
		env->ctx.now += 1200;
		if (!end)
			break;
	}
	return 0;
}

int demo_problems(struct cli_env *env, int64_t now, size_t *nproblems)
{
	const struct demo_problem *problems = demo_rows(&problem_rows, nproblems);
	if (!problems)
		return 1;
	struct actor system = env->ctx.actor;
	int rc = 0;
	for (size_t i = 0; i < *nproblems && !rc; i++)
		rc = make_problem(env, &problems[i], now);
	env->ctx.actor = system;
	return rc;
}
