/*
 * toolkit.c — the JSON side of toolkits (toolkit.h): the sections, one
 * line per record type a bundle holds, in the order a bundle is applied
 * (what others refer to first); the bundle reader; the export; the
 * built-in toolkits; a report as JSON.
 *
 * An item's canonical form — what its hash and a record's fingerprint
 * are taken of — is its members as an input of its section takes them,
 * without key, version and members that are null, as compact JSON with
 * the members sorted: a record exported and the item it came from hash
 * alike, so a record nobody changed is told from one changed locally.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api_catalog.h"
#include "api/handlers.h"
#include "api/toolkit.h"
#include "base/embed.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/approval/approval.h"
#include "core/catalog/catalog.h"
#include "core/change/change_template.h"
#include "core/cmdb/cmdb.h"
#include "core/event/alert.h"
#include "core/notify/notify.h"
#include "core/schedule/schedule.h"
#include "core/sla/agreement.h"
#include "core/sla/escalation.h"
#include "core/sla/sla.h"
#include "core/ticket/assign.h"
#include "core/ticket/cause_category.h"
#include "core/ticket/template.h"
#include "core/ticket/category.h"
#include "core/kernel/user.h"
#include "core/knowledge/article_template.h"
#include "core/change/risk.h"
#include "core/report/kpi.h"
#include "core/csi/survey.h"
#include "base/banned.h"

/* What a section's hooks reach: its API resource (its input schema
 * decodes an item; its kind, when it is one, reads and writes it), and,
 * for a resource not listed whole by record_list, how to list every
 * record for an export; for one that is not a record kind, how a record
 * is named.  A section of records that are never created — one per
 * thing Steward defines (an event's wording, a KPI's target, a ticket
 * kind's survey settings, the risk settings) or hanging off another
 * record (a catalogue item's fulfilment plan) — sets the one an item
 * names (set; noun says what an item names, for "is not <noun>") and
 * gives its id for the audit row.  omit lists the members of the input a
 * bundle does not carry (a group's people); ident, the name an item is
 * matched by when it is not its "name" member (a category's path). */
struct toolkit_source {
	const struct api_record *res;
	enum sw_err (*list)(struct ctx *c, struct record_items *out, struct sw_error *err);
	const char *(*name)(const void *rec);
	enum sw_err (*set)(struct ctx *c, const char *name, const void *in, void *out, struct sw_error *err);
	const char *noun;
	int64_t (*id)(const void *rec);
	const char *const *omit; /* NULL-terminated */
	const char *(*ident)(struct arena *a, const void *in);
};

/* Whether name is a member of the input src's bundles do not carry. */
static bool omitted(const struct toolkit_source *src, const char *name)
{
	for (const char *const *o = src->omit; o && *o; o++)
		if (strcmp(*o, name) == 0)
			return true;
	return false;
}

/* The name of rec, a record of src. */
static const char *source_name(const struct toolkit_source *src, const void *rec)
{
	return src->name ? src->name(rec) : record_name(src->res->kind, rec);
}

static enum sw_err section_get(struct ctx *c, const struct toolkit_section *s, const char *name, void *out,
			       struct sw_error *err)
{
	const struct toolkit_source *src = s->arg;
	struct record_key key = {.name = name};
	return record_get(c, src->res->kind, &key, out, err);
}

static enum sw_err section_put(struct ctx *c, const struct toolkit_section *s, const char *name, const void *in,
			       void *out, struct sw_error *err)
{
	const struct toolkit_source *src = s->arg;
	if (!name)
		return record_create(c, src->res->kind, in, out, err);
	/* an update takes no name (a record is renamed by no toolkit): the
	 * input's "name" member left out, as a PATCH without it */
	const struct api_schema *sc = src->res->schema;
	char *patch = arena_alloc(c->arena, sc->size);
	if (!patch)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	memcpy(patch, in, sc->size);
	for (size_t i = 0; i < sc->count; i++)
		if (strcmp(sc->fields[i].name, "name") == 0 && sc->fields[i].type == FT_STRING)
			*(const char **)(patch + sc->fields[i].offset) = NULL;
	struct record_key key = {.name = name};
	return record_update(c, src->res->kind, &key, patch, out, err);
}

static int64_t section_id(const struct toolkit_section *s, const void *rec)
{
	const struct toolkit_source *src = s->arg;
	return record_id(src->res->kind, rec);
}

/* Whether name is a member res's input takes. */
static bool input_member(const struct api_record *res, const char *name)
{
	const struct api_schema *sc = res->schema;
	const char *nested = api_schema_nested(sc);
	if (nested && strcmp(nested, name) == 0)
		return true;
	for (size_t i = 0; i < sc->count; i++)
		if (strcmp(sc->fields[i].name, name) == 0)
			return true;
	return false;
}

/* A record's answer cut to what its input takes (and a bundle carries),
 * nulls left out, and its name when the answer has none (a new reference;
 * NULL when out of memory). */
