/*
 * category.h — the incident category tree.  A category has a name and an
 * optional parent; its path joins the names from the root with '/'
 * ("network/vpn").  Tickets store the path.  Once an organisation defines
 * any category, a ticket's category must be an active one whose ancestors
 * are active too; with no tree defined, categories are free text.
 * Categories are deactivated rather than deleted, so old tickets keep a
 * meaningful path.
 */
#ifndef SW_CORE_CATEGORY_H
#define SW_CORE_CATEGORY_H

#include "core/model.h"
#include "base/list.h"

#define CATEGORY_NAME_MAX 60 /* characters of one segment */
#define CATEGORY_DEPTH_MAX 4 /* levels, root included */

struct category {
	int64_t id;
	const char *path, *name;
	const char *parent; /* parent's path, NULL at the root */
	bool active;
	int64_t created_at;
};

LIST_OF(category_list, category);

/* Admins: a new category under parent (a path, or NULL for the root). */
enum sw_err category_create(struct ctx *c, const char *name, const char *parent, struct category *out,
			    struct sw_error *err);
/* Whether category id exists, for its history (struct history_subject,
 * core/kernel/record.h); no role check. */
enum sw_err category_find(struct ctx *c, int64_t id, struct sw_error *err);
/* Admins: activate or deactivate a category (by id: a path has slashes). */
enum sw_err category_set_active(struct ctx *c, int64_t id, bool active, struct category *out, struct sw_error *err);
/* Any user: the tree in path order; end users see active categories only. */
enum sw_err category_list(struct ctx *c, bool active_only, struct category_list *out, struct sw_error *err);

/* Inside a transaction: may a ticket be filed under path?  Adds a
 * "reference" field error on field when not; other failures returned. */
enum sw_err category_check(struct ctx *c, const char *field, const char *path, struct sw_error *err);

#endif
