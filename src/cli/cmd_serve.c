/*
 * cmd_serve.c — `steward serve`: check the schema, start the scheduler
 * thread, then serve HTTP until SIGTERM or SIGINT.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "cli/cli.h"
#include "cli/scheduler.h"
#include "http/http.h"
#include "base/banned.h"

int cmd_serve(int argc, char **argv)
{
	struct cli_args a;
	cli_args_init(&a, argc, argv);
	struct cli_env env;
	if (cli_open(&a, &env, true))
		return 1;
	int rc = cli_unused(&a, "serve");
	if (rc)
		goto out;
	char address[64];
	const char *colon = strrchr(env.s.listen, ':');
	int64_t port, threads;
	if (!colon || (size_t)(colon - env.s.listen) >= sizeof(address) ||
	    parse_int64(colon + 1, strlen(colon + 1), 0, 65535, &port)) {
		fprintf(stderr, "steward: --listen must be ADDRESS:PORT, not '%s'\n", env.s.listen);
		rc = 2;
		goto out;
	}
	if (parse_int64(env.s.threads, strlen(env.s.threads), 1, 256, &threads)) {
		fprintf(stderr, "steward: --threads must be 1 to 256\n");
		rc = 2;
		goto out;
	}
	int64_t interval, close_after;
	if (settings_duration(env.s.scheduler_interval, "scheduler_interval", &interval) ||
	    settings_duration(env.s.auto_close_after, "auto_close_after", &close_after)) {
		rc = 2;
		goto out;
	}
	if (interval < 1) {
		fprintf(stderr, "steward: setting scheduler_interval must be at least 1s\n");
		rc = 2;
		goto out;
	}
	snprintf(address, sizeof(address), "%.*s", (int)(colon - env.s.listen), env.s.listen);
	struct app app = {.db = env.db,
			  .core = &env.core,
			  .cookie_secure = strcmp(env.s.cookie_secure, "true") == 0,
			  .version = STEWARD_VERSION};
	struct server_options opt = {.address = address, .port = (int)port, .threads = (int)threads};
	struct sw_error err;
	sw_error_clear(&err);
	log_msg(LOG_INFO, "starting", "database", LOG_STR, db_backend_name(db_backend(env.db)), (char *)0);
	/* the server waits for these with sigwait: no other thread may take them */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	struct scheduler sched = {.db = env.db, .core = &env.core, .interval_s = interval, .auto_close_s = close_after};
	if (scheduler_start(&sched)) {
		fprintf(stderr, "steward: cannot start the scheduler thread\n");
		rc = 1;
		goto out;
	}
	if (server_run(&app, &opt, &err)) {
		cli_error("serve", &err);
		rc = 1;
	}
	scheduler_stop(&sched);
out:
	cli_close(&env);
	return rc;
}
