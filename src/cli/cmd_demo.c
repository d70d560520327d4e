/*
 * cmd_demo.c — `steward demo`: a small but realistic organisation to try
 * Steward with: a service desk and resolver groups, agents, a manager, end
 * users, a few dozen incidents spread over the last weeks in every
 * state, and a small knowledge base (cmd_demo_knowledge.c).  Everything goes through core operations, so the audit trail,
 * numbering and history look exactly as they would in real use.
 */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "cli/cli.h"
#include "core/ticket/category.h"
#include "core/ticket/incident.h"
#include "core/ticket/custom_field.h"
#include "core/ticket/template.h"
#include "core/kernel/user.h"
#include "core/port/account.h"
#include "base/banned.h"

#define DEMO_PASSWORD "steward-demo"

struct demo_user {
	const char *login, *name, *role, *tz;
};

/* clang-format off */
static const struct demo_user users[] = {
	{"sam.desk", "Sam Okafor", "agent", "Europe/London"},
	{"lee.desk", "Lee Chen", "agent", "Europe/London"},
	{"nina.net", "Nina Petrova", "agent", "Europe/Berlin"},
	{"omar.apps", "Omar Haddad", "agent", "Europe/Paris"},
	{"ivy.infra", "Ivy Laurent", "agent", "America/New_York"},
	{"maria.manager", "Maria Gonzalez", "manager", "Europe/Madrid"},
	{"jdoe", "John Doe", "end_user", "Europe/London"},
	{"asmith", "Anna Smith", "end_user", "Europe/London"},
	{"bwayne", "Bruce Wayne", "end_user", "America/New_York"},
	{"ckent", "Clara Kent", "end_user", "America/Chicago"},
	{"dprince", "Diana Prince", "end_user", "Europe/Athens"},
	{"pparker", "Peter Parker", "end_user", "America/New_York"},
};

struct demo_group {
	const char *name, *description, *manager;
	const char *members[4];
};

static const struct demo_group groups[] = {
	{"Service Desk", "First line: takes every call, fixes what it can", "maria.manager", {"sam.desk", "lee.desk", NULL}},
	{"Network", "LAN, WAN, VPN, Wi-Fi and firewalls", "maria.manager", {"nina.net", NULL}},
	{"Applications", "Business applications and SaaS", "maria.manager", {"omar.apps", NULL}},
	{"Infrastructure", "Servers, storage, databases and backups", "maria.manager", {"ivy.infra", NULL}},
};

/* parent path ("" for the root) and name */
static const char *const categories[][2] = {
	{"", "access"},       {"access", "password"}, {"access", "permissions"}, {"", "application"},
	{"", "database"},     {"", "email"},          {"", "facilities"},        {"", "hardware"},
	{"hardware", "laptop"}, {"hardware", "printer"}, {"hardware", "peripherals"}, {"", "network"},
	{"network", "vpn"},   {"network", "wifi"},    {"network", "firewall"},   {"", "security"},
	{"", "storage"},
};

/* incident templates, as core takes them */
#define TEMPLATE(name_, title_, description_, category_, group_, impact_, urgency_)                                   \
	{.name = (name_), .title = (title_), .description = (description_), .category = (category_),                 \
	 .group = (group_), .impact = (impact_), .urgency = (urgency_), .set_title = true, .set_description = true,      \
	 .set_category = true, .set_group = true, .set_impact = true, .set_urgency = true}

static const struct template_input templates[] = {
	TEMPLATE("Password reset", "Password reset", "I cannot log in and need my password reset.", "access/password", "Service Desk", 3, 2),
	TEMPLATE("VPN down", "VPN is not connecting", "The VPN client fails to connect or drops.", "network/vpn", "Network", 2, 2),
	TEMPLATE("Printer not working", "Printer not working", "Which printer, and what happens when you print?", "hardware/printer", "Service Desk", 3, 3),
	TEMPLATE("New starter access", "Access for a new starter", "Name, start date, team and the systems needed.", "access/permissions", "Applications", 3, 3),
};

/* fields of the organisation's own: where it happened, and a sticker on hardware */
static const char *const sites[] = {"London", "Leeds", "Remote"};

struct demo_field {
	const char *name, *label, *type, *category;
	const char *const *choices;
	size_t choice_count;
};

