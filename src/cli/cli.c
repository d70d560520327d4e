/*
 * cli.c — shared plumbing for the subcommands; see cli.h.
 */
#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/limits.h"
#include "base/util.h"
#include "cli/cli.h"
#include "http/http.h"
#include "store/catalog.h"
#include "base/banned.h"

void cli_args_init(struct cli_args *a, int argc, char **argv)
{
	memset(a, 0, sizeof(*a));
	a->argc = argc < 64 ? argc : 64;
	a->argv = argv;
}

const char *cli_flag(struct cli_args *a, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < a->argc; i++) {
		const char *arg = a->argv[i];
		if (strncmp(arg, name, n) != 0)
			continue;
		if (arg[n] == '=') {
			a->used[i] = true;
			return arg + n + 1;
		}
		if (arg[n] == 0 && i + 1 < a->argc) {
			a->used[i] = a->used[i + 1] = true;
			return a->argv[i + 1];
		}
	}
	return NULL;
}

bool cli_switch(struct cli_args *a, const char *name)
{
	for (int i = 0; i < a->argc; i++)
		if (strcmp(a->argv[i], name) == 0) {
			a->used[i] = true;
			return true;
		}
	return false;
}

const char *cli_positional(struct cli_args *a, int n)
{
	for (int i = 0; i < a->argc; i++) {
		if (a->used[i] || a->argv[i][0] == '-')
			continue;
		if (n-- == 0) {
			a->used[i] = true;
			return a->argv[i];
		}
	}
	return NULL;
}

int cli_unused(struct cli_args *a, const char *cmd)
{
	for (int i = 0; i < a->argc; i++)
		if (!a->used[i]) {
			fprintf(stderr, "steward %s: unexpected argument '%s' (see steward %s --help)\n", cmd,
				a->argv[i], cmd);
			return 2;
		}
	return 0;
}

/* ---- settings ------------------------------------------------------------------ */

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = 0;
	return s;
}

/* Every setting: its config-file key, flag (NULL: none), environment
 * variable and default.  README's configuration table lists the same. */
#define SETTING(key_, flag_, env_, fallback_)                                                                          \
	{                                                                                                              \
#key_, flag_, env_, offsetof(struct settings, key_), fallback_                                         \
	}
static const struct {
	const char *key, *flag, *env;
	size_t offset;
	const char *fallback;
} known[] = {
	SETTING(db, "--db", "STEWARD_DB", "sqlite:steward.db"),
	SETTING(listen, "--listen", "STEWARD_LISTEN", "127.0.0.1:8080"),
	SETTING(threads, "--threads", "STEWARD_THREADS", "4"),
	SETTING(password_cost, NULL, "STEWARD_PASSWORD_COST", "interactive"),
	SETTING(cookie_secure, NULL, "STEWARD_COOKIE_SECURE", "auto"),
	SETTING(session_lifetime, NULL, "STEWARD_SESSION_LIFETIME", "12h"),
	SETTING(session_idle_timeout, NULL, "STEWARD_SESSION_IDLE_TIMEOUT", "1h"),
	SETTING(trusted_proxy, NULL, "STEWARD_TRUSTED_PROXY", ""),
	SETTING(log_level, NULL, "STEWARD_LOG_LEVEL", "info"),
	SETTING(sla_warn_percent, NULL, "STEWARD_SLA_WARN_PERCENT", "75"),
	SETTING(reopen_window, NULL, "STEWARD_REOPEN_WINDOW", "14d"),
	SETTING(auto_close_after, NULL, "STEWARD_AUTO_CLOSE_AFTER", "7d"),
	SETTING(archive_after, NULL, "STEWARD_ARCHIVE_AFTER", "0s"),
	SETTING(approval_remind_after, NULL, "STEWARD_APPROVAL_REMIND_AFTER", "1d"),
	SETTING(approval_link_ttl, NULL, "STEWARD_APPROVAL_LINK_TTL", "7d"),
	SETTING(upload_ttl, NULL, "STEWARD_UPLOAD_TTL", "1d"),
	SETTING(risk_reassess_after, NULL, "STEWARD_RISK_REASSESS_AFTER", "1d"),
	SETTING(scheduler_interval, NULL, "STEWARD_SCHEDULER_INTERVAL", "30s"),
	SETTING(public_url, NULL, "STEWARD_PUBLIC_URL", "http://127.0.0.1:8080"),
	SETTING(criticality_priority, NULL, "STEWARD_CRITICALITY_PRIORITY", ""),
	SETTING(smtp_url, NULL, "STEWARD_SMTP_URL", ""),
	SETTING(smtp_from, NULL, "STEWARD_SMTP_FROM", "Steward <steward@localhost>"),
	SETTING(smtp_user, NULL, "STEWARD_SMTP_USER", ""),
	SETTING(smtp_password, NULL, "STEWARD_SMTP_PASSWORD", ""),
	SETTING(smtp_tls, NULL, "STEWARD_SMTP_TLS", "try"),
	SETTING(mail_max_attempts, NULL, "STEWARD_MAIL_MAX_ATTEMPTS", "8"),
	SETTING(mail_retry, NULL, "STEWARD_MAIL_RETRY", "1m"),
	SETTING(mailer_interval, NULL, "STEWARD_MAILER_INTERVAL", "5s"),
	SETTING(webhook_interval, NULL, "STEWARD_WEBHOOK_INTERVAL", "5s"),
	SETTING(webhook_retry, NULL, "STEWARD_WEBHOOK_RETRY", "30s"),
	SETTING(webhook_attempts, NULL, "STEWARD_WEBHOOK_ATTEMPTS", "8"),
	SETTING(mail_key, NULL, "STEWARD_MAIL_KEY", ""),
	SETTING(mail_poll_interval, NULL, "STEWARD_MAIL_POLL_INTERVAL", "60s"),
	SETTING(mail_sender_limit, NULL, "STEWARD_MAIL_SENDER_LIMIT", "30"),
	SETTING(imap_ca_file, NULL, "STEWARD_IMAP_CA_FILE", ""),
	SETTING(event_streams, NULL, "STEWARD_EVENT_STREAMS", "256"),
	SETTING(ingest_drain, NULL, "STEWARD_INGEST_DRAIN", "true"),
	SETTING(head_timeout, NULL, "STEWARD_HEAD_TIMEOUT", "10s"),
	SETTING(body_min_rate, NULL, "STEWARD_BODY_MIN_RATE", "1024"),
	SETTING(connections_per_address, NULL, "STEWARD_CONNECTIONS_PER_ADDRESS", "256"),
};

