/*
 * sql.h — what every statement table (store/<aggregate>_sql.c) uses: the entry
 * macros, which place a statement at its id less the file's SQL_BASE, and
 * the SQL fragments more than one aggregate reads (column lists, the
 * ticket filters).  Include it only from the statement tables.
 */
#ifndef SW_STORE_SQL_H
#define SW_STORE_SQL_H

#define S(id_, sql_) [(id_)-SQL_BASE] = {.id = id_, .name = #id_, .sql = sql_, .sql_pg = NULL}
#define SPG(id_, sql_, pg_) [(id_)-SQL_BASE] = {.id = id_, .name = #id_, .sql = sql_, .sql_pg = pg_}

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

#endif
