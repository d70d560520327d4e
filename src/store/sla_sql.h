/*
 * sla_sql.h — the statement ids of calendars, SLA policies and clocks,
 * escalation rules and the scheduler (repo_sla.c); their SQL is in
 * sla_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_SLA_SQL_H
#define SW_STORE_SLA_SQL_H

#include "store/catalog.h"

enum {
	ST_CALENDAR_INSERT = ST_BASE_SLA,
	ST_CALENDAR_UPDATE,
	ST_CALENDAR_BY_NAME,
	ST_CALENDAR_BY_ID,
	ST_CALENDAR_LIST,
	ST_POLICY_INSERT,
	ST_POLICY_UPDATE,
	ST_POLICY_BY_NAME,
	ST_POLICY_LIST,
	ST_CLOCK_LIST,
	ST_CLOCK_RUNNING_ON,
	ST_CLOCK_INSERT,
	ST_CLOCK_UPDATE,
	ST_CLOCK_DELETE,
	ST_CLOCK_DUE_WARNING,
	ST_CLOCK_DUE_BREACH,
	ST_CLOCK_MARK_WARNING,
	ST_CLOCK_MARK_BREACH,
	ST_SCHEDULER_LOCK,
	ST_ESC_INSERT,
	ST_ESC_UPDATE,
	ST_ESC_BY_NAME,
	ST_ESC_LIST,
	ST_SLA_REPORT_BY_AGREEMENT,
	ST_SLA__END
};

extern const struct db_stmt sla_sql[ST_SLA__END - ST_BASE_SLA];

#endif
