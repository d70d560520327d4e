/*
 * cmd_demo_releases.c — the releases of `steward demo`: the network
 * release of the quarter, grouping the VPN firmware upgrade (waiting for
 * authorisation) and the second Wi-Fi controller, not ready yet; and the
 * emergency release that rolled the payment plug-in back, gone with a
 * reason (its change recorded no test results) and closed.  Taken through
 * the core operations by their owners, so their history reads as in real
 * use.  The releases are demo/releases.json.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "base/limits.h"
#include "cli/cli.h"
#include "core/change/release.h"
#include "base/banned.h"

/* A release as its owner raises it (ReleaseInput) grouping the demo
 * changes of those titles, then taken along path: actions in order,
 * space separated, 20 minutes apart; go with go_reason where the release
 * is not ready. */
struct demo_release {
	struct ticket_input in;
	const char *owner;
	const char **change_titles;
	size_t change_count;
	const char *path, *go_reason;
	int age_hours;
	int window_hours; /* its deployment window starts this long from now (negative: in the past), lasts three */
};
static const struct field release_fields[] = {
	FIELDS_TEXT_REQUIRED(struct demo_release, (owner, LIMIT_LOGIN_LEN)),
	FIELD_PLAIN_STRINGS(struct demo_release, "change_titles", 20, change_titles, change_count),
	FIELDS_TEXT_REQUIRED(struct demo_release, (path, 200)),
	FIELDS_TEXT(struct demo_release, (go_reason, LIMIT_REASON_LEN)),
	FIELD_PLAIN_RANGE(struct demo_release, "age_hours", FT_INT, 0, 24 * 366, age_hours, true),
	FIELD_PLAIN_RANGE(struct demo_release, "window_hours", FT_INT, -24 * 366, 24 * 366, window_hours, true),
};

/* Release d raised by its owner, its changes linked, taken along its path. */
static enum sw_err make_release(struct cli_env *env, const void *row, struct sw_error *err)
{
	const struct demo_release *d = row;
	struct ctx *c = &env->ctx;
	enum sw_err rc = demo_act_as(env, d->owner, err);
	if (rc)
		return rc;
	int64_t now = demo_started();
	c->now = now - (int64_t)d->age_hours * 3600;
	struct ticket_input in = d->in;
	in.window_start = now + (int64_t)d->window_hours * 3600;
	in.window_end = in.window_start + 3 * 3600;
	in.set_window_start = in.set_window_end = true;
	in.via = "agent";
	const char *numbers[20];
	size_t n = 0;
	for (; n < d->change_count; n++)
		if (!(numbers[n] = demo_number("change", d->change_titles[n])))
			return sw_fail(err, SW_EINTERNAL, NULL, "no demo change '%s'", d->change_titles[n]);
	struct ticket t;
	if ((rc = ticket_create(c, &ticket_kind_release, &in, &t, err)) ||
	    (rc = release_link(c, t.number, numbers, n, &t, err)))
		return rc;
	char s[64];
	for (const char *at = d->path; !rc && demo_step(&at, s, sizeof(s));) {
		c->now += 1200;
		struct ticket_action_input act = {.reason = strcmp(s, "go") == 0 ? d->go_reason : NULL};
		rc = ticket_action(c, &ticket_kind_release, t.number, s, &act, &t, err);
	}
	return rc;
}

const struct demo_table demo_release_table = {
	"demo release", DEMO_ROWS("releases", "releases", &api_schema_incident, struct demo_release, release_fields),
	offsetof(struct demo_release, in.title), make_release, NULL};
