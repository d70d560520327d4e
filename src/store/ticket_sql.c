/*
 * ticket_sql.c — the SQL of tickets of every kind: rows, lists and their
 * plans, search, comments, attachments, links, watchers, history
 * (repo_ticket.c). Columns are listed explicitly so that the repository
 * reads them by position; the *_COLS macros and its readers must agree.  See
 * catalog.h.
 */
#include "store/ticket_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_TICKET

/* The select list of TICKET_COLUMNS (ticket_sql.h). */
#define TICKET_COL_SQL(sql, member, type) ", " sql
#define TICKET_COLS "t.id" TICKET_COLUMNS(TICKET_COL_SQL)
#define TICKET_FROM " FROM tickets t"

/* a search's matches first, each ticket then by its id: FTS5 cannot tell
 * SQLite how many rows a MATCH gives, so the order is spelled out */
#define SEARCH_FROM " FROM ticket_search m CROSS JOIN tickets t ON t.id = m.rowid"

#define AUDIT_TAIL(watchers)                                                                                           \
	"SELECT a.id, a.at, u.login, a.action, a.internal, t.id, t.number, t.kind, t.version, t.state,"                \
	" t.requester_id, g.name, asg.login, " watchers " FROM audit a LEFT JOIN users u ON u.id = a.actor_id"         \
	" LEFT JOIN tickets t ON a.entity = 'ticket' AND t.id = a.entity_id"                                           \
	" LEFT JOIN groups_ g ON g.id = t.group_id LEFT JOIN users asg ON asg.id = t.assignee_id"                      \
	" WHERE a.id > ?1 ORDER BY a.id LIMIT ?2"

/* Lists carry each ticket's watchers (logins joined by newlines) as one
 * more column, instead of a query per ticket. */
#define WATCHERS_AGG                                                                                                   \
	", (SELECT group_concat(login, char(10)) FROM (SELECT u.login FROM ticket_watchers w"                          \
	" JOIN users u ON u.id = w.user_id WHERE w.ticket_id = t.id ORDER BY u.login))" CUSTOM_AGG
#define WATCHERS_AGG_PG                                                                                                \
	", (SELECT string_agg(u.login, chr(10) ORDER BY u.login) FROM ticket_watchers w"                               \
	" JOIN users u ON u.id = w.user_id WHERE w.ticket_id = t.id)" CUSTOM_AGG_PG

/* A ticket row as one read selects it, with its watchers and values. */
#define TICKET_ROW TICKET_COLS WATCHERS_AGG TICKET_FROM
#define TICKET_ROW_PG TICKET_COLS WATCHERS_AGG_PG TICKET_FROM

/* An attachment's row but its bytes (store_read_attachment), and where it is read from. */
#define ATTACHMENT_COLS "a.id, a.ticket_id, a.filename, a.content_type, a.size, a.sha256, u.login, a.created_at"
#define ATTACHMENT_FROM " FROM attachments a JOIN users u ON u.id = a.created_by"

/* The ordered read is asked for only when the ticket has a value (a probe
 * of ticket_values' key): most tickets have none, and the sort it needs
 * is most of what the column costs a list (docs/performance.md). */
#define HAS_CUSTOM " CASE WHEN EXISTS (SELECT 1 FROM ticket_values hv WHERE hv.ticket_id = t.id) THEN"
#define CUSTOM_AGG                                                                                                     \
	"," HAS_CUSTOM " (SELECT group_concat(x, char(30)) FROM (SELECT f.name || char(31) || f.type || char(31)"      \
	" || v.value AS x FROM ticket_values v JOIN custom_fields f ON f.id = v.field_id WHERE v.ticket_id = t.id"     \
	" ORDER BY f.position, f.name)) END"
#define CUSTOM_AGG_PG                                                                                                  \
	"," HAS_CUSTOM " (SELECT string_agg(f.name || chr(31) || f.type || chr(31) || v.value, chr(30) ORDER BY"       \
	" f.position, f.name COLLATE \"C\") FROM ticket_values v JOIN custom_fields f ON f.id = v.field_id"            \
	" WHERE v.ticket_id = t.id) END"

/* The text filter (?8) is either a statement's lead (LEAD_TEXT) or, where
 * another filter leads, the optional TEXT_ANY — never both, so that the
 * full-text query runs once. */
#define TEXT_ANY " AND (?8 IS NULL OR t.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?8))"
#define TEXT_ANY_PG                                                                                                    \
	" AND (CAST(?8 AS TEXT) IS NULL OR t.id IN (SELECT ts.ticket_id FROM ticket_search ts"                         \
	" WHERE ts.doc @@ to_tsquery('simple', ?8)))"
#define TICKET_LIST(col, cmp, dir) TICKET_LIST_LEAD(col, cmp, dir, TEXT_ANY)

