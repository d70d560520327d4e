/*
 * repo_cfgsnap.c — the configuration version and the little the
 * configuration snapshot (core/kernel/cfgsnap.c) reads fresh; see
 * port/cfgsnap.h.
 */
#include "core/port/cfgsnap.h"
#include "store/store_int.h"
#include "store/cfgsnap_sql.h"
#include "base/banned.h"

enum sw_err store_config_version(struct store *s, int64_t *out, struct sw_error *err)
{
	return db_query_int(s->conn, ST(ST_CFGSNAP_VERSION), NULL, 0, out, err);
}

uint64_t store_tx_mark(const struct store *s)
{
	return s->depth ? s->tx_serial : 0;
}

enum sw_err store_rule_last_assignee(struct store *s, int64_t rule_id, int64_t *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(rule_id)};
	return db_query_int(s->conn, ST(ST_CFGSNAP_RULE_LAST), a, NARGS(a), out, err);
}
