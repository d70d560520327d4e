/*
 * server.c — libmicrohttpd glue: accepting requests, enforcing transport
 * limits, routing, authentication, CSRF and the role gate, then calling
 * the api/ handler and sending its answer with Steward's headers.
 *
 * Life of a request (MHD calls the access handler several times):
 *   1st call: allocate the request context, match the route, check method,
 *             media type and Content-Length.  Never answer here for a good
 *             request: answering on the first call makes MHD close the
 *             connection and costs keep-alive.  The exception is a body we
 *             refuse when the client waits for 100 Continue, or whose
 *             Content-Length is far over the limit (refuse_body_now): it
 *             is answered at once, so the body is neither invited nor
 *             read, and the connection closes.
 *   data calls: append body bytes up to the route's limit.
 *   last call: authenticate, check CSRF and role, run the handler, answer.
 * The context is freed in the completion callback, which also keeps the
 * in-flight count that graceful shutdown waits on.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <sodium.h>

#include "base/limits.h"
#include "base/log.h"
#include "base/util.h"
#include "http/http_int.h"
#include "base/banned.h"

#define SESSION_COOKIE "steward_session"

static atomic_int in_flight;
static atomic_uint_fast64_t request_seq;
/* "timeout=N": how long the server keeps an idle connection (head_timeout,
 * guard.c), so that clients which read it (undici, for one) close theirs
 * first instead of sending a request into one being closed; set once
 * before the daemon starts, "" without a deadline */
static char keep_alive[32];

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
			  "form-action 'self'; frame-ancestors 'none'";

/* ---- request accessors ----------------------------------------------------- */

const char *req_param(const struct req *r, const char *name)
{
	for (int i = 0; i < r->param_count; i++)
		if (strcmp(r->param_names[i], name) == 0)
			return r->param_values[i];
	return NULL;
}

const char *req_query(const struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_query_n(const struct req *r, const char *name, size_t *len)
{
	const char *v = NULL;
	size_t n = 0;
	if (MHD_lookup_connection_value_n(r->conn, MHD_GET_ARGUMENT_KIND, name, strlen(name), &v, &n) != MHD_YES)
		return NULL;
	*len = v ? n : 0;
	return v ? v : "";
}

const char *req_header(const struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_client_address(struct req *r)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char peer[INET6_ADDRSTRLEN] = "-";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, peer,
				  sizeof(peer));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, peer,
				  sizeof(peer));
	}
	const char *fwd = r->app->trusted_proxy && strcmp(peer, r->app->trusted_proxy) == 0
				  ? req_header(r, "X-Forwarded-For")
				  : NULL;
	if (fwd) {
		/* the proxy appends the address it saw: the last entry */
		const char *last = strrchr(fwd, ',');
		last = last ? last + 1 : fwd;
		while (*last == ' ' || *last == '\t')
			last++;
		size_t n = strcspn(last, " \t");
		char addr[INET6_ADDRSTRLEN];
		unsigned char bin[sizeof(struct in6_addr)];
		if (n > 0 && n < sizeof(addr)) {
			memcpy(addr, last, n);
			addr[n] = 0;
			if (inet_pton(AF_INET, addr, bin) == 1 || inet_pton(AF_INET6, addr, bin) == 1)
				return arena_strdup(&r->arena, addr);
		}
	}
	return arena_strdup(&r->arena, peer);
}

struct each_ctx {
	bool (*fn)(void *arg, const char *key, const char *value);
	void *arg;
	bool ok;
};

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct each_ctx *e = cls;
	if (!e->fn(e->arg, key, value ? value : "")) {
		e->ok = false;
		return MHD_NO;
	}
	return MHD_YES;
}

bool req_query_each(const struct req *r, bool (*fn)(void *arg, const char *key, const char *value), void *arg)
{
	struct each_ctx e = {fn, arg, true};
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, each_arg, &e);
	return e.ok;
}

/* ---- answers made later (http_defer) ----------------------------------------- */

/* Suspending first, before another thread can hear of r, keeps a resume
 * from coming before its suspend (which libmicrohttpd forbids); a resume
 * that comes while the access handler is still running is taken by the
 * connection's thread once it returns. */
