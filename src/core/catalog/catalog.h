/*
 * catalog.h — the service catalogue (issue #15): catalogue items as a
 * record kind (core/kernel/record.h) that admins keep and everyone who
 * may order an item reads; each item has a form (its variables, in
 * versions: changing a form makes a new version, and a request keeps the
 * version it was raised with), a fulfilment plan (tasks with
 * dependencies) and, for a bundle, its member items.  The pure rules of
 * forms and plans are in form.h.  See docs/requests.md.
 */
#ifndef SW_CORE_CATALOG_H
#define SW_CORE_CATALOG_H

#include "core/catalog/form.h"
#include "core/kernel/record.h"
#include "core/model.h"
#include "base/list.h"

#define CATALOG_BUNDLE_MAX 20
#define CATALOG_ORDER_GROUPS_MAX 20
#define CATALOG_ITEMS_MAX 1000

struct catalog_item {
	int64_t id;
	const char *name;
	int64_t service_id;
	const char *service;
	const char *category, *short_description, *description, *icon, *price;
	const char **order_groups; /* who may order it: none listed, everyone */
	size_t order_group_count;
	bool active;                 /* false: retired, nobody may order it */
	int delivery_days;           /* the delivery target shown to requesters (0: none) */
	int64_t cost;                /* a whole amount: what conditional approval steps compare (0: none) */
	const char *approval_policy; /* an approval policy of kind request, by name; NULL: none */
	int form_version;            /* the current version of its form */
	struct form_var *variables;  /* the current version's */
	size_t variable_count;
	struct plan_task *plan;
	size_t plan_count;
	const char **bundle; /* member items, by name */
	size_t bundle_count;
	int64_t created_at, updated_at;
};

LIST_OF(catalog_item_list, catalog_item);

struct catalog_item_input {
	const char *name, *service, *category, *short_description, *description, *icon, *price, *approval_policy;
	const char **order_groups;
	size_t order_group_count;
	const char **bundle;
	size_t bundle_count;
	bool active;
	int delivery_days;
	int64_t cost;
	struct form_var *variables;
	size_t variable_count;
	bool set_service, set_category, set_short_description, set_description, set_icon, set_price,
		set_approval_policy, set_order_groups, set_bundle, set_active, set_delivery_days, set_cost,
		set_variables;
};

/* PUT …/plan: the item's fulfilment plan, replaced whole. */
struct catalog_plan_input {
	struct plan_task *tasks;
	size_t task_count;
	bool set_tasks;
};

extern const struct record_kind catalog_item_kind;

/* The items the caller may see, by category and name: agents every item
 * (with retired ones when retired is true), end users the active items
 * they may order.  text (NULL: any) keeps those whose name, short
 * description or category contain it (case-insensitive ASCII); category
 * (NULL: any) those of that category or one under it. */
enum sw_err catalog_item_list(struct ctx *c, const char *text, const char *category, bool retired,
			      struct catalog_item_list *out, struct sw_error *err);
/* Replace the fulfilment plan of the item name names (admins; plan_check
 * against the item's current form, groups looked up; one transaction
 * with its audit row); the item as it is now into out. */
enum sw_err catalog_item_set_plan(struct ctx *c, const char *name, const struct catalog_plan_input *in,
				  struct catalog_item *out, struct sw_error *err);
/* Version version (0: the current one) of the form of the item name
 * names, for those who may read the item; 404 for a version it never had. */
enum sw_err catalog_item_form(struct ctx *c, const char *name, int version, struct form_var **vars, size_t *count,
			      int *version_out, struct sw_error *err);
/* May the caller order item (active, and one of its groups when it
 * names any)?  403 otherwise (a retired item: type "retired"). */
enum sw_err catalog_may_order(struct ctx *c, const struct catalog_item *item, struct sw_error *err);
/* A submission for the item name names checked as ordering it would
 * check it: the caller may order it (403), the values against its
 * current form (form_check_submission), and what user and CI variables
 * name exists (a CI of the variable's class).  The answers into out. */
enum sw_err catalog_item_check(struct ctx *c, const char *name, const struct form_value *values, size_t n,
			       struct catalog_item *item, struct form_answers *out, struct sw_error *err);
/* The references of the answers of a checked submission looked up
 * (users, CIs of their class), field errors "variables.<name>". */
enum sw_err catalog_answers_resolve(struct ctx *c, const struct form_answers *ans, struct sw_error *err);

/* An item's description (Markdown) as safe HTML, appended to out. */
struct buf;
enum sw_err catalog_description_html(const char *md, struct buf *out, struct sw_error *err);

#endif
