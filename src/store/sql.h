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
/* The row a key names: SELECT cols_ WHERE key_ = ?1 (cols_ with its FROM). */
#define S_BY(id_, cols_, key_) S(id_, "SELECT " cols_ " WHERE " key_ " = ?1")
/* The same with the columns PostgreSQL reads (cols_pg_) written apart. */
#define S_BY_PG(id_, cols_, cols_pg_, key_)                                                                            \
	SPG(id_, "SELECT " cols_ " WHERE " key_ " = ?1", "SELECT " cols_pg_ " WHERE " key_ " = ?1")
/* A statement whose last order is by text: PostgreSQL sorts that text by
 * its bytes (COLLATE "C"), as SQLite does, so both answer in one order. */
#define S_ORDERED(id_, sql_) SPG(id_, sql_, sql_ " COLLATE \"C\"")

/* A user's columns (store_read_user reads them), of users u. */
#define USER_COLS                                                                                                      \
	"u.id, u.login, u.name, u.email, u.timezone, u.role, u.password_hash, u.active, u.created_at, u.updated_at,"   \
	" u.expires_at"

/* An SLA clock k over its target: marked by the scheduler, or more
 * elapsed than the target (reports and KPIs). */
#define CLOCK_OVER "(k.breached_at IS NOT NULL OR k.elapsed_seconds > k.target_seconds)"

/* SQL text shared by the KPIs' statements (kpi_sql.c, measure_sql.c). */
/* The KPI filters on the row of alias a: a service, a group, a priority
 * (parameters s, g and p; NULL for any). */
#define KPI_FILTERS(a, s, g, p)                                                                                        \
	" AND (CAST(?" #s " AS BIGINT) IS NULL OR " a ".service_id = ?" #s ")"                                         \
	" AND (CAST(?" #g " AS BIGINT) IS NULL OR " a ".group_id = ?" #g ")"                                           \
	" AND (CAST(?" #p " AS BIGINT) IS NULL OR " a ".priority = ?" #p ")"

/* count and sum of a span of seconds over the tickets t that w selects */
#define KPI_COUNT_SUM(span_, w) "SELECT COUNT(*), CAST(COALESCE(SUM(" span_ "), 0) AS BIGINT) FROM tickets t WHERE " w

#endif
