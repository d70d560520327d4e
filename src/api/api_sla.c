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

static json_t *calendar_json(const void *rec)
{
	const struct calendar_def *c = rec;
	json_t *j = json_object();
	if (!j)
		return NULL;
	json_object_set_new(j, "name", json_string(c->name));
	json_object_set_new(j, "timezone", json_string(c->timezone));
	json_object_set_new(j, "hours", json_string(c->hours));
	json_object_set_new(j, "holidays", api_strings(c->holidays, c->holiday_count));
	json_object_set_new(j, "created_at", api_time(c->created_at));
	json_object_set_new(j, "updated_at", api_time(c->updated_at));
	return j;
}

API_LIST_RECORDS(list_calendars, &calendar_kind, struct calendar_def_list)

const struct api_record api_calendars = {
	.kind = &calendar_kind, .schema = &api_schema_calendar, .json = calendar_json, .list = list_calendars};

/* ---- policies ---------------------------------------------------------------- */

/* Ranges are domain rules (core/sla/sla.c), reported with the other fields. */
static const struct field policy_fields[] = {
	FIELD_PLAIN(struct sla_policy_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	FIELD_RANGE(struct sla_policy_input, "position", FT_INT, INT32_MIN, INT32_MAX, position, set_position),
	FIELD(struct sla_policy_input, "active", FT_BOOL, 0, active, set_active),
	FIELD(struct sla_policy_input, "match_kind", FT_STRING_NULL, 20, match_kind, set_match_kind),
	FIELD_RANGE(struct sla_policy_input, "match_priority", FT_INT, INT32_MIN, INT32_MAX, match_priority,
		    set_match_priority),
	FIELD(struct sla_policy_input, "match_group", FT_STRING_NULL, LIMIT_NAME_LEN, match_group, set_match_group),
	FIELD(struct sla_policy_input, "match_service", FT_STRING_NULL, LIMIT_NAME_LEN, match_service,
	      set_match_service),
	FIELD(struct sla_policy_input, "calendar", FT_STRING, LIMIT_NAME_LEN, calendar, set_calendar),
	FIELD_RANGE(struct sla_policy_input, "response_seconds", FT_INT64, 0, SLA_TARGET_MAX, response, set_response),
	FIELD_RANGE(struct sla_policy_input, "resolution_seconds", FT_INT64, 0, SLA_TARGET_MAX, resolution,
		    set_resolution),
};
const struct api_schema api_schema_sla_policy = API_SCHEMA("SlaPolicyInput", policy_fields, struct sla_policy_input);

static json_t *opt_int(int64_t v)
{
	return v ? json_integer(v) : json_null();
}

static json_t *policy_json(const void *rec)
{
	const struct sla_policy *p = rec;
	json_t *j = json_object();
	if (!j)
		return NULL;
	json_object_set_new(j, "name", json_string(p->name));
	json_object_set_new(j, "position", json_integer(p->position));
	json_object_set_new(j, "active", json_boolean(p->active));
	json_object_set_new(j, "match_kind", api_str(p->match_kind));
	json_object_set_new(j, "match_priority", opt_int(p->match_priority));
	json_object_set_new(j, "match_group", api_str(p->match_group));
	json_object_set_new(j, "match_service", api_str(p->match_service));
	json_object_set_new(j, "calendar", json_string(p->calendar));
	json_object_set_new(j, "response_seconds", opt_int(p->response));
	json_object_set_new(j, "resolution_seconds", opt_int(p->resolution));
	json_object_set_new(j, "created_at", api_time(p->created_at));
	json_object_set_new(j, "updated_at", api_time(p->updated_at));
	return j;
}

API_LIST_RECORDS(list_policies, &sla_policy_kind, struct sla_policy_list)

const struct api_record api_sla_policies = {
	.kind = &sla_policy_kind, .schema = &api_schema_sla_policy, .json = policy_json, .list = list_policies};

/* ---- escalation rules -------------------------------------------------------- */

static const struct field escalation_fields[] = {
	FIELD_PLAIN(struct escalation_rule_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	FIELD_RANGE(struct escalation_rule_input, "position", FT_INT, INT32_MIN, INT32_MAX, position, set_position),
	FIELD(struct escalation_rule_input, "active", FT_BOOL, 0, active, set_active),
	FIELD(struct escalation_rule_input, "event", FT_STRING, 20, event, set_event),
	FIELD(struct escalation_rule_input, "match_metric", FT_STRING_NULL, 20, match_metric, set_match_metric),
	FIELD_RANGE(struct escalation_rule_input, "match_priority", FT_INT, INT32_MIN, INT32_MAX, match_priority,
		    set_match_priority),
	FIELD(struct escalation_rule_input, "action", FT_STRING, 20, action, set_action),
	FIELD(struct escalation_rule_input, "group", FT_STRING_NULL, LIMIT_NAME_LEN, group, set_group),
};
const struct api_schema api_schema_escalation =
	API_SCHEMA("EscalationRuleInput", escalation_fields, struct escalation_rule_input);

static json_t *escalation_json(const void *rec)
{
	const struct escalation_rule *e = rec;
	json_t *j = json_object();
	if (!j)
		return NULL;
	json_object_set_new(j, "name", json_string(e->name));
	json_object_set_new(j, "position", json_integer(e->position));
	json_object_set_new(j, "active", json_boolean(e->active));
	json_object_set_new(j, "event", json_string(esc_event_name(e->event)));
	json_object_set_new(j, "match_metric", api_str(e->match_metric));
	json_object_set_new(j, "match_priority", opt_int(e->match_priority));
	json_object_set_new(j, "action", json_string(esc_action_name(e->action)));
	json_object_set_new(j, "group", api_str(e->group));
	json_object_set_new(j, "created_at", api_time(e->created_at));
	json_object_set_new(j, "updated_at", api_time(e->updated_at));
	return j;
}

API_LIST_RECORDS(list_escalations, &escalation_rule_kind, struct escalation_rule_list)

const struct api_record api_escalation_rules = {.kind = &escalation_rule_kind,
						.schema = &api_schema_escalation,
						.json = escalation_json,
						.list = list_escalations};
