/*
 * http.h — the request context and route table shared by http/ and api/.
 *
 * http/ owns transport: limits, routing, authentication, CSRF, role gate,
 * security headers, logging and metrics.  A handler in api/ receives a
 * struct req whose body is complete and within the route's limit, whose
 * caller is authenticated as the route demands, and whose ctx is ready for
 * core.  It answers with http_reply() (or http_reply_bytes()) or returns an
 * error code with err filled; problem+json rendering is central
 * (http_problem in response.c).
 */
#ifndef SW_HTTP_HTTP_H
#define SW_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "core/core.h"
#include "db/db.h"
#include "store/store.h"

struct req;
typedef enum sw_err (*http_handler)(struct req *r, struct sw_error *err);

enum route_auth {
	ROUTE_PUBLIC, /* no authentication */
	ROUTE_USER,   /* any authenticated user; role below */
};

struct route {
	const char *method;  /* "GET", "POST", "PATCH", "DELETE" */
	const char *pattern; /* "/api/v1/incidents/{number}" */
	http_handler handler;
	enum route_auth auth;
	enum role min_role;  /* checked when auth is ROUTE_USER */
	size_t body_max;     /* 0: no body accepted */
	const char *media;   /* required request media type with a body: "application/json" or "*" */
	const char *summary; /* for the OpenAPI document */
	const char *tag;
	int status; /* success status, for the OpenAPI document */
	/* For the OpenAPI document: the body the route takes and the one it
	 * answers with: a component name ("User"; "list:User" for a page of
	 * them), or one of the bodies that are not JSON, written in openapi.c:
	 * "html", "asset" (the UI's scripts and styles), "metrics", "openapi",
	 * "file" (an attachment, in its own media type), "import" (CSV or a
	 * JSON array), "export" (the same, answered), "events" (the event
	 * stream), "ical" (an iCalendar feed), "atom" (an Atom feed), "form" (a browser's
	 * form post, application/x-www-form-urlencoded).  NULL: none. */
	const char *request_schema;
	const char *response_schema;
	const char *query; /* comma-separated query parameters it accepts, or NULL */
	/* Whether the handler reads If-Match (optimistic concurrency), for the
	 * OpenAPI document: ROUTE_IF_MATCH_REQUIRED answers 412 without it. */
	enum { ROUTE_NO_IF_MATCH, ROUTE_IF_MATCH_OPTIONAL, ROUTE_IF_MATCH_REQUIRED } if_match;
	const struct api_schema *input; /* the field table that decodes the JSON body (api/), or NULL */
	const void *arg;                /* for a handler that serves several routes: a ticket kind, a record resource */
	/* For the OpenAPI document: the 4XX statuses the handler answers that
	 * the columns above do not imply (openapi.c derives the rest), e.g.
	 * "401,429" for the login that checks credentials and is throttled.
	 * Comma-separated; NULL: none. */
	const char *problems;
	/* The path carries a secret (a feed's token): the request log shows
	 * the route's pattern instead of the path. */
	bool secret_path;
	/* The handler checks the Authorization header itself (an event
	 * source's bearer token, not a user's): http/ leaves it alone.  Such
	 * a route is ROUTE_PUBLIC; the OpenAPI document gives it bearer
	 * security. */
	bool own_token;
	/* A page for people that needs their session (an approval link's):
	 * without one it answers 303 to the web UI's login, which comes back
	 * to it.  ROUTE_PUBLIC to the router; for the OpenAPI document. */
	bool login_redirect;
};

/* The routes a server answers: a table ended by an entry with method NULL,
 * and how many come before it.  The application's (api/routes.c:
 * api_routes()); immutable while a server runs. */
struct route_table {
	const struct route *routes;
	size_t count;
};

struct jsonw;
struct actor;

/*
 * What the application gives the HTTP layer at start-up (cli/cmd_serve.c
 * builds it): its routes, how a request's storage and core context are
 * opened and released, the authenticator, and the sources of /healthz,
 * /metrics and the OpenAPI components it declares.  http/ reaches for none
 * of these itself; every member is set.
 */
struct app_ops {
	struct route_table routes;
	/* Before the gates: bind r->store and make r->ctx ready for core. */
	enum sw_err (*open)(struct req *r, struct sw_error *err);
	/* Once the handler has made its answer or failed, before the thread
	 * serves anything else (after a successful open only): end what open
	 * began for this call alone (a GET's read snapshot). */
	void (*handled)(struct req *r);
	/* After the answer, whatever happened: roll back what a handler left
	 * open.  r->store may never have been bound. */
	void (*close)(struct req *r);
	/* The user of a bearer token, or of a session cookie's secret, into
	 * out; SW_EAUTH when it is not valid. */
	enum sw_err (*bearer)(struct ctx *c, const char *token, struct actor *out, struct sw_error *err);
	enum sw_err (*session)(struct ctx *c, const char *secret, struct actor *out, struct sw_error *err);
	/* Whether header is the CSRF token of the session secret. */
	bool (*csrf_valid)(const char *session, const char *header);
	/* Whether the application can serve (its database answers): /healthz. */
	bool (*healthy)(struct req *r);
	/* The application's own Prometheus lines, after the HTTP ones in /metrics. */
	enum sw_err (*metrics)(struct buf *out);
	/* OpenAPI components the application generates (the ticket kinds'),
	 * written as members of components.schemas. */
	void (*openapi_schemas)(struct jsonw *w);
	/* Once the server takes no more connections, before it waits for the
	 * requests in flight: the application answers what it holds deferred
	 * (http_defer) and tells its background work to end.  NULL: nothing. */
	void (*quiesced)(void);
};

