/*
 * kpi.c — the KPI catalogue and how each KPI is measured; see kpi.h and
 * docs/kpis.md, where every definition below is explained.
 *
 * A KPI is a line of kpi_catalogue: what it is called, its unit, which
 * way is better, its default target, and a measure function with its
 * arguments.  There are few measure functions, each serving many KPIs:
 *   - measure_hours: a rate or a mean of the running totals per UTC day
 *     and hour (tickets created and resolved, times to respond and resolve,
 *     reopens, first-contact resolutions): the whole days of a series in
 *     one query, the hours around local midnights in one small one each;
 *   - measure_sla: clocks stopped met or breached (the SLA compliance
 *     report's rule, CLOCK_OVER);
 *   - measure_open: the open work now, from the open totals;
 *   - measure_pair: two figures of one aggregate query per interval;
 *   - measure_changes: the change report's figures (change_report);
 *   - measure_service: availability and downtime of a service
 *     (availability_compute over the service's outages, as the service's
 *     availability answer computes them).
 * The satisfaction KPIs of the surveys (issue #18) are added as lines of
 * the catalogue when the survey tables are merged: their measure reads
 * the answers per interval (see the "customers" place below).
 *
 * Intervals are local days, weeks (from Monday) or months of a zone
 * (kpi_plan); the hour totals answer exactly for every zone whose offsets
 * are whole hours (all but a few, such as Asia/Kolkata, where an interval
 * is counted from the UTC hour it begins in: docs/kpis.md).  measure_hours
 * reads whole UTC days from the day totals and only the hours around the
 * local midnights from the hour totals (kpi_split_edge), with the same
 * sums as reading every hour.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/report/kpi.h"
#include "core/report/report.h"
#include "core/change/change.h"
#include "core/cmdb/service.h"
#include "core/sla/sla.h"
#include "core/sla/tz.h"
#include "core/port/cmdb.h"
#include "core/port/kpi.h"
#include "core/port/change.h"
#include "base/banned.h"

const char *const kpi_unit_names[] = {"seconds", "ratio", "count"};
const char *const kpi_status_names[] = {NULL, "green", "amber", "red"};
const char *const kpi_interval_names[] = {"day", "week", "month"};

/* ---- measures ---------------------------------------------------------------- */

