/*
 * api_ops.c — operational endpoints: /healthz, /metrics and the OpenAPI
 * document.
 */
#include <string.h>

#include "api/api.h"
#include "base/embed.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "base/banned.h"

enum sw_err api_health(struct req *r, struct sw_error *err)
{
	if (!r->app->ops->healthy(r)) {
		static const char down[] = "{\"status\":\"unavailable\",\"database\":\"down\"}";
		return http_reply(r, 503, "application/json", down, sizeof(down) - 1, err);
	}
	static const char up[] = "{\"status\":\"ok\",\"database\":\"ok\"}";
	return http_reply(r, 200, "application/json", up, sizeof(up) - 1, err);
}

/* Answer 200 with what was rendered into b (rc its outcome; failed says
 * what did not render), and release b. */
static enum sw_err reply_rendered(struct req *r, struct buf *b, enum sw_err rc, const char *media, const char *failed,
				  struct sw_error *err)
{
	if (!rc)
		rc = http_reply(r, 200, media, buf_cstr(b), b->len, err);
	else
		sw_fail(err, rc, NULL, "%s", failed);
	buf_release(b);
	return rc;
}

enum sw_err api_metrics(struct req *r, struct sw_error *err)
{
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	enum sw_err rc = metrics_render(&b, r->app);
	return reply_rendered(r, &b, rc, "text/plain; version=0.0.4", "metrics did not fit", err);
}

enum sw_err api_openapi(struct req *r, struct sw_error *err)
{
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	enum sw_err rc = openapi_render(&b, r->app);
	return reply_rendered(r, &b, rc, "application/json", "the OpenAPI document did not render", err);
}

/* The web UI: embedded files (web/, built into the binary), the shell at
 * "/" and the rest under /app/.  Only external scripts and styles, so the
 * strict CSP holds. */
static const struct embedded_file *web_file(const char *name)
{
	for (const struct embedded_file *f = embedded_web; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static const char *media_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (dot && strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	return "text/html; charset=utf-8";
}

enum sw_err api_index(struct req *r, struct sw_error *err)
{
	const struct embedded_file *f = web_file("index.html");
	if (!f)
		return sw_fail(err, SW_EINTERNAL, NULL, "the web UI is not built in");
	return http_reply_asset(r, f, media_type(f->name), err);
}

enum sw_err api_asset(struct req *r, struct sw_error *err)
{
	const char *name = req_param(r, "file");
	const struct embedded_file *f = strcmp(name, "index.html") ? web_file(name) : NULL;
	if (!f)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no file '%s'", name);
	return http_reply_asset(r, f, media_type(f->name), err);
}