#define REQ_PARAMS_MAX 4
#define REQ_HEADERS_MAX 12

struct event_hub;
struct stream;
struct guard_conn;

struct app {
	const struct app_ops *ops;
	struct db *db;            /* for the application's ops; http/ never uses it */
	struct event_hub *events; /* open event streams; NULL: GET /api/v1/events answers 503 */
	const struct core_config *core;
	bool cookie_secure;
	const char *trusted_proxy; /* a peer address whose X-Forwarded-For names the client; NULL: none */
	const char *version;
};

struct req {
	struct app *app;
	void *conn; /* struct MHD_Connection *, for http/ only */
	const char *method;
	const char *path;
	const struct route *route;
	int route_index;
	const char *param_names[REQ_PARAMS_MAX];
	const char *param_values[REQ_PARAMS_MAX];
	int param_count;
	struct buf body;
	bool body_too_large;
	struct arena arena;
	struct store store;
	struct ctx ctx;
	bool authenticated;
	const char *session; /* raw session secret when cookie-authenticated */
	char request_id[24];
	int64_t start_ns;

	/* response */
	int status;
	struct buf out;
	const char *content_type;
	const void *body_ref; /* instead of out: a body that outlives the request (embedded files), not copied */
	size_t body_ref_len;
	const char *header_names[REQ_HEADERS_MAX];
	const char *header_values[REQ_HEADERS_MAX];
	int header_count;
	bool answered;
	bool queued;              /* handed to MHD (server.c) */
	const char *problem_key;  /* an extra member of a problem body, e.g. "allowed" */
	const char *problem_json; /* its pre-rendered JSON value */
	struct stream *stream;    /* an event stream to answer with (events.c) */
	struct guard_conn *guard; /* the connection's receive deadlines (guard.c), or NULL */
	/* a body made a chunk at a time as it is sent (http_reply_pull) */
	enum sw_err (*pull)(struct req *r, void *arg, struct buf *out, bool *done, struct sw_error *err);
	void *pull_arg;
	size_t pull_sent; /* bytes of out already handed to MHD */
	bool pull_done;
	/* an answer made later, on another thread's word (http_defer) */
	enum sw_err (*deferred)(struct req *r, void *arg, struct sw_error *err);
	void *deferred_arg;
};

const char *req_param(const struct req *r, const char *name);
const char *req_query(const struct req *r, const char *name);
/* The same, with the decoded value's length in *len: a value sent with %00
 * holds a NUL before its end, which strlen would silently cut at. */
const char *req_query_n(const struct req *r, const char *name, size_t *len);
const char *req_header(const struct req *r, const char *name);
/* The client's address as text: the peer's, or, when the peer is the
 * trusted proxy, the last address its X-Forwarded-For names. */
const char *req_client_address(struct req *r);
/* Calls fn for each query argument; stops and returns false if fn does. */
bool req_query_each(const struct req *r, bool (*fn)(void *arg, const char *key, const char *value), void *arg);

/* Answer later.  The handler calls this, hands r to another thread and
 * returns SW_OK without answering; the connection is suspended (no
 * thread waits on it).  That thread, when it is done, calls http_resume
 * once; the connection's own thread then calls then(r, arg, err), which
 * answers as a handler does (an error it returns becomes the problem
 * answer).  From http_defer to http_resume, r belongs to the other thread;
 * after http_resume it must not touch r again (it may be freed at once). */
void http_defer(struct req *r, enum sw_err (*then)(struct req *r, void *arg, struct sw_error *err), void *arg);
/* Any thread, once per http_defer. */
void http_resume(struct req *r);

/* Add a response header; name and value must outlive the request (arena). */
void http_header(struct req *r, const char *name, const char *value);
/* A JSON (or other text) response; body is copied. */
enum sw_err http_reply(struct req *r, int status, const char *content_type, const char *body, size_t len,
		       struct sw_error *err);
/* A body too large to hold, made as it is sent: after the handler
 * returns, each time the client has taken what was made, fill appends the
 * next chunk to out (emptied first; a chunk of some tens of KB, never
 * more than out's maximum, LIMIT_RESPONSE) and sets *done after the last.
 * It runs on the request's thread with the request (its context, arena
 * and storage) still open, so memory stays that of one chunk whatever
 * the size of the whole; it must leave no transaction open between
 * chunks (other requests on the thread share its database connection).
 * A failure once bytes went out can only end the body early, so fill
 * should check what can fail before the first byte.  No compression, no
 * Content-Length (chunked transfer encoding). */
