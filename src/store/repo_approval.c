/*
 * repo_approval.c — approval policies and their steps, approval requests,
 * steps and approvals, and delegations (core/port/approval.h).  A policy
 * step's users and groups are each one text column, joined with a newline.
 */
#include <string.h>

#include "core/approval/approval.h"
#include "core/kernel/record.h"
#include "store/store_int.h"
#include "core/port/approval.h"
#include "store/approval_sql.h"
#include "store/fulfil_sql.h"
#include "base/banned.h"

/* ---- policies ------------------------------------------------------------------ */

/* APOL_COLS */
static const struct store_col policy_cols[] = {STORE_COLS(struct approval_policy, id, name, position, active, kind,
							  match_type, match_risk, match_service_id, match_service,
							  match_category, match_priority, created_at, updated_at)};

/* what ST_APOL_STEPS selects */
static const struct store_col step_def_cols[] = {
	STORE_COL_VALUE(struct approval_step_def, rule, approval_rule_name_list),
	STORE_COL(struct approval_step_def, required),
	STORE_COL_SPLIT(struct approval_step_def, users, user_count, '\n'),
	STORE_COL_SPLIT(struct approval_step_def, groups, group_count, '\n'),
	STORE_COL(struct approval_step_def, service_owner),
	STORE_COL(struct approval_step_def, has_cost_above),
	STORE_COL(struct approval_step_def, cost_above),
	STORE_COL(struct approval_step_def, when_variable),
	STORE_COL(struct approval_step_def, when_value),
	STORE_COL(struct approval_step_def, when_pattern),
};

static const struct store_col policy_args[] = {
	STORE_ARG_KEY,
	STORE_ARGS(struct approval_policy, position, active, kind, match_type, match_risk),
	STORE_ARG_IDS(struct approval_policy, match_service_id),
	STORE_ARGS(struct approval_policy, match_category),
	STORE_ARG_IDS(struct approval_policy, match_priority),
	STORE_ARG_AT,
};

static enum sw_err with_steps(struct store *s, struct approval_policy *p, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(p->id)};
	return STORE_COLLECT(s, ST_APOL_STEPS, a, 1, step_def_cols, &p->steps, &p->step_count, err);
}

static enum sw_err list_with_steps(struct store *s, int st, const struct db_arg *a, int n,
				   struct approval_policy_list *out, struct sw_error *err)
{
	enum sw_err rc = STORE_COLLECT(s, st, a, n, policy_cols, &out->items, &out->count, err);
	for (size_t i = 0; !rc && i < out->count; i++)
		rc = with_steps(s, &out->items[i], err);
	return rc;
}

STORE_SAVE_FN(save_policy, struct approval_policy, ST_APOL_INSERT, ST_APOL_UPDATE, policy_args)

static enum sw_err load_policy(struct store *s, const struct record_key *key, void *out, struct sw_error *err)
{
	enum sw_err rc = STORE_FIND(s, ST_APOL_BY_NAME, DB_TEXT(key->name), policy_cols, (struct approval_policy *)out,
				    err, "no approval policy '%s'", key->name);
	return rc ? rc : with_steps(s, out, err);
}

STORE_LIST_AS(list_policies, list_with_steps(s, ST_APOL_LIST, NULL, 0, out, err))

const struct record_store store_approval_policies = {save_policy, load_policy, list_policies};

enum sw_err store_approval_policies_of(struct store *s, const char *kind, struct approval_policy_list *out,
				       struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(kind)};
	return list_with_steps(s, ST_APOL_OF_KIND, a, 1, out, err);
}

enum sw_err store_approval_policy_set_steps(struct store *s, const struct approval_policy *p, struct sw_error *err)
{
	struct db_arg key[] = {DB_INT(p->id)};
	enum sw_err rc = db_exec(s->conn, ST(ST_APOL_STEPS_DELETE), key, 1, NULL, err);
	for (size_t i = 0; !rc && i < p->step_count; i++) {
		const struct approval_step_def *d = &p->steps[i];
		const char *users = store_join(s, d->users, d->user_count, '\n');
		const char *groups = store_join(s, d->groups, d->group_count, '\n');
		if (!users || !groups)
			return store_nomem(err);
		struct db_arg a[] = {DB_INT(p->id),
				     DB_INT((int64_t)i + 1),
				     DB_TEXT(approval_rule_name(d->rule)),
				     DB_INT(d->required),
				     DB_TEXT(users),
				     DB_TEXT(groups),
				     DB_INT(d->service_owner),
				     d->has_cost_above ? DB_INT(d->cost_above) : DB_NULL,
				     DB_TEXT(d->when_variable),
				     DB_TEXT(d->when_value),
				     DB_TEXT(d->when_pattern)};
		rc = db_exec(s->conn, ST(ST_APOL_STEP_INSERT), a, NARGS(a), NULL, err);
	}
	return rc;
}

