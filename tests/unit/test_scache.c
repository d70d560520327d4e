/*
 * test_scache.c — the search cache (src/store/scache.c): a kept set is
 * found only for its query at its generation, a newer generation drops it,
 * a set handed out outlives its entry, the least recently found goes first
 * and nothing too large is kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "store/scache.h"

struct fixture {
	char dir[64];
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/steward-scache-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char url[128];
	snprintf(url, sizeof(url), "sqlite:%s/t.db", f->dir);
	struct sw_error err;
	sw_error_clear(&err);
	if (db_open(url, NULL, &f->db, &err))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_free(f->db); /* frees the kept sets (ASan: nothing leaks) */
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* A set of n ids from first, every step-th. */
static struct idset make_set(int64_t first, int n, int step)
{
	struct idset s = IDSET_INIT(1 << 24);
	for (int i = 0; i < n; i++)
		assert_int_equal(idset_add(&s, first + (int64_t)i * step), SW_OK);
	return s;
}

static void keep(struct db *db, const char *query, int64_t gen, int64_t first)
{
	struct idset s = make_set(first, 3000, 15);
	struct scache_ref r = {0};
	assert_true(scache_keep(db, query, gen, &s, &r));
	assert_null(s.ids); /* taken over */
	assert_null(s.bits);
	assert_true(idset_has(scache_ref_set(&r), first));
	scache_ref_release(&r);
	assert_null(scache_ref_set(&r));
}

static bool found(struct db *db, const char *query, int64_t gen, int64_t *first)
{
	struct scache_ref r = {0};
	if (!scache_find(db, query, gen, SIZE_MAX, &r))
		return false;
	assert_true(idset_first(scache_ref_set(&r), first));
	scache_ref_release(&r);
	return true;
}

static void found_for_its_query_and_generation_only(void **state)
{
	struct fixture *f = *state;
	int64_t first = 0;
	assert_false(found(f->db, "\"printer\"*", 7, &first)); /* nothing kept yet */
	keep(f->db, "\"printer\"*", 7, 100);
	assert_true(found(f->db, "\"printer\"*", 7, &first));
	assert_int_equal(first, 100);
	assert_false(found(f->db, "\"printer\"", 7, &first));  /* another query */
	assert_false(found(f->db, "\"printer\"*", 6, &first)); /* a reader of an older generation */
	assert_true(found(f->db, "\"printer\"*", 7, &first));  /* ... leaves it */
	assert_false(found(f->db, "\"printer\"*", 8, &first)); /* the index written since */
	assert_false(found(f->db, "\"printer\"*", 7, &first)); /* ... dropped it */
	/* a set larger than the caller's cap is not handed out */
	keep(f->db, "\"vpn\"*", 8, 5);
	struct scache_ref r = {0};
	assert_false(scache_find(f->db, "\"vpn\"*", 8, 64, &r));
	assert_null(scache_ref_set(&r));
	assert_true(found(f->db, "\"vpn\"*", 8, &first));
}

static void a_set_handed_out_outlives_its_entry(void **state)
{
	struct fixture *f = *state;
	keep(f->db, "\"printer\"*", 1, 42);
	struct scache_ref r = {0};
	assert_true(scache_find(f->db, "\"printer\"*", 1, SIZE_MAX, &r));
	int64_t other = 0;
	assert_false(found(f->db, "\"printer\"*", 2, &other)); /* dropped from the cache meanwhile */
	const struct idset *s = scache_ref_set(&r);
	assert_int_equal(s->count, 3000);
	assert_true(idset_has(s, 42 + 15 * 2999));
	assert_false(idset_has(s, 43));
	scache_ref_release(&r);
	scache_ref_release(&r); /* twice is fine */
}

static void least_recently_found_goes_first(void **state)
{
	struct fixture *f = *state;
	char q[32];
	for (int i = 0; i < SCACHE_ENTRIES; i++) {
		snprintf(q, sizeof(q), "q%d", i);
		keep(f->db, q, 3, i + 1);
	}
	int64_t first = 0;
	assert_true(found(f->db, "q0", 3, &first)); /* q0 used again: q1 is now the oldest */
	keep(f->db, "one more", 3, 1000);
	assert_true(found(f->db, "one more", 3, &first));
	assert_true(found(f->db, "q0", 3, &first));
	assert_false(found(f->db, "q1", 3, &first));
	for (int i = 2; i < SCACHE_ENTRIES; i++) {
		snprintf(q, sizeof(q), "q%d", i);
		assert_true(found(f->db, q, 3, &first));
		assert_int_equal(first, i + 1);
	}
	/* keeping the same query again replaces it */
	keep(f->db, "q5", 3, 77);
	assert_true(found(f->db, "q5", 3, &first));
	assert_int_equal(first, 77);
}

static void too_large_is_held_but_not_kept(void **state)
{
	struct fixture *f = *state;
	/* a sparse array of ids: 8 bytes each, past a quarter of the cache */
	struct idset s = IDSET_INIT(SIZE_MAX);
	int n = SCACHE_BYTES / 4 / 8 + 1;
	for (int i = 0; i < n; i++)
		assert_int_equal(idset_add(&s, (int64_t)i * 1000), SW_OK);
	struct scache_ref r = {0};
	assert_true(scache_keep(f->db, "huge", 1, &s, &r));
	assert_int_equal(scache_ref_set(&r)->count, (size_t)n); /* the caller has it */
	scache_ref_release(&r);
	int64_t first = 0;
	assert_false(found(f->db, "huge", 1, &first)); /* nobody else */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(found_for_its_query_and_generation_only, setup, teardown),
		cmocka_unit_test_setup_teardown(a_set_handed_out_outlives_its_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(least_recently_found_goes_first, setup, teardown),
		cmocka_unit_test_setup_teardown(too_large_is_held_but_not_kept, setup, teardown),
	};
	return cmocka_run_group_tests_name("search cache", tests, NULL, NULL);
}