enum sw_err http_reply_pull(struct req *r, int status, const char *content_type,
			    enum sw_err (*fill)(struct req *r, void *arg, struct buf *out, bool *done,
						struct sw_error *err),
			    void *arg, struct sw_error *err);
/* An embedded web file (web/, base/embed.h) as the answer: a strong ETag
 * from its content (hashed once, at start-up), Cache-Control: no-cache so
 * that browsers revalidate (304 when unchanged), no copy; gzip-encoded
 * (compressed once, with an ETag of its own) for a client that takes it.
 * assets.c. */
struct embedded_file;
enum sw_err http_reply_asset(struct req *r, const struct embedded_file *f, const char *content_type,
			     struct sw_error *err);
/* Hash and compress every embedded web file (once; server_run calls it
 * at start-up). */
void http_assets_init(void);
/* Render err as application/problem+json into r. */
void http_problem(struct req *r, const struct sw_error *err);
int http_status_of(enum sw_err code);

/* router.c: the route table lookup and the request headers Steward parses. */
struct route_match {
	const struct route *route;
	int index;
	const char *names[REQ_PARAMS_MAX], *values[REQ_PARAMS_MAX];
	int count;
	char allow[64]; /* with SW_EMETHOD: the methods the path does take */
};
/* SW_OK, SW_ENOTFOUND, or SW_EMETHOD; captured parameters live in a. */
enum sw_err http_route_match(const struct route_table *t, struct arena *a, const char *method, const char *path,
			     struct route_match *m);
/* Does a Content-Type header satisfy a route's media type ("*" = any)? */
bool http_media_ok(const char *want, const char *have);
/* GET or HEAD: a method that changes nothing (RFC 9110 9.2.1). */
bool http_safe_method(const char *method);
/* The token of "Bearer <token>", or NULL when the header is not that. */
const char *http_bearer(const char *header);
/* Copy the value of cookie name from a Cookie header into out (max bytes
 * with NUL); false when absent, empty or too long. */
bool http_cookie(const char *header, const char *name, char *out, size_t max);
/* A version from If-Match: 3, "3" or W/"3". */
enum sw_err http_parse_version(const char *v, int64_t *out);
/* Does Accept-Encoding allow gzip (gzip, x-gzip or *, with a q above 0)? */
bool http_accepts_gzip(const char *header);
/* Does a Prefer header (RFC 7240: preferences separated by commas, each
 * a token, perhaps "=value" and ";" parameters) ask for preference
 * (compared without regard to case)?  Preferences it does not name are
 * passed over, as the RFC says a server should.  NULL: no. */
bool http_prefers(const char *header, const char *preference);
/* Does If-None-Match (a list of entity-tags, or "*") name etag?  Weak
 * comparison (RFC 9110 13.1.2): W/"3" matches "3".  NULLs never match. */
bool http_etag_match(const char *header, const char *etag);

/* Start serving; blocks until SIGTERM/SIGINT, then drains and returns. */
struct server_options {
	const char *address; /* "127.0.0.1" */
	int port;            /* 0 = any free port (logged) */
	int threads;
	int64_t head_timeout_ms;       /* request head within this; 0: no deadline */
	int64_t body_min_rate;         /* bytes/s a body must keep up after that; 0: none */
	unsigned connections_per_addr; /* 0: no limit */
};
enum sw_err server_run(struct app *app, const struct server_options *opt, struct sw_error *err);

/* events.c: the event hub behind GET /api/v1/events (see core/ticket/events.h).
 * Thread safety: every function may be called from any thread. */
struct ticket_event;
/* At most max_streams streams at once; cursor: where the poller starts.
 * NULL when out of memory. */
struct event_hub *event_hub_new(int max_streams, int64_t cursor);
/* After the daemon has stopped (no stream left). */
void event_hub_free(struct event_hub *h);
/* The poller: events in id order, then the cursor every row up to which
 * has been read.  Copies what it keeps; never waits for a client. */
void event_hub_publish(struct event_hub *h, const struct ticket_event *ev, size_t n, int64_t cursor);
/* The poller, every poll: heartbeats, and ending streams past their lifetime. */
void event_hub_tick(struct event_hub *h);
/* Shutdown: end every stream and refuse new ones (503). */
void event_hub_close(struct event_hub *h);
int event_hub_streams(struct event_hub *h);
/* Answer r with an event stream for its caller: with resume, the events
 * after since (a reset event when they are no longer kept), else only new
 * ones.  SW_EBUSY (with Retry-After) when all streams are in use. */
enum sw_err http_event_stream(struct req *r, struct event_hub *h, bool resume, int64_t since, struct sw_error *err);

/* metrics.c */
void metrics_request(int route_index, const char *method, int status, int64_t duration_ns);
void metrics_connection(int delta);
void metrics_slow_closed(int n); /* connections ended by a receive deadline */
/* The HTTP counters, by route, then the application's (app->ops->metrics). */
enum sw_err metrics_render(struct buf *out, const struct app *app);

/* openapi.c */
enum sw_err openapi_render(struct buf *out, const struct app *app);

#endif
