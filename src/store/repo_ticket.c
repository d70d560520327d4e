/*
 * repo_ticket.c — the shared ticket record and what hangs off it
 * (watchers, comments, attachments, links) plus the audit trail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ticket/ticket.h"
#include "store/store_int.h"
#include "base/idset.h"
#include "core/port/sla.h"
#include "core/port/ticket.h"
#include "core/ticket/cause_category.h"
#include "core/ticket/problem.h"
#include "store/ticket_sql.h"
#include "store/scache.h"
#include "store/scache_sql.h"
#include "store/totals.h"
#include "base/banned.h"

/* The list statement for a sort and the filter that leads it: the most
 * selective one given gets a plain, index-friendly equality (a search
 * leads with its full-text matches). */
enum lead { LEAD_NONE, LEAD_STATE, LEAD_ASSIGNEE, LEAD_GROUP, LEAD_REQUESTER, LEAD_PRIORITY, LEAD_TEXT, LEAD__COUNT };
/* The plan of a list: its sort order's plans (ticket_sql.h), then the
 * one for the leading filter; with a set of matches (SQLite), the walk
 * testing it; with a few matches, the list of their ids. */
_Static_assert(ST_TICKET_LIST_CREATED_ASC - ST_TICKET_LIST_CREATED_DESC == TICKET_PLANS &&
		       ST_TICKET_LIST_PRIORITY_ASC - ST_TICKET_LIST_CREATED_DESC ==
			       TICKET_PLANS * TICKET_SORT_PRIORITY_ASC &&
		       ST_TICKET_LIST_CREATED_DESC_TEXT - ST_TICKET_LIST_CREATED_DESC == LEAD_TEXT &&
		       ST_TICKET_LIST_CREATED_DESC_IDS - ST_TICKET_LIST_CREATED_DESC == TICKET_PLAN_IDS &&
		       ST_TICKET_LIST_CREATED_DESC_IDLIST - ST_TICKET_LIST_CREATED_DESC == TICKET_PLAN_IDLIST,
	       "the list plans are laid out as TICKET_SORT_PLANS says");

static int list_plan(enum ticket_sort sort, enum lead lead, bool use_set, bool idlist)
{
	int first = ST_TICKET_LIST_CREATED_DESC + (int)sort * TICKET_PLANS;
	if (idlist)
		return first + TICKET_PLAN_IDLIST;
	return first + (use_set ? TICKET_PLAN_IDS : 0) + (int)lead;
}

/* A search with fewer matches than this fetches them all and sorts them;
 * with more, the list walks its sort order's index and keeps the matches
 * (at 1 M incidents each way costs a few milliseconds at the boundary). */
#define SEARCH_LEAD_MAX 2000

/* Every match of query read once, in id order, into set (empty before):
 * the count picks the plan, and with many matches the set is what the
 * walk tests, so the full-text index is read once per request.  *fits is
 * false when the set would pass its max_bytes (set left empty). */
static enum sw_err search_ids(struct store *s, const char *query, struct idset *set, bool *fits, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(query), DB_IDSET(set)};
	int64_t full = 0;
	enum sw_err rc = db_query_int(s->conn, ST(ST_TICKET_SEARCH_IDS), a, NARGS(a), &full, err);
	*fits = !rc && full == 0;
	if (!*fits)
		idset_release(set);
	return rc;
}

/* A JSON array of count ids ("[3,17,42]") in the arena, the ids from
 * ids, or else (ids NULL) from set; NULL when out of memory. */
static const char *ids_json(struct store *s, const int64_t *ids, const struct idset *set, size_t count)
{
	size_t max = count * 21 + 3; /* "-9223372036854775808," per id */
	char *j = arena_alloc(s->arena, max);
	if (!j)
		return NULL;
	size_t n = 0;
	j[n++] = '[';
	int64_t id = 0;
	size_t i = 0;
	for (bool more = ids ? count > 0 : idset_first(set, &id); more;
	     more = ids ? ++i < count : idset_next(set, id, &id))
		n += (size_t)snprintf(j + n, max - n, n > 1 ? ",%lld" : "%lld", (long long)(ids ? ids[i] : id));
	j[n++] = ']';
	j[n] = 0;
	return j;
}

/* The ticket row (TICKET_COLUMNS in ticket_sql.h); lists add the
 * watchers and the custom values as two more columns. */
#define TICKET_COL_READ(member) STORE_COL(struct ticket, member)
#define TICKET_COL_SKIP(member) STORE_COL_SKIP
#define TICKET_COL_ENTRY(sql, member, how) TICKET_COL_##how(member),
static const struct store_col ticket_cols[TICKET_COL_COUNT] = {STORE_COL(struct ticket, id),
							       TICKET_COLUMNS(TICKET_COL_ENTRY)};

static void read_ticket(struct store *s, struct db_rows *r, void *item)
{
	struct ticket *t = item;
	STORE_READ(s, r, ticket_cols, t);
	t->kind = ticket_kind_by_name(db_col_text(r, TICKET_COL_kind));
	if (!t->kind)
		t->kind = &ticket_kind_unknown;
	t->phase = ticket_phase_of(t->kind, t->state);
}

