/*
 * api_problem.c — what only problems have over HTTP (core/ticket/problem.h):
 * the incidents behind a problem, workaround publishing, the candidates
 * found in recent incidents, and the cause categories.  The rest of a
 * problem's routes are the ticket family's (api_ticket.c).
 */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/ticket/cause_category.h"
#include "core/ticket/problem.h"
#include "base/banned.h"

/* ---- incidents ----------------------------------------------------------------- */

API_NAMES_SCHEMA(api_schema_problem_incidents, "ProblemIncidentsInput", "incidents", LIMIT_PROBLEM_INCIDENTS);
API_LINK_NAMES(api_problem_link, api_schema_problem_incidents, problem_link)
API_PAGE_OF(api_problem_incidents, "number", struct ticket_list, problem_incidents, api_reply_tickets)

enum sw_err api_problem_unlink(struct req *r, struct sw_error *err)
{
	enum sw_err rc = problem_unlink(&r->ctx, req_param(r, "number"), req_param(r, "incident"), err);
	return rc ? rc : http_reply(r, 204, NULL, NULL, 0, err);
}

/* ---- the workaround ------------------------------------------------------------ */

API_TEXT_INPUT(api_schema_workaround, "WorkaroundInput", "workaround", FT_STRING, 0, false);

enum sw_err api_problem_workaround(struct req *r, struct sw_error *err)
{
	struct api_text in = {0};
	int64_t version;
	enum sw_err rc;
	if ((rc = api_read(r, &api_schema_workaround, false, &in, err)) || (rc = api_if_match(r, false, &version, err)))
		return rc;
	struct ticket t;
	if ((rc = problem_publish_workaround(&r->ctx, req_param(r, "number"), in.text, version, &t, err)))
		return rc;
	return api_reply_ticket(r, 200, &t, err);
}

/* ---- candidates ------------------------------------------------------------------ */

static json_t *candidate_basis(const void *rec)
{
	return json_string(problem_basis_name(((const struct problem_candidate *)rec)->basis));
}

static const struct api_member candidate_members[] = {
	API_MEMBER_CALL("basis", candidate_basis),
	API_EACH(struct problem_candidate, API_AS_IS, count),
	API_MEMBER(struct problem_candidate, "ci", ci_id, API_AS_NULL),
	API_MEMBER(struct problem_candidate, "ci_name", ci, API_AS_NULL),
	API_EACH(struct problem_candidate, API_AS_NULL, service, category, title_key),
	API_EACH(struct problem_candidate, API_AS_TIME, first_at, last_at),
	API_MEMBER_STRINGS(struct problem_candidate, "incidents", incidents, incident_count),
};

static json_t *candidate_json(const void *rec)
{
	return API_MEMBERS(rec, candidate_members);
}

enum sw_err api_problem_candidates(struct req *r, struct sw_error *err)
{
	const char *window = NULL;
	int64_t min = 3, seconds = 30 * 86400;
	bool has_min;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "window,min", err)) || (rc = api_query_str(r, "window", 16, &window, err)) ||
	    (rc = api_query_int(r, "min", 2, 1000, &min, &has_min, err)))
		return rc;
	if (window && (parse_duration(window, strlen(window), 366 * 86400, &seconds) || seconds < 3600))
		return sw_param_fail(err, "window", "must be a duration from 1h to 366d, such as 30d");
	struct problem_candidate_list list;
	if ((rc = problem_candidates(&r->ctx, seconds, (int)min, &list, err)))
		return rc;
	return api_reply_items(r, list.items, list.count, sizeof(*list.items), candidate_json, NULL, err);
}

/* ---- cause categories ------------------------------------------------------------ */

API_INPUT(api_schema_cause_category, "CauseCategoryInput", struct cause_category_input,
	  FIELD_PLAIN(struct cause_category_input, "name", FT_STRING, CAUSE_NAME_MAX, name, false),
	  FIELD(struct cause_category_input, "label", FT_STRING, LIMIT_NAME_LEN, label, set_label),
	  FIELDS_ORDERED(struct cause_category_input, FT_INT64, 0, 10000));

static const struct api_member cause_members[] = {
	API_EACH(struct cause_category, API_AS_IS, name, label, position, active),
	API_TIMES(struct cause_category),
};

const struct api_record api_cause_categories = {
	.kind = &cause_category_kind, .schema = &api_schema_cause_category, API_RECORD_MEMBERS(cause_members)};

/* The breach reasons (docs/sla.md): a value list of the same shape, read
 * and written through the same schema and members. */
const struct api_record api_breach_reasons = {
	.kind = &breach_reason_kind, .schema = &api_schema_cause_category, API_RECORD_MEMBERS(cause_members)};
