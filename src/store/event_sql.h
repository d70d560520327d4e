/*
 * event_sql.h — the statement ids of event management: event sources,
 * mapping rules, payloads, alerts and the incidents they opened
 * (repo_event.c); their SQL is in event_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_EVENT_SQL_H
#define SW_STORE_EVENT_SQL_H

#include "store/catalog.h"

enum {
	ST_SOURCE_INSERT = ST_BASE_EVENT,
	ST_SOURCE_UPDATE,
	ST_SOURCE_BY_NAME,
	ST_SOURCE_BY_HASH,
	ST_SOURCE_BY_ID,
	ST_SOURCE_LIST,
	ST_ARULE_INSERT,
	ST_ARULE_UPDATE,
	ST_ARULE_BY_NAME,
	ST_ARULE_LIST,
	ST_ARULE_ACTIVE,
	ST_PAYLOAD_INSERT,
	ST_CI_BY_LABEL,
	ST_CI_IMPLEMENTING,
	ST_ALERT_BY_KEY,
	ST_ALERT_BY_ID,
	ST_ALERT_INSERT,
	ST_ALERT_UPDATE,
	ST_ALERT_PAGE,
	ST_AINC_INSERT,
	ST_AINC_TOUCH,
	ST_AINC_CLOSE,
	ST_AINC_OPEN,
	ST_AINC_SINCE,
	ST_AINC_QUIET,
	ST_SSVC_INSERT,
	ST_SSVC_UPDATE,
	ST_SSVC_BY_NAME,
	ST_SSVC_LIST,
	ST_SSVC_ACTIVE,
	ST_SSVC_SIGNALS,
	ST_SSVC_MAINTENANCE,
	ST_SUPD_INSERT,
	ST_SUPD_PUBLIC,
	ST_SUPD_OF_TICKET,
	ST_EVENT__END
};

extern const struct db_stmt event_sql[ST_EVENT__END - ST_BASE_EVENT];

#endif
