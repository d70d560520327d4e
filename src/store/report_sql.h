/*
 * report_sql.h — the statement ids of reports and queue counts (repo_report.c);
 * their SQL is in report_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_REPORT_SQL_H
#define SW_STORE_REPORT_SQL_H

#include "store/catalog.h"

enum {
	ST_REPORT_SLA_STOPPED = ST_BASE_REPORT,
	ST_REPORT_CREATED_DAILY,
	ST_REPORT_RESOLVED_DAILY,
	ST_REPORT_CREATED_RANGE,
	ST_REPORT_RESOLVED_RANGE,
	ST_REPORT_TIMES,
	ST_REPORT_OLDEST,
	ST_INCIDENT_REQUESTED_OPEN,
	ST_REPORT_SLA_BY_POLICY,
	ST_REPORT_SLA_BY_SERVICE,
	ST_REPORT_SLA_BY_GROUP,
	ST_REPORT_SLA_BY_PRIORITY,
	ST_REPORT_SLA_BREACHES,
	ST_REPORT__END
};

extern const struct db_stmt report_sql[ST_REPORT__END - ST_BASE_REPORT];

#endif
