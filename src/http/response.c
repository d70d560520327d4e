/*
 * response.c — building responses: headers, JSON bodies, and the one place
 * where error codes become HTTP statuses and application/problem+json.
 */
#include <stdio.h>
#include <string.h>

#include "base/jsonw.h"
#include "base/limits.h"
#include "http/http.h"
#include "base/banned.h"

static const int statuses[SW_ERR__COUNT] = {
	[SW_OK] = 200,       [SW_EBADREQ] = 400,   [SW_EAUTH] = 401,      [SW_EFORBIDDEN] = 403, [SW_ENOTFOUND] = 404,
	[SW_EMETHOD] = 405,  [SW_ECONFLICT] = 409, [SW_ESTALE] = 412,     [SW_ETOOLARGE] = 413,  [SW_EMEDIA] = 415,
	[SW_EINVALID] = 422, [SW_EPRECOND] = 428,  [SW_ETHROTTLED] = 429, [SW_EBUSY] = 503,      [SW_EDB] = 500,
	[SW_ENOMEM] = 500,   [SW_EINTERNAL] = 500, [SW_EIO] = 500,
};

int http_status_of(enum sw_err code)
{
	if ((int)code < 0 || code >= SW_ERR__COUNT || !statuses[code])
		return 500;
	return statuses[code];
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 412: return "Precondition Failed";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 428: return "Precondition Required";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

void http_header(struct req *r, const char *name, const char *value)
{
	if (r->header_count < REQ_HEADERS_MAX && name && value) {
		r->header_names[r->header_count] = name;
		r->header_values[r->header_count] = value;
		r->header_count++;
	}
}

enum sw_err http_reply(struct req *r, int status, const char *content_type, const char *body, size_t len,
		       struct sw_error *err)
{
	buf_reset(&r->out);
	r->body_ref = NULL;
	r->body_ref_len = 0;
	if (len && buf_append(&r->out, body, len))
		return sw_fail(err, SW_ETOOLARGE, NULL, "the response is too large");
	r->status = status;
	r->content_type = content_type;
	r->answered = true;
	return SW_OK;
}

enum sw_err http_reply_pull(struct req *r, int status, const char *content_type,
			    enum sw_err (*fill)(struct req *r, void *arg, struct buf *out, bool *done,
						struct sw_error *err),
			    void *arg, struct sw_error *err)
{
	(void)err;
	buf_reset(&r->out);
	r->body_ref = NULL;
	r->body_ref_len = 0;
	r->pull = fill;
	r->pull_arg = arg;
	r->pull_sent = 0;
	r->pull_done = false;
	r->status = status;
	r->content_type = content_type;
	r->answered = true;
	return SW_OK;
}

void http_problem(struct req *r, const struct sw_error *err)
{
	int status = http_status_of(err->code);
	struct buf b = BUF_INIT(LIMIT_BODY_JSON);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_obj_open(&w);
	char type[80];
	snprintf(type, sizeof(type), "urn:steward:problem:%s", err->type[0] ? err->type : sw_err_name(err->code));
	jsonw_kstr(&w, "type", type);
	jsonw_kstr(&w, "title", status_title(status));
	jsonw_kint(&w, "status", status);
	/* internal failures keep their detail in the log, not on the wire */
	jsonw_kstr(&w, "detail",
		   status >= 500 && status != 503 ? "the server failed to handle this request; see its log"
						  : err->detail);
	jsonw_kstr(&w, "request_id", r->request_id);
	if (err->field_count) {
		jsonw_key(&w, "errors");
		jsonw_arr_open(&w);
		for (int i = 0; i < err->field_count; i++) {
			jsonw_obj_open(&w);
			jsonw_kstr(&w, "field", err->fields[i].field);
			jsonw_kstr(&w, "detail", err->fields[i].detail);
			jsonw_obj_close(&w);
		}
		jsonw_arr_close(&w);
	}
	if (err->code == SW_ESTALE && err->current_version)
		jsonw_kint(&w, "current_version", err->current_version);
	/* an extra member some problems carry, pre-rendered by the handler */
	if (r->problem_key && r->problem_json) {
		jsonw_key(&w, r->problem_key);
		jsonw_raw(&w, r->problem_json);
	}
	jsonw_obj_close(&w);
	if (!w.err) {
		struct sw_error ignore;
		http_reply(r, status, "application/problem+json", buf_cstr(&b), b.len, &ignore);
	} else {
		r->status = 500;
		r->content_type = "application/problem+json";
		r->answered = true;
	}
	buf_release(&b);
	r->status = status;
}
