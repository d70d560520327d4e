/*
 * api_ticket.c — the routes every ticket kind gets (/api/v1/<path>: raise,
 * list, get, change, actions, comments, history, watchers, attachments,
 * links; generated per kind in routes.c, the kind in the route's arg),
 * attachment download, and what only incidents have (major incidents, the
 * priority matrix).  JSON in, core/ticket/ticket.h, JSON out.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/kernel/authz.h"
#include "core/ticket/custom_field.h"
#include "core/ticket/incident.h"
#include "core/sla/sla.h"
#include "base/banned.h"

#define IF(name_, type_, max_, member_, flag_)                                                                         \
	{                                                                                                              \
		name_, type_, max_, 0, 0, offsetof(struct ticket_input, member_),                                      \
			offsetof(struct ticket_input, flag_), 0, false                                                 \
	}

static const struct field input_fields[] = {
	IF("title", FT_STRING, 0, title, set_title),
	IF("description", FT_STRING, 0, description, set_description),
	IF("category", FT_STRING_NULL, 0, category, set_category),
	IF("requester", FT_STRING, LIMIT_LOGIN_LEN, requester, set_requester),
	IF("assignment_group", FT_STRING_NULL, LIMIT_NAME_LEN, group, set_group),
	IF("assignee", FT_STRING_NULL, LIMIT_LOGIN_LEN, assignee, set_assignee),
	{"impact", FT_INT, 0, 1, 3, offsetof(struct ticket_input, impact), offsetof(struct ticket_input, set_impact), 0,
	 false},
	{"urgency", FT_INT, 0, 1, 3, offsetof(struct ticket_input, urgency), offsetof(struct ticket_input, set_urgency),
	 0, false},
	{"watchers", FT_STRINGS, LIMIT_WATCHERS, 0, 0, offsetof(struct ticket_input, watchers),
	 offsetof(struct ticket_input, set_watchers), offsetof(struct ticket_input, watcher_count), false},
	{"priority", FT_INT, 0, 1, 5, offsetof(struct ticket_input, priority),
	 offsetof(struct ticket_input, set_priority), 0, false},
	IF("priority_reason", FT_STRING, LIMIT_REASON_LEN, priority_reason, set_priority_reason),
	IF("parent", FT_STRING_NULL, 40, parent, set_parent),
	{"template", FT_STRING, LIMIT_NAME_LEN, 0, 0, offsetof(struct ticket_input, template), FIELD_NO_FLAG, 0, false},
	IF("service", FT_STRING_NULL, LIMIT_NAME_LEN, service, set_service),
	IF("ci", FT_ID_NULL, 0, ci, set_ci),
	IF("outage_start", FT_TIME_NULL, 0, outage_start, set_outage_start),
	IF("outage_end", FT_TIME_NULL, 0, outage_end, set_outage_end),
	IF("channel", FT_STRING, 20, channel, set_channel),
};
const struct api_schema api_schema_incident = API_SCHEMA("IncidentInput", input_fields, struct ticket_input);

/* The kind a generated route serves (routes.c puts it in the route). */
static const struct ticket_kind *route_kind(const struct req *r)
{
	return r->route->arg ? r->route->arg : &ticket_kind_incident;
}

