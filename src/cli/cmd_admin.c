/*
 * cmd_admin.c — `steward init`, `migrate`, `backup` and `version`: the
 * commands that look after the database itself.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "base/util.h"
#include "cli/cli.h"
#include "core/kernel/auth.h"
#include "core/kernel/user.h"
#include "core/port/account.h"
#include "base/banned.h"

static int migrate(struct cli_env *env, bool quiet)
{
	struct sw_error err;
	sw_error_clear(&err);
	int before = 0, applied = 0;
	if (store_schema_version(env->db, &before, &err) || store_migrate(env->db, &applied, &err)) {
		return cli_error("migration failed", &err);
	}
	int now = store_schema_latest(db_backend(env->db));
	if (!quiet || applied)
		printf("schema: version %d -> %d (%d migration%s applied)\n", before, now, applied,
		       applied == 1 ? "" : "s");
	return 0;
}

static int run_init(struct cli_env *env, struct cli_args *a)
{
	const char *pwfile = cli_flag(a, "--admin-password-file");
	bool toolkit = !cli_switch(a, "--no-toolkit");
	int rc = cli_unused(a, "init");
	if (rc || (rc = migrate(env, false)))
		return rc;
	struct sw_error err;
	sw_error_clear(&err);
	struct user existing;
	if (store_user_by_login(&env->store, "admin", &existing, &err) == SW_OK) {
		printf("admin account exists; nothing else to do\n");
		return 0;
	}
	/* a fresh installation: the starter configuration first, so that a
	 * failure leaves no admin account and init can simply be run again;
	 * it takes the schema's seeded defaults over (nothing is local yet) */
	if (toolkit && cli_toolkit_apply(env, "itil-starter", false, "*", 0))
		return 1;
	sw_error_clear(&err);
	char password[1100];
	bool generated = !pwfile;
	if (pwfile) {
		if (cli_read_secret(pwfile, password, sizeof(password)))
			return 1;
	} else {
		cli_generate_password(password);
	}
	struct user_input in = {.login = "admin",
				.name = "Administrator",
				.email = "admin@localhost.localdomain",
				.role = "admin",
				.password = password,
				.timezone = "UTC"};
	struct user u;
	if (user_create(&env->ctx, &in, &u, &err)) {
		return cli_error("cannot create the admin account", &err);
	}
	if (generated)
		printf("admin account created: login 'admin', password '%s' (shown once)\n", password);
	else
		printf("admin account created: login 'admin', password from %s\n", pwfile);
	sodium_memzero(password, sizeof(password));
	return rc;
}

int cmd_init(int argc, char **argv)
{
	return cli_run(argc, argv, false, run_init);
}

static int run_migrate(struct cli_env *env, struct cli_args *a)
{
	int rc = cli_unused(a, "migrate");
	if (!rc)
		rc = migrate(env, false);
	return rc;
}

int cmd_migrate(int argc, char **argv)
{
	return cli_run(argc, argv, false, run_migrate);
}

static int run_backup(struct cli_env *env, struct cli_args *a)
{
	const char *path = cli_positional(a, 0);
	int rc = cli_unused(a, "backup");
	if (!rc && !path) {
		rc = cli_usage("steward backup FILE [--db URL]");
	}
	if (!rc) {
		struct sw_error err;
		sw_error_clear(&err);
		if (db_backup(env->db, path, &err)) {
			rc = cli_error("backup failed", &err);
		} else {
			printf("backup written to %s\n", path);
		}
	}
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	return cli_run(argc, argv, false, run_backup);
}

int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("steward %s (schema sqlite %d, postgresql %d)\n", STEWARD_VERSION, store_schema_latest(DB_SQLITE),
	       store_schema_latest(DB_POSTGRES));
	return 0;
}

static int run_verify(struct cli_env *env, struct cli_args *a)
{
	bool json = cli_switch(a, "--json");
	bool repair = cli_switch(a, "--repair");
	int rc = cli_unused(a, "verify");
	if (rc)
		return rc;
	struct verify_report v;
	struct sw_error err;
	sw_error_clear(&err);
	if (repair && store_verify_repair(env->db, &err))
		return cli_error("repair failed", &err);
	if (store_verify(env->db, &v, &err)) {
		return cli_error("verify failed", &err);
	}
	bool ok = store_verify_ok(&v);
	if (json) {
		struct buf b = BUF_INIT(64 * 1024);
		struct jsonw w;
		jsonw_init(&w, &b);
		jsonw_obj_open(&w);
		jsonw_kbool(&w, "ok", ok);
		jsonw_kstr(&w, "integrity", v.integrity_detail);
		jsonw_kint(&w, "schema", v.schema_have);
		jsonw_kint(&w, "schema_expected", v.schema_want);
		jsonw_kint(&w, "tickets_without_create_audit", v.tickets_without_create);
		jsonw_kint(&w, "comments_without_audit", v.comments_without_audit);
		jsonw_kint(&w, "tickets_without_search", v.tickets_without_search);
		jsonw_kint(&w, "counter_gaps", v.counter_gaps);
		jsonw_kint(&w, "totals_open_diff", v.totals_open_diff);
		jsonw_kint(&w, "totals_hour_diff", v.totals_hour_diff);
		jsonw_kint(&w, "totals_day_diff", v.totals_day_diff);
		jsonw_kint(&w, "totals_clock_diff", v.totals_clock_diff);
		jsonw_kint(&w, "version_sum", v.version_sum);
		jsonw_key(&w, "rows");
		jsonw_obj_open(&w);
		for (int i = 0; i < v.count_n; i++)
			jsonw_kint(&w, v.counts[i].table, v.counts[i].rows);
		jsonw_obj_close(&w);
		jsonw_obj_close(&w);
		printf("%s\n", buf_cstr(&b));
		buf_release(&b);
	} else {
		printf("integrity: %s\n", v.integrity_detail);
		printf("schema: version %d (this steward: %d)\n", v.schema_have, v.schema_want);
		printf("tickets without a create audit row: %lld\n", (long long)v.tickets_without_create);
		printf("comments without an audit row: %lld\n", (long long)v.comments_without_audit);
		printf("tickets missing from the search index: %lld\n", (long long)v.tickets_without_search);
		printf("numbering counters that disagree with the tickets: %lld\n", (long long)v.counter_gaps);
		printf("running totals' rows that differ from a recount: %lld open, %lld hourly, %lld daily, %lld "
		       "clocks%s\n",
		       (long long)v.totals_open_diff, (long long)v.totals_hour_diff, (long long)v.totals_day_diff,
		       (long long)v.totals_clock_diff,
		       v.totals_open_diff || v.totals_hour_diff || v.totals_day_diff || v.totals_clock_diff
			       ? " (steward verify --repair rebuilds them)"
			       : "");
		for (int i = 0; i < v.count_n; i++)
			printf("  %-16s %lld rows\n", v.counts[i].table, (long long)v.counts[i].rows);
		printf("%s\n", ok ? "verify: ok" : "verify: PROBLEMS FOUND");
	}
	rc = ok ? 0 : 1;
	return rc;
}

int cmd_verify(int argc, char **argv)
{
	return cli_run(argc, argv, false, run_verify);
}
