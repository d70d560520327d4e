/*
 * change.c — changes and change tasks: the two kinds' declarations for
 * the ticket engine (ticket_engine.c runs them), the path each change
 * type takes through the states and who may authorise, what a state needs
 * (plans, a schedule, a review), the tasks that gate the end of
 * implementation, and the incidents a change caused.  See change.h and
 * docs/changes.md.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/change/change.h"
#include "core/change/change_int.h"
#include "core/change/change_template.h"
#include "core/change/risk.h"
#include "core/cmdb/cmdb.h"
#include "core/cmdb/service.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/port/change.h"
#include "core/port/cmdb.h"
#include "core/port/ticket.h"
#include "core/report/report.h"
#include "core/schedule/schedule.h"
#include "base/banned.h"

const char *const change_types[] = {"standard", "normal", "emergency", NULL};
const char *const change_risks[] = {"low", "medium", "high", "very_high", NULL};
const char *const change_close_codes[] = {"successful", "successful_with_issues", "failed", "backed_out", NULL};

/*
 * The states.  Everything up to the end of implementation is open work;
 * review is open too (the change is done but not finished: the close code
 * is set, the review may still be written), so no SLA or auto-close pass
 * treats a change in review as resolved.  Rejected and canceled changes
 * end in the canceled phase.
 */
static const struct ticket_state change_states[] = {
	{"new", TICKET_PHASE_OPEN},       {"assess", TICKET_PHASE_OPEN},       {"authorise", TICKET_PHASE_OPEN},
	{"scheduled", TICKET_PHASE_OPEN}, {"implement", TICKET_PHASE_OPEN},    {"review", TICKET_PHASE_OPEN},
	{"closed", TICKET_PHASE_CLOSED},  {"rejected", TICKET_PHASE_CANCELED}, {"canceled", TICKET_PHASE_CANCELED},
	{NULL, TICKET_PHASE_OPEN},
};

/* clang-format off */
static const struct ticket_action change_actions[] = {
	{"assess", TICKET_FROM("new"), "assess", false, TICKET_NEEDS_NOTHING, "Start assessing a normal change"},
	{"submit", TICKET_FROM("assess"), "authorise", false, TICKET_NEEDS_NOTHING,
	 "Ask for authorisation of a normal change (implementation, back-out and test plans and the planned times must be filled)"},
	{"expedite", TICKET_FROM("new"), "authorise", false, TICKET_NEEDS_NOTHING,
	 "Ask for expedited authorisation of an emergency change (the record may be completed later)"},
	{"authorise", TICKET_FROM("authorise"), "scheduled", false, TICKET_NEEDS_NOTHING,
	 "Authorise a normal or emergency change (managers and admins; what the approval engine's outcome will run)"},
	{"reject", TICKET_FROM("authorise"), "rejected", false, TICKET_NEEDS_NOTHING,
	 "Reject a change waiting for authorisation, with a reason (managers and admins)"},
	{"schedule", TICKET_FROM("new"), "scheduled", false, TICKET_NEEDS_NOTHING,
	 "Schedule a standard change (pre-approved: no assessment or authorisation; planned times and implementation plan needed)"},
	{"implement", TICKET_FROM("scheduled"), "implement", false, TICKET_NEEDS_NOTHING, "Start implementing (stamps actual_start)"},
	{"complete", TICKET_FROM("implement"), "review", false, TICKET_NEEDS_RESOLUTION,
	 "End implementation with a close code (successful, successful_with_issues, failed, backed_out) and notes; refused while tasks are open"},
	{"close", TICKET_FROM("review"), "closed", false, TICKET_NEEDS_NOTHING,
	 "Close after review (the review is needed for failed, backed-out, emergency and high-risk changes)"},
	{"cancel", TICKET_FROM("new", "assess", "authorise", "scheduled"), "canceled", false, TICKET_NEEDS_NOTHING, "Cancel a change not yet implementing"},
};
/* clang-format on */

/* ---- which type takes which action, and who ------------------------------------- */

enum { STANDARD = 1, NORMAL = 2, EMERGENCY = 4, ANY_TYPE = 7 };

static unsigned type_bit(const char *type)
{
	for (size_t i = 0; type && change_types[i]; i++)
		if (strcmp(type, change_types[i]) == 0)
			return 1u << i;
	return 0;
}

/* The actions only some types take, or only some roles; the others are
 * every type's, and every agent's. */
static const struct {
	const char *action;
	unsigned types;
	enum role role;
} paths[] = {
	{"assess", NORMAL, ROLE_AGENT},
	{"submit", NORMAL, ROLE_AGENT},
	{"expedite", EMERGENCY, ROLE_AGENT},
	{"schedule", STANDARD, ROLE_AGENT},
	{"authorise", NORMAL | EMERGENCY, ROLE_MANAGER},
	{"reject", NORMAL | EMERGENCY, ROLE_MANAGER},
};

static enum sw_err change_may_act(const struct actor *a, const struct ticket *t, const struct ticket_action *ac,
				  struct sw_error *err)
{
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		if (strcmp(paths[i].action, ac->name) != 0)
			continue;
		if (!(paths[i].types & type_bit(t->change_type)))
			return sw_fail(err, SW_ECONFLICT, "illegal-transition", "a %s change does not %s",
				       t->change_type ? t->change_type : "?", ac->name);
		if (a->role < paths[i].role)
			return sw_fail(err, SW_EFORBIDDEN, NULL,
				       "only change managers (managers, admins) may %s a change", ac->name);
	}
	return SW_OK;
}

