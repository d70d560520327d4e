/*
 * service.c — business objectives and services; see service.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "core/kernel/authz.h"
#include "core/core_int.h"
#include "core/kernel/record.h"
#include "core/cmdb/service.h"
#include "core/sla/sla.h"
#include "core/port/cmdb.h"
#include "core/port/schedule.h"
#include "core/port/sla.h"
#include "core/schedule/schedule.h"
#include "base/banned.h"

static const char *const kind_names[SVC_KIND__COUNT] = {"business", "technical"};
static const char *const status_names[SVC_STATUS__COUNT] = {"pipeline", "live", "retired"};
static const char *const risk_names[] = {"low", "medium", "high", "critical", NULL};

CORE_VALUE_LIST(enum service_kind, kind_names, SVC_KIND__COUNT, SVC_BUSINESS, service_kind_name, service_kind_parse)
CORE_VALUE_LIST(enum service_status, status_names, SVC_STATUS__COUNT, SVC_LIVE, service_status_name,
		service_status_parse)

/* ---- objectives --------------------------------------------------------------- */

/* The texts' lengths; the name is the engine's (RECORD_COPY_NAME). */
static void validate_objective(const void *v, bool creating, struct sw_error *err)
{
	const struct objective_input *in = v;
	(void)creating;
	if (in->set_description && !core_text_ok(in->description, 0, LIMIT_DESCRIPTION_LEN))
		sw_field_fail(err, "description", "must be at most %d characters", LIMIT_DESCRIPTION_LEN);
	if (in->set_measure && !core_text_ok(in->measure, 0, 500))
		sw_field_fail(err, "measure", "must be at most 500 characters");
	if (in->set_target && !core_text_ok(in->target, 0, 200))
		sw_field_fail(err, "target", "must be at most 200 characters");
}

static const struct record_copy objective_copies[] = {
	RECORD_COPY_NAME(struct objective_input, struct objective, RECORD_NAME_CHECKED),
	RECORD_COPY_EACH(struct objective_input, struct objective, description, measure, target),
};

static const struct record_ref objective_refs[] = {
	RECORD_REF(struct objective_input, struct objective, CORE_REF_USER, "owner", owner, owner),
};

static const struct record_audit objective_audit[] = {
	RECORD_AUDIT_EACH(struct objective, name, description, measure, target, owner)};

RECORD_KIND_DEFINE(objective_kind,
		   (struct objective, "objective", "an objective", ROLE_MANAGER, ROLE_END_USER, &store_objectives),
		   validate_objective, NULL, NULL, objective_copies, RECORD_AUDIT_DIFF(objective_audit),
		   .fresh = &(const struct objective){.description = "", .measure = "", .target = ""}, .reread = true,
		   RECORD_REFS(objective_refs));

/* ---- services ------------------------------------------------------------------- */

static void validate_service(const void *v, bool creating, struct sw_error *err)
{
	const struct service_input *in = v;
	if (in->set_description && !core_text_ok(in->description, 0, LIMIT_DESCRIPTION_LEN))
		sw_field_fail(err, "description", "must be at most %d characters", LIMIT_DESCRIPTION_LEN);
	if (in->set_kind && core_value_index(in->kind, kind_names, SVC_KIND__COUNT) < 0)
		sw_field_fail(err, "kind", "must be business or technical");
	if (in->set_status && core_value_index(in->status, status_names, SVC_STATUS__COUNT) < 0)
		sw_field_fail(err, "status", "must be pipeline, live or retired");
	if (creating && !in->set_criticality)
		sw_field_fail(err, "criticality", "is required (1 highest .. 4)");
	else if (in->set_criticality && (in->criticality < 1 || in->criticality > 4))
		sw_field_fail(err, "criticality", "must be 1 (highest) to 4");
	if (in->set_annual_cost && (in->annual_cost < 0 || in->annual_cost > 1000000000000LL))
		sw_field_fail(err, "annual_cost", "must be from 0 to 10^12");
	if (in->set_cost_centre && in->cost_centre && !core_text_ok(in->cost_centre, 1, 50))
		sw_field_fail(err, "cost_centre", "must be 1 to 50 characters");
	if (in->set_risk && in->risk && core_value_index(in->risk, risk_names, 4) < 0)
		sw_field_fail(err, "risk", "must be low, medium, high, critical or null");
	if (in->set_risk_notes && !core_text_ok(in->risk_notes, 0, LIMIT_DESCRIPTION_LEN))
		sw_field_fail(err, "risk_notes", "must be at most %d characters", LIMIT_DESCRIPTION_LEN);
	if (in->set_availability_target && (in->availability_target < 0 || in->availability_target > 10000))
		sw_field_fail(err, "availability_target", "must be 0 (none) to 10000 (hundredths of a percent)");
	for (size_t i = 0; in->set_links && i < in->link_count; i++) {
		const char *l = in->links[i];
		if (!core_text_ok(l, 1, 2000) || strchr(l, '\n') ||
		    (strncmp(l, "https://", 8) != 0 && strncmp(l, "http://", 7) != 0)) {
			char path[32];
			snprintf(path, sizeof(path), "links[%zu]", i);
			sw_field_fail(err, path, "must be an http(s) URL on one line");
		}
	}
	if (in->set_links && in->link_count > SERVICE_LINKS_MAX)
		sw_field_fail(err, "links", "must list at most %d links", SERVICE_LINKS_MAX);
	if ((in->set_objectives && in->objective_count > SERVICE_DEPS_MAX) ||
	    (in->set_depends_on && in->depends_on_count > SERVICE_DEPS_MAX) ||
	    (in->set_cis && in->ci_count > SERVICE_DEPS_MAX))
		sw_field_fail(err, "depends_on", "objectives, depends_on and cis list at most %d each",
			      SERVICE_DEPS_MAX);
}

