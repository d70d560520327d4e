/*
 * improvement.c — the improvement register (improvement.h): the kind's
 * declaration for the ticket engine, who may approve, the baselines taken
 * on approval, and the plan kept beside the ticket.
 */
#include <math.h>
#include <string.h>

#include "core/core_int.h"
#include "core/csi/improvement.h"
#include "core/report/kpi.h"
#include "core/kernel/authz.h"
#include "core/port/csi.h"
#include "core/port/ticket.h"
#include "base/banned.h"

/* ---- the kind ------------------------------------------------------------------------ */

static const struct ticket_state improvement_states[] = {
	{"idea", TICKET_PHASE_OPEN},   {"approved", TICKET_PHASE_OPEN},     {"in_progress", TICKET_PHASE_OPEN},
	{"done", TICKET_PHASE_CLOSED}, {"rejected", TICKET_PHASE_CANCELED}, {"abandoned", TICKET_PHASE_CANCELED},
	{NULL, TICKET_PHASE_OPEN},
};

/* clang-format off */
static const struct ticket_action improvement_actions[] = {
	{"approve", TICKET_FROM("idea"), "approved", false, TICKET_NEEDS_NOTHING, "Approve an idea (managers); each KPI's baseline is captured now"},
	{"reject", TICKET_FROM("idea"), "rejected", false, TICKET_NEEDS_NOTHING, "Reject an idea (managers)"},
	{"start", TICKET_FROM("approved"), "in_progress", false, TICKET_NEEDS_NOTHING, "Start the work (approved -> in progress)"},
	{"complete", TICKET_FROM("in_progress"), "done", false, TICKET_NEEDS_NOTHING, "The improvement is done (record the outcome in its plan)"},
	{"abandon", TICKET_FROM("idea", "approved", "in_progress"), "abandoned", false, TICKET_NEEDS_NOTHING, "Abandon the improvement"},
};
/* clang-format on */

static enum sw_err improvement_may_act(const struct actor *a, const struct ticket *t, const struct ticket_action *ac,
				       struct sw_error *err)
{
	(void)t;
	if ((!strcmp(ac->name, "approve") || !strcmp(ac->name, "reject")) && a->role < ROLE_MANAGER)
		return sw_fail(err, SW_EFORBIDDEN, NULL, "only managers may %s an improvement", ac->name);
	return SW_OK;
}

/* Each KPI without a baseline gets the value it has now, where one is
 * available. */
static enum sw_err capture_baselines(struct ctx *c, const struct ticket *t, struct sw_error *err)
{
	struct improvement_plan p;
	enum sw_err rc = store_improvement_plan_get(c->store, t->id, &p, err);
	for (size_t i = 0; !rc && i < p.kpi_count; i++) {
		if (p.kpis[i].has_baseline)
			continue;
		int64_t v = 0;
		bool available = false;
		if (!(rc = improvement_kpi_value(c, t, p.kpis[i].name, &v, &available, err)) && available)
			rc = store_improvement_kpi_baseline(c->store, p.kpis[i].id, true, v, c->now, err);
	}
	return rc;
}

static enum sw_err improvement_after_action(struct ctx *c, const struct ticket_action *ac, struct ticket *t,
					    const struct ticket_action_input *in, struct sw_error *err)
{
	(void)in;
	return strcmp(ac->name, "approve") == 0 ? capture_baselines(c, t, err) : SW_OK;
}

TICKET_KIND(ticket_kind_improvement, "improvement", "IMP", "improvements", "an improvement", "Improvement",
	    improvement_states, "idea", improvement_actions, .may_act = improvement_may_act,
	    .after_action = improvement_after_action);

/* ---- the KPI seam -------------------------------------------------------------------- */

#define KPI_WINDOW_S (30 * 86400) /* what a baseline and a current value are measured over */

enum sw_err improvement_kpi_value(struct ctx *c, const struct ticket *t, const char *name, int64_t *value,
				  bool *available, struct sw_error *err)
{
	/* the KPI over the 30 days before now, on the improvement's service
	 * when it has one; a KPI of a period's rate or mean has no value when
	 * nothing happened in it */
	*value = 0;
	*available = false;
	struct kpi_filter f = {.service_id = t->service_id, .now = c->now};
	struct kpi_value v;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = kpi_measure(c->store, name, &f, (time_t)(c->now - KPI_WINDOW_S), (time_t)c->now, &v, &look);
	if (rc == SW_ENOTFOUND || rc == SW_EINVALID)
		return SW_OK; /* a KPI no longer in the catalogue: not available */
	if (rc) {
		*err = look;
		return rc;
	}
	if (v.has_value) {
		*value = (int64_t)llround(v.value * 100.0);
		*available = true;
	}
	return SW_OK;
}