/* value = num / den, or num itself when den < 0 (a count) */
static void finish(struct kpi_value *v, int64_t num, int64_t den)
{
	if (den < 0) {
		*v = (struct kpi_value){.value = (double)num, .has_value = true, .numerator = num, .denominator = 1};
		return;
	}
	*v = (struct kpi_value){.numerator = num, .denominator = den, .has_value = den > 0};
	if (den > 0)
		v->value = (double)num / (double)den;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* ---- whole UTC days and the hours around local midnights (kpi.h) ---- */

#define DAY_HOURS 24
#define MID_HOUR 12 /* a day's totals go to the interval holding this hour */

int64_t kpi_interval_at(const int64_t *hours, size_t n, int64_t h)
{
	if (n == 0 || h < hours[0] || h >= hours[n])
		return -1;
	size_t lo = 0, hi = n; /* hours[lo] <= h < hours[hi] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (hours[mid] <= h)
			lo = mid;
		else
			hi = mid;
	}
	return (int64_t)lo;
}

/* the least d with DAY_HOURS d + MID_HOUR >= h */
static int64_t first_day_from(int64_t h)
{
	return -floor_div(-(h - MID_HOUR), DAY_HOURS);
}

void kpi_split_days(const int64_t *hours, size_t n, int64_t *from, int64_t *to)
{
	*from = first_day_from(hours[0]);
	*to = n ? first_day_from(hours[n]) : *from;
	if (*to < *from)
		*to = *from;
}

bool kpi_split_edge(const int64_t *hours, size_t n, size_t j, struct kpi_edge *out)
{
	int64_t h = hours[j], day = floor_div(h, DAY_HOURS) * DAY_HOURS, k = h - day;
	if (k == 0)
		return false;
	int64_t mid = kpi_interval_at(hours, n, day + MID_HOUR);
	struct kpi_edge e;
	if (k <= MID_HOUR) { /* [midnight, h) belongs before the boundary, not to the middle's interval */
		e.from = j > 0 && hours[j - 1] > day ? hours[j - 1] : day;
		e.to = h;
		e.plus = (int64_t)j - 1;
	} else { /* [h, next midnight) belongs after it */
		e.from = h;
		e.to = j < n && hours[j + 1] < day + DAY_HOURS ? hours[j + 1] : day + DAY_HOURS;
		e.plus = j < n ? (int64_t)j : -1;
	}
	e.minus = mid;
	*out = e;
	return true;
}

static void add_totals(struct kpi_value *v, const struct kpi_def *d, const struct kpi_hour *row, int64_t sign)
{
	v->numerator += sign * row->v[d->a];
	if (d->b >= 0)
		v->denominator += sign * row->v[d->b];
}

/* a: the numerator's column; b: the denominator's, -1 for a count.
 * The whole UTC days from the day totals (one query for the series),
 * and the hours around each local midnight that is not a UTC one from
 * the hour totals (one small query each): the same sums as reading every
 * hour, in about a twenty-fourth of the rows (kpi_split_edge). */
static enum sw_err measure_hours(struct store *s, const struct kpi_def *d, const struct kpi_filter *f,
				 const int64_t *bounds, size_t n, struct kpi_value *values, struct sw_error *err)
{
	int64_t *hours = malloc((n + 1) * sizeof(*hours));
	if (!hours)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i <= n; i++)
		hours[i] = floor_div(bounds[i], 3600);
	for (size_t i = 0; i < n; i++)
		values[i] = (struct kpi_value){0}; /* numerator and denominator add up below */
	struct kpi_hour *rows = NULL;
	size_t count = 0;
	int64_t from_day, to_day;
	kpi_split_days(hours, n, &from_day, &to_day);
	enum sw_err rc = SW_OK;
	if (from_day < to_day)
		rc = store_kpi_buckets(s, KPI_BUCKET_DAY, d->kind, from_day, to_day, f, &rows, &count, err);
	for (size_t r = 0, i = 0; !rc && r < count; r++) {
		int64_t mid = rows[r].bucket * DAY_HOURS + MID_HOUR; /* days come in order: i only moves on */
		while (i + 1 < n && hours[i + 1] <= mid)
			i++;
		add_totals(&values[i], d, &rows[r], 1);
	}
	for (size_t j = 0; !rc && j <= n; j++) {
		struct kpi_edge e;
		if (!kpi_split_edge(hours, n, j, &e))
			continue;
		if ((rc = store_kpi_buckets(s, KPI_BUCKET_HOUR, d->kind, e.from, e.to, f, &rows, &count, err)))
			break;
		for (size_t r = 0; r < count; r++) {
			if (e.plus >= 0)
				add_totals(&values[e.plus], d, &rows[r], 1);
			if (e.minus >= 0)
				add_totals(&values[e.minus], d, &rows[r], -1);
		}
	}
	free(hours);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		finish(&values[i], values[i].numerator, d->b < 0 ? -1 : values[i].denominator);
	return SW_OK;
}

/* a: the metric */
static enum sw_err measure_sla(struct store *s, const struct kpi_def *d, const struct kpi_filter *f,
			       const int64_t *bounds, size_t n, struct kpi_value *values, struct sw_error *err)
{
	for (size_t i = 0; i < n; i++) {
		int64_t met, breached;
		enum sw_err rc = store_kpi_sla(s, sla_metric_name((enum sla_metric)d->a), d->kind, bounds[i],
					       bounds[i + 1], f, &met, &breached, err);
		if (rc)
			return rc;
		finish(&values[i], met, met + breached);
	}
	return SW_OK;
}

/* a: 0 how many are open, 1 their mean age in seconds; the present */
enum { OPEN_COUNT, OPEN_AGE };
static enum sw_err measure_open(struct store *s, const struct kpi_def *d, const struct kpi_filter *f,
				const int64_t *bounds, size_t n, struct kpi_value *values, struct sw_error *err)
{
	int64_t open, created_sum;
	enum sw_err rc = store_kpi_open(s, d->kind, f, &open, &created_sum, err);
	if (rc)
		return rc;
	int64_t now = f->now ? f->now : bounds[n];
	struct kpi_value v;
	if (d->a == OPEN_COUNT)
		finish(&v, open, -1);
	else
		finish(&v, now * open - created_sum, open);
	for (size_t i = 0; i < n; i++)
		values[i] = v;
	return SW_OK;
}

/* a: the query; b: how its two figures make the value */
enum { PAIR_COUNT, PAIR_SHARE, PAIR_PER };
static enum sw_err measure_pair(struct store *s, const struct kpi_def *d, const struct kpi_filter *f,
				const int64_t *bounds, size_t n, struct kpi_value *values, struct sw_error *err)
{
	for (size_t i = 0; i < n; i++) {
		int64_t v[2];
		/* a figure of the present is read at now */
		int64_t from = d->point ? (f->now ? f->now : bounds[n]) : bounds[i];
		enum sw_err rc = store_kpi_pair(s, (enum kpi_query)d->a, from, bounds[i + 1], f, v, err);
		if (rc)
			return rc;
		if (d->b == PAIR_COUNT)
			finish(&values[i], v[0], -1);
		else if (d->b == PAIR_SHARE)
			finish(&values[i], v[1], v[0]);
		else
			finish(&values[i], v[0], v[1]);
	}
	return SW_OK;
}

/* a: 0 the success rate, 1 the emergency share */
static enum sw_err measure_changes(struct store *s, const struct kpi_def *d, const struct kpi_filter *f,
				   const int64_t *bounds, size_t n, struct kpi_value *values, struct sw_error *err)
{
	(void)f;
	struct ctx c = {.store = s};
	for (size_t i = 0; i < n; i++) {
		struct report_changes r;
		enum sw_err rc = change_report(&c, bounds[i], bounds[i + 1], &r, err);
		if (rc)
			return rc;
		if (d->a == 0)
			finish(&values[i], r.successful + r.successful_with_issues, r.closed);
		else
			finish(&values[i], r.emergency, r.created);
	}
	return SW_OK;
}

/* a: 0 availability (a ratio), 1 downtime (seconds); needs a service */
static enum sw_err measure_service(struct store *s, const struct kpi_def *d, const struct kpi_filter *f,
				   const int64_t *bounds, size_t n, struct kpi_value *values, struct sw_error *err)
{
	int64_t now = f->now ? f->now : bounds[n];
	for (size_t i = 0; i < n; i++) {
		values[i] = (struct kpi_value){0};
		if (!f->service_id)
			continue;
		struct outage *o = NULL;
		size_t count = 0;
		enum sw_err rc = store_outages(s, OUTAGES_OF_SERVICE, f->service_id, bounds[i], bounds[i + 1],
					       AVAILABILITY_OUTAGES_MAX, &o, &count, err);
		if (rc)
			return rc;
		struct availability av;
		availability_compute(o, count, bounds[i], bounds[i + 1], now, 0, &av);
		if (av.period <= 0)
			continue; /* all of it to come */
		if (d->a == 0)
			finish(&values[i], av.period - av.down, av.period);
		else
			finish(&values[i], av.down, -1);
	}
	return SW_OK;
}

/* ---- the catalogue ------------------------------------------------------------ */

#define HOUR 3600.0
#define DAYS (86400.0)
/* KPI(name, area, title, unit, direction, target, amber, red, measure, kind, a, b, definition) */
#define KPI(name_, area_, title_, unit_, dir_, t_, a_, r_, fn_, kind_, x_, y_, def_)                                   \
	{                                                                                                              \
		.name = name_, .area = area_, .title = title_, .unit = unit_, .direction = dir_,                       \
		.target = {t_, a_, r_}, .measure = fn_, .kind = kind_, .a = x_, .b = y_, .definition = def_            \
	}
#define LOW KPI_LOWER_BETTER
#define HIGH KPI_HIGHER_BETTER

/* clang-format off */
const struct kpi_def kpi_catalogue[] = {
	/* incidents */
	KPI("incident_mtta", "incidents", "Mean time to acknowledge", KPI_SECONDS, LOW, 0.5 * HOUR, HOUR, 4 * HOUR,
	    measure_hours, "incident", KPI_H_RESPONSE_SUM, KPI_H_RESPONDED,
	    "Mean seconds from raising to the first response, over the incidents resolved in the interval that had a "
	    "first response."),
	KPI("incident_mttr", "incidents", "Mean time to resolve", KPI_SECONDS, LOW, 8 * HOUR, 24 * HOUR, 72 * HOUR,
	    measure_hours, "incident", KPI_H_RESOLVE_SUM, KPI_H_RESOLVED,
	    "Mean seconds from raising to resolution, over the incidents resolved in the interval (and not reopened "
	    "since)."),
	KPI("incident_first_contact_rate", "incidents", "First-contact resolution rate", KPI_RATIO, HIGH, 0.7, 0.6, 0.5,
	    measure_hours, "incident", KPI_H_FIRST_CONTACT, KPI_H_RESOLVED,
	    "Share of the incidents resolved in the interval that were never reassigned and never reopened."),
	KPI("incident_reopen_rate", "incidents", "Reopen rate", KPI_RATIO, LOW, 0.05, 0.08, 0.12,
	    measure_hours, "incident", KPI_H_REOPENED, KPI_H_RESOLVED,
	    "Share of the incidents resolved in the interval that had been reopened at least once."),
	KPI("incident_sla_response", "incidents", "SLA response compliance", KPI_RATIO, HIGH, 0.95, 0.9, 0.8,
	    measure_sla, "incident", SLA_RESPONSE, 0,
	    "Response clocks that stopped in the interval within their target, over all response clocks that "
	    "stopped in it (canceled incidents left out); the SLA compliance report's rule."),
	KPI("incident_sla_resolution", "incidents", "SLA resolution compliance", KPI_RATIO, HIGH, 0.95, 0.9, 0.8,
	    measure_sla, "incident", SLA_RESOLUTION, 0,
	    "Resolution clocks that stopped in the interval within their target, over all resolution clocks that "
	    "stopped in it (canceled incidents left out)."),
	{.name = "incident_backlog", .area = "incidents", .title = "Backlog", .unit = KPI_COUNT, .direction = LOW,
	 .target = {100, 200, 400}, .point = true, .measure = measure_open, .kind = "incident", .a = OPEN_COUNT,
	 .definition = "Incidents open or on hold now. A figure of the present: the period does not change it."},
	{.name = "incident_backlog_age", .area = "incidents", .title = "Backlog age", .unit = KPI_SECONDS,
	 .direction = LOW, .target = {3 * DAYS, 7 * DAYS, 14 * DAYS}, .point = true, .measure = measure_open,
	 .kind = "incident", .a = OPEN_AGE,
	 .definition = "Mean seconds since raising of the incidents open or on hold now."},
	KPI("incident_major", "incidents", "Major incidents", KPI_COUNT, LOW, 0, 1, 3,
	    measure_hours, "incident", KPI_H_MAJOR, -1,
	    "Incidents raised in the interval that are major incidents."),
	KPI("incident_count", "incidents", "Incidents raised", KPI_COUNT, LOW, 100, 150, 250,
	    measure_hours, "incident", KPI_H_CREATED, -1,
	    "Incidents raised in the interval; with service= the incident count of a service."),
	/* requests */
	KPI("request_fulfilment_time", "requests", "Mean fulfilment time", KPI_SECONDS, LOW, 2 * DAYS, 4 * DAYS,
	    8 * DAYS, measure_hours, "request", KPI_H_RESOLVE_SUM, KPI_H_RESOLVED,
	    "Mean seconds from raising to fulfilment (the resolved phase), over the requests fulfilled in the "
	    "interval."),
	KPI("request_approval_time", "requests", "Mean approval time", KPI_SECONDS, LOW, 1 * DAYS, 2 * DAYS, 4 * DAYS,
	    measure_pair, "request", KPI_Q_APPROVAL_TIME, PAIR_SHARE,
	    "Mean seconds from asking for approval to the decision, over the requests' approvals approved or "
	    "rejected in the interval."),
	KPI("request_sla_resolution", "requests", "Request SLA compliance", KPI_RATIO, HIGH, 0.95, 0.9, 0.8,
	    measure_sla, "request", SLA_RESOLUTION, 0,
	    "Resolution clocks of requests that stopped in the interval within their target, over all that "
	    "stopped in it."),
	/* problems */
	KPI("problem_time_to_root_cause", "problems", "Mean time to root cause", KPI_SECONDS, LOW, 14 * DAYS,
	    30 * DAYS, 60 * DAYS, measure_pair, "problem", KPI_Q_ROOT_CAUSE, PAIR_SHARE,
	    "Mean seconds from raising a problem to the first time it reached root_cause_known (or known_error, if "
	    "that came first), over the problems that reached it in the interval."),
	KPI("problem_time_to_known_error", "problems", "Mean time to known error", KPI_SECONDS, LOW, 30 * DAYS,
	    60 * DAYS, 90 * DAYS, measure_pair, "problem", KPI_Q_KNOWN_ERROR_STATE, PAIR_SHARE,
	    "Mean seconds from raising a problem to the first time it reached known_error, over the problems that "
	    "reached it in the interval."),
	KPI("problem_time_to_workaround", "problems", "Mean time to workaround", KPI_SECONDS, LOW, 30 * DAYS,
	    60 * DAYS, 90 * DAYS, measure_pair, "problem", KPI_Q_WORKAROUND, PAIR_SHARE,
	    "Mean seconds from raising a problem to publishing its workaround, over the problems whose workaround "
	    "was published in the interval."),
	KPI("problem_incidents_per_problem", "problems", "Incidents per problem", KPI_RATIO, LOW, 5, 10, 20,
	    measure_pair, "incident", KPI_Q_PROBLEM_INCIDENTS, PAIR_PER,
	    "Incidents raised in the interval and linked to a problem, over the problems they are linked to."),
	KPI("problem_recurring_incidents", "problems", "Recurring incidents", KPI_COUNT, LOW, 0, 5, 20,
	    measure_pair, "incident", KPI_Q_RECURRING, PAIR_COUNT,
	    "Incidents raised in the interval linked to a problem that already had an incident raised earlier."),
	/* changes */
	KPI("change_success_rate", "changes", "Change success rate", KPI_RATIO, HIGH, 0.95, 0.9, 0.8,
	    measure_changes, "change", 0, 0,
	    "Changes closed in the interval as successful or successful with issues, over all closed in it (the "
	    "change report's figures)."),
	KPI("change_emergency_share", "changes", "Emergency change share", KPI_RATIO, LOW, 0.05, 0.1, 0.2,
	    measure_changes, "change", 1, 0,
	    "Emergency changes among the changes raised in the interval."),
	KPI("change_caused_incidents", "changes", "Changes causing incidents", KPI_RATIO, LOW, 0.02, 0.05, 0.1,
	    measure_pair, "change", KPI_Q_CHANGES_CAUSING, PAIR_SHARE,
	    "Changes closed in the interval that some incident names as its cause (caused_by), over all closed "
	    "in it."),
	KPI("change_count", "changes", "Changes raised", KPI_COUNT, LOW, 20, 40, 80, measure_hours, "change",
	    KPI_H_CREATED, -1, "Changes raised in the interval; with service= the changes of a service."),
	KPI("change_lead_time", "changes", "Change lead time", KPI_SECONDS, LOW, 7 * DAYS, 14 * DAYS, 30 * DAYS,
	    measure_pair, "change", KPI_Q_CHANGE_LEAD, PAIR_SHARE,
	    "Mean seconds from raising to closing, over the changes closed in the interval."),
	/* knowledge */
	KPI("knowledge_reuse_rate", "knowledge", "Knowledge reuse rate", KPI_RATIO, HIGH, 0.3, 0.2, 0.1,
	    measure_pair, "incident", KPI_Q_REUSE, PAIR_SHARE,
	    "Incidents resolved in the interval that are linked to a knowledge article, over all resolved in it."),
	KPI("knowledge_deflection_rate", "knowledge", "Knowledge deflection rate", KPI_RATIO, HIGH, 0.3, 0.2, 0.1,
	    measure_pair, "article", KPI_Q_DEFLECTION, PAIR_SHARE,
	    "Self-service knowledge sessions begun in the interval (an end user reading or searching the knowledge "
	    "base; one session per 30 minutes) after which the same person raised no incident or request within 24 "
	    "hours, over all sessions begun in it. The filters do not apply."),
	{.name = "knowledge_past_review", .area = "knowledge", .title = "Articles past review", .unit = KPI_COUNT,
	 .direction = LOW, .target = {0, 10, 50}, .point = true, .measure = measure_pair, .kind = "article",
	 .a = KPI_Q_PAST_REVIEW, .b = PAIR_COUNT,
	 .definition = "Published articles whose review-by date has passed, now."},
	/* services */
	{.name = "service_availability", .area = "services", .title = "Service availability", .unit = KPI_RATIO,
	 .direction = HIGH, .target = {0.999, 0.995, 0.99}, .needs = KPI_NEEDS_SERVICE, .measure = measure_service,
	 .kind = "incident", .a = 0,
	 .definition = "Seconds of the interval (up to now) the service was not down, over the interval's "
		       "seconds; down is the union of the outages recorded on its incidents (as the service's "
		       "availability answer counts it). Needs service=."},
	{.name = "service_downtime", .area = "services", .title = "Service downtime", .unit = KPI_SECONDS,
	 .direction = LOW, .target = {HOUR, 4 * HOUR, 12 * HOUR}, .needs = KPI_NEEDS_SERVICE,
	 .measure = measure_service, .kind = "incident", .a = 1,
	 .definition = "Seconds of the interval the service was down (overlapping outages counted once). Needs "
		       "service=."},
	/* customers */
	KPI("csat_score", "customers", "CSAT score", KPI_RATIO, HIGH, 0.85, 0.75, 0.6, measure_pair, "survey",
	    KPI_Q_CSAT, PAIR_SHARE,
	    "Satisfaction surveys answered in the interval with a rating of 4 or 5 (satisfied, very satisfied), over "
	    "all answered in it: the usual CSAT percentage. service= and group= are the survey's (the ticket's when "
	    "it was sent), priority= its ticket's."),
	KPI("survey_response_rate", "customers", "Survey response rate", KPI_RATIO, HIGH, 0.3, 0.2, 0.1, measure_pair,
	    "survey", KPI_Q_SURVEY_RESPONSE, PAIR_SHARE,
	    "Satisfaction surveys sent in the interval that have been answered (by now), over all sent in it; the "
	    "filters as for csat_score."),
	{.name = NULL},
};
/* clang-format on */

size_t kpi_count(void)
{
	size_t n = 0;
	while (kpi_catalogue[n].name)
		n++;
	return n;
}

const struct kpi_def *kpi_find(const char *name)
{
	for (const struct kpi_def *d = kpi_catalogue; name && d->name; d++)
		if (strcmp(d->name, name) == 0)
			return d;
	return NULL;
}

enum sw_err kpi_measure(struct store *s, const char *name, const struct kpi_filter *f, time_t from, time_t to,
			struct kpi_value *out, struct sw_error *err)
{
	const struct kpi_def *d = kpi_find(name);
	if (!d)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no KPI '%s'", name ? name : "");
	if (to <= from)
		return sw_fail(err, SW_EINVALID, NULL, "the period must end after it begins");
	struct kpi_filter none = {0};
	int64_t bounds[2] = {(int64_t)from, (int64_t)to};
	struct kpi_value v;
	enum sw_err rc = d->measure(s, d, f ? f : &none, bounds, 1, &v, err);
	if (!rc)
		*out = v;
	return rc;
}

/* ---- status and targets ---------------------------------------------------------- */

/* x at or better than y */
static bool better_eq(enum kpi_direction dir, double x, double y)
{
	return dir == KPI_HIGHER_BETTER ? x >= y : x <= y;
}

bool kpi_target_ordered(enum kpi_direction dir, const struct kpi_target *t)
{
	return better_eq(dir, t->target, t->amber) && better_eq(dir, t->amber, t->red);
}

enum kpi_status kpi_status_of(enum kpi_direction dir, const struct kpi_target *t, const struct kpi_value *v)
{
	if (!v->has_value)
		return KPI_NONE;
	/* green while better than where amber begins; red from where red begins */
	if (better_eq(dir, t->red, v->value))
		return KPI_RED;
	if (better_eq(dir, t->amber, v->value))
		return KPI_AMBER;
	return KPI_GREEN;
}

static int64_t milli(double v)
{
	return (int64_t)llround(v * 1000.0);
}

static enum sw_err entries(struct ctx *c, struct kpi_entry **out, size_t *count, struct sw_error *err)
{
	struct kpi_target_row *rows = NULL;
	size_t nrows = 0, n = kpi_count();
	enum sw_err rc = store_kpi_targets(c->store, &rows, &nrows, err);
	if (rc)
		return rc;
	struct kpi_entry *e = arena_alloc(c->arena, n * sizeof(*e));
	if (!e)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		e[i] = (struct kpi_entry){.def = &kpi_catalogue[i], .target = kpi_catalogue[i].target};
		for (size_t j = 0; j < nrows; j++)
			if (strcmp(rows[j].name, kpi_catalogue[i].name) == 0) {
				e[i].target = (struct kpi_target){rows[j].target / 1000.0, rows[j].amber / 1000.0,
								  rows[j].red / 1000.0};
				e[i].target_set = true;
			}
	}
	*out = e;
	*count = n;
	return SW_OK;
}

