/*
 * config_sql.c — the SQL of the category tree and incident templates
 * (repo_config.c). Columns are listed explicitly so that the repository
 * reads them by position; the *_COLS macros and its readers must agree.  See
 * catalog.h.
 */
#include "store/config_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_CONFIG

#define CATEGORY_COLS                                                                                                  \
	"c.id, c.path, c.name, p.path, c.active, c.created_at FROM categories c"                                       \
	" LEFT JOIN categories p ON p.id = c.parent_id"

#define TEMPLATE_COLS                                                                                                  \
	"t.id, t.name, t.title, t.description, t.impact, t.urgency, t.category, t.group_id, g.name, t.active,"         \
	" t.created_at, t.updated_at FROM templates t LEFT JOIN groups_ g ON g.id = t.group_id"

#define CAUSE_COLS "id, name, label, position, active, created_at, updated_at"

/* clang-format off */
const struct db_stmt config_sql[ST_CONFIG__END - ST_BASE_CONFIG] = {
	S(ST_CATEGORY_INSERT,
	  "INSERT INTO categories (path, name, parent_id, active, created_at) VALUES (?1, ?2, ?3, 1, ?4) RETURNING id"),
	S_BY(ST_CATEGORY_BY_PATH, CATEGORY_COLS, "c.path"),
	S_BY(ST_CATEGORY_BY_ID, CATEGORY_COLS, "c.id"),
	S_ORDERED(ST_CATEGORY_LIST, "SELECT " CATEGORY_COLS " WHERE (?1 = 0 OR c.active = 1) ORDER BY c.path"),
	S(ST_CATEGORY_SET_ACTIVE, "UPDATE categories SET active = ?2 WHERE id = ?1"),
	S(ST_CATEGORY_COUNT, "SELECT COUNT(*) FROM categories"),
	S_WRITES(ST_TEMPLATE_INSERT, ST_TEMPLATE_UPDATE, "templates", title, description, impact, urgency, category,
		 group_id, active, updated_at),
	S_BY(ST_TEMPLATE_BY_NAME, TEMPLATE_COLS, "t.name"),
	S_ORDERED(ST_TEMPLATE_LIST, "SELECT " TEMPLATE_COLS " WHERE (?1 = 0 OR t.active = 1) ORDER BY t.name"),
	S_WRITES(ST_CAUSE_CATEGORY_INSERT, ST_CAUSE_CATEGORY_UPDATE, "cause_categories", label, position, active,
		 updated_at),
	S_BY(ST_CAUSE_CATEGORY_BY_NAME, CAUSE_COLS " FROM cause_categories", "name"),
	S(ST_CAUSE_CATEGORY_LIST, "SELECT " CAUSE_COLS " FROM cause_categories ORDER BY position, name"),
};
/* clang-format on */
