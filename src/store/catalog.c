/*
 * catalog.c — every SQL statement Steward runs, written once.  See catalog.h.
 *
 * Columns are listed explicitly so that repositories read them by position;
 * the *_COLS macros and the readers in the repo_*.c files must agree.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "store/catalog.h"
#include "base/banned.h"

#define S(id_, sql_) [id_] = {.id = id_, .name = #id_, .sql = sql_, .sql_pg = NULL}
#define SPG(id_, sql_, pg_) [id_] = {.id = id_, .name = #id_, .sql = sql_, .sql_pg = pg_}

#define USER_COLS                                                                                                      \
	"u.id, u.login, u.name, u.email, u.timezone, u.role, u.password_hash, u.active, u.created_at, u.updated_at"

/* The names a ticket shows (requester, group, assignee, parent, service,
 * CI) are scalar subqueries rather than joins: the result is the same, but
 * PostgreSQL no longer searches join orders for six lookups on every
 * execution (planning a list took 12 ms, running it 1 ms). */
#define TICKET_COLS                                                                                                    \
	"t.id, t.number, t.kind, t.state, t.title, t.description, t.requester_id,"                                     \
	" (SELECT r.login FROM users r WHERE r.id = t.requester_id),"                                                  \
	" t.group_id, (SELECT g.name FROM groups_ g WHERE g.id = t.group_id),"                                         \
	" t.assignee_id, (SELECT a.login FROM users a WHERE a.id = t.assignee_id),"                                    \
	" t.impact, t.urgency, t.priority, t.category,"                                                                \
	" t.hold_reason, t.resolution_code, t.resolution_notes, t.reopen_count, t.version,"                            \
	" t.created_at, t.updated_at, t.resolved_at, t.closed_at, t.first_response_at, t.major, t.major_reason,"       \
	" t.parent_id, (SELECT p.number FROM tickets p WHERE p.id = t.parent_id), t.priority_reason,"                  \
	" t.service_id, (SELECT sv.name FROM services sv WHERE sv.id = t.service_id),"                                 \
	" t.ci_id, (SELECT ci.name FROM cis ci WHERE ci.id = t.ci_id), t.outage_start, t.outage_end,"                  \
	" t.channel, t.opening_category, t.closing_category, t.reassignment_count, t.archived"
#define TICKET_FROM " FROM tickets t"
/* a search's matches first, each ticket then by its id: FTS5 cannot tell
 * SQLite how many rows a MATCH gives, so the order is spelled out */
#define SEARCH_FROM " FROM ticket_search m CROSS JOIN tickets t ON t.id = m.rowid"

#define RULE_COLS                                                                                                      \
	"r.id, r.name, r.position, r.active, r.match_category, r.match_priority, r.match_keywords, r.group_id,"        \
	" g.name, r.assign, r.last_assignee_id, r.created_at, r.updated_at, r.match_service_id, sv.name,"              \
	" r.match_ci_id, ci.name FROM assignment_rules r JOIN groups_ g ON g.id = r.group_id"                          \
	" LEFT JOIN services sv ON sv.id = r.match_service_id LEFT JOIN cis ci ON ci.id = r.match_ci_id"

#define CATEGORY_COLS                                                                                                  \
	"c.id, c.path, c.name, p.path, c.active, c.created_at FROM categories c"                                       \
	" LEFT JOIN categories p ON p.id = c.parent_id"

#define CUSTOM_FIELD_COLS                                                                                              \
	"f.id, f.kind, f.name, f.label, f.type, f.choices, f.category, f.position, f.active, f.created_at,"            \
	" f.updated_at FROM custom_fields f"

#define CALENDAR_COLS "id, name, timezone, hours, holidays, created_at, updated_at FROM calendars"

#define POLICY_COLS                                                                                                    \
	"p.id, p.name, p.position, p.active, p.match_kind, p.match_priority, p.match_group_id, g.name,"                \
	" p.calendar_id, c.name, p.response_seconds, p.resolution_seconds, p.created_at, p.updated_at,"                \
	" p.match_service_id, sv.name FROM sla_policies p JOIN calendars c ON c.id = p.calendar_id"                    \
	" LEFT JOIN groups_ g ON g.id = p.match_group_id LEFT JOIN services sv ON sv.id = p.match_service_id"

#define CLOCK_COLS                                                                                                     \
	"k.id, k.ticket_id, k.metric, k.policy_id, p.name, k.calendar_id, c.name, k.target_seconds,"                   \
	" k.elapsed_seconds, k.state, k.since, k.due_at, k.warn_at, k.warned_at, k.breached_at, k.stopped_at"          \
	" FROM ticket_slas k JOIN sla_policies p ON p.id = k.policy_id JOIN calendars c ON c.id = k.calendar_id"

#define ESC_COLS                                                                                                       \
	"r.id, r.name, r.position, r.active, r.event, r.match_metric, r.match_priority, r.action, r.group_id, g.name," \
	" r.created_at, r.updated_at FROM escalation_rules r LEFT JOIN groups_ g ON g.id = r.group_id"

#define NRULE_COLS                                                                                                     \
	"r.id, r.name, r.event, r.recipients, r.channels, r.group_id, g.name, r.active, r.created_at, r.updated_at"    \
	" FROM notification_rules r LEFT JOIN groups_ g ON g.id = r.group_id"

#define NOTE_COLS                                                                                                      \
	"n.id, n.user_id, n.ticket_id, t.number, n.event, n.channel, n.subject, n.body, n.email_to, n.state,"          \
	" n.attempts, n.next_attempt_at, n.last_error, n.created_at, n.sent_at, n.read_at"                             \
	" FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id"

#define CLASS_COLS                                                                                                     \
	"c.id, c.name, c.parent_id, p.name, c.description, c.created_at, c.updated_at"                                 \
	" FROM ci_classes c LEFT JOIN ci_classes p ON p.id = c.parent_id"

#define CI_COLS                                                                                                        \
	"c.id, c.name, c.class_id, k.name, c.status, c.environment, c.location, c.external_id, c.owner_id, u.login,"   \
	" c.group_id, g.name, c.version, c.created_at, c.updated_at FROM cis c JOIN ci_classes k ON k.id = c.class_id" \
	" LEFT JOIN users u ON u.id = c.owner_id LEFT JOIN groups_ g ON g.id = c.group_id"

#define AUDIT_TAIL(watchers)                                                                                           \
	"SELECT a.id, a.at, u.login, a.action, a.internal, t.id, t.number, t.kind, t.version, t.state,"                \
	" t.requester_id, g.name, asg.login, " watchers " FROM audit a LEFT JOIN users u ON u.id = a.actor_id"         \
	" LEFT JOIN tickets t ON a.entity = 'ticket' AND t.id = a.entity_id"                                           \
	" LEFT JOIN groups_ g ON g.id = t.group_id LEFT JOIN users asg ON asg.id = t.assignee_id"                      \
	" WHERE a.id > ?1 ORDER BY a.id LIMIT ?2"

#define REL_COLS                                                                                                       \
	"r.id, r.from_id, f.name, r.type, r.to_id, t.name, r.created_at FROM ci_relations r"                           \
	" JOIN cis f ON f.id = r.from_id JOIN cis t ON t.id = r.to_id"

#define OBJ_COLS                                                                                                       \
	"o.id, o.name, o.description, o.measure, o.target, o.owner_id, u.login, o.created_at, o.updated_at"            \
	" FROM objectives o LEFT JOIN users u ON u.id = o.owner_id"

#define SVC_COLS                                                                                                       \
	"s.id, s.name, s.description, s.kind, s.status, s.owner_id, u.login, s.group_id, g.name, s.sla_policy_id,"     \
	" p.name, s.criticality, s.annual_cost, s.cost_centre, s.risk, s.risk_notes, s.availability_target, s.links,"  \
	" s.created_at, s.updated_at FROM services s LEFT JOIN users u ON u.id = s.owner_id"                           \
	" LEFT JOIN groups_ g ON g.id = s.group_id LEFT JOIN sla_policies p ON p.id = s.sla_policy_id"

/* a batch of ids for the graph walks; unused slots are 0 */
#define WALK_IDS                                                                                                       \
	"(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29," \
	"?30,?31,?32)"

#define TEMPLATE_COLS                                                                                                  \
	"t.id, t.name, t.title, t.description, t.impact, t.urgency, t.category, t.group_id, g.name, t.active,"         \
	" t.created_at, t.updated_at FROM templates t LEFT JOIN groups_ g ON g.id = t.group_id"

/* Filters shared by every list variant: ?1 kind, ?2 state, ?3 assignee login,
 * ?4 unassigned only (0/1), ?5 group name, ?6 requester login, ?7 priority,
 * ?8 full-text query (store_search_query: quoted prefix words, all required;
 * FTS5 syntax on SQLite, to_tsquery syntax on PostgreSQL), ?9 scope user id,
 * ?10/?11 keyset cursor (sort value, id), ?12 limit, ?13 major only (0/1),
 * ?14 open only (0/1), ?15 a running SLA clock due by then (or NULL),
 * ?16 assigned to one of this user's groups (or NULL), ?17 channel,
 * ?18 closing category, ?19/?20 a field defined at run time and its value,
 * ?21 archived (0/1: the live tickets or the archive, never both, so that
 * the (kind, archived, ...) indexes serve either).  SQLite: abs(?21), not
 * ?21, because a parameter the planner's statistics (STAT4) consult
 * expires the statement at every new binding, and re-preparing it cost a
 * list of 50 a third of its time (docs/performance.md). */
