/*
 * cmd_demo_portfolio.c — the demo organisation's service portfolio: the
 * business objectives, the CIs its services run on with their
 * relationships, and the services themselves, so that impact analysis,
 * dependency graphs and availability have something to show.  Like the
 * rest of the demo, everything goes through core operations.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/cmdb/cmdb.h"
#include "core/cmdb/service.h"
#include "base/banned.h"

/* clang-format off */
/* business objectives, as core takes them */
#define OBJECTIVE(name_, description_, measure_, target_) \
	{.name = (name_), .description = (description_), .measure = (measure_), .target = (target_), \
	 .owner = "maria.manager", .set_description = true, .set_measure = true, .set_target = true, .set_owner = true}

static const struct objective_input objectives[] = {
	OBJECTIVE("Online sales", "Customers can browse and buy around the clock.", "Web shop availability", ">= 99.9 %"),
	OBJECTIVE("Pay suppliers and staff on time", "Invoices and payroll run on schedule.", "Payment runs on time", "100 %"),
	OBJECTIVE("Keep people productive", "Staff can reach their mail, files and the network wherever they work.", "Open P1/P2 incidents", "< 3"),
};

/* CIs as core takes them, each with one string attribute (required ones first) */
#define CI(name_, class_, environment_, location_, group_, attr_, value_)                                             \
	{.name = (name_), .class_name = (class_), .status = "in_service", .environment = (environment_),              \
	 .location = (location_), .group = (group_),                                                                   \
	 .attrs = &(struct ci_value){.name = (attr_), .kind = CV_STRING, .s = (value_)}, .attr_count = 1,              \
	 .set_name = true, .set_class = true, .set_status = true, .set_environment = true, .set_location = true,        \
	 .set_group = true, .set_attrs = true}

static const struct ci_input cis[] = {
	CI("core-sw-01", "network_device", "production", "DC-1 row A", "Network", "ip_address", "10.0.0.2"),
	CI("fw-01", "network_device", "production", "DC-1 row A", "Network", "ip_address", "10.0.0.1"),
	CI("vpn-gw-01", "network_device", "production", "DC-1 row A", "Network", "ip_address", "10.0.0.5"),
	CI("wlan-ctrl-01", "network_device", "production", "HQ 2nd floor", "Network", "ip_address", "10.0.8.2"),
	CI("web-01", "server", "production", "DC-1 row B", "Infrastructure", "hostname", "web-01.corp.example"),
	CI("web-02", "server", "production", "DC-1 row B", "Infrastructure", "hostname", "web-02.corp.example"),
	CI("erp-app-01", "server", "production", "DC-1 row B", "Infrastructure", "hostname", "erp-app-01.corp.example"),
	CI("db-prd-01", "server", "production", "DC-1 row C", "Infrastructure", "hostname", "db-prd-01.corp.example"),
	CI("fs-01", "server", "production", "DC-1 row C", "Infrastructure", "hostname", "fs-01.corp.example"),
	CI("shop-db", "database", "production", "DC-1 row C", "Infrastructure", "engine", "postgresql"),
	CI("SQL-PRD-02", "database", "production", "DC-1 row C", "Infrastructure", "engine", "sqlserver"),
	CI("shop-web", "application", "production", "", "Applications", "url", "https://shop.example.com"),
	CI("ERP", "application", "production", "", "Applications", "url", "https://erp.corp.example"),
	CI("HR portal", "application", "production", "", "Applications", "url", "https://hr.corp.example"),
	CI("Mail (SaaS)", "cloud_resource", "production", "", "Service Desk", "provider", "other"),
};

/* from, relation, to */
static const char *const relations[][3] = {
	{"shop-web", "runs_on", "web-01"},     {"shop-web", "runs_on", "web-02"},
	{"shop-web", "depends_on", "shop-db"}, {"shop-db", "hosted_on", "db-prd-01"},
	{"ERP", "runs_on", "erp-app-01"},      {"ERP", "depends_on", "SQL-PRD-02"},
	{"SQL-PRD-02", "hosted_on", "db-prd-01"}, {"HR portal", "depends_on", "ERP"},
	{"web-01", "connects_to", "core-sw-01"}, {"web-02", "connects_to", "core-sw-01"},
	{"erp-app-01", "connects_to", "core-sw-01"}, {"db-prd-01", "connects_to", "core-sw-01"},
	{"fs-01", "connects_to", "core-sw-01"},  {"core-sw-01", "connects_to", "fw-01"},
	{"vpn-gw-01", "connects_to", "fw-01"},  {"wlan-ctrl-01", "connects_to", "core-sw-01"},
	{"db-prd-01", "backed_up_by", "fs-01"},
};

struct demo_service {
	struct service_input in; /* availability target in hundredths of a percent, 0 none */
	const char *cis[3];      /* CI names, their ids taken once created */
};

