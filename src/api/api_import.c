/*
 * api_import.c — CMDB import and export in CSV and JSON, used by the HTTP
 * API (/api/v1/import/{kind}, /api/v1/export/{kind}) and by `steward
 * import` / `steward export`.  Import feeds rows to core/cmdb/import.c:
 * CSV records (the first is the header) streamed chunk by chunk, or the
 * objects of a JSON array or of JSON lines.  Export writes CIs,
 * relationships or services page by page.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "core/ticket/ticket.h"
#include "api/handlers.h"
#include "api/import.h"
#include "base/csv.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/kernel/authz.h"
#include "core/cmdb/service.h"
#include "base/banned.h"

/* ---- import ------------------------------------------------------------------ */

void import_session_init(struct import_session *s)
{
	memset(s, 0, sizeof(*s));
	csv_init(&s->csv);
}

void import_session_release(struct import_session *s)
{
	csv_release(&s->csv);
	import_release(&s->run);
	s->columns = 0;
}

static int on_record(void *arg, const char *const *fields, size_t count, int64_t record)
{
	struct import_session *s = arg;
	if (!s->columns) { /* the header */
		for (size_t i = 0; i < count && i < CSV_FIELDS_MAX; i++)
			s->header[i] = arena_strdup(&s->run.keep, fields[i]);
		s->columns = count;
		return 0;
	}
	struct ci_value cols[CSV_FIELDS_MAX];
	size_t n = 0;
	for (size_t i = 0; i < count && i < s->columns; i++)
		cols[n++] = (struct ci_value){.name = s->header[i], .kind = CV_STRING, .s = fields[i]};
	if (count > s->columns) {
		import_fail(&s->run, record - 1, NULL, "has more fields than the header names");
		return 0;
	}
	/* rows are numbered from 1 after the header */
	enum sw_err rc = import_row(&s->run, cols, n, record - 1, &s->err);
	if (s->progress)
		s->progress(s->progress_arg, &s->run);
	return rc ? (int)rc : 0;
}

enum sw_err import_session_csv(struct import_session *s, const char *p, size_t len, bool last)
{
	return csv_feed(&s->csv, p, len, last, on_record, s, &s->err);
}

bool api_ci_value(json_t *v, struct ci_value *x)
{
	static const int kinds[API_SCALAR__COUNT] = {
		[API_SCALAR_NULL] = CV_NULL, [API_SCALAR_STRING] = CV_STRING, [API_SCALAR_INT] = CV_INT,
		[API_SCALAR_REAL] = -1,      [API_SCALAR_BOOL] = CV_BOOL,     [API_SCALAR_OTHER] = -1,
	};
	int k = kinds[api_scalar_of(v)];
	if (k < 0)
		return false;
	x->kind = (enum ci_value_kind)k;
	x->s = json_string_value(v);
	x->i = json_integer_value(v);
	x->b = json_is_true(v);
	return true;
}

enum sw_err import_session_json(struct import_session *s, json_t *obj, int64_t row)
{
	struct ci_value cols[CSV_FIELDS_MAX];
	size_t n = 0;
	struct sw_error rowerr;
	sw_error_clear(&rowerr);
	if (!json_is_object(obj)) {
		sw_fail(&rowerr, SW_EINVALID, NULL, "is not a JSON object");
	} else {
		const char *key;
		json_t *v;
		json_object_foreach(obj, key, v)
		{
			if (n == CSV_FIELDS_MAX) {
				sw_fail(&rowerr, SW_EINVALID, NULL, "has more than %d members", CSV_FIELDS_MAX);
				break;
			}
			struct ci_value *x = &cols[n++];
			*x = (struct ci_value){.name = key};
			if (!api_ci_value(v, x))
				sw_field_fail(&rowerr, key, "must be a string, an integer, true, false or null");
			else if (x->kind == CV_STRING && strlen(x->s) != json_string_length(v))
				sw_field_fail(&rowerr, key, "must not contain NUL characters");
		}
	}
	if (rowerr.code) {
		import_fail(&s->run, row, rowerr.field_count ? rowerr.fields[0].field : NULL,
			    rowerr.field_count ? rowerr.fields[0].detail : rowerr.detail);
		return SW_OK;
	}
	enum sw_err rc = import_row(&s->run, cols, n, row, &s->err);
	if (s->progress)
		s->progress(s->progress_arg, &s->run);
	return rc;
}

