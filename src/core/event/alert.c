/*
 * alert.c — what alerts do when they arrive, what agents do with them, and
 * the pass that resolves incidents whose alerts have cleared; see alert.h
 * and docs/events.md.
 *
 * One payload is one transaction: the raw body first, then each alert —
 * deduplicated by its source and key (a repeat with the same state and
 * start only counts up, so a sender's retries change nothing), mapped by
 * the first mapping rule that fits (else the source's defaults) to a CI
 * and a service, and, when it fires and opens work, attached to an open
 * incident alerts opened on a CI or service related to its own through
 * the CMDB (within the source's correlation window), or else opening one —
 * unless the source has opened its storm limit of incidents in the last
 * minute (then the source's storm incident takes it), a change is
 * implementing on its CI or a maintenance window of its service is open
 * (recorded, no incident), or it is flapping.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "base/limits.h"
#include "core/cmdb/cmdb.h"
#include "core/cmdb/service.h"
#include "core/core_int.h"
#include "core/event/alert.h"
#include "core/kernel/authz.h"
#include "core/port/cmdb.h"
#include "core/port/event.h"
#include "core/port/schedule.h"
#include "core/schedule/schedule.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

#define CORRELATE_DEPTH 3 /* CMDB steps between two alerts' CIs that correlate */
#define STORM_SPAN_S 60

/* What an ingestion carries from one alert to the next. */
struct ingest {
	const struct event_source *src;
	struct alert_rule_list rules;
	struct alert_ingest_result *res;
};

/* ---- mapping -------------------------------------------------------------------- */

static const char *label_of(const struct alert_event *ev, const char *name)
{
	for (size_t i = 0; name && i < ev->label_count; i++)
		if (strcmp(ev->labels[i].name, name) == 0)
			return ev->labels[i].value;
	return NULL;
}

/* The first active rule that takes ev from src, or NULL. */
static const struct alert_rule *rule_for(const struct ingest *g, const struct alert_event *ev)
{
	for (size_t i = 0; i < g->rules.count; i++) {
		const struct alert_rule *r = &g->rules.items[i];
		if (r->source_id && r->source_id != g->src->id)
			continue;
		if (ev->severity > r->min_severity)
			continue;
		if (r->match_label) {
			const char *v = label_of(ev, r->match_label);
			if (!v || (r->match_value && strcmp(v, r->match_value) != 0))
				continue;
		}
		return r;
	}
	return NULL;
}

/* The CI a label value names: as it is, else without a :port. */
static enum sw_err ci_of(struct ctx *c, const char *text, int64_t *id, struct sw_error *err)
{
	*id = 0;
	if (!text || !*text)
		return SW_OK;
	enum sw_err rc = store_ci_by_label(c->store, text, id, err);
	if (rc != SW_ENOTFOUND)
		return rc;
	sw_error_clear(err);
	const char *colon = strrchr(text, ':');
	if (!colon || colon == text)
		return SW_OK;
	char *host = arena_printf(c->arena, "%.*s", (int)(colon - text), text);
	if (!host)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	rc = store_ci_by_label(c->store, host, id, err);
	if (rc == SW_ENOTFOUND) {
		sw_error_clear(err);
		*id = 0;
		return SW_OK;
	}
	return rc;
}

/* Default impact and urgency of a severity. */
static void triage_of(enum alert_severity s, int *impact, int *urgency)
{
	static const int table[ALERT_SEVERITY__COUNT][2] = {{1, 1}, {2, 1}, {2, 2}, {3, 2}, {3, 3}};
	*impact = table[s][0];
	*urgency = table[s][1];
}

/* Where a's rule (or the source's defaults) sends it: its rule, action,
 * CI and service. */
