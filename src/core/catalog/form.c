/*
 * form.c — catalogue forms and fulfilment plans checked as pure rules;
 * see form.h.  Patterns are POSIX extended regular expressions (libc's
 * regcomp), bounded in length and without back references, matched
 * against the whole value.
 */
#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/catalog/form.h"
#include "core/core_int.h"
#include "core/sla/tz.h"
#include "base/banned.h"

static const char *const type_names[FORM_TYPE__COUNT] = {[FORM_TEXT] = "text",
							 [FORM_LONG_TEXT] = "long_text",
							 [FORM_NUMBER] = "number",
							 [FORM_DATE] = "date",
							 [FORM_DATETIME] = "datetime",
							 [FORM_CHOICE] = "choice",
							 [FORM_MULTI_CHOICE] = "multi_choice",
							 [FORM_BOOLEAN] = "boolean",
							 [FORM_USER] = "user",
							 [FORM_CI] = "ci",
							 [FORM_ATTACHMENT] = "attachment"};
CORE_VALUE_LIST(enum form_type, type_names, FORM_TYPE__COUNT, FORM_TEXT, form_type_name, form_type_parse)

static const char *const when_names[FORM_WHEN__COUNT] = {
	[FORM_WHEN_NONE] = "none", [FORM_WHEN_SHOW] = "show", [FORM_WHEN_REQUIRE] = "require"};
CORE_VALUE_LIST(enum form_when, when_names, FORM_WHEN__COUNT, FORM_WHEN_NONE, form_when_name, form_when_parse)

static bool is_choice(enum form_type t)
{
	return t == FORM_CHOICE || t == FORM_MULTI_CHOICE;
}

static bool is_text(enum form_type t)
{
	return t == FORM_TEXT || t == FORM_LONG_TEXT;
}

static bool listed(const char *s, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (str_same(s, v[i]))
			return true;
	return false;
}