#define TICKET_WHERE                                                                                                   \
	" WHERE t.kind = ?1 AND t.archived = abs(?21)"                                                                 \
	" AND (?2 IS NULL OR t.state = ?2)"                                                                            \
	" AND (?3 IS NULL OR t.assignee_id = (SELECT id FROM users WHERE login = ?3))"                                 \
	" AND (?4 = 0 OR t.assignee_id IS NULL)"                                                                       \
	" AND (?5 IS NULL OR t.group_id = (SELECT id FROM groups_ WHERE name = ?5))"                                   \
	" AND (?6 IS NULL OR t.requester_id = (SELECT id FROM users WHERE login = ?6))"                                \
	" AND (?7 IS NULL OR t.priority = ?7)"                                                                         \
	" AND (?9 IS NULL OR t.requester_id = ?9 OR EXISTS (SELECT 1 FROM ticket_watchers w"                           \
	"      WHERE w.ticket_id = t.id AND w.user_id = ?9))"                                                          \
	" AND (?13 = 0 OR t.major = 1)"                                                                                \
	" AND (?14 = 0 OR t.phase IN ('open', 'paused'))"                                                              \
	" AND (?15 IS NULL OR EXISTS (SELECT 1 FROM ticket_slas k WHERE k.ticket_id = t.id AND k.state = 'running'"    \
	"      AND k.due_at <= ?15))"                                                                                  \
	" AND (?16 IS NULL OR t.group_id IN (SELECT m.group_id FROM group_members m WHERE m.user_id = ?16))"           \
	" AND (?17 IS NULL OR t.channel = ?17) AND (?18 IS NULL OR t.closing_category = ?18)"                          \
	" AND (?19 IS NULL OR EXISTS (SELECT 1 FROM ticket_values v JOIN custom_fields f ON f.id = v.field_id"         \
	"      WHERE v.ticket_id = t.id AND f.kind = ?1 AND f.name = ?19 AND v.value = ?20))"

/* Lists carry each ticket's watchers (logins joined by newlines) as one
 * more column, instead of a query per ticket. */
#define WATCHERS_AGG                                                                                                   \
	", (SELECT group_concat(login, char(10)) FROM (SELECT u.login FROM ticket_watchers w"                          \
	" JOIN users u ON u.id = w.user_id WHERE w.ticket_id = t.id ORDER BY u.login))" CUSTOM_AGG
#define WATCHERS_AGG_PG                                                                                                \
	", (SELECT string_agg(u.login, chr(10) ORDER BY u.login) FROM ticket_watchers w"                               \
	" JOIN users u ON u.id = w.user_id WHERE w.ticket_id = t.id)" CUSTOM_AGG_PG
/* ... and the values of fields defined at run time, as name, type and
 * value joined by char(31), one field after another joined by char(30),
 * in form order. */
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
/* a search with few matches (ST_TICKET_SEARCH_COUNT) leads: its index
 * (FTS5 / GIN) yields them, and they are sorted; with many, the sort
 * order's index leads and TEXT_ANY keeps the matches */
#define LEAD_TEXT " AND m.ticket_search MATCH ?8"
#define LEAD_TEXT_PG " AND t.id IN (SELECT ts.ticket_id FROM ticket_search ts WHERE ts.doc @@ to_tsquery('simple', ?8))"

/* PostgreSQL needs the parameter types where nothing else implies them. */
#define TICKET_WHERE_PG                                                                                                \
	" WHERE t.kind = ?1 AND t.archived = CAST(?21 AS BIGINT)"                                                      \
	" AND (CAST(?2 AS TEXT) IS NULL OR t.state = ?2)"                                                              \
	" AND (CAST(?3 AS TEXT) IS NULL OR t.assignee_id = (SELECT id FROM users WHERE login = ?3))"                   \
	" AND (CAST(?4 AS BIGINT) = 0 OR t.assignee_id IS NULL)"                                                       \
	" AND (CAST(?5 AS TEXT) IS NULL OR t.group_id = (SELECT id FROM groups_ WHERE name = ?5))"                     \
	" AND (CAST(?6 AS TEXT) IS NULL OR t.requester_id = (SELECT id FROM users WHERE login = ?6))"                  \
	" AND (CAST(?7 AS BIGINT) IS NULL OR t.priority = ?7)"                                                         \
	" AND (CAST(?9 AS BIGINT) IS NULL OR t.requester_id = ?9 OR EXISTS (SELECT 1 FROM ticket_watchers w"           \
	"      WHERE w.ticket_id = t.id AND w.user_id = ?9))"                                                          \
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
	"      AND v.value = CAST(?20 AS TEXT)))"

#define TICKET_LIST_PG(col, cmp, dir) TICKET_LIST_PG_LEAD(col, cmp, dir, TEXT_ANY_PG)
#define TICKET_LIST_PG_LEAD(col, cmp, dir, lead)                                                                       \
	"SELECT " TICKET_COLS WATCHERS_AGG_PG TICKET_FROM TICKET_WHERE_PG lead                                         \
	" AND (CAST(?10 AS BIGINT) IS NULL OR (t." col ", t.id) " cmp " (?10, CAST(?11 AS BIGINT)))"                   \
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

/* Report fragments: the open incidents; an SLA clock over its target
 * (marked by the scheduler, or more elapsed than the target); a clock
 * breached by instant p (a running clock is once past due_at); a clock on
 * an incident. */
#define OPEN_INCIDENT " t.kind = 'incident' AND t.phase IN ('open', 'paused')"
#define CLOCK_OVER "(k.breached_at IS NOT NULL OR k.elapsed_seconds > k.target_seconds)"
#define CLOCK_BREACHED_BEFORE(p) "(" CLOCK_OVER " OR (k.state = 'running' AND k.due_at < " p "))"
#define CLOCK_OF_INCIDENT "EXISTS (SELECT 1 FROM tickets t WHERE t.id = k.ticket_id AND t.kind = 'incident')"

