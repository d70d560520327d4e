/*
 * approval.c — the approval engine: policies (a record kind), requests on
 * tickets with their ordered steps, decisions, the kinds' hook,
 * delegation and the reminders' pass; see approval.h.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "core/approval/approval.h"
#include "core/approval/approval_link.h"
#include "core/catalog/form.h"
#include "core/cmdb/service.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/kernel/record.h"
#include "core/notify/notify.h"
#include "core/port/account.h"
#include "core/port/approval.h"
#include "core/port/cmdb.h"
#include "core/port/notify.h"
#include "core/port/ticket.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

static const char *const rule_names[APPROVAL_RULE__COUNT] = {
	[APPROVAL_ANY] = "any", [APPROVAL_ALL] = "all", [APPROVAL_N_OF_M] = "n_of_m"};
CORE_VALUE_LIST(enum approval_rule, rule_names, APPROVAL_RULE__COUNT, APPROVAL_ANY, approval_rule_name,
		approval_rule_parse)

static bool listed(const char *s, const char *const *set)
{
	for (; set && *set; set++)
		if (str_same(s, *set))
			return true;
	return false;
}

/* ---- steps: checked as input, resolved to users ---------------------------------- */

/* Is s a variable's name (1-40 of a-z, 0-9, _, starting with a letter)? */
static bool variable_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > FORM_NAME_MAX || s[0] < 'a' || s[0] > 'z')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* The rules of a step's condition (when_*), at path. */
static void check_condition(struct sw_error *err, const char *path, const char *dot, const struct approval_step_def *d)
{
	char f[64];
	if (d->has_cost_above && (d->cost_above < 0 || d->cost_above > APPROVAL_COST_MAX)) {
		snprintf(f, sizeof(f), "%s%swhen_cost_above", path, dot);
		sw_field_fail(err, f, "must be from 0 to %lld", (long long)APPROVAL_COST_MAX);
	}
	snprintf(f, sizeof(f), "%s%swhen_variable", path, dot);
	if (d->when_variable && !variable_name_ok(d->when_variable))
		sw_field_fail(err, f, "must be a variable's name: 1 to %d of a-z, 0-9 and _, starting with a letter",
			      FORM_NAME_MAX);
	else if (!d->when_variable && (d->when_value || d->when_pattern))
		sw_field_fail(err, f, "is required with %s: the variable it tests",
			      d->when_value ? "when_value" : "when_pattern");
	if (d->when_value && !core_text_ok(d->when_value, 1, FORM_LABEL_MAX)) {
		snprintf(f, sizeof(f), "%s%swhen_value", path, dot);
		sw_field_fail(err, f, "must be 1 to %d characters", FORM_LABEL_MAX);
	}
	snprintf(f, sizeof(f), "%s%swhen_pattern", path, dot);
	if (d->when_value && d->when_pattern)
		sw_field_fail(err, f, "is given either when_value or when_pattern, not both");
	else if (d->when_pattern && !form_pattern_ok(d->when_pattern))
		sw_field_fail(
			err, f,
			"must be a POSIX extended regular expression of at most %d bytes, without back references",
			FORM_PATTERN_MAX);
}

bool approval_step_conditional(const struct approval_step_def *d)
{
	return d->has_cost_above || d->when_variable;
}

static const struct approval_fact *fact_of(const struct approval_facts *f, const char *name)
{
	for (size_t i = 0; i < f->count; i++)
		if (str_same(f->values[i].name, name))
			return &f->values[i];
	return NULL;
}

/* Does v have value (exactly), or one matching pattern?  A multi-choice
 * is tested option by option. */
static bool fact_holds(struct arena *a, const struct approval_fact *v, const char *value, const char *pattern)
{
	const char *p = v->text;
	while (p) {
		const char *e = v->multi ? strstr(p, ", ") : NULL;
		const char *one = e ? arena_strndup(a, p, (size_t)(e - p)) : p;
		if (one && (value ? !strcmp(one, value) : form_pattern_match(pattern, one)))
			return true;
		p = e ? e + 2 : NULL;
	}
	return false;
}

bool approval_step_applies(struct arena *a, const struct approval_step_def *d, const struct approval_facts *facts,
			   const char **why)
{
	const char *said = NULL;
	if (!approval_step_conditional(d)) {
		*why = "no condition";
		return true;
	}
	if (d->has_cost_above) {
		bool holds = facts->cost > d->cost_above;
		said = arena_printf(a, "cost %lld is %sabove %lld", (long long)facts->cost, holds ? "" : "not ",
				    (long long)d->cost_above);
		if (!holds) {
			*why = said;
			return false;
		}
	}
	if (d->when_variable) {
		const struct approval_fact *v = fact_of(facts, d->when_variable);
		bool holds;
		const char *s;
		if (!v) {
			holds = false;
			s = arena_printf(a, "%s has no value", d->when_variable);
		} else if (d->when_value) {
			holds = fact_holds(a, v, d->when_value, NULL);
			s = arena_printf(a, "%s %s %s", d->when_variable,
					 v->multi ? (holds ? "includes" : "does not include")
						  : (holds ? "is" : "is not"),
					 d->when_value);
		} else if (d->when_pattern) {
			holds = fact_holds(a, v, NULL, d->when_pattern);
			s = arena_printf(a, "%s %s %s", d->when_variable, holds ? "matches" : "does not match",
					 d->when_pattern);
		} else {
			holds = true;
			s = arena_printf(a, "%s has a value", d->when_variable);
		}
		said = said ? arena_printf(a, "%s and %s", said, s) : s;
		if (!holds) {
			*why = s;
			return false;
		}
	}
	*why = said;
	return true;
}

