/*
 * article_int.h — what the files of core/knowledge/ share: loading an
 * article as the actor may see it, rendering, and the writes every
 * change of the shown version makes.  Not for use outside the folder.
 */
#ifndef SW_CORE_KNOWLEDGE_ARTICLE_INT_H
#define SW_CORE_KNOWLEDGE_ARTICLE_INT_H

#include "core/knowledge/article.h"

struct changes;

/* The article number names, with its shown version (no body), if the
 * actor may read it; SW_ENOTFOUND "no article '<number>'" otherwise. */
/* An end user's read or search of the knowledge base: noted as a
 * self-service session (port/measure.h; the deflection rate of
 * docs/kpis.md) inside the caller's transaction; agents note nothing. */
#define ARTICLE_SESSION_S 1800 /* reads and searches this soon after a session's start are part of it */
enum sw_err article_session_note(struct ctx *c, struct sw_error *err);
enum sw_err article_load(struct ctx *c, const char *number, struct article *out, struct sw_error *err);
/* The id of article number, for the readers of what only writers see
 * (history, ratings, links): SW_EFORBIDDEN for other actors. */
enum sw_err article_writer_id(struct ctx *c, const char *number, int64_t *id, struct sw_error *err);
/* May the actor read version (its state and audience) of a? */
bool article_version_visible(const struct actor *actor, const struct article *a, const struct article_version *v);
/* body as HTML for the article number (its attachments may be shown),
 * into the arena. */
enum sw_err article_render(struct ctx *c, const char *number, const char *body, const char **html,
			   struct sw_error *err);
/* body without markup, into the arena. */
enum sw_err article_body_text(struct ctx *c, const char *body, const char **text, struct sw_error *err);
/* in applied to the version v (its services and categories resolved
 * again by name, so that v carries their ids for the write; body_text
 * made again when the body changes or v has none); references not found
 * are collected in err. */
enum sw_err article_apply_content(struct ctx *c, const struct article_input *in, struct article_version *v,
				  struct sw_error *err);
/* The next number ("KB0000001") from the 'article' counter. */
enum sw_err article_next_number(struct ctx *c, const char **out, struct sw_error *err);
/* Write v as a new version of a (v->article_id, v->version set here from
 * a) and, when shown, index it as a's shown version. */
enum sw_err article_version_add(struct ctx *c, const struct article *a, struct article_version *v, bool shown,
				struct sw_error *err);
/* Make v (a's latest, written) the published version now: the version
 * published before it superseded, a published and showing it, indexed.
 * a is updated in memory; the caller writes its row. */
enum sw_err article_publish_version(struct ctx *c, struct article *a, struct article_version *v, struct sw_error *err);
/* a re-read by number with version (0: its shown one) with body and HTML. */
enum sw_err article_reread(struct ctx *c, const char *number, int version, struct article *out, struct sw_error *err);

/* "2026-12-31" for an epoch day, in the arena (NULL for 0). */
const char *article_date(struct ctx *c, int64_t epoch);

#endif