void http_defer(struct req *r, enum sw_err (*then)(struct req *r, void *arg, struct sw_error *err), void *arg)
{
	r->deferred = then;
	r->deferred_arg = arg;
	MHD_suspend_connection(r->conn);
}

void http_resume(struct req *r)
{
	MHD_resume_connection(r->conn);
}

/* ---- routing --------------------------------------------------------------- */

/* Find the route; SW_ENOTFOUND or SW_EMETHOD (with Allow) when none fits. */
static enum sw_err route(struct req *r, struct sw_error *err)
{
	struct route_match m;
	enum sw_err rc = http_route_match(&r->app->ops->routes, &r->arena, r->method, r->path, &m);
	if (rc == SW_EMETHOD) {
		http_header(r, "Allow", arena_strdup(&r->arena, m.allow));
		return sw_fail(err, SW_EMETHOD, NULL, "%s is not allowed here; use %s", r->method, m.allow);
	}
	if (rc)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no such resource");
	r->route = m.route;
	r->route_index = m.index;
	r->param_count = m.count;
	for (int i = 0; i < m.count; i++) {
		r->param_names[i] = m.names[i];
		r->param_values[i] = m.values[i];
	}
	return SW_OK;
}

/* OPTIONS: 204 with the methods the path takes (or, for "*", the server
 * does), on any path that has a route.  No CORS headers: a cross-origin
 * page gets no permission from this (docs/security.md). */
static enum sw_err options(struct req *r, struct sw_error *err)
{
	const char *allow = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
	if (strcmp(r->path, "*") != 0) {
		struct route_match m;
		if (http_route_match(&r->app->ops->routes, &r->arena, r->method, r->path, &m) != SW_EMETHOD)
			return sw_fail(err, SW_ENOTFOUND, NULL, "no such resource");
		allow = arena_strdup(&r->arena, m.allow);
	}
	http_header(r, "Allow", allow);
	return http_reply(r, 204, NULL, NULL, 0, err);
}

/* Transport checks that need no body: done on the first call. */
static enum sw_err precheck(struct req *r, struct sw_error *err)
{
	if (strcmp(r->method, "OPTIONS") == 0)
		return options(r, err);
	enum sw_err rc = route(r, err);
	if (rc)
		return rc;
	const char *cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	int64_t len = 0;
	if (cl && parse_int64(cl, strlen(cl), 0, INT64_MAX, &len))
		return sw_fail(err, SW_EBADREQ, NULL, "Content-Length is not a number");
	if (len > 0 && r->route->body_max == 0)
		return sw_fail(err, SW_ETOOLARGE, NULL, "this request takes no body");
	if ((size_t)len > r->route->body_max)
		return sw_fail(err, SW_ETOOLARGE, NULL, "the body is larger than %zu bytes", r->route->body_max);
	if (len > 0 && !http_media_ok(r->route->media, req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE)))
		return sw_fail(err, SW_EMEDIA, NULL, "the body must be %s", r->route->media);
	return SW_OK;
}

/* ---- authentication and the gates before a handler -------------------------- */

static enum sw_err authenticate(struct req *r, struct sw_error *err)
{
	const char *authz = req_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	if (authz) {
		const char *token = http_bearer(authz);
		if (!token)
			return sw_fail(err, SW_EAUTH, NULL, "the Authorization header must be 'Bearer <token>'");
		enum sw_err rc = r->app->ops->bearer(&r->ctx, token, &r->ctx.actor, err);
		if (rc)
			return rc;
		r->authenticated = true;
		return SW_OK;
	}
	char cookie[LIMIT_SECRET_MAX + 8];
	if (!http_cookie(req_header(r, "Cookie"), SESSION_COOKIE, cookie, sizeof(cookie)))
		return SW_OK;
	struct sw_error ignore;
	sw_error_clear(&ignore);
	enum sw_err rc = r->app->ops->session(&r->ctx, cookie, &r->ctx.actor, &ignore);
	if (rc == SW_EAUTH)
		return SW_OK; /* a stale cookie is just no session */
	if (rc)
		return sw_fail(err, rc, NULL, "%s", ignore.detail);
	/* the session's secret is what its CSRF token is checked against: a
	 * request authenticated by it must carry it */
	if (!(r->session = arena_strdup(&r->arena, cookie)))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	r->authenticated = true;
	return SW_OK;
}

