/*
 * incident.c — incident operations; see incident.h.
 *
 * Validation happens in two passes before anything is written: field
 * rules first (every failure reported together), then references (users,
 * groups) inside the transaction that performs the write, so a reference
 * cannot vanish between check and write.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/assign.h"
#include "core/authz.h"
#include "core/category.h"
#include "core/core_int.h"
#include "core/incident.h"
#include "core/service.h"
#include "core/notify.h"
#include "core/sla.h"
#include "core/template.h"
#include "base/banned.h"

static const char *const hold_reasons[] = {"awaiting_caller", "awaiting_change", "awaiting_vendor", NULL};
static const char *const resolution_codes[] = {
	"fixed", "workaround", "not_reproducible", "duplicate", "user_error", "other", NULL,
};

static bool one_of(const char *s, const char *const *set)
{
	for (; s && *set; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
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

static void validate(const struct incident_input *in, bool creating, struct sw_error *err)
{
	if (creating && !in->set_title && !in->template)
		sw_field_fail(err, "title", "is required (or name a template)");
	else if (in->set_title && !in->title)
		sw_field_fail(err, "title", "cannot be null");
	else if (in->set_title)
		check_text(err, "title", in->title, 1, LIMIT_TITLE_LEN);
	if (in->set_description && !in->description)
		sw_field_fail(err, "description", "cannot be null");
	else if (in->set_description)
		check_text(err, "description", in->description, 0, LIMIT_DESCRIPTION_LEN);
	if (in->set_impact && (in->impact < 1 || in->impact > 3))
		sw_field_fail(err, "impact", "must be an integer from 1 (high) to 3 (low)");
	if (in->set_urgency && (in->urgency < 1 || in->urgency > 3))
		sw_field_fail(err, "urgency", "must be an integer from 1 (high) to 3 (low)");
	if (in->set_category && in->category)
		check_text(err, "category", in->category, 1, LIMIT_CATEGORY_LEN);
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
}

/* An end user may only file for themselves and may not route the ticket. */
static enum sw_err end_user_limits(struct ctx *c, const struct incident_input *in, struct sw_error *err)
{
	if (authz_is_agent(&c->actor))
		return SW_OK;
	const char *field = NULL;
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
	if (!field)
		return SW_OK;
	sw_fail(err, SW_EFORBIDDEN, NULL, "only agents may set '%s'", field);
	return SW_EFORBIDDEN;
}

/* Look up a user by login; unknown -> field error.  Other errors returned. */
static enum sw_err find_user(struct ctx *c, const char *field, const char *login, struct user *out,
			     struct sw_error *err)
{
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = store_user_by_login(c->store, login, out, &look);
	if (rc == SW_ENOTFOUND) {
		core_reference_fail(err, field, "no user '%s'", login);
		return SW_OK; /* collected; caller checks err->code */
	}
	if (rc)
		return sw_fail(err, rc, NULL, "%s", look.detail);
	return SW_OK;
}

/* The services that depend on t's CI, for agents looking at an incident. */
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
	if (!rc && authz_is_agent(&c->actor) && !(rc = sla_ticket_clocks(c, t->id, &t->slas, &t->sla_count, err)))
		rc = impacted_services(c, t, err);
	return rc;
}

/* A ticket as single-ticket answers show it. */
static enum sw_err reload(struct ctx *c, int64_t id, struct ticket *out, struct sw_error *err)
{
	enum sw_err rc = store_ticket_by_id(c->store, id, out, err);
	return rc ? rc : decorate(c, out, err);
}

