/*
 * api_release.c — what only releases have over HTTP
 * (core/change/release.h): the changes they group, their readiness, and
 * their notes rendered.  The rest of a release's routes are the ticket
 * family's (api_ticket.c).
 */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "core/change/release.h"
#include "base/banned.h"

API_NAMES_SCHEMA(api_schema_release_changes, "ReleaseChangesInput", "changes", RELEASE_LINK_MAX);
API_LINK_NAMES(api_release_link, api_schema_release_changes, release_link)

enum sw_err api_release_unlink(struct req *r, struct sw_error *err)
{
	enum sw_err rc = release_unlink(&r->ctx, req_param(r, "number"), req_param(r, "change"), err);
	return rc ? rc : http_reply(r, 204, NULL, NULL, 0, err);
}

API_LIST_OF(api_release_changes, "number", struct ticket_list, release_changes, api_reply_tickets)

enum sw_err api_release_readiness(struct req *r, struct sw_error *err)
{
	struct release_readiness x;
	enum sw_err rc = release_readiness(&r->ctx, req_param(r, "number"), &x, err);
	if (rc)
		return rc;
	json_t *changes = json_array(), *missing = json_array();
	for (size_t i = 0; changes && i < x.change_count; i++) {
		const struct release_change_check *k = &x.changes[i];
		json_array_append_new(changes,
				      json_pack("{s:s, s:s, s:s, s:b, s:b, s:b}", "number", k->number, "title",
						k->title, "state", k->state, "authorised", k->authorised,
						"tests_recorded", k->tests_recorded, "backout_plan", k->backout_plan));
	}
	for (size_t i = 0; missing && i < x.missing_count; i++)
		json_array_append_new(missing, json_string(x.missing[i]));
	return api_reply(r, 200, json_pack("{s:b, s:o, s:o}", "ready", x.ready, "changes", changes, "missing", missing),
			 err);
}

enum sw_err api_release_notes(struct req *r, struct sw_error *err)
{
	const char *md, *html;
	enum sw_err rc = release_notes_html(&r->ctx, req_param(r, "number"), &md, &html, err);
	return rc ? rc : api_reply(r, 200, json_pack("{s:s, s:s}", "markdown", md, "html", html), err);
}

/* The OpenAPI components of releases beyond their kind's. */
#define BOOL "{\"type\":\"boolean\"}"
#define STR "{\"type\":\"string\"}"
static const char schemas[] =
	"\"ReleaseChangesInput\":{\"type\":\"object\",\"required\":[\"changes\"],\"additionalProperties\":false,"
	"\"properties\":{\"changes\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":50,\"items\":{\"type\":"
	"\"string\",\"description\":\"a change's number\"}}}},"
	"\"ReleaseReadiness\":{\"type\":\"object\",\"required\":[\"ready\",\"changes\",\"missing\"],"
	"\"additionalProperties\":false,\"properties\":{\"ready\":" BOOL ",\"changes\":{\"type\":\"array\",\"items\":"
	"{\"type\":\"object\",\"required\":[\"number\",\"title\",\"state\",\"authorised\",\"tests_recorded\","
	"\"backout_plan\"],\"additionalProperties\":false,\"properties\":{\"number\":" STR ",\"title\":" STR
	",\"state\":" STR ",\"authorised\":" BOOL ",\"tests_recorded\":" BOOL ",\"backout_plan\":" BOOL "}}},"
	"\"missing\":{\"type\":\"array\",\"items\":" STR "}}},"
	"\"ReleaseNotes\":{\"type\":\"object\",\"required\":[\"markdown\",\"html\"],\"additionalProperties\":false,"
	"\"properties\":{\"markdown\":" STR ",\"html\":{\"type\":\"string\",\"description\":\"safe HTML, rendered as "
	"knowledge articles are\"}}}";

void api_openapi_release_schemas(struct jsonw *w)
{
	jsonw_raw(w, schemas);
}
