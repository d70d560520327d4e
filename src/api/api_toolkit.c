/*
 * api_toolkit.c — /api/v1/toolkits…: the built-in toolkits (list, show),
 * applying one or a bundle sent as the body (a dry run first, as the
 * admin UI does: ?dry_run=true), and the installation's configuration
 * exported as a bundle.  Admins only.  The bundle reader, the sections
 * and the report's JSON are api/toolkit.c's; the apply is core's.
 */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/toolkit.h"
#include "base/embed.h"
#include "core/kernel/authz.h"
#include "base/banned.h"

/* GET /api/v1/toolkits */
enum sw_err api_toolkit_list(struct req *r, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&r->ctx.actor, ROLE_ADMIN, err);
	if (rc)
		return rc;
	json_t *items = json_array(), *j;
	for (size_t i = 0; items && (j = api_toolkit_summary(r, i)); i++)
		json_array_append_new(items, j);
	return api_reply_list(r, items, NULL, err);
}

/* The built-in toolkit {name} names: 404 when there is none. */
static enum sw_err builtin_of(struct req *r, const struct embedded_file **f, struct sw_error *err)
{
	const char *name = req_param(r, "name");
	if (!(*f = api_toolkit_builtin(name)))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no toolkit '%s'", name);
	return SW_OK;
}

/* GET /api/v1/toolkits/{name}: the bundle itself. */
enum sw_err api_toolkit_show(struct req *r, struct sw_error *err)
{
	const struct embedded_file *f;
	enum sw_err rc = authz_require_role(&r->ctx.actor, ROLE_ADMIN, err);
	if (rc || (rc = builtin_of(r, &f, err)))
		return rc;
	json_t *root = json_loadb((const char *)f->data, f->len, 0, NULL);
	return api_reply(r, 200, root, err);
}

/* ?dry_run=true|false and ?force=KEY,KEY into opt. */
static enum sw_err options_of(struct req *r, struct toolkit_options *opt, struct sw_error *err)
{
	int dry;
	const char *force;
	enum sw_err rc;
	*opt = (struct toolkit_options){0};
	if ((rc = api_query_allowed(r, "dry_run,force", err)) || (rc = api_query_bool(r, "dry_run", &dry, err)) ||
	    (rc = api_query_str(r, "force", TOOLKIT_FORCE_MAX * (TOOLKIT_KEY_MAX + 1), &force, err)))
		return rc;
	opt->dry_run = dry == 1;
	if (!force)
		return SW_OK;
	const char **keys = arena_alloc(&r->arena, TOOLKIT_FORCE_MAX * sizeof(*keys));
	char *copy = arena_strdup(&r->arena, force);
	if (!keys || !copy)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (char *p = copy, *comma; p; p = comma ? comma + 1 : NULL) {
		if ((comma = strchr(p, ',')))
			*comma = '\0';
		if (!*p)
			continue;
		if (opt->force_count == TOOLKIT_FORCE_MAX)
			return sw_param_fail(err, "force", "names at most %d keys", TOOLKIT_FORCE_MAX);
		keys[opt->force_count++] = p;
	}
	opt->force = keys;
	return SW_OK;
}

/* Read the bundle in r->body, apply it as opt says, answer the report. */
static enum sw_err apply_body(struct req *r, const struct toolkit_options *opt, struct sw_error *err)
{
	struct toolkit_bundle b;
	struct toolkit_report rep;
	enum sw_err rc;
	if ((rc = api_toolkit_read(r, &b, err)) || (rc = toolkit_apply(&r->ctx, &b, opt, &rep, err)))
		return rc;
	return api_reply(r, 200, api_toolkit_report_json(&rep), err);
}

/* POST /api/v1/toolkits/{name}/apply */
enum sw_err api_toolkit_apply_builtin(struct req *r, struct sw_error *err)
{
	const struct embedded_file *f;
	struct toolkit_options opt;
	enum sw_err rc = authz_require_role(&r->ctx.actor, ROLE_ADMIN, err);
	if (rc || (rc = options_of(r, &opt, err)) || (rc = builtin_of(r, &f, err)))
		return rc;
	buf_release(&r->body);
	buf_init(&r->body, f->len + 1);
	if ((rc = buf_append(&r->body, f->data, f->len)))
		return sw_fail(err, rc, NULL, "out of memory");
	return apply_body(r, &opt, err);
}

/* POST /api/v1/toolkits/apply: the body is the bundle. */
enum sw_err api_toolkit_apply(struct req *r, struct sw_error *err)
{
	struct toolkit_options opt;
	enum sw_err rc = authz_require_role(&r->ctx.actor, ROLE_ADMIN, err);
	if (rc || (rc = options_of(r, &opt, err)))
		return rc;
	return apply_body(r, &opt, err);
}

/* GET /api/v1/toolkit-export */
enum sw_err api_toolkit_export_get(struct req *r, struct sw_error *err)
{
	const char *name;
	json_t *bundle;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "name", err)) || (rc = api_query_str(r, "name", TOOLKIT_KEY_MAX, &name, err)) ||
	    (rc = api_toolkit_export(r, name ? name : "exported", &bundle, err)))
		return rc;
	return api_reply(r, 200, bundle, err);
}
