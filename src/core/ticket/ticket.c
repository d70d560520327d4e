/*
 * ticket.c — the shared ticket core; see ticket.h.
 *
 * Kinds are declarations (the incident's is in incident.c) kept in a
 * registry here; the engine that runs them is ticket_engine.c.  Reads go through
 * ticket_load, which applies the visibility rule of authz.c, so no path
 * can hand a ticket to someone who may not see it.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/change/release.h"
#include "core/kernel/authz.h"
#include "core/core_int.h"
#include "core/kernel/record.h"
#include "core/notify/notify.h"
#include "core/sla/sla.h"
#include "core/ticket/ticket.h"
#include "core/port/ticket.h"
#include "core/catalog/request.h"
#include "core/csi/improvement.h"
#include "base/banned.h"

static const char *const sort_names[TICKET_SORT__COUNT] = {
	[TICKET_SORT_CREATED_DESC] = "-created_at", [TICKET_SORT_CREATED_ASC] = "created_at",
	[TICKET_SORT_UPDATED_DESC] = "-updated_at", [TICKET_SORT_UPDATED_ASC] = "updated_at",
	[TICKET_SORT_PRIORITY_DESC] = "-priority",  [TICKET_SORT_PRIORITY_ASC] = "priority",
};

const char *ticket_sort_name(enum ticket_sort s)
{
	return (s >= 0 && s < TICKET_SORT__COUNT) ? sort_names[s] : "-created_at";
}

enum sw_err ticket_sort_parse(const char *s, enum ticket_sort *out)
{
	for (int i = 0; i < TICKET_SORT__COUNT; i++)
		if (strcmp(s, sort_names[i]) == 0) {
			*out = (enum ticket_sort)i;
			return SW_OK;
		}
	return SW_EINVALID;
}

/* ---- kinds and their machines ------------------------------------------- */

static const char *const phase_names[TICKET_PHASE__COUNT] = {
	[TICKET_PHASE_OPEN] = "open",     [TICKET_PHASE_PAUSED] = "paused",     [TICKET_PHASE_RESOLVED] = "resolved",
	[TICKET_PHASE_CLOSED] = "closed", [TICKET_PHASE_CANCELED] = "canceled",
};

CORE_VALUE_LIST(enum ticket_phase, phase_names, TICKET_PHASE__COUNT, TICKET_PHASE_OPEN, ticket_phase_name,
		ticket_phase_parse)

static const struct ticket_state no_states[] = {{NULL, TICKET_PHASE_OPEN}};
const struct ticket_kind ticket_kind_unknown = {
	TICKET_KIND_NAMES("unknown", "", "", "a ticket", "Ticket"),
	.states = no_states,
	.initial = "",
};

/* Written at start-up only (ticket_kind_register), read by every thread
 * after that without a lock. */
static const struct ticket_kind *kinds[TICKET_KINDS_MAX] = {
	&ticket_kind_incident, &ticket_kind_problem, &ticket_kind_change,  &ticket_kind_change_task,
	&ticket_kind_request,  &ticket_kind_task,    &ticket_kind_release, &ticket_kind_improvement};
static size_t kind_count = 8;

const struct ticket_state *ticket_state_find(const struct ticket_kind *k, const char *state)
{
	for (const struct ticket_state *s = k->states; state && s->name; s++)
		if (strcmp(s->name, state) == 0)
			return s;
	return NULL;
}

bool ticket_state_valid(const struct ticket_kind *k, const char *state)
{
	return ticket_state_find(k, state) != NULL;
}

enum ticket_phase ticket_phase_of(const struct ticket_kind *k, const char *state)
{
	const struct ticket_state *s = ticket_state_find(k, state);
	return s ? s->phase : TICKET_PHASE_OPEN;
}

const char *ticket_title_key(struct arena *a, const char *title)
{
	size_t n = title ? strlen(title) : 0;
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	bool gap = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)title[i];
		bool word = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80;
		if (!word) {
			gap = k > 0;
			continue;
		}
		if (gap)
			out[k++] = ' ';
		gap = false;
		out[k++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch);
	}
	out[k] = 0;
	return out;
}

