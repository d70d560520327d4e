/*
 * service.h — the service portfolio: business objectives and services,
 * the objectives each service serves and what it depends on (other
 * services and CIs).  Everyone may read the portfolio (the portal offers
 * services); managers and admins write it.
 */
#ifndef SW_CORE_SERVICE_H
#define SW_CORE_SERVICE_H

#include "core/cmdb/cmdb.h"
#include "core/model.h"
#include "core/kernel/record.h"
#include "base/list.h"

struct objective {
	int64_t id;
	const char *name, *description, *measure, *target;
	int64_t owner_id;
	const char *owner;
	int64_t created_at, updated_at;
};

LIST_OF(objective_list, objective);

struct objective_input {
	const char *name, *description, *measure, *target, *owner;
	bool set_description, set_measure, set_target, set_owner;
};

/* Run by core/kernel/record.h: struct objective_input in, struct objective
 * out (listed whole by record_list), named by id; managers write, every
 * user reads. */
extern const struct record_kind objective_kind;

enum service_kind { SVC_BUSINESS, SVC_TECHNICAL, SVC_KIND__COUNT };
enum service_status { SVC_PIPELINE, SVC_LIVE, SVC_RETIRED, SVC_STATUS__COUNT };
CORE_VALUE_LIST_DECL(enum service_kind, service_kind_name, service_kind_parse);
CORE_VALUE_LIST_DECL(enum service_status, service_status_name, service_status_parse);

#define SERVICE_LINKS_MAX 20
#define SERVICE_DEPS_MAX 200 /* services, CIs and objectives each */

struct service {
	int64_t id;
	const char *name, *description;
	enum service_kind kind;
	enum service_status status;
	int64_t owner_id, group_id, sla_policy_id;
	const char *owner, *group, *sla_policy;
	int criticality;         /* 1 (highest) .. 4 */
	int64_t annual_cost;     /* whole currency units; -1 = not set */
	const char *cost_centre; /* NULL = not set */
	const char *risk;        /* low, medium, high, critical; NULL = not assessed */
	const char *risk_notes;
	int availability_target; /* hundredths of a percent (99.9 % = 9990); 0 = none */
	const char **links;      /* URLs */
	size_t link_count;
	const char **objectives; /* names */
	size_t objective_count;
	const char **depends_on; /* service names */
	size_t depends_on_count;
	int64_t *cis; /* CI ids */
	size_t ci_count;
	int64_t created_at, updated_at;
};

struct service_list {
	struct service *items;
	size_t count;
	const char *next_cursor;
};

struct service_input {
	const char *name, *description, *kind, *status, *owner, *group, *sla_policy, *cost_centre, *risk, *risk_notes;
	int criticality, availability_target;
	int64_t annual_cost;
	const char **links, **objectives, **depends_on;
	size_t link_count, objective_count, depends_on_count;
	int64_t *cis;
	size_t ci_count;
	bool set_description, set_kind, set_status, set_owner, set_group, set_sla_policy, set_cost_centre, set_risk,
		set_risk_notes, set_criticality, set_availability_target, set_annual_cost, set_links, set_objectives,
		set_depends_on, set_cis;
};

struct service_filter {
	const char *status, *owner, *objective; /* NULL = any */
};

/* Run by core/kernel/record.h: struct service_input in, struct service out,
 * named by id; managers write, every user reads. */
extern const struct record_kind service_kind;
enum sw_err service_list(struct ctx *c, const struct service_filter *f, const struct page *p, struct service_list *out,
			 struct sw_error *err);

/* ---- availability ---------------------------------------------------------- */

struct calendar;

struct outage {
	const char *incident; /* number */
	int64_t start, end;   /* end 0: still going on */
};

struct availability {
	int64_t from, to;          /* the period asked for, clipped to the present */
	int64_t period, down;      /* seconds */
	int64_t availability;      /* thousandths of a percent (99.95 % = 99950) */
	int target;                /* hundredths of a percent; 0 = none */
	bool met;                  /* availability >= target (true without a target) */
	int64_t failures;          /* downtimes: overlapping outages merged, each counted once */
	int64_t mtrs, mtbf, mtbsi; /* mean seconds to restore, of uptime between failures, between
				     * service incidents (mtbf + mtrs); -1 with no failure */
	struct outage *outages;    /* those overlapping the period, clipped to it */
	size_t outage_count;
	const char *hours;   /* the calendar of the service's agreed hours it was measured on; NULL: all time */
	int64_t maintenance; /* seconds of planned maintenance left out of the period (and of the downtime) */
	bool maintenance_excluded;
	int64_t planned_down;           /* seconds of outage inside what was left out: planned, not downtime */
	struct outage *planned_changes; /* maintenance excluded: the changes whose windows were left out */
	size_t planned_change_count;
};

/* What a service's availability is measured against (docs/cmdb.md):
 * only its agreed service hours (the calendar of its SLA policy, else of
 * the first policy of an active SLA agreement covering it; all time when
 * it has none), and without the occurrences of the maintenance windows
 * that hold for it (docs/schedule.md) nor the approved windows of its
 * changes that expected an outage and were implemented within them. */
struct availability_opts {
	bool service_hours, exclude_maintenance;
};

#define AVAILABILITY_OUTAGES_MAX 10000
#define AVAILABILITY_CHANGES_MAX 1000 /* planned change outages left out of one answer */

/* Pure: downtime in [from, to) is the union of the outages (overlapping
 * ones count once; an ongoing one lasts until now); to is clipped to now.
 * outages sorted by start, clipped in place. */
void availability_compute(struct outage *outages, size_t n, int64_t from, int64_t to, int64_t now, int target,
			  struct availability *out);

/* Availability of service id over [from, to) from the incidents on it
 * that record an outage, as o says (NULL: all time, maintenance counted).
 * Agents and up.  SW_EBADREQ when to <= from, or when o asks to leave
 * maintenance out of a span longer than the schedule expands. */
enum sw_err service_availability(struct ctx *c, int64_t id, int64_t from, int64_t to, const struct availability_opts *o,
				 struct availability *out, struct sw_error *err);
/* Pure: the period and downtime of a (as availability_compute left it),
 * measured again on cal (NULL: all time) without the count intervals
 * [start, end) at skip (any order, overlapping or not), the outage inside
 * them (planned_down), and the figures that follow from them. */
struct interval {
	int64_t start, end;
};
void availability_measure(struct availability *a, const struct calendar *cal, struct interval *skip, size_t count);
/* The same for CI id, from the incidents naming it as their CI (no target). */
enum sw_err ci_availability(struct ctx *c, int64_t id, int64_t from, int64_t to, struct availability *out,
			    struct sw_error *err);

/* What service id depends on, transitively, downward: services, their
 * CIs, and the CIs those depend on.  Each thing once; cycles end there. */
enum sw_err service_dependencies(struct ctx *c, int64_t id, int depth, struct graph_result *out, struct sw_error *err);

#endif