static enum sw_err stale(struct sw_error *err, int64_t current)
{
	sw_fail(err, SW_ESTALE, "stale-version",
		"the incident was changed by someone else; its current version is %lld", (long long)current);
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
		core_reference_fail(err, "parent", "an incident cannot be its own parent");
		return SW_OK;
	}
	struct ticket p;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = store_ticket_by_number(c->store, parent, &p, &look);
	if (rc == SW_ENOTFOUND || (!rc && p.kind != TICKET_INCIDENT)) {
		core_reference_fail(err, "parent", "no incident '%s'", parent);
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

/* Resolve requester, group, assignee and watchers of in onto t. */
static enum sw_err resolve_refs(struct ctx *c, const struct incident_input *in, struct ticket *t, int64_t **watcher_ids,
				struct sw_error *err)
{
	enum sw_err rc;
	struct user u;
	if (in->set_requester) {
		u.id = 0;
		if ((rc = find_user(c, "requester", in->requester, &u, err)))
			return rc;
		if (u.id) {
			t->requester_id = u.id;
			t->requester = u.login;
		}
	}
	if (in->set_group) {
		t->group_id = 0;
		t->group = NULL;
		if (in->group) {
			struct group g;
			struct sw_error look;
			sw_error_clear(&look);
			rc = store_group_by_name(c->store, in->group, &g, &look);
			if (rc == SW_ENOTFOUND)
				core_reference_fail(err, "assignment_group", "no group '%s'", in->group);
			else if (rc)
				return sw_fail(err, rc, NULL, "%s", look.detail);
			else {
				t->group_id = g.id;
				t->group = g.name;
			}
		}
	}
	if (in->set_assignee) {
		t->assignee_id = 0;
		t->assignee = NULL;
		if (in->assignee) {
			u.id = 0;
			if ((rc = find_user(c, "assignee", in->assignee, &u, err)))
				return rc;
			if (u.id && (u.role < ROLE_AGENT || !u.active))
				core_reference_fail(err, "assignee", "'%s' is not an active agent", in->assignee);
			else if (u.id) {
				t->assignee_id = u.id;
				t->assignee = u.login;
			}
		}
	}
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
	struct sw_error look;
	if (in->set_outage_start)
		t->outage_start = in->outage_start;
	if (in->set_outage_end)
		t->outage_end = in->outage_end;
	if (t->outage_end && !t->outage_start)
		sw_field_fail(err, "outage_end", "needs an outage_start");
	else if (t->outage_end && t->outage_end < t->outage_start)
		sw_field_fail(err, "outage_end", "must not be before outage_start");
	if (in->set_service) {
		t->service_id = 0;
		t->service = NULL;
		if (in->service) {
			struct service v;
			sw_error_clear(&look);
			rc = store_service_by_name(c->store, in->service, &v, &look);
			if (rc == SW_ENOTFOUND)
				core_reference_fail(err, "service", "no service '%s'", in->service);
			else if (rc)
				return sw_fail(err, rc, NULL, "%s", look.detail);
			else {
				t->service_id = v.id;
				t->service = v.name;
			}
		}
	}
	if (in->set_ci) {
		t->ci_id = 0;
		t->ci = NULL;
		if (in->ci) {
			struct ci k;
			sw_error_clear(&look);
			rc = store_ci_by_id(c->store, in->ci, &k, &look);
			if (rc == SW_ENOTFOUND)
				core_reference_fail(err, "ci", "no CI %lld", (long long)in->ci);
			else if (rc)
				return sw_fail(err, rc, NULL, "%s", look.detail);
			else {
				t->ci_id = k.id;
				t->ci = k.name;
			}
		}
	}
	if (in->set_watchers) {
		int64_t *ids = arena_alloc(c->arena, (in->watcher_count + 1) * sizeof(*ids));
		if (!ids)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		for (size_t i = 0; i < in->watcher_count; i++) {
			char path[32];
			snprintf(path, sizeof(path), "watchers[%zu]", i);
			u.id = 0;
			if ((rc = find_user(c, path, in->watchers[i], &u, err)))
				return rc;
			ids[i] = u.id;
		}
		*watcher_ids = ids;
	}
	return err->code;
}

/* Priority from the configured matrix, or a manual override with its reason.
 * Changing impact or urgency without a new override drops the old one. */
static enum sw_err apply_priority(struct ctx *c, const struct incident_input *in, struct ticket *t,
				  struct sw_error *err)
{
	if (in->set_priority) {
		t->priority = in->priority;
		t->priority_reason = in->priority_reason;
		return SW_OK;
	}
	if (t->id && !in->set_impact && !in->set_urgency && !in->set_service)
		return SW_OK;
	struct priority_matrix m;
	enum sw_err rc = store_matrix_get(c->store, m.p, err);
	if (rc)
		return rc;
	t->priority = m.p[t->impact - 1][t->urgency - 1];
	t->priority_reason = NULL;
	return SW_OK;
}

/* After the service is known: an incident on a critical service gets at
 * least the priority the criticality_priority setting gives it. */
static enum sw_err criticality_floor(struct ctx *c, const struct incident_input *in, struct ticket *t,
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
	}
	return SW_OK;
}