enum sw_err ticket_kind_register(const struct ticket_kind *k, struct sw_error *err)
{
	if (!k->name || !k->prefix || !k->path || !k->label || !k->schema || !k->states || !k->initial)
		return sw_fail(err, SW_EINVALID, NULL, "ticket kind '%s' leaves a name, path or its states out",
			       k->name ? k->name : "?");
	if (kind_count == TICKET_KINDS_MAX)
		return sw_fail(err, SW_EINVALID, NULL, "more than %d ticket kinds", TICKET_KINDS_MAX);
	for (size_t i = 0; i < kind_count; i++)
		if (kinds[i] == k || strcmp(kinds[i]->name, k->name) == 0 || strcmp(kinds[i]->prefix, k->prefix) == 0 ||
		    strcmp(kinds[i]->path, k->path) == 0)
			return sw_fail(err, SW_ECONFLICT, NULL, "ticket kind '%s' clashes with '%s'", k->name,
				       kinds[i]->name);
	if (!ticket_state_valid(k, k->initial))
		return sw_fail(err, SW_EINVALID, NULL, "%s: initial state '%s' is not one of its states", k->name,
			       k->initial);
	if (ticket_phase_of(k, k->initial) != TICKET_PHASE_OPEN)
		return sw_fail(err, SW_EINVALID, NULL, "%s: initial state '%s' is not open", k->name, k->initial);
	if (k->action_count > TICKET_ACTIONS_MAX)
		return sw_fail(err, SW_EINVALID, NULL, "%s: more than %d actions", k->name, TICKET_ACTIONS_MAX);
	for (size_t i = 0; i < k->action_count; i++) {
		const struct ticket_action *a = &k->actions[i];
		if (!ticket_state_valid(k, a->to))
			return sw_fail(err, SW_EINVALID, NULL, "%s: action '%s' leads to no state", k->name, a->name);
		for (const char *const *f = a->from; *f; f++)
			if (!ticket_state_valid(k, *f))
				return sw_fail(err, SW_EINVALID, NULL, "%s: action '%s' starts from unknown state '%s'",
					       k->name, a->name, *f);
		if ((a->needs == TICKET_NEEDS_HOLD_REASON && !k->hold_reasons) ||
		    (a->needs == TICKET_NEEDS_RESOLUTION && !k->resolution_codes))
			return sw_fail(err, SW_EINVALID, NULL, "%s: action '%s' needs a value list the kind lacks",
				       k->name, a->name);
	}
	if (k->auto_close && !ticket_action_find(k, k->auto_close))
		return sw_fail(err, SW_EINVALID, NULL, "%s: no auto_close action '%s'", k->name, k->auto_close);
	const struct ticket_approval *ap = &k->approval;
	if (ap->state) {
		const struct ticket_action *yes = ticket_action_find(k, ap->approved),
					   *no = ticket_action_find(k, ap->rejected);
		if (!ticket_state_valid(k, ap->state) || !yes || !no || !ticket_action_from(yes, ap->state) ||
		    !ticket_action_from(no, ap->state) || !strcmp(yes->to, ap->state) || !strcmp(no->to, ap->state))
			return sw_fail(err, SW_EINVALID, NULL,
				       "%s: its approval needs a state and approved and rejected actions that leave it",
				       k->name);
	}
	kinds[kind_count++] = k;
	return SW_OK;
}

const struct ticket_kind *ticket_kind_by_name(const char *name)
{
	for (size_t i = 0; name && i < kind_count; i++)
		if (strcmp(kinds[i]->name, name) == 0)
			return kinds[i];
	return NULL;
}

const struct ticket_kind *ticket_kind_by_number(const char *number)
{
	const struct ticket_kind *best = NULL;
	for (size_t i = 0; number && i < kind_count; i++) {
		size_t n = strlen(kinds[i]->prefix);
		if (strncmp(number, kinds[i]->prefix, n) == 0 && (!best || n > strlen(best->prefix)))
			best = kinds[i];
	}
	return best;
}

size_t ticket_kind_count(void)
{
	return kind_count;
}

const struct ticket_kind *ticket_kind_at(size_t i)
{
	return i < kind_count ? kinds[i] : NULL;
}

const struct ticket_action *ticket_action_find(const struct ticket_kind *k, const char *name)
{
	for (size_t i = 0; name && i < k->action_count; i++)
		if (strcmp(k->actions[i].name, name) == 0)
			return &k->actions[i];
	return NULL;
}