static const struct demo_field fields[] = {
	{"site", "Site", "choice", NULL, sites, 3},
	{"asset_tag", "Asset tag", "text", "hardware", NULL, 0},
	{"users_affected", "Users affected", "number", NULL, NULL, 0},
};

/* The service and CI a demo incident is about, and for the checkout
 * failure the outage it caused (hours after it was raised). */
static const struct {
	const char *title, *service, *ci;
	int outage_hours;
} incident_links[] = {
	{"VPN drops every few minutes", "Remote access (VPN)", "vpn-gw-01", 0},
	{"ERP invoice run failed overnight", "ERP and invoicing", "ERP", 0},
	{"Wi-Fi slow in meeting room Atlas", "Network", "wlan-ctrl-01", 0},
	{"Database backup job missed", "Database platform", "SQL-PRD-02", 0},
	{"Website checkout returns 502", "Web shop", "shop-web", 2},
	{"File server disk 95% full", "Database platform", "fs-01", 0},
	{"Outlook keeps asking for password", "Email", "Mail (SaaS)", 0},
	{"Email to external domain bounces", "Email", "Mail (SaaS)", 0},
	{"Mobile mail not syncing", "Email", "Mail (SaaS)", 0},
	{"Cannot log in to HR portal", "HR portal", "HR portal", 0},
	{"Slow ERP screens after 4pm", "ERP and invoicing", "ERP", 0},
	{"Firewall rule request failed", "Network", "fw-01", 0},
	{"Teams calls drop after 10 minutes", "Network", "core-sw-01", 0},
	{"VPN certificate expired warning", "Remote access (VPN)", "vpn-gw-01", 0},
	{"SSO login loop on expenses app", "ERP and invoicing", "ERP", 0},
};

struct demo_incident {
	const char *title, *description, *requester, *group, *assignee, *category;
	int impact, urgency;
	const char *path; /* actions run in order, space separated */
	int age_hours;
};