static void audit_fields(struct changes *ch, const struct ticket *b, const struct ticket *a)
{
	changes_str(ch, "state", b->state, a->state);
	changes_str(ch, "title", b->title, a->title);
	changes_str(ch, "description", b->description, a->description);
	changes_int(ch, "impact", b->impact, a->impact);
	changes_int(ch, "urgency", b->urgency, a->urgency);
	changes_int(ch, "priority", b->priority, a->priority);
	changes_str(ch, "category", b->category, a->category);
	changes_str(ch, "service", b->service, a->service);
	changes_str(ch, "ci", b->ci, a->ci);
	changes_int(ch, "outage_start", b->outage_start, a->outage_start);
	changes_int(ch, "outage_end", b->outage_end, a->outage_end);
	changes_str(ch, "requester", b->requester, a->requester);
	changes_str(ch, "assignment_group", b->group, a->group);
	changes_str(ch, "assignee", b->assignee, a->assignee);
	changes_str(ch, "hold_reason", b->hold_reason, a->hold_reason);
	changes_str(ch, "resolution_code", b->resolution_code, a->resolution_code);
	changes_str(ch, "resolution_notes", b->resolution_notes, a->resolution_notes);
	changes_int(ch, "reopen_count", b->reopen_count, a->reopen_count);
	changes_str(ch, "priority_reason", b->priority_reason, a->priority_reason);
	changes_str(ch, "parent", b->parent, a->parent);
	if (b->major != a->major)
		changes_str(ch, "major", b->major ? "true" : "false", a->major ? "true" : "false");
	changes_str(ch, "major_reason", b->major_reason, a->major_reason);
	if (!b->first_response_at && a->first_response_at)
		changes_int(ch, "first_response_at", 0, a->first_response_at);
}

/* internal: the entry is for the desk only (end users never see it). */
static enum sw_err audit_ticket(struct ctx *c, const struct ticket *before, const struct ticket *after,
				const char *action, bool internal, const char *rule, const char *template,
				struct sw_error *err)
{
	struct changes ch;
	changes_init(&ch);
	audit_fields(&ch, before, after);
	if (rule)
		changes_set_str(&ch, "assignment_rule", rule);
	if (template)
		changes_set_str(&ch, "template", template);
	const char *json = changes_finish(&ch, c->arena);
	changes_release(&ch);
	if (!json)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	return audit_record(c, "ticket", after->id, action, internal, json, err);
}

/* Fill what in leaves out of t from the active template name. */
static enum sw_err apply_template(struct ctx *c, const struct incident_input *in, const char *name, struct ticket *t,
				  struct sw_error *err)
{
	struct incident_template tp;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = store_template_by_name(c->store, name, &tp, &look);
	if (rc == SW_ENOTFOUND || (!rc && !tp.active))
		return core_reference_fail(err, "template", "no active template '%s'", name);
	if (rc)
		return sw_fail(err, rc, NULL, "%s", look.detail);
	if (!in->set_title)
		t->title = tp.title;
	if (!in->set_description)
		t->description = tp.description;
	if (!in->set_impact)
		t->impact = tp.impact;
	if (!in->set_urgency)
		t->urgency = tp.urgency;
	if (!in->set_category)
		t->category = tp.category;
	if (!in->set_group && tp.group_id) {
		t->group_id = tp.group_id;
		t->group = tp.group;
	}
	return SW_OK;
}

