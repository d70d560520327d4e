/*
 * api_survey.c — satisfaction surveys over HTTP (core/csi/survey.h): the
 * kinds' settings, a ticket's survey read and answered from the portal,
 * the report and its comments for managers (JSON or CSV), and the pages
 * an email's single-use links open: plain server-rendered HTML under a
 * strict Content-Security-Policy, without a script, so they work with
 * JavaScript off.  See docs/surveys.md.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/html.h"
#include "base/csv.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/csi/survey.h"
#include "core/kernel/action_link.h"
#include "core/sla/tz.h"
#include "base/banned.h"

/* ---- settings ------------------------------------------------------------------------ */

static const struct api_member settings_members[] = {
	API_MEMBER(struct survey_settings, "kind", kind, API_AS_IS),
	API_EACH(struct survey_settings, API_AS_IS, enabled, sample_percent, cooldown_days, low_threshold),
	API_MEMBER(struct survey_settings, "updated_at", updated_at, API_AS_TIME),
};

json_t *api_survey_settings_json(const void *rec)
{
	return API_MEMBERS(rec, settings_members);
}

enum sw_err api_survey_settings_list(struct req *r, struct sw_error *err)
{
	struct survey_settings *v;
	size_t n;
	enum sw_err rc = survey_settings_list(&r->ctx, &v, &n, err);
	return rc ? rc : api_reply_items(r, v, n, sizeof(*v), api_survey_settings_json, NULL, err);
}

API_INPUT(api_schema_survey_settings, "SurveySettingsInput", struct survey_settings_input,
	  FIELD(struct survey_settings_input, "enabled", FT_BOOL, 0, enabled, set_enabled),
	  FIELD_RANGE(struct survey_settings_input, "sample_percent", FT_INT, 0, 100, sample_percent,
		      set_sample_percent),
	  FIELD_RANGE(struct survey_settings_input, "cooldown_days", FT_INT, 0, SURVEY_COOLDOWN_MAX, cooldown_days,
		      set_cooldown_days),
	  FIELD_RANGE(struct survey_settings_input, "low_threshold", FT_INT, 0, 5, low_threshold, set_low_threshold));

API_APPLY_JSON(api_survey_settings_set, api_schema_survey_settings, struct survey_settings_input, "kind",
	       survey_settings_set, struct survey_settings, 200, api_survey_settings_json)

/* ---- a ticket's survey ------------------------------------------------------------------ */

static const struct api_member survey_members[] = {
	API_MEMBER(struct survey, "ticket", ticket, API_AS_IS),
	API_EACH(struct survey, API_AS_IS, kind, title, user),
	API_EACH(struct survey, API_AS_NULL, agent, group, service),
	API_EACH(struct survey, API_AS_TIME, sent_at, answered_at),
	API_EACH(struct survey, API_AS_NULL, rating, comment, channel),
};

static json_t *survey_json(const void *rec)
{
	return API_MEMBERS(rec, survey_members);
}

enum sw_err api_survey_get(struct req *r, struct sw_error *err)
{
	struct survey v;
	enum sw_err rc = survey_get(&r->ctx, req_param(r, "number"), &v, err);
	return rc ? rc : api_reply(r, 200, survey_json(&v), err);
}

struct answer_input {
	int rating;
	const char *comment;
};
/* rating's range is the core's (out of 1..5 is a 400, as the link's) */
API_INPUT(api_schema_survey_answer, "SurveyAnswerInput", struct answer_input,
	  {"rating", FT_INT, 0, -1000000, 1000000, offsetof(struct answer_input, rating), FIELD_NO_FLAG, 0, true},
	  FIELD_PLAIN(struct answer_input, "comment", FT_STRING_NULL, SURVEY_COMMENT_MAX, comment, false));

enum sw_err api_survey_answer(struct req *r, struct sw_error *err)
{
	struct answer_input in = {0};
	struct survey v;
	enum sw_err rc = api_read(r, &api_schema_survey_answer, false, &in, err);
	if (rc || (rc = survey_answer(&r->ctx, req_param(r, "number"), in.rating, in.comment, &v, err)))
		return rc;
	return api_reply(r, 200, survey_json(&v), err);
}

/* ---- reports ------------------------------------------------------------------------------ */

#define REPORT_QUERY "from,to,tz,by,service,group,agent,kind,format"

/* from and to are local dates of tz (the caller's zone by default), both
 * days included; by default the last 30 (core/csi/survey.h). */
