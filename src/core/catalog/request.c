/*
 * request.c — the request and task kinds and the order that raises a
 * request; see request.h.  What a request adds to its ticket (the item,
 * the form version, who ordered it, the answers) and what a task adds
 * (its request and place in the plan) live in tables beside the tickets
 * (port/catalog.h), written by the kinds' after_write hooks from what the
 * order hands them (ticket_input.kind_input): a request or task created
 * any other way (POST /api/v1/requests) is refused.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "core/approval/approval.h"
#include "core/catalog/catalog.h"
#include "core/catalog/request.h"
#include "core/catalog/upload.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/port/catalog.h"
#include "core/port/ticket.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

/* ---- the request kind ------------------------------------------------------------- */

static const struct ticket_state request_states[] = {
	{"submitted", TICKET_PHASE_OPEN},
	{"awaiting_approval", TICKET_PHASE_OPEN},
	{"approved", TICKET_PHASE_OPEN},
	{"rejected", TICKET_PHASE_CANCELED},
	{"in_fulfilment", TICKET_PHASE_OPEN},
	{"fulfilled", TICKET_PHASE_RESOLVED},
	{"closed", TICKET_PHASE_CLOSED},
	{"canceled", TICKET_PHASE_CANCELED},
	{NULL, TICKET_PHASE_OPEN},
};
static const char *const fulfil_codes[] = {"fulfilled", NULL};

/* clang-format off */
static const struct ticket_action request_actions[] = {
	{"submit", TICKET_FROM("submitted"), "awaiting_approval", false, TICKET_NEEDS_NOTHING, "Submit for approval (done by the order)"},
	{"approve", TICKET_FROM("awaiting_approval"), "approved", false, TICKET_NEEDS_NOTHING, "Approved (done by the approval engine)"},
	{"reject", TICKET_FROM("awaiting_approval"), "rejected", false, TICKET_NEEDS_NOTHING, "Rejected (done by the approval engine)"},
	{"start", TICKET_FROM("approved"), "in_fulfilment", false, TICKET_NEEDS_NOTHING, "Fulfilment starts (done when approved)"},
	{"fulfil", TICKET_FROM("in_fulfilment"), "fulfilled", false, TICKET_NEEDS_NOTHING, "Fulfilled (done when the last task is; by hand for an item without a plan)"},
	{"close", TICKET_FROM("fulfilled"), "closed", true, TICKET_NEEDS_NOTHING, "Close a fulfilled request"},
	{"cancel", TICKET_FROM("submitted", "awaiting_approval", "approved"), "canceled", true, TICKET_NEEDS_NOTHING, "Cancel a request before its fulfilment starts"},
};
/* clang-format on */

/* What request_order hands the request kind's hooks. */
struct order {
	const struct catalog_item *item;
	struct form_answers *answers;
};

/* What creating the tasks hands the task kind's hooks. */
struct task_origin {
	int64_t request_id, item_id;
	const struct plan_task *task;
};

static bool is(const struct ticket_action *ac, const char *name)
{
	return !strcmp(ac->name, name);
}

static enum sw_err request_before_write(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
					struct ticket *t, struct sw_error *err)
{
	(void)c;
	(void)t;
	if (!before->id && !in->kind_input)
		sw_field_fail(
			err, "item",
			"requests are raised by ordering a catalogue item: POST /api/v1/catalog-items/{name}/order");
	return err->code;
}

static enum sw_err move(struct ctx *c, const struct ticket *t, const char *action, const char *reason,
			struct ticket *after, struct sw_error *err)
{
	struct ticket_action_input in = {.reason = reason};
	return ticket_transition(c, ticket_action_find(t->kind, action), t, &in, NULL, after, err);
}

/* A new request: its order written, then submitted for approval. */
static enum sw_err request_after_write(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
				       const struct ticket *t, struct sw_error *err)
{
	if (before->id)
		return SW_OK;
	const struct order *o = in->kind_input;
	struct request_order ro = {.request_id = t->id,
				   .item_id = o->item->id,
				   .form_version = o->item->form_version,
				   .requested_by_id = c->actor.user_id,
				   .approval_policy = o->item->approval_policy};
	struct ticket after;
	enum sw_err rc;
	if ((rc = store_request_order_insert(c->store, &ro, err)) ||
	    (rc = upload_claim_answers(c, t->id, o->answers, err)) ||
	    (rc = store_request_answers_insert(c->store, t->id, o->answers, err)))
		return rc;
	return move(c, t, "submit", NULL, &after, err);
}

/* The approval engine asks for the item's policy (named when ordered). */
static enum sw_err request_policy(struct ctx *c, const struct ticket *t, const char **name, struct sw_error *err)
{
	struct request_order o;
	enum sw_err rc = store_request_order_of(c->store, t->id, &o, err);
	if (!rc)
		*name = o.approval_policy;
	return rc;
}