static enum sw_err map_alert(struct ctx *c, const struct ingest *g, const struct alert_event *ev, struct alert *a,
			     const struct alert_rule **rule, struct sw_error *err)
{
	const struct alert_rule *r = rule_for(g, ev);
	*rule = r;
	a->rule_id = r ? r->id : 0;
	a->action = r ? r->action : ev->severity <= SEV_MINOR ? ACTION_CREATE : ACTION_RECORD;
	enum sw_err rc;
	a->ci_id = r ? r->ci_id : 0;
	if (!a->ci_id) {
		const char *label = r && r->ci_label ? r->ci_label : g->src->ci_label;
		const char *text = ev->resource ? ev->resource : label_of(ev, label);
		if ((rc = ci_of(c, text, &a->ci_id, err)))
			return rc;
	}
	a->service_id = r ? r->service_id : 0;
	if (!a->service_id && ev->service) {
		struct service sv;
		rc = store_service_by_name(c->store, ev->service, &sv, err);
		if (rc && rc != SW_ENOTFOUND)
			return rc;
		sw_error_clear(err);
		a->service_id = rc ? 0 : sv.id;
	}
	if (!a->service_id)
		a->service_id = g->src->service_id;
	if (!a->service_id && a->ci_id) {
		int64_t *ids;
		size_t n;
		if ((rc = store_ci_service_ids(c->store, a->ci_id, &ids, &n, err)))
			return rc;
		a->service_id = n ? ids[0] : 0;
	}
	return SW_OK;
}

/* ---- suppression ---------------------------------------------------------------- */

/* Whether a maintenance window naming service id is open now. */
static enum sw_err in_maintenance(struct ctx *c, int64_t service_id, bool *yes, struct sw_error *err)
{
	*yes = false;
	if (!service_id)
		return SW_OK;
	struct change_window_list wl;
	enum sw_err rc = store_change_window_list(c->store, &wl, err);
	for (size_t i = 0; !rc && !*yes && i < wl.count; i++) {
		const struct change_window *w = &wl.items[i];
		bool names = false;
		for (size_t k = 0; k < w->service_count; k++)
			names |= w->service_ids[k] == service_id;
		if (!w->active || w->kind != WINDOW_MAINTENANCE || !names)
			continue;
		struct rrule_occurrence occ[1];
		size_t n = 0;
		bool truncated;
		struct sw_error ignore;
		sw_error_clear(&ignore);
		if (!window_occurrences(w, c->now, c->now + 1, occ, 1, &n, &truncated, &ignore))
			*yes = n > 0;
	}
	return rc;
}

/* Why a firing alert opens no incident now ("change", "maintenance",
 * "flapping"), or NULL. */
static enum sw_err suppressed_by(struct ctx *c, const struct alert *a, const char **why, struct sw_error *err)
{
	*why = NULL;
	bool yes = false;
	enum sw_err rc;
	if (a->flapping) {
		*why = "flapping";
		return SW_OK;
	}
	if (a->ci_id && (rc = store_ci_implementing(c->store, a->ci_id, &yes, err)))
		return rc;
	if (yes) {
		*why = "change";
		return SW_OK;
	}
	if ((rc = in_maintenance(c, a->service_id, &yes, err)))
		return rc;
	*why = yes ? "maintenance" : NULL;
	return SW_OK;
}

/* ---- correlation and incidents -------------------------------------------------- */

static bool in_graph(const struct graph_result *g, enum graph_kind kind, int64_t id)
{
	for (size_t i = 0; id && i < g->count; i++)
		if (g->items[i].kind == kind && g->items[i].id == id)
			return true;
	return false;
}

/* The open incident alerts opened within the source's correlation window
 * that a's CI or service is related to (the same CI or service, or one
 * the CMDB walk reaches from a's CI up or down), else 0; storm incidents
 * only when storm. */
