/*
 * worker.c — background threads and their jobs; see worker.h.
 */
#include <errno.h>
#include <sodium.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/util.h"
#include "cli/worker.h"
#include "core/approval/approval.h"
#include "core/catalog/upload.h"
#include "core/change/risk.h"
#include "api/alert_decode.h"
#include "api/ingest.h"
#include "core/event/alert.h"
#include "core/knowledge/article.h"
#include "core/kernel/seal.h"
#include "core/sla/agreement.h"
#include "http/http.h"
#include "mail/hook.h"
#include "mail/imap.h"
#include "mail/mime.h"
#include "store/store.h"
#include "base/banned.h"

#define SCHEDULER_BATCH 200
/* A claimed message not marked by the end of its lease is tried again, so
 * the lease must outlast a whole batch of sends at their timeout. */
#define MAILER_BATCH 10
#define MAILER_SEND_TIMEOUT_S 60
#define MAILER_LEASE_S (MAILER_BATCH * MAILER_SEND_TIMEOUT_S * 2)

bool worker_scheduler_job(struct worker *w, struct ctx *c)
{
	struct sw_error err;
	sw_error_clear(&err);
	struct scheduler_result res;
	struct scheduler_config cfg = w->sched;
	cfg.batch = SCHEDULER_BATCH;
	cfg.stop = &w->cancel;
	if (scheduler_pass(c, &cfg, &res, &err)) {
		log_msg(LOG_WARN, "scheduler pass failed", "detail", LOG_STR, err.detail, (char *)0);
		return false;
	}
	if (atomic_load(&w->cancel))
		return false; /* stopping: the other passes wait for the next start */
	/* knowledge articles whose review has come: their owners are told */
	int reviews = 0;
	sw_error_clear(&err);
	if (!res.skipped && article_review_pass(c, SCHEDULER_BATCH, &reviews, &err))
		log_msg(LOG_WARN, "article review pass failed", "detail", LOG_STR, err.detail, (char *)0);
	/* approvals pending too long: their approvers are reminded */
	int reminders = 0;
	sw_error_clear(&err);
	if (!res.skipped && approval_reminder_pass(c, w->sched.approval_remind_s, SCHEDULER_BATCH, &reminders, &err))
		log_msg(LOG_WARN, "approval reminder pass failed", "detail", LOG_STR, err.detail, (char *)0);
	reviews += reminders;
	/* agreements whose review date has come: their owners are told, once per date */
	int agreements = 0;
	sw_error_clear(&err);
	if (!res.skipped && agreement_review_pass(c, SCHEDULER_BATCH, &agreements, &err))
		log_msg(LOG_WARN, "agreement review pass failed", "detail", LOG_STR, err.detail, (char *)0);
	reviews += agreements;
	/* incidents alerts opened whose alerts have all cleared: resolved */
	int cleared = 0;
	sw_error_clear(&err);
	if (!res.skipped && alert_resolve_pass(c, SCHEDULER_BATCH, &cleared, &err))
		log_msg(LOG_WARN, "alert resolve pass failed", "detail", LOG_STR, err.detail, (char *)0);
	reviews += cleared;
	/* open changes whose risk was assessed long enough ago: assessed again */
	int reassessed = 0;
	sw_error_clear(&err);
	if (!res.skipped && risk_reassess_pass(c, w->sched.risk_reassess_s, SCHEDULER_BATCH, &reassessed, &err))
		log_msg(LOG_WARN, "risk re-assessment pass failed", "detail", LOG_STR, err.detail, (char *)0);
	reviews += reassessed;
	/* uploads made for an order that never came: removed once expired */
	int purged = 0;
	sw_error_clear(&err);
	if (!res.skipped && upload_purge_pass(c, SCHEDULER_BATCH, &purged, &err))
		log_msg(LOG_WARN, "upload purge pass failed", "detail", LOG_STR, err.detail, (char *)0);
	reviews += purged;
	if (res.warnings || res.breaches || res.escalations || res.closed || res.archived || reviews)
		log_msg(LOG_INFO, "scheduler", "warnings", LOG_INT, (int64_t)res.warnings, "breaches", LOG_INT,
			(int64_t)res.breaches, "escalations", LOG_INT, (int64_t)res.escalations, "closed", LOG_INT,
			(int64_t)res.closed, "archived", LOG_INT, (int64_t)res.archived, "reviews", LOG_INT,
			(int64_t)reviews, (char *)0);
	return res.warnings >= SCHEDULER_BATCH || res.breaches >= SCHEDULER_BATCH || res.closed >= SCHEDULER_BATCH ||
	       res.archived >= SCHEDULER_BATCH || reviews >= SCHEDULER_BATCH;
}

