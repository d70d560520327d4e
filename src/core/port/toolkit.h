/*
 * port/toolkit.h — what core needs from storage for toolkits
 * (core/toolkit/toolkit.h): the items of toolkits applied, one row per
 * item key.  Implemented by store/repo_toolkit.c; the conventions are in
 * port/store.h.
 */
#ifndef SW_CORE_PORT_TOOLKIT_H
#define SW_CORE_PORT_TOOLKIT_H

#include <stdint.h>

#include "base/err.h"
#include "core/port/store.h"
#include "base/list.h"

/* An item as it was applied: the record it made and the hashes of the
 * item and of the record the apply left (both hex SHA-256). */
struct toolkit_applied {
	const char *key, *toolkit, *section;
	int64_t version;
	const char *record_name, *item_hash, *record_hash;
	int64_t applied_at;
};
LIST_OF(toolkit_applied_list, toolkit_applied);

/* Every item applied, by key. */
enum sw_err store_toolkit_applied(struct store *s, struct toolkit_applied_list *out, struct sw_error *err);
/* The item key names; SW_ENOTFOUND when none was applied. */
enum sw_err store_toolkit_applied_get(struct store *s, const char *key, struct toolkit_applied *out,
				      struct sw_error *err);
/* The item that made the record name of section; SW_ENOTFOUND when none. */
enum sw_err store_toolkit_applied_by_record(struct store *s, const char *section, const char *name,
					    struct toolkit_applied *out, struct sw_error *err);
/* Insert or replace the row of a->key. */
enum sw_err store_toolkit_applied_put(struct store *s, const struct toolkit_applied *a, struct sw_error *err);

#endif