/* lead: a plain equality on the most selective filter given, so that the
 * planner can use its index (the "? IS NULL OR" filters cannot) */
#define TICKET_LIST_LEAD(col, cmp, dir, lead) TICKET_LIST_FROM(TICKET_FROM, col, cmp, dir, lead)
#define TICKET_LIST_FROM(from, col, cmp, dir, lead)                                                                    \
	"SELECT " TICKET_COLS WATCHERS_AGG from TICKET_WHERE lead " AND (?10 IS NULL OR (t." col ", t.id) " cmp        \
	" (?10, ?11))"                                                                                                 \
	" ORDER BY t." col " " dir ", t.id " dir " LIMIT ?12"
#define LEAD_STATE " AND t.state = ?2"
#define LEAD_ASSIGNEE " AND t.assignee_id = (SELECT id FROM users WHERE login = ?3)"
#define LEAD_GROUP " AND t.group_id = (SELECT id FROM groups_ WHERE name = ?5)"
#define LEAD_REQUESTER " AND t.requester_id = (SELECT id FROM users WHERE login = ?6)"
#define LEAD_PRIORITY " AND t.priority = ?7"

/* SQLite: a search with few matches leads: its index (FTS5) yields them,
 * and they are sorted; with many, the sort order's index leads and
 * TEXT_ANY keeps the matches.  PostgreSQL: a search always leads with
 * LEAD_TEXT_PG, a semi-join the planner orders by its estimate of the
 * matches (store_ticket_list). */
#define LEAD_TEXT " AND m.ticket_search MATCH ?8"
#define LEAD_TEXT_PG " AND t.id IN (SELECT ts.ticket_id FROM ticket_search ts WHERE ts.doc @@ to_tsquery('simple', ?8))"

/* Filters shared by every list variant: ?1 kind, ?21 archived, ?2 state,
 * ?3 assignee login, ?5 group, ?6 requester, ?7 priority, ?9 the end
 * user whose tickets only (requested or watched); then, only when ?22 is
 * 1, the filters few lists use: ?4 unassigned, ?13 major, ?14 open,
 * ?15 due by, ?16 the groups of a user, ?17 channel, ?18 closing
 * category, ?19 = ?20 a value of a field defined at run time.  The guard
 * keeps each candidate row of a search from testing eight parameters it
 * almost never has (callgrind: 1 in 8 instructions of a search on
 * SQLite). */
#define TICKET_WHERE                                                                                                   \
	" WHERE t.kind = ?1 AND t.archived = abs(?21)"                                                                 \
	" AND (?2 IS NULL OR t.state = ?2)"                                                                            \
	" AND (?3 IS NULL OR t.assignee_id = (SELECT id FROM users WHERE login = ?3))"                                 \
	" AND (?5 IS NULL OR t.group_id = (SELECT id FROM groups_ WHERE name = ?5))"                                   \
	" AND (?6 IS NULL OR t.requester_id = (SELECT id FROM users WHERE login = ?6))"                                \
	" AND (?7 IS NULL OR t.priority = ?7)"                                                                         \
	" AND (?9 IS NULL OR t.requester_id = ?9 OR EXISTS (SELECT 1 FROM ticket_watchers w"                           \
	"      WHERE w.ticket_id = t.id AND w.user_id = ?9))"                                                          \
	" AND (?22 = 0 OR ((?4 = 0 OR t.assignee_id IS NULL)"                                                          \
	" AND (?13 = 0 OR t.major = 1)"                                                                                \
	" AND (?14 = 0 OR t.phase IN ('open', 'paused'))"                                                              \
	" AND (?15 IS NULL OR EXISTS (SELECT 1 FROM ticket_slas k WHERE k.ticket_id = t.id AND k.state = 'running'"    \
	"      AND k.due_at <= ?15))"                                                                                  \
	" AND (?16 IS NULL OR t.group_id IN (SELECT m.group_id FROM group_members m WHERE m.user_id = ?16))"           \
	" AND (?17 IS NULL OR t.channel = ?17) AND (?18 IS NULL OR t.closing_category = ?18)"                          \
	" AND (?19 IS NULL OR EXISTS (SELECT 1 FROM ticket_values v JOIN custom_fields f ON f.id = v.field_id"         \
	"      WHERE v.ticket_id = t.id AND f.kind = ?1 AND f.name = ?19 AND v.value = ?20))))"

