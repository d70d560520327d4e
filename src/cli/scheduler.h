/*
 * scheduler.h — the scheduler thread of `steward serve`; see scheduler.c.
 */
#ifndef SW_CLI_SCHEDULER_H
#define SW_CLI_SCHEDULER_H

#include <pthread.h>
#include <stdbool.h>

#include "core/escalation.h"
#include "db/db.h"

struct scheduler {
	struct db *db;
	const struct core_config *core;
	int64_t interval_s;
	int64_t auto_close_s;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping; /* guarded by lock */
	bool running;
};

/* Start the thread (fill db, core, interval_s and auto_close_s first).
 * Signals that the caller waits for with sigwait must already be blocked. */
int scheduler_start(struct scheduler *s);
/* Stop it and wait for the pass in progress; harmless when not started. */
void scheduler_stop(struct scheduler *s);

#endif
