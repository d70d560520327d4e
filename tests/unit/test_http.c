/*
 * test_http.c — the request-line and header parsers of http/router.c:
 * route matching with parameters and 405s, cookies, bearer tokens,
 * If-Match versions, media types, If-None-Match and Accept-Encoding; and
 * the receive deadlines of
 * http/guard.c at their edges.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "api/api.h"
#include "api/html.h"
#include "http/http_int.h"

static void routes(void **state)
{
	(void)state;
	struct route_table t = api_routes();
	struct arena a;
	arena_init(&a, 1 << 20);
	struct route_match m;
	assert_int_equal(http_route_match(&t, &a, "GET", "/api/v1/incidents/INC0000007/watchers/jdoe", &m), SW_EMETHOD);
	assert_string_equal(m.allow, "DELETE, OPTIONS");
	assert_int_equal(http_route_match(&t, &a, "HEAD", "/api/v1/incidents/INC0000007/watchers/jdoe", &m),
			 SW_EMETHOD);
	assert_int_equal(http_route_match(&t, &a, "DELETE", "/api/v1/incidents/INC0000007/watchers/jdoe", &m), SW_OK);
	assert_int_equal(m.count, 2);
	assert_string_equal(m.names[0], "number");
	assert_string_equal(m.values[0], "INC0000007");
	assert_string_equal(m.names[1], "login");
	assert_string_equal(m.values[1], "jdoe");
	assert_int_equal(http_route_match(&t, &a, "PUT", "/api/v1/incidents", &m), SW_EMETHOD);
	assert_string_equal(m.allow, "POST, GET, HEAD, OPTIONS");
	/* HEAD is served by the GET route; OPTIONS is no route of its own */
	assert_int_equal(http_route_match(&t, &a, "HEAD", "/api/v1/incidents", &m), SW_OK);
	assert_string_equal(m.route->method, "GET");
	assert_int_equal(http_route_match(&t, &a, "OPTIONS", "/api/v1/incidents/INC1", &m), SW_EMETHOD);
	assert_string_equal(m.allow, "GET, HEAD, PATCH, OPTIONS");
	assert_int_equal(http_route_match(&t, &a, "OPTIONS", "/api/v1/nothing", &m), SW_ENOTFOUND);
	assert_int_equal(http_route_match(&t, &a, "HEAD", "/api/v1/incidents/INC1/major", &m), SW_EMETHOD);
	assert_string_equal(m.allow, "POST, DELETE, OPTIONS");
	assert_int_equal(http_route_match(&t, &a, "GET", "/api/v1/incidents/", &m), SW_ENOTFOUND);
	assert_int_equal(http_route_match(&t, &a, "GET", "/api/v1/incidents//history", &m), SW_ENOTFOUND);
	assert_int_equal(http_route_match(&t, &a, "GET", "/api/v1/incidents/INC1/history/", &m), SW_ENOTFOUND);
	assert_int_equal(http_route_match(&t, &a, "GET", "", &m), SW_ENOTFOUND);
	assert_int_equal(http_route_match(&t, &a, "GET", "/", &m), SW_OK);
	assert_string_equal(m.route->pattern, "/");
	arena_release(&a);
}

static void cookies(void **state)
{
	(void)state;
	char v[16];
	assert_true(http_cookie("steward_session=abc", "steward_session", v, sizeof(v)));
	assert_string_equal(v, "abc");
	assert_true(http_cookie("a=1; steward_session=xyz ; b=2", "steward_session", v, sizeof(v)));
	assert_string_equal(v, "xyz");
	assert_true(http_cookie("steward_session=\"q\"", "steward_session", v, sizeof(v)));
	assert_string_equal(v, "q");
	assert_false(http_cookie("xsteward_session=abc", "steward_session", v, sizeof(v)));
	assert_false(http_cookie("steward_session=", "steward_session", v, sizeof(v)));
	assert_false(http_cookie("steward_session=0123456789abcdef", "steward_session", v, sizeof(v))); /* too long */
	assert_false(http_cookie(NULL, "steward_session", v, sizeof(v)));
	assert_false(http_cookie("other=1", "steward_session", v, sizeof(v)));
}

static void headers(void **state)
{
	(void)state;
	assert_string_equal(http_bearer("Bearer stw_abc"), "stw_abc");
	assert_string_equal(http_bearer("bearer   tok"), "tok");
	assert_null(http_bearer("Bearer "));
	assert_null(http_bearer("Basic YWRtaW4="));
	assert_null(http_bearer(NULL));
	int64_t v = 0;
	assert_int_equal(http_parse_version("3", &v), SW_OK);
	assert_int_equal(v, 3);
	assert_int_equal(http_parse_version("\"12\"", &v), SW_OK);
	assert_int_equal(v, 12);
	assert_int_equal(http_parse_version("W/\"5\"", &v), SW_OK);
	assert_int_equal(v, 5);
	assert_int_not_equal(http_parse_version("0", &v), SW_OK);
	assert_int_not_equal(http_parse_version("*", &v), SW_OK);
	assert_int_not_equal(http_parse_version("\"", &v), SW_OK);
	assert_true(http_media_ok("application/json", "application/json"));
	assert_true(http_media_ok("application/json", "Application/JSON; charset=utf-8"));
	assert_false(http_media_ok("application/json", "application/jsonx"));
	assert_false(http_media_ok("application/json", "text/plain"));
	assert_false(http_media_ok("application/json", NULL));
	assert_true(http_media_ok("*", NULL));
}

