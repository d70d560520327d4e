/*
 * ticket_fields.c — the ticket record described once: every field an
 * answer shows, in the order it shows them, with its type, where it lives
 * in struct ticket, who sees it and which kinds have it.  The audit diff
 * (ticket_engine.c), the JSON writer (api/api_ticket.c) and the OpenAPI
 * component of every kind (api/api_ticket.c) are all walks over this
 * table, so a field added here appears in all of them.
 */
#include <stddef.h>

#include "base/arena.h"
#include "base/util.h"

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
/* A field shown under its member's name: M(type, member, attributes...). */
#define M(type_, member_, ...) F(#member_, type_, member_, __VA_ARGS__)
/* One of the fields only some kinds have, the kinds with TICKET_FIELD_<group_>
 * (RCA: problems; CHANGE, RELEASE, TASK), shown under its member's name. */
#define OWN(group_, type_, member_, ...) M(type_, member_, .needs = TICKET_FIELD_##group_, __VA_ARGS__)
/* Fields shown under their member's name, all of one type and with the
 * same attributes (a parenthesised list, maybe empty): EACH(SAME, type,
 * (attributes), member, ...). */
#define SAME(type_, attrs_, member_) M(type_, member_, SAME_ATTRS_ attrs_)
#define SAME_ATTRS_(...) __VA_ARGS__
#define SPECIAL(name_, type_, ...)                                                                                     \
	{                                                                                                              \
		.name = (name_), .type = (type_), __VA_ARGS__                                                          \
	}