/* The statement arguments of a ticket row, the same for an insert and an
 * update: ?1 and ?2 are the statement's own (number and kind, or id and
 * expected version), then the row as this table binds it in
 * TICKET_INSERT's order (?17, STORE_ARG_AT, the time written: created_at
 * on an insert, updated_at on an update), then the title's key, what
 * problem candidates group by (?45), and last the change's columns
 * (change_arg_cols). */
static const struct store_col ticket_arg_cols[] = {
	STORE_ARGS(struct ticket, state, title, description, requester_id),
	STORE_ARG_IDS(struct ticket, group_id, assignee_id),
	STORE_ARGS(struct ticket, impact, urgency, priority, category, hold_reason, resolution_code, resolution_notes,
		   reopen_count),
	STORE_ARG_AT,
	STORE_ARG_IDS(struct ticket, resolved_at, closed_at, first_response_at),
	STORE_ARGS(struct ticket, major, major_reason),
	STORE_ARG_IDS(struct ticket, parent_id),
	STORE_ARGS(struct ticket, priority_reason),
	STORE_ARG_IDS(struct ticket, service_id, ci_id, outage_start, outage_end),
	STORE_ARG_VALUE(struct ticket, phase, ticket_phase_name_list),
	STORE_ARGS(struct ticket, channel, opening_category, closing_category, reassignment_count, archived, symptoms,
		   root_cause, cause_category, workaround),
	STORE_ARG_IDS(struct ticket, workaround_published_at, fix_id),
	STORE_ARGS(struct ticket, review_went_well, review_went_wrong, review_actions),
	STORE_ARG_IDS(struct ticket, problem_id),
};
static const struct store_col change_arg_cols[] = {
	STORE_ARGS(struct ticket, change_type, justification),
	STORE_ARG_IDS(struct ticket, change_owner_id, planned_start, planned_end, actual_start, actual_end),
	STORE_ARGS(struct ticket, implementation_plan, backout_plan, test_plan, test_results, communication_plan,
		   outage_expected, outage_minutes, risk, pir),
	STORE_ARG_IDS(struct ticket, change_id),
	STORE_ARGS(struct ticket, task_order),
	STORE_ARG_IDS(struct ticket, caused_by_id),
};
#define TICKET_ARGS (2 + NARGS(ticket_arg_cols) + 1 + NARGS(change_arg_cols))
static void ticket_args(struct store *s, const struct ticket *t, struct db_arg first, struct db_arg second, int64_t at,
			struct db_arg a[TICKET_ARGS])
{
	a[0] = first;
	a[1] = second;
	store_args(s, (struct store_save){.at = at}, t, ticket_arg_cols, NARGS(ticket_arg_cols), a + 2);
	a[2 + NARGS(ticket_arg_cols)] = DB_TEXT(ticket_title_key(s->arena, t->title));
	store_args(s, (struct store_save){.at = at}, t, change_arg_cols, NARGS(change_arg_cols),
		   a + 2 + NARGS(ticket_arg_cols) + 1);
}

/* The row alone: no search row, no running totals. */
static enum sw_err insert_row(struct store *s, struct ticket *t, struct sw_error *err)
{
	struct db_arg a[TICKET_ARGS];
	ticket_args(s, t, DB_TEXT(t->number), DB_TEXT(t->kind->name), t->created_at, a);
	return db_query_int(s->conn, ST(ST_TICKET_INSERT), a, TICKET_ARGS, &t->id, err);
}

enum sw_err store_ticket_insert_row(struct store *s, struct ticket *t, struct sw_error *err)
{
	enum sw_err rc = insert_row(s, t, err);
	/* the running totals: what the new row adds */
	return rc ? rc : store_totals_apply(s, t->id, 1, err);
}

enum sw_err store_ticket_insert_bulk(struct store *s, struct ticket *t, struct sw_error *err)
{
	enum sw_err rc = insert_row(s, t, err);
	return rc ? rc : store_ticket_search_insert(s, t, err);
}

enum sw_err store_totals_refresh(struct store *s, struct sw_error *err)
{
	enum sw_err rc = store_totals_rebuild(s->conn, err);
	return rc ? rc : store_clock_totals_rebuild(s->conn, err);
}

/* Every write to the full-text index raises its generation in the same
 * transaction, where searches keep sets of matches (scache.h): a kept set
 * is never used past a write that could change it. */
static enum sw_err search_written(struct store *s, struct sw_error *err)
{
	if (s->db && !db_has_idset(s->db))
		return SW_OK; /* nothing is kept (PostgreSQL): no row that every create updates */
	return db_exec(s->conn, ST(ST_SCACHE_BUMP), NULL, 0, NULL, err);
}

enum sw_err store_ticket_search_insert(struct store *s, const struct ticket *t, struct sw_error *err)
{
	struct db_arg sa[] = {DB_INT(t->id), DB_TEXT(t->number), DB_TEXT(t->title), DB_TEXT(t->description)};
	enum sw_err rc = db_exec(s->conn, ST(ST_TICKET_SEARCH_INSERT), sa, NARGS(sa), NULL, err);
	return rc ? rc : search_written(s, err);
}

