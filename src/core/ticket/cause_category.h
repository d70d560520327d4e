/*
 * cause_category.h — the cause categories a problem's cause_category is
 * one of (hardware failure, software defect, capacity, ...): a record
 * kind admins create and change, agents read; listed with record_list.
 */
#ifndef SW_CORE_CAUSE_CATEGORY_H
#define SW_CORE_CAUSE_CATEGORY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/kernel/record.h"
#include "base/list.h"

#define CAUSE_NAME_MAX 40 /* a cause category's name: ^[a-z][a-z0-9_]*$ */

struct cause_category {
	RECORD_RULE_HEAD;
	const char *label;
	int64_t created_at, updated_at;
};
LIST_OF(cause_category_list, cause_category);
struct cause_category_input {
	const char *name; /* create only: ^[a-z][a-z0-9_]*$ */
	const char *label;
	int64_t position;
	bool active;
	bool set_label, set_position, set_active;
};
extern const struct record_kind cause_category_kind;
/* The breach reasons (docs/sla.md#breach-reasons), of the same shape:
 * admins write, agents read. */
extern const struct record_kind breach_reason_kind;

#endif
