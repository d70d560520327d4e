/*
 * core.c — roles, value lists (the names of enum values), the length check
 * of text fields, process-wide core settings and start-up.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/core.h"
#include "core/change/change.h"
#include "core/change/release.h"
#include "core/core_int.h"
#include "core/schedule/schedule.h"
#include "core/sla/sla.h"
#include "core/port/store.h"
#include "base/banned.h"

static const char *const role_names[ROLE__COUNT] = {
	[ROLE_END_USER] = "end_user",
	[ROLE_AGENT] = "agent",
	[ROLE_MANAGER] = "manager",
	[ROLE_ADMIN] = "admin",
};

CORE_VALUE_LIST(enum role, role_names, ROLE__COUNT, ROLE_END_USER, role_name, role_parse)

void core_apply_span(struct sw_error *err, const char *start_named, const char *end_name, bool set_start, int64_t start,
		     bool set_end, int64_t end, int64_t *t_start, int64_t *t_end)
{
	if (set_start)
		*t_start = start;
	if (set_end)
		*t_end = end;
	if (*t_end && !*t_start)
		sw_field_fail(err, end_name, "needs %s", start_named);
	else if (*t_end && *t_end < *t_start)
		sw_field_fail(err, end_name, "must not be before %s", strchr(start_named, ' ') + 1);
}

bool core_text_ok(const char *s, size_t min, size_t max)
{
	size_t n = s ? utf8_count(s, strlen(s)) : 0;
	return s && n >= min && n <= max;
}

int core_value_index(const char *s, const char *const *names, int count)
{
	for (int i = 0; s && i < count; i++)
		if (names[i] && strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

const char *core_value_name(const struct core_values *l, int v)
{
	return (v >= 0 && v < l->count) ? l->names[v] : l->names[l->fallback];
}

int core_value_read(const struct core_values *l, const char *s)
{
	int i = core_value_find(l, s);
	return i < 0 ? l->fallback : i;
}

int core_value_find(const struct core_values *l, const char *s)
{
	return core_value_index(s, l->names, l->count);
}

const char *core_value_names(const struct core_values *l, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < l->count && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", l->names[i]);
	return buf;
}

void core_value_check(struct sw_error *err, const char *field, const struct core_values *l, const char *s)
{
	char names[256];
	if (core_value_find(l, s) < 0)
		sw_field_fail(err, field, "must be one of %s", core_value_names(l, names, sizeof(names)));
}

void core_config_defaults(struct core_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->pwhash_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	cfg->pwhash_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	cfg->hash_concurrency = 2;
	cfg->session_ttl_s = SESSION_TTL_S;
	cfg->login_failures_max = LIMIT_LOGIN_FAILURES;
	cfg->login_window_s = LIMIT_LOGIN_WINDOW_S;
	cfg->login_delay_s = LIMIT_LOGIN_DELAY_S;
	cfg->session_idle_s = SESSION_IDLE_S;
	cfg->sla_warn_percent = SLA_WARN_PERCENT_DEFAULT;
	cfg->reopen_window_s = 14 * 86400;
	cfg->approval_link_ttl_s = 7 * 86400;
	cfg->upload_ttl_s = 86400;
}

void scratch_begin(struct ctx *c, struct scratch *s)
{
	arena_init(&s->arena, 64u * 1024 * 1024);
	s->ctx_arena = c->arena;
	s->snap = c->snap;
	c->arena = &s->arena;
	s->store_arena = store_swap_arena(c->store, &s->arena);
}

void scratch_end(struct ctx *c, struct scratch *s)
{
	store_swap_arena(c->store, s->store_arena);
	c->arena = s->ctx_arena;
	c->snap = s->snap;
	arena_release(&s->arena);
}

enum sw_err core_config_set_password_cost(struct core_config *cfg, const char *cost, struct sw_error *err)
{
	if (strcmp(cost, "interactive") == 0) {
		cfg->pwhash_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		cfg->pwhash_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	} else if (strcmp(cost, "moderate") == 0) {
		cfg->pwhash_opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
		cfg->pwhash_memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
	} else if (strcmp(cost, "min") == 0) {
		cfg->pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
		cfg->pwhash_memlimit = crypto_pwhash_MEMLIMIT_MIN;
	} else {
		return sw_fail(err, SW_EINVALID, NULL, "password cost '%s' is not one of interactive, moderate, min",
			       cost);
	}
	return SW_OK;
}

enum sw_err core_init(const struct core_config *cfg, struct sw_error *err)
{
	if (sodium_init() < 0)
		return sw_fail(err, SW_EINTERNAL, NULL, "libsodium failed to initialise");
	auth_init(cfg);
	/* the change calendar's sources beside the windows: changes, releases (docs/schedule.md) */
	if (schedule_source_register(&change_schedule_source) || schedule_source_register(&release_schedule_source))
		return sw_fail(err, SW_EINTERNAL, NULL, "too many calendar sources");
	return SW_OK;
}

bool core_name_ok(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > max || s[0] < 'a' || s[0] > 'z')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}
