/*
 * article_template.h — knowledge article templates ("How-to",
 * "Troubleshooting", "Known error"): named skeletons a writer starts a
 * new article from.  A template holds a body in Markdown with the
 * headings the writer fills in, and the kind, audience and category the
 * article starts with; choosing one on the new-article page fills the
 * editor, and nothing ties the article to its template afterwards.  A
 * record kind (core/kernel/record.h): admins create and change them,
 * agents read them (docs/knowledge.md#article-templates).  Toolkits
 * carry them (section article_templates).
 */
#ifndef SW_CORE_KNOWLEDGE_ARTICLE_TEMPLATE_H
#define SW_CORE_KNOWLEDGE_ARTICLE_TEMPLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/kernel/record.h"
#include "core/knowledge/article.h"
#include "base/list.h"

#define ARTICLE_TEMPLATE_DESCRIPTION_MAX 1000 /* characters */
#define ARTICLE_TEMPLATE_BODY_MAX 20000       /* characters of Markdown: a skeleton, not an article */

struct article_template {
	int64_t id;
	const char *name, *description;
	enum article_kind kind;
	enum article_audience audience;
	const char *category; /* a path of the category tree; NULL: none */
	const char *body;     /* Markdown */
	int position;         /* the order the new-article page offers them in */
	bool active;
	int64_t created_at, updated_at;
};
LIST_OF(article_template_list, article_template);

/* Create and patch input; set_* says which members were given (a null
 * category with its flag clears it). */
struct article_template_input {
	const char *name; /* create only */
	const char *description, *kind, *audience, *category, *body;
	int64_t position;
	bool active;
	bool set_description, set_kind, set_audience, set_category, set_body, set_position, set_active;
};

/* Run by core/kernel/record.h: struct article_template_input in, struct
 * article_template out, named by name; admins write, agents read. */
extern const struct record_kind article_template_kind;

#endif