/* PostgreSQL needs the parameter types where nothing else implies them. */
#define TICKET_WHERE_PG                                                                                                \
	" WHERE t.kind = ?1 AND t.archived = CAST(?21 AS BIGINT)"                                                      \
	" AND (CAST(?2 AS TEXT) IS NULL OR t.state = ?2)"                                                              \
	" AND (CAST(?3 AS TEXT) IS NULL OR t.assignee_id = (SELECT id FROM users WHERE login = ?3))"                   \
	" AND (CAST(?5 AS TEXT) IS NULL OR t.group_id = (SELECT id FROM groups_ WHERE name = ?5))"                     \
	" AND (CAST(?6 AS TEXT) IS NULL OR t.requester_id = (SELECT id FROM users WHERE login = ?6))"                  \
	" AND (CAST(?7 AS BIGINT) IS NULL OR t.priority = ?7)"                                                         \
	" AND (CAST(?9 AS BIGINT) IS NULL OR t.requester_id = ?9 OR EXISTS (SELECT 1 FROM ticket_watchers w"           \
	"      WHERE w.ticket_id = t.id AND w.user_id = ?9))"                                                          \
	" AND (CAST(?22 AS BIGINT) = 0 OR ((CAST(?4 AS BIGINT) = 0 OR t.assignee_id IS NULL)"                          \
	" AND (CAST(?13 AS BIGINT) = 0 OR t.major = 1)"                                                                \
	" AND (CAST(?14 AS BIGINT) = 0 OR t.phase IN ('open', 'paused'))"                                              \
	" AND (CAST(?15 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM ticket_slas k WHERE k.ticket_id = t.id"            \
	"      AND k.state = 'running' AND k.due_at <= ?15))"                                                          \
	" AND (CAST(?16 AS BIGINT) IS NULL OR t.group_id IN (SELECT m.group_id FROM group_members m WHERE m.user_id "  \
	"= ?16))"                                                                                                      \
	" AND (CAST(?17 AS TEXT) IS NULL OR t.channel = ?17)"                                                          \
	" AND (CAST(?18 AS TEXT) IS NULL OR t.closing_category = ?18)"                                                 \
	" AND (CAST(?19 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM ticket_values v JOIN custom_fields f"                \
	"      ON f.id = v.field_id WHERE v.ticket_id = t.id AND f.kind = ?1 AND f.name = ?19"                         \
	"      AND v.value = CAST(?20 AS TEXT)))))"

/* PostgreSQL: the page's ids only, and then their rows (ST_TICKET_ROWS).
 * PostgreSQL plans these statements at every run (a generic plan cannot
 * drop the "? IS NULL OR" filters), and the row's fourteen subqueries
 * were most of that planning, 1 of 1.3 ms; the rows' own statement has one
 * parameter and keeps its generic plan (docs/performance.md).  The ids
 * come with their sort value: the next page's cursor is the last id's
 * value as this statement saw it, whatever a write did before the rows'
 * read. */
#define TICKET_LIST_PG(col, cmp, dir) TICKET_LIST_PG_LEAD(col, cmp, dir, TEXT_ANY_PG)
#define TICKET_LIST_PG_LEAD(col, cmp, dir, lead)                                                                       \
	"SELECT t.id, t." col TICKET_FROM TICKET_WHERE_PG lead " AND (CAST(?10 AS BIGINT) IS NULL OR (t." col          \
	", t.id) " cmp " (?10, CAST(?11 AS BIGINT)))"                                                                  \
	" ORDER BY t." col " " dir ", t.id " dir " LIMIT ?12"

#define LIST_ENTRY(id_, col, cmp, dir) SPG(id_, TICKET_LIST(col, cmp, dir), TICKET_LIST_PG(col, cmp, dir))
#define LIST_LEAD(id_, col, cmp, dir, lead)                                                                            \
	SPG(id_, TICKET_LIST_LEAD(col, cmp, dir, TEXT_ANY lead), TICKET_LIST_PG_LEAD(col, cmp, dir, TEXT_ANY_PG lead))
#define LIST_TEXT(id_, col, cmp, dir)                                                                                  \
	SPG(id_, TICKET_LIST_TEXT(col, cmp, dir), TICKET_LIST_PG_LEAD(col, cmp, dir, LEAD_TEXT_PG))

/* SQLite, a search with many matches: they were read once into an id set
 * (ST_TICKET_SEARCH_IDS), bound to ?8 with DB_IDSET, and the sort order's
 * index (or the leading filter's) is walked testing each id against it
 * before its row is read.  Only where db_has_idset(), so never on
 * PostgreSQL, which keeps TEXT_ANY_PG; ?8 is not text here and never
 * tested with IS NULL (a bound set is NULL to SQL). */
#define IDS_ANY " AND steward_idset_has(?8, t.id)"
#define LIST_IDS(id_, col, cmp, dir, lead) S(id_, TICKET_LIST_LEAD(col, cmp, dir, IDS_ANY lead))

/* SQLite: the page of ids first, then its rows — a sorter would otherwise
 * carry every match's whole row and watchers, not just the page's */
