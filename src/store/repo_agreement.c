/*
 * repo_agreement.c — agreements and the services they cover
 * (port/sla.h).  An agreement's services are rows of agreement_services,
 * read with it: one query for a single agreement, one for all of them
 * when they are listed.
 */
#include <string.h>

#include "core/kernel/record.h"
#include "core/port/sla.h"
#include "core/sla/agreement.h"
#include "core/ticket/cause_category.h"
#include "store/store_int.h"
#include "store/agreement_sql.h"
#include "base/banned.h"

/* AGREEMENT_COLS */
static const struct store_col agreement_cols[] = {
	STORE_COLS(struct agreement, id, name),
	STORE_COL_VALUE(struct agreement, type, agreement_type_name_list),
	STORE_COL_VALUE(struct agreement, status, agreement_status_name_list),
	STORE_COLS(struct agreement, description, customer, group_id, group, supplier, owner_id, owner, valid_from,
		   valid_to),
	STORE_COLS(struct agreement, review_date, document_url, version, target_compliance, amber_percent,
		   review_notified, created_at, updated_at),
};

static const struct store_col agreement_args[] = {
	STORE_ARG_KEY,
	STORE_ARG_VALUE(struct agreement, type, agreement_type_name_list),
	STORE_ARG_VALUE(struct agreement, status, agreement_status_name_list),
	STORE_ARGS(struct agreement, description, customer),
	STORE_ARG_IDS(struct agreement, group_id),
	STORE_ARGS(struct agreement, supplier),
	STORE_ARG_IDS(struct agreement, owner_id),
	STORE_ARGS(struct agreement, valid_from, valid_to, review_date, document_url, version, target_compliance,
		   amber_percent, review_notified),
	STORE_ARG_AT,
};

static const struct store_linked agreements =
	STORE_LINKED_SERVICES(struct agreement, ST_AGREEMENT_BY_NAME, ST_AGREEMENT_SVC_OF, ST_AGREEMENT_LIST,
			      ST_AGREEMENT_SVC_ALL, agreement_cols, "agreement");

STORE_SAVE_FN(save_agreement, struct agreement, ST_AGREEMENT_INSERT, ST_AGREEMENT_UPDATE, agreement_args)

enum sw_err store_agreement_list(struct store *s, struct agreement_list *out, struct sw_error *err)
{
	return store_linked_all(s, &agreements, &out->items, &out->count, err);
}

STORE_LOAD_AS(load_agreement, store_linked_find(s, &agreements, key->name, out, err))
STORE_LIST_AS(list_agreements, store_agreement_list(s, out, err))

const struct record_store store_agreements = {save_agreement, load_agreement, list_agreements};

enum sw_err store_agreement_count(struct store *s, int64_t *count, struct sw_error *err)
{
	return db_query_int(s->conn, ST(ST_AGREEMENT_COUNT), NULL, 0, count, err);
}

enum sw_err store_agreement_services(struct store *s, int64_t id, const int64_t *service_ids, size_t count,
				     struct sw_error *err)
{
	return store_replace_ids(s, ST_AGREEMENT_SVC_DELETE, ST_AGREEMENT_SVC_INSERT, id, service_ids, count, err);
}

enum sw_err store_agreements_review_due(struct store *s, const char *today, int limit, struct agreement_list *out,
					struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(today), DB_INT(limit)};
	return STORE_COLLECT(s, ST_AGREEMENT_REVIEW_DUE, a, 2, agreement_cols, &out->items, &out->count, err);
}

enum sw_err store_agreement_review_mark(struct store *s, int64_t id, const char *date, bool *marked,
					struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_TEXT(date)};
	return store_yes(s, STORE_YES_CHANGED, ST_AGREEMENT_REVIEW_MARK, a, 2, marked, err);
}

/* ---- breach reasons: a value list shaped as the cause categories ---- */

static const struct store_value_list reasons = {ST_BREACH_REASON_INSERT, ST_BREACH_REASON_UPDATE,
						ST_BREACH_REASON_BY_NAME, ST_BREACH_REASON_LIST, "breach reason"};

static enum sw_err save_reason(struct store *s, void *rec, bool creating, struct sw_error *err)
{
	return store_value_list_save(s, &reasons, rec, creating, err);
}

static enum sw_err load_reason(struct store *s, const struct record_key *key, void *out, struct sw_error *err)
{
	return store_value_list_find(s, &reasons, key->name, out, err);
}

static enum sw_err list_reasons(struct store *s, bool all, void *out, struct sw_error *err)
{
	(void)all;
	return store_value_list_all(s, &reasons, out, err);
}

const struct record_store store_breach_reasons = {save_reason, load_reason, list_reasons};

enum sw_err store_sla_clock_reason(struct store *s, int64_t id, const char *reason, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_TEXT(reason)};
	return db_exec(s->conn, ST(ST_CLOCK_SET_REASON), a, NARGS(a), NULL, err);
}