bool worker_mailer_job(struct worker *w, struct ctx *c)
{
	struct sw_error err;
	sw_error_clear(&err);
	struct notification_list due;
	if (notify_claim(c, MAILER_BATCH, MAILER_LEASE_S, &due, &err)) {
		log_msg(LOG_WARN, "mailer claim failed", "detail", LOG_STR, err.detail, (char *)0);
		return false;
	}
	int sent = 0, failed = 0;
	for (size_t i = 0; i < due.count; i++) {
		const struct notification *n = &due.items[i];
		struct buf msg;
		buf_init(&msg, 1024 * 1024);
		sw_error_clear(&err);
		const char *problem = NULL;
		struct smtp_config smtp = w->smtp;
		smtp.timeout_s = MAILER_SEND_TIMEOUT_S;
		if (notify_render_email(n, &w->mail, time_now(), &msg, &err) ||
		    smtp_send(&smtp, w->mail.from, n->email_to, buf_cstr(&msg), msg.len, &err))
			problem = err.detail;
		buf_release(&msg);
		c->now = time_now();
		struct sw_error serr;
		sw_error_clear(&serr);
		if (notify_sent(c, n, problem, &w->mail, &serr))
			log_msg(LOG_WARN, "mailer cannot record a delivery", "detail", LOG_STR, serr.detail, (char *)0);
		if (problem) {
			failed++;
			log_msg(LOG_WARN, "mail not sent", "notification", LOG_INT, n->id, "attempt", LOG_INT,
				(int64_t)n->attempts + 1, "detail", LOG_STR, problem, (char *)0);
		} else {
			sent++;
		}
	}
	if (sent)
		log_msg(LOG_INFO, "mail sent", "messages", LOG_INT, (int64_t)sent, (char *)0);
	return due.count == MAILER_BATCH && !failed;
}

/* As the mailer's: a claim outlasts a batch of deliveries at their timeout. */
#define HOOK_BATCH 10
#define HOOK_TIMEOUT_S 10
#define HOOK_LEASE_S (HOOK_BATCH * HOOK_TIMEOUT_S * 2)
#define HOOK_SECRET_MAX (WEBHOOK_SECRET_MAX * 4 + 1) /* bytes: 256 characters of up to four */

/* "sha256=<hex>" of HMAC-SHA256(secret, "<delivery>.<timestamp>.<body>")
 * into out: the id and the time signed with the body, so that a request
 * caught on the way cannot be replayed as another delivery or later. */
static void hook_signature(const char *secret, const char *signed_head, const char *body, size_t len,
			   char out[7 + 64 + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)signed_head, strlen(signed_head));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, "sha256=", 7);
	sodium_bin2hex(out + 7, 64 + 1, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
}

