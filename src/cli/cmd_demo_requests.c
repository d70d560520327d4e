/*
 * cmd_demo_requests.c — the service catalogue of `steward demo`: a laptop
 * (a conditional form, a line manager's approval, a plan with parallel
 * branches), software access, a password reset and a new-starter bundle
 * of the laptop and the access, created through the record kit as an
 * admin would; then two requests ordered as end users order them: a
 * password reset (no policy: approved at once, its task open) and a
 * laptop waiting for the manager's approval (docs/requests.md).  All of
 * it is demo/requests.json.
 */
#include <stddef.h>

#include "api/api.h"
#include "api/api_catalog.h"
#include "base/limits.h"
#include "cli/cli.h"
#include "core/approval/approval.h"
#include "core/catalog/catalog.h"
#include "core/catalog/request.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

/* An item's fulfilment plan (CatalogPlanInput), by the item's name. */
struct demo_plan {
	struct catalog_plan_input in;
	const char *item;
};
static const struct field plan_fields[] = {
	FIELDS_TEXT_REQUIRED(struct demo_plan, (item, LIMIT_NAME_LEN)),
};

/* An order (CatalogOrderInput) of the item, by the end user of login by,
 * minutes_later than the one before. */
struct demo_order {
	struct request_order_input in;
	const char *item, *by;
	int minutes_later;
};
static const struct field order_fields[] = {
	FIELDS_TEXT_REQUIRED(struct demo_order, (item, LIMIT_NAME_LEN), (by, LIMIT_LOGIN_LEN)),
	FIELD_PLAIN_RANGE(struct demo_order, "minutes_later", FT_INT, 0, 24 * 60, minutes_later, false),
};

/* The policy (the line manager, then the budget holder when the item
 * costs more than 1000) and the items, as an admin makes them. */
static const struct demo_table tables[] = {
	{"demo request approval policy",
	 DEMO_INPUTS("requests", "policies", &api_schema_approval_policy, struct approval_policy_input),
	 offsetof(struct approval_policy_input, name), NULL, &approval_policy_kind},
	{"demo catalogue item", DEMO_INPUTS("requests", "items", &api_schema_catalog_item, struct catalog_item_input),
	 offsetof(struct catalog_item_input, name), NULL, &catalog_item_kind},
};
static const struct demo_section plan_rows =
	DEMO_ROWS("requests", "plans", &api_schema_catalog_plan, struct demo_plan, plan_fields);
static const struct demo_section order_rows =
	DEMO_ROWS("requests", "orders", &api_schema_catalog_order, struct demo_order, order_fields);

int demo_requests(struct cli_env *env, size_t *nitems, size_t *nrequests)
{
	struct actor system = env->ctx.actor;
	struct sw_error err;
	sw_error_clear(&err);
	env->ctx.actor = (struct actor){.role = ROLE_ADMIN, .login = "admin"};
	size_t seeded[2], nplans;
	const struct demo_plan *plans = demo_rows(&plan_rows, &nplans);
	const struct demo_order *orders = plans ? demo_rows(&order_rows, nrequests) : NULL;
	if (!orders || demo_seed(env, tables, 2, seeded))
		return 1;
	*nitems = seeded[1];
	struct catalog_item it;
	for (size_t i = 0; i < nplans; i++)
		if (catalog_item_set_plan(&env->ctx, plans[i].item, &plans[i].in, &it, &err))
			return cli_error("demo fulfilment plan", &err);
	for (size_t i = 0; i < *nrequests; i++) {
		struct ticket t;
		env->ctx.now += (int64_t)orders[i].minutes_later * 60;
		if (demo_act_as(env, orders[i].by, &err) ||
		    request_order(&env->ctx, orders[i].item, &orders[i].in, &t, &err))
			return cli_error("demo request", &err);
	}
	env->ctx.actor = system;
	return 0;
}
