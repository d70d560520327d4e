/*
 * events.c — the event hub behind GET /api/v1/events: open Server-Sent
 * Events streams, the ring of recent events a reconnecting client is
 * served from, and libmicrohttpd's side of a response that never ends.
 *
 * One poller thread (cli/worker.c) reads the audit trail and calls
 * event_hub_publish; each event is rendered once and copied into the
 * buffer of every stream whose caller may see it (core/ticket/events.c decides).
 * A stream whose buffer is full is ended rather than waited for: the
 * client reconnects with Last-Event-ID and is served from the ring, so a
 * slow reader never holds up the poller or anyone else.
 *
 * A stream holds no request thread.  The content reader hands out what is
 * buffered; with nothing buffered it suspends the connection
 * (MHD_suspend_connection, which removes it from its thread's event loop)
 * and returns 0.  Whoever buffers something for a suspended stream resumes
 * it.  Both happen under the hub lock, so a resume never precedes its
 * suspend (libmicrohttpd forbids resuming a connection that is not
 * suspended).  The lock order is always hub lock, then libmicrohttpd's own.
 *
 * A suspended connection neither times out nor notices a client that went
 * away, so every stream gets a heartbeat comment every EVENT_HEARTBEAT_S,
 * and ends after LIMIT_EVENT_STREAM_S (the client reconnects, and is
 * authenticated again: a stream outlives neither a logout nor a role change
 * by more than that).  On shutdown event_hub_close ends every stream before
 * the daemon stops, since stopping with suspended connections is not
 * allowed.
 */
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dlist.h"
#include "base/jsonw.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/util.h"
#include "core/ticket/events.h"
#include "http/http_int.h"
#include "base/banned.h"

#define EVENT_HEARTBEAT_MS (15 * 1000)
#define EVENT_RETRY_MS 2000
#define EVENT_FRAME_MAX (16 * 1024)
#define EVENT_READ_BLOCK (8 * 1024)
#define EVENT_COMPACT_AT (64 * 1024)

/* An event as the hub keeps it: who may see it, and its rendered frame. */
struct hub_event {
	struct ticket_event view; /* id, requester, watchers, internal, kind: what events_visible reads */
	int64_t *watchers;
	char *frame;
	size_t frame_len;
};

struct stream {
	struct stream *prev, *next; /* guarded by hub->lock, as is everything below hub */
	struct event_hub *hub;
	struct MHD_Connection *conn;
	struct actor actor;
	int64_t since;   /* events up to this id are not sent */
	int64_t sent_id; /* the last id the client was given */
	struct buf out;  /* frames not yet read by libmicrohttpd, from off */
	size_t off;
	bool suspended, ending;
	int64_t started_ms, last_write_ms;
};

struct event_hub {
	pthread_mutex_t lock;
	struct stream *head;
	int count, max;
	bool closing;
	int64_t cursor; /* every event up to this id has been published */
	int64_t floor;  /* the ring holds every event after this id */
	struct hub_event ring[LIMIT_EVENT_BACKLOG];
	size_t ring_start, ring_len;
};

static int64_t now_ms(void)
{
	return time_mono_ns() / 1000000;
}

struct event_hub *event_hub_new(int max_streams, int64_t cursor)
{
	struct event_hub *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	pthread_mutex_init(&h->lock, NULL);
	h->max = max_streams;
	h->cursor = h->floor = cursor;
	return h;
}

static void hub_event_release(struct hub_event *e)
{
	free(e->watchers);
	free(e->frame);
	memset(e, 0, sizeof(*e));
}

