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
#include "api/oas.h"
#include "base/limits.h"
#include "core/sla/escalation.h"
#include "core/sla/agreement.h"
#include "core/sla/sla.h"
#include "base/banned.h"

/* ---- calendars -------------------------------------------------------------- */

API_INPUT(api_schema_calendar, "CalendarInput", struct calendar_input,
	  FIELD_PLAIN(struct calendar_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	  FIELD(struct calendar_input, "timezone", FT_STRING, 64, timezone, set_timezone),
	  FIELD(struct calendar_input, "hours", FT_STRING, 500, hours, set_hours),
	  FIELD_STRINGS(struct calendar_input, "holidays", SLA_HOLIDAYS_MAX, holidays, holiday_count, set_holidays));

API_RECORD_OF(api_calendars, calendar_kind, api_schema_calendar,
	      API_EACH(struct calendar_def, API_AS_IS, name, timezone, hours),
	      API_MEMBER_STRINGS(struct calendar_def, "holidays", holidays, holiday_count),
	      API_TIMES(struct calendar_def));

/* ---- policies ---------------------------------------------------------------- */

/* Ranges are domain rules (core/sla/sla.c), reported with the other fields. */
API_INPUT(api_schema_sla_policy, "SlaPolicyInput", struct sla_policy_input,
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
	  FIELD(struct sla_policy_input, "agreement", FT_STRING_NULL, LIMIT_NAME_LEN, agreement, set_agreement));

API_RECORD_OF(api_sla_policies, sla_policy_kind, api_schema_sla_policy,
	      API_EACH(struct sla_policy, API_AS_IS, name, position, active),
	      API_EACH(struct sla_policy, API_AS_NULL, match_kind, match_priority, match_group, match_service),
	      API_EACH(struct sla_policy, API_AS_IS, calendar),
	      API_MEMBER(struct sla_policy, "response_seconds", response, API_AS_NULL),
	      API_MEMBER(struct sla_policy, "resolution_seconds", resolution, API_AS_NULL),
	      API_MEMBER_STRINGS(struct sla_policy, "pause_on", pause_on, pause_on_count),
	      API_EACH(struct sla_policy, API_AS_NULL, agreement), API_TIMES(struct sla_policy));

/* ---- escalation rules -------------------------------------------------------- */

API_INPUT(api_schema_escalation, "EscalationRuleInput", struct escalation_rule_input,
	  FIELD_PLAIN(struct escalation_rule_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	  FIELDS_ORDERED(struct escalation_rule_input, FT_INT, INT32_MIN, INT32_MAX),
	  FIELD(struct escalation_rule_input, "event", FT_STRING, 20, event, set_event),
	  FIELD(struct escalation_rule_input, "match_metric", FT_STRING_NULL, 20, match_metric, set_match_metric),
	  FIELD_RANGE(struct escalation_rule_input, "match_priority", FT_INT, INT32_MIN, INT32_MAX, match_priority,
		      set_match_priority),
	  FIELD(struct escalation_rule_input, "action", FT_STRING, 20, action, set_action),
	  FIELD(struct escalation_rule_input, "group", FT_STRING_NULL, LIMIT_NAME_LEN, group, set_group));

API_RECORD_OF(api_escalation_rules, escalation_rule_kind, api_schema_escalation,
	      API_EACH(struct escalation_rule, API_AS_IS, name, position, active),
	      API_MEMBER_VALUE(struct escalation_rule, "event", event, esc_event_name_list),
	      API_EACH(struct escalation_rule, API_AS_NULL, match_metric, match_priority),
	      API_MEMBER_VALUE(struct escalation_rule, "action", action, esc_action_name_list),
	      API_EACH(struct escalation_rule, API_AS_NULL, group), API_TIMES(struct escalation_rule));

/* ---- agreements ---------------------------------------------------------------- */

/* Dates and percentages are domain rules (core/sla/agreement.c), reported
 * with the other fields. */
#define AGREEMENT_IN(type_, max_, member_) FIELD(struct agreement_input, #member_, type_, max_, member_, set_##member_)
static const struct field agreement_fields[] = {
	FIELD_PLAIN(struct agreement_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	AGREEMENT_IN(FT_STRING, 20, type),
	AGREEMENT_IN(FT_STRING, 20, status),
	AGREEMENT_IN(FT_STRING, AGREEMENT_TEXT_MAX, description),
	AGREEMENT_IN(FT_STRING_NULL, AGREEMENT_PARTY_MAX, customer),
	AGREEMENT_IN(FT_STRING_NULL, LIMIT_NAME_LEN, group),
	AGREEMENT_IN(FT_STRING_NULL, AGREEMENT_PARTY_MAX, supplier),
	AGREEMENT_IN(FT_STRING_NULL, LIMIT_NAME_LEN, owner),
	AGREEMENT_IN(FT_STRING_NULL, 10, valid_from),
	AGREEMENT_IN(FT_STRING_NULL, 10, valid_to),
	AGREEMENT_IN(FT_STRING_NULL, 10, review_date),
	AGREEMENT_IN(FT_STRING_NULL, AGREEMENT_URL_MAX, document_url),
	FIELD_RANGE(struct agreement_input, "target_compliance", FT_INT, INT32_MIN, INT32_MAX, target_compliance,
		    set_target_compliance),
	FIELD_RANGE(struct agreement_input, "amber_percent", FT_INT, INT32_MIN, INT32_MAX, amber_percent,
		    set_amber_percent),
	FIELD_STRINGS(struct agreement_input, "services", AGREEMENT_SERVICES_MAX, services, service_count,
		      set_services),
};
#undef AGREEMENT_IN
const struct api_schema api_schema_agreement = API_SCHEMA("AgreementInput", agreement_fields, struct agreement_input);

API_RECORD_OF(api_agreements, agreement_kind, api_schema_agreement, API_EACH(struct agreement, API_AS_IS, name),
	      API_MEMBER_VALUE(struct agreement, "type", type, agreement_type_name_list),
	      API_MEMBER_VALUE(struct agreement, "status", status, agreement_status_name_list),
	      API_EACH(struct agreement, API_AS_IS, description),
	      API_EACH(struct agreement, API_AS_NULL, customer, group, supplier, owner, valid_from, valid_to,
		       review_date, document_url),
	      API_EACH(struct agreement, API_AS_IS, version, target_compliance, amber_percent),
	      API_MEMBER_STRINGS(struct agreement, "services", services, service_count),
	      API_MEMBER_STRINGS(struct agreement, "policies", policies, policy_count),
	      API_EACH(struct agreement, API_AS_IS, ola_flagged),
	      API_MEMBER_STRINGS(struct agreement, "ola_conflicts", ola_conflicts, ola_conflict_count),
	      API_TIMES(struct agreement));

/* ---- OpenAPI components ---------------------------------------------------------------- */

#define DATE_NULL "{\"type\":[\"string\",\"null\"],\"pattern\":\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}"
#define TYPES "{\"enum\":[\"sla\",\"ola\",\"uc\"],\"description\":\"SLA, OLA or underpinning contract\"}"
#define STATUSES "{\"enum\":[\"draft\",\"active\",\"expired\",\"retired\"]}"
#define PERCENT "{\"type\":\"integer\",\"minimum\":0,\"maximum\":100}"

static const char agreement_schemas[] =
	"\"Agreement\":{\"type\":\"object\",\"required\":[\"name\",\"type\",\"status\",\"description\",\"customer\","
	"\"group\",\"supplier\",\"owner\",\"valid_from\",\"valid_to\",\"review_date\",\"document_url\",\"version\","
	"\"target_compliance\",\"amber_percent\",\"services\",\"policies\",\"ola_flagged\",\"ola_conflicts\","
	"\"created_at\",\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"name\":" STR ",\"type\":" TYPES
	",\"status\":" STATUSES ",\"description\":" STR ",\"customer\":" STR_NULL ",\"group\":" STR_NULL
	",\"supplier\":" STR_NULL ",\"owner\":" STR_NULL ",\"valid_from\":" DATE_NULL ",\"valid_to\":" DATE_NULL
	",\"review_date\":" DATE_NULL ",\"document_url\":" STR_NULL ",\"version\":{\"type\":\"integer\","
	"\"minimum\":1,\"description\":\"1, and one more for every change\"},\"target_compliance\":" PERCENT
	",\"amber_percent\":" PERCENT ",\"services\":" STRS ",\"policies\":{\"type\":\"array\",\"items\":" STR
	",\"description\":\"the SLA policies it owns\"},\"ola_flagged\":{\"type\":\"boolean\",\"description\":"
	"\"an OLA with a resolution target longer than an SLA target it must support\"},\"ola_conflicts\":{\"type\":"
	"\"array\",\"items\":" STR "},\"created_at\":" TIME ",\"updated_at\":" TIME "}},"
	"\"AgreementInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":" STR
	",\"type\":" TYPES ",\"status\":" STATUSES ",\"description\":{\"type\":\"string\",\"maxLength\":2000},"
	"\"customer\":" STR_NULL ",\"group\":" STR_NULL ",\"supplier\":" STR_NULL ",\"owner\":" STR_NULL
	",\"valid_from\":" DATE_NULL ",\"valid_to\":" DATE_NULL ",\"review_date\":" DATE_NULL
	",\"document_url\":" STR_NULL ",\"target_compliance\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100},"
	"\"amber_percent\":" PERCENT ",\"services\":{\"type\":\"array\",\"maxItems\":50,\"items\":" STR "}}},"
	"\"BreachReasonInput\":{\"type\":\"object\",\"required\":[\"reason\"],\"additionalProperties\":false,"
	"\"properties\":{\"reason\":{\"type\":[\"string\",\"null\"],\"maxLength\":40,\"description\":\"an active "
	"breach reason's name (GET /api/v1/breach-reasons); null clears it\"}}}";

void api_openapi_agreement_schemas(struct jsonw *w)
{
	jsonw_raw(w, agreement_schemas);
}
