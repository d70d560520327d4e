/*
 * schedule.c — change windows as a record kind, the check a change runs
 * against them, the calendar over registered sources (the windows being
 * the first), and the tokens of iCalendar feeds; see schedule.h.
 *
 * Windows are few (an admin's list, at most WINDOWS_MAX), so the check
 * and the calendar read them all once per request and expand each in its
 * own zone; nothing here depends on how many changes there are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/core_int.h"
#include "core/kernel/auth.h"
#include "core/kernel/authz.h"
#include "core/cmdb/service.h"
#include "core/port/cmdb.h"
#include "core/port/schedule.h"
#include "core/schedule/schedule.h"
#include "core/sla/sla.h"
#include "base/banned.h"

static const char *const window_kind_names[] = {"blackout", "maintenance"};
CORE_VALUE_LIST(enum window_kind, window_kind_names, WINDOW_KIND__COUNT, WINDOW_BLACKOUT, window_kind_name,
		window_kind_parse)

static const char *const status_names[] = {"confirmed", "tentative", "cancelled"};
CORE_VALUE_LIST(enum schedule_status, status_names, SCHEDULE_STATUS__COUNT, SCHEDULE_CONFIRMED, schedule_status_name,
		schedule_status_parse)

static const char *const scope_names[] = {"user", "service"};
CORE_VALUE_LIST(enum feed_scope, scope_names, FEED_SCOPE__COUNT, FEED_USER, feed_scope_name, feed_scope_parse)

/* ---- windows as records ------------------------------------------------------- */

static void validate_window(const void *v, bool creating, struct sw_error *err)
{
	const struct change_window_input *in = v;
	record_check_value(err, "kind", creating, in->set_kind, &window_kind_name_list, in->kind);
	int64_t days;
	int second;
	if (record_given(err, "start", creating, in->set_start) &&
	    (!in->start || rrule_parse_local(in->start, strlen(in->start), &days, &second)))
		sw_field_fail(err, "start", "must be a local date and time YYYY-MM-DDTHH:MM in the window's time zone");
	if (record_given(err, "duration", creating, in->set_duration) &&
	    (in->duration < 1 || in->duration > WINDOW_DURATION_MAX_MIN))
		sw_field_fail(err, "duration", "must be from 1 to %d minutes", WINDOW_DURATION_MAX_MIN);
	if (in->set_timezone && (!in->timezone || !*in->timezone))
		sw_field_fail(err, "timezone", "must be an IANA time zone such as Europe/London");
	if (in->set_description && (!in->description || !core_text_ok(in->description, 0, WINDOW_DESCRIPTION_MAX)))
		sw_field_fail(err, "description", "must be at most %d characters", WINDOW_DESCRIPTION_MAX);
	struct rrule r;
	if (in->set_recurrence && in->recurrence)
		rrule_parse(in->recurrence, strlen(in->recurrence), "recurrence", &r, err);
	if (in->set_services && in->service_count > WINDOW_SERVICES_MAX)
		sw_field_fail(err, "services", "lists at most %d services", WINDOW_SERVICES_MAX);
}

/* The zone, rule and times of w as an rrule series; *rule is its room. */
static enum sw_err series_of(const struct change_window *w, struct rrule *rule, struct rrule_series *s,
			     struct sw_error *err)
{
	const struct tz *z;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = sla_zone(w->timezone, &z, &look);
	if (rc == SW_ENOTFOUND || rc == SW_EINVALID)
		return sw_fail(err, SW_EINVALID, NULL, "change window '%s': unknown time zone '%s'", w->name,
			       w->timezone);
	if (rc)
		return sw_fail(err, rc, NULL, "%s", look.detail);
	*s = (struct rrule_series){.tz = z, .duration = (int64_t)w->duration * 60, .rule = NULL};
	if (!w->start || rrule_parse_local(w->start, strlen(w->start), &s->start_days, &s->start_second))
		return sw_fail(err, SW_EINTERNAL, NULL, "change window '%s' has no valid start", w->name);
	if (w->recurrence) {
		if ((rc = rrule_parse(w->recurrence, strlen(w->recurrence), "recurrence", rule, &look)))
			return sw_fail(err, SW_EINTERNAL, NULL, "change window '%s' has no valid rule", w->name);
		s->rule = rule;
	}
	return SW_OK;
}

