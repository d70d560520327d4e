/*
 * approval_sql.c — the SQL of approval policies and their steps, approval
 * requests, steps and approvals, and delegations (repo_approval.c).  See
 * catalog.h.
 */
#include "store/approval_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_APPROVAL

#define APOL_COLS                                                                                                      \
	"p.id, p.name, p.position, p.active, p.kind, p.match_type, p.match_risk, p.match_service_id, s.name,"          \
	" p.match_category, p.match_priority, p.created_at, p.updated_at"                                              \
	" FROM approval_policies p LEFT JOIN services s ON s.id = p.match_service_id"

#define AREQ_COLS                                                                                                      \
	"r.id, r.ticket_id, r.policy, r.state, r.step, r.step_count, r.fires, r.created_by, u.login, r.created_at,"    \
	" r.decided_at FROM approval_requests r LEFT JOIN users u ON u.id = r.created_by"

#define ASTEP_COLS "st.id, st.request_id, st.position, st.rule, st.required, st.state, st.started_at, st.decided_at"

/* an approval with its step, request and ticket */
#define APPROVAL_COLS                                                                                                  \
	"a.id, a.step_id, a.request_id, a.ticket_id, a.position, a.approver_id, ua.login, a.via, a.state, a.comment,"  \
	" a.decided_by, ud.login, a.decided_at, a.requested_at, a.reminded_at, t.number, t.kind, t.title, st.rule,"    \
	" st.required, r.state"                                                                                        \
	" FROM approvals a JOIN users ua ON ua.id = a.approver_id LEFT JOIN users ud ON ud.id = a.decided_by"          \
	" JOIN approval_steps st ON st.id = a.step_id JOIN approval_requests r ON r.id = a.request_id"                 \
	" JOIN tickets t ON t.id = a.ticket_id"

#define DELEGATION_COLS                                                                                                \
	"d.user_id, d.delegate_id, u.login, v.login, d.starts_at, d.ends_at, d.created_at"                             \
	" FROM delegations d JOIN users u ON u.id = d.user_id JOIN users v ON v.id = d.delegate_id"

/* clang-format off */
const struct db_stmt approval_sql[ST_APPROVAL__END - ST_BASE_APPROVAL] = {
	S_WRITES(ST_APOL_INSERT, ST_APOL_UPDATE, "approval_policies", position, active, kind, match_type, match_risk,
		 match_service_id, match_category, match_priority, updated_at),
	S_BY(ST_APOL_BY_NAME, APOL_COLS, "p.name"),
	S_ORDERED(ST_APOL_LIST, "SELECT " APOL_COLS " ORDER BY p.kind, p.position, p.name"),
	S_ORDERED(ST_APOL_OF_KIND, "SELECT " APOL_COLS " WHERE p.kind = ?1 AND p.active = 1 ORDER BY p.position, p.name"),
	S(ST_APOL_STEPS,
	  "SELECT rule, required, users, groups_list, service_owner, when_cost_above IS NOT NULL, COALESCE(when_cost_above, 0),"
	  " when_variable, when_value, when_pattern FROM approval_policy_steps WHERE policy_id = ?1"
	  " ORDER BY position"),
	S(ST_APOL_STEPS_DELETE, "DELETE FROM approval_policy_steps WHERE policy_id = ?1"),
	S(ST_APOL_STEP_INSERT,
	  "INSERT INTO approval_policy_steps (policy_id, position, rule, required, users, groups_list, service_owner,"
	  " when_cost_above, when_variable, when_value, when_pattern) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
	S(ST_AREQ_INSERT,
	  "INSERT INTO approval_requests (ticket_id, policy, state, step, step_count, fires, created_by, created_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id"),
	/* a decision takes the request's row first, so that two decisions on
	 * one request count each other's votes */
	S(ST_AREQ_LOCK, "UPDATE approval_requests SET version = version + 1 WHERE id = ?1 RETURNING id"),
	S_BY(ST_AREQ_BY_ID, AREQ_COLS, "r.id"),
	S(ST_AREQ_SET, "UPDATE approval_requests SET state = ?2, step = ?3, decided_at = ?4 WHERE id = ?1"),
	S(ST_AREQ_PENDING, "SELECT " AREQ_COLS " WHERE r.ticket_id = ?1 AND r.state = 'pending' ORDER BY r.id DESC LIMIT 1"),
	S(ST_AREQ_OF_TICKET, "SELECT " AREQ_COLS " WHERE r.ticket_id = ?1 ORDER BY r.id DESC LIMIT 100"),
	S(ST_ASTEP_INSERT,
	  "INSERT INTO approval_steps (request_id, position, rule, required, state, started_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id"),
	S(ST_ASTEP_SET, "UPDATE approval_steps SET state = ?2, started_at = ?3, decided_at = ?4 WHERE id = ?1"),
	S(ST_ASTEP_AT, "SELECT " ASTEP_COLS " FROM approval_steps st WHERE st.request_id = ?1 AND st.position = ?2"),
	S(ST_ASTEPS_OF_REQUEST, "SELECT " ASTEP_COLS " FROM approval_steps st WHERE st.request_id = ?1 ORDER BY st.position"),
	S(ST_APPROVAL_INSERT,
	  "INSERT INTO approvals (step_id, request_id, ticket_id, position, approver_id, via, state, requested_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id"),
	S_BY(ST_APPROVAL_BY_ID, APPROVAL_COLS, "a.id"),
	S(ST_APPROVALS_OF_STEP, "SELECT " APPROVAL_COLS " WHERE a.step_id = ?1 ORDER BY a.id"),
	S(ST_APPROVALS_OF_REQUEST, "SELECT " APPROVAL_COLS " WHERE a.request_id = ?1 ORDER BY a.position, a.id"),
	S(ST_APPROVAL_DECIDE,
	  "UPDATE approvals SET state = ?2, comment = ?3, decided_by = ?4, decided_at = ?5 WHERE id = ?1"
	  " AND state = 'pending'"),
	S(ST_APPROVALS_OPEN,
	  "UPDATE approvals SET state = 'pending', requested_at = ?2 WHERE step_id = ?1 AND state = 'waiting'"),
	S(ST_APPROVALS_SKIP,
	  "UPDATE approvals SET state = 'skipped' WHERE request_id = ?1 AND state IN ('waiting', 'pending')"),
	S(ST_APPROVAL_INBOX,
	  "SELECT " APPROVAL_COLS " WHERE a.state = 'pending' AND a.id > ?3 AND (a.approver_id = ?1 OR a.approver_id IN"
	  " (SELECT d.user_id FROM delegations d WHERE d.delegate_id = ?1 AND d.starts_at <= ?2 AND d.ends_at > ?2))"
	  " ORDER BY a.id LIMIT ?4"),
	S(ST_APPROVALS_DUE,
	  "SELECT " APPROVAL_COLS " WHERE a.state = 'pending' AND COALESCE(a.reminded_at, a.requested_at) <= ?1"
	  " ORDER BY a.id LIMIT ?2"),
	S(ST_APPROVAL_REMIND_MARK,
	  "UPDATE approvals SET reminded_at = ?3 WHERE id = ?1 AND state = 'pending'"
	  " AND COALESCE(reminded_at, requested_at) <= ?2"),
	S_BY(ST_DELEGATION_GET, DELEGATION_COLS, "d.user_id"),
	S(ST_DELEGATION_DELETE, "DELETE FROM delegations WHERE user_id = ?1"),
	S(ST_DELEGATION_INSERT,
	  "INSERT INTO delegations (user_id, delegate_id, starts_at, ends_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"),
};
/* clang-format on */