enum sw_err store_ticket_insert(struct store *s, struct ticket *t, struct sw_error *err)
{
	enum sw_err rc = store_ticket_insert_row(s, t, err);
	return rc ? rc : store_ticket_search_insert(s, t, err);
}

enum sw_err store_ticket_update(struct store *s, const struct ticket *t, int64_t expected_version, struct sw_error *err)
{
	struct db_arg a[TICKET_ARGS];
	ticket_args(s, t, DB_INT(t->id), DB_INT(expected_version), t->updated_at, a);
	int64_t changes = 0;
	/* the running totals: the row's contribution out before, in after
	 * (back in unchanged when the version was stale) */
	enum sw_err rc = store_totals_apply(s, t->id, -1, err);
	if (rc || (rc = db_exec(s->conn, ST(ST_TICKET_UPDATE), a, TICKET_ARGS, &changes, err)) ||
	    (rc = store_totals_apply(s, t->id, 1, err)))
		return rc;
	if (changes != 1)
		return sw_fail(err, SW_ESTALE, "stale-version", "the ticket was changed by someone else");
	return SW_OK;
}

/* A ticket row with, in two more columns, its watchers (logins joined by
 * newlines) and its values of fields defined at run time (see CUSTOM_AGG
 * in ticket_sql.c): single reads and lists alike, one statement each. */
static void read_list_ticket(struct store *s, struct db_rows *r, void *item)
{
	read_ticket(s, r, item);
	struct ticket *t = item;
	t->watchers = store_split(s, db_col_text(r, TICKET_COL_COUNT), '\n', &t->watcher_count);
	size_t n = 0;
	const char **fields = store_split(s, db_col_text(r, TICKET_COL_COUNT + 1), '\x1e', &n);
	t->custom = n ? arena_alloc(s->arena, n * sizeof(*t->custom)) : NULL;
	for (size_t i = 0; t->custom && i < n; i++) {
		size_t parts = 0;
		const char **p = store_split(s, fields[i], '\x1f', &parts);
		if (parts == 3)
			t->custom[t->custom_count++] = (struct ticket_value){p[0], p[1], p[2]};
	}
}

enum sw_err store_tickets_of(struct store *s, const int64_t *ids, size_t count, struct ticket_list *out,
			     struct sw_error *err)
{
	*out = (struct ticket_list){0}; /* next_cursor too: these are whole lists */
	if (!count)
		return SW_OK;
	const char *json = ids_json(s, ids, NULL, count);
	if (!json)
		return store_nomem(err);
	struct db_arg a[] = {DB_TEXT(json)};
	return STORE_LIST(s, ST_TICKET_ROWS, a, NARGS(a), read_list_ticket, out, err);
}

static enum sw_err ticket_one(struct store *s, int id, struct db_arg key, struct ticket *out, struct sw_error *err)
{
	enum sw_err rc = store_one(s, id, &key, 1, read_list_ticket, out, err);
	if (rc == SW_ENOTFOUND)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no such ticket");
	return rc;
}

enum sw_err store_ticket_by_number(struct store *s, const char *number, struct ticket *out, struct sw_error *err)
{
	return ticket_one(s, ST_TICKET_BY_NUMBER, DB_TEXT(number), out, err);
}

enum sw_err store_ticket_by_id(struct store *s, int64_t id, struct ticket *out, struct sw_error *err)
{
	return ticket_one(s, ST_TICKET_BY_ID, DB_INT(id), out, err);
}

static enum sw_err tickets_before(struct store *s, int id, int64_t before, int limit, const char *kind,
				  struct ticket_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(before), DB_INT(limit), DB_TEXT(kind)};
	memset(out, 0, sizeof(*out));
	return STORE_LIST(s, id, a, kind ? 3 : 2, read_ticket, out, err);
}

enum sw_err store_tickets_resolved_before(struct store *s, const char *kind, int64_t before, int limit,
					  struct ticket_list *out, struct sw_error *err)
{
	return tickets_before(s, ST_TICKETS_RESOLVED_BEFORE, before, limit, kind, out, err);
}

enum sw_err store_tickets_archivable(struct store *s, int64_t before, int limit, struct ticket_list *out,
				     struct sw_error *err)
{
	return tickets_before(s, ST_TICKETS_ARCHIVABLE, before, limit, NULL, out, err);
}

/* A PostgreSQL list's page: an id and its sort value. */
struct page_key {
	int64_t id, value;
};

static void read_page_key(struct store *s, struct db_rows *r, void *item)
{
	(void)s;
	*(struct page_key *)item = (struct page_key){db_col_int(r, 0), db_col_int(r, 1)};
}

static int64_t sort_value(const struct ticket *t, enum ticket_sort sort)
{
	switch (sort) {
	case TICKET_SORT_UPDATED_DESC:
	case TICKET_SORT_UPDATED_ASC: return t->updated_at;
	case TICKET_SORT_PRIORITY_DESC:
	case TICKET_SORT_PRIORITY_ASC: return t->priority;
	default: return t->created_at;
	}
}

