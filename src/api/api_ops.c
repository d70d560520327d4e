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
