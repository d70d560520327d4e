/*
 * api_json.c — request decoding and response encoding for api/.  See api.h.
 *
 * Bodies are pre-scanned for nesting depth before jansson sees them, so a
 * deeply nested document is refused without recursion.  jansson rejects
 * invalid UTF-8, \u0000 (we do not pass JSON_ALLOW_NUL) and, with
 * JSON_REJECT_DUPLICATES, repeated keys.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "base/limits.h"
#include "base/util.h"
#include "base/banned.h"

static int json_depth(const char *p, size_t len)
{
	int depth = 0, max = 0;
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		char c = p[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"')
			in_string = true;
		else if (c == '{' || c == '[') {
			if (++depth > max)
				max = depth;
		} else if (c == '}' || c == ']')
			depth--;
	}
	return max;
}

enum sw_err api_body_any(struct req *r, json_t **out, struct sw_error *err)
{
	if (r->body.len == 0)
		return sw_fail(err, SW_EBADREQ, NULL, "a JSON body is required");
	if (json_depth(r->body.ptr, r->body.len) > LIMIT_JSON_DEPTH)
		return sw_fail(err, SW_EBADREQ, NULL, "the JSON nests deeper than %d levels", LIMIT_JSON_DEPTH);
	json_error_t je;
	json_t *root = json_loadb(r->body.ptr, r->body.len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return sw_fail(err, SW_EBADREQ, NULL, "the body is not valid JSON: %s (line %d, column %d)", je.text,
			       je.line, je.column);
	*out = root;
	return SW_OK;
}

enum sw_err api_body(struct req *r, bool optional, json_t **out, struct sw_error *err)
{
	if (r->body.len == 0) {
		if (!optional)
			return sw_fail(err, SW_EBADREQ, NULL, "a JSON object is required as the body");
		*out = json_object();
		return *out ? SW_OK : sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	}
	json_t *root;
	enum sw_err rc = api_body_any(r, &root, err);
	if (rc)
		return rc;
	if (!json_is_object(root)) {
		json_decref(root);
		return sw_fail(err, SW_EBADREQ, NULL, "the body must be a JSON object");
	}
	*out = root;
	return SW_OK;
}

const char *api_path(struct req *r, const char *field, size_t index)
{
	return arena_printf(&r->arena, "%s[%zu]", field, index);
}

const char *api_string(struct req *r, json_t *v, const char *path, size_t max_chars, struct sw_error *err)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	if (strlen(s) != len) {
		sw_field_fail(err, path, "must not contain NUL characters");
		return NULL;
	}
	if (max_chars && utf8_count(s, len) > max_chars) {
		sw_field_fail(err, path, "must be at most %zu characters", max_chars);
		return NULL;
	}
	const char *copy = arena_strndup(&r->arena, s, len);
	if (!copy)
		sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	return copy;
}

static void decode_one(struct req *r, const struct field *f, json_t *v, void *out, struct sw_error *err)
{
	char *base = out;
	switch (f->type) {
	case FT_STRING_NULL:
		if (json_is_null(v)) {
			*(const char **)(base + f->offset) = NULL;
			break;
		}
		/* fall through */
	case FT_STRING:
		if (!json_is_string(v)) {
			sw_field_fail(err, f->name,
				      f->type == FT_STRING ? "must be a string" : "must be a string or null");
			return;
		}
		*(const char **)(base + f->offset) = api_string(r, v, f->name, f->max_chars, err);
		break;
	case FT_INT:
	case FT_INT64:
		if (!json_is_integer(v) || json_integer_value(v) < f->min || json_integer_value(v) > f->max) {
			sw_field_fail(err, f->name, "must be an integer from %lld to %lld", (long long)f->min,
				      (long long)f->max);
			return;
		}
		if (f->type == FT_INT64)
			*(int64_t *)(base + f->offset) = json_integer_value(v);
		else
			*(int *)(base + f->offset) = (int)json_integer_value(v);
		break;
	case FT_ID_NULL:
		if (json_is_null(v)) {
			*(int64_t *)(base + f->offset) = 0;
			break;
		}
		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			sw_field_fail(err, f->name, "must be an id (an integer from 1) or null");
			return;
		}
		*(int64_t *)(base + f->offset) = json_integer_value(v);
		break;
	case FT_TIME_NULL: {
		int64_t t = 0;
		if (json_is_null(v)) {
			*(int64_t *)(base + f->offset) = 0;
			break;
		}
		if (!json_is_string(v) || time_parse_rfc3339(json_string_value(v), json_string_length(v), &t) ||
		    t <= 0) {
			sw_field_fail(err, f->name, "must be a time like 2026-11-25T14:30:00Z, or null");
			return;
		}
		*(int64_t *)(base + f->offset) = t;
		break;
	}
	case FT_FIXED2: {
		/* a number with at most two decimals, kept as hundredths */
		double d = json_is_number(v) ? json_number_value(v) * 100.0 : 0;
		bool in_range = json_is_number(v) && d >= (double)f->min && d <= (double)f->max;
		int64_t h = in_range ? (int64_t)(d < 0 ? d - 0.5 : d + 0.5) : 0; /* cast only what fits */
		if (!in_range || d - (double)h > 1e-6 || (double)h - d > 1e-6) {
			sw_field_fail(err, f->name, "must be a number from %.2f to %.2f with at most two decimals",
				      (double)f->min / 100.0, (double)f->max / 100.0);
			return;
		}
		*(int *)(base + f->offset) = (int)h;
		break;
	}
	case FT_NUMBER: {
		double d = json_is_number(v) ? json_number_value(v) : 0;
		if (!json_is_number(v) || !(d >= (double)f->min && d <= (double)f->max)) {
			sw_field_fail(err, f->name, "must be a number from %lld to %lld", (long long)f->min,
				      (long long)f->max);
			return;
		}
		*(double *)(base + f->offset) = d;
		break;
	}
	case FT_BOOL:
		if (!json_is_boolean(v)) {
			sw_field_fail(err, f->name, "must be true or false");
			return;
		}
		*(bool *)(base + f->offset) = json_is_true(v);
		break;
	case FT_STRINGS: {
		if (!json_is_array(v)) {
			sw_field_fail(err, f->name, "must be an array of strings");
			return;
		}
		size_t n = json_array_size(v);
		if (f->max_chars && n > f->max_chars) {
			sw_field_fail(err, f->name, "must have at most %zu entries", f->max_chars);
			return;
		}
		const char **arr = arena_alloc(&r->arena, (n + 1) * sizeof(*arr));
		if (!arr) {
			sw_fail(err, SW_ENOMEM, NULL, "out of memory");
			return;
		}
		for (size_t i = 0; i < n; i++) {
			json_t *e = json_array_get(v, i);
			const char *path = api_path(r, f->name, i);
			if (!json_is_string(e)) {
				sw_field_fail(err, path ? path : f->name, "must be a string");
				continue;
			}
			arr[i] = api_string(r, e, path ? path : f->name, 200, err);
		}
		*(const char ***)(base + f->offset) = arr;
		*(size_t *)(base + f->count_offset) = n;
		break;
	}
	case FT_IDS: {
		if (!json_is_array(v) || (f->max_chars && json_array_size(v) > f->max_chars)) {
			sw_field_fail(err, f->name, "must be an array of at most %zu ids", f->max_chars);
			return;
		}
		size_t n = json_array_size(v);
		int64_t *ids = arena_alloc(&r->arena, (n + 1) * sizeof(*ids));
		if (!ids) {
			sw_fail(err, SW_ENOMEM, NULL, "out of memory");
			return;
		}
		for (size_t i = 0; i < n; i++) {
			json_t *e = json_array_get(v, i);
			if (!json_is_integer(e) || json_integer_value(e) < 1) {
				const char *path = api_path(r, f->name, i);
				sw_field_fail(err, path ? path : f->name, "must be an id");
				continue;
			}
			ids[i] = json_integer_value(e);
		}
		*(const int64_t **)(base + f->offset) = ids;
		*(size_t *)(base + f->count_offset) = n;
		break;
	}
	}
	if (f->flag_offset != FIELD_NO_FLAG)
		*(bool *)(base + f->flag_offset) = true;
}