#define TICKET_LIST_TEXT(col, cmp, dir) TICKET_LIST_PAGE_OF(SEARCH_FROM, LEAD_TEXT, col, cmp, dir)
#define TICKET_LIST_PAGE_OF(from, lead, col, cmp, dir)                                                                 \
	"SELECT " TICKET_COLS WATCHERS_AGG TICKET_FROM " WHERE t.id IN (SELECT t.id" from TICKET_WHERE lead            \
	" AND (?10 IS NULL OR (t." col ", t.id) " cmp " (?10, ?11)) ORDER BY t." col " " dir ", t.id " dir             \
	" LIMIT ?12)"                                                                                                  \
	" ORDER BY t." col " " dir ", t.id " dir

/* SQLite, a search with few matches, already read into an id set: they
 * lead as a JSON array of ids in ?8, so that the full-text index is not
 * read a second time (for words that are each common but rarely together,
 * that read is most of the cost).  Only where db_has_idset(). */
#define LIST_IDLIST(id_, col, cmp, dir)                                                                                \
	S(id_, TICKET_LIST_PAGE_OF(" FROM json_each(?8) m CROSS JOIN tickets t ON t.id = m.value", "", col, cmp, dir))

/* The search index (migrations/<backend>/0011_search.sql), written in the
 * ticket's transaction.  At most the first 20 000 characters of the
 * description and of the public comments together are indexed; on
 * PostgreSQL that also keeps each tsvector far below its 1 MB limit. */
#define SEARCH_DOC_PG(number, title, description)                                                                      \
	"steward_search_doc(" number " || ' ' || " title " || ' ' || left(COALESCE(" description ", ''), 20000))"

/* Problem candidates: recent incidents linked to no problem, in groups
 * (?1 since, ?2 the least count, ?3 how many groups of each basis), the
 * largest first; each row is ci_id, CI, service, category, title_key (what
 * the group shares, NULL for the rest), count, first, last and the
 * numbers.  The groups of every basis are made of one read of the newest
 * PROBLEM_CANDIDATE_SCAN of the window's incidents (by the kind's created
 * index), so that the cost is bounded however busy the desk and however
 * many of its incidents name a CI (docs/problems.md). */
#define PROBLEM_CANDIDATE_SCAN "20000"
#define PROBLEM_CANDIDATES_WINDOW                                                                                      \
	"WITH w AS MATERIALIZED (SELECT t.number, t.created_at, t.ci_id, t.service_id, t.category, t.title_key"        \
	" FROM tickets t WHERE t.kind = 'incident' AND t.archived = 0 AND t.created_at >= ?1"                          \
	" AND t.problem_id IS NULL ORDER BY t.created_at DESC LIMIT " PROBLEM_CANDIDATE_SCAN ")"
/* NULLs typed, for PostgreSQL's UNION */
#define NO_ID "CAST(NULL AS BIGINT)"
#define NO_TEXT "CAST(NULL AS TEXT)"
#define PROBLEM_CANDIDATES_GROUPS(concat)                                                                              \
	PROBLEM_CANDIDATES_WINDOW                                                                                      \
	" SELECT * FROM (SELECT t.ci_id, (SELECT ci.name FROM cis ci WHERE ci.id = t.ci_id), " NO_TEXT ", " NO_TEXT    \
	", " NO_TEXT ","                                                                                               \
	" COUNT(*), MIN(t.created_at), MAX(t.created_at), " concat " FROM w t WHERE t.ci_id IS NOT NULL"               \
	" GROUP BY t.ci_id" PROBLEM_CANDIDATES_TAIL ") c UNION ALL"                                                    \
	" SELECT * FROM (SELECT " NO_ID ", " NO_TEXT                                                                   \
	", (SELECT sv.name FROM services sv WHERE sv.id = t.service_id), t.category,"                                  \
	" " NO_TEXT ", COUNT(*), MIN(t.created_at), MAX(t.created_at), " concat                                        \
	" FROM w t WHERE t.service_id IS NOT NULL"                                                                     \
	" AND t.category IS NOT NULL GROUP BY t.service_id, t.category" PROBLEM_CANDIDATES_TAIL ") s UNION ALL"        \
	" SELECT * FROM (SELECT " NO_ID ", " NO_TEXT ", " NO_TEXT ", " NO_TEXT                                         \
	", t.title_key, COUNT(*), MIN(t.created_at), MAX(t.created_at), " concat                                       \
	" FROM w t WHERE t.title_key IS NOT NULL AND t.title_key <> '' GROUP BY t.title_key" PROBLEM_CANDIDATES_TAIL   \
	") k"
#define PROBLEM_CANDIDATES_TAIL " HAVING COUNT(*) >= ?2 ORDER BY COUNT(*) DESC, MAX(t.created_at) DESC LIMIT ?3"