/* One delivery POSTed; the problem (NULL: delivered) in c's arena. */
static const char *hook_deliver(struct worker *w, struct ctx *c, const struct webhook_delivery *d, int *status)
{
	struct sw_error err;
	sw_error_clear(&err);
	char secret[HOOK_SECRET_MAX];
	const char *what = arena_printf(c->arena, "webhook '%s'", d->webhook);
	*status = 0;
	if (seal_open(w->core, d->secret, what ? what : "a webhook", secret, sizeof(secret), &err))
		return arena_strdup(c->arena, err.detail);
	size_t len = strlen(d->body);
	char signature[7 + 64 + 1];
	long long at = (long long)time_now();
	const char *headers[6] = {"Content-Type: application/json",
				  "User-Agent: Steward-Webhook/1",
				  arena_printf(c->arena, "X-Steward-Event: %s", d->event),
				  arena_printf(c->arena, "X-Steward-Delivery: %lld", (long long)d->id),
				  arena_printf(c->arena, "X-Steward-Timestamp: %lld", at),
				  NULL};
	size_t n = 5;
	const char *head = arena_printf(c->arena, "%lld.%lld.", (long long)d->id, at);
	if (*secret && head) {
		hook_signature(secret, head, d->body, len, signature);
		headers[n++] = arena_printf(c->arena, "X-Steward-Signature: %s", signature);
	}
	sodium_memzero(secret, sizeof(secret));
	for (size_t i = 0; i < n; i++)
		if (!headers[i] || !head)
			return "out of memory";
	if (hook_post(d->url, headers, n, d->body, len, HOOK_TIMEOUT_S, status, &err))
		return arena_strdup(c->arena, err.detail);
	return NULL;
}

bool worker_webhook_job(struct worker *w, struct ctx *c)
{
	struct sw_error err;
	sw_error_clear(&err);
	struct webhook_delivery_list due;
	if (webhook_claim(c, HOOK_BATCH, HOOK_LEASE_S, &due, &err)) {
		log_msg(LOG_WARN, "webhook claim failed", "detail", LOG_STR, err.detail, (char *)0);
		return false;
	}
	int sent = 0, failed = 0;
	int64_t silent[HOOK_BATCH]; /* webhooks that gave no answer in this batch */
	size_t nsilent = 0;
	for (size_t i = 0; i < due.count; i++) {
		const struct webhook_delivery *d = &due.items[i];
		struct sw_error serr;
		sw_error_clear(&serr);
		bool wait = false;
		for (size_t j = 0; j < nsilent; j++)
			wait |= silent[j] == d->webhook_id;
		if (wait) { /* one receiver that does not answer holds up no other for long */
			c->now = time_now();
			if (webhook_postpone(c, d, &w->hooks, &serr))
				log_msg(LOG_WARN, "webhook sender cannot put off a delivery", "detail", LOG_STR,
					serr.detail, (char *)0);
			continue;
		}
		int status;
		const char *problem = hook_deliver(w, c, d, &status);
		if (problem && !status && nsilent < HOOK_BATCH)
			silent[nsilent++] = d->webhook_id;
		c->now = time_now();
		if (webhook_sent(c, d, status, problem, &w->hooks, &serr))
			log_msg(LOG_WARN, "webhook sender cannot record a delivery", "detail", LOG_STR, serr.detail,
				(char *)0);
		if (problem) {
			failed++;
			log_msg(LOG_WARN, "webhook not delivered", "webhook", LOG_STR, d->webhook, "delivery", LOG_INT,
				d->id, "attempt", LOG_INT, (int64_t)d->attempts + 1, "detail", LOG_STR, problem,
				(char *)0);
		} else {
			sent++;
		}
	}
	if (sent)
		log_msg(LOG_INFO, "webhooks delivered", "deliveries", LOG_INT, (int64_t)sent, (char *)0);
	return due.count == HOOK_BATCH && !failed;
}

#define POLL_BATCH 50 /* messages of one mailbox per run */

/* One mailbox: what is pending, each message taken in and then moved or
 * flagged; the first failure ends it (the message stays in the folder,
 * and the next run takes it again: a message already stored is a
 * duplicate, and only moved).  Returns the error, NULL when none. */