/* What the copies and the references leave: the kind and the status. */
static void apply_service(const struct service_input *in, struct service *v)
{
	if (in->set_kind)
		v->kind = (enum service_kind)core_value_index(in->kind, kind_names, SVC_KIND__COUNT);
	if (in->set_status)
		v->status = (enum service_status)core_value_index(in->status, status_names, SVC_STATUS__COUNT);
}

/* What a list of links gained and lost, for the audit row. */
struct link_diff {
	struct change_member *added, *removed;
	size_t added_count, removed_count;
};

/* The named objectives and services of in, resolved to ids, and what each
 * list given gained and lost (indexed by enum service_link). */
struct links {
	int64_t *objectives, *depends_on;
	struct link_diff diff[SL_CIS + 1];
};

/* Resolve in's objectives, services and CIs (field errors collected; a
 * service may not depend on self_id). */
static enum sw_err resolve_links(struct ctx *c, int64_t self_id, const struct service_input *in, struct links *l,
				 struct sw_error *err)
{
	enum sw_err rc;
	char path[48];
	l->objectives = arena_alloc(c->arena, (in->objective_count + 1) * sizeof(int64_t));
	l->depends_on = arena_alloc(c->arena, (in->depends_on_count + 1) * sizeof(int64_t));
	if (!l->objectives || !l->depends_on)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; in->set_objectives && i < in->objective_count; i++) {
		snprintf(path, sizeof(path), "objectives[%zu]", i);
		if ((rc = core_ref_set(c, CORE_REF_OBJECTIVE, path, in->objectives[i], &l->objectives[i], NULL, err)))
			return rc;
		for (size_t j = 0; l->objectives[i] && j < i; j++)
			if (l->objectives[j] == l->objectives[i])
				sw_field_fail(err, path, "'%s' is listed twice", in->objectives[i]);
	}
	for (size_t i = 0; in->set_depends_on && i < in->depends_on_count; i++) {
		snprintf(path, sizeof(path), "depends_on[%zu]", i);
		if ((rc = core_ref_set(c, CORE_REF_SERVICE, path, in->depends_on[i], &l->depends_on[i], NULL, err)))
			return rc;
		if (l->depends_on[i] && l->depends_on[i] == self_id)
			core_reference_fail(err, path, "a service cannot depend on itself");
		for (size_t j = 0; l->depends_on[i] && j < i; j++)
			if (l->depends_on[j] == l->depends_on[i])
				sw_field_fail(err, path, "'%s' is listed twice", in->depends_on[i]);
	}
	for (size_t i = 0; in->set_cis && i < in->ci_count; i++) {
		snprintf(path, sizeof(path), "cis[%zu]", i);
		if ((rc = core_ref_find_ci(c, path, in->cis[i], NULL, err)) && rc != SW_ENOTFOUND)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (in->cis[j] == in->cis[i])
				sw_field_fail(err, path, "CI %lld is listed twice", (long long)in->cis[i]);
	}
	return SW_OK;
}