static enum sw_err correlate(struct ctx *c, const struct ingest *g, const struct alert *a, bool storm,
			     int64_t *ticket_id, struct sw_error *err)
{
	*ticket_id = 0;
	struct alert_incident_list open;
	int64_t since = storm ? c->now - 3600 : c->now - (int64_t)g->src->correlate_minutes * 60;
	enum sw_err rc = store_alert_incidents_open(c->store, since, &open, err);
	if (rc || !open.count)
		return rc;
	struct graph_result up = {0}, down = {0};
	if (!storm && a->ci_id &&
	    ((rc = graph_walk(c, GK_CI, a->ci_id, NULL, true, CORRELATE_DEPTH, IMPACTED_NODES_MAX, &up, err)) ||
	     (rc = graph_walk(c, GK_CI, a->ci_id, NULL, false, CORRELATE_DEPTH, IMPACTED_NODES_MAX, &down, err))))
		return rc;
	for (size_t i = 0; i < open.count; i++) {
		const struct alert_incident *ai = &open.items[i];
		if (ai->storm != storm || (storm && ai->source_id != g->src->id))
			continue;
		if (storm || (a->ci_id && ai->ci_id == a->ci_id) ||
		    (a->service_id && ai->service_id == a->service_id) || in_graph(&up, GK_CI, ai->ci_id) ||
		    in_graph(&down, GK_CI, ai->ci_id) || in_graph(&up, GK_SERVICE, ai->service_id) ||
		    in_graph(&down, GK_SERVICE, ai->service_id)) {
			*ticket_id = ai->ticket_id;
			return SW_OK;
		}
	}
	return SW_OK;
}

/* A work note on incident ticket_id saying what joined it. */
static enum sw_err note(struct ctx *c, int64_t ticket_id, const char *text, struct sw_error *err)
{
	struct ticket t;
	struct comment cm;
	enum sw_err rc = ticket_reload(c, ticket_id, &t, err);
	return rc ? rc : ticket_comment_add(c, &ticket_kind_incident, t.number, text, true, &cm, err);
}

/* Open an incident for a (storm: the source's storm incident) and record it. */
static enum sw_err open_incident(struct ctx *c, const struct ingest *g, struct alert *a, const struct alert_rule *r,
				 bool storm, struct sw_error *err)
{
	struct ticket_input in = {0};
	int impact, urgency;
	triage_of(a->severity, &impact, &urgency);
	if (r && r->impact)
		impact = r->impact;
	if (r && r->urgency)
		urgency = r->urgency;
	struct service sv = {0};
	enum sw_err rc;
	if (!storm && a->service_id && (rc = store_service_by_id(c->store, a->service_id, &sv, err)))
		return rc;
	in.title = storm ? arena_printf(c->arena, "Alert storm from %s", g->src->name)
			 : arena_printf(c->arena, "[%s] %.150s", alert_severity_name(a->severity), a->name);
	in.description =
		storm ? arena_printf(c->arena,
				     "More than %d incidents a minute came from event source %s; "
				     "further alerts are attached here.",
				     g->src->storm_per_minute, g->src->name)
		      : arena_printf(c->arena, "%s\n\nSource: %s\nLabels: %s", a->summary, g->src->name, a->labels);
	if (!in.title || !in.description)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	in.set_title = in.set_description = true;
	in.impact = storm ? 1 : impact;
	in.urgency = storm ? 1 : urgency;
	in.set_impact = in.set_urgency = true;
	in.channel = "event";
	in.set_channel = true;
	if (!storm && a->ci_id) {
		in.ci = a->ci_id;
		in.set_ci = true;
	}
	if (!storm && sv.name) {
		in.service = sv.name;
		in.set_service = true;
	}
	struct ticket t;
	if ((rc = ticket_create(c, &ticket_kind_incident, &in, &t, err)))
		return rc;
	struct alert_incident ai = {.ticket_id = t.id,
				    .source_id = g->src->id,
				    .ci_id = storm ? 0 : a->ci_id,
				    .service_id = storm ? 0 : a->service_id,
				    .storm = storm,
				    .created_at = c->now,
				    .last_alert_at = c->now};
	if ((rc = store_alert_incident_insert(c->store, &ai, err)))
		return rc;
	a->ticket_id = t.id;
	g->res->incidents++;
	return SW_OK;
}

