/*
 * ticket_fields.c — the ticket record described once: every field an
 * answer shows, in the order it shows them, with its type, where it lives
 * in struct ticket, who sees it and which kinds have it.  The audit diff
 * (ticket_engine.c), the JSON writer (api/api_ticket.c) and the OpenAPI
 * component of every kind (api/api_ticket.c) are all walks over this
 * table, so a field added here appears in all of them.
 */
#include <stddef.h>

#include "base/each.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

#define F(name_, type_, member_, ...)                                                                                  \
	{                                                                                                              \
		.name = (name_), .type = (type_), .offset = offsetof(struct ticket, member_), __VA_ARGS__              \
	}
#define REF(name_, member_, id_, ...)                                                                                  \
	{                                                                                                              \
		.name = (name_), .type = TICKET_FT_REF, .offset = offsetof(struct ticket, member_),                    \
		.id_offset = offsetof(struct ticket, id_), __VA_ARGS__                                                 \
	}
/* Fields shown under their member's name, all of one type and with the
 * same attributes (a parenthesised list, maybe empty): EACH(SAME, type,
 * (attributes), member, ...). */
#define SAME(type_, attrs_, member_) F(#member_, type_, member_, SAME_ATTRS_ attrs_)
#define SAME_ATTRS_(...) __VA_ARGS__
#define SPECIAL(name_, type_, ...)                                                                                     \
	{                                                                                                              \
		.name = (name_), .type = (type_), __VA_ARGS__                                                          \
	}

