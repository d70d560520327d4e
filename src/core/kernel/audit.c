/*
 * audit.c — the audit trail: every write records who changed what, in the
 * same transaction as the change itself, and small shared helpers for
 * running a write as one transaction.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "core/core_int.h"
#include "core/port/store.h"
#include "base/banned.h"

#define CHANGES_MAX (1024 * 1024)

bool str_same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

enum sw_err core_reference_fail(struct sw_error *err, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sw_field_failv(err, field, fmt, ap);
	va_end(ap);
	snprintf(err->type, sizeof(err->type), "reference");
	return SW_EINVALID;
}

enum sw_err core_query_fail(struct sw_error *err, const char *field, const char *fmt, ...)
{
	char detail[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	sw_fail(err, SW_EBADREQ, "bad-request", "%s: %s", field, detail);
	sw_field_fail(err, field, "%s", detail);
	err->code = SW_EBADREQ;
	return SW_EBADREQ;
}

enum sw_err core_tx_begin(struct ctx *c, struct sw_error *err)
{
	return store_begin(c->store, err);
}

enum sw_err core_tx_begin_valid(struct ctx *c, struct sw_error *err)
{
	return err->code ? err->code : store_begin(c->store, err);
}

enum sw_err core_tx_begin_user(struct ctx *c, struct sw_error *err)
{
	return c->actor.user_id ? store_begin(c->store, err) : sw_fail(err, SW_EAUTH, NULL, "log in first");
}

enum sw_err core_tx_begin_long(struct ctx *c, struct sw_error *err)
{
	return store_begin_long(c->store, err);
}

enum sw_err core_tx_end(struct ctx *c, enum sw_err rc, struct sw_error *err)
{
	if (rc) {
		store_rollback(c->store);
		return rc;
	}
	rc = store_commit(c->store, err);
	if (rc)
		store_rollback(c->store);
	return rc;
}

void changes_init(struct changes *ch)
{
	buf_init(&ch->buf, CHANGES_MAX);
	jsonw_init(&ch->w, &ch->buf);
	jsonw_obj_open(&ch->w);
	ch->count = 0;
}

/* An entry "field": {...} is opened, filled with "from" and "to" or "to"
 * alone, and closed. */
static void entry_open(struct changes *ch, const char *field)
{
	jsonw_key(&ch->w, field);
	jsonw_obj_open(&ch->w);
}

static void entry_close(struct changes *ch)
{
	jsonw_obj_close(&ch->w);
	ch->count++;
}

void changes_str(struct changes *ch, const char *field, const char *from, const char *to)
{
	if (str_same(from, to))
		return;
	entry_open(ch, field);
	jsonw_kstr(&ch->w, "from", from);
	jsonw_kstr(&ch->w, "to", to);
	entry_close(ch);
}

/* A number's change, each side written by put. */
static void changes_number(struct changes *ch, const char *field, int64_t from, int64_t to,
			   void (*put)(struct jsonw *, const char *, int64_t))
{
	if (from == to)
		return;
	entry_open(ch, field);
	put(&ch->w, "from", from);
	put(&ch->w, "to", to);
	entry_close(ch);
}

void changes_int(struct changes *ch, const char *field, int64_t from, int64_t to)
{
	changes_number(ch, field, from, to, jsonw_kint);
}

/* An instant as the API writes one: RFC 3339, or null for 0 (unset). */
static void time_value(struct jsonw *w, const char *key, int64_t epoch)
{
	if (!epoch) {
		jsonw_key(w, key);
		jsonw_null(w);
		return;
	}
	char s[21];
	time_format_rfc3339(epoch, s);
	jsonw_kstr(w, key, s);
}

void changes_time(struct changes *ch, const char *field, int64_t from, int64_t to)
{
	changes_number(ch, field, from, to, time_value);
}

void changes_set_str(struct changes *ch, const char *field, const char *to)
{
	entry_open(ch, field);
	jsonw_kstr(&ch->w, "to", to);
	entry_close(ch);
}

void changes_set_int(struct changes *ch, const char *field, int64_t to)
{
	entry_open(ch, field);
	jsonw_kint(&ch->w, "to", to);
	entry_close(ch);
}

static void members(struct jsonw *w, const char *key, const struct change_member *m, size_t n)
{
	jsonw_key(w, key);
	jsonw_arr_open(w);
	for (size_t i = 0; i < n; i++) {
		if (!m[i].id) {
			jsonw_str(w, m[i].name);
			continue;
		}
		jsonw_obj_open(w);
		jsonw_kint(w, "id", m[i].id);
		jsonw_kstr(w, "name", m[i].name);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

void changes_members(struct changes *ch, const char *field, const struct change_member *added, size_t added_count,
		     const struct change_member *removed, size_t removed_count)
{
	if (!added_count && !removed_count)
		return;
	entry_open(ch, field);
	members(&ch->w, "added", added, added_count);
	members(&ch->w, "removed", removed, removed_count);
	entry_close(ch);
}

const char *changes_finish(struct changes *ch, struct arena *a)
{
	jsonw_obj_close(&ch->w);
	if (ch->w.err)
		return NULL;
	return arena_strndup(a, buf_cstr(&ch->buf), ch->buf.len);
}

void changes_release(struct changes *ch)
{
	buf_release(&ch->buf);
}

enum sw_err audit_record(struct ctx *c, const char *entity, int64_t entity_id, const char *action, bool internal,
			 const char *changes, struct sw_error *err)
{
	return store_audit_insert(c->store, c->now, c->actor.user_id, entity, entity_id, action, internal, changes,
				  err);
}

enum sw_err audit_changes(struct ctx *c, const char *entity, int64_t entity_id, const char *action, bool internal,
			  struct changes *ch, struct sw_error *err)
{
	const char *json = changes_finish(ch, c->arena);
	changes_release(ch);
	if (!json)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	return audit_record(c, entity, entity_id, action, internal, json, err);
}
