/*
 * router.c — matching a request line against the route table, and the
 * small parsers of request headers Steward reads itself (media type,
 * bearer token, session cookie, If-Match, If-None-Match,
 * Accept-Encoding).  All pure functions over
 * strings, so the fuzz targets can feed them outside input directly.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "http/http.h"
#include "base/banned.h"

/* Match path against pattern, capturing {name} segments into m. */
static bool match(struct arena *a, const char *pattern, const char *path, struct route_match *m)
{
	int n = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			const char *se = strchr(s, '/');
			if (!pe || n >= REQ_PARAMS_MAX)
				return false;
			if (!se)
				se = s + strlen(s);
			if (se == s)
				return false;
			m->names[n] = arena_strndup(a, p + 1, (size_t)(pe - p - 1));
			m->values[n] = arena_strndup(a, s, (size_t)(se - s));
			if (!m->names[n] || !m->values[n])
				return false;
			n++;
			p = pe + 1;
			s = se;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	if (*p || *s)
		return false;
	m->count = n;
	return true;
}

/* Append method to a comma-separated list unless it is there already. */
static void allow_add(char *allow, size_t max, const char *method)
{
	size_t have = strlen(allow), n = strlen(method);
	for (const char *p = allow; (p = strstr(p, method)); p += n)
		if ((p == allow || p[-1] == ' ') && (p[n] == ',' || p[n] == 0))
			return;
	if (have + n + 3 > max)
		return;
	if (have)
		strncat(allow, ", ", max - have - 1);
	strncat(allow, method, max - strlen(allow) - 1);
}

/*
 * HEAD is answered by the GET route of the path (RFC 9110 9.3.2: the same
 * header fields, no content), so it is never a route of its own; and
 * every path that has a route takes OPTIONS, which server.c answers.  The
 * Allow list of a 405 names both.
 */
/* The prefix most patterns share: compared once for the path, and as one
 * 8-byte word for each pattern, instead of byte by byte for every route
 * (the scan is a tenth of a small request's instructions). */
#define API_PREFIX "/api/v1/"
#define API_PREFIX_LEN 8

static bool has_api_prefix(const char *s, size_t len)
{
	return len >= API_PREFIX_LEN && memcmp(s, API_PREFIX, API_PREFIX_LEN) == 0;
}

enum sw_err http_route_match(const struct route_table *t, struct arena *a, const char *method, const char *path,
			     struct route_match *m)
{
	memset(m, 0, sizeof(*m));
	const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
	bool api = has_api_prefix(path, strnlen(path, API_PREFIX_LEN));
	for (int i = 0; t->routes[i].method; i++) {
		const struct route *rt = &t->routes[i];
		/* both under the prefix: only the rest is compared */
		size_t skip =
			api && has_api_prefix(rt->pattern, strnlen(rt->pattern, API_PREFIX_LEN)) ? API_PREFIX_LEN : 0;
		if (!match(a, rt->pattern + skip, path + skip, m))
			continue;
		if (strcmp(rt->method, want) == 0) {
			m->route = rt;
			m->index = i;
			return SW_OK;
		}
		allow_add(m->allow, sizeof(m->allow), rt->method);
		if (strcmp(rt->method, "GET") == 0)
			allow_add(m->allow, sizeof(m->allow), "HEAD");
	}
	m->count = 0;
	if (!m->allow[0])
		return SW_ENOTFOUND;
	allow_add(m->allow, sizeof(m->allow), "OPTIONS");
	return SW_EMETHOD;
}

bool http_safe_method(const char *method)
{
	return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

bool http_media_ok(const char *want, const char *have)
{
	if (strcmp(want, "*") == 0)
		return true;
	if (!have)
		return false;
	size_t n = strlen(want);
	if (strncasecmp(have, want, n) != 0)
		return false;
	return have[n] == 0 || have[n] == ';' || have[n] == ' ';
}

const char *http_bearer(const char *header)
{
	if (!header || strncasecmp(header, "Bearer ", 7) != 0)
		return NULL;
	const char *t = header + 7;
	while (*t == ' ')
		t++;
	return *t ? t : NULL;
}

bool http_cookie(const char *header, const char *name, char *out, size_t max)
{
	if (!header || max == 0)
		return false;
	size_t nl = strlen(name);
	const char *p = header;
	while (*p) {
		while (*p == ' ' || *p == ';' || *p == '\t')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
			const char *v = p + nl + 1;
			size_t vl = len - nl - 1;
			while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
				vl--;
			if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
				v++;
				vl -= 2;
			}
			if (vl == 0 || vl >= max)
				return false;
			memcpy(out, v, vl);
			out[vl] = 0;
			return true;
		}
		p += len;
	}
	return false;
}

