/*
 * diff.h — a line diff between two texts (the versions of a knowledge
 * article): Myers' shortest edit script over lines, bounded in work and
 * memory so that two large, unrelated texts cannot hold a request.
 * Pure: no storage, no context.
 */
#ifndef SW_CORE_KNOWLEDGE_DIFF_H
#define SW_CORE_KNOWLEDGE_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

enum diff_op { DIFF_EQUAL, DIFF_INSERT, DIFF_DELETE, DIFF_OP__COUNT };
/* "equal", "insert", "delete" */
const char *diff_op_name(enum diff_op op);

/* One line of the result: text[0..len) without its line end, pointing
 * into the text it came from (a for equal and delete, b for insert). */
struct diff_line {
	enum diff_op op;
	const char *text;
	size_t len;
};

struct line_diff {
	struct diff_line *lines; /* in the arena */
	size_t count;
	/* the edit script needed more than max_edits edits (or more work than
	 * LINE_DIFF_MAX_WORK comparisons): the lines between the common
	 * beginning and end are shown deleted and inserted whole */
	bool approximate;
};

/* The edits one diff may find (beyond them the answer is approximate). */
#define LINE_DIFF_MAX_EDITS 1000
/* Line comparisons one diff may make. */
#define LINE_DIFF_MAX_WORK (20 * 1000 * 1000)

/*
 * The lines of a and b (NUL-terminated; "\n" or "\r\n" end a line, a
 * last line needs none, "" has none) as equal, deleted (only in a) and
 * inserted (only in b) lines, in order: a shortest such script when it
 * takes at most max_edits edits.  out->lines lives in arena; scratch
 * memory (at most about 4 * max_edits² bytes) is freed before returning.
 * SW_ENOMEM when either runs out.
 */
enum sw_err line_diff(struct arena *arena, const char *a, const char *b, size_t max_edits, struct line_diff *out);

#endif
