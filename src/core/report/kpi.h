/*
 * kpi.h — key performance indicators (docs/kpis.md): a catalogue of KPIs
 * declared as data (name, title, unit, definition, which way is better,
 * a default target with amber and red thresholds, and how it is
 * measured), each measured over a period or as a series of intervals in
 * a time zone, with a red/amber/green status against its target.  Admins
 * change targets (kept in kpi_targets, audited).  Read-only otherwise;
 * ticket figures come from the running totals (port/kpi.h), so a series
 * costs one query over hours however many tickets there are.
 */
#ifndef SW_CORE_REPORT_KPI_H
#define SW_CORE_REPORT_KPI_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/core.h"

struct store;

#define KPI_POINTS_MAX 5000 /* intervals in one series */

/* What a KPI is measured over besides the period: a service, an
 * assignment group, a priority (0: any).  now is the instant a KPI of
 * the present (a backlog, articles past review, an outage still going
 * on) is read at; 0: the period's end. */
struct kpi_filter {
	int64_t service_id, group_id;
	int priority;
	int64_t now;
};

/* A KPI's value over one period.  has_value is false when there was
 * nothing to measure (no ticket resolved for a mean time, say);
 * numerator and denominator are the figures behind a rate or a mean
 * (denominator 1 for a count). */
struct kpi_value {
	double value;
	bool has_value;
	int64_t numerator, denominator;
};

enum kpi_unit { KPI_SECONDS, KPI_RATIO, KPI_COUNT, KPI_UNIT__COUNT };
extern const char *const kpi_unit_names[]; /* "seconds", "ratio", "count" */
enum kpi_direction { KPI_HIGHER_BETTER, KPI_LOWER_BETTER };
enum kpi_status { KPI_NONE, KPI_GREEN, KPI_AMBER, KPI_RED };
extern const char *const kpi_status_names[]; /* NULL (none), "green", "amber", "red" */

/* A target: the goal (drawn as a line) and the thresholds where amber
 * and red begin, ordered from better to worse: target, amber, red. */
struct kpi_target {
	double target, amber, red;
};

struct kpi_def;
/* How a KPI is measured: values[i] over [bounds[i], bounds[i + 1]) for
 * i < n; values of the present are read at f->now. */
typedef enum sw_err (*kpi_measure_fn)(struct store *s, const struct kpi_def *d, const struct kpi_filter *f,
				      const int64_t *bounds, size_t n, struct kpi_value *values, struct sw_error *err);

enum kpi_needs { KPI_NEEDS_NOTHING, KPI_NEEDS_SERVICE };

struct kpi_def {
	const char *name, *area, *title;
	enum kpi_unit unit;
	enum kpi_direction direction;
	const char *definition; /* formula, what counts, the time zone (docs/kpis.md) */
	struct kpi_target target;
	bool point;           /* a value of the present: no series, the period does not change it */
	enum kpi_needs needs; /* KPI_NEEDS_SERVICE: no value without service= */
	kpi_measure_fn measure;
	/* the measure's arguments */
	const char *kind;
	int a, b; /* columns, a query, a metric: what measure reads */
};

/* The catalogue, in order; NULL-terminated. */
extern const struct kpi_def kpi_catalogue[];
size_t kpi_count(void);
const struct kpi_def *kpi_find(const char *name);

/* The value of KPI name over [from, to) (instants), filtered.  For other
 * code (the improvement register's baselines): no role check, no
 * transaction.  SW_ENOTFOUND for an unknown name, SW_EINVALID when
 * to <= from. */
enum sw_err kpi_measure(struct store *s, const char *name, const struct kpi_filter *f, time_t from, time_t to,
			struct kpi_value *out, struct sw_error *err);

/* Pure: the status of value v against t for direction dir. */
enum kpi_status kpi_status_of(enum kpi_direction dir, const struct kpi_target *t, const struct kpi_value *v);
/* Pure: whether t is ordered for dir (target, amber, red from better to worse). */
bool kpi_target_ordered(enum kpi_direction dir, const struct kpi_target *t);