/* ---- the plan ------------------------------------------------------------------------- */

static enum sw_err current_values(struct ctx *c, const struct ticket *t, struct improvement_plan *p,
				  struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < p->kpi_count; i++)
		rc = improvement_kpi_value(c, t, p->kpis[i].name, &p->kpis[i].current, &p->kpis[i].has_current, err);
	return rc;
}

/* The plan of t as the actor may read it: an end user (its requester)
 * reads it without the desk's own records — the problems and changes it
 * is linked to, and its KPIs, whose catalogue and values are the desk's
 * (GET /api/v1/kpis is for agents). */
static enum sw_err read_plan(struct ctx *c, const struct ticket *t, struct improvement_plan *out, struct sw_error *err)
{
	enum sw_err rc = store_improvement_plan_get(c->store, t->id, out, err);
	if (rc)
		return rc;
	out->number = t->number;
	if (!authz_is_agent(&c->actor)) {
		out->problem_count = out->change_count = out->kpi_count = 0;
		return SW_OK;
	}
	return current_values(c, t, out, err);
}

enum sw_err improvement_plan_get(struct ctx *c, const char *number, struct improvement_plan *out, struct sw_error *err)
{
	struct ticket t;
	enum sw_err rc = ticket_load(c, &ticket_kind_improvement, number, &t, err);
	return rc ? rc : read_plan(c, &t, out, err);
}

/* The ids of the tickets of kind that numbers name, for field; errors
 * collected ("problems[1]"). */
static enum sw_err ticket_ids(struct ctx *c, const char *field, const struct ticket_kind *kind,
			      const char *const *numbers, size_t count, int64_t *ids, struct sw_error *err)
{
	for (size_t i = 0; i < count; i++) {
		const char *at = arena_printf(c->arena, "%s[%zu]", field, i);
		for (size_t j = 0; j < i; j++)
			if (strcmp(numbers[i], numbers[j]) == 0)
				sw_field_fail(err, at, "names %s twice", numbers[i]);
		struct ticket t;
		struct sw_error look;
		sw_error_clear(&look);
		enum sw_err rc = store_ticket_by_number(c->store, numbers[i], &t, &look);
		if (rc == SW_ENOTFOUND || (!rc && t.kind != kind)) {
			core_reference_fail(err, at, "no %s '%s'", kind->name, numbers[i]);
			continue;
		}
		if (rc) {
			*err = look;
			return rc;
		}
		ids[i] = t.id;
	}
	return SW_OK;
}

