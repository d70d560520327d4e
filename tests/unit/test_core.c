/*
 * test_core.c — pure domain rules: the priority matrix, the incident state
 * machine, authorisation, attachment sniffing and file-name cleaning, and
 * the statement catalog's own consistency.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/authz.h"
#include "core/ticket.h"
#include "store/catalog.h"

static void priority_matrix(void **state)
{
	(void)state;
	static const int want[3][3] = {{1, 2, 3}, {2, 3, 4}, {3, 4, 5}};
	for (int i = 1; i <= 3; i++)
		for (int u = 1; u <= 3; u++)
			assert_int_equal(ticket_priority(i, u), want[i - 1][u - 1]);
	assert_int_equal(ticket_priority(0, 1), 0);
	assert_int_equal(ticket_priority(1, 4), 0);
	assert_int_equal(ticket_priority(-1, -1), 0);
}

static const char *joined(const struct actor *a, const struct ticket *t, char *out, size_t max)
{
	const char *names[TICKET_ACTIONS_MAX];
	size_t n = ticket_allowed_actions(a, t, names, TICKET_ACTIONS_MAX);
	out[0] = 0;
	for (size_t i = 0; i < n; i++) {
		if (i)
			strncat(out, ",", max - strlen(out) - 1);
		strncat(out, names[i], max - strlen(out) - 1);
	}
	return out;
}

static void incident_machine(void **state)
{
	(void)state;
	struct actor agent = {.user_id = 2, .login = "agent", .role = ROLE_AGENT};
	struct actor owner = {.user_id = 7, .login = "eu", .role = ROLE_END_USER};
	struct actor other = {.user_id = 8, .login = "eu2", .role = ROLE_END_USER};
	struct ticket t = {.kind = TICKET_INCIDENT, .requester_id = 7};
	char buf[128];
	static const struct {
		const char *state, *agent, *owner;
	} cases[] = {
		{"new", "start,hold,resolve,cancel", ""},
		{"in_progress", "hold,resolve,cancel", ""},
		{"on_hold", "start,resolve", ""},
		{"resolved", "reopen,close", "reopen,close"},
		{"closed", "", ""},
		{"canceled", "", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t.state = cases[i].state;
		assert_string_equal(joined(&agent, &t, buf, sizeof(buf)), cases[i].agent);
		assert_string_equal(joined(&owner, &t, buf, sizeof(buf)), cases[i].owner);
		assert_string_equal(joined(&other, &t, buf, sizeof(buf)), "");
	}
	const struct ticket_machine *m = ticket_machine_of(TICKET_INCIDENT);
	assert_string_equal(m->initial, "new");
	assert_null(ticket_action_find(m, "explode"));
	assert_true(ticket_state_valid(m, "on_hold"));
	assert_false(ticket_state_valid(m, "pending"));
}

static void authz_rules(void **state)
{
	(void)state;
	struct sw_error err;
	struct actor eu = {.user_id = 7, .role = ROLE_END_USER};
	struct actor agent = {.user_id = 2, .role = ROLE_AGENT};
	struct actor admin = {.user_id = 1, .role = ROLE_ADMIN};
	struct authz_ticket mine = {.requester_id = 7}, theirs = {.requester_id = 9},
			    watched = {.requester_id = 9, .actor_watches = true};

	sw_error_clear(&err);
	assert_int_equal(authz_ticket_read(&eu, &mine, &err), SW_OK);
	assert_int_equal(authz_ticket_read(&eu, &watched, &err), SW_OK);
	assert_int_equal(authz_ticket_read(&eu, &theirs, &err), SW_ENOTFOUND);
	assert_int_equal(authz_ticket_read(&agent, &theirs, &err), SW_OK);
	assert_int_equal(authz_ticket_comment(&eu, &mine, true, &err), SW_EFORBIDDEN);
	assert_int_equal(authz_ticket_comment(&eu, &mine, false, &err), SW_OK);
	assert_int_equal(authz_ticket_comment(&agent, &theirs, true, &err), SW_OK);
	assert_int_equal(authz_ticket_write(&eu, &err), SW_EFORBIDDEN);
	assert_int_equal(authz_ticket_action(&eu, &mine, true, &err), SW_OK);
	assert_int_equal(authz_ticket_action(&eu, &watched, true, &err), SW_EFORBIDDEN);
	assert_int_equal(authz_ticket_action(&eu, &mine, false, &err), SW_EFORBIDDEN);
	assert_int_equal(authz_require_role(&agent, ROLE_ADMIN, &err), SW_EFORBIDDEN);
	assert_int_equal(authz_require_role(&admin, ROLE_ADMIN, &err), SW_OK);
	assert_false(authz_sees_internal(&eu));
	assert_true(authz_sees_internal(&agent));
	assert_int_equal(authz_ticket_scope(&eu), 7);
	assert_int_equal(authz_ticket_scope(&agent), 0);
}

static void sniffing(void **state)
{
	(void)state;
	assert_string_equal(ticket_sniff_type((const unsigned char *)"\x89PNG\r\n\x1a\nxxxx", 12), "image/png");
	assert_string_equal(ticket_sniff_type((const unsigned char *)"%PDF-1.7", 8), "application/pdf");
	assert_string_equal(ticket_sniff_type((const unsigned char *)"hello\nworld", 11), "text/plain; charset=utf-8");
	assert_string_equal(ticket_sniff_type((const unsigned char *)"a\0b", 3), "application/octet-stream");
	assert_string_equal(ticket_sniff_type((const unsigned char *)"\xff\xfe\xfd", 3), "application/octet-stream");
	assert_string_equal(ticket_sniff_type((const unsigned char *)"", 0), "application/octet-stream");
	/* an HTML file is served as text, never as HTML */
	assert_string_equal(ticket_sniff_type((const unsigned char *)"<script>x</script>", 18),
			    "text/plain; charset=utf-8");
}

