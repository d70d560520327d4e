/*
 * port/catalog.h — what core needs from storage for the service
 * catalogue: catalogue items (a record kind) with their current form
 * version's variables, their fulfilment plan and their bundle's members,
 * and every version of a form.  Implemented by store/repo_catalog.c.
 */
#ifndef SW_CORE_PORT_CATALOG_H
#define SW_CORE_PORT_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/port/store.h"

struct catalog_item_list;
struct form_var;
struct plan_task;

/* struct catalog_item, named by name; loads fill its current form, plan
 * and bundle. */
extern const struct record_store store_catalog_items;
/* Every item (at most CATALOG_ITEMS_MAX) by category and name, with its
 * current form, without its plan. */
enum sw_err store_catalog_item_list(struct store *s, struct catalog_item_list *out, struct sw_error *err);
/* Version version of item item_id's form: written (its variables, once),
 * and read (SW_ENOTFOUND for none). */
enum sw_err store_catalog_form_insert(struct store *s, int64_t item_id, int version, const struct form_var *vars,
				      size_t count, struct sw_error *err);
enum sw_err store_catalog_form(struct store *s, int64_t item_id, int version, struct form_var **vars, size_t *count,
			       struct sw_error *err);
/* Replace the fulfilment plan of item item_id (each task's group_id set). */
enum sw_err store_catalog_plan_set(struct store *s, int64_t item_id, const struct plan_task *tasks, size_t count,
				   struct sw_error *err);

/* Service requests (core/catalog/request.h): the order behind a request
 * (SW_ENOTFOUND for none), its answers, its fulfilment tasks (with each
 * task ticket's number, title, state and phase). */
struct request_order;
struct request_task;
struct request_task_list;
struct form_answers;
enum sw_err store_request_order_insert(struct store *s, const struct request_order *o, struct sw_error *err);
enum sw_err store_request_order_of(struct store *s, int64_t request_id, struct request_order *out,
				   struct sw_error *err);
enum sw_err store_request_answers_insert(struct store *s, int64_t request_id, const struct form_answers *a,
					 struct sw_error *err);
enum sw_err store_request_answers_of(struct store *s, int64_t request_id, struct form_answers *out,
				     struct sw_error *err);
enum sw_err store_request_task_insert(struct store *s, const struct request_task *t, struct sw_error *err);
enum sw_err store_request_tasks_of(struct store *s, int64_t request_id, struct request_task_list *out,
				   struct sw_error *err);
enum sw_err store_request_task_of(struct store *s, int64_t task_id, struct request_task *out, struct sw_error *err);

/* Uploads waiting for an order (core/catalog/upload.h): one written with
 * its bytes (out: its id); one read without them (SW_ENOTFOUND for
 * none); claimed — copied into ticket_id's attachments (out: the
 * attachment's id) and then deleted; and those expired at now removed, at
 * most batch (out: how many). */
struct upload;
enum sw_err store_upload_insert(struct store *s, const struct upload *u, const void *data, int64_t *id,
				struct sw_error *err);
/* How many unexpired uploads user has waiting for an order. */
enum sw_err store_upload_pending_of(struct store *s, int64_t user_id, int64_t now, int64_t *count,
				    struct sw_error *err);
enum sw_err store_upload_get(struct store *s, int64_t id, struct upload *out, struct sw_error *err);
enum sw_err store_upload_claim(struct store *s, int64_t id, int64_t ticket_id, int64_t *attachment_id,
			       struct sw_error *err);
enum sw_err store_upload_purge(struct store *s, int64_t now, int batch, int64_t *removed, struct sw_error *err);

#endif
