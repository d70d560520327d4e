/*
 * test_form.c — catalogue forms and fulfilment plans as pure rules
 * (core/catalog/form.c): definitions refused member by member, submissions
 * checked against a definition from a table of cases (conditions that show
 * and require, hidden values, types, options, bounds, patterns, defaults,
 * undeclared names), form comparison for versions, and plans (unknown and
 * self dependencies, cycles named, parallel branches accepted).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/limits.h"
#include "core/approval/approval.h"
#include "core/catalog/form.h"
#include "core/catalog/upload.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *models[] = {"standard", "developer"};
static const char *extras[] = {"dock", "monitor"};

/* model (choice, required, default), ram (number 8..64, shown for developer),
 * reason (required for developer), tag (text, pattern), extras, on (date), urgent */
static struct form_var form[] = {
	{.name = "model",
	 .label = "Model",
	 .type = FORM_CHOICE,
	 .has_type = true,
	 .required = true,
	 .options = models,
	 .option_count = 2,
	 .default_value = "standard"},
	{.name = "ram",
	 .label = "RAM",
	 .type = FORM_NUMBER,
	 .has_type = true,
	 .has_min = true,
	 .min = 8,
	 .has_max = true,
	 .max = 64,
	 .when = FORM_WHEN_SHOW,
	 .has_when = true,
	 .when_var = "model",
	 .when_value = "developer"},
	{.name = "reason",
	 .label = "Why",
	 .type = FORM_LONG_TEXT,
	 .has_type = true,
	 .when = FORM_WHEN_REQUIRE,
	 .has_when = true,
	 .when_var = "model",
	 .when_value = "developer"},
	{.name = "tag", .label = "Tag", .type = FORM_TEXT, .has_type = true, .pattern = "AT-[0-9]{4}"},
	{.name = "extras",
	 .label = "Extras",
	 .type = FORM_MULTI_CHOICE,
	 .has_type = true,
	 .options = extras,
	 .option_count = 2},
	{.name = "on", .label = "On", .type = FORM_DATE, .has_type = true},
	{.name = "urgent", .label = "Urgent", .type = FORM_BOOLEAN, .has_type = true},
};

#define S(k, v)                                                                                                        \
	{                                                                                                              \
		.name = (k), .kind = FORM_V_STRING, .s = (v)                                                           \
	}
#define I(k, v)                                                                                                        \
	{                                                                                                              \
		.name = (k), .kind = FORM_V_NUMBER, .n = (v), .integer = true                                          \
	}
#define B(k, v)                                                                                                        \
	{                                                                                                              \
		.name = (k), .kind = FORM_V_BOOL, .b = (v)                                                             \
	}

static const char *dock_monitor[] = {"dock", "monitor"};
static const char *dock_dock[] = {"dock", "dock"};
static const char *jet[] = {"jetpack"};

