/*
 * api_sla.c — /api/v1/calendars, /api/v1/sla-policies and
 * /api/v1/escalation-rules: the business calendars SLA targets are
 * measured on, the policies that set them, and what happens when a clock
 * warns or breaches.  Admins write, agents read.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "core/sla/escalation.h"
#include "core/sla/sla.h"
#include "base/banned.h"

/* ---- calendars -------------------------------------------------------------- */

static const struct field calendar_fields[] = {
	FIELD_PLAIN(struct calendar_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	FIELD(struct calendar_input, "timezone", FT_STRING, 64, timezone, set_timezone),
	FIELD(struct calendar_input, "hours", FT_STRING, 500, hours, set_hours),
	FIELD_STRINGS(struct calendar_input, "holidays", SLA_HOLIDAYS_MAX, holidays, holiday_count, set_holidays),
};
const struct api_schema api_schema_calendar = API_SCHEMA("CalendarInput", calendar_fields, struct calendar_input);

static const struct api_member calendar_members[] = {
	API_EACH(struct calendar_def, API_AS_IS, name, timezone, hours),
	API_MEMBER_STRINGS(struct calendar_def, "holidays", holidays, holiday_count),
	API_TIMES(struct calendar_def),
};

const struct api_record api_calendars = {
	.kind = &calendar_kind, .schema = &api_schema_calendar, API_RECORD_MEMBERS(calendar_members)};

/* ---- policies ---------------------------------------------------------------- */

/* Ranges are domain rules (core/sla/sla.c), reported with the other fields. */
static const struct field policy_fields[] = {
	FIELD_PLAIN(struct sla_policy_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	FIELDS_ORDERED(struct sla_policy_input, FT_INT, INT32_MIN, INT32_MAX),
	FIELD(struct sla_policy_input, "match_kind", FT_STRING_NULL, 20, match_kind, set_match_kind),
	FIELD_RANGE(struct sla_policy_input, "match_priority", FT_INT, INT32_MIN, INT32_MAX, match_priority,
		    set_match_priority),
	FIELD(struct sla_policy_input, "match_group", FT_STRING_NULL, LIMIT_NAME_LEN, match_group, set_match_group),
	FIELD(struct sla_policy_input, "match_service", FT_STRING_NULL, LIMIT_NAME_LEN, match_service,
	      set_match_service),
	FIELD(struct sla_policy_input, "calendar", FT_STRING, LIMIT_NAME_LEN, calendar, set_calendar),
	FIELD_RANGE(struct sla_policy_input, "response_seconds", FT_INT64, 0, SLA_TARGET_MAX, response, set_response),
	FIELD_STRINGS(struct sla_policy_input, "pause_on", SLA_PAUSE_ON_MAX, pause_on, pause_on_count, set_pause_on),
	FIELD_RANGE(struct sla_policy_input, "resolution_seconds", FT_INT64, 0, SLA_TARGET_MAX, resolution,
		    set_resolution),
};
const struct api_schema api_schema_sla_policy = API_SCHEMA("SlaPolicyInput", policy_fields, struct sla_policy_input);

static const struct api_member policy_members[] = {
	API_EACH(struct sla_policy, API_AS_IS, name, position, active),
	API_EACH(struct sla_policy, API_AS_NULL, match_kind, match_priority, match_group, match_service),
	API_EACH(struct sla_policy, API_AS_IS, calendar),
	API_MEMBER(struct sla_policy, "response_seconds", response, API_AS_NULL),
	API_MEMBER(struct sla_policy, "resolution_seconds", resolution, API_AS_NULL),
	API_MEMBER_STRINGS(struct sla_policy, "pause_on", pause_on, pause_on_count),
	API_TIMES(struct sla_policy),
};

const struct api_record api_sla_policies = {
	.kind = &sla_policy_kind, .schema = &api_schema_sla_policy, API_RECORD_MEMBERS(policy_members)};

/* ---- escalation rules -------------------------------------------------------- */

static const struct field escalation_fields[] = {
	FIELD_PLAIN(struct escalation_rule_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	FIELDS_ORDERED(struct escalation_rule_input, FT_INT, INT32_MIN, INT32_MAX),
	FIELD(struct escalation_rule_input, "event", FT_STRING, 20, event, set_event),
	FIELD(struct escalation_rule_input, "match_metric", FT_STRING_NULL, 20, match_metric, set_match_metric),
	FIELD_RANGE(struct escalation_rule_input, "match_priority", FT_INT, INT32_MIN, INT32_MAX, match_priority,
		    set_match_priority),
	FIELD(struct escalation_rule_input, "action", FT_STRING, 20, action, set_action),
	FIELD(struct escalation_rule_input, "group", FT_STRING_NULL, LIMIT_NAME_LEN, group, set_group),
};
const struct api_schema api_schema_escalation =
	API_SCHEMA("EscalationRuleInput", escalation_fields, struct escalation_rule_input);

static const struct api_member escalation_members[] = {
	API_EACH(struct escalation_rule, API_AS_IS, name, position, active),
	API_MEMBER_VALUE(struct escalation_rule, "event", event, esc_event_name_list),
	API_EACH(struct escalation_rule, API_AS_NULL, match_metric, match_priority),
	API_MEMBER_VALUE(struct escalation_rule, "action", action, esc_action_name_list),
	API_EACH(struct escalation_rule, API_AS_NULL, group),
	API_TIMES(struct escalation_rule),
};

const struct api_record api_escalation_rules = {
	.kind = &escalation_rule_kind, .schema = &api_schema_escalation, API_RECORD_MEMBERS(escalation_members)};
