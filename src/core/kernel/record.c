/*
 * record.c — the engine that runs the named configuration records
 * declared with struct record_kind; see record.h.
 *
 * A create or an update is one shape whatever the record: the role, the
 * fields, then in one transaction the references (a table) and the rest
 * of the input (apply), the row (a
 * taken name answered as 409 "duplicate"), what hangs off it, one audit
 * row, and the record read back for the answer.  The kinds supply only
 * what differs; the store keeps each kind's rows (struct record_store).
 */
#include <string.h>

#include "base/limits.h"
#include "core/kernel/authz.h"
#include "core/kernel/cfgsnap.h"
#include "core/core_int.h"
#include "core/kernel/record.h"
#include "core/port/store.h"
#include "base/banned.h"

const char *record_name(const struct record_kind *k, const void *rec)
{
	return *(const char *const *)((const char *)rec + k->name_at);
}

int64_t record_id(const struct record_kind *k, const void *rec)
{
	return *(const int64_t *)((const char *)rec + k->id_at);
}

void record_copy_from(const struct record_copy *copies, size_t count, const void *in, void *rec, bool creating)
{
	for (size_t i = 0; i < count; i++) {
		const struct record_copy *f = &copies[i];
		bool given = f->flag_at == RECORD_CREATING ? creating : *(const bool *)((const char *)in + f->flag_at);
		if (!given)
			continue;
		if (f->values) {
			int v = core_value_read(f->values,
						*(const char *const *)(const void *)((const char *)in + f->from_at));
			memcpy((char *)rec + f->to_at, &v, sizeof(v));
		} else {
			memcpy((char *)rec + f->to_at, (const char *)in + f->from_at, f->size);
		}
	}
}

void record_fill_unset(const struct record_copy *fills, size_t count, const void *in, const void *tpl, void *rec)
{
	for (size_t i = 0; i < count; i++) {
		const struct record_copy *f = &fills[i];
		if (!*(const bool *)((const char *)in + f->flag_at))
			memcpy((char *)rec + f->to_at, (const char *)tpl + f->from_at, f->size);
	}
}

enum sw_err record_check_cap(struct ctx *c, const struct record_write *w,
			     enum sw_err (*count)(struct store *s, int64_t *count, struct sw_error *err), int max,
			     const char *what, const char *advice, struct sw_error *err)
{
	int64_t n = 0;
	enum sw_err rc;
	if (!w->creating)
		return SW_OK;
	if ((rc = count(c->store, &n, err)))
		return rc;
	if (n >= max)
		return sw_fail(err, SW_ECONFLICT, "limit", "there are %d %s already: %s", max, what, advice);
	return SW_OK;
}

enum sw_err record_load_active(struct ctx *c, const struct record_kind *k, size_t active_at, const char *what,
			       const char *name, void *out, struct sw_error *err)
{
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = k->store->load(c->store, &(struct record_key){.name = name}, out, &look);
	if (rc == SW_ENOTFOUND || (!rc && !*(const bool *)((const char *)out + active_at)))
		return core_reference_fail(err, "template", "no active %s '%s'", what, name);
	if (rc)
		return sw_fail(err, rc, NULL, "%s", look.detail);
	return SW_OK;
}

/* The name rules of a copy table, for in. */
static void check_name(const struct record_copy *copies, size_t count, const void *in, bool creating,
		       struct sw_error *err)
{
	for (size_t i = 0; i < count; i++) {
		const struct record_copy *f = &copies[i];
		const char *name;
		if (f->name_rule != RECORD_NAME_CHECKED && f->name_rule != RECORD_NAME_CHECKED_EACH)
			continue;
		memcpy(&name, (const char *)in + f->from_at, sizeof(name));
		if (f->name_rule == RECORD_NAME_CHECKED)
			record_check_name(err, name, creating);
		else
			record_check_name_all(err, name, creating);
	}
}

/* The member of rec an audit entry names, as a number. */
static int64_t audit_int(const struct record_audit *e, const void *rec)
{
	const char *at = (const char *)rec + e->at;
	int i;
	int64_t i64;
	size_t z;
	unsigned u;
	switch (e->type) {
	case RECORD_AUDIT_INT:
	case RECORD_AUDIT_VALUE: memcpy(&i, at, sizeof(i)); return i;
	case RECORD_AUDIT_INT64: memcpy(&i64, at, sizeof(i64)); return i64;
	case RECORD_AUDIT_SIZE: memcpy(&z, at, sizeof(z)); return (int64_t)z;
	case RECORD_AUDIT_UINT: memcpy(&u, at, sizeof(u)); return u;
	case RECORD_AUDIT_BOOL: return *(const bool *)at;
	case RECORD_AUDIT_STR: break;
	}
	return 0;
}