/* A firing alert without an incident: attach it, open one, or leave it
 * recorded, as its action, the suppressions and the storm limit say. */
static enum sw_err place(struct ctx *c, const struct ingest *g, struct alert *a, const struct alert_rule *r,
			 struct sw_error *err)
{
	if (a->action != ACTION_CREATE && a->action != ACTION_ATTACH)
		return SW_OK;
	enum sw_err rc = suppressed_by(c, a, &a->suppressed, err);
	if (rc || a->suppressed)
		return rc;
	int64_t ticket_id;
	if ((rc = correlate(c, g, a, false, &ticket_id, err)))
		return rc;
	if (!ticket_id && a->action == ACTION_ATTACH)
		return SW_OK;
	if (!ticket_id) {
		int64_t recent = 0;
		if ((rc = store_alert_incidents_since(c->store, g->src->id, c->now - STORM_SPAN_S, &recent, err)))
			return rc;
		if (recent < g->src->storm_per_minute)
			return open_incident(c, g, a, r, false, err);
		a->suppressed = "storm";
		if ((rc = correlate(c, g, a, true, &ticket_id, err)))
			return rc;
		if (!ticket_id)
			return open_incident(c, g, a, r, true, err);
	}
	a->ticket_id = ticket_id;
	g->res->attached++;
	if ((rc = store_alert_incident_touch(c->store, ticket_id, c->now, err)))
		return rc;
	return note(c, ticket_id,
		    arena_printf(c->arena, "Alert %lld (%s, %s) from %s attached by correlation.", (long long)a->id,
				 a->name, alert_severity_name(a->severity), g->src->name),
		    err);
}

/* ---- one alert ------------------------------------------------------------------ */

/* The labels as the JSON object text the alert keeps. */
static const char *labels_text(struct ctx *c, const struct alert_event *ev)
{
	struct buf b;
	buf_init(&b, ALERT_LABELS_TEXT_MAX);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_obj_open(&w);
	for (size_t i = 0; i < ev->label_count; i++)
		jsonw_kstr(&w, ev->labels[i].name, ev->labels[i].value);
	jsonw_obj_close(&w);
	const char *s = w.err ? "{}" : arena_strdup(c->arena, buf_cstr(&b));
	buf_release(&b);
	return s;
}

/* Whether ticket id is open or paused. */
static enum sw_err ticket_open(struct ctx *c, int64_t id, bool *open, struct sw_error *err)
{
	struct ticket t;
	enum sw_err rc = ticket_reload(c, id, &t, err);
	if (rc == SW_ENOTFOUND) {
		sw_error_clear(err);
		*open = false;
		return SW_OK;
	}
	if (!rc)
		*open = t.phase == TICKET_PHASE_OPEN || t.phase == TICKET_PHASE_PAUSED;
	return rc;
}

/* A state change of a: counted for flapping detection over the source's
 * window (a window that has run out starts again, and the mark goes). */
static void flip(const struct event_source *src, struct alert *a, int64_t now)
{
	if (now - a->flap_since > (int64_t)src->flap_minutes * 60) {
		a->flap_since = now;
		a->changes = 0;
		a->flapping = false;
	}
	a->changes++;
	if (a->changes >= src->flap_changes)
		a->flapping = true;
}