static bool has_member(const struct change_member *m, size_t n, const struct change_member *x)
{
	for (size_t i = 0; i < n; i++)
		if (x->id ? m[i].id == x->id : str_same(m[i].name, x->name))
			return true;
	return false;
}

/* Into d: the members of now not in was, and of was not in now. */
static enum sw_err diff_members(struct ctx *c, const struct change_member *was, size_t was_n,
				const struct change_member *now, size_t now_n, struct link_diff *d,
				struct sw_error *err)
{
	d->added = arena_alloc(c->arena, (now_n + 1) * sizeof(*d->added));
	d->removed = arena_alloc(c->arena, (was_n + 1) * sizeof(*d->removed));
	if (!d->added || !d->removed)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < now_n; i++)
		if (!has_member(was, was_n, &now[i]))
			d->added[d->added_count++] = now[i];
	for (size_t i = 0; i < was_n; i++)
		if (!has_member(now, now_n, &was[i]))
			d->removed[d->removed_count++] = was[i];
	return SW_OK;
}

/* Names (ids NULL) or CI ids as change members, in the arena. */
static struct change_member *as_members(struct ctx *c, const char *const *names, const int64_t *ids, size_t n)
{
	struct change_member *m = arena_alloc(c->arena, (n + 1) * sizeof(*m));
	for (size_t i = 0; m && i < n; i++)
		m[i] = ids ? (struct change_member){.id = ids[i]} : (struct change_member){.name = names[i]};
	return m;
}

/* What the lists in gives gained and lost against before, the CIs named. */
static enum sw_err diff_links(struct ctx *c, const struct service *before, const struct service_input *in,
			      struct links *l, struct sw_error *err)
{
	const struct {
		bool set;
		const char *const *was, *const *now;
		const int64_t *was_ids, *now_ids;
		size_t was_n, now_n;
	} lists[] = {
		[SL_OBJECTIVES] = {in->set_objectives, before->objectives, in->objectives, NULL, NULL,
				   before->objective_count, in->objective_count},
		[SL_DEPENDS_ON] = {in->set_depends_on, before->depends_on, in->depends_on, NULL, NULL,
				   before->depends_on_count, in->depends_on_count},
		[SL_CIS] = {in->set_cis, NULL, NULL, before->cis, in->cis, before->ci_count, in->ci_count},
	};
	enum sw_err rc = SW_OK;
	for (size_t k = 0; !rc && k < sizeof(lists) / sizeof(lists[0]); k++) {
		if (!lists[k].set)
			continue;
		struct change_member *was = as_members(c, lists[k].was, lists[k].was_ids, lists[k].was_n);
		struct change_member *now = as_members(c, lists[k].now, lists[k].now_ids, lists[k].now_n);
		if (!was || !now)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		rc = diff_members(c, was, lists[k].was_n, now, lists[k].now_n, &l->diff[k], err);
	}
	/* the CIs by name: those added were found by resolve_links, those removed still exist */
	struct link_diff *d = &l->diff[SL_CIS];
	struct change_member *m[] = {d->added, d->removed};
	size_t n[] = {d->added_count, d->removed_count};
	for (size_t j = 0; !rc && j < 2; j++)
		for (size_t i = 0; !rc && i < n[j]; i++) {
			struct ci ci;
			if (!(rc = store_ci_by_id(c->store, m[j][i].id, &ci, err)))
				m[j][i].name = ci.name;
		}
	return rc;
}

static enum sw_err write_links(struct ctx *c, int64_t id, const struct service_input *in, const struct links *l,
			       struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	if (in->set_objectives)
		rc = store_service_links(c->store, id, SL_OBJECTIVES, l->objectives, in->objective_count, err);
	if (!rc && in->set_depends_on)
		rc = store_service_links(c->store, id, SL_DEPENDS_ON, l->depends_on, in->depends_on_count, err);
	if (!rc && in->set_cis)
		rc = store_service_links(c->store, id, SL_CIS, in->cis, in->ci_count, err);
	return rc;
}

/* The fields, then the links: field errors of both are reported together. */
static enum sw_err apply(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	struct service *v = w->rec;
	apply_service(w->in, v);
	enum sw_err rc = resolve_links(c, v->id, w->in, w->scratch, err);
	if (rc)
		return rc;
	if (!err->code && (rc = diff_links(c, w->before, w->in, w->scratch, err)))
		return rc;
	return err->code;
}

static enum sw_err service_written(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	return write_links(c, ((const struct service *)w->rec)->id, w->in, w->scratch, err);
}

