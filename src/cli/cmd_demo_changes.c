/*
 * cmd_demo_changes.c — the changes of `steward demo`: a standard change
 * template and a handful of changes of each type in different states —
 * a standard change raised from the template and closed, a normal change
 * waiting for authorisation, one being implemented with its tasks half
 * done, a failed one that caused the demo's checkout outage and the
 * emergency change that rolled it back, and a new one — taken through the
 * core operations by their owners (authorisation by the demo's manager),
 * so their history reads as in real use.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/change/change.h"
#include "core/change/change_template.h"
#include "core/port/account.h"
#include "base/banned.h"

#define MANAGER "maria.manager" /* the change manager who authorises */

struct demo_change {
	const char *title, *type, *template, *group, *owner, *justification;
	const char *plans[3]; /* implementation, back-out, test */
	const char *risk;
	const char *ci_name; /* the demo CI it affects */
	const char *path;    /* actions in order, space separated */
	const char *close_code, *close_notes, *pir;
	const char *tasks[3]; /* titles, in order */
	int tasks_done;       /* how many of them are done */
	const char *caused;   /* a demo incident's title it caused */
	int age_hours;        /* raised this long ago; each step takes 20 minutes */
	int start_hours;      /* planned start from now (negative: in the past); lasts two hours */
};

/* clang-format off */
static const struct change_template_input template = {
	.name = "Renew a TLS certificate",
	.description = "Replace a web server's certificate before it expires, from the internal CA.",
	.category = "application",
	.implementation_plan = "1. Request the certificate from the internal CA.\n2. Install it on the server.\n3. Reload the web server.",
	.backout_plan = "Put the previous certificate back and reload.",
	.test_plan = "Open the site; check the new expiry date in the browser.",
	.risk = "low",
	.set_description = true, .set_category = true, .set_implementation_plan = true, .set_backout_plan = true,
	.set_test_plan = true, .set_risk = true,
};

static const struct demo_change changes[] = {
	{"Renew a TLS certificate", "standard", "Renew a TLS certificate", "Applications", "omar.apps", NULL,
	 {NULL, NULL, NULL}, NULL, "shop-web", "schedule implement complete close", "successful",
	 "New certificate valid until next year; no errors.", NULL, {NULL, NULL, NULL}, 0, NULL, 30, -26},
	{"Upgrade vpn-gw-01 firmware to 9.1.3", "normal", NULL, "Network", "nina.net",
	 "Firmware 9.1.3 fixes the IKE rekey defect behind the VPN drops (vendor case 44120).",
	 {"Upload 9.1.3, switch the standby unit first, fail over, then upgrade the primary.",
	  "Boot the previous image from the alternate partition on both units.",
	  "Connect with the UDP and TCP profiles; watch for drops over 30 minutes."},
	 "medium", "vpn-gw-01", "assess submit", NULL, NULL, NULL, {NULL, NULL, NULL}, 0, NULL, 4, 48},
	{"Move the reporting extract to 20:00", "normal", NULL, "Applications", "omar.apps",
	 "The extract competes with ERP users from 16:00 and slows their screens.",
	 {"Change the scheduler entry of REPORT-EXTRACT from 16:00 to 20:00.",
	  "Set it back to 16:00.",
	  "Check the next run starts at 20:00 and ERP response stays under 2 s at 16:00."},
	 "low", "erp-app-01", "assess submit authorise implement", NULL, NULL, NULL,
	 {"Tell finance the reports come four hours later", "Change the scheduler entry", "Watch the 16:00 response times"},
	 2, NULL, 8, -1},
	{"Install payment plug-in 4.3", "normal", NULL, "Applications", "omar.apps",
	 "4.3 supports the new card scheme.",
	 {"Install 4.3 on web-01 and web-02 one at a time.", "Reinstall 4.2.", "Pay with a test card on each server."},
	 "medium", "shop-web", "assess submit authorise implement complete close", "failed",
	 "The plug-in leaked database connections; checkout failed from 12:05 and the change was rolled back.",
	 "4.3 was tested for function but not under load; the leak showed only at peak. Load tests are now part of "
	 "every payment change.",
	 {NULL, NULL, NULL}, 0, "Website checkout returns 502", 52, -50},
	{"Roll back payment plug-in to 4.2", "emergency", NULL, "Applications", "omar.apps",
	 "Checkout is down for every customer.",
	 {"Reinstall 4.2 on web-01 and web-02; restart shop-web.", "None needed: 4.2 ran for a year.",
	  "Pay with a test card; watch the pool usage."},
	 "high", "shop-web", "expedite authorise implement complete close", "successful",
	 "4.2 back at 14:10; checkout working, pool usage flat.",
	 "The rollback was rehearsed and took ten minutes; the emergency board was reached by phone in five.",
	 {NULL, NULL, NULL}, 0, NULL, 48, -48},
	{"Add a second Wi-Fi controller", "normal", NULL, "Network", "nina.net",
	 "One controller is a single point of failure for every access point.",
	 {NULL, NULL, NULL}, NULL, "wlan-ctrl-01", "", NULL, NULL, NULL, {NULL, NULL, NULL}, 0, NULL, 1, 24 * 14},
};
/* clang-format on */

/* The numbers the changes got, in the order of changes[]. */
static char change_numbers[sizeof(changes) / sizeof(changes[0])][16];

const char *demo_change_number(const char *title)
{
	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++)
		if (strcmp(changes[i].title, title) == 0 && change_numbers[i][0])
			return change_numbers[i];
	return NULL;
}