/* ---- what a state needs ----------------------------------------------------------- */

static bool blank(const char *s)
{
	return !s || !*s;
}

static void need_text(struct sw_error *err, const char *field, const char *value, const char *why)
{
	if (blank(value))
		sw_field_fail(err, field, "is required %s", why);
}

static void need_time(struct sw_error *err, const char *field, int64_t value, const char *why)
{
	if (!value)
		sw_field_fail(err, field, "is required %s", why);
}

static void need_plans(struct sw_error *err, const struct ticket *t, const char *why)
{
	need_text(err, "implementation_plan", t->implementation_plan, why);
	need_text(err, "backout_plan", t->backout_plan, why);
	need_text(err, "test_plan", t->test_plan, why);
}

/* The schedule over t's planned span on its services (and the service it
 * names): the blackout occurrences it overlaps and the maintenance
 * warning (docs/schedule.md).  Nothing to check without a planned span. */
static enum sw_err schedule_of(struct ctx *c, const struct ticket *t, struct schedule_check *out, struct sw_error *err)
{
	*out = (struct schedule_check){0};
	if (!t->planned_start || !t->planned_end)
		return SW_OK;
	int64_t *services;
	size_t n;
	enum sw_err rc = store_ticket_services(c->store, t->id, &services, &n, err);
	if (rc)
		return rc;
	bool listed = false;
	for (size_t i = 0; i < n && !listed; i++)
		listed = services[i] == t->service_id;
	if (t->service_id && !listed) {
		int64_t *all = arena_alloc(c->arena, (n + 1) * sizeof(*all));
		if (!all)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		if (n) /* services is NULL when there are none */
			memcpy(all, services, n * sizeof(*all));
		all[n++] = t->service_id;
		services = all;
	}
	return schedule_check(c, services, n, t->planned_start, t->planned_end, out, err);
}

/* A blackout over the change's planned span refuses scheduling, unless
 * the action carries a reason and either the change is an emergency or
 * every blackout it overlaps lets a change override it. */
static enum sw_err blackout_check(struct ctx *c, const struct ticket *t, const struct ticket_action_input *in,
				  struct sw_error *err)
{
	struct schedule_check sc;
	enum sw_err rc = schedule_of(c, t, &sc, err);
	if (rc || !sc.blackout_count)
		return rc;
	bool emergency = type_bit(t->change_type) == EMERGENCY;
	const struct schedule_hit *firm = NULL;
	for (size_t i = 0; i < sc.blackout_count && !firm; i++)
		if (!sc.blackouts[i].allow_override)
			firm = &sc.blackouts[i];
	if (!blank(in->reason) && (emergency || !firm))
		return SW_OK;
	const struct schedule_hit *h = firm ? firm : &sc.blackouts[0];
	return sw_fail(err, SW_ECONFLICT, "blackout", "%s falls in the blackout window '%s'%s", t->number, h->window,
		       emergency || !firm ? "; it may go ahead when the action gives a reason" : "");
}

/* Does the review have to be written before t closes? */
static bool review_needed(const struct ticket *t)
{
	const char *code = t->resolution_code ? t->resolution_code : "";
	const char *risk = t->risk ? t->risk : "";
	return strcmp(code, "failed") == 0 || strcmp(code, "backed_out") == 0 ||
	       type_bit(t->change_type) == EMERGENCY || strcmp(risk, "high") == 0 || strcmp(risk, "very_high") == 0;
}

/* The open tasks of a change, as a 409 naming them. */
static enum sw_err open_tasks_refusal(struct ctx *c, const struct ticket *t, struct sw_error *err)
{
	struct ticket_list open;
	enum sw_err rc = store_change_tasks(c->store, t->id, true, CHANGE_TASKS_MAX, &open, err);
	if (rc || !open.count)
		return rc;
	struct buf names = BUF_INIT(4096);
	for (size_t i = 0; i < open.count && i < 20; i++)
		buf_printf(&names, "%s%s", i ? ", " : "", open.items[i].number);
	rc = sw_fail(err, SW_ECONFLICT, "open-tasks", "%s has %zu open task%s (%s%s); finish or cancel them first",
		     t->number, open.count, open.count == 1 ? "" : "s", buf_cstr(&names),
		     open.count > 20 ? ", ..." : "");
	buf_release(&names);
	return rc;
}

