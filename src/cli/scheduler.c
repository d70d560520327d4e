/*
 * scheduler.c — the background thread of `steward serve` that runs the
 * SLA scheduler (core/escalation.h): a pass every interval, repeated at
 * once while a pass did a full batch, as the system actor on its own
 * database connection.  Stopping wakes it and waits for the pass in
 * progress to finish.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/util.h"
#include "cli/scheduler.h"
#include "store/store.h"
#include "base/banned.h"

#define SCHEDULER_BATCH 200

static bool full(const struct scheduler_result *r)
{
	return r->warnings >= SCHEDULER_BATCH || r->breaches >= SCHEDULER_BATCH || r->closed >= SCHEDULER_BATCH;
}

static void pass(struct scheduler *s)
{
	struct arena arena;
	arena_init(&arena, 64u * 1024 * 1024);
	struct sw_error err;
	struct scheduler_result res;
	for (int round = 0; round < 100; round++) {
		struct store store;
		sw_error_clear(&err);
		if (store_acquire(s->db, &arena, &store, &err)) {
			log_msg(LOG_WARN, "scheduler", "detail", LOG_STR, err.detail, (char *)0);
			break;
		}
		struct ctx c = {.store = &store,
				.arena = &arena,
				.now = time_now(),
				.cfg = s->core,
				.actor = {.user_id = 0, .login = NULL, .role = ROLE_ADMIN}};
		struct scheduler_config cfg = {.auto_close_s = s->auto_close_s, .batch = SCHEDULER_BATCH};
		if (scheduler_pass(&c, &cfg, &res, &err)) {
			log_msg(LOG_WARN, "scheduler pass failed", "detail", LOG_STR, err.detail, (char *)0);
			break;
		}
		if (res.warnings || res.breaches || res.escalations || res.closed)
			log_msg(LOG_INFO, "scheduler", "warnings", LOG_INT, (int64_t)res.warnings, "breaches", LOG_INT,
				(int64_t)res.breaches, "escalations", LOG_INT, (int64_t)res.escalations, "closed",
				LOG_INT, (int64_t)res.closed, (char *)0);
		arena_release(&arena);
		if (!full(&res))
			break;
	}
	arena_release(&arena);
}

static void *run(void *arg)
{
	struct scheduler *s = arg;
	pthread_mutex_lock(&s->lock);
	while (!s->stopping) {
		pthread_mutex_unlock(&s->lock);
		pass(s);
		pthread_mutex_lock(&s->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += s->interval_s;
		while (!s->stopping && pthread_cond_timedwait(&s->wake, &s->lock, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

int scheduler_start(struct scheduler *s)
{
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	s->stopping = false;
	if (pthread_create(&s->thread, NULL, run, s) != 0)
		return 1;
	s->running = true;
	log_msg(LOG_INFO, "scheduler started", "interval_s", LOG_INT, s->interval_s, "auto_close_s", LOG_INT,
		s->auto_close_s, (char *)0);
	return 0;
}

void scheduler_stop(struct scheduler *s)
{
	if (!s->running)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	s->running = false;
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
}
