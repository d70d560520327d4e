/*
 * improve_sql.h — the statement ids of the improvement register
 * (repo_improve.c); their SQL is in improve_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_IMPROVE_SQL_H
#define SW_STORE_IMPROVE_SQL_H

#include "store/catalog.h"

enum {
	ST_IMPROVE_PLAN_GET = ST_BASE_IMPROVE,
	ST_IMPROVE_PLAN_SAVE,
	ST_IMPROVE_SERVICES,
	ST_IMPROVE_SERVICES_DELETE,
	ST_IMPROVE_SERVICE_INSERT,
	ST_IMPROVE_LINKS,
	ST_IMPROVE_LINKS_DELETE,
	ST_IMPROVE_LINK_INSERT,
	ST_IMPROVE_KPIS,
	ST_IMPROVE_KPI_DELETE,
	ST_IMPROVE_KPI_TARGET,
	ST_IMPROVE_KPI_INSERT,
	ST_IMPROVE_KPI_BASELINE,
	ST_IMPROVE_OF,
	ST_IMPROVE__END
};

extern const struct db_stmt improve_sql[ST_IMPROVE__END - ST_BASE_IMPROVE];

#endif