/* clang-format off */
const struct db_stmt catalog[ST__COUNT] = {
	S(ST_MIGRATIONS_CREATE,
	  "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)"),
	S(ST_MIGRATIONS_MAX, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"),
	S(ST_MIGRATIONS_INSERT, "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)"),
	SPG(ST_MIGRATIONS_TABLE_EXISTS,
	    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
	    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
	    " AND table_name = 'schema_migrations'"),

	S(ST_COUNTER_NEXT, "UPDATE counters SET value = value + 1 WHERE kind = ?1 RETURNING value"),
	S(ST_COUNTER_SET, "UPDATE counters SET value = ?2 WHERE kind = ?1"),
	S(ST_COUNTER_INIT, "INSERT INTO counters (kind, value) VALUES (?1, 0) ON CONFLICT (kind) DO NOTHING"),

	S(ST_USER_INSERT,
	  "INSERT INTO users (login, name, email, timezone, role, password_hash, active, created_at, updated_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id"),
	S(ST_USER_UPDATE,
	  "UPDATE users SET name = ?2, email = ?3, timezone = ?4, role = ?5, password_hash = ?6,"
	  " active = ?7, updated_at = ?8 WHERE id = ?1"),
	S(ST_USER_BY_LOGIN, "SELECT " USER_COLS " FROM users u WHERE u.login = ?1"),
	S(ST_USER_BY_ID, "SELECT " USER_COLS " FROM users u WHERE u.id = ?1"),
	SPG(ST_USER_LIST,
	    "SELECT " USER_COLS " FROM users u WHERE (?1 IS NULL OR u.role = ?1)"
	    " AND (?2 < 0 OR u.active = ?2)"
	    " AND (?3 IS NULL OR lower(u.login) LIKE ?3 ESCAPE '\\' OR lower(u.name) LIKE ?3 ESCAPE '\\')"
	    " AND (?4 IS NULL OR u.login > ?4) ORDER BY u.login LIMIT ?5",
	    "SELECT " USER_COLS " FROM users u WHERE (CAST(?1 AS TEXT) IS NULL OR u.role = ?1)"
	    " AND (CAST(?2 AS BIGINT) < 0 OR u.active = ?2)"
	    " AND (CAST(?3 AS TEXT) IS NULL OR lower(u.login) LIKE ?3 ESCAPE '\\' OR lower(u.name) LIKE ?3 ESCAPE '\\')"
	    " AND (CAST(?4 AS TEXT) IS NULL OR u.login > ?4) ORDER BY u.login LIMIT ?5"),
	S(ST_USER_GROUPS,
	  "SELECT g.name FROM group_members m JOIN groups_ g ON g.id = m.group_id WHERE m.user_id = ?1 ORDER BY g.name"),

	S(ST_GROUP_INSERT,
	  "INSERT INTO groups_ (name, description, manager_id, created_at, updated_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id"),
	S(ST_GROUP_UPDATE, "UPDATE groups_ SET description = ?2, manager_id = ?3, updated_at = ?4 WHERE id = ?1"),
	S(ST_GROUP_BY_NAME,
	  "SELECT g.id, g.name, g.description, g.manager_id, m.login, g.created_at, g.updated_at"
	  " FROM groups_ g LEFT JOIN users m ON m.id = g.manager_id WHERE g.name = ?1"),
	SPG(ST_GROUP_LIST,
	    "SELECT g.id, g.name, g.description, g.manager_id, m.login, g.created_at, g.updated_at"
	    " FROM groups_ g LEFT JOIN users m ON m.id = g.manager_id WHERE (?1 IS NULL OR g.name > ?1)"
	    " ORDER BY g.name LIMIT ?2",
	    "SELECT g.id, g.name, g.description, g.manager_id, m.login, g.created_at, g.updated_at"
	    " FROM groups_ g LEFT JOIN users m ON m.id = g.manager_id WHERE (CAST(?1 AS TEXT) IS NULL OR g.name > ?1)"
	    " ORDER BY g.name LIMIT ?2"),
	S(ST_GROUP_MEMBERS,
	  "SELECT u.login FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = ?1 ORDER BY u.login"),
	S(ST_GROUP_MEMBERS_CLEAR, "DELETE FROM group_members WHERE group_id = ?1"),
	S(ST_GROUP_MEMBER_ADD,
	  "INSERT INTO group_members (group_id, user_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING"),
	S(ST_GROUP_IS_MEMBER, "SELECT COUNT(*) FROM group_members WHERE group_id = ?1 AND user_id = ?2"),

	S(ST_SESSION_INSERT,
	  "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4) RETURNING id"),
	S(ST_SESSION_FIND,
	  "SELECT s.id, " USER_COLS " FROM sessions s JOIN users u ON u.id = s.user_id"
	  " WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.active = 1"),
	S(ST_SESSION_DELETE, "DELETE FROM sessions WHERE id = ?1"),
	S(ST_SESSION_DELETE_USER, "DELETE FROM sessions WHERE user_id = ?1"),
	S(ST_SESSION_PURGE, "DELETE FROM sessions WHERE expires_at <= ?1"),
	S(ST_TOKEN_INSERT,
	  "INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES (?1, ?2, ?3, ?4)"),
	S(ST_TOKEN_FIND,
	  "SELECT k.id, " USER_COLS " FROM api_tokens k JOIN users u ON u.id = k.user_id"
	  " WHERE k.token_hash = ?1 AND u.active = 1"),
	S(ST_TOKEN_TOUCH, "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1"),
	S(ST_THROTTLE_GET, "SELECT failures, window_start FROM login_throttle WHERE login = ?1"),
	S(ST_THROTTLE_SET,
	  "INSERT INTO login_throttle (login, failures, window_start) VALUES (?1, ?2, ?3)"
	  " ON CONFLICT (login) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start"),
	S(ST_THROTTLE_CLEAR, "DELETE FROM login_throttle WHERE login = ?1"),

	S(ST_TICKET_INSERT,
	  "INSERT INTO tickets (number, kind, state, title, description, requester_id, group_id, assignee_id,"
	  " impact, urgency, priority, category, hold_reason, resolution_code, resolution_notes, reopen_count,"
	  " version, created_at, updated_at, resolved_at, closed_at, first_response_at, major, major_reason,"
	  " parent_id, priority_reason, service_id, ci_id, outage_start, outage_end, phase, channel, opening_category,"
	  " closing_category, reassignment_count, archived)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 1, ?17, ?17, ?18, ?19,"
	  " ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34) RETURNING id"),
	S(ST_TICKET_UPDATE,
	  "UPDATE tickets SET state = ?3, title = ?4, description = ?5, requester_id = ?6, group_id = ?7,"
	  " assignee_id = ?8, impact = ?9, urgency = ?10, priority = ?11, category = ?12, hold_reason = ?13,"
	  " resolution_code = ?14, resolution_notes = ?15, reopen_count = ?16, updated_at = ?17,"
	  " resolved_at = ?18, closed_at = ?19, first_response_at = ?20, major = ?21, major_reason = ?22,"
	  " parent_id = ?23, priority_reason = ?24, service_id = ?25, ci_id = ?26, outage_start = ?27,"
	  " outage_end = ?28, phase = ?29, channel = ?30, opening_category = ?31, closing_category = ?32,"
	  " reassignment_count = ?33, archived = ?34, version = version + 1 WHERE id = ?1 AND version = ?2"),
	S(ST_TICKET_CHILDREN, "SELECT t.number FROM tickets t WHERE t.parent_id = ?1 ORDER BY t.id"),
	S(ST_TICKET_OPEN_CHILDREN,
	  "SELECT t.number FROM tickets t WHERE t.parent_id = ?1"
	  " AND t.phase IN ('open', 'paused') ORDER BY t.id"),
	S(ST_MATRIX_GET, "SELECT impact, urgency, priority FROM priority_matrix ORDER BY impact, urgency"),
	S(ST_MATRIX_SET, "UPDATE priority_matrix SET priority = ?3 WHERE impact = ?1 AND urgency = ?2"),
	SPG(ST_TICKET_BY_NUMBER, "SELECT " TICKET_COLS WATCHERS_AGG TICKET_FROM " WHERE t.number = ?1",
	    "SELECT " TICKET_COLS WATCHERS_AGG_PG TICKET_FROM " WHERE t.number = ?1"),
	SPG(ST_TICKET_BY_ID, "SELECT " TICKET_COLS WATCHERS_AGG TICKET_FROM " WHERE t.id = ?1",
	    "SELECT " TICKET_COLS WATCHERS_AGG_PG TICKET_FROM " WHERE t.id = ?1"),
	LIST_ENTRY(ST_TICKET_LIST_CREATED_DESC, "created_at", "<", "DESC"),
	LIST_ENTRY(ST_TICKET_LIST_CREATED_ASC, "created_at", ">", "ASC"),
	LIST_ENTRY(ST_TICKET_LIST_UPDATED_DESC, "updated_at", "<", "DESC"),
	LIST_ENTRY(ST_TICKET_LIST_UPDATED_ASC, "updated_at", ">", "ASC"),
	LIST_ENTRY(ST_TICKET_LIST_PRIORITY_DESC, "priority", "<", "DESC"),
	LIST_ENTRY(ST_TICKET_LIST_PRIORITY_ASC, "priority", ">", "ASC"),
	LIST_LEAD(ST_TICKET_LIST_CREATED_DESC_STATE, "created_at", "<", "DESC", LEAD_STATE),
	LIST_LEAD(ST_TICKET_LIST_CREATED_DESC_ASSIGNEE, "created_at", "<", "DESC", LEAD_ASSIGNEE),
	LIST_LEAD(ST_TICKET_LIST_CREATED_DESC_GROUP, "created_at", "<", "DESC", LEAD_GROUP),
	LIST_LEAD(ST_TICKET_LIST_CREATED_DESC_REQUESTER, "created_at", "<", "DESC", LEAD_REQUESTER),
	LIST_LEAD(ST_TICKET_LIST_CREATED_DESC_PRIORITY, "created_at", "<", "DESC", LEAD_PRIORITY),
	LIST_LEAD(ST_TICKET_LIST_CREATED_ASC_STATE, "created_at", ">", "ASC", LEAD_STATE),
	LIST_LEAD(ST_TICKET_LIST_CREATED_ASC_ASSIGNEE, "created_at", ">", "ASC", LEAD_ASSIGNEE),
	LIST_LEAD(ST_TICKET_LIST_CREATED_ASC_GROUP, "created_at", ">", "ASC", LEAD_GROUP),
	LIST_LEAD(ST_TICKET_LIST_CREATED_ASC_REQUESTER, "created_at", ">", "ASC", LEAD_REQUESTER),
	LIST_LEAD(ST_TICKET_LIST_CREATED_ASC_PRIORITY, "created_at", ">", "ASC", LEAD_PRIORITY),
	LIST_LEAD(ST_TICKET_LIST_UPDATED_DESC_STATE, "updated_at", "<", "DESC", LEAD_STATE),
	LIST_LEAD(ST_TICKET_LIST_UPDATED_DESC_ASSIGNEE, "updated_at", "<", "DESC", LEAD_ASSIGNEE),
	LIST_LEAD(ST_TICKET_LIST_UPDATED_DESC_GROUP, "updated_at", "<", "DESC", LEAD_GROUP),
	LIST_LEAD(ST_TICKET_LIST_UPDATED_DESC_REQUESTER, "updated_at", "<", "DESC", LEAD_REQUESTER),
	LIST_LEAD(ST_TICKET_LIST_UPDATED_DESC_PRIORITY, "updated_at", "<", "DESC", LEAD_PRIORITY),
	LIST_LEAD(ST_TICKET_LIST_UPDATED_ASC_STATE, "updated_at", ">", "ASC", LEAD_STATE),
	LIST_LEAD(ST_TICKET_LIST_UPDATED_ASC_ASSIGNEE, "updated_at", ">", "ASC", LEAD_ASSIGNEE),
	LIST_LEAD(ST_TICKET_LIST_UPDATED_ASC_GROUP, "updated_at", ">", "ASC", LEAD_GROUP),
	LIST_LEAD(ST_TICKET_LIST_UPDATED_ASC_REQUESTER, "updated_at", ">", "ASC", LEAD_REQUESTER),
	LIST_LEAD(ST_TICKET_LIST_UPDATED_ASC_PRIORITY, "updated_at", ">", "ASC", LEAD_PRIORITY),
	LIST_LEAD(ST_TICKET_LIST_PRIORITY_DESC_STATE, "priority", "<", "DESC", LEAD_STATE),
	LIST_LEAD(ST_TICKET_LIST_PRIORITY_DESC_ASSIGNEE, "priority", "<", "DESC", LEAD_ASSIGNEE),
	LIST_LEAD(ST_TICKET_LIST_PRIORITY_DESC_GROUP, "priority", "<", "DESC", LEAD_GROUP),
	LIST_LEAD(ST_TICKET_LIST_PRIORITY_DESC_REQUESTER, "priority", "<", "DESC", LEAD_REQUESTER),
	LIST_LEAD(ST_TICKET_LIST_PRIORITY_DESC_PRIORITY, "priority", "<", "DESC", LEAD_PRIORITY),
	LIST_LEAD(ST_TICKET_LIST_PRIORITY_ASC_STATE, "priority", ">", "ASC", LEAD_STATE),
	LIST_LEAD(ST_TICKET_LIST_PRIORITY_ASC_ASSIGNEE, "priority", ">", "ASC", LEAD_ASSIGNEE),
	LIST_LEAD(ST_TICKET_LIST_PRIORITY_ASC_GROUP, "priority", ">", "ASC", LEAD_GROUP),
	LIST_LEAD(ST_TICKET_LIST_PRIORITY_ASC_REQUESTER, "priority", ">", "ASC", LEAD_REQUESTER),
	LIST_LEAD(ST_TICKET_LIST_PRIORITY_ASC_PRIORITY, "priority", ">", "ASC", LEAD_PRIORITY),
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
	S(ST_ATTACHMENT_LIST,
	  "SELECT a.id, a.ticket_id, a.filename, a.content_type, a.size, a.sha256, u.login, a.created_at"
	  " FROM attachments a JOIN users u ON u.id = a.created_by WHERE a.ticket_id = ?1 ORDER BY a.id"),
	S(ST_ATTACHMENT_GET,
	  "SELECT a.id, a.ticket_id, a.filename, a.content_type, a.size, a.sha256, u.login, a.created_at, a.data"
	  " FROM attachments a JOIN users u ON u.id = a.created_by WHERE a.id = ?1"),
	S(ST_LINK_INSERT,
	  "INSERT INTO ticket_links (from_id, to_id, kind, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"),
	S(ST_LINK_LIST,
	  "SELECT l.kind, t.number, l.created_at FROM ticket_links l JOIN tickets t ON t.id = l.to_id"
	  " WHERE l.from_id = ?1 ORDER BY l.id"),
	S(ST_AUDIT_INSERT,
	  "INSERT INTO audit (at, actor_id, entity, entity_id, action, internal, changes)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
	S(ST_VERIFY_COUNT_USERS, "SELECT COUNT(*) FROM users"),
	S(ST_VERIFY_COUNT_GROUPS, "SELECT COUNT(*) FROM groups_"),
	S(ST_VERIFY_COUNT_GROUP_MEMBERS, "SELECT COUNT(*) FROM group_members"),
	S(ST_VERIFY_COUNT_SESSIONS, "SELECT COUNT(*) FROM sessions"),
	S(ST_VERIFY_COUNT_TOKENS, "SELECT COUNT(*) FROM api_tokens"),
	S(ST_VERIFY_COUNT_TICKETS, "SELECT COUNT(*) FROM tickets"),
	S(ST_VERIFY_COUNT_WATCHERS, "SELECT COUNT(*) FROM ticket_watchers"),
	S(ST_VERIFY_COUNT_COMMENTS, "SELECT COUNT(*) FROM ticket_comments"),
	S(ST_VERIFY_COUNT_ATTACHMENTS, "SELECT COUNT(*) FROM attachments"),
	S(ST_VERIFY_COUNT_LINKS, "SELECT COUNT(*) FROM ticket_links"),
	S(ST_VERIFY_COUNT_RULES, "SELECT COUNT(*) FROM assignment_rules"),
	S(ST_VERIFY_COUNT_CATEGORIES, "SELECT COUNT(*) FROM categories"),
	S(ST_VERIFY_COUNT_TEMPLATES, "SELECT COUNT(*) FROM templates"),
	S(ST_VERIFY_COUNT_CALENDARS, "SELECT COUNT(*) FROM calendars"),
	S(ST_VERIFY_COUNT_POLICIES, "SELECT COUNT(*) FROM sla_policies"),
	S(ST_VERIFY_COUNT_CLOCKS, "SELECT COUNT(*) FROM ticket_slas"),
	S(ST_VERIFY_COUNT_ESCALATIONS, "SELECT COUNT(*) FROM escalation_rules"),
	S(ST_VERIFY_COUNT_AUDIT, "SELECT COUNT(*) FROM audit"),
	S(ST_VERIFY_VERSION_SUM, "SELECT COALESCE(SUM(version), 0) FROM tickets"),
	S(ST_VERIFY_TICKETS_WITHOUT_CREATE,
	  "SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM audit a"
	  " WHERE a.entity = 'ticket' AND a.entity_id = t.id AND a.action = 'create')"),
	S(ST_VERIFY_COMMENTS_WITHOUT_AUDIT,
	  "SELECT (SELECT COUNT(*) FROM ticket_comments)"
	  " - (SELECT COUNT(*) FROM audit WHERE entity = 'ticket' AND action IN ('comment', 'work_note'))"),
	S(ST_VERIFY_COUNTER_GAPS,
	  "SELECT COUNT(*) FROM counters c WHERE c.value <> (SELECT COUNT(*) FROM tickets t WHERE t.kind = c.kind)"),
	SPG(ST_VERIFY_TICKETS_WITHOUT_SEARCH,
	    "SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_search s WHERE s.rowid = t.id)",
	    "SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_search s WHERE s.ticket_id = t.id)"),
	S(ST_RULE_INSERT,
	  "INSERT INTO assignment_rules (name, position, active, match_category, match_priority, match_keywords,"
	  " group_id, assign, created_at, updated_at, match_service_id, match_ci_id)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11) RETURNING id"),
	S(ST_RULE_UPDATE,
	  "UPDATE assignment_rules SET position = ?2, active = ?3, match_category = ?4, match_priority = ?5,"
	  " match_keywords = ?6, group_id = ?7, assign = ?8, updated_at = ?9, match_service_id = ?10, match_ci_id = ?11"
	  " WHERE id = ?1"),
	S(ST_RULE_BY_NAME, "SELECT " RULE_COLS " WHERE r.name = ?1"),
	S(ST_RULE_LIST, "SELECT " RULE_COLS " WHERE (?1 = 0 OR r.active = 1) ORDER BY r.position, r.name"),
	S(ST_RULE_SET_LAST, "UPDATE assignment_rules SET last_assignee_id = ?2 WHERE id = ?1"),
	S(ST_GROUP_AGENTS,
	  "SELECT u.id, u.login FROM group_members m JOIN users u ON u.id = m.user_id"
	  " WHERE m.group_id = ?1 AND u.active = 1 AND u.role <> 'end_user' ORDER BY u.login"),
	S(ST_USER_OPEN_COUNT,
	  "SELECT COUNT(*) FROM tickets WHERE assignee_id = ?1 AND phase IN ('open', 'paused')"),
	/* Reports (core/report/report.c).  Open means the open and paused phases,
	 * spelled out (not NOT IN) so that the partial tickets_open index
	 * serves; resolved_at is set exactly while an incident is
	 * resolved or closed (reopening clears it), and tickets_resolved_at
	 * covers what is read about those. */
	S(ST_REPORT_OPEN,
	  "SELECT t.state, t.priority, COUNT(*) FROM tickets t WHERE" OPEN_INCIDENT " GROUP BY t.state, t.priority"),
	SPG(ST_REPORT_OPEN_GROUPS,
	    "SELECT g.name, COUNT(*) FROM tickets t LEFT JOIN groups_ g ON g.id = t.group_id WHERE" OPEN_INCIDENT
	    " GROUP BY t.group_id, g.name ORDER BY COUNT(*) DESC, g.name IS NULL, g.name LIMIT ?1",
	    "SELECT g.name, COUNT(*) FROM tickets t LEFT JOIN groups_ g ON g.id = t.group_id WHERE" OPEN_INCIDENT
	    " GROUP BY t.group_id, g.name ORDER BY COUNT(*) DESC, g.name IS NULL, g.name COLLATE \"C\" LIMIT ?1"),
	/* a clock breached: marked by the scheduler, or over its target */
	S(ST_REPORT_SLA_STOPPED,
	  "SELECT k.metric, SUM(CASE WHEN " CLOCK_OVER " THEN 0 ELSE 1 END), SUM(CASE WHEN " CLOCK_OVER " THEN 1 ELSE 0 END)"
	  " FROM ticket_slas k WHERE k.state = 'stopped' AND k.stopped_at >= ?1 AND k.stopped_at < ?2"
	  " AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = k.ticket_id AND t.kind = 'incident' AND t.phase <> 'canceled')"
	  " GROUP BY k.metric"),
	/* driven from the clocks (only open tickets have running or paused
	 * ones), not from the tickets: a join lets the planner walk them all */
	S(ST_REPORT_SLA_OPEN,
	  "SELECT k.metric, SUM(CASE WHEN " CLOCK_BREACHED_BEFORE("?1") " THEN 1 ELSE 0 END),"
	  " SUM(CASE WHEN " CLOCK_BREACHED_BEFORE("?1") " THEN 0 WHEN k.warned_at IS NOT NULL"
	  " OR (k.state = 'running' AND k.warn_at <= ?1) THEN 1 ELSE 0 END)"
	  " FROM ticket_slas k WHERE k.state IN ('running', 'paused') AND " CLOCK_OF_INCIDENT " GROUP BY k.metric"),
	/* ?3: a UTC offset constant over [?1, ?2), so that the first column
	 * is the local day number (see report_plan_spans) */
	S(ST_REPORT_CREATED_DAILY,
	  "SELECT (t.created_at + ?3) / 86400, COUNT(*) FROM tickets t WHERE t.kind = 'incident' AND t.archived IN (0, 1)"
	  " AND t.created_at >= ?1 AND t.created_at < ?2 GROUP BY 1"),
	S(ST_REPORT_RESOLVED_DAILY,
	  "SELECT (t.resolved_at + ?3) / 86400, COUNT(*) FROM tickets t WHERE t.kind = 'incident'"
	  " AND t.resolved_at >= ?1 AND t.resolved_at < ?2 GROUP BY 1"),
	S(ST_REPORT_CREATED_RANGE,
	  "SELECT COUNT(*) FROM tickets t WHERE t.kind = 'incident' AND t.archived IN (0, 1) AND t.created_at >= ?1"
	  " AND t.created_at < ?2"),
	S(ST_REPORT_RESOLVED_RANGE,
	  "SELECT COUNT(*) FROM tickets t WHERE t.kind = 'incident' AND t.resolved_at >= ?1 AND t.resolved_at < ?2"),
	S(ST_REPORT_TIMES,
	  "SELECT COUNT(*), CAST(COALESCE(SUM(t.resolved_at - t.created_at), 0) AS BIGINT), COUNT(t.first_response_at),"
	  " CAST(COALESCE(SUM(t.first_response_at - t.created_at), 0) AS BIGINT) FROM tickets t"
	  " WHERE t.kind = 'incident' AND t.resolved_at >= ?1 AND t.resolved_at < ?2"),
	/* the oldest open incidents in the order of the partial
	 * tickets_open index: never a sort of every open incident */
	S(ST_REPORT_OLDEST,
	  "SELECT t.number, t.title, t.state, t.priority, g.name, a.login, t.created_at FROM tickets t"
	  " LEFT JOIN groups_ g ON g.id = t.group_id LEFT JOIN users a ON a.id = t.assignee_id WHERE" OPEN_INCIDENT
	  " ORDER BY t.created_at, t.id LIMIT ?1"),
	/* ?1 the caller: one pass over the tickets_open index */
	S(ST_INCIDENT_COUNTS,
	  "SELECT COUNT(*), COALESCE(SUM(CASE WHEN t.assignee_id = ?1 THEN 1 ELSE 0 END), 0),"
	  " COALESCE(SUM(CASE WHEN t.group_id IN (SELECT m.group_id FROM group_members m WHERE m.user_id = ?1)"
	  " THEN 1 ELSE 0 END), 0),"
	  " COALESCE(SUM(CASE WHEN t.assignee_id IS NULL THEN 1 ELSE 0 END), 0),"
	  " COALESCE(SUM(CASE WHEN t.major = 1 THEN 1 ELSE 0 END), 0),"
	  " COALESCE(SUM(CASE WHEN t.requester_id = ?1 THEN 1 ELSE 0 END), 0)"
	  " FROM tickets t WHERE" OPEN_INCIDENT),
	/* ?1 now + the "soon" window.  The same test as the list's breaching=
	 * filter (TICKET_WHERE ?15), so that the queue's count is its length: a
	 * running clock due by then; a paused one (on hold) is not breaching
	 * even when over its target.  Running clocks are on open tickets only
	 * (sla_sync stops them at resolve, close and cancel). */
	S(ST_INCIDENT_BREACHING,
	  "SELECT COUNT(DISTINCT k.ticket_id) FROM ticket_slas k WHERE k.state = 'running' AND k.due_at <= ?1"
	  " AND " CLOCK_OF_INCIDENT),
	S(ST_INCIDENT_REQUESTED_OPEN,
	  "SELECT COUNT(*) FROM tickets t WHERE t.requester_id = ?1 AND" OPEN_INCIDENT),
	S(ST_CATEGORY_INSERT,
	  "INSERT INTO categories (path, name, parent_id, active, created_at) VALUES (?1, ?2, ?3, 1, ?4) RETURNING id"),
	S(ST_CATEGORY_BY_PATH, "SELECT " CATEGORY_COLS " WHERE c.path = ?1"),
	S(ST_CATEGORY_BY_ID, "SELECT " CATEGORY_COLS " WHERE c.id = ?1"),
	SPG(ST_CATEGORY_LIST, "SELECT " CATEGORY_COLS " WHERE (?1 = 0 OR c.active = 1) ORDER BY c.path",
	    "SELECT " CATEGORY_COLS " WHERE (?1 = 0 OR c.active = 1) ORDER BY c.path COLLATE \"C\""),
	S(ST_CATEGORY_SET_ACTIVE, "UPDATE categories SET active = ?2 WHERE id = ?1"),
	S(ST_CATEGORY_COUNT, "SELECT COUNT(*) FROM categories"),
	S(ST_TEMPLATE_INSERT,
	  "INSERT INTO templates (name, title, description, impact, urgency, category, group_id, active, created_at,"
	  " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING id"),
	S(ST_TEMPLATE_UPDATE,
	  "UPDATE templates SET title = ?2, description = ?3, impact = ?4, urgency = ?5, category = ?6, group_id = ?7,"
	  " active = ?8, updated_at = ?9 WHERE id = ?1"),
	S(ST_TEMPLATE_BY_NAME, "SELECT " TEMPLATE_COLS " WHERE t.name = ?1"),
	SPG(ST_TEMPLATE_LIST, "SELECT " TEMPLATE_COLS " WHERE (?1 = 0 OR t.active = 1) ORDER BY t.name",
	    "SELECT " TEMPLATE_COLS " WHERE (?1 = 0 OR t.active = 1) ORDER BY t.name COLLATE \"C\""),
	/* Fields defined at run time (core/ticket/custom_field.c); choices joined by
	 * newlines. */
	S(ST_CUSTOM_FIELD_INSERT,
	  "INSERT INTO custom_fields (kind, name, label, type, choices, category, position, active, created_at,"
	  " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING id"),
	S(ST_CUSTOM_FIELD_UPDATE,
	  "UPDATE custom_fields SET label = ?2, choices = ?3, category = ?4, position = ?5, active = ?6,"
	  " updated_at = ?7 WHERE id = ?1"),
	S(ST_CUSTOM_FIELD_BY_NAME, "SELECT " CUSTOM_FIELD_COLS " WHERE f.kind = ?1 AND f.name = ?2"),
	SPG(ST_CUSTOM_FIELD_LIST,
	    "SELECT " CUSTOM_FIELD_COLS " WHERE (?1 IS NULL OR f.kind = ?1) AND (?2 = 0 OR f.active = 1)"
	    " ORDER BY f.kind, f.position, f.name",
	    "SELECT " CUSTOM_FIELD_COLS " WHERE (CAST(?1 AS TEXT) IS NULL OR f.kind = ?1) AND (?2 = 0 OR f.active = 1)"
	    " ORDER BY f.kind COLLATE \"C\", f.position, f.name COLLATE \"C\""),
	S(ST_TICKET_VALUE_SET,
	  "INSERT INTO ticket_values (ticket_id, field_id, value) VALUES (?1, ?2, ?3)"
	  " ON CONFLICT (ticket_id, field_id) DO UPDATE SET value = excluded.value"),
	S(ST_TICKET_VALUE_DELETE, "DELETE FROM ticket_values WHERE ticket_id = ?1 AND field_id = ?2"),
	S(ST_MANDATORY_INSERT,
	  "INSERT INTO mandatory_fields (kind, state, field, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id"),
	S(ST_MANDATORY_DELETE, "DELETE FROM mandatory_fields WHERE id = ?1"),
	SPG(ST_MANDATORY_LIST,
	    "SELECT id, kind, state, field, created_at FROM mandatory_fields WHERE (?1 IS NULL OR kind = ?1)"
	    " AND (?2 IS NULL OR state = ?2) ORDER BY kind, state, field",
	    "SELECT id, kind, state, field, created_at FROM mandatory_fields WHERE (CAST(?1 AS TEXT) IS NULL OR kind = ?1)"
	    " AND (CAST(?2 AS TEXT) IS NULL OR state = ?2) ORDER BY kind COLLATE \"C\", state COLLATE \"C\","
	    " field COLLATE \"C\""),
	S(ST_CALENDAR_INSERT,
	  "INSERT INTO calendars (name, timezone, hours, holidays, created_at, updated_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id"),
	S(ST_CALENDAR_UPDATE, "UPDATE calendars SET timezone = ?2, hours = ?3, holidays = ?4, updated_at = ?5 WHERE id = ?1"),
	S(ST_CALENDAR_BY_NAME, "SELECT " CALENDAR_COLS " WHERE name = ?1"),
	S(ST_CALENDAR_BY_ID, "SELECT " CALENDAR_COLS " WHERE id = ?1"),
	SPG(ST_CALENDAR_LIST, "SELECT " CALENDAR_COLS " ORDER BY name", "SELECT " CALENDAR_COLS " ORDER BY name COLLATE \"C\""),
	S(ST_POLICY_INSERT,
	  "INSERT INTO sla_policies (name, position, active, match_kind, match_priority, match_group_id, calendar_id,"
	  " response_seconds, resolution_seconds, created_at, updated_at, match_service_id)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11) RETURNING id"),
	S(ST_POLICY_UPDATE,
	  "UPDATE sla_policies SET position = ?2, active = ?3, match_kind = ?4, match_priority = ?5, match_group_id = ?6,"
	  " calendar_id = ?7, response_seconds = ?8, resolution_seconds = ?9, updated_at = ?10, match_service_id = ?11"
	  " WHERE id = ?1"),
	S(ST_POLICY_BY_NAME, "SELECT " POLICY_COLS " WHERE p.name = ?1"),
	SPG(ST_POLICY_LIST, "SELECT " POLICY_COLS " WHERE (?1 = 0 OR p.active = 1) ORDER BY p.position, p.name",
	    "SELECT " POLICY_COLS " WHERE (?1 = 0 OR p.active = 1) ORDER BY p.position, p.name COLLATE \"C\""),
	S(ST_CLOCK_LIST, "SELECT " CLOCK_COLS " WHERE k.ticket_id = ?1 ORDER BY k.id"),
	S(ST_CLOCK_RUNNING_ON, "SELECT " CLOCK_COLS " WHERE k.calendar_id = ?1 AND k.state = 'running' ORDER BY k.id"),
	S(ST_CLOCK_INSERT,
	  "INSERT INTO ticket_slas (ticket_id, metric, policy_id, calendar_id, target_seconds, elapsed_seconds, state,"
	  " since, due_at, warn_at, warned_at, breached_at, stopped_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id"),
	/* warned_at and breached_at belong to the scheduler (ST_CLOCK_MARK_*):
	 * a request rewriting a clock must not undo a mark made meanwhile */
	S(ST_CLOCK_UPDATE,
	  "UPDATE ticket_slas SET policy_id = ?2, calendar_id = ?3, target_seconds = ?4, elapsed_seconds = ?5,"
	  " state = ?6, since = ?7, due_at = ?8, warn_at = ?9, stopped_at = ?10 WHERE id = ?1"),
	S(ST_CLOCK_DELETE, "DELETE FROM ticket_slas WHERE id = ?1"),
	S(ST_CLOCK_DUE_WARNING,
	  "SELECT " CLOCK_COLS " WHERE k.state = 'running' AND k.warned_at IS NULL AND k.warn_at <= ?1"
	  " ORDER BY k.warn_at, k.id LIMIT ?2"),
	S(ST_CLOCK_DUE_BREACH,
	  "SELECT " CLOCK_COLS " WHERE k.state = 'running' AND k.breached_at IS NULL AND k.due_at < ?1"
	  " ORDER BY k.due_at, k.id LIMIT ?2"),
	/* only if still due: a request may have paused or re-targeted the clock
	 * since the scheduler looked (PostgreSQL re-checks this after a wait) */
	S(ST_CLOCK_MARK_WARNING,
	  "UPDATE ticket_slas SET warned_at = ?2 WHERE id = ?1 AND warned_at IS NULL AND state = 'running'"
	  " AND warn_at <= ?2"),
	S(ST_CLOCK_MARK_BREACH,
	  "UPDATE ticket_slas SET breached_at = ?2 WHERE id = ?1 AND breached_at IS NULL AND state = 'running'"
	  " AND due_at < ?2"),
	/* one scheduler at a time across servers sharing a PostgreSQL database */
	SPG(ST_SCHEDULER_LOCK, "SELECT CASE WHEN ?1 <> 0 THEN 1 ELSE 0 END",
	    "SELECT CASE WHEN pg_try_advisory_xact_lock(CAST(?1 AS BIGINT)) THEN 1 ELSE 0 END"),
	/* reports count archived tickets too: archived IN (0, 1) lets the
	 * (kind, archived, created_at) index serve a period as two ranges */
	S(ST_TICKETS_ARCHIVABLE,
	  "SELECT " TICKET_COLS TICKET_FROM " WHERE t.archived = 0 AND t.phase IN ('closed', 'canceled')"
	  " AND t.closed_at <= ?1 ORDER BY t.closed_at, t.id LIMIT ?2"),
	S(ST_TICKETS_RESOLVED_BEFORE,
	  "SELECT " TICKET_COLS TICKET_FROM " WHERE t.phase = 'resolved' AND t.resolved_at <= ?1"
	  " ORDER BY t.resolved_at, t.id LIMIT ?2"),
	S(ST_ESC_INSERT,
	  "INSERT INTO escalation_rules (name, position, active, event, match_metric, match_priority, action, group_id,"
	  " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING id"),
	S(ST_ESC_UPDATE,
	  "UPDATE escalation_rules SET position = ?2, active = ?3, event = ?4, match_metric = ?5, match_priority = ?6,"
	  " action = ?7, group_id = ?8, updated_at = ?9 WHERE id = ?1"),
	S(ST_ESC_BY_NAME, "SELECT " ESC_COLS " WHERE r.name = ?1"),
	SPG(ST_ESC_LIST, "SELECT " ESC_COLS " WHERE (?1 = 0 OR r.active = 1) ORDER BY r.position, r.name",
	    "SELECT " ESC_COLS " WHERE (?1 = 0 OR r.active = 1) ORDER BY r.position, r.name COLLATE \"C\""),
	S(ST_NRULE_INSERT,
	  "INSERT INTO notification_rules (name, event, recipients, channels, group_id, active, created_at, updated_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id"),
	S(ST_NRULE_UPDATE,
	  "UPDATE notification_rules SET event = ?2, recipients = ?3, channels = ?4, group_id = ?5, active = ?6,"
	  " updated_at = ?7 WHERE id = ?1"),
	S(ST_NRULE_BY_NAME, "SELECT " NRULE_COLS " WHERE r.name = ?1"),
	SPG(ST_NRULE_LIST,
	    "SELECT " NRULE_COLS " WHERE (?1 IS NULL OR r.event = ?1) AND (?2 = 0 OR r.active = 1) ORDER BY r.event, r.name",
	    "SELECT " NRULE_COLS " WHERE (CAST(?1 AS TEXT) IS NULL OR r.event = ?1) AND (?2 = 0 OR r.active = 1)"
	    " ORDER BY r.event COLLATE \"C\", r.name COLLATE \"C\""),
	S(ST_NTEMPLATE_GET, "SELECT event, subject, body, updated_at FROM notification_templates WHERE event = ?1"),
	S(ST_NTEMPLATE_SET, "UPDATE notification_templates SET subject = ?2, body = ?3, updated_at = ?4 WHERE event = ?1"),
	SPG(ST_NTEMPLATE_LIST, "SELECT event, subject, body, updated_at FROM notification_templates ORDER BY event",
	    "SELECT event, subject, body, updated_at FROM notification_templates ORDER BY event COLLATE \"C\""),
	S(ST_GROUP_MEMBER_USERS,
	  "SELECT u.id, u.login, u.name, u.email, u.role, u.active FROM group_members m JOIN users u ON u.id = m.user_id"
	  " WHERE m.group_id = ?1 ORDER BY u.id"),
	S(ST_NOTE_INSERT,
	  "INSERT INTO notifications (user_id, ticket_id, event, channel, subject, body, email_to, state,"
	  " next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id"),
	S(ST_NOTE_INBOX,
	  "SELECT " NOTE_COLS " WHERE n.user_id = ?1 AND n.channel = 'in_app' AND (?2 = 0 OR n.read_at IS NULL)"
	  " AND (?3 = 0 OR n.id < ?3) ORDER BY n.id DESC LIMIT ?4"),
	S(ST_NOTE_UNREAD,
	  "SELECT COUNT(*) FROM notifications WHERE user_id = ?1 AND channel = 'in_app' AND read_at IS NULL"),
	S(ST_NOTE_MARK_READ,
	  "UPDATE notifications SET read_at = ?3 WHERE user_id = ?1 AND channel = 'in_app' AND read_at IS NULL"
	  " AND (?2 = 0 OR id = ?2)"),
	S(ST_NOTE_EXISTS, "SELECT COUNT(*) FROM notifications WHERE user_id = ?1 AND channel = 'in_app' AND id = ?2"),
	SPG(ST_NOTE_OUTBOX,
	    "SELECT " NOTE_COLS " WHERE n.channel = 'email' AND (?1 IS NULL OR n.state = ?1)"
	    " AND (?2 = 0 OR n.id < ?2) ORDER BY n.id DESC LIMIT ?3",
	    "SELECT " NOTE_COLS " WHERE n.channel = 'email' AND (CAST(?1 AS TEXT) IS NULL OR n.state = ?1)"
	    " AND (?2 = 0 OR n.id < ?2) ORDER BY n.id DESC LIMIT ?3"),
	S(ST_NOTE_DUE,
	  "SELECT " NOTE_COLS " WHERE n.state IN ('pending', 'sending') AND n.next_attempt_at <= ?1"
	  " ORDER BY n.next_attempt_at, n.id LIMIT ?2"),
	S(ST_NOTE_CLAIM,
	  "UPDATE notifications SET state = 'sending', next_attempt_at = ?4"
	  " WHERE id = ?1 AND state = ?2 AND next_attempt_at = ?3"),
	/* only while our claim (?7, its lease) still holds */
	S(ST_NOTE_DELIVERY,
	  "UPDATE notifications SET state = ?2, attempts = ?3, next_attempt_at = ?4, last_error = ?5, sent_at = ?6"
	  " WHERE id = ?1 AND state = 'sending' AND next_attempt_at = ?7"),
	S(ST_VERIFY_COUNT_NOTIFICATIONS, "SELECT COUNT(*) FROM notifications"),
	S(ST_CLASS_INSERT,
	  "INSERT INTO ci_classes (name, parent_id, description, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)"
	  " RETURNING id"),
	S(ST_CLASS_UPDATE, "UPDATE ci_classes SET description = ?2, updated_at = ?3 WHERE id = ?1"),
	S(ST_CLASS_BY_NAME, "SELECT " CLASS_COLS " WHERE c.name = ?1"),
	S(ST_CLASS_BY_ID, "SELECT " CLASS_COLS " WHERE c.id = ?1"),
	SPG(ST_CLASS_LIST, "SELECT " CLASS_COLS " ORDER BY c.name", "SELECT " CLASS_COLS " ORDER BY c.name COLLATE \"C\""),
	S(ST_CLASS_ATTRS,
	  "SELECT a.name, a.type, a.required, a.unique_, a.choices, a.ref_class_id, r.name, a.class_id, c.name"
	  " FROM ci_class_attributes a JOIN ci_classes c ON c.id = a.class_id"
	  " LEFT JOIN ci_classes r ON r.id = a.ref_class_id WHERE a.class_id = ?1 ORDER BY a.position"),
	S(ST_CLASS_ATTRS_DELETE, "DELETE FROM ci_class_attributes WHERE class_id = ?1"),
	S(ST_CLASS_ATTR_INSERT,
	  "INSERT INTO ci_class_attributes (class_id, name, type, required, unique_, choices, ref_class_id, position)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
	S(ST_CI_INSERT,
	  "INSERT INTO cis (name, class_id, status, environment, location, external_id, owner_id, group_id, created_at,"
	  " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING id"),
	S(ST_CI_UPDATE,
	  "UPDATE cis SET name = ?2, class_id = ?3, status = ?4, environment = ?5, location = ?6, external_id = ?7,"
	  " owner_id = ?8, group_id = ?9, updated_at = ?10, version = version + 1 WHERE id = ?1 AND version = ?11"),
	S(ST_CI_BY_ID, "SELECT " CI_COLS " WHERE c.id = ?1"),
	SPG(ST_CI_LIST,
	    "WITH RECURSIVE sub(id) AS (SELECT id FROM ci_classes WHERE name = ?1"
	    " UNION SELECT k.id FROM ci_classes k JOIN sub ON k.parent_id = sub.id)"
	    " SELECT " CI_COLS " WHERE (?1 IS NULL OR c.class_id IN (SELECT id FROM sub)) AND (?2 IS NULL OR c.status = ?2)"
	    " AND (?3 IS NULL OR lower(c.name) LIKE ?3 ESCAPE '\\') AND c.id > ?4 ORDER BY c.id LIMIT ?5",
	    "WITH RECURSIVE sub(id) AS (SELECT id FROM ci_classes WHERE name = CAST(?1 AS TEXT)"
	    " UNION SELECT k.id FROM ci_classes k JOIN sub ON k.parent_id = sub.id)"
	    " SELECT " CI_COLS " WHERE (CAST(?1 AS TEXT) IS NULL OR c.class_id IN (SELECT id FROM sub))"
	    " AND (CAST(?2 AS TEXT) IS NULL OR c.status = ?2)"
	    " AND (CAST(?3 AS TEXT) IS NULL OR lower(c.name) LIKE ?3 ESCAPE '\\') AND c.id > ?4 ORDER BY c.id LIMIT ?5"),
	S(ST_CI_ATTRS, "SELECT name, value FROM ci_attributes WHERE ci_id = ?1 ORDER BY name"),
	S(ST_CI_ATTRS_DELETE, "DELETE FROM ci_attributes WHERE ci_id = ?1"),
	S(ST_CI_ATTR_INSERT, "INSERT INTO ci_attributes (ci_id, name, value) VALUES (?1, ?2, ?3)"),
	S(ST_CI_UNIQUE_OWNER,
	  "SELECT COALESCE(MAX(ci_id), 0) FROM ci_unique_values WHERE class_id = ?1 AND name = ?2 AND value = ?3"),
	S(ST_CI_UNIQUE_DELETE, "DELETE FROM ci_unique_values WHERE ci_id = ?1"),
	S(ST_CI_UNIQUE_INSERT, "INSERT INTO ci_unique_values (class_id, name, value, ci_id) VALUES (?1, ?2, ?3, ?4)"),
	S(ST_REL_INSERT,
	  "INSERT INTO ci_relations (from_id, type, to_id, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id"),
	S(ST_REL_DELETE, "DELETE FROM ci_relations WHERE id = ?1"),
	S(ST_REL_BY_ID, "SELECT " REL_COLS " WHERE r.id = ?1"),
	S(ST_REL_OF_CI, "SELECT " REL_COLS " WHERE r.from_id = ?1 OR r.to_id = ?1 ORDER BY r.id"),
	S(ST_WALK_CI_UP,
	  "SELECT r.from_id, c.name, r.type, r.to_id FROM ci_relations r JOIN cis c ON c.id = r.from_id"
	  " WHERE r.to_id IN " WALK_IDS " ORDER BY r.to_id, r.from_id"),
	S(ST_WALK_CI_DOWN,
	  "SELECT r.to_id, c.name, r.type, r.from_id FROM ci_relations r JOIN cis c ON c.id = r.to_id"
	  " WHERE r.from_id IN " WALK_IDS " ORDER BY r.from_id, r.to_id"),
	S(ST_WALK_SERVICES_OF_CIS,
	  "SELECT s.id, s.name, 'depends_on', sc.ci_id FROM service_cis sc JOIN services s ON s.id = sc.service_id"
	  " WHERE sc.ci_id IN " WALK_IDS " ORDER BY sc.ci_id, s.id"),
	S(ST_WALK_CIS_OF_SERVICES,
	  "SELECT c.id, c.name, 'depends_on', sc.service_id FROM service_cis sc JOIN cis c ON c.id = sc.ci_id"
	  " WHERE sc.service_id IN " WALK_IDS " ORDER BY sc.service_id, c.id"),
	S(ST_WALK_SERVICES_UP,
	  "SELECT d.service_id, s.name, 'depends_on', d.depends_on_id FROM service_dependencies d"
	  " JOIN services s ON s.id = d.service_id WHERE d.depends_on_id IN " WALK_IDS " ORDER BY d.depends_on_id, s.id"),
	S(ST_WALK_SERVICES_DOWN,
	  "SELECT d.depends_on_id, s.name, 'depends_on', d.service_id FROM service_dependencies d"
	  " JOIN services s ON s.id = d.depends_on_id WHERE d.service_id IN " WALK_IDS " ORDER BY d.service_id, s.id"),
	S(ST_WALK_OBJECTIVES,
	  "SELECT o.id, o.name, 'serves', so.service_id FROM service_objectives so JOIN objectives o ON o.id = so.objective_id"
	  " WHERE so.service_id IN " WALK_IDS " ORDER BY so.service_id, o.id"),
	S(ST_OBJ_INSERT,
	  "INSERT INTO objectives (name, description, measure, target, owner_id, created_at, updated_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id"),
	S(ST_OBJ_UPDATE,
	  "UPDATE objectives SET description = ?2, measure = ?3, target = ?4, owner_id = ?5, updated_at = ?6 WHERE id = ?1"),
	S(ST_OBJ_BY_ID, "SELECT " OBJ_COLS " WHERE o.id = ?1"),
	S(ST_OBJ_BY_NAME, "SELECT " OBJ_COLS " WHERE o.name = ?1"),
	SPG(ST_OBJ_LIST, "SELECT " OBJ_COLS " ORDER BY o.name", "SELECT " OBJ_COLS " ORDER BY o.name COLLATE \"C\""),
	S(ST_SVC_INSERT,
	  "INSERT INTO services (name, description, kind, status, owner_id, group_id, sla_policy_id, criticality,"
	  " annual_cost, cost_centre, risk, risk_notes, availability_target, links, created_at, updated_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15) RETURNING id"),
	S(ST_SVC_UPDATE,
	  "UPDATE services SET description = ?2, kind = ?3, status = ?4, owner_id = ?5, group_id = ?6,"
	  " sla_policy_id = ?7, criticality = ?8, annual_cost = ?9, cost_centre = ?10, risk = ?11, risk_notes = ?12,"
	  " availability_target = ?13, links = ?14, updated_at = ?15 WHERE id = ?1"),
	S(ST_SVC_BY_ID, "SELECT " SVC_COLS " WHERE s.id = ?1"),
	S(ST_SVC_BY_NAME, "SELECT " SVC_COLS " WHERE s.name = ?1"),
	SPG(ST_SVC_LIST,
	    "SELECT " SVC_COLS " WHERE (?1 IS NULL OR s.status = ?1) AND (?2 IS NULL OR u.login = ?2)"
	    " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM service_objectives so JOIN objectives o ON o.id = so.objective_id"
	    " WHERE so.service_id = s.id AND o.name = ?3)) AND s.id > ?4 ORDER BY s.id LIMIT ?5",
	    "SELECT " SVC_COLS " WHERE (CAST(?1 AS TEXT) IS NULL OR s.status = ?1) AND (CAST(?2 AS TEXT) IS NULL OR u.login = ?2)"
	    " AND (CAST(?3 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM service_objectives so JOIN objectives o"
	    " ON o.id = so.objective_id WHERE so.service_id = s.id AND o.name = ?3)) AND s.id > ?4 ORDER BY s.id LIMIT ?5"),
	S(ST_SVC_OUTAGES,
	  "SELECT number, outage_start, outage_end FROM tickets WHERE service_id = ?1 AND outage_start IS NOT NULL"
	  " AND outage_start < ?3 AND (outage_end IS NULL OR outage_end > ?2) ORDER BY outage_start, id LIMIT ?4"),
	S(ST_SVC_OBJ_DELETE, "DELETE FROM service_objectives WHERE service_id = ?1"),
	S(ST_SVC_OBJ_INSERT, "INSERT INTO service_objectives (service_id, objective_id) VALUES (?1, ?2)"),
	S(ST_SVC_OBJ_NAMES,
	  "SELECT o.name FROM service_objectives so JOIN objectives o ON o.id = so.objective_id WHERE so.service_id = ?1"
	  " ORDER BY o.id"),
	S(ST_SVC_DEP_DELETE, "DELETE FROM service_dependencies WHERE service_id = ?1"),
	S(ST_SVC_DEP_INSERT, "INSERT INTO service_dependencies (service_id, depends_on_id) VALUES (?1, ?2)"),
	S(ST_SVC_DEP_NAMES,
	  "SELECT s.name FROM service_dependencies d JOIN services s ON s.id = d.depends_on_id WHERE d.service_id = ?1"
	  " ORDER BY s.id"),
	S(ST_SVC_CI_DELETE, "DELETE FROM service_cis WHERE service_id = ?1"),
	S(ST_SVC_CI_INSERT, "INSERT INTO service_cis (service_id, ci_id) VALUES (?1, ?2)"),
	S(ST_SVC_CI_IDS, "SELECT ci_id FROM service_cis WHERE service_id = ?1 ORDER BY ci_id"),
	S(ST_VERIFY_COUNT_CIS, "SELECT COUNT(*) FROM cis"),
	S(ST_VERIFY_COUNT_RELATIONS, "SELECT COUNT(*) FROM ci_relations"),
	S(ST_VERIFY_COUNT_SERVICES, "SELECT COUNT(*) FROM services"),
	S(ST_VERIFY_COUNT_OBJECTIVES, "SELECT COUNT(*) FROM objectives"),
	S(ST_VERIFY_COUNT_CLASSES, "SELECT COUNT(*) FROM ci_classes"),
	S(ST_SAVEPOINT, "SAVEPOINT sw"),
	S(ST_SAVEPOINT_RELEASE, "RELEASE SAVEPOINT sw"),
	S(ST_SAVEPOINT_ROLLBACK, "ROLLBACK TO SAVEPOINT sw"),
	S(ST_REL_EXPORT,
	  "SELECT r.id, r.from_id, f.external_id, r.type, r.to_id, t.external_id, r.created_at FROM ci_relations r"
	  " JOIN cis f ON f.id = r.from_id JOIN cis t ON t.id = r.to_id WHERE r.id > ?1 ORDER BY r.id LIMIT ?2"),
	S(ST_CI_BY_EXTERNAL_ID, "SELECT c.id FROM cis c WHERE c.external_id = ?1"),
	LIST_TEXT(ST_TICKET_LIST_CREATED_DESC_TEXT, "created_at", "<", "DESC"),
	LIST_TEXT(ST_TICKET_LIST_CREATED_ASC_TEXT, "created_at", ">", "ASC"),
	LIST_TEXT(ST_TICKET_LIST_UPDATED_DESC_TEXT, "updated_at", "<", "DESC"),
	LIST_TEXT(ST_TICKET_LIST_UPDATED_ASC_TEXT, "updated_at", ">", "ASC"),
	LIST_TEXT(ST_TICKET_LIST_PRIORITY_DESC_TEXT, "priority", "<", "DESC"),
	LIST_TEXT(ST_TICKET_LIST_PRIORITY_ASC_TEXT, "priority", ">", "ASC"),
	/* matches of full-text query ?1, counted up to ?2 (where there are no id
	 * sets: PostgreSQL; SQLite reads them into one, ST_TICKET_SEARCH_IDS) */
	SPG(ST_TICKET_SEARCH_COUNT,
	    "SELECT COUNT(*) FROM (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?1 LIMIT ?2)",
	    "SELECT COUNT(*) FROM (SELECT 1 FROM ticket_search WHERE doc @@ to_tsquery('simple', ?1) LIMIT ?2) m"),
	/* SQLite only (db_has_idset): every match of full-text query ?1 into the
	 * empty id set ?2; 0, or -1 when the set would be too large.  FTS5
	 * gives its matches in ascending rowid order (the set insists on it);
	 * a subquery with ORDER BY rowid says the same but doubles the cost. */
	S(ST_TICKET_SEARCH_IDS,
	  "SELECT steward_idset_fill(?2, rowid) FROM ticket_search WHERE ticket_search MATCH ?1"),
	LIST_IDLIST(ST_TICKET_LIST_CREATED_DESC_IDLIST, "created_at", "<", "DESC"),
	LIST_IDLIST(ST_TICKET_LIST_CREATED_ASC_IDLIST, "created_at", ">", "ASC"),
	LIST_IDLIST(ST_TICKET_LIST_UPDATED_DESC_IDLIST, "updated_at", "<", "DESC"),
	LIST_IDLIST(ST_TICKET_LIST_UPDATED_ASC_IDLIST, "updated_at", ">", "ASC"),
	LIST_IDLIST(ST_TICKET_LIST_PRIORITY_DESC_IDLIST, "priority", "<", "DESC"),
	LIST_IDLIST(ST_TICKET_LIST_PRIORITY_ASC_IDLIST, "priority", ">", "ASC"),
	LIST_IDS(ST_TICKET_LIST_CREATED_DESC_IDS, "created_at", "<", "DESC", ""),
	LIST_IDS(ST_TICKET_LIST_CREATED_DESC_IDS_STATE, "created_at", "<", "DESC", LEAD_STATE),
	LIST_IDS(ST_TICKET_LIST_CREATED_DESC_IDS_ASSIGNEE, "created_at", "<", "DESC", LEAD_ASSIGNEE),
	LIST_IDS(ST_TICKET_LIST_CREATED_DESC_IDS_GROUP, "created_at", "<", "DESC", LEAD_GROUP),
	LIST_IDS(ST_TICKET_LIST_CREATED_DESC_IDS_REQUESTER, "created_at", "<", "DESC", LEAD_REQUESTER),
	LIST_IDS(ST_TICKET_LIST_CREATED_DESC_IDS_PRIORITY, "created_at", "<", "DESC", LEAD_PRIORITY),
	LIST_IDS(ST_TICKET_LIST_CREATED_ASC_IDS, "created_at", ">", "ASC", ""),
	LIST_IDS(ST_TICKET_LIST_CREATED_ASC_IDS_STATE, "created_at", ">", "ASC", LEAD_STATE),
	LIST_IDS(ST_TICKET_LIST_CREATED_ASC_IDS_ASSIGNEE, "created_at", ">", "ASC", LEAD_ASSIGNEE),
	LIST_IDS(ST_TICKET_LIST_CREATED_ASC_IDS_GROUP, "created_at", ">", "ASC", LEAD_GROUP),
	LIST_IDS(ST_TICKET_LIST_CREATED_ASC_IDS_REQUESTER, "created_at", ">", "ASC", LEAD_REQUESTER),
	LIST_IDS(ST_TICKET_LIST_CREATED_ASC_IDS_PRIORITY, "created_at", ">", "ASC", LEAD_PRIORITY),
	LIST_IDS(ST_TICKET_LIST_UPDATED_DESC_IDS, "updated_at", "<", "DESC", ""),
	LIST_IDS(ST_TICKET_LIST_UPDATED_DESC_IDS_STATE, "updated_at", "<", "DESC", LEAD_STATE),
	LIST_IDS(ST_TICKET_LIST_UPDATED_DESC_IDS_ASSIGNEE, "updated_at", "<", "DESC", LEAD_ASSIGNEE),
	LIST_IDS(ST_TICKET_LIST_UPDATED_DESC_IDS_GROUP, "updated_at", "<", "DESC", LEAD_GROUP),
	LIST_IDS(ST_TICKET_LIST_UPDATED_DESC_IDS_REQUESTER, "updated_at", "<", "DESC", LEAD_REQUESTER),
	LIST_IDS(ST_TICKET_LIST_UPDATED_DESC_IDS_PRIORITY, "updated_at", "<", "DESC", LEAD_PRIORITY),
	LIST_IDS(ST_TICKET_LIST_UPDATED_ASC_IDS, "updated_at", ">", "ASC", ""),
	LIST_IDS(ST_TICKET_LIST_UPDATED_ASC_IDS_STATE, "updated_at", ">", "ASC", LEAD_STATE),
	LIST_IDS(ST_TICKET_LIST_UPDATED_ASC_IDS_ASSIGNEE, "updated_at", ">", "ASC", LEAD_ASSIGNEE),
	LIST_IDS(ST_TICKET_LIST_UPDATED_ASC_IDS_GROUP, "updated_at", ">", "ASC", LEAD_GROUP),
	LIST_IDS(ST_TICKET_LIST_UPDATED_ASC_IDS_REQUESTER, "updated_at", ">", "ASC", LEAD_REQUESTER),
	LIST_IDS(ST_TICKET_LIST_UPDATED_ASC_IDS_PRIORITY, "updated_at", ">", "ASC", LEAD_PRIORITY),
	LIST_IDS(ST_TICKET_LIST_PRIORITY_DESC_IDS, "priority", "<", "DESC", ""),
	LIST_IDS(ST_TICKET_LIST_PRIORITY_DESC_IDS_STATE, "priority", "<", "DESC", LEAD_STATE),
	LIST_IDS(ST_TICKET_LIST_PRIORITY_DESC_IDS_ASSIGNEE, "priority", "<", "DESC", LEAD_ASSIGNEE),
	LIST_IDS(ST_TICKET_LIST_PRIORITY_DESC_IDS_GROUP, "priority", "<", "DESC", LEAD_GROUP),
	LIST_IDS(ST_TICKET_LIST_PRIORITY_DESC_IDS_REQUESTER, "priority", "<", "DESC", LEAD_REQUESTER),
	LIST_IDS(ST_TICKET_LIST_PRIORITY_DESC_IDS_PRIORITY, "priority", "<", "DESC", LEAD_PRIORITY),
	LIST_IDS(ST_TICKET_LIST_PRIORITY_ASC_IDS, "priority", ">", "ASC", ""),
	LIST_IDS(ST_TICKET_LIST_PRIORITY_ASC_IDS_STATE, "priority", ">", "ASC", LEAD_STATE),
	LIST_IDS(ST_TICKET_LIST_PRIORITY_ASC_IDS_ASSIGNEE, "priority", ">", "ASC", LEAD_ASSIGNEE),
	LIST_IDS(ST_TICKET_LIST_PRIORITY_ASC_IDS_GROUP, "priority", ">", "ASC", LEAD_GROUP),
	LIST_IDS(ST_TICKET_LIST_PRIORITY_ASC_IDS_REQUESTER, "priority", ">", "ASC", LEAD_REQUESTER),
	LIST_IDS(ST_TICKET_LIST_PRIORITY_ASC_IDS_PRIORITY, "priority", ">", "ASC", LEAD_PRIORITY),
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
	S(ST_ANALYZE, "ANALYZE"),
};
/* clang-format on */

int catalog_param_count(const char *sql)
{
	int max = 0;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'') { /* skip string literals */
			for (p++; *p && *p != '\''; p++)
				;
			if (!*p)
				break;
			continue;
		}
		if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
			int n = 0;
			while (p[1] >= '0' && p[1] <= '9' && n < 1000)
				n = n * 10 + (*++p - '0');
			if (n > max)
				max = n;
		}
	}
	return max;
}

