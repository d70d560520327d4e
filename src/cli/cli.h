/*
 * cli.h — what the subcommands share: settings (flags, then STEWARD_*
 * environment variables, then the config file), opening storage, a ctx for
 * the system actor, and small argument helpers.
 */
#ifndef SW_CLI_CLI_H
#define SW_CLI_CLI_H

#include <stdbool.h>

#include "base/arena.h"
#include "core/core.h"
#include "db/db.h"
#include "store/store.h"

#define STEWARD_VERSION "0.1.0"

struct settings {
	const char *db;
	const char *listen;
	const char *threads;
	const char *password_cost;
	const char *cookie_secure;
	const char *session_lifetime;     /* duration */
	const char *session_idle_timeout; /* duration */
	const char *trusted_proxy;        /* an address whose X-Forwarded-For names the client; "" none */
	const char *log_level;
	const char *sla_warn_percent;      /* 1..99 */
	const char *reopen_window;         /* duration; 0s = end users may always reopen */
	const char *auto_close_after;      /* duration; 0s = resolved incidents stay resolved */
	const char *archive_after;         /* duration; 0s = nothing is archived */
	const char *approval_remind_after; /* duration; 0s = no reminders of pending approvals */
	const char *approval_link_ttl;     /* duration an approval email's decision link lasts; 0s = no links */
	const char *upload_ttl;            /* duration an upload made before its order waits for it */
	const char *risk_reassess_after;   /* duration; 0s = open changes' risk assessed only when written */
	const char *scheduler_interval;    /* duration between scheduler passes */
	const char *public_url;            /* base of links in notifications */
	const char *criticality_priority;  /* "1:2,2:3" priority floors by service criticality */
	const char *smtp_url;              /* "" = no email */
	const char *smtp_from, *smtp_user, *smtp_password, *smtp_tls;
	const char *mail_max_attempts;
	const char *mail_retry;              /* duration before the first retry; doubles */
	const char *mailer_interval;         /* duration between outbox scans */
	const char *webhook_interval;        /* duration between scans of the webhooks' outbox */
	const char *webhook_retry;           /* duration before a delivery's first retry; doubles */
	const char *webhook_attempts;        /* a delivery fails for good after this many */
	const char *mail_key;                /* 64 hex digits sealing mailbox passwords */
	const char *mail_poll_interval;      /* duration between IMAP polls of the mailboxes; 0s: none */
	const char *mail_sender_limit;       /* messages from one address acted on per hour; 0: no limit */
	const char *imap_ca_file;            /* PEM CAs the IMAP poller trusts; "": the system's */
	const char *event_streams;           /* concurrent GET /api/v1/events streams */
	const char *ingest_drain;            /* "false": accepted payloads are left to another process */
	const char *head_timeout;            /* duration to receive a request head; 0s: none */
	const char *body_min_rate;           /* bytes/s a request body must average after that */
	const char *connections_per_address; /* open connections from one address; 0: no limit */
	const char *config;
	char *owned[32]; /* values read from the config file, freed by cli_close */
	int owned_count;
};

/* A command's options: pass argc/argv after the subcommand name.
 * Known setting flags (--db, --listen, --threads, --config) are consumed
 * into s; other "--name value" / "--name=value" pairs and positionals are
 * left for the command through cli_flag / cli_positional. */
struct cli_args {
	int argc;
	char **argv;
	bool used[64];
};

void cli_args_init(struct cli_args *a, int argc, char **argv);
/* Value of --name (or --name=value); NULL when absent.  Marks it used. */
const char *cli_flag(struct cli_args *a, const char *name);
bool cli_switch(struct cli_args *a, const char *name);
/* The n-th (0-based) positional argument not used by a flag, or NULL. */
const char *cli_positional(struct cli_args *a, int n);
/* Exit status 2 with a message if any argument was not used. */
int cli_unused(struct cli_args *a, const char *cmd);

/* A numeric setting in [min, max]; prints what is wrong and returns 1. */
int settings_int(const char *value, const char *key, int64_t min, int64_t max, int64_t *out);

/* The criticality_priority setting into floor[1..4]; prints what is wrong and returns 1. */
int settings_floors(const char *value, int floor[5]);