/* A page of a list statement's rows, limit of them and the cursor after
 * the last when it read one more. */
static enum sw_err page_of_rows(struct store *s, int stmt, const struct db_arg *a, int nargs, int limit,
				enum ticket_sort sort, struct ticket_list *out, struct sw_error *err)
{
	void *v;
	size_t n;
	enum sw_err rc = store_collect(s, stmt, a, nargs, sizeof(struct ticket), read_list_ticket, &v, &n, err);
	if (rc)
		return rc;
	struct ticket *items = v;
	if (n > (size_t)limit) {
		n = (size_t)limit;
		out->next_cursor = store_cursor_encode2(s, ticket_sort_name(sort), sort_value(&items[n - 1], sort),
							items[n - 1].id);
	}
	out->items = items;
	out->count = n;
	return SW_OK;
}

/* The same on PostgreSQL (TICKET_LIST_PG_LEAD): the statement reads the
 * page's ids and sort values, the cursor comes from them, then their rows. */
static enum sw_err page_by_keys(struct store *s, int stmt, const struct db_arg *a, int nargs, int limit,
				enum ticket_sort sort, struct ticket_list *out, struct sw_error *err)
{
	struct page_key *keys;
	size_t n;
	enum sw_err rc = store_collect(s, stmt, a, nargs, sizeof(*keys), read_page_key, &keys, &n, err);
	if (rc)
		return rc;
	if (n > (size_t)limit) {
		n = (size_t)limit;
		out->next_cursor = store_cursor_encode2(s, ticket_sort_name(sort), keys[n - 1].value, keys[n - 1].id);
	}
	int64_t *ids = arena_alloc(s->arena, (n ? n : 1) * sizeof(*ids));
	if (!ids)
		return store_nomem(err);
	for (size_t i = 0; i < n; i++)
		ids[i] = keys[i].id;
	struct ticket_list rows;
	if ((rc = store_tickets_of(s, ids, n, &rows, err)))
		return rc;
	out->items = rows.items;
	out->count = rows.count;
	return SW_OK;
}

enum sw_err store_ticket_list(struct store *s, const struct ticket_filter *f, int64_t scope_user_id,
			      const struct page *p, struct ticket_list *out, struct sw_error *err)
{
	enum sw_err rc;
	int64_t after_value = 0, after_id = 0;
	bool has_cursor = p->cursor != NULL;
	if (has_cursor &&
	    (rc = store_cursor_decode2(p->cursor, ticket_sort_name(f->sort), &after_value, &after_id, err)))
		return rc;
	if (!has_cursor && f->created_from && f->sort == TICKET_SORT_CREATED_ASC) {
		/* the keyset just before the first ticket raised at created_from */
		has_cursor = true;
		after_value = f->created_from - 1;
		after_id = INT64_MAX;
	}
	bool unassigned = f->assignee && strcmp(f->assignee, "none") == 0;
	const char *query = store_search_query(s, f->text);
	if (f->text && !query)
		return store_nomem(err);
	struct db_arg a[] = {
		DB_TEXT(f->kind->name),
		DB_TEXT(f->state),
		unassigned ? DB_NULL : DB_TEXT(f->assignee),
		DB_INT(unassigned),
		DB_TEXT(f->group),
		DB_TEXT(f->requester),
		f->priority ? DB_INT(f->priority) : DB_NULL,
		DB_TEXT(query),
		DB_ID(scope_user_id),
		has_cursor ? DB_INT(after_value) : DB_NULL,
		has_cursor ? DB_INT(after_id) : DB_NULL,
		DB_INT(p->limit + 1),
		DB_INT(f->major_only),
		DB_INT(f->open_only),
		f->breaching_by ? DB_INT(f->breaching_by) : DB_NULL,
		f->member_of ? DB_ID(f->member_of) : DB_NULL,
		DB_TEXT(f->channel),
		DB_TEXT(f->closing_category),
		DB_TEXT(f->custom_field),
		DB_TEXT(f->custom_value),
		DB_INT(f->archived),
		DB_INT(unassigned || f->major_only || f->open_only || f->breaching_by || f->member_of || f->channel ||
		       f->closing_category || f->custom_field),
	};
	enum ticket_sort sort = f->sort < TICKET_SORT__COUNT ? f->sort : TICKET_SORT_CREATED_DESC;
	struct idset matches = IDSET_INIT(s->search_set_max);
	struct scache_ref kept = {0};
	const struct idset *set = &matches;
	bool use_set = false, idlist = false;
	enum lead lead = unassigned || !f->assignee ? LEAD_NONE : LEAD_ASSIGNEE;
	if (query && s->db && db_has_idset(s->db)) {
		/* read once — or not at all while a set kept for the query is
		 * current (scache.h): few matches lead, many are tested from the
		 * set while the sort order's index leads */
		int64_t gen = 0;
		bool fits = false;
		if ((rc = db_query_int(s->conn, ST(ST_SCACHE_GENERATION), NULL, 0, &gen, err)))
			goto out;
		if (scache_find(s->db, query, gen, s->search_set_max, &kept)) {
			set = scache_ref_set(&kept);
			fits = true;
		} else {
			if ((rc = search_ids(s, query, &matches, &fits, err)))
				goto out;
			if (fits && matches.count >= SEARCH_LEAD_MAX && scache_keep(s->db, query, gen, &matches, &kept))
				set = scache_ref_set(&kept);
		}
		if (fits && set->count < SEARCH_LEAD_MAX) {
			lead = LEAD_TEXT;
			const char *json = ids_json(s, NULL, set, set->count); /* once: DB_TEXT names it thrice */
			if (!json) {
				rc = store_nomem(err);
				goto out;
			}
			a[7] = DB_TEXT(json);
			idlist = true;
		}
		use_set = fits && !idlist;
	} else if (query) {
		/* PostgreSQL: one statement, the matches a plain semi-join the
		 * planner orders itself — by its estimate of the query's matches
		 * (the lexemes' frequencies ANALYZE keeps), it walks the sort
		 * order's index testing each ticket's row of ticket_search, or
		 * reads the matches from the GIN index and sorts them.  Inside
		 * an OR the same test could only be a hashed subplan reading
		 * every match (docs/performance.md, "PostgreSQL at a million"). */
		lead = LEAD_TEXT;
	}
	if (lead == LEAD_NONE)
		lead = f->requester  ? LEAD_REQUESTER
		       : f->group    ? LEAD_GROUP
		       : f->state    ? LEAD_STATE
		       : f->priority ? LEAD_PRIORITY
				     : LEAD_NONE;
	if (use_set)
		a[7] = DB_IDSET(set);
	int stmt = list_plan(sort, lead, use_set, idlist);
	out->next_cursor = NULL;
	rc = s->db && db_backend(s->db) == DB_POSTGRES ? page_by_keys(s, stmt, a, NARGS(a), p->limit, sort, out, err)
						       : page_of_rows(s, stmt, a, NARGS(a), p->limit, sort, out, err);
out:
	scache_ref_release(&kept);
	idset_release(&matches);
	return rc;
}