/* What the policy's conditional steps test: the item's cost and the
 * answers the request was raised with (in the order's transaction, so the
 * cost is the item's when ordered). */
static enum sw_err request_facts(struct ctx *c, const struct ticket *t, struct approval_facts *out,
				 struct sw_error *err)
{
	struct request_order o;
	struct catalog_item item;
	struct form_answers answers;
	enum sw_err rc = store_request_order_of(c->store, t->id, &o, err);
	struct record_key key = {.name = o.item};
	if (rc || (rc = store_catalog_items.load(c->store, &key, &item, err)) ||
	    (rc = store_request_answers_of(c->store, t->id, &answers, err)))
		return rc;
	struct approval_fact *v = arena_alloc(c->arena, (answers.count + 1) * sizeof(*v));
	if (!v)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < answers.count; i++)
		v[i] = (struct approval_fact){.name = answers.items[i].name,
					      .text = answers.items[i].text,
					      .label = answers.items[i].label,
					      .multi = answers.items[i].type == FORM_MULTI_CHOICE};
	*out = (struct approval_facts){item.cost, v, answers.count};
	return SW_OK;
}

/* The tasks of the plan of item (keys as the plan has them), for request. */
static enum sw_err make_tasks(struct ctx *c, const struct ticket *request, const struct catalog_item *item,
			      size_t *made, struct sw_error *err)
{
	/* tasks are the desk's own: made on the request's behalf whoever
	 * approved it (an end user's manager, say) */
	struct ctx desk = *c;
	if (desk.actor.role < ROLE_AGENT)
		desk.actor.role = ROLE_AGENT;
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < item->plan_count; i++) {
		const struct plan_task *p = &item->plan[i];
		struct task_origin origin = {.request_id = request->id, .item_id = item->id, .task = p};
		struct ticket_input in = {.title = p->title,
					  .set_title = true,
					  .description = p->instructions ? p->instructions : "",
					  .set_description = true,
					  .group = p->group,
					  .set_group = p->group != NULL,
					  .kind_input = &origin};
		struct ticket task;
		if (!(rc = ticket_create(&desk, &ticket_kind_task, &in, &task, err)))
			(*made)++;
	}
	return rc;
}

/* Open the pending tasks of request_id whose dependencies are done; when
 * every task is done or not needed, the request is fulfilled. */
static enum sw_err advance(struct ctx *c, int64_t request_id, struct sw_error *err)
{
	struct request_task_list list;
	enum sw_err rc = store_request_tasks_of(c->store, request_id, &list, err);
	bool all_done = list.count > 0;
	for (size_t i = 0; !rc && i < list.count; i++) {
		struct request_task *t = &list.items[i];
		bool ended = t->phase == TICKET_PHASE_CLOSED || t->phase == TICKET_PHASE_CANCELED;
		if (!strcmp(t->state, "pending")) {
			bool ready = true;
			for (size_t d = 0; d < t->depends_count && ready; d++)
				for (size_t j = 0; j < list.count; j++)
					if (list.items[j].item_id == t->item_id &&
					    !strcmp(list.items[j].key, t->depends_on[d]))
						ready = list.items[j].phase == TICKET_PHASE_CLOSED ||
							list.items[j].phase == TICKET_PHASE_CANCELED;
			struct ticket tk, after;
			if (ready && !(rc = store_ticket_by_id(c->store, t->task_id, &tk, err)))
				rc = move(c, &tk, "open", "its dependencies are done", &after, err);
		}
		all_done = all_done && ended;
	}
	if (rc || !all_done)
		return rc;
	struct ticket req, after;
	if ((rc = store_ticket_by_id(c->store, request_id, &req, err)))
		return rc;
	return strcmp(req.state, "in_fulfilment") ? SW_OK : move(c, &req, "fulfil", "every task is done", &after, err);
}

/* Approved: the tasks of the item's plan and its bundle members' plans,
 * then fulfilment starts and the tasks that wait for nothing open. */
static enum sw_err request_after_action(struct ctx *c, const struct ticket_action *ac, struct ticket *t,
					const struct ticket_action_input *in, struct sw_error *err)
{
	(void)in;
	if (!is(ac, "approve"))
		return SW_OK;
	struct request_order o;
	struct catalog_item item;
	struct record_key key = {0};
	enum sw_err rc = store_request_order_of(c->store, t->id, &o, err);
	key.name = o.item;
	if (rc || (rc = store_catalog_items.load(c->store, &key, &item, err)))
		return rc;
	size_t made = 0;
	if ((rc = make_tasks(c, t, &item, &made, err)))
		return rc;
	for (size_t i = 0; !rc && i < item.bundle_count; i++) {
		struct catalog_item member;
		struct record_key mk = {.name = item.bundle[i]};
		struct sw_error look;
		sw_error_clear(&look);
		if (store_catalog_items.load(c->store, &mk, &member, &look) == SW_OK)
			rc = make_tasks(c, t, &member, &made, err);
	}
	struct ticket now, after;
	if (rc || (rc = store_ticket_by_id(c->store, t->id, &now, err)) ||
	    (rc = move(c, &now, "start", NULL, &after, err)))
		return rc;
	return made ? advance(c, t->id, err) : SW_OK;
}

