/*
 * feedback.c — what readers and agents do with an article besides
 * editing it: ratings (helpful or not, with a comment), deflections ("this
 * solved my problem"), ticket links ("used to resolve"), attachments
 * (files and the images a body shows) and the preview of a body being
 * written.  See article.h.
 */
#include <string.h>

#include "base/util.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/knowledge/article_int.h"
#include "core/port/knowledge.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

/* The article number names if the actor may read it and it is published:
 * what readers rate and are helped by. */
static enum sw_err load_published(struct ctx *c, const char *number, struct article *out, struct sw_error *err)
{
	enum sw_err rc = article_load(c, number, out, err);
	if (!rc && out->state != ARTICLE_PUBLISHED)
		return sw_fail(err, SW_ECONFLICT, "not-published",
			       "%s is %s: only a published article is rated or used", number,
			       article_state_name(out->state));
	return rc;
}

enum sw_err article_rate(struct ctx *c, const char *number, bool helpful, const char *comment,
			 struct article_rating *out, struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	if (comment && utf8_count(comment, strlen(comment)) > ARTICLE_COMMENT_MAX)
		sw_field_fail(err, "comment", "must be at most %d characters", ARTICLE_COMMENT_MAX);
	enum sw_err rc = core_tx_begin_valid(c, err);
	if (rc)
		return rc;
	struct article a;
	struct article_rating old, r = {.user = c->actor.login,
					.helpful = helpful,
					.comment = comment && *comment ? comment : NULL,
					.created_at = c->now,
					.updated_at = c->now};
	if ((rc = load_published(c, number, &a, err)))
		goto out;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err had = store_article_rating_get(c->store, a.id, c->actor.user_id, &old, &look);
	if (had && had != SW_ENOTFOUND) {
		rc = sw_fail(err, had, NULL, "%s", look.detail);
		goto out;
	}
	int up = helpful ? 1 : 0, down = helpful ? 0 : 1;
	if (!had) { /* a second rating replaces the first */
		up -= old.helpful ? 1 : 0;
		down -= old.helpful ? 0 : 1;
		r.created_at = old.created_at;
	}
	if ((rc = store_article_rating_put(c->store, a.id, c->actor.user_id, &r, !had, up, down, err)))
		goto out;
	struct changes ch;
	changes_init(&ch);
	changes_set_str(&ch, "helpful", helpful ? "true" : "false");
	if (r.comment)
		changes_set_str(&ch, "comment", r.comment);
	if ((rc = audit_changes(c, "article", a.id, "rate", false, &ch, err)))
		goto out;
	*out = r;
out:
	return core_tx_end(c, rc, err);
}

enum sw_err article_ratings(struct ctx *c, const char *number, struct article_rating_list *out, struct sw_error *err)
{
	int64_t id;
	enum sw_err rc = article_writer_id(c, number, &id, err);
	return rc ? rc : store_article_ratings(c->store, id, ARTICLE_LIST_MAX, out, err);
}

enum sw_err article_deflect(struct ctx *c, const char *number, struct sw_error *err)
{
	enum sw_err rc = core_tx_begin_user(c, err);
	if (rc)
		return rc;
	struct article a;
	if ((rc = load_published(c, number, &a, err)) ||
	    (rc = store_article_count(c->store, a.id, ARTICLE_COUNT_DEFLECTION, err)))
		goto out;
	struct changes ch;
	changes_init(&ch);
	changes_int(&ch, "deflections", a.deflections, a.deflections + 1);
	rc = audit_changes(c, "article", a.id, "deflect", false, &ch, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err article_link_ticket(struct ctx *c, const char *number, const char *ticket, struct article_link *out,
				struct sw_error *err)
{
	enum sw_err rc = authz_article_write(&c->actor, err);
	if (rc)
		return rc;
	if (!ticket || !*ticket)
		sw_field_fail(err, "ticket", "is required");
	if ((rc = core_tx_begin_valid(c, err)))
		return rc;
	struct article a;
	struct ticket t;
	if ((rc = article_load(c, number, &a, err)) ||
	    (rc = core_ref_find(c, CORE_REF_TICKET, "ticket", ticket, &t, err)))
		goto out;
	rc = store_article_link_insert(c->store, a.id, t.id, c->actor.user_id, c->now, err);
	if (rc == SW_ECONFLICT)
		rc = sw_fail(err, SW_ECONFLICT, "duplicate", "%s is already linked to %s", number, t.number);
	if (rc || (rc = store_article_count(c->store, a.id, ARTICLE_COUNT_LINK, err)))
		goto out;
	struct changes ch;
	changes_init(&ch);
	changes_set_str(&ch, "ticket", t.number);
	if ((rc = audit_changes(c, "article", a.id, "link", false, &ch, err)))
		goto out;
	*out = (struct article_link){.ticket = t.number,
				     .title = t.title,
				     .kind = t.kind->name,
				     .state = t.state,
				     .created_by = c->actor.login,
				     .created_at = c->now};
out:
	return core_tx_end(c, rc, err);
}

enum sw_err article_links(struct ctx *c, const char *number, struct article_link_list *out, struct sw_error *err)
{
	int64_t id;
	enum sw_err rc = article_writer_id(c, number, &id, err);
	return rc ? rc : store_article_links(c->store, id, ARTICLE_LIST_MAX, out, err);
}

enum sw_err article_attach(struct ctx *c, const char *number, const char *filename, const void *data, size_t len,
			   struct attachment *out, struct sw_error *err)
{
	struct attachment at;
	enum sw_err rc = authz_article_write(&c->actor, err);
	if (rc || (rc = attachment_prepare(c, filename, data, len, &at, err)) || (rc = core_tx_begin(c, err)))
		return rc;
	struct article a = {0};
	if (!(rc = article_load(c, number, &a, err)))
		rc = store_article_attachment_insert(c->store, a.id, &at, err);
	return attachment_commit(c, rc, "article", a.id, &at, out, err);
}

enum sw_err article_attachments(struct ctx *c, const char *number, struct attachment_list *out, struct sw_error *err)
{
	struct article a;
	enum sw_err rc = article_load(c, number, &a, err);
	return rc ? rc : store_article_attachments(c->store, a.id, out, err);
}

enum sw_err article_attachment_get(struct ctx *c, const char *number, int64_t id, struct attachment *out,
				   struct sw_error *err)
{
	struct article a;
	enum sw_err rc = article_load(c, number, &a, err);
	if (rc)
		return rc;
	rc = store_article_attachment_get(c->store, a.id, id, out, err);
	return rc == SW_ENOTFOUND ? sw_fail(err, SW_ENOTFOUND, NULL, "%s has no attachment %lld", number, (long long)id)
				  : rc;
}

enum sw_err article_preview(struct ctx *c, const char *number, const char *body, const char **html,
			    struct sw_error *err)
{
	enum sw_err rc = authz_article_write(&c->actor, err);
	if (rc)
		return rc;
	if (!body)
		sw_field_fail(err, "body", "is required");
	else if (utf8_count(body, strlen(body)) > ARTICLE_BODY_MAX)
		sw_field_fail(err, "body", "must be at most %d characters", ARTICLE_BODY_MAX);
	if (number && (strlen(number) > 20 || strspn(number, ARTICLE_NUMBER_PREFIX "0123456789") != strlen(number)))
		sw_field_fail(err, "article", "must be an article number such as KB0000001");
	if (err->code)
		return err->code;
	return article_render(c, number, body, html, err);
}
