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
	struct article_input in; /* what writes it, its owner the author; every member given */
	const char *stage;       /* "published", "in_review", or "stale" (published, review date gone) */
	const char *helpful[3], *not_helpful[2];
};

/* clang-format off */
static const struct demo_article articles[] = {
	{{.title = "Reset your password", .summary = "Forgotten or expired password: set a new one yourself in two minutes.",
	  .body = "If you forgot your password, or Windows says it has expired:\n\n"
		  "1. Go to the **self-service portal** from any browser.\n"
		  "2. Choose *Forgot password* and enter your login.\n"
		  "3. Answer the code sent to your phone.\n"
		  "4. Pick a new password: at least 12 characters, not one of your last five.\n\n"
		  "> Your laptop keeps the old password until it next talks to the office network: connect to the VPN "
		  "once after the change.\n\n"
		  "Still locked out? Raise an incident and the service desk will call you back.",
	  .kind = "how_to", .audience = "everyone", .owner = "sam.desk", .categories = (const char *[]){"access/password"}, .category_count = 1, .keywords = (const char *[]){"password", "login", "locked", "expired"}, .keyword_count = 4}, "published", {"jdoe", "asmith", "bwayne"}, {NULL}},
	{{.title = "Connect to the VPN from home", .summary = "Install the client once, then connect with your login and phone.",
	  .body = "## Once\n\n1. Install **GlobalConnect** from the software centre.\n2. Enter the portal `vpn.example.com`.\n\n"
		  "## Every time\n\n1. Open GlobalConnect and choose *Connect*.\n2. Approve the sign-in on your phone.\n\n"
		  "| Symptom | What to try |\n|---|---|\n| *Portal unreachable* | Check your home internet first |\n"
		  "| Drops every few minutes | Move closer to your Wi-Fi router or use a cable |\n",
	  .kind = "how_to", .audience = "everyone", .owner = "nina.net", .services = (const char *[]){"Remote access (VPN)"}, .service_count = 1, .categories = (const char *[]){"network/vpn"}, .category_count = 1, .keywords = (const char *[]){"vpn", "remote", "home", "globalconnect"}, .keyword_count = 4}, "published", {"ckent", "jdoe", NULL}, {"dprince", NULL}},
	{{.title = "Printer says 'paper jam' but the tray is empty", .summary = "A sensor behind tray 2 gets stuck on the floor printers; clear it before calling.",
	  .body = "The floor printers report a jam when the sensor flap behind **tray 2** stays up.\n\n"
		  "1. Pull tray 2 out completely.\n2. Press the small green flap at the back down once.\n"
		  "3. Push the tray back and wait for the printer to restart.\n\n"
		  "If the message comes back, raise an incident with the printer's asset tag.",
	  .kind = "troubleshooting", .audience = "everyone", .owner = "sam.desk", .categories = (const char *[]){"hardware/printer"}, .category_count = 1, .keywords = (const char *[]){"printer", "jam", "tray"}, .keyword_count = 3}, "published", {"pparker", NULL, NULL}, {NULL}},
	{{.title = "Outlook keeps asking for a password after the mailbox move", .summary = "Known error: cached credentials from before the move; workaround until the fix is rolled out.",
	  .body = "## Symptoms\n\nOutlook prompts for a password again and again; the web mail works.\n\n"
		  "## Root cause\n\nThe credential manager still holds the old mailbox server's entry.\n\n"
		  "## Workaround\n\n1. Close Outlook.\n2. Open *Credential Manager* and remove every `MicrosoftOffice` entry.\n"
		  "3. Start Outlook and sign in once.",
	  .kind = "known_error", .audience = "agents", .owner = "omar.apps", .services = (const char *[]){"Email"}, .service_count = 1, .categories = (const char *[]){"email"}, .category_count = 1, .keywords = (const char *[]){"outlook", "password", "prompt"}, .keyword_count = 3}, "published", {NULL}, {NULL}},
	{{.title = "Which browsers are supported?", .summary = "Current Edge, Chrome, Firefox and Safari.",
	  .body = "The portal and the business applications support the **two latest versions** of Edge, Chrome, Firefox "
		  "and Safari. Internet Explorer is not supported.",
	  .kind = "faq", .audience = "everyone", .owner = "maria.manager", .keywords = (const char *[]){"browser", "chrome", "firefox"}, .keyword_count = 3}, "published", {"asmith", NULL, NULL}, {NULL}},
	{{.title = "Restart the ERP batch queue after a failed invoice run", .summary = "For the desk's second line: what to check before restarting the queue.",
	  .body = "1. Check the database platform dashboard: a full disk stops the run.\n"
		  "2. On the ERP console run `queue restart invoices`.\n3. Watch the first batch finish, then tell Finance.",
	  .kind = "how_to", .audience = "agents", .owner = "ivy.infra", .services = (const char *[]){"ERP and invoicing"}, .service_count = 1, .categories = (const char *[]){"application"}, .category_count = 1, .keywords = (const char *[]){"erp", "invoice", "batch"}, .keyword_count = 3}, "in_review", {NULL}, {NULL}},
	{{.title = "Map the shared drive on a new laptop", .summary = "The S: drive is mapped at sign-in; if not, map it by hand.",
	  .body = "Open *This PC*, choose *Map network drive*, letter **S:**, folder `\\\\fs-01\\shared`, and tick "
		  "*Reconnect at sign-in*.",
	  .kind = "how_to", .audience = "everyone", .owner = "lee.desk", .categories = (const char *[]){"storage"}, .category_count = 1, .keywords = (const char *[]){"drive", "share", "mapped"}, .keyword_count = 3}, "stale", {NULL}, {NULL}},
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
		struct article_input in = d->in;
		in.set_title = in.set_summary = in.set_body = in.set_kind = in.set_audience = in.set_owner = true;
		in.set_services = in.set_categories = in.set_keywords = true;
		struct article a;
		struct sw_error err;
		sw_error_clear(&err);
		env->ctx.now = now - (int64_t)(sizeof(articles) / sizeof(articles[0]) - i) * 3 * 86400;
		if ((rc = act_as(env, d->in.owner)))
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
		if (!rc && ((rc = act_as(env, d->in.owner)) ||
			    article_update(&env->ctx, a.number, a.revision, &date, &a, &err)))
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
