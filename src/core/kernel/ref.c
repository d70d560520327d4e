/*
 * ref.c — the reference lookup kit: a record named by a client (a user by
 * login, a group, service, calendar, SLA policy, objective or CI class by
 * name, a category by path, a ticket by number, an agreement or event
 * source by name, a CI by id) found for the
 * field that named it, with one answer for "not there" everywhere: a
 * field error of problem type "reference", collected with the request's
 * other field errors; or, for a record a request's path names, 404.
 * See core_int.h.
 */
#include <stdio.h>
#include <string.h>

#include "core/ticket/category.h"
#include "core/cmdb/cmdb.h"
#include "core/core_int.h"
#include "core/cmdb/service.h"
#include "core/event/alert.h"
#include "core/sla/sla.h"
#include "core/port/account.h"
#include "core/port/cmdb.h"
#include "core/port/config.h"
#include "core/port/event.h"
#include "core/port/sla.h"
#include "core/port/ticket.h"
#include "base/banned.h"

/* What each kind is called in "no <what> 'name'", and how its records
 * show their id and name. */
union ref_record {
	struct user user;
	struct group group;
	struct service service;
	struct calendar_def calendar;
	struct sla_policy policy;
	struct objective objective;
	struct ci_class class;
	struct category category;
	struct ticket ticket;
	struct ci ci;
	struct agreement agreement;
	struct event_source source;
};

static const char *const what[CORE_REF__COUNT] = {
	[CORE_REF_USER] = "user",
	[CORE_REF_GROUP] = "group",
	[CORE_REF_SERVICE] = "service",
	[CORE_REF_CALENDAR] = "calendar",
	[CORE_REF_SLA_POLICY] = "SLA policy",
	[CORE_REF_OBJECTIVE] = "objective",
	[CORE_REF_CI_CLASS] = "CI class",
	[CORE_REF_CATEGORY] = "category",
	[CORE_REF_TICKET] = "ticket",
	[CORE_REF_AGREEMENT] = "agreement",
	[CORE_REF_EVENT_SOURCE] = "event source",
};

static enum sw_err lookup(struct ctx *c, enum core_ref_kind kind, const char *name, union ref_record *r,
			  struct sw_error *look)
{
	switch (kind) {
	case CORE_REF_USER: return store_user_by_login(c->store, name, &r->user, look);
	case CORE_REF_GROUP: return store_group_by_name(c->store, name, &r->group, look);
	case CORE_REF_SERVICE: return store_service_by_name(c->store, name, &r->service, look);
	case CORE_REF_CALENDAR: return store_calendar_by_name(c->store, name, &r->calendar, look);
	case CORE_REF_SLA_POLICY: return store_sla_policy_by_name(c->store, name, &r->policy, look);
	case CORE_REF_OBJECTIVE: return store_objective_by_name(c->store, name, &r->objective, look);
	case CORE_REF_CI_CLASS: return store_class_by_name(c->store, name, &r->class, look);
	case CORE_REF_CATEGORY: return store_category_by_path(c->store, name, &r->category, look);
	case CORE_REF_TICKET: return store_ticket_by_number(c->store, name, &r->ticket, look);
	case CORE_REF_AGREEMENT:
		return store_agreements.load(c->store, &(const struct record_key){.name = name}, &r->agreement, look);
	case CORE_REF_EVENT_SOURCE:
		return store_event_sources.load(c->store, &(const struct record_key){.name = name}, &r->source, look);
	case CORE_REF__COUNT: break;
	}
	return sw_fail(look, SW_EINTERNAL, NULL, "unknown reference kind %d", (int)kind);
}

static size_t record_size(enum core_ref_kind kind)
{
	switch (kind) {
	case CORE_REF_USER: return sizeof(struct user);
	case CORE_REF_GROUP: return sizeof(struct group);
	case CORE_REF_SERVICE: return sizeof(struct service);
	case CORE_REF_CALENDAR: return sizeof(struct calendar_def);
	case CORE_REF_SLA_POLICY: return sizeof(struct sla_policy);
	case CORE_REF_OBJECTIVE: return sizeof(struct objective);
	case CORE_REF_CI_CLASS: return sizeof(struct ci_class);
	case CORE_REF_CATEGORY: return sizeof(struct category);
	case CORE_REF_TICKET: return sizeof(struct ticket);
	case CORE_REF_AGREEMENT: return sizeof(struct agreement);
	case CORE_REF_EVENT_SOURCE: return sizeof(struct event_source);
	case CORE_REF__COUNT: break;
	}
	return 0;
}

static void id_and_name(enum core_ref_kind kind, const union ref_record *r, int64_t *id, const char **display)
{
	switch (kind) {
	case CORE_REF_USER: *id = r->user.id, *display = r->user.login; break;
	case CORE_REF_GROUP: *id = r->group.id, *display = r->group.name; break;
	case CORE_REF_SERVICE: *id = r->service.id, *display = r->service.name; break;
	case CORE_REF_CALENDAR: *id = r->calendar.id, *display = r->calendar.name; break;
	case CORE_REF_SLA_POLICY: *id = r->policy.id, *display = r->policy.name; break;
	case CORE_REF_OBJECTIVE: *id = r->objective.id, *display = r->objective.name; break;
	case CORE_REF_CI_CLASS: *id = r->class.id, *display = r->class.name; break;
	case CORE_REF_CATEGORY: *id = r->category.id, *display = r->category.path; break;
	case CORE_REF_TICKET: *id = r->ticket.id, *display = r->ticket.number; break;
	case CORE_REF_AGREEMENT: *id = r->agreement.id, *display = r->agreement.name; break;
	case CORE_REF_EVENT_SOURCE: *id = r->source.id, *display = r->source.name; break;
	case CORE_REF__COUNT: *id = 0, *display = NULL; break;
	}
}