static json_t *record_item(const struct toolkit_source *src, const void *rec)
{
	json_t *j = api_record_json(src->res, rec), *out = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v)
	{
		if (!json_is_null(v) && input_member(src->res, k) && !omitted(src, k))
			json_object_set(out, k, v);
	}
	json_decref(j);
	if (!json_object_get(out, "name"))
		json_object_set_new(out, "name", json_string(source_name(src, rec)));
	return out;
}

/* v (borrowed) with every number that is whole as an integer (a new
 * reference): a KPI's target of 1800 is the same item written "1800" or
 * "1800.0", as its answer writes it either way. */
static json_t *canonical_numbers(json_t *v)
{
	if (json_is_real(v)) {
		double d = json_real_value(v);
		if (d == (double)(json_int_t)d && d > -9e15 && d < 9e15)
			return json_integer((json_int_t)d);
		return json_incref(v);
	}
	if (json_is_array(v)) {
		json_t *out = json_array();
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) json_array_append_new(out, canonical_numbers(e));
		return out;
	}
	if (json_is_object(v)) {
		json_t *out = json_object();
		const char *k;
		json_t *e;
		json_object_foreach(v, k, e) json_object_set_new(out, k, canonical_numbers(e));
		return out;
	}
	return json_incref(v);
}

/* The hex SHA-256 of obj's canonical form (obj borrowed; its key and
 * version are not part of it), in arena a; NULL when out of memory. */
static const char *canonical_hash(struct arena *a, json_t *obj)
{
	json_t *copy = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v)
	{
		if (!json_is_null(v) && strcmp(k, "key") != 0 && strcmp(k, "version") != 0)
			json_object_set_new(copy, k, canonical_numbers(v));
	}
	char *text = json_dumps(copy, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	json_decref(copy);
	if (!text)
		return NULL;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
	free(text);
	char *hex = arena_alloc(a, TOOLKIT_HASH_LEN);
	if (hex)
		sodium_bin2hex(hex, TOOLKIT_HASH_LEN, h, sizeof(h));
	return hex;
}

static const char *section_fingerprint(struct ctx *c, const struct toolkit_section *s, const void *rec)
{
	const struct toolkit_source *src = s->arg;
	json_t *item = record_item(src, rec);
	const char *hash = item ? canonical_hash(c->arena, item) : NULL;
	json_decref(item);
	return hash;
}

/* Every catalogue item, retired ones too. */
static enum sw_err list_catalog(struct ctx *c, struct record_items *out, struct sw_error *err)
{
	struct catalog_item_list list;
	enum sw_err rc = catalog_item_list(c, NULL, NULL, true, &list, err);
	if (!rc)
		*out = (struct record_items){list.items, list.count};
	return rc;
}

/* ---- sections that are no record kind ------------------------------------------------ */

/* The record of a listed section (its source's list hook) name names. */
static enum sw_err listed_get(struct ctx *c, const struct toolkit_section *s, const char *name, void *out,
			      struct sw_error *err)
{
	const struct toolkit_source *src = s->arg;
	struct record_items all;
	enum sw_err rc = src->list(c, &all, err);
	for (size_t i = 0; !rc && i < all.count; i++) {
		const void *rec = (const char *)all.items + i * s->size;
		if (strcmp(source_name(src, rec), name) == 0) {
			memcpy(out, rec, s->size);
			return SW_OK;
		}
	}
	return rc ? rc : sw_fail(err, SW_ENOTFOUND, NULL, "no record named '%s'", name);
}

/* Change the record name names; one the section would create names
 * nothing it has. */
static enum sw_err named_put(struct ctx *c, const struct toolkit_section *s, const char *name, const void *in,
			     void *out, struct sw_error *err)
{
	const struct toolkit_source *src = s->arg;
	if (!name) {
		sw_field_fail(err, "name", "is not %s", src->noun);
		return err->code;
	}
	return src->set(c, name, in, out, err);
}

static int64_t source_id(const struct toolkit_section *s, const void *rec)
{
	return ((const struct toolkit_source *)s->arg)->id(rec);
}

/* A section of records listed by list_, named by name_, set by set_ (an
 * item naming none is "not <noun_>"), identified by id_. */
#define TOOLKIT_NAMED(name_, res_, type_, list_, rname_, set_, noun_, id_, pristine_)                                  \
	{                                                                                                              \
		.name = (name_), .size = sizeof(type_), .get = listed_get, .put = named_put,                           \
		.fingerprint = section_fingerprint, .id = source_id, .pristine = (pristine_),                          \
		.arg = &(const struct toolkit_source)                                                                  \
		{                                                                                                      \
			.res = &(res_), .list = (list_), .name = (rname_), .set = (set_), .noun = (noun_), .id = (id_) \
		}                                                                                                      \
	}

/* notification templates: one per event, named by it */
static const struct api_record notify_templates = {.schema = &api_schema_notify_template,
						   .json = api_notify_template_json};

static const char *template_name(const void *rec)
{
	return notify_event_name(((const struct notify_template *)rec)->event);
}

static enum sw_err list_templates(struct ctx *c, struct record_items *out, struct sw_error *err)
{
	struct notify_template_list list;
	enum sw_err rc = notify_template_list(c, &list, err);
	if (!rc)
		*out = (struct record_items){list.items, list.count};
	return rc;
}