static const struct record_ref service_refs[] = {
	RECORD_REF(struct service_input, struct service, CORE_REF_USER, "owner", owner, owner),
	RECORD_REF(struct service_input, struct service, CORE_REF_GROUP, "support_group", group, group),
	RECORD_REF(struct service_input, struct service, CORE_REF_SLA_POLICY, "sla_policy", sla_policy, sla_policy),
};

static const struct record_audit service_audit[] = {
	RECORD_AUDIT_EACH(struct service, name),
	RECORD_AUDIT_VALUE(struct service, "kind", kind, service_kind_name_list),
	RECORD_AUDIT_VALUE(struct service, "status", status, service_status_name_list),
	RECORD_AUDIT_EACH(struct service, criticality, owner),
	RECORD_AUDIT(struct service, "support_group", group),
	RECORD_AUDIT_EACH(struct service, sla_policy, risk, annual_cost, availability_target, description),
};

/* After the table: what each list of links gained and lost. */
static void service_changes(struct changes *ch, const struct record_write *w)
{
	static const char *const names[] = {
		[SL_OBJECTIVES] = "objectives", [SL_DEPENDS_ON] = "depends_on", [SL_CIS] = "cis"};
	const struct links *l = w->scratch;
	for (size_t k = 0; k <= SL_CIS; k++)
		changes_members(ch, names[k], l->diff[k].added, l->diff[k].added_count, l->diff[k].removed,
				l->diff[k].removed_count);
}

static const struct service blank_service = {.annual_cost = -1};

static const struct record_copy service_copies[] = {
	RECORD_COPY_NAME(struct service_input, struct service, RECORD_NAME_CHECKED),
	RECORD_COPY_EACH(struct service_input, struct service, description, criticality, annual_cost, cost_centre, risk,
			 risk_notes, availability_target),
	RECORD_COPY_ARRAY(struct service_input, struct service, links, link_count),
};

RECORD_KIND_DEFINE(service_kind, (struct service, "service", "a service", ROLE_MANAGER, ROLE_END_USER, &store_services),
		   validate_service, apply, service_changes, service_copies, RECORD_AUDIT_DIFF(service_audit),
		   .fresh = &(const struct service){.description = "",
						    .kind = SVC_BUSINESS,
						    .status = SVC_LIVE,
						    .annual_cost = -1,
						    .risk_notes = ""},
		   .blank = &blank_service, .scratch_size = sizeof(struct links), .reread = true,
		   .written = service_written, RECORD_REFS(service_refs));

enum sw_err service_list(struct ctx *c, const struct service_filter *f, const struct page *p, struct service_list *out,
			 struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	if (f->status && core_value_index(f->status, status_names, SVC_STATUS__COUNT) < 0) {
		return sw_param_fail(err, "status", "must be pipeline, live or retired");
	}
	return store_service_list(c->store, f, p, out, err);
}

/* What follows from the period, the downtime, the failures and the target. */
static void figures(struct availability *out)
{
	out->availability = out->period ? (out->period - out->down) * 100000 / out->period : 100000;
	out->met = !out->target || out->availability >= (int64_t)out->target * 10;
	int64_t f = out->failures;
	out->mtrs = f ? (out->down + f / 2) / f : -1;
	out->mtbf = f ? (out->period - out->down + f / 2) / f : -1;
	out->mtbsi = f ? (out->period + f / 2) / f : -1;
}

void availability_compute(struct outage *outages, size_t n, int64_t from, int64_t to, int64_t now, int target,
			  struct availability *out)
{
	memset(out, 0, sizeof(*out));
	if (to > now)
		to = now;
	if (to < from)
		to = from;
	out->from = from;
	out->to = to;
	out->period = to - from;
	out->target = target;
	int64_t covered = from; /* everything before this is counted already */
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t s = outages[i].start, e = outages[i].end ? outages[i].end : now;
		if (s < from)
			s = from;
		if (e > to)
			e = to;
		if (e <= s)
			continue;
		outages[kept] = (struct outage){.incident = outages[i].incident, .start = s, .end = e};
		kept++;
		if (e > covered) {
			out->failures += !out->down || s > covered; /* a downtime of its own, not one it extends */
			out->down += e - (s > covered ? s : covered);
			covered = e;
		}
	}
	out->outages = outages;
	out->outage_count = kept;
	figures(out);
}

