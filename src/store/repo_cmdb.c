/*
 * repo_cmdb.c — CI classes and their attribute definitions, CIs with
 * their attribute values (one row per value, as text), relationships,
 * objectives and services, and the batched lookups the graph walks use.
 * An enum attribute's choices are one text column joined with commas.
 */
#include <string.h>

#include "core/cmdb/cmdb.h"
#include "core/cmdb/service.h"
#include "base/util.h"
#include "core/kernel/record.h"
#include "store/store_int.h"
#include "core/port/cmdb.h"
#include "store/cmdb_sql.h"
#include "store/ola_sql.h"
#include "base/banned.h"

/* ---- classes ------------------------------------------------------------------ */

/* CLASS_COLS */
static const struct store_col class_cols[] = {
	STORE_COLS(struct ci_class, id, name, parent_id, parent, description, created_at, updated_at)};

STORE_READER(read_class, struct ci_class, class_cols)

/* what ST_CLASS_ATTRS selects */
#define DEF_TYPE STORE_COL_VALUE(struct ci_attr_def, type, ci_attr_type_name_list)
#define DEF_CHOICES STORE_COL_SPLIT(struct ci_attr_def, choices, choice_count, ',')
static const struct store_col attr_def_cols[] = {
	STORE_COLS(struct ci_attr_def, name), DEF_TYPE, STORE_COLS(struct ci_attr_def, required, unique), DEF_CHOICES,
	STORE_COLS(struct ci_attr_def, ref_class_id, ref_class, class_id, class_name)};

enum sw_err store_class_attrs(struct store *s, int64_t class_id, struct ci_attr_def **out, size_t *count,
			      struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(class_id)};
	return STORE_COLLECT(s, ST_CLASS_ATTRS, a, 1, attr_def_cols, out, count, err);
}

/* A class found (rc), with its own attribute definitions. */
static enum sw_err with_attrs(struct store *s, enum sw_err rc, struct ci_class *out, struct sw_error *err)
{
	return rc ? rc : store_class_attrs(s, out->id, &out->attrs, &out->attr_count, err);
}

enum sw_err store_class_by_name(struct store *s, const char *name, struct ci_class *out, struct sw_error *err)
{
	enum sw_err rc = store_find(s, ST_CLASS_BY_NAME, DB_TEXT(name), read_class, out, err, "no CI class '%s'", name);
	return with_attrs(s, rc, out, err);
}

enum sw_err store_class_by_id(struct store *s, int64_t id, struct ci_class *out, struct sw_error *err)
{
	enum sw_err rc = store_find(s, ST_CLASS_BY_ID, DB_INT(id), read_class, out, err, "no such CI class");
	return with_attrs(s, rc, out, err);
}

enum sw_err store_class_list(struct store *s, struct ci_class_list *out, struct sw_error *err)
{
	enum sw_err rc = STORE_LIST(s, ST_CLASS_LIST, NULL, 0, read_class, out, err);
	for (size_t i = 0; !rc && i < out->count; i++)
		rc = store_class_attrs(s, out->items[i].id, &out->items[i].attrs, &out->items[i].attr_count, err);
	return rc;
}

/* A class's parent is set once, when it is created. */
static enum sw_err save_class(struct store *s, void *rec, bool creating, struct sw_error *err)
{
	struct ci_class *c = rec;
	if (creating) {
		struct db_arg a[] = {DB_TEXT(c->name), DB_ID(c->parent_id), DB_TEXT(c->description),
				     DB_INT(c->created_at)};
		return store_write(s, ST_CLASS_INSERT, a, NARGS(a), &c->id, err);
	}
	struct db_arg a[] = {DB_INT(c->id), DB_TEXT(c->description), DB_INT(c->updated_at)};
	return store_write(s, ST_CLASS_UPDATE, a, NARGS(a), NULL, err);
}

/* By name as clients name classes; read back by id after a write. */
STORE_LOAD_AS(load_class,
	      key->id ? store_class_by_id(s, key->id, out, err) : store_class_by_name(s, key->name, out, err))
STORE_LIST_AS(list_ci_classes, store_class_list(s, out, err))

