/*
 * port/custom.h — what core needs from storage for fields defined at run
 * time, their values and mandatory fields (core/ticket/custom_field.h).
 * Implemented in src/store/repo_custom.c; the conventions (transactions,
 * error codes, the arena results go to) are in port/store.h.
 */
#ifndef SW_CORE_PORT_CUSTOM_H
#define SW_CORE_PORT_CUSTOM_H

#include "core/port/store.h"

struct custom_field;
struct custom_field_list;
struct mandatory_field;
struct mandatory_list;
/* SW_ECONFLICT when the kind has a field of that name. */
enum sw_err store_custom_field_insert(struct store *s, struct custom_field *f, struct sw_error *err);
enum sw_err store_custom_field_update(struct store *s, const struct custom_field *f, struct sw_error *err);
enum sw_err store_custom_field_by_name(struct store *s, const char *kind, const char *name, struct custom_field *out,
				       struct sw_error *err);
/* kind NULL: every kind; in kind and form order. */
enum sw_err store_custom_field_list(struct store *s, const char *kind, bool active_only, struct custom_field_list *out,
				    struct sw_error *err);
enum sw_err store_ticket_value_set(struct store *s, int64_t ticket_id, int64_t field_id, const char *value,
				   struct sw_error *err);
enum sw_err store_ticket_value_delete(struct store *s, int64_t ticket_id, int64_t field_id, struct sw_error *err);
/* SW_ECONFLICT when the same rule exists. */
enum sw_err store_mandatory_insert(struct store *s, struct mandatory_field *m, struct sw_error *err);
enum sw_err store_mandatory_delete(struct store *s, int64_t id, bool *deleted, struct sw_error *err);
/* kind, state: NULL for any. */
enum sw_err store_mandatory_list(struct store *s, const char *kind, const char *state, struct mandatory_list *out,
				 struct sw_error *err);

#endif