static void write_slas(struct jsonw *w, const struct ticket *t)
{
	jsonw_arr_open(w);
	for (size_t i = 0; i < t->sla_count; i++) {
		const struct sla_clock *k = &t->slas[i].clock;
		const struct sla_view *v = &t->slas[i].view;
		jsonw_obj_open(w);
		jsonw_kstr(w, "metric", sla_metric_name(k->metric));
		jsonw_kstr(w, "policy", k->policy);
		jsonw_kstr(w, "calendar", k->calendar);
		jsonw_kint(w, "target", k->target);
		jsonw_kstr(w, "state", sla_state_name(k->state));
		api_jw_ktime(w, "due_at", v->due_at);
		jsonw_kint(w, "elapsed", v->elapsed);
		jsonw_kint(w, "remaining", v->remaining);
		jsonw_kbool(w, "breached", v->breached);
		jsonw_kbool(w, "paused", v->paused);
		api_jw_ktime(w, "warned_at", k->warned_at);
		api_jw_ktime(w, "breached_at", k->breached_at);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

/* Is field f in an answer about t to actor a (full: a single-ticket read)? */
static bool shown(const struct ticket_field *f, const struct ticket *t, bool agent, bool full)
{
	return ticket_field_of(t->kind, f) && (agent || !f->agents_only) && (full || !f->single_only) &&
	       (f->type != TICKET_FT_CHILDREN || t->children);
}

/*
 * A ticket as the API shows it to actor a, as one object written into w:
 * the fields of core/ticket/ticket_fields.c in their order, those of its kind, as
 * the table says who sees them (the event stream sends a summary of its
 * own, http/events.c).  A single-ticket answer (full) adds what only that
 * read fills in; children is there when the read filled it.  Written
 * straight into the answer because building a jansson tree (allocations
 * per member) and dumping it cost a quarter of the server's CPU on a GET
 * and half of it on a page of 50 (docs/performance.md).
 */
static void ticket_write(struct jsonw *w, const struct actor *a, const struct ticket *t, bool full)
{
	bool agent = authz_is_agent(a);
	jsonw_obj_open(w);
	for (size_t i = 0; i < ticket_field_count; i++) {
		const struct ticket_field *f = &ticket_fields[i];
		if (!shown(f, t, agent, full))
			continue;
		const char *p = (const char *)t + f->offset;
		bool text = f->type == TICKET_FT_TEXT || f->type == TICKET_FT_TEXT_NULL || f->type == TICKET_FT_REF;
		const char *s = text ? *(const char *const *)p : NULL;
		int64_t v = 0;
		switch (f->type) {
		case TICKET_FT_TEXT: jsonw_kstr(w, f->name, s ? s : ""); break;
		case TICKET_FT_TEXT_NULL:
		case TICKET_FT_REF: jsonw_kstr(w, f->name, s); break;
		case TICKET_FT_INT: jsonw_kint(w, f->name, *(const int *)p); break;
		case TICKET_FT_INT64: jsonw_kint(w, f->name, *(const int64_t *)p); break;
		case TICKET_FT_INT64_NULL:
			jsonw_key(w, f->name);
			if ((v = *(const int64_t *)p))
				jsonw_int(w, v);
			else
				jsonw_null(w);
			break;
		case TICKET_FT_BOOL: jsonw_kbool(w, f->name, *(const bool *)p); break;
		case TICKET_FT_TIME:
		case TICKET_FT_TIME_NULL: api_jw_ktime(w, f->name, *(const int64_t *)p); break;
		case TICKET_FT_KIND: jsonw_kstr(w, f->name, t->kind->name); break;
		case TICKET_FT_WATCHERS:
			jsonw_key(w, f->name);
			api_jw_strings(w, t->watchers, t->watcher_count);
			break;
		case TICKET_FT_CHILDREN:
			jsonw_key(w, f->name);
			api_jw_strings(w, t->children, t->child_count);
			break;
		case TICKET_FT_ACTIONS: {
			const char *actions[TICKET_ACTIONS_MAX];
			size_t n = ticket_allowed_actions(a, t, actions, TICKET_ACTIONS_MAX);
			jsonw_key(w, f->name);
			api_jw_strings(w, actions, n);
			break;
		}
		case TICKET_FT_SLA:
			jsonw_key(w, f->name);
			write_slas(w, t);
			break;
		case TICKET_FT_IMPACTED:
			jsonw_key(w, f->name);
			api_jw_strings(w, t->impacted, t->impacted_count);
			break;
		case TICKET_FT_CUSTOM:
			jsonw_key(w, f->name);
			jsonw_obj_open(w);
			for (size_t j = 0; j < t->custom_count; j++) {
				const struct ticket_value *cv = &t->custom[j];
				jsonw_key(w, cv->name);
				/* numbers and CI ids as numbers: canonical text is valid JSON */
				if (strcmp(cv->type, "number") == 0 || strcmp(cv->type, "ci") == 0)
					jsonw_raw(w, cv->value);
				else
					jsonw_str(w, cv->value);
			}
			jsonw_obj_close(w);
			break;
		}
	}
	jsonw_obj_close(w);
}

/* The answer of every route that returns one ticket (GET, POST 201, PATCH,
 * the actions, major): its version as the ETag, and where it lives when new. */
static enum sw_err reply_ticket(struct req *r, int status, const struct ticket *t, struct sw_error *err)
{
	http_header(r, "ETag", arena_printf(&r->arena, "\"%lld\"", (long long)t->version));
	if (status == 201)
		http_header(r, "Location", arena_printf(&r->arena, "/api/v1/%s/%s", t->kind->path, t->number));
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	struct jsonw w;
	jsonw_init(&w, &b);
	ticket_write(&w, &r->ctx.actor, t, true);
	return api_jw_reply(r, status, &w, err);
}

/* "custom": {"name": value, ...}: values of fields defined at run time,
 * checked against their definitions in core. */
static void decode_custom(struct req *r, json_t *obj, struct ticket_input *in, struct sw_error *err)
{
	in->set_custom = true;
	if (!json_is_object(obj) || json_object_size(obj) > CUSTOM_FIELDS_MAX) {
		sw_field_fail(err, "custom", "must be an object of at most %d field values", CUSTOM_FIELDS_MAX);
		return;
	}
	in->custom = arena_alloc(&r->arena, (json_object_size(obj) + 1) * sizeof(*in->custom));
	if (!in->custom) {
		sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		return;
	}
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		char at[64];
		snprintf(at, sizeof(at), "custom.%.50s", key);
		struct custom_value *x = &in->custom[in->custom_count++];
		memset(x, 0, sizeof(*x));
		x->name = arena_strdup(&r->arena, key);
		if (strlen(key) > CUSTOM_NAME_MAX)
			sw_field_fail(err, at, "is not a field name");
		else if (json_is_null(v))
			x->kind = CUSTOM_VALUE_NULL;
		else if (json_is_string(v)) {
			x->kind = CUSTOM_VALUE_STRING;
			x->s = api_string(r, v, at, CUSTOM_VALUE_MAX, err);
		} else if (json_is_integer(v)) {
			x->kind = CUSTOM_VALUE_INT;
			x->i = json_integer_value(v);
		} else if (json_is_real(v)) {
			x->kind = CUSTOM_VALUE_REAL;
			x->r = json_real_value(v);
		} else
			x->kind = CUSTOM_VALUE_OTHER; /* refused by the field's type */
	}
}

static enum sw_err read_ticket_input(struct req *r, struct ticket_input *in, struct sw_error *err)
{
	json_t *custom;
	enum sw_err rc = api_read_nested(r, &api_schema_incident, "custom", &custom, in, err);
	if (rc)
		return rc;
	if (custom)
		decode_custom(r, custom, in, err);
	json_decref(custom);
	return err->code;
}

enum sw_err api_ticket_create(struct req *r, struct sw_error *err)
{
	struct ticket_input in;
	enum sw_err rc = read_ticket_input(r, &in, err);
	if (rc)
		return rc;
	/* what it came in by, unless the caller says (an agent logging a call) */
	in.via = !r->session ? "api" : authz_is_agent(&r->ctx.actor) ? "agent" : "portal";
	struct ticket t;
	if ((rc = ticket_create(&r->ctx, route_kind(r), &in, &t, err)))
		return rc;
	return reply_ticket(r, 201, &t, err);
}

enum sw_err api_ticket_get(struct req *r, struct sw_error *err)
{
	struct ticket t;
	enum sw_err rc = ticket_get(&r->ctx, route_kind(r), req_param(r, "number"), &t, err);
	if (rc)
		return rc;
	return reply_ticket(r, 200, &t, err);
}

enum sw_err api_ticket_update(struct req *r, struct sw_error *err)
{
	int64_t version;
	enum sw_err rc = api_if_match(r, true, &version, err);
	if (rc)
		return rc;
	struct ticket_input in;
	if ((rc = read_ticket_input(r, &in, err)))
		return rc;
	struct ticket t;
	if ((rc = ticket_update(&r->ctx, route_kind(r), req_param(r, "number"), version, &in, &t, err)))
		return rc;
	return reply_ticket(r, 200, &t, err);
}

enum sw_err api_ticket_list(struct req *r, struct sw_error *err)
{
	struct ticket_filter f = {.kind = route_kind(r), .sort = TICKET_SORT_CREATED_DESC};
	struct page p;
	int64_t priority = 0;
	bool has_priority;
	const char *sort = NULL;
	int major, open, breaching, my_groups, archived;
	enum sw_err rc;
	if ((rc = api_query_allowed(
		     r,
		     "state,assignee,assignment_group,my_groups,requester,priority,major,open,breaching,"
		     "channel,closing_category,custom_field,custom_value,archived,text,sort,limit,cursor",
		     err)) ||
	    (rc = api_query_bool(r, "major", &major, err)) || (rc = api_query_bool(r, "open", &open, err)) ||
	    (rc = api_query_bool(r, "breaching", &breaching, err)) ||
	    (rc = api_query_bool(r, "my_groups", &my_groups, err)) ||
	    (rc = api_query_bool(r, "archived", &archived, err)) || (rc = api_page(r, &p, err)) ||
	    (rc = api_query_str(r, "state", 32, &f.state, err)) ||
	    (rc = api_query_str(r, "assignee", LIMIT_LOGIN_LEN, &f.assignee, err)) ||
	    (rc = api_query_str(r, "assignment_group", LIMIT_NAME_LEN * 4, &f.group, err)) ||
	    (rc = api_query_str(r, "requester", LIMIT_LOGIN_LEN, &f.requester, err)) ||
	    (rc = api_query_str(r, "channel", 20, &f.channel, err)) ||
	    (rc = api_query_str(r, "custom_field", CUSTOM_NAME_MAX, &f.custom_field, err)) ||
	    (rc = api_query_str(r, "custom_value", CUSTOM_VALUE_MAX * 4, &f.custom_value, err)) ||
	    (rc = api_query_str(r, "closing_category", LIMIT_CATEGORY_LEN * 4, &f.closing_category, err)) ||
	    (rc = api_query_str(r, "text", LIMIT_SEARCH_LEN, &f.text, err)) ||
	    (rc = api_query_str(r, "sort", 32, &sort, err)) ||
	    (rc = api_query_int(r, "priority", 1, 5, &priority, &has_priority, err)))
		return rc;
	f.priority = (int)priority;
	f.major_only = major == 1;
	f.open_only = open == 1;
	f.breaching_by = breaching == 1;
	f.my_groups = my_groups == 1;
	f.archived = archived == 1;
	if (f.text) { /* words as the index sees them (text_word_next); see docs/api.md */
		size_t pos = 0, start, len, words = 0;
		while (text_word_next(f.text, strlen(f.text), &pos, &start, &len))
			words++;
		if (words == 0 || words > LIMIT_SEARCH_WORDS) {
			if (words)
				sw_field_fail(err, "text", "must have at most %d words", LIMIT_SEARCH_WORDS);
			else
				sw_field_fail(err, "text", "must contain a letter or a digit");
			err->code = SW_EBADREQ;
			snprintf(err->type, sizeof(err->type), "bad-request");
			return SW_EBADREQ;
		}
	}
	if (sort && ticket_sort_parse(sort, &f.sort)) {
		sw_field_fail(err, "sort",
			      "must be one of created_at, -created_at, updated_at, -updated_at, priority, -priority");
		err->code = SW_EBADREQ;
		snprintf(err->type, sizeof(err->type), "bad-request");
		return SW_EBADREQ;
	}
	struct ticket_list list;
	if ((rc = ticket_list(&r->ctx, route_kind(r), &f, &p, &list, err)))
		return rc;
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	struct jsonw w;
	jsonw_init(&w, &b);
	api_jw_list_open(&w);
	jsonw_arr_open(&w);
	for (size_t i = 0; i < list.count && !w.err; i++)
		ticket_write(&w, &r->ctx.actor, &list.items[i], false);
	jsonw_arr_close(&w);
	api_jw_list_close(&w, list.next_cursor);
	return api_jw_reply(r, 200, &w, err);
}

/* ---- actions ------------------------------------------------------------------ */

static const struct field action_fields[] = {
	{"reason", FT_STRING, LIMIT_REASON_LEN, 0, 0, offsetof(struct ticket_action_input, reason), FIELD_NO_FLAG, 0,
	 false},
	{"resolution_code", FT_STRING, 40, 0, 0, offsetof(struct ticket_action_input, resolution_code), FIELD_NO_FLAG,
	 0, false},
	{"resolution_notes", FT_STRING, LIMIT_COMMENT_LEN, 0, 0, offsetof(struct ticket_action_input, resolution_notes),
	 FIELD_NO_FLAG, 0, false},
};
const struct api_schema api_schema_action = API_SCHEMA("ActionInput", action_fields, struct ticket_action_input);

/* POST /api/v1/<path>/{number}/<action>: the action is the route's last
 * segment, checked against the kind's machine. */
enum sw_err api_ticket_action(struct req *r, struct sw_error *err)
{
	const char *action = strrchr(r->route->pattern, '/') + 1;
	struct ticket_action_input in;
	enum sw_err rc = api_read(r, &api_schema_action, true, &in, err);
	if (rc)
		return rc;
	if ((rc = api_if_match(r, false, &in.expected_version, err)))
		return rc;
	struct ticket t = {0};
	rc = ticket_action(&r->ctx, route_kind(r), req_param(r, "number"), action, &in, &t, err);
	if (rc == SW_ECONFLICT && strcmp(err->type, "illegal-transition") == 0 && t.number) {
		const char *allowed[TICKET_ACTIONS_MAX];
		api_problem_allowed(r, allowed, ticket_allowed_actions(&r->ctx.actor, &t, allowed, TICKET_ACTIONS_MAX));
	}
	if (rc)
		return rc;
	return reply_ticket(r, 200, &t, err);
}

/* ---- major incidents and the priority matrix ------------------------------------ */

struct major_input {
	const char *reason;
};

static const struct field major_fields[] = {
	{"reason", FT_STRING, LIMIT_REASON_LEN, 0, 0, offsetof(struct major_input, reason), FIELD_NO_FLAG, 0, true},
};
const struct api_schema api_schema_major = API_SCHEMA("MajorInput", major_fields, struct major_input);

static enum sw_err set_major(struct req *r, bool major, struct sw_error *err)
{
	struct major_input in = {0};
	enum sw_err rc = major ? api_read(r, &api_schema_major, false, &in, err) : SW_OK;
	int64_t version;
	if (rc || (rc = api_if_match(r, false, &version, err)))
		return rc;
	struct ticket t;
	if ((rc = incident_set_major(&r->ctx, req_param(r, "number"), major, in.reason, version, &t, err)))
		return rc;
	return reply_ticket(r, 200, &t, err);
}

enum sw_err api_incident_major(struct req *r, struct sw_error *err)
{
	return set_major(r, true, err);
}

enum sw_err api_incident_unmajor(struct req *r, struct sw_error *err)
{
	return set_major(r, false, err);
}

static json_t *matrix_json(const struct priority_matrix *m)
{
	json_t *rows = json_array();
	for (int i = 0; rows && i < 3; i++)
		json_array_append_new(rows, json_pack("[i, i, i]", m->p[i][0], m->p[i][1], m->p[i][2]));
	return json_pack("{s:o}", "matrix", rows);
}

enum sw_err api_matrix_get(struct req *r, struct sw_error *err)
{
	struct priority_matrix m;
	enum sw_err rc = priority_matrix_get(&r->ctx, &m, err);
	if (rc)
		return rc;
	return api_reply(r, 200, matrix_json(&m), err);
}

/* {"matrix": [[p11, p12, p13], [p21, ...], [p31, ...]]}: rows are impact
 * 1..3, columns urgency 1..3.  Decoded by hand: the field tables have no
 * nested arrays. */
enum sw_err api_matrix_set(struct req *r, struct sw_error *err)
{
	json_t *body;
	enum sw_err rc = api_body(r, false, &body, err);
	if (rc)
		return rc;
	struct priority_matrix m;
	memset(&m, 0, sizeof(m));
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "matrix") != 0)
			sw_field_fail(err, utf8_valid(key, strlen(key)) && strlen(key) < 64 ? key : "?",
				      "is not a known field");
	}
	json_t *rows = json_object_get(body, "matrix");
	if (!json_is_array(rows) || json_array_size(rows) != 3) {
		sw_field_fail(err, "matrix", "must be 3 rows (impact 1..3) of 3 priorities (urgency 1..3)");
	} else {
		for (size_t i = 0; i < 3; i++) {
			json_t *row = json_array_get(rows, i);
			if (!json_is_array(row) || json_array_size(row) != 3) {
				char path[64];
				snprintf(path, sizeof(path), "matrix[%zu]", i);
				sw_field_fail(err, path, "must be 3 priorities (urgency 1..3)");
				continue;
			}
			for (size_t u = 0; u < 3; u++) {
				json_t *cell = json_array_get(row, u);
				if (!json_is_integer(cell) || json_integer_value(cell) < 1 ||
				    json_integer_value(cell) > 5) {
					char path[64];
					snprintf(path, sizeof(path), "matrix[%zu][%zu]", i, u);
					sw_field_fail(err, path, "must be a priority from 1 to 5");
					continue;
				}
				m.p[i][u] = (int)json_integer_value(cell);
			}
		}
	}
	json_decref(body);
	if (err->code)
		return err->code;
	if ((rc = priority_matrix_set(&r->ctx, &m, err)))
		return rc;
	return api_reply(r, 200, matrix_json(&m), err);
}

