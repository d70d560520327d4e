/*
 * fuzz_http.c — libFuzzer target for what Steward parses from the request
 * line and headers itself: route matching with path parameters (HEAD by
 * the GET route, the Allow list of a 405), the session cookie, the bearer
 * token, If-Match versions, media types, If-None-Match and
 * Accept-Encoding.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const methods[] = {"GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS"};
	const size_t nmethods = sizeof(methods) / sizeof(methods[0]);
	if (size < 1)
		return 0;
	char *s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = 0;
	struct route_table t = api_routes();
	struct arena a;
	arena_init(&a, 1 << 20);
	struct route_match m;
	const char *method = methods[data[0] % nmethods];
	enum sw_err rc = http_route_match(&t, &a, method, s, &m);
	if (rc == SW_OK) {
		/* HEAD is served by the GET route; OPTIONS by no route */
		const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
		if (!m.route || strcmp(m.route->method, want) != 0 || strcmp(method, "OPTIONS") == 0)
			__builtin_trap();
		for (int i = 0; i < m.count; i++)
			if (!m.values[i][0] || strchr(m.values[i], '/'))
				__builtin_trap(); /* a parameter is one non-empty path segment */
	} else if (rc == SW_EMETHOD && (!m.allow[0] || !strstr(m.allow, "OPTIONS") ||
					(strstr(m.allow, "GET") && !strstr(m.allow, "HEAD")))) {
		__builtin_trap(); /* every path with a route takes OPTIONS, and HEAD where it takes GET */
	}
	char cookie[72];
	if (http_cookie(s, "steward_session", cookie, sizeof(cookie)) &&
	    (!cookie[0] || strlen(cookie) >= sizeof(cookie)))
		__builtin_trap();
	const char *token = http_bearer(s);
	if (token && (!*token || token < s || token > s + strlen(s)))
		__builtin_trap();
	int64_t v;
	if (http_parse_version(s, &v) == SW_OK && v < 1)
		__builtin_trap();
	(void)http_media_ok("application/json", s);
	(void)http_accepts_gzip(s);
	if (http_prefers(s, "respond-async") && !strcasestr(s, "respond-async"))
		__builtin_trap(); /* it never finds what is not there */
	if (http_etag_match(s, "\"3\"") != http_etag_match(s, "W/\"3\""))
		__builtin_trap(); /* weak comparison: W/ makes no difference */
	(void)http_etag_match("\"3\", W/\"4\"", s);
	arena_release(&a);
	free(s);
	return 0;
}
