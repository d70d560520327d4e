/*
 * release.c — the release kind's declaration for the ticket engine: its
 * stages as states (planned, building, testing, deploying, closed), the
 * stamps each stage's action leaves, the go/no-go decision gated by
 * readiness; the changes a release groups; its notes rendered; its
 * deployment windows on the change calendar.  See release.h and
 * docs/releases.md.
 */
#include <string.h>

#include "core/change/change_int.h"
#include "core/change/release.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/knowledge/article_int.h"
#include "core/port/release.h"
#include "core/port/ticket.h"
#include "base/banned.h"

const char *const release_types[] = {"major", "minor", "emergency", NULL};

static const struct ticket_state release_states[] = {
	{"planned", TICKET_PHASE_OPEN},   {"building", TICKET_PHASE_OPEN}, {"testing", TICKET_PHASE_OPEN},
	{"deploying", TICKET_PHASE_OPEN}, {"closed", TICKET_PHASE_CLOSED}, {"canceled", TICKET_PHASE_CANCELED},
	{NULL, TICKET_PHASE_OPEN},
};

/* clang-format off */
static const struct ticket_action release_actions[] = {
	{"build", TICKET_FROM("planned"), "building", false, TICKET_NEEDS_NOTHING, "Start building the release (stamps build_actual unless set)"},
	{"test", TICKET_FROM("building"), "testing", false, TICKET_NEEDS_NOTHING, "Start testing the release (stamps test_actual unless set)"},
	{"go", TICKET_FROM("testing"), "deploying", false, TICKET_NEEDS_NOTHING,
	 "Decide go: refused with 409 not-ready while the release is not ready, unless a reason overrides it (stamps deploy_actual unless set)"},
	{"no_go", TICKET_FROM("testing"), "building", false, TICKET_NEEDS_NOTHING, "Decide no-go, with a reason: back to building"},
	{"close", TICKET_FROM("deploying"), "closed", false, TICKET_NEEDS_NOTHING, "Close the deployed release"},
	{"cancel", TICKET_FROM("planned", "building", "testing"), "canceled", false, TICKET_NEEDS_NOTHING, "Cancel a release not yet deploying"},
};
/* clang-format on */

static bool blank(const char *s)
{
	return !s || !*s;
}

