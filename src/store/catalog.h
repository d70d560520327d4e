/*
 * catalog.h — the statement catalog: the only place SQL text lives, one
 * table per aggregate (store/<aggregate>_sql.c with its ids in
 * <aggregate>_sql.h), each in a range of ids of its own from the bases
 * below; catalog.c lists the tables and checks them all at start-up.
 * Statements use numbered placeholders ?1..?N and are rewritten for
 * PostgreSQL by the driver.  Sort variants of a list are separate entries
 * chosen from fixed fragments; nothing is ever formatted into SQL.
 */
#ifndef SW_STORE_CATALOG_H
#define SW_STORE_CATALOG_H

#include "db/db.h"

/* Where each aggregate's ids start; a table may hold up to the next base. */
enum st_base {
	ST_BASE_STORE = 0,
	ST_BASE_VERIFY = 64,
	ST_BASE_ACCOUNT = 128,
	ST_BASE_TICKET = 192,
	ST_BASE_ASSIGN = 448,
	ST_BASE_CONFIG = 512,
	ST_BASE_CUSTOM = 576,
	ST_BASE_SLA = 640,
	ST_BASE_NOTIFY = 704,
	ST_BASE_CMDB = 768,
	ST_BASE_REPORT = 896,
	ST_BASE_KNOWLEDGE = 1024,
	ST_BASE_CHANGE = 1152,
	ST_BASE_APPROVAL = 1280,
	ST_BASE_SCHEDULE = 1344,
	ST_BASE_REQUEST = 1408,
	ST_BASE_EVENT = 1536,
	ST_BASE_MAIL = 1664,
	ST_BASE_RISK = 1728,
	ST_BASE_RELEASE = 1760,
	ST_BASE_KPI = 1792,
	ST_BASE_SURVEY = 1920,
	ST_BASE_IMPROVE = 1984,
	ST_BASE_TOOLKIT = 2048,
	ST_BASE_AGREEMENT = 2112,
	ST_BASE_FULFIL = 2176,
	ST_BASE_OLA = 2240,      /* issue #21: OLA clocks, breach reasons on every kind */
	ST_BASE_ALINK = 2304,    /* issue #15: approval links, uploads before a request */
	ST_BASE_KBTPL = 2368,    /* issue #20: article templates, toolkit sections */
	ST_BASE_CALENDAR = 2432, /* issue #14: the change calendar's reads */
	ST_BASE_INGEST = 2496,   /* issue #16: event ingestion */
	ST_BASE_MEASURE = 2560,  /* issue #18: time to root cause, deflection */
	ST_BASE_CLOCKS = 2624,   /* issue #18: open SLA clocks as running totals */
	ST_BASE_CFGSNAP = 2688,  /* issue #19: configuration snapshot version */
	ST_BASE_SCACHE = 2752,   /* issue #19: search result cache */
	ST_BASE_WEBHOOK = 2816,  /* outgoing webhooks */
	ST_BASE__END = 2880
};

/* The statement of id (an ST_* constant of any table); NULL for none. */
const struct db_stmt *catalog_stmt(int id);

/* Count of ?N placeholders used by a statement (highest N); for the
 * start-up check and tests. */
int catalog_param_count(const char *sql);
/* Verify every table: each entry at its id, within its range, no id twice,
 * SQL present, placeholders 1..N all used.
 * SW_EINTERNAL naming the first bad statement. */
enum sw_err catalog_check(struct sw_error *err);

#endif
