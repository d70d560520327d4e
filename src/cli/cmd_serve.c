/*
 * cmd_serve.c — `steward serve`: check the schema, start the scheduler,
 * the event poller and (with an SMTP server configured) the mailer
 * thread, then serve HTTP until SIGTERM or SIGINT.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/limits.h"
#include "base/log.h"
#include "base/util.h"
#include "cli/cli.h"
#include "cli/worker.h"
#include "core/ticket/events.h"
#include "api/api.h"
#include "api/ingest.h"
#include "core/kernel/auth.h"
#include "http/http.h"
#include "store/store.h"
#include "base/banned.h"

/* ---- the application as the HTTP layer sees it (struct app_ops) ------------- */

static enum sw_err serve_open(struct req *r, struct sw_error *err)
{
	enum sw_err rc = store_acquire(r->app->db, &r->arena, &r->store, err);
	if (rc)
		return rc;
	r->ctx = (struct ctx){.store = &r->store, .arena = &r->arena, .now = time_now(), .cfg = r->app->core};
	/* a GET's reads share one snapshot (one SQLite read transaction
	 * instead of one per statement); a write in it ends the snapshot */
	if (http_safe_method(r->method))
		db_read_begin(r->store.conn);
	return SW_OK;
}

static void serve_handled(struct req *r)
{
	db_read_end(r->store.conn);
}

static void serve_close(struct req *r)
{
	if (r->store.conn)
		db_rollback(r->store.conn); /* a no-op unless a handler leaked a transaction */
}

/* The appender has committed payloads: the ingestion worker takes them. */
static void ingest_committed(void *arg)
{
	worker_poke(arg);
}

/* The scheduler of this process, for serve_quiesced; set before the
 * server starts and read only by the thread that stops it. */
static struct worker *serve_sched;

/* SIGTERM: the payloads waiting to be accepted are committed and answered
 * (the appender stops, and a late request commits on its own thread), and
 * a scheduler pass in progress ends at its next clock, while the server
 * waits for its requests in flight. */
static void serve_quiesced(void)
{
	api_ingest_stop();
	if (serve_sched)
		atomic_store(&serve_sched->cancel, true);
}

static bool serve_healthy(struct req *r)
{
	struct sw_error err;
	sw_error_clear(&err);
	return db_ping(r->app->db, &err) == SW_OK;
}

/* The database's counters. */
static enum sw_err serve_metrics(struct buf *out)
{
	enum sw_err rc = SW_OK;
	rc |= buf_printf(out,
			 "# HELP steward_db_errors_total Database driver errors.\n"
			 "# TYPE steward_db_errors_total counter\nsteward_db_errors_total %ld\n",
			 db_error_count());
	long commits, writers;
	db_group_stats(&commits, &writers);
	rc |= buf_printf(
		out,
		"# HELP steward_db_group_commits_total SQLite: COMMITs shared by concurrent writers.\n"
		"# TYPE steward_db_group_commits_total counter\nsteward_db_group_commits_total %ld\n"
		"# HELP steward_db_group_writes_total SQLite: write transactions made durable by those COMMITs.\n"
		"# TYPE steward_db_group_writes_total counter\nsteward_db_group_writes_total %ld\n",
		commits, writers);
	long hits, misses;
	scache_stats(&hits, &misses);
	rc |= buf_printf(out,
			 "# HELP steward_search_cache_hits_total Searches answered from matches kept in memory.\n"
			 "# TYPE steward_search_cache_hits_total counter\nsteward_search_cache_hits_total %ld\n"
			 "# HELP steward_search_cache_misses_total Searches that read the full-text index.\n"
			 "# TYPE steward_search_cache_misses_total counter\nsteward_search_cache_misses_total %ld\n",
			 hits, misses);
	/* the same COMMITs as a histogram of their batch sizes (writers in one COMMIT) */
	long batches[DB_GROUP_BUCKETS];
	db_group_batches(batches);
	rc |= buf_printf(out, "# HELP steward_db_group_batch_size SQLite: writers made durable by one COMMIT.\n"
			      "# TYPE steward_db_group_batch_size histogram\n");
	long cumulative = 0;
	for (int i = 0; i < DB_GROUP_BUCKETS; i++) {
		cumulative += batches[i];
		rc |= buf_printf(out, "steward_db_group_batch_size_bucket{le=\"%ld\"} %ld\n", 1L << i, cumulative);
	}
	rc |= buf_printf(out,
			 "steward_db_group_batch_size_bucket{le=\"+Inf\"} %ld\n"
			 "steward_db_group_batch_size_sum %ld\nsteward_db_group_batch_size_count %ld\n",
			 cumulative, writers, cumulative);
	struct ingest_stats in;
	api_ingest_stats(&in);
	rc |= buf_printf(out,
			 "# HELP steward_ingest_accepted_total Event payloads accepted (202) by this process.\n"
			 "# TYPE steward_ingest_accepted_total counter\nsteward_ingest_accepted_total %ld\n"
			 "# HELP steward_ingest_processed_total Accepted payloads processed by this process.\n"
			 "# TYPE steward_ingest_processed_total counter\nsteward_ingest_processed_total %ld\n"
			 "# HELP steward_ingest_failed_total Accepted payloads that could not be processed.\n"
			 "# TYPE steward_ingest_failed_total counter\nsteward_ingest_failed_total %ld\n"
			 "# HELP steward_ingest_pending Accepted payloads waiting to be processed.\n"
			 "# TYPE steward_ingest_pending gauge\nsteward_ingest_pending %ld\n",
			 in.accepted, in.processed, in.failed, in.pending);
	return rc;
}