bool ticket_action_from(const struct ticket_action *a, const char *state)
{
	for (const char *const *s = a->from; *s; s++)
		if (strcmp(*s, state) == 0)
			return true;
	return false;
}

size_t ticket_allowed_actions(const struct actor *a, const struct ticket *t, const char **out, size_t max)
{
	const struct ticket_kind *k = t->kind;
	size_t n = 0;
	for (size_t i = 0; i < k->action_count && n < max; i++) {
		const struct ticket_action *ac = &k->actions[i];
		if (!ticket_action_from(ac, t->state))
			continue;
		if (!authz_is_agent(a) && !(ac->end_user && t->requester_id == a->user_id))
			continue;
		struct sw_error why;
		sw_error_clear(&why);
		if (k->may_act && k->may_act(a, t, ac, &why))
			continue;
		out[n++] = ac->name;
	}
	return n;
}

int ticket_priority(int impact, int urgency)
{
	static const int matrix[3][3] = {{1, 2, 3}, {2, 3, 4}, {3, 4, 5}};
	if (impact < 1 || impact > 3 || urgency < 1 || urgency > 3)
		return 0;
	return matrix[impact - 1][urgency - 1];
}

void ticket_check_triage(struct sw_error *err, bool set_impact, int impact, bool set_urgency, int urgency,
			 bool set_category, const char *category)
{
	if (set_impact && (impact < 1 || impact > 3))
		sw_field_fail(err, "impact", "must be an integer from 1 (high) to 3 (low)");
	if (set_urgency && (urgency < 1 || urgency > 3))
		sw_field_fail(err, "urgency", "must be an integer from 1 (high) to 3 (low)");
	if (set_category && category && !core_text_ok(category, 1, LIMIT_CATEGORY_LEN))
		sw_field_fail(err, "category", "must be %d to %d characters", 1, LIMIT_CATEGORY_LEN);
}

/* ---- shared operations ---------------------------------------------------- */

static bool watches(const struct ticket *t, const char *login)
{
	for (size_t i = 0; login && i < t->watcher_count; i++)
		if (strcmp(t->watchers[i], login) == 0)
			return true;
	return false;
}

struct authz_ticket ticket_authz_view(const struct ctx *c, const struct ticket *t)
{
	return (struct authz_ticket){.requester_id = t->requester_id,
				     .actor_watches = watches(t, c->actor.login),
				     .agents_only = t->kind->agents_only};
}

enum sw_err ticket_load(struct ctx *c, const struct ticket_kind *kind, const char *number, struct ticket *out,
			struct sw_error *err)
{
	struct ticket t;
	enum sw_err rc = store_ticket_by_number(c->store, number, &t, err);
	if (rc == SW_ENOTFOUND || (!rc && t.kind != kind))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no %s '%s'", kind->name, number);
	if (rc)
		return rc;
	struct authz_ticket view = ticket_authz_view(c, &t);
	if ((rc = authz_ticket_read(&c->actor, &view, err))) {
		/* the same answer as for a ticket that does not exist */
		return sw_fail(err, SW_ENOTFOUND, NULL, "no %s '%s'", kind->name, number);
	}
	*out = t;
	return SW_OK;
}

enum sw_err ticket_load_writable(struct ctx *c, const struct ticket_kind *kind, const char *number, struct ticket *out,
				 struct sw_error *err)
{
	enum sw_err rc = ticket_load(c, kind, number, out, err);
	if (!rc && out->archived)
		return sw_fail(err, SW_ECONFLICT, "archived", "%s is archived and can no longer be changed", number);
	return rc;
}

enum sw_err ticket_load_ref(struct ctx *c, const struct ticket_kind *kind, const char *path, const char *number,
			    struct ticket *out, struct sw_error *err)
{
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = ticket_load_writable(c, kind, number, out, &look);
	if (rc == SW_ENOTFOUND)
		return core_reference_fail(err, path, "no %s '%s'", kind->name, number);
	if (rc)
		return sw_fail(err, rc, look.type[0] ? look.type : NULL, "%s", look.detail);
	return SW_OK;
}