static enum sw_err ingest_one(struct ctx *c, const struct ingest *g, const struct alert_event *ev, struct sw_error *err)
{
	struct alert a;
	const char *key = ev->key ? ev->key : ev->name;
	enum sw_err rc = store_alert_by_key(c->store, g->src->id, key, &a, err);
	if (rc && rc != SW_ENOTFOUND)
		return rc;
	bool creating = rc == SW_ENOTFOUND, changed = false;
	sw_error_clear(err);
	/* no start given: the same episode while the state holds */
	int64_t starts = ev->starts_at ? ev->starts_at : !creating && a.state == ev->state ? a.starts_at : c->now;
	if (!creating && a.state == ev->state && (ev->state == ALERT_RESOLVED || a.starts_at == starts)) {
		/* the same alert again: a repeat, or a sender's retry */
		a.count++;
		a.last_seen = c->now;
		a.severity = ev->severity;
		g->res->unchanged++;
		if ((rc = store_alert_save(c->store, &a, false, err)))
			return rc;
		return a.ticket_id && a.state == ALERT_FIRING
			       ? store_alert_incident_touch(c->store, a.ticket_id, c->now, err)
			       : SW_OK;
	}
	if (creating) {
		a = (struct alert){.source_id = g->src->id,
				   .dedup_key = key,
				   .first_seen = c->now,
				   .flap_since = c->now,
				   .count = 0};
		g->res->created++;
	} else {
		if ((changed = a.state != ev->state))
			flip(g->src, &a, c->now);
		g->res->updated++;
	}
	a.name = ev->name;
	a.state = ev->state;
	a.severity = ev->severity;
	a.summary = ev->summary ? ev->summary : "";
	a.labels = labels_text(c, ev);
	a.count++;
	a.last_seen = c->now;
	a.starts_at = starts;
	a.ends_at = ev->state == ALERT_RESOLVED ? (ev->ends_at ? ev->ends_at : c->now) : 0;
	a.resolved_at = ev->state == ALERT_RESOLVED ? c->now : 0;
	if (!a.labels)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	const struct alert_rule *r;
	if ((rc = map_alert(c, g, ev, &a, &r, err)))
		return rc;
	if (a.action == ACTION_IGNORE) {
		if (creating)
			g->res->created--;
		return SW_OK;
	}
	bool open = false;
	if (a.ticket_id && (rc = ticket_open(c, a.ticket_id, &open, err)))
		return rc;
	if (a.ticket_id && !open && ev->state == ALERT_FIRING)
		a.ticket_id = 0; /* its incident is over: this is new trouble */
	if ((rc = store_alert_save(c->store, &a, creating, err)))
		return rc;
	if (ev->state == ALERT_FIRING && !a.ticket_id) {
		a.suppressed = NULL;
		if ((rc = place(c, g, &a, r, err)) || (rc = store_alert_save(c->store, &a, false, err)))
			return rc;
	} else if (a.ticket_id && open) {
		rc = store_alert_incident_touch(c->store, a.ticket_id, c->now, err);
	}
	if (!rc && (creating || changed)) /* the timeline: its arrival and each change of state */
		rc = audit_record(c, "alert", a.id, creating ? "create" : alert_state_name(a.state), true, NULL, err);
	return rc;
}

/* The alerts of one payload from src, in the caller's transaction, with
 * incidents raised in the name of the source's owner. */
static enum sw_err ingest_payload(struct ctx *c, const struct event_source *src, const struct alert_rule_list *rules,
				  const struct alert_batch *batch, struct alert_ingest_result *res,
				  struct sw_error *err)
{
	if (batch->count > ALERT_BATCH_MAX)
		return sw_fail(err, SW_ETOOLARGE, NULL, "a payload carries at most %d alerts", ALERT_BATCH_MAX);
	struct ingest g = {.src = src, .rules = *rules, .res = res};
	c->actor = (struct actor){.user_id = src->owner_id, .login = src->owner, .role = ROLE_AGENT};
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < batch->count; i++)
		rc = ingest_one(c, &g, &batch->items[i], err);
	return rc;
}

