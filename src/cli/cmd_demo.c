/*
 * cmd_demo.c — `steward demo`: a small but realistic organisation to try
 * Steward with: a service desk and resolver groups, agents, a manager, end
 * users, a few dozen incidents spread over the last weeks in every state,
 * then (cmd_demo_<practice>.c) its portfolio, problems, changes, releases,
 * approvals, knowledge base, change schedule, catalogue, events,
 * improvements and agreements.  The data is demo/<practice>.json (read by
 * demo_data.c: people and incidents here, schedule and agreements too);
 * what is code is how a row becomes records.  Everything goes through
 * core operations, so the audit trail, numbering and history look exactly
 * as they would in real use.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "base/limits.h"
#include "base/util.h"
#include "cli/cli.h"
#include "core/schedule/schedule.h"
#include "core/sla/agreement.h"
#include "core/ticket/category.h"
#include "core/ticket/incident.h"
#include "core/ticket/custom_field.h"
#include "core/ticket/template.h"
#include "core/kernel/user.h"
#include "core/port/account.h"
#include "base/banned.h"

#define DEMO_PASSWORD "steward-demo"

/* A category of the tree, under its parent (a path) or at the root. */
struct demo_category {
	const char *name, *parent;
};
static const struct field category_fields[] = {
	FIELDS_TEXT_REQUIRED(struct demo_category, (name, CATEGORY_NAME_MAX)),
	FIELDS_TEXT(struct demo_category, (parent, LIMIT_CATEGORY_LEN)),
};

/* An incident as the desk raises it (IncidentInput), on the CI of that
 * name, with the outage it caused (hours after it was raised), then
 * taken along path: actions run in order, space separated ("hold:reason"
 * with a reason), raised age hours ago. */
struct demo_incident {
	struct ticket_input in;
	const char *ci_name, *path;
	int outage_hours, age_hours;
};
static const struct field incident_fields[] = {
	FIELDS_TEXT_REQUIRED(struct demo_incident, (path, 120)),
	FIELDS_TEXT(struct demo_incident, (ci_name, LIMIT_NAME_LEN)),
	FIELD_PLAIN_RANGE(struct demo_incident, "outage_hours", FT_INT, 0, 24, outage_hours, false),
	FIELD_PLAIN_RANGE(struct demo_incident, "age_hours", FT_INT, 0, 24 * 366, age_hours, true),
};
static const struct demo_section incident_rows =
	DEMO_ROWS("incidents", "incidents", &api_schema_incident, struct demo_incident, incident_fields);

/* A user as UserInput takes it, with the demo's password. */
static enum sw_err create_user(struct cli_env *env, const void *row, struct sw_error *err)
{
	struct user_input in = *(const struct user_input *)row;
	in.password = DEMO_PASSWORD;
	struct user u;
	return user_create(&env->ctx, &in, &u, err);
}

static enum sw_err create_group(struct cli_env *env, const void *row, struct sw_error *err)
{
	const struct group_input *d = row;
	struct group_input in = *d;
	struct group g;
	struct sw_error look;
	sw_error_clear(&look);
	/* the starter's group of the name (init applied it): the demo's people join it */
	if (group_get(&env->ctx, d->name, &g, &look) == SW_OK) {
		in.name = NULL;
		in.description = NULL;
		return group_update(&env->ctx, d->name, &in, &g, err);
	}
	return group_create(&env->ctx, &in, &g, err);
}

/* A category of the tree, unless the starter's (init applied it) has it. */
static enum sw_err create_category(struct cli_env *env, const void *row, struct sw_error *err)
{
	const struct demo_category *d = row;
	const char *path = d->parent ? arena_printf(&env->arena, "%s/%s", d->parent, d->name) : d->name;
	struct category_list list;
	enum sw_err rc = category_list(&env->ctx, false, &list, err);
	for (size_t i = 0; !rc && i < list.count; i++)
		if (strcmp(list.items[i].path, path) == 0)
			return SW_OK;
	struct category cat;
	return rc ? rc : category_create(&env->ctx, d->name, d->parent, &cat, err);
}

static enum sw_err create_field(struct cli_env *env, const void *row, struct sw_error *err)
{
	struct custom_field f;
	return custom_field_create(&env->ctx, row, &f, err);
}

