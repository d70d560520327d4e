/*
 * article.c — knowledge articles: create, read, change (a draft in place,
 * a published article by a new draft version), the workflow (submit,
 * publish, reject, retire, revise), versions, the diff between two, and
 * the history.  See article.h; search.c lists and searches, feedback.c
 * holds ratings, deflections, ticket links and attachments, review.c
 * the review pass, known_error.c the problems' known errors.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/knowledge/article_int.h"
#include "core/port/account.h"
#include "core/port/knowledge.h"
#include "core/port/measure.h"
#include "core/sla/tz.h"
#include "markdown/markdown.h"
#include "base/banned.h"

static const char *const state_names[ARTICLE_STATE__COUNT] = {"draft", "in_review", "published", "retired"};
static const char *const version_state_names[VERSION_STATE__COUNT] = {"draft", "in_review", "published", "superseded"};
static const char *const kind_names[ARTICLE_KIND__COUNT] = {"how_to", "troubleshooting", "known_error", "faq"};
static const char *const audience_names[ARTICLE_AUDIENCE__COUNT] = {"agents", "everyone"};
static const char *const action_names[ARTICLE_ACTION__COUNT] = {"submit", "publish", "reject", "retire", "revise"};

CORE_VALUE_LIST(enum article_state, state_names, ARTICLE_STATE__COUNT, ARTICLE_DRAFT, article_state_name,
		article_state_parse)
CORE_VALUE_LIST(enum article_version_state, version_state_names, VERSION_STATE__COUNT, VERSION_DRAFT,
		article_version_state_name, article_version_state_parse)
CORE_VALUE_LIST(enum article_kind, kind_names, ARTICLE_KIND__COUNT, KIND_HOW_TO, article_kind_name, article_kind_parse)
CORE_VALUE_LIST(enum article_audience, audience_names, ARTICLE_AUDIENCE__COUNT, AUDIENCE_AGENTS, article_audience_name,
		article_audience_parse)
CORE_VALUE_LIST(enum article_action, action_names, ARTICLE_ACTION__COUNT, ARTICLE_SUBMIT, article_action_name,
		article_action_parse)

/* ---- what the files of the folder share (article_int.h) ------------------------- */

enum sw_err article_load(struct ctx *c, const char *number, struct article *out, struct sw_error *err)
{
	enum sw_err rc = store_article_by_number(c->store, number, out, err);
	if (rc == SW_ENOTFOUND || (!rc && authz_article_read(&c->actor, out->state == ARTICLE_PUBLISHED,
							     out->v.audience == AUDIENCE_EVERYONE, err)))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no article '%s'", number);
	return rc;
}

bool article_version_visible(const struct actor *actor, const struct article *a, const struct article_version *v)
{
	struct sw_error ignore;
	return authz_article_read(actor, a->state == ARTICLE_PUBLISHED && v->state == VERSION_PUBLISHED,
				  v->audience == AUDIENCE_EVERYONE, &ignore) == SW_OK;
}

const char *article_attachment_prefix(struct ctx *c, const char *number)
{
	return number ? arena_printf(c->arena, "/api/v1/articles/%s/attachments/", number) : NULL;
}

/* Markdown through markdown.h into the arena. */
static enum sw_err markdown(struct ctx *c, const char *number, const char *body, bool html, const char **out,
			    struct sw_error *err)
{
	struct buf b;
	/* HTML escaping can grow text several times over; bounded all the same */
	buf_init(&b, 8 * MARKDOWN_MAX_BYTES);
	size_t len = body ? strlen(body) : 0;
	enum sw_err rc = html ? markdown_html(body ? body : "", len, article_attachment_prefix(c, number), &b, err)
			      : markdown_text(body ? body : "", len, &b, err);
	if (!rc && !(*out = arena_strndup(c->arena, buf_cstr(&b), b.len)))
		rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	buf_release(&b);
	return rc;
}

enum sw_err article_render(struct ctx *c, const char *number, const char *body, const char **html, struct sw_error *err)
{
	return markdown(c, number, body, true, html, err);
}

enum sw_err article_body_text(struct ctx *c, const char *body, const char **text, struct sw_error *err)
{
	return markdown(c, NULL, body, false, text, err);
}