static void check_input(struct ctx *c, const struct improvement_plan_input *in, struct sw_error *err)
{
#define CHECK_TEXT(unused_, m)                                                                                         \
	if (in->set_##m && in->m && !core_text_ok(in->m, 0, IMPROVEMENT_TEXT_MAX))                                     \
		sw_field_fail(err, #m, "must be at most %d characters of text", IMPROVEMENT_TEXT_MAX);
	IMPROVEMENT_TEXTS(CHECK_TEXT, -)
#undef CHECK_TEXT
	for (size_t i = 0; in->set_kpis && i < in->kpi_count; i++) {
		const struct improvement_kpi_input *k = &in->kpis[i];
		const char *at = arena_printf(c->arena, "kpis[%zu]", i);
		if (!k->name || !core_text_ok(k->name, 1, IMPROVEMENT_KPI_NAME_MAX))
			sw_field_fail(err, arena_printf(c->arena, "%s.name", at), "must be 1 to %d characters",
				      IMPROVEMENT_KPI_NAME_MAX);
		else if (!kpi_find(k->name))
			sw_field_fail(err, arena_printf(c->arena, "%s.name", at),
				      "is no KPI of the catalogue (GET /api/v1/kpis)");
		if (!k->set_target)
			sw_field_fail(err, arena_printf(c->arena, "%s.target", at), "is required");
		for (size_t j = 0; k->name && j < i; j++)
			if (in->kpis[j].name && strcmp(in->kpis[j].name, k->name) == 0)
				sw_field_fail(err, arena_printf(c->arena, "%s.name", at), "names '%s' twice", k->name);
	}
}

enum sw_err improvement_plan_set(struct ctx *c, const char *number, const struct improvement_plan_input *in,
				 struct improvement_plan *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	check_input(c, in, err);
	/* every reference is checked with the rest before the transaction */
	size_t nlinks = in->problem_count + in->change_count;
	int64_t *services = arena_alloc(c->arena, (in->service_count + 1) * sizeof(int64_t));
	int64_t *problems = arena_alloc(c->arena, (nlinks + 1) * sizeof(int64_t));
	struct improvement_plan was, p;
	if (!services || !problems)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; !rc && in->set_services && i < in->service_count; i++) {
		const char *at = arena_printf(c->arena, "services[%zu]", i);
		rc = core_ref_set(c, CORE_REF_SERVICE, at, in->services[i], &services[i], NULL, err);
	}
	if (!rc && in->set_problems)
		rc = ticket_ids(c, "problems", &ticket_kind_problem, in->problems, in->problem_count, problems, err);
	if (!rc && in->set_changes)
		rc = ticket_ids(c, "changes", &ticket_kind_change, in->changes, in->change_count,
				problems + in->problem_count, err);
	struct ticket t;
	if (rc || (rc = ticket_write_begin(c, &ticket_kind_improvement, number, 0, &t, err)))
		return rc;
	rc = store_improvement_plan_get(c->store, t.id, &was, err);
	if (!rc) {
		p = was;
#define APPLY_TEXT(unused_, m)                                                                                         \
	if (in->set_##m)                                                                                               \
		p.m = in->m && *in->m ? in->m : NULL;
		IMPROVEMENT_TEXTS(APPLY_TEXT, -)
#undef APPLY_TEXT
		if (in->set_review_at)
			p.review_at = in->review_at;
		p.updated_at = c->now;
		rc = store_improvement_plan_save(c->store, t.id, &p, err);
	}
	struct changes ch;
	changes_init(&ch);
#define AUDIT_TEXT(unused_, m) changes_str(&ch, #m, was.m, p.m);
	if (!rc) {
		IMPROVEMENT_TEXTS(AUDIT_TEXT, -)
		changes_time(&ch, "review_at", was.review_at, p.review_at);
	}
#undef AUDIT_TEXT
	if (!rc && in->set_services) {
		rc = store_improvement_services_set(c->store, t.id, services, in->service_count, err);
		changes_set_str(&ch, "services", "replaced");
	}
	if (!rc && (in->set_problems || in->set_changes)) {
		/* problems and changes are one set of links: keep the half not given */
		size_t np = in->set_problems ? in->problem_count : was.problem_count;
		size_t nc = in->set_changes ? in->change_count : was.change_count;
		int64_t *ids = arena_alloc(c->arena, (np + nc + 1) * sizeof(int64_t));
		if (!ids)
			rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		for (size_t i = 0; !rc && i < np; i++)
			rc = in->set_problems ? (ids[i] = problems[i], SW_OK)
					      : ticket_ids(c, "problems", &ticket_kind_problem, was.problems + i, 1,
							   &ids[i], err);
		for (size_t i = 0; !rc && i < nc; i++)
			rc = in->set_changes ? (ids[np + i] = problems[in->problem_count + i], SW_OK)
					     : ticket_ids(c, "changes", &ticket_kind_change, was.changes + i, 1,
							  &ids[np + i], err);
		if (!rc)
			rc = store_improvement_links_set(c->store, t.id, ids, np + nc, err);
		changes_set_str(&ch, "links", "replaced");
	}
	if (!rc && in->set_kpis) {
		struct improvement_kpi *k = arena_alloc(c->arena, (in->kpi_count + 1) * sizeof(*k));
		if (!k)
			rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		for (size_t i = 0; !rc && i < in->kpi_count; i++)
			k[i] = (struct improvement_kpi){.name = in->kpis[i].name, .target = in->kpis[i].target};
		if (!rc)
			rc = store_improvement_kpis_set(c->store, t.id, k, in->kpi_count, err);
		changes_set_str(&ch, "kpis", "replaced");
		/* KPIs named once the improvement is approved get their baseline now */
		if (!rc && strcmp(t.state, "idea") != 0 && t.phase == TICKET_PHASE_OPEN)
			rc = capture_baselines(c, &t, err);
	}
	if (!rc)
		rc = audit_changes(c, "ticket", t.id, "improvement_plan", false, &ch, err);
	else
		changes_release(&ch);
	if (!rc)
		rc = read_plan(c, &t, out, err);
	return core_tx_end(c, rc, err);
}

enum sw_err improvement_list_of(struct ctx *c, const struct ticket_kind *kind, const char *number,
				struct ticket_list *out, struct sw_error *err)
{
	struct ticket t;
	enum sw_err rc = ticket_load(c, kind, number, &t, err);
	return rc ? rc : store_improvements_of(c->store, t.id, out, err);
}
