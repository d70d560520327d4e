/*
 * change_template.h — standard change templates: the catalogue of
 * pre-approved changes ("Add a VLAN", "Renew a TLS certificate") an agent
 * raises a standard change from (POST /api/v1/changes with "template").
 * A template carries the plans, the category, the services (by name) and
 * CIs (by id) such a change affects by default, and its risk.  Admins
 * write templates; agents read them.  Run by core/kernel/record.h.
 */
#ifndef SW_CORE_CHANGE_TEMPLATE_H
#define SW_CORE_CHANGE_TEMPLATE_H

#include "core/kernel/record.h"
#include "base/list.h"

#define CHANGE_TEMPLATE_REFS_MAX 100 /* services, and CIs, a template names */

struct change_template {
	int64_t id;
	const char *name, *description, *category;
	const char *implementation_plan, *backout_plan, *test_plan; /* the last two NULL when none */
	const char **services;                                      /* names */
	size_t service_count;
	const int64_t *cis; /* ids */
	size_t ci_count;
	const char *risk; /* low, medium, high, very_high */
	bool active;
	int64_t created_at, updated_at;
};

LIST_OF(change_template_list, change_template);

struct change_template_input {
	const char *name, *description, *category, *implementation_plan, *backout_plan, *test_plan, *risk;
	const char **services;
	size_t service_count;
	const int64_t *cis;
	size_t ci_count;
	bool active;
	bool set_description, set_category, set_implementation_plan, set_backout_plan, set_test_plan, set_risk,
		set_services, set_cis, set_active;
};

extern const struct record_kind change_template_kind;

/* For the change kind: the template a standard change is raised from,
 * applied to t (what in gives wins); its services and CIs become t's
 * affected sets unless in gives them.  A template that is unknown or
 * inactive is a field error on "template". */
struct ticket;
struct ticket_input;
enum sw_err change_template_apply(struct ctx *c, const struct ticket_input *in, const char *name, struct ticket *t,
				  struct sw_error *err);

#endif