enum sw_err store_ticket_search_update(struct store *s, const struct ticket *t, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(t->id), DB_TEXT(t->title), DB_TEXT(t->description)};
	enum sw_err rc = db_exec(s->conn, ST(ST_TICKET_SEARCH_UPDATE), a, NARGS(a), NULL, err);
	return rc ? rc : search_written(s, err);
}

enum sw_err store_watcher_add(struct store *s, int64_t ticket_id, int64_t user_id, bool *added, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id), DB_INT(user_id)};
	return store_yes(s, STORE_YES_CHANGED, ST_WATCHER_ADD, a, 2, added, err);
}

enum sw_err store_watcher_remove(struct store *s, int64_t ticket_id, int64_t user_id, bool *removed,
				 struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id), DB_INT(user_id)};
	return store_yes(s, STORE_YES_CHANGED, ST_WATCHER_REMOVE, a, 2, removed, err);
}

enum sw_err store_comment_insert(struct store *s, int64_t ticket_id, int64_t author_id, bool internal, const char *body,
				 int64_t now, int64_t *id, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id), DB_INT(author_id), DB_INT(internal), DB_TEXT(body), DB_INT(now)};
	int64_t cid;
	enum sw_err rc = db_query_int(s->conn, ST(ST_COMMENT_INSERT), a, NARGS(a), &cid, err);
	if (rc)
		return rc;
	/* work notes are never indexed, so no search can reveal them */
	struct db_arg sa[] = {DB_INT(ticket_id), DB_TEXT(body)};
	if (!internal && ((rc = db_exec(s->conn, ST(ST_TICKET_SEARCH_COMMENT), sa, NARGS(sa), NULL, err)) ||
			  (rc = search_written(s, err))))
		return rc;
	*id = cid;
	return SW_OK;
}

static void read_comment(struct store *s, struct db_rows *r, void *item)
{
	struct comment *c = item;
	c->id = db_col_int(r, 0);
	c->author = store_col_str(s, r, 1);
	c->internal = db_col_int(r, 2) != 0;
	c->body = store_col_str(s, r, 3);
	c->created_at = db_col_int(r, 4);
}

enum sw_err store_comment_list(struct store *s, int64_t ticket_id, bool include_internal, struct comment_list *out,
			       struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id), DB_INT(include_internal)};
	return STORE_LIST(s, ST_COMMENT_LIST, a, 2, read_comment, out, err);
}

void store_read_attachment(struct store *s, struct db_rows *r, void *item)
{
	struct attachment *a = item;
	memset(a, 0, sizeof(*a));
	a->id = db_col_int(r, 0);
	a->filename = store_col_str(s, r, 2);
	a->content_type = store_col_str(s, r, 3);
	a->size = db_col_int(r, 4);
	a->sha256 = store_col_str(s, r, 5);
	a->created_by = store_col_str(s, r, 6);
	a->created_at = db_col_int(r, 7);
}