/* ---- comments, history ----------------------------------------------------------- */

struct comment_input {
	const char *body;
	bool internal;
};

static const struct field comment_fields[] = {
	{"body", FT_STRING, LIMIT_COMMENT_LEN, 0, 0, offsetof(struct comment_input, body), FIELD_NO_FLAG, 0, true},
	{"internal", FT_BOOL, 0, 0, 0, offsetof(struct comment_input, internal), FIELD_NO_FLAG, 0, false},
};
const struct api_schema api_schema_comment = API_SCHEMA("CommentInput", comment_fields, struct comment_input);

static json_t *comment_json(const struct comment *c)
{
	return json_pack("{s:I, s:o, s:b, s:s, s:o}", "id", (json_int_t)c->id, "author", api_str(c->author), "internal",
			 c->internal, "body", c->body, "created_at", api_time(c->created_at));
}

enum sw_err api_ticket_comment(struct req *r, struct sw_error *err)
{
	struct comment_input in;
	enum sw_err rc = api_read(r, &api_schema_comment, false, &in, err);
	if (rc)
		return rc;
	struct comment c;
	if ((rc = ticket_comment_add(&r->ctx, route_kind(r), req_param(r, "number"), in.body, in.internal, &c, err)))
		return rc;
	return api_reply(r, 201, comment_json(&c), err);
}

