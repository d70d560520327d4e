/*
 * cmdb_sql.c — the SQL of CI classes, CIs, relationships, objectives and
 * services (repo_cmdb.c). Columns are listed explicitly so that the
 * repository reads them by position; the *_COLS macros and its readers must
 * agree.  See catalog.h.
 */
#include "store/cmdb_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_CMDB

#define CLASS_COLS                                                                                                     \
	"c.id, c.name, c.parent_id, p.name, c.description, c.created_at, c.updated_at"                                 \
	" FROM ci_classes c LEFT JOIN ci_classes p ON p.id = c.parent_id"

#define CI_COLS                                                                                                        \
	"c.id, c.name, c.class_id, k.name, c.status, c.environment, c.location, c.external_id, c.owner_id, u.login,"   \
	" c.group_id, g.name, c.version, c.created_at, c.updated_at FROM cis c JOIN ci_classes k ON k.id = c.class_id" \
	" LEFT JOIN users u ON u.id = c.owner_id LEFT JOIN groups_ g ON g.id = c.group_id"

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

/* The service list's filters: status, owner's login, an objective's name. */
#define SVC_FILTER(status, owner, objective)                                                                           \
	"(" status " IS NULL OR s.status = " status ") AND (" owner " IS NULL OR u.login = " owner ")"                 \
	" AND (" objective " IS NULL OR EXISTS (SELECT 1 FROM service_objectives so JOIN objectives o"                 \
	" ON o.id = so.objective_id WHERE so.service_id = s.id AND o.name = " objective "))"
#define SVC_FILTER_PG SVC_FILTER("CAST(?1 AS TEXT)", "CAST(?2 AS TEXT)", "CAST(?3 AS TEXT)")
/* The ids of a page of the list: those the filters keep from ?4 to ?5. */
#define SVC_PAGE(filter)                                                                                               \
	"SELECT s.id FROM services s LEFT JOIN users u ON u.id = s.owner_id WHERE " filter " AND s.id BETWEEN ?4 AND " \
	"?5"

/* One kind of link of the services on a page: (service id, name, id) of
 * each row of link table l naming a row of table x by its column col. */
#define SVC_PAGE_LINKS_SQL(l, link_table, x, table, col, filter)                                                       \
	"SELECT " l ".service_id, " x ".name, " x ".id FROM " link_table " " l " JOIN " table " " x " ON " x           \
	".id = " l "." col " WHERE " l ".service_id IN (" SVC_PAGE(filter) ") ORDER BY " l ".service_id, " x ".id"
#define SVC_PAGE_LINKS(id, l, link_table, x, table, col)                                                               \
	SPG(id, SVC_PAGE_LINKS_SQL(l, link_table, x, table, col, SVC_FILTER("?1", "?2", "?3")),                        \
	    SVC_PAGE_LINKS_SQL(l, link_table, x, table, col, SVC_FILTER_PG))

/* a batch of ids for the graph walks; unused slots are 0 */
#define WALK_IDS                                                                                                       \
	"(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29," \
	"?30,?31,?32)"

/* clang-format off */
const struct db_stmt cmdb_sql[ST_CMDB__END - ST_BASE_CMDB] = {
	S(ST_CLASS_INSERT,
	  "INSERT INTO ci_classes (name, parent_id, description, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)"
	  " RETURNING id"),
	S(ST_CLASS_UPDATE, "UPDATE ci_classes SET description = ?2, updated_at = ?3 WHERE id = ?1"),
	S_BY(ST_CLASS_BY_NAME, CLASS_COLS, "c.name"),
	S_BY(ST_CLASS_BY_ID, CLASS_COLS, "c.id"),
	S_ORDERED(ST_CLASS_LIST, "SELECT " CLASS_COLS " ORDER BY c.name"),
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
	S_BY(ST_CI_BY_ID, CI_COLS, "c.id"),
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
	S_BY(ST_REL_BY_ID, REL_COLS, "r.id"),
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
	S_WRITES(ST_OBJ_INSERT, ST_OBJ_UPDATE, "objectives", description, measure, target, owner_id, updated_at),
	S_BY(ST_OBJ_BY_ID, OBJ_COLS, "o.id"),
	S_BY(ST_OBJ_BY_NAME, OBJ_COLS, "o.name"),
	S_ORDERED(ST_OBJ_LIST, "SELECT " OBJ_COLS " ORDER BY o.name"),
	S_WRITES(ST_SVC_INSERT, ST_SVC_UPDATE, "services", description, kind, status, owner_id, group_id,
		 sla_policy_id, criticality, annual_cost, cost_centre, risk, risk_notes, availability_target, links,
		 updated_at),
	S_BY(ST_SVC_BY_ID, SVC_COLS, "s.id"),
	S_BY(ST_SVC_BY_NAME, SVC_COLS, "s.name"),
	SPG(ST_SVC_LIST,
	    "SELECT " SVC_COLS " WHERE " SVC_FILTER("?1", "?2", "?3") " AND s.id > ?4 ORDER BY s.id LIMIT ?5",
	    "SELECT " SVC_COLS " WHERE " SVC_FILTER_PG " AND s.id > ?4 ORDER BY s.id LIMIT ?5"),
	/* The links of a page of ST_SVC_LIST, read once for the page: the
	 * services the same filters keep between its first (?4) and last (?5)
	 * ids are exactly the page's. */
	SVC_PAGE_LINKS(ST_SVC_PAGE_OBJECTIVES, "so", "service_objectives", "o", "objectives", "objective_id"),
	SVC_PAGE_LINKS(ST_SVC_PAGE_DEPENDS_ON, "d", "service_dependencies", "x", "services", "depends_on_id"),
	SVC_PAGE_LINKS(ST_SVC_PAGE_CIS, "sc", "service_cis", "c", "cis", "ci_id"),
	S(ST_SVC_OUTAGES,
	  "SELECT number, outage_start, outage_end FROM tickets WHERE service_id = ?1 AND outage_start IS NOT NULL"
	  " AND outage_start < ?3 AND (outage_end IS NULL OR outage_end > ?2) ORDER BY outage_start, id LIMIT ?4"),
	S(ST_CI_OUTAGES,
	  "SELECT number, outage_start, outage_end FROM tickets WHERE ci_id = ?1 AND outage_start IS NOT NULL"
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
	S(ST_REL_EXPORT,
	  "SELECT r.id, r.from_id, f.external_id, r.type, r.to_id, t.external_id, r.created_at FROM ci_relations r"
	  " JOIN cis f ON f.id = r.from_id JOIN cis t ON t.id = r.to_id WHERE r.id > ?1 ORDER BY r.id LIMIT ?2"),
	S(ST_CI_BY_EXTERNAL_ID, "SELECT c.id FROM cis c WHERE c.external_id = ?1"),
	S(ST_SVC_SLA_POLICY, "SELECT COALESCE(sla_policy_id, 0) FROM services WHERE id = ?1"),
};
/* clang-format on */