/* A duration setting ("7d", "30s"), as seconds; prints what is wrong and returns 1. */
int settings_duration(const char *value, const char *key, int64_t *out);

/* Fill settings from flags, environment and config file, then defaults. */
int settings_load(struct cli_args *a, struct settings *s);

/* Open the database and core; prints errors and returns non-zero on failure. */
struct cli_env {
	struct settings s;
	struct core_config core;
	struct db *db;
	struct arena arena;
	struct store store;
	struct ctx ctx;
};
int cli_open(struct cli_args *a, struct cli_env *env, bool check_schema);
void cli_close(struct cli_env *env);
/* How a command that needs storage runs: cli_args_init and cli_open, then
 * run (which reads the command's own flags from a, then calls cli_unused),
 * then cli_close; run's exit status, or 1 when storage cannot be opened. */
int cli_run(int argc, char **argv, bool check_schema, int (*run)(struct cli_env *env, struct cli_args *a));
/* Print "usage: <usage>" to stderr; returns 2, the exit status of a
 * command called wrongly. */
int cli_usage(const char *usage);
/* Print an error to stderr: "steward: <what>: <detail>" plus field
 * errors; returns 1, a failed command's exit status. */
int cli_error(const char *what, const struct sw_error *err);
/* A request of a command's own, for the API's readers (api/toolkit.h,
 * api_decode_schema): an arena of its own, env's ctx on it, and room for
 * a body of at most body_max bytes; cli_req_close releases both. */
struct req;
void cli_req_open(struct req *r, struct cli_env *env, size_t body_max);
void cli_req_close(struct req *r);
/* Read the first line of a file (without newline) into out. */
int cli_read_secret(const char *path, char *out, size_t max);
/* A readable random password: 20 characters from an unambiguous alphabet. */
void cli_generate_password(char out[32]);

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_event(int argc, char **argv);   /* cmd_event.c: steward event send */
int cmd_toolkit(int argc, char **argv); /* cmd_toolkit.c */
/* Apply the built-in toolkit or the bundle file what names (dry_run: and
 * roll it back; force: keys, comma-separated, whose local changes are
 * overwritten; "*": every one), printing the report (detail 0: the
 * counts; 1: and the items not left alone; 2: every item); the exit
 * status. */
int cli_toolkit_apply(struct cli_env *env, const char *what, bool dry_run, const char *force, int detail);
/*
 * The data of `steward demo` (demo_data.c): demo/<file>.json, embedded,
 * holds arrays of rows.  A row struct starts with the input the API
 * schema input reads (a route's body: NULL for none), followed by the
 * demo's own members (ages, paths of actions, names standing for ids),
 * read by fields, and by inputs, members that are another schema's input
 * (the body of a step taken later), each a pointer in the row, NULL when
 * absent.
 */
struct field;
struct api_schema;
struct demo_input {
	const char *name;
	const struct api_schema *schema;
	size_t at; /* offsetof the row's const <input> * */
};
struct demo_section {
	const char *file, *name; /* "incidents", "incidents": demo/incidents.json's member "incidents" */
	const struct api_schema *input;
	const struct field *fields;
	size_t field_count;
	const struct demo_input *inputs;
	size_t input_count;
	size_t size; /* of a row */
};
/* Rows of type row_ read by input_ (or NULL) and the field table fields_. */
#define DEMO_ROWS(file_, name_, input_, row_, fields_)                                                                 \
	{                                                                                                              \
		(file_), (name_), (input_), (fields_), sizeof(fields_) / sizeof((fields_)[0]), NULL, 0, sizeof(row_)   \
	}
/* The same with inputs_, the members that are another schema's input. */
#define DEMO_ROWS_WITH(file_, name_, input_, row_, fields_, inputs_)                                                   \
	{                                                                                                              \
		(file_), (name_), (input_), (fields_), sizeof(fields_) / sizeof((fields_)[0]), (inputs_),              \
			sizeof(inputs_) / sizeof((inputs_)[0]), sizeof(row_)                                           \
	}