enum sw_err window_occurrences(const struct change_window *w, int64_t from, int64_t to, struct rrule_occurrence *out,
			       size_t max, size_t *count, bool *truncated, struct sw_error *err)
{
	struct rrule rule;
	struct rrule_series s;
	enum sw_err rc = series_of(w, &rule, &s, err);
	return rc ? rc : rrule_expand(&s, from, to, out, max, count, truncated, err);
}

static enum sw_err apply_window(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct change_window_input *in = w->in;
	struct change_window *rec = w->rec;
	const struct change_window *before = w->before;
	enum sw_err rc;
	if ((rc = record_check_cap(c, w, store_change_window_count, WINDOWS_MAX, "change windows",
				   "deactivate or change one", err)))
		return rc;
	const struct tz *z;
	struct sw_error look;
	sw_error_clear(&look);
	if ((in->set_timezone || w->creating) && (rc = sla_zone(rec->timezone, &z, &look))) {
		if (rc != SW_ENOTFOUND && rc != SW_EINVALID)
			return sw_fail(err, rc, NULL, "%s", look.detail);
		sw_field_fail(err, "timezone", "unknown time zone '%s'", rec->timezone);
	}
	if (in->set_recurrence && rec->recurrence) { /* kept in its canonical form */
		struct rrule r;
		char *text = arena_alloc(c->arena, RRULE_TEXT_MAX * 2);
		if (!text)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		if (!rrule_parse(rec->recurrence, strlen(rec->recurrence), "recurrence", &r, &look)) {
			rrule_format(&r, text, RRULE_TEXT_MAX * 2);
			rec->recurrence = text;
		}
	}
	if (in->set_services && (rc = core_ref_ids(c, CORE_REF_SERVICE, "services", in->services, in->service_count,
						   &rec->service_ids, err)))
		return rc;
	if (!w->creating)
		rec->sequence = before->sequence + 1;
	return err->code;
}

static enum sw_err window_written(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct change_window_input *in = w->in;
	const struct change_window *rec = w->rec;
	if (!in->set_services)
		return SW_OK;
	return store_change_window_services(c->store, rec->id, rec->service_ids, rec->service_count, err);
}

/* A window's services as one text, for its audit rows (NULL for none, or
 * when out of memory: the row then shows no change). */
static const char *services_text(const struct change_window *w)
{
	if (!w->service_count)
		return NULL;
	static const size_t max = WINDOW_SERVICES_MAX * (LIMIT_NAME_LEN * 4 + 2) + 1;
	char *out = malloc(max);
	if (!out)
		return NULL;
	size_t n = 0;
	for (size_t i = 0; i < w->service_count && n < max; i++) {
		int k = snprintf(out + n, max - n, "%s%s", i ? ", " : "", w->services[i]);
		n += k > 0 ? (size_t)k : 0;
	}
	return out;
}

static void window_changes(struct changes *ch, const struct record_write *w)
{
	const struct change_window_input *in = w->in;
	if (!in->set_services)
		return;
	char *before = (char *)services_text(w->before), *after = (char *)services_text(w->rec);
	changes_str(ch, "services", before, after);
	free(before);
	free(after);
}

static const struct record_copy window_copies[] = {
	RECORD_COPY_NAME(struct change_window_input, struct change_window, RECORD_NAME_CHECKED),
	RECORD_COPY_EACH(struct change_window_input, struct change_window, description, timezone, start, recurrence,
			 duration, allow_override, active),
	RECORD_COPY_ARRAY(struct change_window_input, struct change_window, services, service_count),
	RECORD_COPY_VALUE(struct change_window_input, struct change_window, kind, window_kind_name_list),
};