json_t *import_report_json(const struct import_run *run)
{
	json_t *errors = json_array();
	for (size_t i = 0; errors && i < run->error_count; i++)
		json_array_append_new(errors,
				      json_pack("{s:I, s:o, s:s}", "row", (json_int_t)run->errors[i].row, "field",
						api_str(run->errors[i].field), "reason", run->errors[i].reason));
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:b, s:b, s:o, s:b}", "rows", (json_int_t)run->rows, "created",
			 (json_int_t)run->created, "updated", (json_int_t)run->updated, "unchanged",
			 (json_int_t)run->unchanged, "failed", (json_int_t)run->failed, "atomic", run->atomic,
			 "committed", run->atomic ? run->committed : run->created + run->updated > 0 || !run->failed,
			 "errors", errors, "errors_truncated", run->errors_truncated);
}

/* An atomic import with a bad row wrote nothing: 422, each bad row's
 * field at its JSON path in the rows (rows[0] the first row after a CSV
 * header, or the array's first element), and the whole report beside them
 * as "report".  Takes report. */
static enum sw_err refused(struct req *r, const struct import_run *run, json_t *report, struct sw_error *err)
{
	char *text = api_dump(report); /* takes it */
	if (text) {
		r->problem_key = "report";
		r->problem_json = arena_strdup(&r->arena, text);
		free(text);
	}
	for (size_t i = 0; i < run->error_count; i++) {
		const struct import_error *e = &run->errors[i];
		char path[96];
		if (e->field)
			snprintf(path, sizeof(path), "rows[%lld].%s", (long long)(e->row - 1), e->field);
		else
			snprintf(path, sizeof(path), "rows[%lld]", (long long)(e->row - 1));
		sw_field_fail(err, path, "%s", e->reason);
	}
	snprintf(err->detail, sizeof(err->detail), "nothing was written: %lld of %lld rows failed (atomic)",
		 (long long)run->failed, (long long)run->rows);
	return err->code ? err->code : sw_fail(err, SW_EINVALID, NULL, "nothing was written (atomic)");
}

enum sw_err api_import(struct req *r, struct sw_error *err)
{
	enum import_kind kind;
	int atomic;
	enum sw_err rc;
	if (import_kind_parse(req_param(r, "kind"), &kind))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no import of '%s' (cis, relations)", req_param(r, "kind"));
	if ((rc = api_query_allowed(r, "atomic", err)) || (rc = api_query_bool(r, "atomic", &atomic, err)))
		return rc;
	const char *type = req_header(r, "Content-Type");
	bool csv = type && strncmp(type, "text/csv", 8) == 0;
	bool json = type && strncmp(type, "application/json", 16) == 0;
	if (!csv && !json)
		return sw_fail(err, SW_EMEDIA, NULL, "send text/csv or application/json");
	struct import_session s;
	import_session_init(&s);
	sw_error_clear(&s.err);
	if ((rc = import_begin(&s.run, &r->ctx, kind, atomic == 1, err))) {
		import_session_release(&s);
		return rc;
	}
	if (csv) {
		rc = import_session_csv(&s, r->body.ptr ? r->body.ptr : "", r->body.len, true);
	} else {
		json_t *arr = NULL;
		rc = api_body_any(r, &arr, err);
		if (!rc && !json_is_array(arr))
			rc = sw_fail(err, SW_EBADREQ, NULL, "the body must be a JSON array of objects");
		for (size_t i = 0; !rc && i < json_array_size(arr); i++)
			rc = import_session_json(&s, json_array_get(arr, i), (int64_t)i + 1);
		json_decref(arr);
	}
	if (rc && !err->code)
		*err = s.err; /* a malformed CSV or a store failure */
	if (rc && s.run.atomic) {
		store_rollback(r->ctx.store); /* stopped half way: nothing stays */
		import_session_release(&s);
		return rc;
	}
	/* without atomic, rows before a stop are kept: the report says which,
	 * unless the store itself failed */
	bool stopped_on_input = (rc == SW_EINVALID || rc == SW_EBADREQ) && s.run.rows > 0;
	if (rc && !stopped_on_input) {
		import_session_release(&s);
		return rc;
	}
	struct sw_error end_err;
	sw_error_clear(&end_err);
	enum sw_err end = import_end(&s.run, &end_err);
	if (end) {
		import_session_release(&s);
		*err = end_err;
		return end;
	}
	json_t *report = import_report_json(&s.run);
	if (report)
		json_object_set_new(report, "stopped", rc ? json_string(err->detail) : json_null());
	sw_error_clear(err);
	if (s.run.atomic && !s.run.committed)
		rc = refused(r, &s.run, report, err);
	else
		rc = api_reply(r, 200, report, err);
	import_session_release(&s);
	return rc;
}

