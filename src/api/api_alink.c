/*
 * api_alink.c — the page an approval email's link opens (issue #15):
 * GET shows what the approver is asked to decide, with an approve /
 * reject form; POST records the decision through the approval engine,
 * consuming the link (core/approval/approval_link.h).  Both need the
 * approver's own session: without one, GET sends the browser to the
 * login, which comes back to the link.  The form carries the session's
 * CSRF token (the route is public to the router, so the handler checks
 * it).  Plain server-rendered HTML under a strict CSP, no script, like
 * the survey pages.  See docs/requests.md#approval-links.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/html.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/approval/approval_link.h"
#include "core/catalog/upload.h"
#include "core/kernel/auth.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

/* The path of approval id's link token (escaped for HTML by the caller). */
static const char *link_path(struct req *r, int64_t id, const char *token)
{
	return arena_printf(&r->arena, "/approval/%lld/%s", (long long)id, token);
}

/* The status of a refusal that is not one of the link's faults. */
static int refusal_status(const struct sw_error *why)
{
	switch (why->code) {
	case SW_EBADREQ: return 400;
	case SW_EINVALID: return 422;
	case SW_EAUTH: return 401;
	case SW_EFORBIDDEN: return 403;
	case SW_ENOTFOUND: return 404;
	case SW_ECONFLICT: return 409;
	default: return 500;
	}
}

/* A refusal as a page saying what happened; nothing was recorded.  again:
 * the link is still good (a comment was missing): offer it once more. */
static enum sw_err refused(struct req *r, const struct sw_error *why, const char *again, struct sw_error *err)
{
	struct sink h = {.b = BUF_INIT(LIMIT_RESPONSE)};
	const char *title;
	int status;
	if (!sink_link_fault(why, "This link is for another approval", &title, &status)) {
		status = refusal_status(why);
		title = !strcmp(why->type, "link-wrong-user")    ? "This link was sent to someone else"
			: !strcmp(why->type, "approval-decided") ? "Already decided"
			: status == 500                          ? "Something went wrong"
								 : "Not recorded";
	}
	sink_page_open(&h, title);
	sink_put(&h, "<p class=\"survey-refused\" data-reason=\"");
	sink_esc(&h, why->field_count ? why->fields[0].field : why->type); /* a form field, or what refused it */
	sink_put(&h, "\">");
	sink_esc(&h, why->field_count ? why->fields[0].detail : why->detail);
	sink_put(&h, ".</p><p>Nothing was recorded.");
	if (again) {
		sink_put(&h, " <a href=\"");
		sink_esc(&h, again);
		sink_put(&h, "\">Back to the approval</a>");
	}
	sink_put(&h, " Your pending approvals are also in <a href=\"/#/approvals\">your approvals inbox</a>.</p>\n");
	return sink_page_send(r, &h, status, err);
}

static void fact_row(struct sink *h, const char *term, const char *value)
{
	sink_put(h, "<dt>");
	sink_esc(h, term);
	sink_put(h, "</dt><dd>");
	sink_esc(h, value && *value ? value : "—");
	sink_put(h, "</dd>");
}

/* The id and token of the path; SW_EBADREQ into why for an id that is no number. */
static enum sw_err link_of(struct req *r, int64_t *id, const char **token, struct sw_error *why)
{
	const char *s = req_param(r, "id");
	*token = req_param(r, "token");
	/* the token goes into a Location header when the approver must log in
	 * first: only the shape we issue */
	if (!s || parse_int64(s, strlen(s), 1, INT64_MAX, id) || !action_link_well_formed(*token))
		return sw_fail(why, SW_EBADREQ, "link-tampered",
			       "this link is not valid: it was altered or was never issued");
	return SW_OK;
}