enum sw_err kpi_list(struct ctx *c, struct kpi_entry **out, size_t *count, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	return rc ? rc : entries(c, out, count, err);
}

static enum sw_err entry_of(struct ctx *c, const char *name, struct kpi_entry *out, struct sw_error *err)
{
	struct kpi_entry *e;
	size_t n;
	enum sw_err rc = entries(c, &e, &n, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (strcmp(e[i].def->name, name) == 0) {
			*out = e[i];
			return SW_OK;
		}
	return sw_fail(err, SW_ENOTFOUND, NULL, "no KPI '%s'", name);
}

#define TARGET_MAX 1e12 /* any unit: a number within +/- this */

enum sw_err kpi_target_set(struct ctx *c, const char *name, const struct kpi_target *t, struct kpi_entry *out,
			   struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc)
		return rc;
	const struct kpi_def *d = kpi_find(name);
	if (!d)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no KPI '%s'", name ? name : "");
	const double v[3] = {t->target, t->amber, t->red};
	static const char *const fields[3] = {"target", "amber", "red"};
	for (int i = 0; i < 3; i++) {
		if (!isfinite(v[i]) || v[i] < 0 || v[i] > TARGET_MAX)
			sw_field_fail(err, fields[i], "must be a number from 0 to 1e12");
		else if (d->unit == KPI_RATIO && v[i] > 1)
			sw_field_fail(err, fields[i], "must be a ratio from 0 to 1");
	}
	if (!err->code && !kpi_target_ordered(d->direction, t))
		sw_field_fail(err, "amber",
			      d->direction == KPI_HIGHER_BETTER ? "must be at most target and at least red"
								: "must be at least target and at most red");
	if (err->code)
		return err->code;
	struct kpi_entry before;
	if ((rc = core_tx_begin(c, err)))
		return rc;
	if ((rc = entry_of(c, name, &before, err)))
		return core_tx_end(c, rc, err);
	struct kpi_target_row row = {name, milli(t->target), milli(t->amber), milli(t->red)};
	rc = store_kpi_target_set(c->store, &row, c->now, c->actor.user_id, err);
	if (!rc) {
		struct changes ch;
		changes_init(&ch);
		char from[3][32], to[3][32];
		const double old[3] = {before.target.target, before.target.amber, before.target.red};
		changes_set_str(&ch, "kpi", name);
		const int64_t now_milli[3] = {row.target, row.amber, row.red};
		for (int i = 0; i < 3; i++) {
			snprintf(from[i], sizeof(from[i]), "%.10g", old[i]);
			snprintf(to[i], sizeof(to[i]), "%.10g", (double)now_milli[i] / 1000.0);
			changes_str(&ch, fields[i], from[i], to[i]);
		}
		rc = audit_changes(c, "kpi", (int64_t)(d - kpi_catalogue) + 1, "target", false, &ch, err);
	}
	if (!rc) /* the answer read before the commit: a failure after it would deny a write that was made */
		rc = entry_of(c, name, out, err);
	return core_tx_end(c, rc, err);
}

