/*
 * problem.c — problems: the kind's declaration for the ticket engine
 * (ticket_engine.c runs it), the incidents behind a problem, workaround
 * publishing, the resolution that reaches the incidents, the review of a
 * major problem, the candidates found in recent incidents, and the cause
 * categories.  See problem.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/port/config.h"
#include "core/port/measure.h"
#include "core/port/ticket.h"
#include "core/knowledge/known_error.h"
#include "core/ticket/cause_category.h"
#include "core/ticket/problem.h"
#include "base/banned.h"

static const struct ticket_state problem_states[] = {
	{"new", TICKET_PHASE_OPEN},
	{"under_investigation", TICKET_PHASE_OPEN},
	{"root_cause_known", TICKET_PHASE_OPEN},
	{"known_error", TICKET_PHASE_OPEN},
	{"resolved", TICKET_PHASE_RESOLVED},
	{"closed", TICKET_PHASE_CLOSED},
	{"canceled", TICKET_PHASE_CANCELED},
	{NULL, TICKET_PHASE_OPEN},
};

/* clang-format off */
static const struct ticket_action problem_actions[] = {
	{"investigate", TICKET_FROM("new"), "under_investigation", false, TICKET_NEEDS_NOTHING, "Start investigating (new -> under investigation)"},
	{"identify_root_cause", TICKET_FROM("new", "under_investigation"), "root_cause_known", false, TICKET_NEEDS_NOTHING,
	 "Record that the root cause is known (root_cause must be filled)"},
	{"mark_known_error", TICKET_FROM("new", "under_investigation", "root_cause_known"), "known_error", false, TICKET_NEEDS_NOTHING,
	 "Make it a known error (root_cause and workaround must be filled)"},
	{"resolve", TICKET_FROM("new", "under_investigation", "root_cause_known", "known_error"), "resolved", false, TICKET_NEEDS_RESOLUTION,
	 "Resolve with a code and notes; its open incidents are resolved too unless resolve_incidents is false"},
	{"reopen", TICKET_FROM("resolved"), "under_investigation", false, TICKET_NEEDS_NOTHING, "Reopen a resolved problem"},
	{"close", TICKET_FROM("resolved"), "closed", false, TICKET_NEEDS_NOTHING,
	 "Close a resolved problem (a major problem needs its review first)"},
	{"cancel", TICKET_FROM("new", "under_investigation", "root_cause_known", "known_error"), "canceled", false, TICKET_NEEDS_NOTHING, "Cancel"},
};
/* clang-format on */

static const char *const resolution_codes[] = {
	"permanent_fix", "workaround_only", "no_fix_planned", "not_reproducible", "duplicate", "other", NULL,
};

/* The code and the public notes its incidents are resolved with when a
 * problem is. */
#define INCIDENT_CODE "problem_resolved"
#define PUBLIC_NOTES "The underlying cause of this incident has been fixed."

static const char *const basis_names[PROBLEM_BASIS__COUNT] = {"ci", "service_category", "title"};

const char *problem_basis_name(enum problem_basis b)
{
	return b < PROBLEM_BASIS__COUNT ? basis_names[b] : "?";
}

/* The incident path names, for field errors: "incidents[3]". */
static const char *item_path(struct ctx *c, size_t i)
{
	return arena_printf(c->arena, "incidents[%zu]", i);
}

/* Incident number for a link, loaded writable; a field error (at path)
 * when there is no such incident, SW_ECONFLICT when it is linked. */
static enum sw_err linkable(struct ctx *c, const char *path, const char *number, int64_t problem_id, struct ticket *out,
			    struct sw_error *err)
{
	enum sw_err rc = ticket_load_ref(c, &ticket_kind_incident, path, number, out, err);
	if (rc)
		return rc;
	if (out->problem_id)
		return sw_fail(err, SW_ECONFLICT, "already-linked", "%s is already linked to %s%s", number,
			       out->problem, out->problem_id == problem_id ? "" : "; unlink it there first");
	return SW_OK;
}

