/*
 * upload.c — uploads made for an attachment variable before the request
 * exists: created against the variable's limits, checked when an order
 * names them, moved into the request in the order's transaction, purged
 * when expired.  See upload.h.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "base/util.h"
#include "core/catalog/catalog.h"
#include "core/catalog/upload.h"
#include "core/core_int.h"
#include "core/kernel/record.h"
#include "core/port/catalog.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

bool upload_named(const char *text, int64_t *id)
{
	size_t n = strlen(UPLOAD_PREFIX);
	return text && strncmp(text, UPLOAD_PREFIX, n) == 0 &&
	       !parse_int64(text + n, strlen(text + n), 1, INT64_MAX, id);
}

/* Whether an upload of size bytes and content type type fits var; the
 * refusal's words into why otherwise. */
static bool fits(struct arena *a, const struct form_var *var, int64_t size, const char *type, const char **why)
{
	int64_t most = var && var->max_size ? var->max_size : LIMIT_BODY_ATTACHMENT;
	if (size > most) {
		*why = arena_printf(a, "is %lld bytes, over the limit of %lld", (long long)size, (long long)most);
		return false;
	}
	if (var && !form_content_type_takes(var, type)) {
		*why = arena_printf(a, "is %s, not a type the variable takes", type ? type : "of no type");
		return false;
	}
	return true;
}

enum sw_err upload_create(struct ctx *c, const char *item, const char *variable, const char *filename, const void *data,
			  size_t len, struct upload *out, struct sw_error *err)
{
	if (!c->actor.user_id)
		return sw_fail(err, SW_EAUTH, NULL, "log in first");
	struct attachment at;
	enum sw_err rc = attachment_prepare(c, filename, data, len, &at, err);
	if (rc || (rc = core_tx_begin(c, err)))
		return rc;
	struct catalog_item it;
	struct record_key key = {.name = item};
	if ((rc = record_get(c, &catalog_item_kind, &key, &it, err)) || (rc = catalog_may_order(c, &it, err)))
		goto out;
	const struct form_var *var = NULL;
	for (size_t i = 0; i < it.variable_count && !var; i++)
		if (variable && !strcmp(it.variables[i].name, variable))
			var = &it.variables[i];
	const char *why;
	if (!var || var->type != FORM_ATTACHMENT) {
		rc = sw_param_fail(err, "variable", "'%s' is no attachment variable of %s", variable ? variable : "",
				   it.name);
		goto out;
	}
	if (!fits(c->arena, var, at.size, at.content_type, &why)) {
		sw_field_fail(err, "file", "%s %s", at.filename, why);
		rc = err->code;
		goto out;
	}
	/* what one person may keep waiting: the files of a few orders, not a store */
	int64_t pending = 0;
	if ((rc = store_upload_pending_of(c->store, c->actor.user_id, c->now, &pending, err)))
		goto out;
	if (pending >= UPLOADS_PENDING_MAX) {
		rc = sw_fail(
			err, SW_ETHROTTLED, NULL,
			"%lld uploads are waiting for an order already (at most %d): order, or wait for them to expire",
			(long long)pending, UPLOADS_PENDING_MAX);
		goto out;
	}
	struct upload u = {.filename = at.filename,
			   .content_type = at.content_type,
			   .sha256 = at.sha256,
			   .size = at.size,
			   .created_by_id = c->actor.user_id,
			   .created_by = c->actor.login,
			   .created_at = c->now,
			   .expires_at = c->now + (c->cfg->upload_ttl_s > 0 ? c->cfg->upload_ttl_s : 1)};
	if ((rc = store_upload_insert(c->store, &u, data, &u.id, err)))
		goto out;
	struct changes ch;
	changes_init(&ch);
	changes_set_str(&ch, "filename", u.filename);
	changes_set_int(&ch, "size", u.size);
	changes_set_str(&ch, "sha256", u.sha256);
	changes_set_str(&ch, "item", it.name);
	changes_set_str(&ch, "variable", var->name);
	if (!(rc = audit_changes(c, "upload", u.id, "upload", false, &ch, err)))
		*out = u;
out:
	return core_tx_end(c, rc, err);
}

enum sw_err upload_check(struct ctx *c, const char *f, int64_t id, const struct form_var *var, struct sw_error *err)
{
	struct upload u;
	struct sw_error look;
	sw_error_clear(&look);
	enum sw_err rc = store_upload_get(c->store, id, &u, &look);
	const char *why;
	if (rc == SW_ENOTFOUND || (!rc && u.created_by_id != c->actor.user_id))
		sw_param_fail(err, f, "no upload %lld of yours: unknown, used already, or removed", (long long)id);
	else if (rc) {
		*err = look;
		return rc;
	} else if (c->now >= u.expires_at)
		sw_param_fail(err, f, "upload %lld has expired: upload the file again", (long long)id);
	else if (!fits(c->arena, var, u.size, u.content_type, &why))
		sw_param_fail(err, f, "upload %lld %s", (long long)id, why);
	return SW_OK;
}

enum sw_err upload_claim_answers(struct ctx *c, int64_t ticket_id, struct form_answers *answers, struct sw_error *err)
{
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < answers->count; i++) {
		struct form_answer *a = &answers->items[i];
		int64_t id, attachment_id;
		struct upload u;
		if (a->type != FORM_ATTACHMENT || !upload_named(a->text, &id))
			continue;
		struct sw_error look;
		sw_error_clear(&look);
		if ((rc = store_upload_get(c->store, id, &u, &look)) == SW_ENOTFOUND) /* moved by another variable */
			return sw_param_fail(err, arena_printf(c->arena, "variables.%.60s", a->name),
					     "upload %lld is named by another variable too", (long long)id);
		if (rc) {
			*err = look;
			break;
		}
		if ((rc = store_upload_claim(c->store, id, ticket_id, &attachment_id, err)))
			break;
		struct changes ch;
		changes_init(&ch);
		changes_set_str(&ch, "filename", u.filename);
		changes_set_int(&ch, "size", u.size);
		changes_set_str(&ch, "sha256", u.sha256);
		changes_set_str(&ch, "variable", a->name);
		if ((rc = audit_changes(c, "ticket", ticket_id, "attach", false, &ch, err)))
			break;
		a->text = arena_printf(c->arena, "%lld", (long long)attachment_id);
		if (!a->text)
			rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	}
	return rc;
}

enum sw_err upload_purge_pass(struct ctx *c, int batch, int *removed, struct sw_error *err)
{
	*removed = 0;
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	int64_t n = 0;
	rc = store_upload_purge(c->store, c->now, batch, &n, err);
	if (!rc)
		*removed = (int)n;
	return core_tx_end(c, rc, err);
}