static const struct record_audit window_audit[] = {
	RECORD_AUDIT_EACH(struct change_window, name),
	RECORD_AUDIT_VALUE(struct change_window, "kind", kind, window_kind_name_list),
	RECORD_AUDIT_EACH(struct change_window, description, timezone, start, recurrence, duration, allow_override,
			  active),
};

RECORD_KIND_DEFINE(change_window_kind,
		   (struct change_window, "change_window", "a change window", ROLE_ADMIN, ROLE_AGENT,
		    &store_change_windows),
		   validate_window, apply_window, window_changes, window_copies, RECORD_AUDIT_DIFF(window_audit),
		   .fresh = &(const struct change_window){.timezone = "UTC", .description = "", .active = true},
		   .written = window_written, .reread = true);

/* ---- the check ------------------------------------------------------------------ */

static bool lists(const struct change_window *w, int64_t service_id)
{
	for (size_t i = 0; i < w->service_count; i++)
		if (w->service_ids[i] == service_id)
			return true;
	return false;
}

/* Does w hold for a change on the count services at ids (none: the global
 * windows only)? */
static bool applies(const struct change_window *w, const int64_t *ids, size_t count)
{
	if (!w->service_count)
		return true;
	for (size_t i = 0; i < count; i++)
		if (lists(w, ids[i]))
			return true;
	return false;
}

static enum sw_err check_span(int64_t from, int64_t to, struct sw_error *err)
{
	if (to <= from)
		return core_query_fail(err, "to", "must be after from");
	if (to - from > RRULE_SPAN_MAX)
		return core_query_fail(err, "to", "must be at most %lld days after from", RRULE_SPAN_MAX / 86400);
	return SW_OK;
}

/* Is [start, end) inside one occurrence of a maintenance window holding
 * for service_id (0: the global ones)?  *any: whether one holds at all. */
static enum sw_err covered(struct ctx *c, const struct change_window_list *l, int64_t service_id, int64_t start,
			   int64_t end, struct rrule_occurrence *occ, bool *any, bool *inside, struct sw_error *err)
{
	*any = *inside = false;
	for (size_t i = 0; i < l->count && !*inside; i++) {
		const struct change_window *w = &l->items[i];
		if (!w->active || w->kind != WINDOW_MAINTENANCE || (w->service_count && !lists(w, service_id)))
			continue;
		*any = true;
		size_t n;
		bool more;
		enum sw_err rc = window_occurrences(w, start, end, occ, RRULE_OCCURRENCES_MAX, &n, &more, err);
		if (rc)
			return rc;
		for (size_t k = 0; k < n; k++)
			if (occ[k].start <= start && occ[k].end >= end)
				*inside = true;
	}
	(void)c;
	return SW_OK;
}

enum sw_err schedule_check(struct ctx *c, const int64_t *service_ids, size_t count, int64_t start, int64_t end,
			   struct schedule_check *out, struct sw_error *err)
{
	enum sw_err rc;
	struct change_window_list l;
	if ((rc = authz_require_role(&c->actor, ROLE_AGENT, err)) || (rc = check_span(start, end, err)) ||
	    (rc = store_change_window_list(c->store, &l, err)))
		return rc;
	struct rrule_occurrence *occ = arena_alloc(c->arena, RRULE_OCCURRENCES_MAX * sizeof(*occ));
	struct schedule_check r = {0};
	size_t hit_max = RRULE_OCCURRENCES_MAX;
	r.blackouts = arena_alloc(c->arena, hit_max * sizeof(*r.blackouts));
	r.uncovered = arena_alloc(c->arena, (count + 1) * sizeof(*r.uncovered));
	if (!occ || !r.blackouts || !r.uncovered)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < l.count; i++) {
		const struct change_window *w = &l.items[i];
		if (!w->active || w->kind != WINDOW_BLACKOUT || !applies(w, service_ids, count))
			continue;
		size_t n;
		bool more;
		if ((rc = window_occurrences(w, start, end, occ, RRULE_OCCURRENCES_MAX, &n, &more, err)))
			return rc;
		for (size_t k = 0; k < n && r.blackout_count < hit_max; k++)
			r.blackouts[r.blackout_count++] =
				(struct schedule_hit){w->id, w->name, w->allow_override, occ[k].start, occ[k].end};
	}
	/* each service on its own (with the global windows); none: the global ones */
	for (size_t i = 0; i < (count ? count : 1); i++) {
		bool any, inside;
		int64_t id = count ? service_ids[i] : 0;
		if ((rc = covered(c, &l, id, start, end, occ, &any, &inside, err)))
			return rc;
		if (!any || inside)
			continue;
		r.outside_maintenance = true;
		const char *name = "";
		struct service sv;
		if (id && !(rc = store_service_by_id(c->store, id, &sv, err)))
			name = sv.name;
		else if (id)
			return rc;
		r.uncovered[r.uncovered_count++] = name;
	}
	*out = r;
	return SW_OK;
}