/* incident (as loaded) now names problem (NULL: none); audited on the
 * incident as a desk entry. */
static enum sw_err set_problem(struct ctx *c, const struct ticket *incident, const struct ticket *problem,
			       struct sw_error *err)
{
	struct ticket t = *incident;
	t.problem_id = problem ? problem->id : 0;
	t.problem = problem ? problem->number : NULL;
	return ticket_save(c, incident, &t, problem ? "problem_link" : "problem_unlink", true, err);
}

/* Link each of numbers to problem; every one is checked before any is written. */
static enum sw_err link_all(struct ctx *c, const struct ticket *problem, const char *const *numbers, size_t count,
			    struct sw_error *err)
{
	struct ticket *found = arena_alloc(c->arena, (count + 1) * sizeof(*found));
	if (!found)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	enum sw_err rc = SW_OK;
	for (size_t i = 0; i < count && !rc; i++) {
		for (size_t j = 0; j < i; j++)
			if (strcmp(numbers[i], numbers[j]) == 0) {
				sw_field_fail(err, item_path(c, i), "names %s twice", numbers[i]);
				return err->code;
			}
		rc = linkable(c, item_path(c, i), numbers[i], problem->id, &found[i], err);
		if (rc == SW_EINVALID)
			rc = SW_OK; /* collect every field error */
	}
	if (rc || err->code)
		return rc ? rc : err->code;
	for (size_t i = 0; i < count && !rc; i++)
		rc = set_problem(c, &found[i], problem, err);
	return rc;
}

/* ---- the kind's hooks ------------------------------------------------------- */

/* The first time a problem reaches root_cause_known or known_error
 * (docs/kpis.md: time to root cause, time to known error); a statement of
 * its own, so no other kind's write pays for the two columns. */
static enum sw_err stamp_state(struct ctx *c, const struct ticket *t, struct sw_error *err)
{
	bool known_error = strcmp(t->state, "known_error") == 0;
	if (!known_error && strcmp(t->state, "root_cause_known") != 0)
		return SW_OK;
	if (t->root_cause_at && (!known_error || t->known_error_at))
		return SW_OK;
	return store_problem_stamp(c->store, t->id, known_error, c->now, err);
}

/* A known error's article (core/knowledge/known_error.h) says what the
 * problem does: made when it becomes a known error, kept in step while it
 * is one. */
static enum sw_err sync_known_error(struct ctx *c, const struct ticket *t, struct sw_error *err)
{
	if (strcmp(t->state, "known_error") != 0)
		return SW_OK;
	const char *article;
	return article_known_error_sync(c, t->number, t->title, t->symptoms, t->root_cause, t->workaround, &article,
					err);
}

/* Replace t's CIs in role with ids, audited (from/to, as id lists) when
 * they change. */
static enum sw_err write_cis(struct ctx *c, const struct ticket *t, const char *role, const char *field,
			     const int64_t *ids, size_t count, struct sw_error *err)
{
	int64_t *was, *now;
	size_t was_n, now_n;
	enum sw_err rc;
	if ((rc = store_ticket_cis(c->store, t->id, role, &was, &was_n, err)) ||
	    (rc = store_ticket_cis_set(c->store, t->id, role, ids, count, err)) ||
	    (rc = store_ticket_cis(c->store, t->id, role, &now, &now_n, err)))
		return rc;
	return ticket_id_set_audit(c, t, field, was, was_n, now, now_n, err);
}

/* Before a problem's row is written: its cause category is one of the
 * list; raised from incidents, it takes what they share that is not given. */
