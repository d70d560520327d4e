/*
 * main.c — the steward binary: picks a subcommand from one table, as git
 * does, and hands it the remaining arguments.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "base/banned.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	const char *usage;
};

static const struct command commands[] = {
	{"serve", cmd_serve, "serve the HTTP API and web UI",
	 "steward serve [--db URL] [--listen ADDR:PORT] [--config FILE] [--threads N]\n"
	 "  URL is sqlite:PATH (default sqlite:steward.db) or postgres://user@host:port/db.\n"
	 "  --listen 127.0.0.1:0 picks a free port (logged as \"listening\").\n"
	 "  Settings: flags, then STEWARD_DB, STEWARD_LISTEN, STEWARD_THREADS, STEWARD_PASSWORD_COST,\n"
	 "  STEWARD_COOKIE_SECURE, STEWARD_LOG_LEVEL, STEWARD_CONFIG, then the config file.\n"
	 "  SIGTERM or SIGINT: stop accepting, finish in-flight requests, exit 0."},
	{"init", cmd_init, "create the schema and the admin account",
	 "steward init [--db URL] [--admin-password-file FILE] [--no-toolkit]\n"
	 "  Creates or upgrades the schema and the 'admin' account, and applies the built-in\n"
	 "  itil-starter toolkit (docs/toolkit.md) unless --no-toolkit.  The password comes from the\n"
	 "  file's first line, or is generated and printed once.  Safe to run again."},
	{"migrate", cmd_migrate, "apply pending schema migrations", "steward migrate [--db URL]"},
	{"user", cmd_user, "manage accounts",
	 "steward user add --login L --name N --email E --role end_user|agent|manager|admin [--password-file F]\n"
	 "steward user list\n"
	 "steward user disable LOGIN\n"
	 "steward user passwd LOGIN [--password-file F]\n"
	 "  (all take --db URL; without a password file a password is generated and printed)"},
	{"token", cmd_token, "create API tokens",
	 "steward token create --user LOGIN --name NAME [--db URL]\n  Prints the token once; only its hash is stored."},
	{"demo", cmd_demo, "load a demo organisation",
	 "steward demo [--db URL] [--scale N [--articles M]]\n  Users, groups, services, CIs, incidents, problems and "
	 "knowledge articles in various states, for trying Steward out.\n"
	 "  --scale N adds N incidents, N/200 problems, N/10 CIs with five relationships each, up to 500\n"
	 "  services and N/50 knowledge articles (--articles M: M of them instead), for benchmarks;\n"
	 "  written in bulk, with a progress bar."},
	{"backup", cmd_backup, "copy a SQLite database while it is in use",
	 "steward backup FILE [--db URL]\n  Uses SQLite's online backup; for PostgreSQL use pg_dump."},
	{"verify", cmd_verify, "check the database and Steward's invariants",
	 "steward verify [--db URL] [--json] [--repair]\n"
	 "  Integrity check (SQLite), schema version, every ticket and comment audited, ticket numbers\n"
	 "  without gaps, the running totals of tickets against a recount, and row counts.  Exit\n"
	 "  status 0 when all is well.  --repair first rebuilds the running totals from the tickets."},
	{"import", cmd_import, "import CIs or relationships from CSV or JSON",
	 "steward import cis|relations FILE [--atomic] [--db URL]\n"
	 "  FILE is .csv (a header row, then one row per item), .json (an array of objects) or\n"
	 "  .jsonl (one object per line); - reads CSV from stdin.  Rows are matched on external_id\n"
	 "  (relations: from,type,to as external ids, or #id).  Bad rows are listed with their\n"
	 "  number, field and reason and skipped; with --atomic nothing is written unless all are\n"
	 "  good.  Exit status 1 when any row failed."},
	{"export", cmd_export, "export CIs, relationships or services",
	 "steward export cis|relations|services [--format csv|json] [--output FILE] [--db URL]\n"
	 "  CSV (the default) can be imported again as it is."},
	{"mail-in", cmd_mail_in, "take in one email message from standard input",
	 "steward mail-in [--mailbox NAME] [--db URL] [--config FILE]\n"
	 "  For an MTA's pipe (Postfix: pipe(8), a .forward): the message becomes a comment on the ticket\n"
	 "  it answers or a new ticket, as the mailbox NAME says (see docs/email.md).  Exit status 0 when\n"
	 "  stored (acted on, ignored, refused or seen before), 75 on a temporary failure (deliver\n"
	 "  again), 67 for an unknown sender when the mailbox bounces them.  Prints one JSON line."},
	{"toolkit", cmd_toolkit, "apply and export configuration toolkits",
	 "steward toolkit list | show NAME | apply NAME|FILE [--dry-run] [--force KEY[,KEY...]] | export FILE|-\n"
	 "  Built-in toolkits (itil-starter) or bundle files (docs/toolkit.md): apply adds what is new,\n"
	 "  updates what the toolkit changed and keeps what was changed locally (unless --force names it),\n"
	 "  all in one transaction; --dry-run reports and changes nothing.  export [--name NAME] writes\n"
	 "  the installation's configuration as a bundle (- for standard output)."},
	{"event", cmd_event, "send a monitoring event as an event source",
	 "steward event send --source NAME --check CHECK --severity SEV [--resource CI] [--service NAME]\n"
	 "  [--state firing|resolved] [--message TEXT] [--dedup-key KEY] [--time RFC3339] [LABEL=VALUE ...] [--db "
	 "URL]\n"
	 "  The same event POST /api/v1/events takes (docs/events.md), taken as if the source had sent it."},
	{"version", cmd_version, "print the version", "steward version"},
};
#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fprintf(out, "usage: steward <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nsteward <command> --help shows a command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(0, NULL);
	for (size_t i = 0; i < COMMAND_COUNT; i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		for (int j = 2; j < argc; j++)
			if (strcmp(argv[j], "--help") == 0 || strcmp(argv[j], "-h") == 0) {
				printf("usage: %s\n", commands[i].usage);
				return 0;
			}
		return commands[i].fn(argc - 2, argv + 2);
	}
	fprintf(stderr, "steward: '%s' is not a command\n\n", argv[1]);
	usage(stderr);
	return 2;
}