/* GET /approval/{id}/{token}: what is asked, and the form. */
enum sw_err api_approval_link_page(struct req *r, struct sw_error *err)
{
	int64_t id;
	const char *token;
	struct sw_error why;
	sw_error_clear(&why);
	enum sw_err rc = link_of(r, &id, &token, &why);
	if (!rc && !r->authenticated) {
		/* the login page, which comes back here */
		const char *next = link_path(r, id, token);
		http_header(r, "Location", arena_printf(&r->arena, "/#/login?next=%s", next));
		static const char body[] = "log in to decide this approval\n";
		return http_reply(r, 303, "text/plain; charset=utf-8", body, sizeof(body) - 1, err);
	}
	struct approval_link_view v;
	if (rc || (rc = approval_link_view(&r->ctx, id, token, &v, &why)))
		return refused(r, &why, NULL, err);
	const struct approval *a = &v.approval;
	struct sink h = {.b = BUF_INIT(LIMIT_RESPONSE)};
	sink_page_open(&h, arena_printf(&r->arena, "Approve %s?", a->ticket));
	sink_put(&h, "<p>You are asked to approve ");
	sink_esc(&h, v.kind_label);
	sink_put(&h, ": <strong data-ticket>");
	sink_esc(&h, a->ticket);
	sink_put(&h, "</strong> “");
	sink_esc(&h, a->ticket_title);
	sink_put(&h, "”.</p>\n<dl class=\"approval-facts\">");
	fact_row(&h, "Requested for", v.requester);
	fact_row(&h, "Step",
		 arena_printf(&r->arena, "%d of %d (%s%s)", a->position, v.step_count,
			      !strcmp(a->rule, "n_of_m") ? arena_printf(&r->arena, "%d of ", a->required) : "",
			      !strcmp(a->rule, "n_of_m") ? "the approvers"
			      : !strcmp(a->rule, "all")  ? "all approvers"
							 : "any approver"));
	if (v.policy)
		fact_row(&h, "Policy", v.policy);
	if (v.has_facts) {
		fact_row(&h, "Cost", arena_printf(&r->arena, "%lld", (long long)v.facts.cost));
		for (size_t i = 0; i < v.facts.count; i++)
			fact_row(&h, v.facts.values[i].label ? v.facts.values[i].label : v.facts.values[i].name,
				 v.facts.values[i].text);
	}
	sink_put(&h, "</dl>\n");
	if (v.description) {
		sink_put(&h, "<h2>Description</h2><p class=\"approval-description\">");
		sink_esc(&h, v.description);
		sink_put(&h, "</p>\n");
	}
	char csrf[AUTH_SECRET_MAX] = "";
	if (r->session)
		auth_csrf_token(r->session, csrf);
	sink_put(&h, "<form method=\"post\" class=\"approval-decision\" action=\"");
	sink_esc(&h, link_path(r, id, token));
	sink_put(&h, "\"><input type=\"hidden\" name=\"csrf\" value=\"");
	sink_esc(&h, csrf);
	sink_putf(&h,
		  "\"><label for=\"comment\">Comment (required to reject)</label>"
		  "<textarea id=\"comment\" name=\"comment\" rows=\"4\" maxlength=\"%d\"></textarea>"
		  "<div class=\"actions\"><button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>"
		  "<button type=\"submit\" name=\"decision\" value=\"reject\" class=\"danger\">Reject</button></div>"
		  "</form>\n",
		  LIMIT_REASON_LEN);
	return sink_page_send(r, &h, 200, err);
}

/* Whether every field of the form body is one of names[]. */
static bool only_fields(const char *body, size_t len, const char *const *names)
{
	for (size_t at = 0; at < len;) {
		const char *amp = memchr(body + at, '&', len - at);
		size_t end = amp ? (size_t)(amp - body) : len;
		const char *eq = memchr(body + at, '=', end - at);
		size_t key = (eq ? (size_t)(eq - body) : end) - at;
		bool known = false;
		for (size_t i = 0; names[i] && !known; i++)
			known = strlen(names[i]) == key && !memcmp(body + at, names[i], key);
		if (!known)
			return false;
		at = end + 1;
	}
	return true;
}

/* POST /approval/{id}/{token} (a form: decision, comment, csrf): the
 * decision, recorded by the engine with the link used up. */