static enum sw_err change_before_action(struct ctx *c, const struct ticket_action *ac, const struct ticket *before,
					const struct ticket_action_input *in, struct ticket *t, struct sw_error *err)
{
	(void)before;
	const char *a = ac->name;
	bool emergency = type_bit(t->change_type) == EMERGENCY;
	if (strcmp(a, "submit") == 0) {
		need_plans(err, t, "to ask for authorisation");
		need_time(err, "planned_start", t->planned_start, "to ask for authorisation");
		need_time(err, "planned_end", t->planned_end, "to ask for authorisation");
	} else if (strcmp(a, "schedule") == 0) {
		need_text(err, "implementation_plan", t->implementation_plan, "to schedule a standard change");
		need_time(err, "planned_start", t->planned_start, "to schedule a standard change");
		need_time(err, "planned_end", t->planned_end, "to schedule a standard change");
	} else if (strcmp(a, "authorise") == 0 && !emergency) {
		need_time(err, "planned_start", t->planned_start, "to authorise a normal change");
		need_time(err, "planned_end", t->planned_end, "to authorise a normal change");
	} else if (strcmp(a, "reject") == 0) {
		need_text(err, "reason", in->reason, "to reject a change");
	} else if (strcmp(a, "implement") == 0) {
		if (!t->actual_start)
			t->actual_start = c->now;
	} else if (strcmp(a, "complete") == 0) {
		enum sw_err rc = open_tasks_refusal(c, t, err);
		if (rc)
			return rc;
		t->resolution_code = in->resolution_code;
		t->resolution_notes = in->resolution_notes;
		if (!t->actual_end)
			t->actual_end = c->now;
	} else if (strcmp(a, "close") == 0) {
		if (emergency)
			need_plans(err, t, "to close an emergency change");
		if (review_needed(t))
			need_text(
				err, "pir", t->pir,
				"to close a failed, backed-out, emergency or high-risk change (the post-implementation "
				"review)");
	}
	if (err->code)
		return err->code;
	if (strcmp(ac->to, "scheduled") == 0)
		return blackout_check(c, t, in, err);
	return SW_OK;
}

/* ---- the change's own fields ------------------------------------------------------ */