/* The field rules of one step, at path ("steps[0]", or "" for a request's). */
static void check_step(struct sw_error *err, const char *path, const struct approval_step_def *d)
{
	char f[64];
	const char *dot = *path ? "." : "";
	if (!d->has_rule) {
		snprintf(f, sizeof(f), "%s%srule", path, dot);
		sw_field_fail(err, f, "is required: any, all or n_of_m");
	}
	if (!d->user_count && !d->group_count && !d->service_owner) {
		snprintf(f, sizeof(f), "%s%susers", path, dot);
		sw_field_fail(err, f, "name at least one approver (users, groups or service_owner)");
	}
	size_t named = d->user_count + d->group_count + (d->service_owner ? 1 : 0);
	if (named > APPROVAL_APPROVERS_MAX) {
		snprintf(f, sizeof(f), "%s%susers", path, dot);
		sw_field_fail(err, f, "name at most %d approvers", APPROVAL_APPROVERS_MAX);
	}
	snprintf(f, sizeof(f), "%s%srequired", path, dot);
	if (d->has_rule && d->rule == APPROVAL_N_OF_M) {
		if (d->required < 1)
			sw_field_fail(err, f, "is required with rule n_of_m (1 or more)");
		else if (!d->group_count && !d->service_owner && (size_t)d->required > d->user_count)
			sw_field_fail(err, f, "must be at most %zu, the approvers the step names", d->user_count);
	} else if (d->required) {
		sw_field_fail(err, f, "is only given with rule n_of_m");
	}
	check_condition(err, path, dot, d);
}

/* The named users and groups of d exist (field errors at path). */
static enum sw_err check_refs(struct ctx *c, const char *path, const struct approval_step_def *d, size_t *most,
			      struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	const char *dot = *path ? "." : "";
	*most = 0;
	/* not found is collected in err: every name is checked */
	for (size_t j = 0; (!rc || rc == SW_ENOTFOUND) && j < d->user_count; j++) {
		char f[80];
		snprintf(f, sizeof(f), "%s%susers[%zu]", path, dot, j);
		rc = core_ref_find(c, CORE_REF_USER, f, d->users[j], NULL, err);
		(*most)++;
	}
	for (size_t j = 0; (!rc || rc == SW_ENOTFOUND) && j < d->group_count; j++) {
		char f[80];
		snprintf(f, sizeof(f), "%s%sgroups[%zu]", path, dot, j);
		struct group g;
		if ((rc = core_ref_find(c, CORE_REF_GROUP, f, d->groups[j], &g, err)) == SW_OK)
			*most += g.member_count;
	}
	if (d->service_owner)
		(*most)++;
	return rc == SW_ENOTFOUND ? SW_OK : rc;
}

/* The users a step asks, resolved when a request is made. */
struct approver {
	int64_t id;
	const char *via;
};

struct approvers {
	struct approver v[APPROVAL_STEP_USERS_MAX];
	size_t n;
};

static void add_approver(const struct ticket *t, struct approvers *a, const struct user *u, const char *via)
{
	if (!u->active || (t->kind->agents_only && u->role < ROLE_AGENT) || a->n == APPROVAL_STEP_USERS_MAX)
		return;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].id == u->id)
			return;
	a->v[a->n++] = (struct approver){u->id, via};
}

/* Step n (from 1) of d resolved to users for ticket t, and its required
 * count: 409 approval-no-approvers when it cannot be met. */
static enum sw_err resolve_step(struct ctx *c, const struct ticket *t, int n, const struct approval_step_def *d,
				struct approvers *out, int *required, struct sw_error *err)
{
	out->n = 0;
	enum sw_err rc = SW_OK;
	for (size_t j = 0; !rc && j < d->user_count; j++) {
		struct user u;
		struct sw_error look;
		sw_error_clear(&look);
		if (store_user_by_login(c->store, d->users[j], &u, &look) == SW_OK)
			add_approver(t, out, &u, NULL);
	}
	for (size_t j = 0; !rc && j < d->group_count; j++) {
		struct group g;
		struct sw_error look;
		sw_error_clear(&look);
		if (store_group_by_name(c->store, d->groups[j], &g, &look) != SW_OK)
			continue;
		struct user *members;
		size_t count;
		const char *via = arena_printf(c->arena, "group %s", g.name);
		if (!(rc = store_group_member_users(c->store, g.id, &members, &count, err)))
			for (size_t k = 0; k < count; k++)
				add_approver(t, out, &members[k], via);
	}
	if (!rc && d->service_owner && t->service_id) {
		struct service s;
		struct sw_error look;
		sw_error_clear(&look);
		if (store_service_by_id(c->store, t->service_id, &s, &look) == SW_OK && s.owner_id) {
			struct user u;
			if (store_user_by_id(c->store, s.owner_id, &u, &look) == SW_OK)
				add_approver(t, out, &u, "service owner");
		}
	}
	if (rc)
		return rc;
	*required = d->rule == APPROVAL_ANY ? 1 : d->rule == APPROVAL_ALL ? (int)out->n : d->required;
	if (!out->n || (size_t)*required > out->n)
		return sw_fail(err, SW_ECONFLICT, "approval-no-approvers",
			       "step %d of the approval of %s needs %d approver%s and finds %zu who can approve", n,
			       t->number, *required ? *required : 1, *required > 1 ? "s" : "", out->n);
	return SW_OK;
}