/* clang-format off */
const struct ticket_field ticket_fields[] = {
	M(TICKET_FT_TEXT, number, .no_audit = true),
	SPECIAL("kind", TICKET_FT_KIND),
	M(TICKET_FT_TEXT, state, .values = TICKET_VALUES_STATES),
	EACH(SAME, TICKET_FT_TEXT, (), title, description),
	EACH(SAME, TICKET_FT_INT, (.min = 1, .max = 3), impact, urgency),
	M(TICKET_FT_INT, priority, .min = 1, .max = 5),
	M(TICKET_FT_TEXT_NULL, category),
	REF("requester", requester, requester_id),
	REF("assignment_group", group, group_id, .nullable = true),
	REF("assignee", assignee, assignee_id, .nullable = true),
	SPECIAL("watchers", TICKET_FT_WATCHERS),
	REF("service", service, service_id, .nullable = true),
	EACH(SAME, TICKET_FT_TIME_NULL, (.needs = TICKET_FIELD_OUTAGE), outage_start, outage_end),
	M(TICKET_FT_TEXT_NULL, hold_reason, .values = TICKET_VALUES_HOLD),
	M(TICKET_FT_TEXT_NULL, resolution_code, .values = TICKET_VALUES_RESOLUTION),
	M(TICKET_FT_TEXT_NULL, resolution_notes),
	M(TICKET_FT_INT, reopen_count),
	M(TICKET_FT_TEXT_NULL, channel, .values = TICKET_VALUES_CHANNELS),
	EACH(SAME, TICKET_FT_TEXT_NULL, (), opening_category, closing_category),
	M(TICKET_FT_BOOL, archived,
	  .description = "read-only: closed long enough ago to leave the live lists (archived=true lists these)"),
	M(TICKET_FT_INT, reassignment_count, .description = "times passed from one assignment group to another"),
	/* problems */
	EACH(SAME, TICKET_FT_TEXT_NULL, (.needs = TICKET_FIELD_RCA), symptoms, root_cause),
	OWN(RCA, TICKET_FT_TEXT_NULL, cause_category,
	    .description = "one of the cause categories (GET /api/v1/cause-categories)"),
	OWN(RCA, TICKET_FT_TEXT_NULL, workaround),
	OWN(RCA, TICKET_FT_TIME_NULL, workaround_published_at,
	    .description = "when the workaround was published to the linked incidents"),
	OWN(RCA, TICKET_FT_TIME_NULL, root_cause_at, .no_audit = true,
	    .description = "when it first reached root_cause_known (or known_error, whichever came first)"),
	OWN(RCA, TICKET_FT_TIME_NULL, known_error_at, .no_audit = true,
	    .description = "when it first reached known_error"),
	REF("fix", fix, fix_id, .nullable = true, .needs = TICKET_FIELD_RCA, .single_only = true,
	    .description = "the change that fixes it (a change number); single-ticket answers"),
	EACH(SAME, TICKET_FT_TEXT_NULL, (.needs = TICKET_FIELD_RCA), review_went_well, review_went_wrong),
	OWN(RCA, TICKET_FT_TEXT_NULL, review_actions,
	    .description = "a major problem is reviewed (went well, went wrong, actions) before it closes"),
	{.name = "affected_cis", .type = TICKET_FT_CI_SET, .offset = offsetof(struct ticket, affected_cis),
	 .id_offset = offsetof(struct ticket, affected_ci_count), .needs = TICKET_FIELD_CIS, .single_only = true,
	 .no_audit = true, .derived = true, .description = "ids of the CIs it affects; single-ticket answers"},
	{.name = "contributing_cis", .type = TICKET_FT_CI_SET, .offset = offsetof(struct ticket, contributing_cis),
	 .id_offset = offsetof(struct ticket, contributing_ci_count), .needs = TICKET_FIELD_RCA, .single_only = true,
	 .no_audit = true, .derived = true,
	 .description = "ids of the CIs that contributed to its cause; single-ticket answers"},
	OWN(RCA, TICKET_FT_INT64, incident_count, .single_only = true, .no_audit = true, .derived = true,
	    .description = "incidents linked to the problem; single-ticket answers"),
	/* incidents: the problem behind one, and the change that caused it, are for the desk */
	REF("problem", problem, problem_id, .nullable = true, .needs = TICKET_FIELD_PROBLEM, .agents_only = true,
	    .single_only = true, .description = "agents only; single-ticket answers"),
	REF("caused_by", caused_by, caused_by_id, .nullable = true, .needs = TICKET_FIELD_CAUSED_BY,
	    .agents_only = true, .single_only = true,
	    .description = "the change that caused it (a change number); agents only; single-ticket answers"),
	/* changes */
	F("type", TICKET_FT_TEXT_NULL, change_type, .needs = TICKET_FIELD_CHANGE,
	  .description = "standard, normal or emergency; fixed once raised"),
	OWN(CHANGE, TICKET_FT_TEXT_NULL, justification),
	REF("change_owner", change_owner, change_owner_id, .nullable = true, .needs = TICKET_FIELD_CHANGE,
	    .description = "an active agent's login"),
	OWN(CHANGE, TICKET_FT_TIME_NULL, planned_start),
	OWN(CHANGE, TICKET_FT_TIME_NULL, planned_end),
	OWN(CHANGE, TICKET_FT_TIME_NULL, actual_start, .description = "stamped by implement unless given"),
	OWN(CHANGE, TICKET_FT_TIME_NULL, actual_end, .description = "stamped by complete unless given"),
	EACH(SAME, TICKET_FT_TEXT_NULL, (.needs = TICKET_FIELD_CHANGE), implementation_plan, backout_plan, test_plan,
	     test_results, communication_plan),
	OWN(CHANGE, TICKET_FT_BOOL, outage_expected),
	OWN(CHANGE, TICKET_FT_INT, outage_minutes, .min = 0, .max = 525600,
	    .description = "the outage's expected duration in minutes (0: none)"),
	OWN(CHANGE, TICKET_FT_TEXT_NULL, risk, .description = "low, medium, high or very_high"),
	OWN(CHANGE, TICKET_FT_INT, risk_score, .no_audit = true,
	    .description = "the computed risk score (GET /api/v1/changes/{number}/risk explains it)"),
	OWN(CHANGE, TICKET_FT_TEXT_NULL, risk_computed, .no_audit = true,
	    .description = "the level the score gives; risk differs only when overridden"),
	OWN(CHANGE, TICKET_FT_TEXT_NULL, risk_reason, .no_audit = true,
	    .description = "why risk was overridden (required with risk); null: risk is the computed level"),
	OWN(CHANGE, TICKET_FT_TEXT_NULL, pir,
	    .description = "the post-implementation review: required to close a failed, backed-out, emergency or "
			 "high-risk change"),
	{.name = "affected_services", .type = TICKET_FT_CI_SET, .offset = offsetof(struct ticket, affected_services),
	 .id_offset = offsetof(struct ticket, affected_service_count), .needs = TICKET_FIELD_CHANGE,
	 .single_only = true, .no_audit = true, .derived = true,
	 .description = "ids of the services it affects; single-ticket answers"},
	F("caused_incident_count", TICKET_FT_INT64, caused_count, .needs = TICKET_FIELD_CHANGE, .single_only = true,
	  .no_audit = true, .derived = true,
	  .description = "incidents linked as caused by this change; single-ticket answers"),
	REF("release", release, release_id, .nullable = true, .needs = TICKET_FIELD_CHANGE, .no_audit = true,
	    .description = "the release the change is in (POST /api/v1/releases/{number}/changes)"),
	/* releases */
	OWN(RELEASE, TICKET_FT_TEXT_NULL, release_version, .description = "the version it delivers; required"),
	OWN(RELEASE, TICKET_FT_TEXT_NULL, release_type, .description = "major, minor or emergency"),
	EACH(SAME, TICKET_FT_TIME_NULL, (.needs = TICKET_FIELD_RELEASE), build_planned, build_actual, test_planned,
	     test_actual, deploy_planned, deploy_actual),
	OWN(RELEASE, TICKET_FT_TIME_NULL, window_start,
	    .description = "the deployment window (on the change calendar)"),
	OWN(RELEASE, TICKET_FT_TIME_NULL, window_end),
	OWN(RELEASE, TICKET_FT_TEXT_NULL, release_notes,
	    .description = "Markdown (GET /api/v1/releases/{number}/notes renders it)"),
	OWN(RELEASE, TICKET_FT_TEXT_NULL, go_decision,
	    .description = "go or no_go: the last decision, by the actions of those names"),
	OWN(RELEASE, TICKET_FT_TEXT_NULL, go_reason,
	    .description = "why: a no-go's reason, or the reason a go overrode readiness"),
	/* change tasks */
	REF("change", change, change_id, .nullable = true, .needs = TICKET_FIELD_TASK,
	    .description = "the change the task belongs to"),
	OWN(TASK, TICKET_FT_INT, task_order, .min = 0, .max = 1000000,
	    .description = "its place in the change's order of tasks"),
	M(TICKET_FT_INT64, version, .no_audit = true),
	EACH(SAME, TICKET_FT_TIME, (.no_audit = true), created_at, updated_at),
	EACH(SAME, TICKET_FT_TIME_NULL, (.no_audit = true), resolved_at, closed_at),
	M(TICKET_FT_TEXT_NULL, priority_reason),
	M(TICKET_FT_BOOL, major, .needs = TICKET_FIELD_MAJOR),
	M(TICKET_FT_TEXT_NULL, major_reason, .needs = TICKET_FIELD_MAJOR),
	REF("parent", parent, parent_id, .nullable = true, .needs = TICKET_FIELD_PARENT),
	SPECIAL("children", TICKET_FT_CHILDREN, .no_audit = true, .description = "single-ticket answers"),
	M(TICKET_FT_TIME_NULL, first_response_at, .audit_first_only = true),
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
	/* the person behind the unregistered requester (docs/email.md) */
	M(TICKET_FT_TEXT_NULL, contact_email, .agents_only = true, .single_only = true, .no_audit = true,
	  .derived = true,
	  .description = "agents only; single-ticket answers: the address of a sender who is no user, when a "
			 "mailbox raised the ticket for the unregistered requester; notifications to the requester go "
			 "there"),
	M(TICKET_FT_TEXT_NULL, contact_name, .agents_only = true, .single_only = true, .no_audit = true,
	  .derived = true, .description = "agents only; single-ticket answers: that sender's name"),
	M(TICKET_FT_BOOL, surveyed, .single_only = true, .no_audit = true, .derived = true,
	  .description = "single-ticket answers: a satisfaction survey was sent for it that the caller may read "
			 "(GET /api/v1/surveys/{number}: agents, and the person asked)"),
};
/* clang-format on */