enum sw_err api_decode(struct req *r, json_t *obj, const struct field *fields, size_t nfields, void *out,
		       struct sw_error *err)
{
	const char *key;
	json_t *v;
	bool seen[64] = {false};
	json_object_foreach(obj, key, v)
	{
		const struct field *f = NULL;
		for (size_t i = 0; i < nfields && !f; i++)
			if (strcmp(fields[i].name, key) == 0) {
				f = &fields[i];
				seen[i < 64 ? i : 63] = true;
			}
		if (!f) {
			char path[96];
			snprintf(path, sizeof(path), "%s", utf8_valid(key, strlen(key)) ? key : "?");
			sw_field_fail(err, path, "is not a known field");
			continue;
		}
		decode_one(r, f, v, out, err);
	}
	for (size_t i = 0; i < nfields && i < 64; i++)
		if (fields[i].required && !seen[i])
			sw_field_fail(err, fields[i].name, "is required");
	return err->code;
}

const char *api_schema_nested(const struct api_schema *schema)
{
	return schema->objects ? schema->objects->e.field : schema->nested;
}

/* v, the nested member o describes, into the input struct in. */
static void decode_objects(struct req *r, const struct api_objects *o, json_t *v, void *in, struct sw_error *err)
{
	char *at = in;
	size_t count = 0;
	void *items = api_object_elements(r, v, &o->e, o->noun, o->member, &count, err);
	memcpy(at + o->items_at, &items, sizeof(items));
	memcpy(at + o->count_at, &count, sizeof(count));
	bool set = true;
	memcpy(at + o->set_at, &set, sizeof(set));
}