/* ---- policies ------------------------------------------------------------------------ */

static void validate_policy(const void *v, bool creating, struct sw_error *err)
{
	const struct approval_policy_input *in = v;
	const struct ticket_kind *k = NULL;
	if (creating && !in->set_kind)
		sw_field_fail(err, "kind", "is required");
	else if (in->set_kind && !(k = ticket_kind_by_name(in->kind)))
		sw_field_fail(err, "kind", "is not a ticket kind");
	if (creating && (!in->set_steps || !in->step_count))
		sw_field_fail(err, "steps", "is required: at least one step");
	else if (in->set_steps && !in->step_count)
		sw_field_fail(err, "steps", "must have at least one step");
	for (size_t i = 0; in->set_steps && i < in->step_count; i++) {
		char path[32];
		snprintf(path, sizeof(path), "steps[%zu]", i);
		check_step(err, path, &in->steps[i]);
	}
	if (in->set_match_category && in->match_category && !core_text_ok(in->match_category, 1, LIMIT_NAME_LEN))
		sw_field_fail(err, "match_category", "must be 1 to %d characters", LIMIT_NAME_LEN);
}

/* After the service: the kind's lists of types and risks, the steps' approvers. */
static enum sw_err apply_policy(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct approval_policy_input *in = w->in;
	struct approval_policy *p = w->rec;
	enum sw_err rc;
	const struct ticket_kind *k = ticket_kind_by_name(p->kind);
	if (p->match_type && k && !listed(p->match_type, k->approval.types))
		sw_field_fail(err, "match_type", k->approval.types ? "is not a type of %s" : "%s have no types",
			      k->approval.types ? k->label : k->path);
	if (p->match_risk && k && !listed(p->match_risk, k->approval.risks))
		sw_field_fail(err, "match_risk", k->approval.risks ? "is not a risk level of %s" : "%s have no risk",
			      k->approval.risks ? k->label : k->path);
	for (size_t i = 0; k && !k->approval.facts_of && i < p->step_count; i++)
		if (approval_step_conditional(&p->steps[i]))
			sw_field_fail(
				err,
				arena_printf(c->arena, "steps[%zu].%s", i,
					     p->steps[i].has_cost_above ? "when_cost_above" : "when_variable"),
				"%s take no conditional steps: only kinds with a cost and variables do (requests)",
				k->path);
	for (size_t i = 0; in->set_steps && i < in->step_count; i++) {
		char path[32];
		snprintf(path, sizeof(path), "steps[%zu]", i);
		size_t most;
		if ((rc = check_refs(c, path, &in->steps[i], &most, err)))
			return rc;
		const struct approval_step_def *d = &in->steps[i];
		if (d->rule == APPROVAL_N_OF_M && d->required >= 1 && (size_t)d->required > most &&
		    (d->group_count || d->service_owner)) {
			char f[48];
			snprintf(f, sizeof(f), "%s.required", path);
			sw_field_fail(err, f, "must be at most %zu, the approvers the step names", most);
		}
	}
	return err->code;
}

static enum sw_err policy_written(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct approval_policy_input *in = w->in;
	return w->creating || in->set_steps ? store_approval_policy_set_steps(c->store, w->rec, err) : SW_OK;
}

static void policy_changes(struct changes *ch, const struct record_write *w)
{
	const struct approval_policy *p = w->rec;
	changes_set_int(ch, "steps", (int64_t)p->step_count);
}

static const struct record_copy policy_copies[] = {
	RECORD_COPY_EACH(struct approval_policy_input, struct approval_policy, kind, match_type, match_risk,
			 match_category),
	RECORD_COPY_ARRAY(struct approval_policy_input, struct approval_policy, steps, step_count),
};

static const struct record_ref policy_refs[] = {
	RECORD_REF(struct approval_policy_input, struct approval_policy, CORE_REF_SERVICE, "match_service",
		   match_service, match_service),
};

static const struct record_audit policy_audit[] = {
	RECORD_AUDIT_EACH(struct approval_policy, name, position, active, kind, match_type, match_risk, match_service,
			  match_category, match_priority),
};

RECORD_KIND_DEFINE(approval_policy_kind,
		   (struct approval_policy, "approval_policy", "an approval policy", ROLE_ADMIN, ROLE_AGENT,
		    &store_approval_policies),
		   validate_policy, apply_policy, policy_changes, policy_copies, RECORD_AUDIT_SNAPSHOT(policy_audit),
		   .written = policy_written, .fresh = &(const struct approval_policy){.active = true}, .reread = true,
		   RECORD_MATCHING(struct approval_policy_input, struct approval_policy, RECORD_NAME_CHECKED),
		   RECORD_REFS(policy_refs));

/* Does policy p apply to t? */
static bool policy_matches(const struct approval_policy *p, const struct ticket *t)
{
	const struct ticket_approval *ap = &t->kind->approval;
	if (p->match_type && !str_same(p->match_type, ap->type_of ? ap->type_of(t) : NULL))
		return false;
	if (p->match_risk && !str_same(p->match_risk, ap->risk_of ? ap->risk_of(t) : NULL))
		return false;
	if (p->match_service_id && p->match_service_id != t->service_id)
		return false;
	if (p->match_priority && p->match_priority != t->priority)
		return false;
	if (p->match_category) {
		/* the category or one under it */
		size_t n = strlen(p->match_category);
		if (!t->category || strncmp(t->category, p->match_category, n) != 0 ||
		    (t->category[n] && t->category[n] != '/'))
			return false;
	}
	return true;
}

