/*
 * cmd_demo_releases.c — the releases of `steward demo`: the network
 * release of the quarter, grouping the VPN firmware upgrade (waiting for
 * authorisation) and the second Wi-Fi controller, not ready yet; and the
 * emergency release that rolled the payment plug-in back, gone with a
 * reason (its change recorded no test results) and closed.  Taken through
 * the core operations by their owners, so their history reads as in real
 * use.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/change/release.h"
#include "core/port/account.h"
#include "base/banned.h"

struct demo_release {
	struct ticket_input in;
	const char *owner;
	const char *changes[3]; /* demo change titles */
	const char *path;       /* actions in order, space separated */
	const char *reason;     /* of go, where the release is not ready */
	int age_hours;
};

/* clang-format off */
static const struct demo_release releases[] = {
	{{.title = "Network release 2027.1", .release_version = "2027.1", .release_type = "minor",
	  .release_notes = "# Network release 2027.1\n\n- **VPN**: firmware 9.1.3 fixes the IKE rekey drops.\n"
			   "- **Wi-Fi**: a second controller, so no access point depends on one box.\n",
	  .description = "The network changes of the quarter, deployed in one evening.",
	  .set_title = true, .set_release_version = true, .set_release_type = true, .set_release_notes = true,
	  .set_description = true},
	 "nina.net", {"Upgrade vpn-gw-01 firmware to 9.1.3", "Add a second Wi-Fi controller", NULL}, "build", NULL, 6},
	{{.title = "Payment plug-in 4.2 rollback", .release_version = "4.2.1", .release_type = "emergency",
	  .release_notes = "# 4.2.1\n\nPayment plug-in 4.2 back in place of 4.3 (connection leak under load).\n",
	  .set_title = true, .set_release_version = true, .set_release_type = true, .set_release_notes = true},
	 "omar.apps", {"Roll back payment plug-in to 4.2", NULL, NULL}, "build test go close",
	 "Checkout down for every customer; the emergency board agreed by phone", 47},
};
/* clang-format on */

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
	const char *numbers[3];
	size_t n = 0;
	for (; n < 3 && d->changes[n]; n++)
		if (!(numbers[n] = demo_change_number(d->changes[n])))
			return sw_fail(err, SW_EINTERNAL, NULL, "no demo change '%s'", d->changes[n]);
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
		struct ticket_action_input act = {.reason = strcmp(s, "go") == 0 ? d->reason : NULL};
		rc = ticket_action(c, &ticket_kind_release, t.number, s, &act, &t, err);
		if (!end)
			break;
	}
	return rc;
}

int demo_releases(struct cli_env *env, int64_t now, size_t *nreleases)
{
	struct actor system = env->ctx.actor;
	struct sw_error err;
	sw_error_clear(&err);
	int rc = 0;
	for (size_t i = 0; i < sizeof(releases) / sizeof(releases[0]) && !rc; i++)
		if (make_release(env, &releases[i], now, &err)) {
			char what[160];
			snprintf(what, sizeof(what), "demo release '%s'", releases[i].in.title);
			rc = cli_error(what, &err);
		}
	env->ctx.actor = system;
	env->ctx.now = now;
	*nreleases = sizeof(releases) / sizeof(releases[0]);
	return rc;
}