static int load_file(const char *path, struct settings *s)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "steward: cannot read config file '%s'\n", path);
		return 1;
	}
	char line[1024];
	int lineno = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		char *l = trim(line);
		if (!*l || *l == '#')
			continue;
		char *eq = strchr(l, '=');
		if (!eq) {
			fprintf(stderr, "steward: %s:%d: expected 'key = value'\n", path, lineno);
			fclose(f);
			return 1;
		}
		*eq = 0;
		char *key = trim(l), *value = strdup(trim(eq + 1));
		const char **slot = NULL;
		for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (strcmp(key, known[i].key) == 0)
				slot = (const char **)((char *)s + known[i].offset);
		if (!slot) {
			fprintf(stderr, "steward: %s:%d: unknown setting '%s'\n", path, lineno, key);
			free(value);
			fclose(f);
			return 1;
		}
		if (!*slot && s->owned_count < (int)(sizeof(s->owned) / sizeof(s->owned[0]))) {
			*slot = value; /* flags and environment win */
			s->owned[s->owned_count++] = value;
		} else {
			free(value);
		}
	}
	fclose(f);
	return 0;
}

int settings_load(struct cli_args *a, struct settings *s)
{
	memset(s, 0, sizeof(*s));
	s->config = cli_flag(a, "--config");
	if (!s->config && getenv("STEWARD_CONFIG") && *getenv("STEWARD_CONFIG"))
		s->config = getenv("STEWARD_CONFIG");
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		const char **slot = (const char **)((char *)s + known[i].offset);
		if (known[i].flag)
			*slot = cli_flag(a, known[i].flag);
		if (!*slot && getenv(known[i].env) && *getenv(known[i].env))
			*slot = getenv(known[i].env);
	}
	if (s->config && load_file(s->config, s))
		return 1;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		const char **slot = (const char **)((char *)s + known[i].offset);
		if (!*slot)
			*slot = known[i].fallback;
	}
	for (int l = 0; l < LOG_LEVEL__COUNT; l++)
		if (strcmp(s->log_level, log_level_name((enum log_level)l)) == 0)
			log_set_level((enum log_level)l);
	return 0;
}

int settings_int(const char *value, const char *key, int64_t min, int64_t max, int64_t *out)
{
	if (!parse_int64(value, strlen(value), min, max, out))
		return 0;
	fprintf(stderr, "steward: setting %s must be an integer from %lld to %lld, not '%s'\n", key, (long long)min,
		(long long)max, value);
	return 1;
}

/* "1:2,2:3": criticality 1 services' incidents get at least priority 2, ... */
int settings_floors(const char *value, int floor[5])
{
	for (const char *p = value; *p;) {
		int64_t crit, prio;
		const char *colon = strchr(p, ':'), *comma = strchr(p, ',');
		size_t end = comma ? (size_t)(comma - p) : strlen(p);
		if (!colon || (size_t)(colon - p) >= end || parse_int64(p, (size_t)(colon - p), 1, 4, &crit) ||
		    parse_int64(colon + 1, end - (size_t)(colon - p) - 1, 1, 5, &prio)) {
			fprintf(stderr,
				"steward: setting criticality_priority must be pairs CRITICALITY:PRIORITY such as "
				"1:2,2:3, not '%s'\n",
				value);
			return 1;
		}
		floor[crit] = (int)prio;
		p += end + (comma ? 1 : 0);
	}
	return 0;
}

