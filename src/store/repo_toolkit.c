/*
 * repo_toolkit.c — the items of toolkits applied (port/toolkit.h), one
 * row per item key, read and written whole by one column table.
 */
#include "core/port/toolkit.h"
#include "store/store_int.h"
#include "store/toolkit_sql.h"
#include "base/banned.h"

static const struct store_col applied_cols[] = {STORE_COLS(struct toolkit_applied, key, toolkit, section, version,
							   record_name, item_hash, record_hash, applied_at)};

enum sw_err store_toolkit_applied(struct store *s, struct toolkit_applied_list *out, struct sw_error *err)
{
	return STORE_COLLECT(s, ST_TOOLKIT_ITEMS, NULL, 0, applied_cols, &out->items, &out->count, err);
}

enum sw_err store_toolkit_applied_get(struct store *s, const char *key, struct toolkit_applied *out,
				      struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(key)};
	return STORE_ONE(s, ST_TOOLKIT_ITEM, a, NARGS(a), applied_cols, out, err);
}

enum sw_err store_toolkit_applied_by_record(struct store *s, const char *section, const char *name,
					    struct toolkit_applied *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(section), DB_TEXT(name)};
	return STORE_ONE(s, ST_TOOLKIT_ITEM_BY_RECORD, a, NARGS(a), applied_cols, out, err);
}

enum sw_err store_toolkit_applied_put(struct store *s, const struct toolkit_applied *a, struct sw_error *err)
{
	return STORE_WRITE_ARGS(s, ST_TOOLKIT_ITEM_PUT, a, applied_cols, NULL, err);
}