const struct record_store store_ci_classes = {save_class, load_class, list_ci_classes};

/* Replace a class's own attribute definitions with c->attrs. */
enum sw_err store_class_set_attrs(struct store *s, const struct ci_class *c, struct sw_error *err)
{
	struct db_arg key[] = {DB_INT(c->id)};
	enum sw_err rc = db_exec(s->conn, ST(ST_CLASS_ATTRS_DELETE), key, 1, NULL, err);
	for (size_t i = 0; !rc && i < c->attr_count; i++) {
		const struct ci_attr_def *d = &c->attrs[i];
		const char *choices = store_join(s, d->choices, d->choice_count, ',');
		if (!choices)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		struct db_arg a[] = {DB_INT(c->id),          DB_TEXT(d->name),      DB_TEXT(ci_attr_type_name(d->type)),
				     DB_INT(d->required),    DB_INT(d->unique),     DB_TEXT(choices),
				     DB_ID(d->ref_class_id), DB_INT((int64_t)i + 1)};
		rc = db_exec(s->conn, ST(ST_CLASS_ATTR_INSERT), a, NARGS(a), NULL, err);
	}
	return rc;
}

/* ---- CIs ---------------------------------------------------------------------- */

/* CI_COLS */
#define CI_STATUS STORE_COL_VALUE(struct ci, status, ci_status_name_list)
static const struct store_col ci_cols[] = {STORE_COLS(struct ci, id, name, class_id, class_name), CI_STATUS,
					   STORE_COLS(struct ci, environment, location, external_id, owner_id, owner,
						      group_id, group, version, created_at, updated_at)};

STORE_READER(read_ci, struct ci, ci_cols)

static const struct store_col value_cols[] = {STORE_COL(struct ci_value, name), STORE_COL(struct ci_value, s)};

static void read_value(struct store *s, struct db_rows *r, void *item)
{
	struct ci_value *v = item;
	STORE_READ(s, r, value_cols, v);
	v->kind = CV_STRING; /* typed by core against the class */
}

static enum sw_err store_ci_attrs(struct store *s, struct ci *c, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(c->id)};
	return store_collect(s, ST_CI_ATTRS, a, 1, sizeof(*c->attrs), read_value, &c->attrs, &c->attr_count, err);
}

enum sw_err store_ci_by_id(struct store *s, int64_t id, struct ci *out, struct sw_error *err)
{
	enum sw_err rc = store_find(s, ST_CI_BY_ID, DB_INT(id), read_ci, out, err, "no CI %lld", (long long)id);
	return rc ? rc : store_ci_attrs(s, out, err);
}

enum sw_err store_ci_by_external_id(struct store *s, const char *external_id, int64_t *id, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(external_id)};
	int64_t v = 0;
	enum sw_err rc = db_query_int(s->conn, ST(ST_CI_BY_EXTERNAL_ID), a, 1, &v, err);
	if (rc == SW_OK && !v)
		rc = SW_ENOTFOUND;
	if (!rc)
		*id = v;
	return rc;
}

enum sw_err store_ci_list(struct store *s, const struct ci_filter *f, const struct page *p, struct ci_list *out,
			  struct sw_error *err)
{
	const char *like = f->q ? store_like_pattern(s, f->q) : NULL;
	struct db_arg a[] = {DB_TEXT(f->class_name), DB_TEXT(f->status), DB_TEXT(like), DB_NULL, DB_NULL};
	enum sw_err rc = STORE_ID_PAGE(s, ST_CI_LIST, "cis", a, 3, p, struct ci, read_ci, out, err);
	for (size_t i = 0; !rc && i < out->count; i++)
		rc = store_ci_attrs(s, &out->items[i], err);
	return rc;
}

static void ci_args(const struct ci *c, struct db_arg *a)
{
	a[0] = DB_TEXT(c->name);
	a[1] = DB_INT(c->class_id);
	a[2] = DB_TEXT(ci_status_name(c->status));
	a[3] = DB_TEXT(c->environment);
	a[4] = DB_TEXT(c->location);
	a[5] = DB_TEXT(c->external_id);
	a[6] = DB_ID(c->owner_id);
	a[7] = DB_ID(c->group_id);
}