enum sw_err api_decode_schema(struct req *r, const struct api_schema *schema, json_t *obj, void *out,
			      struct sw_error *err)
{
	memset(out, 0, schema->size);
	const char *member = api_schema_nested(schema);
	json_t *nested = member ? json_object_get(obj, member) : NULL;
	if (nested) {
		json_incref(nested);
		json_object_del(obj, member);
	}
	enum sw_err rc = api_decode(r, obj, schema->fields, schema->count, out, err);
	if (nested && (!rc || rc == SW_EINVALID)) { /* field errors are collected with the nested member's */
		if (schema->decode)
			schema->decode(r, nested, out, err);
		else
			decode_objects(r, schema->objects, nested, out, err);
		rc = err->code;
	}
	json_decref(nested);
	return rc;
}

enum sw_err api_read(struct req *r, const struct api_schema *schema, bool optional, void *out, struct sw_error *err)
{
	json_t *body;
	enum sw_err rc = api_body(r, optional, &body, err);
	if (rc)
		return rc;
	rc = api_decode_schema(r, schema, body, out, err);
	json_decref(body);
	return rc;
}

void *api_elements(struct req *r, json_t *v, const struct api_elements *e, size_t *count, struct sw_error *err)
{
	if (e->object ? !json_is_object(v) : !json_is_array(v)) {
		sw_field_fail(err, e->field, "%s", e->not_detail);
		return NULL;
	}
	size_t n = e->object ? json_object_size(v) : json_array_size(v);
	if (n > e->max) {
		sw_field_fail(err, e->field, "%s", e->many_detail);
		return NULL;
	}
	void *room = arena_alloc(&r->arena, (n + 1) * e->size);
	if (!room) {
		sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		return NULL;
	}
	*count = n;
	return room;
}

void *api_named_values(struct req *r, json_t *obj, const struct api_elements *e, size_t name_at, size_t name_max,
		       int path_chars, const char *noun, api_named_value_fn fn, size_t *count, struct sw_error *err)
{
	char *slots = api_elements(r, obj, e, count, err);
	if (!slots)
		return NULL;
	const char *key;
	json_t *v;
	size_t i = 0;
	json_object_foreach(obj, key, v)
	{
		char at[128];
		snprintf(at, sizeof(at), "%s.%.*s", e->field, path_chars, key);
		char *slot = slots + i++ * e->size;
		memset(slot, 0, e->size);
		*(const char **)(void *)(slot + name_at) = arena_strdup(&r->arena, key);
		if (strlen(key) > name_max)
			sw_field_fail(err, at, "is not %s name", noun);
		else
			fn(r, at, v, slot, err);
	}
	return slots;
}

