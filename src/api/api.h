/*
 * api.h — helpers for the resource files of api/: decoding JSON request
 * bodies through field tables into typed input structs, query parameters,
 * and encoding results.  jansson stays inside api/; core never sees json_t.
 */
#ifndef SW_API_API_H
#define SW_API_API_H

#include <jansson.h>
#include <stddef.h>

#include "base/each.h"
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
	FT_NUMBER,      /* double within [min, max] */
	FT_BOOL,        /* bool */
	FT_STRINGS,     /* const char ** plus size_t count at count_offset */
	FT_IDS,         /* const int64_t * ids >= 1 plus size_t count at count_offset */
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

/* Entries of a field table, in_ the input struct type they fill.  FIELD:
 * member_ of type_ (strings: at most max_ characters), flag_ set when
 * present.  FIELD_PLAIN: the same without a flag; required_: missing is
 * "is required".  FIELD_RANGE: a number member_ within [min_, max_].
 * FIELD_STRINGS: at most max_ strings into member_, how many into count_. */
#define FIELD(in_, name_, type_, max_, member_, flag_)                                                                 \
	{                                                                                                              \
		(name_), (type_), (max_), 0, 0, offsetof(in_, member_), offsetof(in_, flag_), 0, false                 \
	}
#define FIELD_PLAIN(in_, name_, type_, max_, member_, required_)                                                       \
	{                                                                                                              \
		(name_), (type_), (max_), 0, 0, offsetof(in_, member_), FIELD_NO_FLAG, 0, (required_)                  \
	}
#define FIELD_RANGE(in_, name_, type_, min_, max_, member_, flag_)                                                     \
	{                                                                                                              \
		(name_), (type_), 0, (min_), (max_), offsetof(in_, member_), offsetof(in_, flag_), 0, false            \
	}
/* FIELD_PLAIN of a number within [min_, max_], and of at most max_
 * strings into member_ (how many into count_): members without a flag. */
#define FIELD_PLAIN_RANGE(in_, name_, type_, min_, max_, member_, required_)                                           \
	{                                                                                                              \
		(name_), (type_), 0, (min_), (max_), offsetof(in_, member_), FIELD_NO_FLAG, 0, (required_)             \
	}
#define FIELD_PLAIN_STRINGS(in_, name_, max_, member_, count_)                                                         \
	{                                                                                                              \
		(name_), FT_STRINGS, (max_), 0, 0, offsetof(in_, member_), FIELD_NO_FLAG, offsetof(in_, count_), false \
	}
/* The position (type_, from min_ to max_) and active flag of an ordered
 * record that can be switched off, each with its set_ flag. */
#define FIELDS_ORDERED(in_, type_, min_, max_)                                                                         \
	FIELD_RANGE(in_, "position", type_, min_, max_, position, set_position),                                       \
		FIELD(in_, "active", FT_BOOL, 0, active, set_active)
/* FIELD_PLAIN entries of in_'s optional strings (FT_STRING) from one
 * list of (member, at most so many characters) pairs, each named as its
 * member; FIELDS_TEXT_REQUIRED, of strings that are required. */
#define FIELDS_TEXT(in_, ...) EACH(FIELD_TEXT_, in_, false, __VA_ARGS__)
#define FIELDS_TEXT_REQUIRED(in_, ...) EACH(FIELD_TEXT_, in_, true, __VA_ARGS__)
#define FIELD_TEXT_(in_, required_, pair_) FIELD_CALL_(FIELD_TEXT2_, in_, required_, FIELD_UNPAREN_ pair_)
#define FIELD_TEXT2_(in_, required_, member_, max_) FIELD_PLAIN(in_, #member_, FT_STRING, max_, member_, required_)
#define FIELD_UNPAREN_(...) __VA_ARGS__
#define FIELD_CALL_(m_, ...) m_(__VA_ARGS__)
#define FIELD_IDS(in_, name_, max_, member_, count_, flag_)                                                            \
	{                                                                                                              \
		(name_), FT_IDS, (max_), 0, 0, offsetof(in_, member_), offsetof(in_, flag_), offsetof(in_, count_),    \
			false                                                                                          \
	}
#define FIELD_STRINGS(in_, name_, max_, member_, count_, flag_)                                                        \
	{                                                                                                              \
		(name_), FT_STRINGS, (max_), 0, 0, offsetof(in_, member_), offsetof(in_, flag_),                       \
			offsetof(in_, count_), false                                                                   \
	}

/* A JSON object accepted by some route: its fields and the size of the
 * input struct they fill, and at most one member the field table cannot
 * describe (nested JSON: a class's attribute definitions), which api_read
 * takes out before decoding the fields and hands, when present, to decode
 * (field errors of both are reported together).  The route that reads
 * one names it (struct route.input), so api_input_schema lists them all
 * for the fuzz target that feeds outside input to each. */