static const char *poll_mailbox(struct worker *w, struct ctx *c, const struct mailbox *mb, bool *more)
{
	struct sw_error err;
	sw_error_clear(&err);
	char password[1100];
	struct imap_session *s = NULL;
	const char *problem = NULL;
	uint64_t uids[POLL_BATCH];
	size_t count = 0, taken = 0;
	if (mailbox_password(w->core, mb, password, sizeof(password), &err))
		return arena_strdup(c->arena, err.detail);
	struct imap_config cfg = {
		.url = mb->imap_url, .user = mb->imap_user, .password = password, .ca_file = w->imap_ca_file};
	if (imap_open(&cfg, &s, &err) ||
	    imap_pending(s, mb->folder, *mb->processed_folder != 0, uids, POLL_BATCH, &count, &err))
		problem = arena_strdup(c->arena, err.detail);
	for (size_t i = 0; !problem && i < count; i++) {
		struct buf raw;
		buf_init(&raw, MIME_MESSAGE_MAX + 1);
		enum sw_err rc = imap_fetch(s, mb->folder, uids[i], &raw, &err);
		if (rc && rc != SW_ETOOLARGE) {
			problem = arena_strdup(c->arena, err.detail);
			buf_release(&raw);
			break;
		}
		struct scratch sc;
		scratch_begin(c, &sc);
		c->now = time_now();
		struct mail_intake in = {.raw = buf_cstr(&raw),
					 .len = raw.len,
					 .mailbox = mb,
					 .rules = &w->mail_rules,
					 .truncated = rc == SW_ETOOLARGE};
		struct mail_outcome out;
		sw_error_clear(&err);
		rc = mail_intake(c, &in, &out, &err);
		scratch_end(c, &sc);
		buf_release(&raw);
		sw_error_clear(&err);
		if (rc || imap_done(s, mb->folder, uids[i], mb->processed_folder, &err)) {
			problem = arena_strdup(c->arena, err.detail[0] ? err.detail : "intake failed");
			break;
		}
		taken++;
	}
	imap_close(s);
	sodium_memzero(password, sizeof(password));
	if (taken)
		log_msg(LOG_INFO, "mail taken in", "mailbox", LOG_STR, mb->name, "messages", LOG_INT, (int64_t)taken,
			(char *)0);
	*more = *more || (!problem && count == POLL_BATCH);
	return problem;
}

bool worker_mail_poll_job(struct worker *w, struct ctx *c)
{
	struct sw_error err;
	sw_error_clear(&err);
	struct mailbox *boxes;
	size_t n;
	if (mailbox_list_polled(c, &boxes, &n, &err)) {
		log_msg(LOG_WARN, "mail poll cannot list mailboxes", "detail", LOG_STR, err.detail, (char *)0);
		return false;
	}
	bool more = false;
	for (size_t i = 0; i < n; i++) {
		const char *problem = poll_mailbox(w, c, &boxes[i], &more);
		if (problem)
			log_msg(LOG_WARN, "mail poll failed", "mailbox", LOG_STR, boxes[i].name, "detail", LOG_STR,
				problem, (char *)0);
		c->now = time_now();
		sw_error_clear(&err);
		if (mailbox_polled(c, boxes[i].id, problem, &err))
			log_msg(LOG_WARN, "mail poll cannot record its outcome", "detail", LOG_STR, err.detail,
				(char *)0);
	}
	return more;
}

#define EVENTS_BATCH 256

bool worker_events_job(struct worker *w, struct ctx *c)
{
	struct sw_error err;
	sw_error_clear(&err);
	struct ticket_event *ev = NULL;
	size_t n = 0;
	bool more = false;
	if (events_poll(c, &w->events, EVENTS_BATCH, &ev, &n, &more, &err)) {
		if (!w->failing) /* once, not four times a second */
			log_msg(LOG_WARN, "event poller failed", "detail", LOG_STR, err.detail, (char *)0);
		w->failing = true;
	} else {
		if (w->failing)
			log_msg(LOG_INFO, "event poller recovered", (char *)0);
		w->failing = false;
		event_hub_publish(w->hub, ev, n, w->events.id);
	}
	event_hub_tick(w->hub);
	return more;
}