/*
 * Whether a request the first call refused (err) is answered at once,
 * which makes MHD skip 100 Continue and the body and close the connection.
 * So it is when the client waits for 100 Continue before sending a body,
 * and when Content-Length is far over the limit.  A body a little over it
 * is read and dropped first: a client that sends its body straight away
 * (browsers, fetch) and is answered mid-send gets a reset, not the 413.
 */
static bool refuse_body_now(const struct req *r, const struct sw_error *err)
{
	const char *cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	bool body = (cl && strcmp(cl, "0") != 0) || req_header(r, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	const char *expect = req_header(r, MHD_HTTP_HEADER_EXPECT);
	if (body && expect && strcasecmp(expect, "100-continue") == 0)
		return true;
	int64_t len = 0;
	size_t max = r->route ? r->route->body_max : 0;
	return err->code == SW_ETOOLARGE && cl && !parse_int64(cl, strlen(cl), 0, INT64_MAX, &len) &&
	       (uint64_t)len > (uint64_t)max + LIMIT_BODY_DISCARD;
}

/* The gates of a request and its handler, once the application has opened it. */
static enum sw_err gate_and_handle(struct req *r, struct sw_error *err)
{
	const struct route *rt = r->route;
	enum sw_err rc;
	if (!rt->own_token && (rc = authenticate(r, err)))
		return rc;
	if (rt->auth == ROUTE_USER) {
		if (!r->authenticated)
			return sw_fail(err, SW_EAUTH, NULL, "log in or send an API token");
		if (r->session && !http_safe_method(r->method) &&
		    !r->app->ops->csrf_valid(r->session, req_header(r, "X-CSRF-Token")))
			return sw_fail(err, SW_EFORBIDDEN, "csrf", "the X-CSRF-Token header is missing or wrong");
		if (r->ctx.actor.role < rt->min_role)
			return sw_fail(err, SW_EFORBIDDEN, NULL, "this needs the %s role", role_name(rt->min_role));
	}
	rc = rt->handler(r, err);
	if (!rc && !r->answered && !r->deferred)
		rc = sw_fail(err, SW_EINTERNAL, NULL, "handler gave no answer");
	return rc;
}

static void dispatch(struct req *r, struct sw_error *err)
{
	enum sw_err rc = r->app->ops->open(r, err);
	if (!rc) {
		rc = gate_and_handle(r, err);
		r->app->ops->handled(r);
	}
	if (!rc)
		return;
	if (!err->code)
		err->code = rc;
	http_problem(r, err);
}

/* ---- MHD callbacks ---------------------------------------------------------- */

/* The value of a header the answer carries (http_header), or NULL. */
static const char *answer_header(const struct req *r, const char *name)
{
	for (int i = 0; i < r->header_count; i++)
		if (strcasecmp(r->header_names[i], name) == 0)
			return r->header_values[i];
	return NULL;
}

static void add_common_headers(struct MHD_Response *resp, const struct req *r)
{
	if (!answer_header(r,
			   "Content-Security-Policy")) /* a page with a stricter policy of its own (the status page) */
		MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	if (!answer_header(r, "Cache-Control")) /* the web UI's files revalidate instead */
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Request-Id", r->request_id);
	if (keep_alive[0])
		MHD_add_response_header(resp, "Keep-Alive", keep_alive);
}

/* Text that compresses: JSON (problem documents included) and text/ types,
 * but not an event stream (events.c writes it as it goes) nor a download
 * (Content-Disposition: attachments and exports go out as they are). */
static bool compressible(const struct req *r)
{
	const char *ct = r->content_type;
	if (!ct || r->stream || r->pull || r->body_ref || answer_header(r, "Content-Disposition"))
		return false;
	if (strncmp(ct, "text/", 5) == 0)
		return strncmp(ct, "text/event-stream", 17) != 0;
	return strstr(ct, "json") != NULL;
}

/*
 * gzip for a client that takes it, from GZIP_MIN_LEN bytes, with
 * Vary: Accept-Encoding on every answer that could have been compressed
 * (GZIP_ANSWER_LEVEL says why level 1).  A record's ETag (its version) is
 * not changed: it names the version, not the bytes, and If-Match takes it
 * as such (docs/api.md).
 */
static void compress_answer(struct req *r)
{
	if (!compressible(r))
		return;
	http_header(r, "Vary", "Accept-Encoding");
	if (r->out.len < GZIP_MIN_LEN || !http_accepts_gzip(req_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING)))
		return;
	unsigned char *gz;
	size_t n;
	if (gzip_compress(r->out.ptr, r->out.len, GZIP_ANSWER_LEVEL, &gz, &n))
		return; /* sent as it is */
	if (n < r->out.len) {
		buf_reset(&r->out); /* keeps its memory, which holds n bytes */
		if (buf_append(&r->out, gz, n) == SW_OK)
			http_header(r, "Content-Encoding", "gzip");
	}
	free(gz);
}