/* ... as text: a string, a bool's "true" or "false", a value's name. */
static const char *audit_text(const struct record_audit *e, const void *rec)
{
	const char *s;
	switch (e->type) {
	case RECORD_AUDIT_STR: memcpy(&s, (const char *)rec + e->at, sizeof(s)); return s;
	case RECORD_AUDIT_BOOL: return audit_int(e, rec) ? "true" : "false";
	case RECORD_AUDIT_VALUE: return core_value_name(e->values, (int)audit_int(e, rec));
	default: return NULL;
	}
}

static bool audit_is_text(const struct record_audit *e)
{
	return e->type == RECORD_AUDIT_STR || e->type == RECORD_AUDIT_BOOL || e->type == RECORD_AUDIT_VALUE;
}

void record_audit_diff(struct changes *ch, const struct record_audit *audit, size_t count, const void *before,
		       const void *after, bool was)
{
	for (size_t i = 0; i < count; i++) {
		const struct record_audit *e = &audit[i];
		if (!audit_is_text(e))
			changes_int(ch, e->name, audit_int(e, before), audit_int(e, after));
		else if (e->type == RECORD_AUDIT_STR || was)
			changes_str(ch, e->name, audit_text(e, before), audit_text(e, after));
		else
			changes_str(ch, e->name, NULL, audit_text(e, after));
	}
}

void record_audit_set(struct changes *ch, const struct record_audit *audit, size_t count, const void *rec)
{
	for (size_t i = 0; i < count; i++) {
		if (audit_is_text(&audit[i]))
			changes_set_str(ch, audit[i].name, audit_text(&audit[i], rec));
		else
			changes_set_int(ch, audit[i].name, audit_int(&audit[i], rec));
	}
}

enum sw_err record_audit_row(struct ctx *c, const char *entity, int64_t entity_id, const char *action, bool internal,
			     const struct record_audit *audit, size_t count, const void *rec, struct sw_error *err)
{
	struct changes ch;
	changes_init(&ch);
	record_audit_set(&ch, audit, count, rec);
	return audit_changes(c, entity, entity_id, action, internal, &ch, err);
}

/* The audit row's changes of w: the kind's table, then its hook. */
static void audit_write(struct changes *ch, const struct record_kind *k, const struct record_write *w)
{
	if (k->audit_snapshot)
		record_audit_set(ch, k->audit, k->audit_count, w->rec);
	else
		record_audit_diff(ch, k->audit, k->audit_count, w->before, w->rec, record_id(k, w->before) != 0);
	if (k->changes)
		k->changes(ch, w);
}

/* The references of k's table that w's input gives, into w's record
 * (not found: collected in err). */
static enum sw_err resolve_refs(struct ctx *c, const struct record_kind *k, struct record_write *w,
				struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	for (size_t i = 0; i < k->ref_count && !rc; i++) {
		const struct record_ref *r = &k->refs[i];
		const char *in = w->in;
		if (!*(const bool *)(in + r->flag_at))
			continue;
		int64_t *id = (int64_t *)(void *)((char *)w->rec + r->id_at);
		const char **display = (const char **)(void *)((char *)w->rec + r->display_at);
		if (r->ci) {
			int64_t ci;
			memcpy(&ci, in + r->from_at, sizeof(ci));
			rc = core_ref_set_ci(c, r->field, ci, id, display, err);
			continue;
		}
		const char *name;
		memcpy(&name, in + r->from_at, sizeof(name));
		rc = (r->need ? core_ref_need : core_ref_set)(c, r->kind, r->field, name, id, display, err);
	}
	return rc;
}

/* The int64_t time at offset at of rec set to now. */
static void stamp(void *rec, size_t at, int64_t now)
{
	memcpy((char *)rec + at, &now, sizeof(now));
}

/* Who may read: a role, or anyone logged in (or the system itself: user
 * 0 as admin, the CLI's export). */