enum sw_err ticket_next_number(struct ctx *c, const struct ticket_kind *kind, const char **out, struct sw_error *err)
{
	int64_t n;
	enum sw_err rc = store_counter_next(c->store, kind->name, &n, err);
	if (rc)
		return rc;
	char *num = arena_printf(c->arena, "%s%07lld", kind->prefix, (long long)n);
	if (!num)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	*out = num;
	return SW_OK;
}

/* Bump updated_at and version so that clients holding the old version see
 * the change (comments, watchers, attachments and links change the record). */
static enum sw_err touch(struct ctx *c, struct ticket *t, struct sw_error *err)
{
	int64_t v = t->version;
	t->updated_at = c->now;
	enum sw_err rc = store_ticket_update(c->store, t, v, err);
	if (rc)
		return rc;
	t->version = v + 1;
	return sla_sync(c, t, t, err); /* a first response stops the response clock */
}

/* The audit rows of a comment (or work note) and of a link. */
static const struct record_audit comment_audit[] = {RECORD_AUDIT(struct comment, "comment_id", id),
						    RECORD_AUDIT_EACH(struct comment, body)};
static const struct record_audit link_audit[] = {RECORD_AUDIT_EACH(struct ticket_link, kind, target)};

enum sw_err ticket_comment_add(struct ctx *c, const struct ticket_kind *kind, const char *number, const char *body,
			       bool internal, struct comment *out, struct sw_error *err)
{
	if (!body || !*body)
		sw_field_fail(err, "body", "is required");
	else if (utf8_count(body, strlen(body)) > LIMIT_COMMENT_LEN)
		sw_field_fail(err, "body", "must be at most %d characters", LIMIT_COMMENT_LEN);
	struct ticket t;
	int64_t id = 0;
	enum sw_err rc = ticket_write_begin(c, kind, number, 0, &t, err);
	if (rc)
		return rc;
	struct authz_ticket view = ticket_authz_view(c, &t);
	if ((rc = authz_ticket_comment(&c->actor, &view, internal, err)))
		goto out;
	if ((rc = store_comment_insert(c->store, t.id, c->actor.user_id, internal, body, c->now, &id, err)))
		goto out;
	/* a public reply from the desk is the first response the SLA measures */
	if (!internal && authz_is_agent(&c->actor) && c->actor.user_id != t.requester_id && !t.first_response_at)
		t.first_response_at = c->now;
	struct comment made = {
		.id = id, .author = c->actor.login, .internal = internal, .body = body, .created_at = c->now};
	if ((rc = touch(c, &t, err)) || (rc = RECORD_AUDIT_ROW(c, "ticket", t.id, internal ? "work_note" : "comment",
							       internal, comment_audit, &made, err)))
		goto out;
	rc = notify_event(c, internal ? NE_WORK_NOTE : NE_COMMENTED, &t, body, 0, err);
out:
	if ((rc = core_tx_end(c, rc, err)))
		return rc;
	*out = made;
	return SW_OK;
}

/* The keys of history rows an end user does not see: the agent-only
 * fields, and the assignment rule that routed a new ticket (the rules are
 * the desk's configuration).  NULL-terminated, in the arena; NULL when out
 * of memory (the caller then answers 500, never the rows unfiltered). */
static const char *const *agent_only_keys(struct ctx *c)
{
	static const char *const desk_keys[] = {"assignment_rule"};
	size_t extra = sizeof(desk_keys) / sizeof(desk_keys[0]);
	const char **keys = arena_alloc(c->arena, (ticket_field_count + extra + 1) * sizeof(*keys));
	if (!keys)
		return NULL;
	size_t n = 0;
	for (size_t i = 0; i < ticket_field_count; i++) {
		const struct ticket_field *f = &ticket_fields[i];
		if (f->agents_only && !f->no_audit)
			keys[n++] = f->audit_name ? f->audit_name : f->name;
	}
	for (size_t i = 0; i < extra; i++)
		keys[n++] = desk_keys[i];
	keys[n] = NULL;
	return keys;
}

/* Whether a history row is a link to a ticket of the desk's own kinds
 * (rows written before such links' rows were internal): its changes name
 * the target as record_audit_row writes it, "target":{"to":"<number>"}. */
static bool desk_link_row(const struct audit_entry *e)
{
	static const char key[] = "\"target\":{\"to\":\"";
	const char *at = e->changes && strcmp(e->action, "link") == 0 ? strstr(e->changes, key) : NULL;
	const struct ticket_kind *k = at ? ticket_kind_by_number(at + strlen(key)) : NULL;
	return k && k->agents_only;
}

