/*
 * demo_data.c — the data of `steward demo`, kept apart from the code that
 * loads it: demo/<practice>.json, embedded at build time (base/embed.h).
 * A row is the body an API route takes (decoded by that route's own input
 * schema, so the demo's data is checked as a client's would be) plus the
 * members only the demo has — when, by whom and along which path a record
 * was made, names standing for ids not known before the run — decoded by
 * a field table of the demo file that reads them (cli.h).  The rows live
 * in one arena from demo_data_open to demo_data_close.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "base/embed.h"
#include "cli/cli.h"
#include "core/kernel/record.h"
#include "core/port/account.h"
#include "base/banned.h"

static struct req rows_req; /* an arena and a ctx for the API's decoders */
static struct kept *kept;   /* the tickets made, newest first (demo_number_keep) */

static int64_t started;

void demo_data_open(struct cli_env *env, int64_t now)
{
	cli_req_open(&rows_req, env, 0);
	started = now;
}

int64_t demo_started(void)
{
	return started;
}

enum sw_err demo_act_as(struct cli_env *env, const char *login, struct sw_error *err)
{
	struct user u;
	enum sw_err rc = store_user_by_login(&env->store, login, &u, err);
	if (!rc)
		env->ctx.actor = (struct actor){.user_id = u.id, .login = u.login, .role = u.role};
	return rc;
}

void demo_data_close(void)
{
	cli_req_close(&rows_req);
	kept = NULL;
}

/* The array s names in its file (a new reference), or NULL printed. */
static json_t *section_of(const struct demo_section *s)
{
	char name[64];
	snprintf(name, sizeof(name), "%s.json", s->file);
	const struct embedded_file *f = embedded_demo;
	while (f->name && strcmp(f->name, name) != 0)
		f++;
	json_error_t jerr;
	json_t *root = f->name ? json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	json_t *arr = json_incref(json_object_get(root, s->name));
	json_decref(root);
	if (!json_is_array(arr)) {
		fprintf(stderr, "steward: demo data: %s has no array '%s'%s%s\n", name, s->name,
			f->name && !root ? ": " : "", f->name && !root ? jerr.text : "");
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* Row item (a JSON object, borrowed) of s into row: its members of the
 * demo's own and its inputs taken out, the rest as s->input takes it. */
static enum sw_err decode_row(const struct demo_section *s, json_t *item, char *row, struct sw_error *err)
{
	json_t *rest = json_is_object(item) ? json_copy(item) : NULL, *own = json_object();
	if (!rest) {
		json_decref(own);
		return sw_fail(err, SW_EINVALID, NULL, "a row must be an object");
	}
	for (size_t i = 0; i < s->field_count; i++) {
		json_t *v = json_object_get(rest, s->fields[i].name);
		if (v) {
			json_object_set(own, s->fields[i].name, v);
			json_object_del(rest, s->fields[i].name);
		}
	}
	for (size_t i = 0; i < s->input_count; i++) {
		const struct demo_input *in = &s->inputs[i];
		json_t *v = json_object_get(rest, in->name);
		void *out = v ? arena_alloc(&rows_req.arena, in->schema->size) : NULL;
		if (v && out && !api_decode_schema(&rows_req, in->schema, v, out, err))
			memcpy(row + in->at, &out, sizeof(out));
		json_object_del(rest, in->name);
	}
	if (s->input)
		api_decode_schema(&rows_req, s->input, rest, row, err);
	else
		api_decode(&rows_req, rest, NULL, 0, row, err); /* each member left is unknown */
	api_decode(&rows_req, own, s->fields, s->field_count, row, err);
	json_decref(rest);
	json_decref(own);
	return err->code;
}

const void *demo_rows(const struct demo_section *s, size_t *count)
{
	json_t *arr = section_of(s);
	size_t n = json_array_size(arr);
	char *rows = arr ? arena_alloc(&rows_req.arena, (n + 1) * s->size) : NULL;
	if (arr && !rows)
		fprintf(stderr, "steward: demo data: out of memory\n");
	for (size_t i = 0; rows && i < n; i++) {
		struct sw_error err;
		sw_error_clear(&err);
		memset(rows + i * s->size, 0, s->size);
		if (decode_row(s, json_array_get(arr, i), rows + i * s->size, &err)) {
			char what[128];
			snprintf(what, sizeof(what), "demo data %s.json, %s[%zu]", s->file, s->name, i);
			cli_error(what, &err);
			rows = NULL;
		}
	}
	json_decref(arr);
	*count = rows ? n : 0;
	return rows;
}

/* The text of a demo file's member that is a JSON value rather than rows
 * (an event payload), compact; NULL printed when it has none. */
const char *demo_json(const char *file, const char *name)
{
	struct demo_section s = {.file = file, .name = name};
	json_t *arr = section_of(&s);
	char *text = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
	json_decref(arr);
	const char *out = text ? arena_strdup(&rows_req.arena, text) : NULL;
	free(text);
	return out;
}

/* A row of a table of record inputs (core/kernel/record.h). */
static enum sw_err create_record(struct cli_env *env, const struct record_kind *k, const void *in, struct sw_error *err)
{
	void *out = arena_alloc(&env->arena, k->size);
	return out ? record_create(&env->ctx, k, in, out, err) : sw_fail(err, SW_ENOMEM, NULL, "out of memory");
}

int demo_seed(struct cli_env *env, const struct demo_table *t, size_t count, size_t *created)
{
	struct sw_error err;
	sw_error_clear(&err);
	struct actor actor = env->ctx.actor;
	for (; count; t++, count--, env->ctx.actor = actor) {
		size_t n;
		const char *rows = demo_rows(&t->rows, &n);
		if (!rows)
			return 1;
		for (size_t i = 0; i < n; i++) {
			const char *row = rows + i * t->rows.size;
			if (!(t->create ? t->create(env, row, &err) : create_record(env, t->kind, row, &err)))
				continue;
			if (t->name_at == DEMO_UNNAMED)
				return cli_error(t->what, &err);
			char label[160];
			snprintf(label, sizeof(label), "%s '%s'", t->what, *(const char *const *)(row + t->name_at));
			return cli_error(label, &err);
		}
		if (created)
			*created++ = n;
	}
	return 0;
}

/* ---- what the demo made, by title ------------------------------------------------------ */

struct kept {
	const char *kind, *title, *number;
	struct kept *next;
};

void demo_number_keep(const char *kind, const char *title, const char *number)
{
	struct kept *k = arena_alloc(&rows_req.arena, sizeof(*k));
	if (!k)
		return; /* a later look-up fails and says which */
	*k = (struct kept){kind, arena_strdup(&rows_req.arena, title), arena_strdup(&rows_req.arena, number), kept};
	kept = k;
}

const char *demo_number(const char *kind, const char *title)
{
	for (const struct kept *k = kept; k; k = k->next)
		if (strcmp(k->kind, kind) == 0 && strcmp(k->title, title) == 0)
			return k->number;
	return NULL;
}

bool demo_step(const char **at, char *step, size_t max)
{
	const char *p = *at;
	while (*p == ' ')
		p++;
	size_t n = strcspn(p, " ");
	if (!n || n >= max)
		return false;
	memcpy(step, p, n);
	step[n] = 0;
	*at = p + n;
	return true;
}