/* ---- export --------------------------------------------------------------------- */

#define EXPORT_PAGE 500

static json_t *value_json(const struct ci_value *v)
{
	return v->kind == CV_INT ? json_integer(v->i) : v->kind == CV_BOOL ? json_boolean(v->b) : json_string(v->s);
}

static const char *value_text(struct arena *a, const struct ci_value *v)
{
	if (v->kind == CV_INT)
		return arena_printf(a, "%lld", (long long)v->i);
	if (v->kind == CV_BOOL)
		return v->b ? "true" : "false";
	return v->s;
}

static enum sw_err put_json(struct buf *out, json_t *j, bool *first)
{
	char *text = api_dump(j);
	if (!text)
		return SW_ENOMEM;
	enum sw_err rc = buf_puts(out, *first ? "[\n" : ",\n");
	if (!rc)
		rc = buf_puts(out, text);
	free(text);
	*first = false;
	return rc;
}

/* n fields, the first of them starting a record when first. */
static enum sw_err csv_fields(struct buf *out, const char *const *v, size_t n, bool first)
{
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < n; i++)
		rc = csv_put(out, v[i], first && i == 0);
	return rc;
}

/* After a page of an export, its scratch arena released: true, with the
 * list's next cursor kept in cursor (max bytes), when another follows. */
static bool next_page(struct ctx *c, struct scratch *page, const char *next_cursor, char *cursor, size_t max)
{
	bool more = next_cursor && snprintf(cursor, max, "%s", next_cursor) < (int)max;
	scratch_end(c, page);
	return more;
}

/* The end of an export: a JSON array closed; a full buffer is "too large". */
static enum sw_err export_end(struct buf *out, bool csv, bool first, enum sw_err rc, struct sw_error *err)
{
	if (!rc && !csv)
		rc = buf_puts(out, first ? "[]\n" : "\n]\n");
	return rc == SW_ENOMEM ? sw_fail(err, SW_ENOMEM, NULL, "the export is too large") : rc;
}

