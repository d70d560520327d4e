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
	S_WRITES(ST_ATPL_INSERT, ST_ATPL_UPDATE, "article_templates", description, kind, audience, category, body,
		 position, active, updated_at),
	S_BY(ST_ATPL_BY_NAME, ATPL_COLS, "name"),
	S_ORDERED(ST_ATPL_LIST, "SELECT " ATPL_COLS " ORDER BY position, name"),
	S_ORDERED(ST_ATPL_ACTIVE, "SELECT " ATPL_COLS " WHERE active = 1 ORDER BY position, name"),
};
/* clang-format on */