enum sw_err store_ci_insert(struct store *s, struct ci *c, struct sw_error *err)
{
	struct db_arg a[9];
	ci_args(c, a);
	a[8] = DB_INT(c->created_at);
	return db_query_int(s->conn, ST(ST_CI_INSERT), a, 9, &c->id, err);
}

enum sw_err store_ci_update(struct store *s, const struct ci *c, int64_t expected_version, struct sw_error *err)
{
	struct db_arg a[11];
	a[0] = DB_INT(c->id);
	ci_args(c, a + 1);
	a[9] = DB_INT(c->updated_at);
	a[10] = DB_INT(expected_version);
	int64_t changes = 0;
	enum sw_err rc = db_exec(s->conn, ST(ST_CI_UPDATE), a, 11, &changes, err);
	if (!rc && changes != 1)
		return sw_fail(err, SW_ESTALE, "stale-version", "the CI was changed by someone else");
	return rc;
}

/* Replace the stored attribute values (already rendered as text) and the
 * unique-value index of a CI. */
enum sw_err store_ci_set_attrs(struct store *s, int64_t ci_id, const struct ci_value *v, size_t n,
			       const int64_t *unique_class, struct sw_error *err)
{
	struct db_arg key[] = {DB_INT(ci_id)};
	enum sw_err rc = db_exec(s->conn, ST(ST_CI_ATTRS_DELETE), key, 1, NULL, err);
	if (!rc)
		rc = db_exec(s->conn, ST(ST_CI_UNIQUE_DELETE), key, 1, NULL, err);
	for (size_t i = 0; !rc && i < n; i++) {
		struct db_arg a[] = {DB_INT(ci_id), DB_TEXT(v[i].name), DB_TEXT(v[i].s)};
		rc = db_exec(s->conn, ST(ST_CI_ATTR_INSERT), a, 3, NULL, err);
		if (!rc && unique_class[i]) {
			struct db_arg u[] = {DB_INT(unique_class[i]), DB_TEXT(v[i].name), DB_TEXT(v[i].s),
					     DB_INT(ci_id)};
			rc = db_exec(s->conn, ST(ST_CI_UNIQUE_INSERT), u, 4, NULL, err);
		}
	}
	return rc;
}

enum sw_err store_ci_unique_owner(struct store *s, int64_t class_id, const char *name, const char *value,
				  int64_t *ci_id, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(class_id), DB_TEXT(name), DB_TEXT(value)};
	return db_query_int(s->conn, ST(ST_CI_UNIQUE_OWNER), a, 3, ci_id, err);
}

/* ---- relationships -------------------------------------------------------------- */

/* REL_COLS */
#define REL_TYPE STORE_COL_VALUE(struct ci_relation, type, ci_rel_name_list)
static const struct store_col rel_cols[] = {STORE_COLS(struct ci_relation, id, from_id, from_name), REL_TYPE,
					    STORE_COLS(struct ci_relation, to_id, to_name, created_at)};

STORE_READER(read_rel, struct ci_relation, rel_cols)

enum sw_err store_rel_insert(struct store *s, struct ci_relation *x, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(x->from_id), DB_TEXT(ci_rel_name(x->type)), DB_INT(x->to_id),
			     DB_INT(x->created_at)};
	return db_query_int(s->conn, ST(ST_REL_INSERT), a, NARGS(a), &x->id, err);
}

enum sw_err store_rel_delete(struct store *s, int64_t id, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id)};
	return db_exec(s->conn, ST(ST_REL_DELETE), a, 1, NULL, err);
}

enum sw_err store_rel_by_id(struct store *s, int64_t id, struct ci_relation *out, struct sw_error *err)
{
	return store_find(s, ST_REL_BY_ID, DB_INT(id), read_rel, out, err, "no relationship %lld", (long long)id);
}

enum sw_err store_rels_of_ci(struct store *s, int64_t id, struct ci_relation_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id)};
	return STORE_LIST(s, ST_REL_OF_CI, a, 1, read_rel, out, err);
}