static const struct {
	const char *what;
	struct form_value v[4];
	size_t n;
	enum sw_err rc;
	const char *fields;  /* the fields refused, sorted, joined with ' ' */
	const char *answers; /* on success: name=value, joined with ' ' */
} cases[] = {
	{"nothing: the default", {{0}}, 0, SW_OK, "", "model=standard"},
	{"developer with ram and reason",
	 {S("model", "developer"), I("ram", 8), S("reason", "x")},
	 3,
	 SW_OK,
	 "",
	 "model=developer ram=8 reason=x"},
	{"ram at max",
	 {S("model", "developer"), I("ram", 64), S("reason", "x")},
	 3,
	 SW_OK,
	 "",
	 "model=developer ram=64 reason=x"},
	{"ram over max",
	 {S("model", "developer"), I("ram", 65), S("reason", "x")},
	 3,
	 SW_EINVALID,
	 "variables.ram",
	 NULL},
	{"ram under min",
	 {S("model", "developer"), I("ram", 7), S("reason", "x")},
	 3,
	 SW_EINVALID,
	 "variables.ram",
	 NULL},
	{"hidden ram", {I("ram", 16)}, 1, SW_EINVALID, "variables.ram", NULL},
	{"hidden null is fine", {{.name = "ram", .kind = FORM_V_NULL}}, 1, SW_OK, "", "model=standard"},
	{"reason required under condition", {S("model", "developer")}, 1, SW_EINVALID, "variables.reason", NULL},
	{"reason optional otherwise", {S("reason", "because")}, 1, SW_OK, "", "model=standard reason=because"},
	{"choice outside options", {S("model", "gaming")}, 1, SW_EINVALID, "variables.model", NULL},
	{"pattern", {S("tag", "AT-123")}, 1, SW_EINVALID, "variables.tag", NULL},
	{"pattern whole value", {S("tag", "xAT-1234")}, 1, SW_EINVALID, "variables.tag", NULL},
	{"pattern ok", {S("tag", "AT-1234")}, 1, SW_OK, "", "model=standard tag=AT-1234"},
	{"multi",
	 {{.name = "extras", .kind = FORM_V_STRINGS, .list = dock_monitor, .list_count = 2}},
	 1,
	 SW_OK,
	 "",
	 "model=standard extras=dock, monitor"},
	{"multi twice",
	 {{.name = "extras", .kind = FORM_V_STRINGS, .list = dock_dock, .list_count = 2}},
	 1,
	 SW_EINVALID,
	 "variables.extras",
	 NULL},
	{"multi outside",
	 {{.name = "extras", .kind = FORM_V_STRINGS, .list = jet, .list_count = 1}},
	 1,
	 SW_EINVALID,
	 "variables.extras",
	 NULL},
	{"date", {S("on", "2028-02-29")}, 1, SW_OK, "", "model=standard on=2028-02-29"},
	{"no such date", {S("on", "2027-02-29")}, 1, SW_EINVALID, "variables.on", NULL},
	{"boolean", {B("urgent", false)}, 1, SW_OK, "", "model=standard urgent=false"},
	{"boolean as text", {S("urgent", "true")}, 1, SW_EINVALID, "variables.urgent", NULL},
	{"number as text",
	 {S("model", "developer"), S("ram", "16"), S("reason", "x")},
	 3,
	 SW_EINVALID,
	 "variables.ram",
	 NULL},
	{"undeclared: 400 naming each",
	 {S("colour", "red"), I("size", 1), S("model", "gaming")},
	 3,
	 SW_EBADREQ,
	 "variables.colour variables.size",
	 NULL},
	{"several together",
	 {S("model", "developer"), I("ram", 100), S("tag", "x")},
	 3,
	 SW_EINVALID,
	 "variables.ram variables.reason variables.tag",
	 NULL},
};

static int cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void submissions(void **state)
{
	(void)state;
	struct sw_error err;
	struct arena a;
	arena_init(&a, LIMIT_ARENA);
	sw_error_clear(&err);
	form_check_definition(&a, "variables", form, ARRAY_LEN(form), &err);
	assert_int_equal(err.code, SW_OK);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct form_answers out = {NULL, 99};
		sw_error_clear(&err);
		enum sw_err rc = form_check_submission(&a, form, ARRAY_LEN(form), cases[i].v, cases[i].n, &out, &err);
		if (rc != cases[i].rc)
			fprintf(stderr, "%s: %d, not %d (%s)\n", cases[i].what, rc, cases[i].rc, err.detail);
		assert_int_equal(rc, cases[i].rc);
		const char *names[SW_FIELD_ERRORS_MAX];
		char got[512] = "";
		for (int k = 0; k < err.field_count; k++)
			names[k] = err.fields[k].field;
		qsort(names, (size_t)err.field_count, sizeof(*names), cmp);
		for (int k = 0; k < err.field_count; k++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", k ? " " : "", names[k]);
		if (strcmp(got, cases[i].fields))
			fprintf(stderr, "%s: fields '%s'\n", cases[i].what, got);
		assert_string_equal(got, cases[i].fields);
		if (rc) {
			assert_int_equal(out.count, 99); /* untouched */
			continue;
		}
		char ans[512] = "";
		for (size_t k = 0; k < out.count; k++)
			snprintf(ans + strlen(ans), sizeof(ans) - strlen(ans), "%s%s=%s", k ? " " : "",
				 out.items[k].name, out.items[k].text);
		if (strcmp(ans, cases[i].answers))
			fprintf(stderr, "%s: answers '%s'\n", cases[i].what, ans);
		assert_string_equal(ans, cases[i].answers);
	}
	arena_release(&a);
}

