/*
 * port/ticket.h — what core needs from storage for tickets of every kind,
 * their search index, children and the priority matrix
 * (core/ticket/ticket.h). Implemented in src/store/repo_ticket.c; the
 * conventions (transactions, error codes, the arena results go to) are in
 * port/store.h.
 */
#ifndef SW_CORE_PORT_TICKET_H
#define SW_CORE_PORT_TICKET_H

#include "core/port/store.h"

/* Sets t->id; the ticket is indexed for search in the same transaction. */
enum sw_err store_ticket_insert(struct store *s, struct ticket *t, struct sw_error *err);
/* The two halves of it: the row (sets t->id), and the search row of its
 * number, title and description.  A create writes the search row last in
 * its transaction: SQLite's FTS5 flushes its pending terms at every
 * statement savepoint after it, which each write with a foreign key opens. */
enum sw_err store_ticket_insert_row(struct store *s, struct ticket *t, struct sw_error *err);
/* For a generator writing many tickets (steward demo --scale): the row
 * and its search row without the running totals, which the caller then
 * rebuilds once with store_totals_refresh (a million upserts of the
 * totals, row by row, tripled the time of a million tickets). */
enum sw_err store_ticket_insert_bulk(struct store *s, struct ticket *t, struct sw_error *err);
/* The running totals rebuilt from the tickets and their SLA clocks, in
 * the caller's transaction (what steward verify --repair does). */
enum sw_err store_totals_refresh(struct store *s, struct sw_error *err);
enum sw_err store_ticket_search_insert(struct store *s, const struct ticket *t, struct sw_error *err);
/* Writes every mutable column of t where version = expected; SW_ESTALE if none matched.
 * Sets version to expected + 1. */
enum sw_err store_ticket_update(struct store *s, const struct ticket *t, int64_t expected_version,
				struct sw_error *err);
enum sw_err store_ticket_by_number(struct store *s, const char *number, struct ticket *out, struct sw_error *err);
enum sw_err store_ticket_by_id(struct store *s, int64_t id, struct ticket *out, struct sw_error *err);
/* scope_user_id: 0 = all; else only tickets requested or watched by that user. */
/* Re-index t's title and description for search (the number and public
 * comments stay); call after a write that changed either.  Inserting a
 * ticket or a public comment indexes it without being asked. */
enum sw_err store_ticket_search_update(struct store *s, const struct ticket *t, struct sw_error *err);
enum sw_err store_ticket_list(struct store *s, const struct ticket_filter *f, int64_t scope_user_id,
			      const struct page *p, struct ticket_list *out, struct sw_error *err);
/* Numbers of t's child tickets (open ones only with open_only) into t->children. */
enum sw_err store_ticket_children(struct store *s, struct ticket *t, bool open_only, struct sw_error *err);
/* The impact x urgency -> priority matrix, [impact-1][urgency-1]. */
enum sw_err store_matrix_get(struct store *s, int out[3][3], struct sw_error *err);
enum sw_err store_matrix_set(struct store *s, int impact, int urgency, int priority, struct sw_error *err);
enum sw_err store_watcher_add(struct store *s, int64_t ticket_id, int64_t user_id, bool *added, struct sw_error *err);
enum sw_err store_watcher_remove(struct store *s, int64_t ticket_id, int64_t user_id, bool *removed,
				 struct sw_error *err);
enum sw_err store_comment_insert(struct store *s, int64_t ticket_id, int64_t author_id, bool internal, const char *body,
				 int64_t now, int64_t *id, struct sw_error *err);
enum sw_err store_comment_list(struct store *s, int64_t ticket_id, bool include_internal, struct comment_list *out,
			       struct sw_error *err);
enum sw_err store_attachment_insert(struct store *s, struct attachment *a, struct sw_error *err);
enum sw_err store_attachment_list(struct store *s, int64_t ticket_id, struct attachment_list *out,
				  struct sw_error *err);
enum sw_err store_attachment_get(struct store *s, int64_t id, struct attachment *out, struct sw_error *err);
enum sw_err store_link_insert(struct store *s, int64_t from_id, int64_t to_id, const char *kind, int64_t actor_id,
			      int64_t now, struct sw_error *err);
enum sw_err store_link_list(struct store *s, int64_t ticket_id, struct link_list *out, struct sw_error *err);

/* problems (core/ticket/problem.h) */
struct problem_candidate_list;
/* The CIs of t in role ("affected", "contributing"), by id. */
enum sw_err store_ticket_cis(struct store *s, int64_t ticket_id, const char *role, int64_t **ids, size_t *count,
			     struct sw_error *err);
/* Make t's CIs in role exactly ids. */
enum sw_err store_ticket_cis_set(struct store *s, int64_t ticket_id, const char *role, const int64_t *ids, size_t count,
				 struct sw_error *err);
/* The contact of a ticket raised for the unregistered requester
 * (USER_UNREGISTERED): set once when it is raised; get leaves both NULL
 * when there is none. */
enum sw_err store_ticket_contact_set(struct store *s, int64_t ticket_id, const char *email, const char *name,
				     struct sw_error *err);
enum sw_err store_ticket_contact_get(struct store *s, int64_t ticket_id, const char **email, const char **name,
				     struct sw_error *err);
/* How many incidents name the problem. */
enum sw_err store_ticket_problem_count(struct store *s, int64_t problem_id, int64_t *out, struct sw_error *err);
/* The incidents naming the problem by id order (open ones only with
 * open_only), a page of p, or every one when p is NULL. */
/* A page of the unarchived tickets of kind on CI or service id, newest
 * first (open_only: those in an open or paused phase). */
enum sw_err store_ticket_list_on(struct store *s, const char *kind, enum ticket_on on, int64_t id, bool open_only,
				 const struct page *p, struct ticket_list *out, struct sw_error *err);
enum sw_err store_ticket_problem_incidents(struct store *s, int64_t problem_id, bool open_only, const struct page *p,
					   struct ticket_list *out, struct sw_error *err);
/* Candidate groups of every basis (enum problem_basis, read from what the
 * group shares): incidents created at or after since, linked to no
 * problem, at least min a group, the limit largest groups of each basis;
 * each group's numbers newest first, at most PROBLEM_CANDIDATE_NUMBERS. */
enum sw_err store_problem_candidates(struct store *s, int64_t since, int min, int limit,
				     struct problem_candidate_list *out, struct sw_error *err);

#endif