/*
 * Conditional GET (RFC 9110 13.1.2): a GET or HEAD whose If-None-Match
 * names the ETag of the 200 it would get is answered 304 with the same
 * validators and no content.  The handler has run (a record's ETag is its
 * version, known only once it is read); only the transfer is saved.  The
 * body stays in the response: MHD sends no content with a 304 but takes
 * Content-Length from it, which must then be the 200's (RFC 9110 8.6), not
 * 0.  Content-Type goes (representation metadata a 304 need not repeat).
 */
static void not_modified(struct req *r)
{
	if (r->status != 200 || r->stream || r->pull ||
	    (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0))
		return;
	if (!http_etag_match(req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH), answer_header(r, "ETag")))
		return;
	r->status = 304;
	r->content_type = NULL;
}

/* The content of a HEAD answer to an event stream: none, and no length
 * either (the stream has none).  MHD 0.9.75 would still send the last
 * chunk of a chunked answer to HEAD, so this one is delimited by closing
 * the connection instead (RFC 9112 6.1 leaves Transfer-Encoding in a HEAD
 * answer optional). */
static ssize_t no_content(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)cls;
	(void)pos;
	(void)buf;
	(void)max;
	return MHD_CONTENT_READER_END_OF_STREAM;
}

/* MHD's reader of a pulled body (http_reply_pull): what is left of the
 * chunk made last, else the next one. */
static ssize_t pull_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct req *r = cls;
	while (r->pull_sent >= r->out.len) {
		if (r->pull_done)
			return MHD_CONTENT_READER_END_OF_STREAM;
		buf_reset(&r->out);
		r->pull_sent = 0;
		struct sw_error err;
		sw_error_clear(&err);
		if (r->pull(r, r->pull_arg, &r->out, &r->pull_done, &err) != SW_OK) {
			log_msg(LOG_WARN, "streamed answer cut short", "request_id", LOG_STR, r->request_id, "detail",
				LOG_STR, err.detail, (char *)0);
			return MHD_CONTENT_READER_END_WITH_ERROR;
		}
	}
	size_t n = r->out.len - r->pull_sent;
	if (n > max)
		n = max;
	memcpy(buf, r->out.ptr + r->pull_sent, n);
	r->pull_sent += n;
	return (ssize_t)n;
}

static struct MHD_Response *make_response(struct req *r)
{
	if (r->pull && strcmp(r->method, "HEAD") != 0)
		return MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 32 * 1024, pull_read, r, NULL);
	if (r->stream && strcmp(r->method, "HEAD") == 0) {
		event_stream_abandon(r);
		struct MHD_Response *resp =
			MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64, no_content, NULL, NULL);
		if (resp)
			MHD_set_response_options(resp, MHD_RF_HTTP_1_0_COMPATIBLE_STRICT, MHD_RO_END);
		return resp;
	}
	if (r->stream)
		return event_stream_response(r);
	if (r->body_ref)
		return MHD_create_response_from_buffer(r->body_ref_len, (void *)r->body_ref, MHD_RESPMEM_PERSISTENT);
	return MHD_create_response_from_buffer(r->out.len, (void *)buf_cstr(&r->out), MHD_RESPMEM_MUST_COPY);
}