enum sw_err api_ticket_comments(struct req *r, struct sw_error *err)
{
	struct comment_list list;
	enum sw_err rc = ticket_comment_list(&r->ctx, route_kind(r), req_param(r, "number"), &list, err);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; items && i < list.count; i++)
		json_array_append_new(items, comment_json(&list.items[i]));
	return api_reply_list(r, items, NULL, err);
}

enum sw_err api_ticket_history(struct req *r, struct sw_error *err)
{
	struct audit_list list;
	enum sw_err rc = ticket_history(&r->ctx, route_kind(r), req_param(r, "number"), &list, err);
	if (rc)
		return rc;
	return api_reply_history(r, &list, err);
}

/* ---- watchers ---------------------------------------------------------------------- */

struct watcher_input {
	const char *login;
};

static const struct field watcher_fields[] = {
	{"login", FT_STRING, LIMIT_LOGIN_LEN, 0, 0, offsetof(struct watcher_input, login), FIELD_NO_FLAG, 0, true},
};
const struct api_schema api_schema_watcher = API_SCHEMA("WatcherInput", watcher_fields, struct watcher_input);

enum sw_err api_ticket_watch(struct req *r, struct sw_error *err)
{
	struct watcher_input in;
	enum sw_err rc = api_read(r, &api_schema_watcher, false, &in, err);
	if (rc)
		return rc;
	if ((rc = ticket_watch(&r->ctx, route_kind(r), req_param(r, "number"), in.login, true, err)))
		return rc;
	return http_reply(r, 204, NULL, NULL, 0, err);
}

