/*
 * request.h — service requests (issue #15): the `request` kind (REQ…),
 * raised by ordering a catalogue item, approved through the approval
 * engine by the item's policy, fulfilled by `task`s (TASK…) made from the
 * item's fulfilment plan (and its bundle members' plans) when it is
 * approved: a task opens when the tasks it depends on are done, and the
 * request is fulfilled when every task is done or not needed.  Tasks are
 * the desk's own (end users never see one, nor its notes).  See
 * docs/requests.md.
 */
#ifndef SW_CORE_REQUEST_H
#define SW_CORE_REQUEST_H

#include "core/catalog/form.h"
#include "core/model.h"
#include "base/list.h"

struct ticket;
struct ticket_kind;

extern const struct ticket_kind ticket_kind_request;
extern const struct ticket_kind ticket_kind_task;

/* What ordering an item recorded on its request. */
struct request_order {
	int64_t request_id, item_id;
	const char *item;
	int form_version;
	int64_t requested_by_id;
	const char *requested_by;
	const char *approval_policy; /* the item's when it was ordered */
};

/* A fulfilment task of a request, as its plan made it. */
struct request_task {
	int64_t task_id;
	const char *number, *title, *state;
	enum ticket_phase phase;
	int64_t request_id;
	const char *request;
	int64_t item_id;
	const char *item;
	const char *key;
	const char **depends_on;
	size_t depends_count;
	const char **variables;
	size_t variable_count;
	const char *instructions;
};
LIST_OF(request_task_list, request_task);

struct request_order_input {
	struct form_value *values;
	size_t count;
	const char *requested_for; /* a login; agents order for anyone, end users for themselves */
	bool set_requested_for;
};

/* Order the item name names: the submission checked (catalog_item_check:
 * 403 for an item the caller may not order, 400/422 naming
 * variables.<name>), a request raised for requested_for (default: the
 * caller) keeping the form version and the answers, submitted for
 * approval (the item's policy, else the first matching policy of kind
 * request, else approved at once), and, once approved, its tasks made —
 * all in one transaction.  The request as it is then into out. */
enum sw_err request_order(struct ctx *c, const char *name, const struct request_order_input *in, struct ticket *out,
			  struct sw_error *err);
/* The order behind request number (whoever may read the request): the
 * item, form version, who ordered it, the answers and the tasks. */
enum sw_err request_order_get(struct ctx *c, const char *number, struct request_order *out,
			      struct form_answers *answers, struct request_task_list *tasks, struct sw_error *err);
/* What task number's fulfiller works from (agents): the task's place in
 * its plan and the answers of the variables it may see. */
enum sw_err request_task_work(struct ctx *c, const char *number, struct request_task *out, struct form_answers *shown,
			      struct sw_error *err);

#endif