static const struct demo_incident incidents[] = {
	{"VPN drops every few minutes", "Since this morning my VPN disconnects roughly every five minutes.", "jdoe", "Network", "nina.net", "network", 2, 1, "start", 5},
	{"Cannot print to 3rd floor printer", "Jobs stay queued on PRN-3F-01.", "asmith", "Service Desk", "sam.desk", "hardware", 3, 2, "start resolve close", 200},
	{"Outlook keeps asking for password", "Prompt appears after every restart.", "bwayne", "Service Desk", "lee.desk", "email", 3, 2, "start resolve", 30},
	{"ERP invoice run failed overnight", "Batch job INV-NIGHTLY ended with error 17.", "ckent", "Applications", "omar.apps", "application", 1, 1, "start", 3},
	{"Laptop battery swollen", "Trackpad is lifting; battery looks swollen.", "dprince", "Service Desk", NULL, "hardware", 3, 1, "", 2},
	{"Wi-Fi slow in meeting room Atlas", "Video calls freeze in Atlas.", "pparker", "Network", "nina.net", "network", 3, 3, "hold:awaiting_vendor", 72},
	{"Shared drive S: not mapped", "After the update the S: drive is gone.", "jdoe", "Service Desk", "sam.desk", "access", 3, 2, "start resolve close", 400},
	{"Database backup job missed", "Nightly backup of SQL-PRD-02 did not run.", "maria.manager", "Infrastructure", "ivy.infra", "database", 2, 2, "start", 12},
	{"New starter needs access to CRM", "Starts Monday, needs sales role.", "asmith", "Applications", NULL, "access", 3, 3, "", 20},
	{"Website checkout returns 502", "Customers report errors at payment step.", "bwayne", "Applications", "omar.apps", "application", 1, 1, "start resolve", 50},
	{"Phone headset crackles", "Jabra headset crackles on calls.", "ckent", "Service Desk", "lee.desk", "hardware", 3, 3, "start hold:awaiting_caller", 90},
	{"Cannot log in to HR portal", "Says account locked.", "dprince", "Service Desk", "sam.desk", "access", 3, 2, "start resolve close", 600},
	{"File server disk 95% full", "Alert from monitoring on FS-01 volume D.", "maria.manager", "Infrastructure", "ivy.infra", "storage", 2, 1, "start", 8},
	{"Teams calls drop after 10 minutes", "Happens only on the office network.", "pparker", "Network", NULL, "network", 2, 2, "", 6},
	{"Excel crashes opening large file", "The quarterly report crashes Excel.", "jdoe", "Applications", "omar.apps", "application", 3, 2, "start resolve reopen", 120},
	{"Request: second monitor", "Would like a second screen for my desk.", "asmith", "Service Desk", NULL, "hardware", 3, 3, "cancel", 300},
	{"SSO login loop on expenses app", "Redirects forever after login.", "bwayne", "Applications", "omar.apps", "access", 2, 2, "start hold:awaiting_change", 60},
	{"Email to external domain bounces", "Mails to partner.example bounce with 550.", "ckent", "Service Desk", "lee.desk", "email", 2, 2, "start resolve close", 700},
	{"Server room temperature alarm", "Alarm at 28C in DC-1 row B.", "maria.manager", "Infrastructure", "ivy.infra", "facilities", 1, 2, "start resolve", 40},
	{"Keyboard keys sticking", "Several keys stick.", "dprince", "Service Desk", NULL, "hardware", 3, 3, "", 1},
	{"VPN certificate expired warning", "Client shows certificate expires in 3 days.", "pparker", "Network", "nina.net", "network", 3, 2, "start resolve close", 500},
	{"Cannot access payroll share", "Permission denied on \\\\fs01\\payroll.", "jdoe", "Service Desk", "sam.desk", "access", 3, 2, "start", 4},
	{"Slow ERP screens after 4pm", "Every afternoon screens take 20s.", "asmith", "Applications", NULL, "application", 2, 3, "", 26},
	{"Password reset", "Forgot my password after holiday.", "bwayne", "Service Desk", "lee.desk", "access", 3, 2, "start resolve close", 150},
	{"Firewall rule request failed", "Change applied but traffic still blocked.", "ckent", "Network", "nina.net", "network", 2, 2, "start", 15},
	{"Projector in boardroom no signal", "HDMI shows no signal.", "dprince", "Service Desk", NULL, "hardware", 2, 1, "", 1},
	{"Storage array degraded", "One disk failed in SAN-A; rebuild running.", "maria.manager", "Infrastructure", "ivy.infra", "storage", 2, 2, "start hold:awaiting_vendor", 36},
	{"Mobile mail not syncing", "iPhone mail stuck since yesterday.", "pparker", "Service Desk", "sam.desk", "email", 3, 2, "start resolve", 22},
	{"Duplicate: VPN drops", "Same as the VPN incident raised by John.", "asmith", "Network", "nina.net", "network", 3, 3, "start resolve close", 4},
	{"Antivirus flagged a download", "Quarantined file from supplier portal.", "jdoe", "Service Desk", "lee.desk", "security", 2, 2, "start", 10},
};
/* clang-format on */

/* The numbers the demo incidents got, by their place in incidents[]. */
static char incident_numbers[sizeof(incidents) / sizeof(incidents[0])][16];

struct ticket_input demo_ticket_input(const struct ticket_input *row, const char *via)
{
	struct ticket_input in = *row;
	in.via = via;
	in.set_title = in.set_description = in.set_group = in.set_impact = in.set_urgency = true;
	in.set_assignee = in.assignee != NULL;
	in.set_category = in.category != NULL;
	in.set_symptoms = in.symptoms != NULL;
	return in;
}

const char *demo_incident_number(const char *title)
{
	for (size_t i = 0; i < sizeof(incidents) / sizeof(incidents[0]); i++)
		if (strcmp(incidents[i].title, title) == 0 && incident_numbers[i][0])
			return incident_numbers[i];
	return NULL;
}

static enum sw_err create_user(struct cli_env *env, const void *row, struct sw_error *err)
{
	const struct demo_user *d = row;
	char email[128];
	snprintf(email, sizeof(email), "%s@example.com", d->login);
	struct user_input in = {.login = d->login,
				.name = d->name,
				.email = email,
				.role = d->role,
				.timezone = d->tz,
				.password = DEMO_PASSWORD};
	struct user u;
	return user_create(&env->ctx, &in, &u, err);
}