struct api_schema {
	const char *name;
	const struct field *fields;
	size_t count;
	size_t size;
	const char *nested; /* or NULL (see api_schema_nested) */
	/* v, the nested member, into in (the input struct): field errors are
	 * added to err, other failures set it too. */
	void (*decode)(struct req *r, json_t *v, void *in, struct sw_error *err);
	/* or, the nested member an array of objects decoded as data says
	 * (API_OBJECTS), when decode is NULL */
	const struct api_objects *objects;
};

#define API_SCHEMA(name_, fields_, type_) API_SCHEMA_NESTED(name_, fields_, type_, NULL, NULL)
#define API_SCHEMA_NESTED(name_, fields_, type_, nested_, decode_)                                                     \
	{                                                                                                              \
		(name_), (fields_), sizeof(fields_) / sizeof((fields_)[0]), sizeof(type_), (nested_), (decode_), NULL  \
	}

/* A schema_ (API_SCHEMA, named name_) and its field table, the rest of
 * the arguments, declared at once: what the table is for is said once. */
#define API_INPUT(schema_, name_, type_, ...)                                                                          \
	static const struct field schema_##_fields[] = {__VA_ARGS__};                                                  \
	const struct api_schema schema_ = API_SCHEMA((name_), schema_##_fields, type_)

/* A body of one string member (a reason, a comment, a login), read into
 * a struct api_text by the schema_ (named name_) API_TEXT_INPUT declares:
 * member_ a FIELD_PLAIN of type_ (FT_STRING or FT_STRING_NULL) of at most
 * max_ characters. */
struct api_text {
	const char *text;
};
#define API_TEXT_INPUT(schema_, name_, member_, type_, max_, required_)                                                \
	API_INPUT(schema_, name_, struct api_text,                                                                     \
		  FIELD_PLAIN(struct api_text, (member_), (type_), (max_), text, (required_)))

extern const struct api_schema api_schema_login, api_schema_user, api_schema_group, api_schema_incident,
	api_schema_action, api_schema_comment, api_schema_watcher, api_schema_link, api_schema_major, api_schema_rule,
	api_schema_category, api_schema_template, api_schema_calendar, api_schema_sla_policy, api_schema_escalation,
	api_schema_notify_rule, api_schema_notify_template, api_schema_ci_class, api_schema_ci, api_schema_relation,
	api_schema_objective, api_schema_service, api_schema_custom_field, api_schema_mandatory,
	api_schema_problem_incidents, api_schema_workaround, api_schema_cause_category, api_schema_article,
	api_schema_article_action, api_schema_article_rating, api_schema_article_link, api_schema_article_preview,
	api_schema_approval_policy, api_schema_approval_request, api_schema_decision, api_schema_delegation,
	api_schema_change_window, api_schema_feed_token, api_schema_token, api_schema_agreement,
	api_schema_breach_reason;
extern const struct api_schema api_schema_change_template, api_schema_change_ci_update; /* api_change.c */
extern const struct api_schema api_schema_risk_settings;                                /* api_risk.c */
extern const struct api_schema api_schema_release_changes;                              /* api_release.c */
extern const struct api_schema api_schema_mailbox;                                      /* api_mail.c */
extern const struct api_schema api_schema_webhook;                                      /* api_webhook.c */
extern const struct api_schema api_schema_event_source, api_schema_alert_rule, api_schema_alert_link; /* api_alert.c */
extern const struct api_schema api_schema_status_service, api_schema_status_update;                   /* api_status.c */
extern const struct api_schema api_schema_survey_settings, api_schema_survey_answer;                  /* api_survey.c */
extern const struct api_schema api_schema_improvement_plan; /* api_improvement.c */
extern const struct api_schema api_schema_article_template; /* api_article_template.c */
/* A ticket answer (api_ticket.c): one ticket, with its version as the
 * ETag (and Location for a 201), or a page of them; what each shows
 * follows the field table and the caller. */
enum sw_err api_reply_ticket(struct req *r, int status, const struct ticket *t, struct sw_error *err);
enum sw_err api_reply_tickets(struct req *r, const struct ticket_list *list, struct sw_error *err);
/* GET /api/v1/export/<kind path>: the kind's tickets the query's list
 * filters select, as CSV or a JSON array (api_ticket.c). */
enum sw_err api_ticket_export(struct req *r, const struct ticket_kind *k, bool csv, struct sw_error *err);
enum sw_err api_ticket_breakdown(struct req *r, struct sw_error *err);
enum sw_err api_ticket_sla_report(struct req *r, struct sw_error *err);
/* The route table (routes.c): built once, on the first call, from its
 * fixed lines and the routes every ticket kind gets; immutable after.
 * Ticket kinds must be registered before the first call. */
struct route_table api_routes(void);
/* The parts of the OpenAPI components the application generates, in the
 * document's order, each written by api_openapi_<part>_schemas as members
 * of components.schemas: those of every ticket kind (api_ticket.c);
 * NotificationRuleInput, its events written from notify_event_name, so an
 * event added to core is in the document with nothing else to edit
 * (api_notify.c); those beyond the kinds' of changes (api_change.c) and
 * releases (api_release.c); the agreements' (api_sla.c); the toolkits'
 * (toolkit.c); the uploads before a request (api_alink.c); the others
 * those of api_<part>.c. */
/* clang-format off */
#define API_OPENAPI_PARTS(X)                                                                                           \
	X(ticket) X(notify) X(knowledge) X(approval) X(change) X(schedule) X(catalog) X(mail) X(alert) X(status)       \
	X(risk) X(toolkit) X(release) X(survey) X(improvement) X(agreement) X(kpi) X(article_template) X(alink)     \
	X(webhook)
/* clang-format on */
#define API_OPENAPI_PART_(part_) void api_openapi_##part_##_schemas(struct jsonw *w);
API_OPENAPI_PARTS(API_OPENAPI_PART_)
#undef API_OPENAPI_PART_
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
/* What a schema's nested member must be: a JSON array (or an object of
 * named values, object) of at most max elements, each taking size bytes
 * decoded; the field errors when it is not (not_detail) and when it has
 * more (many_detail), at field. */
struct api_elements {
	const char *field; /* "attributes" */
	bool object;
	size_t max, size;
	const char *not_detail, *many_detail;
};
#define API_ELEMENTS(field_, object_, max_, type_, not_detail_, many_detail_)                                          \
	{                                                                                                              \
		(field_), (object_), (max_), sizeof(type_), (not_detail_), (many_detail_)                              \
	}
/* Zeroed arena room for the elements of v (and one more) and their number
 * in *count, when v is what e says; NULL after e's field error, or with
 * SW_ENOMEM. */
void *api_elements(struct req *r, json_t *v, const struct api_elements *e, size_t *count, struct sw_error *err);
/* A JSON object of named values (a ticket's custom values, a CI's
 * attributes) decoded into api_elements' slots: each slot zeroed, its
 * name (a const char * at name_at) copied; a name longer than name_max is
 * a field error "<e->field>.<name>" (the name cut at path_chars): "is not
 * <noun> name", else fn decodes the value for that path.  NULL (err set)
 * as api_elements. */
typedef void (*api_named_value_fn)(struct req *r, const char *at, json_t *v, void *slot, struct sw_error *err);
void *api_named_values(struct req *r, json_t *obj, const struct api_elements *e, size_t name_at, size_t name_max,
		       int path_chars, const char *noun, api_named_value_fn fn, size_t *count, struct sw_error *err);
/* A JSON array of objects (a policy's steps, a class's attribute
 * definitions) decoded into api_elements' slots: each slot zeroed; an
 * element that is not an object is the field error "<e->field>[i]: must
 * be an object"; each member of one is handed to fn with its path
 * ("<e->field>[i].<key>", the key cut at 40 characters) and the
 * element's index i, and one fn does
 * not take (false) is "is not a member of <noun>".  NULL (err set) as
 * api_elements. */
typedef bool (*api_object_member_fn)(struct req *r, const char *at, const char *key, json_t *v, void *slot,
				     size_t index, struct sw_error *err);
void *api_object_elements(struct req *r, json_t *arr, const struct api_elements *e, const char *noun,
			  api_object_member_fn fn, size_t *count, struct sw_error *err);
/* A JSON array of at most max strings of at most max_chars characters each
 * at path, copied into the arena (*count of them); NULL with field errors
 * ("<path>" when it is not such an array, "<path>[k]" for an element that
 * is not a string). */
const char **api_string_array(struct req *r, json_t *v, const char *path, size_t max, size_t max_chars, size_t *count,
			      struct sw_error *err);
/* A schema's nested member that is an array of objects (a plan's tasks,
 * a policy's steps), decoded as data: the elements e (e.field the member)
 * by api_object_elements with noun and member into the input struct's
 * pointer at items_at and size_t at count_at, its bool at set_at set.
 * API_OBJECTS declares one, var_, of the input struct in_type_, at most
 * max_ elements of elem_type_ ("must be an array of <plural_>"); a schema
 * (API_SCHEMA_OBJECTS) reads fields_ and it. */
struct api_objects {
	struct api_elements e;
	const char *noun;
	api_object_member_fn member;
	size_t items_at, count_at, set_at;
};
#define API_OBJECTS(var_, in_type_, field_, max_, elem_type_, noun_, plural_, member_, items_, count_, set_)           \
	static const struct api_objects var_ = {API_ELEMENTS((field_), false, (max_), elem_type_,                      \
							     "must be an array of " plural_,                           \
							     "must list at most " API_STR(max_) " " plural_),          \
						(noun_),                                                               \
						(member_),                                                             \
						offsetof(in_type_, items_),                                            \
						offsetof(in_type_, count_),                                            \
						offsetof(in_type_, set_)}
/* The signature of an api_object_member_fn, fn_ (its index i may go unused). */
#define API_OBJECT_MEMBER(fn_)                                                                                         \
	static bool fn_(struct req *r, const char *at, const char *key, json_t *v, void *slot,                         \
			__attribute__((unused)) size_t i, struct sw_error *err)
#define API_SCHEMA_OBJECTS(name_, fields_, type_, objects_)                                                            \
	{                                                                                                              \
		(name_), (fields_), sizeof(fields_) / sizeof((fields_)[0]), sizeof(type_), NULL, NULL, &(objects_)     \
	}
/* The nested member schema reads apart from its fields (its objects'
 * member), or NULL. */
const char *api_schema_nested(const struct api_schema *schema);
/* A constant's value as a string literal, for messages built at compile time. */
#define API_STR(x) API_STR_(x)
#define API_STR_(x) #x
/* Read the body and decode it through schema into out (zeroed first),
 * its nested member too.  With optional, an empty body is an empty object. */
enum sw_err api_read(struct req *r, const struct api_schema *schema, bool optional, void *out, struct sw_error *err);
/* The same of obj, a JSON object (borrowed; its nested member is taken
 * out of it), rather than the body. */
enum sw_err api_decode_schema(struct req *r, const struct api_schema *schema, json_t *obj, void *out,
			      struct sw_error *err);

/* Reject query parameters not in the comma-separated list (400). */
enum sw_err api_query_allowed(struct req *r, const char *allowed, struct sw_error *err);
/* limit and cursor. */
enum sw_err api_page(struct req *r, struct page *p, struct sw_error *err);
/* The query of an outbox's list (state, limit and cursor; nothing else):
 * *state NULL when absent. */
enum sw_err api_page_in_state(struct req *r, struct page *p, const char **state, struct sw_error *err);
/* An integer query parameter in [min,max]; *present false when absent. */
enum sw_err api_query_int(struct req *r, const char *name, int64_t min, int64_t max, int64_t *out, bool *present,
			  struct sw_error *err);
/* A query parameter as valid UTF-8 of at most max bytes, or NULL. */
enum sw_err api_query_str(struct req *r, const char *name, size_t max, const char **out, struct sw_error *err);
/* Query parameter name, read as value (NULL when absent), names a value
 * of list: else 400 "must be one of <its names>". */
enum sw_err api_query_known(const char *name, const struct core_values *list, const char *value, struct sw_error *err);
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
/* Send j (reference stolen), a record just made, 201 with its Location
 * <collection>/<id>. */
enum sw_err api_reply_created(struct req *r, const char *collection, int64_t id, json_t *j, struct sw_error *err);
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
void api_jw_time(struct jsonw *w, int64_t epoch); /* the same value without its key */
/* An array of strings (api_strings). */
void api_jw_strings(struct jsonw *w, const char *const *v, size_t n);
/* The list envelope of api_reply_list: open writes up to the items, which
 * the caller writes as one array; close adds next_cursor and ends it. */
void api_jw_list_open(struct jsonw *w);
/* A list answer written straight into its buffer: write puts each of
 * count items (size bytes apart) into w for request r. */
typedef void (*api_jw_item_fn)(struct jsonw *w, struct req *r, const void *item);
enum sw_err api_jw_reply_items(struct req *r, const void *items, size_t count, size_t size, api_jw_item_fn write,
			       const char *next_cursor, struct sw_error *err);
void api_jw_list_close(struct jsonw *w, const char *next_cursor);
/* Send what w wrote into its buffer as JSON with status, or fail with w's
 * error; either way the buffer is released. */
enum sw_err api_jw_reply(struct req *r, int status, struct jsonw *w, struct sw_error *err);

/*
 * A record struct's members as an answer shows them, listed once in the
 * answer's order and written by api_members.  API_MEMBER takes how to
 * write a member from its C type (a const char * as a string, an int or
 * int64_t as an integer, a bool as a boolean: a member of another type
 * does not compile) and what stands for nothing from show; a value of a
 * list is API_MEMBER_VALUE.  A member made from the whole record (nested
 * JSON, a value computed) is API_MEMBER_CALL.
 */
enum api_member_type {
	API_MT_STRING,
	API_MT_INT,
	API_MT_INT64,
	API_MT_BOOL,
	API_MT_STRINGS,
	API_MT_VALUE,
	API_MT_CALL,
	API_MT_IDS,
	API_MT_ARRAY
};
enum api_show {
	API_AS_IS,    /* as it is (a NULL string leaves the member out, as json_string does) */
	API_AS_NULL,  /* a NULL string, or a number 0, as null */
	API_AS_EMPTY, /* a NULL string as "" */
	API_AS_TIME,  /* int64_t epoch seconds as an RFC 3339 string, 0 as null (api_time) */
};
struct api_member {
	const char *name;
	enum api_member_type type;
	enum api_show show;
	size_t at, count_at;              /* offsetof the member (and of an array's size_t count) */
	const struct core_values *values; /* API_MT_VALUE: the list naming it */
	json_t *(*call)(const void *rec); /* API_MT_CALL; API_MT_ARRAY: of each element */
	size_t size;                      /* API_MT_ARRAY: of an element */
};
/* clang-format off */
#define API_MEMBER(T, name_, member_, show_)                                                                           \
	{.name = (name_),                                                                                              \
	 .type = _Generic(((T *)0)->member_, const char *: API_MT_STRING, int: API_MT_INT, int64_t: API_MT_INT64,      \
			  bool: API_MT_BOOL),                                                                          \
	 .show = (show_), .at = offsetof(T, member_)}
/* An array of strings and its count. */
#define API_MEMBER_STRINGS(T, name_, member_, count_)                                                                  \
	{.name = (name_), .type = _Generic(((T *)0)->member_, const char **: API_MT_STRINGS),                         \
	 .at = offsetof(T, member_), .count_at = _Generic(((T *)0)->count_, size_t: offsetof(T, count_))}
/* A value of a list (core.h), by its name. */
#define API_MEMBER_VALUE(T, name_, member_, list_)                                                                     \
	{.name = (name_), .type = API_MT_VALUE, .at = CORE_VALUE_AT(T, member_), .values = &(list_)}
#define API_MEMBER_CALL(name_, call_) {.name = (name_), .type = API_MT_CALL, .call = (call_)}
/* An array of ids (int64_t) and its count, as integers. */
#define API_MEMBER_IDS(T, name_, member_, count_)                                                                      \
	{.name = (name_), .type = _Generic(((T *)0)->member_, const int64_t *: API_MT_IDS, int64_t *: API_MT_IDS),    \
	 .at = offsetof(T, member_), .count_at = _Generic(((T *)0)->count_, size_t: offsetof(T, count_))}
/* An array of records and its count, each written by json_ (an api_json_fn). */
#define API_MEMBER_ARRAY(T, name_, member_, count_, json_)                                                             \
	{.name = (name_), .type = API_MT_ARRAY, .at = offsetof(T, member_),                                            \
	 .count_at = _Generic(((T *)0)->count_, size_t: offsetof(T, count_)), .call = (json_),                          \
	 .size = sizeof(*((T *)0)->member_)}
/* clang-format on */
/* API_MEMBER of each member named, the answer calling it by its name in
 * the struct (base/each.h). */
#define API_EACH(T, show_, ...) EACH(API_MEMBER_SELF_, T, show_, __VA_ARGS__)
#define API_MEMBER_SELF_(T, show_, member_) API_MEMBER(T, #member_, member_, show_)
/* created_at and updated_at, as every record shows them. */
#define API_TIMES(T) API_EACH(T, API_AS_TIME, created_at, updated_at)
/* rec's members as a new JSON object (NULL when out of memory), or added
 * to j. */
json_t *api_members(const void *rec, const struct api_member *members, size_t count);
void api_members_set(json_t *j, const void *rec, const struct api_member *members, size_t count);
#define API_MEMBERS(rec_, table_) api_members((rec_), (table_), sizeof(table_) / sizeof((table_)[0]))
/* count records of size bytes at items, each written by members, as a JSON array. */
json_t *api_members_array(const void *items, size_t count, size_t size, const struct api_member *members, size_t n);
#define API_MEMBERS_ARRAY(items_, count_, table_)                                                                      \
	api_members_array((items_), (count_), sizeof(*(items_)), (table_), sizeof(table_) / sizeof((table_)[0]))
/* The same object written into w (the answers written as a stream). */
void api_jw_members(struct jsonw *w, const void *rec, const struct api_member *members, size_t count);

/* What a client gave where a scalar goes, by JSON type: a table indexed
 * by it turns it into one of core's tagged values (a CI attribute's, a
 * custom field's). */
enum api_scalar {
	API_SCALAR_NULL,
	API_SCALAR_STRING,
	API_SCALAR_INT,
	API_SCALAR_REAL,
	API_SCALAR_BOOL,
	API_SCALAR_OTHER, /* an object or an array */
	API_SCALAR__COUNT
};
enum api_scalar api_scalar_of(const json_t *v);

/* An encoder of one record as a JSON object (NULL when out of memory). */
typedef json_t *(*api_json_fn)(const void *rec);
/* api_reply_list of json(each of count records of size bytes at items). */
enum sw_err api_reply_items(struct req *r, const void *items, size_t count, size_t size, api_json_fn json,
			    const char *next_cursor, struct sw_error *err);
/* The {id} path parameter: 404 "no <what> '<text>'" when it is not an id. */
enum sw_err api_id_param(struct req *r, const char *what, int64_t *id, struct sw_error *err);
/* The handler of a GET of what the {id} parameter names (404 "no <what_>
 * '<text>'" when it is not an id): call_(ctx, id, &rec, err) reads it
 * into a type_, and reply_(r, &rec, err) answers with it. */
#define API_GET_BY_ID(handler_, what_, type_, call_, reply_)                                                           \
	enum sw_err handler_(struct req *r, struct sw_error *err)                                                      \
	{                                                                                                              \
		int64_t id;                                                                                            \
		type_ rec;                                                                                             \
		enum sw_err rc;                                                                                        \
		if ((rc = api_id_param(r, (what_), &id, err)) || (rc = call_(&r->ctx, id, &rec, err)))                 \
			return rc;                                                                                     \
		return reply_(r, &rec, err);                                                                           \
	}
/* clang-format off */
/* The handler of a request whose body, read through schema_ (optional_:
 * an empty body is an empty object) into an in_type_, is applied by
 * call_(ctx, <key>, &in, &out, err) to an out_type_ answered with
 * reply_(r, status_, &out, err), or by API_APPLY_JSON with
 * api_reply(r, status_, json_(&out), err).  <key> is the path parameter
 * param_ (API_APPLY*), or nothing: a call of in alone (API_WRITE*). */
#define API_APPLY(handler_, schema_, optional_, in_type_, param_, call_, out_type_, status_, reply_)                   \
	API_BODY_HANDLER_(handler_, schema_, optional_, in_type_, API_KEY_(param_), call_, out_type_,                   \
			  reply_(r, (status_), &out, err))
#define API_APPLY_JSON(handler_, schema_, in_type_, param_, call_, out_type_, status_, json_)                          \
	API_BODY_HANDLER_(handler_, schema_, false, in_type_, API_KEY_(param_), call_, out_type_,                      \
			  api_reply(r, (status_), json_(&out), err))
#define API_WRITE(handler_, schema_, in_type_, call_, out_type_, status_, reply_)                                      \
	API_BODY_HANDLER_(handler_, schema_, false, in_type_, , call_, out_type_, reply_(r, (status_), &out, err))
#define API_WRITE_JSON(handler_, schema_, in_type_, call_, out_type_, status_, json_)                                 \
	API_BODY_HANDLER_(handler_, schema_, false, in_type_, , call_, out_type_,                                      \
			  api_reply(r, (status_), json_(&out), err))
#define API_KEY_(param_) req_param(r, (param_)),
#define API_BODY_HANDLER_(handler_, schema_, optional_, in_type_, key_, call_, out_type_, answer_)                     \
	enum sw_err handler_(struct req *r, struct sw_error *err)                                                      \
	{                                                                                                              \
		in_type_ in;                                                                                           \
		out_type_ out;                                                                                         \
		enum sw_err rc;                                                                                        \
		if ((rc = api_read(r, &(schema_), (optional_), &in, err)) ||                                           \
		    (rc = call_(&r->ctx, key_ &in, &out, err)))                                                        \
			return rc;                                                                                     \
		return answer_;                                                                                        \
	}
/* The handler of a GET of what belongs to what the path parameter param_
 * names: call_(ctx, req_param(r, param_), &list, err) reads a list_type_,
 * answered with reply_(r, &list, err), or by API_LIST_OF_JSON as an
 * api_reply_items of json_ of each of list.items (one page, the last). */
#define API_LIST_OF(handler_, param_, list_type_, call_, reply_)                                                       \
	API_LIST_OF_(handler_, param_, list_type_, call_, reply_(r, &list, err))
#define API_LIST_OF_JSON(handler_, param_, list_type_, call_, json_)                                                   \
	API_LIST_OF_(handler_, param_, list_type_, call_,                                                              \
		     api_reply_items(r, list.items, list.count, sizeof(*list.items), (json_), NULL, err))
#define API_LIST_OF_(handler_, param_, list_type_, call_, answer_)                                                     \
	enum sw_err handler_(struct req *r, struct sw_error *err)                                                      \
	{                                                                                                              \
		list_type_ list = {0};                                                                                 \
		enum sw_err rc = call_(&r->ctx, req_param(r, (param_)), &list, err);                                   \
		return rc ? rc : answer_;                                                                              \
	}
/* The same of a page of them, limit and cursor the only query
 * parameters: call_(ctx, req_param(r, param_), &page, &list, err). */
#define API_PAGE_OF(handler_, param_, list_type_, call_, reply_)                                                       \
	enum sw_err handler_(struct req *r, struct sw_error *err)                                                      \
	{                                                                                                              \
		struct page p;                                                                                         \
		list_type_ list = {0};                                                                                \
		enum sw_err rc;                                                                                        \
		if ((rc = api_query_allowed(r, "limit,cursor", err)) || (rc = api_page(r, &p, err)) ||                \
		    (rc = call_(&r->ctx, req_param(r, (param_)), &p, &list, err)))                                     \
			return rc;                                                                                     \
		return reply_(r, &list, err);                                                                          \
	}
/* A body naming records, {"<member_>": ["<name>", …]} (at most max_):
 * schema_ (named name_) reads it into a struct api_names.  The handler
 * API_LINK_NAMES defines links them to the ticket the path's {number}
 * names, call_(ctx, number, names, count, &ticket, err), answered with
 * the ticket (a problem's incidents, a release's changes). */
struct api_names {
	const char **names;
	size_t count;
	bool given;
};
#define API_NAMES_SCHEMA(schema_, name_, member_, max_)                                                                \
	static const struct field schema_##_fields_[] = {                                                              \
		FIELD_STRINGS(struct api_names, (member_), (max_), names, count, given),                               \
	};                                                                                                             \
	const struct api_schema schema_ = API_SCHEMA((name_), schema_##_fields_, struct api_names)
#define API_LINK_NAMES(handler_, schema_, call_)                                                                       \
	enum sw_err handler_(struct req *r, struct sw_error *err)                                                      \
	{                                                                                                              \
		struct api_names in;                                                                                   \
		struct ticket t;                                                                                       \
		enum sw_err rc;                                                                                        \
		if ((rc = api_read(r, &(schema_), false, &in, err)) ||                                                 \
		    (rc = call_(&r->ctx, req_param(r, "number"), in.names, in.count, &t, err)))                        \
			return rc;                                                                                     \
		return api_reply_ticket(r, 200, &t, err);                                                              \
	}
/* clang-format on */
/* A request that does one thing to what the {id} parameter names (removes
 * it, marks it): fn with the id, answered 204. */
enum sw_err api_id_call(struct req *r, const char *what,
			enum sw_err (*fn)(struct ctx *c, int64_t id, struct sw_error *err), struct sw_error *err);

/* What a list hook hands back: count records of the resource's record
 * struct at items (in the arena), and where the next page starts (NULL:
 * the last one). */
struct api_items {
	const void *items;
	size_t count;
	const char *next_cursor;
};

/* A resource core serves with calls of its own rather than as a record
 * kind (users, groups): how api_record.c reaches it. */
struct api_calls {
	size_t size;       /* of the record struct */
	size_t key_at;     /* offsetof its const char * key, the last segment of its path */
	const char *param; /* the path parameter naming one: "login" */
	/* Read the record key names into out (in NULL), create one from in
	 * (key NULL), or change the one key names. */
	enum sw_err (*call)(struct ctx *c, const char *key, const void *in, void *out, struct sw_error *err);
};
/* Static var_, the calls of records of type_ keyed by its member key_
 * (the path parameter param_), and the call that reaches core's get_
 * (ctx, key, out, err), create_ (ctx, in, out, err) and update_ (ctx, key,
 * in, out, err). */
#define API_CALLS(var_, type_, key_, param_, get_, create_, update_)                                                   \
	static enum sw_err var_##_call(struct ctx *c, const char *key, const void *in, void *out,                      \
				       struct sw_error *err)                                                           \
	{                                                                                                              \
		if (!in)                                                                                               \
			return get_(c, key, out, err);                                                                 \
		return key ? update_(c, key, in, out, err) : create_(c, in, out, err);                                 \
	}                                                                                                              \
	static const struct api_calls var_ = {sizeof(type_), offsetof(type_, key_), (param_), var_##_call}

/* A resource that is a record kind of core/kernel/record.h, or that core serves
 * with calls alike (struct api_calls), served by the record handlers of
 * handlers.h (api_record.c), each route naming it in its arg: POST to the
 * route's path creates one (201, Location path/<key>), GET lists them,
 * PATCH and GET on path/{key} change and read one, each answered with
 * json of the records (or their members).  The key is the record's name, or its id for kinds
 * named by {id}, or calls->key_at.  Input and records live in the request
 * arena.  A const declaration, read by every thread. */
struct api_record {
	const struct record_kind *kind; /* NULL: calls */
	const struct api_calls *calls;
	const struct api_schema *schema; /* the body and the size of the input struct */
	api_json_fn json;                /* or, NULL: */
	const struct api_member *members;
	size_t member_count;
	/* The records GET on the path answers, after checking its query
	 * parameters; out is filled on success.  NULL for a kind listed
	 * whole (record_list). */
	enum sw_err (*list)(struct req *r, struct api_items *out, struct sw_error *err);
	const char *id_noun; /* kinds named by {id}: "objective" for 404 "no objective 'x'"; NULL: by name */
};

/* A struct api_record var_ of the record kind kind_ read through schema_
 * and answered with a table of members, the rest of the arguments
 * (named var_##_members), declared at once. */
#define API_RECORD_OF(var_, kind_, schema_, ...)                                                                       \
	static const struct api_member var_##_members[] = {__VA_ARGS__};                                               \
	const struct api_record var_ = {.kind = &(kind_), .schema = &(schema_), API_RECORD_MEMBERS(var_##_members)}

/* One record as res answers it (NULL when out of memory). */
json_t *api_record_json(const struct api_record *res, const void *rec);

/* The answer of a struct api_record as a table of members. */
#define API_RECORD_MEMBERS(table_) .members = (table_), .member_count = sizeof(table_) / sizeof((table_)[0])

/* The list hook of a record kind listed whole through the record kit:
 * defines static hook_ for struct api_record.list.  (A struct api_record
 * of a kind without a list hook does the same.) */
#define API_LIST_RECORDS(hook_, kind_, list_type_)                                                                     \
	static enum sw_err hook_(struct req *r, struct api_items *out, struct sw_error *err)                           \
	{                                                                                                              \
		list_type_ list = {0};                                                                                 \
		enum sw_err rc = record_list(&r->ctx, (kind_), &list, err);                                            \
		if (!rc)                                                                                               \
			*out = (struct api_items){list.items, list.count, NULL};                                       \
		return rc;                                                                                             \
	}

/* {"items": [{"at","actor","action","changes"}], "next_cursor": null} */
/* Answer out (a CSV document written with status rc) as text/csv, an
 * attachment named filename; releases out.  A failed write (it grew past
 * its maximum) is SW_ETOOLARGE "the report is too large". */
enum sw_err api_reply_csv(struct req *r, struct buf *out, enum sw_err rc, const char *filename, struct sw_error *err);
enum sw_err api_reply_history(struct req *r, const struct audit_list *list, struct sw_error *err);

/* An event's notification template set from in (its NotificationTemplateInput
 * decoded), and a template as its answer shows it (api_notify.c), for the
 * toolkits' notification_templates section. */
struct notify_template;
enum sw_err api_notify_template_put(struct ctx *c, const char *event, const void *in, struct notify_template *out,
				    struct sw_error *err);
json_t *api_notify_template_json(const void *rec);
/* The same for the toolkits' other sections that are no record kind: a
 * category (Category), the risk settings (RiskSettings), a kind's survey
 * settings (SurveySettings), and a KPI's target as KpiTargetInput takes
 * it (rec a struct kpi_entry), which api_kpi_target_put sets from in (a
 * decoded KpiTargetInput) on the KPI name names. */
json_t *api_category_json(const void *rec);
/* A category's path from in (a decoded CategoryInput: its parent's path
 * and its name; NULL without a name), and in applied to the category path
 * names: created under its parent when path is NULL (then deactivated
 * when in says so), else activated or deactivated as in says. */
const char *api_category_path(struct arena *a, const void *in);
struct category;
enum sw_err api_category_put(struct ctx *c, const char *path, const void *in, struct category *out,
			     struct sw_error *err);
json_t *api_risk_settings_json(const void *rec);
json_t *api_survey_settings_json(const void *rec);
json_t *api_kpi_target_json(const void *rec);
struct kpi_entry;
enum sw_err api_kpi_target_put(struct ctx *c, const char *name, const void *in, struct kpi_entry *out,
			       struct sw_error *err);

/* resource encoders shared between files */
json_t *api_user_json(const struct user *u);
/* An attachment's metadata (Attachment), of a ticket or an article. */
json_t *api_attachment_json(const struct attachment *a);
/* The ?filename= of an upload (the only query parameter it takes), which
 * is required. */
enum sw_err api_upload_name(struct req *r, const char **filename, struct sw_error *err);
/* An attachment's bytes as the answer: its sniffed media type, a
 * download name, its SHA-256 (api_ticket.c). */
enum sw_err api_reply_attachment(struct req *r, const struct attachment *a, struct sw_error *err);
/* With a 409 illegal-transition: the actions allowed now, as the
 * problem's "allowed" member. */
void api_problem_allowed(struct req *r, const char *const *allowed, size_t n);

#endif