enum sw_err store_rels_after(struct store *s, int64_t after_id, int limit, struct ci_relation_list *out,
			     struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(after_id), DB_INT(limit)};
	return STORE_LIST(s, ST_REL_EXPORT, a, 2, read_rel, out, err);
}

/* ---- graph walks ------------------------------------------------------------------ */

static const int walk_st[WALK__COUNT] = {
	[WALK_CI_UP] = ST_WALK_CI_UP,
	[WALK_CI_DOWN] = ST_WALK_CI_DOWN,
	[WALK_SERVICES_OF_CIS] = ST_WALK_SERVICES_OF_CIS,
	[WALK_CIS_OF_SERVICES] = ST_WALK_CIS_OF_SERVICES,
	[WALK_SERVICES_UP] = ST_WALK_SERVICES_UP,
	[WALK_SERVICES_DOWN] = ST_WALK_SERVICES_DOWN,
	[WALK_OBJECTIVES] = ST_WALK_OBJECTIVES,
};

/* what the ST_WALK_* statements select */
static const struct store_col walk_cols[] = {STORE_COLS(struct walk_row, id, name, relation, from)};

enum sw_err store_walk(struct store *s, enum walk w, const int64_t *ids, size_t n, struct walk_row **out, size_t *count,
		       struct sw_error *err)
{
	struct db_arg a[WALK_BATCH];
	for (size_t i = 0; i < WALK_BATCH; i++)
		a[i] = DB_INT(i < n ? ids[i] : 0);
	return STORE_COLLECT(s, walk_st[w], a, WALK_BATCH, walk_cols, out, count, err);
}

/* ---- objectives and services -------------------------------------------------------- */

/* OBJ_COLS */
static const struct store_col objective_cols[] = {
	STORE_COLS(struct objective, id, name, description, measure, target, owner_id, owner, created_at, updated_at)};

STORE_READER(read_objective, struct objective, objective_cols)

static const struct store_col objective_args[] = {
	STORE_ARG_KEY,
	STORE_ARGS(struct objective, description, measure, target),
	STORE_ARG_IDS(struct objective, owner_id),
	STORE_ARG_AT,
};

STORE_SAVE_FN(save_objective, struct objective, ST_OBJ_INSERT, ST_OBJ_UPDATE, objective_args)

STORE_LOAD_AS(load_objective, store_objective_by_id(s, key->id, out, err))
STORE_LIST_AS(list_objectives, store_objective_list(s, out, err))

const struct record_store store_objectives = {save_objective, load_objective, list_objectives};

enum sw_err store_objective_by_id(struct store *s, int64_t id, struct objective *out, struct sw_error *err)
{
	return store_find(s, ST_OBJ_BY_ID, DB_INT(id), read_objective, out, err, "no objective %lld", (long long)id);
}

enum sw_err store_objective_by_name(struct store *s, const char *name, struct objective *out, struct sw_error *err)
{
	return store_find(s, ST_OBJ_BY_NAME, DB_TEXT(name), read_objective, out, err, "no objective '%s'", name);
}

enum sw_err store_objective_list(struct store *s, struct objective_list *out, struct sw_error *err)
{
	return STORE_LIST(s, ST_OBJ_LIST, NULL, 0, read_objective, out, err);
}

/* SVC_COLS, the annual cost (NULL: -1) by hand */
#define SVC_KIND STORE_COL_VALUE(struct service, kind, service_kind_name_list)
#define SVC_STATUS STORE_COL_VALUE(struct service, status, service_status_name_list)
#define SVC_LINKS STORE_COL_SPLIT(struct service, links, link_count, '\n')
static const struct store_col service_cols[] = {
	STORE_COLS(struct service, id, name, description),
	SVC_KIND,
	SVC_STATUS,
	STORE_COLS(struct service, owner_id, owner, group_id, group, sla_policy_id, sla_policy, criticality),
	STORE_COL_SKIP,
	STORE_COLS(struct service, cost_centre, risk, risk_notes, availability_target),
	SVC_LINKS,
	STORE_COLS(struct service, created_at, updated_at)};