/* ---- the API's operations ---------------------------------------------------- */

struct kpi_entry {
	const struct kpi_def *def;
	struct kpi_target target; /* in force: an admin's, else the default */
	bool target_set;          /* an admin's */
};
/* The catalogue with the targets in force; agents and up. */
enum sw_err kpi_list(struct ctx *c, struct kpi_entry **out, size_t *count, struct sw_error *err);

enum kpi_interval { KPI_DAY, KPI_WEEK, KPI_MONTH, KPI_INTERVAL__COUNT };
extern const char *const kpi_interval_names[];

/* A series asked for: dates "YYYY-MM-DD" inclusive (to: today; from: 29
 * days before to), the interval (day), the zone (the caller's), and
 * the filters by name or number as the query gave them. */
struct kpi_series_input {
	const char *name, *from, *to, *interval, *tz;
	const char *service, *group, *priority;
};
struct kpi_point {
	int64_t day; /* the interval's first local day (days since 1970-01-01) */
	int64_t start, end;
	struct kpi_value value;
	enum kpi_status status;
};
struct kpi_series {
	struct kpi_entry entry;
	const char *tz;
	enum kpi_interval interval;
	int64_t from_day, to_day;
	int64_t start, end;
	struct kpi_filter filter;
	const char *service, *group; /* names of the filters given */
	struct kpi_value value;      /* over the whole period */
	enum kpi_status status;
	struct kpi_point *points; /* none for a KPI of the present */
	size_t count;
};
/* Agents and up.  SW_ENOTFOUND for an unknown KPI; a bad date, zone,
 * interval or filter, from after to, or more than KPI_POINTS_MAX
 * intervals is SW_EBADREQ naming the parameter. */
enum sw_err kpi_series(struct ctx *c, const struct kpi_series_input *in, struct kpi_series *out, struct sw_error *err);

/* Admins: a KPI's target and thresholds (in its unit), audited. */
enum sw_err kpi_target_set(struct ctx *c, const char *name, const struct kpi_target *t, struct kpi_entry *out,
			   struct sw_error *err);

/* ---- pure parts, exposed for tests ---------------------------------------- */

/* The intervals of days [from_day, to_day] of zone z: starts[0..n] (n + 1
 * instants, the first the period's start, the last its end) and the
 * local first day of each; n, or 0 when more than max. */
struct tz;
size_t kpi_plan(const struct tz *z, int64_t from_day, int64_t to_day, enum kpi_interval iv, int64_t *starts,
		int64_t *days, size_t max);

/* How a series of hour intervals is read from the day totals and the hour
 * totals (measure_hours).  hours[0..n] are the intervals' boundaries as
 * UTC hours (interval i is [hours[i], hours[i + 1]), ascending).  The
 * totals of a UTC day d go whole to the interval holding its middle hour
 * (24 d + 12): kpi_interval_at.  Where a boundary falls inside a UTC day,
 * the hours between it and the day's middle belong to another interval:
 * kpi_split_edge names them (at most 12) with the interval they are
 * added to and the one they are taken from, so every interval ends up
 * with exactly the sum of its own hours. */
struct kpi_edge {
	int64_t from, to;    /* hours [from, to) */
	int64_t plus, minus; /* the intervals they are added to and taken from; -1 for none */
};
/* The interval holding hour h, or -1 for none. */
int64_t kpi_interval_at(const int64_t *hours, size_t n, int64_t h);
/* The UTC days [*from, *to) whose middle hour lies within the series. */
void kpi_split_days(const int64_t *hours, size_t n, int64_t *from, int64_t *to);
/* The hours boundary j (0..n) moves from one interval to another; false
 * when it falls on a UTC midnight (nothing to move). */
bool kpi_split_edge(const int64_t *hours, size_t n, size_t j, struct kpi_edge *out);

#endif