static enum sw_err export_cis(struct ctx *c, bool csv, struct buf *out, struct sw_error *err)
{
	static const char *const fixed[] = {"id",          "external_id", "name",  "class",        "status",
					    "environment", "location",    "owner", "support_group"};
	/* attribute columns: every attribute any class defines */
	struct ci_class_list classes;
	enum sw_err rc = record_list(c, &ci_class_kind, &classes, err);
	if (rc)
		return rc;
	const char **attrs = arena_alloc(c->arena, (CI_ATTRS_MAX * classes.count + 1) * sizeof(*attrs));
	size_t nattrs = 0;
	if (!attrs)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < classes.count; i++)
		for (size_t k = 0; k < classes.items[i].attr_count; k++) {
			const char *name = classes.items[i].attrs[k].name;
			size_t j = 0;
			while (j < nattrs && strcmp(attrs[j], name) != 0)
				j++;
			if (j == nattrs)
				attrs[nattrs++] = name;
		}
	bool first = true;
	if (csv && !(rc = csv_fields(out, fixed, sizeof(fixed) / sizeof(fixed[0]), true)) &&
	    !(rc = csv_fields(out, attrs, nattrs, false)))
		rc = buf_puts(out, "\r\n");
	struct page p = {.limit = EXPORT_PAGE};
	struct ci_filter f = {0};
	char cursor[256];
	for (;;) {
		struct ci_list list;
		struct scratch page; /* one page's rows at a time, whatever the size of the CMDB */
		scratch_begin(c, &page);
		if (rc || (rc = ci_list(c, &f, &p, &list, err))) {
			scratch_end(c, &page);
			break;
		}
		for (size_t i = 0; !rc && i < list.count; i++) {
			const struct ci *k = &list.items[i];
			if (csv) {
				const char *v[] = {arena_printf(c->arena, "%lld", (long long)k->id),
						   k->external_id,
						   k->name,
						   k->class_name,
						   ci_status_name(k->status),
						   k->environment,
						   k->location,
						   k->owner,
						   k->group};
				rc = csv_fields(out, v, sizeof(v) / sizeof(v[0]), true);
				for (size_t j = 0; !rc && j < nattrs; j++) {
					const char *text = NULL;
					for (size_t q = 0; q < k->attr_count; q++)
						if (strcmp(k->attrs[q].name, attrs[j]) == 0)
							text = value_text(c->arena, &k->attrs[q]);
					rc = csv_put(out, text, false);
				}
				if (!rc)
					rc = buf_puts(out, "\r\n");
			} else {
				json_t *j =
					json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "id",
						  (json_int_t)k->id, "external_id", api_str(k->external_id), "name",
						  k->name, "class", k->class_name, "status", ci_status_name(k->status),
						  "environment", k->environment ? k->environment : "", "location",
						  k->location ? k->location : "", "owner", api_str(k->owner),
						  "support_group", api_str(k->group));
				for (size_t q = 0; j && q < k->attr_count; q++)
					json_object_set_new(j, k->attrs[q].name, value_json(&k->attrs[q]));
				rc = put_json(out, j, &first);
			}
		}
		if (!next_page(c, &page, list.next_cursor, cursor, sizeof(cursor)))
			break;
		p.cursor = cursor;
	}
	return export_end(out, csv, first, rc, err);
}

static enum sw_err export_relations(struct ctx *c, bool csv, struct buf *out, struct sw_error *err)
{
	enum sw_err rc = csv ? buf_puts(out, "from,type,to\r\n") : SW_OK;
	bool first = true;
	int64_t after = 0;
	for (;;) {
		struct ci_relation_list list;
		struct scratch page;
		scratch_begin(c, &page);
		if (rc || (rc = ci_relations_all(c, after, EXPORT_PAGE, &list, err))) {
			scratch_end(c, &page);
			break;
		}
		for (size_t i = 0; !rc && i < list.count; i++) {
			const struct ci_relation *x = &list.items[i];
			const char *from =
				x->from_name ? x->from_name : arena_printf(c->arena, "#%lld", (long long)x->from_id);
			const char *to = x->to_name ? x->to_name : arena_printf(c->arena, "#%lld", (long long)x->to_id);
			if (csv) {
				rc = csv_record(out, (const char *const[]){from, ci_rel_name(x->type), to}, 3);
			} else {
				rc = put_json(out,
					      json_pack("{s:s, s:s, s:s}", "from", from, "type", ci_rel_name(x->type),
							"to", to),
					      &first);
			}
			after = x->id;
		}
		size_t got = list.count;
		scratch_end(c, &page);
		if (got < EXPORT_PAGE)
			break;
	}
	return export_end(out, csv, first, rc, err);
}

