/*
 * port/measure.h — what core needs from storage for issue #18's last
 * measurements: the moments a problem first reached root_cause_known and
 * known_error, and the end users' self-service knowledge sessions (the
 * deflection rate, docs/kpis.md).  Implemented in src/store/repo_measure.c;
 * the conventions are in port/store.h.
 */
#ifndef SW_CORE_PORT_MEASURE_H
#define SW_CORE_PORT_MEASURE_H

#include <stdbool.h>

#include "core/port/store.h"

/* Stamp problem id as at root_cause_known at (known_error: and at
 * known_error), where it has no such stamp yet. */
enum sw_err store_problem_stamp(struct store *s, int64_t id, bool known_error, int64_t at, struct sw_error *err);

/* An end user's knowledge read or search at: a new session unless one of
 * theirs began in the session_s seconds before. */
enum sw_err store_knowledge_session_note(struct store *s, int64_t user_id, int64_t at, int64_t session_s,
					 struct sw_error *err);

/* The person ticket_id's satisfaction survey was sent to; 0: none was sent. */
enum sw_err store_survey_user_of(struct store *s, int64_t ticket_id, int64_t *user_id, struct sw_error *err);

#endif