static enum sw_err report_query(struct req *r, struct survey_report_query *q, bool *csv, struct sw_error *err)
{
	const char *format = NULL;
	memset(q, 0, sizeof(*q));
	enum sw_err rc;
	if ((rc = api_query_allowed(r, REPORT_QUERY, err)) || (rc = api_query_str(r, "from", 10, &q->from, err)) ||
	    (rc = api_query_str(r, "to", 10, &q->to, err)) || (rc = api_query_str(r, "tz", 64, &q->tz, err)) ||
	    (rc = api_query_str(r, "by", 16, &q->by, err)) ||
	    (rc = api_query_str(r, "service", LIMIT_NAME_LEN, &q->service, err)) ||
	    (rc = api_query_str(r, "group", LIMIT_NAME_LEN, &q->group, err)) ||
	    (rc = api_query_str(r, "agent", LIMIT_NAME_LEN, &q->agent, err)) ||
	    (rc = api_query_str(r, "kind", 40, &q->kind, err)) || (rc = api_query_str(r, "format", 8, &format, err)))
		return rc;
	*csv = format && strcmp(format, "csv") == 0;
	if (format && !*csv && strcmp(format, "json") != 0)
		return sw_param_fail(err, "format", "must be json or csv");
	return SW_OK;
}

static json_t *ratio(int64_t part, int64_t whole)
{
	return whole ? json_real((double)part / (double)whole) : json_null();
}

static json_t *row_json(const struct survey_report_row *x)
{
	json_t *ratings = json_array();
	for (int i = 0; ratings && i < 5; i++)
		json_array_append_new(ratings, json_integer((json_int_t)x->ratings[i]));
	return json_pack("{s:o, s:I, s:I, s:o, s:o, s:o, s:o}", "key", api_str(x->key), "sent", (json_int_t)x->sent,
			 "answered", (json_int_t)x->answered, "response_rate", ratio(x->answered, x->sent), "csat",
			 ratio(x->satisfied, x->answered), "average", ratio(x->rating_sum, x->answered), "ratings",
			 ratings);
}

static const char *ratio_text(struct arena *a, int64_t part, int64_t whole)
{
	return whole ? arena_printf(a, "%.3f", (double)part / (double)whole) : "";
}

static enum sw_err report_csv(struct req *r, const struct survey_report *rep, struct sw_error *err)
{
	struct buf out = BUF_INIT(LIMIT_RESPONSE);
	struct arena *a = &r->arena;
	static const char *const head[] = {"sent",    "answered", "response_rate", "csat",    "average",
					   "rated_1", "rated_2",  "rated_3",       "rated_4", "rated_5"};
	enum sw_err rc = csv_put(&out, survey_by_name(rep->filter.by), true);
	for (size_t i = 0; !rc && i < sizeof(head) / sizeof(head[0]); i++)
		rc = csv_put(&out, head[i], false);
	rc = rc ? rc : buf_puts(&out, "\r\n");
	for (size_t i = 0; !rc && i <= rep->count; i++) {
		const struct survey_report_row *x = i < rep->count ? &rep->rows[i] : &rep->total;
		const char *cells[] = {i < rep->count ? (x->key ? x->key : "") : "total",
				       arena_printf(a, "%lld", (long long)x->sent),
				       arena_printf(a, "%lld", (long long)x->answered),
				       ratio_text(a, x->answered, x->sent),
				       ratio_text(a, x->satisfied, x->answered),
				       ratio_text(a, x->rating_sum, x->answered),
				       arena_printf(a, "%lld", (long long)x->ratings[0]),
				       arena_printf(a, "%lld", (long long)x->ratings[1]),
				       arena_printf(a, "%lld", (long long)x->ratings[2]),
				       arena_printf(a, "%lld", (long long)x->ratings[3]),
				       arena_printf(a, "%lld", (long long)x->ratings[4])};
		rc = csv_record(&out, cells, sizeof(cells) / sizeof(cells[0]));
	}
	return api_reply_csv(r, &out, rc, arena_printf(a, "csat-%s.csv", survey_by_name(rep->filter.by)), err);
}