/* One bad variable each: the member named. */
static void definitions(void **state)
{
	(void)state;
	static const char *one[] = {"a"}, *twice[] = {"a", "a"};
	static const struct {
		struct form_var v[2];
		size_t n;
		const char *field;
	} bad[] = {
		{{{.name = "Bad", .label = "x", .type = FORM_TEXT, .has_type = true}}, 1, "variables[0].name"},
		{{{.name = "a", .label = "x", .type = FORM_TEXT, .has_type = true},
		  {.name = "a", .label = "y", .type = FORM_TEXT, .has_type = true}},
		 2,
		 "variables[1].name"},
		{{{.name = "a", .label = "x"}}, 1, "variables[0].type"},
		{{{.name = "a", .type = FORM_TEXT, .has_type = true}}, 1, "variables[0].label"},
		{{{.name = "a", .label = "x", .type = FORM_CHOICE, .has_type = true}}, 1, "variables[0].options"},
		{{{.name = "a",
		   .label = "x",
		   .type = FORM_CHOICE,
		   .has_type = true,
		   .options = twice,
		   .option_count = 2}},
		 1,
		 "variables[0].options[1]"},
		{{{.name = "a", .label = "x", .type = FORM_TEXT, .has_type = true, .options = one, .option_count = 1}},
		 1,
		 "variables[0].options"},
		{{{.name = "a", .label = "x", .type = FORM_TEXT, .has_type = true, .has_min = true}},
		 1,
		 "variables[0].min"},
		{{{.name = "a",
		   .label = "x",
		   .type = FORM_NUMBER,
		   .has_type = true,
		   .has_min = true,
		   .min = 2,
		   .has_max = true,
		   .max = 1}},
		 1,
		 "variables[0].max"},
		{{{.name = "a", .label = "x", .type = FORM_NUMBER, .has_type = true, .pattern = "x"}},
		 1,
		 "variables[0].pattern"},
		{{{.name = "a", .label = "x", .type = FORM_TEXT, .has_type = true, .pattern = "(a)\\1"}},
		 1,
		 "variables[0].pattern"},
		{{{.name = "a", .label = "x", .type = FORM_TEXT, .has_type = true, .pattern = "(unclosed"}},
		 1,
		 "variables[0].pattern"},
		{{{.name = "a", .label = "x", .type = FORM_NUMBER, .has_type = true, .default_value = "ten"}},
		 1,
		 "variables[0].default"},
		{{{.name = "a", .label = "x", .type = FORM_TEXT, .has_type = true, .ci_class = "server"}},
		 1,
		 "variables[0].ci_class"},
		{{{.name = "a",
		   .label = "x",
		   .type = FORM_TEXT,
		   .has_type = true,
		   .when = FORM_WHEN_SHOW,
		   .has_when = true,
		   .when_var = "a",
		   .when_value = "x"}},
		 1,
		 "variables[0].when_variable"},
		{{{.name = "a", .label = "x", .type = FORM_TEXT, .has_type = true, .when_var = "b"}},
		 1,
		 "variables[0].when"},
		{{{.name = "a", .label = "x", .type = FORM_BOOLEAN, .has_type = true},
		  {.name = "b",
		   .label = "y",
		   .type = FORM_TEXT,
		   .has_type = true,
		   .when = FORM_WHEN_SHOW,
		   .has_when = true,
		   .when_var = "a",
		   .when_value = "perhaps"}},
		 2,
		 "variables[1].when_value"},
	};
	struct arena a;
	arena_init(&a, LIMIT_ARENA);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct sw_error err;
		sw_error_clear(&err);
		form_check_definition(&a, "variables", bad[i].v, bad[i].n, &err);
		if (err.field_count != 1 || strcmp(err.fields[0].field, bad[i].field))
			fprintf(stderr, "case %zu: %d fields, first '%s'\n", i, err.field_count,
				err.field_count ? err.fields[0].field : "");
		assert_int_equal(err.code, SW_EINVALID);
		assert_int_equal(err.field_count, 1);
		assert_string_equal(err.fields[0].field, bad[i].field);
	}
	/* the limit: FORM_VARIABLES_MAX and one more */
	struct form_var many[FORM_VARIABLES_MAX + 1];
	char names[FORM_VARIABLES_MAX + 1][8];
	for (size_t i = 0; i < ARRAY_LEN(many); i++) {
		snprintf(names[i], sizeof(names[i]), "v%zu", i);
		many[i] = (struct form_var){.name = names[i], .label = "x", .type = FORM_TEXT, .has_type = true};
	}
	struct sw_error err;
	sw_error_clear(&err);
	form_check_definition(&a, "variables", many, FORM_VARIABLES_MAX, &err);
	assert_int_equal(err.code, SW_OK);
	form_check_definition(&a, "variables", many, FORM_VARIABLES_MAX + 1, &err);
	assert_int_equal(err.code, SW_EINVALID);
	assert_string_equal(err.fields[0].field, "variables");
	/* the same form, and one changed in one member */
	assert_true(form_same(form, ARRAY_LEN(form), form, ARRAY_LEN(form)));
	struct form_var other[ARRAY_LEN(form)];
	memcpy(other, form, sizeof(form));
	other[1].max = 65;
	assert_false(form_same(form, ARRAY_LEN(form), other, ARRAY_LEN(form)));
	assert_false(form_same(form, ARRAY_LEN(form), form, ARRAY_LEN(form) - 1));
	arena_release(&a);
}