static void read_service(struct store *s, struct db_rows *r, void *item)
{
	struct service *v = item;
	STORE_READ(s, r, service_cols, v);
	v->annual_cost = db_col_null(r, 12) ? -1 : db_col_int(r, 12);
}

static void service_args(struct store *s, const struct service *v, struct db_arg *a)
{
	a[0] = DB_TEXT(v->description);
	a[1] = DB_TEXT(service_kind_name(v->kind));
	a[2] = DB_TEXT(service_status_name(v->status));
	a[3] = DB_ID(v->owner_id);
	a[4] = DB_ID(v->group_id);
	a[5] = DB_ID(v->sla_policy_id);
	a[6] = DB_INT(v->criticality);
	a[7] = v->annual_cost >= 0 ? DB_INT(v->annual_cost) : DB_NULL;
	a[8] = DB_TEXT(v->cost_centre);
	a[9] = DB_TEXT(v->risk);
	a[10] = DB_TEXT(v->risk_notes);
	a[11] = DB_ID(v->availability_target);
	a[12] = DB_TEXT(store_join(s, v->links, v->link_count, '\n'));
}

static enum sw_err save_service(struct store *s, void *rec, bool creating, struct sw_error *err)
{
	struct service *v = rec;
	struct store_save w = STORE_SAVE(v, creating, ST_SVC_INSERT, ST_SVC_UPDATE);
	struct db_arg a[15];
	a[0] = w.key;
	service_args(s, v, a + 1);
	a[14] = DB_INT(w.at);
	return store_write(s, w.st, a, 15, w.new_id, err);
}

enum sw_err store_service_insert(struct store *s, struct service *v, struct sw_error *err)
{
	return save_service(s, v, true, err);
}

/* A service found (rc), with its objectives, dependencies and CIs. */
static enum sw_err with_links(struct store *s, enum sw_err rc, struct service *out, struct sw_error *err)
{
	if (rc)
		return rc;
	struct db_arg a[] = {DB_INT(out->id)};
	if ((rc = store_collect_strings(s, ST_SVC_OBJ_NAMES, a, 1, &out->objectives, &out->objective_count, err)) ||
	    (rc = store_collect_strings(s, ST_SVC_DEP_NAMES, a, 1, &out->depends_on, &out->depends_on_count, err)))
		return rc;
	const char **ids;
	size_t n;
	if ((rc = store_collect_strings(s, ST_SVC_CI_IDS, a, 1, &ids, &n, err)))
		return rc;
	out->cis = arena_alloc(s->arena, (n + 1) * sizeof(*out->cis));
	if (!out->cis)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < n; i++)
		parse_int64(ids[i], strlen(ids[i]), 1, INT64_MAX, &out->cis[i]);
	out->ci_count = n;
	return SW_OK;
}

enum sw_err store_service_by_id(struct store *s, int64_t id, struct service *out, struct sw_error *err)
{
	enum sw_err rc =
		store_find(s, ST_SVC_BY_ID, DB_INT(id), read_service, out, err, "no service %lld", (long long)id);
	return with_links(s, rc, out, err);
}

enum sw_err store_service_by_name(struct store *s, const char *name, struct service *out, struct sw_error *err)
{
	enum sw_err rc = store_find(s, ST_SVC_BY_NAME, DB_TEXT(name), read_service, out, err, "no service '%s'", name);
	return with_links(s, rc, out, err);
}

static enum sw_err load_service(struct store *s, const struct record_key *key, void *out, struct sw_error *err)
{
	return store_service_by_id(s, key->id, out, err);
}

const struct record_store store_services = {save_service, load_service, NULL};

/* A link of a service on a page: what ST_SVC_PAGE_* select. */
struct page_link {
	int64_t service_id;
	const char *name;
	int64_t id;
};
static const struct store_col page_link_cols[] = {STORE_COLS(struct page_link, service_id, name, id)};

/* The links of one kind of every service on the page, read by one
 * statement (a, the list's filters and the page's first and last ids),
 * handed out in the page's (id) order: the names of objectives and
 * services, the ids of CIs. */
