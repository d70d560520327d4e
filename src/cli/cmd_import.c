/*
 * cmd_import.c — `steward import cis|relations FILE [--atomic]` and
 * `steward export cis|relations|services [--format csv|json] [--output FILE]`.
 * Import streams the file: CSV in chunks, JSON lines one at a time, a
 * JSON array whole; a progress bar on a terminal; a summary, and each bad
 * row with its number, field and reason, at the end.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/import.h"
#include "base/util.h"
#include "cli/cli.h"
#include "base/banned.h"

#define CHUNK (64 * 1024)

struct progress {
	bool tty;
	long long total, done; /* bytes */
	int64_t last_rows;
};

static void show(void *arg, const struct import_run *run)
{
	struct progress *p = arg;
	if (!p->tty || run->rows - p->last_rows < 500)
		return;
	p->last_rows = run->rows;
	int pct = p->total ? (int)(p->done * 100 / p->total) : 0;
	char bar[31];
	for (int i = 0; i < 30; i++)
		bar[i] = i < pct * 30 / 100 ? '#' : '.';
	bar[30] = 0;
	fprintf(stderr, "\r[%s] %3d%%  %lld rows, %lld failed", bar, pct, (long long)run->rows, (long long)run->failed);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcmp(s + n - t, tail) == 0;
}

/* Feed the file to the session by its kind of content. */
static enum sw_err feed(struct import_session *s, FILE *f, const char *path, struct progress *p)
{
	static char chunk[CHUNK];
	enum sw_err rc = SW_OK;
	if (ends_with(path, ".json")) {
		json_error_t je;
		json_t *arr = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
		if (!arr || !json_is_array(arr)) {
			json_decref(arr);
			return sw_fail(&s->err, SW_EINVALID, NULL, "%s is not a JSON array: %s (line %d)", path,
				       arr ? "another kind of value" : je.text, je.line);
		}
		p->total = (long long)json_array_size(arr);
		for (size_t i = 0; !rc && i < json_array_size(arr); i++) {
			p->done = (long long)i;
			rc = import_session_json(s, json_array_get(arr, i), (int64_t)i + 1);
		}
		json_decref(arr);
		return rc;
	}
	if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson")) {
		int64_t row = 0;
		while (!rc && fgets(chunk, sizeof(chunk), f)) {
			p->done += (long long)strlen(chunk);
			row++;
			if (!strchr(chunk, '\n') && !feof(f))
				return sw_fail(&s->err, SW_EINVALID, NULL, "line %lld is longer than %d bytes",
					       (long long)row, CHUNK);
			if (chunk[0] == '\n')
				continue;
			json_error_t je;
			json_t *obj = json_loads(chunk, JSON_REJECT_DUPLICATES, &je);
			if (!obj) {
				import_fail(&s->run, row, NULL, je.text);
				continue;
			}
			rc = import_session_json(s, obj, row);
			json_decref(obj);
		}
		return rc;
	}
	size_t n;
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		p->done += (long long)n;
		rc = import_session_csv(s, chunk, n, false);
	}
	return rc ? rc : import_session_csv(s, "", 0, true);
}

static int do_import(struct cli_env *env, const char *what, const char *path, bool atomic)
{
	enum import_kind kind;
	if (import_kind_parse(what, &kind)) {
		fprintf(stderr, "steward import: import cis or relations, not '%s'\n", what);
		return 2;
	}
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "steward import: cannot read '%s'\n", path);
		return 1;
	}
	struct stat st;
	struct progress p = {.tty = isatty(2) != 0};
	if (f != stdin && fstat(fileno(f), &st) == 0)
		p.total = (long long)st.st_size;
	struct import_session s;
	import_session_init(&s);
	s.progress = show;
	s.progress_arg = &p;
	sw_error_clear(&s.err);
	int rc = 0;
	struct sw_error err;
	sw_error_clear(&err);
	if (import_begin(&s.run, &env->ctx, kind, atomic, &err)) {
		rc = cli_error("import", &err);
		goto out;
	}
	enum sw_err frc = feed(&s, f, path, &p);
	if (frc && s.run.atomic)
		store_rollback(&env->store);
	else if (import_end(&s.run, &err))
		frc = err.code;
	if (p.tty)
		fprintf(stderr, "\r%60s\r", "");
	if (frc) {
		rc = cli_error("import stopped", s.err.code ? &s.err : &err);
	}
	for (size_t i = 0; i < s.run.error_count; i++)
		fprintf(stderr, "row %lld%s%s: %s\n", (long long)s.run.errors[i].row, s.run.errors[i].field ? ", " : "",
			s.run.errors[i].field ? s.run.errors[i].field : "", s.run.errors[i].reason);
	if (s.run.errors_truncated)
		fprintf(stderr, "(only the first %d errors are listed)\n", IMPORT_ERRORS_MAX);
	printf("%s: %lld rows, %lld created, %lld updated, %lld unchanged, %lld failed%s\n", what,
	       (long long)s.run.rows, (long long)s.run.created, (long long)s.run.updated, (long long)s.run.unchanged,
	       (long long)s.run.failed,
	       atomic ? (s.run.committed ? " (committed)" : " (nothing was written: --atomic)") : "");
	if (s.run.failed)
		rc = 1;
out:
	import_session_release(&s);
	if (f != stdin)
		fclose(f);
	return rc;
}

static int run_import(struct cli_env *env, struct cli_args *a)
{
	bool atomic = cli_switch(a, "--atomic");
	const char *what = cli_positional(a, 0);
	const char *path = cli_positional(a, 0); /* the next one not taken */
	int rc = cli_unused(a, "import");
	if (!rc && (!what || !path)) {
		rc = cli_usage("steward import cis|relations FILE.csv|FILE.json|FILE.jsonl [--atomic] [--db URL]");
	}
	if (!rc)
		rc = do_import(env, what, path, atomic);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	return cli_run(argc, argv, true, run_import);
}

static int run_export(struct cli_env *env, struct cli_args *a)
{
	const char *format = cli_flag(a, "--format"), *output = cli_flag(a, "--output");
	const char *what = cli_positional(a, 0);
	int rc = cli_unused(a, "export");
	if (!rc && (!what || (format && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0))) {
		rc = cli_usage("steward export cis|relations|services [--format csv|json] [--output FILE]");
	}
	if (!rc) {
		struct buf out;
		buf_init(&out, 1024u * 1024 * 1024);
		struct sw_error err;
		sw_error_clear(&err);
		if (cmdb_export(&env->ctx, what, !format || strcmp(format, "csv") == 0, &out, &err)) {
			rc = cli_error("export", &err);
		} else {
			FILE *f = output ? fopen(output, "wb") : stdout;
			if (!f || fwrite(buf_cstr(&out), 1, out.len, f) != out.len) {
				fprintf(stderr, "steward export: cannot write '%s'\n", output ? output : "stdout");
				rc = 1;
			}
			if (f && f != stdout)
				fclose(f);
		}
		buf_release(&out);
	}
	return rc;
}

int cmd_export(int argc, char **argv)
{
	return cli_run(argc, argv, true, run_export);
}