static enum sw_err template_set(struct ctx *c, const char *name, const void *in, void *out, struct sw_error *err)
{
	return api_notify_template_put(c, name, in, out, err);
}

static int64_t template_id(const void *rec)
{
	return (int64_t)((const struct notify_template *)rec)->event + 1;
}

/* the category tree: matched by path, created under the parent, only
 * (de)activated after (a path never changes: tickets keep it) */
static const struct api_record categories = {.schema = &api_schema_category, .json = api_category_json};

static const char *category_name(const void *rec)
{
	return ((const struct category *)rec)->path;
}

static enum sw_err list_categories(struct ctx *c, struct record_items *out, struct sw_error *err)
{
	struct category_list list;
	enum sw_err rc = category_list(c, false, &list, err);
	if (!rc)
		*out = (struct record_items){list.items, list.count};
	return rc;
}

static enum sw_err category_put(struct ctx *c, const struct toolkit_section *s, const char *name, const void *in,
				void *out, struct sw_error *err)
{
	(void)s;
	return api_category_put(c, name, in, out, err);
}

static int64_t category_id(const void *rec)
{
	return ((const struct category *)rec)->id;
}

/* groups, without their people (manager and members are not carried) */
static const char *group_name(const void *rec)
{
	return ((const struct group *)rec)->name;
}

static enum sw_err list_groups(struct ctx *c, struct record_items *out, struct sw_error *err)
{
	struct page p = {.limit = 200};
	struct group *all = NULL;
	size_t n = 0;
	for (;;) {
		struct group_list list;
		enum sw_err rc = group_list(c, &p, &list, err);
		if (rc)
			return rc;
		struct group *more = arena_alloc(c->arena, (n + list.count + 1) * sizeof(*more));
		if (!more)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		if (n)
			memcpy(more, all, n * sizeof(*more));
		if (list.count) /* an empty page's items may be NULL */
			memcpy(more + n, list.items, list.count * sizeof(*more));
		all = more;
		n += list.count;
		if (!list.next_cursor)
			break;
		p.cursor = list.next_cursor;
	}
	*out = (struct record_items){all, n};
	return SW_OK;
}

static enum sw_err group_get_hook(struct ctx *c, const struct toolkit_section *s, const char *name, void *out,
				  struct sw_error *err)
{
	(void)s;
	return group_get(c, name, out, err);
}

static enum sw_err group_put(struct ctx *c, const struct toolkit_section *s, const char *name, const void *in,
			     void *out, struct sw_error *err)
{
	(void)s;
	if (!name)
		return group_create(c, in, out, err);
	struct group_input patch = *(const struct group_input *)in;
	patch.name = NULL; /* renamed by no toolkit */
	return group_update(c, name, &patch, out, err);
}

static int64_t group_id(const void *rec)
{
	return ((const struct group *)rec)->id;
}

static const char *const group_omit[] = {"manager", "members", NULL};

/* a catalogue item's fulfilment plan, named by the item */
static const struct api_record plans = {.schema = &api_schema_catalog_plan, .json = api_catalog_plan_json};

static const char *item_name(const void *rec)
{
	return ((const struct catalog_item *)rec)->name;
}

/* The item name names with its plan (a list leaves plans out). */
static enum sw_err plan_get(struct ctx *c, const struct toolkit_section *s, const char *name, void *out,
			    struct sw_error *err)
{
	(void)s;
	struct record_key key = {.name = name};
	return record_get(c, &catalog_item_kind, &key, out, err);
}

/* Every catalogue item with its plan, for an export. */
static enum sw_err list_plans(struct ctx *c, struct record_items *out, struct sw_error *err)
{
	struct record_items all;
	enum sw_err rc = list_catalog(c, &all, err);
	struct catalog_item *items = all.items;
	for (size_t i = 0; !rc && i < all.count; i++)
		rc = plan_get(c, NULL, items[i].name, &items[i], err);
	if (!rc)
		*out = all;
	return rc;
}

static enum sw_err plan_set(struct ctx *c, const char *name, const void *in, void *out, struct sw_error *err)
{
	return catalog_item_set_plan(c, name, in, out, err);
}

static int64_t item_id(const void *rec)
{
	return ((const struct catalog_item *)rec)->id;
}

/* An item without a plan: the toolkit's plan for it is no local change. */
static bool plan_pristine(const void *rec)
{
	return ((const struct catalog_item *)rec)->plan_count == 0;
}

/* the risk settings: one record, named "default" */
static const struct api_record risk_settings = {.schema = &api_schema_risk_settings, .json = api_risk_settings_json};

static const char *risk_name(const void *rec)
{
	(void)rec;
	return "default";
}

static enum sw_err list_risk(struct ctx *c, struct record_items *out, struct sw_error *err)
{
	struct risk_config *k = arena_alloc(c->arena, sizeof(*k));
	if (!k)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	enum sw_err rc = risk_config_get(c, k, err);
	if (!rc)
		*out = (struct record_items){k, 1};
	return rc;
}