static enum sw_err may_read(struct ctx *c, const struct record_kind *k, struct sw_error *err)
{
	if (k->read_role > ROLE_END_USER || (!c->actor.user_id && c->actor.role == ROLE_ADMIN))
		return authz_require_role(&c->actor, k->read_role, err);
	return c->actor.user_id ? SW_OK : sw_fail(err, SW_EAUTH, NULL, "log in first");
}

/* The transaction of a create or update, w prepared: copies,
 * references, apply (field errors from any of them stop it), save, what
 * hangs off the row, audit, and the answer into out. */
static enum sw_err write_record(struct ctx *c, const struct record_kind *k, struct record_write *w, void *out,
				struct sw_error *err)
{
	if (k->matching)
		record_copy_from(k->matching->copies, RECORD_MATCHING__COUNT, w->in, w->rec, w->creating);
	record_copy_from(k->copies, k->copy_count, w->in, w->rec, w->creating);
	stamp(w->rec, k->updated_at_at, c->now);
	enum sw_err rc = resolve_refs(c, k, w, err);
	if (!rc && k->apply)
		rc = k->apply(c, w, err);
	if (rc || (rc = err->code))
		return rc;
	rc = k->store->save(c->store, w->rec, w->creating, err);
	cfgsnap_forget(c); /* a configuration record, perhaps: read it again */
	if (rc == SW_ECONFLICT && w->creating)
		rc = sw_fail(err, SW_ECONFLICT, "duplicate", "%s named '%s' exists", k->noun, record_name(k, w->rec));
	if (rc || (k->written && (rc = k->written(c, w, err))))
		return rc;
	struct changes ch;
	changes_init(&ch);
	audit_write(&ch, k, w);
	if ((rc = audit_changes(c, k->entity, record_id(k, w->rec), w->creating ? "create" : "update", false, &ch,
				err)))
		return rc;
	if (!k->reread) {
		memcpy(out, w->rec, k->size);
		return k->derive ? k->derive(c, out, err) : SW_OK;
	}
	struct record_key key = {.name = record_name(k, w->rec), .id = record_id(k, w->rec)};
	if ((rc = k->store->load(c->store, &key, out, err)))
		return rc;
	return k->derive ? k->derive(c, out, err) : SW_OK;
}

/* size zeroed bytes in the arena, or a copy of from; NULL when out of memory. */
static void *room(struct ctx *c, size_t size, const void *from)
{
	void *p = arena_alloc(c->arena, size);
	if (p && from)
		memcpy(p, from, size);
	else if (p)
		memset(p, 0, size);
	return p;
}

/* The int of in that entry f copies, and whether it was given. */
static bool given_int(const struct record_copy *f, const void *in, int *v)
{
	memcpy(v, (const char *)in + f->from_at, sizeof(*v));
	return *(const bool *)((const char *)in + f->flag_at);
}

/* A matching rule's place in the order it is tried (0 to 1000000) and the
 * priority it matches (1 to 5, 0 for any), each when given. */
static void check_matching(const struct record_matching *m, const void *in, struct sw_error *err)
{
	int position, priority;
	if (given_int(&m->copies[RECORD_MATCHING_POSITION], in, &position) && (position < 0 || position > 1000000))
		sw_field_fail(err, "position", "must be from 0 to 1000000");
	if (given_int(&m->copies[RECORD_MATCHING_PRIORITY], in, &priority) && (priority < 0 || priority > 5))
		sw_field_fail(err, "match_priority", "must be 1 to 5, or 0 for any");
}

/* What comes before a write's transaction: the role, the fields, and room
 * for the record, what it was (*before; a create's is k's blank) and the
 * hooks' scratch. */
static enum sw_err open_write(struct ctx *c, const struct record_kind *k, const void *in, bool creating,
			      struct record_write *w, void **before, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, k->write_role, err);
	if (rc)
		return rc;
	if (k->matching)
		check_name(k->matching->copies, RECORD_MATCHING__COUNT, in, creating, err);
	check_name(k->copies, k->copy_count, in, creating, err);
	k->validate(in, creating, err);
	if (k->matching)
		check_matching(k->matching, in, err);
	if (err->code)
		return err->code;
	*w = (struct record_write){.in = in, .creating = creating};
	w->rec = room(c, k->size, creating ? k->fresh : NULL);
	w->before = *before = room(c, k->size, creating ? k->blank : NULL);
	w->scratch = k->scratch_size ? room(c, k->scratch_size, NULL) : NULL;
	if (!w->rec || !*before || (k->scratch_size && !w->scratch))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	return SW_OK;
}

