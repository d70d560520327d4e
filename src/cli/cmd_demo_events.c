/*
 * cmd_demo_events.c — event management and the status page of `steward
 * demo` (docs/events.md, docs/status-page.md): a Prometheus event source
 * with a mapping rule, a few alerts taken from it as if it had sent them
 * (one opens an incident on a web server, one is only recorded, one has
 * cleared), and the web shop and email made public on the status page,
 * with a public update on the alert's incident; and an outgoing webhook
 * for the on-call chat, switched off until it is given a real URL.  The alerts are the
 * payload demo/events.json holds, in the generic event format, decoded and
 * stored as a monitoring system's would be.
 */
#include <stddef.h>
#include <string.h>

#include "api/alert_decode.h"
#include "api/api.h"
#include "cli/cli.h"
#include "core/event/alert.h"
#include "core/event/status.h"
#include "core/notify/webhook.h"
#include "core/port/account.h"
#include "base/banned.h"

/* The event source, its mapping rule and the services made public, as
 * an admin makes them. */
static const struct demo_section source_rows =
	DEMO_INPUTS("events", "sources", &api_schema_event_source, struct event_source_input);
static const struct demo_table tables[] = {
	{"demo alert rule", DEMO_INPUTS("events", "rules", &api_schema_alert_rule, struct alert_rule_input),
	 offsetof(struct alert_rule_input, name), NULL, &alert_rule_kind},
	{"demo public service",
	 DEMO_INPUTS("events", "public_services", &api_schema_status_service, struct status_service_input),
	 offsetof(struct status_service_input, name), NULL, &status_service_kind},
	{"demo webhook", DEMO_INPUTS("events", "webhooks", &api_schema_webhook, struct webhook_input),
	 offsetof(struct webhook_input, name), NULL, &webhook_kind},
};

int demo_events(struct cli_env *env, size_t *nsources, size_t *nalerts, size_t *npublic)
{
	struct actor system = env->ctx.actor;
	struct sw_error err;
	sw_error_clear(&err);
	struct user admin;
	struct event_source src;
	size_t seeded[3];
	const struct event_source_input *sources = demo_rows(&source_rows, nsources);
	const char *alerts = demo_json("events", "alerts");
	if (!sources || !*nsources || !alerts)
		return 1;
	if (store_user_by_login(&env->store, "admin", &admin, &err))
		return cli_error("demo event source", &err);
	env->ctx.actor = (struct actor){.user_id = admin.id, .login = admin.login, .role = admin.role};
	int rc = 0;
	for (size_t i = 0; !rc && i < *nsources; i++)
		if (record_create(&env->ctx, &event_source_kind, &sources[i], &src, &err))
			rc = cli_error("demo event source", &err);
	if (rc || (rc = demo_seed(env, tables, 3, seeded)))
		goto out;
	/* what the (last) source sent */
	struct alert_batch batch;
	struct alert_ingest_result res;
	if (api_alert_decode_stored(&env->ctx, ALERT_FORMAT_GENERIC, alerts, strlen(alerts), &batch, &err) ||
	    alert_ingest(&env->ctx, &src, &batch, alerts, strlen(alerts), &res, &err)) {
		rc = cli_error("demo alerts", &err);
		goto out;
	}
	*nalerts = res.created;
	*npublic = seeded[1];
out:
	env->ctx.actor = system;
	return rc;
}
