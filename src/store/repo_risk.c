/*
 * repo_risk.c — the risk of changes (port/risk.h): the settings as rows
 * of name and value, the history of the changes sharing a change's CIs,
 * and the assessment kept on the change's own row.
 */
#include <string.h>

#include "core/change/risk.h"
#include "core/port/risk.h"
#include "store/store_int.h"
#include "store/risk_sql.h"
#include "base/banned.h"

struct setting {
	const char *name;
	int64_t value;
};
static const struct store_col setting_cols[] = {STORE_COLS(struct setting, name, value)};

/* Where each setting lives in struct risk_config. */
#define SETTING_AT(name_) {#name_, offsetof(struct risk_config, name_)},
static const struct {
	const char *name;
	size_t at;
} settings_at[] = {RISK_SETTINGS(SETTING_AT)};

enum sw_err store_risk_config_get(struct store *s, struct risk_config *out, struct sw_error *err)
{
	struct setting *rows;
	size_t n;
	enum sw_err rc = STORE_COLLECT(s, ST_RISK_SETTINGS, NULL, 0, setting_cols, &rows, &n, err);
	if (rc)
		return rc;
	struct risk_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof(settings_at) / sizeof(settings_at[0]); k++)
			if (strcmp(rows[i].name, settings_at[k].name) == 0)
				*(int *)((char *)&cfg + settings_at[k].at) = (int)rows[i].value;
	*out = cfg;
	return SW_OK;
}

enum sw_err store_risk_config_set(struct store *s, const char *name, int value, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(name), DB_INT(value)};
	return store_write(s, ST_RISK_SETTING_SET, a, NARGS(a), NULL, err);
}

enum sw_err store_risk_history(struct store *s, int64_t change_id, int64_t *completed, int64_t *failed, int64_t *caused,
			       struct sw_error *err)
{
	struct db_arg all[] = {DB_INT(change_id), DB_INT(0)}, bad[] = {DB_INT(change_id), DB_INT(1)};
	struct db_arg one[] = {DB_INT(change_id)};
	enum sw_err rc = db_query_int(s->conn, ST(ST_RISK_COMPLETED), all, NARGS(all), completed, err);
	if (!rc)
		rc = db_query_int(s->conn, ST(ST_RISK_COMPLETED), bad, NARGS(bad), failed, err);
	if (!rc)
		rc = db_query_int(s->conn, ST(ST_RISK_CAUSED), one, NARGS(one), caused, err);
	return rc;
}

enum sw_err store_risk_save(struct store *s, int64_t change_id, const struct risk_stored *r, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(change_id),  DB_TEXT(r->level),   DB_INT(r->score), DB_TEXT(r->computed),
			     DB_TEXT(r->reason), DB_TEXT(r->factors), DB_INT(r->at)};
	return store_write(s, ST_RISK_SAVE, a, NARGS(a), NULL, err);
}

enum sw_err store_risk_stale(struct store *s, int64_t before, int limit, const char ***numbers, size_t *count,
			     struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(before), DB_INT(limit)};
	return store_collect_strings(s, ST_RISK_STALE, a, NARGS(a), numbers, count, err);
}

enum sw_err store_risk_factors(struct store *s, int64_t change_id, const char **out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(change_id)};
	const char *text = NULL;
	enum sw_err rc = store_one(s, ST_RISK_FACTORS, a, NARGS(a), store_read_string, &text, err);
	if (!rc)
		*out = text;
	return rc;
}
