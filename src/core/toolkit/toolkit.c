/*
 * toolkit.c — applying a toolkit (toolkit.h): for each item, what the
 * record it made (or one of its name) is now, what to do with it, and the
 * create or update through its section, in one transaction; the items
 * applied are remembered (port/toolkit.h) with a hash of the item and one
 * of the record as the apply left it, which is how a later apply tells a
 * local change from a record nobody touched.
 */
#include <stdio.h>
#include <string.h>

#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/toolkit/toolkit.h"
#include "base/banned.h"

static const char *const outcome_names[TOOLKIT_OUTCOME__COUNT] = {[TOOLKIT_ADDED] = "added",
								  [TOOLKIT_UPDATED] = "updated",
								  [TOOLKIT_UNCHANGED] = "unchanged",
								  [TOOLKIT_KEPT_LOCAL] = "kept_changed_locally",
								  [TOOLKIT_KEPT_EXISTING] = "kept_exists",
								  [TOOLKIT_KEPT_NEWER] = "kept_newer",
								  [TOOLKIT_FAILED] = "failed"};
CORE_VALUE_LIST(enum toolkit_outcome, outcome_names, TOOLKIT_OUTCOME__COUNT, TOOLKIT_FAILED, toolkit_outcome_name,
		toolkit_outcome_parse)

enum sw_err toolkit_applied_list(struct ctx *c, struct toolkit_applied_list *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	return rc ? rc : store_toolkit_applied(c->store, out, err);
}

static bool forced(const struct toolkit_options *opt, const char *key)
{
	for (size_t i = 0; i < opt->force_count; i++)
		if (strcmp(opt->force[i], key) == 0 || strcmp(opt->force[i], "*") == 0)
			return true;
	return false;
}

/* Each problem of item (its err) as a field error of err under the
 * item's path, and as one line for its result. */
static const char *fold(struct ctx *c, const struct toolkit_item *item, const struct sw_error *ie, struct sw_error *err)
{
	if (!ie->field_count) {
		sw_field_fail(err, item->path, "%s", ie->detail);
		return arena_strdup(c->arena, ie->detail);
	}
	for (int i = 0; i < ie->field_count; i++)
		sw_field_fail(err, arena_printf(c->arena, "%s.%s", item->path, ie->fields[i].field), "%s",
			      ie->fields[i].detail);
	return arena_printf(c->arena, "%s: %s", ie->fields[0].field, ie->fields[0].detail);
}

/* A key twice in b: a field error at its second place. */
static void check_keys(const struct toolkit_bundle *b, struct sw_error *err)
{
	for (size_t i = 0; i < b->count; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(b->items[i].key, b->items[j].key) == 0) {
				sw_field_fail(err, b->items[i].path, "key '%s' is also at %s", b->items[i].key,
					      b->items[j].path);
				break;
			}
}

/* What to do with item: res's outcome, and *target the name of the
 * record to change (NULL: create one), from what was applied before and
 * what the record is now.  Fails only on storage. */