enum sw_err api_survey_report(struct req *r, struct sw_error *err)
{
	struct survey_report_query q;
	struct survey_report rep;
	bool csv = false;
	enum sw_err rc = report_query(r, &q, &csv, err);
	if (rc || (rc = survey_report(&r->ctx, &q, &rep, err)))
		return rc;
	if (csv)
		return report_csv(r, &rep, err);
	json_t *rows = json_array();
	for (size_t i = 0; rows && i < rep.count; i++)
		json_array_append_new(rows, row_json(&rep.rows[i]));
	json_t *total = row_json(&rep.total);
	if (total)
		json_object_del(total, "key");
	return api_reply(r, 200,
			 json_pack("{s:o, s:o, s:s, s:s, s:o, s:o}", "from", api_time(rep.filter.from), "to",
				   api_time(rep.filter.to), "tz", rep.filter.tz, "by", survey_by_name(rep.filter.by),
				   "total", total, "rows", rows),
			 err);
}

enum sw_err api_survey_comments(struct req *r, struct sw_error *err)
{
	struct survey_report_query q;
	struct survey *v;
	size_t n;
	bool csv = false;
	enum sw_err rc = report_query(r, &q, &csv, err);
	if (!rc && csv)
		rc = sw_param_fail(err, "format", "must be json");
	if (rc || (rc = survey_comments(&r->ctx, &q, &v, &n, err)))
		return rc;
	return api_reply_items(r, v, n, sizeof(*v), survey_json, NULL, err);
}

/* ---- the pages of the email's links -------------------------------------------------------- */

/* A refusal as a page that says what happened; nothing was recorded. */
static enum sw_err page_refused(struct req *r, const struct sw_error *why, struct sw_error *err)
{
	struct sink h = {.b = BUF_INIT(LIMIT_RESPONSE)};
	const char *title;
	int status;
	if (!sink_link_fault(why, "This link is for another ticket", &title, &status)) {
		status = why->code == SW_EBADREQ     ? 400
			 : why->code == SW_ECONFLICT ? 409
			 : why->code == SW_ENOTFOUND ? 404
						     : 500;
		title = status == 500 ? "Something went wrong" : "Not recorded";
	}
	sink_page_open(&h, title);
	sink_put(&h, "<p class=\"survey-refused\" data-reason=\"");
	sink_esc(&h, why->type);
	sink_put(&h, "\">");
	sink_esc(&h, why->detail);
	sink_put(&h, ".</p><p>Nothing was recorded. You can still answer from the portal, where your resolved "
		     "ticket shows its survey.</p>\n");
	return sink_page_send(r, &h, status, err);
}

/* The choices as a form posting back to the link: only a person's click
 * records (a mail scanner opening the link records nothing); chosen, the
 * rating the email's link named, first and marked. */
static void rating_form(struct sink *h, const char *number, const char *token, int chosen)
{
	static const char *const labels[] = {"", "1 — not satisfied", "2", "3", "4", "5 — very satisfied"};
	sink_put(h, "<form method=\"post\" class=\"survey-ratings\" action=\"/survey/");
	sink_esc(h, number);
	sink_put(h, "/");
	sink_esc(h, token);
	sink_put(h, "\">");
	if (chosen)
		sink_putf(h,
			  "<p><button type=\"submit\" name=\"rating\" value=\"%d\" class=\"survey-send\">Send my "
			  "rating: %s</button></p>"
			  "<p>Or choose another:</p>",
			  chosen, labels[chosen]);
	sink_put(h, "<ol>");
	for (int i = 5; i >= 1; i--)
		sink_putf(h, "<li><button type=\"submit\" name=\"rating\" value=\"%d\">%s</button></li>", i, labels[i]);
	sink_put(h, "</ol></form>\n");
}

static void comment_form(struct sink *h, const char *number, const char *token)
{
	sink_put(h, "<form method=\"post\" action=\"/survey/");
	sink_esc(h, number);
	sink_put(h, "/");
	sink_esc(h, token);
	sink_putf(h,
		  "\"><label for=\"comment\">Anything you want to add? (optional)</label>"
		  "<textarea id=\"comment\" name=\"comment\" rows=\"5\" maxlength=\"%d\"></textarea>"
		  "<button type=\"submit\">Send comment</button></form>\n",
		  SURVEY_COMMENT_MAX);
}

/* GET /survey/{number}/{token}[?rating=N]: the choice, as a form that
 * posts back (with rating=N, that one offered first).  Records nothing, so
 * that whatever opens the email's links (a mail scanner, a preview) uses
 * nothing up; refused links are refused here already. */