/* The first active policy of t's kind that applies to t (*out NULL: none). */
static enum sw_err matching_policy(struct ctx *c, const struct ticket *t, const struct approval_policy **out,
				   struct sw_error *err)
{
	struct approval_policy_list list;
	enum sw_err rc = store_approval_policies_of(c->store, t->kind->name, &list, err);
	*out = NULL;
	for (size_t i = 0; !rc && i < list.count && !*out; i++)
		if (policy_matches(&list.items[i], t))
			*out = &list.items[i];
	return rc;
}

/* ---- requests ------------------------------------------------------------------------ */

static enum sw_err audit_request(struct ctx *c, const struct ticket *t, const char *action,
				 const struct approval_request *r, const char *detail, struct sw_error *err)
{
	struct changes ch;
	changes_init(&ch);
	changes_set_int(&ch, "request", r->id);
	if (r->policy)
		changes_set_str(&ch, "policy", r->policy);
	changes_set_str(&ch, "state", r->state);
	if (detail)
		changes_set_str(&ch, "detail", detail);
	return audit_changes(c, "ticket", t->id, action, false, &ch, err);
}

/* Ask the approvers of step (its approvals just opened). */
static enum sw_err ask(struct ctx *c, const struct ticket *t, const struct approval_request *r, int position,
		       struct sw_error *err)
{
	struct approval_step st;
	struct approval *v;
	size_t n;
	enum sw_err rc = store_approval_step_at(c->store, r->id, position, &st, err);
	if (rc || (rc = store_approvals_of_step(c->store, st.id, &v, &n, err)))
		return rc;
	int64_t *ids = arena_alloc(c->arena, (n + 1) * sizeof(*ids));
	if (!ids)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < n; i++)
		ids[i] = v[i].approver_id;
	const char *detail = arena_printf(c->arena, "step %d of %d, %s%s", position, r->step_count, st.rule,
					  r->policy ? arena_printf(c->arena, ", policy %s", r->policy) : "");
	const char **links;
	if ((rc = approval_links_issue(c, v, n, &links, err)))
		return rc;
	return notify_approval_event(c, NE_APPROVAL_REQUESTED, t, detail, ids, links, n, err);
}

/* Start a request on t (in the caller's transaction) with the n steps of
 * defs: every step's approvers resolved now, step 1 asked; choices[m]:
 * which of its policy's steps it took and why.  No steps (a policy none
 * of whose steps applies): the request is approved at once, and the
 * caller runs the kind's action. */
static enum sw_err start_request(struct ctx *c, const struct ticket *t, const char *policy,
				 const struct approval_step_def *defs, size_t n, bool fires,
				 const struct approval_choice *choices, size_t m, struct sw_error *err)
{
	struct approval_request pending;
	enum sw_err rc = store_approval_request_pending(c->store, t->id, &pending, err);
	if (rc == SW_OK)
		return sw_fail(err, SW_ECONFLICT, "approval-pending", "%s has a request for approval pending already",
			       t->number);
	if (rc != SW_ENOTFOUND)
		return rc;
	sw_error_clear(err);
	struct approval_request r = {.ticket_id = t->id,
				     .policy = policy,
				     .state = "pending",
				     .step = 1,
				     .step_count = (int)n,
				     .fires = fires,
				     .created_by_id = c->actor.user_id,
				     .created_at = c->now};
	if (!n) {
		r.state = "approved";
		r.step = 0;
		r.decided_at = c->now;
	}
	if ((rc = store_approval_request_insert(c->store, &r, err)))
		return rc;
	const char *chosen = NULL;
	for (size_t i = 0; !rc && i < m; i++) {
		rc = store_approval_choice_insert(c->store, r.id, &choices[i], err);
		chosen = arena_printf(c->arena, "%s%sstep %d %s: %s", chosen ? chosen : "", chosen ? "; " : "",
				      choices[i].position, choices[i].step ? "taken" : "left out", choices[i].reason);
	}
	if (rc)
		return rc;
	if (!n)
		return audit_request(c, t, "approval_decided", &r,
				     arena_printf(c->arena, "no step of the policy applies (%s)", chosen), err);
	struct approvers *who = arena_alloc(c->arena, sizeof(*who));
	if (!who)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; !rc && i < n; i++) {
		struct approval_step st = {.request_id = r.id,
					   .position = (int)i + 1,
					   .rule = approval_rule_name(defs[i].rule),
					   .state = i ? "waiting" : "pending",
					   .started_at = i ? 0 : c->now};
		if ((rc = resolve_step(c, t, (int)i + 1, &defs[i], who, &st.required, err)) ||
		    (rc = store_approval_step_insert(c->store, &st, err)))
			break;
		for (size_t k = 0; !rc && k < who->n; k++) {
			struct approval a = {.step_id = st.id,
					     .request_id = r.id,
					     .ticket_id = t->id,
					     .position = st.position,
					     .approver_id = who->v[k].id,
					     .via = who->v[k].via,
					     .state = st.state,
					     .requested_at = i ? 0 : c->now};
			rc = store_approval_insert(c->store, &a, err);
		}
	}
	if (rc || (rc = audit_request(c, t, "approval_requested", &r, chosen, err)))
		return rc;
	return ask(c, t, &r, 1, err);
}