static enum sw_err decide(struct ctx *c, const struct toolkit_item *item, bool force, void *cur,
			  struct toolkit_result *res, const char **target, struct sw_error *err)
{
	const struct toolkit_section *s = item->section;
	struct toolkit_applied before;
	struct sw_error ge;
	sw_error_clear(&ge);
	enum sw_err rc = store_toolkit_applied_get(c->store, item->key, &before, &ge);
	if (rc && rc != SW_ENOTFOUND) {
		*err = ge;
		return rc;
	}
	bool tracked = rc == SW_OK;
	const char *name = tracked ? before.record_name : item->name;
	sw_error_clear(&ge);
	rc = s->get(c, s, name, cur, &ge);
	if (rc && rc != SW_ENOTFOUND) {
		*err = ge;
		return rc;
	}
	bool exists = rc == SW_OK;
	res->applied_version = tracked ? before.version : 0;
	res->forced = force;
	*target = exists ? name : NULL;
	if (!exists) {
		/* never made, or removed (or renamed) since: removed is a local change */
		res->outcome = tracked && !force ? TOOLKIT_KEPT_LOCAL : TOOLKIT_ADDED;
		*target = NULL;
		return SW_OK;
	}
	const char *now = s->fingerprint(c, s, cur);
	if (!now)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if (!tracked) {
		if (strcmp(now, item->hash) == 0)
			res->outcome = TOOLKIT_UNCHANGED;
		else if (force || (s->pristine && s->pristine(cur)))
			res->outcome = TOOLKIT_UPDATED; /* forced, or a default nobody set: taken over */
		else
			res->outcome = TOOLKIT_KEPT_EXISTING;
		return SW_OK;
	}
	bool local = strcmp(now, before.record_hash) != 0;
	if (local && !force)
		res->outcome = TOOLKIT_KEPT_LOCAL;
	else if (item->version < before.version && !force)
		res->outcome = TOOLKIT_KEPT_NEWER;
	else if (!local && ((strcmp(before.item_hash, item->hash) == 0 && before.version == item->version) ||
			    strcmp(now, item->hash) == 0))
		res->outcome = TOOLKIT_UNCHANGED; /* as applied, or as the record is now (an export of it) */
	else
		res->outcome = TOOLKIT_UPDATED;
	return SW_OK;
}

/* The audit row of an item added or updated, on its record. */
static enum sw_err audit_item(struct ctx *c, const struct toolkit_bundle *b, const struct toolkit_item *item,
			      const struct toolkit_result *res, int64_t record_id, struct sw_error *err)
{
	struct changes ch;
	changes_init(&ch);
	changes_set_str(&ch, "toolkit", b->name);
	changes_set_str(&ch, "section", item->section->name);
	changes_set_str(&ch, "key", item->key);
	changes_str(&ch, "name", NULL, item->name);
	changes_int(&ch, "version", res->applied_version, item->version);
	changes_set_str(&ch, "outcome", toolkit_outcome_name(res->outcome));
	if (res->forced)
		changes_set_str(&ch, "forced", "true");
	return audit_changes(c, "toolkit_item", record_id, toolkit_outcome_name(res->outcome), false, &ch, err);
}

/* An item kept: written all the same in a savepoint rolled back, so that
 * a bundle whose kept items the record type would refuse is refused as a
 * whole, each problem named, as an applied one would be. */
static enum sw_err try_item(struct ctx *c, const struct toolkit_item *item, const char *target,
			    struct toolkit_result *res, struct sw_error *problems, struct sw_error *err)
{
	const struct toolkit_section *s = item->section;
	void *out = arena_alloc(c->arena, s->size);
	if (!out)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	struct sw_error ie;
	sw_error_clear(&ie);
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	rc = s->put(c, s, target, item->in, out, &ie);
	store_rollback(c->store);
	if (rc == SW_EINVALID || rc == SW_ECONFLICT || rc == SW_ENOTFOUND) {
		res->problem = fold(c, item, &ie, problems);
		res->outcome = TOOLKIT_FAILED;
		return SW_OK;
	}
	if (rc)
		*err = ie;
	return rc;
}

/* Write item as decided (res->outcome added or updated; target the record
 * to change) and remember it; an unchanged one is remembered too, so a
 * record adopted by name is tracked from now on.  A refusal of the
 * section (field errors, a reference that does not resolve) is the
 * item's problem (res failed, its errors folded into err) and not the
 * return value, so that every item is tried. */