/* At most this many payloads a transaction (and ALERT_BATCH_MAX alerts):
 * a transaction holds SQLite's writer, and the appender waits for it, so
 * the 202s wait too; 16 single events are a few milliseconds. */
#define INGEST_BATCH 16

bool worker_ingest_job(struct worker *w, struct ctx *c)
{
	struct sw_error err;
	sw_error_clear(&err);
	int done = 0, failed = 0;
	if (alert_inbox_drain(c, INGEST_BATCH, api_alert_decode_stored, &done, &failed, &err)) {
		if (!w->failing) /* once, not every second */
			log_msg(LOG_WARN, "ingestion failed", "detail", LOG_STR, err.detail, (char *)0);
		w->failing = true;
		return false;
	}
	if (w->failing)
		log_msg(LOG_INFO, "ingestion recovered", (char *)0);
	w->failing = false;
	if (failed)
		log_msg(LOG_WARN, "payloads could not be processed", "count", LOG_INT, (int64_t)failed, (char *)0);
	/* counted once the inbox is (nearly) empty: a count costs what is left */
	int64_t pending = -1;
	if (done < INGEST_BATCH && alert_inbox_pending(c, &pending, &err))
		pending = -1;
	api_ingest_note(done, failed, pending);
	return done > 0;
}

static void run_job(struct worker *w)
{
	struct arena arena;
	arena_init(&arena, 64u * 1024 * 1024);
	for (int round = 0; round < 100; round++) {
		struct store store;
		struct sw_error err;
		sw_error_clear(&err);
		if (store_acquire(w->db, &arena, &store, &err)) {
			log_msg(LOG_WARN, w->name, "detail", LOG_STR, err.detail, (char *)0);
			break;
		}
		struct ctx c = {.store = &store,
				.arena = &arena,
				.now = time_now(),
				.cfg = w->core,
				.actor = {.user_id = 0, .login = NULL, .role = ROLE_ADMIN}};
		bool again = w->job(w, &c);
		arena_release(&arena);
		pthread_mutex_lock(&w->lock);
		bool stopping = w->stopping;
		pthread_mutex_unlock(&w->lock);
		if (!again || stopping)
			break;
	}
	arena_release(&arena);
}

static void *run(void *arg)
{
	struct worker *w = arg;
	pthread_mutex_lock(&w->lock);
	while (!w->stopping) {
		pthread_mutex_unlock(&w->lock);
		run_job(w);
		pthread_mutex_lock(&w->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		if (w->interval_ms) {
			int64_t ns = until.tv_nsec + (w->interval_ms % 1000) * 1000000;
			until.tv_sec += w->interval_ms / 1000 + ns / 1000000000;
			until.tv_nsec = ns % 1000000000;
		} else {
			until.tv_sec += w->interval_s;
		}
		while (!w->stopping && !w->poked && pthread_cond_timedwait(&w->wake, &w->lock, &until) != ETIMEDOUT)
			;
		w->poked = false;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int worker_start(struct worker *w)
{
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	w->stopping = false;
	atomic_store(&w->cancel, false);
	if (pthread_create(&w->thread, NULL, run, w) != 0)
		return 1;
	w->running = true;
	if (w->interval_ms)
		log_msg(LOG_INFO, "worker started", "worker", LOG_STR, w->name, "interval_ms", LOG_INT, w->interval_ms,
			(char *)0);
	else
		log_msg(LOG_INFO, "worker started", "worker", LOG_STR, w->name, "interval_s", LOG_INT, w->interval_s,
			(char *)0);
	return 0;
}

void worker_poke(struct worker *w)
{
	pthread_mutex_lock(&w->lock);
	w->poked = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

void worker_stop(struct worker *w)
{
	if (!w->running)
		return;
	atomic_store(&w->cancel, true);
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	w->running = false;
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
}
