/*
 * cfgsnap_sql.h — the statement ids of the configuration version and of
 * what the configuration snapshot (core/kernel/cfgsnap.c) reads fresh
 * (repo_cfgsnap.c); their SQL is in cfgsnap_sql.c.  See catalog.h.
 */
#ifndef SW_STORE_CFGSNAP_SQL_H
#define SW_STORE_CFGSNAP_SQL_H

#include "store/catalog.h"

enum { ST_CFGSNAP_VERSION = ST_BASE_CFGSNAP, ST_CFGSNAP_RULE_LAST, ST_CFGSNAP__END };

extern const struct db_stmt cfgsnap_sql[ST_CFGSNAP__END - ST_BASE_CFGSNAP];

#endif
