/*
 * test_core.c — pure domain rules: the priority matrix, the incident state
 * machine, authorisation, attachment sniffing and file-name cleaning, the
 * event stream's cursor over gaps and who sees an event, and the statement
 * catalog's own consistency.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/kernel/action_link.h"
#include "core/kernel/authz.h"
#include "core/ticket/events.h"
#include "core/ticket/ticket.h"
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
	struct ticket t = {.kind = &ticket_kind_incident, .requester_id = 7};
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
	const struct ticket_kind *m = &ticket_kind_incident;
	assert_string_equal(m->initial, "new");
	assert_ptr_equal(ticket_kind_by_name("incident"), m);
	assert_null(ticket_kind_by_name("nonsense"));
	assert_int_equal(ticket_phase_of(m, "on_hold"), TICKET_PHASE_PAUSED);
	assert_int_equal(ticket_phase_of(m, "resolved"), TICKET_PHASE_RESOLVED);
	assert_int_equal(ticket_phase_of(m, "canceled"), TICKET_PHASE_CANCELED);
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

/* events_settle: rows are handed out in id order, stopping at a gap until
 * the transaction horizon taken after the gap was seen has passed. */
static void events_cursor_gaps(void **state)
{
	(void)state;
	struct events_cursor c = {.id = 10};
	/* no gap: everything goes, the cursor follows */
	int64_t a[] = {11, 12, 13};
	assert_int_equal(events_settle(&c, a, 3, 100, 105), 3);
	assert_int_equal(c.id, 13);
	assert_int_equal(c.hole, 0);
	/* 14 is missing: 15 waits, the hole is remembered, not yet armed */
	int64_t b[] = {15, 16};
	assert_int_equal(events_settle(&c, b, 2, 100, 105), 0);
	assert_int_equal(c.id, 13);
	assert_int_equal(c.hole, 14);
	assert_false(c.armed);
	/* next poll: armed with this horizon's xmax (110); transactions
	 * older than it are still running, so still waiting */
	assert_int_equal(events_settle(&c, b, 2, 104, 110), 0);
	assert_true(c.armed);
	assert_int_equal(c.hole_xmax, 110);
	/* the missing row commits: it goes first, then the rest, in order */
	int64_t d[] = {14, 15, 16};
	assert_int_equal(events_settle(&c, d, 3, 104, 112), 3);
	assert_int_equal(c.id, 16);
	assert_int_equal(c.hole, 0);
	assert_false(c.armed);
	/* 17 is rolled back: once the oldest running transaction is past the
	 * armed xmax, 18 goes on without it */
	int64_t e[] = {18};
	assert_int_equal(events_settle(&c, e, 1, 120, 130), 0);
	assert_int_equal(events_settle(&c, e, 1, 125, 131), 0); /* armed: 131 */
	assert_int_equal(events_settle(&c, e, 1, 130, 140), 0);
	assert_int_equal(events_settle(&c, e, 1, 131, 141), 1);
	assert_int_equal(c.id, 18);
	/* a second gap right after the first one is a new wait */
	int64_t f[] = {21, 23};
	assert_int_equal(events_settle(&c, f, 2, 0, 0), 0);
	assert_int_equal(events_settle(&c, f, 2, 0, 0), 1); /* SQLite: nothing in flight */
	assert_int_equal(c.id, 21);
	assert_int_equal(c.hole, 22);
	assert_int_equal(events_settle(&c, &f[1], 1, 0, 0), 1);
	assert_int_equal(c.id, 23);
	/* nothing read: nothing changes */
	assert_int_equal(events_settle(&c, NULL, 0, 0, 0), 0);
	assert_int_equal(c.id, 23);
}

static void events_audience(void **state)
{
	(void)state;
	int64_t watchers[] = {7, 9};
	struct ticket_event ev = {.row = {.id = 1, .requester_id = 5}, .watchers = watchers, .watcher_count = 2};
	struct actor requester = {.user_id = 5, .role = ROLE_END_USER};
	struct actor watcher = {.user_id = 9, .role = ROLE_END_USER};
	struct actor other = {.user_id = 6, .role = ROLE_END_USER};
	struct actor agent = {.user_id = 2, .role = ROLE_AGENT};
	assert_true(events_visible(&requester, &ev));
	assert_true(events_visible(&watcher, &ev));
	assert_false(events_visible(&other, &ev));
	assert_true(events_visible(&agent, &ev));
	ev.row.internal = true; /* a work note: the desk only */
	assert_false(events_visible(&requester, &ev));
	assert_false(events_visible(&watcher, &ev));
	assert_true(events_visible(&agent, &ev));
	assert_string_equal(events_change_name("create"), "created");
	assert_string_equal(events_change_name("work_note"), "commented");
	assert_string_equal(events_change_name("transition"), "state");
	assert_string_equal(events_change_name("watch"), "updated");
}

/* A token in a message's text is overwritten; what only looks like one is not. */
static void link_redaction(void **state)
{
	(void)state;
	const char *tok = "al_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde"; /* 43 after the prefix */
	assert_true(action_link_well_formed(tok));
	char text[512];
	snprintf(text, sizeof(text), "Rate it: https://desk.example/survey/INC0000001/%s?rating=5\nor %s.", tok, tok);
	action_link_redact(text);
	assert_string_equal(text, "Rate it: https://desk.example/survey/INC0000001/"
				  "al_*******************************************?rating=5\nor "
				  "al_*******************************************.");
	char other[] = "al_short, al_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdeX (44 characters), al_";
	char same[sizeof(other)];
	memcpy(same, other, sizeof(other));
	action_link_redact(other);
	assert_string_equal(other, same);
	action_link_redact(NULL);
	/* the copy a sent message's row keeps: the text itself when it holds no token */
	struct arena a;
	arena_init(&a, 1 << 16);
	assert_ptr_equal(action_link_redacted(&a, same), same);
	assert_null(action_link_redacted(&a, NULL));
	snprintf(text, sizeof(text), "Approve: https://desk.example/approval/7/%s", tok);
	const char *scrubbed = action_link_redacted(&a, text);
	assert_ptr_not_equal(scrubbed, text);
	assert_string_equal(scrubbed,
			    "Approve: https://desk.example/approval/7/al_*******************************************");
	assert_non_null(strstr(text, tok)); /* the original as it was */
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(priority_matrix), cmocka_unit_test(incident_machine),
		cmocka_unit_test(authz_rules),     cmocka_unit_test(sniffing),
		cmocka_unit_test(filenames),       cmocka_unit_test(catalog_consistent),
		cmocka_unit_test(roles),           cmocka_unit_test(events_cursor_gaps),
		cmocka_unit_test(events_audience), cmocka_unit_test(link_redaction),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
