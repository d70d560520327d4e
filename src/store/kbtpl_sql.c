/*
 * kbtpl_sql.c — the SQL of knowledge article templates (repo_kbtpl.c).
 * Columns are listed explicitly so that the repository reads them by
 * position; ATPL_COLS and its column table must agree.  See kbtpl_sql.h
 * and catalog.h.
 */
#include "store/kbtpl_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_KBTPL

#define ATPL_COLS                                                                                                      \
	"id, name, description, kind, audience, category, body, position, active, created_at, updated_at"              \
	" FROM article_templates"

/* clang-format off */
const struct db_stmt kbtpl_sql[ST_KBTPL__END - ST_BASE_KBTPL] = {
	S(ST_ATPL_INSERT,
	  "INSERT INTO article_templates (name, description, kind, audience, category, body, position, active,"
	  " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING id"),
	S(ST_ATPL_UPDATE,
	  "UPDATE article_templates SET description = ?2, kind = ?3, audience = ?4, category = ?5, body = ?6,"
	  " position = ?7, active = ?8, updated_at = ?9 WHERE id = ?1"),
	S_BY(ST_ATPL_BY_NAME, ATPL_COLS, "name"),
	S_ORDERED(ST_ATPL_LIST, "SELECT " ATPL_COLS " ORDER BY position, name"),
	S_ORDERED(ST_ATPL_ACTIVE, "SELECT " ATPL_COLS " WHERE active = 1 ORDER BY position, name"),
};
/* clang-format on */