bool form_pattern_ok(const char *pattern)
{
	size_t n = strlen(pattern);
	if (!n || n > FORM_PATTERN_MAX || !utf8_valid(pattern, n))
		return false;
	for (size_t i = 0; i + 1 < n; i++)
		if (pattern[i] == '\\' && pattern[i + 1] >= '1' && pattern[i + 1] <= '9')
			return false;
	char anchored[FORM_PATTERN_MAX + 8];
	snprintf(anchored, sizeof(anchored), "^(%s)$", pattern);
	regex_t re;
	if (regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	regfree(&re);
	return true;
}

bool form_pattern_match(const char *pattern, const char *s)
{
	char anchored[FORM_PATTERN_MAX + 8];
	snprintf(anchored, sizeof(anchored), "^(%s)$", pattern);
	regex_t re;
	if (regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	bool ok = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

/* A value given as text (a default, a condition's value) that a variable
 * of type v would take: NULL when it fits, else why not. */
static const char *text_fits(const struct form_var *v, const char *s)
{
	size_t len = strlen(s);
	int64_t x;
	switch (v->type) {
	case FORM_NUMBER:
		if (parse_int64(s, len, -(int64_t)FORM_NUMBER_LIMIT, (int64_t)FORM_NUMBER_LIMIT, &x))
			return "must be an integer";
		if ((v->has_min && x < v->min) || (v->has_max && x > v->max))
			return "is outside the variable's bounds";
		return NULL;
	case FORM_BOOLEAN: return !strcmp(s, "true") || !strcmp(s, "false") ? NULL : "must be true or false";
	case FORM_CHOICE:
	case FORM_MULTI_CHOICE: return listed(s, v->options, v->option_count) ? NULL : "must be one of the options";
	case FORM_DATE: return tz_parse_date(s, len, &x) ? "must be a date (YYYY-MM-DD)" : NULL;
	case FORM_DATETIME: return time_parse_rfc3339(s, len, &x) ? "must be an RFC 3339 time" : NULL;
	case FORM_TEXT:
	case FORM_LONG_TEXT:
		return v->pattern && form_pattern_ok(v->pattern) && !form_pattern_match(v->pattern, s)
			       ? "does not match the pattern"
			       : NULL;
	default: return "is not taken by a variable of this type";
	}
}

__attribute__((format(printf, 5, 6))) static void fail_at(struct sw_error *err, const char *field, size_t i,
							  const char *member, const char *fmt, ...)
{
	char f[96];
	snprintf(f, sizeof(f), "%s[%zu].%s", field, i, member);
	va_list ap;
	va_start(ap, fmt);
	sw_field_failv(err, f, fmt, ap);
	va_end(ap);
}

/* A content type as an attachment variable lists it: type/subtype, or
 * type/ * for every subtype (lower case letters, digits and . + - _). */
static bool content_type_ok(const char *s)
{
	const char *slash = strchr(s, '/');
	if (!slash || slash == s || !slash[1] || strlen(s) > 80 || !isalnum((unsigned char)s[0]) ||
	    (!isalnum((unsigned char)slash[1]) && strcmp(slash + 1, "*") != 0))
		return false;
	if (!strcmp(slash + 1, "*"))
		return true;
	for (const char *p = s; *p; p++)
		if (p != slash && !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr(".+-_", *p)))
			return false;
	return !strchr(slash + 1, '/');
}

/* An attachment's own members: a size limit and the content types it takes. */
static void check_attachment(struct sw_error *err, const char *field, size_t i, const struct form_var *v)
{
	if ((v->max_size || v->content_type_count) && v->type != FORM_ATTACHMENT) {
		fail_at(err, field, i, v->max_size ? "max_size" : "content_types",
			"is only given for an attachment, not %s", form_type_name(v->type));
		return;
	}
	if (v->max_size < 0 || v->max_size > LIMIT_BODY_ATTACHMENT)
		fail_at(err, field, i, "max_size", "must be from 1 to %d bytes", LIMIT_BODY_ATTACHMENT);
	for (size_t k = 0; k < v->content_type_count && k < FORM_OPTIONS_MAX; k++) {
		char f[96];
		snprintf(f, sizeof(f), "%s[%zu].content_types[%zu]", field, i, k);
		if (!v->content_types[k] || !content_type_ok(v->content_types[k]))
			sw_field_fail(err, f, "must be a content type such as image/png or image/*");
		else if (listed(v->content_types[k], v->content_types, k))
			sw_field_fail(err, f, "'%s' is listed twice", v->content_types[k]);
	}
}

/* Does the content type of an upload match one an attachment variable lists? */
bool form_content_type_takes(const struct form_var *v, const char *type)
{
	if (!v->content_type_count)
		return true;
	const char *semi = type ? strchr(type, ';') : NULL;
	size_t n = !type ? 0 : semi ? (size_t)(semi - type) : strlen(type);
	while (n && type[n - 1] == ' ')
		n--;
	for (size_t k = 0; k < v->content_type_count; k++) {
		const char *c = v->content_types[k];
		size_t cn = strlen(c);
		if (cn > 2 && !strcmp(c + cn - 2, "/*") ? n > cn - 1 && !strncasecmp(type, c, cn - 1)
							: n == cn && !strncasecmp(type, c, n))
			return true;
	}
	return false;
}

void form_check_definition(struct arena *a, const char *field, const struct form_var *vars, size_t count,
			   struct sw_error *err)
{
	(void)a;
	if (count > FORM_VARIABLES_MAX)
		sw_field_fail(err, field, "must have at most %d variables", FORM_VARIABLES_MAX);
	for (size_t i = 0; i < count && i < FORM_VARIABLES_MAX; i++) {
		const struct form_var *v = &vars[i];
		if (!v->name)
			fail_at(err, field, i, "name", "is required");
		else if (!core_name_ok(v->name, FORM_NAME_MAX))
			fail_at(err, field, i, "name", "must be 1 to 40 of a-z, 0-9 and _, starting with a letter");
		else
			for (size_t j = 0; j < i; j++)
				if (str_same(vars[j].name, v->name))
					fail_at(err, field, i, "name", "'%s' is declared twice", v->name);
		if (!v->has_type)
			fail_at(err, field, i, "type", "is required: %s",
				"text, long_text, number, date, datetime, "
				"choice, multi_choice, boolean, user, ci or "
				"attachment");
		if (!v->label || !core_text_ok(v->label, 1, FORM_LABEL_MAX))
			fail_at(err, field, i, "label", "is required: 1 to 200 characters");
		if (v->help && !core_text_ok(v->help, 0, FORM_HELP_MAX))
			fail_at(err, field, i, "help", "must be at most 1000 characters");
		if (!v->has_type)
			continue;
		if (is_choice(v->type)) {
			if (!v->option_count)
				fail_at(err, field, i, "options", "is required for a %s: at least one option",
					form_type_name(v->type));
			else if (v->option_count > FORM_OPTIONS_MAX)
				fail_at(err, field, i, "options", "must list at most 50 options");
			for (size_t k = 0; k < v->option_count && k < FORM_OPTIONS_MAX; k++) {
				char f[96];
				snprintf(f, sizeof(f), "%s[%zu].options[%zu]", field, i, k);
				if (!v->options[k] || !core_text_ok(v->options[k], 1, FORM_LABEL_MAX))
					sw_field_fail(err, f, "must be 1 to %d characters", FORM_LABEL_MAX);
				else if (listed(v->options[k], v->options, k))
					sw_field_fail(err, f, "'%s' is listed twice", v->options[k]);
			}
		} else if (v->option_count) {
			fail_at(err, field, i, "options", "is only given for choice and multi_choice, not %s",
				form_type_name(v->type));
		}
		if ((v->has_min || v->has_max) && v->type != FORM_NUMBER)
			fail_at(err, field, i, v->has_min ? "min" : "max", "is only given for a number, not %s",
				form_type_name(v->type));
		else if (v->has_min && v->has_max && v->min > v->max)
			fail_at(err, field, i, "max", "must not be below min");
		if (v->pattern && !is_text(v->type))
			fail_at(err, field, i, "pattern", "is only given for text and long_text, not %s",
				form_type_name(v->type));
		else if (v->pattern && !form_pattern_ok(v->pattern))
			fail_at(err, field, i, "pattern",
				"must be a POSIX extended regular expression of at most 200 bytes without back "
				"references");
		if (v->ci_class && v->type != FORM_CI)
			fail_at(err, field, i, "ci_class", "is only given for a ci, not %s", form_type_name(v->type));
		check_attachment(err, field, i, v);
		if (v->default_value) {
			const char *why = !core_text_ok(v->default_value, 1, FORM_LABEL_MAX)
						  ? "must be 1 to 200 characters"
						  : text_fits(v, v->default_value);
			if (why)
				fail_at(err, field, i, "default", "%s", why);
		}
		/* a condition names an earlier variable, and a value it may have */
		bool any = v->when_var || v->when_value || (v->has_when && v->when != FORM_WHEN_NONE);
		if (!any)
			continue;
		if (!v->has_when || v->when == FORM_WHEN_NONE) {
			fail_at(err, field, i, "when", "is required with a condition: show or require");
			continue;
		}
		size_t j = 0;
		while (v->when_var && j < i && !str_same(vars[j].name, v->when_var))
			j++;
		if (!v->when_var)
			fail_at(err, field, i, "when_variable", "is required with a condition");
		else if (j == i)
			fail_at(err, field, i, "when_variable", "'%s' is not a variable declared before this one",
				v->when_var);
		else if (!v->when_value)
			fail_at(err, field, i, "when_value", "is required with a condition");
		else if (vars[j].has_type && (vars[j].type == FORM_ATTACHMENT || vars[j].type == FORM_LONG_TEXT))
			fail_at(err, field, i, "when_variable", "'%s' cannot be compared with a value", v->when_var);
		else if (vars[j].has_type && text_fits(&vars[j], v->when_value) && vars[j].type != FORM_TEXT &&
			 vars[j].type != FORM_USER && vars[j].type != FORM_CI)
			fail_at(err, field, i, "when_value", "%s", text_fits(&vars[j], v->when_value));
	}
}

static const struct form_value *value_of(const struct form_value *values, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (str_same(values[i].name, name))
			return &values[i];
	return NULL;
}

static bool empty(const struct form_value *v)
{
	return !v || v->kind == FORM_V_NULL || (v->kind == FORM_V_STRING && !*v->s) ||
	       (v->kind == FORM_V_STRINGS && !v->list_count);
}

/* Does value v equal the condition's text? */
static bool value_is(const struct form_value *v, const char *text)
{
	if (empty(v))
		return false;
	char num[32];
	switch (v->kind) {
	case FORM_V_STRING: return !strcmp(v->s, text);
	case FORM_V_BOOL: return !strcmp(v->b ? "true" : "false", text);
	case FORM_V_NUMBER:
		if (!v->integer)
			return false;
		snprintf(num, sizeof(num), "%lld", (long long)v->n);
		return !strcmp(num, text);
	case FORM_V_STRINGS: return listed(text, v->list, v->list_count);
	default: return false;
	}
}

/* Whether the condition of vars[i] holds (depth: condition chains are
 * declared in order, so they are at most count long). */
static bool holds(const struct form_var *vars, size_t count, size_t i, const struct form_value *values, size_t n)
{
	const struct form_var *v = &vars[i];
	if (v->when == FORM_WHEN_NONE)
		return true;
	for (size_t j = 0; j < i; j++)
		if (str_same(vars[j].name, v->when_var))
			return form_var_shown(vars, count, j, values, n) &&
			       value_is(value_of(values, n, v->when_var), v->when_value);
	return false;
}

bool form_var_shown(const struct form_var *vars, size_t count, size_t i, const struct form_value *values, size_t n)
{
	return vars[i].when != FORM_WHEN_SHOW || holds(vars, count, i, values, n);
}

__attribute__((format(printf, 3, 4))) static void value_fail(struct sw_error *err, const char *name, const char *fmt,
							     ...)
{
	char f[96];
	snprintf(f, sizeof(f), "variables.%.60s", name);
	va_list ap;
	va_start(ap, fmt);
	sw_field_failv(err, f, fmt, ap);
	va_end(ap);
}

/* The text of value v of variable d, or NULL with its field error. */
static const char *check_value(struct arena *a, const struct form_var *d, const struct form_value *v,
			       struct sw_error *err)
{
	int64_t x;
	switch (d->type) {
	case FORM_TEXT:
	case FORM_LONG_TEXT: {
		size_t max = d->type == FORM_TEXT ? FORM_TEXT_MAX : FORM_LONG_TEXT_MAX;
		if (v->kind != FORM_V_STRING)
			value_fail(err, d->name, "must be a string");
		else if (!core_text_ok(v->s, 1, max))
			value_fail(err, d->name, "must be at most %s characters",
				   d->type == FORM_TEXT ? "1000" : "20000");
		else if (d->type == FORM_TEXT && strchr(v->s, '\n'))
			value_fail(err, d->name, "must be one line");
		else if (d->pattern && !form_pattern_match(d->pattern, v->s))
			value_fail(err, d->name, "does not match the pattern %s", d->pattern);
		else
			return v->s;
		return NULL;
	}
	case FORM_NUMBER:
		if (v->kind != FORM_V_NUMBER || !isfinite(v->n) || fabs(v->n) > FORM_NUMBER_LIMIT) {
			value_fail(err, d->name, "must be a number");
			return NULL;
		}
		if (d->has_min && v->n < (double)d->min) {
			value_fail(err, d->name, "must be at least %s", arena_printf(a, "%lld", (long long)d->min));
			return NULL;
		}
		if (d->has_max && v->n > (double)d->max) {
			value_fail(err, d->name, "must be at most %s", arena_printf(a, "%lld", (long long)d->max));
			return NULL;
		}
		if (v->integer)
			return arena_printf(a, "%lld", (long long)v->n);
		char num[FORMAT_DOUBLE_MAX];
		format_double(v->n, num);
		return arena_strdup(a, num);
	case FORM_DATE:
		if (v->kind != FORM_V_STRING || tz_parse_date(v->s, strlen(v->s), &x)) {
			value_fail(err, d->name, "must be a date (YYYY-MM-DD)");
			return NULL;
		}
		return v->s;
	case FORM_DATETIME:
		if (v->kind != FORM_V_STRING || time_parse_rfc3339(v->s, strlen(v->s), &x)) {
			value_fail(err, d->name, "must be an RFC 3339 time");
			return NULL;
		}
		char t[21];
		time_format_rfc3339(x, t);
		return arena_strdup(a, t);
	case FORM_CHOICE:
		if (v->kind != FORM_V_STRING || !listed(v->s, d->options, d->option_count)) {
			value_fail(err, d->name, "must be one of the options");
			return NULL;
		}
		return v->s;
	case FORM_MULTI_CHOICE: {
		if (v->kind != FORM_V_STRINGS) {
			value_fail(err, d->name, "must be an array of options");
			return NULL;
		}
		size_t len = 1;
		for (size_t k = 0; k < v->list_count; k++) {
			if (!listed(v->list[k], d->options, d->option_count)) {
				value_fail(err, d->name, "'%s' is not one of the options", v->list[k]);
				return NULL;
			}
			if (listed(v->list[k], v->list, k)) {
				value_fail(err, d->name, "'%s' is chosen twice", v->list[k]);
				return NULL;
			}
			len += strlen(v->list[k]) + 2;
		}
		char *s = arena_alloc(a, len);
		if (!s)
			return NULL;
		s[0] = 0;
		size_t at = 0;
		for (size_t k = 0; k < v->list_count; k++)
			at += (size_t)snprintf(s + at, len - at, "%s%s", k ? ", " : "", v->list[k]);
		return s;
	}
	case FORM_BOOLEAN:
		if (v->kind != FORM_V_BOOL) {
			value_fail(err, d->name, "must be true or false");
			return NULL;
		}
		return v->b ? "true" : "false";
	case FORM_USER:
		if (v->kind != FORM_V_STRING || !core_text_ok(v->s, 1, LIMIT_NAME_LEN)) {
			value_fail(err, d->name, "must be a user's login");
			return NULL;
		}
		return v->s;
	case FORM_ATTACHMENT:
		/* an upload made before the request exists (core/catalog/upload.h) */
		if (v->kind == FORM_V_STRING && v->s && !strncmp(v->s, "upload:", 7) && strlen(v->s) <= 26 &&
		    strspn(v->s + 7, "0123456789") == strlen(v->s + 7) && v->s[7])
			return v->s;
		/* fall through */
	case FORM_CI:
		if (v->kind != FORM_V_NUMBER || !v->integer || v->n < 1 || v->n > 9e15) {
			value_fail(err, d->name, "must be %s",
				   d->type == FORM_CI ? "a CI's id" : "an attachment's id or \"upload:<id>\"");
			return NULL;
		}
		return arena_printf(a, "%lld", (long long)v->n);
	default: return NULL;
	}
}

enum sw_err form_check_submission(struct arena *a, const struct form_var *vars, size_t count,
				  const struct form_value *values, size_t n, struct form_answers *out,
				  struct sw_error *err)
{
	/* names the form does not declare: a bad request, all of them named */
	bool unknown = false;
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;
		while (j < count && !str_same(vars[j].name, values[i].name))
			j++;
		if (j == count) {
			sw_param_fail(err, arena_printf(a, "variables.%.60s", values[i].name ? values[i].name : ""),
				      "is not a variable of this form");
			unknown = true;
		}
	}
	if (unknown)
		return err->code = SW_EBADREQ;
	struct form_answer *ans = arena_alloc(a, (count + 1) * sizeof(*ans));
	if (!ans)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < count; i++) {
		const struct form_var *d = &vars[i];
		const struct form_value *v = value_of(values, n, d->name);
		bool shown = form_var_shown(vars, count, i, values, n);
		if (!shown) {
			if (!empty(v))
				value_fail(err, d->name, "is hidden: it is shown only when %s has another value",
					   d->when_var);
			continue;
		}
		bool required = d->required || (d->when == FORM_WHEN_REQUIRE && holds(vars, count, i, values, n));
		const char *text = NULL;
		if (!empty(v)) {
			text = check_value(a, d, v, err);
		} else if (d->default_value) {
			text = d->default_value;
		} else if (required) {
			if (d->when == FORM_WHEN_REQUIRE && !d->required)
				value_fail(err, d->name, "is required when %s has this value", d->when_var);
			else
				value_fail(err, d->name, "is required");
		}
		if (text)
			ans[k++] = (struct form_answer){d->name, d->label, d->type, text, d->ci_class, d};
	}
	if (err->code)
		return err->code;
	*out = (struct form_answers){ans, k};
	return SW_OK;
}