enum sw_err article_next_number(struct ctx *c, const char **out, struct sw_error *err)
{
	int64_t n;
	enum sw_err rc = store_counter_next(c->store, "article", &n, err);
	if (rc)
		return rc;
	*out = arena_printf(c->arena, ARTICLE_NUMBER_PREFIX "%07lld", (long long)n);
	return *out ? SW_OK : sw_fail(err, SW_ENOMEM, NULL, "out of memory");
}

enum sw_err article_version_add(struct ctx *c, const struct article *a, struct article_version *v, bool shown,
				struct sw_error *err)
{
	v->article_id = a->id;
	v->created_by_id = c->actor.user_id;
	v->created_at = v->updated_at = c->now;
	enum sw_err rc = store_article_version_insert(c->store, v, err);
	return rc || !shown ? rc : store_article_index(c->store, a->id, v, err);
}

enum sw_err article_publish_version(struct ctx *c, struct article *a, struct article_version *v, struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	if (a->published_version && a->published_version != v->version) {
		struct article_version old;
		if ((rc = store_article_version_get(c->store, a->id, a->published_version, &old, err)))
			return rc;
		old.state = VERSION_SUPERSEDED;
		old.updated_at = c->now;
		if ((rc = store_article_version_state(c->store, &old, err)))
			return rc;
	}
	v->state = VERSION_PUBLISHED;
	v->published_by_id = c->actor.user_id;
	v->published_at = v->updated_at = c->now;
	if ((rc = store_article_version_state(c->store, v, err)) || (rc = store_article_index(c->store, a->id, v, err)))
		return rc;
	a->state = ARTICLE_PUBLISHED;
	a->published_version = a->shown_version = v->version;
	a->published_at = c->now;
	a->retired_at = 0;
	return SW_OK;
}

enum sw_err article_reread(struct ctx *c, const char *number, int version, struct article *out, struct sw_error *err)
{
	enum sw_err rc = store_article_by_number(c->store, number, out, err);
	if (rc ||
	    (rc = store_article_version_get(c->store, out->id, version ? version : out->shown_version, &out->v, err)))
		return rc;
	return article_render(c, number, out->v.body, &out->v.body_html, err);
}

const char *article_date(struct ctx *c, int64_t epoch)
{
	if (!epoch)
		return NULL;
	int y, m, d;
	tz_civil_from_days(epoch / 86400, &y, &m, &d);
	return arena_printf(c->arena, "%04d-%02d-%02d", y, m, d);
}

/* ---- input --------------------------------------------------------------------- */

static void check_text(struct sw_error *err, const char *field, const char *s, size_t min, size_t max)
{
	size_t n = s ? utf8_count(s, strlen(s)) : 0;
	if (n < min || n > max) {
		if (min)
			sw_field_fail(err, field, "must be %zu to %zu characters", min, max);
		else
			sw_field_fail(err, field, "must be at most %zu characters", max);
	}
}

