/*
 * agreement_sql.c — the SQL of agreements and the services they cover
 * (repo_agreement.c).  Columns are listed explicitly so that the
 * repository reads them by position; AGREEMENT_COLS and its column table
 * must agree.  See catalog.h.
 */
#include "store/agreement_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_AGREEMENT

#define AGREEMENT_COLS                                                                                                 \
	"a.id, a.name, a.type, a.status, a.description, a.customer, a.group_id, g.name, a.supplier, a.owner_id,"       \
	" u.login, a.valid_from, a.valid_to, a.review_date, a.document_url, a.version, a.target_compliance,"           \
	" a.amber_percent, a.review_notified, a.created_at, a.updated_at FROM agreements a"                            \
	" LEFT JOIN groups_ g ON g.id = a.group_id LEFT JOIN users u ON u.id = a.owner_id"

/* as config_sql.c's CAUSE_COLS */
#define BREACH_REASON_COLS "id, name, label, position, active, created_at, updated_at FROM breach_reasons"

/* clang-format off */
const struct db_stmt agreement_sql[ST_AGREEMENT__END - ST_BASE_AGREEMENT] = {
	S_WRITES(ST_AGREEMENT_INSERT, ST_AGREEMENT_UPDATE, "agreements", type, status, description, customer, group_id,
		 supplier, owner_id, valid_from, valid_to, review_date, document_url, version, target_compliance,
		 amber_percent, review_notified, updated_at),
	S_BY(ST_AGREEMENT_BY_NAME, AGREEMENT_COLS, "a.name"),
	S_ORDERED_THEN(ST_AGREEMENT_LIST, "SELECT " AGREEMENT_COLS " ORDER BY a.name", " LIMIT 1000"),
	S(ST_AGREEMENT_COUNT, "SELECT COUNT(*) FROM agreements"),
	S_SERVICE_LINKS(ST_AGREEMENT_SVC_DELETE, ST_AGREEMENT_SVC_INSERT, ST_AGREEMENT_SVC_OF, ST_AGREEMENT_SVC_ALL,
			"agreement_services", "x", "agreement_id"),
	S(ST_AGREEMENT_REVIEW_DUE,
	  "SELECT " AGREEMENT_COLS " WHERE a.review_date IS NOT NULL AND a.review_date <= ?1 AND a.status <> 'retired'"
	  " AND (a.review_notified IS NULL OR a.review_notified <> a.review_date) ORDER BY a.review_date, a.id LIMIT ?2"),
	/* only once per date: another pass may have told it meanwhile */
	S(ST_AGREEMENT_REVIEW_MARK,
	  "UPDATE agreements SET review_notified = ?2 WHERE id = ?1 AND review_date = ?2"
	  " AND (review_notified IS NULL OR review_notified <> ?2)"),
	S_WRITES(ST_BREACH_REASON_INSERT, ST_BREACH_REASON_UPDATE, "breach_reasons", label, position, active,
		 updated_at),
	S_BY(ST_BREACH_REASON_BY_NAME, BREACH_REASON_COLS, "name"),
	S(ST_BREACH_REASON_LIST, "SELECT " BREACH_REASON_COLS " ORDER BY position, name"),
	S(ST_CLOCK_SET_REASON, "UPDATE ticket_slas SET breach_reason = ?2 WHERE id = ?1"),
};
/* clang-format on */
