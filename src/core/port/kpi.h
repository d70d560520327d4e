/*
 * port/kpi.h — what core needs from storage for KPIs (core/report/kpi.h):
 * the running totals of tickets read per hour and as the open work now,
 * the few aggregates KPIs read from the tickets themselves, and the
 * targets admins set.  Implemented in src/store/repo_kpi.c; the
 * conventions are in port/store.h.
 */
#ifndef SW_CORE_PORT_KPI_H
#define SW_CORE_PORT_KPI_H

#include "core/port/store.h"

struct kpi_filter;

/* The hour totals' columns, in the order a struct kpi_hour holds them. */
enum kpi_hour_col {
	KPI_H_CREATED,
	KPI_H_MAJOR, /* of those created */
	KPI_H_RESOLVED,
	KPI_H_RESOLVE_SUM,   /* seconds from creation to resolution, summed */
	KPI_H_RESPONDED,     /* of those resolved, with a first response */
	KPI_H_RESPONSE_SUM,  /* their seconds to it, summed */
	KPI_H_REOPENED,      /* of those resolved, reopened at some point */
	KPI_H_FIRST_CONTACT, /* of those resolved, never reassigned nor reopened */
	KPI_H__COUNT
};
struct kpi_hour {
	int64_t bucket; /* UTC hour (t / 3600) or day (t / 86400) */
	int64_t v[KPI_H__COUNT];
};
/* The hour totals, or the same rolled up by UTC day (migration 49). */
enum kpi_bucket { KPI_BUCKET_HOUR, KPI_BUCKET_DAY };
/* The totals of the tickets of kind per bucket in [from, to) (hours or
 * days), filtered, in bucket order (buckets with nothing left out). */
enum sw_err store_kpi_buckets(struct store *s, enum kpi_bucket b, const char *kind, int64_t from, int64_t to,
			      const struct kpi_filter *f, struct kpi_hour **out, size_t *count, struct sw_error *err);
/* The open and paused tickets of kind now, filtered: how many, and the
 * sum of their creation times. */
enum sw_err store_kpi_open(struct store *s, const char *kind, const struct kpi_filter *f, int64_t *n,
			   int64_t *created_sum, struct sw_error *err);
/* SLA clocks of metric (its name) on tickets of kind, stopped within
 * [from, to), filtered: met and breached (canceled tickets left out). */
enum sw_err store_kpi_sla(struct store *s, const char *metric, const char *kind, int64_t from, int64_t to,
			  const struct kpi_filter *f, int64_t *met, int64_t *breached, struct sw_error *err);
/* Two figures over [from, to) (filtered where the query has filters). */
enum kpi_query {
	KPI_Q_WORKAROUND,        /* problems whose workaround was published; their seconds to it */
	KPI_Q_PROBLEM_INCIDENTS, /* incidents raised linked to a problem; the problems they name */
	KPI_Q_RECURRING,         /* incidents raised whose problem had an earlier incident; 0 */
	KPI_Q_CHANGES_CAUSING,   /* changes closed; those an incident names as its cause */
	KPI_Q_CHANGE_LEAD,       /* changes closed; their seconds from raising to closing */
	KPI_Q_APPROVAL_TIME,     /* requests' approvals decided; their seconds to decide */
	KPI_Q_REUSE,             /* incidents resolved; those linked to an article */
	KPI_Q_PAST_REVIEW,       /* published articles past their review date at from; 0 */
	KPI_Q_ROOT_CAUSE,        /* problems first reaching root_cause_known; their seconds to it */
	KPI_Q_KNOWN_ERROR_STATE, /* problems first reaching known_error; their seconds to it */
	KPI_Q_DEFLECTION,        /* end users' knowledge sessions begun; those followed by no ticket in a day */
	KPI_Q_CSAT,              /* surveys answered; those rated 4 or 5 */
	KPI_Q_SURVEY_RESPONSE,   /* surveys sent; those answered */
	KPI_Q__COUNT
};
enum sw_err store_kpi_pair(struct store *s, enum kpi_query q, int64_t from, int64_t to, const struct kpi_filter *f,
			   int64_t out[2], struct sw_error *err);

/* Targets admins set, in thousandths of the KPI's unit. */
struct kpi_target_row {
	const char *name;
	int64_t target, amber, red;
};
enum sw_err store_kpi_targets(struct store *s, struct kpi_target_row **out, size_t *count, struct sw_error *err);
enum sw_err store_kpi_target_set(struct store *s, const struct kpi_target_row *t, int64_t at, int64_t actor_id,
				 struct sw_error *err);

#endif
