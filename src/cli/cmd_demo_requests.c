/*
 * cmd_demo_requests.c — the service catalogue of `steward demo`: a laptop
 * (a conditional form, a line manager's approval, a plan with parallel
 * branches), software access, a password reset and a new-starter bundle
 * of the laptop and the access, created through the record kit as an
 * admin would; then two requests ordered as end users order them: a
 * password reset (no policy: approved at once, its task open) and a
 * laptop waiting for the manager's approval (docs/requests.md).
 */
#include <stddef.h>

#include "cli/cli.h"
#include "core/approval/approval.h"
#include "core/catalog/catalog.h"
#include "core/catalog/request.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

static const char *const manager[] = {"maria.manager"}, *const budget[] = {"ivy.infra"};
/* the line manager, then (a conditional step) the budget holder when the
 * item costs more than 1000 */
static struct approval_step_def manager_step[] = {
	{.rule = APPROVAL_ANY, .has_rule = true, .users = (const char **)manager, .user_count = 1},
	{.rule = APPROVAL_ANY,
	 .has_rule = true,
	 .users = (const char **)budget,
	 .user_count = 1,
	 .has_cost_above = true,
	 .cost_above = 1000},
};
static const struct approval_policy_input line_manager = {.name = "Line manager approves hardware",
							  .kind = "request",
							  .steps = manager_step,
							  .step_count = 2,
							  .active = false, /* only for the items naming it */
							  .set_kind = true,
							  .set_active = true,
							  .set_steps = true};

static const char *models[] = {"Standard 14\"", "Developer 16\""};
static const char *extras[] = {"Docking station", "Second monitor", "Headset"};
static const char *apps[] = {"ERP", "CRM", "Payroll", "Design suite"};
static const char *levels[] = {"read", "write", "admin"};

#define VAR(name_, type_, label_, ...)                                                                                 \
	{                                                                                                              \
		.name = (name_), .type = (type_), .label = (label_), .has_type = true, __VA_ARGS__                     \
	}
static struct form_var laptop_form[] = {
	VAR("model", FORM_CHOICE, "Model", .required = true, .options = models, .option_count = 2,
	    .default_value = "Standard 14\""),
	VAR("ram", FORM_NUMBER, "Memory (GB)", .has_min = true, .min = 16, .has_max = true, .max = 64,
	    .when = FORM_WHEN_SHOW, .has_when = true, .when_var = "model", .when_value = "Developer 16\""),
	VAR("reason", FORM_LONG_TEXT, "Why the developer model", .when = FORM_WHEN_REQUIRE, .has_when = true,
	    .when_var = "model", .when_value = "Developer 16\""),
	VAR("extras", FORM_MULTI_CHOICE, "Accessories", .options = extras, .option_count = 3),
	VAR("needed_by", FORM_DATE, "Needed by", .help = "We deliver within five working days."),
};
static struct form_var access_form[] = {
	VAR("application", FORM_CHOICE, "Application", .required = true, .options = apps, .option_count = 4),
	VAR("level", FORM_CHOICE, "Access", .required = true, .options = levels, .option_count = 3,
	    .default_value = "read"),
	VAR("justification", FORM_LONG_TEXT, "Why you need it", .required = true),
};
static struct form_var reset_form[] = {
	VAR("account", FORM_TEXT, "Account", .required = true, .pattern = "[a-z][a-z0-9.]{1,30}",
	    .help = "Your login, e.g. jdoe"),
	VAR("reachable_on", FORM_TEXT, "Phone we can call you on"),
};

static const char *laptop_bundle[] = {"Laptop", "Software access"};

#define ITEM(name_, cat_, short_, desc_, icon_, price_, cost_, days_, policy_, form_)                                  \
	{                                                                                                              \
		.name = (name_), .category = (cat_), .short_description = (short_), .description = (desc_),            \
		.icon = (icon_), .price = (price_), .cost = (cost_), .set_cost = true, .delivery_days = (days_),       \
		.approval_policy = (policy_), .variables = (form_),                                                    \
		.variable_count = sizeof(form_) / sizeof((form_)[0]), .set_category = true,                            \
		.set_short_description = true, .set_description = true, .set_icon = true, .set_price = true,           \
		.set_delivery_days = true, .set_approval_policy = true, .set_variables = true                          \
	}
/* clang-format off */
static const struct catalog_item_input items[] = {
	ITEM("Laptop", "hardware/laptop", "A new or replacement laptop",
	     "Pick a **model**: the developer model comes with more memory and needs a reason.", "laptop", "1,200 EUR", 1200, 5,
	     "Line manager approves hardware", laptop_form),
	ITEM("Software access", "access/permissions", "Access to a business application",
	     "Read access is granted the same day; write and admin access are checked with the application's owner.",
	     "key", NULL, 0, 1, NULL, access_form),
	ITEM("Password reset", "access/password", "Reset a forgotten password",
	     "We call you back on the number you give and reset the password with you.", "lock", NULL, 0, 0, NULL,
	     reset_form),
};
/* clang-format on */