static bool uses_all(const char *sql, int n)
{
	for (int i = 1; i <= n; i++) {
		char tok[16];
		snprintf(tok, sizeof(tok), "?%d", i);
		const char *p = sql;
		bool found = false;
		while ((p = strstr(p, tok)) != NULL) {
			char next = p[strlen(tok)];
			if (next < '0' || next > '9') {
				found = true;
				break;
			}
			p++;
		}
		if (!found)
			return false;
	}
	return true;
}

enum sw_err catalog_check(struct sw_error *err)
{
	for (int i = 0; i < ST__COUNT; i++) {
		const struct db_stmt *st = &catalog[i];
		if (st->id != i || !st->sql || !st->name)
			return sw_fail(err, SW_EINTERNAL, NULL, "statement catalog entry %d is missing", i);
		int n = catalog_param_count(st->sql);
		if (n > DB_PARAMS_MAX)
			return sw_fail(err, SW_EINTERNAL, NULL, "statement '%s' takes more than %d parameters",
				       st->name, DB_PARAMS_MAX);
		if (!uses_all(st->sql, n))
			return sw_fail(err, SW_EINTERNAL, NULL, "statement '%s' skips a placeholder", st->name);
		if (st->sql_pg && catalog_param_count(st->sql_pg) != n)
			return sw_fail(err, SW_EINTERNAL, NULL,
				       "statement '%s' has different parameter counts per backend", st->name);
	}
	return SW_OK;
}
