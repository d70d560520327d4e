/*
 * guard.c — deadlines for receiving a request, which libmicrohttpd does
 * not have: its connection timeout is an idle timeout that every byte
 * resets, so a client that sends one header line every few seconds keeps
 * a connection (and a slot under the connection limit) forever.
 *
 * Each connection has a phase and the time it entered it:
 *   head  from accept, or from the end of the previous answer on a
 *         keep-alive connection, until the request head is complete (MHD's
 *         first access-handler call).  Deadline: head_timeout.  So an idle
 *         keep-alive connection is closed after head_timeout as well.
 *   body  until the body is complete (the last call).  Deadline:
 *         head_timeout plus one second per body_min_rate bytes received,
 *         i.e. an average rate after a grace period (none when the rate is
 *         0).
 *   busy  the handler runs and the answer is sent (event streams stay
 *         busy for their whole life): no deadline here; MHD's idle timeout
 *         still ends a connection on which nothing moves.
 * The connection's own thread moves it between phases with one atomic
 * store (phase and start time packed in one word, so the watchdog never
 * sees the start of one phase with another's name).  A watchdog thread
 * sweeps the list a few times per head_timeout and shuts down the socket
 * of every connection past its deadline; MHD then sees the end of the
 * stream, closes the connection and frees it as for any client that went
 * away.  The socket is shut down, never closed, here, and only while the
 * entry is in the list under the lock: MHD reports the close (guard_close)
 * before it closes the descriptor, so the number cannot have been reused.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "base/dlist.h"
#include "base/log.h"
#include "base/util.h"
#include "http/http_int.h"
#include "base/banned.h"

struct guard_conn {
	struct guard_conn *prev, *next; /* guard.lock */
	int fd;
	bool shut;                  /* guard.lock */
	_Atomic uint64_t state;     /* since_ms << 2 | phase */
	atomic_int_fast64_t body_n; /* body bytes received in this request */
};

struct guard {
	struct guard_config cfg;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct guard_conn *head; /* lock */
	bool stopping;           /* lock */
	bool started;
	pthread_t thread;
};

static int64_t now_ms(void)
{
	return time_mono_ns() / 1000000;
}

bool guard_expired(const struct guard_config *c, enum guard_phase phase, int64_t since_ms, int64_t body_bytes,
		   int64_t now)
{
	int64_t waited = now - since_ms;
	switch (phase) {
	case GUARD_HEAD: return waited > c->head_timeout_ms;
	case GUARD_BODY:
		if (c->body_min_rate <= 0)
			return false;
		/* bytes / rate seconds of credit; no overflow for any real body */
		return waited > c->head_timeout_ms + body_bytes * 1000 / c->body_min_rate;
	default: return false;
	}
}

static void set_phase(struct guard_conn *c, enum guard_phase p)
{
	if (c)
		atomic_store(&c->state, (uint64_t)now_ms() << 2 | (uint64_t)p);
}

void guard_head_done(struct guard_conn *c)
{
	if (c)
		atomic_store(&c->body_n, 0);
	set_phase(c, GUARD_BODY);
}

void guard_body(struct guard_conn *c, size_t n)
{
	if (c)
		atomic_fetch_add(&c->body_n, (int_fast64_t)n);
}

void guard_busy(struct guard_conn *c)
{
	set_phase(c, GUARD_BUSY);
}

void guard_next(struct guard_conn *c)
{
	set_phase(c, GUARD_HEAD);
}

struct guard_conn *guard_open(struct guard *g, int fd)
{
	if (!g || fd < 0)
		return NULL;
	struct guard_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL; /* unguarded: MHD's idle timeout still applies */
	c->fd = fd;
	set_phase(c, GUARD_HEAD);
	pthread_mutex_lock(&g->lock);
	DLIST_PUSH(g->head, c);
	pthread_mutex_unlock(&g->lock);
	return c;
}

void guard_close(struct guard *g, struct guard_conn *c)
{
	if (!g || !c)
		return;
	pthread_mutex_lock(&g->lock);
	DLIST_UNLINK(g->head, c);
	pthread_mutex_unlock(&g->lock);
	free(c);
}

/* One sweep; returns how many connections it ended. */
static int sweep(struct guard *g)
{
	int n = 0;
	int64_t now = now_ms();
	for (struct guard_conn *c = g->head; c; c = c->next) {
		if (c->shut)
			continue;
		uint64_t st = atomic_load(&c->state);
		if (!guard_expired(&g->cfg, (enum guard_phase)(st & 3), (int64_t)(st >> 2), atomic_load(&c->body_n),
				   now))
			continue;
		shutdown(c->fd, SHUT_RDWR);
		c->shut = true;
		n++;
	}
	return n;
}

static void *watchdog(void *arg)
{
	struct guard *g = arg;
	/* a few sweeps per deadline: a connection ends at most a quarter of
	 * it (or a second) late */
	int64_t every = g->cfg.head_timeout_ms / 4;
	every = every < 50 ? 50 : every > 1000 ? 1000 : every;
	pthread_mutex_lock(&g->lock);
	while (!g->stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += (long)(every % 1000) * 1000000L;
		ts.tv_sec += (time_t)(every / 1000) + ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&g->wake, &g->lock, &ts);
		if (g->stopping)
			break;
		int n = sweep(g);
		if (n) {
			pthread_mutex_unlock(&g->lock);
			metrics_slow_closed(n);
			log_msg(LOG_WARN, "closed slow connections", "count", LOG_INT, (int64_t)n, "head_timeout_ms",
				LOG_INT, g->cfg.head_timeout_ms, (char *)0);
			pthread_mutex_lock(&g->lock);
		}
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct guard *guard_new(const struct guard_config *cfg)
{
	struct guard *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->cfg = *cfg;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->wake, NULL);
	if (g->cfg.head_timeout_ms > 0) {
		if (pthread_create(&g->thread, NULL, watchdog, g) != 0) {
			guard_free(g);
			return NULL;
		}
		g->started = true;
	}
	return g;
}

void guard_free(struct guard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = true;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	if (g->started)
		pthread_join(g->thread, NULL);
	while (g->head) { /* none once the daemon has stopped; be safe */
		struct guard_conn *c = g->head;
		g->head = c->next;
		free(c);
	}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}