const char *const ticket_channels[] = {"portal", "agent", "phone", "email", "event", "api", NULL};

const size_t ticket_field_count = sizeof(ticket_fields) / sizeof(ticket_fields[0]);

bool ticket_field_of(const struct ticket_kind *k, const struct ticket_field *f)
{
	return (k->fields & f->needs) == f->needs;
}

const char *ticket_field_text(struct arena *a, const struct ticket *t, const struct ticket_field *f)
{
	const char *p = (const char *)t + f->offset;
	char when[32];
	switch (f->type) {
	case TICKET_FT_TEXT:
	case TICKET_FT_TEXT_NULL:
	case TICKET_FT_REF: return *(const char *const *)p;
	case TICKET_FT_INT: return arena_printf(a, "%d", *(const int *)p);
	case TICKET_FT_INT64: return arena_printf(a, "%lld", (long long)*(const int64_t *)p);
	case TICKET_FT_INT64_NULL:
		return *(const int64_t *)p ? arena_printf(a, "%lld", (long long)*(const int64_t *)p) : NULL;
	case TICKET_FT_BOOL: return *(const bool *)p ? "true" : "false";
	case TICKET_FT_TIME:
	case TICKET_FT_TIME_NULL:
		if (!*(const int64_t *)p)
			return NULL;
		time_format_rfc3339(*(const int64_t *)p, when);
		return arena_strdup(a, when);
	case TICKET_FT_KIND: return t->kind->name;
	case TICKET_FT_WATCHERS: /* logins, which have no spaces; NULL for none */
		return t->watcher_count ? arena_join(a, t->watchers, t->watcher_count, " ") : NULL;
	default: return NULL;
	}
}
