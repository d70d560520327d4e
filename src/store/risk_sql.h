/*
 * risk_sql.h — the statement ids of the risk of changes: the settings,
 * the history of changes sharing CIs, the stored assessment
 * (repo_risk.c); their SQL is in risk_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_RISK_SQL_H
#define SW_STORE_RISK_SQL_H

#include "store/catalog.h"

enum {
	ST_RISK_SETTINGS = ST_BASE_RISK,
	ST_RISK_SETTING_SET,
	ST_RISK_COMPLETED,
	ST_RISK_CAUSED,
	ST_RISK_SAVE,
	ST_RISK_FACTORS,
	ST_RISK_STALE,
	ST_RISK__END
};

extern const struct db_stmt risk_sql[ST_RISK__END - ST_BASE_RISK];

#endif
