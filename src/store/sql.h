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
/* The same with more after the order (a LIMIT). */
#define S_ORDERED_THEN(id_, sql_, then_) SPG(id_, sql_ then_, sql_ " COLLATE \"C\"" then_)
/* The statements of a record's services, rows (owner_, service_id) of
 * link table table_ (alias a_): delete the owner's (?1), insert one (?1,
 * ?2), read the owner's (?1) and everyone's as (owner, service id, name)
 * in name order (store_int.h: store_link_cols, store_replace_ids). */
#define S_SERVICE_LINKS(delete_, insert_, of_, all_, table_, a_, owner_)                                               \
	S(delete_, "DELETE FROM " table_ " WHERE " owner_ " = ?1"),                                                    \
		S(insert_, "INSERT INTO " table_ " (" owner_ ", service_id) VALUES (?1, ?2)"),                         \
		S_ORDERED(of_, SQL_LINKS_(table_, a_, owner_) " WHERE " a_ "." owner_ " = ?1 ORDER BY s.name"),        \
		S_ORDERED_THEN(all_, SQL_LINKS_(table_, a_, owner_) " ORDER BY " a_ "." owner_ ", s.name",             \
			       " LIMIT 50000")
#define SQL_LINKS_(table_, a_, owner_)                                                                                 \
	"SELECT " a_ "." owner_ ", s.id, s.name FROM " table_ " " a_ " JOIN services s ON s.id = " a_ ".service_id"

/*
 * A named record's insert and update (ids ins_ and upd_ of table_), both
 * written from one list of the columns after its name, with updated_at
 * where the save's time goes:
 *   S_WRITES(ins, upd, "t", a, b, updated_at, c) is
 *   ins: INSERT INTO t (name, a, b, created_at, updated_at, c)
 *        VALUES (?1, ?2, ?3, ?4, ?4, ?5) RETURNING id
 *   upd: UPDATE t SET a = ?2, b = ?3, updated_at = ?4, c = ?5 WHERE id = ?1
 * so that the two number every column alike, as a save's one argument list
 * binds them (store_int.h: STORE_SAVE, the name or the id first, then the
 * record's argument table).  1 to 16 columns, each a bare name.
 */
#define S_WRITES(ins_, upd_, table_, ...)                                                                              \
	S(ins_, SQL_INSERT_(table_, __VA_ARGS__)), S(upd_, SQL_UPDATE_(table_, __VA_ARGS__))
#define SQL_INSERT_(t, ...)                                                                                            \
	"INSERT INTO " t " (name" SQL_EACH_(SQL_INS_COL_, SQL_INS_COL_, __VA_ARGS__) ") VALUES (?1" SQL_EACH_(         \
		SQL_INS_ARG_, SQL_INS_ARG_, __VA_ARGS__) ") RETURNING id"
#define SQL_UPDATE_(t, ...) "UPDATE " t " SET " SQL_EACH_(SQL_SET1_, SQL_SET_, __VA_ARGS__) " WHERE id = ?1"

/* An insert's column and argument, and an update's assignment (the first
 * one without the comma), of column c numbered ?n; updated_at inserts
 * created_at too, both from ?n. */
#define SQL_INS_COL_(n, c) SQL_IF_STAMP_(c, ", created_at, updated_at", ", " #c)
#define SQL_INS_ARG_(n, c) SQL_IF_STAMP_(c, ", ?" #n ", ?" #n, ", ?" #n)
#define SQL_SET1_(n, c) #c " = ?" #n
#define SQL_SET_(n, c) ", " #c " = ?" #n
/* t when c is updated_at, else f */
#define SQL_IF_STAMP_(c, t, f) SQL_CAT_(SQL_IF_, SQL_SECOND_(SQL_STAMP_##c, 0, -))(t, f)
#define SQL_STAMP_updated_at -, 1
#define SQL_SECOND_(...) SQL_SECOND2_(__VA_ARGS__)
#define SQL_SECOND2_(a, b, ...) b
#define SQL_CAT_(a, b) SQL_CAT2_(a, b)
#define SQL_CAT2_(a, b) a##b
#define SQL_IF_0(t, f) f
#define SQL_IF_1(t, f) t

/* SQL_EACH_(m1, m, x1, ..., xn): m1(2, x1) m(3, x2) ... m(n + 1, xn), for
 * 1 to 16 names: each name with the number of its argument. */
#define SQL_EACH_(m1, m, ...)                                                                                          \
	SQL_NTH_(__VA_ARGS__, SQL_EACH16_, SQL_EACH15_, SQL_EACH14_, SQL_EACH13_, SQL_EACH12_, SQL_EACH11_,            \
		 SQL_EACH10_, SQL_EACH9_, SQL_EACH8_, SQL_EACH7_, SQL_EACH6_, SQL_EACH5_, SQL_EACH4_, SQL_EACH3_,      \
		 SQL_EACH2_, SQL_EACH1_, -)                                                                            \
	(m1, m, __VA_ARGS__)
#define SQL_NTH_(x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15, x16, nth, ...) nth
#define SQL_EACH1_(m1, m, x1) m1(2, x1)
#define SQL_EACH2_(m1, m, x1, x2) SQL_EACH1_(m1, m, x1) m(3, x2)
#define SQL_EACH3_(m1, m, x1, x2, x3) SQL_EACH2_(m1, m, x1, x2) m(4, x3)
#define SQL_EACH4_(m1, m, x1, x2, x3, x4) SQL_EACH3_(m1, m, x1, x2, x3) m(5, x4)
#define SQL_EACH5_(m1, m, x1, x2, x3, x4, x5) SQL_EACH4_(m1, m, x1, x2, x3, x4) m(6, x5)
#define SQL_EACH6_(m1, m, x1, x2, x3, x4, x5, x6) SQL_EACH5_(m1, m, x1, x2, x3, x4, x5) m(7, x6)
#define SQL_EACH7_(m1, m, x1, x2, x3, x4, x5, x6, x7) SQL_EACH6_(m1, m, x1, x2, x3, x4, x5, x6) m(8, x7)
#define SQL_EACH8_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8) SQL_EACH7_(m1, m, x1, x2, x3, x4, x5, x6, x7) m(9, x8)
#define SQL_EACH9_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8, x9)                                                          \
	SQL_EACH8_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8) m(10, x9)
#define SQL_EACH10_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10)                                                    \
	SQL_EACH9_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8, x9) m(11, x10)
#define SQL_EACH11_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11)                                               \
	SQL_EACH10_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10) m(12, x11)
#define SQL_EACH12_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12)                                          \
	SQL_EACH11_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11) m(13, x12)
#define SQL_EACH13_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13)                                     \
	SQL_EACH12_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12) m(14, x13)
#define SQL_EACH14_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14)                                \
	SQL_EACH13_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13) m(15, x14)
#define SQL_EACH15_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15)                           \
	SQL_EACH14_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14) m(16, x15)
#define SQL_EACH16_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15, x16)                      \
	SQL_EACH15_(m1, m, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15) m(17, x16)

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