enum sw_err api_ticket_unwatch(struct req *r, struct sw_error *err)
{
	enum sw_err rc =
		ticket_watch(&r->ctx, route_kind(r), req_param(r, "number"), req_param(r, "login"), false, err);
	if (rc)
		return rc;
	return http_reply(r, 204, NULL, NULL, 0, err);
}

/* ---- attachments ----------------------------------------------------------------- */

json_t *api_attachment_json(const struct attachment *a)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:o, s:o}", "id", (json_int_t)a->id, "filename", a->filename,
			 "content_type", a->content_type, "size", (json_int_t)a->size, "sha256", a->sha256,
			 "created_by", api_str(a->created_by), "created_at", api_time(a->created_at));
}

enum sw_err api_ticket_attach(struct req *r, struct sw_error *err)
{
	const char *filename;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "filename", err)) ||
	    (rc = api_query_str(r, "filename", LIMIT_FILENAME_LEN, &filename, err)))
		return rc;
	if (!filename) {
		sw_field_fail(err, "filename", "is required as a query parameter");
		return err->code;
	}
	struct attachment a;
	if ((rc = ticket_attach(&r->ctx, route_kind(r), req_param(r, "number"), filename, r->body.ptr, r->body.len, &a,
				err)))
		return rc;
	return api_reply(r, 201, api_attachment_json(&a), err);
}