static enum sw_err risk_set(struct ctx *c, const char *name, const void *in, void *out, struct sw_error *err)
{
	(void)name;
	return risk_config_set(c, in, out, err);
}

/* The audit row's id of a record that is one of its kind (the risk
 * settings) or named by a kind (survey settings): 0, as their own writes
 * audit them. */
static int64_t zero_id(const void *rec)
{
	(void)rec;
	return 0;
}

/* KPI targets, named by the KPI (every KPI has one in force) */
static const struct api_record kpi_targets = {.schema = &api_schema_kpi_target, .json = api_kpi_target_json};

static const char *kpi_name(const void *rec)
{
	return ((const struct kpi_entry *)rec)->def->name;
}

static enum sw_err list_kpis(struct ctx *c, struct record_items *out, struct sw_error *err)
{
	struct kpi_entry *e;
	size_t n;
	enum sw_err rc = kpi_list(c, &e, &n, err);
	if (!rc)
		*out = (struct record_items){e, n};
	return rc;
}

static enum sw_err kpi_set(struct ctx *c, const char *name, const void *in, void *out, struct sw_error *err)
{
	return api_kpi_target_put(c, name, in, out, err);
}

static bool kpi_pristine(const void *rec)
{
	return !((const struct kpi_entry *)rec)->target_set;
}

static int64_t kpi_id(const void *rec)
{
	const struct kpi_def *d = ((const struct kpi_entry *)rec)->def;
	return (int64_t)(d - kpi_catalogue) + 1;
}

/* survey settings, named by the ticket kind */
static const struct api_record survey_settings = {.schema = &api_schema_survey_settings,
						  .json = api_survey_settings_json};

static const char *survey_name(const void *rec)
{
	return ((const struct survey_settings *)rec)->kind;
}

static enum sw_err list_surveys(struct ctx *c, struct record_items *out, struct sw_error *err)
{
	struct survey_settings *v;
	size_t n;
	enum sw_err rc = survey_settings_list(c, &v, &n, err);
	if (!rc)
		*out = (struct record_items){v, n};
	return rc;
}

static enum sw_err survey_set(struct ctx *c, const char *name, const void *in, void *out, struct sw_error *err)
{
	return survey_settings_set(c, name, in, out, err);
}

static bool survey_pristine(const void *rec)
{
	return ((const struct survey_settings *)rec)->updated_at == 0;
}

/* A section: its name in a bundle, its struct api_record, its record
 * struct and how to list it for an export (NULL: record_list). */
#define TOOLKIT_SECTION(name_, res_, type_, list_)                                                                     \
	{                                                                                                              \
		.name = (name_), .size = sizeof(type_), .get = section_get, .put = section_put,                        \
		.fingerprint = section_fingerprint, .id = section_id, .arg = &(const struct toolkit_source)            \
		{                                                                                                      \
			.res = &(res_), .list = (list_)                                                                \
		}                                                                                                      \
	}

/* In the order a bundle is applied: what others name comes first
 * (calendars before the SLA policies measured on them, CI classes before
 * their subclasses, as the bundle lists them). */
static const struct toolkit_section sections[] = {
	TOOLKIT_SECTION("calendars", api_calendars, struct calendar_def, NULL),
	TOOLKIT_SECTION("ci_classes", api_ci_classes, struct ci_class, NULL),
	TOOLKIT_SECTION("cause_categories", api_cause_categories, struct cause_category, NULL),
	TOOLKIT_SECTION("breach_reasons", api_breach_reasons, struct cause_category, NULL),
	/* the category tree, parents first (as the bundle lists them) */
	{.name = "categories",
	 .size = sizeof(struct category),
	 .get = listed_get,
	 .put = category_put,
	 .fingerprint = section_fingerprint,
	 .id = source_id,
	 .arg = &(const struct toolkit_source){.res = &categories,
					       .list = list_categories,
					       .name = category_name,
					       .id = category_id,
					       .ident = api_category_path}},
	/* assignment groups, before what names them */
	{.name = "groups",
	 .size = sizeof(struct group),
	 .get = group_get_hook,
	 .put = group_put,
	 .fingerprint = section_fingerprint,
	 .id = source_id,
	 .arg = &(const struct toolkit_source){.res = &api_groups,
					       .list = list_groups,
					       .name = group_name,
					       .id = group_id,
					       .omit = group_omit}},
	TOOLKIT_SECTION("incident_templates", api_templates, struct incident_template, NULL),
	TOOLKIT_SECTION("agreements", api_agreements, struct agreement, NULL), /* before the policies they own */
	TOOLKIT_SECTION("sla_policies", api_sla_policies, struct sla_policy, NULL),
	TOOLKIT_SECTION("escalation_rules", api_escalation_rules, struct escalation_rule, NULL),
	TOOLKIT_SECTION("assignment_rules", api_assignment_rules, struct assignment_rule, NULL),
	TOOLKIT_SECTION("notification_rules", api_notify_rules, struct notify_rule, NULL),
	TOOLKIT_SECTION("change_templates", api_change_templates, struct change_template, NULL),
	TOOLKIT_SECTION("change_windows", api_change_windows, struct change_window, NULL),
	TOOLKIT_SECTION("catalog_items", api_catalog_items, struct catalog_item, list_catalog),
	/* a catalogue item's plan: after the items, and the groups its tasks name */
	{.name = "fulfilment_plans",
	 .size = sizeof(struct catalog_item),
	 .get = plan_get,
	 .put = named_put,
	 .fingerprint = section_fingerprint,
	 .id = source_id,
	 .pristine = plan_pristine,
	 .arg = &(const struct toolkit_source){.res = &plans,
					       .list = list_plans,
					       .name = item_name,
					       .set = plan_set,
					       .noun = "a catalogue item",
					       .id = item_id}},
	TOOLKIT_SECTION("approval_policies", api_approval_policies, struct approval_policy, NULL),
	TOOLKIT_SECTION("alert_rules", api_alert_rules, struct alert_rule, NULL),
	TOOLKIT_SECTION("article_templates", api_article_templates, struct article_template, NULL),
	/* every event's wording (the events themselves are Steward's) */
	TOOLKIT_NAMED("notification_templates", notify_templates, struct notify_template, list_templates, template_name,
		      template_set, "a notification event", template_id, NULL),
	TOOLKIT_NAMED("risk_settings", risk_settings, struct risk_config, list_risk, risk_name, risk_set,
		      "the risk settings (\"default\")", zero_id, NULL),
	TOOLKIT_NAMED("kpi_targets", kpi_targets, struct kpi_entry, list_kpis, kpi_name, kpi_set, "a KPI", kpi_id,
		      kpi_pristine),
	TOOLKIT_NAMED("survey_settings", survey_settings, struct survey_settings, list_surveys, survey_name, survey_set,
		      "a ticket kind", zero_id, survey_pristine),
};
#define SECTION_COUNT (sizeof(sections) / sizeof(sections[0]))