enum sw_err core_ref_find(struct ctx *c, enum core_ref_kind kind, const char *field, const char *name, void *record,
			  struct sw_error *err)
{
	union ref_record r;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = lookup(c, kind, name, &r, &look);
	if (rc == SW_ENOTFOUND) {
		core_reference_fail(err, field, "no %s '%s'", what[kind], name);
		return SW_ENOTFOUND;
	}
	if (rc)
		return sw_fail(err, rc, NULL, "%s", look.detail);
	if (record)
		memcpy(record, &r, record_size(kind));
	return SW_OK;
}

enum sw_err core_ref_get(struct ctx *c, enum core_ref_kind kind, const char *name, void *record, int64_t *id,
			 struct sw_error *err)
{
	union ref_record r;
	enum sw_err rc = lookup(c, kind, name, &r, err);
	if (rc == SW_ENOTFOUND)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no %s '%s'", what[kind], name);
	if (rc)
		return rc;
	const char *shown;
	if (id)
		id_and_name(kind, &r, id, &shown);
	if (record)
		memcpy(record, &r, record_size(kind));
	return SW_OK;
}

/* What a set leaves when nothing is found. */
static void clear(int64_t *id, const char **display)
{
	*id = 0;
	if (display)
		*display = NULL;
}

enum sw_err core_ref_set(struct ctx *c, enum core_ref_kind kind, const char *field, const char *name, int64_t *id,
			 const char **display, struct sw_error *err)
{
	clear(id, display);
	if (!name)
		return SW_OK;
	union ref_record r;
	enum sw_err rc = core_ref_find(c, kind, field, name, &r, err);
	if (rc == SW_ENOTFOUND)
		return SW_OK; /* collected in err */
	const char *shown;
	if (!rc)
		id_and_name(kind, &r, id, display ? display : &shown);
	return rc;
}

/* The records names names for the list field, as core_ref_users and
 * core_ref_ids find them: agents_only as for core_ref_users, distinct: a
 * record listed twice is a field error. */
static enum sw_err ref_list(struct ctx *c, enum core_ref_kind kind, const char *field, const char *const *names,
			    size_t count, const char *agents_only, bool distinct, int64_t **out, struct sw_error *err)
{
	int64_t *ids = arena_alloc(c->arena, (count + 1) * sizeof(*ids));
	if (!ids)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < count; i++) {
		char path[64];
		snprintf(path, sizeof(path), "%s[%zu]", field, i);
		ids[i] = 0;
		if (!names[i]) {
			sw_field_fail(err, path, "must name a %s", what[kind]);
			continue;
		}
		union ref_record r;
		enum sw_err rc = core_ref_find(c, kind, path, names[i], &r, err);
		if (rc == SW_ENOTFOUND)
			continue; /* collected in err */
		if (rc)
			return rc;
		const char *shown;
		id_and_name(kind, &r, &ids[i], &shown);
		if (agents_only && r.user.role < ROLE_AGENT)
			core_reference_fail(err, path, "'%s' is not an agent, and %s are for the desk", names[i],
					    agents_only);
		for (size_t j = 0; distinct && j < i; j++)
			if (ids[j] == ids[i])
				sw_field_fail(err, path, "'%s' is listed twice", names[i]);
	}
	*out = ids;
	return SW_OK;
}

enum sw_err core_ref_users(struct ctx *c, const char *field, const char *const *logins, size_t count,
			   const char *agents_only, int64_t **out, struct sw_error *err)
{
	return ref_list(c, CORE_REF_USER, field, logins, count, agents_only, false, out, err);
}

enum sw_err core_ref_ids(struct ctx *c, enum core_ref_kind kind, const char *field, const char *const *names,
			 size_t count, int64_t **out, struct sw_error *err)
{
	return ref_list(c, kind, field, names, count, NULL, true, out, err);
}

enum sw_err core_ref_need(struct ctx *c, enum core_ref_kind kind, const char *field, const char *name, int64_t *id,
			  const char **display, struct sw_error *err)
{
	if (name)
		return core_ref_set(c, kind, field, name, id, display, err);
	clear(id, display);
	core_reference_fail(err, field, "no %s ''", what[kind]);
	return SW_OK;
}

enum sw_err core_ref_find_ci(struct ctx *c, const char *field, int64_t ci, struct ci *record, struct sw_error *err)
{
	struct ci k;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = store_ci_by_id(c->store, ci, &k, &look);
	if (rc == SW_ENOTFOUND) {
		core_reference_fail(err, field, "no CI %lld", (long long)ci);
		return SW_ENOTFOUND;
	}
	if (rc)
		return sw_fail(err, rc, NULL, "%s", look.detail);
	if (record)
		*record = k;
	return SW_OK;
}

enum sw_err core_ref_set_ci(struct ctx *c, const char *field, int64_t ci, int64_t *id, const char **display,
			    struct sw_error *err)
{
	clear(id, display);
	if (!ci)
		return SW_OK;
	struct ci k;
	enum sw_err rc = core_ref_find_ci(c, field, ci, &k, err);
	if (rc == SW_ENOTFOUND)
		return SW_OK; /* collected in err */
	if (!rc) {
		*id = k.id;
		if (display)
			*display = k.name;
	}
	return rc;
}
