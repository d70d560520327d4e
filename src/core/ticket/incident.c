/*
 * incident.c — incidents: the kind's declaration for the ticket engine
 * (ticket_engine.c runs it), what only incidents do (children resolved
 * with their parent, major incidents) and the priority matrix.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/kernel/authz.h"
#include "core/core_int.h"
#include "core/ticket/incident.h"
#include "core/notify/notify.h"
#include "core/port/ticket.h"
#include "base/banned.h"

static const struct ticket_state incident_states[] = {
	{"new", TICKET_PHASE_OPEN},          {"in_progress", TICKET_PHASE_OPEN}, {"on_hold", TICKET_PHASE_PAUSED},
	{"resolved", TICKET_PHASE_RESOLVED}, {"closed", TICKET_PHASE_CLOSED},    {"canceled", TICKET_PHASE_CANCELED},
	{NULL, TICKET_PHASE_OPEN},
};

/* clang-format off */
static const struct ticket_action incident_actions[] = {
	{"start", TICKET_FROM("new", "on_hold"), "in_progress", false, TICKET_NEEDS_NOTHING, "Start work (new or on hold -> in progress)"},
	{"hold", TICKET_FROM("new", "in_progress"), "on_hold", false, TICKET_NEEDS_HOLD_REASON, "Put on hold with a reason"},
	{"resolve", TICKET_FROM("new", "in_progress", "on_hold"), "resolved", false, TICKET_NEEDS_RESOLUTION, "Resolve with a code and notes"},
	{"reopen", TICKET_FROM("resolved"), "in_progress", true, TICKET_NEEDS_NOTHING, "Reopen a resolved incident"},
	{"close", TICKET_FROM("resolved"), "closed", true, TICKET_NEEDS_NOTHING, "Close (confirm) a resolved incident"},
	{"cancel", TICKET_FROM("new", "in_progress"), "canceled", false, TICKET_NEEDS_NOTHING, "Cancel"},
};
/* clang-format on */

static const char *const hold_reasons[] = {"awaiting_caller", "awaiting_change", "awaiting_vendor", NULL};
static const char *const sla_pause_reasons[] = {"awaiting_caller", NULL};
static const char *const resolution_codes[] = {
	"fixed", "workaround", "not_reproducible", "duplicate", "user_error", "problem_resolved", "alert_cleared",
	"other", NULL,
};

/* Child incidents are resolved with their parent, in the same transaction. */
static enum sw_err resolve_children(struct ctx *c, const struct ticket_action *ac, struct ticket *parent,
				    const struct ticket_action_input *in, struct sw_error *err)
{
	if (parent->phase != TICKET_PHASE_RESOLVED || ac->needs != TICKET_NEEDS_RESOLUTION)
		return SW_OK;
	enum sw_err rc = store_ticket_children(c->store, parent, true, err);
	if (rc)
		return rc;
	struct ticket_action_input child_in = {
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
		if (!ticket_action_from(ac, child.state))
			continue;
		if ((rc = ticket_transition(c, ac, &child, &child_in, parent->number, &after, err)))
			return rc;
	}
	return SW_OK;
}

TICKET_KIND(ticket_kind_incident, "incident", "INC", "incidents", "an incident", "Incident", incident_states, "new",
	    incident_actions, .hold_reasons = hold_reasons, .sla_pause_reasons = sla_pause_reasons,
	    .resolution_codes = resolution_codes, .auto_close = "close",
	    .fields = TICKET_FIELD_OUTAGE | TICKET_FIELD_MAJOR | TICKET_FIELD_PARENT | TICKET_FIELD_TEMPLATE |
		      TICKET_FIELD_PROBLEM | TICKET_FIELD_CAUSED_BY,
	    .after_action = resolve_children);

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
	if ((rc = core_tx_begin_valid(c, err)))
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
	if (!rc)
		rc = audit_changes(c, "config", 0, "priority_matrix", false, &ch, err);
	else
		changes_release(&ch);
out:
	return core_tx_end(c, rc, err);
}