static enum sw_err before_write(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
				struct ticket *t, struct sw_error *err)
{
	enum sw_err rc;
	if (in->set_cause_category && in->cause_category) {
		struct cause_category k;
		rc = store_cause_category_by_name(c->store, in->cause_category, &k, err);
		if (rc == SW_ENOTFOUND ||
		    (!rc && !k.active && (!before->cause_category || strcmp(before->cause_category, k.name) != 0))) {
			sw_error_clear(err);
			return core_reference_fail(err, "cause_category", "no cause category '%s'", in->cause_category);
		}
		if (rc)
			return rc;
	}
	if ((in->set_affected_cis &&
	     (rc = ticket_ci_set_check(c, "affected_cis", in->affected_cis, in->affected_ci_count, err))) ||
	    (in->set_contributing_cis &&
	     (rc = ticket_ci_set_check(c, "contributing_cis", in->contributing_cis, in->contributing_ci_count, err))))
		return rc;
	if (!in->set_incidents || in->incident_count == 0)
		return SW_OK;
	struct ticket first;
	if ((rc = linkable(c, "incidents[0]", in->incidents[0], 0, &first, err)))
		return rc == SW_EINVALID ? SW_OK : rc;
	if (!in->set_service && !t->service_id) {
		t->service_id = first.service_id;
		t->service = first.service;
	}
	if (!in->set_ci && !t->ci_id) {
		t->ci_id = first.ci_id;
		t->ci = first.ci;
	}
	if (!in->set_category && !t->category)
		t->category = first.category;
	if (!in->set_description && (!t->description || !*t->description))
		t->description = first.description;
	return SW_OK;
}

/* After a problem raised from incidents is written: link them. */
static enum sw_err after_write(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
			       const struct ticket *t, struct sw_error *err)
{
	enum sw_err rc;
	if ((in->set_affected_cis &&
	     (rc = write_cis(c, t, "affected", "affected_cis", in->affected_cis, in->affected_ci_count, err))) ||
	    (in->set_contributing_cis && (rc = write_cis(c, t, "contributing", "contributing_cis", in->contributing_cis,
							 in->contributing_ci_count, err))))
		return rc;
	if ((in->set_title || in->set_symptoms || in->set_root_cause || in->set_workaround) &&
	    (rc = sync_known_error(c, t, err)))
		return rc;
	if (before->id || !in->set_incidents || !in->incident_count)
		return SW_OK;
	return link_all(c, t, in->incidents, in->incident_count, err);
}

/* The open incidents linked to problem, all of them (a problem has at most
 * a few thousand). */
static enum sw_err open_incidents(struct ctx *c, const struct ticket *problem, struct ticket_list *out,
				  struct sw_error *err)
{
	return store_ticket_problem_incidents(c->store, problem->id, true, NULL, out, err);
}

/* Resolving a problem resolves its open incidents (unless asked not to,
 * and then refuses while any is open); closing a major problem needs its
 * review. */