void event_hub_free(struct event_hub *h)
{
	if (!h)
		return;
	/* streams belong to their responses, which the daemon destroyed */
	for (size_t i = 0; i < h->ring_len; i++)
		hub_event_release(&h->ring[(h->ring_start + i) % LIMIT_EVENT_BACKLOG]);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

/* ---- streams (hub locked) ---------------------------------------------------- */

static void stream_write(struct stream *s, const char *p, size_t len, int64_t now)
{
	if (s->ending)
		return;
	if (buf_append(&s->out, p, len)) {
		s->ending = true; /* too far behind: end it, the client resumes from the ring */
		return;
	}
	s->last_write_ms = now;
}

static void stream_wake(struct stream *s)
{
	if (s->suspended && (s->out.len > s->off || s->ending)) {
		s->suspended = false;
		MHD_resume_connection(s->conn);
	}
}

static void stream_unlink(struct event_hub *h, struct stream *s)
{
	DLIST_UNLINK(h->head, s);
	h->count--;
}

/* ---- libmicrohttpd's side --------------------------------------------------- */

static ssize_t stream_read(void *cls, uint64_t pos, char *dst, size_t max)
{
	(void)pos;
	struct stream *s = cls;
	struct event_hub *h = s->hub;
	ssize_t n;
	pthread_mutex_lock(&h->lock);
	size_t avail = s->out.len - s->off;
	if (avail) {
		size_t k = avail < max ? avail : max;
		memcpy(dst, s->out.ptr + s->off, k);
		s->off += k;
		if (s->off == s->out.len) {
			buf_reset(&s->out);
			s->off = 0;
		} else if (s->off >= EVENT_COMPACT_AT) {
			memmove(s->out.ptr, s->out.ptr + s->off, s->out.len - s->off);
			s->out.len -= s->off;
			s->out.ptr[s->out.len] = 0;
			s->off = 0;
		}
		n = (ssize_t)k;
	} else if (s->ending || h->closing) {
		n = MHD_CONTENT_READER_END_OF_STREAM;
	} else {
		/* nothing to send: leave the event loop until something is buffered */
		s->suspended = true;
		MHD_suspend_connection(s->conn);
		n = 0;
	}
	pthread_mutex_unlock(&h->lock);
	return n;
}

static void stream_free(void *cls)
{
	struct stream *s = cls;
	struct event_hub *h = s->hub;
	pthread_mutex_lock(&h->lock);
	stream_unlink(h, s);
	pthread_mutex_unlock(&h->lock);
	buf_release(&s->out);
	free(s);
}

struct MHD_Response *event_stream_response(struct req *r)
{
	struct stream *s = r->stream;
	r->stream = NULL;
	struct MHD_Response *resp =
		MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, EVENT_READ_BLOCK, stream_read, s, stream_free);
	if (!resp)
		stream_free(s);
	return resp;
}

void event_stream_abandon(struct req *r)
{
	if (r->stream)
		stream_free(r->stream);
	r->stream = NULL;
}

/* ---- the request side ------------------------------------------------------- */

static bool ring_visible(const struct stream *s, const struct hub_event *e)
{
	return e->view.row.id > s->since && events_visible(&s->actor, &e->view);
}

enum sw_err http_event_stream(struct req *r, struct event_hub *h, bool resume, int64_t since, struct sw_error *err)
{
	struct stream *s = calloc(1, sizeof(*s));
	if (!s)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	buf_init(&s->out, LIMIT_EVENT_BUFFER);
	s->hub = h;
	s->conn = r->conn;
	s->actor = (struct actor){.user_id = r->ctx.actor.user_id, .role = r->ctx.actor.role};
	int64_t now = now_ms();
	s->started_ms = s->last_write_ms = now;

	pthread_mutex_lock(&h->lock);
	if (h->closing || h->count >= h->max) {
		bool closing = h->closing;
		int max = h->max;
		pthread_mutex_unlock(&h->lock);
		buf_release(&s->out);
		free(s);
		http_header(r, "Retry-After", "5");
		if (closing)
			return sw_fail(err, SW_EBUSY, NULL, "the server is shutting down");
		if (!max)
			return sw_fail(err, SW_EBUSY, NULL, "this server does not stream events (event_streams is 0)");
		return sw_fail(err, SW_EBUSY, NULL, "all %d event streams are in use; try again later", max);
	}
	DLIST_PUSH(h->head, s);
	h->count++;

	char frame[160];
	int n;
	if (!resume) {
		/* the id tells the client where it is, even before any event */
		s->since = s->sent_id = h->cursor;
		n = snprintf(frame, sizeof(frame), ": connected\nretry: %d\nid: %lld\n\n", EVENT_RETRY_MS,
			     (long long)h->cursor);
		stream_write(s, frame, (size_t)n, now);
	} else if (since < h->floor) {
		/* what the client missed is no longer kept: it must reload */
		s->since = s->sent_id = h->cursor;
		n = snprintf(
			frame, sizeof(frame),
			": connected\nretry: %d\nid: %lld\nevent: reset\ndata: {\"since\":%lld,\"oldest\":%lld}\n\n",
			EVENT_RETRY_MS, (long long)h->cursor, (long long)since, (long long)h->floor);
		stream_write(s, frame, (size_t)n, now);
	} else {
		s->since = since;
		s->sent_id = since > h->cursor ? since : h->cursor;
		n = snprintf(frame, sizeof(frame), ": connected\nretry: %d\n\n", EVENT_RETRY_MS);
		stream_write(s, frame, (size_t)n, now);
		for (size_t i = 0; i < h->ring_len; i++) {
			const struct hub_event *e = &h->ring[(h->ring_start + i) % LIMIT_EVENT_BACKLOG];
			if (ring_visible(s, e))
				stream_write(s, e->frame, e->frame_len, now);
		}
	}
	pthread_mutex_unlock(&h->lock);

	r->stream = s;
	r->status = 200;
	r->content_type = "text/event-stream";
	r->answered = true;
	http_header(r, "X-Accel-Buffering", "no"); /* proxies must not hold events back */
	return SW_OK;
}

/* ---- the poller side -------------------------------------------------------- */

