/*
 * api_record.c — the HTTP side of the named configuration records
 * (core/kernel/record.h) and of the resources core serves alike (users, groups):
 * one create (201 with Location), list, update and get for every resource
 * declared with struct api_record (the route's arg), and the list
 * envelope of any array of records.  See api.h.
 */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/util.h"
#include "base/banned.h"

enum sw_err api_id_param(struct req *r, const char *what, int64_t *id, struct sw_error *err)
{
	const char *s = req_param(r, "id");
	if (parse_int64(s, strlen(s), 1, INT64_MAX, id))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no %s '%s'", what, s);
	return SW_OK;
}

enum sw_err api_id_call(struct req *r, const char *what,
			enum sw_err (*fn)(struct ctx *c, int64_t id, struct sw_error *err), struct sw_error *err)
{
	int64_t id;
	enum sw_err rc;
	if ((rc = api_id_param(r, what, &id, err)) || (rc = fn(&r->ctx, id, err)))
		return rc;
	return http_reply(r, 204, NULL, NULL, 0, err);
}

enum sw_err api_reply_created(struct req *r, const char *collection, int64_t id, json_t *j, struct sw_error *err)
{
	http_header(r, "Location", arena_printf(&r->arena, "%s/%lld", collection, (long long)id));
	return api_reply(r, 201, j, err);
}

enum sw_err api_reply_items(struct req *r, const void *items, size_t count, size_t size, api_json_fn json,
			    const char *next_cursor, struct sw_error *err)
{
	json_t *array = json_array();
	for (size_t i = 0; array && i < count; i++)
		json_array_append_new(array, json((const char *)items + i * size));
	return api_reply_list(r, array, next_cursor, err);
}

/* The resource a record route serves (routes.c puts it in the route). */
static const struct api_record *route_record(const struct req *r)
{
	return r->route->arg;
}

/* The record the path names: {id} for kinds named by id, else {name} (or
 * the parameter its calls name). */
static enum sw_err key_of(struct req *r, const struct api_record *res, struct record_key *key, struct sw_error *err)
{
	*key = (struct record_key){0};
	if (res->id_noun)
		return api_id_param(r, res->id_noun, &key->id, err);
	key->name = req_param(r, res->calls ? res->calls->param : "name");
	return SW_OK;
}

/* The body, decoded into arena room for res's input struct. */
static enum sw_err read_in(struct req *r, const struct api_record *res, void **in, struct sw_error *err)
{
	if (!(*in = arena_alloc(&r->arena, res->schema->size)))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	return api_read(r, res->schema, false, *in, err);
}

json_t *api_record_json(const struct api_record *res, const void *rec)
{
	return res->json ? res->json(rec) : api_members(rec, res->members, res->member_count);
}

static size_t record_size(const struct api_record *res)
{
	return res->kind ? res->kind->size : res->calls->size;
}

/* Arena room for one of res's records. */
static enum sw_err record_room(struct req *r, const struct api_record *res, void **out, struct sw_error *err)
{
	*out = arena_alloc(&r->arena, record_size(res));
	return *out ? SW_OK : sw_fail(err, SW_ENOMEM, NULL, "out of memory");
}

/* Create (key NULL) or change a record, through its kind or its calls. */
static enum sw_err write_record(struct req *r, const struct api_record *res, const struct record_key *key,
				const void *in, void *out, struct sw_error *err)
{
	if (res->calls)
		return res->calls->call(&r->ctx, key ? key->name : NULL, in, out, err);
	return key ? record_update(&r->ctx, res->kind, key, in, out, err)
		   : record_create(&r->ctx, res->kind, in, out, err);
}

/* POST path: the new record lives at path/<key>. */
enum sw_err api_record_create(struct req *r, struct sw_error *err)
{
	const struct api_record *res = route_record(r);
	void *in, *out;
	enum sw_err rc;
	if ((rc = record_room(r, res, &out, err)) || (rc = read_in(r, res, &in, err)) ||
	    (rc = write_record(r, res, NULL, in, out, err)))
		return rc;
	const char *path = r->route->pattern, *at;
	if (res->calls)
		at = arena_printf(&r->arena, "%s/%s", path,
				  *(const char *const *)((const char *)out + res->calls->key_at));
	else if (res->id_noun)
		at = arena_printf(&r->arena, "%s/%lld", path, (long long)record_id(res->kind, out));
	else
		at = arena_printf(&r->arena, "%s/%s", path, record_name(res->kind, out));
	http_header(r, "Location", at);
	return api_reply(r, 201, api_record_json(res, out), err);
}

/* The records GET on the path answers: through res's list hook, or, a
 * kind without one, every record of the kind. */
static enum sw_err list_records(struct req *r, const struct api_record *res, struct api_items *out,
				struct sw_error *err)
{
	if (res->list)
		return res->list(r, out, err);
	struct record_items list;
	enum sw_err rc = record_list(&r->ctx, res->kind, &list, err);
	if (!rc)
		*out = (struct api_items){list.items, list.count, NULL};
	return rc;
}

enum sw_err api_record_list(struct req *r, struct sw_error *err)
{
	const struct api_record *res = route_record(r);
	struct api_items list;
	enum sw_err rc = list_records(r, res, &list, err);
	if (rc)
		return rc;
	json_t *array = json_array();
	for (size_t i = 0; array && i < list.count; i++)
		json_array_append_new(array, api_record_json(res, (const char *)list.items + i * record_size(res)));
	return api_reply_list(r, array, list.next_cursor, err);
}

enum sw_err api_record_update(struct req *r, struct sw_error *err)
{
	const struct api_record *res = route_record(r);
	struct record_key key;
	void *in, *out;
	enum sw_err rc;
	if ((rc = record_room(r, res, &out, err)) || (rc = key_of(r, res, &key, err)) ||
	    (rc = read_in(r, res, &in, err)) || (rc = write_record(r, res, &key, in, out, err)))
		return rc;
	return api_reply(r, 200, api_record_json(res, out), err);
}

enum sw_err api_record_get(struct req *r, struct sw_error *err)
{
	const struct api_record *res = route_record(r);
	struct record_key key;
	void *out;
	enum sw_err rc;
	if ((rc = record_room(r, res, &out, err)) || (rc = key_of(r, res, &key, err)))
		return rc;
	rc = res->calls ? res->calls->call(&r->ctx, key.name, NULL, out, err)
			: record_get(&r->ctx, res->kind, &key, out, err);
	return rc ? rc : api_reply(r, 200, api_record_json(res, out), err);
}

/* GET …/history of any record: the route's arg is its struct history_subject. */
enum sw_err api_history(struct req *r, struct sw_error *err)
{
	const struct history_subject *h = r->route->arg;
	struct record_key key = {0};
	struct page p;
	struct audit_list list = {0};
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "limit,cursor", err)) || (rc = api_page(r, &p, err)))
		return rc;
	if (h->id_noun)
		rc = api_id_param(r, h->id_noun, &key.id, err);
	else
		key.name = req_param(r, "name");
	if (rc || (rc = record_history(&r->ctx, h, &key, &p, &list, err)))
		return rc;
	return api_reply_history(r, &list, err);
}
