/*
 * ingest.c — the appender of the fast ingestion path (docs/events.md,
 * docs/performance.md "Event ingestion").
 *
 * A payload answered 202 must be durable first, and a durable commit costs
 * a disk flush.  One flush per request bounds a server at the disk's flush
 * rate, however idle its CPUs; so request threads do not commit.  Each
 * queues its payload here and suspends its connection (http_defer), free
 * to read the next request at once.  One thread takes every payload
 * queued, commits them all in one transaction (alert_accept_many: one row
 * each, unprocessed), then resumes their connections, whose threads answer
 * 202 with the payload's id.  While it flushes, the next payloads gather:
 * the batch grows with the load, up to ACCEPT_BATCH_MAX.
 *
 * The rows are processed later, in order, by the ingestion worker
 * (cli/worker.c, alert_inbox_drain), which the appender wakes after each
 * commit.  A crash after a commit loses nothing: the rows are there at the
 * next start.  A crash before it loses only payloads nobody was answered
 * for.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/ingest.h"
#include "base/log.h"
#include "base/util.h"
#include "store/store.h"
#include "base/banned.h"

#define ACCEPT_BATCH_MAX 512                 /* payloads in one transaction */
#define ACCEPT_ARENA_MAX (1024u * 1024 * 16) /* what one transaction allocates */

static atomic_long accepted_total, processed_total, failed_total, pending_now;

/* A payload waiting for its commit; in its request's arena. */
struct waiting {
	struct waiting *next;
	struct req *r;
	struct alert_accept a;
	const char *source;
	size_t received;
	bool preferred;
	enum sw_err rc;
	struct sw_error err;
};

static struct {
	pthread_mutex_t lock; /* guards head, tail, running, stopping */
	pthread_cond_t wake;
	struct waiting *head, *tail;
	bool running, stopping;
	pthread_t thread;
	struct waiting **batch; /* the appender's, ACCEPT_BATCH_MAX long */
	struct db *db;
	const struct core_config *core;
	void (*committed)(void *arg);
	void *arg;
} q = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

/* The answer, on the connection's own thread once it is resumed. */
static enum sw_err answer(struct req *r, void *arg, struct sw_error *err)
{
	struct waiting *w = arg;
	if (w->rc) {
		*err = w->err;
		return w->rc;
	}
	if (w->preferred)
		http_header(r, "Preference-Applied", "respond-async");
	json_t *j = json_pack("{s:s, s:I, s:I}", "source", w->source, "payload", (json_int_t)w->a.id, "received",
			      (json_int_t)w->received);
	return api_reply(r, 202, j, err);
}

/* Commit batch[0..n) in one transaction on this thread's connection. */
static enum sw_err commit(struct waiting **batch, size_t n, struct sw_error *err)
{
	struct alert_accept *items = calloc(n, sizeof(*items));
	if (!items)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < n; i++)
		items[i] = batch[i]->a;
	struct arena arena;
	arena_init(&arena, ACCEPT_ARENA_MAX);
	struct store store;
	enum sw_err rc = store_acquire(q.db, &arena, &store, err);
	if (!rc) {
		struct ctx c = {.store = &store,
				.arena = &arena,
				.now = time_now(),
				.cfg = q.core,
				.actor = {.user_id = 0, .login = NULL, .role = ROLE_ADMIN}};
		rc = alert_accept_many(&c, items, n, err);
	}
	for (size_t i = 0; !rc && i < n; i++)
		batch[i]->a.id = items[i].id;
	arena_release(&arena);
	free(items);
	return rc;
}

