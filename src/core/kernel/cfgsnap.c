/*
 * cfgsnap.c — the configuration snapshot (cfgsnap.h): one immutable copy
 * per process of what a ticket write reads, labelled with the
 * configuration version it was read at.
 *
 * Lifetime: a snapshot has a reference count guarded by snap_lock.  The
 * published one (current) holds one reference; each arena that borrowed
 * from it holds one, let go when the arena is released (arena_defer).  A
 * thread that finds the version changed builds a new snapshot outside the
 * lock, from its own connection inside its own transaction, and publishes
 * it; the one it replaces goes when its last borrower's arena does.  Two
 * threads may build at once after a change: the later one published wins
 * and both are correct, since each is labelled with the version it read
 * before reading the rest.  Versions are not ordered (migration 45 says
 * why), so "different" is all a comparison can tell.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "core/core_int.h"
#include "core/kernel/cfgsnap.h"
#include "core/notify/notify.h"
#include "core/sla/sla.h"
#include "core/ticket/assign.h"
#include "core/ticket/custom_field.h"
#include "core/port/assign.h"
#include "core/port/cfgsnap.h"
#include "core/port/config.h"
#include "core/port/custom.h"
#include "core/port/notify.h"
#include "core/port/sla.h"
#include "core/port/ticket.h"
#include "core/port/webhook.h"
#include "core/notify/webhook.h"
#include "base/banned.h"

struct cfgsnap {
	int64_t version;
	int refs;           /* under snap_lock */
	struct arena arena; /* everything below lives here */
	int matrix[3][3];
	struct sla_policy_list policies; /* active */
	struct calendar_def_list calendars;
	struct calendar *built;               /* [calendars.count] */
	enum sw_err *built_rc;                /* [calendars.count]: calendar_build's answer */
	struct notify_rule_list notify_rules; /* active, by event then name */
	struct notify_template_list templates;
	struct assignment_rule_list assign_rules; /* active */
	struct mandatory_list mandatory;          /* every kind and state */
	int64_t category_count;
	struct webhook_list webhooks; /* active */
};

static pthread_mutex_t snap_lock = PTHREAD_MUTEX_INITIALIZER; /* guards current and every refs */
static struct cfgsnap *current;

static void snap_free(struct cfgsnap *s)
{
	arena_release(&s->arena);
	free(s);
}

static void snap_put(void *arg)
{
	struct cfgsnap *s = arg;
	pthread_mutex_lock(&snap_lock);
	int left = --s->refs;
	pthread_mutex_unlock(&snap_lock);
	if (!left)
		snap_free(s);
}

/* Read everything at version (read before, in the same transaction). */
static enum sw_err snap_build(struct ctx *c, int64_t version, struct cfgsnap **out, struct sw_error *err)
{
	struct cfgsnap *s = calloc(1, sizeof(*s));
	if (!s)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	s->version = version;
	s->refs = 1;
	arena_init(&s->arena, LIMIT_CFGSNAP_BYTES);
	struct arena *was = store_swap_arena(c->store, &s->arena);
	enum sw_err rc;
	(void)((rc = store_matrix_get(c->store, s->matrix, err)) ||
	       (rc = store_sla_policy_list(c->store, true, &s->policies, err)) ||
	       (rc = store_calendar_list(c->store, &s->calendars, err)) ||
	       (rc = store_notify_rule_list(c->store, -1, true, &s->notify_rules, err)) ||
	       (rc = store_notify_template_list(c->store, &s->templates, err)) ||
	       (rc = store_rule_list(c->store, true, &s->assign_rules, err)) ||
	       (rc = store_mandatory_list(c->store, NULL, NULL, &s->mandatory, err)) ||
	       (rc = store_category_count(c->store, &s->category_count, err)) ||
	       (rc = store_webhook_active(c->store, &s->webhooks, err)));
	store_swap_arena(c->store, was);
	size_t n = s->calendars.count;
	if (!rc && n) {
		s->built = arena_alloc(&s->arena, n * sizeof(*s->built));
		s->built_rc = arena_alloc(&s->arena, n * sizeof(*s->built_rc));
		if (!s->built || !s->built_rc)
			rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		for (size_t i = 0; !rc && i < n; i++) {
			struct sw_error ignore;
			sw_error_clear(&ignore);
			s->built_rc[i] = calendar_build(&s->calendars.items[i], &s->built[i], &ignore);
		}
	}
	if (rc) {
		snap_free(s);
		return rc;
	}
	*out = s;
	return SW_OK;
}