enum sw_err api_survey_page(struct req *r, struct sw_error *err)
{
	const char *number = req_param(r, "number"), *token = req_param(r, "token");
	int64_t rating = 0;
	struct sw_error why;
	sw_error_clear(&why);
	enum sw_err rc = api_query_allowed(r, "rating", &why);
	if (!rc && req_query(r, "rating")) {
		const char *v = req_query(r, "rating");
		if (parse_int64(v, strlen(v), 1, 5, &rating))
			rc = sw_param_fail(&why, "rating", "the rating must be from 1 to 5");
	}
	struct survey v;
	if (!rc)
		rc = survey_link_peek(&r->ctx, number, token, &v, &why);
	if (rc)
		return page_refused(r, &why, err);
	struct sink h = {.b = BUF_INIT(LIMIT_RESPONSE)};
	sink_page_open(&h, "How did we do?");
	sink_put(&h, "<p>");
	sink_esc(&h, v.ticket);
	sink_put(&h, " “");
	sink_esc(&h, v.title);
	sink_put(&h, "” was resolved. How satisfied are you?</p>\n");
	rating_form(&h, number, token, (int)rating);
	return sink_page_send(r, &h, 200, err);
}

/* The page of an answer recorded: "<what><ticket> is recorded.", then,
 * with comment_token, the form for a comment. */
static enum sw_err thanks(struct req *r, const char *what, const char *ticket, const char *number,
			  const char *comment_token, struct sw_error *err)
{
	struct sink h = {.b = BUF_INIT(LIMIT_RESPONSE)};
	sink_page_open(&h, "Thank you");
	sink_put(&h, "<p class=\"survey-recorded\">");
	sink_esc(&h, what);
	sink_esc(&h, ticket);
	sink_put(&h, " is recorded.</p>\n");
	if (comment_token)
		comment_form(&h, number, comment_token);
	return sink_page_send(r, &h, 200, err);
}

/* The rating a choice form posted: record it (the link is used up) and
 * offer the comment form. */
static enum sw_err rate(struct req *r, const char *number, const char *token, const char *value, size_t len,
			struct sw_error *err)
{
	struct sw_error why;
	sw_error_clear(&why);
	int64_t rating = 0;
	struct survey v;
	char comment_token[64];
	enum sw_err rc = parse_int64(value, len, 1, 5, &rating) /* the decoded length: a %00 in it is no rating */
				 ? sw_param_fail(&why, "rating", "the rating must be from 1 to 5")
				 : survey_link_rate(&r->ctx, number, token, (int)rating, &v, comment_token, &why);
	if (rc)
		return page_refused(r, &why, err);
	char what[32];
	snprintf(what, sizeof(what), "Your rating of %d for ", (int)rating);
	return thanks(r, what, v.ticket, number, comment_token, err);
}

/* POST /survey/{number}/{token}, a form of one field: rating (the
 * choice form, with the email's link) or comment (the comment form, with
 * its own link); either link is used up. */
enum sw_err api_survey_page_comment(struct req *r, struct sw_error *err)
{
	const char *number = req_param(r, "number"), *token = req_param(r, "token");
	struct sw_error why;
	sw_error_clear(&why);
	char rating[8];
	size_t rating_len = 0;
	enum sw_err rated =
		memchr(buf_cstr(&r->body), '&', r->body.len)
			? SW_ENOTFOUND
			: form_value(buf_cstr(&r->body), r->body.len, "rating", rating, sizeof(rating), &rating_len);
	if (rated != SW_ENOTFOUND)
		return rate(r, number, token, rated ? "" : rating, rated ? 0 : rating_len, err); /* "": no rating */
	size_t cap = (size_t)SURVEY_COMMENT_MAX * 4 + 1, len = 0;
	char *comment = arena_alloc(&r->arena, cap);
	enum sw_err rc = comment ? SW_OK : sw_fail(&why, SW_ENOMEM, NULL, "out of memory");
	if (!rc) {
		rc = form_value(buf_cstr(&r->body), r->body.len, "comment", comment, cap, &len);
		if (memchr(buf_cstr(&r->body), '&', r->body.len)) /* the form has one field */
			rc = sw_param_fail(&why, "comment", "the form takes the comment (or the rating) alone");
		else if (rc == SW_ENOTFOUND || (!rc && len == 0))
			rc = sw_param_fail(&why, "comment", "the comment is empty");
		else if (rc || !utf8_valid(comment, len))
			rc = sw_param_fail(&why, "comment", "the comment must be text of at most %d characters",
					   SURVEY_COMMENT_MAX);
	}
	struct survey v;
	if (!rc)
		rc = survey_link_comment(&r->ctx, number, token, comment, &v, &why);
	if (rc)
		return page_refused(r, &why, err);
	return thanks(r, "Your comment on ", v.ticket, number, NULL, err);
}

