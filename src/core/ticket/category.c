/*
 * category.c — the category tree; see category.h.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "core/kernel/authz.h"
#include "core/ticket/category.h"
#include "core/kernel/cfgsnap.h"
#include "core/core_int.h"
#include "core/port/config.h"
#include "base/banned.h"

static void check_name(const char *name, struct sw_error *err)
{
	if (!name)
		sw_field_fail(err, "name", "is required");
	else if (!core_text_ok(name, 1, CATEGORY_NAME_MAX))
		sw_field_fail(err, "name", "must be 1 to %d characters", CATEGORY_NAME_MAX);
	else if (strchr(name, '/'))
		sw_field_fail(err, "name", "must not contain '/' (it separates the levels of a path)");
	else if (name[0] == ' ' || name[strlen(name) - 1] == ' ')
		sw_field_fail(err, "name", "must not start or end with a space");
	else
		for (const char *p = name; *p; p++)
			if ((unsigned char)*p < 0x20) {
				sw_field_fail(err, "name", "must not contain control characters");
				break;
			}
}

static enum sw_err audit_category(struct ctx *c, const struct category *cat, const char *action, struct sw_error *err)
{
	struct changes ch;
	changes_init(&ch);
	changes_set_str(&ch, "path", cat->path);
	changes_set_str(&ch, "active", cat->active ? "true" : "false");
	return audit_changes(c, "category", cat->id, action, false, &ch, err);
}

static int depth_of(const char *path)
{
	int d = 1;
	for (; *path; path++)
		d += *path == '/';
	return d;
}

enum sw_err category_create(struct ctx *c, const char *name, const char *parent, struct category *out,
			    struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc)
		return rc;
	check_name(name, err);
	if ((rc = core_tx_begin_valid(c, err)))
		return rc;
	struct category cat = {.name = name, .path = name, .active = true, .created_at = c->now};
	int64_t parent_id = 0;
	if (parent) {
		struct category p;
		if ((rc = core_ref_find(c, CORE_REF_CATEGORY, "parent", parent, &p, err))) {
			rc = rc == SW_ENOTFOUND ? err->code : rc;
			goto out;
		}
		if (depth_of(p.path) >= CATEGORY_DEPTH_MAX) {
			rc = core_reference_fail(err, "parent", "'%s' is at the deepest level (%d)", parent,
						 CATEGORY_DEPTH_MAX);
			goto out;
		}
		parent_id = p.id;
		cat.parent = p.path;
		cat.path = arena_printf(c->arena, "%s/%s", p.path, name);
	}
	if (!cat.path) {
		rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		goto out;
	}
	if (strlen(cat.path) > LIMIT_CATEGORY_LEN) {
		sw_field_fail(err, "name", "makes the path longer than %d bytes", LIMIT_CATEGORY_LEN);
		rc = err->code;
		goto out;
	}
	rc = store_category_insert(c->store, &cat, parent_id, err);
	if (rc == SW_ECONFLICT)
		rc = sw_fail(err, SW_ECONFLICT, "duplicate", "the category '%s' exists", cat.path);
	if (!rc && !(rc = audit_category(c, &cat, "create", err)))
		*out = cat;
out:
	return core_tx_end(c, rc, err);
}

enum sw_err category_set_active(struct ctx *c, int64_t id, bool active, struct category *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc)
		return rc;
	if ((rc = core_tx_begin(c, err)))
		return rc;
	struct category cat;
	if ((rc = store_category_by_id(c->store, id, &cat, err)))
		goto out;
	if (cat.active != active) {
		cat.active = active;
		if ((rc = store_category_set_active(c->store, id, active, err)) ||
		    (rc = audit_category(c, &cat, active ? "activate" : "deactivate", err)))
			goto out;
	}
	*out = cat;
out:
	return core_tx_end(c, rc, err);
}

enum sw_err category_find(struct ctx *c, int64_t id, struct sw_error *err)
{
	struct category cat;
	return store_category_by_id(c->store, id, &cat, err);
}

enum sw_err category_list(struct ctx *c, bool active_only, struct category_list *out, struct sw_error *err)
{
	/* anyone logged in, or the system itself (user 0 as admin: a toolkit applied by the CLI) */
	if (!c->actor.user_id && c->actor.role != ROLE_ADMIN)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	return store_category_list(c->store, active_only || !authz_is_agent(&c->actor), out, err);
}

enum sw_err category_check(struct ctx *c, const char *field, const char *path, struct sw_error *err)
{
	int64_t n;
	enum sw_err rc = cfgsnap_category_count(c, &n, err);
	if (rc || n == 0 || !path)
		return rc;
	/* the category and every ancestor must be active */
	const char *at = path;
	for (int level = 0; at && level < CATEGORY_DEPTH_MAX; level++) {
		struct category cat;
		struct sw_error look;
		sw_error_clear(&look);
		rc = store_category_by_path(c->store, at, &cat, &look);
		if (rc == SW_ENOTFOUND) {
			core_reference_fail(err, field, "no category '%s'", path);
			return SW_OK;
		}
		if (rc)
			return sw_fail(err, rc, NULL, "%s", look.detail);
		if (!cat.active) {
			core_reference_fail(err, field, "the category '%s' is inactive", at);
			return SW_OK;
		}
		at = cat.parent;
	}
	return SW_OK;
}
