/*
 * api_events.c — GET /api/v1/events: where a caller's stream of ticket
 * events starts (Last-Event-ID, else ?since=, else now), then the stream
 * itself (http/events.c; which events the caller gets: core/ticket/events.c).
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/util.h"
#include "core/ticket/events.h"
#include "base/banned.h"

enum sw_err api_events(struct req *r, struct sw_error *err)
{
	enum sw_err rc = api_query_allowed(r, "since", err);
	if (rc)
		return rc;
	if (!r->app->events)
		return sw_fail(err, SW_EBUSY, NULL, "this server does not stream events");
	int64_t since = 0;
	bool resume = false;
	/* a reconnecting EventSource sends the last id it saw; it wins over
	 * the since of the URL it was opened with */
	const char *last = req_header(r, "Last-Event-ID");
	if (last && *last) {
		if (parse_int64(last, strlen(last), 0, INT64_MAX, &since))
			return sw_param_fail(err, "Last-Event-ID", "must be an event id (an integer from 0)");
		resume = true;
	} else if ((rc = api_query_int(r, "since", 0, INT64_MAX, &since, &resume, err))) {
		return rc;
	}
	if (resume) {
		int64_t newest;
		if ((rc = events_last_id(&r->ctx, &newest, err)))
			return rc;
		if (since > newest)
			since = -1; /* not an id this database issued: the client must reload */
	}
	return http_event_stream(r, r->app->events, resume, since, err);
}