/* The plans of one sort order (ticket_sql.h: TICKET_SORT_PLANS). */
#define SORT_PLANS(s, col, cmp, dir)                                                                                   \
	LIST_ENTRY(ST_TICKET_LIST_##s, col, cmp, dir),                                                                 \
		LIST_LEAD(ST_TICKET_LIST_##s##_STATE, col, cmp, dir, LEAD_STATE),                                      \
		LIST_LEAD(ST_TICKET_LIST_##s##_ASSIGNEE, col, cmp, dir, LEAD_ASSIGNEE),                                \
		LIST_LEAD(ST_TICKET_LIST_##s##_GROUP, col, cmp, dir, LEAD_GROUP),                                      \
		LIST_LEAD(ST_TICKET_LIST_##s##_REQUESTER, col, cmp, dir, LEAD_REQUESTER),                              \
		LIST_LEAD(ST_TICKET_LIST_##s##_PRIORITY, col, cmp, dir, LEAD_PRIORITY),                                \
		LIST_TEXT(ST_TICKET_LIST_##s##_TEXT, col, cmp, dir),                                                   \
		LIST_IDS(ST_TICKET_LIST_##s##_IDS, col, cmp, dir, ""),                                                 \
		LIST_IDS(ST_TICKET_LIST_##s##_IDS_STATE, col, cmp, dir, LEAD_STATE),                                   \
		LIST_IDS(ST_TICKET_LIST_##s##_IDS_ASSIGNEE, col, cmp, dir, LEAD_ASSIGNEE),                             \
		LIST_IDS(ST_TICKET_LIST_##s##_IDS_GROUP, col, cmp, dir, LEAD_GROUP),                                   \
		LIST_IDS(ST_TICKET_LIST_##s##_IDS_REQUESTER, col, cmp, dir, LEAD_REQUESTER),                           \
		LIST_IDS(ST_TICKET_LIST_##s##_IDS_PRIORITY, col, cmp, dir, LEAD_PRIORITY),                             \
		LIST_IDLIST(ST_TICKET_LIST_##s##_IDLIST, col, cmp, dir)

/* ?1 the CI's or service's id, ?2 the kind, ?3 1 for open ones only,
 * ?4 and ?5 the (created_at, id) after which the page starts (NULL: from
 * the newest), ?6 the page's length. */
#define TICKETS_ON(col, watchers, open, after)                                                                         \
	"SELECT " TICKET_COLS watchers TICKET_FROM " WHERE t." col " = ?1 AND t.kind = ?2 AND t.archived = 0"          \
	" AND (" open " = 0 OR t.phase IN ('open', 'paused')) AND (" after                                             \
	" IS NULL OR (t.created_at, t.id) < (?4, ?5))"                                                                 \
	" ORDER BY t.created_at DESC, t.id DESC LIMIT ?6"

/* clang-format off */
const struct db_stmt ticket_sql[ST_TICKET__END - ST_BASE_TICKET] = {
	S(ST_TICKET_INSERT,
	  "INSERT INTO tickets (number, kind, state, title, description, requester_id, group_id, assignee_id,"
	  " impact, urgency, priority, category, hold_reason, resolution_code, resolution_notes, reopen_count,"
	  " version, created_at, updated_at, resolved_at, closed_at, first_response_at, major, major_reason,"
	  " parent_id, priority_reason, service_id, ci_id, outage_start, outage_end, phase, channel, opening_category,"
	  " closing_category, reassignment_count, archived, symptoms, root_cause, cause_category, workaround,"
	  " workaround_published_at, fix_id, review_went_well, review_went_wrong, review_actions, problem_id,"
	  " title_key, change_type, justification, change_owner_id, planned_start, planned_end, actual_start,"
	  " actual_end, implementation_plan, backout_plan, test_plan, test_results, communication_plan,"
	  " outage_expected, outage_minutes, risk, pir, change_id, task_order, caused_by_id)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 1, ?17, ?17, ?18, ?19,"
	  " ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39,"
	  " ?40, ?41, ?42, ?43, ?44, ?45, ?46, ?47, ?48, ?49, ?50, ?51, ?52, ?53, ?54, ?55, ?56, ?57, ?58, ?59,"
	  " ?60, ?61, ?62, ?63, ?64) RETURNING id"),
	S(ST_TICKET_UPDATE,
	  "UPDATE tickets SET state = ?3, title = ?4, description = ?5, requester_id = ?6, group_id = ?7,"
	  " assignee_id = ?8, impact = ?9, urgency = ?10, priority = ?11, category = ?12, hold_reason = ?13,"
	  " resolution_code = ?14, resolution_notes = ?15, reopen_count = ?16, updated_at = ?17,"
	  " resolved_at = ?18, closed_at = ?19, first_response_at = ?20, major = ?21, major_reason = ?22,"
	  " parent_id = ?23, priority_reason = ?24, service_id = ?25, ci_id = ?26, outage_start = ?27,"
	  " outage_end = ?28, phase = ?29, channel = ?30, opening_category = ?31, closing_category = ?32,"
	  " reassignment_count = ?33, archived = ?34, symptoms = ?35, root_cause = ?36, cause_category = ?37,"
	  " workaround = ?38, workaround_published_at = ?39, fix_id = ?40, review_went_well = ?41,"
	  " review_went_wrong = ?42, review_actions = ?43, problem_id = ?44, title_key = ?45,"
	  " change_type = ?46, justification = ?47, change_owner_id = ?48, planned_start = ?49, planned_end = ?50,"
	  " actual_start = ?51, actual_end = ?52, implementation_plan = ?53, backout_plan = ?54, test_plan = ?55,"
	  " test_results = ?56, communication_plan = ?57, outage_expected = ?58, outage_minutes = ?59, risk = ?60,"
	  " pir = ?61, change_id = ?62, task_order = ?63, caused_by_id = ?64,"
	  " version = version + 1 WHERE id = ?1 AND version = ?2"),
	S(ST_TICKET_CHILDREN, "SELECT t.number FROM tickets t WHERE t.parent_id = ?1 ORDER BY t.id"),
	S(ST_TICKET_OPEN_CHILDREN,
	  "SELECT t.number FROM tickets t WHERE t.parent_id = ?1"
	  " AND t.phase IN ('open', 'paused') ORDER BY t.id"),
	S(ST_TICKET_CIS, "SELECT ci_id FROM ticket_cis WHERE ticket_id = ?1 AND role = ?2 ORDER BY ci_id"),
	S(ST_TICKET_CIS_CLEAR, "DELETE FROM ticket_cis WHERE ticket_id = ?1 AND role = ?2"),
	S(ST_TICKET_CIS_ADD,
	  "INSERT INTO ticket_cis (ticket_id, role, ci_id) VALUES (?1, ?2, ?3) ON CONFLICT (ticket_id, role, ci_id)"
	  " DO NOTHING"),
	S(ST_TICKET_CONTACT_SET, "INSERT INTO ticket_contacts (ticket_id, email, name) VALUES (?1, ?2, ?3)"),
	S(ST_TICKET_CONTACT_GET, "SELECT email, name FROM ticket_contacts WHERE ticket_id = ?1"),
	S(ST_TICKET_PROBLEM_COUNT, "SELECT COUNT(*) FROM tickets t WHERE t.problem_id = ?1"),
	/* The tickets of a kind on a CI or a service (the tickets_ci and
	 * tickets_service indexes), newest first, by keyset on (created_at, id). */
	SPG(ST_TICKET_ON_CI, TICKETS_ON("ci_id", WATCHERS_AGG, "?3", "?4"),
	    TICKETS_ON("ci_id", WATCHERS_AGG_PG, "CAST(?3 AS BIGINT)", "CAST(?4 AS BIGINT)")),
	SPG(ST_TICKET_ON_SERVICE, TICKETS_ON("service_id", WATCHERS_AGG, "?3", "?4"),
	    TICKETS_ON("service_id", WATCHERS_AGG_PG, "CAST(?3 AS BIGINT)", "CAST(?4 AS BIGINT)")),
	SPG(ST_TICKET_PROBLEM_INCIDENTS,
	    "SELECT " TICKET_COLS WATCHERS_AGG TICKET_FROM " WHERE t.problem_id = ?1"
	    " AND (?2 = 0 OR t.phase IN ('open', 'paused')) AND (?3 IS NULL OR t.id > ?3) ORDER BY t.id LIMIT ?4",
	    "SELECT " TICKET_COLS WATCHERS_AGG_PG TICKET_FROM " WHERE t.problem_id = ?1"
	    " AND (CAST(?2 AS BIGINT) = 0 OR t.phase IN ('open', 'paused'))"
	    " AND (CAST(?3 AS BIGINT) IS NULL OR t.id > ?3) ORDER BY t.id LIMIT ?4"),
	SPG(ST_PROBLEM_CANDIDATES, PROBLEM_CANDIDATES_GROUPS("group_concat(t.number, ',')"),
	    PROBLEM_CANDIDATES_GROUPS("string_agg(t.number, ',')")),
	S(ST_MATRIX_GET, "SELECT impact, urgency, priority FROM priority_matrix ORDER BY impact, urgency"),
	S(ST_MATRIX_SET, "UPDATE priority_matrix SET priority = ?3 WHERE impact = ?1 AND urgency = ?2"),
	S_BY_PG(ST_TICKET_BY_NUMBER, TICKET_ROW, TICKET_ROW_PG, "t.number"),
	S_BY_PG(ST_TICKET_BY_ID, TICKET_ROW, TICKET_ROW_PG, "t.id"),
	SORT_PLANS(CREATED_DESC, "created_at", "<", "DESC"),
	SORT_PLANS(CREATED_ASC, "created_at", ">", "ASC"),
	SORT_PLANS(UPDATED_DESC, "updated_at", "<", "DESC"),
	SORT_PLANS(UPDATED_ASC, "updated_at", ">", "ASC"),
	SORT_PLANS(PRIORITY_DESC, "priority", "<", "DESC"),
	SORT_PLANS(PRIORITY_ASC, "priority", ">", "ASC"),
	S(ST_WATCHER_ADD,
	  "INSERT INTO ticket_watchers (ticket_id, user_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING"),
	S(ST_WATCHER_REMOVE, "DELETE FROM ticket_watchers WHERE ticket_id = ?1 AND user_id = ?2"),
	S(ST_COMMENT_INSERT,
	  "INSERT INTO ticket_comments (ticket_id, author_id, internal, body, created_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id"),
	S(ST_COMMENT_LIST,
	  "SELECT c.id, u.login, c.internal, c.body, c.created_at FROM ticket_comments c"
	  " JOIN users u ON u.id = c.author_id WHERE c.ticket_id = ?1 AND (c.internal = 0 OR ?2 = 1) ORDER BY c.id"),
	S(ST_ATTACHMENT_INSERT,
	  "INSERT INTO attachments (ticket_id, filename, content_type, size, sha256, data, created_by, created_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id"),
	S(ST_ATTACHMENT_LIST, "SELECT " ATTACHMENT_COLS ATTACHMENT_FROM " WHERE a.ticket_id = ?1 ORDER BY a.id"),
	S_BY(ST_ATTACHMENT_GET, ATTACHMENT_COLS ", a.data" ATTACHMENT_FROM, "a.id"),
	S(ST_LINK_INSERT,
	  "INSERT INTO ticket_links (from_id, to_id, kind, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"),
	S(ST_LINK_LIST,
	  "SELECT l.kind, t.number, l.created_at, t.kind FROM ticket_links l JOIN tickets t ON t.id = l.to_id"
	  " WHERE l.from_id = ?1 ORDER BY l.id"),
	S(ST_AUDIT_INSERT,
	  "INSERT INTO audit (at, actor_id, entity, entity_id, action, internal, changes)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
	/* reports count archived tickets too: archived IN (0, 1) lets the
	 * (kind, archived, created_at) index serve a period as two ranges */
	S(ST_TICKETS_ARCHIVABLE,
	  "SELECT " TICKET_COLS TICKET_FROM " WHERE t.archived = 0 AND t.phase IN ('closed', 'canceled')"
	  " AND t.closed_at <= ?1 ORDER BY t.closed_at, t.id LIMIT ?2"),
	S(ST_TICKETS_RESOLVED_BEFORE,
	  "SELECT " TICKET_COLS TICKET_FROM " WHERE t.phase = 'resolved' AND t.resolved_at <= ?1 AND t.kind = ?3"
	  " ORDER BY t.resolved_at, t.id LIMIT ?2"),
	/* the rows of the tickets whose ids JSON array ?1 lists, in its order
	 * (a list's page on PostgreSQL, TICKET_LIST_PG_LEAD) */
	SPG(ST_TICKET_ROWS,
	    "SELECT " TICKET_COLS WATCHERS_AGG " FROM json_each(?1) p CROSS JOIN tickets t ON t.id = p.value"
	    " ORDER BY p.key",
	    "SELECT " TICKET_COLS WATCHERS_AGG_PG " FROM json_array_elements_text(CAST(?1 AS JSON)) WITH ORDINALITY"
	    " p (id, n) JOIN tickets t ON t.id = CAST(p.id AS BIGINT) ORDER BY p.n"),
	/* SQLite only (db_has_idset): every match of full-text query ?1 into the
	 * empty id set ?2; 0, or -1 when the set would be too large.  FTS5
	 * gives its matches in ascending rowid order (the set insists on it);
	 * a subquery with ORDER BY rowid says the same but doubles the cost. */
	S(ST_TICKET_SEARCH_IDS,
	  "SELECT steward_idset_fill(?2, rowid) FROM ticket_search WHERE ticket_search MATCH ?1"),
	/* ?1 ticket id, ?2 number, ?3 title, ?4 description */
	SPG(ST_TICKET_SEARCH_INSERT,
	    "INSERT INTO ticket_search (rowid, number, title, description, comments)"
	    " VALUES (?1, ?2, ?3, substr(COALESCE(?4, ''), 1, 20000), '')",
	    "INSERT INTO ticket_search (ticket_id, doc) VALUES (?1, "
	    SEARCH_DOC_PG("CAST(?2 AS TEXT)", "CAST(?3 AS TEXT)", "CAST(?4 AS TEXT)") ")"),
	/* ?1 ticket id, ?2 title, ?3 description; the comments stay */
	SPG(ST_TICKET_SEARCH_UPDATE,
	    "UPDATE ticket_search SET title = ?2, description = substr(COALESCE(?3, ''), 1, 20000) WHERE rowid = ?1",
	    "UPDATE ticket_search ts SET doc = "
	    SEARCH_DOC_PG("t.number", "CAST(?2 AS TEXT)", "CAST(?3 AS TEXT)")
	    " || steward_search_doc(COALESCE((SELECT left(string_agg(c.body, chr(10) ORDER BY c.id), 20000)"
	    " FROM ticket_comments c WHERE c.ticket_id = t.id AND c.internal = 0), ''))"
	    " FROM tickets t WHERE ts.ticket_id = ?1 AND t.id = ts.ticket_id"),
	/* ?1 ticket id, ?2 body of a public comment (never a work note) */
	SPG(ST_TICKET_SEARCH_COMMENT,
	    "UPDATE ticket_search SET comments = substr(CASE WHEN comments = '' THEN ?2"
	    " ELSE comments || char(10) || ?2 END, 1, 20000) WHERE rowid = ?1 AND length(comments) < 20000",
	    "UPDATE ticket_search SET doc = doc || steward_search_doc(left(?2, CAST(20000 - comment_chars AS INTEGER))),"
	    " comment_chars = comment_chars + length(left(?2, CAST(20000 - comment_chars AS INTEGER))) + 1"
	    " WHERE ticket_id = ?1 AND comment_chars < 20000"),
	S(ST_AUDIT_LIST,
	  "SELECT a.at, u.login, a.action, a.internal, a.changes FROM audit a LEFT JOIN users u ON u.id = a.actor_id"
	  " WHERE a.entity = ?1 AND a.entity_id = ?2 AND (a.internal = 0 OR ?3 = 1) ORDER BY a.id"),
	/* A record's history a page at a time (the audit_entity index). */
	S(ST_AUDIT_PAGE,
	  "SELECT a.id, a.at, u.login, a.action, a.internal, a.changes FROM audit a LEFT JOIN users u ON u.id = a.actor_id"
	  " WHERE a.entity = ?1 AND a.entity_id = ?2 AND a.id > ?3 ORDER BY a.id LIMIT ?4"),
	/* What the create and update rows of one entity up to a time set, one
	 * row per field: its name and the value it was given, as text (NULL:
	 * none), read out of the changes by the database's own JSON functions. */
	SPG(ST_AUDIT_FIELDS,
	    "SELECT a.id, a.at, a.action, j.key, CAST(json_extract(j.value, '$.to') AS TEXT) FROM audit a,"
	    " json_each(a.changes) j WHERE a.entity = ?1 AND a.entity_id = ?2 AND a.at <= ?3"
	    " AND a.action IN ('create', 'update') ORDER BY a.id LIMIT ?4",
	    "SELECT a.id, a.at, a.action, j.key, j.value ->> 'to' FROM audit a, jsonb_each(CAST(a.changes AS jsonb)) j"
	    " WHERE a.entity = ?1 AND a.entity_id = ?2 AND a.at <= ?3 AND a.action IN ('create', 'update')"
	    " ORDER BY a.id LIMIT ?4"),
	/* The event stream's source: every audit row after a cursor, with the
	 * ticket it concerns as it is now (NULLs for other entities). */
	SPG(ST_AUDIT_TAIL, AUDIT_TAIL("(SELECT group_concat(w.user_id, ',') FROM ticket_watchers w WHERE w.ticket_id = t.id)"),
	    AUDIT_TAIL("(SELECT string_agg(CAST(w.user_id AS TEXT), ',') FROM ticket_watchers w WHERE w.ticket_id = t.id)")),
	S(ST_AUDIT_LAST_ID, "SELECT COALESCE(MAX(id), 0) FROM audit"),
	/* Which transactions may still commit rows with lower ids than ones
	 * already visible: PostgreSQL hands out identity values before commit.
	 * SQLite has one writer at a time, so nothing is ever in flight. */
	SPG(ST_TX_HORIZON, "SELECT 0, 0",
	    "SELECT CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS TEXT) AS BIGINT),"
	    " CAST(CAST(pg_snapshot_xmax(pg_current_snapshot()) AS TEXT) AS BIGINT)"),
};
/* clang-format on */
