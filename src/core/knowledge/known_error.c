/*
 * known_error.c — a problem's known-error article kept as the problem
 * says it: created published, or given a new published version when the
 * problem's symptoms, root cause or workaround change.  See known_error.h.
 */
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/knowledge/article_int.h"
#include "core/knowledge/known_error.h"
#include "core/port/knowledge.h"
#include "base/banned.h"

#define NOT_KNOWN "_Not known yet._"

/* The body: a section per part; NULL when out of memory. */
static const char *compose(struct ctx *c, const char *symptoms, const char *root_cause, const char *workaround)
{
	const char *parts[][2] = {{"Symptoms", symptoms}, {"Root cause", root_cause}, {"Workaround", workaround}};
	struct buf b;
	buf_init(&b, 8 * (size_t)ARTICLE_BODY_MAX);
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < 3; i++)
		rc = buf_printf(&b, "%s## %s\n\n%s\n", i ? "\n" : "", parts[i][0],
				parts[i][1] && *parts[i][1] ? parts[i][1] : NOT_KNOWN);
	const char *out = rc ? NULL : arena_strndup(c->arena, buf_cstr(&b), b.len);
	buf_release(&b);
	return out;
}

/* The first line of s, at most max characters, in the arena. */
static const char *first_line(struct ctx *c, const char *s, size_t max)
{
	if (!s)
		return "";
	size_t len = strcspn(s, "\r\n"), end = 0;
	for (size_t k = 0; end < len && k < max; k++) {
		end++;
		while (end < len && ((unsigned char)s[end] & 0xc0) == 0x80)
			end++;
	}
	return arena_strndup(c->arena, s, end);
}

enum sw_err article_known_error_sync(struct ctx *c, const char *problem_number, const char *title, const char *symptoms,
				     const char *root_cause, const char *workaround, const char **out_number,
				     struct sw_error *err)
{
	enum sw_err rc = authz_article_write(&c->actor, err);
	if (rc)
		return rc;
	const char *body = compose(c, symptoms, root_cause, workaround);
	if (!body)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if (utf8_count(body, strlen(body)) > ARTICLE_BODY_MAX)
		sw_field_fail(err, "workaround",
			      "symptoms, root cause and workaround together must be at most %d characters",
			      ARTICLE_BODY_MAX);
	if (!title || !*title)
		sw_field_fail(err, "title", "is required");
	if (err->code)
		return err->code;
	struct article_version v = {.state = VERSION_DRAFT,
				    .kind = KIND_KNOWN_ERROR,
				    .audience = AUDIENCE_AGENTS,
				    .title = first_line(c, title, ARTICLE_TITLE_MAX),
				    .summary = first_line(c, symptoms, ARTICLE_SUMMARY_MAX),
				    .body = body,
				    .keywords = &problem_number,
				    .keyword_count = 1};
	if ((rc = core_tx_begin(c, err)))
		return rc;
	struct article a, before;
	struct article_input none = {0};
	struct sw_error look;
	sw_error_clear(&look);
	rc = store_article_by_problem(c->store, problem_number, &a, &look);
	bool fresh = rc == SW_ENOTFOUND;
	if (rc && !fresh) {
		rc = sw_fail(err, rc, NULL, "%s", look.detail);
		goto out;
	}
	if (fresh) {
		int64_t ticket;
		a = (struct article){.state = ARTICLE_DRAFT,
				     .shown_version = 1,
				     .latest_version = 1,
				     .owner_id = authz_is_agent(&c->actor) ? c->actor.user_id : 0,
				     .owner = c->actor.user_id ? c->actor.login : NULL,
				     .created_by_id = c->actor.user_id,
				     .created_at = c->now,
				     .updated_at = c->now};
		if ((rc = core_ref_need(c, CORE_REF_TICKET, "problem", problem_number, &ticket, &a.problem, err)) ||
		    (rc = err->code) || (rc = article_next_number(c, &a.number, err)) ||
		    (rc = store_article_insert(c->store, &a, err)))
			goto out;
		v.version = 1;
	} else {
		struct article_version shown;
		if ((rc = store_article_version_get(c->store, a.id, a.shown_version, &shown, err)))
			goto out;
		if (a.state == ARTICLE_PUBLISHED && a.latest_version == a.shown_version &&
		    str_same(shown.title, v.title) && str_same(shown.summary, v.summary) &&
		    str_same(shown.body, v.body)) {
			*out_number = a.number; /* already says it */
			goto out;
		}
		if (a.latest_version != a.shown_version) { /* an edit in progress gives way */
			struct article_version pending;
			if ((rc = store_article_version_get(c->store, a.id, a.latest_version, &pending, err)))
				goto out;
			pending.state = VERSION_SUPERSEDED;
			pending.note = "superseded by the problem's known error";
			pending.updated_at = c->now;
			if ((rc = store_article_version_state(c->store, &pending, err)))
				goto out;
		}
		/* what the problem does not say (services, categories, audience) stays */
		v.audience = shown.audience;
		v.services = shown.services;
		v.service_count = shown.service_count;
		v.categories = shown.categories;
		v.category_count = shown.category_count;
		v.version = ++a.latest_version;
	}
	before = a;
	if ((rc = article_apply_content(c, &none, &v, err)) || (rc = err->code) ||
	    (rc = article_version_add(c, &a, &v, false, err)) || (rc = article_publish_version(c, &a, &v, err)))
		goto out;
	a.updated_at = c->now;
	if ((rc = store_article_update(c->store, &a, a.revision, err)))
		goto out;
	struct changes ch;
	changes_init(&ch);
	changes_str(&ch, "state", fresh ? NULL : article_state_name(before.state), article_state_name(a.state));
	changes_int(&ch, "published_version", before.published_version, a.published_version);
	changes_set_str(&ch, "problem", problem_number);
	if ((rc = audit_changes(c, "article", a.id, fresh ? "create" : "sync", false, &ch, err)))
		goto out;
	*out_number = a.number;
out:
	return core_tx_end(c, rc, err);
}
