/*
 * verify.c — `steward verify`: checks that what Steward promises about its
 * stored record actually holds.  Used by administrators after a crash or a
 * restore, and by the durability and bad-input tests to prove that nothing
 * acknowledged was lost and nothing refused was written.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"
#include "store/totals.h"
#include "store/verify_sql.h"
#include "base/banned.h"

static const struct {
	const char *table;
	int st;
} tables[] = {
	{"users", ST_VERIFY_COUNT_USERS},
	{"groups", ST_VERIFY_COUNT_GROUPS},
	{"group_members", ST_VERIFY_COUNT_GROUP_MEMBERS},
	{"sessions", ST_VERIFY_COUNT_SESSIONS},
	{"api_tokens", ST_VERIFY_COUNT_TOKENS},
	{"tickets", ST_VERIFY_COUNT_TICKETS},
	{"ticket_watchers", ST_VERIFY_COUNT_WATCHERS},
	{"ticket_comments", ST_VERIFY_COUNT_COMMENTS},
	{"attachments", ST_VERIFY_COUNT_ATTACHMENTS},
	{"ticket_links", ST_VERIFY_COUNT_LINKS},
	{"assignment_rules", ST_VERIFY_COUNT_RULES},
	{"categories", ST_VERIFY_COUNT_CATEGORIES},
	{"templates", ST_VERIFY_COUNT_TEMPLATES},
	{"calendars", ST_VERIFY_COUNT_CALENDARS},
	{"sla_policies", ST_VERIFY_COUNT_POLICIES},
	{"ticket_slas", ST_VERIFY_COUNT_CLOCKS},
	{"escalation_rules", ST_VERIFY_COUNT_ESCALATIONS},
	{"notifications", ST_VERIFY_COUNT_NOTIFICATIONS},
	{"ci_classes", ST_VERIFY_COUNT_CLASSES},
	{"cis", ST_VERIFY_COUNT_CIS},
	{"ci_relations", ST_VERIFY_COUNT_RELATIONS},
	{"objectives", ST_VERIFY_COUNT_OBJECTIVES},
	{"services", ST_VERIFY_COUNT_SERVICES},
	{"articles", ST_VERIFY_COUNT_ARTICLES},
	{"article_versions", ST_VERIFY_COUNT_ARTICLE_VERSIONS},
	{"article_ratings", ST_VERIFY_COUNT_ARTICLE_RATINGS},
	{"article_links", ST_VERIFY_COUNT_ARTICLE_LINKS},
	{"article_attachments", ST_VERIFY_COUNT_ARTICLE_ATTACHMENTS},
	{"change_windows", ST_VERIFY_COUNT_CHANGE_WINDOWS},
	{"change_window_services", ST_VERIFY_COUNT_CHANGE_WINDOW_SERVICES},
	{"feed_tokens", ST_VERIFY_COUNT_FEED_TOKENS},
	{"audit", ST_VERIFY_COUNT_AUDIT},
};

enum sw_err store_verify(struct db *db, struct verify_report *out, struct sw_error *err)
{
	memset(out, 0, sizeof(*out));
	struct sw_error ierr;
	sw_error_clear(&ierr);
	out->integrity_ok = db_integrity_check(db, &ierr) == SW_OK;
	snprintf(out->integrity_detail, sizeof(out->integrity_detail), "%s", out->integrity_ok ? "ok" : ierr.detail);
	out->schema_want = store_schema_latest(db_backend(db));
	enum sw_err rc = store_schema_version(db, &out->schema_have, err);
	if (rc)
		return rc;
	struct db_conn *c;
	if ((rc = db_conn_acquire(db, &c, err)))
		return rc;
	_Static_assert(sizeof(tables) / sizeof(tables[0]) == sizeof(out->counts) / sizeof(out->counts[0]),
		       "one count per table");
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		out->counts[i].table = tables[i].table;
		if ((rc = db_query_int(c, ST(tables[i].st), NULL, 0, &out->counts[i].rows, err)))
			return rc;
		out->count_n++;
	}
	if ((rc = db_query_int(c, ST(ST_VERIFY_VERSION_SUM), NULL, 0, &out->version_sum, err)) ||
	    (rc = db_query_int(c, ST(ST_VERIFY_TICKETS_WITHOUT_CREATE), NULL, 0, &out->tickets_without_create, err)) ||
	    (rc = db_query_int(c, ST(ST_VERIFY_COMMENTS_WITHOUT_AUDIT), NULL, 0, &out->comments_without_audit, err)) ||
	    (rc = db_query_int(c, ST(ST_VERIFY_COUNTER_GAPS), NULL, 0, &out->counter_gaps, err)) ||
	    (rc = db_query_int(c, ST(ST_VERIFY_TICKETS_WITHOUT_SEARCH), NULL, 0, &out->tickets_without_search, err)) ||
	    (rc = store_totals_diff(c, &out->totals_open_diff, &out->totals_hour_diff, &out->totals_day_diff, err)) ||
	    (rc = store_clock_totals_diff(c, &out->totals_clock_diff, err)))
		return rc;
	return SW_OK;
}

enum sw_err store_verify_repair(struct db *db, struct sw_error *err)
{
	struct db_conn *c;
	enum sw_err rc = db_conn_acquire(db, &c, err);
	if (rc || (rc = db_begin_long(c, err)))
		return rc;
	if ((rc = store_totals_rebuild(c, err)) || (rc = store_clock_totals_rebuild(c, err))) {
		db_rollback(c);
		return rc;
	}
	return db_commit(c, err);
}

bool store_verify_ok(const struct verify_report *r)
{
	return r->integrity_ok && r->schema_have == r->schema_want && r->tickets_without_create == 0 &&
	       r->comments_without_audit == 0 && r->counter_gaps == 0 && r->tickets_without_search == 0 &&
	       r->totals_open_diff == 0 && r->totals_hour_diff == 0 && r->totals_day_diff == 0 &&
	       r->totals_clock_diff == 0;
}