static const struct toolkit_section *section_named(const char *name)
{
	for (size_t i = 0; i < SECTION_COUNT; i++)
		if (strcmp(sections[i].name, name) == 0)
			return &sections[i];
	return NULL;
}

/* ---- the reader ---------------------------------------------------------------- */

/* A key or a bundle name: 1 to TOOLKIT_KEY_MAX of a-z, 0-9 and . _ -,
 * starting with a letter or a digit. */
static bool key_ok(const char *s)
{
	return slug_ok(s, TOOLKIT_KEY_MAX);
}

/* A string member of obj at path: NULL (a field error) when it is not one
 * of at most max characters, or, required, when it is missing. */
static const char *member_str(struct req *r, json_t *obj, const char *name, const char *path, size_t max, bool required,
			      struct sw_error *err)
{
	json_t *v = json_object_get(obj, name);
	if (!v) {
		if (required)
			sw_field_fail(err, path, "is required");
		return NULL;
	}
	if (!json_is_string(v)) {
		sw_field_fail(err, path, "must be a string");
		return NULL;
	}
	return api_string(r, v, path, max, err);
}

/* An item's "version": an integer from 1. */
static int64_t member_version(json_t *obj, const char *path, struct sw_error *err)
{
	json_t *v = json_object_get(obj, "version");
	if (!v) {
		sw_field_fail(err, path, "is required");
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		sw_field_fail(err, path, "must be an integer from 1");
		return 0;
	}
	return json_integer_value(v);
}

/* The installation's time zone, which a "timezone" of "local" stands for:
 * STEWARD_TIMEZONE, else TZ when it names a zone, else the zone
 * /etc/localtime links to, else UTC.  The calendar or window it goes
 * into checks it as any other zone. */
static const char *installation_zone(struct arena *a)
{
	const char *z = getenv("STEWARD_TIMEZONE");
	if (z && *z)
		return z;
	if ((z = getenv("TZ")) && *z && *z != ':' && strchr(z, '/'))
		return z;
	char link[256];
	ssize_t n = readlink("/etc/localtime", link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		const char *at = strstr(link, "zoneinfo/");
		if (at && at[9])
			return arena_strdup(a, at + 9);
	}
	return "UTC";
}

/* Item i of section s (obj, an element of its array) into item: key,
 * version, name and the rest through the section's input schema, each
 * problem a field error under its path. */