static enum sw_err export_services(struct ctx *c, bool csv, struct buf *out, struct sw_error *err)
{
	static const char *const cols[] = {"id",          "name",          "kind",        "status",
					   "owner",       "support_group", "criticality", "availability_target",
					   "annual_cost", "cost_centre",   "risk",        "sla_policy",
					   "objectives",  "depends_on"};
	enum sw_err rc = csv ? csv_record(out, cols, sizeof(cols) / sizeof(cols[0])) : SW_OK;
	bool first = true;
	struct page p = {.limit = EXPORT_PAGE};
	struct service_filter f = {0};
	char cursor[256];
	for (;;) {
		struct service_list list;
		struct scratch page;
		scratch_begin(c, &page);
		if (rc || (rc = service_list(c, &f, &p, &list, err))) {
			scratch_end(c, &page);
			break;
		}
		for (size_t i = 0; !rc && i < list.count; i++) {
			struct service v;
			if ((rc = record_get(c, &service_kind, &(struct record_key){.id = list.items[i].id}, &v, err)))
				break;
			const char *target = v.availability_target
						     ? arena_printf(c->arena, "%d.%02d", v.availability_target / 100,
								    v.availability_target % 100)
						     : NULL;
			const char *cost =
				v.annual_cost >= 0 ? arena_printf(c->arena, "%lld", (long long)v.annual_cost) : NULL;
			const char *row[] = {arena_printf(c->arena, "%lld", (long long)v.id),
					     v.name,
					     service_kind_name(v.kind),
					     service_status_name(v.status),
					     v.owner,
					     v.group,
					     arena_printf(c->arena, "%d", v.criticality),
					     target,
					     cost,
					     v.cost_centre,
					     v.risk,
					     v.sla_policy,
					     arena_join(c->arena, v.objectives, v.objective_count, ";"),
					     arena_join(c->arena, v.depends_on, v.depends_on_count, ";")};
			if (csv) {
				rc = csv_record(out, row, sizeof(row) / sizeof(row[0]));
			} else {
				json_t *j = json_object();
				for (size_t q = 0; j && q < sizeof(row) / sizeof(row[0]); q++)
					json_object_set_new(j, cols[q], q == 0 ? json_integer(v.id) : api_str(row[q]));
				json_object_set_new(j, "objectives", api_strings(v.objectives, v.objective_count));
				json_object_set_new(j, "depends_on", api_strings(v.depends_on, v.depends_on_count));
				rc = put_json(out, j, &first);
			}
		}
		if (!next_page(c, &page, list.next_cursor, cursor, sizeof(cursor)))
			break;
		p.cursor = cursor;
	}
	return export_end(out, csv, first, rc, err);
}

enum sw_err cmdb_export(struct ctx *c, const char *kind, bool csv, struct buf *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	if (strcmp(kind, "cis") == 0)
		return export_cis(c, csv, out, err);
	if (strcmp(kind, "relations") == 0)
		return export_relations(c, csv, out, err);
	if (strcmp(kind, "services") == 0)
		return export_services(c, csv, out, err);
	return sw_fail(err, SW_ENOTFOUND, NULL, "no export of '%s' (cis, relations, services)", kind);
}

enum sw_err api_export(struct req *r, struct sw_error *err)
{
	const char *format = NULL;
	enum sw_err rc;
	if ((rc = api_query_str(r, "format", 10, &format, err)))
		return rc;
	bool csv = !format || strcmp(format, "csv") == 0; /* CSV unless asked otherwise */
	if (format && !csv && strcmp(format, "json") != 0) {
		return sw_param_fail(err, "format", "must be csv or json");
	}
	for (size_t i = 0; i < ticket_kind_count(); i++)
		if (strcmp(ticket_kind_at(i)->path, req_param(r, "kind")) == 0)
			return api_ticket_export(r, ticket_kind_at(i), csv, err);
	if ((rc = api_query_allowed(r, "format", err)))
		return rc;
	struct buf out;
	buf_init(&out, 256u * 1024 * 1024);
	if ((rc = cmdb_export(&r->ctx, req_param(r, "kind"), csv, &out, err))) {
		buf_release(&out);
		return rc;
	}
	http_header(
		r, "Content-Disposition",
		arena_printf(&r->arena, "attachment; filename=\"%s.%s\"", req_param(r, "kind"), csv ? "csv" : "json"));
	rc = http_reply(r, 200, csv ? "text/csv; charset=utf-8" : "application/json", buf_cstr(&out), out.len, err);
	buf_release(&out);
	return rc;
}
