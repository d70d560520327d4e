/*
 * cmd_demo_knowledge.c — the knowledge base of `steward demo`: a handful
 * of articles the demo organisation would have written (how-tos for the
 * end users' portal, a known error and a troubleshooting note for the
 * desk, an FAQ, one waiting for review, one past its review date), each
 * through the core operations — written by an agent, published by the
 * manager, read and rated by end users — so that versions, history and
 * counters look as they would in real use.  The articles are
 * demo/knowledge.json.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "api/api.h"
#include "cli/cli.h"
#include "core/knowledge/article.h"
#include "base/banned.h"

/* An article as its owner writes it (ArticleInput), taken to its stage,
 * "published", "in_review", or "stale" (published, its review date gone),
 * then rated by the end users of those logins. */
struct demo_article {
	struct article_input in;
	const char *stage;
	const char **helpful, **not_helpful;
	size_t helpful_count, not_helpful_count;
};
static const struct field article_fields[] = {
	FIELDS_TEXT_REQUIRED(struct demo_article, (stage, 20)),
	FIELD_PLAIN_STRINGS(struct demo_article, "helpful", 20, helpful, helpful_count),
	FIELD_PLAIN_STRINGS(struct demo_article, "not_helpful", 20, not_helpful, not_helpful_count),
};
static const struct demo_section article_rows =
	DEMO_ROWS("knowledge", "articles", &api_schema_article, struct demo_article, article_fields);

/* Act as the demo user login; 1 (printed) when there is none. */
static int act_as(struct cli_env *env, const char *login)
{
	struct sw_error err;
	sw_error_clear(&err);
	return demo_act_as(env, login, &err) ? cli_error("demo user", &err) : 0;
}

int demo_knowledge(struct cli_env *env, size_t *narticles)
{
	size_t n;
	const struct demo_article *articles = demo_rows(&article_rows, &n);
	if (!articles)
		return 1;
	struct actor system = env->ctx.actor;
	int64_t now = env->ctx.now;
	int rc = 0;
	*narticles = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		const struct demo_article *d = &articles[i];
		struct article a;
		struct sw_error err;
		sw_error_clear(&err);
		env->ctx.now = now - (int64_t)(n - i) * 3 * 86400;
		if ((rc = act_as(env, d->in.owner)))
			break;
		if (article_create(&env->ctx, &d->in, &a, &err) ||
		    article_act(&env->ctx, a.number, ARTICLE_SUBMIT, NULL, 0, &a, &err)) {
			rc = cli_error("demo article", &err);
			break;
		}
		if (strcmp(d->stage, "in_review") != 0 &&
		    ((rc = act_as(env, "maria.manager")) ||
		     article_act(&env->ctx, a.number, ARTICLE_PUBLISH, NULL, 0, &a, &err))) {
			rc = rc ? rc : cli_error("demo publication", &err);
			break;
		}
		/* the review date its owner set: half a year out, or (stale) one that has passed */
		char review[21];
		time_format_rfc3339(now + (strcmp(d->stage, "stale") == 0 ? -30 : 180) * 86400, review);
		review[10] = 0;
		struct article_input date = {.review_by = review, .set_review_by = true};
		if (!rc && ((rc = act_as(env, d->in.owner)) ||
			    article_update(&env->ctx, a.number, a.revision, &date, &a, &err)))
			rc = rc ? rc : cli_error("demo review date", &err);
		for (size_t k = 0; !rc && k < d->helpful_count; k++)
			if (!(rc = act_as(env, d->helpful[k]))) {
				struct article_rating r;
				if (article_rate(&env->ctx, a.number, true, NULL, &r, &err))
					rc = cli_error("demo rating", &err);
			}
		for (size_t k = 0; !rc && k < d->not_helpful_count; k++)
			if (!(rc = act_as(env, d->not_helpful[k]))) {
				struct article_rating r;
				if (article_rate(&env->ctx, a.number, false, "Did not work for me.", &r, &err))
					rc = cli_error("demo rating", &err);
			}
		if (!rc)
			(*narticles)++;
	}
	env->ctx.actor = system;
	env->ctx.now = now;
	return rc;
}