/* What the demo loads before its portfolio and incidents, in order. */
static const struct demo_table tables[] = {
	{"demo user", DEMO_INPUTS("people", "users", &api_schema_user, struct user_input),
	 offsetof(struct user_input, login), create_user, NULL},
	{"demo group", DEMO_INPUTS("people", "groups", &api_schema_group, struct group_input),
	 offsetof(struct group_input, name), create_group, NULL},
	{"demo category", DEMO_ROWS("incidents", "categories", NULL, struct demo_category, category_fields),
	 offsetof(struct demo_category, name), create_category, NULL},
	{"demo template", DEMO_INPUTS("incidents", "templates", &api_schema_template, struct template_input),
	 offsetof(struct template_input, name), NULL, &template_kind},
	{"demo field", DEMO_INPUTS("incidents", "fields", &api_schema_custom_field, struct custom_field_input),
	 offsetof(struct custom_field_input, name), create_field, NULL},
};

/* Loaded later: the change schedule (a month-end freeze, maintenance
 * nights: docs/schedule.md) and the agreements (the web shop's SLA, the
 * desk's OLA, the mail provider's contract: docs/sla.md#agreements), as
 * an admin and a service owner would make them. */
static const struct demo_table window_table = {
	"demo change window", DEMO_INPUTS("schedule", "windows", &api_schema_change_window, struct change_window_input),
	offsetof(struct change_window_input, name), NULL, &change_window_kind};
static const struct demo_table agreement_table = {
	"demo agreement", DEMO_INPUTS("agreements", "agreements", &api_schema_agreement, struct agreement_input),
	offsetof(struct agreement_input, name), NULL, &agreement_kind};

static int run_path(struct cli_env *env, const char *number, const char *path)
{
	char p[64];
	for (const char *at = path; demo_step(&at, p, sizeof(p));) {
		char *colon = strchr(p, ':');
		struct ticket_action_input in = {0};
		if (colon) {
			*colon = 0;
			in.reason = colon + 1;
		}
		if (strcmp(p, "resolve") == 0) {
			in.resolution_code = "fixed";
			in.resolution_notes = "Root cause found and fixed; confirmed with the caller.";
		}
		struct sw_error err;
		sw_error_clear(&err);
		struct ticket t;
		if (ticket_action(&env->ctx, &ticket_kind_incident, number, p, &in, &t, &err))
			return cli_error("demo action", &err);
		env->ctx.now += 1800;
	}
	return 0;
}