static bool strings_same(const char *const *a, size_t an, const char *const *b, size_t bn)
{
	if (an != bn)
		return false;
	for (size_t i = 0; i < an; i++)
		if (!str_same(a[i], b[i]))
			return false;
	return true;
}

bool form_same(const struct form_var *a, size_t a_count, const struct form_var *b, size_t b_count)
{
	if (a_count != b_count)
		return false;
	for (size_t i = 0; i < a_count; i++) {
		const struct form_var *x = &a[i], *y = &b[i];
		if (!str_same(x->name, y->name) || !str_same(x->label, y->label) || !str_same(x->help, y->help) ||
		    !str_same(x->pattern, y->pattern) || !str_same(x->default_value, y->default_value) ||
		    x->type != y->type || x->required != y->required || x->has_min != y->has_min ||
		    x->has_max != y->has_max || (x->has_min && x->min != y->min) || (x->has_max && x->max != y->max) ||
		    !strings_same(x->options, x->option_count, y->options, y->option_count) ||
		    !str_same(x->ci_class, y->ci_class) || x->when != y->when || !str_same(x->when_var, y->when_var) ||
		    !str_same(x->when_value, y->when_value) || x->max_size != y->max_size ||
		    !strings_same(x->content_types, x->content_type_count, y->content_types, y->content_type_count))
			return false;
	}
	return true;
}

