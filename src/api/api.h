/*
 * api.h — helpers for the resource files of api/: decoding JSON request
 * bodies through field tables into typed input structs, query parameters,
 * and encoding results.  jansson stays inside api/; core never sees json_t.
 */
#ifndef SW_API_API_H
#define SW_API_API_H

#include <jansson.h>
#include <stddef.h>

#include "base/jsonw.h"
#include "core/model.h"
#include "core/kernel/record.h"
#include "http/http.h"

enum field_type {
	FT_STRING,      /* const char * (null rejected) */
	FT_STRING_NULL, /* const char *, JSON null allowed -> NULL */
	FT_INT,         /* int within [min, max] */
	FT_INT64,       /* int64_t within [min, max] */
	FT_ID_NULL,     /* int64_t id >= 1, or JSON null -> 0 */
	FT_TIME_NULL,   /* RFC 3339 string -> int64_t epoch seconds, or JSON null -> 0 */
	FT_FIXED2,      /* a number with two decimals, as int hundredths within [min, max] (hundredths) */
	FT_BOOL,        /* bool */
	FT_STRINGS,     /* const char ** plus size_t count at count_offset */
};

#define FIELD_NO_FLAG ((size_t)-1)

/* One accepted member of a JSON object.  offset is where the value goes in
 * the input struct; flag_offset (or FIELD_NO_FLAG) a bool set to true when
 * the member was present. */
struct field {
	const char *name;
	enum field_type type;
	size_t max_chars; /* strings: characters; arrays: elements */
	int64_t min, max; /* FT_INT */
	size_t offset;
	size_t flag_offset;
	size_t count_offset; /* FT_STRINGS */
	bool required;       /* missing -> "is required" (domain rules in core may add more) */
};

/* A JSON object accepted by some route: its fields and the size of the
 * input struct they fill.  The route that reads one names it (struct
 * route.input), so api_input_schema lists them all for the fuzz target
 * that feeds outside input to each. */
struct api_schema {
	const char *name;
	const struct field *fields;
	size_t count;
	size_t size;
};

#define API_SCHEMA(name_, fields_, type_)                                                                              \
	{                                                                                                              \
		(name_), (fields_), sizeof(fields_) / sizeof((fields_)[0]), sizeof(type_)                              \
	}

extern const struct api_schema api_schema_login, api_schema_user, api_schema_group, api_schema_incident,
	api_schema_action, api_schema_comment, api_schema_watcher, api_schema_link, api_schema_major, api_schema_rule,
	api_schema_category, api_schema_template, api_schema_calendar, api_schema_sla_policy, api_schema_escalation,
	api_schema_notify_rule, api_schema_notify_template, api_schema_ci_class, api_schema_ci, api_schema_relation,
	api_schema_objective, api_schema_service, api_schema_custom_field, api_schema_mandatory, api_schema_article,
	api_schema_article_action, api_schema_article_rating, api_schema_article_link, api_schema_article_preview;
/* The route table (routes.c): built once, on the first call, from its
 * fixed lines and the routes every ticket kind gets; immutable after.
 * Ticket kinds must be registered before the first call. */
struct route_table api_routes(void);
/* The OpenAPI components of every ticket kind (api_ticket.c), written as
 * members of the document's components.schemas. */
void api_openapi_ticket_schemas(struct jsonw *w);
/* Those of the knowledge base (api_knowledge.c). */
void api_openapi_knowledge_schemas(struct jsonw *w);
/* Every component the application generates (struct app_ops.openapi_schemas). */
void api_openapi_schemas(struct jsonw *w);

/* The i-th distinct input schema of the route table (routes name theirs in
 * struct route.input), NULL past the last: what the fuzzer decodes. */
const struct api_schema *api_input_schema(size_t i);

/* Parse the body as a JSON object.  An empty body gives an empty object
 * when optional, else 400.  Depth, duplicate keys, UTF-8 and NUL are checked. */
enum sw_err api_body(struct req *r, bool optional, json_t **out, struct sw_error *err);
/* Parse the body as any JSON value (same limits as api_body). */
enum sw_err api_body_any(struct req *r, json_t **out, struct sw_error *err);
/* Decode obj through fields into out; unknown members and every type or
 * length failure are reported together.  Strings are copied to the arena. */
enum sw_err api_decode(struct req *r, json_t *obj, const struct field *fields, size_t nfields, void *out,
		       struct sw_error *err);

/* A JSON string at path as a NUL-free copy in the arena of at most
 * max_chars characters (0: no limit); NULL with a field error otherwise. */
const char *api_string(struct req *r, json_t *v, const char *path, size_t max_chars, struct sw_error *err);
/* Like api_read, for a body with one member (nested) that the field table
 * cannot describe: it is taken out before decoding and handed back in
 * *nested_out (NULL when absent; the caller releases it).  Field errors of
 * the rest are left in err for the caller to add its own to (SW_OK). */
enum sw_err api_read_nested(struct req *r, const struct api_schema *schema, const char *nested, json_t **nested_out,
			    void *out, struct sw_error *err);
/* Read the body and decode it through schema into out (zeroed first).
 * With optional, an empty body is an empty object. */
enum sw_err api_read(struct req *r, const struct api_schema *schema, bool optional, void *out, struct sw_error *err);

