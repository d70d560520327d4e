/*
 * catalog.c — the statement catalog's index: the table of each aggregate
 * (store/<aggregate>_sql.c), how an id finds its statement, and the
 * start-up check over every table.  See catalog.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "store/catalog.h"
#include "store/store_sql.h"
#include "store/verify_sql.h"
#include "store/account_sql.h"
#include "store/ticket_sql.h"
#include "store/assign_sql.h"
#include "store/config_sql.h"
#include "store/custom_sql.h"
#include "store/sla_sql.h"
#include "store/notify_sql.h"
#include "store/cmdb_sql.h"
#include "store/report_sql.h"
#include "store/knowledge_sql.h"
#include "store/approval_sql.h"
#include "store/change_sql.h"
#include "store/release_sql.h"
#include "store/risk_sql.h"
#include "store/schedule_sql.h"
#include "store/request_sql.h"
#include "store/event_sql.h"
#include "store/mail_sql.h"
#include "store/kpi_sql.h"
#include "store/toolkit_sql.h"
#include "store/survey_sql.h"
#include "store/improve_sql.h"
#include "store/agreement_sql.h"
#include "store/fulfil_sql.h"
#include "store/ola_sql.h"
#include "store/alink_sql.h"
#include "store/kbtpl_sql.h"
#include "store/calendar_sql.h"
#include "store/ingest_sql.h"
#include "store/measure_sql.h"
#include "store/clocks_sql.h"
#include "store/cfgsnap_sql.h"
#include "store/scache_sql.h"
#include "store/webhook_sql.h"
#include "base/banned.h"

struct table {
	const char *aggregate;
	const struct db_stmt *stmts;
	int base, count;
};

#define TABLE(a, A)                                                                                                    \
	{                                                                                                              \
#a, a##_sql, ST_BASE_##A, ST_##A##__END - ST_BASE_##A                                                  \
	}
static const struct table tables[] = {
	TABLE(store, STORE),         TABLE(verify, VERIFY),     TABLE(account, ACCOUNT),
	TABLE(ticket, TICKET),       TABLE(assign, ASSIGN),     TABLE(config, CONFIG),
	TABLE(custom, CUSTOM),       TABLE(sla, SLA),           TABLE(notify, NOTIFY),
	TABLE(cmdb, CMDB),           TABLE(report, REPORT),     TABLE(knowledge, KNOWLEDGE),
	TABLE(change, CHANGE),       TABLE(approval, APPROVAL), TABLE(schedule, SCHEDULE),
	TABLE(request, REQUEST),     TABLE(event, EVENT),       TABLE(mail, MAIL),
	TABLE(risk, RISK),           TABLE(release, RELEASE),   TABLE(kpi, KPI),
	TABLE(survey, SURVEY),       TABLE(improve, IMPROVE),   TABLE(toolkit, TOOLKIT),
	TABLE(agreement, AGREEMENT), TABLE(fulfil, FULFIL),     TABLE(ola, OLA),
	TABLE(alink, ALINK),         TABLE(kbtpl, KBTPL),       TABLE(calendar, CALENDAR),
	TABLE(ingest, INGEST),       TABLE(measure, MEASURE),   TABLE(clocks, CLOCKS),
	TABLE(cfgsnap, CFGSNAP),     TABLE(scache, SCACHE),     TABLE(webhook, WEBHOOK),
};
#define TABLE_COUNT (sizeof(tables) / sizeof(tables[0]))

const struct db_stmt *catalog_stmt(int id)
{
	for (size_t i = 0; i < TABLE_COUNT; i++)
		if (id >= tables[i].base && id < tables[i].base + tables[i].count)
			return &tables[i].stmts[id - tables[i].base];
	return NULL;
}

int catalog_param_count(const char *sql)
{
	int max = 0;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'') { /* skip string literals */
			for (p++; *p && *p != '\''; p++)
				;
			if (!*p)
				break;
			continue;
		}
		if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
			int n = 0;
			while (p[1] >= '0' && p[1] <= '9' && n < 1000)
				n = n * 10 + (*++p - '0');
			if (n > max)
				max = n;
		}
	}
	return max;
}

static bool uses_all(const char *sql, int n)
{
	for (int i = 1; i <= n; i++) {
		char tok[16];
		snprintf(tok, sizeof(tok), "?%d", i);
		const char *p = sql;
		bool found = false;
		while ((p = strstr(p, tok)) != NULL) {
			char next = p[strlen(tok)];
			if (next < '0' || next > '9') {
				found = true;
				break;
			}
			p++;
		}
		if (!found)
			return false;
	}
	return true;
}

static enum sw_err check_stmt(const struct db_stmt *st, struct sw_error *err)
{
	int n = catalog_param_count(st->sql);
	if (n > DB_PARAMS_MAX)
		return sw_fail(err, SW_EINTERNAL, NULL, "statement '%s' takes more than %d parameters", st->name,
			       DB_PARAMS_MAX);
	if (!uses_all(st->sql, n))
		return sw_fail(err, SW_EINTERNAL, NULL, "statement '%s' skips a placeholder", st->name);
	if (st->sql_pg && catalog_param_count(st->sql_pg) != n)
		return sw_fail(err, SW_EINTERNAL, NULL, "statement '%s' has different parameter counts per backend",
			       st->name);
	return SW_OK;
}

enum sw_err catalog_check(struct sw_error *err)
{
	bool seen[DB_STMT_MAX] = {0};
	enum sw_err rc;
	for (size_t t = 0; t < TABLE_COUNT; t++) {
		const struct table *tb = &tables[t];
		int limit = t + 1 < TABLE_COUNT ? tables[t + 1].base : ST_BASE__END;
		if (tb->base + tb->count > limit || limit > DB_STMT_MAX)
			return sw_fail(err, SW_EINTERNAL, NULL, "the %s statements pass their range of ids (%d..%d)",
				       tb->aggregate, tb->base, limit - 1);
		for (int i = 0; i < tb->count; i++) {
			const struct db_stmt *st = &tb->stmts[i];
			if (st->id != tb->base + i || !st->sql || !st->name)
				return sw_fail(err, SW_EINTERNAL, NULL, "%s statement %d is missing", tb->aggregate,
					       tb->base + i);
			if (seen[st->id])
				return sw_fail(err, SW_EINTERNAL, NULL, "statement id %d is used twice", st->id);
			seen[st->id] = true;
			if ((rc = check_stmt(st, err)))
				return rc;
		}
	}
	return SW_OK;
}