static void read_item(struct req *r, const struct toolkit_section *s, size_t i, json_t *obj, struct toolkit_item *item,
		      struct sw_error *err)
{
	const char *path = arena_printf(&r->arena, "sections.%s[%zu]", s->name, i);
	*item = (struct toolkit_item){.section = s, .path = path};
	if (!json_is_object(obj)) {
		sw_field_fail(err, path, "must be an object");
		return;
	}
	const struct api_record *res = ((const struct toolkit_source *)s->arg)->res;
	item->key = member_str(r, obj, "key", arena_printf(&r->arena, "%s.key", path), TOOLKIT_KEY_MAX, true, err);
	if (item->key && !key_ok(item->key))
		sw_field_fail(err, arena_printf(&r->arena, "%s.key", path),
			      "must be 1 to " API_STR(TOOLKIT_KEY_MAX) " of a-z, 0-9, '.', '_' and '-'");
	item->version = member_version(obj, arena_printf(&r->arena, "%s.version", path), err);
	item->name = member_str(r, obj, "name", arena_printf(&r->arena, "%s.name", path), LIMIT_NAME_LEN, true, err);
	item->hash = canonical_hash(&r->arena, obj);
	void *in = arena_alloc(&r->arena, res->schema->size);
	json_t *rest = json_copy(obj);
	if (!in || !rest || !item->hash) {
		json_decref(rest);
		sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		return;
	}
	json_object_del(rest, "key");
	json_object_del(rest, "version");
	if (!input_member(res, "name")) /* named by what its input does not carry (an event) */
		json_object_del(rest, "name");
	const struct toolkit_source *src = s->arg;
	for (const char *const *o = src->omit; o && *o; o++)
		if (json_object_get(rest, *o)) {
			sw_field_fail(err, arena_printf(&r->arena, "%s.%s", path, *o), "is not carried by a toolkit");
			json_object_del(rest, *o);
		}
	const char *zone = json_string_value(json_object_get(rest, "timezone"));
	if (zone && strcmp(zone, "local") == 0)
		json_object_set_new(rest, "timezone", json_string(installation_zone(&r->arena)));
	struct sw_error ie;
	sw_error_clear(&ie);
	api_decode_schema(r, res->schema, rest, in, &ie);
	json_decref(rest);
	for (int f = 0; f < ie.field_count; f++)
		sw_field_fail(err, arena_printf(&r->arena, "%s.%s", path, ie.fields[f].field), "%s",
			      ie.fields[f].detail);
	if (ie.code && !ie.field_count)
		sw_field_fail(err, path, "%s", ie.detail);
	item->in = in;
	if (src->ident && !ie.code && !(item->name = src->ident(&r->arena, in)))
		sw_field_fail(err, arena_printf(&r->arena, "%s.name", path), "is required");
}

/* The items of sections (an object of arrays) into out, in the order of
 * the section table. */
static void read_sections(struct req *r, json_t *secs, struct toolkit_bundle *out, struct sw_error *err)
{
	if (!json_is_object(secs)) {
		sw_field_fail(err, "sections", "must be an object of arrays of items, by section");
		return;
	}
	size_t total = 0;
	const char *k;
	json_t *v;
	json_object_foreach(secs, k, v)
	{
		if (!section_named(k))
			sw_field_fail(err, arena_printf(&r->arena, "sections.%.40s", k), "is not a section");
		else if (!json_is_array(v))
			sw_field_fail(err, arena_printf(&r->arena, "sections.%s", k), "must be an array of items");
		else
			total += json_array_size(v);
	}
	if (total > TOOLKIT_ITEMS_MAX) {
		sw_field_fail(err, "sections", "must hold at most " API_STR(TOOLKIT_ITEMS_MAX) " items");
		return;
	}
	out->items = arena_alloc(&r->arena, (total + 1) * sizeof(*out->items));
	if (!out->items) {
		sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		return;
	}
	for (size_t s = 0; s < SECTION_COUNT; s++) {
		json_t *arr = json_object_get(secs, sections[s].name);
		for (size_t i = 0; json_is_array(arr) && i < json_array_size(arr); i++)
			read_item(r, &sections[s], i, json_array_get(arr, i), &out->items[out->count++], err);
	}
}

static const char *const top_members[] = {"$schema", "format", "name", "title", "description", "version", "sections"};

enum sw_err api_toolkit_read(struct req *r, struct toolkit_bundle *out, struct sw_error *err)
{
	if (r->body_too_large || r->body.len > LIMIT_TOOLKIT_BYTES)
		return sw_fail(err, SW_ETOOLARGE, NULL, "a toolkit is at most %d bytes", LIMIT_TOOLKIT_BYTES);
	json_t *root;
	enum sw_err rc = api_body(r, false, &root, err);
	if (rc)
		return rc;
	struct toolkit_bundle b = {0};
	const char *k;
	json_t *v;
	json_object_foreach(root, k, v)
	{
		bool known = false;
		for (size_t i = 0; i < sizeof(top_members) / sizeof(top_members[0]); i++)
			known = known || strcmp(k, top_members[i]) == 0;
		if (!known)
			sw_field_fail(err, arena_printf(&r->arena, "%.40s", k), "is not a member of a toolkit");
	}
	const char *format = member_str(r, root, "format", "format", 40, true, err);
	if (format && strcmp(format, TOOLKIT_FORMAT) != 0)
		sw_field_fail(err, "format", "must be \"" TOOLKIT_FORMAT "\"");
	b.name = member_str(r, root, "name", "name", TOOLKIT_KEY_MAX, true, err);
	if (b.name && !key_ok(b.name))
		sw_field_fail(err, "name", "must be 1 to " API_STR(TOOLKIT_KEY_MAX) " of a-z, 0-9, '.', '_' and '-'");
	b.title = member_str(r, root, "title", "title", LIMIT_NAME_LEN, false, err);
	b.description = member_str(r, root, "description", "description", 2000, false, err);
	b.version = member_version(root, "version", err);
	json_t *secs = json_object_get(root, "sections");
	if (!secs)
		sw_field_fail(err, "sections", "is required");
	else
		read_sections(r, secs, &b, err);
	json_decref(root);
	if (err->code)
		return err->code;
	*out = b;
	return SW_OK;
}

