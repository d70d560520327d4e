/*
 * ingest.h — the appender of the fast ingestion path (docs/events.md):
 * handlers hand it an authenticated, decoded payload and suspend their
 * connection; one thread commits every payload waiting in one transaction
 * and resumes their connections, which answer 202.  See ingest.c.
 *
 * Thread safety: api_ingest_start and api_ingest_stop from the thread that
 * runs the server, before it starts and after it has stopped; api_ingest_accept
 * from any request thread in between (the queue has its own lock).
 */
#ifndef SW_API_INGEST_H
#define SW_API_INGEST_H

#include "core/event/alert.h"
#include "db/db.h"
#include "http/http.h"

/* Start the appender on db.  committed(arg), when set, is called after
 * each commit (the ingestion worker is woken by it).  Nonzero when the
 * thread cannot start; until it runs, api_ingest_accept commits on the
 * request's own thread. */
int api_ingest_start(struct db *db, const struct core_config *core, void (*committed)(void *arg), void *arg);
/* Commit what is queued, stop the thread and wait for it. */
void api_ingest_stop(void);

/* The counters of /metrics: payloads this process accepted and processed
 * (or marked failed) since it started, and how many waited, in every
 * process, when the ingestion worker last looked. */
struct ingest_stats {
	long accepted, processed, failed, pending;
};
void api_ingest_stats(struct ingest_stats *out);
/* The ingestion worker's word, after a run: done payloads processed,
 * failed of them marked, pending still waiting (-1: not known). */
void api_ingest_note(int done, int failed, int64_t pending);

/* Accept b (decoded from r's body) from src: once the payload is
 * committed, r is answered 202 with {"source", "payload", "received"}
 * (and Preference-Applied: respond-async when preferred says so).  The
 * handler returns what this returns and answers nothing itself. */
enum sw_err api_ingest_accept(struct req *r, const struct event_source *src, const struct alert_batch *b,
			      bool preferred, struct sw_error *err);

#endif