/* ---- series ------------------------------------------------------------------------ */

static int64_t next_start(int64_t day, enum kpi_interval iv)
{
	if (iv == KPI_DAY)
		return day + 1;
	if (iv == KPI_WEEK) {
		int64_t wd = ((day + 3) % 7 + 7) % 7; /* 1970-01-01 was a Thursday: Monday is 0 */
		return day - wd + 7;
	}
	int y, m, dd;
	tz_civil_from_days(day, &y, &m, &dd);
	return m == 12 ? tz_days_from_civil(y + 1, 1, 1) : tz_days_from_civil(y, m + 1, 1);
}

size_t kpi_plan(const struct tz *z, int64_t from_day, int64_t to_day, enum kpi_interval iv, int64_t *starts,
		int64_t *days, size_t max)
{
	size_t n = 0;
	for (int64_t day = from_day; day <= to_day; day = next_start(day, iv)) {
		if (n == max)
			return 0;
		days[n] = day;
		starts[n++] = report_day_start(z, day);
	}
	starts[n] = report_day_start(z, to_day + 1);
	return n;
}

/* The value over the whole period: the intervals' figures added up where
 * the KPI's figures add (counts, and the sums and counts behind the rates
 * and means of the hour totals and SLA clocks), which spares a second
 * pass over the totals; else measured again over the whole. */