void *api_object_elements(struct req *r, json_t *arr, const struct api_elements *e, const char *noun,
			  api_object_member_fn fn, size_t *count, struct sw_error *err)
{
	char *slots = api_elements(r, arr, e, count, err);
	for (size_t i = 0; slots && i < *count; i++) {
		json_t *o = json_array_get(arr, i);
		char *slot = slots + i * e->size;
		memset(slot, 0, e->size);
		char path[64];
		snprintf(path, sizeof(path), "%s[%zu]", e->field, i);
		if (!json_is_object(o)) {
			sw_field_fail(err, path, "must be an object");
			continue;
		}
		const char *key;
		json_t *v;
		json_object_foreach(o, key, v)
		{
			char at[128];
			snprintf(at, sizeof(at), "%s.%.40s", path, key);
			if (!fn(r, at, key, v, slot, i, err))
				sw_field_fail(err, at, "is not a member of %s", noun);
		}
	}
	return slots;
}

const char **api_string_array(struct req *r, json_t *v, const char *path, size_t max, size_t max_chars, size_t *count,
			      struct sw_error *err)
{
	if (!json_is_array(v) || json_array_size(v) > max) {
		sw_field_fail(err, path, "must be an array of at most %zu strings", max);
		return NULL;
	}
	size_t n = json_array_size(v);
	const char **out = arena_alloc(&r->arena, (n + 1) * sizeof(*out));
	if (!out) {
		sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		return NULL;
	}
	for (size_t k = 0; k < n; k++) {
		json_t *e = json_array_get(v, k);
		char at[160];
		snprintf(at, sizeof(at), "%s[%zu]", path, k);
		out[k] = json_is_string(e) ? api_string(r, e, at, max_chars, err) : NULL;
		if (!json_is_string(e))
			sw_field_fail(err, at, "must be a string");
	}
	*count = n;
	return out;
}

struct allowed_ctx {
	const char *allowed;
	uint64_t seen; /* by position in allowed */
	struct sw_error *err;
};

/* Every parameter takes one value: a second one (tz=UTC&tz=Europe/Paris)
 * is refused rather than one of them silently winning. */
static bool check_param(void *arg, const char *key, const char *value)
{
	(void)value;
	struct allowed_ctx *a = arg;
	size_t n = strlen(key);
	int at = 0;
	for (const char *p = a->allowed; p && *p; at++) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && strncmp(p, key, n) == 0) {
			uint64_t bit = at < 64 ? UINT64_C(1) << at : 0;
			if (a->seen & bit)
				sw_field_fail(a->err, key, "is given more than once");
			a->seen |= bit;
			return true;
		}
		p += len + (e ? 1 : 0);
	}
	sw_field_fail(a->err, utf8_valid(key, n) && n < 64 ? key : "?", "is not a known query parameter");
	return true;
}

enum sw_err api_query_allowed(struct req *r, const char *allowed, struct sw_error *err)
{
	struct allowed_ctx a = {allowed, 0, err};
	req_query_each(r, check_param, &a);
	if (err->code) {
		err->code = SW_EBADREQ;
		snprintf(err->type, sizeof(err->type), "bad-request");
	}
	return err->code;
}

enum sw_err api_query_int(struct req *r, const char *name, int64_t min, int64_t max, int64_t *out, bool *present,
			  struct sw_error *err)
{
	size_t len = 0;
	const char *v = req_query_n(r, name, &len); /* the decoded length: "5%00x" is not 5 */
	*present = v != NULL;
	if (!v)
		return SW_OK;
	int64_t n;
	if (parse_int64(v, len, min, max, &n))
		return sw_param_fail(err, name, "must be an integer from %lld to %lld", (long long)min, (long long)max);
	*out = n;
	return SW_OK;
}