/* ---- fulfilment plans ------------------------------------------------------------ */

static size_t task_index(const struct plan_task *tasks, size_t count, const char *key)
{
	size_t i = 0;
	while (i < count && !str_same(tasks[i].key, key))
		i++;
	return i;
}

/* Depth-first search from task i for a way back to it: the path in
 * path[*len] when found.  state: 0 unseen, 1 on the path, 2 done. */
static bool find_cycle(const struct plan_task *tasks, size_t count, size_t i, unsigned char *state, size_t *path,
		       size_t *len)
{
	state[i] = 1;
	path[(*len)++] = i;
	for (size_t d = 0; d < tasks[i].depends_count; d++) {
		size_t j = task_index(tasks, count, tasks[i].depends_on[d]);
		if (j == count)
			continue;
		if (state[j] == 1) {
			path[(*len)++] = j;
			return true;
		}
		if (!state[j] && find_cycle(tasks, count, j, state, path, len))
			return true;
	}
	state[i] = 2;
	(*len)--;
	return false;
}

void plan_check(struct arena *a, const char *field, const struct plan_task *tasks, size_t count,
		const struct form_var *vars, size_t var_count, struct sw_error *err)
{
	if (count > PLAN_TASKS_MAX) {
		sw_field_fail(err, field, "must have at most %d tasks", PLAN_TASKS_MAX);
		return;
	}
	for (size_t i = 0; i < count; i++) {
		const struct plan_task *t = &tasks[i];
		if (!t->key || !core_name_ok(t->key, FORM_NAME_MAX))
			fail_at(err, field, i, "key", "is required: 1 to 40 of a-z, 0-9 and _, starting with a letter");
		else if (task_index(tasks, i, t->key) < i)
			fail_at(err, field, i, "key", "'%s' is used twice", t->key);
		if (!t->title || !core_text_ok(t->title, 1, LIMIT_TITLE_LEN))
			fail_at(err, field, i, "title", "is required: 1 to 300 characters");
		if (t->instructions && !core_text_ok(t->instructions, 0, FORM_HELP_MAX))
			fail_at(err, field, i, "instructions", "must be at most 1000 characters");
		for (size_t k = 0; k < t->variable_count; k++) {
			size_t j = 0;
			while (j < var_count && !str_same(vars[j].name, t->variables[k]))
				j++;
			if (j == var_count) {
				char f[96];
				snprintf(f, sizeof(f), "%s[%zu].variables[%zu]", field, i, k);
				sw_field_fail(err, f, "'%.60s' is not a variable of the item's form", t->variables[k]);
			}
		}
		if (t->depends_count > PLAN_DEPENDS_MAX)
			fail_at(err, field, i, "depends_on", "must list at most 10 tasks");
		for (size_t k = 0; k < t->depends_count; k++) {
			char f[96];
			snprintf(f, sizeof(f), "%s[%zu].depends_on[%zu]", field, i, k);
			if (str_same(t->depends_on[k], t->key))
				sw_field_fail(err, f, "a task cannot depend on itself");
			else if (task_index(tasks, count, t->depends_on[k]) == count)
				sw_field_fail(err, f, "'%.60s' is not a task of the plan", t->depends_on[k]);
		}
	}
	if (err->code)
		return;
	unsigned char state[PLAN_TASKS_MAX] = {0};
	size_t path[PLAN_TASKS_MAX + 1];
	for (size_t i = 0; i < count; i++) {
		size_t len = 0;
		if (state[i] || !find_cycle(tasks, count, i, state, path, &len))
			continue;
		/* the cycle is the path from the first visit of its last task */
		size_t from = 0;
		while (path[from] != path[len - 1])
			from++;
		char text[512];
		size_t at = 0;
		for (size_t k = from; k < len && at < sizeof(text); k++)
			at += (size_t)snprintf(text + at, sizeof(text) - at, "%s%s", k > from ? " -> " : "",
					       tasks[path[k]].key);
		fail_at(err, field, path[from], "depends_on", "makes a cycle: %s", text);
		(void)a;
		return;
	}
}