static bool one_of(const char *s, const char *const *set)
{
	for (; s && *set; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

static enum sw_err check_services(struct ctx *c, const int64_t *ids, size_t count, struct sw_error *err)
{
	for (size_t i = 0; i < count; i++) {
		struct service v;
		struct sw_error look;
		sw_error_clear(&look);
		enum sw_err rc = store_service_by_id(c->store, ids[i], &v, &look);
		if (rc == SW_ENOTFOUND)
			core_reference_fail(err, arena_printf(c->arena, "affected_services[%zu]", i), "no service %lld",
					    (long long)ids[i]);
		else if (rc)
			return sw_fail(err, rc, NULL, "%s", look.detail);
	}
	return SW_OK;
}

static enum sw_err change_before_write(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
				       struct ticket *t, struct sw_error *err)
{
	bool creating = before->id == 0;
	enum sw_err rc;
	if (in->set_change_type) {
		if (!one_of(in->change_type, change_types))
			sw_field_fail(err, "type", "must be one of standard, normal, emergency");
		else if (!creating && strcmp(in->change_type, before->change_type ? before->change_type : "") != 0)
			sw_field_fail(err, "type", "is fixed once the change is raised (raise a new change)");
		else
			t->change_type = in->change_type;
	}
	if (!t->change_type)
		t->change_type = "normal";
	risk_input_check(in, err);
	if (in->set_change_owner &&
	    (rc = ticket_agent_ref(c, "change_owner", in->change_owner, &t->change_owner_id, &t->change_owner, err)))
		return rc;
	core_apply_span(err, "a planned_start", "planned_end", in->set_planned_start, in->planned_start,
			in->set_planned_end, in->planned_end, &t->planned_start, &t->planned_end);
	core_apply_span(err, "a actual_start", "actual_end", in->set_actual_start, in->actual_start, in->set_actual_end,
			in->actual_end, &t->actual_start, &t->actual_end);
	if (in->set_outage_expected)
		t->outage_expected = in->outage_expected;
	if (in->set_outage_minutes)
		t->outage_minutes = in->outage_minutes;
	if (t->outage_minutes && !t->outage_expected)
		sw_field_fail(err, "outage_minutes", "needs outage_expected");
	if (in->set_affected_services &&
	    (rc = check_services(c, in->affected_services, in->affected_service_count, err)))
		return rc;
	if (in->set_affected_cis &&
	    (rc = ticket_ci_set_check(c, "affected_cis", in->affected_cis, in->affected_ci_count, err)))
		return rc;
	return err->code;
}

/* After the row: the sets it names, each audited when it changed. */
static enum sw_err change_after_write(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
				      const struct ticket *t, struct sw_error *err)
{
	int64_t *was, *now;
	size_t was_n, now_n;
	enum sw_err rc = SW_OK;
	/* given, or on a create from a template, the template's */
	bool from_template = !before->id && in->template;
	const int64_t *cis = in->set_affected_cis ? in->affected_cis : t->affected_cis;
	size_t ci_n = in->set_affected_cis ? in->affected_ci_count : t->affected_ci_count;
	const int64_t *svc = in->set_affected_services ? in->affected_services : t->affected_services;
	size_t svc_n = in->set_affected_services ? in->affected_service_count : t->affected_service_count;
	if ((in->set_affected_cis || (from_template && ci_n)) &&
	    ((rc = store_ticket_cis(c->store, t->id, "affected", &was, &was_n, err)) ||
	     (rc = store_ticket_cis_set(c->store, t->id, "affected", cis, ci_n, err)) ||
	     (rc = store_ticket_cis(c->store, t->id, "affected", &now, &now_n, err)) ||
	     (rc = ticket_id_set_audit(c, t, "affected_cis", was, was_n, now, now_n, err))))
		return rc;
	if ((in->set_affected_services || (from_template && svc_n)) &&
	    ((rc = store_ticket_services(c->store, t->id, &was, &was_n, err)) ||
	     (rc = store_ticket_services_set(c->store, t->id, svc, svc_n, err)) ||
	     (rc = store_ticket_services(c->store, t->id, &now, &now_n, err)) ||
	     (rc = ticket_id_set_audit(c, t, "affected_services", was, was_n, now, now_n, err))))
		return rc;
	/* its risk, from what it is now (risk.h) */
	return risk_refresh(c, in, before, t, from_template ? in->template : NULL, err);
}

static enum sw_err apply_ci_updates(struct ctx *c, const struct ticket *t, struct sw_error *err);

/* A change closed as successful resolves the open problems it fixes
 * (their fix names it), as the problem's own resolve does: its open
 * incidents follow by the problem rules. */
static enum sw_err resolve_fixed_problems(struct ctx *c, const struct ticket *t, struct sw_error *err)
{
	struct ticket_list fixed;
	enum sw_err rc = store_change_fixed_problems(c->store, t->id, CHANGE_TASKS_MAX, &fixed, err);
	const struct ticket_action *resolve = ticket_action_find(&ticket_kind_problem, "resolve");
	if (rc || !fixed.count)
		return rc;
	if (!resolve)
		return sw_fail(err, SW_EINTERNAL, NULL, "problems have no resolve action");
	struct ticket_action_input in = {
		.resolution_code = "permanent_fix",
		.resolution_notes = arena_printf(c->arena, "Fixed by %s (%s), closed as %s.", t->number, t->title,
						 t->resolution_code),
	};
	if (!in.resolution_notes)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < fixed.count && !rc; i++) {
		struct ticket after;
		if (!ticket_action_from(resolve, fixed.items[i].state))
			continue;
		if (!(rc = ticket_transition(c, resolve, &fixed.items[i], &in, t->number, &after, err)) &&
		    ticket_kind_problem.after_action)
			rc = ticket_kind_problem.after_action(c, resolve, &after, &in, err);
	}
	return rc;
}

static enum sw_err change_after_action(struct ctx *c, const struct ticket_action *ac, struct ticket *t,
				       const struct ticket_action_input *in, struct sw_error *err)
{
	(void)in;
	if (strcmp(ac->name, "implement") == 0)
		return apply_ci_updates(c, t, err);
	const char *code = t->resolution_code ? t->resolution_code : "";
	if (strcmp(ac->name, "close") == 0 &&
	    (strcmp(code, "successful") == 0 || strcmp(code, "successful_with_issues") == 0))
		return resolve_fixed_problems(c, t, err);
	return SW_OK;
}

static const char *change_type_of(const struct ticket *t)
{
	return t->change_type;
}

static const char *change_risk_of(const struct ticket *t)
{
	return t->risk;
}

/* Authorisation is the approval engine's (docs/approvals.md): a change
 * entering authorise gets the steps of the matching approval policy (a
 * CAB for normal changes, a smaller one for emergencies, by match_type and
 * match_risk), and their outcome runs authorise or reject; where no policy
 * applies, a change manager authorises or rejects by hand, as one may
 * always do (which ends a pending request). */
TICKET_KIND(ticket_kind_change, "change", "CHG", "changes", "a change", "ChangeTicket", change_states, "new",
	    change_actions,
	    .approval = {.state = "authorise",
			 .approved = "authorise",
			 .rejected = "reject",
			 .by_hand_without_policy = true,
			 .types = change_types,
			 .type_of = change_type_of,
			 .risks = change_risks,
			 .risk_of = change_risk_of},
	    .resolution_codes = change_close_codes,
	    .fields = TICKET_FIELD_CHANGE | TICKET_FIELD_CIS | TICKET_FIELD_TEMPLATE, .agents_only = true,
	    .apply_template = change_template_apply, .before_write = change_before_write,
	    .after_write = change_after_write, .may_act = change_may_act, .before_action = change_before_action,
	    .after_action = change_after_action);

/* ---- change tasks ----------------------------------------------------------------- */

static const struct ticket_state task_states[] = {
	{"open", TICKET_PHASE_OPEN},         {"in_progress", TICKET_PHASE_OPEN}, {"done", TICKET_PHASE_CLOSED},
	{"canceled", TICKET_PHASE_CANCELED}, {NULL, TICKET_PHASE_OPEN},
};

/* clang-format off */
static const struct ticket_action task_actions[] = {
	{"start", TICKET_FROM("open"), "in_progress", false, TICKET_NEEDS_NOTHING, "Start working on the task"},
	{"complete", TICKET_FROM("open", "in_progress"), "done", false, TICKET_NEEDS_NOTHING, "The task is done"},
	{"cancel", TICKET_FROM("open", "in_progress"), "canceled", false, TICKET_NEEDS_NOTHING, "Cancel the task"},
};
/* clang-format on */

/* A task is added to an open change, once: its change is fixed, and its
 * order, when not given, follows the change's last task. */
static enum sw_err task_before_write(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
				     struct ticket *t, struct sw_error *err)
{
	if (before->id) {
		if (in->set_change)
			sw_field_fail(err, "change", "is fixed once the task is added");
	} else if (!in->set_change || !in->change) {
		sw_field_fail(err, "change", "is required (add tasks with POST /api/v1/changes/{number}/tasks)");
	}
	if (err->code || !t->change_id || before->id)
		goto order;
	struct ticket ch;
	enum sw_err rc = store_ticket_by_id(c->store, t->change_id, &ch, err);
	if (rc)
		return rc;
	if (ch.phase != TICKET_PHASE_OPEN && ch.phase != TICKET_PHASE_PAUSED)
		return sw_fail(err, SW_ECONFLICT, "illegal-transition", "%s is %s: tasks are added to open changes",
			       ch.number, ch.state);
	if (!in->set_task_order) {
		int64_t next;
		if ((rc = store_change_task_next_order(c->store, t->change_id, &next, err)))
			return rc;
		t->task_order = (int)next;
	}
order:
	if (in->set_task_order)
		t->task_order = in->task_order;
	return err->code;
}

TICKET_KIND(ticket_kind_change_task, "change_task", "CTASK", "change-tasks", "a change task", "ChangeTask", task_states,
	    "open", task_actions, .fields = TICKET_FIELD_TASK, .agents_only = true, .before_write = task_before_write);

/* ---- what hangs off a change ------------------------------------------------------ */

enum sw_err change_tasks(struct ctx *c, const char *number, struct ticket_list *out, struct sw_error *err)
{
	struct ticket ch;
	enum sw_err rc = ticket_load(c, &ticket_kind_change, number, &ch, err);
	if (rc)
		return rc;
	return store_change_tasks(c->store, ch.id, false, CHANGE_TASKS_MAX, out, err);
}

enum sw_err change_task_add(struct ctx *c, const char *number, struct ticket_input *in, struct ticket *out,
			    struct sw_error *err)
{
	if (in->set_change) {
		sw_field_fail(err, "change", "is the change in the path; leave it out");
		return err->code;
	}
	in->change = number;
	in->set_change = true;
	struct ticket ch;
	enum sw_err rc = ticket_load(c, &ticket_kind_change, number, &ch, err);
	if (rc)
		return rc;
	return ticket_create(c, &ticket_kind_change_task, in, out, err);
}

enum sw_err change_caused_incidents(struct ctx *c, const char *number, struct ticket_list *out, struct sw_error *err)
{
	struct ticket ch;
	enum sw_err rc = ticket_load(c, &ticket_kind_change, number, &ch, err);
	if (rc)
		return rc;
	return store_change_caused(c->store, ch.id, CHANGE_CAUSED_MAX, out, err);
}

/* ---- the report's figures ----------------------------------------------------------- */

static int permille(int64_t part, int64_t whole)
{
	return whole ? (int)((part * 1000 + whole / 2) / whole) : -1;
}

enum sw_err change_report(struct ctx *c, int64_t start, int64_t end, struct report_changes *out, struct sw_error *err)
{
	struct report_changes r = {0};
	int64_t by_code[4] = {0};
	enum sw_err rc =
		store_change_report(c->store, start, end, change_close_codes, by_code, &r.created, &r.emergency, err);
	if (rc)
		return rc;
	r.successful = by_code[0];
	r.successful_with_issues = by_code[1];
	r.failed = by_code[2];
	r.backed_out = by_code[3];
	r.closed = by_code[0] + by_code[1] + by_code[2] + by_code[3];
	r.success_permille = permille(r.successful + r.successful_with_issues, r.closed);
	r.emergency_permille = permille(r.emergency, r.created);
	*out = r;
	return SW_OK;
}

/* ---- conflicts ---------------------------------------------------------------------- */

bool change_ids_has(const struct change_ids *s, int64_t id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == id)
			return true;
	return false;
}