enum sw_err schedule_service_ids(struct ctx *c, const char *field, const char *const *names, size_t count, int64_t *ids,
				 struct sw_error *err)
{
	for (size_t i = 0; i < count; i++) {
		struct sw_error look;
		sw_error_clear(&look);
		enum sw_err rc = core_ref_set(c, CORE_REF_SERVICE, field, names[i], &ids[i], NULL, &look);
		if (rc)
			return sw_fail(err, rc, NULL, "%s", look.detail);
		if (!ids[i])
			return core_query_fail(err, field, "no service '%s'", names[i]);
	}
	return SW_OK;
}

enum sw_err schedule_ci_check(struct ctx *c, const char *field, int64_t ci_id, struct sw_error *err)
{
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = core_ref_find_ci(c, field, ci_id, NULL, &look);
	if (rc == SW_ENOTFOUND)
		return core_query_fail(err, field, "no CI %lld", (long long)ci_id);
	if (rc)
		return sw_fail(err, rc, NULL, "%s", look.detail);
	return SW_OK;
}

/* ---- the calendar ---------------------------------------------------------------- */

enum sw_err schedule_events_add(struct ctx *c, struct schedule_events *out, const struct schedule_event *e,
				struct sw_error *err)
{
	size_t cap = out->cap ? out->cap : SCHEDULE_EVENTS_MAX;
	if (out->count == cap) {
		out->truncated = true;
		return SW_OK;
	}
	if (out->count == out->max) {
		struct schedule_event *items =
			arena_grow(c->arena, out->items, out->count, sizeof(*items), &out->max, 64, cap);
		if (!items)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		out->items = items;
	}
	out->items[out->count++] = *e;
	return SW_OK;
}

bool schedule_after(const struct schedule_filter *f, int64_t start, const char *uid)
{
	if (!f->after_uid || start > f->after_start)
		return true;
	return start == f->after_start && strcmp(uid, f->after_uid) > 0;
}

/* s as a URL path segment: unreserved characters as they are, the rest
 * percent-encoded (into arena a; NULL when out of memory). */
static const char *path_segment(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, n * 3 + 1), *o = out;
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p)) {
			*o++ = (char)*p;
		} else {
			static const char hex[] = "0123456789ABCDEF";
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = 0;
	return out;
}

/* The windows' source: each occurrence an event, cancelled when the window
 * is inactive. */
