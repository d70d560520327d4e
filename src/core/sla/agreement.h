/*
 * agreement.h — service level agreements as records: an SLA with a
 * customer, an OLA with an internal group, an underpinning contract (UC)
 * with a supplier; the services each covers, its validity, review date,
 * owner, status and the compliance it promises.  SLA policies belong to
 * an agreement (sla_policy.agreement_id) or to none; see docs/sla.md for
 * how an agreement's status takes part in choosing a ticket's policy.
 *
 * An OLA whose resolution target is longer than the resolution target of
 * an SLA policy it must support (same kind, priority and service, or any)
 * cannot support it: every read of the OLA lists those conflicts.  The
 * review pass tells each owner, once per review date, that it has come.
 */
#ifndef SW_CORE_SLA_AGREEMENT_H
#define SW_CORE_SLA_AGREEMENT_H

#include "core/model.h"
#include "core/kernel/record.h"
#include "base/list.h"

enum agreement_type { AGREEMENT_SLA, AGREEMENT_OLA, AGREEMENT_UC, AGREEMENT_TYPE__COUNT };
CORE_VALUE_LIST_DECL(enum agreement_type, agreement_type_name, agreement_type_parse);

enum agreement_status {
	AGREEMENT_DRAFT,
	AGREEMENT_ACTIVE,
	AGREEMENT_EXPIRED,
	AGREEMENT_RETIRED,
	AGREEMENT_STATUS__COUNT
};
CORE_VALUE_LIST_DECL(enum agreement_status, agreement_status_name, agreement_status_parse);

#define AGREEMENT_SERVICES_MAX 50
#define AGREEMENT_TEXT_MAX 2000 /* characters of a description */
#define AGREEMENT_PARTY_MAX 200 /* characters of a customer or supplier */
#define AGREEMENT_URL_MAX 2000
#define AGREEMENTS_MAX 1000        /* agreements one list reads */
#define AGREEMENT_CONFLICTS_MAX 50 /* OLA conflicts one read lists */

struct agreement {
	int64_t id;
	const char *name;
	enum agreement_type type;
	enum agreement_status status;
	const char *description;
	const char *customer, *supplier; /* parties named as text; NULL: none */
	int64_t group_id;                /* the internal group party (an OLA's provider); 0: none */
	const char *group;
	int64_t owner_id;
	const char *owner;                               /* login */
	const char *valid_from, *valid_to, *review_date; /* "YYYY-MM-DD"; NULL: open */
	const char *document_url;                        /* NULL: none */
	int version;                                     /* 1, and one more for every change */
	int target_compliance, amber_percent;            /* percent of clocks met */
	const char *review_notified;                     /* the review date a reminder went out for */
	const char **services;                           /* names */
	size_t service_count;
	int64_t *service_ids;  /* as services */
	const char **policies; /* its SLA policies, by name (read) */
	size_t policy_count;
	const char **ola_conflicts; /* an OLA's targets that cannot support an SLA's (read) */
	size_t ola_conflict_count;
	bool ola_flagged; /* some conflict (read) */
	int64_t created_at, updated_at;
};

LIST_OF(agreement_list, agreement);

struct agreement_input {
	const char *name, *type, *status, *description, *customer, *supplier, *group, *owner;
	const char *valid_from, *valid_to, *review_date, *document_url;
	int target_compliance, amber_percent;
	const char **services;
	size_t service_count;
	bool set_type, set_status, set_description, set_customer, set_supplier, set_group, set_owner, set_valid_from,
		set_valid_to, set_review_date, set_document_url, set_target_compliance, set_amber_percent, set_services;
};

/* Run by core/kernel/record.h: struct agreement_input in, struct
 * agreement out, named by name; admins and managers (service owners)
 * write, agents read.  Field errors name type, status, dates (valid_to
 * before valid_from), document_url (http or https), target_compliance
 * and amber_percent (amber below target), group, owner (an agent),
 * services[i]. */
extern const struct record_kind agreement_kind;

/* The worker's pass: agreements (not retired) whose review date has come
 * (at c->now, UTC) and whose owner was not yet told for that date: each
 * owner told through the agreement_review notification rules, an audit
 * row "review_due", in one transaction; *notified how many. */
enum sw_err agreement_review_pass(struct ctx *c, int batch, int *notified, struct sw_error *err);

#endif