/* ---- the OpenAPI components ------------------------------------------------------------------ */

#define INT "{\"type\":\"integer\"}"
#define STR_NULL "{\"type\":[\"string\",\"null\"]}"
#define TIME_NULL "{\"type\":[\"string\",\"null\"],\"format\":\"date-time\"}"
#define RATIO "{\"type\":[\"number\",\"null\"]}"
#define FIGURES                                                                                                        \
	"\"sent\":" INT ",\"answered\":" INT ",\"response_rate\":" RATIO ",\"csat\":" RATIO ",\"average\":" RATIO      \
	",\"ratings\":{\"type\":\"array\",\"items\":" INT ",\"minItems\":5,\"maxItems\":5,\"description\":\"answers "  \
	"rated 1, 2, 3, 4 and 5\"}"
#define FIGURES_REQUIRED "\"sent\",\"answered\",\"response_rate\",\"csat\",\"average\",\"ratings\""
static const char schemas[] =
	"\"SurveySettings\":{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"kind\",\"enabled\","
	"\"sample_percent\",\"cooldown_days\",\"low_threshold\",\"updated_at\"],\"properties\":{\"kind\":{\"type\":"
	"\"string\"},\"enabled\":{\"type\":\"boolean\"},\"sample_percent\":" INT ",\"cooldown_days\":" INT
	",\"low_threshold\":" INT ",\"updated_at\":" TIME_NULL "}},"
	"\"SurveySettingsInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"enabled\":{"
	"\"type\":\"boolean\"},\"sample_percent\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":100},"
	"\"cooldown_days\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":" API_STR(
		SURVEY_COOLDOWN_MAX) "},"
				     "\"low_threshold\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":5}}},"
				     "\"Survey\":{\"type\":\"object\",\"additionalProperties\":false,\"required\":["
				     "\"ticket\",\"kind\",\"title\","
				     "\"user\",\"agent\",\"group\",\"service\",\"sent_at\",\"answered_at\",\"rating\","
				     "\"comment\",\"channel\"],"
				     "\"properties\":{\"ticket\":{\"type\":\"string\"},\"kind\":{\"type\":\"string\"},"
				     "\"title\":{\"type\":"
				     "\"string\"},\"user\":{\"type\":\"string\"},\"agent\":" STR_NULL
				     ",\"group\":" STR_NULL ",\"service\":" STR_NULL ",\"sent_at\":" TIME_NULL
				     ",\"answered_at\":" TIME_NULL ",\"rating\":{\"type\":[\"integer\",\"null\"],"
				     "\"minimum\":1,\"maximum\":5},\"comment\":" STR_NULL
				     ",\"channel\":{\"enum\":[\"portal\",\"email\",null]}}},"
				     "\"SurveyAnswerInput\":{\"type\":\"object\",\"additionalProperties\":false,"
				     "\"required\":[\"rating\"],"
				     "\"properties\":{\"rating\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":5,"
				     "\"description\":\"outside "
				     "1..5: 400\"},\"comment\":{\"type\":[\"string\",\"null\"],\"maxLength\":" API_STR(
					     SURVEY_COMMENT_MAX) "}}},"
								 "\"SurveyReport\":{\"type\":\"object\","
								 "\"additionalProperties\":false,\"required\":["
								 "\"from\",\"to\",\"tz\",\"by\","
								 "\"total\",\"rows\"],\"properties\":{"
								 "\"from\":" TIME_NULL ",\"to\":" TIME_NULL
								 ",\"tz\":{\"type\":\"string\"}"
								 ",\"by\":{\"enum\":["
								 "\"service\",\"group\",\"agent\",\"month\",\"week\","
								 "\"day\"]},\"total\":{\"type\":\"object\","
								 "\"additionalProperties\":false,\"required\":"
								 "[" FIGURES_REQUIRED "],\"properties\":{" FIGURES "}},"
								 "\"rows\":{\"type\":\"array\",\"items\":{\"type\":"
								 "\"object\",\"additionalProperties\":false,"
								 "\"required\":["
								 "\"key\"," FIGURES_REQUIRED
								 "],\"properties\":{\"key\":" STR_NULL "," FIGURES
								 "}}}}}";

void api_openapi_survey_schemas(struct jsonw *w)
{
	jsonw_raw(w, schemas);
}
