/*
 * cmd_user.c — `steward user add|list|disable|passwd` and
 * `steward token create`: account administration from the shell, through
 * the same core operations (and audit trail) as the API.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "cli/cli.h"
#include "core/kernel/auth.h"
#include "core/kernel/user.h"
#include "core/port/account.h"
#include "base/banned.h"

static int password_from(const char *file, char *out, size_t max, bool *generated)
{
	*generated = !file;
	if (file)
		return cli_read_secret(file, out, max);
	cli_generate_password(out);
	return 0;
}

static int user_add(struct cli_env *env, struct cli_args *a)
{
	struct user_input in = {
		.login = cli_flag(a, "--login"),
		.name = cli_flag(a, "--name"),
		.email = cli_flag(a, "--email"),
		.role = cli_flag(a, "--role"),
		.timezone = cli_flag(a, "--timezone"),
	};
	const char *file = cli_flag(a, "--password-file");
	int rc = cli_unused(a, "user");
	if (rc)
		return rc;
	char password[1100];
	bool generated;
	if (password_from(file, password, sizeof(password), &generated))
		return 1;
	in.password = password;
	struct sw_error err;
	sw_error_clear(&err);
	struct user u;
	if (user_create(&env->ctx, &in, &u, &err)) {
		return cli_error("cannot add the user", &err);
	}
	if (generated)
		printf("user '%s' added with role %s; password '%s' (shown once)\n", u.login, role_name(u.role),
		       password);
	else
		printf("user '%s' added with role %s\n", u.login, role_name(u.role));
	return 0;
}

static int user_list_cmd(struct cli_env *env, struct cli_args *a)
{
	int rc = cli_unused(a, "user");
	if (rc)
		return rc;
	struct user_filter f = {.active = -1};
	struct page p = {.limit = 200};
	printf("%-24s %-10s %-6s %s\n", "LOGIN", "ROLE", "ACTIVE", "NAME <EMAIL>");
	for (;;) {
		struct user_list list;
		struct sw_error err;
		sw_error_clear(&err);
		if (user_list(&env->ctx, &f, &p, &list, &err)) {
			return cli_error("cannot list users", &err);
		}
		for (size_t i = 0; i < list.count; i++) {
			const struct user *u = &list.items[i];
			printf("%-24s %-10s %-6s %s <%s>\n", u->login, role_name(u->role), u->active ? "yes" : "no",
			       u->name, u->email);
		}
		if (!list.next_cursor)
			break;
		p.cursor = list.next_cursor;
	}
	return 0;
}

static int user_change(struct cli_env *env, struct cli_args *a, bool passwd)
{
	const char *login = cli_positional(a, 0);
	const char *file = passwd ? cli_flag(a, "--password-file") : NULL;
	int rc = cli_unused(a, "user");
	if (rc)
		return rc;
	if (!login) {
		fprintf(stderr, "usage: steward user %s LOGIN\n", passwd ? "passwd" : "disable");
		return 2;
	}
	struct user_input in = {0};
	char password[1100];
	bool generated = false;
	if (passwd) {
		if (password_from(file, password, sizeof(password), &generated))
			return 1;
		in.password = password;
	} else {
		in.has_active = true;
		in.active = false;
	}
	struct sw_error err;
	sw_error_clear(&err);
	struct user u;
	if (user_update(&env->ctx, login, &in, &u, &err)) {
		return cli_error(passwd ? "cannot change the password" : "cannot disable the user", &err);
	}
	if (!passwd)
		printf("user '%s' disabled; their sessions ended\n", login);
	else if (generated)
		printf("password of '%s' changed to '%s' (shown once); their sessions ended\n", login, password);
	else
		printf("password of '%s' changed; their sessions ended\n", login);
	return 0;
}

static int user_passwd(struct cli_env *env, struct cli_args *a)
{
	return user_change(env, a, true);
}

static int user_disable(struct cli_env *env, struct cli_args *a)
{
	return user_change(env, a, false);
}

static const struct {
	const char *name;
	int (*run)(struct cli_env *env, struct cli_args *a);
} user_commands[] = {{"add", user_add}, {"list", user_list_cmd}, {"disable", user_disable}, {"passwd", user_passwd}};

int cmd_user(int argc, char **argv)
{
	if (argc < 1)
		return cli_usage("steward user add|list|disable|passwd ... (see steward user --help)");
	for (size_t i = 0; i < sizeof(user_commands) / sizeof(user_commands[0]); i++)
		if (strcmp(argv[0], user_commands[i].name) == 0)
			return cli_run(argc - 1, argv + 1, true, user_commands[i].run);
	fprintf(stderr, "steward user: '%s' is not one of add, list, disable, passwd\n", argv[0]);
	return 2;
}

static int run_token(struct cli_env *env, struct cli_args *a)
{
	const char *login = cli_flag(a, "--user");
	const char *name = cli_flag(a, "--name");
	const char *expires = cli_flag(a, "--expires");
	int rc = cli_unused(a, "token");
	if (!rc && (!login || !name)) {
		rc = cli_usage("steward token create --user LOGIN --name NAME [--expires DURATION] [--db URL]");
	}
	int64_t lifetime = 0;
	if (!rc && expires && (settings_duration(expires, "--expires", &lifetime) || lifetime < 1)) {
		if (!lifetime)
			fprintf(stderr, "steward: --expires must be at least 1s\n");
		rc = 2;
	}
	if (!rc) {
		struct sw_error err;
		sw_error_clear(&err);
		char token[AUTH_SECRET_MAX];
		struct api_token made;
		if (auth_token_create(&env->ctx, login, name, lifetime ? env->ctx.now + lifetime : 0, token, &made,
				      &err)) {
			rc = cli_error("cannot create the token", &err);
		} else {
			printf("%s\n", token);
		}
	}
	return rc;
}

int cmd_token(int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "create") != 0)
		return cli_usage("steward token create --user LOGIN --name NAME [--expires DURATION] [--db URL]");
	return cli_run(argc - 1, argv + 1, true, run_token);
}