static enum sw_err page_links(struct store *s, enum service_link kind, const struct db_arg *a, struct service_list *out,
			      struct sw_error *err)
{
	static const int st[] = {ST_SVC_PAGE_OBJECTIVES, ST_SVC_PAGE_DEPENDS_ON, ST_SVC_PAGE_CIS};
	struct page_link *rows;
	size_t n, r = 0;
	enum sw_err rc = STORE_COLLECT(s, st[kind], a, 5, page_link_cols, &rows, &n, err);
	for (size_t i = 0; !rc && i < out->count; i++) {
		struct service *v = &out->items[i];
		while (r < n && rows[r].service_id < v->id)
			r++;
		size_t from = r;
		while (r < n && rows[r].service_id == v->id)
			r++;
		size_t k = r - from;
		const char **names = kind != SL_CIS ? arena_alloc(s->arena, (k + 1) * sizeof(*names)) : NULL;
		int64_t *ids = kind == SL_CIS ? arena_alloc(s->arena, (k + 1) * sizeof(*ids)) : NULL;
		if (!names && !ids)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		for (size_t j = 0; j < k; j++) {
			if (names)
				names[j] = rows[from + j].name;
			else
				ids[j] = rows[from + j].id;
		}
		if (kind == SL_OBJECTIVES)
			v->objectives = names, v->objective_count = k;
		else if (kind == SL_DEPENDS_ON)
			v->depends_on = names, v->depends_on_count = k;
		else
			v->cis = ids, v->ci_count = k;
	}
	return rc;
}

/* A page of the portfolio with each service's links: four statements
 * whatever the page's length. */
enum sw_err store_service_list(struct store *s, const struct service_filter *f, const struct page *p,
			       struct service_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(f->status), DB_TEXT(f->owner), DB_TEXT(f->objective), DB_NULL, DB_NULL};
	enum sw_err rc = STORE_ID_PAGE(s, ST_SVC_LIST, "services", a, 3, p, struct service, read_service, out, err);
	if (rc || !out->count)
		return rc;
	a[3] = DB_INT(out->items[0].id);
	a[4] = DB_INT(out->items[out->count - 1].id);
	for (enum service_link k = SL_OBJECTIVES; !rc && k <= SL_CIS; k++)
		rc = page_links(s, k, a, out, err);
	return rc;
}

enum sw_err store_service_sla_policy(struct store *s, int64_t service_id, int64_t *policy_id, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(service_id)};
	return db_query_int(s->conn, ST(ST_SVC_SLA_POLICY), a, 1, policy_id, err);
}

/* what ST_SVC_OUTAGES selects */
static const struct store_col outage_cols[] = {STORE_COLS(struct outage, incident, start, end)};

enum sw_err store_outages(struct store *s, enum outages_of of, int64_t id, int64_t from, int64_t to, int limit,
			  struct outage **out, size_t *count, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_INT(from), DB_INT(to), DB_INT(limit)};
	return STORE_COLLECT(s, of == OUTAGES_OF_CI ? ST_CI_OUTAGES : ST_SVC_OUTAGES, a, NARGS(a), outage_cols, out,
			     count, err);
}

enum sw_err store_planned_change_outages(struct store *s, int64_t id, int64_t from, int64_t to, int limit,
					 struct outage **out, size_t *count, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_INT(from), DB_INT(to), DB_INT(limit)};
	return STORE_COLLECT(s, ST_OLA_PLANNED_CHANGES, a, NARGS(a), outage_cols, out, count, err);
}

/* Replace a service's objectives, dependencies and CIs (ids resolved). */
enum sw_err store_service_links(struct store *s, int64_t id, enum service_link kind, const int64_t *ids, size_t n,
				struct sw_error *err)
{
	static const int del[] = {ST_SVC_OBJ_DELETE, ST_SVC_DEP_DELETE, ST_SVC_CI_DELETE};
	static const int ins[] = {ST_SVC_OBJ_INSERT, ST_SVC_DEP_INSERT, ST_SVC_CI_INSERT};
	return store_replace_ids(s, del[kind], ins[kind], id, ids, n, err);
}