static enum sw_err create_group(struct cli_env *env, const void *row, struct sw_error *err)
{
	const struct demo_group *d = row;
	size_t n = 0;
	while (n < 4 && d->members[n])
		n++;
	struct group_input in = {.name = d->name,
				 .description = d->description,
				 .has_manager = true,
				 .manager = d->manager,
				 .has_members = true,
				 .members = (const char **)d->members,
				 .member_count = n};
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
	const char *const *d = row; /* parent, name */
	const char *path = *d[0] ? arena_printf(&env->arena, "%s/%s", d[0], d[1]) : d[1];
	struct category_list list;
	enum sw_err rc = category_list(&env->ctx, false, &list, err);
	for (size_t i = 0; !rc && i < list.count; i++)
		if (strcmp(list.items[i].path, path) == 0)
			return SW_OK;
	struct category cat;
	return rc ? rc : category_create(&env->ctx, d[1], *d[0] ? d[0] : NULL, &cat, err);
}

static enum sw_err create_field(struct cli_env *env, const void *row, struct sw_error *err)
{
	const struct demo_field *d = row;
	struct custom_field_input in = {.kind = "incident",
					.name = d->name,
					.label = d->label,
					.type = d->type,
					.category = d->category,
					.choices = (const char **)d->choices,
					.choice_count = d->choice_count,
					.position = (int)(d - fields) + 1,
					.set_label = true,
					.set_type = true,
					.set_category = d->category != NULL,
					.set_choices = d->choices != NULL,
					.set_position = true};
	struct custom_field f;
	return custom_field_create(&env->ctx, &in, &f, err);
}

/* What the demo loads before its portfolio and incidents, in order. */
static const struct demo_table tables[] = {
	DEMO_TABLE("demo user", users, DEMO_UNNAMED, create_user),
	DEMO_TABLE("demo group", groups, DEMO_UNNAMED, create_group),
	DEMO_TABLE("demo category", categories, DEMO_UNNAMED, create_category),
	DEMO_RECORDS("demo template", templates, DEMO_UNNAMED, &template_kind),
	DEMO_TABLE("demo field", fields, DEMO_UNNAMED, create_field),
};

/* A row of a table of record inputs (core/kernel/record.h). */
static enum sw_err create_record(struct cli_env *env, const struct record_kind *k, const void *in, struct sw_error *err)
{
	void *out = arena_alloc(&env->arena, k->size);
	return out ? record_create(&env->ctx, k, in, out, err) : sw_fail(err, SW_ENOMEM, NULL, "out of memory");
}

int demo_seed(struct cli_env *env, const struct demo_table *t, size_t count)
{
	struct sw_error err;
	sw_error_clear(&err);
	for (; count; t++, count--) {
		for (size_t i = 0; i < t->count; i++) {
			const char *row = (const char *)t->rows + i * t->size;
			if (!(t->create ? t->create(env, row, &err) : create_record(env, t->kind, row, &err)))
				continue;
			if (t->name_at == DEMO_UNNAMED)
				return cli_error(t->what, &err);
			char label[160];
			snprintf(label, sizeof(label), "%s '%s'", t->what, *(const char *const *)(row + t->name_at));
			return cli_error(label, &err);
		}
	}
	return 0;
}

