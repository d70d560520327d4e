/*
 * api_risk.c — the risk of changes over HTTP (core/change/risk.h): a
 * change's assessment with each factor's contribution, and the settings
 * (weights, parameters, thresholds) admins change.  The override is a
 * PATCH of the change (risk with risk_reason), the ticket family's.
 */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "core/change/risk.h"
#include "base/banned.h"

/* GET /api/v1/changes/{number}/risk */
enum sw_err api_change_risk(struct req *r, struct sw_error *err)
{
	struct risk_assessment a;
	enum sw_err rc = risk_get(&r->ctx, req_param(r, "number"), &a, err);
	if (rc)
		return rc;
	json_t *factors = json_array();
	for (int i = 0; factors && i < RISK_FACTOR__COUNT; i++) {
		const struct risk_contribution *f = &a.factors[i];
		json_array_append_new(factors,
				      json_pack("{s:s, s:i, s:I, s:i, s:s}", "factor", risk_factor_name(f->factor),
						"weight", f->weight, "measure", (json_int_t)f->measure, "points",
						f->points, "detail", f->detail ? f->detail : ""));
	}
	json_t *thresholds = json_pack("{s:i, s:i, s:i}", "medium", a.config.threshold_medium, "high",
				       a.config.threshold_high, "very_high", a.config.threshold_very_high);
	return api_reply(r, 200,
			 json_pack("{s:s, s:i, s:o, s:o, s:o, s:b, s:o, s:o, s:o}", "number", req_param(r, "number"),
				   "score", a.score, "level", api_str(a.level), "computed", api_str(a.computed),
				   "reason", api_str(a.reason), "overridden", a.reason != NULL, "assessed_at",
				   api_time(a.assessed_at), "thresholds", thresholds, "factors", factors),
			 err);
}

/* The settings, each a member of its own name. */
#define SETTING_FIELD(name_) FIELD_RANGE(struct risk_config_input, #name_, FT_INT, 0, 100000, v.name_, set_##name_),
static const struct field settings_fields[] = {RISK_SETTINGS(SETTING_FIELD)};
const struct api_schema api_schema_risk_settings =
	API_SCHEMA("RiskSettingsInput", settings_fields, struct risk_config_input);

json_t *api_risk_settings_json(const void *rec)
{
	const struct risk_config *k = rec;
	json_t *o = json_object();
#define SETTING_JSON(name_) json_object_set_new(o, #name_, json_integer(k->name_));
	if (o) {
		RISK_SETTINGS(SETTING_JSON)
	}
#undef SETTING_JSON
	return o;
}

enum sw_err api_risk_settings_get(struct req *r, struct sw_error *err)
{
	struct risk_config k;
	enum sw_err rc = risk_config_get(&r->ctx, &k, err);
	return rc ? rc : api_reply(r, 200, api_risk_settings_json(&k), err);
}

API_WRITE_JSON(api_risk_settings_set, api_schema_risk_settings, struct risk_config_input, risk_config_set,
	       struct risk_config, 200, api_risk_settings_json)

/* The OpenAPI components. */
#define INT "{\"type\":\"integer\"}"
#define SETTING_PROP(name_) ",\"" #name_ "\":" INT
#define SETTING_NAME(name_) ",\"" #name_ "\""
#define SETTING_PROPS "{\"weight_services\":" INT RISK_SETTINGS_REST(SETTING_PROP) "}"
#define LEVEL "{\"enum\":[\"low\",\"medium\",\"high\",\"very_high\",null]"
static const char schemas[] =
	"\"RiskAssessment\":{\"type\":\"object\",\"required\":[\"number\",\"score\",\"level\",\"computed\",\"reason\","
	"\"overridden\",\"assessed_at\",\"thresholds\",\"factors\"],\"additionalProperties\":false,\"properties\":{"
	"\"number\":{\"type\":\"string\"},\"score\":" INT ",\"level\":" LEVEL ",\"description\":\"the effective "
	"level: the override's, else the computed one\"},\"computed\":" LEVEL "},\"reason\":{\"type\":[\"string\","
	"\"null\"],\"description\":\"why the level was overridden\"},\"overridden\":{\"type\":\"boolean\"},"
	"\"assessed_at\":{\"type\":[\"string\",\"null\"],\"format\":\"date-time\"},\"thresholds\":{\"type\":\"object\","
	"\"required\":[\"medium\",\"high\",\"very_high\"],\"additionalProperties\":false,\"properties\":{"
	"\"medium\":" INT ",\"high\":" INT ",\"very_high\":" INT
	"}},\"factors\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
	"\"required\":[\"factor\",\"weight\",\"measure\",\"points\",\"detail\"],\"additionalProperties\":false,"
	"\"properties\":{\"factor\":{\"enum\":[\"services\",\"type\",\"failure_rate\",\"caused_incidents\","
	"\"lead_time\",\"blackout\",\"no_backout_plan\",\"no_test_plan\"]},\"weight\":" INT ",\"measure\":" INT
	",\"points\":" INT ",\"detail\":{\"type\":\"string\"}}}}}},"
	"\"RiskSettings\":{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"weight_"
	"services\"" RISK_SETTINGS_REST(SETTING_NAME) "],\"properties\":" SETTING_PROPS "},"
						      "\"RiskSettingsInput\":{\"type\":\"object\","
						      "\"additionalProperties\":false,\"description\":\"the settings "
						      "to change (weights 0..1000, saturations and lead_time_hours "
						      "from 1, thresholds rising)\",\"properties\":" SETTING_PROPS "}";

void api_openapi_risk_schemas(struct jsonw *w)
{
	jsonw_raw(w, schemas);
}
