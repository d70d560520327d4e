/*
 * cmd_event.c — `steward event send`: one event from the command line, for
 * scripts on the Steward host (cron jobs, Nagios handlers).  The flags are
 * written as the generic event's JSON and decoded by the same decoder as
 * POST /api/v1/events (api/alert_decode.h), so the rules and bounds are
 * the API's; the event is then taken in the name of the event source
 * --source names, as if it had sent it (docs/events.md).
 */
#include <stdio.h>
#include <string.h>

#include "api/alert_decode.h"
#include "base/buf.h"
#include "base/jsonw.h"
#include "base/limits.h"
#include "cli/cli.h"
#include "core/event/alert.h"
#include "base/banned.h"

#define EVENT_USAGE                                                                                                    \
	"steward event send --source NAME --check CHECK --severity critical|major|minor|warning|info\n"                \
	"  [--resource CI] [--service NAME] [--state firing|resolved] [--message TEXT] [--dedup-key KEY]\n"            \
	"  [--time RFC3339] [LABEL=VALUE ...] [--db URL]"

#define EVENT_FLAGS 8
static const char *const flags[EVENT_FLAGS][2] = {
	{"--check", "check"}, {"--severity", "severity"}, {"--resource", "resource"},   {"--service", "service"},
	{"--state", "state"}, {"--message", "message"},   {"--dedup-key", "dedup_key"}, {"--time", "time"},
};

/* The flags (values[i] of flags[i], read first: what is left are the
 * labels) as the generic event's JSON into b. */
static enum sw_err event_json(const char *const values[EVENT_FLAGS], const char *const *labels_kv, size_t nlabels,
			      struct buf *b)
{
	struct jsonw w;
	jsonw_init(&w, b);
	jsonw_obj_open(&w);
	for (size_t i = 0; i < EVENT_FLAGS; i++)
		if (values[i])
			jsonw_kstr(&w, flags[i][1], values[i]);
	bool labels = false;
	for (size_t i = 0; i < nlabels; i++) {
		const char *kv = labels_kv[i];
		const char *eq = strchr(kv, '=');
		if (!eq)
			continue;
		if (!labels) {
			jsonw_key(&w, "labels");
			jsonw_obj_open(&w);
			labels = true;
		}
		char name[ALERT_LABEL_NAME_MAX + 2];
		snprintf(name, sizeof(name), "%.*s", (int)(eq - kv), kv);
		jsonw_kstr(&w, name, eq + 1);
	}
	if (labels)
		jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	return w.err;
}

/* The positionals (LABEL=VALUE) into kv, *n of them; false for one that
 * is not, or too many. */
static bool labels_of(struct cli_args *a, const char **kv, size_t max, size_t *n)
{
	const char *p;
	for (*n = 0; (p = cli_positional(a, 0));) {
		if (!strchr(p, '=') || *n == max) {
			fprintf(stderr, "steward event send: '%s' is not LABEL=VALUE (at most %zu)\n", p, max);
			return false;
		}
		kv[(*n)++] = p;
	}
	return true;
}

static int run_send(struct cli_env *env, struct cli_args *a)
{
	const char *source = cli_flag(a, "--source");
	const char *values[EVENT_FLAGS];
	for (size_t i = 0; i < EVENT_FLAGS; i++)
		values[i] = cli_flag(a, flags[i][0]);
	struct req r;
	memset(&r, 0, sizeof(r));
	arena_init(&r.arena, LIMIT_ARENA);
	buf_init(&r.body, ALERT_BODY_MAX);
	int rc = 0;
	const char *kv[ALERT_LABELS_MAX];
	size_t nkv = 0;
	if (!source || !labels_of(a, kv, ALERT_LABELS_MAX, &nkv) || event_json(values, kv, nkv, &r.body)) {
		rc = cli_usage(EVENT_USAGE);
		goto out;
	}
	if ((rc = cli_unused(a, "event send")))
		goto out;
	struct sw_error err;
	sw_error_clear(&err);
	struct alert_batch batch;
	struct event_source src;
	struct alert_ingest_result res;
	struct record_key key = {.name = source};
	if (api_event_decode(&r, &batch, &err)) {
		rc = cli_error("the event is not valid", &err);
	} else if (record_get(&env->ctx, &event_source_kind, &key, &src, &err)) {
		rc = cli_error("no such event source", &err);
	} else if (!src.active) {
		fprintf(stderr, "steward: event source '%s' is not active\n", source);
		rc = 1;
	} else if (alert_ingest(&env->ctx, &src, &batch, buf_cstr(&r.body), r.body.len, &res, &err)) {
		rc = cli_error("the event was not taken", &err);
	} else {
		printf("received %zu, created %zu, updated %zu, unchanged %zu, incidents opened %zu, attached %zu\n",
		       res.received, res.created, res.updated, res.unchanged, res.incidents, res.attached);
	}
out:
	buf_release(&r.body);
	arena_release(&r.arena);
	return rc;
}

int cmd_event(int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "send") != 0)
		return cli_usage(EVENT_USAGE);
	return cli_run(argc - 1, argv + 1, true, run_send);
}