static bool listed(const char *s, const char *const *list)
{
	for (size_t i = 0; s && list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* What a create or a change gives, onto t. */
static enum sw_err release_before_write(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
					struct ticket *t, struct sw_error *err)
{
	(void)c;
	/* release_version and release_notes are copied as given by the engine (kind_texts) */
	if (blank(t->release_version))
		sw_field_fail(err, "release_version", "is required");
	if (in->set_release_type && !listed(in->release_type, release_types))
		sw_field_fail(err, "release_type", "must be one of major, minor, emergency");
	else if (in->set_release_type)
		t->release_type = in->release_type;
	if (!before->id && !t->release_type)
		t->release_type = release_types[1];
		/* a stage's planned date, and its actual one, each on its own; the window a span */
#define RELEASE_DATE(member_)                                                                                          \
	if (in->set_##member_)                                                                                         \
		t->member_ = in->member_;
	RELEASE_DATE(build_planned)
	RELEASE_DATE(build_actual)
	RELEASE_DATE(test_planned)
	RELEASE_DATE(test_actual)
	RELEASE_DATE(deploy_planned)
	RELEASE_DATE(deploy_actual)
#undef RELEASE_DATE
	core_apply_span(err, "a window_start", "window_end", in->set_window_start, in->window_start, in->set_window_end,
			in->window_end, &t->window_start, &t->window_end);
	return err->code;
}

static enum sw_err release_after_write(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
				       const struct ticket *t, struct sw_error *err)
{
	(void)in;
	(void)before;
	return store_release_save(c->store, t, err);
}

static const char *const authorised_states[] = {"scheduled", "implement", "review", "closed", NULL};

static enum sw_err readiness_of(struct ctx *c, const struct ticket *r, struct release_readiness *out,
				struct sw_error *err)
{
	struct ticket_list changes;
	enum sw_err rc = store_release_changes(c->store, r->id, RELEASE_CHANGES_MAX, &changes, err);
	if (rc)
		return rc;
	struct release_readiness x = {.change_count = changes.count};
	x.changes = arena_alloc(c->arena, (changes.count + 1) * sizeof(*x.changes));
	x.missing = arena_alloc(c->arena, (3 * changes.count + 1) * sizeof(*x.missing));
	if (!x.changes || !x.missing)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if (!changes.count)
		x.missing[x.missing_count++] = "the release groups no changes";
	for (size_t i = 0; i < changes.count; i++) {
		const struct ticket *ch = &changes.items[i];
		struct release_change_check k = {.number = ch->number,
						 .title = ch->title,
						 .state = ch->state,
						 .authorised = listed(ch->state, authorised_states),
						 .tests_recorded = !blank(ch->test_results),
						 .backout_plan = !blank(ch->backout_plan)};
		x.changes[i] = k;
		if (!k.authorised)
			x.missing[x.missing_count++] =
				arena_printf(c->arena, "%s is not authorised (%s)", k.number, k.state);
		if (!k.tests_recorded)
			x.missing[x.missing_count++] = arena_printf(c->arena, "%s has no test results", k.number);
		if (!k.backout_plan)
			x.missing[x.missing_count++] = arena_printf(c->arena, "%s has no back-out plan", k.number);
	}
	for (size_t i = 0; i < x.missing_count; i++)
		if (!x.missing[i])
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	x.ready = x.missing_count == 0;
	*out = x;
	return SW_OK;
}

/* The stamps of each stage, and the decision go and no_go record. */
static enum sw_err release_before_action(struct ctx *c, const struct ticket_action *ac, const struct ticket *before,
					 const struct ticket_action_input *in, struct ticket *t, struct sw_error *err)
{
	(void)before;
	const char *a = ac->name;
	if (strcmp(a, "build") == 0 && !t->build_actual)
		t->build_actual = c->now;
	else if (strcmp(a, "test") == 0 && !t->test_actual)
		t->test_actual = c->now;
	if (strcmp(a, "no_go") == 0) {
		if (blank(in->reason)) {
			sw_field_fail(err, "reason", "is required to decide no-go");
			return err->code;
		}
		t->go_decision = "no_go";
		t->go_reason = in->reason;
	}
	if (strcmp(a, "go") != 0)
		return SW_OK;
	struct release_readiness r;
	enum sw_err rc = readiness_of(c, t, &r, err);
	if (rc)
		return rc;
	if (!r.ready && blank(in->reason)) {
		struct buf why = BUF_INIT(4096);
		for (size_t i = 0; i < r.missing_count && i < 10; i++)
			buf_printf(&why, "%s%s", i ? "; " : "", r.missing[i]);
		rc = sw_fail(err, SW_ECONFLICT, "not-ready", "%s is not ready: %s%s; give a reason to go all the same",
			     t->number, buf_cstr(&why), r.missing_count > 10 ? "; ..." : "");
		buf_release(&why);
		return rc;
	}
	t->go_decision = "go";
	t->go_reason = r.ready ? NULL : in->reason;
	if (!t->deploy_actual)
		t->deploy_actual = c->now;
	return SW_OK;
}

static enum sw_err release_after_action(struct ctx *c, const struct ticket_action *ac, struct ticket *t,
					const struct ticket_action_input *in, struct sw_error *err)
{
	(void)ac;
	(void)in;
	return store_release_save(c->store, t, err);
}

TICKET_KIND(ticket_kind_release, "release", "RLS", "releases", "a release", "Release", release_states, "planned",
	    release_actions, .fields = TICKET_FIELD_RELEASE, .agents_only = true, .before_write = release_before_write,
	    .after_write = release_after_write, .before_action = release_before_action,
	    .after_action = release_after_action);

/* ---- the changes a release groups ------------------------------------------------ */

/* change as loaded now names release (NULL: none), audited on the change. */
static enum sw_err set_release(struct ctx *c, const struct ticket *change, const struct ticket *release,
			       struct sw_error *err)
{
	enum sw_err rc = store_release_set_change(c->store, change->id, release ? release->id : 0, err);
	if (rc)
		return rc;
	struct changes ch;
	changes_init(&ch);
	changes_str(&ch, "release", change->release, release ? release->number : NULL);
	return audit_changes(c, "ticket", change->id, release ? "release_link" : "release_unlink", false, &ch, err);
}

/* Change number for a link (field path), or why not. */
static enum sw_err linkable(struct ctx *c, const char *path, const char *number, struct ticket *out,
			    struct sw_error *err)
{
	enum sw_err rc = ticket_load_ref(c, &ticket_kind_change, path, number, out, err);
	if (rc)
		return rc;
	if (out->phase == TICKET_PHASE_CANCELED)
		return sw_fail(err, SW_ECONFLICT, "illegal-transition", "%s is %s: it cannot be released", number,
			       out->state);
	if (out->release_id)
		return sw_fail(err, SW_ECONFLICT, "already-linked", "%s is already in %s; take it out there first",
			       number, out->release);
	return SW_OK;
}

enum sw_err release_link(struct ctx *c, const char *number, const char *const *numbers, size_t count,
			 struct ticket *out, struct sw_error *err)
{
	enum sw_err rc = authz_ticket_write(&c->actor, err);
	if (rc)
		return rc;
	if (count == 0 || count > RELEASE_LINK_MAX) {
		sw_field_fail(err, "changes", "must list from 1 to %d changes", RELEASE_LINK_MAX);
		return err->code;
	}
	if ((rc = core_tx_begin(c, err)))
		return rc;
	struct ticket r;
	struct ticket *found = arena_alloc(c->arena, count * sizeof(*found));
	struct ticket_list had;
	if (!found) {
		rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		goto out;
	}
	if ((rc = ticket_load_writable(c, &ticket_kind_release, number, &r, err)) ||
	    (rc = store_release_changes(c->store, r.id, RELEASE_CHANGES_MAX, &had, err)))
		goto out;
	if (r.phase != TICKET_PHASE_OPEN) {
		rc = sw_fail(err, SW_ECONFLICT, "illegal-transition", "%s is %s: changes join open releases", r.number,
			     r.state);
		goto out;
	}
	if (had.count + count > RELEASE_CHANGES_MAX) {
		rc = sw_fail(err, SW_ECONFLICT, "limit", "%s would group more than %d changes", r.number,
			     RELEASE_CHANGES_MAX);
		goto out;
	}
	for (size_t i = 0; i < count && !rc; i++) {
		const char *path = arena_printf(c->arena, "changes[%zu]", i);
		for (size_t j = 0; j < i; j++)
			if (strcmp(numbers[i], numbers[j]) == 0)
				sw_field_fail(err, path, "names %s twice", numbers[i]);
		if (!err->code && (rc = linkable(c, path, numbers[i], &found[i], err)) == SW_EINVALID)
			rc = SW_OK; /* collect every field error */
	}
	if (rc || (rc = err->code))
		goto out;
	for (size_t i = 0; i < count && !rc; i++)
		rc = set_release(c, &found[i], &r, err);
	if (!rc)
		rc = ticket_reload(c, r.id, out, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err release_unlink(struct ctx *c, const char *number, const char *change, struct sw_error *err)
{
	enum sw_err rc = authz_ticket_write(&c->actor, err);
	if (rc || (rc = core_tx_begin(c, err)))
		return rc;
	struct ticket r, ch;
	if ((rc = ticket_load_writable(c, &ticket_kind_release, number, &r, err)) ||
	    (rc = ticket_load_writable(c, &ticket_kind_change, change, &ch, err)))
		goto out;
	if (ch.release_id != r.id)
		rc = sw_fail(err, SW_ENOTFOUND, NULL, "%s is not in %s", change, number);
	else
		rc = set_release(c, &ch, NULL, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err release_changes(struct ctx *c, const char *number, struct ticket_list *out, struct sw_error *err)
{
	struct ticket r;
	enum sw_err rc = ticket_load(c, &ticket_kind_release, number, &r, err);
	return rc ? rc : store_release_changes(c->store, r.id, RELEASE_CHANGES_MAX, out, err);
}

enum sw_err release_readiness(struct ctx *c, const char *number, struct release_readiness *out, struct sw_error *err)
{
	struct ticket r;
	enum sw_err rc = ticket_load(c, &ticket_kind_release, number, &r, err);
	return rc ? rc : readiness_of(c, &r, out, err);
}

enum sw_err release_notes_html(struct ctx *c, const char *number, const char **markdown, const char **html,
			       struct sw_error *err)
{
	struct ticket r;
	enum sw_err rc = ticket_load(c, &ticket_kind_release, number, &r, err);
	if (rc || (rc = article_render(c, NULL, r.release_notes ? r.release_notes : "", html, err)))
		return rc;
	*markdown = r.release_notes ? r.release_notes : "";
	return SW_OK;
}

/* ---- on the change calendar ------------------------------------------------------- */

static enum sw_err release_events(struct ctx *c, const struct schedule_filter *f, struct schedule_events *out,
				  struct sw_error *err)
{
	struct ticket_list l;
	enum sw_err rc = store_release_windows(c->store, f->from, f->to, f->service_id, f->ci_id, f->user_id,
					       f->cancelled, SCHEDULE_EVENTS_MAX, &l, err);
	const char *base = c->cfg && c->cfg->public_url ? c->cfg->public_url : "";
	for (size_t i = 0; !rc && i < l.count; i++) {
		const struct ticket *r = &l.items[i];
		const char *uid = arena_printf(c->arena, "release-%lld@steward", (long long)r->id);
		if (uid && !schedule_after(f, r->window_start, uid))
			continue; /* on an earlier page */
		struct schedule_event e = {
			.uid = uid,
			.summary = arena_printf(c->arena, "Release %s %s: %s", r->number,
						r->release_version ? r->release_version : "", r->title),
			.description = r->description,
			.kind = "release",
			.url = arena_printf(c->arena, "%s/api/v1/releases/%s", base, r->number),
			.source = r->number,
			.sequence = (int)r->version,
			.status = r->phase == TICKET_PHASE_CANCELED ? SCHEDULE_CANCELLED : SCHEDULE_CONFIRMED,
			.start = r->window_start,
			.end = r->window_end,
			.updated = r->updated_at,
		};
		if (!e.uid || !e.summary || !e.url)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		rc = schedule_events_add(c, out, &e, err);
	}
	return rc;
}

const struct schedule_source release_schedule_source = {"releases", release_events};
