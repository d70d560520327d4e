/*
 * metrics.c — Prometheus counters kept in atomics: requests by route,
 * method and status, a latency histogram and open connections, followed
 * by the application's own counters (struct app_ops), rendered in the text exposition format for GET /metrics.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "http/http.h"
#include "base/banned.h"

#define ROUTES_MAX 512
static const int tracked_status[] = {200, 201, 204, 304, 400, 401, 403, 404, 405,
				     409, 412, 413, 415, 422, 428, 429, 500, 503};
#define STATUS_COUNT ((int)(sizeof(tracked_status) / sizeof(tracked_status[0])))
#define STATUS_OTHER STATUS_COUNT

/* route index ROUTES_MAX-1 collects requests that matched no route */
static atomic_long requests[ROUTES_MAX][STATUS_COUNT + 1];
static const double bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
#define BUCKETS ((int)(sizeof(bounds) / sizeof(bounds[0])))
static atomic_long histogram[BUCKETS + 1];
static atomic_long duration_sum_us;
static atomic_long duration_count;
static atomic_long open_connections;
static atomic_long slow_closed;

static int status_slot(int status)
{
	for (int i = 0; i < STATUS_COUNT; i++)
		if (tracked_status[i] == status)
			return i;
	return STATUS_OTHER;
}

void metrics_request(int route_index, const char *method, int status, int64_t duration_ns)
{
	(void)method;
	int ri = (route_index >= 0 && route_index < ROUTES_MAX - 1) ? route_index : ROUTES_MAX - 1;
	atomic_fetch_add(&requests[ri][status_slot(status)], 1);
	double s = (double)duration_ns / 1e9;
	int b = 0;
	while (b < BUCKETS && s > bounds[b])
		b++;
	atomic_fetch_add(&histogram[b], 1);
	atomic_fetch_add(&duration_sum_us, (long)(duration_ns / 1000));
	atomic_fetch_add(&duration_count, 1);
}

void metrics_connection(int delta)
{
	atomic_fetch_add(&open_connections, delta);
}

void metrics_slow_closed(int n)
{
	atomic_fetch_add(&slow_closed, n);
}

enum sw_err metrics_render(struct buf *out, const struct app *app)
{
	enum sw_err rc = SW_OK;
	rc |= buf_puts(out, "# HELP steward_http_requests_total HTTP requests by route, method and status.\n"
			    "# TYPE steward_http_requests_total counter\n");
	size_t nroutes = app->ops->routes.count;
	const struct route *routes = app->ops->routes.routes;
	for (size_t r = 0; r < ROUTES_MAX; r++) {
		bool known = r < nroutes && r < ROUTES_MAX - 1;
		if (!known && r != ROUTES_MAX - 1)
			continue;
		for (int s = 0; s <= STATUS_COUNT; s++) {
			long n = atomic_load(&requests[r][s]);
			if (!n)
				continue;
			char status[8];
			if (s == STATUS_OTHER)
				snprintf(status, sizeof(status), "other");
			else
				snprintf(status, sizeof(status), "%d", tracked_status[s]);
			rc |= buf_printf(
				out, "steward_http_requests_total{route=\"%s\",method=\"%s\",status=\"%s\"} %ld\n",
				known ? routes[r].pattern : "unmatched", known ? routes[r].method : "any", status, n);
		}
	}
	rc |= buf_puts(out, "# HELP steward_http_request_duration_seconds Time to answer a request.\n"
			    "# TYPE steward_http_request_duration_seconds histogram\n");
	long cumulative = 0;
	for (int b = 0; b <= BUCKETS; b++) {
		cumulative += atomic_load(&histogram[b]);
		if (b < BUCKETS)
			rc |= buf_printf(out, "steward_http_request_duration_seconds_bucket{le=\"%g\"} %ld\n",
					 bounds[b], cumulative);
		else
			rc |= buf_printf(out, "steward_http_request_duration_seconds_bucket{le=\"+Inf\"} %ld\n",
					 cumulative);
	}
	rc |= buf_printf(out, "steward_http_request_duration_seconds_sum %.6f\n",
			 (double)atomic_load(&duration_sum_us) / 1e6);
	rc |= buf_printf(out, "steward_http_request_duration_seconds_count %ld\n", atomic_load(&duration_count));
	rc |= buf_printf(out,
			 "# HELP steward_http_open_connections Connections open now.\n"
			 "# TYPE steward_http_open_connections gauge\nsteward_http_open_connections %ld\n",
			 atomic_load(&open_connections));
	rc |= buf_printf(out,
			 "# HELP steward_http_slow_connections_closed_total Connections closed for sending a "
			 "request too slowly.\n"
			 "# TYPE steward_http_slow_connections_closed_total counter\n"
			 "steward_http_slow_connections_closed_total %ld\n",
			 atomic_load(&slow_closed));
	rc |= app->ops->metrics(out);
	return rc ? SW_ETOOLARGE : SW_OK;
}