static enum sw_err write_item(struct ctx *c, const struct toolkit_bundle *b, const struct toolkit_item *item,
			      const char *target, void *cur, struct toolkit_result *res, struct sw_error *problems,
			      struct sw_error *err)
{
	const struct toolkit_section *s = item->section;
	struct sw_error ie;
	sw_error_clear(&ie);
	enum sw_err rc = SW_OK;
	if (res->outcome == TOOLKIT_ADDED || res->outcome == TOOLKIT_UPDATED) {
		void *out = arena_alloc(c->arena, s->size);
		if (!out)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		rc = s->put(c, s, res->outcome == TOOLKIT_ADDED ? NULL : target, item->in, out, &ie);
		if (rc == SW_EINVALID || rc == SW_ECONFLICT || rc == SW_ENOTFOUND) {
			res->problem = fold(c, item, &ie, problems);
			res->outcome = TOOLKIT_FAILED;
			return SW_OK;
		}
		if (rc) {
			*err = ie;
			return rc;
		}
		/* read back: what the section made of it is what a later apply compares with */
		if ((rc = s->get(c, s, res->outcome == TOOLKIT_ADDED ? item->name : target, cur, &ie))) {
			*err = ie;
			return rc;
		}
		if ((rc = audit_item(c, b, item, res, s->id(s, cur), err)))
			return rc;
	} else if (res->outcome != TOOLKIT_UNCHANGED) {
		return try_item(c, item, target, res, problems, err);
	}
	const char *hash = s->fingerprint(c, s, cur);
	if (!hash)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	struct toolkit_applied a = {.key = item->key,
				    .toolkit = b->name,
				    .section = s->name,
				    .version = item->version,
				    .record_name = target && res->outcome != TOOLKIT_ADDED ? target : item->name,
				    .item_hash = item->hash,
				    .record_hash = hash,
				    .applied_at = c->now};
	return store_toolkit_applied_put(c->store, &a, err);
}

/* Every item of b tried in the open transaction, each into its result. */
static enum sw_err apply_items(struct ctx *c, const struct toolkit_bundle *b, const struct toolkit_options *opt,
			       struct toolkit_report *out, struct sw_error *problems, struct sw_error *err)
{
	for (size_t i = 0; i < b->count; i++) {
		const struct toolkit_item *item = &b->items[i];
		struct toolkit_result *res = &out->items[i];
		*res = (struct toolkit_result){.key = item->key,
					       .section = item->section->name,
					       .name = item->name,
					       .path = item->path,
					       .version = item->version};
		void *cur = arena_alloc(c->arena, item->section->size);
		if (!cur)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		const char *target;
		enum sw_err rc = decide(c, item, forced(opt, item->key), cur, res, &target, err);
		if (rc || (rc = write_item(c, b, item, target, cur, res, problems, err)))
			return rc;
		out->counts[res->outcome]++;
	}
	return SW_OK;
}

enum sw_err toolkit_apply(struct ctx *c, const struct toolkit_bundle *b, const struct toolkit_options *opt,
			  struct toolkit_report *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc)
		return rc;
	check_keys(b, err);
	if (err->code)
		return err->code;
	*out = (struct toolkit_report){.toolkit = b->name, .dry_run = opt->dry_run, .count = b->count};
	if (b->count && !(out->items = arena_alloc(c->arena, b->count * sizeof(*out->items))))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	if ((rc = core_tx_begin_long(c, err)))
		return rc;
	struct sw_error problems;
	sw_error_clear(&problems);
	if ((rc = apply_items(c, b, opt, out, &problems, err)))
		return core_tx_end(c, rc, err);
	if (problems.code) {
		*err = problems;
		snprintf(err->detail, sizeof(err->detail), "toolkit '%s' was not applied: %zu item%s refused", b->name,
			 out->counts[TOOLKIT_FAILED], out->counts[TOOLKIT_FAILED] == 1 ? "" : "s");
		return core_tx_end(c, SW_EINVALID, err);
	}
	if (opt->dry_run) {
		store_rollback(c->store);
		return SW_OK;
	}
	if ((rc = core_tx_end(c, SW_OK, err)))
		return rc;
	out->applied = true;
	return SW_OK;
}