static const struct demo_service services[] = {
	{{.name = "Network", .kind = "technical", .group = "Network", .description = "Campus LAN, Wi-Fi, core switching and the firewall.", .risk = "medium", .criticality = 2, .availability_target = 9990, .annual_cost = 180000, .objectives = (const char *[]){"Keep people productive"}, .objective_count = 1},
	 {"core-sw-01", "fw-01", "wlan-ctrl-01"}},
	{{.name = "Remote access (VPN)", .kind = "technical", .group = "Network", .description = "VPN for staff working away from the office.", .risk = "medium", .criticality = 2, .availability_target = 9950, .annual_cost = 40000, .objectives = (const char *[]){"Keep people productive"}, .objective_count = 1, .depends_on = (const char *[]){"Network"}, .depends_on_count = 1},
	 {"vpn-gw-01", NULL}},
	{{.name = "Database platform", .kind = "technical", .group = "Infrastructure", .description = "Production database servers, backed up nightly.", .risk = "high", .criticality = 1, .availability_target = 9990, .annual_cost = 120000, .depends_on = (const char *[]){"Network"}, .depends_on_count = 1},
	 {"db-prd-01", "fs-01", NULL}},
	{{.name = "Web shop", .kind = "business", .group = "Applications", .description = "Where customers browse and buy.", .sla_policy = "P1 critical", .risk = "high", .criticality = 1, .availability_target = 9990, .annual_cost = 350000, .objectives = (const char *[]){"Online sales"}, .objective_count = 1, .depends_on = (const char *[]){"Database platform", "Network"}, .depends_on_count = 2},
	 {"shop-web", NULL}},
	{{.name = "ERP and invoicing", .kind = "business", .group = "Applications", .description = "Finance, purchasing and the nightly invoice run.", .sla_policy = "P2 high", .risk = "medium", .criticality = 1, .availability_target = 9950, .annual_cost = 260000, .objectives = (const char *[]){"Pay suppliers and staff on time"}, .objective_count = 1, .depends_on = (const char *[]){"Database platform"}, .depends_on_count = 1},
	 {"ERP", NULL}},
	{{.name = "HR portal", .kind = "business", .group = "Applications", .description = "Leave, payslips and personal details.", .risk = "low", .criticality = 3, .availability_target = 9900, .annual_cost = 30000, .objectives = (const char *[]){"Pay suppliers and staff on time"}, .objective_count = 1, .depends_on = (const char *[]){"ERP and invoicing"}, .depends_on_count = 1},
	 {"HR portal", NULL}},
	{{.name = "Email", .kind = "business", .group = "Service Desk", .description = "Mail and calendars (SaaS).", .risk = "low", .criticality = 2, .availability_target = 9950, .annual_cost = 90000, .objectives = (const char *[]){"Keep people productive"}, .objective_count = 1, .depends_on = (const char *[]){"Network"}, .depends_on_count = 1},
	 {"Mail (SaaS)", NULL}},
};
/* clang-format on */

#define NCIS (sizeof(cis) / sizeof(cis[0]))
static int64_t ci_ids[NCIS];

int64_t demo_ci_id(const char *name)
{
	for (size_t i = 0; i < NCIS; i++)
		if (strcmp(cis[i].name, name) == 0)
			return ci_ids[i];
	return 0;
}

static size_t count(const char *const *list, size_t max)
{
	size_t n = 0;
	while (n < max && list[n])
		n++;
	return n;
}

static enum sw_err create_ci(struct cli_env *env, const void *row, struct sw_error *err)
{
	const struct ci_input *in = row;
	struct ci ci;
	enum sw_err rc = ci_create(&env->ctx, in, &ci, err);
	if (!rc)
		ci_ids[in - cis] = ci.id;
	return rc;
}

static enum sw_err create_relation(struct cli_env *env, const void *row, struct sw_error *err)
{
	const char *const *d = row; /* from, relation, to */
	struct ci_relation rel;
	return ci_relate(&env->ctx, demo_ci_id(d[0]), d[1], demo_ci_id(d[2]), &rel, err);
}

static enum sw_err create_service(struct cli_env *env, const void *row, struct sw_error *err)
{
	const struct demo_service *d = row;
	int64_t ids[3];
	size_t nci = count(d->cis, 3);
	for (size_t k = 0; k < nci; k++)
		ids[k] = demo_ci_id(d->cis[k]);
	struct service_input in = d->in;
	in.status = "live";
	in.owner = "maria.manager";
	in.cost_centre = "IT-100";
	in.cis = ids;
	in.ci_count = nci;
	in.set_description = in.set_kind = in.set_status = in.set_owner = in.set_group = in.set_risk = true;
	in.set_criticality = in.set_annual_cost = in.set_cost_centre = true;
	in.set_objectives = in.set_depends_on = in.set_cis = true;
	in.set_sla_policy = in.sla_policy != NULL;
	in.set_availability_target = in.availability_target != 0;
	struct service s;
	return record_create(&env->ctx, &service_kind, &in, &s, err);
}

static const struct demo_table tables[] = {
	DEMO_RECORDS("demo objective", objectives, offsetof(struct objective_input, name), &objective_kind),
	DEMO_TABLE("demo CI", cis, offsetof(struct ci_input, name), create_ci),
	DEMO_TABLE("demo relation from", relations, 0, create_relation),
	DEMO_TABLE("demo service", services, offsetof(struct demo_service, in.name), create_service),
};

int demo_portfolio(struct cli_env *env, size_t *nservices, size_t *ncis)
{
	int rc = demo_seed(env, tables, sizeof(tables) / sizeof(tables[0]));
	if (!rc) {
		*nservices = sizeof(services) / sizeof(services[0]);
		*ncis = NCIS;
	}
	return rc;
}