enum sw_err api_query_str(struct req *r, const char *name, size_t max, const char **out, struct sw_error *err)
{
	size_t n = 0;
	const char *v = req_query_n(r, name, &n);
	*out = NULL;
	if (!v)
		return SW_OK;
	/* utf8_valid refuses a NUL, so "a%00b" is refused rather than cut to "a" */
	if (n == 0 || n > max || !utf8_valid(v, n))
		return sw_param_fail(err, name, "must be valid UTF-8 of 1 to %zu bytes", max);
	*out = v;
	return SW_OK;
}

enum sw_err api_query_known(const char *name, const struct core_values *list, const char *value, struct sw_error *err)
{
	char names[256];
	if (!value || core_value_find(list, value) >= 0)
		return SW_OK;
	return sw_param_fail(err, name, "must be one of %s", core_value_names(list, names, sizeof(names)));
}

enum sw_err api_query_bool(struct req *r, const char *name, int *out, struct sw_error *err)
{
	size_t len = 0;
	const char *v = req_query_n(r, name, &len);
	*out = -1;
	if (!v)
		return SW_OK;
	bool yes = len == 4 && memcmp(v, "true", 4) == 0, no = len == 5 && memcmp(v, "false", 5) == 0;
	if (!yes && !no)
		return sw_param_fail(err, name, "must be true or false");
	*out = yes;
	return SW_OK;
}

enum sw_err api_page(struct req *r, struct page *p, struct sw_error *err)
{
	int64_t limit = LIMIT_PAGE_DEFAULT;
	bool present;
	enum sw_err rc = api_query_int(r, "limit", 1, LIMIT_PAGE_MAX, &limit, &present, err);
	if (rc)
		return rc;
	p->limit = (int)limit;
	return api_query_str(r, "cursor", LIMIT_CURSOR_LEN, &p->cursor, err);
}

enum sw_err api_page_in_state(struct req *r, struct page *p, const char **state, struct sw_error *err)
{
	enum sw_err rc = api_query_allowed(r, "state,limit,cursor", err);
	*state = NULL;
	return rc || (rc = api_page(r, p, err)) ? rc : api_query_str(r, "state", 20, state, err);
}

enum sw_err api_if_match(struct req *r, bool required, int64_t *version, struct sw_error *err)
{
	const char *v = req_header(r, "If-Match");
	*version = 0;
	if (!v) {
		if (required)
			return sw_fail(err, SW_EPRECOND, NULL,
				       "send If-Match with the version you are changing (see the ETag of GET)");
		return SW_OK;
	}
	if (http_parse_version(v, version)) {
		sw_fail(err, SW_EBADREQ, NULL, "If-Match must be a version number");
		return sw_param_fail(err, "If-Match", "must be a version number such as \"3\"");
	}
	return SW_OK;
}

char *api_dump(json_t *root)
{
	char *text = root ? json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	json_decref(root);
	return text;
}

/* Write a jansson value with jsonw rather than json_dumps, whose reals
 * have a fixed 17 digits (99.900000000000006): jsonw_real writes the
 * shortest text that reads back the same.  Members keep jansson's order
 * (insertion). */
void api_jw_value(struct jsonw *w, const json_t *v)
{
	const char *key;
	json_t *member;
	size_t i;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		jsonw_obj_open(w);
		json_object_foreach((json_t *)v, key, member)
		{
			jsonw_key(w, key);
			api_jw_value(w, member);
		}
		jsonw_obj_close(w);
		break;
	case JSON_ARRAY:
		jsonw_arr_open(w);
		json_array_foreach(v, i, member) api_jw_value(w, member);
		jsonw_arr_close(w);
		break;
	case JSON_STRING: jsonw_strn(w, json_string_value(v), json_string_length(v)); break;
	case JSON_INTEGER: jsonw_int(w, (int64_t)json_integer_value(v)); break;
	case JSON_REAL: jsonw_real(w, json_real_value(v)); break;
	case JSON_TRUE: jsonw_bool(w, true); break;
	case JSON_FALSE: jsonw_bool(w, false); break;
	default: jsonw_null(w); break;
	}
}

enum sw_err api_reply(struct req *r, int status, json_t *root, struct sw_error *err)
{
	if (!root)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	struct jsonw w;
	jsonw_init(&w, &b);
	api_jw_value(&w, root);
	json_decref(root);
	return api_jw_reply(r, status, &w, err);
}

