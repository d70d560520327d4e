/*
 * form.h — the forms of service catalogue items and their fulfilment
 * plans, as pure rules (no storage, no JSON): a form definition (its
 * variables, each with a type, limits, options and a condition) checked
 * when an item is saved, a submission checked against a definition with
 * every error named "variables.<name>", and a fulfilment plan (tasks
 * with dependencies) checked for unknown keys and cycles.  core/catalog/
 * catalog.c runs them inside its writes; fuzz_form feeds them outside
 * input.  See docs/requests.md.
 */
#ifndef SW_CORE_FORM_H
#define SW_CORE_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/core.h"
#include "base/list.h"

#define FORM_VARIABLES_MAX 50
#define FORM_OPTIONS_MAX 50
#define FORM_NAME_MAX 40     /* a variable's or a task's key: a-z, 0-9, _ */
#define FORM_LABEL_MAX 200   /* label, option, default */
#define FORM_HELP_MAX 1000   /* help text, a task's instructions */
#define FORM_PATTERN_MAX 200 /* bytes of a POSIX extended regular expression */
#define FORM_TEXT_MAX 1000   /* characters of a text value */
#define FORM_LONG_TEXT_MAX 20000
#define FORM_NUMBER_LIMIT 1e15 /* numbers and bounds lie within ±this */
#define PLAN_TASKS_MAX 30
#define PLAN_DEPENDS_MAX 10

enum form_type {
	FORM_TEXT,
	FORM_LONG_TEXT,
	FORM_NUMBER,
	FORM_DATE,
	FORM_DATETIME,
	FORM_CHOICE,
	FORM_MULTI_CHOICE,
	FORM_BOOLEAN,
	FORM_USER,
	FORM_CI,
	FORM_ATTACHMENT,
	FORM_TYPE__COUNT
};
CORE_VALUE_LIST_DECL(enum form_type, form_type_name, form_type_parse);

/* What a variable's condition does while it holds: NONE (no condition),
 * SHOW (the variable exists only then: hidden otherwise, and a hidden
 * variable may not have a value), REQUIRE (it is required then). */
enum form_when { FORM_WHEN_NONE, FORM_WHEN_SHOW, FORM_WHEN_REQUIRE, FORM_WHEN__COUNT };
CORE_VALUE_LIST_DECL(enum form_when, form_when_name, form_when_parse);

/* One variable of a form.  Numbers' bounds are integers (has_min,
 * has_max); a default is text as a submission would give it (a number's
 * digits, "true"/"false", one option).  The condition holds when the
 * variable when_var has the value when_value (a multi-choice: contains
 * it; a boolean: "true" or "false"). */
struct form_var {
	const char *name, *label, *help, *pattern, *default_value;
	enum form_type type;
	bool required;
	bool has_min, has_max;
	int64_t min, max;
	const char **options;
	size_t option_count;
	const char *ci_class;       /* FORM_CI: only CIs of this class */
	int64_t max_size;           /* FORM_ATTACHMENT: bytes at most (0: the upload limit) */
	const char **content_types; /* FORM_ATTACHMENT: the types it takes (none: any) */
	size_t content_type_count;
	enum form_when when;
	const char *when_var, *when_value;
	int position;  /* stored order, from 1 */
	bool has_type; /* input: a type was given */
	bool has_when; /* input: a condition's effect was given */
};

/* A value submitted for a variable, as the client sent it. */
enum form_value_kind { FORM_V_NULL, FORM_V_STRING, FORM_V_NUMBER, FORM_V_BOOL, FORM_V_STRINGS, FORM_V_OTHER };
struct form_value {
	const char *name;
	enum form_value_kind kind;
	const char *s;     /* FORM_V_STRING */
	double n;          /* FORM_V_NUMBER */
	bool integer;      /* FORM_V_NUMBER: it was written as an integer */
	bool b;            /* FORM_V_BOOL */
	const char **list; /* FORM_V_STRINGS */
	size_t list_count;
};

/* A submission's values after the check, in the form's order, each as
 * text (a multi-choice joined with ", ", a boolean "true"/"false"): the
 * visible variables given or defaulted (a user, CI or attachment
 * variable's text is what it names, for the caller to look up). */
struct form_answer {
	const char *name, *label;
	enum form_type type;
	const char *text;
	const char *ci_class;
	const struct form_var *var; /* its definition, while the check's vars live (NULL when read back) */
};
LIST_OF(form_answers, form_answer);

/* Field errors of the definition vars[count] into err, each at
 * "<field>[i].<member>" (field: "variables"): names (a-z, 0-9, _, unique),
 * types, labels, limits, options (choice types need 1 to
 * FORM_OPTIONS_MAX unique ones; other types none), bounds (numbers only,
 * min <= max), a pattern (text types only; must compile, no back
 * references), a class (CI only), a default that the variable itself
 * would accept, and a condition that names an earlier variable. */
void form_check_definition(struct arena *a, const char *field, const struct form_var *vars, size_t count,
			   struct sw_error *err);

/* Whether variable i of vars is shown for the submission values[n]:
 * no condition, a REQUIRE one, or a SHOW one that holds (and the variable
 * it depends on is shown itself). */
bool form_var_shown(const struct form_var *vars, size_t count, size_t i, const struct form_value *values, size_t n);

/* Check the submission values[n] against vars[count] (a definition
 * form_check_definition accepted).  A value naming no variable is a bad
 * request (400, field "variables.<name>", all of them together); else
 * every failure is a field error "variables.<name>" (422): a hidden
 * variable with a value, a missing required one (required, or a REQUIRE
 * condition that holds), a value of the wrong type, a choice outside its
 * options, a number outside its bounds, text not matching its pattern.
 * On success *out (in the arena) holds the answers; out untouched on
 * failure. */
enum sw_err form_check_submission(struct arena *a, const struct form_var *vars, size_t count,
				  const struct form_value *values, size_t n, struct form_answers *out,
				  struct sw_error *err);

/* Whether pattern is one a form takes (FORM_PATTERN_MAX bytes, valid
 * UTF-8, compiles as a POSIX extended regular expression, no back
 * references), and whether the whole of s matches it. */
bool form_pattern_ok(const char *pattern);
bool form_pattern_match(const char *pattern, const char *s);

/* Whether an attachment variable v takes an upload of content type type
 * (its list, "image/png" or "image/ *" (every subtype), ASCII case ignored; none: any). */
bool form_content_type_takes(const struct form_var *v, const char *type);

/* Whether two definitions are the same form (what a new version is made for). */
bool form_same(const struct form_var *a, size_t a_count, const struct form_var *b, size_t b_count);

/* A task of a fulfilment plan: its key (a-z, 0-9, _; unique in the
 * plan), title, the group that does it, instructions, the variables the
 * fulfiller sees, and the keys of the tasks it waits for. */
struct plan_task {
	const char *key, *title, *group, *instructions;
	int64_t group_id;
	const char **variables;
	size_t variable_count;
	const char **depends_on;
	size_t depends_count;
	int position;
};

/* Field errors of the plan tasks[count] into err at "<field>[i].<member>":
 * keys, titles, instructions, variables that vars[var_count] declares,
 * dependencies on other tasks of the plan, and no cycle among them (the
 * error, at the first task of one, names the cycle: "a -> b -> a"). */
void plan_check(struct arena *a, const char *field, const struct plan_task *tasks, size_t count,
		const struct form_var *vars, size_t var_count, struct sw_error *err);

#endif
