/*
 * port/config.h — what core needs from storage for the category tree and
 * incident templates (core/ticket/category.h, core/ticket/template.h).
 * Implemented in src/store/repo_config.c; the conventions (transactions,
 * error codes, the arena results go to) are in port/store.h.
 */
#ifndef SW_CORE_PORT_CONFIG_H
#define SW_CORE_PORT_CONFIG_H

#include "core/port/store.h"

struct category;
struct category_list;
struct incident_template;
struct template_list;
enum sw_err store_category_insert(struct store *s, struct category *c, int64_t parent_id, struct sw_error *err);
enum sw_err store_category_by_path(struct store *s, const char *path, struct category *out, struct sw_error *err);
enum sw_err store_category_by_id(struct store *s, int64_t id, struct category *out, struct sw_error *err);
enum sw_err store_category_list(struct store *s, bool active_only, struct category_list *out, struct sw_error *err);
enum sw_err store_category_set_active(struct store *s, int64_t id, bool active, struct sw_error *err);
enum sw_err store_category_count(struct store *s, int64_t *out, struct sw_error *err);
/* struct incident_template, named by name */
extern const struct record_store store_templates;
enum sw_err store_template_by_name(struct store *s, const char *name, struct incident_template *out,
				   struct sw_error *err);
enum sw_err store_template_list(struct store *s, bool active_only, struct template_list *out, struct sw_error *err);

/* cause categories (core/ticket/cause_category.h) */
struct cause_category;
struct cause_category_list;
extern const struct record_store store_cause_categories;
enum sw_err store_cause_category_by_name(struct store *s, const char *name, struct cause_category *out,
					 struct sw_error *err);
enum sw_err store_cause_category_list(struct store *s, struct cause_category_list *out, struct sw_error *err);

#endif
