/*
 * escalation.c — escalation rules and the scheduler's pass; see
 * escalation.h.
 */
#include <string.h>

#include "core/kernel/authz.h"
#include "core/core_int.h"
#include "core/sla/escalation.h"
#include "core/ticket/incident.h"
#include "core/notify/notify.h"
#include "core/kernel/record.h"
#include "core/port/account.h"
#include "core/port/sla.h"
#include "core/port/ticket.h"
#include "base/banned.h"

static const char *const event_names[ESC_EVENT__COUNT] = {[ESC_WARNING] = "warning", [ESC_BREACH] = "breach"};
static const char *const action_names[ESC_ACTION__COUNT] = {
	[ESC_NOTIFY_MANAGER] = "notify_manager", [ESC_RAISE_PRIORITY] = "raise_priority", [ESC_REASSIGN] = "reassign"};

CORE_VALUE_LIST(enum esc_event, event_names, ESC_EVENT__COUNT, ESC_BREACH, esc_event_name, esc_event_parse)
CORE_VALUE_LIST(enum esc_action, action_names, ESC_ACTION__COUNT, ESC_NOTIFY_MANAGER, esc_action_name, esc_action_parse)

/* ---- administration --------------------------------------------------------- */

static void validate(const void *v, bool creating, struct sw_error *err)
{
	const struct escalation_rule_input *in = v;
	enum esc_event e;
	enum esc_action a;
	enum sla_metric m;
	if (creating && !in->set_event)
		sw_field_fail(err, "event", "is required");
	else if (in->set_event && esc_event_parse(in->event, &e))
		sw_field_fail(err, "event", "must be warning or breach");
	if (creating && !in->set_action)
		sw_field_fail(err, "action", "is required");
	else if (in->set_action && esc_action_parse(in->action, &a))
		sw_field_fail(err, "action", "must be one of notify_manager, raise_priority, reassign");
	else if (creating && a == ESC_REASSIGN && !(in->set_group && in->group))
		sw_field_fail(err, "group", "is required to reassign");
	/* a rule with no metric applies to OLA clocks too */
	if (in->set_match_metric && in->match_metric && (sla_metric_parse(in->match_metric, &m) || m == SLA_OLA))
		sw_field_fail(err, "match_metric", "must be response, resolution or null (any clock, OLA clocks too)");
}

/* The group, after the copies (the event and the action among them); reassigning needs one. */
static enum sw_err apply(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	(void)c;
	const struct escalation_rule *r = w->rec;
	if (r->action == ESC_REASSIGN && !r->group_id && !err->code)
		sw_field_fail(err, "group", "is required to reassign");
	return err->code;
}

static const struct record_copy copies[] = {
	RECORD_COPY(struct escalation_rule_input, struct escalation_rule, match_metric),
	RECORD_COPY_VALUE(struct escalation_rule_input, struct escalation_rule, event, esc_event_name_list),
	RECORD_COPY_VALUE(struct escalation_rule_input, struct escalation_rule, action, esc_action_name_list),
};

static const struct record_ref refs[] = {
	RECORD_REF(struct escalation_rule_input, struct escalation_rule, CORE_REF_GROUP, "group", group, group),
};

static const struct record_audit audit[] = {
	RECORD_AUDIT_EACH(struct escalation_rule, name, position),
	RECORD_AUDIT_VALUE(struct escalation_rule, "event", event, esc_event_name_list),
	RECORD_AUDIT_VALUE(struct escalation_rule, "action", action, esc_action_name_list),
	RECORD_AUDIT_EACH(struct escalation_rule, group, active),
};

const struct record_kind escalation_rule_kind = {
	RECORD_RULE(struct escalation_rule, "escalation_rule", "an escalation rule", &store_escalation_rules, validate,
		    apply, copies, RECORD_AUDIT_DIFF(audit)),
	RECORD_MATCHING(struct escalation_rule_input, struct escalation_rule, RECORD_NAME_CHECKED), RECORD_REFS(refs)};

/* ---- the scheduler's pass ------------------------------------------------------ */

/* What a clock is called in messages: its metric ("resolution"), an OLA
 * clock with its group ("OLA (Network)"). */
static const char *clock_label(struct ctx *c, const struct sla_clock *k)
{
	if (k->metric != SLA_OLA || !k->group)
		return sla_metric_name(k->metric);
	const char *s = arena_printf(c->arena, "OLA (%s)", k->group);
	return s ? s : sla_metric_name(k->metric);
}

static bool rule_matches(const struct escalation_rule *r, enum esc_event e, const struct sla_clock *k,
			 const struct ticket *t)
{
	return r->active && r->event == e &&
	       (!r->match_metric || !strcmp(r->match_metric, sla_metric_name(k->metric))) &&
	       (!r->match_priority || r->match_priority == t->priority);
}

static enum sw_err audit_escalation(struct ctx *c, const struct ticket *t, const struct escalation_rule *r,
				    const char *manager, struct sw_error *err)
{
	struct changes ch;
	changes_init(&ch);
	changes_set_str(&ch, "rule", r->name);
	changes_set_str(&ch, "action", esc_action_name(r->action));
	if (manager)
		changes_set_str(&ch, "manager", manager);
	return audit_changes(c, "ticket", t->id, "escalation", true, &ch, err);
}

/* Apply every matching rule to the ticket of clock k, reloading the ticket
 * between actions so each sees the last one's result. */