static int interval_order(const void *pa, const void *pb)
{
	const struct interval *a = pa, *b = pb;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* Seconds of [a, b) that count: on cal (NULL: all), outside the merged,
 * sorted skip[n]. */
static int64_t counted(const struct calendar *cal, int64_t a, int64_t b, const struct interval *skip, size_t n)
{
	if (b <= a)
		return 0;
	int64_t total = cal ? cal_business_seconds(cal, a, b) : b - a;
	for (size_t i = 0; i < n; i++) {
		int64_t s = skip[i].start > a ? skip[i].start : a, e = skip[i].end < b ? skip[i].end : b;
		if (e > s)
			total -= cal ? cal_business_seconds(cal, s, e) : e - s;
	}
	return total;
}

void availability_measure(struct availability *a, const struct calendar *cal, struct interval *skip, size_t count)
{
	if (count)
		qsort(skip, count, sizeof(*skip), interval_order);
	size_t n = 0; /* merged in place */
	for (size_t i = 0; i < count; i++) {
		if (skip[i].end <= skip[i].start)
			continue;
		if (n && skip[i].start <= skip[n - 1].end) {
			if (skip[i].end > skip[n - 1].end)
				skip[n - 1].end = skip[i].end;
		} else {
			skip[n++] = skip[i];
		}
	}
	int64_t all = cal ? cal_business_seconds(cal, a->from, a->to) : a->to - a->from;
	a->period = counted(cal, a->from, a->to, skip, n);
	a->maintenance = all - a->period;
	/* the outages are clipped to the period and sorted: merged as they go */
	int64_t down = 0, within = 0, covered = a->from;
	for (size_t i = 0; i < a->outage_count; i++) {
		int64_t s = a->outages[i].start > covered ? a->outages[i].start : covered, e = a->outages[i].end;
		if (e > s) {
			down += counted(cal, s, e, skip, n);
			within += counted(cal, s, e, NULL, 0);
			covered = e;
		}
	}
	a->down = down;
	a->planned_down = within - down;
	figures(a);
}

/* The calendar of service v's agreed hours into *cal (NULL when it has
 * none: all time counts), its name into *name: its SLA policy's, else the
 * first (in evaluation order) of an active SLA agreement listing it. */
static enum sw_err hours_of(struct ctx *c, const struct service *v, struct calendar **cal, const char **name,
			    struct sw_error *err)
{
	*cal = NULL;
	*name = NULL;
	struct sla_policy_list l;
	struct agreement_list ags;
	enum sw_err rc;
	if ((rc = store_sla_policy_list(c->store, false, &l, err)) || (rc = store_agreement_list(c->store, &ags, err)))
		return rc;
	int64_t calendar_id = 0;
	for (size_t i = 0; i < l.count && !calendar_id; i++)
		if (v->sla_policy_id && l.items[i].id == v->sla_policy_id)
			calendar_id = l.items[i].calendar_id;
	for (size_t i = 0; i < l.count && !calendar_id; i++) {
		const struct sla_policy *p = &l.items[i];
		for (size_t j = 0; p->active && p->agreement_type == AGREEMENT_SLA &&
				   p->agreement_status == AGREEMENT_ACTIVE && j < ags.count && !calendar_id;
		     j++)
			for (size_t k = 0; ags.items[j].id == p->agreement_id && k < ags.items[j].service_count; k++)
				if (ags.items[j].service_ids[k] == v->id)
					calendar_id = p->calendar_id;
	}
	if (!calendar_id)
		return SW_OK;
	struct calendar_def def;
	struct calendar *k = arena_alloc(c->arena, sizeof(*k));
	if (!k)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if ((rc = store_calendar_by_id(c->store, calendar_id, &def, err)) || (rc = calendar_build(&def, k, err)))
		return rc;
	*cal = k;
	*name = def.name;
	return SW_OK;
}

/* The occurrences in [from, to) of the active maintenance windows that
 * hold for service id (its own and the global ones) into *out, *n. */
static enum sw_err maintenance_of(struct ctx *c, int64_t id, int64_t from, int64_t to, struct interval **out, size_t *n,
				  struct sw_error *err)
{
	struct change_window_list l;
	enum sw_err rc = store_change_window_list(c->store, &l, err);
	if (rc)
		return rc;
	if (to - from > RRULE_SPAN_MAX)
		return sw_fail(err, SW_EBADREQ, "bad-request",
			       "planned maintenance is left out of at most %lld days: narrow the period",
			       RRULE_SPAN_MAX / 86400);
	struct rrule_occurrence *occ = arena_alloc(c->arena, RRULE_OCCURRENCES_MAX * sizeof(*occ));
	size_t max = 0, count = 0;
	struct interval *all = NULL;
	if (!occ)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < l.count; i++) {
		const struct change_window *w = &l.items[i];
		bool holds = !w->service_count;
		for (size_t j = 0; j < w->service_count && !holds; j++)
			holds = w->service_ids[j] == id;
		if (!w->active || w->kind != WINDOW_MAINTENANCE || !holds)
			continue;
		size_t k;
		bool more;
		if ((rc = window_occurrences(w, from, to, occ, RRULE_OCCURRENCES_MAX, &k, &more, err)))
			return rc;
		if (count + k > max) {
			max = (count + k) * 2;
			struct interval *grown = arena_alloc(c->arena, max * sizeof(*grown));
			if (!grown)
				return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
			if (count)
				memcpy(grown, all, count * sizeof(*all));
			all = grown;
		}
		for (size_t j = 0; j < k; j++)
			all[count++] = (struct interval){occ[j].start, occ[j].end};
	}
	*out = all;
	*n = count;
	return SW_OK;
}

