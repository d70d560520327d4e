/*
 * ticket_engine.c — the one implementation of create, read, list, update
 * and actions for every ticket kind; see "the engine" in ticket.h.
 *
 * A kind is a declaration (struct ticket_kind): what an action does beyond
 * moving the state follows from the phases it leaves and enters, the value
 * lists an action asks for come from the kind, and what is truly the
 * kind's own runs in its hooks.  Validation happens in two passes before
 * anything is written: field rules first (every failure reported
 * together), then references (users, groups, services, CIs) inside the
 * transaction that performs the write, so a reference cannot vanish
 * between check and write.
 */
#include <stdio.h>
#include <string.h>

#include "base/each.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/approval/approval.h"
#include "core/ticket/assign.h"
#include "core/kernel/authz.h"
#include "core/ticket/category.h"
#include "core/cmdb/cmdb.h"
#include "core/csi/survey.h"
#include "core/kernel/cfgsnap.h"
#include "core/core_int.h"
#include "core/kernel/record.h"
#include "core/ticket/custom_field.h"
#include "core/notify/notify.h"
#include "core/cmdb/service.h"
#include "core/sla/sla.h"
#include "core/ticket/template.h"
#include "core/ticket/ticket.h"
#include "core/port/account.h"
#include "core/port/change.h"
#include "core/port/cmdb.h"
#include "core/port/config.h"
#include "core/port/measure.h"
#include "core/port/ticket.h"
#include "base/banned.h"