/* clang-format off */
const struct ticket_field ticket_fields[] = {
	F("number", TICKET_FT_TEXT, number, .no_audit = true),
	SPECIAL("kind", TICKET_FT_KIND),
	F("state", TICKET_FT_TEXT, state, .values = TICKET_VALUES_STATES),
	EACH(SAME, TICKET_FT_TEXT, (), title, description),
	EACH(SAME, TICKET_FT_INT, (.min = 1, .max = 3), impact, urgency),
	F("priority", TICKET_FT_INT, priority, .min = 1, .max = 5),
	F("category", TICKET_FT_TEXT_NULL, category),
	REF("requester", requester, requester_id),
	REF("assignment_group", group, group_id, .nullable = true),
	REF("assignee", assignee, assignee_id, .nullable = true),
	SPECIAL("watchers", TICKET_FT_WATCHERS),
	REF("service", service, service_id, .nullable = true),
	EACH(SAME, TICKET_FT_TIME_NULL, (.needs = TICKET_FIELD_OUTAGE), outage_start, outage_end),
	F("hold_reason", TICKET_FT_TEXT_NULL, hold_reason, .values = TICKET_VALUES_HOLD),
	F("resolution_code", TICKET_FT_TEXT_NULL, resolution_code, .values = TICKET_VALUES_RESOLUTION),
	F("resolution_notes", TICKET_FT_TEXT_NULL, resolution_notes),
	F("reopen_count", TICKET_FT_INT, reopen_count),
	F("channel", TICKET_FT_TEXT_NULL, channel, .values = TICKET_VALUES_CHANNELS),
	EACH(SAME, TICKET_FT_TEXT_NULL, (), opening_category, closing_category),
	F("archived", TICKET_FT_BOOL, archived,
	  .description = "read-only: closed long enough ago to leave the live lists (archived=true lists these)"),
	F("reassignment_count", TICKET_FT_INT, reassignment_count,
	  .description = "times passed from one assignment group to another"),
	/* problems */
	EACH(SAME, TICKET_FT_TEXT_NULL, (.needs = TICKET_FIELD_RCA), symptoms, root_cause),
	F("cause_category", TICKET_FT_TEXT_NULL, cause_category, .needs = TICKET_FIELD_RCA,
	  .description = "one of the cause categories (GET /api/v1/cause-categories)"),
	F("workaround", TICKET_FT_TEXT_NULL, workaround, .needs = TICKET_FIELD_RCA),
	F("workaround_published_at", TICKET_FT_TIME_NULL, workaround_published_at, .needs = TICKET_FIELD_RCA,
	  .description = "when the workaround was published to the linked incidents"),
	REF("fix", fix, fix_id, .nullable = true, .needs = TICKET_FIELD_RCA, .single_only = true,
	    .description = "the change that fixes it (a change number); single-ticket answers"),
	EACH(SAME, TICKET_FT_TEXT_NULL, (.needs = TICKET_FIELD_RCA), review_went_well, review_went_wrong),
	F("review_actions", TICKET_FT_TEXT_NULL, review_actions, .needs = TICKET_FIELD_RCA,
	  .description = "a major problem is reviewed (went well, went wrong, actions) before it closes"),
	{.name = "affected_cis", .type = TICKET_FT_CI_SET, .offset = offsetof(struct ticket, affected_cis),
	 .id_offset = offsetof(struct ticket, affected_ci_count), .needs = TICKET_FIELD_RCA, .single_only = true,
	 .no_audit = true, .derived = true, .description = "ids of the CIs the problem affects; single-ticket answers"},
	{.name = "contributing_cis", .type = TICKET_FT_CI_SET, .offset = offsetof(struct ticket, contributing_cis),
	 .id_offset = offsetof(struct ticket, contributing_ci_count), .needs = TICKET_FIELD_RCA, .single_only = true,
	 .no_audit = true, .derived = true,
	 .description = "ids of the CIs that contributed to its cause; single-ticket answers"},
	F("incident_count", TICKET_FT_INT64, incident_count, .needs = TICKET_FIELD_RCA, .single_only = true,
	  .no_audit = true, .derived = true, .description = "incidents linked to the problem; single-ticket answers"),
	/* incidents: the problem behind one is for the desk */
	REF("problem", problem, problem_id, .nullable = true, .needs = TICKET_FIELD_PROBLEM, .agents_only = true,
	    .single_only = true, .description = "agents only; single-ticket answers"),
	F("version", TICKET_FT_INT64, version, .no_audit = true),
	EACH(SAME, TICKET_FT_TIME, (.no_audit = true), created_at, updated_at),
	EACH(SAME, TICKET_FT_TIME_NULL, (.no_audit = true), resolved_at, closed_at),
	F("priority_reason", TICKET_FT_TEXT_NULL, priority_reason),
	F("major", TICKET_FT_BOOL, major, .needs = TICKET_FIELD_MAJOR),
	F("major_reason", TICKET_FT_TEXT_NULL, major_reason, .needs = TICKET_FIELD_MAJOR),
	REF("parent", parent, parent_id, .nullable = true, .needs = TICKET_FIELD_PARENT),
	SPECIAL("children", TICKET_FT_CHILDREN, .no_audit = true, .description = "single-ticket answers"),
	F("first_response_at", TICKET_FT_TIME_NULL, first_response_at, .audit_first_only = true),
	SPECIAL("custom", TICKET_FT_CUSTOM,
		.description = "values of the fields admins define for the kind (GET /api/v1/custom-fields)"),
	SPECIAL("allowed_actions", TICKET_FT_ACTIONS),
	/* the CMDB is for the desk */
	F("ci", TICKET_FT_INT64_NULL, ci_id, .agents_only = true, .no_audit = true),
	F("ci_name", TICKET_FT_TEXT_NULL, ci, .agents_only = true, .audit_name = "ci"),
	SPECIAL("sla", TICKET_FT_SLA, .agents_only = true, .single_only = true,
		.description = "agents only; single-ticket answers"),
	SPECIAL("impacted_services", TICKET_FT_IMPACTED, .agents_only = true, .single_only = true,
		.description = "agents only; single-ticket answers: services depending on the CI"),
};
/* clang-format on */

const char *const ticket_channels[] = {"portal", "agent", "phone", "email", "event", "api", NULL};

const size_t ticket_field_count = sizeof(ticket_fields) / sizeof(ticket_fields[0]);

bool ticket_field_of(const struct ticket_kind *k, const struct ticket_field *f)
{
	return (k->fields & f->needs) == f->needs;
}
