/*
 * improvement.h — the improvement register (issue #18): improvements are
 * a ticket kind (ticket_kind_improvement, IMP0000001) run by the ticket
 * engine.  Title, description, service, owner (the assignee), priority and
 * status (idea -> approved -> in_progress -> done, or rejected/abandoned)
 * are the ticket's; anyone may propose one (end users from the portal, as
 * an idea), managers approve or reject.  What only improvements have is
 * their plan, kept beside the ticket: benefits expected, cost, review date,
 * outcome notes, the seven steps as optional texts, further services, the
 * problems and changes it is linked to (both ends show the link) and its
 * KPIs — each a name, a target, the baseline captured when the
 * improvement is approved and the value now.  See docs/improvements.md.
 */
#ifndef SW_CORE_IMPROVEMENT_H
#define SW_CORE_IMPROVEMENT_H

#include "core/core.h"
#include "core/model.h"
#include "core/ticket/ticket.h"

extern const struct ticket_kind ticket_kind_improvement;

#define IMPROVEMENT_TEXT_MAX 10000 /* characters of each text */
#define IMPROVEMENT_LINKS_MAX 50   /* problems, changes, services each */
#define IMPROVEMENT_KPIS_MAX 20
#define IMPROVEMENT_KPI_NAME_MAX 100
#define IMPROVEMENT_KPI_VALUE_MAX 100000000000LL /* hundredths, either sign */

/* The texts of a plan, in the order answers show them. */
/* clang-format off */
#define IMPROVEMENT_TEXTS(X, ...) \
	X(__VA_ARGS__, benefits) \
	X(__VA_ARGS__, cost) \
	X(__VA_ARGS__, outcome) \
	X(__VA_ARGS__, vision) \
	X(__VA_ARGS__, current_state) \
	X(__VA_ARGS__, target_state) \
	X(__VA_ARGS__, plan) \
	X(__VA_ARGS__, action_taken) \
	X(__VA_ARGS__, check_result) \
	X(__VA_ARGS__, momentum)
/* clang-format on */

struct improvement_kpi {
	int64_t id;
	const char *name;
	int64_t target;      /* hundredths */
	bool has_baseline;   /* false: not captured (not approved yet, or no value was available) */
	int64_t baseline;    /* hundredths */
	int64_t baseline_at; /* when captured */
	bool has_current;    /* false: the value is not available */
	int64_t current;     /* hundredths, read live */
};

#define IMPROVEMENT_TEXT_MEMBER(unused_, name_) const char *name_;
struct improvement_plan {
	const char *number;
	IMPROVEMENT_TEXTS(IMPROVEMENT_TEXT_MEMBER, -)
	int64_t review_at;                            /* 0: none */
	const char **services, **problems, **changes; /* names; numbers */
	size_t service_count, problem_count, change_count;
	struct improvement_kpi *kpis;
	size_t kpi_count;
	int64_t updated_at; /* 0: never written */
};

#define IMPROVEMENT_TEXT_INPUT(unused_, name_) const char *name_;
#define IMPROVEMENT_TEXT_SET(unused_, name_) bool set_##name_;
struct improvement_kpi_input {
	const char *name;
	int64_t target;
	bool set_target;
};
struct improvement_plan_input {
	IMPROVEMENT_TEXTS(IMPROVEMENT_TEXT_INPUT, -)
	IMPROVEMENT_TEXTS(IMPROVEMENT_TEXT_SET, -)
	int64_t review_at;
	bool set_review_at;
	const char **services, **problems, **changes;
	size_t service_count, problem_count, change_count;
	bool set_services, set_problems, set_changes;
	struct improvement_kpi_input *kpis;
	size_t kpi_count;
	bool set_kpis;
};

/* The plan of improvement number as the caller may read it (the ticket's
 * visibility), with each KPI's current value. */
enum sw_err improvement_plan_get(struct ctx *c, const char *number, struct improvement_plan *out, struct sw_error *err);
/* Change what in gives (agents; a closed or canceled improvement still
 * takes its outcome and review); lists replace the stored ones whole.  One
 * transaction with its audit row on the improvement. */
enum sw_err improvement_plan_set(struct ctx *c, const char *number, const struct improvement_plan_input *in,
				 struct improvement_plan *out, struct sw_error *err);
/* The improvements linked to a problem or change (kind, number) the
 * caller may read. */
enum sw_err improvement_list_of(struct ctx *c, const struct ticket_kind *kind, const char *number,
				struct ticket_list *out, struct sw_error *err);

/* The one seam to the KPI engine (core/report/kpi.h: kpi_measure): the
 * value of KPI name for improvement t over the 30 days before now (on
 * t's service when it names one), in hundredths of the KPI's unit, into
 * *value with *available true; *available false when there is nothing to
 * measure (no ticket resolved for a mean time, say) or the KPI needs a
 * service t does not name. */
enum sw_err improvement_kpi_value(struct ctx *c, const struct ticket *t, const char *name, int64_t *value,
				  bool *available, struct sw_error *err);

#endif