static void *run(void *unused)
{
	(void)unused;
	struct waiting **batch = q.batch;
	pthread_mutex_lock(&q.lock);
	for (;;) {
		while (!q.head && !q.stopping)
			pthread_cond_wait(&q.wake, &q.lock);
		if (!q.head && q.stopping)
			break;
		size_t n = 0;
		while (q.head && n < ACCEPT_BATCH_MAX) {
			batch[n++] = q.head;
			q.head = q.head->next;
		}
		if (!q.head)
			q.tail = NULL;
		pthread_mutex_unlock(&q.lock);
		struct sw_error err;
		sw_error_clear(&err);
		enum sw_err rc = commit(batch, n, &err);
		if (rc)
			log_msg(LOG_WARN, "accepting payloads failed", "payloads", LOG_INT, (int64_t)n, "detail",
				LOG_STR, err.detail, (char *)0);
		if (!rc) { /* counted before anyone is answered */
			atomic_fetch_add(&accepted_total, (long)n);
			atomic_fetch_add(&pending_now, (long)n);
		}
		for (size_t i = 0; i < n; i++) {
			batch[i]->rc = rc;
			if (rc)
				batch[i]->err = err;
			http_resume(batch[i]->r); /* batch[i] is the request's: not touched after this */
		}
		if (!rc && q.committed)
			q.committed(q.arg);
		pthread_mutex_lock(&q.lock);
	}
	pthread_mutex_unlock(&q.lock);
	return NULL;
}

int api_ingest_start(struct db *db, const struct core_config *core, void (*committed)(void *arg), void *arg)
{
	pthread_mutex_lock(&q.lock);
	q.db = db;
	q.core = core;
	q.committed = committed;
	q.arg = arg;
	q.stopping = false;
	if (!q.batch)
		q.batch = calloc(ACCEPT_BATCH_MAX, sizeof(*q.batch));
	q.running = q.batch && pthread_create(&q.thread, NULL, run, NULL) == 0;
	bool ok = q.running;
	pthread_mutex_unlock(&q.lock);
	return ok ? 0 : 1;
}

void api_ingest_stop(void)
{
	pthread_mutex_lock(&q.lock);
	bool running = q.running;
	q.stopping = true;
	pthread_cond_signal(&q.wake);
	pthread_mutex_unlock(&q.lock);
	if (running)
		pthread_join(q.thread, NULL);
	pthread_mutex_lock(&q.lock);
	q.running = false;
	free(q.batch);
	q.batch = NULL;
	pthread_mutex_unlock(&q.lock);
}

enum sw_err api_ingest_accept(struct req *r, const struct event_source *src, const struct alert_batch *b,
			      bool preferred, struct sw_error *err)
{
	struct waiting *w = arena_alloc(&r->arena, sizeof(*w));
	if (!w)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	*w = (struct waiting){.r = r,
			      .a = {.source_id = src->id,
				    .format = b->format,
				    .body = buf_cstr(&r->body),
				    .body_len = r->body.len,
				    .alert_count = (int64_t)b->count},
			      .source = arena_strdup(&r->arena, src->name),
			      .received = b->count,
			      .preferred = preferred};
	pthread_mutex_lock(&q.lock);
	bool queued = q.running && !q.stopping;
	if (queued) {
		http_defer(r, answer, w); /* before the appender can see it */
		if (q.tail)
			q.tail->next = w;
		else
			q.head = w;
		q.tail = w;
		pthread_cond_signal(&q.wake);
	}
	pthread_mutex_unlock(&q.lock);
	if (queued)
		return SW_OK;
	/* no appender (it is stopping, or never started): commit here */
	sw_error_clear(&w->err);
	w->rc = alert_accept_many(&r->ctx, &w->a, 1, &w->err);
	if (!w->rc)
		atomic_fetch_add(&accepted_total, 1);
	return answer(r, w, err);
}

void api_ingest_stats(struct ingest_stats *out)
{
	out->accepted = atomic_load(&accepted_total);
	out->processed = atomic_load(&processed_total);
	out->failed = atomic_load(&failed_total);
	out->pending = atomic_load(&pending_now);
}

void api_ingest_note(int done, int failed, int64_t pending)
{
	atomic_fetch_add(&processed_total, done);
	atomic_fetch_add(&failed_total, failed);
	if (pending >= 0) /* counted: exact when it was counted */
		atomic_store(&pending_now, (long)pending);
	else if (atomic_fetch_sub(&pending_now, done) < done) /* some were accepted before this start */
		atomic_store(&pending_now, 0);
}
