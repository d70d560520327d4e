/*
 * events.h — ticket changes as a stream of events for live views (the web
 * UI's Server-Sent Events, GET /api/v1/events).
 *
 * The source is the audit trail: every ticket write records its audit rows
 * in its own transaction, so reading audit rows in id order sees every
 * change, from any Steward process on the same database.  The audit id is
 * the stream's cursor: it means the same on every server, and a client
 * resumes from it anywhere.  One poller per process reads new rows once and
 * hands the events to its subscribers in memory (http/events.c).
 *
 * Who may see an event is decided here with authz.c, as for reads: an end
 * user gets events only for tickets they requested or watch, and never one
 * for an internal entry (work notes, SLA and escalation records).
 *
 * Thread safety: none needed; the poller owns its cursor, and the rest are
 * pure functions.
 */
#ifndef SW_CORE_EVENTS_H
#define SW_CORE_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "core/model.h"

/* How far the poller has read.  Every audit row with an id up to id has
 * been handed out (or was about something other than a ticket).  hole is
 * the first missing id above it that is being waited for (0: none): on
 * PostgreSQL an id is taken when a row is inserted, so a transaction still
 * running may commit a lower id than rows already visible.  Once armed,
 * hole_xmax is the transaction horizon taken after the hole was seen; when
 * every transaction older than it has ended, a still missing id belongs to
 * a transaction that rolled back, and reading goes on past it. */
struct events_cursor {
	int64_t id;
	int64_t hole;
	bool armed;
	int64_t hole_xmax;
};

/* A change as delivered.  Strings live in the ctx arena of events_poll. */
struct ticket_event {
	/* the audit row as read (model.h): its id is the cursor, the ticket
	 * as it is when read, internal for agents only (work notes, SLA and
	 * escalation entries) */
	struct audit_change row;
	const char *change;      /* events_change_name(row.action) */
	const int64_t *watchers; /* user ids (row.watchers parsed) */
	size_t watcher_count;
};

/* Where a new poller starts: backlog audit rows before the newest one, so
 * that clients reconnecting after a restart can be served the changes they
 * missed. */
enum sw_err events_start(struct ctx *c, int64_t backlog, struct events_cursor *out, struct sw_error *err);

/* One poll: read at most limit audit rows after cur, hand out the ticket
 * events among those that are settled (in id order, none twice), advance
 * cur.  *more is true when a full batch was read and nothing waits, so the
 * caller may poll again at once.  Results are in c->arena.  On failure cur
 * is unchanged. */
enum sw_err events_poll(struct ctx *c, struct events_cursor *cur, int limit, struct ticket_event **out, size_t *count,
			bool *more, struct sw_error *err);

/* The pure step of events_poll: ids are the ids read (ascending), xmin and
 * xmax the transaction horizon taken before reading them.  Returns how many
 * of them may be handed out now and advances cur past them. */
size_t events_settle(struct events_cursor *cur, const int64_t *ids, size_t n, int64_t xmin, int64_t xmax);

/* May the actor see this event?  The same rule as reading the ticket, and
 * internal entries only for those who see work notes. */
bool events_visible(const struct actor *a, const struct ticket_event *ev);

/* "created", "commented", "state" or "updated" for an audit action. */
const char *events_change_name(const char *action);

/* The newest audit id (0 for none): a client's cursor beyond it is not one
 * this database issued. */
enum sw_err events_last_id(struct ctx *c, int64_t *out, struct sw_error *err);

#endif
