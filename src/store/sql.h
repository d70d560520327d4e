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

#endif