enum sw_err api_ticket_attachments(struct req *r, struct sw_error *err)
{
	struct attachment_list list;
	enum sw_err rc = ticket_attachment_list(&r->ctx, route_kind(r), req_param(r, "number"), &list, err);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; items && i < list.count; i++)
		json_array_append_new(items, api_attachment_json(&list.items[i]));
	return api_reply_list(r, items, NULL, err);
}

enum sw_err api_attachment_download(struct req *r, struct sw_error *err)
{
	const char *ids = req_param(r, "id");
	int64_t id;
	if (parse_int64(ids, strlen(ids), 1, INT64_MAX, &id))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no attachment '%s'", ids);
	struct attachment a;
	enum sw_err rc = ticket_attachment_get(&r->ctx, id, &a, err);
	if (rc)
		return rc;
	return api_reply_attachment(r, &a, err);
}

enum sw_err api_reply_attachment(struct req *r, const struct attachment *a, struct sw_error *err)
{
	/* the file name is already free of quotes and control characters */
	http_header(r, "Content-Disposition", arena_printf(&r->arena, "attachment; filename=\"%s\"", a->filename));
	http_header(r, "X-Content-SHA256", a->sha256);
	return http_reply(r, 200, a->content_type, a->data, (size_t)a->size, err);
}

/* ---- links ---------------------------------------------------------------------- */