/* Reject query parameters not in the comma-separated list (400). */
enum sw_err api_query_allowed(struct req *r, const char *allowed, struct sw_error *err);
/* limit and cursor. */
enum sw_err api_page(struct req *r, struct page *p, struct sw_error *err);
/* An integer query parameter in [min,max]; *present false when absent. */
enum sw_err api_query_int(struct req *r, const char *name, int64_t min, int64_t max, int64_t *out, bool *present,
			  struct sw_error *err);
/* A query parameter as valid UTF-8 of at most max bytes, or NULL. */
enum sw_err api_query_str(struct req *r, const char *name, size_t max, const char **out, struct sw_error *err);
/* A boolean query parameter ("true" or "false"): 1, 0, or -1 when absent. */
enum sw_err api_query_bool(struct req *r, const char *name, int *out, struct sw_error *err);
/* Parse If-Match ("3" or "\"3\""); SW_EPRECOND when required and absent. */
enum sw_err api_if_match(struct req *r, bool required, int64_t *version, struct sw_error *err);

/* root as compact JSON text, non-ASCII escaped (malloc'ed: free() it);
 * the reference to root is released.  NULL when out of memory (or root
 * is NULL). */
char *api_dump(json_t *root);
/* Send root (reference stolen) as JSON with status. */
enum sw_err api_reply(struct req *r, int status, json_t *root, struct sw_error *err);
/* {"items": items, "next_cursor": cursor} (items stolen). */
enum sw_err api_reply_list(struct req *r, json_t *items, const char *next_cursor, struct sw_error *err);
/* RFC 3339 string, or null for 0. */
json_t *api_time(int64_t epoch);
/* string or null */
json_t *api_str(const char *s);
json_t *api_strings(const char *const *v, size_t n);
/* Build a field path like "watchers[2]" in the arena. */
const char *api_path(struct req *r, const char *field, size_t index);

/* The same answers written straight into a buffer with base/jsonw.h, for
 * the hot ones (incidents), where building the jansson tree and writing it
 * cost more than the queries.  Output is what the json_t helpers above
 * give, byte for byte: api_reply writes jansson trees with jsonw too. */
/* A jansson value (borrowed) into w; reals in their shortest exact form. */
void api_jw_value(struct jsonw *w, const json_t *v);
/* key: RFC 3339 string, or null for 0 (api_time). */
void api_jw_ktime(struct jsonw *w, const char *key, int64_t epoch);
/* An array of strings (api_strings). */
void api_jw_strings(struct jsonw *w, const char *const *v, size_t n);
/* The list envelope of api_reply_list: open writes up to the items, which
 * the caller writes as one array; close adds next_cursor and ends it. */
void api_jw_list_open(struct jsonw *w);
void api_jw_list_close(struct jsonw *w, const char *next_cursor);
/* Send what w wrote into its buffer as JSON with status, or fail with w's
 * error; either way the buffer is released. */
enum sw_err api_jw_reply(struct req *r, int status, struct jsonw *w, struct sw_error *err);

/* An encoder of one record as a JSON object (NULL when out of memory). */
typedef json_t *(*api_json_fn)(const void *rec);
/* api_reply_list of json(each of count records of size bytes at items). */
enum sw_err api_reply_items(struct req *r, const void *items, size_t count, size_t size, api_json_fn json,
			    const char *next_cursor, struct sw_error *err);
/* The {id} path parameter: 404 "no <what> '<text>'" when it is not an id. */
enum sw_err api_id_param(struct req *r, const char *what, int64_t *id, struct sw_error *err);

/* A resource that is a record kind of core/kernel/record.h (api_record.c):
 * POST to path creates one (201, Location path/<name or id>), PATCH and
 * GET on path/{name} (or path/{id}) change and read one, each answered
 * with json of the record.  Input and record live in the request arena. */
struct api_record {
	const struct record_kind *kind;
	const struct api_schema *schema; /* the body and the size of the input struct */
	/* Decode a body with members the field table cannot describe into
	 * in (zeroed first); NULL: api_read through schema. */
	enum sw_err (*read)(struct req *r, void *in, struct sw_error *err);
	api_json_fn json;
	const char *path;       /* "/api/v1/assignment-rules" */
	const char *name_param; /* the path parameter naming one; NULL: "name" */
	const char *id_noun;    /* kinds named by {id}: "objective" for 404 "no objective 'x'"; NULL: by name */
};
enum sw_err api_record_create(struct req *r, const struct api_record *res, struct sw_error *err);
enum sw_err api_record_update(struct req *r, const struct api_record *res, struct sw_error *err);
enum sw_err api_record_get(struct req *r, const struct api_record *res, struct sw_error *err);

/* {"items": [{"at","actor","action","changes"}], "next_cursor": null} */
enum sw_err api_reply_history(struct req *r, const struct audit_list *list, struct sw_error *err);

/* resource encoders shared between files */
json_t *api_user_json(const struct user *u);
/* An attachment's metadata (Attachment), of a ticket or an article. */
json_t *api_attachment_json(const struct attachment *a);
/* An attachment's bytes as the answer: its sniffed media type, a
 * download name, its SHA-256 (api_ticket.c). */
enum sw_err api_reply_attachment(struct req *r, const struct attachment *a, struct sw_error *err);
/* With a 409 illegal-transition: the actions allowed now, as the
 * problem's "allowed" member. */
void api_problem_allowed(struct req *r, const char *const *allowed, size_t n);

#endif