static void plans(void **state)
{
	(void)state;
	static const char *dep_c[] = {"c"}, *dep_a[] = {"a"}, *dep_b[] = {"b"}, *dep_self[] = {"a"},
			  *dep_none[] = {"zz"}, *dep_ab[] = {"a", "b"}, *shows[] = {"model"}, *shows_bad[] = {"nope"};
	struct arena a;
	arena_init(&a, LIMIT_ARENA);
	struct sw_error err;

	/* a diamond: a and b in parallel, c after both, d after c */
	struct plan_task diamond[] = {
		{.key = "a", .title = "A", .variables = shows, .variable_count = 1},
		{.key = "b", .title = "B"},
		{.key = "c", .title = "C", .depends_on = dep_ab, .depends_count = 2},
		{.key = "d", .title = "D", .depends_on = dep_c, .depends_count = 1},
	};
	sw_error_clear(&err);
	plan_check(&a, "tasks", diamond, ARRAY_LEN(diamond), form, ARRAY_LEN(form), &err);
	assert_int_equal(err.code, SW_OK);

	struct plan_task cycle[] = {
		{.key = "a", .title = "A", .depends_on = dep_c, .depends_count = 1},
		{.key = "b", .title = "B", .depends_on = dep_a, .depends_count = 1},
		{.key = "c", .title = "C", .depends_on = dep_b, .depends_count = 1},
	};
	sw_error_clear(&err);
	plan_check(&a, "tasks", cycle, ARRAY_LEN(cycle), form, ARRAY_LEN(form), &err);
	assert_int_equal(err.code, SW_EINVALID);
	assert_string_equal(err.fields[0].field, "tasks[0].depends_on");
	assert_non_null(strstr(err.fields[0].detail, "a -> c -> b -> a"));

	struct plan_task bad[] = {
		{.key = "a", .title = "A", .depends_on = dep_self, .depends_count = 1},
		{.key = "b",
		 .title = "",
		 .depends_on = dep_none,
		 .depends_count = 1,
		 .variables = shows_bad,
		 .variable_count = 1},
		{.key = "a", .title = "again"},
		{.key = "Bad key", .title = "x"},
	};
	sw_error_clear(&err);
	plan_check(&a, "tasks", bad, ARRAY_LEN(bad), form, ARRAY_LEN(form), &err);
	assert_int_equal(err.field_count, 6);
	const char *want[] = {"tasks[0].depends_on[0]", "tasks[1].title", "tasks[1].variables[0]",
			      "tasks[1].depends_on[0]", "tasks[2].key",   "tasks[3].key"};
	for (size_t i = 0; i < ARRAY_LEN(want); i++)
		assert_string_equal(err.fields[i].field, want[i]);
	arena_release(&a);
}

/* An attachment variable's content types: exact, a type's every subtype,
 * case and parameters ignored; none listed takes any. */
static void content_types(void **state)
{
	(void)state;
	static const char *png_and_images[] = {"application/pdf", "image/*"};
	struct form_var v = {.type = FORM_ATTACHMENT, .content_types = png_and_images, .content_type_count = 2};
	static const struct {
		const char *type;
		bool takes;
	} rows[] = {{"application/pdf", true},
		    {"Application/PDF", true},
		    {"application/pdf; q=1", true},
		    {"image/png", true},
		    {"image/", false},
		    {"imagex/png", false},
		    {"image", false},
		    {"application/pdfx", false},
		    {"text/plain", false},
		    {"", false},
		    {NULL, false}};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		if (form_content_type_takes(&v, rows[i].type) != rows[i].takes)
			fail_msg("%s: expected %d", rows[i].type ? rows[i].type : "(null)", rows[i].takes);
	}
	struct form_var any = {.type = FORM_ATTACHMENT};
	assert_true(form_content_type_takes(&any, "text/plain"));
}

/* A conditional approval step against a request's facts, with the reason
 * recorded either way. */