enum sw_err alert_ingest(struct ctx *c, const struct event_source *src, const struct alert_batch *batch,
			 const char *body, size_t body_len, struct alert_ingest_result *out, struct sw_error *err)
{
	(void)body_len;
	if (batch->count > ALERT_BATCH_MAX)
		return sw_fail(err, SW_ETOOLARGE, NULL, "a payload carries at most %d alerts", ALERT_BATCH_MAX);
	struct alert_ingest_result res = {.received = batch->count};
	struct alert_rule_list rules;
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	if (!(rc = store_alert_payload_insert(c->store, src->id, alert_format_name(batch->format), body,
					      (int64_t)batch->count, c->now, &res.payload_id, err)) &&
	    !(rc = store_alert_rules_active(c->store, &rules, err)))
		rc = ingest_payload(c, src, &rules, batch, &res, err);
	rc = core_tx_end(c, rc, err);
	if (!rc)
		*out = res;
	return rc;
}

/* ---- the fast path: the inbox and its drain ---------------------------------- */

enum sw_err alert_accept_many(struct ctx *c, struct alert_accept *items, size_t count, struct sw_error *err)
{
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < count; i++)
		rc = store_alert_inbox_insert(c->store, items[i].source_id, alert_format_name(items[i].format),
					      items[i].body, items[i].body_len, items[i].alert_count, c->now,
					      &items[i].id, err);
	return core_tx_end(c, rc, err);
}

/* One accepted payload processed as alert_ingest would have, and marked. */
static enum sw_err drain_one(struct ctx *c, const struct alert_pending *p, const struct alert_rule_list *rules,
			     alert_decode_fn decode, struct sw_error *err)
{
	enum alert_format f;
	if (alert_format_parse(p->format, &f))
		return sw_fail(err, SW_EINVALID, NULL, "payload %lld has no known format", (long long)p->id);
	struct event_source src;
	struct alert_batch b;
	struct alert_ingest_result res = {0};
	enum sw_err rc;
	if ((rc = store_event_source_by_id(c->store, p->source_id, &src, err)) ||
	    (rc = decode(c, f, p->body, strlen(p->body), &b, err)) ||
	    (rc = ingest_payload(c, &src, rules, &b, &res, err)))
		return rc;
	return store_alert_inbox_done(c->store, p->id, c->now, NULL, err);
}

/* Payloads first .. first+n-1 of l in one transaction. */
static enum sw_err drain_tx(struct ctx *c, const struct alert_pending_list *l, size_t first, size_t n,
			    alert_decode_fn decode, struct sw_error *err)
{
	struct actor was = c->actor;
	struct alert_rule_list rules;
	enum sw_err rc = core_tx_begin_long(c, err);
	if (rc)
		return rc;
	rc = store_alert_rules_active(c->store, &rules, err);
	for (size_t i = first; !rc && i < first + n; i++)
		rc = drain_one(c, &l->items[i], &rules, decode, err);
	rc = core_tx_end(c, rc, err);
	c->actor = was;
	return rc;
}

/* Whether a failure may pass if tried again later (the database, memory),
 * as opposed to one the payload itself causes every time. */
static bool transient(enum sw_err rc)
{
	return rc == SW_EBUSY || rc == SW_EDB || rc == SW_ENOMEM || rc == SW_EIO;
}

