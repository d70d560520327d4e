/*
 * event_source.c — event sources and mapping rules, the two record kinds
 * of event management (core/kernel/record.h), and how a source's bearer
 * token is checked; see alert.h.  A source's token is made like an API
 * token (auth_secret_new): the secret is in the answer of the create (or
 * of a PATCH with rotate_token) and never again; only its SHA-256 is kept.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "core/core_int.h"
#include "core/event/alert.h"
#include "core/kernel/auth.h"
#include "core/port/event.h"
#include "base/banned.h"

static const char *const severity_names[] = {"critical", "major", "minor", "warning", "info"};
CORE_VALUE_LIST(enum alert_severity, severity_names, ALERT_SEVERITY__COUNT, SEV_INFO, alert_severity_name,
		alert_severity_parse)
static const char *const state_names[] = {"firing", "resolved"};
CORE_VALUE_LIST(enum alert_state, state_names, ALERT_STATE__COUNT, ALERT_FIRING, alert_state_name, alert_state_parse)
static const char *const action_names[] = {"create", "attach", "record", "ignore"};
CORE_VALUE_LIST(enum alert_action, action_names, ALERT_ACTION__COUNT, ACTION_RECORD, alert_action_name,
		alert_action_parse)
static const char *const format_names[] = {"alertmanager", "generic"};
CORE_VALUE_LIST(enum alert_format, format_names, ALERT_FORMAT__COUNT, ALERT_FORMAT_GENERIC, alert_format_name,
		alert_format_parse)

/* A label's name as Prometheus spells them: [A-Za-z_][A-Za-z0-9_]*. */
static bool label_name_ok(const char *s)
{
	if (!s || !*s || strlen(s) > ALERT_LABEL_NAME_MAX || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static void check_label(struct sw_error *err, const char *field, bool set, const char *name, bool nullable)
{
	if (set && !(nullable && !name) && !label_name_ok(name))
		sw_field_fail(err, field, "must be a label name of letters, digits and _ (at most %d)",
			      ALERT_LABEL_NAME_MAX);
}

static void check_range(struct sw_error *err, const char *field, bool set, int64_t v, int64_t min, int64_t max)
{
	if (set && (v < min || v > max))
		sw_field_fail(err, field, "must be from %lld to %lld", (long long)min, (long long)max);
}

/* ---- event sources ------------------------------------------------------------ */

static void validate_source(const void *v, bool creating, struct sw_error *err)
{
	const struct event_source_input *in = v;
	(void)creating;
	check_label(err, "ci_label", in->set_ci_label, in->ci_label, false);
	check_range(err, "correlate_minutes", in->set_correlate_minutes, in->correlate_minutes, 0, 1440);
	check_range(err, "quiet_seconds", in->set_quiet_seconds, in->quiet_seconds, 0, 86400);
	check_range(err, "storm_per_minute", in->set_storm_per_minute, in->storm_per_minute, 1, 1000);
	check_range(err, "flap_changes", in->set_flap_changes, in->flap_changes, 2, 100);
	check_range(err, "flap_minutes", in->set_flap_minutes, in->flap_minutes, 1, 1440);
}

/* A new secret into rec: the token (arena) and its hash. */
static enum sw_err new_token(struct ctx *c, struct event_source *rec, struct sw_error *err)
{
	char secret[AUTH_SECRET_MAX], hash[65];
	auth_secret_new(EVENT_SOURCE_TOKEN_PREFIX, secret);
	auth_secret_hash(secret, hash);
	rec->token = arena_strdup(c->arena, secret);
	rec->token_hash = arena_strdup(c->arena, hash);
	return rec->token && rec->token_hash ? SW_OK : sw_fail(err, SW_ENOMEM, NULL, "out of memory");
}

static enum sw_err apply_source(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct event_source_input *in = w->in;
	struct event_source *rec = w->rec;
	enum sw_err rc;
	if (w->creating) {
		if (!c->actor.user_id)
			return sw_fail(err, SW_EINVALID, NULL,
				       "an event source is registered by a user, who raises its incidents");
		rec->owner_id = c->actor.user_id;
		rec->owner = c->actor.login;
	}
	rec->token = NULL;
	if ((w->creating || (in->set_rotate_token && in->rotate_token)) && (rc = new_token(c, rec, err)))
		return rc;
	return err->code;
}

/* The audit row says a token was made, never what it is. */
static void source_changes(struct changes *ch, const struct record_write *w)
{
	const struct event_source *rec = w->rec;
	if (rec->token)
		changes_set_str(ch, "token", w->creating ? "created" : "rotated");
}

static const struct record_copy source_copies[] = {
	RECORD_COPY_NAME(struct event_source_input, struct event_source, RECORD_NAME_CHECKED),
	RECORD_COPY_EACH(struct event_source_input, struct event_source, ci_label, correlate_minutes, quiet_seconds,
			 storm_per_minute, flap_changes, flap_minutes, active),
};
static const struct record_ref source_refs[] = {
	RECORD_REF(struct event_source_input, struct event_source, CORE_REF_SERVICE, "service", service, service),
};

static const struct record_audit source_audit[] = {
	RECORD_AUDIT_EACH(struct event_source, name, service, ci_label, correlate_minutes, quiet_seconds,
			  storm_per_minute, flap_changes, flap_minutes, active),
};

RECORD_KIND_DEFINE(event_source_kind,
		   (struct event_source, "event_source", "an event source", ROLE_ADMIN, ROLE_AGENT,
		    &store_event_sources),
		   validate_source, apply_source, source_changes, source_copies, RECORD_AUDIT_DIFF(source_audit),
		   .fresh = &(const struct event_source){.ci_label = "instance",
							 .correlate_minutes = 30,
							 .quiet_seconds = 300,
							 .storm_per_minute = 10,
							 .flap_changes = 6,
							 .flap_minutes = 30,
							 .active = true},
		   .reread = false /* the answer carries the token, which is not stored */, RECORD_REFS(source_refs));

enum sw_err event_source_authenticate(struct ctx *c, const char *token, struct event_source *out, struct sw_error *err)
{
	if (!token || strncmp(token, EVENT_SOURCE_TOKEN_PREFIX, strlen(EVENT_SOURCE_TOKEN_PREFIX)) != 0 ||
	    strlen(token) >= AUTH_SECRET_MAX)
		return sw_fail(err, SW_EAUTH, NULL, "the event source token is not valid");
	char hash[65];
	auth_secret_hash(token, hash);
	struct event_source src;
	enum sw_err rc = store_event_source_by_hash(c->store, hash, &src, err);
	if (rc == SW_ENOTFOUND || (!rc && !src.active))
		return sw_fail(err, SW_EAUTH, NULL, "the event source token is not valid");
	if (rc)
		return rc;
	*out = src;
	return SW_OK;
}

/* ---- mapping rules ------------------------------------------------------------ */

static void validate_rule(const void *v, bool creating, struct sw_error *err)
{
	const struct alert_rule_input *in = v;
	record_check_value(err, "action", creating, in->set_action, &alert_action_name_list, in->action);
	if (in->set_min_severity && in->min_severity)
		core_value_check(err, "min_severity", &alert_severity_name_list, in->min_severity);
	check_label(err, "match_label", in->set_match_label, in->match_label, true);
	check_label(err, "ci_label", in->set_ci_label, in->ci_label, true);
	if (in->set_match_value && in->match_value && !core_text_ok(in->match_value, 0, ALERT_LABEL_VALUE_MAX))
		sw_field_fail(err, "match_value", "must be at most %d characters", ALERT_LABEL_VALUE_MAX);
	check_range(err, "position", in->set_position, in->position, 0, 1000000);
	check_range(err, "impact", in->set_impact, in->impact, 0, 3);
	check_range(err, "urgency", in->set_urgency, in->urgency, 0, 3);
}

static enum sw_err apply_rule(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct alert_rule_input *in = w->in;
	struct alert_rule *rec = w->rec;
	(void)c;
	if (in->set_min_severity)
		rec->min_severity = SEV_INFO;
	if (in->set_min_severity && in->min_severity)
		alert_severity_parse(in->min_severity, &rec->min_severity);
	if (in->set_position)
		rec->position = (int)in->position;
	return err->code;
}

static const struct record_copy rule_copies[] = {
	RECORD_COPY_NAME(struct alert_rule_input, struct alert_rule, RECORD_NAME_CHECKED),
	RECORD_COPY_EACH(struct alert_rule_input, struct alert_rule, match_label, match_value, ci_label, impact,
			 urgency, active),
	RECORD_COPY_VALUE(struct alert_rule_input, struct alert_rule, action, alert_action_name_list),
};
static const struct record_ref rule_refs[] = {
	RECORD_REF(struct alert_rule_input, struct alert_rule, CORE_REF_EVENT_SOURCE, "source", source, source),
	RECORD_REF_CI(struct alert_rule_input, struct alert_rule, "ci", ci, ci),
	RECORD_REF(struct alert_rule_input, struct alert_rule, CORE_REF_SERVICE, "service", service, service),
};

static const struct record_audit rule_audit[] = {
	RECORD_AUDIT_EACH(struct alert_rule, name, position, source, match_label, match_value, ci_label, ci, service,
			  impact, urgency, active),
	RECORD_AUDIT_VALUE(struct alert_rule, "min_severity", min_severity, alert_severity_name_list),
	RECORD_AUDIT_VALUE(struct alert_rule, "action", action, alert_action_name_list),
};

RECORD_KIND_DEFINE(alert_rule_kind,
		   (struct alert_rule, "alert_rule", "an alert rule", ROLE_ADMIN, ROLE_AGENT, &store_alert_rules),
		   validate_rule, apply_rule, NULL, rule_copies, RECORD_AUDIT_DIFF(rule_audit),
		   .blank = &(const struct alert_rule){.min_severity = SEV_INFO},
		   .fresh = &(const struct alert_rule){.min_severity = SEV_INFO, .active = true}, .reread = true,
		   RECORD_REFS(rule_refs));
