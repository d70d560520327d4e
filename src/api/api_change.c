/*
 * api_change.c — what only changes have over HTTP (core/change/change.h):
 * their tasks and the incidents they caused.  The rest of a change's
 * routes, and all of a change task's, are the ticket family's
 * (api_ticket.c).
 */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "core/change/change.h"
#include "base/banned.h"

enum sw_err api_change_tasks(struct req *r, struct sw_error *err)
{
	struct ticket_list list;
	enum sw_err rc = change_tasks(&r->ctx, req_param(r, "number"), &list, err);
	return rc ? rc : api_reply_tickets(r, &list, err);
}

enum sw_err api_change_task_add(struct req *r, struct sw_error *err)
{
	struct ticket_input in;
	enum sw_err rc = api_read(r, &api_schema_incident, false, &in, err);
	if (rc)
		return rc;
	in.via = !r->session ? "api" : "agent";
	struct ticket t;
	if ((rc = change_task_add(&r->ctx, req_param(r, "number"), &in, &t, err)))
		return rc;
	return api_reply_ticket(r, 201, &t, err);
}

enum sw_err api_change_incidents(struct req *r, struct sw_error *err)
{
	struct ticket_list list;
	enum sw_err rc = change_caused_incidents(&r->ctx, req_param(r, "number"), &list, err);
	return rc ? rc : api_reply_tickets(r, &list, err);
}