static enum sw_err window_events(struct ctx *c, const struct schedule_filter *f, struct schedule_events *out,
				 struct sw_error *err)
{
	struct change_window_list l;
	enum sw_err rc;
	int64_t *ci_svcs = NULL;
	size_t ci_svc_count = 0;
	if ((rc = store_change_window_list(c->store, &l, err)) ||
	    (f->ci_id && (rc = store_ci_service_ids(c->store, f->ci_id, &ci_svcs, &ci_svc_count, err))))
		return rc;
	struct rrule_occurrence *occ = arena_alloc(c->arena, RRULE_OCCURRENCES_MAX * sizeof(*occ));
	if (!occ)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	const char *base = c->cfg && c->cfg->public_url ? c->cfg->public_url : "";
	for (size_t i = 0; i < l.count; i++) {
		const struct change_window *w = &l.items[i];
		if ((!w->active && !f->cancelled) || (f->service_id && !applies(w, &f->service_id, 1)) ||
		    (f->ci_id && !applies(w, ci_svcs, ci_svc_count)))
			continue;
		size_t n;
		bool more;
		if ((rc = window_occurrences(w, f->from, f->to, occ, RRULE_OCCURRENCES_MAX, &n, &more, err)))
			return rc;
		out->truncated |= more;
		const char *summary = arena_printf(c->arena, "%s: %s",
						   w->kind == WINDOW_BLACKOUT ? "Blackout" : "Maintenance", w->name);
		const char *seg = path_segment(c->arena, w->name);
		const char *url = seg ? arena_printf(c->arena, "%s/api/v1/change-windows/%s", base, seg) : NULL;
		for (size_t k = 0; k < n; k++) {
			int y, m, d;
			tz_civil_from_days(occ[k].local_days, &y, &m, &d);
			const char *uid =
				arena_printf(c->arena, "window-%lld-%04d%02d%02d@steward", (long long)w->id, y, m, d);
			if (uid && !schedule_after(f, occ[k].start, uid))
				continue;
			struct schedule_event e = {
				.uid = uid,
				.summary = summary,
				.description = w->description,
				.kind = window_kind_name(w->kind),
				.url = url,
				.source = w->name,
				.sequence = w->sequence,
				.status = w->active ? SCHEDULE_CONFIRMED : SCHEDULE_CANCELLED,
				.start = occ[k].start,
				.end = occ[k].end,
				.updated = w->updated_at,
				.background = true,
			};
			if (!e.uid || !summary || !url)
				return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
			if ((rc = schedule_events_add(c, out, &e, err)))
				return rc;
		}
	}
	return SW_OK;
}

static const struct schedule_source window_source = {"windows", window_events};
static const struct schedule_source *sources[SCHEDULE_SOURCES_MAX] = {&window_source};
static size_t source_count = 1;

enum sw_err schedule_source_register(const struct schedule_source *s)
{
	for (size_t i = 0; i < source_count; i++)
		if (sources[i] == s)
			return SW_OK;
	if (source_count == SCHEDULE_SOURCES_MAX || !s || !s->events)
		return SW_EINVALID;
	sources[source_count++] = s;
	return SW_OK;
}

static int event_order(const void *a, const void *b)
{
	const struct schedule_event *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return strcmp(x->uid, y->uid);
}

static enum sw_err collect(struct ctx *c, const struct schedule_filter *f, struct schedule_events *out,
			   struct sw_error *err)
{
	struct schedule_events ev = {.cap = out->cap};
	for (size_t i = 0; i < source_count; i++) {
		size_t before = ev.count;
		enum sw_err rc = sources[i]->events(c, f, &ev, err);
		if (rc)
			return rc;
		/* a page needs each source's first limit + 1 events at most: the
		 * first limit of all of them are among those */
		if (f->limit && ev.count - before > f->limit + 1) {
			qsort(ev.items + before, ev.count - before, sizeof(*ev.items), event_order);
			ev.count = before + f->limit + 1;
		}
	}
	if (ev.count)
		qsort(ev.items, ev.count, sizeof(*ev.items), event_order);
	*out = ev;
	return SW_OK;
}

enum sw_err schedule_calendar(struct ctx *c, const struct schedule_filter *f, struct schedule_events *out,
			      struct sw_error *err)
{
	enum sw_err rc;
	if ((rc = authz_require_role(&c->actor, ROLE_AGENT, err)) || (rc = check_span(f->from, f->to, err)))
		return rc;
	*out = (struct schedule_events){0};
	return collect(c, f, out, err);
}

/* ---- pages and per-day caps ------------------------------------------------------- */

/* A page's cursor: base64url of "cal:<start>:<uid>", the last event shown. */
#define CURSOR_TAG "cal:"

static const char *cursor_encode(struct arena *a, int64_t start, const char *uid)
{
	const char *raw = arena_printf(a, CURSOR_TAG "%lld:%s", (long long)start, uid);
	char *out = raw ? arena_alloc(a, base64url_len(strlen(raw)) + 1) : NULL;
	if (out)
		base64url_encode((const unsigned char *)raw, strlen(raw), out);
	return out;
}