struct link_input {
	const char *kind, *target;
};

static const struct field link_fields[] = {
	{"kind", FT_STRING, 40, 0, 0, offsetof(struct link_input, kind), FIELD_NO_FLAG, 0, false},
	{"target", FT_STRING, 40, 0, 0, offsetof(struct link_input, target), FIELD_NO_FLAG, 0, false},
};
const struct api_schema api_schema_link = API_SCHEMA("LinkInput", link_fields, struct link_input);

static json_t *link_json(const struct ticket_link *l)
{
	return json_pack("{s:s, s:s, s:o}", "kind", l->kind, "target", l->target, "created_at",
			 api_time(l->created_at));
}

enum sw_err api_ticket_link(struct req *r, struct sw_error *err)
{
	struct link_input in;
	enum sw_err rc = api_read(r, &api_schema_link, false, &in, err);
	if (rc)
		return rc;
	struct ticket_link l;
	if ((rc = ticket_link_add(&r->ctx, route_kind(r), req_param(r, "number"), in.kind, in.target, &l, err)))
		return rc;
	return api_reply(r, 201, link_json(&l), err);
}

enum sw_err api_ticket_links(struct req *r, struct sw_error *err)
{
	struct link_list list;
	enum sw_err rc = ticket_link_list(&r->ctx, route_kind(r), req_param(r, "number"), &list, err);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; items && i < list.count; i++)
		json_array_append_new(items, link_json(&list.items[i]));
	return api_reply_list(r, items, NULL, err);
}

/* ---- the OpenAPI components of the kinds ---------------------------------------- */

/* An enum of a NULL-terminated list, with null when nullable. */
static void schema_enum(struct jsonw *w, const char *const *values, bool nullable)
{
	jsonw_key(w, "enum");
	jsonw_arr_open(w);
	for (; values && *values; values++)
		jsonw_str(w, *values);
	if (nullable)
		jsonw_null(w);
	jsonw_arr_close(w);
}

static void schema_type(struct jsonw *w, const char *type, bool nullable)
{
	jsonw_key(w, "type");
	if (!nullable) {
		jsonw_str(w, type);
		return;
	}
	jsonw_arr_open(w);
	jsonw_str(w, type);
	jsonw_str(w, "null");
	jsonw_arr_close(w);
}

static void schema_strings(struct jsonw *w)
{
	schema_type(w, "array", false);
	jsonw_key(w, "items");
	jsonw_raw(w, "{\"type\":\"string\"}");
}

/* <schema>: what ticket_write sends for kind k, from the same table:
 * closed (nothing else is sent), and requiring what every answer about
 * such a ticket carries, to anyone, in a list or alone (shown()). */
