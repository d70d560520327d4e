/*
 * repo_measure.c — the problems' root-cause and known-error stamps and
 * the end users' knowledge sessions (port/measure.h; statements in
 * measure_sql.c).  The KPIs read from them are repo_kpi.c's.
 */
#include "core/port/measure.h"
#include "store/measure_sql.h"
#include "store/store_int.h"
#include "base/banned.h"

enum sw_err store_problem_stamp(struct store *s, int64_t id, bool known_error, int64_t at, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_INT(at)};
	return db_exec(s->conn, ST(known_error ? ST_MEASURE_STAMP_KNOWN_ERROR : ST_MEASURE_STAMP_ROOT_CAUSE), a,
		       NARGS(a), NULL, err);
}

enum sw_err store_survey_user_of(struct store *s, int64_t ticket_id, int64_t *user_id, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id)};
	return db_query_int(s->conn, ST(ST_MEASURE_SURVEY_USER), a, NARGS(a), user_id, err);
}

enum sw_err store_knowledge_session_note(struct store *s, int64_t user_id, int64_t at, int64_t session_s,
					 struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id), DB_INT(at), DB_INT(session_s)};
	return db_exec(s->conn, ST(ST_MEASURE_SESSION_NOTE), a, NARGS(a), NULL, err);
}