static enum sw_err run_rules(struct ctx *c, const struct escalation_rule_list *rules, enum esc_event e,
			     const struct sla_clock *k, int *count, struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < rules->count; i++) {
		const struct escalation_rule *r = &rules->items[i];
		struct ticket t;
		if ((rc = store_ticket_by_id(c->store, k->ticket_id, &t, err)))
			break;
		if (!rule_matches(r, e, k, &t))
			continue;
		const char *reason = arena_printf(c->arena, "escalated by '%s': %s SLA %s", r->name, clock_label(c, k),
						  esc_event_name(e));
		const char *manager = NULL;
		switch (r->action) {
		case ESC_RAISE_PRIORITY:
			if (t.priority > 1)
				rc = ticket_escalate(c, &t, t.priority - 1, 0, NULL, "raised by the service desk",
						     reason, err);
			break;
		case ESC_REASSIGN: rc = ticket_escalate(c, &t, 0, r->group_id, r->group, NULL, NULL, err); break;
		case ESC_NOTIFY_MANAGER:
		case ESC_ACTION__COUNT: {
			struct group g;
			struct sw_error look;
			sw_error_clear(&look);
			if (t.group && store_group_by_name(c->store, t.group, &g, &look) == SW_OK && g.manager_id) {
				manager = g.manager_login;
				rc = notify_event(c, NE_ESCALATION, &t, reason, g.manager_id, err);
			}
			break;
		}
		}
		if (!rc && !(rc = audit_escalation(c, &t, r, manager, err)))
			(*count)++;
	}
	return rc;
}

static bool stopping(const struct scheduler_config *cfg)
{
	return cfg->stop && atomic_load(cfg->stop);
}

static enum sw_err mark(struct ctx *c, enum esc_event e, const struct escalation_rule_list *rules,
			const struct scheduler_config *cfg, struct scheduler_result *out, struct sw_error *err)
{
	struct sla_clock *clocks;
	size_t n;
	enum sw_err rc = store_sla_clocks_due(c->store, e == ESC_BREACH, c->now, cfg->batch, &clocks, &n, err);
	for (size_t i = 0; !rc && i < n && !stopping(cfg); i++) {
		const struct sla_clock *k = &clocks[i];
		bool marked;
		if ((rc = store_sla_clock_mark(c->store, k->id, e == ESC_BREACH, c->now, &marked, err)) || !marked)
			continue;
		struct changes ch;
		changes_init(&ch);
		changes_set_str(&ch, "metric", sla_metric_name(k->metric));
		changes_set_str(&ch, "policy", k->policy);
		changes_set_int(&ch, "due_at", k->due_at);
		if (k->group) /* an OLA clock: the group it measures */
			changes_set_str(&ch, "group", k->group);
		if ((rc = audit_changes(c, "ticket", k->ticket_id, e == ESC_BREACH ? "sla_breach" : "sla_warning", true,
					&ch, err)))
			break;
		if (e == ESC_BREACH)
			out->breaches++;
		else
			out->warnings++;
		struct ticket t;
		if ((rc = store_ticket_by_id(c->store, k->ticket_id, &t, err)) ||
		    (rc = notify_event(c, e == ESC_BREACH ? NE_SLA_BREACH : NE_SLA_WARNING, &t, clock_label(c, k), 0,
				       err)))
			break;
		rc = run_rules(c, rules, e, k, &out->escalations, err);
	}
	return rc;
}

/* fn on each ticket of list in turn, counting them; stops at a failure. */
static enum sw_err each_ticket(struct ctx *c, const struct ticket_list *list,
			       enum sw_err (*fn)(struct ctx *c, const struct ticket *t, struct sw_error *err),
			       int *count, struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < list->count; i++)
		if (!(rc = fn(c, &list->items[i], err)))
			(*count)++;
	return rc;
}

enum sw_err scheduler_pass(struct ctx *c, const struct scheduler_config *cfg, struct scheduler_result *out,
			   struct sw_error *err)
{
	memset(out, 0, sizeof(*out));
	enum sw_err rc = core_tx_begin_long(c, err);
	if (rc)
		return rc;
	bool got;
	if ((rc = store_scheduler_lock(c->store, &got, err)))
		goto out;
	if (!got) {
		out->skipped = true;
		goto out;
	}
	struct escalation_rule_list rules;
	if ((rc = store_escalation_list(c->store, true, &rules, err)) ||
	    (rc = mark(c, ESC_WARNING, &rules, cfg, out, err)) || (rc = mark(c, ESC_BREACH, &rules, cfg, out, err)) ||
	    stopping(cfg))
		goto out;
	struct ticket_list done, old;
	/* only kinds that close by themselves: a resolved problem waits for
	 * its agent, and must not stop the pass for the others */
	for (size_t k = 0; cfg->auto_close_s && k < ticket_kind_count(); k++) {
		const struct ticket_kind *kind = ticket_kind_at(k);
		if (kind->auto_close &&
		    ((rc = store_tickets_resolved_before(c->store, kind->name, c->now - cfg->auto_close_s, cfg->batch,
							 &done, err)) ||
		     (rc = each_ticket(c, &done, ticket_auto_close, &out->closed, err))))
			goto out;
	}
	if (cfg->archive_s &&
	    ((rc = store_tickets_archivable(c->store, c->now - cfg->archive_s, cfg->batch, &old, err)) ||
	     (rc = each_ticket(c, &old, ticket_archive, &out->archived, err))))
		goto out;
	/* the open clocks' running totals: the deltas the writes appended since
	 * the last pass (this one's marks too) folded into the totals */
	rc = store_sla_totals_fold(c->store, err);
out:
	return core_tx_end(c, rc, err);
}
