/*
 * request_sql.c — the SQL of the service catalogue: catalogue items,
 * their form versions and fulfilment plans (repo_catalog.c).  Columns are
 * listed explicitly so that the repository reads them by position; the
 * *_COLS macros and its column tables must agree.  See catalog.h.
 */
#include "store/request_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_REQUEST

#define CITEM_COLS                                                                                                     \
	"i.id, i.name, COALESCE(i.service_id, 0), s.name, i.category, i.short_description, i.description, i.icon,"     \
	" i.price, i.order_groups, i.active, i.delivery_days, i.approval_policy, i.form_version, i.bundle, i.cost,"    \
	" i.created_at, i.updated_at FROM catalog_items i LEFT JOIN services s ON s.id = i.service_id"

#define CVAR_COLS                                                                                                      \
	"v.position, v.name, v.type, v.label, v.required, v.default_value, v.help, v.pattern, v.has_min, v.min_value," \
	" v.has_max, v.max_value, v.options, v.ci_class, v.when_effect, v.when_variable, v.when_value, v.max_size,"    \
	" v.content_types"

#define RTASK_COLS                                                                                                     \
	"rt.task_id, t.number, t.title, t.state, t.phase, rt.request_id, r.number, rt.item_id, i.name, rt.task_key,"   \
	" rt.depends_on, rt.variables, rt.instructions FROM request_tasks rt JOIN tickets t ON t.id = rt.task_id"      \
	" JOIN tickets r ON r.id = rt.request_id JOIN catalog_items i ON i.id = rt.item_id"

/* clang-format off */
const struct db_stmt request_sql[ST_REQUEST__END - ST_BASE_REQUEST] = {
	S_WRITES(ST_CITEM_INSERT, ST_CITEM_UPDATE, "catalog_items", service_id, category, short_description,
		 description, icon, price, order_groups, active, delivery_days, approval_policy, form_version, bundle,
		 cost, updated_at),
	S_BY(ST_CITEM_BY_NAME, CITEM_COLS, "i.name"),
	SPG(ST_CITEM_LIST, "SELECT " CITEM_COLS " ORDER BY COALESCE(i.category, ''), i.name LIMIT 1000",
	    "SELECT " CITEM_COLS " ORDER BY COALESCE(i.category, '') COLLATE \"C\", i.name COLLATE \"C\" LIMIT 1000"),
	S(ST_CVAR_OF,
	  "SELECT " CVAR_COLS " FROM catalog_variables v WHERE v.item_id = ?1 AND v.version = ?2 ORDER BY v.position"),
	/* every item's current form, for the list: item id first */
	S(ST_CVAR_CURRENT_ALL,
	  "SELECT v.item_id, " CVAR_COLS " FROM catalog_variables v JOIN catalog_items i ON i.id = v.item_id"
	  " AND i.form_version = v.version ORDER BY v.item_id, v.position LIMIT 50000"),
	S(ST_CVAR_INSERT,
	  "INSERT INTO catalog_variables (item_id, version, position, name, type, label, required, default_value,"
	  " help, pattern, has_min, min_value, has_max, max_value, options, ci_class, when_effect, when_variable,"
	  " when_value, max_size, content_types) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
	  " ?15, ?16, ?17, ?18, ?19, ?20, ?21)"),
	S(ST_CTASK_OF,
	  "SELECT t.position, t.task_key, t.title, COALESCE(t.group_id, 0), g.name, t.instructions, t.variables,"
	  " t.depends_on FROM catalog_tasks t LEFT JOIN groups_ g ON g.id = t.group_id WHERE t.item_id = ?1"
	  " ORDER BY t.position"),
	S(ST_CTASK_DELETE, "DELETE FROM catalog_tasks WHERE item_id = ?1"),
	S(ST_CTASK_INSERT,
	  "INSERT INTO catalog_tasks (item_id, position, task_key, title, group_id, instructions, variables,"
	  " depends_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
	S(ST_RITEM_INSERT,
	  "INSERT INTO request_items (request_id, item_id, form_version, requested_by, approval_policy)"
	  " VALUES (?1, ?2, ?3, ?4, ?5)"),
	S(ST_RITEM_OF,
	  "SELECT r.request_id, r.item_id, i.name, r.form_version, r.requested_by, u.login, r.approval_policy"
	  " FROM request_items r JOIN catalog_items i ON i.id = r.item_id JOIN users u ON u.id = r.requested_by"
	  " WHERE r.request_id = ?1"),
	S(ST_RANSWER_INSERT,
	  "INSERT INTO request_answers (request_id, position, name, label, type, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
	S(ST_RANSWERS_OF,
	  "SELECT name, label, type, value FROM request_answers WHERE request_id = ?1 ORDER BY position"),
	S(ST_RTASK_INSERT,
	  "INSERT INTO request_tasks (task_id, request_id, item_id, task_key, depends_on, variables, instructions)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
	S(ST_RTASKS_OF,
	  "SELECT " RTASK_COLS " WHERE rt.request_id = ?1 ORDER BY rt.task_id"),
	S(ST_RTASK_BY_TASK, "SELECT " RTASK_COLS " WHERE rt.task_id = ?1"),
};
/* clang-format on */
