/*
 * api_ops.c — operational endpoints: /healthz, /metrics and the OpenAPI
 * document.
 */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "base/banned.h"

enum sw_err api_health(struct req *r, struct sw_error *err)
{
	struct sw_error dberr;
	sw_error_clear(&dberr);
	if (db_ping(r->app->db, &dberr)) {
		static const char down[] = "{\"status\":\"unavailable\",\"database\":\"down\"}";
		return http_reply(r, 503, "application/json", down, sizeof(down) - 1, err);
	}
	static const char up[] = "{\"status\":\"ok\",\"database\":\"ok\"}";
	return http_reply(r, 200, "application/json", up, sizeof(up) - 1, err);
}

enum sw_err api_metrics(struct req *r, struct sw_error *err)
{
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	enum sw_err rc = metrics_render(&b);
	if (!rc)
		rc = http_reply(r, 200, "text/plain; version=0.0.4", buf_cstr(&b), b.len, err);
	else
		sw_fail(err, rc, NULL, "metrics did not fit");
	buf_release(&b);
	return rc;
}

enum sw_err api_openapi(struct req *r, struct sw_error *err)
{
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	enum sw_err rc = openapi_render(&b, r->app->version);
	if (!rc)
		rc = http_reply(r, 200, "application/json", buf_cstr(&b), b.len, err);
	else
		sw_fail(err, rc, NULL, "the OpenAPI document did not render");
	buf_release(&b);
	return rc;
}

/* What a browser sees at the root until the web UI is served there: where
 * things are.  Static, no script, so the strict CSP holds. */
static const char index_html[] =
	"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Steward</title></head>\n"
	"<body><h1>Steward is running</h1>\n"
	"<p>This server speaks a JSON API. Start with:</p>\n<ul>\n"
	"<li><a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a> &mdash; the OpenAPI 3.1 description of every "
	"route</li>\n"
	"<li><code>POST /api/v1/auth/login</code> with <code>{\"login\", \"password\"}</code>, or a bearer token from "
	"<code>steward token create</code></li>\n"
	"<li><a href=\"/healthz\">/healthz</a> and <a href=\"/metrics\">/metrics</a> for operations</li>\n"
	"</ul>\n</body></html>\n";

enum sw_err api_index(struct req *r, struct sw_error *err)
{
	return http_reply(r, 200, "text/html; charset=utf-8", index_html, sizeof(index_html) - 1, err);
}