enum sw_err alert_inbox_drain(struct ctx *c, int max, alert_decode_fn decode, int *done, int *failed,
			      struct sw_error *err)
{
	*done = *failed = 0;
	struct alert_pending_list l;
	enum sw_err rc = store_alert_inbox_pending(c->store, 0, max, &l, err);
	if (rc || !l.count)
		return rc;
	/* a payload's worth of alerts in one transaction at most (one payload at least) */
	size_t n = 0;
	int64_t alerts = 0;
	while (n < l.count && (n == 0 || alerts + l.items[n].alert_count <= ALERT_BATCH_MAX))
		alerts += l.items[n++].alert_count;
	struct sw_error first;
	sw_error_clear(&first);
	rc = drain_tx(c, &l, 0, n, decode, &first);
	if (!rc) {
		*done = (int)n;
		return SW_OK;
	}
	if (transient(rc) && n == 1) {
		*err = first;
		return rc;
	}
	/* one at a time: the payload at fault is marked with its error */
	for (size_t i = 0; i < n; i++) {
		struct sw_error one;
		sw_error_clear(&one);
		rc = drain_tx(c, &l, i, 1, decode, &one);
		if (rc == SW_ECONFLICT && strcmp(one.type, "duplicate") == 0) {
			/* another process made the same alert (its dedup key) at the same
			 * moment: once more, the alert is there now to be updated */
			sw_error_clear(&one);
			rc = drain_tx(c, &l, i, 1, decode, &one);
		}
		if (rc == SW_ECONFLICT && strcmp(one.type, "processed") == 0) /* another process took it */
			continue;
		if (rc && transient(rc)) {
			*err = one;
			return rc;
		}
		if (rc) {
			const char *why = arena_printf(c->arena, "%s", one.detail[0] ? one.detail : sw_err_name(rc));
			if ((rc = core_tx_begin(c, err)))
				return rc;
			rc = store_alert_inbox_done(c->store, l.items[i].id, c->now, why ? why : "failed", err);
			if ((rc = core_tx_end(c, rc, err)))
				return rc;
			(*failed)++;
		}
		(*done)++;
	}
	return SW_OK;
}

enum sw_err alert_inbox_pending(struct ctx *c, int64_t *count, struct sw_error *err)
{
	return store_alert_inbox_count(c->store, count, err);
}

/* ---- what agents do --------------------------------------------------------------- */

enum sw_err alert_list(struct ctx *c, const struct alert_filter *f, const struct page *p, struct alert_list *out,
		       struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	if (f->state) {
		enum alert_state st;
		if (alert_state_parse(f->state, &st))
			return core_query_fail(err, "state", "must be firing or resolved");
	}
	return store_alert_page(c->store, f, p, out, err);
}

enum sw_err alert_get(struct ctx *c, int64_t id, struct alert *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	return rc ? rc : store_alert_by_id(c->store, id, out, err);
}

enum sw_err alert_find(struct ctx *c, int64_t id, struct sw_error *err)
{
	struct alert a;
	return store_alert_by_id(c->store, id, &a, err);
}

/* One change an agent makes to alert id, in one transaction with its
 * audit row, answered with the alert as it is after. */
static enum sw_err agent_write(struct ctx *c, int64_t id, const char *action,
			       enum sw_err (*fn)(struct ctx *c, struct alert *a, const void *arg, struct sw_error *err),
			       const void *arg, struct alert *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc || (rc = core_tx_begin(c, err)))
		return rc;
	struct alert a;
	int64_t was = 0;
	if (!(rc = store_alert_by_id(c->store, id, &a, err))) {
		was = a.ticket_id;
		rc = fn(c, &a, arg, err);
	}
	if (!rc)
		rc = store_alert_save(c->store, &a, false, err);
	struct changes ch;
	changes_init(&ch);
	if (was != a.ticket_id)
		changes_int(&ch, "ticket_id", was, a.ticket_id);
	if (!rc)
		rc = audit_changes(c, "alert", id, action, true, &ch, err);
	else
		changes_release(&ch);
	if (!rc)
		rc = store_alert_by_id(c->store, id, out, err);
	return core_tx_end(c, rc, err);
}

static enum sw_err do_ack(struct ctx *c, struct alert *a, const void *arg, struct sw_error *err)
{
	(void)arg;
	(void)err;
	a->acknowledged_by = c->actor.user_id;
	a->acknowledged_at = c->now;
	return SW_OK;
}

enum sw_err alert_acknowledge(struct ctx *c, int64_t id, struct alert *out, struct sw_error *err)
{
	return agent_write(c, id, "acknowledge", do_ack, NULL, out, err);
}

