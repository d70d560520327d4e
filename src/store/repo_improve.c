/*
 * repo_improve.c — the improvement register (port/csi.h): an
 * improvement's plan beside its ticket with its services, linked problems
 * and changes and KPIs; the improvements a problem or change is linked to.
 */
#include <string.h>

#include "core/csi/improvement.h"
#include "core/port/csi.h"
#include "store/improve_sql.h"
#include "store/store_int.h"
#include "base/banned.h"

#define PLAN_COL(T, m) STORE_COL(T, m),
static const struct store_col plan_cols[] = {IMPROVEMENT_TEXTS(PLAN_COL, struct improvement_plan)
						     STORE_COL(struct improvement_plan, review_at),
					     STORE_COL(struct improvement_plan, updated_at)};
#undef PLAN_COL

static const struct store_col kpi_cols[] = {
	STORE_COLS(struct improvement_kpi, id, name, target, has_baseline, baseline, baseline_at)};

enum sw_err store_improvement_plan_get(struct store *s, int64_t id, struct improvement_plan *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id)};
	struct improvement_plan p;
	memset(&p, 0, sizeof(p));
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = STORE_ONE(s, ST_IMPROVE_PLAN_GET, a, NARGS(a), plan_cols, &p, &look);
	if (rc && rc != SW_ENOTFOUND) {
		*err = look;
		return rc;
	}
	struct db_arg problems[] = {DB_INT(id), DB_TEXT("problem")}, changes[] = {DB_INT(id), DB_TEXT("change")};
	if ((rc = store_collect_strings(s, ST_IMPROVE_SERVICES, a, NARGS(a), &p.services, &p.service_count, err)) ||
	    (rc = store_collect_strings(s, ST_IMPROVE_LINKS, problems, NARGS(problems), &p.problems, &p.problem_count,
					err)) ||
	    (rc = store_collect_strings(s, ST_IMPROVE_LINKS, changes, NARGS(changes), &p.changes, &p.change_count,
					err)) ||
	    (rc = STORE_COLLECT(s, ST_IMPROVE_KPIS, a, NARGS(a), kpi_cols, &p.kpis, &p.kpi_count, err)))
		return rc;
	*out = p;
	return SW_OK;
}

enum sw_err store_improvement_plan_save(struct store *s, int64_t id, const struct improvement_plan *p,
					struct sw_error *err)
{
#define PLAN_ARG(unused_, m) DB_TEXT(p->m),
	struct db_arg a[] = {DB_INT(id), IMPROVEMENT_TEXTS(PLAN_ARG, -) DB_ID(p->review_at), DB_INT(p->updated_at)};
#undef PLAN_ARG
	return store_write(s, ST_IMPROVE_PLAN_SAVE, a, NARGS(a), NULL, err);
}

enum sw_err store_improvement_links_set(struct store *s, int64_t id, const int64_t *tickets, size_t count,
					struct sw_error *err)
{
	return store_replace_ids(s, ST_IMPROVE_LINKS_DELETE, ST_IMPROVE_LINK_INSERT, id, tickets, count, err);
}

enum sw_err store_improvement_services_set(struct store *s, int64_t id, const int64_t *services, size_t count,
					   struct sw_error *err)
{
	return store_replace_ids(s, ST_IMPROVE_SERVICES_DELETE, ST_IMPROVE_SERVICE_INSERT, id, services, count, err);
}

enum sw_err store_improvement_kpis_set(struct store *s, int64_t id, const struct improvement_kpi *kpis, size_t count,
				       struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id)};
	struct improvement_kpi *had;
	size_t n;
	enum sw_err rc = STORE_COLLECT(s, ST_IMPROVE_KPIS, a, NARGS(a), kpi_cols, &had, &n, err);
	/* those no longer named go; those kept keep their baseline */
	for (size_t i = 0; !rc && i < n; i++) {
		bool kept = false;
		for (size_t k = 0; k < count && !kept; k++)
			kept = strcmp(had[i].name, kpis[k].name) == 0;
		struct db_arg del[] = {DB_INT(had[i].id)};
		if (!kept)
			rc = db_exec(s->conn, ST(ST_IMPROVE_KPI_DELETE), del, NARGS(del), NULL, err);
	}
	for (size_t k = 0; !rc && k < count; k++) {
		int64_t at = 0;
		for (size_t i = 0; i < n && !at; i++)
			if (strcmp(had[i].name, kpis[k].name) == 0)
				at = had[i].id;
		if (at) {
			struct db_arg t[] = {DB_INT(at), DB_INT(kpis[k].target)};
			rc = db_exec(s->conn, ST(ST_IMPROVE_KPI_TARGET), t, NARGS(t), NULL, err);
		} else {
			struct db_arg ins[] = {DB_INT(id), DB_TEXT(kpis[k].name), DB_INT(kpis[k].target)};
			rc = store_write(s, ST_IMPROVE_KPI_INSERT, ins, NARGS(ins), NULL, err);
		}
	}
	return rc;
}

enum sw_err store_improvement_kpi_baseline(struct store *s, int64_t kpi_id, bool has, int64_t hundredths, int64_t at,
					   struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(kpi_id), has ? DB_INT(hundredths) : DB_NULL, has ? DB_INT(at) : DB_NULL};
	return store_write(s, ST_IMPROVE_KPI_BASELINE, a, NARGS(a), NULL, err);
}

enum sw_err store_improvements_of(struct store *s, int64_t ticket_id, struct ticket_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id)};
	return store_tickets_by(s, ST_IMPROVE_OF, a, NARGS(a), out, err);
}