static enum sw_err cursor_decode(struct arena *a, const char *cursor, int64_t *start, const char **uid,
				 struct sw_error *err)
{
	unsigned char raw[LIMIT_CURSOR_LEN + 1];
	long n = base64url_decode(cursor, strlen(cursor), raw, sizeof(raw) - 1);
	const char *p = (const char *)raw, *colon = NULL;
	if (n > 0) {
		raw[n] = 0;
		colon = strchr(p + strlen(CURSOR_TAG), ':');
	}
	if (n <= 0 || strlen(p) != (size_t)n || !utf8_valid(p, (size_t)n) ||
	    strncmp(p, CURSOR_TAG, strlen(CURSOR_TAG)) != 0 || !colon || !colon[1] ||
	    parse_int64(p + strlen(CURSOR_TAG), (size_t)(colon - p) - strlen(CURSOR_TAG), INT64_MIN, INT64_MAX, start))
		return core_query_fail(err, "cursor", "is not a cursor this server issued for the calendar");
	if (!(*uid = arena_strdup(a, colon + 1)))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	return SW_OK;
}

/* The index of the day of bounds[0..n] (local midnights, ascending) that
 * holds instant t, clamped to 0..n-1. */
static size_t day_of(const int64_t *bounds, size_t n, int64_t t)
{
	size_t lo = 0, hi = n; /* the last bound <= t */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (bounds[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The first and last of the n days at bounds e is on: from its start's to
 * its last second's (a zero-length event: its start's), within f's span. */
static void days_of(const struct schedule_filter *f, const int64_t *bounds, size_t n, const struct schedule_event *e,
		    size_t *first, size_t *last)
{
	int64_t s = e->start > f->from ? e->start : f->from;
	int64_t t = e->end > e->start ? e->end - 1 : e->start;
	if (t >= f->to)
		t = f->to - 1;
	if (t < s)
		t = s;
	*first = day_of(bounds, n, s);
	*last = day_of(bounds, n, t);
}

/* Keep of ev the events a per-day cap of per lets each local day of f's
 * span in zone z show, and count every day into ev->days.  The zone is
 * turned into the span's local midnights once; each event then finds its
 * days by a binary search. */
static enum sw_err cap_per_day(struct ctx *c, const struct schedule_filter *f, const struct tz *z, size_t per,
			       struct schedule_events *ev, struct sw_error *err)
{
	struct tz_local lf, lt;
	tz_to_local(z, f->from, &lf);
	tz_to_local(z, f->to - 1, &lt);
	int64_t first = tz_days_from_civil(lf.year, lf.month, lf.day),
		last = tz_days_from_civil(lt.year, lt.month, lt.day);
	size_t n = (size_t)(last - first + 1);
	int64_t *bounds = arena_alloc(c->arena, (n + 1) * sizeof(*bounds));
	struct schedule_day *days = arena_alloc(c->arena, n * sizeof(*days));
	bool *keep = arena_alloc(c->arena, (ev->count + 1) * sizeof(*keep));
	if (!bounds || !days || !keep)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i <= n; i++) {
		int y, m, d;
		tz_civil_from_days(first + (int64_t)i, &y, &m, &d);
		bounds[i] = tz_local_to_utc(z, y, m, d, 0);
		if (i < n)
			days[i] = (struct schedule_day){.days = first + (int64_t)i};
	}
	/* which events to keep: every window, and the first per of the rest on each day */
	for (size_t i = 0; i < ev->count; i++) {
		const struct schedule_event *e = &ev->items[i];
		size_t a, b;
		days_of(f, bounds, n, e, &a, &b);
		for (size_t k = a; k <= b; k++) {
			days[k].count++;
			if (e->background || days[k].shown < per) {
				keep[i] = true;
				days[k].shown += !e->background;
			}
		}
	}
	/* what each day shows: every kept event on it (one kept for an
	 * earlier day may run into a full one) */
	for (size_t k = 0; k < n; k++)
		days[k].shown = 0;
	for (size_t i = 0; i < ev->count; i++) {
		size_t a, b;
		days_of(f, bounds, n, &ev->items[i], &a, &b);
		for (size_t k = a; keep[i] && k <= b; k++)
			days[k].shown++;
	}
	size_t kept = 0;
	for (size_t i = 0; i < ev->count; i++)
		if (keep[i])
			ev->items[kept++] = ev->items[i];
	ev->count = kept;
	ev->days = days;
	ev->day_count = n;
	return SW_OK;
}

enum sw_err schedule_calendar_view(struct ctx *c, const struct schedule_filter *f, const struct schedule_view *v,
				   struct schedule_events *out, struct sw_error *err)
{
	enum sw_err rc;
	if ((rc = authz_require_role(&c->actor, ROLE_AGENT, err)) || (rc = check_span(f->from, f->to, err)))
		return rc;
	struct schedule_filter g = *f;
	const struct tz *z = NULL;
	if (v->limit > SCHEDULE_EVENTS_MAX)
		return core_query_fail(err, "limit", "must be from 1 to %d", SCHEDULE_EVENTS_MAX);
	if (v->per_day > SCHEDULE_PER_DAY_MAX)
		return core_query_fail(err, "per_day", "must be from 1 to %d", SCHEDULE_PER_DAY_MAX);
	if (v->per_day && (v->cursor || v->limit))
		return core_query_fail(err, "per_day", "shows whole days: it takes no limit or cursor");
	if (!v->per_day && v->tz)
		return core_query_fail(err, "tz", "is the zone of per_day's days: give per_day too");
	if (v->tz) {
		struct sw_error look;
		sw_error_clear(&look);
		if ((rc = sla_zone(v->tz, &z, &look)) == SW_ENOTFOUND || rc == SW_EINVALID)
			return core_query_fail(err, "tz", "must be an IANA time zone such as Europe/London");
		if (rc)
			return sw_fail(err, rc, NULL, "%s", look.detail);
	} else if (v->per_day && (rc = sla_zone("UTC", &z, err))) {
		return rc;
	}
	if (v->cursor && (rc = cursor_decode(c->arena, v->cursor, &g.after_start, &g.after_uid, err)))
		return rc;
	struct schedule_events ev = {0};
	if (v->per_day) {
		ev.cap = SCHEDULE_COUNTED_MAX;
		g.any_order = true;
		if ((rc = collect(c, &g, &ev, err)) || (rc = cap_per_day(c, &g, z, v->per_day, &ev, err)))
			return rc;
		*out = ev;
		return SW_OK;
	}
	g.limit = v->limit ? v->limit : SCHEDULE_PAGE_DEFAULT;
	ev.cap = SCHEDULE_COUNTED_MAX; /* each source gives limit + 1 at most (collect) */
	if ((rc = collect(c, &g, &ev, err)))
		return rc;
	/* one more than the page: another follows */
	if (ev.count > g.limit) {
		ev.count = g.limit;
		const struct schedule_event *e = &ev.items[ev.count - 1];
		if (!(ev.next_cursor = cursor_encode(c->arena, e->start, e->uid)))
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		ev.truncated = true;
	}
	*out = ev;
	return SW_OK;
}

/* ---- feed tokens ------------------------------------------------------------------ */

enum sw_err feed_token_create(struct ctx *c, const struct feed_token_input *in, struct feed_token *out,
			      char secret[FEED_SECRET_MAX], struct sw_error *err)
{
	enum sw_err rc;
	if ((rc = authz_require_role(&c->actor, ROLE_AGENT, err)))
		return rc;
	struct feed_token t = {.scope = FEED_USER,
			       .user_id = c->actor.user_id,
			       .user = c->actor.login,
			       .user_role = c->actor.role,
			       .user_active = true,
			       .created_at = c->now};
	if (!in->name || !core_text_ok(in->name, 1, 100))
		sw_field_fail(err, "name", "must be 1 to 100 characters");
	t.name = in->name;
	if (in->set_scope && feed_scope_parse(in->scope, &t.scope))
		core_value_check(err, "scope", &feed_scope_name_list, in->scope);
	if (t.scope == FEED_SERVICE && (!in->set_service || !in->service))
		sw_field_fail(err, "service", "is required for a service's feed");
	else if (t.scope == FEED_USER && in->set_service && in->service)
		sw_field_fail(err, "service", "is only for a service's feed (scope service)");
	if (err->code)
		return err->code;
	char hash[65];
	auth_secret_new("stf_", secret);
	auth_secret_hash(secret, hash);
	t.token_hash = hash;
	if ((rc = core_tx_begin(c, err)))
		return rc;
	int64_t live = 0;
	if (t.scope == FEED_SERVICE &&
	    !(rc = core_ref_need(c, CORE_REF_SERVICE, "service", in->service, &t.service_id, &t.service, err)) &&
	    err->code)
		rc = err->code;
	if (!rc && !(rc = store_feed_tokens_live(c->store, t.user_id, &live, err)) && live >= FEED_TOKENS_MAX)
		rc = sw_fail(err, SW_ECONFLICT, "limit", "you have %d live feed tokens: revoke one first",
			     FEED_TOKENS_MAX);
	if (!rc)
		rc = store_feed_token_insert(c->store, &t, err);
	if (!rc) {
		struct changes ch;
		changes_init(&ch);
		changes_set_str(&ch, "name", t.name);
		changes_set_str(&ch, "scope", feed_scope_name(t.scope));
		if (t.service)
			changes_set_str(&ch, "service", t.service);
		rc = audit_changes(c, "feed_token", t.id, "create", false, &ch, err);
	}
	if ((rc = core_tx_end(c, rc, err)))
		return rc;
	t.token_hash = NULL;
	*out = t;
	return SW_OK;
}

enum sw_err feed_token_list(struct ctx *c, struct feed_token_list *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	return rc ? rc : store_feed_tokens_of(c->store, c->actor.user_id, out, err);
}

enum sw_err feed_token_revoke(struct ctx *c, int64_t id, struct sw_error *err)
{
	enum sw_err rc;
	if ((rc = authz_require_role(&c->actor, ROLE_AGENT, err)) || (rc = core_tx_begin(c, err)))
		return rc;
	int64_t changed = 0;
	rc = store_feed_token_revoke(c->store, id, c->actor.user_id, c->now, &changed, err);
	if (!rc && !changed)
		rc = sw_fail(err, SW_ENOTFOUND, NULL, "no feed token %lld", (long long)id);
	if (!rc)
		rc = audit_record(c, "feed_token", id, "revoke", false, "{}", err);
	return core_tx_end(c, rc, err);
}

enum sw_err feed_read(struct ctx *c, const char *secret, struct feed_token *token, struct schedule_events *out,
		      struct sw_error *err)
{
	char hash[65];
	struct feed_token t;
	struct sw_error look;
	sw_error_clear(&look);
	size_t len = secret ? strlen(secret) : 0;
	if (len < 8 || len >= FEED_SECRET_MAX || strncmp(secret, "stf_", 4) != 0)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no feed");
	auth_secret_hash(secret, hash);
	enum sw_err rc = store_feed_token_by_hash(c->store, hash, &t, &look);
	if (rc == SW_ENOTFOUND || (!rc && (t.revoked_at || !t.user_active || t.user_role < ROLE_AGENT)))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no feed");
	if (rc)
		return sw_fail(err, rc, look.type[0] ? look.type : NULL, "%s", look.detail);
	struct schedule_filter f = {
		.from = c->now - FEED_PAST_DAYS * 86400LL,
		.to = c->now + FEED_FUTURE_DAYS * 86400LL,
		.cancelled = true,
	};
	if (t.scope == FEED_SERVICE)
		f.service_id = t.service_id;
	else
		f.user_id = t.user_id;
	*out = (struct schedule_events){0};
	if ((rc = collect(c, &f, out, err)))
		return rc;
	*token = t;
	return SW_OK;
}
