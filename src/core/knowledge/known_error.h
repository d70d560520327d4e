/*
 * known_error.h — a problem's known error in the knowledge base: what the
 * problem kind calls when one of its problems is (or stays) a known
 * error, so that the known-error database (GET /api/v1/known-errors, the
 * published known-error articles) holds its symptoms, root cause and
 * workaround as the problem has them.
 */
#ifndef SW_CORE_KNOWLEDGE_KNOWN_ERROR_H
#define SW_CORE_KNOWLEDGE_KNOWN_ERROR_H

#include "core/core.h"

/*
 * Inside the caller's transaction (a savepoint of it: core_tx_begin
 * nests), make the known-error article of the problem problem_number (a
 * ticket number that exists) say title, symptoms, root_cause and
 * workaround (each may be NULL or empty: "not known yet"):
 *   - none yet: a new article, published at once, audience agents, kind
 *     known_error, owned by the actor when an agent, its problem set;
 *   - one exists (the first made for the problem): when what it shows
 *     differs, a new version published at once (it mirrors the problem;
 *     no review), the one published before superseded, a draft or
 *     version in review on top of it superseded too (the problem wins),
 *     and a retired article published again.
 * The body is Markdown with a section each ("## Symptoms", "## Root
 * cause", "## Workaround"), the summary the first line of the symptoms.
 * *out_number (arena) is the article's number.  Agents (or the system).
 * SW_EINVALID (field "workaround") when the three together are over the
 * article body's limit (ARTICLE_BODY_MAX characters); "problem" when the
 * number names no ticket.
 */
enum sw_err article_known_error_sync(struct ctx *c, const char *problem_number, const char *title, const char *symptoms,
				     const char *root_cause, const char *workaround, const char **out_number,
				     struct sw_error *err);

#endif
