/*
 * ola_sql.h — the statement ids issue #21's last round added (OLA clocks
 * live in ticket_slas and use sla_sql.h's statements): the changes whose
 * approved windows a service's availability leaves out as planned
 * (repo_cmdb.c).  Their SQL is in ola_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_OLA_SQL_H
#define SW_STORE_OLA_SQL_H

#include "store/catalog.h"

enum { ST_OLA_PLANNED_CHANGES = ST_BASE_OLA, ST_OLA__END };

extern const struct db_stmt ola_sql[ST_OLA__END - ST_BASE_OLA];

#endif