/* Run the kind's approved or rejected action on the ticket of r, if it
 * still waits in the approval state. */
static enum sw_err fire(struct ctx *c, int64_t ticket_id, bool approved, struct sw_error *err)
{
	struct ticket t, after;
	enum sw_err rc = store_ticket_by_id(c->store, ticket_id, &t, err);
	if (rc)
		return rc;
	const struct ticket_approval *ap = &t.kind->approval;
	const struct ticket_action *ac =
		ap->state ? ticket_action_find(t.kind, approved ? ap->approved : ap->rejected) : NULL;
	if (!ac || !str_same(t.state, ap->state) || !ticket_action_from(ac, t.state))
		return SW_OK;
	struct ticket_action_input in = {.reason = approved ? "approved" : "rejected"};
	if ((rc = ticket_transition(c, ac, &t, &in, NULL, &after, err)))
		return rc;
	return t.kind->after_action ? t.kind->after_action(c, ac, &after, &in, err) : SW_OK;
}

/* r has ended as state: the rest skipped, audited, told, the kind's action run. */
static enum sw_err finish(struct ctx *c, const struct ticket *t, struct approval_request *r, const char *state,
			  struct sw_error *err)
{
	r->state = state;
	r->decided_at = c->now;
	enum sw_err rc;
	if ((rc = store_approval_request_set(c->store, r, err)) || (rc = store_approvals_skip(c->store, r->id, err)) ||
	    (rc = audit_request(c, t, "approval_decided", r, NULL, err)) ||
	    (rc = notify_approval_event(c, NE_APPROVAL_DECIDED, t, state, NULL, NULL, 0, err)))
		return rc;
	bool approved = !strcmp(state, "approved");
	return r->fires && (approved || !strcmp(state, "rejected")) ? fire(c, t->id, approved, err) : SW_OK;
}

/* The copies of a policy's steps for a request: those whose conditions
 * hold for t (the kind's facts), each choice recorded with its reason.
 * *at_once: none applied, the request is approved already. */
static enum sw_err start_from_policy(struct ctx *c, const struct ticket *t, const struct approval_policy *p, bool fires,
				     bool *at_once, struct sw_error *err)
{
	const struct ticket_approval *ap = &t->kind->approval;
	struct approval_facts facts = {0};
	bool conditional = false;
	enum sw_err rc;
	for (size_t i = 0; i < p->step_count; i++)
		conditional = conditional || approval_step_conditional(&p->steps[i]);
	*at_once = false;
	if (!conditional)
		return start_request(c, t, p->name, p->steps, p->step_count, fires, NULL, 0, err);
	if (ap->facts_of && (rc = ap->facts_of(c, t, &facts, err)))
		return rc;
	struct approval_step_def *defs = arena_alloc(c->arena, (p->step_count + 1) * sizeof(*defs));
	struct approval_choice *choices = arena_alloc(c->arena, (p->step_count + 1) * sizeof(*choices));
	if (!defs || !choices)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	size_t n = 0;
	for (size_t i = 0; i < p->step_count; i++) {
		choices[i].position = (int)i + 1;
		choices[i].step = 0;
		if (approval_step_applies(c->arena, &p->steps[i], &facts, &choices[i].reason)) {
			defs[n++] = p->steps[i];
			choices[i].step = (int)n;
		}
	}
	*at_once = n == 0;
	return start_request(c, t, p->name, defs, n, fires, choices, p->step_count, err);
}

enum sw_err approval_ticket_moved(struct ctx *c, const struct ticket *before, const struct ticket *t, bool *moved,
				  struct sw_error *err)
{
	const struct ticket_approval *ap = &t->kind->approval;
	*moved = false;
	if (!ap->state)
		return SW_OK;
	bool in_now = str_same(t->state, ap->state), in_before = before && str_same(before->state, ap->state);
	enum sw_err rc = SW_OK;
	if (in_before && !in_now) {
		/* left for another reason (canceled, say): the pending request goes */
		struct approval_request r;
		rc = store_approval_request_pending(c->store, t->id, &r, err);
		if (rc == SW_ENOTFOUND) {
			sw_error_clear(err);
			return SW_OK;
		}
		if (rc)
			return rc;
		r.state = "canceled";
		r.decided_at = c->now;
		if ((rc = store_approval_request_set(c->store, &r, err)) ||
		    (rc = store_approvals_skip(c->store, r.id, err)))
			return rc;
		return audit_request(c, t, "approval_canceled", &r, t->state, err);
	}
	if (!in_now || in_before)
		return SW_OK;
	const struct approval_policy *p = NULL;
	const char *named = NULL;
	struct approval_policy own;
	if (ap->policy_of && (rc = ap->policy_of(c, t, &named, err)))
		return rc;
	if (named) {
		struct record_key key = {.name = named};
		if ((rc = store_approval_policies.load(c->store, &key, &own, err)))
			return rc;
		p = &own;
	} else if ((rc = matching_policy(c, t, &p, err))) {
		return rc;
	}
	if (p) {
		bool at_once;
		if ((rc = start_from_policy(c, t, p, true, &at_once, err)) || !at_once)
			return rc;
		*moved = true;
		return fire(c, t->id, true, err);
	}
	if (ap->by_hand_without_policy)
		return SW_OK; /* it waits for the approved or rejected action, taken by hand */
	/* no policy applies: approved at once (docs/approvals.md) */
	struct approval_request none = {.state = "approved"};
	if ((rc = audit_request(c, t, "approval_decided", &none, "no approval policy applies", err)))
		return rc;
	*moved = true;
	return fire(c, t->id, true, err);
}