/* Field errors of in; *review_by gets the date's epoch when one is given. */
static void check_input(const struct article_input *in, bool creating, int64_t *review_by, struct sw_error *err)
{
	enum article_kind kind;
	enum article_audience audience;
	if (creating && !in->set_title)
		sw_field_fail(err, "title", "is required");
	if (in->set_title) {
		size_t blank = in->title ? strspn(in->title, " \t\r\n") : 0;
		if (in->title && in->title[blank] == 0 && *in->title)
			sw_field_fail(err, "title", "must not be blank");
		else
			check_text(err, "title", in->title, 1, ARTICLE_TITLE_MAX);
	}
	if (in->set_summary)
		check_text(err, "summary", in->summary, 0, ARTICLE_SUMMARY_MAX);
	if (in->set_body)
		check_text(err, "body", in->body, 0, ARTICLE_BODY_MAX);
	if (in->set_kind && article_kind_parse(in->kind, &kind))
		sw_field_fail(err, "kind", "must be one of how_to, troubleshooting, known_error, faq");
	if (in->set_audience && article_audience_parse(in->audience, &audience))
		sw_field_fail(err, "audience", "must be agents or everyone");
	if (in->set_keywords && in->keyword_count > ARTICLE_KEYWORDS_MAX)
		sw_field_fail(err, "keywords", "must have at most %d entries", ARTICLE_KEYWORDS_MAX);
	for (size_t i = 0; in->set_keywords && i < in->keyword_count && i < ARTICLE_KEYWORDS_MAX; i++) {
		const char *k = in->keywords[i];
		char field[32];
		snprintf(field, sizeof(field), "keywords[%zu]", i);
		if (!k || strpbrk(k, "\r\n"))
			sw_field_fail(err, field, "must be one line");
		else
			check_text(err, field, k, 1, ARTICLE_KEYWORD_MAX);
	}
	if (in->set_services && in->service_count > ARTICLE_SERVICES_MAX)
		sw_field_fail(err, "services", "must have at most %d entries", ARTICLE_SERVICES_MAX);
	if (in->set_categories && in->category_count > ARTICLE_CATEGORIES_MAX)
		sw_field_fail(err, "categories", "must have at most %d entries", ARTICLE_CATEGORIES_MAX);
	int64_t days;
	*review_by = 0;
	if (in->set_review_by && in->review_by) {
		if (tz_parse_date(in->review_by, strlen(in->review_by), &days))
			sw_field_fail(err, "review_by", "must be a date (YYYY-MM-DD) or null");
		else
			*review_by = days * 86400;
	}
	if (in->set_problem && in->problem)
		check_text(err, "problem", in->problem, 1, 40);
}

/* The ids of names (records of kind, each named in field[i]), without
 * repeats, into v; names not found are collected in err. */
static enum sw_err resolve(struct ctx *c, enum core_ref_kind kind, const char *field, const char *const *names,
			   size_t n, const char ***out_names, int64_t **out_ids, size_t *out_count,
			   struct sw_error *err)
{
	const char **shown = arena_alloc(c->arena, (n + 1) * sizeof(*shown));
	int64_t *ids = arena_alloc(c->arena, (n + 1) * sizeof(*ids));
	if (!shown || !ids)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char at[32];
		snprintf(at, sizeof(at), "%s[%zu]", field, i);
		int64_t id;
		const char *name;
		enum sw_err rc = core_ref_need(c, kind, at, names[i], &id, &name, err);
		if (rc)
			return rc;
		bool seen = !id;
		for (size_t j = 0; j < k && !seen; j++)
			seen = ids[j] == id;
		if (!seen) {
			ids[k] = id;
			shown[k++] = name;
		}
	}
	*out_names = shown;
	*out_ids = ids;
	*out_count = k;
	return SW_OK;
}

static bool content_given(const struct article_input *in)
{
	return in->set_title || in->set_summary || in->set_body || in->set_kind || in->set_audience ||
	       in->set_keywords || in->set_services || in->set_categories;
}

enum sw_err article_apply_content(struct ctx *c, const struct article_input *in, struct article_version *v,
				  struct sw_error *err)
{
	if (in->set_title)
		v->title = in->title;
	if (in->set_summary)
		v->summary = in->summary ? in->summary : "";
	if (in->set_kind)
		article_kind_parse(in->kind, &v->kind);
	if (in->set_audience)
		article_audience_parse(in->audience, &v->audience);
	if (in->set_keywords) {
		v->keywords = in->keywords;
		v->keyword_count = in->keyword_count;
	}
	enum sw_err rc;
	if (in->set_body || !v->body_text) {
		v->body = in->set_body && in->body ? in->body : v->body ? v->body : "";
		if ((rc = article_body_text(c, v->body, &v->body_text, err)))
			return rc;
	}
	if ((rc = resolve(c, CORE_REF_SERVICE, "services", in->set_services ? in->services : v->services,
			  in->set_services ? in->service_count : v->service_count, &v->services, &v->service_ids,
			  &v->service_count, err)))
		return rc;
	return resolve(c, CORE_REF_CATEGORY, "categories", in->set_categories ? in->categories : v->categories,
		       in->set_categories ? in->category_count : v->category_count, &v->categories, &v->category_ids,
		       &v->category_count, err);
}

