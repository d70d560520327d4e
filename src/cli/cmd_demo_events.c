/*
 * cmd_demo_events.c — event management and the status page of `steward
 * demo` (docs/events.md, docs/status-page.md): a Prometheus event source
 * with a mapping rule, a few alerts taken from it as if it had sent them
 * (one opens an incident on a web server, one is only recorded, one has
 * cleared), and the web shop and email made public on the status page,
 * with a public update on the alert's incident.
 */
#include <stddef.h>
#include <string.h>

#include "cli/cli.h"
#include "core/event/alert.h"
#include "core/event/status.h"
#include "core/port/account.h"
#include "base/banned.h"

static const struct event_source_input source = {.name = "prometheus", .quiet_seconds = 600, .set_quiet_seconds = true};
static const struct alert_rule_input rule = {.name = "Node alerts to their host",
					     .match_label = "job",
					     .match_value = "node",
					     .ci_label = "instance",
					     .min_severity = "minor",
					     .action = "create",
					     .position = 1,
					     .set_match_label = true,
					     .set_match_value = true,
					     .set_ci_label = true,
					     .set_min_severity = true,
					     .set_action = true,
					     .set_position = true};
static const struct status_service_input publics[] = {
	{.name = "Online shop", .service = "Web shop", .position = 1, .set_service = true, .set_position = true},
	{.name = "Email", .service = "Email", .position = 2, .set_service = true, .set_position = true},
};

static struct alert_label web_labels[] = {{"job", "node"}, {"instance", "web-01:9100"}};
static struct alert_label db_labels[] = {{"job", "node"}, {"instance", "db-prd-01:9100"}};
/* A firing alert of the demo, labelled by the array labels_. */
#define DEMO_ALERT(key_, name_, severity_, summary_, labels_)                                                          \
	{                                                                                                              \
		.key = (key_), .name = (name_), .state = ALERT_FIRING, .severity = (severity_), .summary = (summary_), \
		.labels = (labels_), .label_count = sizeof(labels_) / sizeof((labels_)[0])                             \
	}
static struct alert_event events[] = {
	DEMO_ALERT("demo-web-01-latency", "HighRequestLatency", SEV_MAJOR, "p99 latency over 2 s on web-01",
		   web_labels),
	DEMO_ALERT("demo-db-disk", "DiskAlmostFull", SEV_WARNING, "/var/lib/pgsql 85 % full", db_labels),
	{.key = "demo-web-02-down",
	 .name = "NodeDown",
	 .state = ALERT_RESOLVED,
	 .severity = SEV_CRITICAL,
	 .summary = "web-02 did not answer scrapes",
	 .resource = "web-02"},
};

int demo_events(struct cli_env *env, size_t *nsources, size_t *nalerts, size_t *npublic)
{
	struct actor system = env->ctx.actor;
	struct sw_error err;
	sw_error_clear(&err);
	struct user admin;
	struct event_source src;
	struct alert_rule r;
	int rc = 0;
	if (store_user_by_login(&env->store, "admin", &admin, &err))
		return cli_error("demo event source", &err);
	env->ctx.actor = (struct actor){.user_id = admin.id, .login = admin.login, .role = admin.role};
	if (record_create(&env->ctx, &event_source_kind, &source, &src, &err)) {
		rc = cli_error("demo event source", &err);
		goto out;
	}
	if (record_create(&env->ctx, &alert_rule_kind, &rule, &r, &err)) {
		rc = cli_error("demo alert rule", &err);
		goto out;
	}
	for (size_t i = 0; i < sizeof(publics) / sizeof(publics[0]); i++) {
		struct status_service v;
		if (record_create(&env->ctx, &status_service_kind, &publics[i], &v, &err)) {
			rc = cli_error("demo public service", &err);
			goto out;
		}
	}
	struct alert_batch batch = {
		.format = ALERT_FORMAT_GENERIC, .items = events, .count = sizeof(events) / sizeof(events[0])};
	struct alert_ingest_result res;
	static const char body[] = "{\"demo\":\"steward demo\"}";
	if (alert_ingest(&env->ctx, &src, &batch, body, strlen(body), &res, &err)) {
		rc = cli_error("demo alerts", &err);
		goto out;
	}
	*nsources = 1;
	*nalerts = res.created;
	*npublic = sizeof(publics) / sizeof(publics[0]);
out:
	env->ctx.actor = system;
	return rc;
}