/* The id of the ticket number names, for a read of what hangs off it:
 * ticket_load's visibility rule decides. */
static enum sw_err readable_id(struct ctx *c, const struct ticket_kind *kind, const char *number, int64_t *id,
			       struct sw_error *err)
{
	struct ticket t;
	enum sw_err rc = ticket_load(c, kind, number, &t, err);
	if (!rc)
		*id = t.id;
	return rc;
}

enum sw_err ticket_comment_list(struct ctx *c, const struct ticket_kind *kind, const char *number,
				struct comment_list *out, struct sw_error *err)
{
	int64_t id;
	enum sw_err rc = readable_id(c, kind, number, &id, err);
	return rc ? rc : store_comment_list(c->store, id, authz_sees_internal(&c->actor), out, err);
}

enum sw_err ticket_history(struct ctx *c, const struct ticket_kind *kind, const char *number, struct audit_list *out,
			   struct sw_error *err)
{
	int64_t id;
	enum sw_err rc = readable_id(c, kind, number, &id, err);
	if (rc || (rc = store_audit_list(c->store, "ticket", id, authz_sees_internal(&c->actor), out, err)) ||
	    authz_is_agent(&c->actor))
		return rc;
	if (!(out->hidden_keys = agent_only_keys(c)))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	size_t kept = 0;
	for (size_t i = 0; i < out->count; i++)
		if (!desk_link_row(&out->items[i]))
			out->items[kept++] = out->items[i];
	out->count = kept;
	return SW_OK;
}

enum sw_err ticket_watch(struct ctx *c, const struct ticket_kind *kind, const char *number, const char *login, bool add,
			 struct sw_error *err)
{
	bool self = c->actor.login && strcmp(login, c->actor.login) == 0;
	struct ticket t;
	struct user u;
	bool changed = false;
	enum sw_err rc = ticket_write_begin(c, kind, number, 0, &t, err);
	if (rc)
		return rc;
	if (!self && (rc = authz_ticket_write(&c->actor, err)))
		goto out;
	if ((rc = core_ref_find(c, CORE_REF_USER, "login", login, &u, err)))
		goto out;
	if (add && kind->agents_only && u.role < ROLE_AGENT) {
		rc = core_reference_fail(err, "login", "'%s' is not an agent, and %s are for the desk", login,
					 kind->path);
		goto out;
	}
	rc = add ? store_watcher_add(c->store, t.id, u.id, &changed, err)
		 : store_watcher_remove(c->store, t.id, u.id, &changed, err);
	if (rc || !changed)
		goto out;
	if ((rc = touch(c, &t, err)))
		goto out;
	struct changes ch;
	changes_init(&ch);
	changes_set_str(&ch, "watcher", login);
	rc = audit_changes(c, "ticket", t.id, add ? "watch" : "unwatch", false, &ch, err);
out:
	return core_tx_end(c, rc, err);
}

const char *ticket_sniff_type(const unsigned char *p, size_t len)
{
	static const struct {
		const char *magic;
		size_t len;
		const char *type;
	} sigs[] = {
		{"\x89PNG\r\n\x1a\n", 8, "image/png"},
		{"\xff\xd8\xff", 3, "image/jpeg"},
		{"GIF87a", 6, "image/gif"},
		{"GIF89a", 6, "image/gif"},
		{"%PDF-", 5, "application/pdf"},
		{"PK\x03\x04", 4, "application/zip"},
		{"\x1f\x8b", 2, "application/gzip"},
	};
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (len >= sigs[i].len && memcmp(p, sigs[i].magic, sigs[i].len) == 0)
			return sigs[i].type;
	if (len == 0)
		return "application/octet-stream";
	size_t probe = len < 8192 ? len : 8192;
	for (size_t i = 0; i < probe; i++) {
		unsigned char ch = p[i];
		if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\f')
			return "application/octet-stream";
	}
	/* a probe cut inside a multi-byte character is still text */
	size_t check = probe;
	while (check > 0 && check < len && (p[check] & 0xc0) == 0x80 && probe - check < 4)
		check--;
	return utf8_valid((const char *)p, check) ? "text/plain; charset=utf-8" : "application/octet-stream";
}

