/*
 * fulfil_sql.c — the SQL of a request's policy steps, taken or left out
 * by their conditions (repo_approval.c).  See fulfil_sql.h and catalog.h.
 */
#include "store/fulfil_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_FULFIL

/* clang-format off */
const struct db_stmt fulfil_sql[ST_FULFIL__END - ST_BASE_FULFIL] = {
	S(ST_ACHOICE_INSERT,
	  "INSERT INTO approval_step_choices (request_id, position, step, reason) VALUES (?1, ?2, ?3, ?4)"),
	S(ST_ACHOICES_OF,
	  "SELECT position, COALESCE(step, 0), reason FROM approval_step_choices WHERE request_id = ?1 ORDER BY position"),
};
/* clang-format on */