enum sw_err api_approval_link_decide(struct req *r, struct sw_error *err)
{
	int64_t id = 0;
	const char *token;
	struct sw_error why;
	sw_error_clear(&why);
	const char *body = buf_cstr(&r->body);
	size_t len = r->body.len, comment_len = 0, n = 0;
	static const char *const names[] = {"decision", "comment", "csrf", NULL};
	char decision[16] = "", csrf[AUTH_SECRET_MAX] = "";
	size_t cap = (size_t)LIMIT_REASON_LEN * 4 + 1;
	char *comment = arena_alloc(&r->arena, cap);
	enum sw_err rc = link_of(r, &id, &token, &why);
	const char *again = rc ? NULL : link_path(r, id, token);
	if (rc)
		;
	else if (!r->authenticated)
		rc = sw_fail(&why, SW_EAUTH, "login", "log in as the approver first, then open the link again");
	else if (!comment)
		rc = sw_fail(&why, SW_ENOMEM, NULL, "out of memory");
	else if (!only_fields(body, len, names))
		rc = sw_param_fail(&why, "form", "the form takes decision, comment and csrf");
	else if (r->session &&
		 (form_value(body, len, "csrf", csrf, sizeof(csrf), &n) || !auth_csrf_valid(r->session, csrf)))
		rc = sw_fail(&why, SW_EFORBIDDEN, "csrf", "the form is out of date: open the link again");
	else if (form_value(body, len, "decision", decision, sizeof(decision), &n) ||
		 (strcmp(decision, "approve") != 0 && strcmp(decision, "reject") != 0))
		rc = sw_param_fail(&why, "decision", "choose approve or reject");
	else if ((rc = form_value(body, len, "comment", comment, cap, &comment_len)) == SW_ENOTFOUND) {
		rc = SW_OK; /* no comment: approving needs none, rejecting is refused by the engine */
		comment[0] = 0;
	} else if (rc || !utf8_valid(comment, comment_len))
		rc = sw_param_fail(&why, "comment", "the comment must be text of at most %d characters",
				   LIMIT_REASON_LEN);
	struct approval a;
	bool approve = !strcmp(decision, "approve");
	if (!rc)
		rc = approval_link_decide(&r->ctx, id, token, approve, comment, &a, &why);
	if (rc)
		return refused(r, &why, why.code == SW_EINVALID || why.code == SW_EFORBIDDEN ? again : NULL, err);
	const struct ticket_kind *kind = ticket_kind_by_name(a.ticket_kind);
	struct sink h = {.b = BUF_INIT(LIMIT_RESPONSE)};
	sink_page_open(&h, approve ? "Approved" : "Rejected");
	sink_put(&h, "<p class=\"survey-recorded\" data-decision=\"");
	sink_esc(&h, a.state);
	sink_put(&h, "\">Your decision on ");
	sink_esc(&h, a.ticket);
	sink_put(&h, " is recorded: ");
	sink_esc(&h, a.state);
	sink_put(&h, ".</p>");
	if (kind) {
		sink_put(&h, "<p><a href=\"/#/");
		sink_esc(&h, kind->path);
		sink_put(&h, "/");
		sink_esc(&h, a.ticket);
		sink_put(&h, "\">Open ");
		sink_esc(&h, a.ticket);
		sink_put(&h, "</a></p>");
	}
	sink_put(&h, "\n");
	return sink_page_send(r, &h, 200, err);
}

/* ---- uploads before the request exists ---------------------------------------------- */

static const struct api_member upload_members[] = {
	API_EACH(struct upload, API_AS_IS, id, filename, content_type, size, sha256, created_by),
	API_MEMBER(struct upload, "created_at", created_at, API_AS_TIME),
	API_MEMBER(struct upload, "expires_at", expires_at, API_AS_TIME),
};

/* POST /api/v1/catalog-items/{name}/uploads?variable=&filename= (raw body) */
enum sw_err api_catalog_upload(struct req *r, struct sw_error *err)
{
	const char *filename, *variable;
	struct upload u;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "variable,filename", err)) ||
	    (rc = api_query_str(r, "variable", LIMIT_NAME_LEN, &variable, err)) ||
	    (rc = api_query_str(r, "filename", LIMIT_FILENAME_LEN, &filename, err)))
		return rc;
	if (!variable || !*variable)
		sw_param_fail(err, "variable", "is required as a query parameter: the attachment variable");
	if (!filename || !*filename)
		sw_param_fail(err, "filename", "is required as a query parameter");
	if (err->code)
		return err->code;
	if ((rc = upload_create(&r->ctx, req_param(r, "name"), variable, filename, r->body.ptr, r->body.len, &u, err)))
		return rc;
	json_t *j = API_MEMBERS(&u, upload_members);
	if (j)
		json_object_set_new(j, "ref",
				    json_string(arena_printf(&r->arena, UPLOAD_PREFIX "%lld", (long long)u.id)));
	return api_reply(r, 201, j, err);
}

/* clang-format off */
static const char schemas[] =
	"\"CatalogUpload\":{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"id\",\"ref\",\"filename\","
	"\"content_type\",\"size\",\"sha256\",\"created_by\",\"created_at\",\"expires_at\"],\"properties\":{"
	"\"id\":{\"type\":\"integer\"},\"ref\":{\"type\":\"string\",\"pattern\":\"^upload:[0-9]+$\",\"description\":"
	"\"what an order gives the attachment variable\"},\"filename\":{\"type\":\"string\"},\"content_type\":{\"type\":"
	"\"string\",\"description\":\"sniffed by the server\"},\"size\":{\"type\":\"integer\"},\"sha256\":{\"type\":"
	"\"string\"},\"created_by\":{\"type\":\"string\"},\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"},"
	"\"expires_at\":{\"type\":\"string\",\"format\":\"date-time\",\"description\":\"unused until then, it is "
	"removed\"}}}";
/* clang-format on */

void api_openapi_alink_schemas(struct jsonw *w)
{
	jsonw_raw(w, schemas);
}
