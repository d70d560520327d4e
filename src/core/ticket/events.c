/*
 * events.c — ticket events from the audit trail; see events.h.
 *
 * Why the horizon: the audit id comes from an identity column (PostgreSQL)
 * or the rowid (SQLite).  With SQLite there is one writer at a time, so
 * rows become visible in id order and a reader never sees a gap it must
 * wait for.  With PostgreSQL two transactions take ids 10 and 11, and 11
 * may commit first; a poller that moved its cursor to 11 would never see
 * 10.  So the poller stops at the first missing id.  The transaction that
 * took it had its transaction id before the row after it was visible; once
 * the oldest transaction still running is younger than everything that was
 * running when the gap was seen (pg_snapshot_xmin >= that xmax), the
 * missing id either became visible or was rolled back and will never come.
 * A gap therefore costs one or two polls, never an event.
 */
#include <string.h>

#include "base/util.h"
#include "core/kernel/authz.h"
#include "core/ticket/events.h"
#include "core/ticket/ticket.h"
#include "core/port/store.h"
#include "base/banned.h"

const char *events_change_name(const char *action)
{
	if (!action)
		return "updated";
	if (strcmp(action, "create") == 0)
		return "created";
	if (strcmp(action, "comment") == 0 || strcmp(action, "work_note") == 0)
		return "commented";
	if (strcmp(action, "transition") == 0)
		return "state";
	return "updated";
}

bool events_visible(const struct actor *a, const struct ticket_event *ev)
{
	if (ev->row.internal && !authz_sees_internal(a))
		return false;
	const struct ticket_kind *kind = ticket_kind_by_name(ev->row.kind);
	struct authz_ticket view = {
		.requester_id = ev->row.requester_id, .actor_watches = false, .agents_only = kind && kind->agents_only};
	for (size_t i = 0; i < ev->watcher_count && a->user_id; i++)
		if (ev->watchers[i] == a->user_id)
			view.actor_watches = true;
	struct sw_error ignore;
	sw_error_clear(&ignore);
	return authz_ticket_read(a, &view, &ignore) == SW_OK;
}

enum sw_err events_last_id(struct ctx *c, int64_t *out, struct sw_error *err)
{
	return store_audit_last_id(c->store, out, err);
}

enum sw_err events_start(struct ctx *c, int64_t backlog, struct events_cursor *out, struct sw_error *err)
{
	int64_t last;
	enum sw_err rc = store_audit_last_id(c->store, &last, err);
	if (rc)
		return rc;
	*out = (struct events_cursor){.id = last > backlog ? last - backlog : 0};
	return SW_OK;
}

size_t events_settle(struct events_cursor *cur, const int64_t *ids, size_t n, int64_t xmin, int64_t xmax)
{
	/* a hole seen by an earlier poll: this horizon was taken after it */
	if (cur->hole && !cur->armed) {
		cur->armed = true;
		cur->hole_xmax = xmax;
	}
	bool settled = cur->hole && cur->armed && xmin >= cur->hole_xmax;
	size_t taken = 0;
	for (; taken < n; taken++) {
		int64_t expect = cur->id + 1;
		if (ids[taken] < expect)
			continue; /* not after the cursor: never handed out twice */
		if (ids[taken] > expect) {
			if (!(settled && cur->hole == expect)) {
				if (cur->hole != expect)
					*cur = (struct events_cursor){.id = cur->id, .hole = expect};
				break;
			}
		}
		cur->id = ids[taken];
		cur->hole = 0;
		cur->armed = false;
		settled = false;
	}
	if (!cur->hole)
		cur->armed = false;
	return taken;
}

/* "3,17,42" into an arena array; ids that do not parse are skipped. */
static const int64_t *parse_ids(struct arena *a, const char *s, size_t *count)
{
	*count = 0;
	if (!s || !*s)
		return NULL;
	size_t n = 1;
	for (const char *p = s; *p; p++)
		n += *p == ',';
	int64_t *v = arena_alloc(a, n * sizeof(*v));
	if (!v)
		return NULL;
	const char *p = s;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		int64_t id;
		if (parse_int64(p, len, 1, INT64_MAX, &id) == SW_OK)
			v[(*count)++] = id;
		p += len + (e ? 1 : 0);
	}
	return v;
}

enum sw_err events_poll(struct ctx *c, struct events_cursor *cur, int limit, struct ticket_event **out, size_t *count,
			bool *more, struct sw_error *err)
{
	int64_t xmin = 0, xmax = 0;
	struct audit_change *rows = NULL;
	size_t n = 0;
	enum sw_err rc = store_tx_horizon(c->store, &xmin, &xmax, err);
	if (!rc)
		rc = store_audit_tail(c->store, cur->id, limit, &rows, &n, err);
	if (rc)
		return rc;
	int64_t *ids = n ? arena_alloc(c->arena, n * sizeof(*ids)) : NULL;
	struct ticket_event *ev = n ? arena_alloc(c->arena, n * sizeof(*ev)) : NULL;
	if (n && (!ids || !ev))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < n; i++)
		ids[i] = rows[i].id;
	struct events_cursor next = *cur;
	size_t taken = events_settle(&next, ids, n, xmin, xmax);
	size_t k = 0;
	for (size_t i = 0; i < taken; i++) {
		const struct audit_change *r = &rows[i];
		if (!r->ticket_id || r->id <= cur->id)
			continue;
		struct ticket_event *e = &ev[k++];
		*e = (struct ticket_event){.row = *r, .change = events_change_name(r->action)};
		/* the kind's own name, which outlives the arena (the hub keeps it) */
		const struct ticket_kind *kind = ticket_kind_by_name(r->kind);
		e->row.kind = kind ? kind->name : NULL;
		e->watchers = parse_ids(c->arena, r->watchers, &e->watcher_count);
	}
	*cur = next;
	*out = ev;
	*count = k;
	*more = n == (size_t)limit && taken == n;
	return SW_OK;
}