enum sw_err record_create(struct ctx *c, const struct record_kind *k, const void *in, void *out, struct sw_error *err)
{
	struct record_write w;
	void *before;
	enum sw_err rc = open_write(c, k, in, true, &w, &before, err);
	if (rc)
		return rc;
	if (k->init)
		k->init(c, in, w.rec);
	stamp(w.rec, k->created_at_at, c->now);
	if ((rc = core_tx_begin(c, err)))
		return rc;
	return core_tx_end(c, write_record(c, k, &w, out, err), err);
}

enum sw_err record_update(struct ctx *c, const struct record_kind *k, const struct record_key *key, const void *in,
			  void *out, struct sw_error *err)
{
	struct record_write w;
	void *before;
	enum sw_err rc = open_write(c, k, in, false, &w, &before, err);
	if (rc || (rc = core_tx_begin(c, err)))
		return rc;
	if (!(rc = k->store->load(c->store, key, before, err))) {
		memcpy(w.rec, before, k->size);
		rc = write_record(c, k, &w, out, err);
	}
	return core_tx_end(c, rc, err);
}

enum sw_err record_list(struct ctx *c, const struct record_kind *k, void *out, struct sw_error *err)
{
	enum sw_err rc = may_read(c, k, err);
	if (rc)
		return rc;
	if (!k->store->list)
		return sw_fail(err, SW_EINTERNAL, NULL, "%s records are not listed whole", k->entity);
	if ((rc = k->store->list(c->store, authz_is_agent(&c->actor), out, err)))
		return rc;
	const struct record_items *l = out;
	for (size_t i = 0; k->derive && !rc && i < l->count; i++)
		rc = k->derive(c, (char *)l->items + i * k->size, err);
	return rc;
}

enum sw_err record_get(struct ctx *c, const struct record_kind *k, const struct record_key *key, void *out,
		       struct sw_error *err)
{
	enum sw_err rc = may_read(c, k, err);
	if (rc || (rc = k->store->load(c->store, key, out, err)) || (k->visible && (rc = k->visible(c, key, out, err))))
		return rc;
	return k->derive ? k->derive(c, out, err) : SW_OK;
}

void record_check_name(struct sw_error *err, const char *name, bool creating)
{
	if (creating && !name)
		sw_field_fail(err, "name", "is required");
	else if (!creating && name)
		sw_field_fail(err, "name", "cannot be changed");
	else if (name && !core_text_ok(name, 1, LIMIT_NAME_LEN))
		sw_field_fail(err, "name", "must be 1 to %d characters", LIMIT_NAME_LEN);
}

bool record_given(struct sw_error *err, const char *field, bool creating, bool set)
{
	if (creating && !set)
		sw_field_fail(err, field, "is required");
	return set;
}

void record_check_text(struct sw_error *err, const char *field, bool creating, bool set, const char *value, size_t max)
{
	if (record_given(err, field, creating, set) && !core_text_ok(value, 1, max))
		sw_field_fail(err, field, "must be 1 to %zu characters", max);
}

void record_check_value(struct sw_error *err, const char *field, bool creating, bool set,
			const struct core_values *list, const char *value)
{
	if (record_given(err, field, creating, set))
		core_value_check(err, field, list, value);
}

void record_check_name_all(struct sw_error *err, const char *name, bool creating)
{
	if (!creating && name)
		sw_field_fail(err, "name", "cannot be changed");
	record_check_text(err, "name", creating, name != NULL, name, LIMIT_NAME_LEN);
}

enum sw_err record_history(struct ctx *c, const struct history_subject *h, const struct record_key *key,
			   const struct page *p, struct audit_list *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	const struct record_kind *k = h->kind;
	if (!k)
		return (rc = h->find(c, key->id, err)) ? rc
						       : store_audit_page(c->store, h->entity, key->id, p, out, err);
	void *rec = room(c, k->size, NULL);
	if (!rec)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if ((rc = may_read(c, k, err)) || (rc = k->store->load(c->store, key, rec, err)) ||
	    (k->visible && (rc = k->visible(c, key, rec, err))))
		return rc;
	return store_audit_page(c->store, k->entity, record_id(k, rec), p, out, err);
}
