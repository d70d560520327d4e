/*
 * ticket_sql.h — the statement ids of tickets of every kind: rows, lists and
 * their plans, search, comments, attachments, links, watchers, history
 * (repo_ticket.c); their SQL is in ticket_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_TICKET_SQL_H
#define SW_STORE_TICKET_SQL_H

#include "store/catalog.h"

/* A column of t read into the member of its own name, as its type says;
 * a reference: its id (member_id) and, after it, the name (col_ of table_,
 * aliased as_) it shows. */
#define TICKET_COL_(X, member_) X("t." #member_, member_, READ)
#define TICKET_REF_(X, member_, table_, as_, col_)                                                                     \
	X("t." #member_ "_id", member_##_id, READ)                                                                     \
	X("(SELECT " as_ "." col_ " FROM " table_ " " as_ " WHERE " as_ ".id = t." #member_ "_id)", member_, READ)

/*
 * The ticket row as every read selects it, described once: the SQL of
 * each column, the member of struct ticket it lands in, and how it is
 * read (READ: as its member's type says, STORE_COL of store_int.h;
 * SKIP: by hand, the kind).  After the
 * id, which leads; ticket_sql.c makes TICKET_COLS of it, repo_ticket.c
 * its reader.  The names a ticket shows (requester, group, assignee,
 * parent, service, CI) are scalar subqueries rather than joins: the
 * result is the same, but PostgreSQL no longer searches join orders for
 * six lookups on every execution (planning a list took 12 ms, running
 * it 1 ms).
 */
/* clang-format off */
#define TICKET_COLUMNS(X) \
	TICKET_COL_(X, number) X("t.kind", kind, SKIP) TICKET_COL_(X, state) TICKET_COL_(X, title) TICKET_COL_(X, description) \
	TICKET_REF_(X, requester, "users", "r", "login") TICKET_REF_(X, group, "groups_", "g", "name") \
	TICKET_REF_(X, assignee, "users", "a", "login") \
	TICKET_COL_(X, impact) TICKET_COL_(X, urgency) TICKET_COL_(X, priority) TICKET_COL_(X, category) \
	TICKET_COL_(X, hold_reason) TICKET_COL_(X, resolution_code) TICKET_COL_(X, resolution_notes) TICKET_COL_(X, reopen_count) \
	TICKET_COL_(X, version) TICKET_COL_(X, created_at) TICKET_COL_(X, updated_at) TICKET_COL_(X, resolved_at) \
	TICKET_COL_(X, closed_at) TICKET_COL_(X, first_response_at) TICKET_COL_(X, major) TICKET_COL_(X, major_reason) \
	TICKET_REF_(X, parent, "tickets", "p", "number") TICKET_COL_(X, priority_reason) \
	TICKET_REF_(X, service, "services", "sv", "name") TICKET_REF_(X, ci, "cis", "ci", "name") \
	TICKET_COL_(X, outage_start) TICKET_COL_(X, outage_end) TICKET_COL_(X, channel) \
	TICKET_COL_(X, opening_category) TICKET_COL_(X, closing_category) TICKET_COL_(X, reassignment_count) TICKET_COL_(X, archived) \
	TICKET_COL_(X, symptoms) TICKET_COL_(X, root_cause) TICKET_COL_(X, cause_category) TICKET_COL_(X, workaround) \
	TICKET_COL_(X, workaround_published_at) TICKET_REF_(X, fix, "tickets", "f", "number") \
	TICKET_COL_(X, review_went_well) TICKET_COL_(X, review_went_wrong) TICKET_COL_(X, review_actions) \
	TICKET_REF_(X, problem, "tickets", "pr", "number") \
	TICKET_COL_(X, change_type) TICKET_COL_(X, justification) TICKET_REF_(X, change_owner, "users", "co", "login") \
	TICKET_COL_(X, planned_start) TICKET_COL_(X, planned_end) TICKET_COL_(X, actual_start) TICKET_COL_(X, actual_end) \
	TICKET_COL_(X, implementation_plan) TICKET_COL_(X, backout_plan) TICKET_COL_(X, test_plan) TICKET_COL_(X, test_results) \
	TICKET_COL_(X, communication_plan) TICKET_COL_(X, outage_expected) TICKET_COL_(X, outage_minutes) \
	TICKET_COL_(X, risk) TICKET_COL_(X, pir) TICKET_REF_(X, change, "tickets", "ch", "number") TICKET_COL_(X, task_order) \
	TICKET_REF_(X, caused_by, "tickets", "cb", "number") \
	TICKET_COL_(X, risk_score) TICKET_COL_(X, risk_computed) TICKET_COL_(X, risk_reason) TICKET_COL_(X, risk_assessed_at) \
	TICKET_REF_(X, release, "tickets", "rl", "number") TICKET_COL_(X, release_version) TICKET_COL_(X, release_type) \
	TICKET_COL_(X, release_notes) TICKET_COL_(X, build_planned) TICKET_COL_(X, build_actual) TICKET_COL_(X, test_planned) \
	TICKET_COL_(X, test_actual) TICKET_COL_(X, deploy_planned) TICKET_COL_(X, deploy_actual) TICKET_COL_(X, window_start) \
	TICKET_COL_(X, window_end) TICKET_COL_(X, go_decision) TICKET_COL_(X, go_reason) \
	TICKET_COL_(X, root_cause_at) TICKET_COL_(X, known_error_at)
/* clang-format on */

/* Column indices: TICKET_COL_id (0), TICKET_COL_number, ... */
#define TICKET_COL_INDEX(sql, member, type) TICKET_COL_##member,
enum { TICKET_COL_id, TICKET_COLUMNS(TICKET_COL_INDEX) TICKET_COL_COUNT };

/* A list's plans for one sort order s: the plain list and one led by
 * each filter (state, assignee, group, requester, priority), the search
 * led by the full-text index, the same walks testing a set of matches
 * (SQLite), and the page of a few matches given as a list of ids.  The
 * repository picks a plan by arithmetic on these (repo_ticket.c). */
#define TICKET_SORTS(X) X(CREATED_DESC) X(CREATED_ASC) X(UPDATED_DESC) X(UPDATED_ASC) X(PRIORITY_DESC) X(PRIORITY_ASC)
#define TICKET_SORT_PLANS(s)                                                                                           \
	ST_TICKET_LIST_##s, ST_TICKET_LIST_##s##_STATE, ST_TICKET_LIST_##s##_ASSIGNEE, ST_TICKET_LIST_##s##_GROUP,     \
		ST_TICKET_LIST_##s##_REQUESTER, ST_TICKET_LIST_##s##_PRIORITY, ST_TICKET_LIST_##s##_TEXT,              \
		ST_TICKET_LIST_##s##_IDS, ST_TICKET_LIST_##s##_IDS_STATE, ST_TICKET_LIST_##s##_IDS_ASSIGNEE,           \
		ST_TICKET_LIST_##s##_IDS_GROUP, ST_TICKET_LIST_##s##_IDS_REQUESTER, ST_TICKET_LIST_##s##_IDS_PRIORITY, \
		ST_TICKET_LIST_##s##_IDLIST,
#define TICKET_PLANS 14       /* per sort order */
#define TICKET_PLAN_IDS 7     /* where the set-testing walks start */
#define TICKET_PLAN_IDLIST 13 /* the list of ids */

enum {
	ST_TICKET_INSERT = ST_BASE_TICKET,
	ST_TICKET_UPDATE,
	ST_TICKET_BY_NUMBER,
	ST_TICKET_BY_ID,
	ST_TICKET_CHILDREN,
	ST_TICKET_OPEN_CHILDREN,
	ST_TICKET_CIS,
	ST_TICKET_CIS_CLEAR,
	ST_TICKET_CIS_ADD,
	ST_TICKET_PROBLEM_COUNT,
	ST_TICKET_PROBLEM_INCIDENTS,
	ST_PROBLEM_CANDIDATES,
	ST_MATRIX_GET,
	ST_MATRIX_SET,
	/* the list plans: TICKET_PLANS for each sort order, in enum
	 * ticket_sort order, each in the order of TICKET_SORT_PLANS */
	TICKET_SORTS(TICKET_SORT_PLANS) ST_WATCHER_ADD,
	ST_WATCHER_REMOVE,
	ST_COMMENT_INSERT,
	ST_COMMENT_LIST,
	ST_ATTACHMENT_INSERT,
	ST_ATTACHMENT_LIST,
	ST_ATTACHMENT_GET,
	ST_LINK_INSERT,
	ST_LINK_LIST,
	ST_AUDIT_INSERT,
	ST_AUDIT_LIST,
	ST_AUDIT_PAGE,
	ST_AUDIT_FIELDS,
	ST_TICKET_ON_CI,
	ST_TICKET_ON_SERVICE,
	ST_TICKETS_ARCHIVABLE,
	ST_TICKETS_RESOLVED_BEFORE,
	ST_TICKET_SEARCH_INSERT,
	ST_TICKET_SEARCH_UPDATE,
	ST_TICKET_SEARCH_COMMENT,
	ST_TICKET_ROWS,
	ST_TICKET_SEARCH_IDS,
	ST_AUDIT_TAIL,
	ST_AUDIT_LAST_ID,
	ST_TX_HORIZON,
	ST_TICKET_CONTACT_SET,
	ST_TICKET_CONTACT_GET,
	ST_TICKET__END
};

extern const struct db_stmt ticket_sql[ST_TICKET__END - ST_BASE_TICKET];

#endif
