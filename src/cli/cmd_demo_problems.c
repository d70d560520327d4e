/*
 * cmd_demo_problems.c — the problems of `steward demo`: a few realistic
 * problems raised from the demo incidents (cmd_demo.c), each taken along
 * its own path — a known error whose workaround reached its incidents,
 * one under investigation, a resolved major problem with its review, and
 * a new one — through the core operations, so their history, the work
 * notes on the incidents and the links read as in real use.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/ticket/problem.h"
#include "core/port/account.h"
#include "base/banned.h"

/* A path step is an action of the problem kind, or one of these: */
#define STEP_ANALYSE "analyse" /* record the root cause, its category and the workaround */
#define STEP_PUBLISH "publish" /* publish the workaround to the open incidents */
#define STEP_MAJOR "major"     /* declare it a major problem */
#define STEP_REVIEW "review"   /* write the major problem review */

struct demo_problem {
	struct ticket_input in;   /* what raises it (demo_ticket_input) */
	const char *incidents[3]; /* titles of demo incidents it is raised from */
	const char *root_cause, *cause_category, *workaround;
	const char *note;             /* a work note on the problem */
	const char *path;             /* steps run in order, space separated */
	const char *resolution_notes; /* for a resolve step */
	const char *major_reason;     /* for a major step */
	const char *review[3];        /* went well, went wrong, actions */
	int age_hours;                /* raised this long ago; each step takes 20 minutes */
};

/* clang-format off */
static const struct demo_problem problems[] = {
	{{.title = "VPN sessions drop when the gateway renegotiates keys", .description = "Remote users lose the VPN every few minutes; several calls since this morning.",
	  .group = "Network", .assignee = "nina.net", .impact = 2, .urgency = 1, .symptoms = "The VPN client disconnects every 5 to 10 minutes and reconnects by itself; only users on the UDP profile."},
	 {"VPN drops every few minutes", "Duplicate: VPN drops", NULL},
	 "vpn-gw-01 renegotiates IKE keys every 300 s since firmware 9.1; clients on the UDP profile drop the tunnel "
	 "when the rekey overlaps a keep-alive.",
	 "software_defect",
	 "Switch the VPN client to the \"Office (TCP 443)\" profile: Settings > Connection > Profile. The TCP profile "
	 "rekeys without dropping the tunnel.",
	 "Vendor case 44120 opened; they confirm the rekey defect in 9.1 and plan a fix in 9.1.3.",
	 "investigate analyse identify_root_cause mark_known_error publish", NULL, NULL, {NULL, NULL, NULL}, 3},
	{{.title = "ERP batch jobs and screens slow down in the afternoon", .description = "The nightly invoice run failed and ERP screens crawl after 4pm: likely one cause.",
	  .group = "Applications", .assignee = "omar.apps", .impact = 2, .urgency = 2, .symptoms = "Screens take 20 s from about 16:00; the invoice batch INV-NIGHTLY ended with error 17 (lock timeout)."},
	 {"ERP invoice run failed overnight", "Slow ERP screens after 4pm", NULL},
	 NULL, NULL, NULL,
	 "Collecting database wait statistics for 15:00-18:00; the reporting extract also starts at 16:00.",
	 "investigate", NULL, NULL, {NULL, NULL, NULL}, 2},
	{{.title = "Checkout outage: web tier exhausted its database connections", .description = "Customers could not pay for about two hours; the web shop answered 502 at the payment step.",
	  .group = "Applications", .assignee = "omar.apps", .impact = 1, .urgency = 1, .symptoms = "502 at the payment step for every customer; shop-web logs show \"connection pool exhausted\"."},
	 {"Website checkout returns 502", NULL, NULL},
	 "The payment plug-in update opened a database connection per request and never returned it to the pool; "
	 "at 200 connections the pool was empty and every checkout failed.",
	 "change_induced",
	 "Restart shop-web to empty the pool (buys about an hour at peak).",
	 "Rolled the plug-in back to 4.2 at 14:10; pool usage flat since. Vendor fixed the leak in 4.3.1.",
	 "major investigate analyse identify_root_cause resolve review",
	 "Payment plug-in 4.3.1 installed after testing; connection use checked under load.",
	 "Checkout down for every customer: lost sales",
	 {"Monitoring caught the 502s within two minutes; the rollback was rehearsed and took ten.",
	  "The plug-in update went live on a Friday without a load test; the pool alarm went to a mailbox nobody reads.",
	  "Load-test every payment change (owner: Applications); pool alarms to the on-call phone (owner: Infrastructure)."},
	 46},
	{{.title = "Nightly backups of SQL-PRD-02 are skipped", .description = "The backup of SQL-PRD-02 did not run; the job history shows two more misses this month.",
	  .group = "Infrastructure", .assignee = "ivy.infra", .impact = 2, .urgency = 2, .symptoms = "The 01:00 backup job shows \"skipped\" with no error; the next night it runs."},
	 {"Database backup job missed", NULL, NULL},
	 NULL, NULL, NULL, NULL, "", NULL, NULL, {NULL, NULL, NULL}, 6},
};
/* clang-format on */

static size_t count3(const char *const *list)
{
	size_t n = 0;
	while (n < 3 && list[n])
		n++;
	return n;
}

/* One step of a problem's path, as its assignee. */
static enum sw_err step(struct cli_env *env, const struct demo_problem *d, const char *s, struct ticket *t,
			struct sw_error *err)
{
	struct ctx *c = &env->ctx;
	/* the version now: a work note or a published workaround moves it on */
	enum sw_err rc = ticket_get(c, &ticket_kind_problem, t->number, t, err);
	if (rc)
		return rc;
	if (strcmp(s, STEP_ANALYSE) == 0) {
		struct ticket_input in = {.root_cause = d->root_cause,
					  .cause_category = d->cause_category,
					  .workaround = d->workaround,
					  .set_root_cause = true,
					  .set_cause_category = true,
					  .set_workaround = true};
		return ticket_update(c, &ticket_kind_problem, t->number, t->version, &in, t, err);
	}
	if (strcmp(s, STEP_REVIEW) == 0) {
		struct ticket_input in = {.review_went_well = d->review[0],
					  .review_went_wrong = d->review[1],
					  .review_actions = d->review[2],
					  .set_review_went_well = true,
					  .set_review_went_wrong = true,
					  .set_review_actions = true};
		return ticket_update(c, &ticket_kind_problem, t->number, t->version, &in, t, err);
	}
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
	const char *numbers[3];
	size_t n = count3(d->incidents);
	for (size_t i = 0; i < n; i++)
		if (!(numbers[i] = demo_incident_number(d->incidents[i]))) {
			fprintf(stderr, "steward: demo problem '%s': no demo incident '%s'\n", d->in.title,
				d->incidents[i]);
			return 1;
		}
	struct ticket_input in = demo_ticket_input(&d->in, "agent");
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
	struct actor system = env->ctx.actor;
	int rc = 0;
	for (size_t i = 0; i < sizeof(problems) / sizeof(problems[0]) && !rc; i++)
		rc = make_problem(env, &problems[i], now);
	env->ctx.actor = system;
	*nproblems = sizeof(problems) / sizeof(problems[0]);
	return rc;
}