static void read_attachment(struct store *s, struct db_rows *r, void *item)
{
	store_read_attachment(s, r, item);
	((struct attachment *)item)->ticket_id = db_col_int(r, 1);
}

enum sw_err store_attachment_insert(struct store *s, struct attachment *at, struct sw_error *err)
{
	struct db_arg a[] = {
		DB_INT(at->ticket_id),     DB_TEXT(at->filename),  DB_TEXT(at->content_type),
		DB_INT(at->size),          DB_TEXT(at->sha256),    DB_BLOB(at->data, (size_t)at->size),
		DB_INT(at->created_by_id), DB_INT(at->created_at),
	};
	return db_query_int(s->conn, ST(ST_ATTACHMENT_INSERT), a, NARGS(a), &at->id, err);
}

enum sw_err store_attachment_list(struct store *s, int64_t ticket_id, struct attachment_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id)};
	return STORE_LIST(s, ST_ATTACHMENT_LIST, a, 1, read_attachment, out, err);
}

/* An attachment with its bytes, copied into the arena. */
static void read_attachment_data(struct store *s, struct db_rows *r, void *item)
{
	struct attachment *a = item;
	read_attachment(s, r, a);
	size_t len = 0;
	const void *data = db_col_blob(r, 8, &len);
	void *copy = arena_alloc(s->arena, len + 1);
	if (copy && len)
		memcpy(copy, data, len);
	a->data = copy;
	a->size = copy ? (int64_t)len : -1;
}

enum sw_err store_attachment_get(struct store *s, int64_t id, struct attachment *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id)};
	enum sw_err rc = store_one(s, ST_ATTACHMENT_GET, a, 1, read_attachment_data, out, err);
	if (rc == SW_ENOTFOUND)
		return sw_fail(err, SW_ENOTFOUND, NULL, "no such attachment");
	if (!rc && !out->data)
		return store_nomem(err);
	return rc;
}

enum sw_err store_link_insert(struct store *s, int64_t from_id, int64_t to_id, const char *kind, int64_t actor_id,
			      int64_t now, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(from_id), DB_INT(to_id), DB_TEXT(kind), DB_INT(actor_id), DB_INT(now)};
	return db_exec(s->conn, ST(ST_LINK_INSERT), a, NARGS(a), NULL, err);
}

static void read_link(struct store *s, struct db_rows *r, void *item)
{
	struct ticket_link *l = item;
	l->kind = store_col_str(s, r, 0);
	l->target = store_col_str(s, r, 1);
	l->created_at = db_col_int(r, 2);
	l->target_kind = store_col_str(s, r, 3);
}

enum sw_err store_link_list(struct store *s, int64_t ticket_id, struct link_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id)};
	return STORE_LIST(s, ST_LINK_LIST, a, 1, read_link, out, err);
}

enum sw_err store_audit_insert(struct store *s, int64_t at, int64_t actor_id, const char *entity, int64_t entity_id,
			       const char *action, bool internal, const char *changes, struct sw_error *err)
{
	struct db_arg a[] = {
		DB_INT(at),
		DB_ID(actor_id),
		DB_TEXT(entity),
		DB_INT(entity_id),
		DB_TEXT(action),
		DB_INT(internal),
		DB_TEXT(changes ? changes : "{}"),
	};
	return db_exec(s->conn, ST(ST_AUDIT_INSERT), a, NARGS(a), NULL, err);
}

static void read_audit(struct store *s, struct db_rows *r, void *item)
{
	struct audit_entry *e = item;
	e->at = db_col_int(r, 0);
	e->actor = store_col_str(s, r, 1);
	e->action = store_col_str(s, r, 2);
	e->internal = db_col_int(r, 3) != 0;
	e->changes = store_col_str(s, r, 4);
}

enum sw_err store_audit_list(struct store *s, const char *entity, int64_t entity_id, bool include_internal,
			     struct audit_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(entity), DB_INT(entity_id), DB_INT(include_internal)};
	*out = (struct audit_list){0}; /* the whole trail, nothing hidden */
	return STORE_LIST(s, ST_AUDIT_LIST, a, NARGS(a), read_audit, out, err);
}

/* what ST_AUDIT_PAGE selects */
static const struct store_col audit_page_cols[] = {
	STORE_COLS(struct audit_entry, id, at, actor, action, internal, changes)};

STORE_READER(read_audit_page, struct audit_entry, audit_page_cols)

enum sw_err store_audit_page(struct store *s, const char *entity, int64_t entity_id, const struct page *p,
			     struct audit_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(entity), DB_INT(entity_id), DB_NULL, DB_NULL};
	*out = (struct audit_list){0};
	return STORE_ID_PAGE(s, ST_AUDIT_PAGE, "history", a, 2, p, struct audit_entry, read_audit_page, out, err);
}

/* what ST_AUDIT_FIELDS selects */
static const struct store_col audit_field_cols[] = {STORE_COLS(struct audit_field, id, at, action, name, value)};