static int run_demo(struct cli_env *env, struct cli_args *a)
{
	const char *scale = cli_flag(a, "--scale"), *articles = cli_flag(a, "--articles");
	int rc = cli_unused(a, "demo");
	int64_t scale_n = 0, articles_n = 0;
	if (!rc && scale && parse_int64(scale, strlen(scale), 1, 100000000, &scale_n)) {
		fprintf(stderr, "steward demo: --scale must be a number of incidents from 1 to 100000000\n");
		rc = 2;
	}
	if (!rc && articles && (!scale || parse_int64(articles, strlen(articles), 1, 10000000, &articles_n))) {
		fprintf(stderr, "steward demo: --articles goes with --scale and must be a number from 1 to 10000000\n");
		rc = 2;
	}
	if (rc)
		goto out;
	int64_t now = time_now();
	demo_data_open(env, now);
	struct sw_error err;
	sw_error_clear(&err);
	size_t nusers;
	const struct user_input *users = demo_rows(&tables[0].rows, &nusers);
	struct user probe;
	if (!users || !nusers) {
		rc = 1;
		goto out;
	}
	if (store_user_by_login(&env->store, users[0].login, &probe, &err) == SW_OK) {
		printf("demo data is already loaded\n");
		if (scale_n)
			rc = demo_scale(env, scale_n, articles_n);
		goto out;
	}
	sw_error_clear(&err);
	size_t nservices = 0, ncis = 0, seeded[sizeof(tables) / sizeof(tables[0])];
	if ((rc = demo_seed(env, tables, sizeof(tables) / sizeof(tables[0]), seeded)) ||
	    (rc = demo_portfolio(env, &nservices, &ncis)))
		goto out;
	size_t nincidents;
	const struct demo_incident *incidents = demo_rows(&incident_rows, &nincidents);
	if (!incidents) {
		rc = 1;
		goto out;
	}
	struct user desk;
	if (store_user_by_login(&env->store, "sam.desk", &desk, &err)) {
		rc = cli_error("demo agent", &err);
		goto out;
	}
	for (size_t i = 0; i < nincidents; i++) {
		const struct demo_incident *d = &incidents[i];
		/* the service desk logs the call on the requester's behalf */
		struct actor system = env->ctx.actor;
		env->ctx.actor = (struct actor){.user_id = desk.id, .login = desk.login, .role = desk.role};
		env->ctx.now = now - (int64_t)d->age_hours * 3600;
		struct ticket_input in = d->in;
		in.via = "phone";
		if (d->ci_name) {
			in.ci = demo_ci_id(d->ci_name);
			in.set_ci = true;
		}
		if (d->outage_hours) {
			in.outage_start = env->ctx.now;
			in.outage_end = env->ctx.now + d->outage_hours * 3600;
			in.set_outage_start = in.set_outage_end = true;
		}
		struct ticket t;
		if (ticket_create(&env->ctx, &ticket_kind_incident, &in, &t, &err)) {
			rc = cli_error("demo incident", &err);
			goto out;
		}
		demo_number_keep("incident", d->in.title, t.number);
		struct comment c;
		env->ctx.now += 600;
		if (d->in.assignee) {
			struct user agent;
			if (store_user_by_login(&env->store, d->in.assignee, &agent, &err)) {
				rc = cli_error("demo agent", &err);
				goto out;
			}
			env->ctx.actor = (struct actor){.user_id = agent.id, .login = agent.login, .role = ROLE_AGENT};
			if (ticket_comment_add(&env->ctx, &ticket_kind_incident, t.number,
					       "Thanks, I am looking into this now.", false, &c, &err) ||
			    ticket_comment_add(&env->ctx, &ticket_kind_incident, t.number,
					       "Checked the logs; likely related to last week's change.", true, &c,
					       &err)) {
				rc = cli_error("demo comment", &err);
				goto out;
			}
		}
		rc = run_path(env, t.number, d->path);
		env->ctx.actor = system;
		if (rc)
			goto out;
	}
	size_t nproblems = 0, narticles = 0, nchanges = 0, nreleases = 0, napprovals = 0, nitems = 0, nrequests = 0,
	       nsources = 0, nalerts = 0, npublic = 0, nanswers = 0, nimprovements = 0;
	size_t nchange_rows[2];
	if ((rc = demo_seed(env, &demo_problem_table, 1, &nproblems)) ||
	    (rc = demo_seed(env, demo_change_tables, 2, nchange_rows)))
		goto out;
	nchanges = nchange_rows[1];
	env->ctx.now = now;
	if ((rc = demo_seed(env, &demo_release_table, 1, &nreleases)))
		goto out;
	env->ctx.now = now;
	if ((rc = demo_approvals(env, &napprovals)))
		goto out;
	env->ctx.now = now;
	size_t nwindows = 0, nagreements = 0;
	if ((rc = demo_knowledge(env, &narticles)) || (rc = demo_seed(env, &window_table, 1, &nwindows)) ||
	    (rc = demo_requests(env, &nitems, &nrequests)) || (rc = demo_events(env, &nsources, &nalerts, &npublic)) ||
	    (rc = demo_csi(env, &nanswers, &nimprovements)) || (rc = demo_seed(env, &agreement_table, 1, &nagreements)))
		goto out;
	if (scale_n && (rc = demo_scale(env, scale_n, articles_n)))
		goto out;
	printf("demo loaded: %zu users (password '%s'), %zu groups, %zu categories, %zu templates, %zu services, "
	       "%zu CIs, %zu incidents, %zu problems, %zu changes, %zu releases, %zu approval requests, %zu articles, "
	       "%zu change windows, %zu catalogue items, %zu requests, %zu event sources, %zu alerts, %zu public "
	       "services, %zu survey answers, %zu improvements, %zu agreements\n",
	       seeded[0], DEMO_PASSWORD, seeded[1], seeded[2], seeded[3], nservices, ncis, nincidents, nproblems,
	       nchanges, nreleases, napprovals, narticles, nwindows, nitems, nrequests, nsources, nalerts, npublic,
	       nanswers, nimprovements, nagreements);
out:
	demo_data_close();
	return rc;
}

int cmd_demo(int argc, char **argv)
{
	return cli_run(argc, argv, true, run_demo);
}