static void kind_schema(struct jsonw *w, const struct ticket_kind *k)
{
	const char *states[32];
	size_t n = 0;
	for (const struct ticket_state *s = k->states; s->name && n + 1 < 32; s++)
		states[n++] = s->name;
	states[n] = NULL;
	jsonw_key(w, k->schema);
	jsonw_obj_open(w);
	jsonw_kstr(w, "type", "object");
	jsonw_key(w, "required");
	jsonw_arr_open(w);
	for (size_t i = 0; i < ticket_field_count; i++) {
		const struct ticket_field *f = &ticket_fields[i];
		if (ticket_field_of(k, f) && !f->agents_only && !f->single_only && f->type != TICKET_FT_CHILDREN)
			jsonw_str(w, f->name);
	}
	jsonw_arr_close(w);
	jsonw_kbool(w, "additionalProperties", false);
	jsonw_key(w, "properties");
	jsonw_obj_open(w);
	for (size_t i = 0; i < ticket_field_count; i++) {
		const struct ticket_field *f = &ticket_fields[i];
		if (!ticket_field_of(k, f))
			continue;
		bool nullable = f->type == TICKET_FT_TEXT_NULL || f->type == TICKET_FT_INT64_NULL ||
				f->type == TICKET_FT_TIME_NULL || (f->type == TICKET_FT_REF && f->nullable);
		jsonw_key(w, f->name);
		jsonw_obj_open(w);
		switch (f->values) {
		case TICKET_VALUES_STATES: schema_enum(w, states, false); break;
		case TICKET_VALUES_HOLD: schema_enum(w, k->hold_reasons, true); break;
		case TICKET_VALUES_RESOLUTION: schema_enum(w, k->resolution_codes, true); break;
		case TICKET_VALUES_CHANNELS: schema_enum(w, ticket_channels, true); break;
		case TICKET_VALUES_ANY:
			switch (f->type) {
			case TICKET_FT_TEXT:
			case TICKET_FT_TEXT_NULL:
			case TICKET_FT_REF: schema_type(w, "string", nullable); break;
			case TICKET_FT_INT:
			case TICKET_FT_INT64:
			case TICKET_FT_INT64_NULL:
				schema_type(w, "integer", nullable);
				if (f->max) {
					jsonw_kint(w, "minimum", f->min);
					jsonw_kint(w, "maximum", f->max);
				}
				break;
			case TICKET_FT_BOOL: schema_type(w, "boolean", false); break;
			case TICKET_FT_TIME:
			case TICKET_FT_TIME_NULL:
				schema_type(w, "string", nullable);
				jsonw_kstr(w, "format", "date-time");
				break;
			case TICKET_FT_KIND: jsonw_kstr(w, "const", k->name); break;
			case TICKET_FT_WATCHERS:
			case TICKET_FT_CHILDREN:
			case TICKET_FT_ACTIONS:
			case TICKET_FT_IMPACTED: schema_strings(w); break;
			case TICKET_FT_SLA:
				schema_type(w, "array", false);
				jsonw_key(w, "items");
				jsonw_raw(w, "{\"$ref\":\"#/components/schemas/SlaClock\"}");
				break;
			case TICKET_FT_CUSTOM:
				schema_type(w, "object", false);
				jsonw_key(w, "additionalProperties");
				jsonw_raw(w, "{\"type\":[\"string\",\"number\"]}");
				break;
			}
			break;
		}
		if (f->description)
			jsonw_kstr(w, "description", f->description);
		jsonw_obj_close(w);
	}
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

/* <schema>Input: the body its create and PATCH routes decode (input_fields),
 * less what the kind does not have. */
static void kind_input_schema(struct jsonw *w, const struct ticket_kind *k)
{
	char name[80];
	snprintf(name, sizeof(name), "%sInput", k->schema);
	jsonw_key(w, name);
	jsonw_obj_open(w);
	jsonw_kstr(w, "type", "object");
	jsonw_kbool(w, "additionalProperties", false);
	jsonw_key(w, "properties");
	jsonw_obj_open(w);
	for (size_t i = 0; i < sizeof(input_fields) / sizeof(input_fields[0]); i++) {
		const struct field *f = &input_fields[i];
		unsigned needs = ticket_input_needs(f->name);
		if ((k->fields & needs) != needs)
			continue;
		jsonw_key(w, f->name);
		jsonw_obj_open(w);
		switch (f->type) {
		case FT_STRING:
		case FT_STRING_NULL:
			schema_type(w, "string", f->type == FT_STRING_NULL);
			if (f->max_chars)
				jsonw_kint(w, "maxLength", (int64_t)f->max_chars);
			break;
		case FT_INT:
		case FT_INT64:
			schema_type(w, "integer", false);
			jsonw_kint(w, "minimum", f->min);
			jsonw_kint(w, "maximum", f->max);
			break;
		case FT_ID_NULL:
			schema_type(w, "integer", true);
			jsonw_kint(w, "minimum", 1);
			break;
		case FT_TIME_NULL:
			schema_type(w, "string", true);
			jsonw_kstr(w, "format", "date-time");
			break;
		case FT_FIXED2: schema_type(w, "number", false); break;
		case FT_BOOL: schema_type(w, "boolean", false); break;
		case FT_STRINGS:
			schema_strings(w);
			jsonw_kint(w, "maxItems", (int64_t)f->max_chars);
			break;
		}
		jsonw_obj_close(w);
	}
	/* decoded beside the table (decode_custom) */
	jsonw_key(w, "custom");
	jsonw_obj_open(w);
	jsonw_kstr(w, "type", "object");
	jsonw_kint(w, "maxProperties", CUSTOM_FIELDS_MAX);
	jsonw_key(w, "additionalProperties");
	jsonw_raw(w, "{\"type\":[\"string\",\"number\",\"null\"]}");
	jsonw_kstr(w, "description",
		   "values of the fields admins define for the kind (GET /api/v1/custom-fields), by name; null clears "
		   "one");
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

void api_openapi_ticket_schemas(struct jsonw *w)
{
	for (size_t i = 0; i < ticket_kind_count(); i++) {
		kind_schema(w, ticket_kind_at(i));
		kind_input_schema(w, ticket_kind_at(i));
	}
}
