/*
 * diff.c — the bounded line diff of diff.h.
 *
 * Lines are hashed once; the common beginning and end are taken off; the
 * rest goes through Myers' greedy algorithm (E. W. Myers, "An O(ND)
 * difference algorithm and its variations", 1986), which keeps, for each
 * number of edits d, the furthest point reached on every diagonal; the
 * points of each round are kept (d² integers in all) so that the script
 * can be read back from the end.  Past max_edits rounds, or past
 * LINE_DIFF_MAX_WORK comparisons, it stops and the middle is given as
 * deleted then inserted whole.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/knowledge/diff.h"
#include "base/banned.h"

static const char *const op_names[DIFF_OP__COUNT] = {"equal", "insert", "delete"};

const char *diff_op_name(enum diff_op op)
{
	return op >= 0 && op < DIFF_OP__COUNT ? op_names[op] : "equal";
}

struct line {
	const char *p;
	size_t len;
	uint64_t hash;
};

struct lines {
	struct line *v;
	size_t n;
};

/* Split s into lines (malloc'ed array); false when out of memory. */
static bool split(const char *s, struct lines *out)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	n += len && s[len - 1] != '\n';
	out->n = 0;
	out->v = malloc((n ? n : 1) * sizeof(*out->v));
	if (!out->v)
		return false;
	for (size_t i = 0; i < len;) {
		const char *e = memchr(s + i, '\n', len - i);
		size_t end = e ? (size_t)(e - s) : len, l = end - i;
		if (l && s[i + l - 1] == '\r')
			l--;
		uint64_t h = 1469598103934665603ULL; /* FNV-1a */
		for (size_t k = 0; k < l; k++)
			h = (h ^ (unsigned char)s[i + k]) * 1099511628211ULL;
		out->v[out->n++] = (struct line){s + i, l, h};
		i = end + 1;
	}
	return true;
}

static bool same(const struct line *x, const struct line *y)
{
	return x->hash == y->hash && x->len == y->len && memcmp(x->p, y->p, x->len) == 0;
}

struct script {
	struct diff_line *v;
	size_t n, cap;
	bool failed;
};

static void emit(struct script *s, enum diff_op op, const struct line *l)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		struct diff_line *v = realloc(s->v, cap * sizeof(*v));
		if (!v) {
			s->failed = true;
			return;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = (struct diff_line){op, l->p, l->len};
}

/*
 * Myers over a[0..n) and b[0..m): the script, backwards, into rev.
 * False when it needs more than max_d edits or too much work (rev then
 * untouched), or memory ran out (rev->failed).
 */
static bool myers(const struct line *a, long n, const struct line *b, long m, long max_d, struct script *rev)
{
	long dmax = n + m < max_d ? n + m : max_d;
	/* round d's furthest x per diagonal k (-d..d) at trace[d*d + d + k] */
	size_t cells = (size_t)(dmax + 1) * (size_t)(dmax + 1);
	int32_t *trace = malloc(cells * sizeof(*trace));
	if (!trace) {
		rev->failed = true;
		return false;
	}
	long work = 0, found = -1;
	for (long d = 0; d <= dmax && found < 0 && work <= LINE_DIFF_MAX_WORK; d++) {
		int32_t *cur = trace + d * d + d, *prev = d ? trace + (d - 1) * (d - 1) + (d - 1) : NULL;
		for (long k = -d; k <= d; k += 2) {
			long x;
			if (d == 0)
				x = 0;
			else if (k == -d || (k != d && prev[k - 1] < prev[k + 1]))
				x = prev[k + 1]; /* down: an insertion */
			else
				x = prev[k - 1] + 1; /* right: a deletion */
			long y = x - k;
			while (x < n && y < m && same(&a[x], &b[y]))
				x++, y++, work++;
			work++;
			cur[k] = (int32_t)x;
			if (x >= n && y >= m) {
				found = d;
				break;
			}
		}
	}
	if (found < 0) {
		free(trace);
		return false;
	}
	long x = n, y = m;
	for (long d = found; d > 0 && !rev->failed; d--) {
		const int32_t *prev = trace + (d - 1) * (d - 1) + (d - 1);
		long k = x - y;
		bool down = k == -d || (k != d && prev[k - 1] < prev[k + 1]);
		long pk = down ? k + 1 : k - 1, px = prev[pk], py = px - pk;
		long sx = down ? px : px + 1, sy = down ? py + 1 : py; /* after the edit, before the snake */
		while (x > sx && y > sy) {
			x--, y--;
			emit(rev, DIFF_EQUAL, &a[x]);
		}
		if (down)
			emit(rev, DIFF_INSERT, &b[py]);
		else
			emit(rev, DIFF_DELETE, &a[px]);
		x = px, y = py;
	}
	while (x > 0 && y > 0 && !rev->failed) {
		x--, y--;
		emit(rev, DIFF_EQUAL, &a[x]);
	}
	free(trace);
	return true;
}

enum sw_err line_diff(struct arena *arena, const char *a, const char *b, size_t max_edits, struct line_diff *out)
{
	struct lines la = {0}, lb = {0};
	struct script mid = {0};
	enum sw_err rc = SW_OK;
	if (!split(a, &la) || !split(b, &lb)) {
		rc = SW_ENOMEM;
		goto out;
	}
	size_t pre = 0, suf = 0;
	while (pre < la.n && pre < lb.n && same(&la.v[pre], &lb.v[pre]))
		pre++;
	while (suf < la.n - pre && suf < lb.n - pre && same(&la.v[la.n - 1 - suf], &lb.v[lb.n - 1 - suf]))
		suf++;
	long n = (long)(la.n - pre - suf), m = (long)(lb.n - pre - suf);
	bool exact = myers(la.v + pre, n, lb.v + pre, m, (long)max_edits, &mid);
	if (mid.failed) {
		rc = SW_ENOMEM;
		goto out;
	}
	size_t total = pre + suf + (exact ? mid.n : (size_t)(n + m));
	struct diff_line *v = arena_alloc(arena, (total ? total : 1) * sizeof(*v));
	if (!v) {
		rc = SW_ENOMEM;
		goto out;
	}
	size_t k = 0;
	for (size_t i = 0; i < pre; i++)
		v[k++] = (struct diff_line){DIFF_EQUAL, la.v[i].p, la.v[i].len};
	if (exact) {
		for (size_t i = mid.n; i > 0; i--)
			v[k++] = mid.v[i - 1];
	} else {
		for (long i = 0; i < n; i++)
			v[k++] = (struct diff_line){DIFF_DELETE, la.v[pre + i].p, la.v[pre + i].len};
		for (long i = 0; i < m; i++)
			v[k++] = (struct diff_line){DIFF_INSERT, lb.v[pre + i].p, lb.v[pre + i].len};
	}
	for (size_t i = la.n - suf; i < la.n; i++)
		v[k++] = (struct diff_line){DIFF_EQUAL, la.v[i].p, la.v[i].len};
	*out = (struct line_diff){.lines = v, .count = k, .approximate = !exact};
out:
	free(la.v);
	free(lb.v);
	free(mid.v);
	return rc;
}