static void filenames(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1 << 20);
	struct sw_error err;
	sw_error_clear(&err);
	assert_string_equal(ticket_clean_filename(&a, "../../etc/passwd", &err), "passwd");
	assert_string_equal(ticket_clean_filename(&a, "C:\\Users\\x\\report.pdf", &err), "report.pdf");
	assert_string_equal(ticket_clean_filename(&a, "a\"b\x01.txt", &err), "ab.txt");
	assert_int_equal(err.code, SW_OK);
	assert_null(ticket_clean_filename(&a, "../..", &err));
	assert_int_equal(err.code, SW_EINVALID);
	assert_string_equal(err.fields[0].field, "filename");
	sw_error_clear(&err);
	assert_null(ticket_clean_filename(&a, "dir/", &err));
	assert_int_equal(err.code, SW_EINVALID);
	arena_release(&a);
}

static void catalog_consistent(void **state)
{
	(void)state;
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(catalog_check(&err), SW_OK);
	assert_int_equal(catalog_param_count("SELECT 1 WHERE a = ?1 AND b = ?12"), 12);
	assert_int_equal(catalog_param_count("SELECT '?9' WHERE a = ?2"), 2);
	assert_int_equal(catalog_param_count("SELECT 1"), 0);
}

static void roles(void **state)
{
	(void)state;
	enum role r = ROLE_ADMIN;
	assert_int_equal(role_parse("agent", &r), SW_OK);
	assert_int_equal(r, ROLE_AGENT);
	assert_int_equal(role_parse("root", &r), SW_EINVALID);
	assert_int_equal(r, ROLE_AGENT);
	assert_string_equal(role_name(ROLE_END_USER), "end_user");
	enum ticket_sort s;
	assert_int_equal(ticket_sort_parse("-priority", &s), SW_OK);
	assert_int_equal(s, TICKET_SORT_PRIORITY_DESC);
	assert_int_equal(ticket_sort_parse("title", &s), SW_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(priority_matrix), cmocka_unit_test(incident_machine),
		cmocka_unit_test(authz_rules),     cmocka_unit_test(sniffing),
		cmocka_unit_test(filenames),       cmocka_unit_test(catalog_consistent),
		cmocka_unit_test(roles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
