/*
 * cmd_demo_knowledge.c — the knowledge base of `steward demo`: a handful
 * of articles the demo organisation would have written (how-tos for the
 * end users' portal, a known error and a troubleshooting note for the
 * desk, an FAQ, one waiting for review, one past its review date), each
 * through the core operations — written by an agent, published by the
 * manager, read and rated by end users — so that versions, history and
 * counters look as they would in real use.
 */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "cli/cli.h"
#include "core/knowledge/article.h"
#include "core/port/account.h"
#include "base/banned.h"

struct demo_article {
	const char *author, *title, *summary, *body, *kind, *audience, *service, *category, *keywords[4];
	const char *stage; /* "published", "in_review", or "stale" (published, review date gone) */
	const char *helpful[3], *not_helpful[2];
};

/* clang-format off */
static const struct demo_article articles[] = {
	{"sam.desk", "Reset your password", "Forgotten or expired password: set a new one yourself in two minutes.",
	 "If you forgot your password, or Windows says it has expired:\n\n"
	 "1. Go to the **self-service portal** from any browser.\n"
	 "2. Choose *Forgot password* and enter your login.\n"
	 "3. Answer the code sent to your phone.\n"
	 "4. Pick a new password: at least 12 characters, not one of your last five.\n\n"
	 "> Your laptop keeps the old password until it next talks to the office network: connect to the VPN "
	 "once after the change.\n\n"
	 "Still locked out? Raise an incident and the service desk will call you back.",
	 "how_to", "everyone", NULL, "access/password", {"password", "login", "locked", "expired"}, "published",
	 {"jdoe", "asmith", "bwayne"}, {NULL}},
	{"nina.net", "Connect to the VPN from home", "Install the client once, then connect with your login and phone.",
	 "## Once\n\n1. Install **GlobalConnect** from the software centre.\n2. Enter the portal `vpn.example.com`.\n\n"
	 "## Every time\n\n1. Open GlobalConnect and choose *Connect*.\n2. Approve the sign-in on your phone.\n\n"
	 "| Symptom | What to try |\n|---|---|\n| *Portal unreachable* | Check your home internet first |\n"
	 "| Drops every few minutes | Move closer to your Wi-Fi router or use a cable |\n",
	 "how_to", "everyone", "Remote access (VPN)", "network/vpn", {"vpn", "remote", "home", "globalconnect"},
	 "published", {"ckent", "jdoe", NULL}, {"dprince", NULL}},
	{"sam.desk", "Printer says 'paper jam' but the tray is empty",
	 "A sensor behind tray 2 gets stuck on the floor printers; clear it before calling.",
	 "The floor printers report a jam when the sensor flap behind **tray 2** stays up.\n\n"
	 "1. Pull tray 2 out completely.\n2. Press the small green flap at the back down once.\n"
	 "3. Push the tray back and wait for the printer to restart.\n\n"
	 "If the message comes back, raise an incident with the printer's asset tag.",
	 "troubleshooting", "everyone", NULL, "hardware/printer", {"printer", "jam", "tray"}, "published",
	 {"pparker", NULL, NULL}, {NULL}},
	{"omar.apps", "Outlook keeps asking for a password after the mailbox move",
	 "Known error: cached credentials from before the move; workaround until the fix is rolled out.",
	 "## Symptoms\n\nOutlook prompts for a password again and again; the web mail works.\n\n"
	 "## Root cause\n\nThe credential manager still holds the old mailbox server's entry.\n\n"
	 "## Workaround\n\n1. Close Outlook.\n2. Open *Credential Manager* and remove every `MicrosoftOffice` entry.\n"
	 "3. Start Outlook and sign in once.",
	 "known_error", "agents", "Email", "email", {"outlook", "password", "prompt"}, "published", {NULL}, {NULL}},
	{"maria.manager", "Which browsers are supported?", "Current Edge, Chrome, Firefox and Safari.",
	 "The portal and the business applications support the **two latest versions** of Edge, Chrome, Firefox "
	 "and Safari. Internet Explorer is not supported.",
	 "faq", "everyone", NULL, NULL, {"browser", "chrome", "firefox"}, "published", {"asmith", NULL, NULL},
	 {NULL}},
	{"ivy.infra", "Restart the ERP batch queue after a failed invoice run",
	 "For the desk's second line: what to check before restarting the queue.",
	 "1. Check the database platform dashboard: a full disk stops the run.\n"
	 "2. On the ERP console run `queue restart invoices`.\n3. Watch the first batch finish, then tell Finance.",
	 "how_to", "agents", "ERP and invoicing", "application", {"erp", "invoice", "batch"}, "in_review", {NULL},
	 {NULL}},
	{"lee.desk", "Map the shared drive on a new laptop", "The S: drive is mapped at sign-in; if not, map it by hand.",
	 "Open *This PC*, choose *Map network drive*, letter **S:**, folder `\\\\fs-01\\shared`, and tick "
	 "*Reconnect at sign-in*.",
	 "how_to", "everyone", NULL, "storage", {"drive", "share", "mapped"}, "stale", {NULL}, {NULL}},
};
/* clang-format on */