enum sw_err store_audit_fields(struct store *s, const char *entity, int64_t entity_id, int64_t at, size_t max,
			       struct audit_field **out, size_t *count, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(entity), DB_INT(entity_id), DB_INT(at), DB_INT((int64_t)max + 1)};
	struct audit_field *rows;
	size_t n;
	enum sw_err rc = STORE_COLLECT(s, ST_AUDIT_FIELDS, a, NARGS(a), audit_field_cols, &rows, &n, err);
	if (rc)
		return rc;
	if (n > max)
		return sw_fail(err, SW_EBADREQ, "bad-request",
			       "the history is too long to fold (more than %zu changes)", max);
	*out = rows;
	*count = n;
	return SW_OK;
}

static void read_audit_change(struct store *s, struct db_rows *r, void *item)
{
	struct audit_change *e = item;
	e->id = db_col_int(r, 0);
	e->at = db_col_int(r, 1);
	e->actor = store_col_str(s, r, 2);
	e->action = store_col_str(s, r, 3);
	e->internal = db_col_int(r, 4) != 0;
	e->ticket_id = db_col_int(r, 5);
	e->number = store_col_str(s, r, 6);
	e->kind = store_col_str(s, r, 7);
	e->version = db_col_int(r, 8);
	e->state = store_col_str(s, r, 9);
	e->requester_id = db_col_int(r, 10);
	e->group = store_col_str(s, r, 11);
	e->assignee = store_col_str(s, r, 12);
	e->watchers = store_col_str(s, r, 13);
}

enum sw_err store_audit_tail(struct store *s, int64_t after, int limit, struct audit_change **out, size_t *count,
			     struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(after), DB_INT(limit)};
	void *v;
	enum sw_err rc = store_collect(s, ST_AUDIT_TAIL, a, NARGS(a), sizeof(struct audit_change), read_audit_change,
				       &v, count, err);
	if (!rc)
		*out = v;
	return rc;
}

enum sw_err store_audit_last_id(struct store *s, int64_t *out, struct sw_error *err)
{
	return db_query_int(s->conn, ST(ST_AUDIT_LAST_ID), NULL, 0, out, err);
}

enum sw_err store_tx_horizon(struct store *s, int64_t *xmin, int64_t *xmax, struct sw_error *err)
{
	struct db_rows *r;
	enum sw_err rc = db_query(s->conn, ST(ST_TX_HORIZON), NULL, 0, &r, err);
	if (rc)
		return rc;
	int more = db_rows_next(r, err);
	if (more == 1) {
		*xmin = db_col_int(r, 0);
		*xmax = db_col_int(r, 1);
	}
	db_rows_free(r);
	if (more < 0)
		return err->code ? err->code : SW_EDB;
	return more == 1 ? SW_OK : sw_fail(err, SW_EDB, NULL, "the transaction horizon query returned no row");
}

enum sw_err store_ticket_children(struct store *s, struct ticket *t, bool open_only, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(t->id)};
	return store_collect_strings(s, open_only ? ST_TICKET_OPEN_CHILDREN : ST_TICKET_CHILDREN, a, 1, &t->children,
				     &t->child_count, err);
}

enum sw_err store_matrix_get(struct store *s, int out[3][3], struct sw_error *err)
{
	struct db_rows *r;
	enum sw_err rc = db_query(s->conn, ST(ST_MATRIX_GET), NULL, 0, &r, err);
	if (rc)
		return rc;
	int seen = 0, more;
	while ((more = db_rows_next(r, err)) == 1) {
		int64_t i = db_col_int(r, 0), u = db_col_int(r, 1), p = db_col_int(r, 2);
		if (i >= 1 && i <= 3 && u >= 1 && u <= 3) {
			out[i - 1][u - 1] = (int)p;
			seen++;
		}
	}
	db_rows_free(r);
	if (more < 0)
		return err->code;
	if (seen != 9)
		return sw_fail(err, SW_EDB, NULL, "the priority matrix is incomplete (%d of 9 cells)", seen);
	return SW_OK;
}

enum sw_err store_matrix_set(struct store *s, int impact, int urgency, int priority, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(impact), DB_INT(urgency), DB_INT(priority)};
	return db_exec(s->conn, ST(ST_MATRIX_SET), a, NARGS(a), NULL, err);
}

/* ---- problems ------------------------------------------------------------------ */

enum sw_err store_ticket_cis(struct store *s, int64_t ticket_id, const char *role, int64_t **ids, size_t *count,
			     struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id), DB_TEXT(role)};
	return store_collect_ids(s, ST_TICKET_CIS, a, NARGS(a), ids, count, err);
}

enum sw_err store_ticket_cis_set(struct store *s, int64_t ticket_id, const char *role, const int64_t *ids, size_t count,
				 struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id), DB_TEXT(role), DB_NULL};
	enum sw_err rc = db_exec(s->conn, ST(ST_TICKET_CIS_CLEAR), a, 2, NULL, err);
	for (size_t i = 0; !rc && i < count; i++) {
		a[2] = DB_INT(ids[i]);
		rc = db_exec(s->conn, ST(ST_TICKET_CIS_ADD), a, NARGS(a), NULL, err);
	}
	return rc;
}

