/*
 * custom_sql.c — the SQL of fields defined at run time and mandatory fields
 * (repo_custom.c). Columns are listed explicitly so that the repository
 * reads them by position; the *_COLS macros and its readers must agree.  See
 * catalog.h.
 */
#include "store/custom_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_CUSTOM

#define CUSTOM_FIELD_COLS                                                                                              \
	"f.id, f.kind, f.name, f.label, f.type, f.choices, f.category, f.position, f.active, f.created_at,"            \
	" f.updated_at FROM custom_fields f"

/* clang-format off */
const struct db_stmt custom_sql[ST_CUSTOM__END - ST_BASE_CUSTOM] = {
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
};
/* clang-format on */
