/*
 * custom_field.h — what admins add to ticket kinds without code: fields
 * defined at run time per kind (optionally only for tickets under one
 * category), typed and validated, whose values every ticket answer,
 * history, list filter and search carries; and mandatory-field rules, the
 * fields a ticket of a kind must have filled in to be in a state (a
 * transition or change that leaves one empty is refused naming it).
 * Admins write both; everyone logged in reads the definitions (the portal
 * draws its forms from them).
 */
#ifndef SW_CORE_CUSTOM_FIELD_H
#define SW_CORE_CUSTOM_FIELD_H

#include "core/ticket/ticket.h"
#include "base/list.h"

enum custom_type { CUSTOM_TEXT, CUSTOM_NUMBER, CUSTOM_DATE, CUSTOM_CHOICE, CUSTOM_USER, CUSTOM_CI, CUSTOM_TYPE__COUNT };
CORE_VALUE_LIST_DECL(enum custom_type, custom_type_name, custom_type_parse);

#define CUSTOM_FIELDS_MAX 64   /* per kind */
#define CUSTOM_CHOICES_MAX 100 /* per choice field */
#define CUSTOM_VALUE_MAX 1000  /* characters of a text value */
#define CUSTOM_NAME_MAX 40     /* ^[a-z][a-z0-9_]*$ */

struct custom_field {
	int64_t id;
	const char *kind, *name, *label;
	enum custom_type type;
	const char **choices; /* CUSTOM_CHOICE */
	size_t choice_count;
	const char *category; /* applies to tickets in this category or under it; NULL: all */
	int position;         /* order on forms */
	bool active;
	int64_t created_at, updated_at;
};

LIST_OF(custom_field_list, custom_field);

/* Create and patch input; set_* says what was given.  kind, name and type
 * are fixed once created. */
struct custom_field_input {
	const char *kind, *name, *label, *type, *category;
	const char **choices;
	size_t choice_count;
	int position;
	bool active;
	bool set_label, set_type, set_choices, set_category, set_position, set_active;
};

enum sw_err custom_field_create(struct ctx *c, const struct custom_field_input *in, struct custom_field *out,
				struct sw_error *err);
enum sw_err custom_field_update(struct ctx *c, const char *kind, const char *name, const struct custom_field_input *in,
				struct custom_field *out, struct sw_error *err);
enum sw_err custom_field_get(struct ctx *c, const char *kind, const char *name, struct custom_field *out,
			     struct sw_error *err);
/* kind NULL: every kind.  End users get active definitions only. */
enum sw_err custom_field_list(struct ctx *c, const char *kind, struct custom_field_list *out, struct sw_error *err);

/* For the engine, inside its transaction: apply the values in (ticket
 * input "custom") to t, checked against the kind's active definitions
 * (field errors name "custom.<name>"), keeping the values in t->custom in
 * canonical text; then, once t has its id, write the ones that changed
 * from before (NULL: none) and describe them for history. */
enum sw_err custom_values_apply(struct ctx *c, const struct ticket_input *in, struct ticket *t, struct sw_error *err);
enum sw_err custom_values_write(struct ctx *c, const struct ticket *before, const struct ticket *t,
				struct sw_error *err);
/* The canonical text of a filter value for field name of kind (400 when
 * the field does not exist or the value does not fit it). */
enum sw_err custom_filter_value(struct ctx *c, const struct ticket_kind *k, const char *name, const char *value,
				const char **out, struct sw_error *err);

struct mandatory_field {
	int64_t id;
	const char *kind, *state, *field; /* field: a ticket field ("category") or "custom.<name>" */
	int64_t created_at;
};

LIST_OF(mandatory_list, mandatory_field);

enum sw_err mandatory_create(struct ctx *c, const struct mandatory_field *in, struct mandatory_field *out,
			     struct sw_error *err);
enum sw_err mandatory_delete(struct ctx *c, int64_t id, struct sw_error *err);
/* kind NULL: every kind. */
enum sw_err mandatory_list(struct ctx *c, const char *kind, struct mandatory_list *out, struct sw_error *err);
/* For the engine: a field error for each field t must have in its state
 * and does not (422, "is required when <kind> is <state>"). */
enum sw_err mandatory_check(struct ctx *c, const struct ticket *t, struct sw_error *err);

#endif
