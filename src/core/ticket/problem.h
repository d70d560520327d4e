/*
 * problem.h — problems on the ticket engine (core/ticket/ticket.h): the
 * kind is ticket_kind_problem, a desk-only record (end users never see
 * one); create, read, list, update and its lifecycle are the engine's.
 * What only problems have is here: the incidents behind a problem (linked,
 * listed, told of a workaround, resolved with it), the candidates for new
 * problems found in recent incidents, the review a major problem needs
 * before it closes, and the cause categories admins keep.
 */
#ifndef SW_CORE_PROBLEM_H
#define SW_CORE_PROBLEM_H

#include "core/kernel/record.h"
#include "core/ticket/ticket.h"
#include "base/list.h"

/* Link incidents (numbers) to the problem: each must exist, be writable
 * and be linked to no problem yet (SW_ECONFLICT "already-linked" naming
 * it; nothing is linked then).  Agents; one transaction, each incident's
 * history says which problem.  out: the problem re-read. */
enum sw_err problem_link(struct ctx *c, const char *number, const char *const *incidents, size_t count,
			 struct ticket *out, struct sw_error *err);
/* Unlink one incident from the problem (SW_ENOTFOUND when it is not linked to it). */
enum sw_err problem_unlink(struct ctx *c, const char *number, const char *incident, struct sw_error *err);
/* The incidents linked to the problem, by number order, a page at a time. */
enum sw_err problem_incidents(struct ctx *c, const char *number, const struct page *p, struct ticket_list *out,
			      struct sw_error *err);
/* Publish the workaround (workaround: a new text, or NULL to publish the
 * one recorded) to the problem's open incidents: a work note on each, which
 * notifies as work notes do (their assignees and groups, by the rules),
 * and workaround_published_at stamped.  SW_EINVALID naming "workaround"
 * when there is none. */
enum sw_err problem_publish_workaround(struct ctx *c, const char *number, const char *workaround,
				       int64_t expected_version, struct ticket *out, struct sw_error *err);

/* A group of recent incidents, linked to no problem, that share a CI, a
 * service and category, or a title's words (ticket_title_key). */
enum problem_basis { PROBLEM_BASIS_CI, PROBLEM_BASIS_SERVICE, PROBLEM_BASIS_TITLE, PROBLEM_BASIS__COUNT };
const char *problem_basis_name(enum problem_basis b);

#define PROBLEM_CANDIDATE_NUMBERS 50 /* incident numbers a candidate lists */
#define PROBLEM_CANDIDATES_MAX 50    /* candidates an answer lists, the largest first */

struct problem_candidate {
	enum problem_basis basis;
	int64_t ci_id;
	const char *ci, *service, *category, *title_key; /* what the group shares */
	int64_t count, first_at, last_at;
	const char **incidents; /* numbers, newest first, at most PROBLEM_CANDIDATE_NUMBERS */
	size_t incident_count;
};
LIST_OF(problem_candidate_list, problem_candidate);
/* Candidates among incidents raised in the last window seconds, groups of
 * at least min (2..1000).  Agents. */
enum sw_err problem_candidates(struct ctx *c, int64_t window, int min, struct problem_candidate_list *out,
			       struct sw_error *err);

#endif