/* The snapshot for c now; see cfgsnap.h for when the version is read. */
static enum sw_err snap_get(struct ctx *c, const struct cfgsnap **out, struct sw_error *err)
{
	uint64_t mark = store_tx_mark(c->store);
	if (c->snap && mark && mark == c->snap_mark) {
		*out = c->snap;
		return SW_OK;
	}
	int64_t version;
	enum sw_err rc = store_config_version(c->store, &version, err);
	if (rc)
		return rc;
	pthread_mutex_lock(&snap_lock);
	struct cfgsnap *s = current;
	if (s && s->version == version)
		s->refs++;
	else
		s = NULL;
	pthread_mutex_unlock(&snap_lock);
	if (!s) {
		if ((rc = snap_build(c, version, &s, err)))
			return rc;
		pthread_mutex_lock(&snap_lock);
		struct cfgsnap *old = current;
		current = s;
		s->refs++; /* current's */
		pthread_mutex_unlock(&snap_lock);
		if (old)
			snap_put(old);
	}
	if (arena_defer(c->arena, snap_put, s)) {
		snap_put(s);
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	}
	c->snap = mark ? s : NULL;
	c->snap_mark = mark;
	*out = s;
	return SW_OK;
}

void cfgsnap_forget(struct ctx *c)
{
	c->snap = NULL;
}

enum sw_err cfgsnap_matrix(struct ctx *c, int out[3][3], struct sw_error *err)
{
	const struct cfgsnap *s;
	enum sw_err rc = snap_get(c, &s, err);
	if (!rc)
		memcpy(out, s->matrix, sizeof(s->matrix));
	return rc;
}

enum sw_err cfgsnap_sla_policies(struct ctx *c, struct sla_policy_list *out, struct sw_error *err)
{
	const struct cfgsnap *s;
	enum sw_err rc = snap_get(c, &s, err);
	if (!rc)
		*out = s->policies;
	return rc;
}

enum sw_err cfgsnap_calendar(struct ctx *c, int64_t id, const struct calendar **out, struct sw_error *err)
{
	const struct cfgsnap *s;
	enum sw_err rc = snap_get(c, &s, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < s->calendars.count; i++) {
		if (s->calendars.items[i].id != id)
			continue;
		if (!s->built_rc[i]) {
			*out = &s->built[i];
			return SW_OK;
		}
		/* the same failure, with its message */
		struct calendar scratch;
		return calendar_build(&s->calendars.items[i], &scratch, err);
	}
	/* not there: the store says why (or has it, if this transaction made
	 * it without cfgsnap_forget: then it is built here, for c alone) */
	struct calendar_def def;
	if ((rc = store_calendar_by_id(c->store, id, &def, err)))
		return rc;
	struct calendar *cal = arena_alloc(c->arena, sizeof(*cal));
	if (!cal)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if ((rc = calendar_build(&def, cal, err)))
		return rc;
	*out = cal;
	return SW_OK;
}

enum sw_err cfgsnap_notify_rules(struct ctx *c, enum notify_event e, struct notify_rule_list *out, struct sw_error *err)
{
	const struct cfgsnap *s;
	enum sw_err rc = snap_get(c, &s, err);
	if (rc)
		return rc;
	const struct notify_rule_list *l = &s->notify_rules;
	size_t i = 0, j;
	while (i < l->count && l->items[i].event != e)
		i++;
	for (j = i; j < l->count && l->items[j].event == e; j++)
		;
	out->items = l->items + i;
	out->count = j - i;
	return SW_OK;
}

enum sw_err cfgsnap_notify_template(struct ctx *c, enum notify_event e, struct notify_template *out,
				    struct sw_error *err)
{
	const struct cfgsnap *s;
	enum sw_err rc = snap_get(c, &s, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < s->templates.count; i++)
		if (s->templates.items[i].event == e) {
			*out = s->templates.items[i];
			return SW_OK;
		}
	return store_notify_template_get(c->store, e, out, err); /* its not-found */
}

enum sw_err cfgsnap_assign_rules(struct ctx *c, struct assignment_rule_list *out, struct sw_error *err)
{
	const struct cfgsnap *s;
	enum sw_err rc = snap_get(c, &s, err);
	if (!rc)
		*out = s->assign_rules;
	return rc;
}

enum sw_err cfgsnap_mandatory(struct ctx *c, const char *kind, const char *state, struct mandatory_list *out,
			      struct sw_error *err)
{
	const struct cfgsnap *s;
	enum sw_err rc = snap_get(c, &s, err);
	if (rc)
		return rc;
	const struct mandatory_list *l = &s->mandatory;
	size_t n = 0;
	for (size_t i = 0; i < l->count; i++)
		n += str_same(l->items[i].kind, kind) && str_same(l->items[i].state, state);
	out->items = NULL;
	out->count = 0;
	if (!n)
		return SW_OK;
	if (!(out->items = arena_alloc(c->arena, n * sizeof(*out->items))))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < l->count; i++)
		if (str_same(l->items[i].kind, kind) && str_same(l->items[i].state, state))
			out->items[out->count++] = l->items[i];
	return SW_OK;
}

enum sw_err cfgsnap_category_count(struct ctx *c, int64_t *out, struct sw_error *err)
{
	const struct cfgsnap *s;
	enum sw_err rc = snap_get(c, &s, err);
	if (!rc)
		*out = s->category_count;
	return rc;
}

enum sw_err cfgsnap_webhooks(struct ctx *c, struct webhook_list *out, struct sw_error *err)
{
	const struct cfgsnap *s;
	enum sw_err rc = snap_get(c, &s, err);
	if (!rc)
		*out = s->webhooks;
	return rc;
}