/* The engine's own moves are nobody's to take by hand; fulfilment is the desk's. */
static enum sw_err request_may_act(const struct actor *a, const struct ticket *t, const struct ticket_action *ac,
				   struct sw_error *err)
{
	if (is(ac, "submit") || is(ac, "approve") || is(ac, "reject") || is(ac, "start"))
		return sw_fail(err, SW_ECONFLICT, "illegal-transition",
			       "%s is moved by its order and its approval, not by hand", t->number);
	if (is(ac, "fulfil") && !authz_is_agent(a))
		return sw_fail(err, SW_EFORBIDDEN, NULL, "requests are fulfilled by the desk");
	return SW_OK;
}

/* Fulfilled only when no task is left open. */
static enum sw_err request_before_action(struct ctx *c, const struct ticket_action *ac, const struct ticket *before,
					 const struct ticket_action_input *in, struct ticket *t, struct sw_error *err)
{
	(void)in;
	(void)t;
	if (!is(ac, "fulfil"))
		return SW_OK;
	struct request_task_list list;
	enum sw_err rc = store_request_tasks_of(c->store, before->id, &list, err);
	for (size_t i = 0; !rc && i < list.count; i++)
		if (list.items[i].phase != TICKET_PHASE_CLOSED && list.items[i].phase != TICKET_PHASE_CANCELED)
			rc = sw_fail(err, SW_ECONFLICT, "tasks-open", "%s has tasks still open (%s)", before->number,
				     list.items[i].number);
	return rc;
}

TICKET_KIND(ticket_kind_request, "request", "REQ", "requests", "a request", "Request", request_states, "submitted",
	    request_actions, .resolution_codes = fulfil_codes, .auto_close = "close",
	    .approval = {.state = "awaiting_approval",
			 .approved = "approve",
			 .rejected = "reject",
			 .policy_of = request_policy,
			 .facts_of = request_facts},
	    .before_write = request_before_write, .after_write = request_after_write,
	    .after_action = request_after_action, .may_act = request_may_act, .before_action = request_before_action);

/* ---- the task kind ------------------------------------------------------------------- */

static const struct ticket_state task_states[] = {
	{"pending", TICKET_PHASE_OPEN}, {"open", TICKET_PHASE_OPEN},           {"in_progress", TICKET_PHASE_OPEN},
	{"done", TICKET_PHASE_CLOSED},  {"not_needed", TICKET_PHASE_CANCELED}, {NULL, TICKET_PHASE_OPEN},
};

/* clang-format off */
static const struct ticket_action task_actions[] = {
	{"open", TICKET_FROM("pending"), "open", false, TICKET_NEEDS_NOTHING, "Opens (done when the tasks it depends on are done)"},
	{"start", TICKET_FROM("open"), "in_progress", false, TICKET_NEEDS_NOTHING, "Start working on the task"},
	{"complete", TICKET_FROM("open", "in_progress"), "done", false, TICKET_NEEDS_NOTHING, "The task is done"},
	{"not_needed", TICKET_FROM("pending", "open", "in_progress"), "not_needed", false, TICKET_NEEDS_NOTHING, "The task is not needed (a reason is required)"},
};
/* clang-format on */

static enum sw_err task_before_write(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
				     struct ticket *t, struct sw_error *err)
{
	(void)c;
	(void)t;
	if (!before->id && !in->kind_input)
		sw_field_fail(err, "title",
			      "tasks are made from a request's fulfilment plan when the request is approved");
	return err->code;
}

static enum sw_err task_after_write(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
				    const struct ticket *t, struct sw_error *err)
{
	(void)c;
	if (before->id)
		return SW_OK;
	const struct task_origin *o = in->kind_input;
	struct request_task rt = {.task_id = t->id,
				  .request_id = o->request_id,
				  .item_id = o->item_id,
				  .key = o->task->key,
				  .depends_on = o->task->depends_on,
				  .depends_count = o->task->depends_count,
				  .variables = o->task->variables,
				  .variable_count = o->task->variable_count,
				  .instructions = o->task->instructions};
	return store_request_task_insert(c->store, &rt, err);
}

static enum sw_err task_may_act(const struct actor *a, const struct ticket *t, const struct ticket_action *ac,
				struct sw_error *err)
{
	(void)a;
	if (is(ac, "open"))
		return sw_fail(err, SW_ECONFLICT, "illegal-transition",
			       "%s opens when the tasks it depends on are done", t->number);
	return SW_OK;
}