static void step_conditions(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1 << 16);
	static const struct approval_fact values[] = {{"access", "admin", false, NULL},
						      {"extras", "dock, vpn", true, NULL},
						      {"centre", "9123", false, NULL},
						      {"note", "x", false, NULL}};
	struct approval_facts facts = {1200, values, ARRAY_LEN(values)};
	static const struct {
		struct approval_step_def d;
		bool applies;
		const char *why;
	} rows[] = {
		{{.rule = APPROVAL_ANY}, true, "no condition"},
		{{.has_cost_above = true, .cost_above = 1000}, true, "cost 1200 is above 1000"},
		{{.has_cost_above = true, .cost_above = 1200}, false, "cost 1200 is not above 1200"},
		{{.when_variable = "access", .when_value = "admin"}, true, "access is admin"},
		{{.when_variable = "access", .when_value = "adm"}, false, "access is not adm"},
		{{.when_variable = "extras", .when_value = "vpn"}, true, "extras includes vpn"},
		{{.when_variable = "extras", .when_value = "dock, vpn"}, false, "extras does not include dock, vpn"},
		{{.when_variable = "extras", .when_pattern = "v.*"}, true, "extras matches v.*"},
		{{.when_variable = "centre", .when_pattern = "9[0-9]+"}, true, "centre matches 9[0-9]+"},
		{{.when_variable = "centre", .when_pattern = "12"}, false, "centre does not match 12"},
		{{.when_variable = "note"}, true, "note has a value"},
		{{.when_variable = "missing", .when_value = "x"}, false, "missing has no value"},
		{{.has_cost_above = true, .cost_above = 10, .when_variable = "access", .when_value = "admin"},
		 true,
		 "cost 1200 is above 10 and access is admin"},
		{{.has_cost_above = true, .cost_above = 10, .when_variable = "access", .when_value = "user"},
		 false,
		 "access is not user"},
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		const char *why = NULL;
		bool got = approval_step_applies(&a, &rows[i].d, &facts, &why);
		if (got != rows[i].applies || !why || strcmp(why, rows[i].why) != 0)
			fail_msg("case %zu: %d '%s', expected %d '%s'", i, got, why ? why : "", rows[i].applies,
				 rows[i].why);
	}
	arena_release(&a);
}

/* An attachment variable's value: an attachment's id, or an upload made
 * for the order ("upload:<id>", core/catalog/upload.h), which the check
 * passes on as it is for the caller to look up; anything else is refused. */
static void upload_refs(void **state)
{
	(void)state;
	static const struct form_var file[] = {
		{.name = "file", .label = "File", .type = FORM_ATTACHMENT, .has_type = true}};
	static const struct {
		struct form_value v;
		const char *text; /* NULL: refused at variables.file */
	} rows[] = {
		{I("file", 7), "7"},
		{S("file", "upload:12"), "upload:12"},
		{S("file", "upload:9223372036854775807"), "upload:9223372036854775807"},
		{S("file", "upload:12345678901234567890"), NULL}, /* more digits than an id has */
		{S("file", "upload:"), NULL},
		{S("file", "upload:1x"), NULL},
		{S("file", "upload:-1"), NULL},
		{S("file", "UPLOAD:1"), NULL},
		{S("file", "12"), NULL},
		{B("file", true), NULL},
	};
	struct arena a;
	arena_init(&a, LIMIT_ARENA);
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		struct sw_error err;
		struct form_answers out = {NULL, 0};
		sw_error_clear(&err);
		enum sw_err rc = form_check_submission(&a, file, 1, &rows[i].v, 1, &out, &err);
		if (!rows[i].text) {
			assert_int_not_equal(rc, SW_OK);
			assert_string_equal(err.fields[0].field, "variables.file");
			continue;
		}
		assert_int_equal(rc, SW_OK);
		assert_int_equal(out.count, 1);
		assert_string_equal(out.items[0].text, rows[i].text);
	}
	arena_release(&a);
	/* what the catalogue's check and the order read from an answer */
	int64_t id = 0;
	assert_true(upload_named("upload:12", &id));
	assert_int_equal(id, 12);
	static const char *const not_uploads[] = {"upload:",   "upload:0", "upload:-1",
						  "upload:1x", "12",       "upload:9999999999999999999",
						  "UPLOAD:1",  " upload:1"};
	for (size_t i = 0; i < ARRAY_LEN(not_uploads); i++)
		assert_false(upload_named(not_uploads[i], &id));
	assert_false(upload_named(NULL, &id));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(submissions),   cmocka_unit_test(definitions),     cmocka_unit_test(plans),
		cmocka_unit_test(content_types), cmocka_unit_test(step_conditions), cmocka_unit_test(upload_refs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