/* Rows that are nothing but input_'s input structs, of type row_. */
#define DEMO_INPUTS(file_, name_, input_, row_)                                                                        \
	{                                                                                                              \
		(file_), (name_), (input_), NULL, 0, NULL, 0, sizeof(row_)                                             \
	}
/* The data's arena and request, from the demo's start (at now) to its end. */
void demo_data_open(struct cli_env *env, int64_t now);
void demo_data_close(void);
/* When the demo started: what its records' ages count back from. */
int64_t demo_started(void);
/* Act as the user login names, in the role the user has. */
enum sw_err demo_act_as(struct cli_env *env, const char *login, struct sw_error *err);
/* The rows of s, *count of them, living until demo_data_close; NULL,
 * printed ("steward: demo data <file>.json, <name>[i]: ..."), when they
 * do not decode. */
const void *demo_rows(const struct demo_section *s, size_t *count);
/* The member name of demo/<file>.json as compact JSON text (a payload
 * sent as it is); NULL printed when there is none. */
const char *demo_json(const char *file, const char *name);
/* The number the demo's ticket of kind ("incident", "change") titled
 * title got, kept by demo_number_keep when it was raised; NULL if none. */
void demo_number_keep(const char *kind, const char *title, const char *number);
const char *demo_number(const char *kind, const char *title);
/* The next step of a path (actions separated by spaces) from *at into
 * step, of max bytes, *at moved past it; false after the last. */
bool demo_step(const char **at, char *step, size_t max);
/* A table the demo loads: the rows of a section, and how one becomes a
 * record through core. */
struct demo_table {
	const char *what; /* what a failure is reported as: "demo user" */
	struct demo_section rows;
	size_t name_at; /* offsetof a row's const char * name, quoted in the report; or DEMO_UNNAMED */
	enum sw_err (*create)(struct cli_env *env, const void *row, struct sw_error *err);
	const struct record_kind *kind; /* with create NULL: the rows are its input structs (core/kernel/record.h) */
};
#define DEMO_UNNAMED ((size_t)-1)
/* Create the rows of each of count tables in turn, how many each had
 * into created[i] (created may be NULL), the actor as it was again after
 * each table; the first failure is printed ("steward: <what> '<name>':
 * ...") and ends it with 1. */
int demo_seed(struct cli_env *env, const struct demo_table *tables, size_t count, size_t *created);
/* `steward demo --scale N [--articles M]`: the bulk data set on top of the
 * demo (cmd_scale.c); articles 0 means N/50 of them. */
int demo_scale(struct cli_env *env, int64_t n, int64_t articles);
/* cmd_demo_portfolio.c: objectives, CIs and relationships, services. */
int demo_portfolio(struct cli_env *env, size_t *nservices, size_t *ncis);
int64_t demo_ci_id(const char *name); /* a demo CI's id, once created; 0 if unknown */
/* cmd_demo_problems.c: problems raised from the demo incidents, their steps taken at the start minus their age. */
extern const struct demo_table demo_problem_table;
/* cmd_demo_approvals.c: an approval policy and requests on demo tickets, one half decided. */
int demo_approvals(struct cli_env *env, size_t *nrequests);
/* cmd_demo_changes.c: a standard change template, then changes of each type in several states. */
extern const struct demo_table demo_change_tables[2];
/* cmd_demo_releases.c: releases grouping the demo changes, one not ready, one deployed. */
extern const struct demo_table demo_release_table;
/* cmd_demo_knowledge.c: the knowledge base's articles, published and rated. */
int demo_knowledge(struct cli_env *env, size_t *narticles);
/* cmd_demo_requests.c: the service catalogue (a laptop, software access, a
 * new-starter bundle, a password reset) and requests ordered from it. */
int demo_requests(struct cli_env *env, size_t *nitems, size_t *nrequests);
/* cmd_demo_csi.c: survey answers (some low) and two improvements, an idea and a plan under way. */
int demo_csi(struct cli_env *env, size_t *nanswers, size_t *nimprovements);
/* cmd_demo_events.c: an event source, a mapping rule, alerts, public services on the status page. */
int demo_events(struct cli_env *env, size_t *nsources, size_t *nalerts, size_t *npublic);
int cmd_export(int argc, char **argv);
int cmd_mail_in(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_version(int argc, char **argv);

#endif