enum sw_err change_ids_add(struct ctx *c, struct change_ids *s, int64_t id, struct sw_error *err)
{
	if (!id || change_ids_has(s, id))
		return SW_OK;
	if (s->n == s->cap) {
		int64_t *v = arena_grow(c->arena, s->v, s->n, sizeof(*v), &s->cap, 16, SIZE_MAX);
		if (!v)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		s->v = v;
	}
	s->v[s->n++] = id;
	return SW_OK;
}

/* ids[n], then one more, into out. */
static enum sw_err ids_add_all(struct ctx *c, struct change_ids *out, const int64_t *ids, size_t n, int64_t one,
			       struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < n; i++)
		rc = change_ids_add(c, out, ids[i], err);
	return rc ? rc : change_ids_add(c, out, one, err);
}

enum sw_err change_ci_ids(struct ctx *c, const struct ticket *t, struct change_ids *out, struct sw_error *err)
{
	int64_t *v;
	size_t n;
	enum sw_err rc = store_ticket_cis(c->store, t->id, "affected", &v, &n, err);
	return rc ? rc : ids_add_all(c, out, v, n, t->ci_id, err);
}

enum sw_err change_service_ids(struct ctx *c, const struct ticket *t, struct change_ids *out, struct sw_error *err)
{
	int64_t *v;
	size_t n;
	enum sw_err rc = store_ticket_services(c->store, t->id, &v, &n, err);
	return rc ? rc : ids_add_all(c, out, v, n, t->service_id, err);
}