enum sw_err incident_create(struct ctx *c, const struct incident_input *in, struct ticket *out, struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "incidents are raised by a user");
	validate(in, true, err);
	if (err->code)
		return err->code;
	enum sw_err rc = end_user_limits(c, in, err);
	if (rc)
		return rc;
	struct ticket t = {
		.kind = TICKET_INCIDENT,
		.state = ticket_machine_of(TICKET_INCIDENT)->initial,
		.title = in->title,
		.description = in->set_description ? in->description : "",
		.requester_id = c->actor.user_id,
		.requester = c->actor.login,
		.impact = in->set_impact ? in->impact : 3,
		.urgency = in->set_urgency ? in->urgency : 3,
		.category = in->set_category ? in->category : NULL,
		.version = 1,
		.created_at = c->now,
		.updated_at = c->now,
	};
	int64_t *watcher_ids = NULL;
	if ((rc = core_tx_begin(c, err)))
		return rc;
	if (in->template && (rc = apply_template(c, in, in->template, &t, err)))
		goto out;
	if ((rc = apply_priority(c, in, &t, err)))
		goto out;
	if ((rc = category_check(c, "category", t.category, err)))
		goto out;
	if ((rc = resolve_refs(c, in, &t, &watcher_ids, err)))
		goto out;
	if ((rc = criticality_floor(c, in, &t, err)))
		goto out;
	if (t.assignee_id && authz_is_agent(&c->actor))
		t.first_response_at = c->now; /* assigned by an agent: the desk has responded */
	const char *rule = NULL;
	if (!in->set_group && !t.group_id && (rc = assign_route(c, &t, &rule, err)))
		goto out;
	if ((rc = ticket_next_number(c, TICKET_INCIDENT, &t.number, err)))
		goto out;
	if ((rc = store_ticket_insert(c->store, &t, err)))
		goto out;
	for (size_t i = 0; in->set_watchers && i < in->watcher_count; i++) {
		bool added;
		if ((rc = store_watcher_add(c->store, t.id, watcher_ids[i], &added, err)))
			goto out;
	}
	struct ticket blank = {.id = t.id};
	if (!(rc = audit_ticket(c, &blank, &t, "create", false, rule, in->template, err)) &&
	    !(rc = sla_sync(c, NULL, &t, err)) && !(rc = reload(c, t.id, out, err)))
		rc = notify_event(c, NE_CREATED, out, NULL, 0, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err incident_get(struct ctx *c, const char *number, struct ticket *out, struct sw_error *err)
{
	enum sw_err rc = ticket_load(c, TICKET_INCIDENT, number, out, err);
	return rc ? rc : decorate(c, out, err);
}

enum sw_err incident_set_major(struct ctx *c, const char *number, bool major, const char *reason,
			       int64_t expected_version, struct ticket *out, struct sw_error *err)
{
	enum sw_err rc = authz_ticket_write(&c->actor, err);
	if (rc)
		return rc;
	if (major && (!reason || !*reason))
		sw_field_fail(err, "reason", "is required to declare a major incident");
	else if (major)
		check_text(err, "reason", reason, 1, LIMIT_REASON_LEN);
	if (err->code)
		return err->code;
	if ((rc = core_tx_begin(c, err)))
		return rc;
	struct ticket before, t;
	if ((rc = ticket_load(c, TICKET_INCIDENT, number, &before, err)))
		goto out;
	if (expected_version && before.version != expected_version) {
		rc = stale(err, before.version);
		goto out;
	}
	if (before.major == major) {
		rc = sw_fail(err, SW_ECONFLICT, "no-change", "%s is %s a major incident", number,
			     major ? "already" : "not");
		goto out;
	}
	t = before;
	t.major = major;
	t.major_reason = major ? reason : NULL;
	t.updated_at = c->now;
	if ((rc = store_ticket_update(c->store, &t, before.version, err)) ||
	    (rc = audit_ticket(c, &before, &t, major ? "major" : "major_cleared", false, NULL, NULL, err)) ||
	    (rc = sla_sync(c, &before, &t, err)) || (major && (rc = notify_event(c, NE_MAJOR, &t, reason, 0, err))))
		goto out;
	rc = reload(c, t.id, out, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err priority_matrix_get(struct ctx *c, struct priority_matrix *out, struct sw_error *err)
{
	if (!c->actor.user_id && c->actor.role != ROLE_ADMIN)
		return sw_fail(err, SW_EAUTH, NULL, "not logged in");
	return store_matrix_get(c->store, out->p, err);
}

enum sw_err priority_matrix_set(struct ctx *c, const struct priority_matrix *m, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc)
		return rc;
	for (int i = 0; i < 3; i++)
		for (int u = 0; u < 3; u++)
			if (m->p[i][u] < 1 || m->p[i][u] > 5) {
				char path[64];
				snprintf(path, sizeof(path), "matrix[%d][%d]", i, u);
				sw_field_fail(err, path, "must be a priority from 1 to 5");
			}
	if (err->code)
		return err->code;
	if ((rc = core_tx_begin(c, err)))
		return rc;
	struct priority_matrix before;
	if ((rc = store_matrix_get(c->store, before.p, err)))
		goto out;
	struct changes ch;
	changes_init(&ch);
	for (int i = 0; i < 3 && !rc; i++)
		for (int u = 0; u < 3 && !rc; u++) {
			char cell[64];
			snprintf(cell, sizeof(cell), "impact %d urgency %d", i + 1, u + 1);
			changes_int(&ch, cell, before.p[i][u], m->p[i][u]);
			if (before.p[i][u] != m->p[i][u])
				rc = store_matrix_set(c->store, i + 1, u + 1, m->p[i][u], err);
		}
	const char *json = changes_finish(&ch, c->arena);
	changes_release(&ch);
	if (!rc)
		rc = json ? audit_record(c, "config", 0, "priority_matrix", false, json, err)
			  : sw_fail(err, SW_ENOMEM, NULL, "out of memory");
out:
	return core_tx_end(c, rc, err);
}

enum sw_err incident_list(struct ctx *c, const struct ticket_filter *f, const struct page *p, struct ticket_list *out,
			  struct sw_error *err)
{
	if (f->state && !ticket_state_valid(ticket_machine_of(TICKET_INCIDENT), f->state)) {
		sw_fail(err, SW_EBADREQ, "bad-request", "unknown state '%s'", f->state);
		sw_field_fail(err, "state", "must be one of new, in_progress, on_hold, resolved, closed, canceled");
		err->code = SW_EBADREQ;
		return SW_EBADREQ;
	}
	struct ticket_filter kf = *f;
	kf.kind = TICKET_INCIDENT;
	if (f->breaching_by)
		kf.breaching_by = c->now + INCIDENT_BREACHING_WINDOW;
	kf.member_of = f->my_groups ? c->actor.user_id : 0;
	return store_ticket_list(c->store, &kf, authz_ticket_scope(&c->actor), p, out, err);
}

enum sw_err incident_update(struct ctx *c, const char *number, int64_t expected_version,
			    const struct incident_input *in, struct ticket *out, struct sw_error *err)
{
	enum sw_err rc = authz_ticket_write(&c->actor, err);
	if (rc)
		return rc;
	if (in->set_requester || in->set_watchers)
		sw_field_fail(err, in->set_requester ? "requester" : "watchers", "cannot be changed here");
	if (in->template)
		sw_field_fail(err, "template", "applies only when raising an incident");
	validate(in, false, err);
	if (err->code)
		return err->code;
	if ((rc = core_tx_begin(c, err)))
		return rc;
	struct ticket before, t;
	if ((rc = ticket_load(c, TICKET_INCIDENT, number, &before, err)))
		goto out;
	if (before.version != expected_version) {
		rc = stale(err, before.version);
		goto out;
	}
	t = before;
	if (in->set_title)
		t.title = in->title;
	if (in->set_description)
		t.description = in->description;
	if (in->set_impact)
		t.impact = in->impact;
	if (in->set_urgency)
		t.urgency = in->urgency;
	if (in->set_category)
		t.category = in->category;
	if ((rc = apply_priority(c, in, &t, err)))
		goto out;
	if (in->set_category && (rc = category_check(c, "category", t.category, err)))
		goto out;
	if ((rc = resolve_refs(c, in, &t, NULL, err)))
		goto out;
	if ((rc = criticality_floor(c, in, &t, err)))
		goto out;
	if (!t.first_response_at && t.assignee_id && t.assignee_id != before.assignee_id)
		t.first_response_at = c->now;
	t.updated_at = c->now;
	if ((rc = store_ticket_update(c->store, &t, expected_version, err)))
		goto out;
	if ((strcmp(t.title, before.title) != 0 ||
	     strcmp(t.description ? t.description : "", before.description ? before.description : "") != 0) &&
	    (rc = store_ticket_search_update(c->store, &t, err)))
		goto out;
	t.version = expected_version + 1;
	/* the change first, then what it does to the SLA clocks */
	if ((rc = audit_ticket(c, &before, &t, "update", false, NULL, NULL, err)) ||
	    (rc = sla_sync(c, &before, &t, err)))
		goto out;
	if (t.assignee_id && t.assignee_id != before.assignee_id &&
	    (rc = notify_event(c, NE_ASSIGNED, &t, NULL, 0, err)))
		goto out;
	rc = reload(c, t.id, out, err);
out:
	return core_tx_end(c, rc, err);
}

/* Move before through action ac (already allowed), writing the row and its
 * audit entry; via names the parent when the move is a cascade. */
static enum sw_err transition(struct ctx *c, const struct ticket_action *ac, const struct ticket *before,
			      const struct incident_action_input *in, const char *via, struct ticket *after,
			      struct sw_error *err)
{
	struct ticket t = *before;
	t.state = ac->to;
	if (strcmp(before->state, "on_hold") == 0)
		t.hold_reason = NULL;
	if (strcmp(ac->name, "hold") == 0) {
		t.hold_reason = in->reason;
	} else if (strcmp(ac->name, "resolve") == 0) {
		t.resolution_code = in->resolution_code;
		t.resolution_notes = in->resolution_notes;
		t.resolved_at = c->now;
	} else if (strcmp(ac->name, "reopen") == 0) {
		t.reopen_count++;
		t.resolved_at = 0;
		t.resolution_code = NULL;
		t.resolution_notes = NULL;
	} else if (strcmp(ac->name, "close") == 0 || strcmp(ac->name, "cancel") == 0) {
		t.closed_at = c->now;
	}
	t.updated_at = c->now;
	enum sw_err rc = store_ticket_update(c->store, &t, before->version, err);
	if (rc)
		return rc;
	t.version = before->version + 1;
	struct changes ch;
	changes_init(&ch);
	changes_set_str(&ch, "action", ac->name);
	audit_fields(&ch, before, &t);
	if (in->reason && strcmp(ac->name, "hold") != 0)
		changes_set_str(&ch, "reason", in->reason);
	if (via)
		changes_set_str(&ch, "via_parent", via);
	const char *json = changes_finish(&ch, c->arena);
	changes_release(&ch);
	if (!json)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if ((rc = audit_record(c, "ticket", t.id, "transition", false, json, err)) ||
	    (rc = sla_sync(c, before, &t, err)))
		return rc;
	if (strcmp(ac->name, "resolve") == 0)
		rc = notify_event(c, NE_RESOLVED, &t, t.resolution_notes, 0, err);
	else if (strcmp(ac->name, "reopen") == 0)
		rc = notify_event(c, NE_REOPENED, &t, in->reason, 0, err);
	if (rc)
		return rc;
	*after = t;
	return SW_OK;
}

/* Child incidents are resolved with their parent, in the same transaction. */
static enum sw_err resolve_children(struct ctx *c, struct ticket *parent, const struct incident_action_input *in,
				    struct sw_error *err)
{
	enum sw_err rc = store_ticket_children(c->store, parent, true, err);
	if (rc)
		return rc;
	const struct ticket_action *resolve = ticket_action_find(ticket_machine_of(TICKET_INCIDENT), "resolve");
	struct incident_action_input child_in = {
		.resolution_code = in->resolution_code,
		.resolution_notes =
			arena_printf(c->arena, "Resolved with %s: %s", parent->number, in->resolution_notes),
	};
	if (!child_in.resolution_notes)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < parent->child_count; i++) {
		struct ticket child, after;
		if ((rc = store_ticket_by_number(c->store, parent->children[i], &child, err)))
			return rc;
		if (!ticket_action_from(resolve, child.state))
			continue;
		if ((rc = transition(c, resolve, &child, &child_in, parent->number, &after, err)))
			return rc;
	}
	return SW_OK;
}

enum sw_err incident_action(struct ctx *c, const char *number, const char *action,
			    const struct incident_action_input *in, struct ticket *out, struct sw_error *err)
{
	const struct ticket_machine *m = ticket_machine_of(TICKET_INCIDENT);
	const struct ticket_action *ac = ticket_action_find(m, action);
	if (!ac)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no action '%s' for incidents", action);
	/* field rules of the target state */
	if (strcmp(ac->name, "hold") == 0 && !one_of(in->reason, hold_reasons))
		sw_field_fail(err, "reason", "must be one of awaiting_caller, awaiting_change, awaiting_vendor");
	if (strcmp(ac->name, "resolve") == 0) {
		if (!one_of(in->resolution_code, resolution_codes))
			sw_field_fail(
				err, "resolution_code",
				"must be one of fixed, workaround, not_reproducible, duplicate, user_error, other");
		if (!in->resolution_notes || !*in->resolution_notes)
			sw_field_fail(err, "resolution_notes", "is required");
		else
			check_text(err, "resolution_notes", in->resolution_notes, 1, LIMIT_COMMENT_LEN);
	}
	if (in->reason && strcmp(ac->name, "hold") != 0)
		check_text(err, "reason", in->reason, 0, LIMIT_REASON_LEN);
	if (err->code)
		return err->code;

	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	struct ticket before, t;
	if ((rc = ticket_load(c, TICKET_INCIDENT, number, &before, err)))
		goto out;
	struct authz_ticket view = ticket_authz_view(c, &before);
	if ((rc = authz_ticket_action(&c->actor, &view, ac->end_user, err)))
		goto out;
	if (in->expected_version && before.version != in->expected_version) {
		rc = stale(err, before.version);
		goto out;
	}
	if (!ticket_action_from(ac, before.state)) {
		rc = sw_fail(err, SW_ECONFLICT, "illegal-transition", "cannot %s an incident that is %s", ac->name,
			     before.state);
		*out = before;
		goto out;
	}
	if (strcmp(ac->name, "reopen") == 0 && !authz_is_agent(&c->actor) && c->cfg->reopen_window_s &&
	    c->now - before.resolved_at > c->cfg->reopen_window_s) {
		rc = sw_fail(err, SW_ECONFLICT, "reopen-window",
			     "%s was resolved more than %lld days ago; please raise a new incident", number,
			     (long long)(c->cfg->reopen_window_s / 86400));
		goto out;
	}
	if ((rc = transition(c, ac, &before, in, NULL, &t, err)))
		goto out;
	if (strcmp(ac->name, "resolve") == 0 && (rc = resolve_children(c, &t, in, err)))
		goto out;
	rc = reload(c, t.id, out, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err incident_auto_close(struct ctx *c, const struct ticket *t, struct sw_error *err)
{
	const struct ticket_action *ac = ticket_action_find(ticket_machine_of(TICKET_INCIDENT), "close");
	struct incident_action_input in = {.reason = "closed automatically after the confirmation period"};
	struct ticket after;
	if (!ac || !ticket_action_from(ac, t->state))
		return sw_fail(err, SW_ECONFLICT, "illegal-transition", "%s is not resolved", t->number);
	return transition(c, ac, t, &in, NULL, &after, err);
}

enum sw_err incident_escalate(struct ctx *c, const struct ticket *before, int priority, int64_t group_id,
			      const char *group, const char *reason, struct sw_error *err)
{
	struct ticket t = *before;
	if (priority && priority != t.priority) {
		t.priority = priority;
		t.priority_reason = reason; /* shown to the requester: say nothing of SLAs */
	}
	if (group_id && group_id != t.group_id) {
		t.group_id = group_id;
		t.group = group;
		t.assignee_id = 0;
		t.assignee = NULL;
	}
	if (t.priority == before->priority && t.group_id == before->group_id)
		return SW_OK;
	t.updated_at = c->now;
	enum sw_err rc = store_ticket_update(c->store, &t, before->version, err);
	if (rc)
		return rc;
	t.version = before->version + 1;
	/* why (which rule, which SLA) is for the desk: the entry is internal */
	rc = audit_ticket(c, before, &t, "escalate", true, NULL, NULL, err);
	return rc ? rc : sla_sync(c, before, &t, err);
}