/* The approved windows of the changes on service id that expected an
 * outage and were implemented within them, overlapping a's period: into
 * a->planned_changes, and appended to the *n intervals at *skip. */
static enum sw_err planned_changes_of(struct ctx *c, int64_t id, struct availability *a, struct interval **skip,
				      size_t *n, struct sw_error *err)
{
	struct outage *w;
	size_t k;
	enum sw_err rc =
		store_planned_change_outages(c->store, id, a->from, a->to, AVAILABILITY_CHANGES_MAX, &w, &k, err);
	if (rc || !k)
		return rc;
	struct interval *all = arena_alloc(c->arena, (*n + k) * sizeof(*all));
	if (!all)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if (*n)
		memcpy(all, *skip, *n * sizeof(*all));
	for (size_t i = 0; i < k; i++)
		all[*n + i] = (struct interval){w[i].start, w[i].end};
	*skip = all;
	*n += k;
	a->planned_changes = w;
	a->planned_change_count = k;
	return SW_OK;
}

/* The availability of the service or CI id: from the outages of the
 * incidents on it, against the service's target (a CI has none), as o
 * says (services only). */
static enum sw_err availability_of(struct ctx *c, enum outages_of of, int64_t id, int64_t from, int64_t to,
				   const struct availability_opts *o, struct availability *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	if (to <= from)
		return sw_fail(err, SW_EBADREQ, "bad-request", "'to' must be after 'from'");
	struct service v = {0};
	struct ci k;
	if ((rc = of == OUTAGES_OF_SERVICE ? store_service_by_id(c->store, id, &v, err)
					   : store_ci_by_id(c->store, id, &k, err)))
		return rc;
	struct outage *outages;
	size_t n;
	if ((rc = store_outages(c->store, of, id, from, to, AVAILABILITY_OUTAGES_MAX, &outages, &n, err)))
		return rc;
	availability_compute(outages, n, from, to, c->now, v.availability_target, out);
	if (!o || (!o->service_hours && !o->exclude_maintenance))
		return SW_OK;
	struct calendar *cal = NULL;
	struct interval *skip = NULL;
	size_t skipped = 0;
	if ((o->service_hours && (rc = hours_of(c, &v, &cal, &out->hours, err))) ||
	    (o->exclude_maintenance && (rc = maintenance_of(c, id, out->from, out->to, &skip, &skipped, err))) ||
	    (o->exclude_maintenance && (rc = planned_changes_of(c, id, out, &skip, &skipped, err))))
		return rc;
	out->maintenance_excluded = o->exclude_maintenance;
	availability_measure(out, cal, skip, skipped);
	return SW_OK;
}

enum sw_err service_availability(struct ctx *c, int64_t id, int64_t from, int64_t to, const struct availability_opts *o,
				 struct availability *out, struct sw_error *err)
{
	return availability_of(c, OUTAGES_OF_SERVICE, id, from, to, o, out, err);
}

enum sw_err ci_availability(struct ctx *c, int64_t id, int64_t from, int64_t to, struct availability *out,
			    struct sw_error *err)
{
	return availability_of(c, OUTAGES_OF_CI, id, from, to, NULL, out, err);
}

enum sw_err service_dependencies(struct ctx *c, int64_t id, int depth, struct graph_result *out, struct sw_error *err)
{
	return graph_walk_from(c, GK_SERVICE, id, false, depth, out, err);
}