static enum sw_err do_link(struct ctx *c, struct alert *a, const void *arg, struct sw_error *err)
{
	const char *number = arg;
	struct ticket t;
	enum sw_err rc = ticket_load(c, &ticket_kind_incident, number, &t, err);
	if (rc == SW_ENOTFOUND) {
		sw_error_clear(err);
		return core_reference_fail(err, "incident", "no incident '%s'", number);
	}
	if (rc)
		return rc;
	if (t.phase != TICKET_PHASE_OPEN && t.phase != TICKET_PHASE_PAUSED)
		return sw_fail(err, SW_ECONFLICT, "incident-not-open", "incident %s is %s: link alerts to open ones",
			       t.number, t.state);
	a->ticket_id = t.id;
	return SW_OK;
}

enum sw_err alert_link(struct ctx *c, int64_t id, const char *incident, struct alert *out, struct sw_error *err)
{
	if (!incident || !*incident) {
		sw_field_fail(err, "incident", "is required");
		return err->code;
	}
	return agent_write(c, id, "link", do_link, incident, out, err);
}

static enum sw_err do_unlink(struct ctx *c, struct alert *a, const void *arg, struct sw_error *err)
{
	(void)c;
	(void)arg;
	if (!a->ticket_id)
		return sw_fail(err, SW_ECONFLICT, "not-linked", "alert %lld is linked to no incident",
			       (long long)a->id);
	a->ticket_id = 0;
	return SW_OK;
}

enum sw_err alert_unlink(struct ctx *c, int64_t id, struct alert *out, struct sw_error *err)
{
	return agent_write(c, id, "unlink", do_unlink, NULL, out, err);
}

static enum sw_err do_raise(struct ctx *c, struct alert *a, const void *arg, struct sw_error *err)
{
	(void)arg;
	if (a->ticket_id)
		return sw_fail(err, SW_ECONFLICT, "linked", "alert %lld is linked to %s already", (long long)a->id,
			       a->incident ? a->incident : "an incident");
	struct event_source src;
	enum sw_err rc = store_event_source_by_id(c->store, a->source_id, &src, err);
	struct alert_ingest_result res = {0};
	struct ingest g = {.src = &src, .res = &res};
	return rc ? rc : open_incident(c, &g, a, NULL, false, err);
}

enum sw_err alert_raise(struct ctx *c, int64_t id, struct alert *out, struct sw_error *err)
{
	return agent_write(c, id, "raise", do_raise, NULL, out, err);
}

/* ---- auto-resolve -------------------------------------------------------------- */

/* Resolve one incident whose alerts have cleared, in its own transaction. */
static enum sw_err resolve_one(struct ctx *c, const struct alert_incident *ai, struct sw_error *err)
{
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	struct ticket t, after;
	struct ticket_action_input in = {
		.resolution_code = "alert_cleared",
		.resolution_notes =
			arena_printf(c->arena, "Every alert on this incident has cleared and stayed clear for %d s.",
				     ai->quiet_seconds)};
	if (!(rc = ticket_reload(c, ai->ticket_id, &t, err)))
		rc = ticket_action(c, &ticket_kind_incident, t.number, "resolve", &in, &after, err);
	if (!rc)
		rc = store_alert_incident_close(c->store, ai->ticket_id, err);
	return core_tx_end(c, rc, err);
}

enum sw_err alert_resolve_pass(struct ctx *c, int batch, int *resolved, struct sw_error *err)
{
	*resolved = 0;
	struct alert_incident_list due;
	enum sw_err rc = store_alert_incidents_quiet(c->store, c->now, batch, &due, err);
	for (size_t i = 0; !rc && i < due.count; i++) {
		struct sw_error one;
		sw_error_clear(&one);
		if (resolve_one(c, &due.items[i], &one))
			continue; /* changed under us (an agent acted): the next pass sees it */
		(*resolved)++;
	}
	return rc;
}