enum sw_err store_ticket_contact_set(struct store *s, int64_t ticket_id, const char *email, const char *name,
				     struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id), DB_TEXT(email), DB_TEXT(name ? name : "")};
	return db_exec(s->conn, ST(ST_TICKET_CONTACT_SET), a, NARGS(a), NULL, err);
}

struct contact {
	const char *email, *name;
};

static void read_contact(struct store *s, struct db_rows *r, void *item)
{
	struct contact *ct = item;
	ct->email = store_col_str(s, r, 0);
	ct->name = store_col_str(s, r, 1);
}

enum sw_err store_ticket_contact_get(struct store *s, int64_t ticket_id, const char **email, const char **name,
				     struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id)};
	struct contact ct = {0};
	enum sw_err rc = store_one(s, ST_TICKET_CONTACT_GET, a, NARGS(a), read_contact, &ct, err);
	if (rc == SW_ENOTFOUND) {
		sw_error_clear(err);
		rc = SW_OK;
	}
	if (!rc) {
		*email = ct.email;
		*name = ct.name;
	}
	return rc;
}

enum sw_err store_ticket_problem_count(struct store *s, int64_t problem_id, int64_t *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(problem_id)};
	return db_query_int(s->conn, ST(ST_TICKET_PROBLEM_COUNT), a, NARGS(a), out, err);
}

/* All of a problem's incidents, when no page limits them: as many as one
 * list may carry. */
#define PROBLEM_INCIDENTS_ALL 10000

enum sw_err store_ticket_problem_incidents(struct store *s, int64_t problem_id, bool open_only, const struct page *p,
					   struct ticket_list *out, struct sw_error *err)
{
	int64_t after = 0, unused;
	enum sw_err rc;
	if (p && p->cursor && (rc = store_cursor_decode2(p->cursor, "incidents", &after, &unused, err)))
		return rc;
	struct page all = {.limit = PROBLEM_INCIDENTS_ALL};
	if (!p)
		p = &all;
	struct db_arg a[] = {DB_INT(problem_id), DB_INT(open_only), after ? DB_INT(after) : DB_NULL,
			     DB_INT(p->limit + 1)};
	out->next_cursor = NULL;
	if ((rc = STORE_LIST(s, ST_TICKET_PROBLEM_INCIDENTS, a, NARGS(a), read_list_ticket, out, err)))
		return rc;
	if (store_page_more(p, &out->count) && p != &all)
		out->next_cursor = store_cursor_encode2(s, "incidents", out->items[out->count - 1].id, 0);
	return SW_OK;
}

enum sw_err store_ticket_list_on(struct store *s, const char *kind, enum ticket_on on, int64_t id, bool open_only,
				 const struct page *p, struct ticket_list *out, struct sw_error *err)
{
	static const char *const tags[] = {[TICKET_ON_CI] = "ci-tickets", [TICKET_ON_SERVICE] = "service-tickets"};
	int64_t at = 0, after = 0;
	enum sw_err rc;
	if (p->cursor && (rc = store_cursor_decode2(p->cursor, tags[on], &at, &after, err)))
		return rc;
	struct db_arg a[] = {DB_INT(id),    DB_TEXT(kind),       DB_INT(open_only), p->cursor ? DB_INT(at) : DB_NULL,
			     DB_INT(after), DB_INT(p->limit + 1)};
	out->next_cursor = NULL;
	if ((rc = STORE_LIST(s, on == TICKET_ON_CI ? ST_TICKET_ON_CI : ST_TICKET_ON_SERVICE, a, NARGS(a),
			     read_list_ticket, out, err)))
		return rc;
	if (store_page_more(p, &out->count)) {
		const struct ticket *last = &out->items[out->count - 1];
		out->next_cursor = store_cursor_encode2(s, tags[on], last->created_at, last->id);
	}
	return SW_OK;
}

static int newest_first(const void *a, const void *b)
{
	return -strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const struct store_col candidate_cols[] = {
	STORE_COLS(struct problem_candidate, ci_id, ci, service, category, title_key, count, first_at, last_at)};

static void read_candidate(struct store *s, struct db_rows *r, void *item)
{
	struct problem_candidate *k = item;
	STORE_READ(s, r, candidate_cols, k);
	/* what the group shares says its basis */
	k->basis = k->ci_id ? PROBLEM_BASIS_CI : k->title_key ? PROBLEM_BASIS_TITLE : PROBLEM_BASIS_SERVICE;
	/* numbers of one kind sort as they were given: newest first */
	size_t n;
	const char **v = store_split(s, db_col_text(r, 8), ',', &n);
	if (v && n)
		qsort(v, n, sizeof(*v), newest_first);
	k->incidents = v;
	k->incident_count = n < PROBLEM_CANDIDATE_NUMBERS ? n : PROBLEM_CANDIDATE_NUMBERS;
}

enum sw_err store_problem_candidates(struct store *s, int64_t since, int min, int limit,
				     struct problem_candidate_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(since), DB_INT(min), DB_INT(limit)};
	return STORE_LIST(s, ST_PROBLEM_CANDIDATES, a, NARGS(a), read_candidate, out, err);
}
