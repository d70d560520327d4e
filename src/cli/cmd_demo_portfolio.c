/*
 * cmd_demo_portfolio.c — the demo organisation's service portfolio: the
 * business objectives, the CIs its services run on with their
 * relationships, and the services themselves, so that impact analysis,
 * dependency graphs and availability have something to show.  Like the
 * rest of the demo, everything goes through core operations; the data is
 * demo/portfolio.json.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "base/limits.h"
#include "cli/cli.h"
#include "core/cmdb/cmdb.h"
#include "core/cmdb/service.h"
#include "base/banned.h"

/* A relationship between two CIs, by their names. */
struct demo_relation {
	const char *from, *relation, *to;
};
static const struct field relation_fields[] = {
	FIELDS_TEXT_REQUIRED(struct demo_relation, (from, LIMIT_NAME_LEN), (relation, 40), (to, LIMIT_NAME_LEN)),
};

/* A service as ServiceInput takes it, on the CIs of those names (their
 * ids known once created). */
struct demo_service {
	struct service_input in;
	const char **ci_names;
	size_t ci_count;
};
static const struct field service_fields[] = {
	FIELD_PLAIN_STRINGS(struct demo_service, "ci_names", SERVICE_DEPS_MAX, ci_names, ci_count),
};

/* The CIs, once loaded, and the ids they got, by their place. */
static const struct ci_input *cis;
static size_t ncis_loaded;
static int64_t *ci_ids;

int64_t demo_ci_id(const char *name)
{
	for (size_t i = 0; i < ncis_loaded; i++)
		if (strcmp(cis[i].name, name) == 0)
			return ci_ids[i];
	return 0;
}

static enum sw_err create_ci(struct cli_env *env, const void *row, struct sw_error *err)
{
	const struct ci_input *in = row;
	struct ci ci;
	enum sw_err rc = ci_create(&env->ctx, in, &ci, err);
	for (size_t i = 0; !rc && i < ncis_loaded; i++)
		if (strcmp(cis[i].name, in->name) == 0)
			ci_ids[i] = ci.id;
	return rc;
}

static enum sw_err create_relation(struct cli_env *env, const void *row, struct sw_error *err)
{
	const struct demo_relation *d = row;
	struct ci_relation rel;
	return ci_relate(&env->ctx, demo_ci_id(d->from), d->relation, demo_ci_id(d->to), &rel, err);
}

static enum sw_err create_service(struct cli_env *env, const void *row, struct sw_error *err)
{
	const struct demo_service *d = row;
	int64_t *ids = arena_alloc(&env->arena, (d->ci_count + 1) * sizeof(*ids));
	if (!ids)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t k = 0; k < d->ci_count; k++)
		ids[k] = demo_ci_id(d->ci_names[k]);
	struct service_input in = d->in;
	in.cis = ids;
	in.ci_count = d->ci_count;
	in.set_cis = true;
	struct service s;
	return record_create(&env->ctx, &service_kind, &in, &s, err);
}

static const struct demo_table cis_table = {"demo CI", DEMO_INPUTS("portfolio", "cis", &api_schema_ci, struct ci_input),
					    offsetof(struct ci_input, name), create_ci, NULL};
static const struct demo_table tables[] = {
	{"demo objective", DEMO_INPUTS("portfolio", "objectives", &api_schema_objective, struct objective_input),
	 offsetof(struct objective_input, name), NULL, &objective_kind},
	{"demo relation from", DEMO_ROWS("portfolio", "relations", NULL, struct demo_relation, relation_fields), 0,
	 create_relation, NULL},
	{"demo service", DEMO_ROWS("portfolio", "services", &api_schema_service, struct demo_service, service_fields),
	 offsetof(struct demo_service, in.name), create_service, NULL},
};

int demo_portfolio(struct cli_env *env, size_t *nservices, size_t *ncis)
{
	size_t seeded[3];
	if (!(cis = demo_rows(&cis_table.rows, &ncis_loaded)) ||
	    !(ci_ids = arena_alloc(&env->arena, (ncis_loaded + 1) * sizeof(*ci_ids))))
		return 1;
	int rc = demo_seed(env, &tables[0], 1, &seeded[0]) || demo_seed(env, &cis_table, 1, NULL) ||
		 demo_seed(env, &tables[1], 2, &seeded[1]);
	if (!rc) {
		*nservices = seeded[2];
		*ncis = ncis_loaded;
	}
	return rc;
}