static enum MHD_Result send_answer(struct MHD_Connection *conn, struct req *r)
{
	compress_answer(r); /* first: a 304's Content-Length is the 200's */
	not_modified(r);
	struct MHD_Response *resp = make_response(r);
	if (!resp)
		return MHD_NO;
	add_common_headers(resp, r);
	if (r->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	for (int i = 0; i < r->header_count; i++)
		MHD_add_response_header(resp, r->header_names[i], r->header_values[i]);
	enum MHD_Result ok = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	r->queued = true;

	int64_t dur = time_mono_ns() - r->start_ns;
	metrics_request(r->route ? r->route_index : -1, r->method, r->status, dur);
	const char *logged = r->route && r->route->secret_path ? r->route->pattern : r->path;
	log_msg(r->status >= 500 ? LOG_ERROR : LOG_INFO, "request", "request_id", LOG_STR, r->request_id, "method",
		LOG_STR, r->method, "path", LOG_STR, logged, "status", LOG_INT, (int64_t)r->status, "duration_us",
		LOG_INT, (int64_t)(dur / 1000), "user", LOG_STR, r->ctx.actor.login, (char *)0);
	return ok;
}

static void answer_error(struct req *r, struct sw_error *err)
{
	http_problem(r, err);
	if (r->status >= 500)
		log_msg(LOG_ERROR, "request failed", "request_id", LOG_STR, r->request_id, "error", LOG_STR,
			err->detail, (char *)0);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	(void)version;
	struct req *r = *con_cls;
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return MHD_NO;
		atomic_fetch_add(&in_flight, 1);
		*con_cls = r;
		r->app = cls;
		r->conn = conn;
		r->start_ns = time_mono_ns();
		arena_init(&r->arena, LIMIT_ARENA);
		buf_init(&r->out, LIMIT_RESPONSE);
		unsigned char rnd[6];
		randombytes_buf(rnd, sizeof(rnd));
		uint64_t seq = atomic_fetch_add(&request_seq, 1) + 1;
		char hex[13];
		hex_encode(rnd, sizeof(rnd), hex);
		snprintf(r->request_id, sizeof(r->request_id), "%s%06llx", hex, (unsigned long long)(seq & 0xffffff));
		r->method = method;
		r->path = url;
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
		r->guard = ci ? ci->socket_context : NULL;
		guard_head_done(r->guard);
		struct sw_error err;
		sw_error_clear(&err);
		if (strlen(url) > LIMIT_URL_LEN) {
			sw_fail(&err, SW_EBADREQ, NULL, "the URL is too long");
			answer_error(r, &err);
		} else if (precheck(r, &err)) {
			answer_error(r, &err);
			if (refuse_body_now(r, &err))
				return send_answer(conn, r);
		} else if (!r->answered) {
			buf_init(&r->body, r->route->body_max ? r->route->body_max : 1);
		}
		return MHD_YES;
	}
	if (r->queued)
		return MHD_YES;
	if (*upload_data_size) {
		guard_body(r->guard, *upload_data_size);
		if (!r->answered && !r->body_too_large && buf_append(&r->body, upload_data, *upload_data_size) != SW_OK)
			r->body_too_large = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	guard_busy(r->guard);
	if (r->deferred) { /* resumed (http_resume): the answer made now */
		if (!r->answered) {
			struct sw_error err;
			sw_error_clear(&err);
			enum sw_err rc = r->deferred(r, r->deferred_arg, &err);
			if (!rc && !r->answered)
				rc = sw_fail(&err, SW_EINTERNAL, NULL, "handler gave no answer");
			if (rc) {
				if (!err.code)
					err.code = rc;
				answer_error(r, &err);
			}
		}
		return send_answer(conn, r);
	}
	if (!r->answered) {
		struct sw_error err;
		sw_error_clear(&err);
		if (r->body_too_large) {
			sw_fail(&err, SW_ETOOLARGE, NULL, "the body is larger than %zu bytes", r->route->body_max);
			answer_error(r, &err);
		} else if (r->body.len &&
			   !http_media_ok(r->route->media, req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE))) {
			sw_fail(&err, SW_EMEDIA, NULL, "the body must be %s", r->route->media);
			answer_error(r, &err);
		} else {
			dispatch(r, &err);
			if (r->status >= 500 && err.code)
				log_msg(LOG_ERROR, "request failed", "request_id", LOG_STR, r->request_id, "error",
					LOG_STR, err.detail, (char *)0);
		}
	}
	if (r->deferred && !r->answered)
		return MHD_YES; /* suspended: answered once resumed */
	return send_answer(conn, r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct req *r = *con_cls;
	if (!r)
		return;
	guard_next(r->guard);  /* the next request's head is on the clock from now */
	r->app->ops->close(r); /* rolls back what a handler left open */
	event_stream_abandon(r);
	buf_release(&r->body);
	buf_release(&r->out);
	arena_release(&r->arena);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct guard *g = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = guard_open(g, ci ? ci->connect_fd : -1);
		metrics_connection(1);
	} else {
		guard_close(g, *socket_context);
		*socket_context = NULL;
		metrics_connection(-1);
	}
}