/* ---- built-in toolkits -------------------------------------------------------- */

/* The built-in file of name: "<name>.json". */
const struct embedded_file *api_toolkit_builtin(const char *name)
{
	size_t n = strlen(name);
	for (const struct embedded_file *f = embedded_toolkits; f->name; f++)
		if (strncmp(f->name, name, n) == 0 && strcmp(f->name + n, ".json") == 0)
			return f;
	return NULL;
}

json_t *api_toolkit_summary(struct req *r, size_t i)
{
	(void)r;
	const struct embedded_file *f = embedded_toolkits;
	for (size_t k = 0; k < i && f->name; k++)
		f++;
	if (!f->name)
		return NULL;
	json_t *root = json_loadb((const char *)f->data, f->len, 0, NULL), *secs = json_object_get(root, "sections");
	size_t items = 0;
	const char *k;
	json_t *v;
	json_object_foreach(secs, k, v) items += json_array_size(v);
	json_t *j = json_pack("{s:O?, s:O?, s:O?, s:O?, s:I}", "name", json_object_get(root, "name"), "title",
			      json_object_get(root, "title"), "description", json_object_get(root, "description"),
			      "version", json_object_get(root, "version"), "items", (json_int_t)items);
	json_decref(root);
	return j;
}

/* ---- export ------------------------------------------------------------------- */

/* The key of a record no toolkit made: "<section>.<its name>", the name
 * lower-cased and what a key may not hold turned into '-'. */
static const char *derived_key(struct arena *a, const char *section, const char *name)
{
	char *k = arena_printf(a, "%s.%.*s", section, (int)(TOOLKIT_KEY_MAX - strlen(section) - 1), name);
	for (char *p = k; k && *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_'))
			*p = '-';
	}
	return k;
}

/* The item that made the record name of section, from what was applied. */
static const struct toolkit_applied *applied_of(const struct toolkit_applied_list *a, const char *section,
						const char *name)
{
	for (size_t i = 0; i < a->count; i++)
		if (strcmp(a->items[i].section, section) == 0 && strcmp(a->items[i].record_name, name) == 0)
			return &a->items[i];
	return NULL;
}

enum sw_err api_toolkit_export(struct req *r, const char *name, json_t **out, struct sw_error *err)
{
	struct toolkit_applied_list applied;
	enum sw_err rc = toolkit_applied_list(&r->ctx, &applied, err);
	if (rc)
		return rc;
	json_t *secs = json_object();
	for (size_t s = 0; s < SECTION_COUNT && !rc; s++) {
		const struct toolkit_source *src = sections[s].arg;
		struct record_items list;
		rc = src->list ? src->list(&r->ctx, &list, err) : record_list(&r->ctx, src->res->kind, &list, err);
		json_t *arr = json_array();
		for (size_t i = 0; !rc && i < list.count; i++) {
			const void *rec = (const char *)list.items + i * sections[s].size;
			const char *rname = source_name(src, rec);
			const struct toolkit_applied *a = applied_of(&applied, sections[s].name, rname);
			json_t *item = json_pack("{s:s, s:I}", "key",
						 a ? a->key : derived_key(&r->arena, sections[s].name, rname),
						 "version", (json_int_t)(a ? a->version : 1));
			json_t *body = record_item(src, rec);
			json_object_update(item, body);
			json_decref(body);
			json_array_append_new(arr, item);
		}
		if (json_array_size(arr))
			json_object_set_new(secs, sections[s].name, arr);
		else
			json_decref(arr);
	}
	if (rc) {
		json_decref(secs);
		return rc;
	}
	*out = json_pack("{s:s, s:s, s:s, s:s, s:i, s:o}", "format", TOOLKIT_FORMAT, "name", name, "title",
			 "Exported configuration", "description",
			 "The configuration of a Steward installation, exported by steward toolkit export.", "version",
			 1, "sections", secs);
	return *out ? SW_OK : sw_fail(err, SW_ENOMEM, NULL, "out of memory");
}

/* ---- the report --------------------------------------------------------------- */

json_t *api_toolkit_report_json(const struct toolkit_report *rep)
{
	json_t *items = json_array(), *counts = json_object();
	for (size_t i = 0; i < rep->count; i++) {
		const struct toolkit_result *x = &rep->items[i];
		json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:I, s:b}", "key", x->key, "section", x->section, "name",
				      x->name, "outcome", toolkit_outcome_name(x->outcome), "version",
				      (json_int_t)x->version, "forced", x->forced);
		json_object_set_new(j, "applied_version",
				    x->applied_version ? json_integer(x->applied_version) : json_null());
		json_object_set_new(j, "problem", api_str(x->problem));
		json_array_append_new(items, j);
	}
	for (int o = 0; o < TOOLKIT_OUTCOME__COUNT; o++)
		json_object_set_new(counts, toolkit_outcome_name((enum toolkit_outcome)o),
				    json_integer((json_int_t)rep->counts[o]));
	return json_pack("{s:s, s:b, s:b, s:o, s:o}", "toolkit", rep->toolkit, "dry_run", rep->dry_run, "applied",
			 rep->applied, "counts", counts, "items", items);
}

