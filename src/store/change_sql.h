/*
 * change_sql.h — the statement ids of changes and change tasks beyond the
 * shared ticket row (repo_change.c): the services a change affects, its
 * tasks, the incidents it caused.  Their SQL is in change_sql.c.  See
 * catalog.h.
 */
#ifndef SW_STORE_CHANGE_SQL_H
#define SW_STORE_CHANGE_SQL_H

#include "store/catalog.h"

enum {
	ST_CHANGE_SERVICES = ST_BASE_CHANGE,
	ST_CHANGE_SERVICES_CLEAR,
	ST_CHANGE_SERVICES_ADD,
	ST_CHANGE_CAUSED_COUNT,
	ST_CHANGE_CAUSED_IDS,
	ST_CHANGE_TASK_IDS,
	ST_CHANGE_TASK_NEXT_ORDER,
	ST_CHANGE_FIXED_PROBLEM_IDS,
	ST_CHANGE_CI_UPDATE_INSERT,
	ST_CHANGE_CI_UPDATE_LIST,
	ST_CHANGE_CI_UPDATE_APPLIED,
	ST_CHANGE_OVERLAP_IDS,
	ST_CHANGE_MAJOR_INCIDENT_IDS,
	ST_CHANGE_REPORT_CLOSED,
	ST_CHANGE_REPORT_CREATED,
	ST_CHANGE_TEMPLATE_INSERT,
	ST_CHANGE_TEMPLATE_UPDATE,
	ST_CHANGE_TEMPLATE_BY_NAME,
	ST_CHANGE_TEMPLATE_LIST,
	ST_CHANGE__END
};

extern const struct db_stmt change_sql[ST_CHANGE__END - ST_BASE_CHANGE];

#endif