static bool one_of(const char *s, const char *const *set)
{
	for (; s && set && *set; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

/* "must be one of a, b, c" for field, from a NULL-terminated list. */
static void one_of_fail(struct sw_error *err, const char *field, const char *const *set)
{
	char list[256] = "";
	size_t n = 0;
	for (; set && *set && n < sizeof(list); set++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", n ? ", " : "", *set);
	sw_field_fail(err, field, "must be one of %s", list);
}

static void check_text(struct sw_error *err, const char *field, const char *s, size_t min, size_t max)
{
	size_t n = utf8_count(s, strlen(s));
	if (n < min || n > max) {
		if (min)
			sw_field_fail(err, field, "must be %zu to %zu characters", min, max);
		else
			sw_field_fail(err, field, "must be at most %zu characters", max);
	}
}

/* Input fields outside the core, and what a kind needs to accept them:
 * each member of struct ticket_input named, given when its set_ flag is. */
#define OPTIONAL_INPUT(flag_, unused_, member_)                                                                        \
	{                                                                                                              \
		flag_, #member_, offsetof(struct ticket_input, set_##member_)                                          \
	}
static const struct {
	unsigned flag;
	const char *name;
	size_t set_offset;
} optional_inputs[] = {
	EACH(OPTIONAL_INPUT, TICKET_FIELD_OUTAGE, -, outage_start, outage_end),
	EACH(OPTIONAL_INPUT, TICKET_FIELD_PARENT, -, parent),
	{TICKET_FIELD_TEMPLATE, "template", 0}, /* given when not NULL */
	EACH(OPTIONAL_INPUT, TICKET_FIELD_RCA, -, symptoms, root_cause, cause_category, workaround, fix,
	     review_went_well, review_went_wrong, review_actions, incidents, contributing_cis),
	EACH(OPTIONAL_INPUT, TICKET_FIELD_CIS, -, affected_cis),
	EACH(OPTIONAL_INPUT, TICKET_FIELD_PROBLEM, -, problem),
	EACH(OPTIONAL_INPUT, TICKET_FIELD_CAUSED_BY, -, caused_by),
	{TICKET_FIELD_CHANGE, "type", offsetof(struct ticket_input, set_change_type)},
	EACH(OPTIONAL_INPUT, TICKET_FIELD_CHANGE, -, justification, change_owner, planned_start, planned_end,
	     actual_start, actual_end, implementation_plan, backout_plan, test_plan, test_results, communication_plan,
	     outage_expected, outage_minutes, risk, pir, affected_services),
	EACH(OPTIONAL_INPUT, TICKET_FIELD_CHANGE, -, risk_reason),
	EACH(OPTIONAL_INPUT, TICKET_FIELD_RELEASE, -, release_version, release_type, release_notes, build_planned,
	     build_actual, test_planned, test_actual, deploy_planned, deploy_actual, window_start, window_end),
	EACH(OPTIONAL_INPUT, TICKET_FIELD_TASK, -, change, task_order),
};

/* The text fields a patch copies to the ticket as given (NULL clears):
 * the core's (flag 0, checked by validate) and those outside the core
 * (checked here by length). */
#define KIND_TEXT(flag_, name_, member_, max_)                                                                         \
	{                                                                                                              \
		flag_, name_, offsetof(struct ticket_input, member_), offsetof(struct ticket_input, set_##member_),    \
			offsetof(struct ticket, member_), max_                                                         \
	}
static const struct {
	unsigned flag;
	const char *name;
	size_t in_at, set_at, ticket_at, max;
} kind_texts[] = {
	KIND_TEXT(0, "title", title, 0),
	KIND_TEXT(0, "description", description, 0),
	KIND_TEXT(0, "category", category, 0),
	KIND_TEXT(0, "channel", channel, 0),
	KIND_TEXT(TICKET_FIELD_RCA, "symptoms", symptoms, LIMIT_DESCRIPTION_LEN),
	KIND_TEXT(TICKET_FIELD_RCA, "root_cause", root_cause, LIMIT_DESCRIPTION_LEN),
	KIND_TEXT(TICKET_FIELD_RCA, "cause_category", cause_category, LIMIT_NAME_LEN),
	KIND_TEXT(TICKET_FIELD_RCA, "workaround", workaround, LIMIT_DESCRIPTION_LEN),
	KIND_TEXT(TICKET_FIELD_RCA, "review_went_well", review_went_well, LIMIT_COMMENT_LEN),
	KIND_TEXT(TICKET_FIELD_RCA, "review_went_wrong", review_went_wrong, LIMIT_COMMENT_LEN),
	KIND_TEXT(TICKET_FIELD_RCA, "review_actions", review_actions, LIMIT_COMMENT_LEN),
	KIND_TEXT(TICKET_FIELD_CHANGE, "justification", justification, LIMIT_DESCRIPTION_LEN),
	KIND_TEXT(TICKET_FIELD_CHANGE, "implementation_plan", implementation_plan, LIMIT_DESCRIPTION_LEN),
	KIND_TEXT(TICKET_FIELD_CHANGE, "backout_plan", backout_plan, LIMIT_DESCRIPTION_LEN),
	KIND_TEXT(TICKET_FIELD_CHANGE, "test_plan", test_plan, LIMIT_DESCRIPTION_LEN),
	KIND_TEXT(TICKET_FIELD_CHANGE, "test_results", test_results, LIMIT_DESCRIPTION_LEN),
	KIND_TEXT(TICKET_FIELD_CHANGE, "communication_plan", communication_plan, LIMIT_DESCRIPTION_LEN),
	KIND_TEXT(TICKET_FIELD_CHANGE, "pir", pir, LIMIT_DESCRIPTION_LEN),
	KIND_TEXT(TICKET_FIELD_RELEASE, "release_version", release_version, 100),
	KIND_TEXT(TICKET_FIELD_RELEASE, "release_notes", release_notes, LIMIT_DESCRIPTION_LEN),
};
#define KIND_TEXT_COUNT (sizeof(kind_texts) / sizeof(kind_texts[0]))

static bool kind_text_given(const struct ticket_input *in, size_t i)
{
	return *(const bool *)((const char *)in + kind_texts[i].set_at);
}

static const char *kind_text_value(const struct ticket_input *in, size_t i)
{
	return *(const char *const *)((const char *)in + kind_texts[i].in_at);
}

/* The text fields given in in, onto t. */
static void apply_kind_texts(const struct ticket_input *in, struct ticket *t)
{
	for (size_t i = 0; i < KIND_TEXT_COUNT; i++)
		if (kind_text_given(in, i))
			*(const char **)((char *)t + kind_texts[i].ticket_at) = kind_text_value(in, i);
}

unsigned ticket_input_needs(const char *name)
{
	for (size_t i = 0; i < sizeof(optional_inputs) / sizeof(optional_inputs[0]); i++)
		if (strcmp(optional_inputs[i].name, name) == 0)
			return optional_inputs[i].flag;
	return 0;
}

/* Fields outside the core that this kind does not have. */
static void kind_fields(const struct ticket_kind *k, const struct ticket_input *in, struct sw_error *err)
{
	for (size_t i = 0; i < sizeof(optional_inputs) / sizeof(optional_inputs[0]); i++) {
		bool given = optional_inputs[i].set_offset
				     ? *(const bool *)((const char *)in + optional_inputs[i].set_offset)
				     : in->template != NULL;
		if (given && !(k->fields & optional_inputs[i].flag))
			sw_field_fail(err, optional_inputs[i].name, "is not a field of %s", k->path);
	}
}

static void validate(const struct ticket_kind *k, const struct ticket_input *in, bool creating, struct sw_error *err)
{
	kind_fields(k, in, err);
	if (creating && !in->set_title && !in->template)
		sw_field_fail(err, "title",
			      (k->fields & TICKET_FIELD_TEMPLATE) ? "is required (or name a template)" : "is required");
	else if (in->set_title && !in->title)
		sw_field_fail(err, "title", "cannot be null");
	else if (in->set_title)
		check_text(err, "title", in->title, 1, LIMIT_TITLE_LEN);
	if (in->set_description && !in->description)
		sw_field_fail(err, "description", "cannot be null");
	else if (in->set_description)
		check_text(err, "description", in->description, 0, LIMIT_DESCRIPTION_LEN);
	ticket_check_triage(err, in->set_impact, in->impact, in->set_urgency, in->urgency, in->set_category,
			    in->category);
	if (in->set_requester && !in->requester)
		sw_field_fail(err, "requester", "cannot be null");
	if (in->set_watchers && in->watcher_count > LIMIT_WATCHERS)
		sw_field_fail(err, "watchers", "must list at most %d users", LIMIT_WATCHERS);
	if (in->set_priority && (in->priority < 1 || in->priority > 5))
		sw_field_fail(err, "priority", "must be an integer from 1 (critical) to 5 (planning)");
	if (in->set_priority && (!in->set_priority_reason || !in->priority_reason || !*in->priority_reason))
		sw_field_fail(err, "priority_reason", "is required when the priority is set by hand");
	else if (in->set_priority_reason && in->priority_reason)
		check_text(err, "priority_reason", in->priority_reason, 1, LIMIT_REASON_LEN);
	if (in->set_priority_reason && !in->set_priority)
		sw_field_fail(err, "priority_reason", "goes with priority");
	if (in->set_channel && !one_of(in->channel, ticket_channels))
		one_of_fail(err, "channel", ticket_channels);
	for (size_t i = 0; i < KIND_TEXT_COUNT; i++)
		if (kind_texts[i].flag && kind_text_given(in, i) && kind_text_value(in, i))
			check_text(err, kind_texts[i].name, kind_text_value(in, i), 1, kind_texts[i].max);
	if (in->set_incidents && !creating)
		sw_field_fail(err, "incidents", "applies only when raising %s (link more with POST .../incidents)",
			      k->label);
	if (in->set_incidents && in->incident_count > LIMIT_PROBLEM_INCIDENTS)
		sw_field_fail(err, "incidents", "must list at most %d incidents", LIMIT_PROBLEM_INCIDENTS);
}

/* An end user may only file for themselves and may not route the ticket. */
static enum sw_err end_user_limits(struct ctx *c, const struct ticket_input *in, struct sw_error *err)
{
	if (authz_is_agent(&c->actor))
		return SW_OK;
	const char *field = NULL;
	for (size_t i = 0; !field && i < sizeof(optional_inputs) / sizeof(optional_inputs[0]); i++)
		if ((optional_inputs[i].flag & (TICKET_FIELD_RCA | TICKET_FIELD_PROBLEM | TICKET_FIELD_CAUSED_BY |
						TICKET_FIELD_CHANGE | TICKET_FIELD_TASK)) &&
		    *(const bool *)((const char *)in + optional_inputs[i].set_offset))
			field = optional_inputs[i].name;
	if (in->set_requester && !str_same(in->requester, c->actor.login))
		field = "requester";
	else if (in->set_group && in->group)
		field = "assignment_group";
	else if (in->set_assignee && in->assignee)
		field = "assignee";
	else if (in->set_priority)
		field = "priority";
	else if (in->set_parent)
		field = "parent";
	else if (in->set_outage_start || in->set_outage_end)
		field = in->set_outage_start ? "outage_start" : "outage_end";
	else if (in->set_ci && in->ci)
		field = "ci"; /* the CMDB is for the desk */
	else if (!field && in->set_channel)
		field = "channel";
	if (!field)
		return SW_OK;
	sw_fail(err, SW_EFORBIDDEN, NULL, "only agents may set '%s'", field);
	return SW_EFORBIDDEN;
}

/* The services that depend on t's CI, for agents looking at a ticket. */
static enum sw_err impacted_services(struct ctx *c, struct ticket *t, struct sw_error *err)
{
	if (!t->ci_id)
		return SW_OK;
	struct graph_result g;
	enum sw_err rc = graph_walk(c, GK_CI, t->ci_id, t->ci, true, IMPACT_DEPTH_DEFAULT, IMPACTED_NODES_MAX, &g, err);
	if (rc)
		return rc;
	t->impacted = arena_alloc(c->arena, (g.count + 1) * sizeof(*t->impacted));
	if (!t->impacted)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < g.count; i++)
		if (g.items[i].kind == GK_SERVICE)
			t->impacted[t->impacted_count++] = g.items[i].name;
	return SW_OK;
}

/* What single-ticket answers add: children and, for agents, SLA clocks
 * and the services the CI's trouble reaches. */
static enum sw_err decorate(struct ctx *c, struct ticket *t, struct sw_error *err)
{
	enum sw_err rc = store_ticket_children(c->store, t, false, err);
	unsigned has = t->kind->fields;
	if (!rc && (has & TICKET_FIELD_CIS))
		rc = store_ticket_cis(c->store, t->id, "affected", &t->affected_cis, &t->affected_ci_count, err);
	if (!rc && (has & TICKET_FIELD_RCA) &&
	    !(rc = store_ticket_problem_count(c->store, t->id, &t->incident_count, err)))
		rc = store_ticket_cis(c->store, t->id, "contributing", &t->contributing_cis, &t->contributing_ci_count,
				      err);
	if (!rc && (has & TICKET_FIELD_CHANGE) &&
	    !(rc = store_ticket_services(c->store, t->id, &t->affected_services, &t->affected_service_count, err)))
		rc = store_change_caused_count(c->store, t->id, &t->caused_count, err);
	if (!rc && authz_is_agent(&c->actor) && !(rc = sla_ticket_clocks(c, t->id, &t->slas, &t->sla_count, err)))
		rc = impacted_services(c, t, err);
	if (!rc && authz_is_agent(&c->actor) && str_same(t->requester, USER_UNREGISTERED))
		rc = store_ticket_contact_get(c->store, t->id, &t->contact_email, &t->contact_name, err);
	/* surveys are sent at resolution: nothing to look for before (a create) */
	int64_t asked = 0;
	if (!rc && t->resolved_at && !(rc = store_survey_user_of(c->store, t->id, &asked, err)))
		t->surveyed = asked && (authz_is_agent(&c->actor) || asked == c->actor.user_id);
	return rc;
}

enum sw_err ticket_reload(struct ctx *c, int64_t id, struct ticket *out, struct sw_error *err)
{
	enum sw_err rc = store_ticket_by_id(c->store, id, out, err);
	return rc ? rc : decorate(c, out, err);
}

enum sw_err ticket_load_version(struct ctx *c, const struct ticket_kind *kind, const char *number,
				int64_t expected_version, struct ticket *out, struct sw_error *err)
{
	enum sw_err rc = ticket_load_writable(c, kind, number, out, err);
	if (!rc && expected_version && out->version != expected_version)
		rc = ticket_stale(kind, err, out->version);
	return rc;
}

enum sw_err ticket_write_begin(struct ctx *c, const struct ticket_kind *kind, const char *number,
			       int64_t expected_version, struct ticket *out, struct sw_error *err)
{
	enum sw_err rc = err->code;
	if (rc || (rc = core_tx_begin(c, err)))
		return rc;
	if ((rc = ticket_load_version(c, kind, number, expected_version, out, err)))
		return core_tx_end(c, rc, err);
	return SW_OK;
}

enum sw_err ticket_stale(const struct ticket_kind *kind, struct sw_error *err, int64_t current)
{
	sw_fail(err, SW_ESTALE, "stale-version", "the %s was changed by someone else; its current version is %lld",
		kind->name, (long long)current);
	err->current_version = current;
	return SW_ESTALE;
}

/* Attach t to parent (a number) or detach it (NULL).  One level only: a
 * parent may not itself have a parent, and a ticket with children may not
 * become a child. */
static enum sw_err resolve_parent(struct ctx *c, const char *parent, struct ticket *t, struct sw_error *err)
{
	t->parent_id = 0;
	t->parent = NULL;
	if (!parent)
		return SW_OK;
	if (t->number && strcmp(parent, t->number) == 0) {
		core_reference_fail(err, "parent", "%s cannot be its own parent", t->kind->label);
		return SW_OK;
	}
	struct ticket p;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = core_ref_find(c, CORE_REF_TICKET, "parent", parent, &p, &look);
	if (rc == SW_ENOTFOUND || (!rc && p.kind != t->kind)) {
		core_reference_fail(err, "parent", "no %s '%s'", t->kind->name, parent);
		return SW_OK;
	}
	if (rc)
		return sw_fail(err, rc, NULL, "%s", look.detail);
	if (p.parent_id) {
		core_reference_fail(err, "parent", "'%s' is itself a child of %s", parent, p.parent);
		return SW_OK;
	}
	if (t->id) {
		if ((rc = store_ticket_children(c->store, t, false, err)))
			return rc;
		if (t->child_count) {
			core_reference_fail(err, "parent", "%s has children of its own", t->number);
			return SW_OK;
		}
	}
	t->parent_id = p.id;
	t->parent = p.number;
	return SW_OK;
}

/* A ticket of kind `want` (a name: the kind may not be registered yet)
 * named by number for field, into *id and *shown; NULL unsets.  A number
 * of another kind, or none, is a field error. */
static enum sw_err resolve_ticket_ref(struct ctx *c, const char *field, const char *want, const char *number,
				      int64_t *id, const char **shown, struct sw_error *err)
{
	*id = 0;
	*shown = NULL;
	if (!number)
		return SW_OK;
	struct ticket p;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = core_ref_find(c, CORE_REF_TICKET, field, number, &p, &look);
	if (rc == SW_ENOTFOUND || (!rc && strcmp(p.kind->name, want) != 0)) {
		core_reference_fail(err, field, "no %s '%s'", want, number);
		return SW_OK;
	}
	if (rc)
		return sw_fail(err, rc, NULL, "%s", look.detail);
	*id = p.id;
	*shown = p.number;
	return SW_OK;
}

enum sw_err ticket_agent_ref(struct ctx *c, const char *field, const char *login, int64_t *id, const char **shown,
			     struct sw_error *err)
{
	*id = 0;
	*shown = NULL;
	struct user u;
	enum sw_err rc = login ? core_ref_find(c, CORE_REF_USER, field, login, &u, err) : SW_ENOTFOUND;
	if (rc && rc != SW_ENOTFOUND)
		return rc;
	if (!rc && (u.role < ROLE_AGENT || !u.active)) {
		core_reference_fail(err, field, "'%s' is not an active agent", login);
	} else if (!rc) {
		*id = u.id;
		*shown = u.login;
	}
	return SW_OK;
}

/* Resolve requester, group, assignee, parent, service, CI and watchers of
 * in onto t. */
static enum sw_err resolve_refs(struct ctx *c, const struct ticket_input *in, struct ticket *t, int64_t **watcher_ids,
				struct sw_error *err)
{
	enum sw_err rc;
	struct user u;
	if (in->set_requester) {
		rc = core_ref_find(c, CORE_REF_USER, "requester", in->requester, &u, err);
		if (rc && rc != SW_ENOTFOUND)
			return rc;
		if (!rc) {
			t->requester_id = u.id;
			t->requester = u.login;
		}
	}
	if (in->set_group &&
	    (rc = core_ref_set(c, CORE_REF_GROUP, "assignment_group", in->group, &t->group_id, &t->group, err)))
		return rc;
	if (in->set_assignee &&
	    (rc = ticket_agent_ref(c, "assignee", in->assignee, &t->assignee_id, &t->assignee, err)))
		return rc;
	if (!err->code && t->assignee_id && t->group_id) {
		bool member;
		if ((rc = store_group_is_member(c->store, t->group_id, t->assignee_id, &member, err)))
			return rc;
		if (!member)
			core_reference_fail(err, "assignee", "'%s' is not a member of the assignment group",
					    t->assignee);
	}
	if (in->set_parent && (rc = resolve_parent(c, in->parent, t, err)))
		return rc;
	if (in->set_problem &&
	    (rc = resolve_ticket_ref(c, "problem", "problem", in->problem, &t->problem_id, &t->problem, err)))
		return rc;
	if (in->set_fix && (rc = resolve_ticket_ref(c, "fix", "change", in->fix, &t->fix_id, &t->fix, err)))
		return rc;
	if (in->set_caused_by &&
	    (rc = resolve_ticket_ref(c, "caused_by", "change", in->caused_by, &t->caused_by_id, &t->caused_by, err)))
		return rc;
	if (in->set_change &&
	    (rc = resolve_ticket_ref(c, "change", "change", in->change, &t->change_id, &t->change, err)))
		return rc;
	core_apply_span(err, "an outage_start", "outage_end", in->set_outage_start, in->outage_start,
			in->set_outage_end, in->outage_end, &t->outage_start, &t->outage_end);
	if (in->set_service &&
	    (rc = core_ref_set(c, CORE_REF_SERVICE, "service", in->service, &t->service_id, &t->service, err)))
		return rc;
	if (in->set_ci && (rc = core_ref_set_ci(c, "ci", in->ci, &t->ci_id, &t->ci, err)))
		return rc;
	if (in->set_watchers && (rc = core_ref_users(c, "watchers", in->watchers, in->watcher_count,
						     t->kind->agents_only ? t->kind->path : NULL, watcher_ids, err)))
		return rc;
	return err->code;
}

/* Priority from the configured matrix, or a manual override with its reason.
 * Changing impact or urgency without a new override drops the old one. */
static enum sw_err apply_priority(struct ctx *c, const struct ticket_input *in, struct ticket *t, struct sw_error *err)
{
	if (in->set_priority) {
		t->priority = in->priority;
		t->priority_reason = in->priority_reason;
		t->priority_basis = arena_printf(c->arena, "set by hand: %s", in->priority_reason);
		return SW_OK;
	}
	if (t->id && !in->set_impact && !in->set_urgency && !in->set_service)
		return SW_OK;
	int m[3][3];
	enum sw_err rc = cfgsnap_matrix(c, m, err);
	if (rc)
		return rc;
	t->priority = m[t->impact - 1][t->urgency - 1];
	t->priority_reason = NULL;
	t->priority_basis = arena_printf(c->arena, "the priority matrix: impact %d, urgency %d", t->impact, t->urgency);
	return SW_OK;
}

/* After the service is known: a ticket on a critical service gets at
 * least the priority the criticality_priority setting gives it. */
static enum sw_err criticality_floor(struct ctx *c, const struct ticket_input *in, struct ticket *t,
				     struct sw_error *err)
{
	if (in->set_priority || !t->service_id || (t->id && !in->set_impact && !in->set_urgency && !in->set_service))
		return SW_OK;
	struct service v;
	enum sw_err rc = store_service_by_id(c->store, t->service_id, &v, err);
	if (rc)
		return rc;
	int floor = v.criticality >= 1 && v.criticality <= 4 ? c->cfg->criticality_floor[v.criticality] : 0;
	if (floor && t->priority > floor) {
		t->priority = floor;
		t->priority_reason = arena_printf(c->arena, "raised for '%s' (criticality %d)", v.name, v.criticality);
		t->priority_basis = arena_printf(c->arena, "the service floor: '%s' (criticality %d) raises it to %d",
						 v.name, v.criticality, floor);
	}
	return SW_OK;
}

static const char *custom_value(const struct ticket *t, const char *name)
{
	for (size_t i = 0; i < t->custom_count; i++)
		if (strcmp(t->custom[i].name, name) == 0)
			return t->custom[i].value;
	return NULL;
}

/* "custom.<name>": {from, to} for each value that changed. */
static void audit_custom(struct changes *ch, const struct ticket *b, const struct ticket *a)
{
	char key[64];
	for (size_t i = 0; i < b->custom_count; i++) {
		snprintf(key, sizeof(key), "custom.%s", b->custom[i].name);
		changes_str(ch, key, b->custom[i].value, custom_value(a, b->custom[i].name));
	}
	for (size_t i = 0; i < a->custom_count; i++)
		if (!custom_value(b, a->custom[i].name)) {
			snprintf(key, sizeof(key), "custom.%s", a->custom[i].name);
			changes_str(ch, key, NULL, a->custom[i].value);
		}
}

/* What the search row of t holds, in doc (a copy of t): the title, and the
 * description followed by the text of its text and choice values. */
static enum sw_err search_doc(struct ctx *c, const struct ticket *t, struct ticket *doc, struct sw_error *err)
{
	*doc = *t;
	if (!t->custom_count)
		return SW_OK;
	size_t n = strlen(t->description ? t->description : "") + 1;
	for (size_t i = 0; i < t->custom_count; i++)
		n += strlen(t->custom[i].value) + 1;
	char *d = arena_alloc(c->arena, n);
	if (!d)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	size_t at = (size_t)snprintf(d, n, "%s", t->description ? t->description : "");
	for (size_t i = 0; i < t->custom_count; i++)
		if (strcmp(t->custom[i].type, "text") == 0 || strcmp(t->custom[i].type, "choice") == 0)
			at += (size_t)snprintf(d + at, n - at, "\n%s", t->custom[i].value);
	doc->description = d;
	return SW_OK;
}

static enum sw_err search_update(struct ctx *c, const struct ticket *t, struct sw_error *err)
{
	struct ticket doc;
	enum sw_err rc = search_doc(c, t, &doc, err);
	return rc ? rc : store_ticket_search_update(c->store, &doc, err);
}

/* What changed between b and a, field by field as ticket_fields lists
 * them: references by the name they show, times as epoch seconds.
 * Whether any of it is a field end users see. */
static bool audit_fields(struct changes *ch, const struct ticket *b, const struct ticket *a)
{
	bool shown = false;
	for (size_t i = 0; i < ticket_field_count; i++) {
		const struct ticket_field *f = &ticket_fields[i];
		if (f->no_audit)
			continue;
		int had = ch->count;
		const char *key = f->audit_name ? f->audit_name : f->name;
		const char *pb = (const char *)b + f->offset, *pa = (const char *)a + f->offset;
		switch (f->type) {
		case TICKET_FT_TEXT:
		case TICKET_FT_TEXT_NULL:
		case TICKET_FT_REF: changes_str(ch, key, *(const char *const *)pb, *(const char *const *)pa); break;
		case TICKET_FT_INT: changes_int(ch, key, *(const int *)pb, *(const int *)pa); break;
		case TICKET_FT_INT64:
		case TICKET_FT_INT64_NULL:
		case TICKET_FT_TIME:
		case TICKET_FT_TIME_NULL: {
			int64_t vb = *(const int64_t *)pb, va = *(const int64_t *)pa;
			bool time = f->type == TICKET_FT_TIME || f->type == TICKET_FT_TIME_NULL;
			if (f->audit_first_only && (vb || !va))
				break;
			if (time) /* as the API writes instants everywhere (issue #21) */
				changes_time(ch, key, vb, va);
			else
				changes_int(ch, key, vb, va);
			break;
		}
		case TICKET_FT_BOOL:
			if (*(const bool *)pb != *(const bool *)pa)
				changes_str(ch, key, *(const bool *)pb ? "true" : "false",
					    *(const bool *)pa ? "true" : "false");
			break;
		case TICKET_FT_CUSTOM: audit_custom(ch, b, a); break;
		default: break; /* not a member: nothing to compare */
		}
		shown |= ch->count > had && !f->agents_only;
	}
	return shown;
}

/* internal: the entry is for the desk only (end users never see it);
 * so is one whose changes are all agent-only fields, which the end user's
 * history would show as nothing and the live events as "updated". */
static enum sw_err audit_ticket(struct ctx *c, const struct ticket *before, const struct ticket *after,
				const char *action, bool internal, const char *rule, const char *template,
				struct sw_error *err)
{
	struct changes ch;
	changes_init(&ch);
	if (!audit_fields(&ch, before, after) && ch.count)
		internal = true;
	if (before->priority != after->priority && after->priority_basis)
		changes_set_str(&ch, "priority_basis", after->priority_basis);
	if (rule)
		changes_set_str(&ch, "assignment_rule", rule);
	if (template)
		changes_set_str(&ch, "template", template);
	return audit_changes(c, "ticket", after->id, action, internal, &ch, err);
}

/* What an incident raised from a template takes from it unless given. */
#define TEMPLATE_FILL_(a_, b_, member_)                                                                                \
	RECORD_FILL(struct ticket_input, struct incident_template, struct ticket, set_##member_, member_, member_)
static const struct record_copy template_fills[] = {
	EACH(TEMPLATE_FILL_, -, -, title, description, impact, urgency, category),
};

/* Fill what in leaves out of t from the active template name. */
static enum sw_err apply_template(struct ctx *c, const struct ticket_input *in, const char *name, struct ticket *t,
				  struct sw_error *err)
{
	struct incident_template tp;
	enum sw_err rc = record_load_active(c, &template_kind, offsetof(struct incident_template, active), "template",
					    name, &tp, err);
	if (rc)
		return rc;
	record_fill_unset(template_fills, sizeof(template_fills) / sizeof(template_fills[0]), in, &tp, t);
	if (!in->set_group && tp.group_id) {
		t->group_id = tp.group_id;
		t->group = tp.group;
	}
	return SW_OK;
}

/* What a create and an update do alike once in's plain fields are on t:
 * the kind's texts, the priority, the references, the kind's hook, the
 * custom values and the fields t's state requires.  before->id is 0 for
 * a create (whose category is always checked: a template may have set it). */
static enum sw_err apply_input(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
			       struct ticket *t, int64_t **watcher_ids, struct sw_error *err)
{
	enum sw_err rc;
	apply_kind_texts(in, t);
	if ((rc = apply_priority(c, in, t, err)) ||
	    ((!before->id || in->set_category) && (rc = category_check(c, "category", t->category, err))) ||
	    (rc = resolve_refs(c, in, t, watcher_ids, err)) || (rc = criticality_floor(c, in, t, err)))
		return rc;
	if (t->kind->before_write && ((rc = t->kind->before_write(c, in, before, t, err)) || (rc = err->code)))
		return rc;
	if ((rc = custom_values_apply(c, in, t, err)))
		return rc;
	return mandatory_check(c, t, err);
}

enum sw_err ticket_create(struct ctx *c, const struct ticket_kind *kind, const struct ticket_input *in,
			  struct ticket *out, struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "%s are raised by a user", kind->path);
	if (kind->agents_only && !authz_is_agent(&c->actor))
		return sw_fail(err, SW_EFORBIDDEN, NULL, "%s are raised by agents", kind->path);
	validate(kind, in, true, err);
	if (err->code)
		return err->code;
	enum sw_err rc = end_user_limits(c, in, err);
	if (rc)
		return rc;
	struct ticket t = {
		.kind = kind,
		.state = kind->initial,
		.phase = ticket_phase_of(kind, kind->initial),
		.title = in->title,
		.description = in->set_description ? in->description : "",
		.requester_id = c->actor.user_id,
		.requester = c->actor.login,
		.impact = in->set_impact ? in->impact : 3,
		.urgency = in->set_urgency ? in->urgency : 3,
		.category = in->set_category ? in->category : NULL,
		.channel = in->set_channel ? in->channel : in->via,
		.version = 1,
		.created_at = c->now,
		.updated_at = c->now,
	};
	struct ticket blank = {.id = 0, .kind = kind};
	int64_t *watcher_ids = NULL;
	if ((rc = core_tx_begin(c, err)))
		return rc;
	if ((in->template &&
	     (rc = (kind->apply_template ? kind->apply_template : apply_template)(c, in, in->template, &t, err))) ||
	    (rc = apply_input(c, in, &blank, &t, &watcher_ids, err)))
		goto out;
	if (t.assignee_id && authz_is_agent(&c->actor))
		t.first_response_at = c->now; /* assigned by an agent: the desk has responded */
	const char *rule = NULL;
	if (!in->set_group && !t.group_id && (rc = assign_route(c, &t, &rule, err)))
		goto out;
	t.opening_category = t.category;
	if ((rc = ticket_next_number(c, kind, &t.number, err)))
		goto out;
	if ((rc = store_ticket_insert_row(c->store, &t, err)))
		goto out;
	for (size_t i = 0; in->set_watchers && i < in->watcher_count; i++) {
		bool added;
		if ((rc = store_watcher_add(c->store, t.id, watcher_ids[i], &added, err)))
			goto out;
	}
	if (t.custom_count && (rc = custom_values_write(c, NULL, &t, err)))
		goto out;
	blank.id = t.id;
	if ((rc = audit_ticket(c, &blank, &t, "create", false, rule, in->template, err)) ||
	    (rc = sla_sync(c, NULL, &t, err)))
		goto out;
	blank.id = 0;
	if (kind->after_write && (rc = kind->after_write(c, in, &blank, &t, err)))
		goto out;
	bool moved;
	if ((rc = approval_ticket_moved(c, NULL, &t, &moved, err)))
		goto out;
	if (!(rc = ticket_reload(c, t.id, out, err)))
		rc = notify_event(c, NE_CREATED, out, NULL, 0, err);
	/* the search row last (store_ticket_insert_row says why) */
	struct ticket doc;
	if (!rc && !(rc = search_doc(c, &t, &doc, err)))
		rc = store_ticket_search_insert(c->store, &doc, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err ticket_get(struct ctx *c, const struct ticket_kind *kind, const char *number, struct ticket *out,
		       struct sw_error *err)
{
	enum sw_err rc = ticket_load(c, kind, number, out, err);
	return rc ? rc : decorate(c, out, err);
}

enum sw_err ticket_list_on(struct ctx *c, const struct ticket_kind *kind, enum ticket_on on, int64_t id, bool open_only,
			   const struct page *p, struct ticket_list *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	if (on == TICKET_ON_CI) {
		rc = ci_find(c, id, err);
	} else {
		struct service v;
		rc = store_service_by_id(c->store, id, &v, err);
	}
	return rc ? rc : store_ticket_list_on(c->store, kind->name, on, id, open_only, p, out, err);
}

enum sw_err ticket_list(struct ctx *c, const struct ticket_kind *kind, const struct ticket_filter *f,
			const struct page *p, struct ticket_list *out, struct sw_error *err)
{
	if (f->state && !ticket_state_valid(kind, f->state)) {
		char names[256] = "";
		size_t n = 0;
		for (const struct ticket_state *s = kind->states; s->name && n < sizeof(names); s++)
			n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s", n ? ", " : "", s->name);
		return core_query_fail(err, "state", "must be one of %s", names);
	}
	struct ticket_filter kf = *f;
	kf.kind = kind;
	if (!f->custom_field != !f->custom_value) {
		return core_query_fail(err, f->custom_field ? "custom_value" : "custom_field",
				       "is required with the other");
	}
	enum sw_err rc;
	if (f->breaching_by && !authz_is_agent(&c->actor))
		return core_query_fail(err, "breaching", "is for agents: the SLA clocks are the desk's");
	if (f->custom_field &&
	    (rc = custom_filter_value(c, kind, f->custom_field, f->custom_value, &kf.custom_value, err)))
		return rc;
	if (f->breaching_by)
		kf.breaching_by = c->now + TICKET_BREACHING_WINDOW;
	kf.member_of = f->my_groups ? c->actor.user_id : 0;
	return store_ticket_list(c->store, &kf, authz_ticket_scope(&c->actor), p, out, err);
}

/* A hop: the ticket passed from one assignment group to another (its
 * first group, and leaving it with none, are not hops). */
static void count_hop(const struct ticket *before, struct ticket *t)
{
	if (before->group_id && t->group_id && t->group_id != before->group_id)
		t->reassignment_count++;
}

/* What a change copies as given before the rest of its input is applied
 * (the record kit's copy table). */
static const struct record_copy triage_copies[] = {
	RECORD_COPY_EACH(struct ticket_input, struct ticket, impact, urgency)};

enum sw_err ticket_update(struct ctx *c, const struct ticket_kind *kind, const char *number, int64_t expected_version,
			  const struct ticket_input *in, struct ticket *out, struct sw_error *err)
{
	enum sw_err rc = authz_ticket_write(&c->actor, err);
	if (rc)
		return rc;
	if (in->set_requester || in->set_watchers)
		sw_field_fail(err, in->set_requester ? "requester" : "watchers", "cannot be changed here");
	if (in->template && (kind->fields & TICKET_FIELD_TEMPLATE))
		sw_field_fail(err, "template", "applies only when raising %s", kind->label);
	validate(kind, in, false, err);
	struct ticket before, t;
	if ((rc = ticket_write_begin(c, kind, number, expected_version, &before, err)))
		return rc;
	t = before;
	record_copy_from(triage_copies, sizeof(triage_copies) / sizeof(triage_copies[0]), in, &t, false);
	if ((rc = apply_input(c, in, &before, &t, NULL, err)))
		goto out;
	if (!t.first_response_at && t.assignee_id && t.assignee_id != before.assignee_id)
		t.first_response_at = c->now;
	count_hop(&before, &t);
	t.updated_at = c->now;
	if ((rc = store_ticket_update(c->store, &t, expected_version, err)))
		goto out;
	if ((rc = custom_values_write(c, &before, &t, err)))
		goto out;
	if ((strcmp(t.title, before.title) != 0 || in->set_custom ||
	     strcmp(t.description ? t.description : "", before.description ? before.description : "") != 0) &&
	    (rc = search_update(c, &t, err)))
		goto out;
	t.version = expected_version + 1;
	/* the change first, then what it does to the SLA clocks */
	if ((rc = audit_ticket(c, &before, &t, "update", false, NULL, NULL, err)) ||
	    (rc = sla_sync(c, &before, &t, err)))
		goto out;
	if (t.assignee_id && t.assignee_id != before.assignee_id &&
	    (rc = notify_event(c, NE_ASSIGNED, &t, NULL, 0, err)))
		goto out;
	if (kind->after_write && (rc = kind->after_write(c, in, &before, &t, err)))
		goto out;
	rc = ticket_reload(c, t.id, out, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err ticket_save(struct ctx *c, const struct ticket *before, struct ticket *t, const char *action, bool internal,
			struct sw_error *err)
{
	count_hop(before, t);
	t->updated_at = c->now;
	enum sw_err rc = store_ticket_update(c->store, t, before->version, err);
	if (rc)
		return rc;
	t->version = before->version + 1;
	if ((rc = audit_ticket(c, before, t, action, internal, NULL, NULL, err)))
		return rc;
	return sla_sync(c, before, t, err);
}

enum sw_err ticket_transition(struct ctx *c, const struct ticket_action *ac, const struct ticket *before,
			      const struct ticket_action_input *in, const char *via, struct ticket *after,
			      struct sw_error *err)
{
	struct ticket t = *before;
	enum ticket_phase from = before->phase, to = ticket_phase_of(before->kind, ac->to);
	t.state = ac->to;
	t.phase = to;
	if (from == TICKET_PHASE_PAUSED)
		t.hold_reason = NULL;
	if (to == TICKET_PHASE_PAUSED && ac->needs == TICKET_NEEDS_HOLD_REASON)
		t.hold_reason = in->reason;
	if (to == TICKET_PHASE_RESOLVED && from != TICKET_PHASE_RESOLVED) {
		t.resolution_code = in->resolution_code;
		t.resolution_notes = in->resolution_notes;
		t.resolved_at = c->now;
	}
	bool was_open = from == TICKET_PHASE_OPEN || from == TICKET_PHASE_PAUSED;
	if (was_open && to != TICKET_PHASE_OPEN && to != TICKET_PHASE_PAUSED)
		t.closing_category = t.category;
	bool reopened = from == TICKET_PHASE_RESOLVED && (to == TICKET_PHASE_OPEN || to == TICKET_PHASE_PAUSED);
	if (reopened) {
		t.closing_category = NULL;
		t.reopen_count++;
		t.resolved_at = 0;
		t.resolution_code = NULL;
		t.resolution_notes = NULL;
	}
	if ((to == TICKET_PHASE_CLOSED || to == TICKET_PHASE_CANCELED) && from != to)
		t.closed_at = c->now;
	t.updated_at = c->now;
	enum sw_err rc;
	if (t.kind->before_action && ((rc = t.kind->before_action(c, ac, before, in, &t, err)) || (rc = err->code)))
		return rc;
	if ((rc = store_ticket_update(c->store, &t, before->version, err)))
		return rc;
	t.version = before->version + 1;
	struct changes ch;
	changes_init(&ch);
	changes_set_str(&ch, "action", ac->name);
	audit_fields(&ch, before, &t);
	if (in->reason && ac->needs != TICKET_NEEDS_HOLD_REASON)
		changes_set_str(&ch, "reason", in->reason);
	if (via)
		changes_set_str(&ch, "via_parent", via);
	if ((rc = audit_changes(c, "ticket", t.id, "transition", false, &ch, err)) ||
	    (rc = sla_sync(c, before, &t, err)))
		return rc;
	if (to == TICKET_PHASE_RESOLVED && from != TICKET_PHASE_RESOLVED &&
	    !(rc = notify_event(c, NE_RESOLVED, &t, t.resolution_notes, 0, err)))
		rc = survey_ticket_resolved(c, &t, err);
	else if (reopened)
		rc = notify_event(c, NE_REOPENED, &t, in->reason, 0, err);
	bool moved = false;
	if (rc || (rc = approval_ticket_moved(c, before, &t, &moved, err)))
		return rc;
	/* the approval moved it on (no policy applied): the row as it is now */
	if (moved && (rc = store_ticket_by_id(c->store, t.id, &t, err)))
		return rc;
	*after = t;
	return SW_OK;
}

/* A span of time in words, in its largest whole unit: "14 days",
 * "12 hours", "3 seconds". */
static const char *span_words(struct arena *a, int64_t s)
{
	static const struct {
		int64_t seconds;
		const char *unit;
	} units[] = {{86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
	size_t u = 0;
	while (u + 1 < sizeof(units) / sizeof(units[0]) && s % units[u].seconds)
		u++;
	int64_t n = s / units[u].seconds;
	return arena_printf(a, "%lld %s%s", (long long)n, units[u].unit, n == 1 ? "" : "s");
}

/* Field rules of what the action asks for, before anything is read. */
static void action_fields(const struct ticket_kind *k, const struct ticket_action *ac,
			  const struct ticket_action_input *in, struct sw_error *err)
{
	if (ac->needs == TICKET_NEEDS_HOLD_REASON && !one_of(in->reason, k->hold_reasons))
		one_of_fail(err, "reason", k->hold_reasons);
	if (ac->needs == TICKET_NEEDS_RESOLUTION) {
		if (!one_of(in->resolution_code, k->resolution_codes))
			one_of_fail(err, "resolution_code", k->resolution_codes);
		if (!in->resolution_notes || !*in->resolution_notes)
			sw_field_fail(err, "resolution_notes", "is required");
		else
			check_text(err, "resolution_notes", in->resolution_notes, 1, LIMIT_COMMENT_LEN);
	}
	if (in->reason && ac->needs != TICKET_NEEDS_HOLD_REASON)
		check_text(err, "reason", in->reason, 0, LIMIT_REASON_LEN);
}

enum sw_err ticket_action(struct ctx *c, const struct ticket_kind *kind, const char *number, const char *action,
			  const struct ticket_action_input *in, struct ticket *out, struct sw_error *err)
{
	const struct ticket_action *ac = ticket_action_find(kind, action);
	if (!ac)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no action '%s' for %s", action, kind->path);
	action_fields(kind, ac, in, err);
	if (err->code)
		return err->code;

	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	struct ticket before, t;
	if ((rc = ticket_load_writable(c, kind, number, &before, err)))
		goto out;
	struct authz_ticket view = ticket_authz_view(c, &before);
	if ((rc = authz_ticket_action(&c->actor, &view, ac->end_user, err)))
		goto out;
	if (in->expected_version && before.version != in->expected_version) {
		rc = ticket_stale(kind, err, before.version);
		goto out;
	}
	if (!ticket_action_from(ac, before.state)) {
		rc = sw_fail(err, SW_ECONFLICT, "illegal-transition", "cannot %s %s that is %s", ac->name, kind->label,
			     before.state);
		*out = before;
		goto out;
	}
	if (kind->may_act && (rc = kind->may_act(&c->actor, &before, ac, err))) {
		*out = before;
		goto out;
	}
	enum ticket_phase to = ticket_phase_of(kind, ac->to);
	if (before.phase == TICKET_PHASE_RESOLVED && (to == TICKET_PHASE_OPEN || to == TICKET_PHASE_PAUSED) &&
	    !authz_is_agent(&c->actor) && c->cfg->reopen_window_s &&
	    c->now - before.resolved_at > c->cfg->reopen_window_s) {
		rc = sw_fail(err, SW_ECONFLICT, "reopen-window",
			     "%s was resolved more than %s ago; please raise a new %s", number,
			     span_words(c->arena, c->cfg->reopen_window_s), kind->name);
		goto out;
	}
	if ((rc = ticket_transition(c, ac, &before, in, NULL, &t, err)) || (rc = mandatory_check(c, &t, err)))
		goto out;
	if (kind->after_action && (rc = kind->after_action(c, ac, &t, in, err)))
		goto out;
	rc = ticket_reload(c, t.id, out, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err ticket_auto_close(struct ctx *c, const struct ticket *t, struct sw_error *err)
{
	const struct ticket_action *ac = ticket_action_find(t->kind, t->kind->auto_close);
	struct ticket_action_input in = {.reason = "closed automatically after the confirmation period"};
	struct ticket after;
	if (!ac || !ticket_action_from(ac, t->state))
		return sw_fail(err, SW_ECONFLICT, "illegal-transition", "%s is not resolved", t->number);
	return ticket_transition(c, ac, t, &in, NULL, &after, err);
}

enum sw_err ticket_archive(struct ctx *c, const struct ticket *t, struct sw_error *err)
{
	if (t->archived || (t->phase != TICKET_PHASE_CLOSED && t->phase != TICKET_PHASE_CANCELED))
		return sw_fail(err, SW_ECONFLICT, "illegal-transition", "%s is not closed", t->number);
	struct ticket after = *t;
	after.archived = true;
	return ticket_save(c, t, &after, "archive", false, err);
}

enum sw_err ticket_escalate(struct ctx *c, const struct ticket *before, int priority, int64_t group_id,
			    const char *group, const char *reason, const char *why, struct sw_error *err)
{
	struct ticket t = *before;
	if (priority && priority != t.priority) {
		t.priority = priority;
		t.priority_reason = reason; /* shown to the requester: say nothing of SLAs */
		t.priority_basis = why;     /* the history entry is the desk's */
	}
	if (group_id && group_id != t.group_id) {
		t.group_id = group_id;
		t.group = group;
		t.assignee_id = 0;
		t.assignee = NULL;
	}
	if (t.priority == before->priority && t.group_id == before->group_id)
		return SW_OK;
	/* why (which rule, which SLA) is for the desk: the entry is internal */
	return ticket_save(c, before, &t, "escalate", true, err);
}

enum sw_err ticket_set_major(struct ctx *c, const struct ticket_kind *kind, const char *number, bool major,
			     const char *reason, int64_t expected_version, struct ticket *out, struct sw_error *err)
{
	enum sw_err rc = authz_ticket_write(&c->actor, err);
	if (rc)
		return rc;
	if (!(kind->fields & TICKET_FIELD_MAJOR))
		return sw_fail(err, SW_ENOTFOUND, NULL, "%s are never major", kind->path);
	if (major && (!reason || !*reason))
		sw_field_fail(err, "reason", "is required to declare a major %s", kind->name);
	else if (major)
		check_text(err, "reason", reason, 1, LIMIT_REASON_LEN);
	struct ticket before, t;
	if ((rc = ticket_write_begin(c, kind, number, expected_version, &before, err)))
		return rc;
	if (before.major == major) {
		rc = sw_fail(err, SW_ECONFLICT, "no-change", "%s is %s a major %s", number, major ? "already" : "not",
			     kind->name);
		goto out;
	}
	t = before;
	t.major = major;
	t.major_reason = major ? reason : NULL;
	if ((rc = ticket_save(c, &before, &t, major ? "major" : "major_cleared", false, err)) ||
	    (major && (rc = notify_event(c, NE_MAJOR, &t, reason, 0, err))))
		goto out;
	rc = ticket_reload(c, t.id, out, err);
out:
	return core_tx_end(c, rc, err);
}