/* Act as the demo user login. */
static int act_as(struct cli_env *env, const char *login)
{
	struct user u;
	struct sw_error err;
	sw_error_clear(&err);
	if (store_user_by_login(&env->store, login, &u, &err))
		return cli_error("demo user", &err);
	env->ctx.actor = (struct actor){.user_id = u.id, .login = u.login, .role = u.role};
	return 0;
}

int demo_knowledge(struct cli_env *env, size_t *narticles)
{
	struct actor system = env->ctx.actor;
	int64_t now = env->ctx.now;
	int rc = 0;
	*narticles = 0;
	for (size_t i = 0; !rc && i < sizeof(articles) / sizeof(articles[0]); i++) {
		const struct demo_article *d = &articles[i];
		size_t nk = 0;
		while (nk < 4 && d->keywords[nk])
			nk++;
		struct article_input in = {.title = d->title,
					   .summary = d->summary,
					   .body = d->body,
					   .kind = d->kind,
					   .audience = d->audience,
					   .owner = d->author,
					   .services = (const char **)&d->service,
					   .service_count = d->service ? 1 : 0,
					   .categories = (const char **)&d->category,
					   .category_count = d->category ? 1 : 0,
					   .keywords = (const char **)d->keywords,
					   .keyword_count = nk,
					   .set_title = true,
					   .set_summary = true,
					   .set_body = true,
					   .set_kind = true,
					   .set_audience = true,
					   .set_owner = true,
					   .set_services = true,
					   .set_categories = true,
					   .set_keywords = true};
		struct article a;
		struct sw_error err;
		sw_error_clear(&err);
		env->ctx.now = now - (int64_t)(sizeof(articles) / sizeof(articles[0]) - i) * 3 * 86400;
		if ((rc = act_as(env, d->author)))
			break;
		if (article_create(&env->ctx, &in, &a, &err) ||
		    article_act(&env->ctx, a.number, ARTICLE_SUBMIT, NULL, 0, &a, &err)) {
			rc = cli_error("demo article", &err);
			break;
		}
		if (strcmp(d->stage, "in_review") != 0 &&
		    ((rc = act_as(env, "maria.manager")) ||
		     article_act(&env->ctx, a.number, ARTICLE_PUBLISH, NULL, 0, &a, &err))) {
			rc = rc ? rc : cli_error("demo publication", &err);
			break;
		}
		/* the review date its owner set: half a year out, or (stale) one that has passed */
		char review[21];
		time_format_rfc3339(now + (strcmp(d->stage, "stale") == 0 ? -30 : 180) * 86400, review);
		review[10] = 0;
		struct article_input date = {.review_by = review, .set_review_by = true};
		if (!rc &&
		    ((rc = act_as(env, d->author)) || article_update(&env->ctx, a.number, a.revision, &date, &a, &err)))
			rc = rc ? rc : cli_error("demo review date", &err);
		for (size_t k = 0; !rc && k < 3 && d->helpful[k]; k++)
			if (!(rc = act_as(env, d->helpful[k]))) {
				struct article_rating r;
				if (article_rate(&env->ctx, a.number, true, NULL, &r, &err))
					rc = cli_error("demo rating", &err);
			}
		for (size_t k = 0; !rc && k < 2 && d->not_helpful[k]; k++)
			if (!(rc = act_as(env, d->not_helpful[k]))) {
				struct article_rating r;
				if (article_rate(&env->ctx, a.number, false, "Did not work for me.", &r, &err))
					rc = cli_error("demo rating", &err);
			}
		if (!rc)
			(*narticles)++;
	}
	env->ctx.actor = system;
	env->ctx.now = now;
	return rc;
}