/* ---- OpenAPI ------------------------------------------------------------------ */

#define STR "{\"type\":\"string\"}"
#define INT "{\"type\":\"integer\"}"

void api_openapi_toolkit_schemas(struct jsonw *w)
{
	jsonw_key(w, "Toolkit");
	jsonw_obj_open(w);
	jsonw_kstr(w, "type", "object");
	jsonw_kstr(w, "description",
		   "A toolkit bundle (docs/toolkit.md): items by section, each with a stable key "
		   "and a version, the rest as the section's input takes it");
	jsonw_key(w, "required");
	jsonw_raw(w, "[\"format\",\"name\",\"version\",\"sections\"]");
	jsonw_kbool(w, "additionalProperties", false);
	jsonw_key(w, "properties");
	jsonw_obj_open(w);
	jsonw_key(w, "$schema");
	jsonw_raw(w, STR);
	jsonw_key(w, "format");
	jsonw_raw(w, "{\"const\":\"" TOOLKIT_FORMAT "\"}");
	jsonw_key(w, "name");
	jsonw_raw(w, "{\"type\":\"string\",\"pattern\":\"^[a-z0-9][a-z0-9._-]{0,99}$\"}");
	jsonw_key(w, "title");
	jsonw_raw(w, STR);
	jsonw_key(w, "description");
	jsonw_raw(w, STR);
	jsonw_key(w, "version");
	jsonw_raw(w, "{\"type\":\"integer\",\"minimum\":1}");
	jsonw_key(w, "sections");
	jsonw_obj_open(w);
	jsonw_kstr(w, "type", "object");
	jsonw_key(w, "required");
	jsonw_raw(w, "[]");
	jsonw_kbool(w, "additionalProperties", false);
	jsonw_key(w, "properties");
	jsonw_obj_open(w);
	for (size_t s = 0; s < SECTION_COUNT; s++) {
		const struct toolkit_source *src = sections[s].arg;
		jsonw_key(w, sections[s].name);
		jsonw_obj_open(w);
		jsonw_kstr(w, "type", "array");
		jsonw_key(w, "items");
		jsonw_obj_open(w);
		jsonw_kstr(w, "type", "object");
		/* its members are the section's input component's (closed) plus
		 * key and version, which no JSON Schema of 3.1 says of a closed
		 * $ref: said in words, checked by the reader */
		char text[300];
		int n = snprintf(text, sizeof(text),
				 "key (1 to 100 of a-z, 0-9, '.', '_', '-'), version (from 1) and the members of %s",
				 src->res->schema->name);
		for (const char *const *o = src->omit; o && *o && n > 0 && (size_t)n < sizeof(text); o++)
			n += snprintf(text + n, sizeof(text) - (size_t)n, "%s%s", o == src->omit ? " but " : ", ", *o);
		jsonw_kstr(w, "description", text);
		jsonw_key(w, "required");
		jsonw_raw(w, "[\"key\",\"version\",\"name\"]");
		jsonw_kbool(w, "additionalProperties", true);
		jsonw_obj_close(w);
		jsonw_obj_close(w);
	}
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	jsonw_key(w, "ToolkitSummary");
	jsonw_raw(w, "{\"type\":\"object\",\"required\":[\"name\",\"title\",\"description\",\"version\",\"items\"],"
		     "\"additionalProperties\":false,\"properties\":{\"name\":" STR ",\"title\":" STR
		     ",\"description\":" STR ",\"version\":" INT ",\"items\":" INT "}}");
	jsonw_key(w, "ToolkitReport");
	jsonw_raw(w,
		  "{\"type\":\"object\",\"required\":[\"toolkit\",\"dry_run\",\"applied\",\"counts\",\"items\"],"
		  "\"additionalProperties\":false,\"properties\":{\"toolkit\":" STR ",\"dry_run\":{\"type\":"
		  "\"boolean\"},\"applied\":{\"type\":\"boolean\"},\"counts\":{\"type\":\"object\","
		  "\"additionalProperties\":" INT "},\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
		  "\"required\":[\"key\",\"section\",\"name\",\"outcome\",\"version\",\"applied_version\",\"forced\","
		  "\"problem\"],\"additionalProperties\":false,\"properties\":{\"key\":" STR ",\"section\":" STR
		  ",\"name\":" STR ",\"outcome\":{\"enum\":[\"added\",\"updated\",\"unchanged\","
		  "\"kept_changed_locally\",\"kept_exists\",\"kept_newer\",\"failed\"]},\"version\":" INT
		  ",\"applied_version\":{\"type\":[\"integer\",\"null\"]},\"forced\":{\"type\":\"boolean\"},"
		  "\"problem\":{\"type\":[\"string\",\"null\"]}}}}}}");
}