enum sw_err http_parse_version(const char *v, int64_t *out)
{
	size_t n = strlen(v);
	if (n >= 2 && v[0] == 'W' && v[1] == '/') {
		v += 2;
		n -= 2;
	}
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v++;
		n -= 2;
	}
	return parse_int64(v, n, 1, INT64_MAX, out);
}

/* One entity-tag from p (after spaces and commas): its opaque part with
 * the quotes, *weak set for W/.  NULL at the end or on a malformed tag
 * (then the list is not trusted further). */
static const char *next_etag(const char *p, size_t *len, bool *weak)
{
	while (*p == ' ' || *p == '\t' || *p == ',')
		p++;
	if (!*p)
		return NULL;
	*weak = p[0] == 'W' && p[1] == '/';
	if (*weak)
		p += 2;
	if (*p != '"')
		return NULL;
	const char *end = strchr(p + 1, '"');
	if (!end)
		return NULL;
	*len = (size_t)(end - p) + 1;
	return p;
}

bool http_etag_match(const char *header, const char *etag)
{
	if (!header || !etag)
		return false;
	const char *h = header;
	while (*h == ' ' || *h == '\t')
		h++;
	if (h[0] == '*' && (h[1] == 0 || h[1] == ' ' || h[1] == '\t'))
		return true;
	size_t elen;
	bool eweak;
	const char *e = next_etag(etag, &elen, &eweak);
	if (!e)
		return false;
	size_t len;
	bool weak;
	for (const char *p = next_etag(h, &len, &weak); p; p = next_etag(p + len, &len, &weak))
		if (len == elen && memcmp(p, e, len) == 0) /* weak comparison: W/ ignored */
			return true;
	return false;
}

/* Is a q parameter's value zero ("0", "0.", "0.000")?  Anything else is
 * taken as above zero: a client that writes q=abc has asked for it. */
static bool q_zero(const char *v, size_t len)
{
	if (len == 0 || v[0] != '0')
		return false;
	for (size_t i = 1; i < len; i++)
		if (!(v[i] == '.' && i == 1) && v[i] != '0')
			return false;
	return true;
}

bool http_accepts_gzip(const char *header)
{
	if (!header)
		return false;
	int gzip = -1, star = -1; /* -1 not named, 0 refused, 1 accepted */
	for (const char *p = header; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		size_t n = strcspn(p, ",");
		const char *semi = memchr(p, ';', n);
		size_t name = semi ? (size_t)(semi - p) : n;
		while (name && (p[name - 1] == ' ' || p[name - 1] == '\t'))
			name--;
		int ok = 1;
		for (const char *q = semi; q && q < p + n;) {
			q++;
			while (*q == ' ' || *q == '\t')
				q++;
			const char *next = memchr(q, ';', (size_t)(p + n - q));
			size_t plen = next ? (size_t)(next - q) : (size_t)(p + n - q);
			while (plen && (q[plen - 1] == ' ' || q[plen - 1] == '\t'))
				plen--;
			if (plen >= 2 && (q[0] == 'q' || q[0] == 'Q') && q[1] == '=')
				ok = !q_zero(q + 2, plen - 2);
			q = next;
		}
		if ((name == 4 && strncasecmp(p, "gzip", 4) == 0) || (name == 6 && strncasecmp(p, "x-gzip", 6) == 0))
			gzip = ok;
		else if (name == 1 && p[0] == '*')
			star = ok;
		p += n;
	}
	return gzip >= 0 ? gzip == 1 : star == 1;
}
bool http_prefers(const char *header, const char *preference)
{
	size_t want = strlen(preference);
	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		size_t n = strcspn(p, ",");
		size_t name = strcspn(p, ",;=");
		if (name > n)
			name = n;
		while (name && (p[name - 1] == ' ' || p[name - 1] == '\t'))
			name--;
		if (name == want && strncasecmp(p, preference, want) == 0)
			return true;
		p += n;
	}
	return false;
}