const char *ticket_clean_filename(struct arena *a, const char *name, struct sw_error *err)
{
	if (!name || !*name) {
		sw_field_fail(err, "filename", "is required");
		return NULL;
	}
	size_t n = strlen(name);
	if (n > LIMIT_FILENAME_LEN || !utf8_valid(name, n)) {
		sw_field_fail(err, "filename", "must be valid UTF-8 of at most %d bytes", LIMIT_FILENAME_LEN);
		return NULL;
	}
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	char *out = arena_alloc(a, strlen(base) + 1);
	if (!out) {
		sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		return NULL;
	}
	size_t j = 0;
	for (const char *p = base; *p; p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7f && *p != '"')
			out[j++] = *p;
	out[j] = 0;
	if (j == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) {
		sw_field_fail(err, "filename", "has no usable name");
		return NULL;
	}
	return out;
}

enum sw_err attachment_prepare(struct ctx *c, const char *filename, const void *data, size_t len,
			       struct attachment *out, struct sw_error *err)
{
	const char *clean = ticket_clean_filename(c->arena, filename, err);
	if (!clean)
		return err->code;
	if (len > LIMIT_BODY_ATTACHMENT)
		return sw_fail(err, SW_ETOOLARGE, NULL, "attachments are limited to %d bytes", LIMIT_BODY_ATTACHMENT);
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, data, len);
	char *hex = arena_alloc(c->arena, 65);
	if (!hex)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	hex_encode(digest, sizeof(digest), hex);
	*out = (struct attachment){.created_by_id = c->actor.user_id,
				   .filename = clean,
				   .content_type = ticket_sniff_type(data, len),
				   .sha256 = hex,
				   .created_by = c->actor.login,
				   .size = (int64_t)len,
				   .created_at = c->now,
				   .data = data};
	return SW_OK;
}

/* An upload's audit row. */
static const struct record_audit attachment_audit[] = {RECORD_AUDIT_EACH(struct attachment, filename, size, sha256)};

enum sw_err attachment_commit(struct ctx *c, enum sw_err rc, const char *entity, int64_t entity_id,
			      struct attachment *at, struct attachment *out, struct sw_error *err)
{
	if (!rc)
		rc = RECORD_AUDIT_ROW(c, entity, entity_id, "attach", false, attachment_audit, at, err);
	if ((rc = core_tx_end(c, rc, err)))
		return rc;
	at->data = NULL;
	*out = *at;
	return SW_OK;
}

enum sw_err ticket_attach(struct ctx *c, const struct ticket_kind *kind, const char *number, const char *filename,
			  const void *data, size_t len, struct attachment *out, struct sw_error *err)
{
	struct attachment at;
	enum sw_err rc = attachment_prepare(c, filename, data, len, &at, err);
	struct ticket t;
	if (rc || (rc = ticket_write_begin(c, kind, number, 0, &t, err)))
		return rc;
	struct authz_ticket view = ticket_authz_view(c, &t);
	if ((rc = authz_ticket_comment(&c->actor, &view, false, err)))
		goto out;
	at.ticket_id = t.id;
	if ((rc = store_attachment_insert(c->store, &at, err)))
		goto out;
	rc = touch(c, &t, err);
out:
	return attachment_commit(c, rc, "ticket", t.id, &at, out, err);
}

enum sw_err ticket_attachment_list(struct ctx *c, const struct ticket_kind *kind, const char *number,
				   struct attachment_list *out, struct sw_error *err)
{
	int64_t id;
	enum sw_err rc = readable_id(c, kind, number, &id, err);
	return rc ? rc : store_attachment_list(c->store, id, out, err);
}

enum sw_err ticket_attachment_get(struct ctx *c, int64_t id, struct attachment *out, struct sw_error *err)
{
	struct attachment a;
	enum sw_err rc = store_attachment_get(c->store, id, &a, err);
	if (rc == SW_ENOTFOUND)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no attachment %lld", (long long)id);
	if (rc)
		return rc;
	/* visibility follows the ticket the attachment belongs to */
	struct ticket t;
	rc = store_ticket_by_id(c->store, a.ticket_id, &t, err);
	if (rc == SW_ENOTFOUND)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no attachment %lld", (long long)id);
	if (rc)
		return rc;
	struct authz_ticket view = ticket_authz_view(c, &t);
	if (authz_ticket_read(&c->actor, &view, err))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no attachment %lld", (long long)id);
	*out = a;
	return SW_OK;
}

