/*
 * ticket_sql.h — the statement ids of tickets of every kind: rows, lists and
 * their plans, search, comments, attachments, links, watchers, history
 * (repo_ticket.c); their SQL is in ticket_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_TICKET_SQL_H
#define SW_STORE_TICKET_SQL_H

#include "store/catalog.h"

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
#define TICKET_COLUMNS(X)                                                                                              \
	X("t.number", number, READ)                                                                                    \
	X("t.kind", kind, SKIP)                                                                                        \
	X("t.state", state, READ)                                                                                      \
	X("t.title", title, READ)                                                                                      \
	X("t.description", description, READ)                                                                          \
	X("t.requester_id", requester_id, READ)                                                                        \
	X("(SELECT r.login FROM users r WHERE r.id = t.requester_id)", requester, READ)                                \
	X("t.group_id", group_id, READ)                                                                                \
	X("(SELECT g.name FROM groups_ g WHERE g.id = t.group_id)", group, READ)                                       \
	X("t.assignee_id", assignee_id, READ)                                                                          \
	X("(SELECT a.login FROM users a WHERE a.id = t.assignee_id)", assignee, READ)                                  \
	X("t.impact", impact, READ)                                                                                    \
	X("t.urgency", urgency, READ)                                                                                  \
	X("t.priority", priority, READ)                                                                                \
	X("t.category", category, READ)                                                                                \
	X("t.hold_reason", hold_reason, READ)                                                                          \
	X("t.resolution_code", resolution_code, READ)                                                                  \
	X("t.resolution_notes", resolution_notes, READ)                                                                \
	X("t.reopen_count", reopen_count, READ)                                                                        \
	X("t.version", version, READ)                                                                                  \
	X("t.created_at", created_at, READ)                                                                            \
	X("t.updated_at", updated_at, READ)                                                                            \
	X("t.resolved_at", resolved_at, READ)                                                                          \
	X("t.closed_at", closed_at, READ)                                                                              \
	X("t.first_response_at", first_response_at, READ)                                                              \
	X("t.major", major, READ)                                                                                      \
	X("t.major_reason", major_reason, READ)                                                                        \
	X("t.parent_id", parent_id, READ)                                                                              \
	X("(SELECT p.number FROM tickets p WHERE p.id = t.parent_id)", parent, READ)                                   \
	X("t.priority_reason", priority_reason, READ)                                                                  \
	X("t.service_id", service_id, READ)                                                                            \
	X("(SELECT sv.name FROM services sv WHERE sv.id = t.service_id)", service, READ)                               \
	X("t.ci_id", ci_id, READ)                                                                                      \
	X("(SELECT ci.name FROM cis ci WHERE ci.id = t.ci_id)", ci, READ)                                              \
	X("t.outage_start", outage_start, READ)                                                                        \
	X("t.outage_end", outage_end, READ)                                                                            \
	X("t.channel", channel, READ)                                                                                  \
	X("t.opening_category", opening_category, READ)                                                                \
	X("t.closing_category", closing_category, READ)                                                                \
	X("t.reassignment_count", reassignment_count, READ)                                                            \
	X("t.archived", archived, READ)                                                                                \
	X("t.symptoms", symptoms, READ)                                                                                \
	X("t.root_cause", root_cause, READ)                                                                            \
	X("t.cause_category", cause_category, READ)                                                                    \
	X("t.workaround", workaround, READ)                                                                            \
	X("t.workaround_published_at", workaround_published_at, READ)                                                  \
	X("t.fix_id", fix_id, READ)                                                                                    \
	X("(SELECT f.number FROM tickets f WHERE f.id = t.fix_id)", fix, READ)                                         \
	X("t.review_went_well", review_went_well, READ)                                                                \
	X("t.review_went_wrong", review_went_wrong, READ)                                                              \
	X("t.review_actions", review_actions, READ)                                                                    \
	X("t.problem_id", problem_id, READ)                                                                            \
	X("(SELECT pr.number FROM tickets pr WHERE pr.id = t.problem_id)", problem, READ)                              \
	X("t.change_type", change_type, READ)                                                                          \
	X("t.justification", justification, READ)                                                                      \
	X("t.change_owner_id", change_owner_id, READ)                                                                  \
	X("(SELECT co.login FROM users co WHERE co.id = t.change_owner_id)", change_owner, READ)                       \
	X("t.planned_start", planned_start, READ)                                                                      \
	X("t.planned_end", planned_end, READ)                                                                          \
	X("t.actual_start", actual_start, READ)                                                                        \
	X("t.actual_end", actual_end, READ)                                                                            \
	X("t.implementation_plan", implementation_plan, READ)                                                          \
	X("t.backout_plan", backout_plan, READ)                                                                        \
	X("t.test_plan", test_plan, READ)                                                                              \
	X("t.test_results", test_results, READ)                                                                        \
	X("t.communication_plan", communication_plan, READ)                                                            \
	X("t.outage_expected", outage_expected, READ)                                                                  \
	X("t.outage_minutes", outage_minutes, READ)                                                                    \
	X("t.risk", risk, READ)                                                                                        \
	X("t.pir", pir, READ)                                                                                          \
	X("t.change_id", change_id, READ)                                                                              \
	X("(SELECT ch.number FROM tickets ch WHERE ch.id = t.change_id)", change, READ)                                \
	X("t.task_order", task_order, READ)                                                                            \
	X("t.caused_by_id", caused_by_id, READ)                                                                        \
	X("(SELECT cb.number FROM tickets cb WHERE cb.id = t.caused_by_id)", caused_by, READ)

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
	ST_PROBLEM_CANDIDATES_CI,
	ST_PROBLEM_CANDIDATES_SERVICE,
	ST_PROBLEM_CANDIDATES_TITLE,
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
	ST_TICKETS_ARCHIVABLE,
	ST_TICKETS_RESOLVED_BEFORE,
	ST_TICKET_SEARCH_INSERT,
	ST_TICKET_SEARCH_UPDATE,
	ST_TICKET_SEARCH_COMMENT,
	ST_TICKET_SEARCH_COUNT,
	ST_TICKET_SEARCH_IDS,
	ST_AUDIT_TAIL,
	ST_AUDIT_LAST_ID,
	ST_TX_HORIZON,
	ST_TICKET__END
};

extern const struct db_stmt ticket_sql[ST_TICKET__END - ST_BASE_TICKET];

#endif