/* The CIs within depth steps of mine, either way along the relationships
 * (mine not among them). */
static enum sw_err neighbours(struct ctx *c, const struct change_ids *mine, int depth, struct change_ids *out,
			      struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && depth > 0 && i < mine->n; i++)
		for (int up = 0; !rc && up < 2; up++) {
			struct graph_result g;
			if ((rc = graph_walk(c, GK_CI, mine->v[i], NULL, up, depth, IMPACTED_NODES_MAX, &g, err)))
				break;
			for (size_t k = 0; !rc && k < g.count; k++)
				if (g.items[k].kind == GK_CI && !change_ids_has(mine, g.items[k].id))
					rc = change_ids_add(c, out, g.items[k].id, err);
		}
	return rc;
}

static enum sw_err conflict_add(struct ctx *c, struct change_conflict_list *out, size_t *cap, struct change_conflict x,
				struct sw_error *err)
{
	if (out->count >= CHANGE_CONFLICTS_MAX)
		return SW_OK;
	if (out->count == *cap) {
		struct change_conflict *v = arena_grow(c->arena, out->items, out->count, sizeof(*v), cap, 16, SIZE_MAX);
		if (!v)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		out->items = v;
	}
	out->items[out->count++] = x;
	return SW_OK;
}

/* other against the change's CIs (mine) and their neighbours (near). */
static enum sw_err change_against(struct ctx *c, const struct ticket *t, const struct ticket *other,
				  const struct change_ids *mine, const struct change_ids *near,
				  struct change_conflict_list *out, size_t *cap, struct sw_error *err)
{
	struct change_conflict x = {.kind = "change",
				    .number = other->number,
				    .title = other->title,
				    .start = other->planned_start,
				    .end = other->planned_end};
	struct change_ids theirs = {0};
	enum sw_err rc = change_ci_ids(c, other, &theirs, err);
	bool same = false;
	for (size_t i = 0; !rc && i < theirs.n && !same; i++)
		if (change_ids_has(mine, theirs.v[i])) {
			same = true;
			x.reason = "same_ci";
			x.ci = theirs.v[i];
			rc = conflict_add(c, out, cap, x, err);
		}
	for (size_t i = 0; !rc && !same && i < theirs.n; i++)
		if (change_ids_has(near, theirs.v[i])) {
			x.reason = "neighbour_ci";
			x.ci = theirs.v[i];
			rc = conflict_add(c, out, cap, x, err);
			break;
		}
	if (!rc && t->assignee_id && t->assignee_id == other->assignee_id) {
		x.reason = "same_assignee";
		x.ci = 0;
		rc = conflict_add(c, out, cap, x, err);
	}
	return rc;
}

enum sw_err change_conflicts(struct ctx *c, const char *number, int depth, struct change_conflict_list *out,
			     struct sw_error *err)
{
	if (depth < 0 || depth > CHANGE_CONFLICT_DEPTH_MAX)
		return core_query_fail(err, "depth", "must be from 0 to %d", CHANGE_CONFLICT_DEPTH_MAX);
	struct ticket t;
	enum sw_err rc = ticket_load(c, &ticket_kind_change, number, &t, err);
	if (rc)
		return rc;
	*out = (struct change_conflict_list){0};
	size_t cap = 0;
	struct change_ids mine = {0}, near = {0}, services = {0};
	if ((rc = change_ci_ids(c, &t, &mine, err)) || (rc = neighbours(c, &mine, depth, &near, err)) ||
	    (rc = change_service_ids(c, &t, &services, err)))
		return rc;
	if (t.planned_start && t.planned_end) {
		struct ticket_list others;
		if ((rc = store_change_overlapping(c->store, t.planned_start, t.planned_end, t.id,
						   CHANGE_CONFLICT_CANDIDATES, &others, err)))
			return rc;
		for (size_t i = 0; !rc && i < others.count; i++)
			rc = change_against(c, &t, &others.items[i], &mine, &near, out, &cap, err);
	}
	for (size_t i = 0; !rc && i < services.n; i++) {
		struct ticket_list majors;
		if ((rc = store_change_major_incidents(c->store, services.v[i], 100, &majors, err)))
			break;
		for (size_t k = 0; !rc && k < majors.count; k++)
			rc = conflict_add(c, out, &cap,
					  (struct change_conflict){.kind = "incident",
								   .number = majors.items[k].number,
								   .title = majors.items[k].title,
								   .reason = "major_incident"},
					  err);
	}
	struct schedule_check sc;
	if (rc || (rc = schedule_of(c, &t, &sc, err)))
		return rc;
	for (size_t i = 0; !rc && i < sc.blackout_count; i++)
		rc = conflict_add(c, out, &cap,
				  (struct change_conflict){.kind = "window",
							   .number = sc.blackouts[i].window,
							   .title = sc.blackouts[i].window,
							   .reason = "blackout",
							   .start = sc.blackouts[i].start,
							   .end = sc.blackouts[i].end},
				  err);
	for (size_t i = 0; !rc && sc.outside_maintenance && i < sc.uncovered_count; i++)
		rc = conflict_add(c, out, &cap,
				  (struct change_conflict){.kind = "window",
							   .number = *sc.uncovered[i] ? sc.uncovered[i] : "global",
							   .title = sc.uncovered[i],
							   .reason = "outside_maintenance"},
				  err);
	return rc;
}