static enum sw_err after_action(struct ctx *c, const struct ticket_action *ac, struct ticket *t,
				const struct ticket_action_input *in, struct sw_error *err)
{
	enum sw_err rc;
	if ((rc = stamp_state(c, t, err)))
		return rc;
	if (t->phase == TICKET_PHASE_CLOSED && t->major) {
		if (!t->review_went_well || !*t->review_went_well)
			sw_field_fail(err, "review_went_well", "is required to close a major problem");
		if (!t->review_went_wrong || !*t->review_went_wrong)
			sw_field_fail(err, "review_went_wrong", "is required to close a major problem");
		if (!t->review_actions || !*t->review_actions)
			sw_field_fail(err, "review_actions", "is required to close a major problem");
		return err->code;
	}
	if ((rc = sync_known_error(c, t, err)))
		return rc;
	if (t->phase != TICKET_PHASE_RESOLVED || ac->needs != TICKET_NEEDS_RESOLUTION)
		return SW_OK;
	struct ticket_list open;
	if ((rc = open_incidents(c, t, &open, err)))
		return rc;
	if (!open.count)
		return SW_OK;
	if (in->set_resolve_incidents && !in->resolve_incidents) {
		struct buf names = BUF_INIT(4096);
		for (size_t i = 0; i < open.count && i < 20; i++)
			buf_printf(&names, "%s%s", i ? ", " : "", open.items[i].number);
		rc = sw_fail(err, SW_ECONFLICT, "open-incidents",
			     "%s has %zu open incident%s (%s%s); resolve them or let the problem resolve them",
			     t->number, open.count, open.count == 1 ? "" : "s", buf_cstr(&names),
			     open.count > 20 ? ", ..." : "");
		buf_release(&names);
		return rc;
	}
	/* The requester sees the resolution, never the problem: the public
	 * notes say only that the cause was fixed, and a work note on each
	 * incident tells the desk which problem and why. */
	const struct ticket_action *resolve = ticket_action_find(&ticket_kind_incident, "resolve");
	struct ticket_action_input incident_in = {.resolution_code = INCIDENT_CODE, .resolution_notes = PUBLIC_NOTES};
	const char *why =
		arena_printf(c->arena, "Resolved with %s (%s): %s", t->number, t->title, in->resolution_notes);
	if (!resolve || !why)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < open.count; i++) {
		struct ticket after;
		struct comment note;
		if (!ticket_action_from(resolve, open.items[i].state))
			continue;
		if ((rc = ticket_transition(c, resolve, &open.items[i], &incident_in, NULL, &after, err)) ||
		    (rc = ticket_comment_add(c, &ticket_kind_incident, after.number, why, true, &note, err)))
			return rc;
	}
	return SW_OK;
}

TICKET_KIND(ticket_kind_problem, "problem", "PRB", "problems", "a problem", "ProblemTicket", problem_states, "new",
	    problem_actions, .resolution_codes = resolution_codes,
	    .fields = TICKET_FIELD_RCA | TICKET_FIELD_MAJOR | TICKET_FIELD_CIS, .agents_only = true,
	    .before_write = before_write, .after_write = after_write, .after_action = after_action);

/* ---- the incidents behind a problem ----------------------------------------- */

enum sw_err problem_link(struct ctx *c, const char *number, const char *const *incidents, size_t count,
			 struct ticket *out, struct sw_error *err)
{
	enum sw_err rc = authz_ticket_write(&c->actor, err);
	if (rc)
		return rc;
	if (count == 0)
		sw_field_fail(err, "incidents", "must list at least one incident");
	else if (count > LIMIT_PROBLEM_INCIDENTS)
		sw_field_fail(err, "incidents", "must list at most %d incidents", LIMIT_PROBLEM_INCIDENTS);
	if ((rc = core_tx_begin_valid(c, err)))
		return rc;
	struct ticket p;
	if (!(rc = ticket_load_writable(c, &ticket_kind_problem, number, &p, err)) &&
	    !(rc = link_all(c, &p, incidents, count, err)))
		rc = ticket_reload(c, p.id, out, err);
	return core_tx_end(c, rc, err);
}