/* The envelope is written in one place (api_jw_list_open/close) for both
 * kinds of list answer: the jansson items are written into it. */
enum sw_err api_reply_list(struct req *r, json_t *items, const char *next_cursor, struct sw_error *err)
{
	if (!items)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	struct jsonw w;
	jsonw_init(&w, &b);
	api_jw_list_open(&w);
	api_jw_value(&w, items);
	json_decref(items);
	api_jw_list_close(&w, next_cursor);
	return api_jw_reply(r, 200, &w, err);
}

enum sw_err api_jw_reply_items(struct req *r, const void *items, size_t count, size_t size, api_jw_item_fn write,
			       const char *next_cursor, struct sw_error *err)
{
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	struct jsonw w;
	jsonw_init(&w, &b);
	api_jw_list_open(&w);
	jsonw_arr_open(&w);
	for (size_t i = 0; i < count && !w.err; i++)
		write(&w, r, (const char *)items + i * size);
	jsonw_arr_close(&w);
	api_jw_list_close(&w, next_cursor);
	return api_jw_reply(r, 200, &w, err);
}

void api_jw_list_open(struct jsonw *w)
{
	jsonw_obj_open(w);
	jsonw_key(w, "items");
}

void api_jw_list_close(struct jsonw *w, const char *next_cursor)
{
	jsonw_kstr(w, "next_cursor", next_cursor);
	jsonw_obj_close(w);
}

enum sw_err api_jw_reply(struct req *r, int status, struct jsonw *w, struct sw_error *err)
{
	enum sw_err rc;
	if (w->err == SW_ETOOLARGE)
		rc = sw_fail(err, SW_ETOOLARGE, NULL, "the response is too large");
	else if (w->err == SW_ENOMEM)
		rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	else if (w->err || w->depth)
		rc = sw_fail(err, SW_EINTERNAL, NULL, "unbalanced JSON answer");
	else
		rc = http_reply(r, status, "application/json", buf_cstr(w->out), w->out->len, err);
	buf_release(w->out);
	return rc;
}

void api_jw_ktime(struct jsonw *w, const char *key, int64_t epoch)
{
	jsonw_key(w, key);
	api_jw_time(w, epoch);
}

void api_jw_time(struct jsonw *w, int64_t epoch)
{
	if (!epoch) {
		jsonw_null(w);
		return;
	}
	char s[21];
	time_format_rfc3339(epoch, s);
	jsonw_strn(w, s, strlen(s));
}

void api_jw_strings(struct jsonw *w, const char *const *v, size_t n)
{
	jsonw_arr_open(w);
	for (size_t i = 0; i < n; i++)
		jsonw_str(w, v[i]);
	jsonw_arr_close(w);
}

json_t *api_time(int64_t epoch)
{
	if (!epoch)
		return json_null();
	char s[21];
	time_format_rfc3339(epoch, s);
	return json_string(s);
}

json_t *api_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

enum api_scalar api_scalar_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_NULL: return API_SCALAR_NULL;
	case JSON_STRING: return API_SCALAR_STRING;
	case JSON_INTEGER: return API_SCALAR_INT;
	case JSON_REAL: return API_SCALAR_REAL;
	case JSON_TRUE:
	case JSON_FALSE: return API_SCALAR_BOOL;
	default: return API_SCALAR_OTHER;
	}
}