/* ---- the change calendar -------------------------------------------------------- */

/* fmt written at *p (with *left bytes of room, enough for it) and *p
 * moved past it and its NUL: several texts in one allocation. */
__attribute__((format(printf, 3, 4))) static const char *put(char **p, size_t *left, const char *fmt, ...)
{
	char *at = *p;
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(at, *left, fmt, ap);
	va_end(ap);
	size_t used = k < 0 ? 0 : (size_t)k + 1 > *left ? *left : (size_t)k + 1;
	*p += used;
	*left -= used;
	return at;
}

/* The changes planned within the filter's span, each an event: tentative
 * until authorised, confirmed from scheduled on, cancelled when canceled
 * or rejected; its uid the number, its sequence the row's version.  One
 * statement reads the light rows (a page's worth with a limit); each
 * event's texts are written into one allocation. */
static enum sw_err change_events(struct ctx *c, const struct schedule_filter *f, struct schedule_events *out,
				 struct sw_error *err)
{
	size_t cap = out->cap ? out->cap : SCHEDULE_EVENTS_MAX;
	struct change_calendar_query q = {
		.from = f->from,
		.to = f->to,
		.service_id = f->service_id,
		.ci_id = f->ci_id,
		.user_id = f->user_id,
		.canceled = f->cancelled,
		.after_start = f->after_start,
		.after_uid = f->after_uid,
		.max = f->limit && f->limit < cap ? f->limit + 1 : cap + 1,
		.any_order = f->any_order && !f->limit && !f->after_uid,
	};
	struct change_calendar_row *rows;
	size_t n;
	enum sw_err rc = store_change_calendar_rows(c->store, &q, &rows, &n, err);
	if (rc)
		return rc;
	const char *base = c->cfg && c->cfg->public_url ? c->cfg->public_url : "";
	size_t base_len = strlen(base);
	static const char *const tentative[] = {"new", "assess", "authorise", NULL};
	for (size_t i = 0; !rc && i < n; i++) {
		const struct change_calendar_row *t = &rows[i];
		const char *type = t->change_type ? t->change_type : "", *title = t->title ? t->title : "",
			   *state = t->state ? t->state : "";
		size_t nl = strlen(t->number), tl = strlen(title), yl = strlen(type), sl = strlen(state);
		/* uid, summary, description and url, each NUL-terminated, in one block */
		size_t size = (nl + 16) + (nl + tl + 3) + (yl + sl + 10) + (base_len + nl + 12);
		char *p = arena_alloc(c->arena, size);
		if (!p)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		struct schedule_event e = {
			.kind = "change",
			.source = t->number,
			.sequence = (int)t->version,
			.status = t->phase == TICKET_PHASE_CANCELED ? SCHEDULE_CANCELLED
				  : one_of(state, tentative)        ? SCHEDULE_TENTATIVE
								    : SCHEDULE_CONFIRMED,
			.start = t->planned_start,
			.end = t->planned_end,
			.updated = t->updated_at,
		};
		e.uid = put(&p, &size, "change-%s@steward", t->number);
		e.summary = put(&p, &size, "%s: %s", t->number, title);
		e.description = put(&p, &size, "%s change, %s", type, state);
		e.url = put(&p, &size, "%s/#/changes/%s", base, t->number);
		rc = schedule_events_add(c, out, &e, err);
	}
	return rc;
}

const struct schedule_source change_schedule_source = {"changes", change_events};

/* ---- CI updates planned on a change ---------------------------------------------- */

static const char *const ci_update_kinds[] = {"status", "attribute", "relation", NULL};

/* The attribute value as the class types it: an integer or a boolean
 * when it reads as one, else text (the CMDB's validation has the last
 * word when it is applied). */
static struct ci_value attr_value(const char *name, const char *text)
{
	struct ci_value v = {.name = name, .kind = CV_STRING, .s = text};
	int64_t i;
	if (strcmp(text, "true") == 0 || strcmp(text, "false") == 0)
		v = (struct ci_value){.name = name, .kind = CV_BOOL, .b = text[0] == 't'};
	else if (*text && parse_int64(text, strlen(text), INT64_MIN, INT64_MAX, &i) == SW_OK)
		v = (struct ci_value){.name = name, .kind = CV_INT, .i = i};
	return v;
}

