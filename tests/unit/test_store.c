/*
 * test_store.c — core operations through the real storage: the same
 * tests on a temporary SQLite database and, when STEWARD_TEST_PG_BASE names
 * a PostgreSQL server (scripts/run-unit.sh starts one), on a fresh
 * PostgreSQL database each.  Migrations, accounts, sessions, throttling,
 * incidents, optimistic locking, numbering, visibility and the audit trail;
 * the knowledge base's known errors (the function the problem kind calls)
 * and the review pass over stale articles.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/approval/approval.h"
#include "core/kernel/auth.h"
#include "core/knowledge/article.h"
#include "core/knowledge/known_error.h"
#include "core/notify/notify.h"
#include "api/api.h"
#include "core/ticket/incident.h"
#include "core/report/kpi.h"
#include "core/sla/tz.h"
#include "core/sla/sla.h"
#include "core/port/sla.h"
#include "core/kernel/record.h"
#include "core/kernel/user.h"
#include "base/limits.h"
#include "store/store.h"
#include "store/store_int.h"
#include "store/totals.h"
#include "core/kernel/action_link.h"
#include "core/kernel/auth.h"
#include "core/port/csi.h"
#include "core/port/measure.h"
#include "core/csi/survey.h"
#include "core/ticket/problem.h"
#include "core/port/ticket.h"
#include "store/ticket_sql.h"

static enum db_backend backend = DB_SQLITE;

struct fixture {
	char dir[64];
	char pgname[32];
	struct db *db;
	struct core_config cfg;
	struct arena arena;
	struct store store;
	struct ctx ctx;
};

/* Run one statement against the server's maintenance database. */
__attribute__((format(printf, 2, 3))) static int pg_admin(const char *base, const char *fmt, ...)
{
	char url[256], sql[128];
	snprintf(url, sizeof(url), "%s/postgres", base);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	struct db *db;
	struct db_conn *c;
	struct sw_error err;
	sw_error_clear(&err);
	if (db_open(url, NULL, &db, &err))
		return -1;
	int rc = db_conn_acquire(db, &c, &err) || db_exec_script(c, sql, &err);
	if (rc)
		fprintf(stderr, "pg_admin: %s\n", err.detail);
	db_free(db);
	return rc;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/steward-test-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char url[256];
	struct sw_error err;
	sw_error_clear(&err);
	if (backend == DB_POSTGRES) {
		const char *base = getenv("STEWARD_TEST_PG_BASE");
		snprintf(f->pgname, sizeof(f->pgname), "u_%s", strrchr(f->dir, '-') + 1);
		for (char *p = f->pgname; *p; p++)
			*p = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
		if (pg_admin(base, "CREATE DATABASE %s", f->pgname))
			return -1;
		snprintf(url, sizeof(url), "%s/%s", base, f->pgname);
	} else {
		snprintf(url, sizeof(url), "sqlite:%s/t.db", f->dir);
	}
	core_config_defaults(&f->cfg);
	if (core_config_set_password_cost(&f->cfg, "min", &err) || core_init(&f->cfg, &err))
		return -1;
	if (db_open(url, NULL, &f->db, &err) || store_migrate(f->db, NULL, &err))
		return -1;
	arena_init(&f->arena, 64 << 20);
	if (store_acquire(f->db, &f->arena, &f->store, &err))
		return -1;
	f->ctx = (struct ctx){.store = &f->store,
			      .arena = &f->arena,
			      .now = 1700000000,
			      .cfg = &f->cfg,
			      .actor = {.role = ROLE_ADMIN}};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_release(&f->arena);
	db_free(f->db);
	if (backend == DB_POSTGRES &&
	    pg_admin(getenv("STEWARD_TEST_PG_BASE"), "DROP DATABASE %s WITH (FORCE)", f->pgname))
		return -1;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static struct user add_user(struct fixture *f, const char *login, const char *role)
{
	struct user_input in = {
		.login = login, .name = login, .email = "x@example.com", .role = role, .password = "correct horse"};
	struct sw_error err;
	sw_error_clear(&err);
	struct user u;
	struct actor saved = f->ctx.actor;
	f->ctx.actor = (struct actor){.role = ROLE_ADMIN};
	assert_int_equal(user_create(&f->ctx, &in, &u, &err), SW_OK);
	f->ctx.actor = saved;
	return u;
}

static void as(struct fixture *f, const struct user *u)
{
	f->ctx.actor = (struct actor){.user_id = u->id, .login = u->login, .role = u->role};
}

/* A bulk load (demo --scale): on PostgreSQL the inserts whose answers
 * nobody reads are pipelined.  What was sent is stored at the commit; a
 * failure (here a foreign key) is reported by the insert on SQLite and by
 * the commit at the latest on PostgreSQL, and nothing of its transaction
 * is stored. */
static void bulk_load(void **state)
{
	struct fixture *f = *state;
	struct sw_error err;
	sw_error_clear(&err);
	int64_t first = 0, last = 0;
	assert_int_equal(store_audit_last_id(&f->store, &first, &err), SW_OK);
	assert_int_equal(store_bulk_load(&f->store, true, &err), SW_OK);
	assert_int_equal(store_begin(&f->store, &err), SW_OK);
	for (int i = 0; i < 600; i++) /* more than one pipeline's worth (256) */
		assert_int_equal(
			store_audit_insert(&f->store, 1700000000 + i, 0, "ticket", i + 1, "create", false, "{}", &err),
			SW_OK);
	assert_int_equal(store_commit(&f->store, &err), SW_OK);
	assert_int_equal(store_audit_last_id(&f->store, &last, &err), SW_OK);
	assert_int_equal(last - first, 600);

	assert_int_equal(store_begin(&f->store, &err), SW_OK);
	assert_int_equal(store_audit_insert(&f->store, 1700000000, 0, "ticket", 1, "ok", false, "{}", &err), SW_OK);
	enum sw_err rc = store_audit_insert(&f->store, 1700000000, 424242, "ticket", 1, "bad actor", false, "{}", &err);
	for (int i = 0; !rc && i < 3; i++) /* sent after the failure: not run */
		rc = store_audit_insert(&f->store, 1700000000, 0, "ticket", 1, "after", false, "{}", &err);
	if (!rc)
		rc = store_commit(&f->store, &err);
	assert_int_equal(rc, SW_EINVALID);
	store_rollback(&f->store);
	assert_int_equal(store_bulk_load(&f->store, false, &err), SW_OK);
	int64_t now = 0;
	assert_int_equal(store_audit_last_id(&f->store, &now, &err), SW_OK);
	assert_int_equal(now, last);
	/* and the connection goes on as before */
	assert_int_equal(store_begin(&f->store, &err), SW_OK);
	assert_int_equal(store_audit_insert(&f->store, 1700000000, 0, "ticket", 1, "later", false, "{}", &err), SW_OK);
	assert_int_equal(store_commit(&f->store, &err), SW_OK);
	assert_int_equal(store_audit_last_id(&f->store, &now, &err), SW_OK);
	assert_true(now > last);
}

static void schema(void **state)
{
	struct fixture *f = *state;
	struct sw_error err;
	sw_error_clear(&err);
	int v = -1, applied = -1;
	assert_int_equal(store_schema_version(f->db, &v, &err), SW_OK);
	assert_int_equal(v, store_schema_latest(backend));
	assert_true(v >= 2);
	assert_int_equal(store_migrate(f->db, &applied, &err), SW_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(store_schema_check(f->db, &err), SW_OK);

	/* a database one migration behind is refused with the fix named, and
	 * `migrate` brings it up to date (SQLite only: a file is cheap) */
	struct db_conn *c;
	assert_int_equal(db_conn_acquire(f->db, &c, &err), SW_OK);
	char sql[96];
	if (backend == DB_SQLITE) {
		char url[128];
		snprintf(url, sizeof(url), "sqlite:%s/old.db", f->dir);
		struct db *old;
		assert_int_equal(db_open(url, NULL, &old, &err), SW_OK);
		assert_int_equal(store_migrate_to(old, v - 1, &applied, &err), SW_OK);
		assert_int_equal(applied, v - 1);
		assert_int_equal(store_schema_check(old, &err), SW_ECONFLICT);
		assert_string_equal(err.type, "schema-version");
		assert_non_null(strstr(err.detail, "steward migrate"));
		sw_error_clear(&err);
		assert_int_equal(store_migrate(old, &applied, &err), SW_OK);
		assert_int_equal(applied, 1);
		assert_int_equal(store_schema_check(old, &err), SW_OK);
		db_free(old);
	}
	/* and one from the future too */
	snprintf(sql, sizeof(sql), "INSERT INTO schema_migrations VALUES (%d, 0)", v + 1);
	assert_int_equal(db_exec_script(c, sql, &err), SW_OK);
	assert_int_equal(store_schema_check(f->db, &err), SW_ECONFLICT);
	assert_non_null(strstr(err.detail, "newer"));
}

static void accounts(void **state)
{
	struct fixture *f = *state;
	struct user u = add_user(f, "alice", "agent");
	assert_true(u.id > 0);
	struct sw_error err;
	sw_error_clear(&err);
	struct user_input dup = {
		.login = "alice", .name = "A", .email = "a@example.com", .role = "agent", .password = "12345678"};
	struct user out;
	assert_int_equal(user_create(&f->ctx, &dup, &out, &err), SW_ECONFLICT);
	assert_string_equal(err.type, "duplicate");

	sw_error_clear(&err);
	struct user_input bad = {
		.login = "Bad Login", .name = "", .email = "nope", .role = "root", .password = "short"};
	assert_int_equal(user_create(&f->ctx, &bad, &out, &err), SW_EINVALID);
	assert_int_equal(err.field_count, 5);
	assert_string_equal(err.fields[0].field, "login");

	/* login works with the right password only, and the session resolves */
	struct login_result lr;
	const char *here = "192.0.2.10", *there = "198.51.100.7";
	sw_error_clear(&err);
	assert_int_equal(auth_login(&f->ctx, "alice", "wrong password", here, &lr, &err), SW_EAUTH);
	sw_error_clear(&err);
	assert_int_equal(auth_login(&f->ctx, "alice", "correct horse", here, &lr, &err), SW_OK);
	struct actor who;
	assert_int_equal(auth_session(&f->ctx, lr.session, &who, &err), SW_OK);
	assert_string_equal(who.login, "alice");
	assert_true(auth_csrf_valid(lr.session, lr.csrf));
	assert_false(auth_csrf_valid(lr.session, "forged"));

	/* five failures from one address make that address wait, longer with
	 * each attempt while it waits; the account's owner elsewhere logs in */
	for (int i = 0; i < 5; i++) {
		sw_error_clear(&err);
		assert_int_equal(auth_login(&f->ctx, "alice", "nope nope", there, &lr, &err), SW_EAUTH);
	}
	int64_t waits[3];
	for (int i = 0; i < 3; i++) {
		sw_error_clear(&err);
		assert_int_equal(auth_login(&f->ctx, "alice", "correct horse", there, &lr, &err), SW_ETHROTTLED);
		waits[i] = lr.retry_after;
	}
	assert_int_equal(waits[0], 2 * f->cfg.login_delay_s);
	assert_int_equal(waits[1], 4 * f->cfg.login_delay_s);
	assert_int_equal(waits[2], 8 * f->cfg.login_delay_s);
	sw_error_clear(&err);
	assert_int_equal(auth_login(&f->ctx, "alice", "correct horse", here, &lr, &err), SW_OK);
	for (int i = 0; i < 20; i++) { /* capped */
		sw_error_clear(&err);
		auth_login(&f->ctx, "alice", "correct horse", there, &lr, &err);
	}
	assert_int_equal(lr.retry_after, AUTH_DELAY_MAX_S);
	f->ctx.now += AUTH_DELAY_MAX_S;
	sw_error_clear(&err);
	assert_int_equal(auth_login(&f->ctx, "alice", "correct horse", there, &lr, &err), SW_OK);
	for (int i = 0; i < 4; i++) { /* a success cleared the count: four failures are not five */
		sw_error_clear(&err);
		assert_int_equal(auth_login(&f->ctx, "alice", "nope nope", there, &lr, &err), SW_EAUTH);
	}
	sw_error_clear(&err);
	assert_int_equal(auth_login(&f->ctx, "alice", "correct horse", there, &lr, &err), SW_OK);

	/* a session ends after the idle time without a request, and at the end
	 * of its lifetime however busy */
	sw_error_clear(&err);
	assert_int_equal(auth_login(&f->ctx, "alice", "correct horse", here, &lr, &err), SW_OK);
	int64_t born = f->ctx.now;
	f->ctx.now += f->cfg.session_idle_s - 1;
	assert_int_equal(auth_session(&f->ctx, lr.session, &who, &err), SW_OK);
	f->ctx.now += f->cfg.session_idle_s - 1;
	assert_int_equal(auth_session(&f->ctx, lr.session, &who, &err), SW_OK);
	f->ctx.now += f->cfg.session_idle_s;
	sw_error_clear(&err);
	assert_int_equal(auth_session(&f->ctx, lr.session, &who, &err), SW_EAUTH);
	sw_error_clear(&err);
	assert_int_equal(auth_login(&f->ctx, "alice", "correct horse", here, &lr, &err), SW_OK);
	born = f->ctx.now;
	while (f->ctx.now + f->cfg.session_idle_s / 2 < born + f->cfg.session_ttl_s) {
		f->ctx.now += f->cfg.session_idle_s / 2;
		assert_int_equal(auth_session(&f->ctx, lr.session, &who, &err), SW_OK);
	}
	f->ctx.now = born + f->cfg.session_ttl_s;
	sw_error_clear(&err);
	assert_int_equal(auth_session(&f->ctx, lr.session, &who, &err), SW_EAUTH);

	/* a token that expires, and when it was last used */
	char token[AUTH_SECRET_MAX];
	struct api_token made;
	sw_error_clear(&err);
	assert_int_equal(auth_token_create(&f->ctx, "alice", "ci", f->ctx.now, token, &made, &err), SW_EINVALID);
	assert_string_equal(err.fields[0].field, "expires_at");
	sw_error_clear(&err);
	assert_int_equal(auth_token_create(&f->ctx, "alice", "ci", f->ctx.now + 100, token, &made, &err), SW_OK);
	f->ctx.now += 10;
	assert_int_equal(auth_bearer(&f->ctx, token, &who, &err), SW_OK);
	f->ctx.actor = who;
	struct api_token *mine;
	size_t n;
	assert_int_equal(auth_my_tokens(&f->ctx, &mine, &n, &err), SW_OK);
	assert_int_equal(n, 1);
	assert_int_equal(mine[0].last_used_at, f->ctx.now);
	assert_int_equal(mine[0].expires_at, made.expires_at);
	f->ctx.now = made.expires_at;
	sw_error_clear(&err);
	assert_int_equal(auth_bearer(&f->ctx, token, &who, &err), SW_EAUTH);
}

static void incidents(void **state)
{
	struct fixture *f = *state;
	struct user agent = add_user(f, "bob", "agent");
	struct user eu = add_user(f, "carol", "end_user");
	struct sw_error err;
	sw_error_clear(&err);

	as(f, &eu);
	struct ticket_input in = {.title = "Printer on fire",
				  .set_title = true,
				  .impact = 1,
				  .set_impact = true,
				  .urgency = 2,
				  .set_urgency = true};
	struct ticket t;
	assert_int_equal(ticket_create(&f->ctx, &ticket_kind_incident, &in, &t, &err), SW_OK);
	assert_string_equal(t.number, "INC0000001");
	assert_int_equal(t.priority, 2);
	assert_string_equal(t.state, "new");
	assert_string_equal(t.requester, "carol");

	/* a failed create writes nothing and uses no number */
	struct ticket_input bad = in;
	bad.group = "No Such Group";
	bad.set_group = true;
	sw_error_clear(&err);
	as(f, &agent);
	assert_int_equal(ticket_create(&f->ctx, &ticket_kind_incident, &bad, &t, &err), SW_EINVALID);
	assert_string_equal(err.type, "reference");
	sw_error_clear(&err);
	assert_int_equal(ticket_create(&f->ctx, &ticket_kind_incident, &in, &t, &err), SW_OK);
	assert_string_equal(t.number, "INC0000002");

	/* optimistic locking */
	struct ticket_input patch = {.title = "Printer still on fire", .set_title = true};
	sw_error_clear(&err);
	assert_int_equal(ticket_update(&f->ctx, &ticket_kind_incident, "INC0000001", 1, &patch, &t, &err), SW_OK);
	assert_int_equal(t.version, 2);
	sw_error_clear(&err);
	struct ticket_input patch2 = {.title = "Lost update", .set_title = true};
	assert_int_equal(ticket_update(&f->ctx, &ticket_kind_incident, "INC0000001", 1, &patch2, &t, &err), SW_ESTALE);
	sw_error_clear(&err);
	assert_int_equal(ticket_get(&f->ctx, &ticket_kind_incident, "INC0000001", &t, &err), SW_OK);
	assert_string_equal(t.title, "Printer still on fire");

	/* transitions */
	struct ticket_action_input act = {0};
	sw_error_clear(&err);
	assert_int_equal(ticket_action(&f->ctx, &ticket_kind_incident, "INC0000001", "resolve", &act, &t, &err),
			 SW_EINVALID);
	assert_int_equal(err.field_count, 2);
	act.resolution_code = "fixed";
	act.resolution_notes = "Extinguished";
	sw_error_clear(&err);
	assert_int_equal(ticket_action(&f->ctx, &ticket_kind_incident, "INC0000001", "resolve", &act, &t, &err), SW_OK);
	assert_string_equal(t.state, "resolved");
	sw_error_clear(&err);
	assert_int_equal(ticket_action(&f->ctx, &ticket_kind_incident, "INC0000001", "start",
				       &(struct ticket_action_input){0}, &t, &err),
			 SW_ECONFLICT);
	assert_string_equal(err.type, "illegal-transition");

	/* a work note is invisible to the end user, a comment is not */
	struct comment c;
	sw_error_clear(&err);
	assert_int_equal(
		ticket_comment_add(&f->ctx, &ticket_kind_incident, "INC0000001", "internal only", true, &c, &err),
		SW_OK);
	assert_int_equal(ticket_comment_add(&f->ctx, &ticket_kind_incident, "INC0000001", "hello", false, &c, &err),
			 SW_OK);
	as(f, &eu);
	struct comment_list cl;
	assert_int_equal(ticket_comment_list(&f->ctx, &ticket_kind_incident, "INC0000001", &cl, &err), SW_OK);
	assert_int_equal(cl.count, 1);
	assert_string_equal(cl.items[0].body, "hello");
	struct audit_list al;
	assert_int_equal(ticket_history(&f->ctx, &ticket_kind_incident, "INC0000001", &al, &err), SW_OK);
	for (size_t i = 0; i < al.count; i++) {
		assert_string_not_equal(al.items[i].action, "work_note");
		assert_null(strstr(al.items[i].changes, "internal only"));
	}
	/* the end user cannot see the agent's own incident */
	sw_error_clear(&err);
	assert_int_equal(ticket_get(&f->ctx, &ticket_kind_incident, "INC0000002", &t, &err), SW_ENOTFOUND);
	struct ticket_filter flt = {.sort = TICKET_SORT_CREATED_DESC};
	struct page p = {.limit = 50};
	struct ticket_list tl;
	sw_error_clear(&err);
	assert_int_equal(ticket_list(&f->ctx, &ticket_kind_incident, &flt, &p, &tl, &err), SW_OK);
	assert_int_equal(tl.count, 1);
	assert_string_equal(tl.items[0].number, "INC0000001");

	/* history as the agent: create, the default policy's SLA clocks,
	 * update, transition, work_note, comment */
	as(f, &agent);
	assert_int_equal(ticket_history(&f->ctx, &ticket_kind_incident, "INC0000001", &al, &err), SW_OK);
	assert_int_equal(al.count, 6);
	assert_string_equal(al.items[0].action, "create");
	assert_string_equal(al.items[1].action, "sla_start");
	assert_non_null(strstr(al.items[1].changes, "\"resolution_seconds\":{\"to\":"));
	assert_string_equal(al.items[2].action, "update");
	assert_non_null(strstr(al.items[2].changes, "\"title\":{\"from\":\"Printer on fire\""));
	assert_string_equal(al.items[4].action, "work_note");

	/* verify: the record holds together, and a ticket missing from the
	 * search index is reported */
	struct verify_report v;
	assert_int_equal(store_verify(f->db, &v, &err), SW_OK);
	assert_int_equal(v.tickets_without_search, 0);
	assert_true(store_verify_ok(&v));
	struct db_conn *conn;
	assert_int_equal(db_conn_acquire(f->db, &conn, &err), SW_OK);
	assert_int_equal(db_exec_script(conn, "DELETE FROM ticket_search", &err), SW_OK);
	assert_int_equal(store_verify(f->db, &v, &err), SW_OK);
	int64_t tickets = 0;
	for (int i = 0; i < v.count_n; i++)
		if (strcmp(v.counts[i].table, "tickets") == 0)
			tickets = v.counts[i].rows;
	assert_true(tickets >= 1);
	assert_int_equal(v.tickets_without_search, tickets);
	assert_false(store_verify_ok(&v));
}

/* Every page of a list, followed by its cursors: the ids in order
 * (malloc'd, *n of them); the arena is released after each page. */
static int64_t *walk_ids(struct fixture *f, const struct ticket_filter *flt, size_t *n)
{
	struct sw_error err;
	int64_t *ids = NULL;
	size_t count = 0;
	char cursor[300] = "";
	do {
		struct page p = {.limit = 97, .cursor = cursor[0] ? cursor : NULL};
		struct ticket_list tl;
		sw_error_clear(&err);
		assert_int_equal(store_ticket_list(&f->store, flt, 0, &p, &tl, &err), SW_OK);
		ids = realloc(ids, (count + tl.count + 1) * sizeof(*ids));
		assert_non_null(ids);
		for (size_t i = 0; i < tl.count; i++)
			ids[count++] = tl.items[i].id;
		snprintf(cursor, sizeof(cursor), "%s", tl.next_cursor ? tl.next_cursor : "");
		arena_release(&f->arena);
	} while (cursor[0]);
	*n = count;
	return ids;
}

/* The list without text, cut to the tickets whose title has word (and
 * word2, when given): what a search must give. */
static int64_t *walk_titled(struct fixture *f, const struct ticket_filter *flt, const char *word, const char *word2,
			    size_t *n)
{
	struct ticket_filter all = *flt;
	all.text = NULL;
	size_t total;
	int64_t *ids = walk_ids(f, &all, &total), *keep = calloc(total + 1, sizeof(*keep));
	assert_non_null(keep);
	size_t k = 0;
	for (size_t i = 0; i < total; i++) {
		struct ticket t;
		struct sw_error err;
		sw_error_clear(&err);
		assert_int_equal(store_ticket_by_id(&f->store, ids[i], &t, &err), SW_OK);
		if (strstr(t.title, word) && (!word2 || strstr(t.title, word2)))
			keep[k++] = ids[i];
		arena_release(&f->arena);
	}
	free(ids);
	*n = k;
	return keep;
}

/* Search plans: many matches (on SQLite an id set tested while the sort
 * order's index is walked; on PostgreSQL that index leading), the same
 * without a set (as when the set would be too large), and few matches
 * leading — each gives the list's own order, with the filters and across
 * pages.  created_at is not in id order and has ties, as after an import
 * or a clock step. */
static void search_plans(void **state)
{
	struct fixture *f = *state;
	struct user agent = add_user(f, "bob", "agent");
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(store_begin(&f->store, &err), SW_OK);
	for (int i = 0; i < 2300; i++) {
		char number[16], title[64];
		snprintf(number, sizeof(number), "INC%07d", i + 1);
		snprintf(title, sizeof(title), "%s item %d%s", i < 2100 ? "alphaword" : "betaword", i,
			 i % 7 ? "" : " seventh");
		struct ticket t = {.number = number,
				   .kind = &ticket_kind_incident,
				   .state = i % 3 ? "new" : "in_progress",
				   .title = title,
				   .description = "",
				   .requester_id = agent.id,
				   .impact = 1 + i % 3,
				   .urgency = 1 + i / 3 % 3,
				   .priority = 1 + i % 5,
				   .reopen_count = 0,
				   .created_at = 1700000000 + (i * 7919) % 500};
		assert_int_equal(store_ticket_insert(&f->store, &t, &err), SW_OK);
	}
	assert_int_equal(store_commit(&f->store, &err), SW_OK);
	arena_release(&f->arena);

	static const struct {
		const char *text, *word, *word2;
		size_t min;
	} searches[] = {
		{"alphaword", "alphaword", NULL, 2100}, /* more than the server sorts in one go */
		{"alphawo seventh", "alphaword", "seventh", 300},
		{"betaword", "betaword", NULL, 200},
	};
	for (int sort = 0; sort < TICKET_SORT__COUNT; sort++) {
		for (size_t q = 0; q < sizeof(searches) / sizeof(searches[0]); q++) {
			for (int filter = 0; filter < 3; filter++) {
				struct ticket_filter flt = {.kind = &ticket_kind_incident,
							    .text = searches[q].text,
							    .sort = (enum ticket_sort)sort,
							    .state = filter == 1 ? "in_progress" : NULL,
							    .priority = filter == 2 ? 2 : 0};
				size_t nwant, ngot, nsql;
				int64_t *want = walk_titled(f, &flt, searches[q].word, searches[q].word2, &nwant);
				int64_t *got = walk_ids(f, &flt, &ngot);
				f->store.search_set_max = 8; /* no room for a set: matches gathered in SQL */
				int64_t *sql = walk_ids(f, &flt, &nsql);
				f->store.search_set_max = LIMIT_SEARCH_SET_BYTES;
				if (!filter)
					assert_int_equal(nwant, searches[q].min);
				assert_true(nwant > 0);
				assert_int_equal(ngot, nwant);
				assert_int_equal(nsql, nwant);
				assert_memory_equal(got, want, nwant * sizeof(*want));
				assert_memory_equal(sql, want, nwant * sizeof(*want));
				free(want);
				free(got);
				free(sql);
			}
		}
	}
}

/* ---- a kind declared here, run by the engine with no code of its own ---- */

static const struct ticket_state task_states[] = {
	{"todo", TICKET_PHASE_OPEN},
	{"doing", TICKET_PHASE_OPEN},
	{"done", TICKET_PHASE_CLOSED},
	{NULL, TICKET_PHASE_OPEN},
};
static const char *const from_todo[] = {"todo", NULL};
static const char *const from_doing[] = {"doing", NULL};
static const struct ticket_action task_actions[] = {
	{"begin", from_todo, "doing", false, TICKET_NEEDS_NOTHING, "Begin the task"},
	{"finish", from_doing, "done", false, TICKET_NEEDS_NOTHING, "Finish the task"},
};
static const struct ticket_kind task_kind = {
	TICKET_KIND_NAMES("chore", "CHR", "chores", "a chore", "Chore"),
	TICKET_KIND_MACHINE(task_states, "todo", task_actions),
};

static void test_kind(void **state)
{
	struct fixture *f = *state;
	struct user agent = add_user(f, "bob", "agent");
	struct user eu = add_user(f, "carol", "end_user");
	struct user other = add_user(f, "dave", "end_user");
	struct sw_error err;
	sw_error_clear(&err);
	as(f, &eu);
	struct ticket t, inc;
	struct ticket_input in = {.title = "Replace the toner", .set_title = true};
	assert_int_equal(ticket_create(&f->ctx, &task_kind, &in, &t, &err), SW_OK);
	assert_string_equal(t.number, "CHR0000001");
	assert_ptr_equal(t.kind, &task_kind);
	assert_string_equal(t.state, "todo");
	assert_int_equal(t.phase, TICKET_PHASE_OPEN);
	struct ticket_input inc_in = {.title = "Toner everywhere", .set_title = true};
	assert_int_equal(ticket_create(&f->ctx, &ticket_kind_incident, &inc_in, &inc, &err), SW_OK);
	assert_string_equal(inc.number, "INC0000001"); /* numbers are counted per kind */

	/* the kind is read from the row: each kind finds only its own */
	struct ticket back;
	assert_int_equal(store_ticket_by_number(&f->store, "CHR0000001", &back, &err), SW_OK);
	assert_ptr_equal(back.kind, &task_kind);
	assert_string_equal(back.kind->name, "chore");
	assert_int_equal(ticket_get(&f->ctx, &ticket_kind_incident, "CHR0000001", &back, &err), SW_ENOTFOUND);
	sw_error_clear(&err);
	assert_int_equal(ticket_get(&f->ctx, &task_kind, "INC0000001", &back, &err), SW_ENOTFOUND);
	sw_error_clear(&err);

	/* fields the kind does not have are refused, naming them */
	struct ticket_input outage = {.title = "x", .set_title = true, .outage_start = 5, .set_outage_start = true};
	as(f, &agent);
	assert_int_equal(ticket_create(&f->ctx, &task_kind, &outage, &t, &err), SW_EINVALID);
	assert_string_equal(err.fields[0].field, "outage_start");
	sw_error_clear(&err);

	/* list and search see the kind's tickets only */
	struct ticket_filter flt = {.sort = TICKET_SORT_CREATED_DESC};
	struct page p = {.limit = 50};
	struct ticket_list tl;
	assert_int_equal(ticket_list(&f->ctx, &task_kind, &flt, &p, &tl, &err), SW_OK);
	assert_int_equal(tl.count, 1);
	assert_string_equal(tl.items[0].number, "CHR0000001");
	assert_ptr_equal(tl.items[0].kind, &task_kind);
	flt.text = "toner";
	assert_int_equal(ticket_list(&f->ctx, &task_kind, &flt, &p, &tl, &err), SW_OK);
	assert_int_equal(tl.count, 1);
	assert_int_equal(ticket_list(&f->ctx, &ticket_kind_incident, &flt, &p, &tl, &err), SW_OK);
	assert_int_equal(tl.count, 1);
	assert_string_equal(tl.items[0].number, "INC0000001");
	flt.text = NULL;
	flt.state = "on_hold"; /* an incident state, not a chore state */
	assert_int_equal(ticket_list(&f->ctx, &task_kind, &flt, &p, &tl, &err), SW_EBADREQ);
	assert_string_equal(err.fields[0].detail, "must be one of todo, doing, done");
	sw_error_clear(&err);

	/* comments, work notes, attachments, links, watchers */
	struct comment c;
	assert_int_equal(ticket_comment_add(&f->ctx, &task_kind, "CHR0000001", "on it", false, &c, &err), SW_OK);
	assert_int_equal(ticket_comment_add(&f->ctx, &task_kind, "CHR0000001", "desk only", true, &c, &err), SW_OK);
	struct attachment a;
	assert_int_equal(ticket_attach(&f->ctx, &task_kind, "CHR0000001", "note.txt", "hello", 5, &a, &err), SW_OK);
	struct ticket_link l;
	assert_int_equal(ticket_link_add(&f->ctx, &task_kind, "CHR0000001", "relates_to", "INC0000001", &l, &err),
			 SW_OK);
	assert_int_equal(ticket_watch(&f->ctx, &task_kind, "CHR0000001", "dave", true, &err), SW_OK);

	/* actions from the declaration; the closed phase stamps closed_at */
	struct ticket_action_input act = {0};
	assert_int_equal(ticket_action(&f->ctx, &task_kind, "CHR0000001", "finish", &act, &t, &err), SW_ECONFLICT);
	assert_string_equal(err.type, "illegal-transition");
	assert_string_equal(err.detail, "cannot finish a chore that is todo");
	sw_error_clear(&err);
	assert_int_equal(ticket_action(&f->ctx, &task_kind, "CHR0000001", "resolve", &act, &t, &err), SW_ENOTFOUND);
	sw_error_clear(&err);
	assert_int_equal(ticket_action(&f->ctx, &task_kind, "CHR0000001", "begin", &act, &t, &err), SW_OK);
	assert_int_equal(ticket_action(&f->ctx, &task_kind, "CHR0000001", "finish", &act, &t, &err), SW_OK);
	assert_string_equal(t.state, "done");
	assert_int_equal(t.phase, TICKET_PHASE_CLOSED);
	assert_true(t.closed_at > 0);
	assert_int_equal(t.resolved_at, 0);
	assert_int_equal(t.version, 8); /* create, comment, note, attach, link, watch, begin, finish */

	/* history for the desk, and what an end user may see of it */
	struct audit_list al;
	assert_int_equal(ticket_history(&f->ctx, &task_kind, "CHR0000001", &al, &err), SW_OK);
	const char *want[] = {"create", "comment", "work_note", "attach", "link", "watch", "transition", "transition"};
	size_t j = 0;
	for (size_t i = 0; i < al.count && j < 8; i++)
		if (strcmp(al.items[i].action, want[j]) == 0)
			j++;
	assert_int_equal(j, 8);
	as(f, &eu);
	struct comment_list cl;
	assert_int_equal(ticket_comment_list(&f->ctx, &task_kind, "CHR0000001", &cl, &err), SW_OK);
	assert_int_equal(cl.count, 1);
	assert_string_equal(cl.items[0].body, "on it");
	assert_int_equal(ticket_action(&f->ctx, &task_kind, "CHR0000001", "begin", &act, &t, &err), SW_EFORBIDDEN);
	sw_error_clear(&err);
	/* another end user, even a watcher, sees it; one who is neither does not */
	as(f, &other);
	assert_int_equal(ticket_get(&f->ctx, &task_kind, "CHR0000001", &t, &err), SW_OK);
	struct user stranger = add_user(f, "erin", "end_user");
	as(f, &stranger);
	assert_int_equal(ticket_get(&f->ctx, &task_kind, "CHR0000001", &t, &err), SW_ENOTFOUND);
	sw_error_clear(&err);

	/* the live event stream reads the kind and number of every change */
	struct audit_change *changes;
	size_t n;
	assert_int_equal(store_audit_tail(&f->store, 0, 1000, &changes, &n, &err), SW_OK);
	size_t task_events = 0;
	for (size_t i = 0; i < n; i++)
		if (changes[i].kind && strcmp(changes[i].kind, "chore") == 0) {
			assert_string_equal(changes[i].number, "CHR0000001");
			task_events++;
		}
	assert_true(task_events >= 8);

	/* and the API serves it: the kind's routes are generated, no handler of its own */
	const struct route *rt = api_routes().routes;
	const char *paths[] = {"POST /api/v1/chores",
			       "GET /api/v1/chores",
			       "GET /api/v1/chores/{number}",
			       "PATCH /api/v1/chores/{number}",
			       "POST /api/v1/chores/{number}/begin",
			       "POST /api/v1/chores/{number}/finish",
			       "POST /api/v1/chores/{number}/comments",
			       "GET /api/v1/chores/{number}/history",
			       "POST /api/v1/chores/{number}/attachments",
			       "POST /api/v1/chores/{number}/links",
			       "DELETE /api/v1/chores/{number}/watchers/{login}"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		bool found = false;
		for (size_t r = 0; rt[r].method && !found; r++) {
			char line[160];
			snprintf(line, sizeof(line), "%s %s", rt[r].method, rt[r].pattern);
			found = strcmp(line, paths[i]) == 0 && rt[r].arg == &task_kind;
		}
		assert_true(found);
	}
}

/* ---- a kind that asks for approval, declared here --------------------------- */

static const struct ticket_state crq_states[] = {
	{"new", TICKET_PHASE_OPEN},          {"authorise", TICKET_PHASE_OPEN},    {"scheduled", TICKET_PHASE_OPEN},
	{"rejected", TICKET_PHASE_CANCELED}, {"canceled", TICKET_PHASE_CANCELED}, {NULL, TICKET_PHASE_OPEN},
};
static const char *const from_new[] = {"new", NULL};
static const char *const from_authorise[] = {"authorise", NULL};
static const struct ticket_action crq_actions[] = {
	{"submit", from_new, "authorise", false, TICKET_NEEDS_NOTHING, "Ask for authorisation"},
	{"schedule", from_authorise, "scheduled", false, TICKET_NEEDS_NOTHING, "Authorised"},
	{"refuse", from_authorise, "rejected", false, TICKET_NEEDS_NOTHING, "Refused"},
	{"cancel", from_authorise, "canceled", false, TICKET_NEEDS_NOTHING, "Withdraw it"},
};
static const char *const crq_risks[] = {"low", "high", NULL};
static const char *crq_risk(const struct ticket *t)
{
	return t->priority <= 2 ? "high" : "low";
}
static const struct ticket_kind crq_kind = {
	TICKET_KIND_NAMES("crq", "CRQ", "crqs", "a change request", "Crq"),
	TICKET_KIND_MACHINE(crq_states, "new", crq_actions),
	.agents_only = true,
	.approval = {.state = "authorise",
		     .approved = "schedule",
		     .rejected = "refuse",
		     .risks = crq_risks,
		     .risk_of = crq_risk},
};
/* its approval's actions must leave the state */
static const struct ticket_kind crq_bad_kind = {
	TICKET_KIND_NAMES("crq_bad", "CRB", "crq-bads", "a bad change request", "CrqBad"),
	TICKET_KIND_MACHINE(crq_states, "new", crq_actions),
	.approval = {.state = "authorise", .approved = "submit", .rejected = "refuse"},
};

/* A crq of the given priority, submitted: the number. */
static const char *crq_submit(struct fixture *f, int impact)
{
	struct sw_error err;
	sw_error_clear(&err);
	struct ticket t;
	struct ticket_input in = {.title = "Patch the mail relay",
				  .set_title = true,
				  .impact = impact,
				  .urgency = impact,
				  .set_impact = true,
				  .set_urgency = true};
	assert_int_equal(ticket_create(&f->ctx, &crq_kind, &in, &t, &err), SW_OK);
	struct ticket_action_input act = {0};
	const char *number = t.number;
	assert_int_equal(ticket_action(&f->ctx, &crq_kind, number, "submit", &act, &t, &err), SW_OK);
	return number;
}

static const struct approval_request *crq_request(struct fixture *f, const char *number)
{
	struct sw_error err;
	sw_error_clear(&err);
	struct approval_request_list l;
	assert_int_equal(approval_requests_of(&f->ctx, &crq_kind, number, &l, &err), SW_OK);
	return l.count ? &l.items[0] : NULL;
}

static int64_t approval_of(const struct approval_request *r, int step, const char *login)
{
	const struct approval_step *st = &r->steps[step - 1];
	for (size_t i = 0; i < st->approval_count; i++)
		if (strcmp(st->approvals[i].approver, login) == 0)
			return st->approvals[i].id;
	fail_msg("no approval of %s in step %d", login, step);
	return 0;
}

static void approval_hook(void **state)
{
	struct fixture *f = *state;
	struct user u1 = add_user(f, "ann", "agent"), u2 = add_user(f, "ben", "agent"), u3 = add_user(f, "cy", "agent");
	struct user eu = add_user(f, "eve", "end_user");
	struct sw_error err;
	sw_error_clear(&err);
	struct ticket t;
	const struct ticket_kind *bad = &crq_bad_kind;
	assert_int_equal(ticket_kind_register(bad, &err), SW_EINVALID);
	sw_error_clear(&err);

	/* no policy applies: approved at once, the approved action run in the same write */
	as(f, &u1);
	const char *n1 = crq_submit(f, 3);
	assert_int_equal(ticket_get(&f->ctx, &crq_kind, n1, &t, &err), SW_OK);
	assert_string_equal(t.state, "scheduled");
	assert_null(crq_request(f, n1));

	/* a policy for high risk: one of ann, then all of the CAB */
	const char *cab_members[] = {"ben", "cy", "eve"};
	struct group_input g = {.name = "CAB", .has_members = true, .members = cab_members, .member_count = 3};
	struct group grp;
	f->ctx.actor = (struct actor){.role = ROLE_ADMIN, .login = "admin"};
	assert_int_equal(group_create(&f->ctx, &g, &grp, &err), SW_OK);
	const char *ann[] = {"ann"}, *cab[] = {"CAB"};
	struct approval_step_def steps[] = {
		{.rule = APPROVAL_ANY, .has_rule = true, .users = ann, .user_count = 1},
		{.rule = APPROVAL_ALL, .has_rule = true, .groups = cab, .group_count = 1},
	};
	struct approval_policy_input pin = {.name = "High risk",
					    .kind = "crq",
					    .set_kind = true,
					    .match_risk = "weird",
					    .set_match_risk = true,
					    .steps = steps,
					    .step_count = 2,
					    .set_steps = true};
	struct approval_policy pol;
	assert_int_equal(record_create(&f->ctx, &approval_policy_kind, &pin, &pol, &err), SW_EINVALID);
	assert_string_equal(err.fields[0].field, "match_risk");
	sw_error_clear(&err);
	pin.match_risk = "high";
	assert_int_equal(record_create(&f->ctx, &approval_policy_kind, &pin, &pol, &err), SW_OK);
	assert_int_equal(pol.step_count, 2);

	/* a low-risk one still goes straight through */
	as(f, &u1);
	assert_int_equal(ticket_get(&f->ctx, &crq_kind, crq_submit(f, 3), &t, &err), SW_OK);
	assert_string_equal(t.state, "scheduled");

	/* a high-risk one waits in authorise; step 2 (the CAB's agents: eve is
	 * an end user, and crqs are the desk's own) only after step 1 */
	const char *n2 = crq_submit(f, 1);
	assert_int_equal(ticket_get(&f->ctx, &crq_kind, n2, &t, &err), SW_OK);
	assert_string_equal(t.state, "authorise");
	const struct approval_request *r = crq_request(f, n2);
	assert_non_null(r);
	assert_string_equal(r->policy, "High risk");
	assert_int_equal(r->step_count_read, 2);
	assert_string_equal(r->steps[0].state, "pending");
	assert_string_equal(r->steps[1].state, "waiting");
	assert_int_equal(r->steps[1].approval_count, 2);
	assert_int_equal(r->steps[1].required, 2);
	struct approval a;
	as(f, &u2);
	assert_int_equal(approval_decide(&f->ctx, approval_of(r, 2, "ben"), true, NULL, &a, &err), SW_ECONFLICT);
	assert_string_equal(err.type, "approval-waiting");
	sw_error_clear(&err);
	as(f, &eu);
	assert_int_equal(approval_decide(&f->ctx, approval_of(r, 1, "ann"), true, NULL, &a, &err), SW_ENOTFOUND);
	sw_error_clear(&err);
	as(f, &u1);
	assert_int_equal(approval_decide(&f->ctx, approval_of(r, 1, "ann"), true, "ok", &a, &err), SW_OK);
	assert_int_equal(ticket_get(&f->ctx, &crq_kind, n2, &t, &err), SW_OK);
	assert_string_equal(t.state, "authorise");
	as(f, &u2);
	assert_int_equal(approval_decide(&f->ctx, approval_of(r, 2, "ben"), true, NULL, &a, &err), SW_OK);
	as(f, &u3);
	assert_int_equal(approval_decide(&f->ctx, approval_of(r, 2, "cy"), true, NULL, &a, &err), SW_OK);
	assert_int_equal(ticket_get(&f->ctx, &crq_kind, n2, &t, &err), SW_OK);
	assert_string_equal(t.state, "scheduled"); /* the approved action ran with the last approval */
	r = crq_request(f, n2);
	assert_string_equal(r->state, "approved");

	/* a rejection ends it and runs the rejected action */
	as(f, &u1);
	const char *n3 = crq_submit(f, 1);
	r = crq_request(f, n3);
	assert_int_equal(approval_decide(&f->ctx, approval_of(r, 1, "ann"), false, NULL, &a, &err), SW_EINVALID);
	assert_string_equal(err.fields[0].field, "comment");
	sw_error_clear(&err);
	assert_int_equal(approval_decide(&f->ctx, approval_of(r, 1, "ann"), false, "too risky", &a, &err), SW_OK);
	assert_int_equal(ticket_get(&f->ctx, &crq_kind, n3, &t, &err), SW_OK);
	assert_string_equal(t.state, "rejected");
	r = crq_request(f, n3);
	assert_string_equal(r->state, "rejected");
	assert_string_equal(r->steps[1].approvals[0].state, "skipped");

	/* leaving the state another way cancels the pending request */
	const char *n4 = crq_submit(f, 1);
	r = crq_request(f, n4);
	int64_t pending = approval_of(r, 1, "ann");
	struct ticket_action_input act = {0};
	assert_int_equal(ticket_action(&f->ctx, &crq_kind, n4, "cancel", &act, &t, &err), SW_OK);
	r = crq_request(f, n4);
	assert_string_equal(r->state, "canceled");
	assert_int_equal(approval_decide(&f->ctx, pending, true, NULL, &a, &err), SW_ECONFLICT);
	assert_string_equal(err.type, "approval-finished");
	sw_error_clear(&err);

	/* reminders: once per delay, for what is still pending */
	const char *n5 = crq_submit(f, 1);
	(void)n5;
	struct ctx sys = f->ctx;
	sys.actor = (struct actor){0};
	sys.now = f->ctx.now + 30;
	int count;
	assert_int_equal(approval_reminder_pass(&sys, 60, 100, &count, &err), SW_OK);
	assert_int_equal(count, 0);
	sys.now = f->ctx.now + 61;
	assert_int_equal(approval_reminder_pass(&sys, 60, 100, &count, &err), SW_OK);
	assert_int_equal(count, 1);
	assert_int_equal(approval_reminder_pass(&sys, 60, 100, &count, &err), SW_OK);
	assert_int_equal(count, 0);
	sys.now = f->ctx.now + 122;
	assert_int_equal(approval_reminder_pass(&sys, 60, 100, &count, &err), SW_OK);
	assert_int_equal(count, 1);
}

/* ---- the migration files (pure: no database) ----------------------------- */

static void migration_rewrite(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"id INTEGER PRIMARY KEY,", "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"},
		{"id integer /* key */ primary\n  -- here\n  key",
		 "id BIGINT GENERATED BY DEFAULT AS IDENTITY /* key */ primary\n  -- here\n  key"},
		{"n INTEGER NOT NULL, m INTEGER PRIMARY", "n BIGINT NOT NULL, m BIGINT PRIMARY"},
		{"CAST(x AS INTEGER)", "CAST(x AS BIGINT)"},
		{"data BLOB NOT NULL", "data BYTEA NOT NULL"},
		{"'a' || char(10) || CHAR (10)", "'a' || chr(10) || chr (10)"},
		/* quoted text, quoted names, comments and longer words stay */
		{"'INTEGER BLOB char(10)'", "'INTEGER BLOB char(10)'"},
		{"'it''s INTEGER' INTEGER", "'it''s INTEGER' BIGINT"},
		{"\"integer\" TEXT, \"a\"\"blob\" BLOB, [blob] TEXT, `char`(1)",
		 "\"integer\" TEXT, \"a\"\"blob\" BYTEA, [blob] TEXT, `char`(1)"},
		{"-- INTEGER BLOB\nx /* char(10) */ INTEGER", "-- INTEGER BLOB\nx /* char(10) */ BIGINT"},
		{"integers blob_id INTEGER_ my_char(1) char_length(x) char x",
		 "integers blob_id INTEGER_ my_char(1) char_length(x) char x"},
		{"'open INTEGER", "'open INTEGER"},
		{"x INTEGER /* open PRIMARY KEY", "x BIGINT /* open PRIMARY KEY"},
		{"x INTEGER", "x BIGINT"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT(3 * strlen(cases[i].in));
		assert_int_equal(store_migration_pg(cases[i].in, &b), SW_OK);
		assert_string_equal(buf_cstr(&b), cases[i].out);
		buf_release(&b);
	}
	/* the tightest growth still fits in three times the input */
	const char *dense = "INTEGER PRIMARY KEY,INTEGER PRIMARY KEY";
	struct buf b = BUF_INIT(3 * strlen(dense));
	assert_int_equal(store_migration_pg(dense, &b), SW_OK);
	buf_release(&b);
	buf_init(&b, strlen(dense));
	assert_int_equal(store_migration_pg(dense, &b), SW_ETOOLARGE);
	buf_release(&b);
}

/* store_migrations_check on a list of these names gives want, and an
 * error that names detail. */
static void check_list(const char *const *names, enum sw_err want, const char *detail)
{
	struct embedded_file files[8] = {0};
	for (size_t i = 0; names[i]; i++)
		files[i] = (struct embedded_file){.name = names[i], .data = (const unsigned char *)""};
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(store_migrations_check(files, &err), want);
	if (detail && !strstr(err.detail, detail))
		fail_msg("'%s' does not name '%s'", err.detail, detail);
}

#define LIST(...) ((const char *const[]){__VA_ARGS__, NULL})

static void migration_list(void **state)
{
	(void)state;
	/* the binary's own: steps 1..N on both backends, the same N */
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(store_migrations_check(embedded_migrations, &err), SW_OK);
	assert_true(store_schema_latest(DB_SQLITE) >= 14);
	assert_int_equal(store_schema_latest(DB_SQLITE), store_schema_latest(DB_POSTGRES));

	/* a step overridden on one backend or on both */
	check_list(LIST("0001_a.sql", "0002_b.sql", "pg/0002_b.sql"), SW_OK, NULL);
	check_list(LIST("0001_a.sql", "sqlite/0002_b.sql", "pg/0002_b.sql"), SW_OK, NULL);

	/* two branches that both added step 2 */
	check_list(LIST("0001_a.sql", "0002_b.sql", "0002_c.sql"), SW_EINTERNAL, "'0002_b.sql' and '0002_c.sql'");
	check_list(LIST("0001_a.sql", "0002_b.sql", "pg/0002_b.sql", "pg/0002_c.sql"), SW_EINTERNAL,
		   "'pg/0002_b.sql' and 'pg/0002_c.sql'");

	/* gaps, on both backends or on one */
	check_list(LIST("0001_a.sql", "0003_c.sql"), SW_EINTERNAL, "no migration 0002");
	check_list(LIST("0001_a.sql", "pg/0002_b.sql"), SW_EINTERNAL, "sqlite has no migration 0002");

	/* a shared step no backend runs */
	check_list(LIST("0001_a.sql", "sqlite/0001_a.sql", "pg/0001_a.sql"), SW_EINTERNAL,
		   "'0001_a.sql' is overridden");

	/* names that are no migration */
	static const char *const bad[] = {"0001.sql",         "1_a.sql",         "0001_a.txt",
					  "mysql/0001_a.sql", "pg/x/0001_a.sql", "0000_a.sql"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check_list(LIST("0001_a.sql", bad[i]), SW_EINTERNAL, bad[i]);
}

/* Every stored member the field table names (ticket_fields.c) is a column
 * of the ticket row (TICKET_COLUMNS, ticket_sql.h): a field added to one
 * and not the other fails here. */
#define COLUMN_OFFSET(sql, member, type) offsetof(struct ticket, member),
static const size_t column_offsets[] = {offsetof(struct ticket, id), TICKET_COLUMNS(COLUMN_OFFSET)};

static bool is_column(size_t offset)
{
	for (size_t i = 0; i < sizeof(column_offsets) / sizeof(column_offsets[0]); i++)
		if (column_offsets[i] == offset)
			return true;
	return false;
}

static void columns_cover_fields(void **state)
{
	(void)state;
	assert_int_equal(sizeof(column_offsets) / sizeof(column_offsets[0]), TICKET_COL_COUNT);
	size_t stored = 0;
	for (size_t i = 0; i < ticket_field_count; i++) {
		const struct ticket_field *f = &ticket_fields[i];
		if (f->type >= TICKET_FT_KIND || f->derived)
			continue; /* written by the JSON writer itself, or computed when read */
		if (!is_column(f->offset))
			fail_msg("field '%s' is not a column of the ticket row", f->name);
		if (f->type == TICKET_FT_REF && !is_column(f->id_offset))
			fail_msg("field '%s' has no id column in the ticket row", f->name);
		stored++;
	}
	assert_true(stored >= 30);
}

/* The known error of a problem, as the problem kind keeps it: made
 * published, a new published version only when what it says changes, an
 * edit in progress giving way, inside the caller's transaction (rolled
 * back with it). */
static void known_errors(void **state)
{
	struct fixture *f = *state;
	struct user agent = add_user(f, "kea", "agent");
	struct user eu = add_user(f, "enid", "end_user");
	struct sw_error err;
	sw_error_clear(&err);
	as(f, &agent);
	/* a ticket stands for the problem (the problem kind is built on main) */
	struct ticket_input in = {.title = "Mail stuck in the outbox", .set_title = true};
	struct ticket problem;
	assert_int_equal(ticket_create(&f->ctx, &ticket_kind_incident, &in, &problem, &err), SW_OK);

	const char *kb = NULL;
	assert_int_equal(store_begin(&f->store, &err), SW_OK); /* the caller's transaction */
	assert_int_equal(article_known_error_sync(&f->ctx, problem.number, "Mail stuck in the outbox",
						  "Messages stay in the outbox\nafter the update", "A bad update", NULL,
						  &kb, &err),
			 SW_OK);
	assert_int_equal(store_commit(&f->store, &err), SW_OK);
	assert_string_equal(kb, "KB0000001");
	struct article a;
	assert_int_equal(article_get(&f->ctx, kb, false, &a, &err), SW_OK);
	assert_int_equal(a.state, ARTICLE_PUBLISHED);
	assert_int_equal(a.v.kind, KIND_KNOWN_ERROR);
	assert_int_equal(a.v.audience, AUDIENCE_AGENTS);
	assert_string_equal(a.problem, problem.number);
	assert_string_equal(a.owner, "kea");
	assert_string_equal(a.v.summary, "Messages stay in the outbox");
	assert_non_null(strstr(a.v.body, "## Symptoms\n\nMessages stay in the outbox\nafter the update"));
	assert_non_null(strstr(a.v.body, "## Workaround\n\n_Not known yet._"));
	assert_non_null(strstr(a.v.body_html, "<h2>Root cause</h2>"));
	assert_int_equal(a.published_version, 1);

	/* the same again: nothing new */
	const char *again = NULL;
	assert_int_equal(article_known_error_sync(&f->ctx, problem.number, "Mail stuck in the outbox",
						  "Messages stay in the outbox\nafter the update", "A bad update", "",
						  &again, &err),
			 SW_OK);
	assert_string_equal(again, kb);
	assert_int_equal(article_get(&f->ctx, kb, false, &a, &err), SW_OK);
	assert_int_equal(a.latest_version, 1);

	/* a workaround: a new version, published at once, the first superseded */
	assert_int_equal(article_known_error_sync(&f->ctx, problem.number, "Mail stuck in the outbox",
						  "Messages stay in the outbox", "A bad update", "Restart the client",
						  &again, &err),
			 SW_OK);
	assert_int_equal(article_get(&f->ctx, kb, false, &a, &err), SW_OK);
	assert_int_equal(a.published_version, 2);
	assert_non_null(strstr(a.v.body, "Restart the client"));
	struct article_version_list versions;
	assert_int_equal(article_versions(&f->ctx, kb, &versions, &err), SW_OK);
	assert_int_equal(versions.count, 2);
	assert_int_equal(versions.items[1].state, VERSION_SUPERSEDED);

	/* an agent's edit in progress gives way to the problem */
	struct article_input edit = {.summary = "tidied", .set_summary = true};
	struct article out;
	assert_int_equal(article_update(&f->ctx, kb, a.revision, &edit, &out, &err), SW_OK);
	assert_int_equal(out.latest_version, 3);
	assert_int_equal(article_known_error_sync(&f->ctx, problem.number, "Mail stuck in the outbox",
						  "Messages stay in the outbox", "A bad update in 4.2",
						  "Restart the client", &again, &err),
			 SW_OK);
	assert_int_equal(article_get(&f->ctx, kb, false, &a, &err), SW_OK);
	assert_int_equal(a.published_version, 4);
	assert_int_equal(a.latest_version, 4);
	assert_int_equal(article_versions(&f->ctx, kb, &versions, &err), SW_OK);
	assert_int_equal(versions.items[1].state, VERSION_SUPERSEDED); /* the draft 3 */

	/* rolled back with the caller */
	assert_int_equal(store_begin(&f->store, &err), SW_OK);
	assert_int_equal(article_known_error_sync(&f->ctx, problem.number, "Mail stuck in the outbox", "changed", NULL,
						  NULL, &again, &err),
			 SW_OK);
	store_rollback(&f->store);
	sw_error_clear(&err);
	assert_int_equal(article_get(&f->ctx, kb, false, &a, &err), SW_OK);
	assert_int_equal(a.latest_version, 4);

	/* the known-error database: the agents', not an end user's (audience agents) */
	struct article_query q = {.known_errors = true, .text = "outbox"};
	struct page p = {.limit = 10};
	struct article_list list;
	assert_int_equal(article_list(&f->ctx, &q, &p, &list, &err), SW_OK);
	assert_int_equal(list.count, 1);
	as(f, &eu);
	assert_int_equal(article_list(&f->ctx, &q, &p, &list, &err), SW_OK);
	assert_int_equal(list.count, 0);
	assert_int_equal(article_known_error_sync(&f->ctx, problem.number, "x", NULL, NULL, NULL, &again, &err),
			 SW_EFORBIDDEN);
	sw_error_clear(&err);
	as(f, &agent);
	assert_int_equal(article_known_error_sync(&f->ctx, "PRB9999999", "x", NULL, NULL, NULL, &again, &err),
			 SW_EINVALID);
	assert_string_equal(err.fields[0].field, "problem");
}

/* The review pass tells an owner once per review date. */
static void stale_reviews(void **state)
{
	struct fixture *f = *state;
	struct user owner = add_user(f, "olga", "agent");
	struct sw_error err;
	sw_error_clear(&err);
	as(f, &owner);
	struct article_input in = {.title = "Old procedure",
				   .set_title = true,
				   .owner = "olga",
				   .set_owner = true,
				   .review_by = "2023-11-01",
				   .set_review_by = true};
	struct article a;
	assert_int_equal(article_create(&f->ctx, &in, &a, &err), SW_OK);
	struct ctx sys = f->ctx;
	sys.actor = (struct actor){.role = ROLE_ADMIN};
	int n = -1;
	assert_int_equal(article_review_pass(&sys, 100, &n, &err), SW_OK);
	assert_int_equal(n, 1);
	assert_int_equal(article_review_pass(&sys, 100, &n, &err), SW_OK);
	assert_int_equal(n, 0);
	struct notification_list inbox;
	int64_t unread;
	struct page p = {.limit = 10};
	assert_int_equal(notify_inbox(&f->ctx, false, &p, &inbox, &unread, &err), SW_OK);
	assert_int_equal(inbox.count, 1);
	assert_int_equal(inbox.items[0].event, NE_ARTICLE_REVIEW);
	assert_string_equal(inbox.items[0].article, a.number);
	assert_non_null(strstr(inbox.items[0].body, "2023-11-01"));
	/* a date still to come is nobody's business yet */
	struct article_input later = {.review_by = "2099-01-01", .set_review_by = true};
	struct article b;
	assert_int_equal(article_update(&f->ctx, a.number, a.revision, &later, &b, &err), SW_OK);
	assert_int_equal(article_review_pass(&sys, 100, &n, &err), SW_OK);
	assert_int_equal(n, 0);
}

/* Action links (core/kernel/action_link.h): a token is good once, for its
 * purpose and record, until it expires; each refusal is told apart and
 * writes nothing; only the token's hash is stored. */
static void action_links(void **state)
{
	struct fixture *f = *state;
	struct user u = add_user(f, "linda", "end_user");
	struct sw_error err;
	sw_error_clear(&err);
	char token[ACTION_LINK_TOKEN_MAX], other[ACTION_LINK_TOKEN_MAX];
	assert_int_equal(action_link_issue(&f->ctx, "survey", 7, u.id, 3600, token, &err), SW_OK);
	assert_int_equal(action_link_issue(&f->ctx, "survey", 8, u.id, 60, other, &err), SW_OK);
	assert_int_equal(strlen(token), 46);
	assert_string_not_equal(token, other);
	struct action_link l;
#define REFUSED(call, fault)                                                                                           \
	do {                                                                                                           \
		sw_error_clear(&err);                                                                                  \
		assert_int_not_equal((call), SW_OK);                                                                   \
		assert_int_equal(action_link_fault_of(&err), (fault));                                                 \
	} while (0)
	/* tampered: one character changed, a prefix missing, another purpose */
	char bad[ACTION_LINK_TOKEN_MAX];
	snprintf(bad, sizeof(bad), "%s", token);
	bad[10] = bad[10] == 'A' ? 'B' : 'A';
	REFUSED(action_link_consume(&f->ctx, "survey", bad, 7, &l, &err), ACTION_LINK_TAMPERED);
	REFUSED(action_link_consume(&f->ctx, "survey", token + 3, 7, &l, &err), ACTION_LINK_TAMPERED);
	REFUSED(action_link_consume(&f->ctx, "approval", token, 7, &l, &err), ACTION_LINK_TAMPERED);
	REFUSED(action_link_consume(&f->ctx, "survey", token, 8, &l, &err), ACTION_LINK_WRONG_RECORD);
	/* expired: the clock past the other's minute */
	f->ctx.now += 61;
	REFUSED(action_link_consume(&f->ctx, "survey", other, 8, &l, &err), ACTION_LINK_EXPIRED);
	/* a rolled-back action leaves the link unused */
	sw_error_clear(&err);
	assert_int_equal(store_begin(&f->store, &err), SW_OK);
	assert_int_equal(action_link_consume(&f->ctx, "survey", token, 7, &l, &err), SW_OK);
	store_rollback(&f->store);
	assert_int_equal(action_link_peek(&f->ctx, "survey", token, 7, &l, &err), SW_OK);
	assert_int_equal(l.used_at, 0);
	/* once, then used */
	assert_int_equal(action_link_consume(&f->ctx, "survey", token, 0, &l, &err), SW_OK);
	assert_int_equal(l.record_id, 7);
	assert_int_equal(l.user_id, u.id);
	assert_int_equal(l.used_at, f->ctx.now);
	REFUSED(action_link_consume(&f->ctx, "survey", token, 7, &l, &err), ACTION_LINK_USED);
	f->ctx.now += 7200;
	REFUSED(action_link_peek(&f->ctx, "survey", token, 7, &l, &err), ACTION_LINK_USED);
#undef REFUSED
	/* the database keeps the hash, never the token */
	char hash[65];
	auth_secret_hash(token, hash);
	sw_error_clear(&err);
	assert_int_equal(store_action_link_by_hash(&f->store, "survey", token, &l, &err), SW_ENOTFOUND);
	assert_int_equal(store_action_link_by_hash(&f->store, "survey", hash, &l, &err), SW_OK);
	assert_int_equal(l.record_id, 7);
}

/* KPI formulas against hand-computed figures (docs/kpis.md), over the
 * day the clocks go forward in London (29 March 2026: 23 hours, from
 * 00:00Z to 23:00Z), through the running totals every write keeps; and
 * the totals equal a recount after it all (steward verify). */
static int64_t at(int d, int h, int m)
{
	return (tz_days_from_civil(2026, 3, d) * 86400) + h * 3600 + m * 60;
}

static const char *kpi_raise(struct fixture *f, int64_t when, const char *assignee)
{
	struct sw_error err;
	sw_error_clear(&err);
	f->ctx.now = when;
	struct ticket_input in = {
		.title = "kpi", .set_title = true, .assignee = assignee, .set_assignee = assignee != NULL};
	struct ticket t;
	assert_int_equal(ticket_create(&f->ctx, &ticket_kind_incident, &in, &t, &err), SW_OK);
	return t.number;
}

static void kpi_act(struct fixture *f, int64_t when, const char *number, const char *action)
{
	struct sw_error err;
	sw_error_clear(&err);
	f->ctx.now = when;
	struct ticket_action_input act = {.resolution_code = "fixed", .resolution_notes = "done"};
	struct ticket t;
	assert_int_equal(ticket_action(&f->ctx, &ticket_kind_incident, number, action, &act, &t, &err), SW_OK);
}

/* Issue #18's last round: a problem's first root-cause and known-error
 * stamps and their KPIs; the deflection rate's sessions; the CSAT report
 * by local day over the day British clocks went forward (hand-computed). */
static const char *measure_raise(struct fixture *f, int64_t when, const char *requester)
{
	struct sw_error err;
	sw_error_clear(&err);
	f->ctx.now = when;
	struct ticket_input in = {.title = "m", .set_title = true, .requester = requester, .set_requester = true};
	struct ticket t;
	assert_int_equal(ticket_create(&f->ctx, &ticket_kind_incident, &in, &t, &err), SW_OK);
	return t.number;
}

static void problem_act(struct fixture *f, int64_t when, const char *number, const char *action, struct ticket *t)
{
	struct sw_error err;
	sw_error_clear(&err);
	f->ctx.now = when;
	struct ticket_action_input act = {.resolution_code = "permanent_fix", .resolution_notes = "done"};
	assert_int_equal(ticket_action(&f->ctx, &ticket_kind_problem, number, action, &act, t, &err), SW_OK);
}

static void kpi_measured(void **state)
{
	struct fixture *f = *state;
	struct user agent = add_user(f, "bob", "agent"), boss = add_user(f, "mia", "manager");
	struct user dan = add_user(f, "dan", "end_user"), zed = add_user(f, "zed", "end_user");
	add_user(f, "eve", "end_user");
	as(f, &agent);
	struct sw_error err;
	sw_error_clear(&err);
	struct kpi_filter none = {.now = at(31, 0, 0)};
	struct kpi_value x;

	/* p: raised 29th 01:00, root cause 06:00 (5 h), known error 13:00 (12 h);
	 * q: raised 29th 02:00, straight to known error 05:00 (3 h for both) */
	struct ticket t;
	f->ctx.now = at(29, 1, 0);
	struct ticket_input pin = {.title = "p",
				   .set_title = true,
				   .root_cause = "r",
				   .set_root_cause = true,
				   .workaround = "w",
				   .set_workaround = true};
	assert_int_equal(ticket_create(&f->ctx, &ticket_kind_problem, &pin, &t, &err), SW_OK);
	const char *p = t.number;
	f->ctx.now = at(29, 2, 0);
	assert_int_equal(ticket_create(&f->ctx, &ticket_kind_problem, &pin, &t, &err), SW_OK);
	const char *q = t.number;
	problem_act(f, at(29, 6, 0), p, "identify_root_cause", &t);
	assert_int_equal(t.root_cause_at, at(29, 6, 0));
	assert_int_equal(t.known_error_at, 0);
	problem_act(f, at(29, 13, 0), p, "mark_known_error", &t);
	assert_int_equal(t.root_cause_at, at(29, 6, 0));
	assert_int_equal(t.known_error_at, at(29, 13, 0));
	problem_act(f, at(29, 5, 0), q, "mark_known_error", &t);
	assert_int_equal(t.root_cause_at, at(29, 5, 0));
	assert_int_equal(t.known_error_at, at(29, 5, 0));
	/* resolved, reopened, a known error again: the first stamps stay */
	problem_act(f, at(29, 14, 0), p, "resolve", &t);
	problem_act(f, at(29, 15, 0), p, "reopen", &t);
	problem_act(f, at(29, 16, 0), p, "mark_known_error", &t);
	assert_int_equal(t.known_error_at, at(29, 13, 0));
	assert_int_equal(
		kpi_measure(&f->store, "problem_time_to_root_cause", &none, at(29, 0, 0), at(30, 0, 0), &x, &err),
		SW_OK);
	assert_int_equal(x.numerator, 5 * 3600 + 3 * 3600);
	assert_int_equal(x.denominator, 2);
	assert_true(x.value == 4 * 3600.0);
	assert_int_equal(
		kpi_measure(&f->store, "problem_time_to_known_error", &none, at(29, 0, 0), at(30, 0, 0), &x, &err),
		SW_OK);
	assert_int_equal(x.numerator, 12 * 3600 + 3 * 3600);
	assert_true(x.value == 7.5 * 3600);
	/* the interval holds the moment reached, not the raising */
	assert_int_equal(
		kpi_measure(&f->store, "problem_time_to_known_error", &none, at(29, 12, 0), at(30, 0, 0), &x, &err),
		SW_OK);
	assert_int_equal(x.denominator, 1);
	assert_int_equal(x.numerator, 12 * 3600);
	struct kpi_filter p5 = {.now = none.now, .priority = 5};
	assert_int_equal(
		kpi_measure(&f->store, "problem_time_to_root_cause", &p5, at(29, 0, 0), at(30, 0, 0), &x, &err), SW_OK);
	assert_int_equal(x.denominator, t.priority == 5 ? 2 : 0);

	/* deflection: dan's sessions at 09:00 (09:10 is the same one) and
	 * 10:00; zed's at 12:00; dan raises an incident on the 30th at 09:30,
	 * within a day of his second session only; zed the 30th at 11:00 */
	assert_int_equal(store_knowledge_session_note(&f->store, dan.id, at(29, 9, 0), 1800, &err), SW_OK);
	assert_int_equal(store_knowledge_session_note(&f->store, dan.id, at(29, 9, 10), 1800, &err), SW_OK);
	assert_int_equal(store_knowledge_session_note(&f->store, dan.id, at(29, 10, 0), 1800, &err), SW_OK);
	assert_int_equal(store_knowledge_session_note(&f->store, zed.id, at(29, 12, 0), 1800, &err), SW_OK);
	measure_raise(f, at(30, 9, 30), "dan");
	measure_raise(f, at(30, 11, 0), "zed");
	assert_int_equal(
		kpi_measure(&f->store, "knowledge_deflection_rate", &none, at(29, 0, 0), at(30, 0, 0), &x, &err),
		SW_OK);
	assert_int_equal(x.denominator, 3);
	assert_int_equal(x.numerator, 1);
	assert_int_equal(
		kpi_measure(&f->store, "knowledge_deflection_rate", &none, at(28, 0, 0), at(29, 0, 0), &x, &err),
		SW_OK);
	assert_false(x.has_value);

	/* CSAT by local day: eve's surveys sent 22:59 and 23:30 UTC on the 29th,
	 * the 29th and the 30th in London (the 29th is 23 hours long there) */
	const char *e1 = measure_raise(f, at(29, 20, 0), "eve");
	const char *e2 = measure_raise(f, at(29, 20, 0), "eve");
	kpi_act(f, at(29, 22, 59), e1, "resolve");
	kpi_act(f, at(29, 23, 30), e2, "resolve");
	as(f, &boss);
	f->ctx.now = at(31, 0, 0);
	struct survey_report rep;
	struct survey_report_query sq = {.from = "2026-03-29", .to = "2026-03-30", .tz = "Europe/London", .by = "day"};
	assert_int_equal(survey_report(&f->ctx, &sq, &rep, &err), SW_OK);
	assert_int_equal(rep.filter.from, at(29, 0, 0));
	assert_int_equal(rep.filter.to, at(30, 23, 0));
	assert_string_equal(rep.filter.tz, "Europe/London");
	assert_int_equal(rep.count, 2);
	assert_string_equal(rep.rows[0].key, "2026-03-29");
	assert_int_equal(rep.rows[0].sent, 1);
	assert_string_equal(rep.rows[1].key, "2026-03-30");
	assert_int_equal(rep.rows[1].sent, 1);
	sq.tz = "UTC";
	assert_int_equal(survey_report(&f->ctx, &sq, &rep, &err), SW_OK);
	assert_int_equal(rep.count, 1);
	assert_string_equal(rep.rows[0].key, "2026-03-29");
	assert_int_equal(rep.rows[0].sent, 2);
	/* by week in London: Monday the 30th begins the second week */
	sq.tz = "Europe/London";
	sq.by = "week";
	assert_int_equal(survey_report(&f->ctx, &sq, &rep, &err), SW_OK);
	assert_int_equal(rep.count, 2);
	assert_string_equal(rep.rows[0].key, "2026-03-23");
	assert_string_equal(rep.rows[1].key, "2026-03-30");
	sq.tz = "Mars/Olympus";
	assert_int_equal(survey_report(&f->ctx, &sq, &rep, &err), SW_EBADREQ);
	assert_string_equal(err.fields[0].field, "tz");
	sw_error_clear(&err);
}

static void kpi_formulas(void **state)
{
	struct fixture *f = *state;
	struct user agent = add_user(f, "bob", "agent");
	as(f, &agent);
	struct sw_error err;
	sw_error_clear(&err);
	kpi_raise(f, at(28, 23, 30), NULL);                 /* 28 March, 23:30 GMT */
	const char *a = kpi_raise(f, at(29, 0, 30), "bob"); /* assigned as raised: responded at once */
	kpi_act(f, at(29, 4, 30), a, "resolve");            /* 4 h */
	const char *b = kpi_raise(f, at(29, 10, 0), NULL);
	struct ticket_input assign = {.assignee = "bob", .set_assignee = true};
	struct ticket t;
	f->ctx.now = at(29, 10, 30); /* the first response, 30 min in */
	assert_int_equal(ticket_update(&f->ctx, &ticket_kind_incident, b, 1, &assign, &t, &err), SW_OK);
	kpi_act(f, at(29, 11, 0), b, "resolve");
	kpi_act(f, at(29, 11, 30), b, "reopen");
	kpi_act(f, at(29, 12, 0), b, "resolve"); /* 2 h, reopened once */
	kpi_raise(f, at(29, 22, 59), NULL);      /* 23:59 BST: still the 29th */
	kpi_raise(f, at(29, 23, 30), NULL);      /* 00:30 BST: the 30th */
	f->ctx.now = at(30, 12, 0);

	struct tz *z = NULL;
	assert_int_equal(tz_load("Europe/London", NULL, &z, &err), SW_OK);
	int64_t starts[4], days[3];
	assert_int_equal(
		kpi_plan(z, tz_days_from_civil(2026, 3, 28), tz_days_from_civil(2026, 3, 30), KPI_DAY, starts, days, 3),
		3);
	assert_int_equal(starts[1], at(29, 0, 0));
	assert_int_equal(starts[2], at(29, 23, 0)); /* a day of 23 hours */
	assert_int_equal(starts[3], at(30, 23, 0));
	/* a series of three local days, one query */
	const struct kpi_def *count = kpi_find("incident_count");
	struct kpi_filter none = {.now = f->ctx.now};
	struct kpi_value v[3];
	assert_int_equal(count->measure(&f->store, count, &none, starts, 3, v, &err), SW_OK);
	assert_int_equal((int)v[0].value, 1);
	assert_int_equal((int)v[1].value, 3);
	assert_int_equal((int)v[2].value, 1);
	/* kpi_measure over the 29th */
	struct kpi_value x;
	assert_int_equal(kpi_measure(&f->store, "incident_mttr", &none, starts[1], starts[2], &x, &err), SW_OK);
	assert_true(x.has_value);
	assert_int_equal(x.denominator, 2);
	assert_int_equal(x.numerator, 4 * 3600 + 2 * 3600);
	assert_true(x.value == 3 * 3600.0);
	assert_int_equal(kpi_measure(&f->store, "incident_mtta", &none, starts[1], starts[2], &x, &err), SW_OK);
	assert_int_equal(x.numerator, 1800);
	assert_int_equal(x.denominator, 2);
	assert_int_equal(kpi_measure(&f->store, "incident_first_contact_rate", &none, starts[1], starts[2], &x, &err),
			 SW_OK);
	assert_true(x.value == 0.5);
	assert_int_equal(kpi_measure(&f->store, "incident_reopen_rate", &none, starts[1], starts[2], &x, &err), SW_OK);
	assert_true(x.value == 0.5);
	/* nothing resolved on the 28th: no mean, not zero */
	assert_int_equal(kpi_measure(&f->store, "incident_mttr", &none, starts[0], starts[1], &x, &err), SW_OK);
	assert_false(x.has_value);
	/* the present: three open, raised 36.5, 13.01 and 12.5 hours before now */
	assert_int_equal(kpi_measure(&f->store, "incident_backlog", &none, starts[0], starts[3], &x, &err), SW_OK);
	assert_true(x.value == 3);
	assert_int_equal(kpi_measure(&f->store, "incident_backlog_age", &none, starts[0], starts[3], &x, &err), SW_OK);
	assert_int_equal(x.numerator, (at(30, 12, 0) - at(28, 23, 30)) + (at(30, 12, 0) - at(29, 22, 59)) +
					      (at(30, 12, 0) - at(29, 23, 30)));
	assert_int_equal(kpi_measure(&f->store, "no_such_kpi", &none, starts[0], starts[3], &x, &err), SW_ENOTFOUND);
	sw_error_clear(&err);
	assert_int_equal(kpi_measure(&f->store, "incident_mttr", &none, starts[1], starts[1], &x, &err), SW_EINVALID);
	sw_error_clear(&err);
	/* weeks from Monday, months from the 1st */
	assert_int_equal(
		kpi_plan(z, tz_days_from_civil(2026, 3, 25), tz_days_from_civil(2026, 4, 2), KPI_WEEK, starts, days, 3),
		2);
	assert_int_equal(days[1], tz_days_from_civil(2026, 3, 30));
	assert_int_equal(kpi_plan(z, tz_days_from_civil(2026, 1, 15), tz_days_from_civil(2026, 3, 31), KPI_MONTH,
				  starts, days, 3),
			 3);
	assert_int_equal(starts[2], at(1, 0, 0));
	assert_int_equal(starts[3], at(31, 23, 0));                        /* 1 April, 00:00 BST */
	assert_int_equal(kpi_plan(z, 0, 10, KPI_DAY, starts, days, 3), 0); /* more than max */
	tz_free(z);

	/* status against a target, either way round */
	struct kpi_target up = {0.9, 0.8, 0.6}, down = {3600, 7200, 14400};
	struct kpi_value val = {.has_value = true, .value = 0.85};
	assert_int_equal(kpi_status_of(KPI_HIGHER_BETTER, &up, &val), KPI_GREEN);
	val.value = 0.8;
	assert_int_equal(kpi_status_of(KPI_HIGHER_BETTER, &up, &val), KPI_AMBER);
	val.value = 0.6;
	assert_int_equal(kpi_status_of(KPI_HIGHER_BETTER, &up, &val), KPI_RED);
	val.value = 7199;
	assert_int_equal(kpi_status_of(KPI_LOWER_BETTER, &down, &val), KPI_GREEN);
	val.value = 7200;
	assert_int_equal(kpi_status_of(KPI_LOWER_BETTER, &down, &val), KPI_AMBER);
	val.value = 20000;
	assert_int_equal(kpi_status_of(KPI_LOWER_BETTER, &down, &val), KPI_RED);
	val.has_value = false;
	assert_int_equal(kpi_status_of(KPI_LOWER_BETTER, &down, &val), KPI_NONE);
	assert_true(kpi_target_ordered(KPI_HIGHER_BETTER, &up));
	assert_false(kpi_target_ordered(KPI_LOWER_BETTER, &up));

	/* the running totals equal a recount; a rebuild keeps them so */
	struct verify_report rep;
	assert_int_equal(store_verify(f->db, &rep, &err), SW_OK);
	assert_int_equal(rep.totals_open_diff, 0);
	assert_int_equal(rep.totals_hour_diff, 0);
	assert_int_equal(rep.totals_clock_diff, 0);
	assert_int_equal(store_verify_repair(f->db, &err), SW_OK);
	assert_int_equal(store_verify(f->db, &rep, &err), SW_OK);
	assert_int_equal(rep.totals_open_diff + rep.totals_hour_diff + rep.totals_clock_diff, 0);
}

/* xorshift64: the same clocks on every run */
static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* The open clocks' running totals moved by net deltas computed in C
 * (repo_clocks.c) equal clocks_sql.c's recount whatever the clocks: a
 * ticket's clocks replaced again and again by random ones (any state,
 * over or not, warned and breached or not, due in the same hour as
 * another or not, without a due time), each time moving the totals from
 * the clocks before to those after, then folded. */
static void clock_totals_by_delta(void **state)
{
	struct fixture *f = *state;
	struct sw_error err;
	sw_error_clear(&err);
	struct calendar_input cin = {.name = "always", .hours = "24x7", .set_hours = true};
	struct calendar_def cal;
	assert_int_equal(record_create(&f->ctx, &calendar_kind, &cin, &cal, &err), SW_OK);
	struct sla_policy_input pin = {.name = "any",
				       .calendar = "always",
				       .set_calendar = true,
				       .response = 600,
				       .set_response = true,
				       .resolution = 3600,
				       .set_resolution = true};
	struct sla_policy pol;
	assert_int_equal(record_create(&f->ctx, &sla_policy_kind, &pin, &pol, &err), SW_OK);
	struct user agent = add_user(f, "kim", "agent");
	as(f, &agent);
	struct ticket_input in = {.title = "clocks", .set_title = true};
	struct ticket t;
	assert_int_equal(ticket_create(&f->ctx, &ticket_kind_incident, &in, &t, &err), SW_OK);
	struct sla_clock *k, was[4], now[4];
	size_t nw, nn;
	assert_int_equal(store_sla_clocks(&f->store, t.id, &k, &nw, &err), SW_OK);
	assert_int_equal(nw, 2); /* started by the create, with the totals */
	memcpy(was, k, nw * sizeof(*k));
	struct verify_report rep;
	assert_int_equal(store_verify(f->db, &rep, &err), SW_OK);
	assert_int_equal(rep.totals_clock_diff, 0);
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	const int64_t base = 1700000000 / 3600 * 3600;
	for (int i = 1; i <= 200; i++) {
		assert_int_equal(store_begin(&f->store, &err), SW_OK);
		nn = rnd(&x) % 4;
		for (size_t j = 0; j < nn; j++) {
			now[j] = (struct sla_clock){.ticket_id = t.id,
						    .metric = (enum sla_metric)(rnd(&x) % SLA_METRIC__COUNT),
						    .policy_id = pol.id,
						    .calendar_id = cal.id,
						    .target = 100 * (int64_t)(1 + rnd(&x) % 5),
						    .elapsed = 100 * (int64_t)(rnd(&x) % 7),
						    .state = (enum sla_state)(rnd(&x) % SLA_STATE__COUNT)};
			if (rnd(&x) % 5)
				now[j].due_at = base + 3600 * (int64_t)(rnd(&x) % 3) + (int64_t)(rnd(&x) % 3600);
			if (rnd(&x) % 5)
				now[j].warn_at = base + 3600 * (int64_t)(rnd(&x) % 3) + (int64_t)(rnd(&x) % 3600);
			now[j].warned_at = rnd(&x) % 3 ? 0 : base;
			now[j].breached_at = rnd(&x) % 4 ? 0 : base;
			assert_int_equal(store_sla_clock_insert(&f->store, &now[j], &err), SW_OK);
		}
		for (size_t j = 0; j < nw; j++)
			assert_int_equal(store_sla_clock_delete(&f->store, was[j].id, &err), SW_OK);
		assert_int_equal(store_sla_clock_totals_move(&f->store, "incident", was, nw, now, nn, &err), SW_OK);
		if (i % 50 == 0)
			assert_int_equal(store_sla_totals_fold(&f->store, &err), SW_OK);
		assert_int_equal(store_commit(&f->store, &err), SW_OK);
		memcpy(was, now, nn * sizeof(*now));
		nw = nn;
		int64_t diff = -1;
		assert_int_equal(store_clock_totals_diff(f->store.conn, &diff, &err), SW_OK);
		if (diff)
			fail_msg("the totals differ from a recount after %d sets of clocks", i);
	}
	assert_int_equal(store_verify(f->db, &rep, &err), SW_OK);
	assert_int_equal(rep.totals_clock_diff, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(known_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(stale_reviews, setup, teardown),
		cmocka_unit_test_setup_teardown(action_links, setup, teardown),
		cmocka_unit_test_setup_teardown(schema, setup, teardown),
		cmocka_unit_test_setup_teardown(bulk_load, setup, teardown),
		cmocka_unit_test_setup_teardown(accounts, setup, teardown),
		cmocka_unit_test_setup_teardown(incidents, setup, teardown),
		cmocka_unit_test_setup_teardown(search_plans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(approval_hook, setup, teardown),
		cmocka_unit_test_setup_teardown(kpi_formulas, setup, teardown),
		cmocka_unit_test_setup_teardown(kpi_measured, setup, teardown),
		cmocka_unit_test_setup_teardown(clock_totals_by_delta, setup, teardown),
	};
	struct sw_error err;
	sw_error_clear(&err);
	if (ticket_kind_register(&task_kind, &err) || ticket_kind_register(&crq_kind, &err)) {
		fprintf(stderr, "cannot register the test kind: %s\n", err.detail);
		return 1;
	}
	const struct CMUnitTest files[] = {
		cmocka_unit_test(migration_rewrite),
		cmocka_unit_test(migration_list),
		cmocka_unit_test(columns_cover_fields),
	};
	int failed = cmocka_run_group_tests_name("migration files", files, NULL, NULL);
	failed += cmocka_run_group_tests_name("store on sqlite", tests, NULL, NULL);
	if (!getenv("STEWARD_TEST_PG_BASE")) {
		fprintf(stderr, "store on postgresql: skipped (STEWARD_TEST_PG_BASE is not set)\n");
		return failed;
	}
	backend = DB_POSTGRES;
	return failed + cmocka_run_group_tests_name("store on postgresql", tests, NULL, NULL);
}