static enum sw_err whole_value(struct store *s, const struct kpi_def *d, const struct kpi_filter *f,
			       const int64_t *starts, size_t n, const struct kpi_value *values, struct kpi_value *out,
			       struct sw_error *err)
{
	if (d->measure != measure_hours && d->measure != measure_sla) {
		int64_t whole[2] = {starts[0], starts[n]};
		return d->measure(s, d, f, whole, 1, out, err);
	}
	int64_t num = 0, den = 0;
	for (size_t i = 0; i < n; i++) {
		num += values[i].numerator;
		den += values[i].denominator;
	}
	finish(out, num, d->measure == measure_hours && d->b < 0 ? -1 : den);
	return SW_OK;
}

/* The record a filter names, or a 400 naming the parameter. */
static enum sw_err filter_ref(struct ctx *c, enum core_ref_kind kind, const char *param, const char *name, int64_t *id,
			      const char **shown, struct sw_error *err)
{
	if (!name)
		return SW_OK;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = core_ref_set(c, kind, param, name, id, shown, &look);
	if (rc)
		return sw_fail(err, rc, NULL, "%s", look.detail);
	if (look.code)
		core_query_fail(err, param, "no %s '%s'", param, name);
	return SW_OK;
}

static void read_date(const char *s, const char *param, int64_t *day, struct sw_error *err)
{
	if (s && tz_parse_date(s, strlen(s), day))
		core_query_fail(err, param, "must be a date YYYY-MM-DD from 1970 to 9999");
}