static void conditional_and_encoding(void **state)
{
	(void)state;
	/* If-None-Match: weak comparison over a list, or "*" */
	assert_true(http_etag_match("\"3\"", "\"3\""));
	assert_true(http_etag_match("W/\"3\"", "\"3\""));
	assert_true(http_etag_match("\"3\"", "W/\"3\""));
	assert_true(http_etag_match(" \"1\", \"2\" ,W/\"3\"", "\"3\""));
	assert_true(http_etag_match("*", "\"abc-gzip\""));
	assert_false(http_etag_match("\"3\"", "\"33\""));
	assert_false(http_etag_match("\"abc\"", "\"abc-gzip\""));
	assert_false(http_etag_match("3", "\"3\""));               /* not an entity-tag */
	assert_false(http_etag_match("\"1\", 3, \"3\"", "\"3\"")); /* malformed: the rest is not trusted */
	assert_false(http_etag_match("\"3", "\"3\""));
	assert_false(http_etag_match("", "\"3\""));
	assert_false(http_etag_match(NULL, "\"3\""));
	assert_false(http_etag_match("*", NULL));
	assert_false(http_etag_match("\"a,b\"", "\"a\""));
	assert_true(http_etag_match("\"a,b\"", "\"a,b\""));
	/* Accept-Encoding */
	assert_true(http_accepts_gzip("gzip"));
	assert_true(http_accepts_gzip("gzip, deflate, br"));
	assert_true(http_accepts_gzip("deflate, GZIP;q=0.5"));
	assert_true(http_accepts_gzip("x-gzip"));
	assert_true(http_accepts_gzip("*"));
	assert_true(http_accepts_gzip("br;q=1.0, *;q=0.1"));
	assert_true(http_accepts_gzip("gzip ; q=0.001"));
	assert_false(http_accepts_gzip(NULL));
	assert_false(http_accepts_gzip(""));
	assert_false(http_accepts_gzip("identity"));
	assert_false(http_accepts_gzip("deflate, br"));
	assert_false(http_accepts_gzip("gzip;q=0"));
	assert_false(http_accepts_gzip("gzip; q=0.000, deflate"));
	assert_false(http_accepts_gzip("*, gzip;q=0")); /* named beats the wildcard */
	assert_false(http_accepts_gzip("*;q=0"));
	assert_false(http_accepts_gzip("gzipx, xgzip"));
	/* Prefer (RFC 7240) */
	assert_true(http_prefers("respond-async", "respond-async"));
	assert_true(http_prefers("Respond-Async", "respond-async"));
	assert_true(http_prefers("return=minimal, respond-async", "respond-async"));
	assert_true(http_prefers("respond-async; x=1, wait=5", "respond-async"));
	assert_true(http_prefers("  respond-async  ,", "respond-async"));
	assert_true(http_prefers("wait=10,respond-async", "respond-async"));
	assert_true(http_prefers("respond-async=yes", "respond-async"));
	assert_false(http_prefers(NULL, "respond-async"));
	assert_false(http_prefers("", "respond-async"));
	assert_false(http_prefers(",,;=", "respond-async"));
	assert_false(http_prefers("respond-asynchronous", "respond-async"));
	assert_false(http_prefers("respond", "respond-async"));
	assert_false(http_prefers("x=respond-async", "respond-async"));
	assert_false(http_prefers("wait=5; respond-async", "respond-async")); /* a parameter, not a preference */
}

static void deadlines(void **state)
{
	(void)state;
	const struct guard_config c = {.head_timeout_ms = 10000, .body_min_rate = 1000};
	/* the head: 10 s from the start, to the millisecond */
	assert_false(guard_expired(&c, GUARD_HEAD, 5000, 0, 15000));
	assert_true(guard_expired(&c, GUARD_HEAD, 5000, 0, 15001));
	assert_false(guard_expired(&c, GUARD_HEAD, 5000, 1 << 20, 15000)); /* body bytes buy a head nothing */
	/* the body: the same grace, then a second per 1000 bytes received */
	assert_false(guard_expired(&c, GUARD_BODY, 0, 0, 10000));
	assert_true(guard_expired(&c, GUARD_BODY, 0, 0, 10001));
	assert_false(guard_expired(&c, GUARD_BODY, 0, 5000, 15000));
	assert_true(guard_expired(&c, GUARD_BODY, 0, 5000, 15001));
	assert_false(guard_expired(&c, GUARD_BODY, 0, 10 * 1024 * 1024, 10000 + 10485759));
	/* busy (handler, answer, event stream): never */
	assert_false(guard_expired(&c, GUARD_BUSY, 0, 0, INT64_MAX / 2));
	/* no minimum rate: a body has no deadline */
	const struct guard_config norate = {.head_timeout_ms = 10000, .body_min_rate = 0};
	assert_false(guard_expired(&norate, GUARD_BODY, 0, 0, 1000000));
	assert_true(guard_expired(&norate, GUARD_HEAD, 0, 0, 10001));
}

/* HTML and XML pages and feeds: the five escaped, the controls XML
 * refuses left out, tab and line breaks and UTF-8 kept. */
static void escaping(void **state)
{
	(void)state;
	struct sink h = {.b = BUF_INIT(4096)};
	sink_esc(&h, "<b>\"Mail\" & 'co'</b>\x01\x0b\x7f\tok\r\n\xc3\xa9");
	assert_int_equal(h.err, SW_OK);
	assert_string_equal(buf_cstr(&h.b), "&lt;b&gt;&quot;Mail&quot; &amp; &#39;co&#39;&lt;/b&gt;\tok\r\n\xc3\xa9");
	buf_release(&h.b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(routes),    cmocka_unit_test(cookies),
					   cmocka_unit_test(headers),   cmocka_unit_test(conditional_and_encoding),
					   cmocka_unit_test(deadlines), cmocka_unit_test(escaping)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
