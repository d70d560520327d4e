/*
 * measure_sql.h — the statement ids of what issue #18's last round
 * measures: when a problem first reached root_cause_known and
 * known_error, the end users' self-service knowledge sessions, and the
 * KPIs read from them (repo_measure.c, repo_kpi.c); their SQL is in
 * measure_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_MEASURE_SQL_H
#define SW_STORE_MEASURE_SQL_H

#include "store/catalog.h"

enum {
	ST_MEASURE_STAMP_ROOT_CAUSE = ST_BASE_MEASURE,
	ST_MEASURE_STAMP_KNOWN_ERROR,
	ST_MEASURE_SESSION_NOTE,
	ST_MEASURE_KPI_ROOT_CAUSE,
	ST_MEASURE_KPI_KNOWN_ERROR,
	ST_MEASURE_KPI_DEFLECTION,
	ST_MEASURE_SURVEY_USER,
	ST_MEASURE_KPI_CSAT,
	ST_MEASURE_KPI_SURVEY_RESPONSE,
	ST_MEASURE__END
};

extern const struct db_stmt measure_sql[ST_MEASURE__END - ST_BASE_MEASURE];

#endif