/* Room for the connection limit in descriptors: the soft limit is often
 * 1024 while the hard one allows far more. */
static void raise_fd_limit(rlim_t want)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
}

__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = 0;
	log_msg(LOG_WARN, "http", "detail", LOG_STR, msg, (char *)0);
}

enum sw_err server_run(struct app *app, const struct server_options *opt, struct sw_error *err)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opt->port)};
	if (inet_pton(AF_INET, opt->address, &sa.sin_addr) != 1)
		return sw_fail(err, SW_EINVALID, NULL, "listen address '%s' is not an IPv4 address", opt->address);

	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	http_assets_init(); /* the web UI's ETags, before the first request */
	/* An idle keep-alive connection is closed at head_timeout (guard.c).  A
	 * client that reuses one just as it closes sees its request fail, so
	 * clients are told half of it: they drop idle connections well before
	 * the server does, whatever the scheduling delays on either side. */
	keep_alive[0] = 0;
	if (opt->head_timeout_ms >= 2000)
		snprintf(keep_alive, sizeof(keep_alive), "timeout=%lld", (long long)(opt->head_timeout_ms / 2000));
	struct guard_config gc = {.head_timeout_ms = opt->head_timeout_ms, .body_min_rate = opt->body_min_rate};
	struct guard *guard = guard_new(&gc);
	if (!guard)
		return sw_fail(err, SW_ENOMEM, NULL, "cannot start the connection watchdog");
	raise_fd_limit(LIMIT_CONNECTIONS + 256);

	/* suspend/resume: event streams wait outside the event loops (events.c) */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
			 MHD_ALLOW_SUSPEND_RESUME;
	/* clang-format off */
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, (uint16_t)opt->port, NULL, NULL, on_request, app,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(opt->threads > 0 ? opt->threads : 4),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, guard,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)LIMIT_IDLE_S,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)LIMIT_CONNECTIONS,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, opt->connections_per_addr,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(LIMIT_HEADER_LEN * 4),
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
		MHD_OPTION_END);
	/* clang-format on */
	if (!d) {
		guard_free(guard);
		return sw_fail(err, SW_EIO, NULL, "cannot listen on %s:%d (in use, or not permitted)", opt->address,
			       opt->port);
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	int port = info ? info->port : opt->port;
	log_msg(LOG_INFO, "listening", "address", LOG_STR, opt->address, "port", LOG_INT, (int64_t)port, "threads",
		LOG_INT, (int64_t)opt->threads, "version", LOG_STR, app->version, (char *)0);

	int sig = 0;
	sigwait(&sigs, &sig);
	log_msg(LOG_INFO, "shutting down", "signal", LOG_STR, sig == SIGINT ? "SIGINT" : "SIGTERM", (char *)0);
	MHD_quiesce_daemon(d); /* stop accepting; in-flight requests go on */
	if (app->ops->quiesced)
		app->ops->quiesced(); /* no request is left suspended when the daemon stops */
	if (app->events)
		event_hub_close(app->events); /* event streams end now: they would never finish */
	for (int i = 0; i < 3000 && atomic_load(&in_flight) > 0; i++) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	int left = atomic_load(&in_flight);
	MHD_stop_daemon(d);
	guard_free(guard); /* every connection has been closed */
	log_msg(LOG_INFO, "stopped", "unfinished_requests", LOG_INT, (int64_t)left, (char *)0);
	return SW_OK;
}