static enum sw_err series_params(struct ctx *c, const struct kpi_series_input *in, struct tz **z,
				 struct kpi_series *out, struct sw_error *err)
{
	int iv = in->interval ? core_value_index(in->interval, kpi_interval_names, KPI_INTERVAL__COUNT) : KPI_DAY;
	if (iv < 0)
		core_query_fail(err, "interval", "must be day, week or month");
	out->interval = iv < 0 ? KPI_DAY : (enum kpi_interval)iv;
	int64_t from = 0, to = 0;
	read_date(in->from, "from", &from, err);
	read_date(in->to, "to", &to, err);
	struct sw_error zerr;
	sw_error_clear(&zerr);
	enum sw_err rc = report_zone(c, in->tz, z, &zerr);
	if (rc && rc != SW_EINVALID)
		return sw_fail(err, rc, NULL, "%s", zerr.detail);
	if (!*z)
		core_query_fail(err, "tz", "must be a known IANA time zone such as Europe/London");
	if (in->priority) {
		int64_t p = 0;
		if (parse_int64(in->priority, strlen(in->priority), 1, 5, &p))
			core_query_fail(err, "priority", "must be a priority from 1 to 5");
		out->filter.priority = (int)p;
	}
	if ((rc = filter_ref(c, CORE_REF_SERVICE, "service", in->service, &out->filter.service_id, &out->service,
			     err)) ||
	    (rc = filter_ref(c, CORE_REF_GROUP, "group", in->group, &out->filter.group_id, &out->group, err)))
		return rc;
	if (err->code || !*z)
		return err->code ? err->code : SW_EBADREQ;
	if (!in->to) {
		struct tz_local now;
		tz_to_local(*z, c->now, &now);
		to = tz_days_from_civil(now.year, now.month, now.day);
	}
	if (!in->from)
		from = to - 29;
	if (from > to)
		return core_query_fail(err, "from", "must not be after to");
	out->from_day = from;
	out->to_day = to;
	return SW_OK;
}