/* owner, review_by and problem applied to a; not found collected in err. */
static enum sw_err apply_article(struct ctx *c, const struct article_input *in, int64_t review_by, struct article *a,
				 struct sw_error *err)
{
	if (in->set_owner) {
		struct user u;
		a->owner_id = 0;
		a->owner = NULL;
		if (in->owner) {
			enum sw_err rc = core_ref_find(c, CORE_REF_USER, "owner", in->owner, &u, err);
			if (rc && rc != SW_ENOTFOUND)
				return rc;
			if (!rc && u.role < ROLE_AGENT)
				core_reference_fail(err, "owner", "'%s' is not an agent", in->owner);
			else if (!rc) {
				a->owner_id = u.id;
				a->owner = u.login;
			}
		}
	}
	if (in->set_review_by)
		a->review_by = review_by;
	if (in->set_problem) {
		int64_t id;
		enum sw_err rc = core_ref_set(c, CORE_REF_TICKET, "problem", in->problem, &id, &a->problem, err);
		if (rc)
			return rc;
	}
	return SW_OK;
}

/* The audit entry of an edit: what changed, field by field. */
static void edit_changes(struct ctx *c, struct changes *ch, const struct article *a0, const struct article *a1,
			 const struct article_version *v0, const struct article_version *v1)
{
	changes_str(ch, "title", v0->title, v1->title);
	changes_str(ch, "summary", v0->summary, v1->summary);
	if (!str_same(v0->body, v1->body))
		changes_int(ch, "body_chars", v0->body ? (int64_t)utf8_count(v0->body, strlen(v0->body)) : 0,
			    (int64_t)utf8_count(v1->body, strlen(v1->body)));
	changes_str(ch, "kind", v0->title ? article_kind_name(v0->kind) : NULL, article_kind_name(v1->kind));
	changes_str(ch, "audience", v0->title ? article_audience_name(v0->audience) : NULL,
		    article_audience_name(v1->audience));
	changes_str(ch, "keywords", arena_join(c->arena, v0->keywords, v0->keyword_count, ", "),
		    arena_join(c->arena, v1->keywords, v1->keyword_count, ", "));
	changes_str(ch, "services", arena_join(c->arena, v0->services, v0->service_count, ", "),
		    arena_join(c->arena, v1->services, v1->service_count, ", "));
	changes_str(ch, "categories", arena_join(c->arena, v0->categories, v0->category_count, ", "),
		    arena_join(c->arena, v1->categories, v1->category_count, ", "));
	changes_str(ch, "owner", a0->owner, a1->owner);
	changes_str(ch, "review_by", article_date(c, a0->review_by), article_date(c, a1->review_by));
	changes_str(ch, "problem", a0->problem, a1->problem);
	if (a0->latest_version != a1->latest_version)
		changes_int(ch, "version", a0->latest_version, a1->latest_version);
}

/* ---- create, read, change ------------------------------------------------------------- */

/* The gates of a create or an update before its transaction: the role,
 * then in's field errors. */
static enum sw_err check_write(struct ctx *c, const struct article_input *in, bool creating, int64_t *review_by,
			       struct sw_error *err)
{
	enum sw_err rc = authz_article_write(&c->actor, err);
	if (rc)
		return rc;
	check_input(in, creating, review_by, err);
	return err->code;
}