enum sw_err approval_request(struct ctx *c, const struct ticket_kind *kind, const char *number,
			     const struct approval_request_input *in, struct approval_request_list *out,
			     struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	bool named = in->set_users || in->set_groups || in->set_service_owner;
	struct approval_step_def step = in->step;
	step.has_rule = in->set_rule && !approval_rule_parse(in->rule, &step.rule);
	if (in->set_rule && !step.has_rule)
		sw_field_fail(err, "rule", "must be any, all or n_of_m");
	else if (named)
		check_step(err, "", &step);
	else if (in->set_rule || in->set_required)
		sw_field_fail(err, "users", "name the approvers (users, groups or service_owner) the rule is for");
	if (named && in->set_policy)
		sw_field_fail(err, "policy", "is given either a policy or approvers, not both");
	if ((rc = core_tx_begin_valid(c, err)))
		return rc;
	struct ticket t;
	if ((rc = ticket_load_writable(c, kind, number, &t, err)))
		goto out;
	const struct ticket_approval *ap = &kind->approval;
	bool fires = ap->state && str_same(t.state, ap->state);
	if (named) {
		size_t most;
		if ((rc = check_refs(c, "", &step, &most, err)))
			goto out;
		for (size_t j = 0; !err->code && kind->agents_only && j < step.user_count; j++) {
			struct user u;
			char f[32];
			snprintf(f, sizeof(f), "users[%zu]", j);
			if (core_ref_find(c, CORE_REF_USER, f, step.users[j], &u, err) == SW_OK && u.role < ROLE_AGENT)
				sw_field_fail(err, f, "must be an agent: %s are the desk's own", kind->path);
		}
		if (!err->code && step.rule == APPROVAL_N_OF_M && (size_t)step.required > most)
			sw_field_fail(err, "required", "must be at most %zu, the approvers named", most);
		if ((rc = err->code) || (rc = start_request(c, &t, NULL, &step, 1, fires, NULL, 0, err)))
			goto out;
	} else {
		struct approval_policy p;
		const struct approval_policy *use = NULL;
		if (in->set_policy) {
			struct record_key key = {.name = in->policy};
			rc = store_approval_policies.load(c->store, &key, &p, err);
			if (rc == SW_ENOTFOUND) {
				sw_error_clear(err);
				rc = core_reference_fail(err, "policy", "no approval policy '%s'", in->policy);
			} else if (!rc && !str_same(p.kind, kind->name)) {
				rc = core_reference_fail(err, "policy", "approval policy '%s' is for %s", p.name,
							 p.kind);
			}
			use = &p;
		} else if (!(rc = matching_policy(c, &t, &use, err)) && !use) {
			rc = sw_fail(err, SW_EINVALID, NULL, "no approval policy applies to %s", t.number);
			sw_field_fail(err, "users", "name the approvers: no approval policy applies to %s", t.number);
		}
		bool at_once = false;
		if (rc || (rc = start_from_policy(c, &t, use, fires, &at_once, err)) ||
		    (at_once && fires && (rc = fire(c, t.id, true, err))))
			goto out;
	}
	rc = store_approval_requests_of(c->store, t.id, &out->items, &out->count, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err approval_requests_of(struct ctx *c, const struct ticket_kind *kind, const char *number,
				 struct approval_request_list *out, struct sw_error *err)
{
	struct ticket t;
	enum sw_err rc = ticket_load(c, kind, number, &t, err);
	return rc ? rc : store_approval_requests_of(c->store, t.id, &out->items, &out->count, err);
}

/* ---- deciding ---------------------------------------------------------------------- */

/* May the caller decide a (its approver, or their delegate now)? */
static enum sw_err may_decide(struct ctx *c, const struct approval *a, bool *on_behalf, struct sw_error *err)
{
	*on_behalf = false;
	if (a->approver_id == c->actor.user_id)
		return SW_OK;
	struct delegation d;
	enum sw_err rc = store_delegation_get(c->store, a->approver_id, &d, err);
	if (rc && rc != SW_ENOTFOUND)
		return rc;
	if (!rc && d.delegate_id == c->actor.user_id && d.starts_at <= c->now && c->now < d.ends_at) {
		*on_behalf = true;
		return SW_OK;
	}
	sw_error_clear(err);
	return sw_fail(err, SW_ENOTFOUND, NULL, "no approval %lld", (long long)a->id);
}

/* After a decision in step st of r: the step approved, rejected, or still open. */
static enum sw_err settle(struct ctx *c, const struct ticket *t, struct approval_request *r, const struct approval *a,
			  struct sw_error *err)
{
	struct approval *v;
	size_t n;
	enum sw_err rc = store_approvals_of_step(c->store, a->step_id, &v, &n, err);
	if (rc)
		return rc;
	int yes = 0, no = 0;
	for (size_t i = 0; i < n; i++) {
		yes += !strcmp(v[i].state, "approved");
		no += !strcmp(v[i].state, "rejected");
	}
	int required = a->required;
	bool approved = yes >= required, rejected = !approved && no > (int)n - required;
	if (!approved && !rejected)
		return SW_OK;
	struct approval_step st;
	if ((rc = store_approval_step_at(c->store, r->id, a->position, &st, err)))
		return rc;
	st.state = approved ? "approved" : "rejected";
	st.decided_at = c->now;
	if ((rc = store_approval_step_set(c->store, &st, err)))
		return rc;
	if (rejected || r->step >= r->step_count)
		return finish(c, t, r, st.state, err);
	/* the next step's approvers are asked now; the rest of this one are not needed */
	struct approval_step next;
	r->step++;
	if ((rc = store_approval_step_at(c->store, r->id, r->step, &next, err)))
		return rc;
	next.state = "pending";
	next.started_at = c->now;
	for (size_t i = 0; !rc && i < n; i++)
		if (!strcmp(v[i].state, "pending")) {
			struct approval skip = v[i];
			skip.state = "skipped";
			rc = store_approval_decide(c->store, &skip, err);
		}
	if (rc || (rc = store_approval_step_set(c->store, &next, err)) ||
	    (rc = store_approvals_open(c->store, next.id, c->now, err)) ||
	    (rc = store_approval_request_set(c->store, r, err)))
		return rc;
	return ask(c, t, r, r->step, err);
}

enum sw_err approval_decidable(const struct approval *a, struct sw_error *err)
{
	long long id = (long long)a->id;
	if (!strcmp(a->state, "approved") || !strcmp(a->state, "rejected"))
		return sw_fail(err, SW_ECONFLICT, "approval-decided", "approval %lld was %s already by %s", id,
			       a->state, a->decided_by ? a->decided_by : a->approver);
	if (!strcmp(a->state, "waiting"))
		return sw_fail(err, SW_ECONFLICT, "approval-waiting",
			       "approval %lld belongs to step %d, which is not reached yet", id, a->position);
	if (strcmp(a->state, "pending") != 0 || strcmp(a->request_state, "pending") != 0)
		return sw_fail(err, SW_ECONFLICT, "approval-finished",
			       "approval %lld is no longer needed: the request or its step has ended", id);
	return SW_OK;
}

enum sw_err approval_decide(struct ctx *c, int64_t id, bool approve, const char *comment, struct approval *out,
			    struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	if (!approve && (!comment || !*comment))
		sw_field_fail(err, "comment", "is required to reject");
	else if (comment && !core_text_ok(comment, 0, LIMIT_REASON_LEN))
		sw_field_fail(err, "comment", "must be at most %d characters", LIMIT_REASON_LEN);
	enum sw_err rc = core_tx_begin_valid(c, err);
	if (rc)
		return rc;
	struct approval a;
	struct ticket t;
	bool on_behalf;
	if ((rc = store_approval_by_id(c->store, id, &a, err)) || (rc = may_decide(c, &a, &on_behalf, err)))
		goto out;
	if ((rc = store_ticket_by_id(c->store, a.ticket_id, &t, err)))
		goto out;
	if (t.kind->agents_only && !authz_is_agent(&c->actor)) {
		rc = sw_fail(err, SW_ENOTFOUND, NULL, "no approval %lld", (long long)id);
		goto out;
	}
	/* the request's row first: decisions on one request take turns */
	if ((rc = store_approval_request_lock(c->store, a.request_id, err)) ||
	    (rc = store_approval_by_id(c->store, id, &a, err)))
		goto out;
	if ((rc = approval_decidable(&a, err)))
		goto out;
	a.state = approve ? "approved" : "rejected";
	a.comment = comment && *comment ? comment : NULL;
	a.decided_by_id = c->actor.user_id;
	a.decided_at = c->now;
	struct changes ch;
	changes_init(&ch);
	changes_set_int(&ch, "approval", a.id);
	changes_set_int(&ch, "step", a.position);
	changes_set_str(&ch, "decision", a.state);
	changes_set_str(&ch, "approver", a.approver);
	if (on_behalf)
		changes_set_str(&ch, "delegate", c->actor.login);
	if (a.comment)
		changes_set_str(&ch, "comment", a.comment);
	struct approval_request r;
	if ((rc = store_approval_decide(c->store, &a, err)) ||
	    (rc = audit_changes(c, "ticket", t.id, "approval", false, &ch, err)) ||
	    (rc = store_approval_request_by_id(c->store, a.request_id, &r, err)) || (rc = settle(c, &t, &r, &a, err)))
		goto out;
	if (!(rc = store_approval_by_id(c->store, id, out, err)))
		out->on_behalf = on_behalf;
out:
	return core_tx_end(c, rc, err);
}

enum sw_err approval_inbox(struct ctx *c, const struct page *p, struct approval_list *out, struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	enum sw_err rc = store_approval_inbox(c->store, c->actor.user_id, c->now, p, out, err);
	if (rc)
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < out->count; i++) {
		struct approval *a = &out->items[i];
		const struct ticket_kind *kind = ticket_kind_by_name(a->ticket_kind);
		/* never an end user's: approvers of the desk's own kinds are agents */
		if (!kind || (kind->agents_only && !authz_is_agent(&c->actor)))
			continue;
		a->on_behalf = a->approver_id != c->actor.user_id;
		out->items[k++] = *a;
	}
	out->count = k;
	return SW_OK;
}

/* ---- delegation ---------------------------------------------------------------------- */

enum sw_err delegation_get(struct ctx *c, struct delegation *out, struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	enum sw_err rc = store_delegation_get(c->store, c->actor.user_id, out, err);
	return rc == SW_ENOTFOUND ? sw_fail(err, SW_ENOTFOUND, NULL, "you have no delegation") : rc;
}

enum sw_err delegation_set(struct ctx *c, const struct delegation_input *in, struct delegation *out,
			   struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	struct delegation d = {.user_id = c->actor.user_id,
			       .user = c->actor.login,
			       .starts_at = in->set_starts_at && in->starts_at ? in->starts_at : c->now,
			       .ends_at = in->ends_at,
			       .created_at = c->now};
	if (!in->set_delegate || !in->delegate)
		sw_field_fail(err, "delegate", "is required");
	if (!in->set_ends_at || !in->ends_at)
		sw_field_fail(err, "ends_at", "is required");
	else if (in->ends_at <= d.starts_at)
		sw_field_fail(err, "ends_at", "must be after starts_at");
	else if (in->ends_at <= c->now)
		sw_field_fail(err, "ends_at", "must be in the future");
	else if (in->ends_at - d.starts_at > 366 * 86400)
		sw_field_fail(err, "ends_at", "must be within a year of starts_at");
	enum sw_err rc = core_tx_begin_valid(c, err);
	if (rc)
		return rc;
	struct user u;
	if ((rc = core_ref_find(c, CORE_REF_USER, "delegate", in->delegate, &u, err)))
		goto out;
	if (u.id == c->actor.user_id)
		sw_field_fail(err, "delegate", "must be someone else");
	else if (!u.active)
		sw_field_fail(err, "delegate", "is not active");
	else if (authz_is_agent(&c->actor) && u.role < ROLE_AGENT)
		sw_field_fail(err, "delegate", "must be an agent, as you are");
	if ((rc = err->code))
		goto out;
	d.delegate_id = u.id;
	d.delegate = u.login;
	struct changes ch;
	changes_init(&ch);
	changes_set_str(&ch, "delegate", u.login);
	changes_time(&ch, "starts_at", 0, d.starts_at);
	changes_time(&ch, "ends_at", 0, d.ends_at);
	if ((rc = store_delegation_set(c->store, &d, err)) ||
	    (rc = audit_changes(c, "user", c->actor.user_id, "delegation", true, &ch, err)))
		goto out;
	*out = d;
out:
	return core_tx_end(c, rc, err);
}

enum sw_err delegation_clear(struct ctx *c, struct sw_error *err)
{
	enum sw_err rc = core_tx_begin_user(c, err);
	if (rc)
		return rc;
	bool found;
	struct changes ch;
	changes_init(&ch);
	changes_set_str(&ch, "delegate", NULL);
	if ((rc = store_delegation_delete(c->store, c->actor.user_id, &found, err)))
		changes_release(&ch);
	else if (!found) {
		changes_release(&ch);
		rc = sw_fail(err, SW_ENOTFOUND, NULL, "you have no delegation");
	} else
		rc = audit_changes(c, "user", c->actor.user_id, "delegation_end", true, &ch, err);
	return core_tx_end(c, rc, err);
}

/* ---- reminders ----------------------------------------------------------------------- */

enum sw_err approval_reminder_pass(struct ctx *c, int64_t remind_after_s, int batch, int *reminded,
				   struct sw_error *err)
{
	*reminded = 0;
	if (remind_after_s <= 0)
		return SW_OK;
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	int64_t before = c->now - remind_after_s;
	struct approval *due;
	size_t n;
	if ((rc = store_approvals_due(c->store, before, batch, &due, &n, err)))
		goto out;
	for (size_t i = 0; !rc && i < n; i++) {
		const struct approval *a = &due[i];
		bool marked;
		struct ticket t;
		if ((rc = store_approval_remind_mark(c->store, a->id, before, c->now, &marked, err)) || !marked)
			continue;
		if ((rc = store_ticket_by_id(c->store, a->ticket_id, &t, err)))
			break;
		/* the approver, and whoever decides for them now */
		int64_t who[2] = {a->approver_id, 0};
		struct delegation d;
		struct sw_error look;
		sw_error_clear(&look);
		if (store_delegation_get(c->store, a->approver_id, &d, &look) == SW_OK && d.starts_at <= c->now &&
		    c->now < d.ends_at)
			who[1] = d.delegate_id;
		const char *detail = arena_printf(c->arena, "approval %lld, step %d, asked of %s", (long long)a->id,
						  a->position, a->approver);
		struct changes ch;
		changes_init(&ch);
		changes_set_int(&ch, "approval", a->id);
		changes_set_str(&ch, "approver", a->approver);
		/* a fresh decision link for the approver's email (a delegate decides from the inbox) */
		const char **own, *links[2] = {NULL, NULL};
		if ((rc = approval_links_issue(c, a, 1, &own, err)))
			break;
		links[0] = own ? own[0] : NULL;
		if ((rc = notify_approval_event(c, NE_APPROVAL_REMINDER, &t, detail, who, links, who[1] ? 2 : 1,
						err)) ||
		    (rc = audit_changes(c, "ticket", t.id, "approval_reminder", true, &ch, err)))
			break;
		(*reminded)++;
	}
out:
	return core_tx_end(c, rc, err);
}