static const char *const link_kinds[] = {
	"caused_by", "fixed_by", "duplicate_of", "parent_of", "child_of", "relates_to", NULL,
};

enum sw_err ticket_link_add(struct ctx *c, const struct ticket_kind *kind, const char *number, const char *link_kind,
			    const char *target, struct ticket_link *out, struct sw_error *err)
{
	bool known = false;
	for (const char *const *k = link_kinds; link_kind && *k; k++)
		known = known || strcmp(*k, link_kind) == 0;
	if (!known)
		sw_field_fail(err, "kind",
			      "must be one of caused_by, fixed_by, duplicate_of, parent_of, child_of, relates_to");
	if (!target || !*target)
		sw_field_fail(err, "target", "is required");
	else if (strcmp(target, number) == 0)
		sw_field_fail(err, "target", "a ticket cannot link to itself");
	if (err->code)
		return err->code;
	enum sw_err rc = authz_ticket_write(&c->actor, err);
	if (rc)
		return rc;
	struct ticket t, other;
	if ((rc = ticket_write_begin(c, kind, number, 0, &t, err)))
		return rc;
	if ((rc = core_ref_find(c, CORE_REF_TICKET, "target", target, &other, err)))
		goto out;
	rc = store_link_insert(c->store, t.id, other.id, link_kind, c->actor.user_id, c->now, err);
	if (rc == SW_ECONFLICT)
		rc = sw_fail(err, SW_ECONFLICT, "duplicate", "%s is already linked to %s as %s", number, target,
			     link_kind);
	if (rc)
		goto out;
	struct ticket_link made = {.kind = link_kind, .target = target, .created_at = c->now};
	if (!(rc = touch(c, &t, err)))
		rc = RECORD_AUDIT_ROW(c, "ticket", t.id, "link", other.kind->agents_only, link_audit, &made, err);
out:
	if ((rc = core_tx_end(c, rc, err)))
		return rc;
	*out = made;
	return SW_OK;
}

enum sw_err ticket_link_list(struct ctx *c, const struct ticket_kind *kind, const char *number, struct link_list *out,
			     struct sw_error *err)
{
	int64_t id;
	enum sw_err rc = readable_id(c, kind, number, &id, err);
	if (rc || (rc = store_link_list(c->store, id, out, err)) || authz_is_agent(&c->actor))
		return rc;
	size_t kept = 0;
	for (size_t i = 0; i < out->count; i++) {
		const struct ticket_kind *k = ticket_kind_by_name(out->items[i].target_kind);
		if (k && !k->agents_only)
			out->items[kept++] = out->items[i];
	}
	out->count = kept;
	return SW_OK;
}

/* ---- sets of ids a ticket names (affected CIs, services) ------------------ */

enum sw_err ticket_ci_set_check(struct ctx *c, const char *field, const int64_t *ids, size_t count,
				struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < count; i++) {
		int64_t id;
		const char *name;
		rc = core_ref_set_ci(c, arena_printf(c->arena, "%s[%zu]", field, i), ids[i], &id, &name, err);
		if (rc == SW_EINVALID)
			rc = SW_OK; /* every field error together */
	}
	return rc;
}

const char *ticket_id_list(struct ctx *c, const int64_t *ids, size_t count)
{
	const char *s = "";
	for (size_t i = 0; i < count && s; i++)
		s = arena_printf(c->arena, "%s%s%lld", s, i ? "," : "", (long long)ids[i]);
	return s;
}

enum sw_err ticket_id_set_audit(struct ctx *c, const struct ticket *t, const char *field, const int64_t *was,
				size_t was_count, const int64_t *now, size_t now_count, struct sw_error *err)
{
	const char *from = ticket_id_list(c, was, was_count), *to = ticket_id_list(c, now, now_count);
	if (!from || !to)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if (strcmp(from, to) == 0)
		return SW_OK;
	struct changes ch;
	changes_init(&ch);
	changes_str(&ch, field, from, to);
	return audit_changes(c, "ticket", t->id, "update", false, &ch, err);
}