enum sw_err kpi_series(struct ctx *c, const struct kpi_series_input *in, struct kpi_series *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	if ((rc = entry_of(c, in->name, &out->entry, err)))
		return rc;
	const struct kpi_def *d = out->entry.def;
	struct tz *z = NULL;
	int64_t *starts = NULL, *days = NULL;
	struct kpi_value *values = NULL;
	if ((rc = series_params(c, in, &z, out, err)))
		goto out;
	out->filter.now = c->now;
	out->tz = arena_strdup(c->arena, tz_name(z));
	starts = arena_alloc(c->arena, (KPI_POINTS_MAX + 1) * sizeof(*starts));
	days = arena_alloc(c->arena, KPI_POINTS_MAX * sizeof(*days));
	if (!out->tz || !starts || !days) {
		rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		goto out;
	}
	size_t n = kpi_plan(z, out->from_day, out->to_day, out->interval, starts, days, KPI_POINTS_MAX);
	if (!n) {
		rc = core_query_fail(err, "interval", "the period by %s would be more than %d points",
				     kpi_interval_names[out->interval], KPI_POINTS_MAX);
		goto out;
	}
	out->start = starts[0];
	out->end = starts[n];
	if (d->point) { /* a figure of the present has no series */
		int64_t whole[2] = {out->start, out->end};
		if (!(rc = d->measure(c->store, d, &out->filter, whole, 1, &out->value, err)))
			out->status = kpi_status_of(d->direction, &out->entry.target, &out->value);
		goto out;
	}
	values = arena_alloc(c->arena, n * sizeof(*values));
	out->points = arena_alloc(c->arena, n * sizeof(*out->points));
	if (!values || !out->points) {
		rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		goto out;
	}
	if ((rc = d->measure(c->store, d, &out->filter, starts, n, values, err)))
		goto out;
	if ((rc = whole_value(c->store, d, &out->filter, starts, n, values, &out->value, err)))
		goto out;
	out->status = kpi_status_of(d->direction, &out->entry.target, &out->value);
	for (size_t i = 0; i < n; i++)
		out->points[i] =
			(struct kpi_point){.day = days[i],
					   .start = starts[i],
					   .end = starts[i + 1],
					   .value = values[i],
					   .status = kpi_status_of(d->direction, &out->entry.target, &values[i])};
	out->count = n;
out:
	tz_free(z);
	return rc;
}
