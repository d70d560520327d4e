/*
 * fuzz_form.c — libFuzzer target for catalogue forms (docs/requests.md):
 * the input is a form definition (a JSON array of variables), a newline,
 * and a submission (a JSON object of values), each decoded as the API
 * decodes them (api_catalog_variables, api_catalog_values).  A definition
 * form_check_definition accepts is then run against the submission
 * (form_check_submission), and a plan made of its variables is checked
 * (plan_check).  A refusal must say why (a code, and for a submission
 * fields named "variables.<name>") and leave the answers untouched; an
 * acceptance must answer only declared, shown variables, each with text.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "api/api_catalog.h"
#include "base/limits.h"
#include "core/catalog/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_t *load(const uint8_t *p, size_t n)
{
	return json_loadb((const char *)p, n, JSON_REJECT_DUPLICATES, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	if (!nl)
		return 0;
	json_t *def = load(data, (size_t)(nl - data)), *sub = load(nl + 1, size - (size_t)(nl + 1 - data));
	struct req r;
	memset(&r, 0, sizeof(r));
	arena_init(&r.arena, LIMIT_ARENA);
	struct sw_error err;
	sw_error_clear(&err);
	size_t n = 0, m = 0;
	struct form_var *vars = def && json_is_array(def) ? api_catalog_variables(&r, def, &n, &err) : NULL;
	if (vars && !err.code) {
		for (size_t i = 0; i < n; i++)
			if (!vars[i].has_when)
				vars[i].when = FORM_WHEN_NONE;
		form_check_definition(&r.arena, "variables", vars, n, &err);
	}
	if (vars && !err.code && sub && json_is_object(sub)) {
		struct form_value *vals = api_catalog_values(&r, sub, &m, &err);
		if (vals && !err.code) {
			struct form_answers out = {(struct form_answer *)1, 12345};
			enum sw_err rc = form_check_submission(&r.arena, vars, n, vals, m, &out, &err);
			if (rc) {
				if (err.code == SW_OK || out.count != 12345 || !err.field_count)
					__builtin_trap();
				for (int k = 0; k < err.field_count; k++)
					if (strncmp(err.fields[k].field, "variables.", 10) != 0)
						__builtin_trap();
			} else {
				if (out.count > n)
					__builtin_trap();
				for (size_t k = 0; k < out.count; k++) {
					size_t j = 0;
					while (j < n && strcmp(vars[j].name, out.items[k].name) != 0)
						j++;
					if (j == n || !out.items[k].text || !form_var_shown(vars, n, j, vals, m))
						__builtin_trap();
				}
			}
		}
		/* a plan over the form: each task shows one variable and waits for the one before */
		struct plan_task tasks[PLAN_TASKS_MAX];
		size_t t = n < PLAN_TASKS_MAX ? n : PLAN_TASKS_MAX;
		const char *deps[PLAN_TASKS_MAX];
		for (size_t i = 0; i < t; i++) {
			deps[i] = vars[(i + 1) % t].name;
			tasks[i] = (struct plan_task){.key = vars[i].name,
						      .title = vars[i].label,
						      .variables = &vars[i].name,
						      .variable_count = 1,
						      .depends_on = &deps[i],
						      .depends_count = t > 1 && i + 1 < t ? 1 : 0};
		}
		struct sw_error perr;
		sw_error_clear(&perr);
		plan_check(&r.arena, "tasks", tasks, t, vars, n, &perr);
		if (perr.code) /* a chain, never a cycle: only titles may be refused */
			for (int k = 0; k < perr.field_count; k++)
				if (!strstr(perr.fields[k].field, ".title"))
					__builtin_trap();
	}
	json_decref(def);
	json_decref(sub);
	arena_release(&r.arena);
	return 0;
}
