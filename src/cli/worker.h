/*
 * worker.h — the background threads of `steward serve`: the SLA
 * scheduler, the mailer, the webhook sender, the IMAP poller and the event poller.  Each runs its job every
 * interval, on its own database connection, as the system actor; stopping
 * wakes it and waits for the job in progress to finish.
 */
#ifndef SW_CLI_WORKER_H
#define SW_CLI_WORKER_H

#include <pthread.h>
#include <stdbool.h>

#include "core/mail/mail.h"
#include "core/sla/escalation.h"
#include "core/ticket/events.h"
#include "core/notify/notify.h"
#include "core/notify/webhook.h"
#include "db/db.h"
#include "mail/smtp.h"

struct worker {
	const char *name;
	struct db *db;
	const struct core_config *core;
	int64_t interval_s;
	int64_t interval_ms; /* when set, instead of interval_s */
	/* one run of the job with a fresh ctx; returns true to run again at once */
	bool (*job)(struct worker *w, struct ctx *c);
	/* the jobs' settings */
	struct scheduler_config sched;
	struct smtp_config smtp;
	struct mail_config mail;
	struct outbox_retry hooks;    /* the webhook sender's */
	struct mail_rules mail_rules; /* the IMAP poller's */
	const char *imap_ca_file;     /* ... and the CAs it trusts (NULL: the system's) */
	struct event_hub *hub;        /* the event poller's */
	struct events_cursor events;  /* the event poller's, its thread's own */
	bool failing;                 /* the last run failed (logged once) */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;      /* guarded by lock */
	bool poked;         /* guarded by lock: run again now (worker_poke) */
	atomic_bool cancel; /* stopping, for a job to look at while it runs */
	bool running;
};

bool worker_scheduler_job(struct worker *w, struct ctx *c);
bool worker_mailer_job(struct worker *w, struct ctx *c);
/* POST the due deliveries of the webhooks' outbox, signed with their
 * webhook's secret, and record each outcome. */
bool worker_webhook_job(struct worker *w, struct ctx *c);
/* Poll each active mailbox's IMAP folder: take in what is new, then move
 * or flag each message once what it produced is committed. */
bool worker_mail_poll_job(struct worker *w, struct ctx *c);
/* Read new audit rows, publish their events to w->hub, send heartbeats. */
bool worker_events_job(struct worker *w, struct ctx *c);

/* Process the payloads the fast path accepted (alert_inbox_drain). */
bool worker_ingest_job(struct worker *w, struct ctx *c);

/* Start the thread (fill name, db, core, interval_s, job and its settings
 * first).  Signals the caller waits for with sigwait must already be
 * blocked. */
int worker_start(struct worker *w);
/* Run the job again as soon as the run in progress ends (or now); any
 * thread. */
void worker_poke(struct worker *w);
/* Stop it and wait for the job in progress; harmless when not started. */
void worker_stop(struct worker *w);

#endif