static const struct catalog_item_input starter = {.name = "New starter",
						  .category = "people",
						  .short_description = "Everything a new colleague needs on day one",
						  .description = "A laptop and access to the applications they need.",
						  .icon = "user-plus",
						  .bundle = laptop_bundle,
						  .bundle_count = 2,
						  .set_category = true,
						  .set_short_description = true,
						  .set_description = true,
						  .set_icon = true,
						  .set_bundle = true};

static const char *order_shows[] = {"model", "ram", "extras"};
static const char *image_shows[] = {"model"};
static const char *after_order[] = {"order"};
static const char *after_image_accounts[] = {"image", "accounts"};
static struct plan_task laptop_plan[] = {
	{.key = "order",
	 .title = "Order the laptop",
	 .group = "Infrastructure",
	 .variables = order_shows,
	 .variable_count = 3},
	{.key = "accounts", .title = "Prepare the accounts", .group = "Service Desk"},
	{.key = "image",
	 .title = "Install the standard image",
	 .group = "Service Desk",
	 .instructions = "Use the current gold image; enrol the device.",
	 .depends_on = after_order,
	 .depends_count = 1,
	 .variables = image_shows,
	 .variable_count = 1},
	{.key = "deliver",
	 .title = "Deliver and hand over",
	 .group = "Service Desk",
	 .depends_on = after_image_accounts,
	 .depends_count = 2},
};
static const char *grant_shows[] = {"application", "level", "justification"};
static struct plan_task access_plan[] = {
	{.key = "grant",
	 .title = "Grant the access",
	 .group = "Applications",
	 .variables = grant_shows,
	 .variable_count = 3},
};
static const char *reset_shows[] = {"account", "reachable_on"};
static struct plan_task reset_plan[] = {
	{.key = "reset",
	 .title = "Call back and reset the password",
	 .group = "Service Desk",
	 .variables = reset_shows,
	 .variable_count = 2},
};
static const struct {
	const char *item;
	struct plan_task *tasks;
	size_t count;
} plans[] = {{"Laptop", laptop_plan, 4}, {"Software access", access_plan, 1}, {"Password reset", reset_plan, 1}};

int demo_requests(struct cli_env *env, size_t *nitems, size_t *nrequests)
{
	struct actor system = env->ctx.actor;
	struct sw_error err;
	sw_error_clear(&err);
	env->ctx.actor = (struct actor){.role = ROLE_ADMIN, .login = "admin"};
	struct approval_policy p;
	struct catalog_item it;
	if (record_create(&env->ctx, &approval_policy_kind, &line_manager, &p, &err))
		return cli_error("demo request approval policy", &err);
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++)
		if (record_create(&env->ctx, &catalog_item_kind, &items[i], &it, &err))
			return cli_error("demo catalogue item", &err);
	if (record_create(&env->ctx, &catalog_item_kind, &starter, &it, &err))
		return cli_error("demo catalogue bundle", &err);
	for (size_t i = 0; i < sizeof(plans) / sizeof(plans[0]); i++) {
		struct catalog_plan_input in = {
			.tasks = plans[i].tasks, .task_count = plans[i].count, .set_tasks = true};
		if (catalog_item_set_plan(&env->ctx, plans[i].item, &in, &it, &err))
			return cli_error("demo fulfilment plan", &err);
	}
	*nitems = sizeof(items) / sizeof(items[0]) + 1;
	struct ticket t;
	struct form_value reset[] = {{.name = "account", .kind = FORM_V_STRING, .s = "jdoe"},
				     {.name = "reachable_on", .kind = FORM_V_STRING, .s = "+44 20 7946 0000"}};
	struct request_order_input by_jdoe = {.values = reset, .count = 2};
	if (demo_act_as(env, "jdoe", &err) || request_order(&env->ctx, "Password reset", &by_jdoe, &t, &err))
		return cli_error("demo request", &err);
	const char *dock[] = {"Docking station"};
	struct form_value laptop[] = {{.name = "model", .kind = FORM_V_STRING, .s = "Developer 16\""},
				      {.name = "ram", .kind = FORM_V_NUMBER, .n = 32, .integer = true},
				      {.name = "reason", .kind = FORM_V_STRING, .s = "Builds of the ERP take an hour."},
				      {.name = "extras", .kind = FORM_V_STRINGS, .list = dock, .list_count = 1}};
	struct request_order_input by_asmith = {.values = laptop, .count = 4};
	env->ctx.now += 900;
	if (demo_act_as(env, "asmith", &err) || request_order(&env->ctx, "Laptop", &by_asmith, &t, &err))
		return cli_error("demo request", &err);
	*nrequests = 2;
	env->ctx.actor = system;
	return 0;
}
