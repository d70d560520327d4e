/*
 * cmd_toolkit.c — steward toolkit list | show NAME | apply NAME|FILE
 * [--dry-run] [--force KEY,...] | export FILE (docs/toolkit.md): the
 * built-in toolkits, applying one or a bundle file, and the installation's
 * configuration written as a bundle.  The bundle is read by the API's
 * reader (api/toolkit.h) in a struct req of the command's own and applied
 * by core (core/toolkit/toolkit.h) as the system actor; steward init
 * applies itil-starter through cli_toolkit_apply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/toolkit.h"
#include "base/buf.h"
#include "base/embed.h"
#include "base/limits.h"
#include "cli/cli.h"
#include "base/banned.h"

#define TOOLKIT_USAGE                                                                                                  \
	"steward toolkit list | show NAME | apply NAME|FILE [--dry-run] [--force KEY[,KEY...]] | export FILE"

/* The bundle NAME names (a built-in toolkit) or the file it is, into
 * r->body; false (reported) when neither can be read. */
static bool load_bundle(struct req *r, const char *what)
{
	const struct embedded_file *f = api_toolkit_builtin(what);
	if (f)
		return buf_append(&r->body, f->data, f->len) == SW_OK;
	FILE *in = fopen(what, "rb");
	if (!in) {
		fprintf(stderr, "steward: '%s' is neither a built-in toolkit (steward toolkit list) nor a file\n",
			what);
		return false;
	}
	char chunk[65536];
	size_t n;
	bool ok = true;
	while (ok && (n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		if (buf_append(&r->body, chunk, n) != SW_OK) {
			r->body_too_large = true; /* the reader refuses it */
			break;
		}
	if (ferror(in)) {
		fprintf(stderr, "steward: cannot read '%s'\n", what);
		ok = false;
	}
	fclose(in);
	return ok;
}

/* The report: a line an item (detail 0: none; 1: those not left alone;
 * 2: all) and the counts. */
static void print_report(const struct toolkit_report *rep, int detail)
{
	for (size_t i = 0; i < rep->count; i++) {
		const struct toolkit_result *x = &rep->items[i];
		if (detail == 0 || (detail == 1 && x->outcome == TOOLKIT_UNCHANGED))
			continue;
		const char *o = x->outcome == TOOLKIT_KEPT_LOCAL      ? "kept, changed locally"
				: x->outcome == TOOLKIT_KEPT_EXISTING ? "kept, exists locally"
				: x->outcome == TOOLKIT_KEPT_NEWER    ? "kept, newer applied"
								      : toolkit_outcome_name(x->outcome);
		printf("%-22s %-20s %s (key %s, version %lld%s)%s%s\n", o, x->section, x->name, x->key,
		       (long long)x->version, x->forced ? ", forced" : "", x->problem ? ": " : "",
		       x->problem ? x->problem : "");
	}
	printf("toolkit %s%s: added %zu, updated %zu, unchanged %zu, kept (changed locally) %zu, kept (exists) %zu",
	       rep->toolkit, rep->dry_run ? " (dry run, nothing changed)" : "", rep->counts[TOOLKIT_ADDED],
	       rep->counts[TOOLKIT_UPDATED], rep->counts[TOOLKIT_UNCHANGED], rep->counts[TOOLKIT_KEPT_LOCAL],
	       rep->counts[TOOLKIT_KEPT_EXISTING]);
	if (rep->counts[TOOLKIT_KEPT_NEWER])
		printf(", kept (newer applied) %zu", rep->counts[TOOLKIT_KEPT_NEWER]);
	printf("\n");
}

/* force, "a,b,c", split into the arena. */
static const char **split_keys(struct arena *a, const char *force, size_t *count)
{
	*count = 0;
	if (!force)
		return NULL;
	const char **keys = arena_alloc(a, TOOLKIT_FORCE_MAX * sizeof(*keys));
	char *copy = arena_strdup(a, force);
	if (!keys || !copy)
		return NULL;
	for (char *p = copy, *comma; p && *count < TOOLKIT_FORCE_MAX; p = comma ? comma + 1 : NULL) {
		if ((comma = strchr(p, ',')))
			*comma = '\0';
		if (*p)
			keys[(*count)++] = p;
	}
	return keys;
}

int cli_toolkit_apply(struct cli_env *env, const char *what, bool dry_run, const char *force, int detail)
{
	struct req r;
	cli_req_open(&r, env, LIMIT_TOOLKIT_BYTES + 1);
	int rc = 1;
	struct sw_error err;
	sw_error_clear(&err);
	struct toolkit_bundle b;
	struct toolkit_options opt = {.dry_run = dry_run};
	opt.force = split_keys(&r.arena, force, &opt.force_count);
	struct toolkit_report rep = {0};
	if (!load_bundle(&r, what))
		goto out;
	if (api_toolkit_read(&r, &b, &err)) {
		rc = cli_error("the toolkit is not valid (nothing was applied)", &err);
		goto out;
	}
	if (toolkit_apply(&r.ctx, &b, &opt, &rep, &err)) {
		if (rep.count)
			print_report(&rep, 1);
		rc = cli_error("the toolkit was not applied", &err);
		goto out;
	}
	print_report(&rep, detail);
	rc = 0;
out:
	cli_req_close(&r);
	return rc;
}

static int run_list(struct cli_env *env, struct cli_args *a)
{
	int rc = cli_unused(a, "toolkit list");
	if (rc)
		return rc;
	struct req r;
	cli_req_open(&r, env, LIMIT_TOOLKIT_BYTES + 1);
	json_t *j;
	for (size_t i = 0; (j = api_toolkit_summary(&r, i)); i++) {
		printf("%-16s version %-3lld %4lld items  %s\n", json_string_value(json_object_get(j, "name")),
		       (long long)json_integer_value(json_object_get(j, "version")),
		       (long long)json_integer_value(json_object_get(j, "items")),
		       json_string_value(json_object_get(j, "title")));
		json_decref(j);
	}
	cli_req_close(&r);
	return 0;
}

static int run_show(struct cli_env *env, struct cli_args *a)
{
	(void)env;
	const char *name = cli_positional(a, 0);
	int rc = name ? cli_unused(a, "toolkit show") : cli_usage(TOOLKIT_USAGE);
	if (rc)
		return rc;
	const struct embedded_file *f = api_toolkit_builtin(name);
	if (!f) {
		fprintf(stderr, "steward: no built-in toolkit '%s' (steward toolkit list)\n", name);
		return 1;
	}
	fwrite(f->data, 1, f->len, stdout);
	return 0;
}

static int run_apply(struct cli_env *env, struct cli_args *a)
{
	bool dry = cli_switch(a, "--dry-run");
	const char *force = cli_flag(a, "--force");
	const char *what = cli_positional(a, 0);
	int rc = what ? cli_unused(a, "toolkit apply") : cli_usage(TOOLKIT_USAGE);
	return rc ? rc : cli_toolkit_apply(env, what, dry, force, 2);
}

static int run_export(struct cli_env *env, struct cli_args *a)
{
	const char *path = cli_positional(a, 0);
	const char *name = cli_flag(a, "--name");
	int rc = path ? cli_unused(a, "toolkit export") : cli_usage(TOOLKIT_USAGE);
	if (rc)
		return rc;
	struct req r;
	cli_req_open(&r, env, LIMIT_TOOLKIT_BYTES + 1);
	struct sw_error err;
	sw_error_clear(&err);
	json_t *bundle = NULL;
	rc = 1;
	if (api_toolkit_export(&r, name ? name : "exported", &bundle, &err)) {
		rc = cli_error("cannot export the configuration", &err);
	} else {
		FILE *out = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
		if (!out) {
			fprintf(stderr, "steward: cannot write '%s'\n", path);
		} else {
			rc = json_dumpf(bundle, out, JSON_INDENT(2) | JSON_SORT_KEYS) || fputc('\n', out) == EOF;
			if ((out != stdout && fclose(out)) || rc) {
				fprintf(stderr, "steward: cannot write '%s'\n", path);
				rc = 1;
			}
		}
	}
	json_decref(bundle);
	cli_req_close(&r);
	return rc;
}

int cmd_toolkit(int argc, char **argv)
{
	if (argc < 1)
		return cli_usage(TOOLKIT_USAGE);
	static const struct {
		const char *name;
		int (*run)(struct cli_env *env, struct cli_args *a);
	} subs[] = {{"list", run_list}, {"show", run_show}, {"apply", run_apply}, {"export", run_export}};
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(argv[0], subs[i].name) == 0)
			return cli_run(argc - 1, argv + 1, true, subs[i].run);
	return cli_usage(TOOLKIT_USAGE);
}
