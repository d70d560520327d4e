/*
 * cmd_demo_releases.c — the releases of `steward demo`: the network
 * release of the quarter, grouping the VPN firmware upgrade (waiting for
 * authorisation) and the second Wi-Fi controller, not ready yet; and the
 * emergency release that rolled the payment plug-in back, gone with a
 * reason (its change recorded no test results) and closed.  Taken through
 * the core operations by their owners, so their history reads as in real
 * use.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "base/limits.h"
#include "cli/cli.h"
#include "core/change/release.h"
#include "core/port/account.h"
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
};
static const struct field release_fields[] = {
	FIELD_PLAIN(struct demo_release, "owner", FT_STRING, LIMIT_LOGIN_LEN, owner, true),
	FIELD_PLAIN_STRINGS(struct demo_release, "change_titles", 20, change_titles, change_count),
	FIELD_PLAIN(struct demo_release, "path", FT_STRING, 200, path, true),
	FIELD_PLAIN(struct demo_release, "go_reason", FT_STRING, LIMIT_REASON_LEN, go_reason, false),
	FIELD_PLAIN_RANGE(struct demo_release, "age_hours", FT_INT, 0, 24 * 366, age_hours, true),
};
static const struct demo_section release_rows =
	DEMO_ROWS("releases", "releases", &api_schema_incident, struct demo_release, release_fields);

static enum sw_err make_release(struct cli_env *env, const struct demo_release *d, int64_t now, struct sw_error *err)
{
	struct ctx *c = &env->ctx;
	struct user u;
	enum sw_err rc = store_user_by_login(&env->store, d->owner, &u, err);
	if (rc)
		return rc;
	c->actor = (struct actor){.user_id = u.id, .login = u.login, .role = ROLE_AGENT};
	c->now = now - (int64_t)d->age_hours * 3600;
	struct ticket_input in = d->in;
	in.window_start = now + (d->age_hours > 24 ? -46 : 24 * 14) * 3600;
	in.window_end = in.window_start + 3 * 3600;
	in.set_window_start = in.set_window_end = true;
	in.via = "agent";
	const char *numbers[20];
	size_t n = 0;
	for (; n < d->change_count; n++)
		if (!(numbers[n] = demo_change_number(d->change_titles[n])))
			return sw_fail(err, SW_EINTERNAL, NULL, "no demo change '%s'", d->change_titles[n]);
	struct ticket t;
	if ((rc = ticket_create(c, &ticket_kind_release, &in, &t, err)) ||
	    (rc = release_link(c, t.number, numbers, n, &t, err)))
		return rc;
	char steps[64];
	snprintf(steps, sizeof(steps), "%s", d->path);
	for (char *s = steps, *end = NULL; *s && !rc; s = end + 1) {
		end = strchr(s, ' ');
		if (end)
			*end = 0;
		c->now += 1200;
		struct ticket_action_input act = {.reason = strcmp(s, "go") == 0 ? d->go_reason : NULL};
		rc = ticket_action(c, &ticket_kind_release, t.number, s, &act, &t, err);
		if (!end)
			break;
	}
	return rc;
}

int demo_releases(struct cli_env *env, int64_t now, size_t *nreleases)
{
	const struct demo_release *releases = demo_rows(&release_rows, nreleases);
	if (!releases)
		return 1;
	struct actor system = env->ctx.actor;
	struct sw_error err;
	sw_error_clear(&err);
	int rc = 0;
	for (size_t i = 0; i < *nreleases && !rc; i++)
		if (make_release(env, &releases[i], now, &err)) {
			char what[160];
			snprintf(what, sizeof(what), "demo release '%s'", releases[i].in.title);
			rc = cli_error(what, &err);
		}
	env->ctx.actor = system;
	env->ctx.now = now;
	return rc;
}