static enum sw_err ci_update_check(struct ctx *c, const struct change_ci_update_input *in, struct change_ci_update *u,
				   struct sw_error *err)
{
	int given = in->set_status + in->set_attribute + in->set_relation;
	if (!in->set_ci || in->ci < 1)
		sw_field_fail(err, "ci", "is required");
	if (given != 1 && in->set_ci)
		sw_field_fail(err, given ? "status" : "ci",
			      "give exactly one of status, attribute (with value) or relation (with to)");
	if (in->set_value != in->set_attribute)
		sw_field_fail(err, in->set_value ? "value" : "attribute", "attribute and value go together");
	if (in->set_to != in->set_relation)
		sw_field_fail(err, in->set_to ? "to" : "relation", "relation and to go together");
	if (err->code)
		return err->code;
	struct ci ci;
	enum sw_err rc = core_ref_find_ci(c, "ci", in->ci, &ci, err);
	if (rc)
		return rc;
	enum ci_status st;
	enum ci_rel_type rt;
	*u = (struct change_ci_update){.ci_id = ci.id, .created_at = c->now};
	if (in->set_status) {
		u->kind = ci_update_kinds[0];
		u->value = in->status;
		if (ci_status_parse(in->status, &st))
			sw_field_fail(err, "status", "is not a CI status");
	} else if (in->set_attribute) {
		u->kind = ci_update_kinds[1];
		u->name = in->attribute;
		u->value = in->value;
		struct ci_attr_def *defs;
		size_t n;
		bool known = false;
		if ((rc = ci_class_defs(c, ci.class_id, &defs, &n, err)))
			return rc;
		for (size_t i = 0; i < n && !known; i++)
			known = strcmp(defs[i].name, in->attribute) == 0;
		if (!known)
			sw_field_fail(err, "attribute", "is not an attribute of the class '%s'", ci.class_name);
	} else {
		u->kind = ci_update_kinds[2];
		u->name = in->relation;
		struct ci to;
		if (ci_rel_parse(in->relation, &rt))
			sw_field_fail(err, "relation", "is not a relationship type");
		if ((rc = core_ref_find_ci(c, "to", in->to, &to, err)) && rc != SW_EINVALID)
			return rc;
		u->to_id = in->to;
	}
	return err->code;
}

enum sw_err change_ci_update_add(struct ctx *c, const char *number, const struct change_ci_update_input *in,
				 struct change_ci_update *out, struct sw_error *err)
{
	enum sw_err rc = authz_ticket_write(&c->actor, err);
	if (rc || (rc = core_tx_begin(c, err)))
		return rc;
	struct ticket t;
	struct change_ci_update u;
	struct change_ci_update_list had;
	if ((rc = ticket_load_writable(c, &ticket_kind_change, number, &t, err)))
		goto out;
	if ((rc = ci_update_check(c, in, &u, err)))
		goto out;
	const char *state = t.state;
	if (!ticket_action_from(ticket_action_find(&ticket_kind_change, "cancel"), state)) {
		rc = sw_fail(err, SW_ECONFLICT, "illegal-transition",
			     "%s is %s: CI updates are planned before implementation", t.number, state);
		goto out;
	}
	if ((rc = store_change_ci_update_list(c->store, t.id, false, &had, err)))
		goto out;
	if (had.count >= CHANGE_CI_UPDATES_MAX) {
		rc = sw_fail(err, SW_ECONFLICT, "limit", "%s has %d CI updates planned", t.number,
			     CHANGE_CI_UPDATES_MAX);
		goto out;
	}
	u.change_id = t.id;
	if ((rc = store_change_ci_update_insert(c->store, &u, err)))
		goto out;
	struct changes ch;
	changes_init(&ch);
	changes_set_str(&ch, "ci_update",
			arena_printf(c->arena, "CI %lld: %s %s%s%s", (long long)u.ci_id, u.kind, u.name ? u.name : "",
				     u.name ? " " : "",
				     u.value ? u.value : arena_printf(c->arena, "CI %lld", (long long)u.to_id)));
	if (!(rc = audit_changes(c, "ticket", t.id, "ci_update_planned", false, &ch, err)))
		*out = u;
out:
	return core_tx_end(c, rc, err);
}

enum sw_err change_ci_updates(struct ctx *c, const char *number, struct change_ci_update_list *out,
			      struct sw_error *err)
{
	struct ticket t;
	enum sw_err rc = ticket_load(c, &ticket_kind_change, number, &t, err);
	return rc ? rc : store_change_ci_update_list(c->store, t.id, false, out, err);
}

/* When t is implemented: its pending CI updates through the CMDB's own
 * operations (their checks, their audit rows), each CI's trail naming the
 * change, all in the action's transaction. */
static enum sw_err apply_ci_updates(struct ctx *c, const struct ticket *t, struct sw_error *err)
{
	struct change_ci_update_list todo;
	enum sw_err rc = store_change_ci_update_list(c->store, t->id, true, &todo, err);
	for (size_t i = 0; !rc && i < todo.count; i++) {
		const struct change_ci_update *u = &todo.items[i];
		struct ci after;
		struct ci_relation rel;
		if (strcmp(u->kind, "relation") == 0) {
			rc = ci_relate(c, u->ci_id, u->name, u->to_id, &rel, err);
		} else {
			struct ci_value v = attr_value(u->name, u->value ? u->value : "");
			struct ci_input in = {.status = u->value, .set_status = strcmp(u->kind, "status") == 0};
			if (!in.set_status)
				in = (struct ci_input){.attrs = &v, .attr_count = 1, .set_attrs = true};
			rc = ci_update(c, u->ci_id, 0, &in, &after, err);
		}
		if (rc)
			break;
		struct changes ch;
		changes_init(&ch);
		changes_set_str(&ch, "change", t->number);
		changes_set_str(&ch, "update", u->kind);
		rc = audit_changes(c, "ci", u->ci_id, "change_implemented", false, &ch, err);
	}
	return rc ? rc : store_change_ci_update_applied(c->store, t->id, c->now, err);
}