static enum sw_err task_before_action(struct ctx *c, const struct ticket_action *ac, const struct ticket *before,
				      const struct ticket_action_input *in, struct ticket *t, struct sw_error *err)
{
	(void)c;
	(void)before;
	(void)t;
	if (is(ac, "not_needed") && (!in->reason || !*in->reason))
		sw_field_fail(err, "reason", "is required: why the task is not needed");
	return err->code;
}

/* Done or not needed: what waited for it may open, and the request may be fulfilled. */
static enum sw_err task_after_action(struct ctx *c, const struct ticket_action *ac, struct ticket *t,
				     const struct ticket_action_input *in, struct sw_error *err)
{
	(void)in;
	if (!is(ac, "complete") && !is(ac, "not_needed"))
		return SW_OK;
	struct request_task rt;
	enum sw_err rc = store_request_task_of(c->store, t->id, &rt, err);
	return rc ? rc : advance(c, rt.request_id, err);
}

TICKET_KIND(ticket_kind_task, "task", "TASK", "tasks", "a task", "Task", task_states, "pending", task_actions,
	    .agents_only = true, .sla_by_assignment = true, .before_write = task_before_write,
	    .after_write = task_after_write, .may_act = task_may_act, .before_action = task_before_action,
	    .after_action = task_after_action);

/* ---- ordering and reading -------------------------------------------------------------- */

/* The answers as the request's description: "Label: value" lines (an
 * upload made for the order by its file name: it has no attachment id yet). */
static const char *summary(struct ctx *c, const struct catalog_item *item, const struct form_answers *a)
{
	const char *s = arena_printf(c->arena, "%s\n", item->short_description);
	for (size_t i = 0; s && i < a->count; i++) {
		const char *text = a->items[i].text;
		int64_t id;
		struct upload u;
		struct sw_error look;
		sw_error_clear(&look);
		if (a->items[i].type == FORM_ATTACHMENT && upload_named(text, &id) &&
		    store_upload_get(c->store, id, &u, &look) == SW_OK)
			text = u.filename;
		s = arena_printf(c->arena, "%s\n%s: %s", s, a->items[i].label, text);
	}
	return s;
}

enum sw_err request_order(struct ctx *c, const char *name, const struct request_order_input *in, struct ticket *out,
			  struct sw_error *err)
{
	if (in->set_requested_for && in->requested_for && !authz_is_agent(&c->actor) &&
	    !str_same(in->requested_for, c->actor.login))
		return sw_fail(err, SW_EFORBIDDEN, NULL, "end users order for themselves");
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	struct catalog_item item;
	struct form_answers answers;
	if ((rc = catalog_item_check(c, name, in->values, in->count, &item, &answers, err)))
		goto out;
	struct order o = {&item, &answers};
	const char *title = item.name;
	if (!core_text_ok(title, 1, LIMIT_TITLE_LEN))
		title = arena_strndup(c->arena, item.name, LIMIT_TITLE_LEN);
	struct ticket_input ti = {.title = title,
				  .set_title = true,
				  .description = summary(c, &item, &answers),
				  .set_description = true,
				  .service = item.service,
				  .set_service = item.service != NULL,
				  .requester = in->requested_for,
				  .set_requester =
					  in->set_requested_for && in->requested_for && authz_is_agent(&c->actor),
				  .kind_input = &o};
	rc = ticket_create(c, &ticket_kind_request, &ti, out, err);
out:
	return core_tx_end(c, rc, err);
}

enum sw_err request_order_get(struct ctx *c, const char *number, struct request_order *out,
			      struct form_answers *answers, struct request_task_list *tasks, struct sw_error *err)
{
	struct ticket t;
	enum sw_err rc = ticket_load(c, &ticket_kind_request, number, &t, err);
	if (rc || (rc = store_request_order_of(c->store, t.id, out, err)) ||
	    (rc = store_request_answers_of(c->store, t.id, answers, err)))
		return rc;
	return store_request_tasks_of(c->store, t.id, tasks, err);
}

enum sw_err request_task_work(struct ctx *c, const char *number, struct request_task *out, struct form_answers *shown,
			      struct sw_error *err)
{
	struct ticket t;
	struct form_answers all;
	enum sw_err rc = ticket_load(c, &ticket_kind_task, number, &t, err);
	if (rc || (rc = store_request_task_of(c->store, t.id, out, err)) ||
	    (rc = store_request_answers_of(c->store, out->request_id, &all, err)))
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < all.count; i++)
		for (size_t j = 0; j < out->variable_count; j++)
			if (str_same(all.items[i].name, out->variables[j]))
				all.items[k++] = all.items[i];
	*shown = (struct form_answers){all.items, k};
	return SW_OK;
}