static enum sw_err act_as(struct cli_env *env, const char *login, enum role role, struct sw_error *err)
{
	struct user u;
	enum sw_err rc = store_user_by_login(&env->store, login, &u, err);
	if (!rc)
		env->ctx.actor = (struct actor){.user_id = u.id, .login = u.login, .role = role};
	return rc;
}

/* One action of a change's path: authorisation by the manager, the rest
 * by its owner; completing closes its tasks first. */
static enum sw_err step(struct cli_env *env, const struct demo_change *d, const char *action, struct ticket *t,
			struct sw_error *err)
{
	struct ctx *c = &env->ctx;
	bool manager = strcmp(action, "authorise") == 0;
	enum sw_err rc = act_as(env, manager ? MANAGER : d->owner, manager ? ROLE_MANAGER : ROLE_AGENT, err);
	if (rc || (rc = ticket_get(c, &ticket_kind_change, t->number, t, err)))
		return rc;
	struct ticket_action_input in = {.expected_version = t->version};
	if (strcmp(action, "complete") == 0) {
		in.resolution_code = d->close_code;
		in.resolution_notes = d->close_notes;
	}
	if (strcmp(action, "close") == 0 && d->pir) {
		struct ticket_input pir = {.pir = d->pir, .set_pir = true};
		if ((rc = ticket_update(c, &ticket_kind_change, t->number, t->version, &pir, t, err)))
			return rc;
		in.expected_version = t->version;
	}
	return ticket_action(c, &ticket_kind_change, t->number, action, &in, t, err);
}

static enum sw_err add_tasks(struct cli_env *env, const struct demo_change *d, const struct ticket *t,
			     struct sw_error *err)
{
	for (int i = 0; i < 3 && d->tasks[i]; i++) {
		struct ticket_input in = {
			.title = d->tasks[i], .group = d->group, .set_title = true, .set_group = true};
		struct ticket task;
		struct ticket_action_input done = {0};
		enum sw_err rc = change_task_add(&env->ctx, t->number, &in, &task, err);
		if (!rc && i < d->tasks_done)
			rc = ticket_action(&env->ctx, &ticket_kind_change_task, task.number, "complete", &done, &task,
					   err);
		if (rc)
			return rc;
	}
	return SW_OK;
}

static enum sw_err make_change(struct cli_env *env, const struct demo_change *d, int64_t now, struct sw_error *err)
{
	enum sw_err rc = act_as(env, d->owner, ROLE_AGENT, err);
	if (rc)
		return rc;
	env->ctx.now = now - (int64_t)d->age_hours * 3600;
	int64_t start = now + (int64_t)d->start_hours * 3600;
	int64_t ci = demo_ci_id(d->ci_name);
	struct ticket_input in = {
		.title = d->title,
		.template = d->template,
		.change_type = d->type,
		.group = d->group,
		.assignee = d->owner,
		.change_owner = d->owner,
		.justification = d->justification,
		.implementation_plan = d->plans[0],
		.backout_plan = d->plans[1],
		.test_plan = d->plans[2],
		.risk = d->risk,
		.risk_reason = d->risk ? "agreed at the CAB's review" : NULL,
		.affected_cis = &ci,
		.affected_ci_count = ci ? 1 : 0,
		.planned_start = start,
		.planned_end = start + 7200,
		.via = "agent",
		.set_title = true,
		.set_change_type = true,
		.set_group = true,
		.set_assignee = true,
		.set_change_owner = true,
		.set_justification = d->justification != NULL,
		.set_implementation_plan = d->plans[0] != NULL,
		.set_backout_plan = d->plans[1] != NULL,
		.set_test_plan = d->plans[2] != NULL,
		.set_risk = d->risk != NULL,
		.set_risk_reason = d->risk != NULL,
		.set_affected_cis = ci != 0,
		.set_planned_start = true,
		.set_planned_end = true,
	};
	struct ticket t;
	if ((rc = ticket_create(&env->ctx, &ticket_kind_change, &in, &t, err)) || (rc = add_tasks(env, d, &t, err)))
		return rc;
	snprintf(change_numbers[d - changes], sizeof(change_numbers[0]), "%s", t.number);
	char steps[128];
	snprintf(steps, sizeof(steps), "%s", d->path);
	for (char *s = steps, *end = NULL; *s; s = end + 1) {
		end = strchr(s, ' ');
		if (end)
			*end = 0;
		env->ctx.now += 1200;
		if ((rc = step(env, d, s, &t, err)) || !end)
			break;
	}
	const char *incident = d->caused ? demo_incident_number(d->caused) : NULL;
	if (rc || !incident)
		return rc;
	struct ticket inc;
	struct ticket_input link = {.caused_by = t.number, .set_caused_by = true};
	if ((rc = act_as(env, d->owner, ROLE_AGENT, err)) ||
	    (rc = ticket_get(&env->ctx, &ticket_kind_incident, incident, &inc, err)))
		return rc;
	return ticket_update(&env->ctx, &ticket_kind_incident, incident, inc.version, &link, &inc, err);
}

int demo_changes(struct cli_env *env, int64_t now, size_t *nchanges)
{
	struct actor system = env->ctx.actor;
	struct sw_error err;
	sw_error_clear(&err);
	struct change_template out;
	env->ctx.now = now - 40 * 3600;
	if (record_create(&env->ctx, &change_template_kind, &template, &out, &err))
		return cli_error("demo change template", &err);
	int rc = 0;
	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]) && !rc; i++)
		if (make_change(env, &changes[i], now, &err)) {
			char what[160];
			snprintf(what, sizeof(what), "demo change '%s'", changes[i].title);
			rc = cli_error(what, &err);
		}
	env->ctx.actor = system;
	env->ctx.now = now;
	*nchanges = sizeof(changes) / sizeof(changes[0]);
	return rc;
}