int settings_duration(const char *value, const char *key, int64_t *out)
{
	if (!parse_duration(value, strlen(value), 3650LL * 86400, out))
		return 0;
	fprintf(stderr, "steward: setting %s must be a duration such as 7d, 12h, 30m or 45s, not '%s'\n", key, value);
	return 1;
}

/* ---- storage ------------------------------------------------------------------ */

int cli_usage(const char *usage)
{
	fprintf(stderr, "usage: %s\n", usage);
	return 2;
}

int cli_error(const char *what, const struct sw_error *err)
{
	fprintf(stderr, "steward: %s: %s\n", what, err->detail[0] ? err->detail : sw_err_name(err->code));
	for (int i = 0; i < err->field_count; i++)
		fprintf(stderr, "  %s: %s\n", err->fields[i].field, err->fields[i].detail);
	return 1;
}

int cli_open(struct cli_args *a, struct cli_env *env, bool check_schema)
{
	memset(env, 0, sizeof(*env));
	if (settings_load(a, &env->s))
		goto fail;
	struct sw_error err;
	sw_error_clear(&err);
	core_config_defaults(&env->core);
	int64_t pct, per_hour;
	if (settings_int(env->s.sla_warn_percent, "sla_warn_percent", 1, 99, &pct) ||
	    settings_int(env->s.mail_sender_limit, "mail_sender_limit", 0, 1000000, &per_hour) ||
	    settings_duration(env->s.reopen_window, "reopen_window", &env->core.reopen_window_s) ||
	    settings_duration(env->s.session_lifetime, "session_lifetime", &env->core.session_ttl_s) ||
	    settings_duration(env->s.session_idle_timeout, "session_idle_timeout", &env->core.session_idle_s) ||
	    settings_duration(env->s.approval_link_ttl, "approval_link_ttl", &env->core.approval_link_ttl_s) ||
	    settings_duration(env->s.upload_ttl, "upload_ttl", &env->core.upload_ttl_s))
		goto fail;
	if (env->core.session_ttl_s < 1 || env->core.session_idle_s < 1) {
		fprintf(stderr, "steward: settings session_lifetime and session_idle_timeout must be at least 1s\n");
		goto fail;
	}
	env->core.sla_warn_percent = (int)pct;
	env->core.email_enabled = *env->s.smtp_url != 0;
	if (settings_floors(env->s.criticality_priority, env->core.criticality_floor))
		goto fail;
	env->core.public_url = env->s.public_url;
	env->core.mail_key = env->s.mail_key;
	env->core.mail_sender_limit = (int)per_hour;
	if (core_config_set_password_cost(&env->core, env->s.password_cost, &err) || core_init(&env->core, &err)) {
		cli_error("settings", &err);
		goto fail;
	}
	if (catalog_check(&err)) {
		cli_error("statement catalog", &err);
		goto fail;
	}
	if (db_open(env->s.db, NULL, &env->db, &err)) {
		cli_error("cannot open the database", &err);
		goto fail;
	}
	if (check_schema && store_schema_check(env->db, &err)) {
		cli_error("refusing to start", &err);
		goto fail;
	}
	arena_init(&env->arena, 256u * 1024 * 1024);
	if (store_acquire(env->db, &env->arena, &env->store, &err)) {
		cli_error("cannot connect", &err);
		goto fail;
	}
	env->ctx = (struct ctx){.store = &env->store,
				.arena = &env->arena,
				.now = time_now(),
				.cfg = &env->core,
				.actor = {.user_id = 0, .login = NULL, .role = ROLE_ADMIN}};
	return 0;
fail:
	cli_close(env);
	return 1;
}

int cli_run(int argc, char **argv, bool check_schema, int (*run)(struct cli_env *env, struct cli_args *a))
{
	struct cli_args a;
	struct cli_env env;
	cli_args_init(&a, argc, argv);
	if (cli_open(&a, &env, check_schema))
		return 1;
	int rc = run(&env, &a);
	cli_close(&env);
	return rc;
}

void cli_close(struct cli_env *env)
{
	for (int i = 0; i < env->s.owned_count; i++)
		free(env->s.owned[i]);
	env->s.owned_count = 0;
	arena_release(&env->arena);
	db_free(env->db);
	env->db = NULL;
}

void cli_req_open(struct req *r, struct cli_env *env, size_t body_max)
{
	memset(r, 0, sizeof(*r));
	arena_init(&r->arena, LIMIT_ARENA);
	buf_init(&r->body, body_max);
	r->ctx = env->ctx;
	r->ctx.arena = &r->arena;
}

void cli_req_close(struct req *r)
{
	buf_release(&r->body);
	arena_release(&r->arena);
}

int cli_read_secret(const char *path, char *out, size_t max)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "steward: cannot read '%s'\n", path);
		return 1;
	}
	if (!fgets(out, (int)max, f)) {
		fclose(f);
		fprintf(stderr, "steward: '%s' is empty\n", path);
		return 1;
	}
	fclose(f);
	out[strcspn(out, "\r\n")] = 0;
	return 0;
}

void cli_generate_password(char out[32])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < 20; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[20] = 0;
}