static int run_path(struct cli_env *env, const char *number, const char *path)
{
	char steps[128];
	snprintf(steps, sizeof(steps), "%s", path);
	char *p = steps;
	while (*p) {
		char *end = strchr(p, ' ');
		if (end)
			*end = 0;
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
		if (!end)
			break;
		p = end + 1;
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
	struct sw_error err;
	sw_error_clear(&err);
	struct user probe;
	if (store_user_by_login(&env->store, users[0].login, &probe, &err) == SW_OK) {
		printf("demo data is already loaded\n");
		if (scale_n)
			rc = demo_scale(env, scale_n, articles_n);
		goto out;
	}
	sw_error_clear(&err);
	int64_t now = time_now();
	size_t nservices = 0, ncis = 0;
	if ((rc = demo_seed(env, tables, sizeof(tables) / sizeof(tables[0]))) ||
	    (rc = demo_portfolio(env, &nservices, &ncis)))
		goto out;
	size_t nincidents = sizeof(incidents) / sizeof(incidents[0]);
	struct user desk;
	if (store_user_by_login(&env->store, "sam.desk", &desk, &err)) {
		rc = cli_error("demo agent", &err);
		goto out;
	}
	for (size_t i = 0; i < nincidents; i++) {
		const struct demo_incident *d = &incidents[i];
		struct user requester;
		if (store_user_by_login(&env->store, d->requester, &requester, &err)) {
			rc = cli_error("demo requester", &err);
			goto out;
		}
		/* the service desk logs the call on the requester's behalf */
		struct actor system = env->ctx.actor;
		env->ctx.actor = (struct actor){.user_id = desk.id, .login = desk.login, .role = desk.role};
		env->ctx.now = now - (int64_t)d->age_hours * 3600;
		struct ticket_input in = demo_ticket_input(&(struct ticket_input){.title = d->title,
										  .description = d->description,
										  .category = d->category,
										  .impact = d->impact,
										  .urgency = d->urgency,
										  .group = d->group,
										  .assignee = d->assignee},
							   "phone");
		in.requester = requester.login;
		in.set_requester = true;
		in.custom = (struct custom_value[]){
			{.name = "site", .kind = CUSTOM_VALUE_STRING, .s = sites[i % 3]},
			{.name = "users_affected", .kind = CUSTOM_VALUE_INT, .i = 1 + (int64_t)(i % 4) * 5}};
		in.custom_count = 2;
		in.set_custom = true;
		for (size_t k = 0; k < sizeof(incident_links) / sizeof(incident_links[0]); k++) {
			if (strcmp(incident_links[k].title, d->title) != 0)
				continue;
			in.service = incident_links[k].service;
			in.ci = demo_ci_id(incident_links[k].ci);
			in.set_service = in.set_ci = true;
			if (incident_links[k].outage_hours) {
				in.outage_start = env->ctx.now;
				in.outage_end = env->ctx.now + incident_links[k].outage_hours * 3600;
				in.set_outage_start = in.set_outage_end = true;
			}
		}
		struct ticket t;
		if (ticket_create(&env->ctx, &ticket_kind_incident, &in, &t, &err)) {
			rc = cli_error("demo incident", &err);
			goto out;
		}
		snprintf(incident_numbers[i], sizeof(incident_numbers[i]), "%s", t.number);
		struct comment c;
		env->ctx.now += 600;
		if (d->assignee) {
			struct user agent;
			if (store_user_by_login(&env->store, d->assignee, &agent, &err)) {
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
	if ((rc = demo_problems(env, now, &nproblems)) || (rc = demo_changes(env, now, &nchanges)) ||
	    (rc = demo_releases(env, now, &nreleases)) || (rc = demo_approvals(env, &napprovals)))
		goto out;
	env->ctx.now = now;
	if ((rc = demo_knowledge(env, &narticles)) || (rc = demo_seed(env, &demo_window_table, 1)) ||
	    (rc = demo_requests(env, &nitems, &nrequests)) || (rc = demo_events(env, &nsources, &nalerts, &npublic)) ||
	    (rc = demo_csi(env, &nanswers, &nimprovements)) || (rc = demo_seed(env, &demo_agreement_table, 1)))
		goto out;
	if (scale_n && (rc = demo_scale(env, scale_n, articles_n)))
		goto out;
	printf("demo loaded: %zu users (password '%s'), %zu groups, %zu categories, %zu templates, %zu services, "
	       "%zu CIs, %zu incidents, %zu problems, %zu changes, %zu releases, %zu approval requests, %zu articles, "
	       "%zu change windows, %zu catalogue items, %zu requests, %zu event sources, %zu alerts, %zu public "
	       "services, %zu survey answers, %zu improvements, %zu agreements\n",
	       sizeof(users) / sizeof(users[0]), DEMO_PASSWORD, sizeof(groups) / sizeof(groups[0]),
	       sizeof(categories) / sizeof(categories[0]), sizeof(templates) / sizeof(templates[0]), nservices, ncis,
	       nincidents, nproblems, nchanges, nreleases, napprovals, narticles, demo_window_table.count, nitems,
	       nrequests, nsources, nalerts, npublic, nanswers, nimprovements, demo_agreement_table.count);
out:
	return rc;
}

int cmd_demo(int argc, char **argv)
{
	return cli_run(argc, argv, true, run_demo);
}
