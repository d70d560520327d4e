/*
 * test_routes.c — the route table as data: every JSON body a route reads
 * is decoded by the input schema the route names (the OpenAPI document
 * names the same component), every such schema has a seed in the fuzz
 * corpus whose first byte selects it in fuzz_resources, If-Match is
 * declared only on writes, and the problems column holds 4XX statuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "api/api.h"
#include "core/ticket/ticket.h"

#define SEEDS "tests/fuzz/corpus/resources/"

static void inputs_named(void **state)
{
	(void)state;
	const struct route *rt = api_routes().routes;
	for (size_t i = 0; rt[i].method; i++) {
		if (rt[i].input == &api_schema_incident) { /* one decoder for every kind, a component per kind */
			const struct ticket_kind *k = rt[i].arg;
			char want[64];
			snprintf(want, sizeof(want), "%sInput", k->schema);
			assert_string_equal(want, rt[i].request_schema);
		} else if (rt[i].input) /* the document's component is the decoder's */
			assert_string_equal(rt[i].input->name, rt[i].request_schema);
		else if (rt[i].request_schema) /* raw bodies (an attachment, an import), the matrix (decoded by hand),
						* monitoring payloads (api/alert_decode.h, each with its own fuzz target),
						* toolkit bundles (api/toolkit.h, fuzz_toolkit.c) and a survey
						* page's form (base/util.h form_value, in fuzz_parsers) */
			assert_true(strcmp(rt[i].request_schema, "file") == 0 ||
				    strcmp(rt[i].request_schema, "Toolkit") == 0 ||
				    strcmp(rt[i].request_schema, "form") == 0 ||
				    strcmp(rt[i].request_schema, "import") == 0 ||
				    strcmp(rt[i].request_schema, "PriorityMatrix") == 0 ||
				    strcmp(rt[i].request_schema, "AlertmanagerPayload") == 0 ||
				    strcmp(rt[i].request_schema, "EventInput") == 0);
		if (rt[i].if_match != ROUTE_NO_IF_MATCH)
			assert_true(strcmp(rt[i].method, "GET") != 0);
	}
}

/* The problems column: 4XX statuses, comma-separated. */
static void problems_are_4xx(void **state)
{
	(void)state;
	const struct route *rt = api_routes().routes;
	size_t with = 0;
	for (size_t i = 0; rt[i].method; i++) {
		const char *p = rt[i].problems;
		if (!p)
			continue;
		with++;
		for (;;) {
			if (strlen(p) < 3 || p[0] != '4' || p[1] < '0' || p[1] > '9' || p[2] < '0' || p[2] > '9')
				fprintf(stderr, "%s %s: problems \"%s\"\n", rt[i].method, rt[i].pattern,
					rt[i].problems);
			assert_true(p[0] == '4' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9');
			if (p[3] == 0)
				break;
			assert_int_equal(p[3], ',');
			p += 4;
		}
	}
	assert_true(with >= 3);
}

/* The seed SEEDS<name> exists and its first byte selects schema i of n. */
static void assert_seed_selects(const char *name, size_t i, size_t n)
{
	char path[512];
	snprintf(path, sizeof(path), SEEDS "%s", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fprintf(stderr, "no fuzz seed %s\n", path);
	assert_non_null(f);
	int first = fgetc(f);
	fclose(f);
	if ((size_t)first % n != i)
		fprintf(stderr, "%s: first byte %d selects schema %zu, not %zu\n", path, first, (size_t)first % n, i);
	assert_int_equal((size_t)first % n, i);
}

/* Each schema's seed is SEEDS<schema name>, its first byte the schema's
 * index in api_input_schema (what fuzz_resources decodes it with). */
static void every_schema_seeded(void **state)
{
	(void)state;
	size_t n = 0;
	while (api_input_schema(n))
		n++;
	assert_true(n >= 22);
	for (size_t i = 0; i < n; i++)
		assert_seed_selects(api_input_schema(i)->name, i, n);
}

/* Every seed, variants ("IncidentInput-problem") too, is named after the
 * schema its first byte selects, so a schema added to the route table,
 * which moves the indexes after it, cannot leave a seed decoded by
 * another schema unnoticed. */
static void every_seed_selects_its_schema(void **state)
{
	(void)state;
	size_t n = 0;
	while (api_input_schema(n))
		n++;
	DIR *dir = opendir(SEEDS);
	assert_non_null(dir);
	size_t seen = 0;
	for (struct dirent *e; (e = readdir(dir));) {
		if (e->d_name[0] == '.')
			continue;
		size_t len = strcspn(e->d_name, "-");
		size_t i = 0;
		while (i < n && (strlen(api_input_schema(i)->name) != len ||
				 strncmp(api_input_schema(i)->name, e->d_name, len) != 0))
			i++;
		if (i == n)
			fprintf(stderr, "fuzz seed %s names no input schema\n", e->d_name);
		assert_true(i < n);
		assert_seed_selects(e->d_name, i, n);
		seen++;
	}
	closedir(dir);
	assert_true(seen > n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(inputs_named), cmocka_unit_test(problems_are_4xx),
					   cmocka_unit_test(every_schema_seeded),
					   cmocka_unit_test(every_seed_selects_its_schema)};
	return cmocka_run_group_tests_name("routes", tests, NULL, NULL);
}