enum sw_err article_create(struct ctx *c, const struct article_input *in, struct article *out, struct sw_error *err)
{
	int64_t review_by;
	enum sw_err rc = check_write(c, in, true, &review_by, err);
	if (rc)
		return rc;
	struct article a = {.state = ARTICLE_DRAFT,
			    .shown_version = 1,
			    .latest_version = 1,
			    .created_by_id = c->actor.user_id,
			    .created_at = c->now,
			    .updated_at = c->now};
	struct article_version v = {.version = 1, .state = VERSION_DRAFT, .summary = ""};
	if ((rc = core_tx_begin(c, err)))
		return rc;
	if ((rc = article_apply_content(c, in, &v, err)) || (rc = apply_article(c, in, review_by, &a, err)))
		goto out;
	if ((rc = err->code) || (rc = article_next_number(c, &a.number, err)) ||
	    (rc = store_article_insert(c->store, &a, err)) || (rc = article_version_add(c, &a, &v, true, err)))
		goto out;
	struct changes ch;
	changes_init(&ch);
	struct article none = {0};
	struct article_version blank = {0};
	edit_changes(c, &ch, &none, &a, &blank, &v);
	changes_set_str(&ch, "state", article_state_name(a.state));
	if ((rc = audit_changes(c, "article", a.id, "create", false, &ch, err)))
		goto out;
	rc = article_reread(c, a.number, 1, out, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err article_get(struct ctx *c, const char *number, bool count_view, struct article *out, struct sw_error *err)
{
	enum sw_err rc = article_load(c, number, out, err);
	if (rc || (rc = store_article_version_get(c->store, out->id, out->shown_version, &out->v, err)) ||
	    (rc = article_render(c, number, out->v.body, &out->v.body_html, err)))
		return rc;
	if (!count_view || out->state != ARTICLE_PUBLISHED)
		return SW_OK;
	/* a view is a write of its own: the revision (and an If-Match) stays */
	if ((rc = core_tx_begin(c, err)))
		return rc;
	if (!(rc = store_article_count(c->store, out->id, ARTICLE_COUNT_VIEW, err)))
		rc = article_session_note(c, err);
	if (!(rc = core_tx_end(c, rc, err)))
		out->views++;
	return rc;
}

enum sw_err article_session_note(struct ctx *c, struct sw_error *err)
{
	if (!c->actor.user_id || authz_is_agent(&c->actor))
		return SW_OK;
	return store_knowledge_session_note(c->store, c->actor.user_id, c->now, ARTICLE_SESSION_S, err);
}

/* SW_ESTALE with the revision stored now. */
static enum sw_err stale(const struct article *a, struct sw_error *err)
{
	sw_fail(err, SW_ESTALE, "stale-version", "%s was changed by someone else; its current revision is %lld",
		a->number, (long long)a->revision);
	err->current_version = a->revision;
	return SW_ESTALE;
}

static enum sw_err illegal(const struct article *a, enum article_action ac, struct sw_error *err)
{
	return sw_fail(err, SW_ECONFLICT, "illegal-transition", "cannot %s %s: it is %s, its version %d %s",
		       article_action_name(ac), a->number, article_state_name(a->state), a->latest_version,
		       article_version_state_name(a->latest_state));
}

enum sw_err article_update(struct ctx *c, const char *number, int64_t expected_revision, const struct article_input *in,
			   struct article *out, struct sw_error *err)
{
	int64_t review_by;
	enum sw_err rc = check_write(c, in, false, &review_by, err);
	if (rc)
		return rc;
	if ((rc = core_tx_begin(c, err)))
		return rc;
	struct article before, a;
	struct article_version v0 = {0}, v = {0};
	if ((rc = article_load(c, number, &before, err)))
		goto out;
	if (before.revision != expected_revision) {
		rc = stale(&before, err);
		goto out;
	}
	a = before;
	bool content = content_given(in);
	if (content && before.latest_state == VERSION_IN_REVIEW) {
		rc = sw_fail(err, SW_ECONFLICT, "illegal-transition",
			     "%s version %d is in review: reject it back to draft to change it", number,
			     before.latest_version);
		*out = before;
		goto out;
	}
	if (content) {
		if ((rc = store_article_version_get(c->store, a.id, a.latest_version, &v0, err)))
			goto out;
		v = v0;
		v.body_text = NULL; /* made again from the body */
		if ((rc = article_apply_content(c, in, &v, err)))
			goto out;
	}
	if ((rc = apply_article(c, in, review_by, &a, err)) || (rc = err->code))
		goto out;
	if (content && v0.state == VERSION_DRAFT) {
		v.updated_at = c->now;
		if ((rc = store_article_version_update(c->store, &v, err)) ||
		    (v.version == a.shown_version && (rc = store_article_index(c->store, a.id, &v, err))))
			goto out;
	} else if (content) { /* the published (or retired) version stays; the edit is a new draft */
		v.version = ++a.latest_version;
		v.state = VERSION_DRAFT;
		v.note = NULL;
		v.published_by_id = v.published_at = 0;
		if ((rc = article_version_add(c, &a, &v, false, err)))
			goto out;
	}
	a.updated_at = c->now;
	if ((rc = store_article_update(c->store, &a, expected_revision, err)))
		goto out;
	struct changes ch;
	changes_init(&ch);
	edit_changes(c, &ch, &before, &a, &v0, content ? &v : &v0);
	if ((rc = audit_changes(c, "article", a.id, "update", false, &ch, err)))
		goto out;
	rc = article_reread(c, number, a.latest_version, out, err);
out:
	return core_tx_end(c, rc, err);
}

/* ---- the workflow ------------------------------------------------------------------ */

static bool applies(enum article_action ac, const struct article *a)
{
	switch (ac) {
	case ARTICLE_SUBMIT: return a->latest_state == VERSION_DRAFT;
	case ARTICLE_PUBLISH: return a->latest_state == VERSION_DRAFT || a->latest_state == VERSION_IN_REVIEW;
	case ARTICLE_REJECT: return a->latest_state == VERSION_IN_REVIEW;
	case ARTICLE_RETIRE: return a->state == ARTICLE_PUBLISHED;
	case ARTICLE_REVISE: return a->latest_state == VERSION_PUBLISHED;
	case ARTICLE_ACTION__COUNT: break;
	}
	return false;
}

static enum sw_err may(const struct actor *actor, enum article_action ac, struct sw_error *err)
{
	return ac == ARTICLE_SUBMIT || ac == ARTICLE_REVISE ? authz_article_write(actor, err)
							    : authz_article_publish(actor, err);
}

size_t article_allowed_actions(const struct actor *actor, const struct article *a, const char **out, size_t max)
{
	size_t n = 0;
	struct sw_error ignore;
	for (int i = 0; i < ARTICLE_ACTION__COUNT && n < max; i++)
		if (applies((enum article_action)i, a) && may(actor, (enum article_action)i, &ignore) == SW_OK)
			out[n++] = action_names[i];
	return n;
}

/* The action's effect on a and its latest version v (read with its body). */
static enum sw_err act(struct ctx *c, enum article_action ac, const char *reason, struct article *a,
		       struct article_version *v, struct sw_error *err)
{
	v->updated_at = c->now;
	switch (ac) {
	case ARTICLE_SUBMIT:
		v->state = VERSION_IN_REVIEW;
		if (a->state == ARTICLE_DRAFT)
			a->state = ARTICLE_IN_REVIEW;
		return store_article_version_state(c->store, v, err);
	case ARTICLE_PUBLISH: return article_publish_version(c, a, v, err);
	case ARTICLE_REJECT:
		v->state = VERSION_DRAFT;
		v->note = reason;
		if (a->state == ARTICLE_IN_REVIEW)
			a->state = ARTICLE_DRAFT;
		return store_article_version_state(c->store, v, err);
	case ARTICLE_RETIRE:
		a->state = ARTICLE_RETIRED;
		a->retired_at = c->now;
		return SW_OK;
	case ARTICLE_REVISE: {
		struct article_version draft = *v;
		draft.version = ++a->latest_version;
		draft.state = VERSION_DRAFT;
		draft.note = NULL;
		draft.published_by_id = draft.published_at = 0;
		/* ids for the copy's services and categories */
		struct article_input none = {0};
		enum sw_err rc = article_apply_content(c, &none, &draft, err);
		return rc ? rc : err->code ? err->code : article_version_add(c, a, &draft, false, err);
	}
	case ARTICLE_ACTION__COUNT: break;
	}
	return sw_fail(err, SW_EINTERNAL, NULL, "unknown action");
}

enum sw_err article_act(struct ctx *c, const char *number, enum article_action ac, const char *reason,
			int64_t expected_revision, struct article *out, struct sw_error *err)
{
	enum sw_err rc = may(&c->actor, ac, err);
	if (rc)
		return rc;
	if (ac == ARTICLE_REJECT && (!reason || !*reason))
		sw_field_fail(err, "reason", "is required: say what the author should change");
	else if (reason)
		check_text(err, "reason", reason, 0, ARTICLE_COMMENT_MAX);
	if ((rc = core_tx_begin_valid(c, err)))
		return rc;
	struct article before, a;
	struct article_version v;
	if ((rc = article_load(c, number, &before, err)))
		goto out;
	if (expected_revision && before.revision != expected_revision) {
		rc = stale(&before, err);
		goto out;
	}
	if (!applies(ac, &before)) {
		rc = illegal(&before, ac, err);
		*out = before;
		goto out;
	}
	a = before;
	if ((rc = store_article_version_get(c->store, a.id, a.latest_version, &v, err)))
		goto out;
	if ((rc = act(c, ac, reason, &a, &v, err)))
		goto out;
	a.updated_at = c->now;
	if ((rc = store_article_update(c->store, &a, before.revision, err)))
		goto out;
	struct changes ch;
	changes_init(&ch);
	changes_str(&ch, "state", article_state_name(before.state), article_state_name(a.state));
	changes_int(&ch, "version", before.latest_version, a.latest_version);
	if (before.published_version != a.published_version)
		changes_int(&ch, "published_version", before.published_version, a.published_version);
	if (reason)
		changes_set_str(&ch, "reason", reason);
	if ((rc = audit_changes(c, "article", a.id, article_action_name(ac), false, &ch, err)))
		goto out;
	rc = article_reread(c, number, a.latest_version, out, err);
out:
	return core_tx_end(c, rc, err);
}

/* ---- versions, diff, history ----------------------------------------------------------- */

/* A version as the actor may read it: a reviewer's note (a rejection's
 * reason) is the desk's. */
static void version_shown(const struct actor *actor, struct article_version *v)
{
	if (!authz_is_agent(actor))
		v->note = NULL;
}

enum sw_err article_versions(struct ctx *c, const char *number, struct article_version_list *out, struct sw_error *err)
{
	struct article a;
	enum sw_err rc = article_load(c, number, &a, err);
	if (rc || (rc = store_article_versions(c->store, a.id, out, err)))
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < out->count; i++)
		if (article_version_visible(&c->actor, &a, &out->items[i])) {
			version_shown(&c->actor, &out->items[i]);
			out->items[k++] = out->items[i];
		}
	out->count = k;
	return SW_OK;
}

/* Version n of a, with body, if the actor may read it. */
static enum sw_err version_of(struct ctx *c, const struct article *a, int n, struct article_version *out,
			      struct sw_error *err)
{
	enum sw_err rc = store_article_version_get(c->store, a->id, n, out, err);
	if (rc == SW_ENOTFOUND || (!rc && !article_version_visible(&c->actor, a, out)))
		return sw_fail(err, SW_ENOTFOUND, NULL, "%s has no version %d", a->number, n);
	if (!rc)
		version_shown(&c->actor, out);
	return rc;
}

enum sw_err article_version_get(struct ctx *c, const char *number, int version, struct article_version *out,
				struct sw_error *err)
{
	struct article a;
	enum sw_err rc = article_load(c, number, &a, err);
	if (rc || (rc = version_of(c, &a, version, out, err)))
		return rc;
	return article_render(c, number, out->body, &out->body_html, err);
}

enum sw_err article_diff(struct ctx *c, const char *number, int from, int to, struct article_diff *out,
			 struct sw_error *err)
{
	struct article a;
	struct article_version va, vb;
	enum sw_err rc = article_load(c, number, &a, err);
	if (rc || (rc = version_of(c, &a, from, &va, err)) || (rc = version_of(c, &a, to, &vb, err)))
		return rc;
	out->from = from;
	out->to = to;
	if (line_diff(c->arena, va.title, vb.title, LINE_DIFF_MAX_EDITS, &out->title) ||
	    line_diff(c->arena, va.summary, vb.summary, LINE_DIFF_MAX_EDITS, &out->summary) ||
	    line_diff(c->arena, va.body, vb.body, LINE_DIFF_MAX_EDITS, &out->body))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory comparing the versions of %s", number);
	return SW_OK;
}

enum sw_err article_writer_id(struct ctx *c, const char *number, int64_t *id, struct sw_error *err)
{
	enum sw_err rc = authz_article_write(&c->actor, err);
	struct article a;
	if (rc || (rc = article_load(c, number, &a, err)))
		return rc;
	*id = a.id;
	return SW_OK;
}

enum sw_err article_history(struct ctx *c, const char *number, struct audit_list *out, struct sw_error *err)
{
	int64_t id;
	enum sw_err rc = article_writer_id(c, number, &id, err);
	return rc ? rc : store_audit_list(c->store, "article", id, true, out, err);
}