/* "id: N\nevent: ticket\ndata: {...}\n\n" into e (malloc'd). */
static bool render(const struct ticket_event *ev, struct hub_event *e)
{
	struct buf b = BUF_INIT(EVENT_FRAME_MAX);
	struct jsonw w;
	buf_printf(&b, "id: %lld\nevent: ticket\ndata: ", (long long)ev->row.id);
	jsonw_init(&w, &b);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "ticket", ev->row.number);
	jsonw_kint(&w, "id", ev->row.ticket_id);
	jsonw_kstr(&w, "kind", ev->row.kind);
	jsonw_kint(&w, "version", ev->row.version);
	jsonw_kstr(&w, "change", ev->change);
	jsonw_kstr(&w, "action", ev->row.action);
	jsonw_kstr(&w, "state", ev->row.state);
	jsonw_kstr(&w, "assignment_group", ev->row.group);
	jsonw_kstr(&w, "assignee", ev->row.assignee);
	jsonw_kstr(&w, "actor", ev->row.actor);
	char at[21];
	time_format_rfc3339(ev->row.at, at);
	jsonw_kstr(&w, "at", at);
	if (ev->row.internal)
		jsonw_kbool(&w, "internal", true);
	jsonw_obj_close(&w);
	if (w.err || buf_puts(&b, "\n\n")) {
		buf_release(&b);
		return false;
	}
	*e = (struct hub_event){.view = {.row = {.id = ev->row.id,
						 .internal = ev->row.internal,
						 .requester_id = ev->row.requester_id,
						 .kind = ev->row.kind}}};
	if (ev->watcher_count) {
		e->watchers = malloc(ev->watcher_count * sizeof(*e->watchers));
		if (!e->watchers) {
			buf_release(&b);
			return false;
		}
		memcpy(e->watchers, ev->watchers, ev->watcher_count * sizeof(*e->watchers));
		e->view.watchers = e->watchers;
		e->view.watcher_count = ev->watcher_count;
	}
	e->frame = buf_detach(&b, &e->frame_len);
	return e->frame != NULL;
}

void event_hub_publish(struct event_hub *h, const struct ticket_event *ev, size_t n, int64_t cursor)
{
	int64_t now = now_ms();
	for (size_t i = 0; i < n; i++) {
		struct hub_event e = {0};
		if (!render(&ev[i], &e)) {
			hub_event_release(&e);
			log_msg(LOG_ERROR, "event not published", "event", LOG_INT, ev[i].row.id, (char *)0);
			continue;
		}
		pthread_mutex_lock(&h->lock);
		if (h->ring_len == LIMIT_EVENT_BACKLOG) {
			struct hub_event *old = &h->ring[h->ring_start];
			h->floor = old->view.row.id;
			hub_event_release(old);
			h->ring_start = (h->ring_start + 1) % LIMIT_EVENT_BACKLOG;
			h->ring_len--;
		}
		struct hub_event *slot = &h->ring[(h->ring_start + h->ring_len) % LIMIT_EVENT_BACKLOG];
		*slot = e;
		h->ring_len++;
		for (struct stream *s = h->head; s; s = s->next) {
			if (ring_visible(s, slot)) {
				stream_write(s, slot->frame, slot->frame_len, now);
				s->sent_id = slot->view.row.id;
			}
		}
		pthread_mutex_unlock(&h->lock);
	}
	pthread_mutex_lock(&h->lock);
	if (cursor > h->cursor)
		h->cursor = cursor;
	for (struct stream *s = h->head; s; s = s->next)
		stream_wake(s);
	pthread_mutex_unlock(&h->lock);
}

void event_hub_tick(struct event_hub *h)
{
	int64_t now = now_ms();
	pthread_mutex_lock(&h->lock);
	for (struct stream *s = h->head; s; s = s->next) {
		if (now - s->started_ms >= (int64_t)LIMIT_EVENT_STREAM_S * 1000) {
			s->ending = true;
		} else if (now - s->last_write_ms >= EVENT_HEARTBEAT_MS) {
			/* the id moves an end user's cursor on past events not for them */
			char frame[64];
			int len = h->cursor > s->sent_id
					  ? snprintf(frame, sizeof(frame), ": ping\nid: %lld\n\n", (long long)h->cursor)
					  : snprintf(frame, sizeof(frame), ": ping\n\n");
			if (h->cursor > s->sent_id)
				s->sent_id = h->cursor;
			stream_write(s, frame, (size_t)len, now);
		}
		stream_wake(s);
	}
	pthread_mutex_unlock(&h->lock);
}

void event_hub_close(struct event_hub *h)
{
	pthread_mutex_lock(&h->lock);
	h->closing = true;
	for (struct stream *s = h->head; s; s = s->next) {
		s->ending = true;
		stream_wake(s);
	}
	pthread_mutex_unlock(&h->lock);
}

int event_hub_streams(struct event_hub *h)
{
	pthread_mutex_lock(&h->lock);
	int n = h->count;
	pthread_mutex_unlock(&h->lock);
	return n;
}
