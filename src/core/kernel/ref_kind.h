/*
 * ref_kind.h — the kinds of record a client names in a field (a user by
 * login, a group by name, ...), which the reference lookup kit (ref.c,
 * declared in core_int.h) finds and a record kind's reference table
 * (record.h) names.
 */
#ifndef SW_CORE_REF_KIND_H
#define SW_CORE_REF_KIND_H

enum core_ref_kind {
	CORE_REF_USER,  /* by login */
	CORE_REF_GROUP, /* by name, and so on */
	CORE_REF_SERVICE,
	CORE_REF_CALENDAR,
	CORE_REF_SLA_POLICY,
	CORE_REF_OBJECTIVE,
	CORE_REF_CI_CLASS,
	CORE_REF_CATEGORY, /* by path */
	CORE_REF_TICKET,   /* by number, of any kind */
	CORE_REF_AGREEMENT,
	CORE_REF_EVENT_SOURCE,
	CORE_REF__COUNT
};

#endif