/* ---- requests, steps, approvals -------------------------------------------------- */

/* AREQ_COLS */
static const struct store_col request_cols[] = {STORE_COLS(struct approval_request, id, ticket_id, policy, state, step,
							   step_count, fires, created_by_id, created_by, created_at,
							   decided_at)};

/* ASTEP_COLS */
static const struct store_col step_cols[] = {
	STORE_COLS(struct approval_step, id, request_id, position, rule, required, state, started_at, decided_at)};

/* APPROVAL_COLS */
static const struct store_col approval_cols[] = {
	STORE_COLS(struct approval, id, step_id, request_id, ticket_id, position, approver_id, approver, via, state,
		   comment, decided_by_id),
	STORE_COLS(struct approval, decided_by, decided_at, requested_at, reminded_at, ticket, ticket_kind,
		   ticket_title, rule, required, request_state)};

/* ST_ACHOICES_OF */
static const struct store_col choice_cols[] = {STORE_COL(struct approval_choice, position),
					       STORE_COL(struct approval_choice, step),
					       STORE_COL(struct approval_choice, reason)};

enum sw_err store_approval_choice_insert(struct store *s, int64_t request_id, const struct approval_choice *ch,
					 struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(request_id), DB_INT(ch->position), DB_ID(ch->step), DB_TEXT(ch->reason)};
	return db_exec(s->conn, ST(ST_ACHOICE_INSERT), a, NARGS(a), NULL, err);
}

STORE_READER(read_approval, struct approval, approval_cols)

enum sw_err store_approval_request_insert(struct store *s, struct approval_request *r, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(r->ticket_id),  DB_TEXT(r->policy), DB_TEXT(r->state),       DB_INT(r->step),
			     DB_INT(r->step_count), DB_INT(r->fires),   DB_ID(r->created_by_id), DB_INT(r->created_at)};
	return store_write(s, ST_AREQ_INSERT, a, NARGS(a), &r->id, err);
}

enum sw_err store_approval_request_lock(struct store *s, int64_t id, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id)};
	int64_t got = 0;
	enum sw_err rc = db_query_int(s->conn, ST(ST_AREQ_LOCK), a, 1, &got, err);
	return rc == SW_ENOTFOUND ? sw_fail(err, SW_ENOTFOUND, NULL, "no approval request %lld", (long long)id) : rc;
}

enum sw_err store_approval_request_by_id(struct store *s, int64_t id, struct approval_request *out,
					 struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id)};
	return STORE_ONE(s, ST_AREQ_BY_ID, a, 1, request_cols, out, err);
}

enum sw_err store_approval_request_set(struct store *s, const struct approval_request *r, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(r->id), DB_TEXT(r->state), DB_INT(r->step), DB_ID(r->decided_at)};
	return db_exec(s->conn, ST(ST_AREQ_SET), a, NARGS(a), NULL, err);
}

enum sw_err store_approval_request_pending(struct store *s, int64_t ticket_id, struct approval_request *out,
					   struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id)};
	return STORE_ONE(s, ST_AREQ_PENDING, a, 1, request_cols, out, err);
}

enum sw_err store_approval_requests_of(struct store *s, int64_t ticket_id, struct approval_request **out, size_t *count,
				       struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id)};
	struct approval_request *v;
	size_t n;
	enum sw_err rc = STORE_COLLECT(s, ST_AREQ_OF_TICKET, a, 1, request_cols, &v, &n, err);
	for (size_t i = 0; !rc && i < n; i++) {
		struct approval_request *r = &v[i];
		struct db_arg k[] = {DB_INT(r->id)};
		struct approval *all;
		size_t na;
		if ((rc = STORE_COLLECT(s, ST_ASTEPS_OF_REQUEST, k, 1, step_cols, &r->steps, &r->step_count_read,
					err)) ||
		    (rc = STORE_COLLECT(s, ST_ACHOICES_OF, k, 1, choice_cols, &r->choices, &r->choice_count, err)) ||
		    (rc = store_collect(s, ST_APPROVALS_OF_REQUEST, k, 1, sizeof(*all), read_approval, &all, &na, err)))
			break;
		/* in step order: each step's run of them */
		size_t at = 0;
		for (size_t j = 0; j < r->step_count_read; j++) {
			struct approval_step *st = &r->steps[j];
			st->approvals = all ? all + at : NULL;
			while (at < na && all[at].step_id == st->id) {
				at++;
				st->approval_count++;
			}
		}
	}
	if (!rc) {
		*out = v;
		*count = n;
	}
	return rc;
}

enum sw_err store_approval_step_insert(struct store *s, struct approval_step *st, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(st->request_id), DB_INT(st->position), DB_TEXT(st->rule),
			     DB_INT(st->required),   DB_TEXT(st->state),   DB_ID(st->started_at)};
	return store_write(s, ST_ASTEP_INSERT, a, NARGS(a), &st->id, err);
}