json_t *api_strings(const char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

/* One member of rec as m says. */
static json_t *member_json(const void *rec, const struct api_member *m)
{
	const char *at = (const char *)rec + m->at;
	const char *s;
	int i;
	int64_t i64;
	switch (m->type) {
	case API_MT_STRING:
		memcpy(&s, at, sizeof(s));
		if (!s && m->show == API_AS_NULL)
			return json_null();
		return json_string(!s && m->show == API_AS_EMPTY ? "" : s);
	case API_MT_INT: memcpy(&i, at, sizeof(i)); return !i && m->show == API_AS_NULL ? json_null() : json_integer(i);
	case API_MT_INT64:
		memcpy(&i64, at, sizeof(i64));
		if (m->show == API_AS_TIME)
			return api_time(i64);
		return !i64 && m->show == API_AS_NULL ? json_null() : json_integer(i64);
	case API_MT_BOOL: return json_boolean(*(const bool *)at);
	case API_MT_STRINGS: {
		const char *const *v;
		size_t n;
		memcpy(&v, at, sizeof(v));
		memcpy(&n, (const char *)rec + m->count_at, sizeof(n));
		return api_strings(v, n);
	}
	case API_MT_VALUE: memcpy(&i, at, sizeof(i)); return json_string(core_value_name(m->values, i));
	case API_MT_CALL: return m->call(rec);
	case API_MT_IDS:
	case API_MT_ARRAY: {
		const char *v;
		size_t n;
		memcpy(&v, at, sizeof(v));
		memcpy(&n, (const char *)rec + m->count_at, sizeof(n));
		json_t *a = json_array();
		for (size_t k = 0; a && k < n; k++)
			json_array_append_new(a, m->type == API_MT_ARRAY
							 ? m->call(v + k * m->size)
							 : json_integer(((const int64_t *)(const void *)v)[k]));
		return a;
	}
	}
	return NULL;
}

void api_members_set(json_t *j, const void *rec, const struct api_member *members, size_t count)
{
	for (size_t i = 0; j && i < count; i++)
		json_object_set_new(j, members[i].name, member_json(rec, &members[i]));
}

void api_jw_members(struct jsonw *w, const void *rec, const struct api_member *members, size_t count)
{
	jsonw_obj_open(w);
	for (size_t i = 0; i < count; i++) {
		json_t *v = member_json(rec, &members[i]);
		if (!v)
			continue; /* left out, as api_members leaves it */
		jsonw_key(w, members[i].name);
		api_jw_value(w, v);
		json_decref(v);
	}
	jsonw_obj_close(w);
}

json_t *api_members(const void *rec, const struct api_member *members, size_t count)
{
	json_t *j = json_object();
	api_members_set(j, rec, members, count);
	return j;
}

json_t *api_members_array(const void *items, size_t count, size_t size, const struct api_member *members, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < count; i++)
		json_array_append_new(a, api_members((const char *)items + i * size, members, n));
	return a;
}

enum sw_err api_reply_history(struct req *r, const struct audit_list *list, struct sw_error *err)
{
	json_t *items = json_array();
	for (size_t i = 0; items && i < list->count; i++) {
		const struct audit_entry *e = &list->items[i];
		json_t *changes = json_loads(e->changes ? e->changes : "{}", 0, NULL);
		size_t had = json_object_size(changes);
		for (const char *const *k = list->hidden_keys; changes && k && *k; k++)
			json_object_del(changes, *k);
		if (had && !json_object_size(changes)) { /* nothing in it the reader may see */
			json_decref(changes);
			continue;
		}
		json_array_append_new(items, json_pack("{s:o, s:o, s:s, s:o}", "at", api_time(e->at), "actor",
						       api_str(e->actor), "action", e->action, "changes",
						       changes ? changes : json_object()));
	}
	return api_reply_list(r, items, list->next_cursor, err);
}

void api_problem_allowed(struct req *r, const char *const *allowed, size_t n)
{
	struct buf b = BUF_INIT(LIMIT_BODY_JSON);
	struct jsonw w;
	jsonw_init(&w, &b);
	api_jw_strings(&w, allowed, n);
	if (!w.err) {
		r->problem_key = "allowed";
		r->problem_json = arena_strndup(&r->arena, b.ptr, b.len);
	}
	buf_release(&b);
}

enum sw_err api_reply_csv(struct req *r, struct buf *out, enum sw_err rc, const char *filename, struct sw_error *err)
{
	if (rc) {
		buf_release(out);
		return sw_fail(err, SW_ETOOLARGE, NULL, "the report is too large: narrow the period");
	}
	http_header(r, "Content-Disposition", arena_printf(&r->arena, "attachment; filename=\"%s\"", filename));
	rc = http_reply(r, 200, "text/csv; charset=utf-8", buf_cstr(out), out->len, err);
	buf_release(out);
	return rc;
}
