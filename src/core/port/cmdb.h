/*
 * port/cmdb.h — what core needs from storage for the CMDB and the service
 * portfolio (core/cmdb/cmdb.h, core/cmdb/service.h). Implemented in
 * src/store/repo_cmdb.c; the conventions (transactions, error codes, the
 * arena results go to) are in port/store.h.
 */
#ifndef SW_CORE_PORT_CMDB_H
#define SW_CORE_PORT_CMDB_H

#include "core/port/store.h"

struct ci_class;
struct ci_class_list;
struct ci_attr_def;
struct ci;
struct ci_list;
struct ci_filter;
struct ci_value;
struct ci_relation;
struct ci_relation_list;
struct objective;
struct objective_list;
struct service;
struct service_list;
struct service_filter;
/* struct ci_class, named by name (read back by id after a write) */
extern const struct record_store store_ci_classes;
enum sw_err store_class_set_attrs(struct store *s, const struct ci_class *c, struct sw_error *err);
enum sw_err store_class_by_name(struct store *s, const char *name, struct ci_class *out, struct sw_error *err);
enum sw_err store_class_by_id(struct store *s, int64_t id, struct ci_class *out, struct sw_error *err);
enum sw_err store_class_list(struct store *s, struct ci_class_list *out, struct sw_error *err);
enum sw_err store_class_attrs(struct store *s, int64_t class_id, struct ci_attr_def **out, size_t *count,
			      struct sw_error *err);
enum sw_err store_ci_insert(struct store *s, struct ci *c, struct sw_error *err);
/* SW_ESTALE when the stored version is not expected_version. */
enum sw_err store_ci_update(struct store *s, const struct ci *c, int64_t expected_version, struct sw_error *err);
enum sw_err store_ci_by_id(struct store *s, int64_t id, struct ci *out, struct sw_error *err);
/* The id of the CI with this external id; SW_ENOTFOUND when none. */
enum sw_err store_ci_by_external_id(struct store *s, const char *external_id, int64_t *id, struct sw_error *err);
enum sw_err store_ci_list(struct store *s, const struct ci_filter *f, const struct page *p, struct ci_list *out,
			  struct sw_error *err);
/* Values as text; unique_class[i] != 0 also claims value i as unique in
 * that class (SW_ECONFLICT when taken). */
enum sw_err store_ci_set_attrs(struct store *s, int64_t ci_id, const struct ci_value *v, size_t n,
			       const int64_t *unique_class, struct sw_error *err);
/* The CI holding a unique attribute value in a class (0: none). */
enum sw_err store_ci_unique_owner(struct store *s, int64_t class_id, const char *name, const char *value,
				  int64_t *ci_id, struct sw_error *err);
enum sw_err store_rel_insert(struct store *s, struct ci_relation *x, struct sw_error *err);
enum sw_err store_rel_delete(struct store *s, int64_t id, struct sw_error *err);
enum sw_err store_rel_by_id(struct store *s, int64_t id, struct ci_relation *out, struct sw_error *err);
/* Every relationship by id after after_id, with the CIs' external ids in
 * from_name / to_name (NULL when a CI has none). */
enum sw_err store_rels_after(struct store *s, int64_t after_id, int limit, struct ci_relation_list *out,
			     struct sw_error *err);
enum sw_err store_rels_of_ci(struct store *s, int64_t id, struct ci_relation_list *out, struct sw_error *err);
/* One step of a graph walk from a batch of up to WALK_BATCH ids: rows
 * (id, name, relation, from) of what is linked to them. */
#define WALK_BATCH 32
enum walk {
	WALK_CI_UP,           /* CIs that depend on the CIs */
	WALK_CI_DOWN,         /* CIs the CIs depend on */
	WALK_SERVICES_OF_CIS, /* services that depend on the CIs */
	WALK_CIS_OF_SERVICES, /* CIs the services depend on */
	WALK_SERVICES_UP,     /* services that depend on the services */
	WALK_SERVICES_DOWN,   /* services the services depend on */
	WALK_OBJECTIVES,      /* objectives the services serve */
	WALK__COUNT
};
struct walk_row {
	int64_t id, from;
	const char *name, *relation;
};
enum sw_err store_walk(struct store *s, enum walk w, const int64_t *ids, size_t n, struct walk_row **out, size_t *count,
		       struct sw_error *err);
/* struct objective, named by id */
extern const struct record_store store_objectives;
enum sw_err store_objective_by_id(struct store *s, int64_t id, struct objective *out, struct sw_error *err);
enum sw_err store_objective_by_name(struct store *s, const char *name, struct objective *out, struct sw_error *err);
enum sw_err store_objective_list(struct store *s, struct objective_list *out, struct sw_error *err);
/* struct service, named by id */
extern const struct record_store store_services;
/* A service inserted outside the record kit (bulk loads). */
enum sw_err store_service_insert(struct store *s, struct service *v, struct sw_error *err);
enum sw_err store_service_by_id(struct store *s, int64_t id, struct service *out, struct sw_error *err);
enum sw_err store_service_by_name(struct store *s, const char *name, struct service *out, struct sw_error *err);
enum sw_err store_service_list(struct store *s, const struct service_filter *f, const struct page *p,
			       struct service_list *out, struct sw_error *err);
/* The id of the SLA policy service_id names (0: none, or no such service). */
enum sw_err store_service_sla_policy(struct store *s, int64_t service_id, int64_t *policy_id, struct sw_error *err);
enum service_link { SL_OBJECTIVES, SL_DEPENDS_ON, SL_CIS };
struct outage;
/* The outages recorded on the incidents of a service (its service_id) or
 * of a CI (its ci_id) that overlap [from, to), by start, at most limit. */
enum outages_of { OUTAGES_OF_SERVICE, OUTAGES_OF_CI };
enum sw_err store_outages(struct store *s, enum outages_of of, int64_t id, int64_t from, int64_t to, int limit,
			  struct outage **out, size_t *count, struct sw_error *err);
/* The changes on service id that expected an outage and were implemented
 * within their approved window, that window overlapping [from, to): each
 * as a struct outage (the change's number, its planned start and end), by
 * start, at most limit. */
enum sw_err store_planned_change_outages(struct store *s, int64_t id, int64_t from, int64_t to, int limit,
					 struct outage **out, size_t *count, struct sw_error *err);
enum sw_err store_service_links(struct store *s, int64_t id, enum service_link kind, const int64_t *ids, size_t n,
				struct sw_error *err);

#endif