enum sw_err store_approval_step_set(struct store *s, const struct approval_step *st, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(st->id), DB_TEXT(st->state), DB_ID(st->started_at), DB_ID(st->decided_at)};
	return db_exec(s->conn, ST(ST_ASTEP_SET), a, NARGS(a), NULL, err);
}

enum sw_err store_approval_step_at(struct store *s, int64_t request_id, int position, struct approval_step *out,
				   struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(request_id), DB_INT(position)};
	return STORE_ONE(s, ST_ASTEP_AT, a, 2, step_cols, out, err);
}

enum sw_err store_approval_insert(struct store *s, struct approval *ap, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ap->step_id),  DB_INT(ap->request_id),  DB_INT(ap->ticket_id),
			     DB_INT(ap->position), DB_INT(ap->approver_id), DB_TEXT(ap->via),
			     DB_TEXT(ap->state),   DB_ID(ap->requested_at)};
	return store_write(s, ST_APPROVAL_INSERT, a, NARGS(a), &ap->id, err);
}

enum sw_err store_approval_by_id(struct store *s, int64_t id, struct approval *out, struct sw_error *err)
{
	return store_find(s, ST_APPROVAL_BY_ID, DB_INT(id), read_approval, out, err, "no approval %lld", (long long)id);
}

enum sw_err store_approvals_of_step(struct store *s, int64_t step_id, struct approval **out, size_t *count,
				    struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(step_id)};
	return store_collect(s, ST_APPROVALS_OF_STEP, a, 1, sizeof(**out), read_approval, out, count, err);
}

enum sw_err store_approval_decide(struct store *s, const struct approval *ap, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ap->id), DB_TEXT(ap->state), DB_TEXT(ap->comment), DB_ID(ap->decided_by_id),
			     DB_ID(ap->decided_at)};
	int64_t changed = 0;
	enum sw_err rc = db_exec(s->conn, ST(ST_APPROVAL_DECIDE), a, NARGS(a), &changed, err);
	if (!rc && changed != 1)
		rc = sw_fail(err, SW_ECONFLICT, "approval-decided", "approval %lld was decided already",
			     (long long)ap->id);
	return rc;
}

enum sw_err store_approvals_open(struct store *s, int64_t step_id, int64_t now, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(step_id), DB_INT(now)};
	return db_exec(s->conn, ST(ST_APPROVALS_OPEN), a, NARGS(a), NULL, err);
}

enum sw_err store_approvals_skip(struct store *s, int64_t request_id, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(request_id)};
	return db_exec(s->conn, ST(ST_APPROVALS_SKIP), a, NARGS(a), NULL, err);
}

enum sw_err store_approval_inbox(struct store *s, int64_t user_id, int64_t now, const struct page *p,
				 struct approval_list *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id), DB_INT(now), DB_NULL, DB_NULL};
	return STORE_ID_PAGE(s, ST_APPROVAL_INBOX, "approvals", a, 2, p, struct approval, read_approval, out, err);
}

enum sw_err store_approvals_due(struct store *s, int64_t before, int limit, struct approval **out, size_t *count,
				struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(before), DB_INT(limit)};
	return store_collect(s, ST_APPROVALS_DUE, a, 2, sizeof(**out), read_approval, out, count, err);
}

enum sw_err store_approval_remind_mark(struct store *s, int64_t id, int64_t before, int64_t now, bool *marked,
				       struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_INT(before), DB_INT(now)};
	int64_t changed = 0;
	enum sw_err rc = db_exec(s->conn, ST(ST_APPROVAL_REMIND_MARK), a, NARGS(a), &changed, err);
	if (!rc)
		*marked = changed == 1;
	return rc;
}

/* ---- delegations ------------------------------------------------------------------ */

/* DELEGATION_COLS */
static const struct store_col delegation_cols[] = {
	STORE_COLS(struct delegation, user_id, delegate_id, user, delegate, starts_at, ends_at, created_at)};

enum sw_err store_delegation_get(struct store *s, int64_t user_id, struct delegation *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id)};
	return STORE_ONE(s, ST_DELEGATION_GET, a, 1, delegation_cols, out, err);
}

enum sw_err store_delegation_set(struct store *s, const struct delegation *d, struct sw_error *err)
{
	bool found;
	enum sw_err rc = store_delegation_delete(s, d->user_id, &found, err);
	if (rc)
		return rc;
	struct db_arg a[] = {DB_INT(d->user_id), DB_INT(d->delegate_id), DB_INT(d->starts_at), DB_INT(d->ends_at),
			     DB_INT(d->created_at)};
	return db_exec(s->conn, ST(ST_DELEGATION_INSERT), a, NARGS(a), NULL, err);
}

enum sw_err store_delegation_delete(struct store *s, int64_t user_id, bool *found, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id)};
	return store_yes(s, STORE_YES_CHANGED, ST_DELEGATION_DELETE, a, 1, found, err);
}