static int run_serve(struct cli_env *env, struct cli_args *a)
{
	struct event_hub *hub = NULL;
	int rc = cli_unused(a, "serve");
	if (rc)
		goto out;
	char address[64];
	const char *colon = strrchr(env->s.listen, ':');
	int64_t port, threads;
	if (!colon || (size_t)(colon - env->s.listen) >= sizeof(address) ||
	    parse_int64(colon + 1, strlen(colon + 1), 0, 65535, &port)) {
		fprintf(stderr, "steward: --listen must be ADDRESS:PORT, not '%s'\n", env->s.listen);
		rc = 2;
		goto out;
	}
	if (parse_int64(env->s.threads, strlen(env->s.threads), 1, 256, &threads)) {
		fprintf(stderr, "steward: --threads must be 1 to 256\n");
		rc = 2;
		goto out;
	}
	struct worker sched = {.name = "scheduler", .db = env->db, .core = &env->core, .job = worker_scheduler_job};
	struct worker mailer = {.name = "mailer", .db = env->db, .core = &env->core, .job = worker_mailer_job};
	struct worker poller = {.name = "mail-poll", .db = env->db, .core = &env->core, .job = worker_mail_poll_job};
	struct worker hooks = {.name = "webhooks", .db = env->db, .core = &env->core, .job = worker_webhook_job};
	/* the event poller: often, since a person waits for what it reads */
	struct worker events = {
		.name = "events", .db = env->db, .core = &env->core, .job = worker_events_job, .interval_ms = 250};
	/* the ingestion worker: woken by each commit of accepted payloads, and
	 * every second for those another process accepted */
	struct worker ingest = {
		.name = "ingest", .db = env->db, .core = &env->core, .job = worker_ingest_job, .interval_ms = 1000};
	int64_t attempts, hook_attempts, streams, head_timeout, body_rate, per_addr;
	if (settings_duration(env->s.head_timeout, "head_timeout", &head_timeout) ||
	    settings_int(env->s.body_min_rate, "body_min_rate", 0, INT32_MAX, &body_rate) ||
	    settings_int(env->s.connections_per_address, "connections_per_address", 0, LIMIT_CONNECTIONS, &per_addr) ||
	    settings_duration(env->s.scheduler_interval, "scheduler_interval", &sched.interval_s) ||
	    settings_duration(env->s.auto_close_after, "auto_close_after", &sched.sched.auto_close_s) ||
	    settings_duration(env->s.archive_after, "archive_after", &sched.sched.archive_s) ||
	    settings_duration(env->s.approval_remind_after, "approval_remind_after", &sched.sched.approval_remind_s) ||
	    settings_duration(env->s.risk_reassess_after, "risk_reassess_after", &sched.sched.risk_reassess_s) ||
	    settings_duration(env->s.mailer_interval, "mailer_interval", &mailer.interval_s) ||
	    settings_duration(env->s.mail_poll_interval, "mail_poll_interval", &poller.interval_s) ||
	    settings_duration(env->s.mail_retry, "mail_retry", &mailer.mail.retry.retry_base_s) ||
	    settings_int(env->s.mail_max_attempts, "mail_max_attempts", 1, 100, &attempts) ||
	    settings_duration(env->s.webhook_interval, "webhook_interval", &hooks.interval_s) ||
	    settings_duration(env->s.webhook_retry, "webhook_retry", &hooks.hooks.retry_base_s) ||
	    settings_int(env->s.webhook_attempts, "webhook_attempts", 1, 100, &hook_attempts) ||
	    settings_int(env->s.event_streams, "event_streams", 0, 100000, &streams)) {
		rc = 2;
		goto out;
	}
	if (sched.interval_s < 1 || mailer.interval_s < 1 || mailer.mail.retry.retry_base_s < 1 ||
	    hooks.interval_s < 1 || hooks.hooks.retry_base_s < 1) {
		fprintf(stderr, "steward: scheduler_interval, mailer_interval, mail_retry, webhook_interval and "
				"webhook_retry must be at least 1s\n");
		rc = 2;
		goto out;
	}
	if (strcmp(env->s.ingest_drain, "true") != 0 && strcmp(env->s.ingest_drain, "false") != 0) {
		fprintf(stderr, "steward: setting ingest_drain must be true or false, not '%s'\n", env->s.ingest_drain);
		rc = 2;
		goto out;
	}
	bool draining = strcmp(env->s.ingest_drain, "true") == 0;
	mailer.mail.retry.max_attempts = (int)attempts;
	hooks.hooks.max_attempts = (int)hook_attempts;
	mail_rules_defaults(&poller.mail_rules);
	poller.mail_rules.loop_id = env->s.smtp_from;
	poller.imap_ca_file = *env->s.imap_ca_file ? env->s.imap_ca_file : NULL;
	bool polling = poller.interval_s > 0; /* 0s: no IMAP polling */
	mailer.mail.from = env->s.smtp_from;
	mailer.mail.public_url = env->s.public_url;
	mailer.smtp = (struct smtp_config){
		.url = env->s.smtp_url, .user = env->s.smtp_user, .password = env->s.smtp_password};
	if (smtp_tls_parse(env->s.smtp_tls, &mailer.smtp.tls)) {
		fprintf(stderr, "steward: setting smtp_tls must be no, try or yes, not '%s'\n", env->s.smtp_tls);
		rc = 2;
		goto out;
	}
	/* auto: Secure when the public address is https (behind a TLS proxy) */
	bool cookie_secure = strcmp(env->s.cookie_secure, "true") == 0;
	if (strcmp(env->s.cookie_secure, "auto") == 0)
		cookie_secure = strncasecmp(env->s.public_url, "https://", 8) == 0;
	else if (!cookie_secure && strcmp(env->s.cookie_secure, "false") != 0) {
		fprintf(stderr, "steward: setting cookie_secure must be auto, true or false, not '%s'\n",
			env->s.cookie_secure);
		rc = 2;
		goto out;
	}
	struct sw_error err;
	sw_error_clear(&err);
	if (events_start(&env->ctx, LIMIT_EVENT_BACKLOG, &events.events, &err)) {
		rc = cli_error("events", &err);
		goto out;
	}
	if (!(hub = event_hub_new((int)streams, events.events.id))) {
		fprintf(stderr, "steward: out of memory\n");
		rc = 1;
		goto out;
	}
	events.hub = hub;
	snprintf(address, sizeof(address), "%.*s", (int)(colon - env->s.listen), env->s.listen);
	serve_sched = &sched;
	struct app_ops ops = {.routes = api_routes(),
			      .open = serve_open,
			      .handled = serve_handled,
			      .close = serve_close,
			      .bearer = auth_bearer,
			      .session = auth_session,
			      .csrf_valid = auth_csrf_valid,
			      .healthy = serve_healthy,
			      .metrics = serve_metrics,
			      .openapi_schemas = api_openapi_schemas,
			      .quiesced = serve_quiesced};
	struct app app = {.ops = &ops,
			  .db = env->db,
			  .events = hub,
			  .core = &env->core,
			  .cookie_secure = cookie_secure,
			  .trusted_proxy = *env->s.trusted_proxy ? env->s.trusted_proxy : NULL,
			  .version = STEWARD_VERSION};
	struct server_options opt = {.address = address,
				     .port = (int)port,
				     .threads = (int)threads,
				     .head_timeout_ms = head_timeout * 1000,
				     .body_min_rate = body_rate,
				     .connections_per_addr = (unsigned)per_addr};
	log_msg(LOG_INFO, "starting", "database", LOG_STR, db_backend_name(db_backend(env->db)), (char *)0);
	/* the server waits for these with sigwait: no other thread may take them */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	if (smtp_global_init(&err)) { /* libcurl: mail, and the webhooks' deliveries */
		rc = cli_error("mail", &err);
		goto out;
	}
	if (worker_start(&sched) || worker_start(&events) || (env->core.email_enabled && worker_start(&mailer)) ||
	    worker_start(&hooks) || (polling && worker_start(&poller)) || (draining && worker_start(&ingest)) ||
	    api_ingest_start(env->db, &env->core, draining ? ingest_committed : NULL, &ingest)) {
		fprintf(stderr, "steward: cannot start a background thread\n");
		api_ingest_stop();
		worker_stop(&ingest);
		worker_stop(&poller);
		worker_stop(&mailer);
		worker_stop(&hooks);
		worker_stop(&events);
		worker_stop(&sched);
		rc = 1;
		goto out;
	}
	if (server_run(&app, &opt, &err)) {
		rc = cli_error("serve", &err);
	}
	api_ingest_stop(); /* after the server: no request is left waiting for it */
	worker_stop(&ingest);
	worker_stop(&poller);
	worker_stop(&mailer);
	worker_stop(&hooks);
	worker_stop(&events);
	worker_stop(&sched);
	smtp_global_cleanup();
out:
	event_hub_free(hub); /* after the daemon: no stream is left */
	return rc;
}

int cmd_serve(int argc, char **argv)
{
	return cli_run(argc, argv, true, run_serve);
}