enum sw_err problem_unlink(struct ctx *c, const char *number, const char *incident, struct sw_error *err)
{
	enum sw_err rc = authz_ticket_write(&c->actor, err);
	if (rc)
		return rc;
	if ((rc = core_tx_begin(c, err)))
		return rc;
	struct ticket p, i;
	if ((rc = ticket_load(c, &ticket_kind_problem, number, &p, err)) ||
	    (rc = ticket_load_writable(c, &ticket_kind_incident, incident, &i, err)))
		goto out;
	if (i.problem_id != p.id) {
		rc = sw_fail(err, SW_ENOTFOUND, NULL, "%s is not linked to %s", incident, number);
		goto out;
	}
	rc = set_problem(c, &i, NULL, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err problem_incidents(struct ctx *c, const char *number, const struct page *p, struct ticket_list *out,
			      struct sw_error *err)
{
	struct ticket problem;
	enum sw_err rc = ticket_load(c, &ticket_kind_problem, number, &problem, err);
	if (rc)
		return rc;
	return store_ticket_problem_incidents(c->store, problem.id, false, p, out, err);
}

/* The work note a published workaround leaves on an incident: within a
 * work note's length, cut at a character. */
static const char *workaround_note(struct ctx *c, const struct ticket *p)
{
	const char *head = arena_printf(c->arena, "Workaround published on %s (%s):\n\n", p->number, p->title);
	if (!head)
		return NULL;
	size_t room = LIMIT_COMMENT_LEN - utf8_count(head, strlen(head)) - 1;
	const char *w = p->workaround;
	size_t len = strlen(w), chars = 0, at = 0;
	while (at < len && chars < room) {
		size_t n = utf8_seq_len(w + at, len - at);
		at += n ? n : 1;
		chars++;
	}
	return arena_printf(c->arena, "%s%.*s%s", head, (int)at, w, at < len ? "…" : "");
}

enum sw_err problem_publish_workaround(struct ctx *c, const char *number, const char *workaround,
				       int64_t expected_version, struct ticket *out, struct sw_error *err)
{
	enum sw_err rc = authz_ticket_write(&c->actor, err);
	if (rc)
		return rc;
	if (workaround && (!*workaround || utf8_count(workaround, strlen(workaround)) > LIMIT_DESCRIPTION_LEN))
		sw_field_fail(err, "workaround", "must be 1 to %d characters", LIMIT_DESCRIPTION_LEN);
	struct ticket before, t;
	struct ticket_list open;
	if ((rc = ticket_write_begin(c, &ticket_kind_problem, number, expected_version, &before, err)))
		return rc;
	if (before.phase != TICKET_PHASE_OPEN && before.phase != TICKET_PHASE_PAUSED) {
		rc = sw_fail(err, SW_ECONFLICT, "illegal-transition",
			     "%s is %s: only an open problem's workaround is "
			     "published",
			     number, before.state);
		goto out;
	}
	t = before;
	if (workaround)
		t.workaround = workaround;
	if (!t.workaround || !*t.workaround) {
		sw_field_fail(err, "workaround", "is required: record one, or send it here");
		rc = err->code;
		goto out;
	}
	t.workaround_published_at = c->now;
	if ((rc = ticket_save(c, &before, &t, "publish_workaround", false, err)) ||
	    (rc = sync_known_error(c, &t, err)) || (rc = open_incidents(c, &t, &open, err)))
		goto out;
	const char *note = workaround_note(c, &t);
	if (!note) {
		rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < open.count && !rc; i++) {
		struct comment cm;
		rc = ticket_comment_add(c, &ticket_kind_incident, open.items[i].number, note, true, &cm, err);
	}
	if (!rc)
		rc = ticket_reload(c, t.id, out, err);
out:
	return core_tx_end(c, rc, err);
}

/* ---- candidates ---------------------------------------------------------------- */

static int by_count(const void *a, const void *b)
{
	const struct problem_candidate *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->last_at > y->last_at ? -1 : x->last_at < y->last_at;
}

enum sw_err problem_candidates(struct ctx *c, int64_t window, int min, struct problem_candidate_list *out,
			       struct sw_error *err)
{
	enum sw_err rc = authz_ticket_write(&c->actor, err);
	if (rc)
		return rc;
	if (window < 3600 || window > 366 * 86400)
		sw_field_fail(err, "window", "must be from 1h to 366d");
	if (min < 2 || min > 1000)
		sw_field_fail(err, "min", "must be from 2 to 1000");
	if (err->code)
		return err->code;
	*out = (struct problem_candidate_list){0};
	struct problem_candidate_list all = {0};
	if ((rc = store_problem_candidates(c->store, c->now - window, min, PROBLEM_CANDIDATES_MAX, &all, err)))
		return rc;
	if (all.count)
		qsort(all.items, all.count, sizeof(*all.items), by_count);
	out->items = all.items;
	out->count = all.count < PROBLEM_CANDIDATES_MAX ? all.count : PROBLEM_CANDIDATES_MAX;
	return SW_OK;
}
