/*
 * api_knowledge.c — the knowledge base over HTTP: /api/v1/articles (create,
 * list and search, suggestions, preview, one article, change, the
 * workflow's actions, versions and their diff, history, attachments,
 * ratings, deflections, ticket links) and /api/v1/known-errors.  JSON in,
 * core/knowledge/article.h, JSON out; the OpenAPI components of what it
 * takes and answers are written here too.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/jsonw.h"
#include "base/limits.h"
#include "base/util.h"
#include "core/kernel/authz.h"
#include "core/knowledge/article.h"
#include "api/oas.h" /* after the others: its names are short */
#include "base/banned.h"

/* ---- input ---------------------------------------------------------------------- */

#define AF(name_, type_, max_, member_, flag_)                                                                         \
	{                                                                                                              \
		name_, type_, max_, 0, 0, offsetof(struct article_input, member_),                                     \
			offsetof(struct article_input, flag_), 0, false                                                \
	}
#define AL(name_, max_, member_, count_, flag_)                                                                        \
	{                                                                                                              \
		name_, FT_STRINGS, max_, 0, 0, offsetof(struct article_input, member_),                                \
			offsetof(struct article_input, flag_), offsetof(struct article_input, count_), false           \
	}

API_INPUT(api_schema_article, "ArticleInput", struct article_input,
	  AF("title", FT_STRING, ARTICLE_TITLE_MAX, title, set_title),
	  AF("summary", FT_STRING, ARTICLE_SUMMARY_MAX, summary, set_summary),
	  AF("body", FT_STRING, ARTICLE_BODY_MAX, body, set_body), AF("kind", FT_STRING, 20, kind, set_kind),
	  AF("audience", FT_STRING, 20, audience, set_audience),
	  AL("services", ARTICLE_SERVICES_MAX, services, service_count, set_services),
	  AL("categories", ARTICLE_CATEGORIES_MAX, categories, category_count, set_categories),
	  AL("keywords", ARTICLE_KEYWORDS_MAX, keywords, keyword_count, set_keywords),
	  AF("owner", FT_STRING_NULL, LIMIT_LOGIN_LEN, owner, set_owner),
	  AF("review_by", FT_STRING_NULL, 10, review_by, set_review_by),
	  AF("problem", FT_STRING_NULL, 40, problem, set_problem));

API_TEXT_INPUT(api_schema_article_action, "ArticleActionInput", "reason", FT_STRING, ARTICLE_COMMENT_MAX, false);

struct rating_input {
	bool helpful;
	const char *comment;
};
API_INPUT(api_schema_article_rating, "RatingInput", struct rating_input,
	  {"helpful", FT_BOOL, 0, 0, 0, offsetof(struct rating_input, helpful), FIELD_NO_FLAG, 0, true},
	  {"comment", FT_STRING_NULL, ARTICLE_COMMENT_MAX, 0, 0, offsetof(struct rating_input, comment), FIELD_NO_FLAG,
	   0, false});

API_TEXT_INPUT(api_schema_article_link, "ArticleLinkInput", "ticket", FT_STRING, 40, true);

struct preview_input {
	const char *body, *article;
};
API_INPUT(api_schema_article_preview, "ArticlePreviewInput", struct preview_input,
	  {"body", FT_STRING, ARTICLE_BODY_MAX, 0, 0, offsetof(struct preview_input, body), FIELD_NO_FLAG, 0, true},
	  {"article", FT_STRING_NULL, 20, 0, 0, offsetof(struct preview_input, article), FIELD_NO_FLAG, 0, false});

/* ---- answers ----------------------------------------------------------------------- */

static void write_date(struct jsonw *w, const char *key, int64_t epoch)
{
	jsonw_key(w, key);
	if (!epoch) {
		jsonw_null(w);
		return;
	}
	char iso[21];
	time_format_rfc3339(epoch, iso);
	jsonw_strn(w, iso, 10); /* the day of a UTC midnight */
}

static void write_int_null(struct jsonw *w, const char *key, int64_t v)
{
	jsonw_key(w, key);
	if (v)
		jsonw_int(w, v);
	else
		jsonw_null(w);
}

/* What a version shows (of an article or on its own); full adds the body. */
static void write_content(struct jsonw *w, const struct article_version *v, bool full)
{
	jsonw_kstr(w, "title", v->title ? v->title : "");
	jsonw_kstr(w, "summary", v->summary ? v->summary : "");
	jsonw_kstr(w, "kind", article_kind_name(v->kind));
	jsonw_kstr(w, "audience", article_audience_name(v->audience));
	jsonw_key(w, "services");
	api_jw_strings(w, v->services, v->service_count);
	jsonw_key(w, "categories");
	api_jw_strings(w, v->categories, v->category_count);
	jsonw_key(w, "keywords");
	api_jw_strings(w, v->keywords, v->keyword_count);
	if (full && v->body) {
		jsonw_kstr(w, "body", v->body);
		jsonw_kstr(w, "body_html", v->body_html ? v->body_html : "");
	}
}

/* An article as actor sees it (Article): full with a single read, the
 * highlights of a search when it has them. */
static void article_write(struct jsonw *w, const struct ctx *c, const struct article *a, bool full)
{
	bool agent = authz_is_agent(&c->actor);
	jsonw_obj_open(w);
	jsonw_kstr(w, "number", a->number);
	jsonw_kstr(w, "state", article_state_name(a->state));
	jsonw_kint(w, "version", a->v.version);
	jsonw_kstr(w, "version_state", article_version_state_name(a->v.state));
	write_int_null(w, "published_version", a->published_version);
	write_content(w, &a->v, full);
	jsonw_kint(w, "helpful", a->helpful);
	jsonw_kint(w, "not_helpful", a->not_helpful);
	jsonw_kint(w, "revision", a->revision);
	const char *actions[ARTICLE_ACTION__COUNT];
	jsonw_key(w, "actions");
	api_jw_strings(w, actions, article_allowed_actions(&c->actor, a, actions, ARTICLE_ACTION__COUNT));
	api_jw_ktime(w, "created_at", a->created_at);
	api_jw_ktime(w, "updated_at", a->updated_at);
	api_jw_ktime(w, "published_at", a->published_at);
	if (agent) {
		jsonw_kint(w, "latest_version", a->latest_version);
		jsonw_kstr(w, "latest_state", article_version_state_name(a->latest_state));
		jsonw_kstr(w, "owner", a->owner);
		write_date(w, "review_by", a->review_by);
		jsonw_kbool(w, "stale", a->review_by && a->review_by <= c->now && a->state != ARTICLE_RETIRED);
		jsonw_kstr(w, "problem", a->problem);
		jsonw_kint(w, "views", a->views);
		jsonw_kint(w, "deflections", a->deflections);
		jsonw_kint(w, "linked_tickets", a->link_count);
		jsonw_kstr(w, "created_by", a->created_by);
		api_jw_ktime(w, "retired_at", a->retired_at);
	}
	if (full && a->v.note && agent)
		jsonw_kstr(w, "note", a->v.note);
	if (a->title_html) {
		jsonw_kstr(w, "title_html", a->title_html);
		jsonw_kstr(w, "snippet_html", a->snippet_html ? a->snippet_html : "");
	}
	jsonw_obj_close(w);
}

static enum sw_err reply_article(struct req *r, int status, const struct article *a, struct sw_error *err)
{
	http_header(r, "ETag", arena_printf(&r->arena, "\"%lld\"", (long long)a->revision));
	if (status == 201)
		http_header(r, "Location", arena_printf(&r->arena, "/api/v1/articles/%s", a->number));
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	struct jsonw w;
	jsonw_init(&w, &b);
	article_write(&w, &r->ctx, a, true);
	return api_jw_reply(r, status, &w, err);
}

static void article_item(struct jsonw *w, struct req *r, const void *item)
{
	article_write(w, &r->ctx, item, false);
}

static enum sw_err reply_articles(struct req *r, const struct article_list *list, struct sw_error *err)
{
	return api_jw_reply_items(r, list->items, list->count, sizeof(*list->items), article_item, list->next_cursor,
				  err);
}

static void version_write(struct jsonw *w, const struct article_version *v, bool full)
{
	jsonw_obj_open(w);
	jsonw_kint(w, "version", v->version);
	jsonw_kstr(w, "state", article_version_state_name(v->state));
	write_content(w, v, full);
	jsonw_kstr(w, "note", v->note);
	jsonw_kstr(w, "created_by", v->created_by);
	api_jw_ktime(w, "created_at", v->created_at);
	api_jw_ktime(w, "updated_at", v->updated_at);
	jsonw_kstr(w, "published_by", v->published_by);
	api_jw_ktime(w, "published_at", v->published_at);
	jsonw_obj_close(w);
}

/* ---- handlers ---------------------------------------------------------------------- */

API_WRITE(api_article_create, api_schema_article, struct article_input, article_create, struct article, 201,
	  reply_article)

enum sw_err api_article_get(struct req *r, struct sw_error *err)
{
	struct article a;
	enum sw_err rc = article_get(&r->ctx, req_param(r, "number"), true, &a, err);
	return rc ? rc : reply_article(r, 200, &a, err);
}

enum sw_err api_article_update(struct req *r, struct sw_error *err)
{
	int64_t revision;
	struct article_input in;
	struct article a = {0};
	enum sw_err rc = api_if_match(r, true, &revision, err);
	if (rc || (rc = api_read(r, &api_schema_article, false, &in, err)))
		return rc;
	rc = article_update(&r->ctx, req_param(r, "number"), revision, &in, &a, err);
	if (rc == SW_ECONFLICT && strcmp(err->type, "illegal-transition") == 0 && a.number) {
		const char *allowed[ARTICLE_ACTION__COUNT];
		api_problem_allowed(r, allowed,
				    article_allowed_actions(&r->ctx.actor, &a, allowed, ARTICLE_ACTION__COUNT));
	}
	return rc ? rc : reply_article(r, 200, &a, err);
}

/* POST /api/v1/articles/{number}/<action>: the action is the route's last segment. */
enum sw_err api_article_action(struct req *r, struct sw_error *err)
{
	enum article_action ac;
	struct api_text in;
	int64_t revision;
	struct article a = {0};
	enum sw_err rc = api_read(r, &api_schema_article_action, true, &in, err);
	if (rc || (rc = api_if_match(r, false, &revision, err)))
		return rc;
	if (article_action_parse(strrchr(r->route->pattern, '/') + 1, &ac))
		return sw_fail(err, SW_EINTERNAL, NULL, "the route names no article action");
	rc = article_act(&r->ctx, req_param(r, "number"), ac, in.text, revision, &a, err);
	if (rc == SW_ECONFLICT && strcmp(err->type, "illegal-transition") == 0 && a.number) {
		const char *allowed[ARTICLE_ACTION__COUNT];
		api_problem_allowed(r, allowed,
				    article_allowed_actions(&r->ctx.actor, &a, allowed, ARTICLE_ACTION__COUNT));
	}
	return rc ? rc : reply_article(r, 200, &a, err);
}

/* The query of a list (GET /api/v1/articles or /known-errors), and its page. */
static enum sw_err read_query(struct req *r, bool known_errors, struct article_query *q, struct page *p,
			      struct sw_error *err)
{
	int stale;
	enum sw_err rc;
	memset(q, 0, sizeof(*q));
	q->known_errors = known_errors;
	if ((rc = api_query_allowed(r,
				    known_errors ? "text,service,category,limit,cursor"
						 : "text,state,kind,audience,owner,service,category,ticket,stale,"
						   "limit,cursor",
				    err)) ||
	    (rc = api_page(r, p, err)) || (rc = api_query_str(r, "text", LIMIT_SEARCH_LEN, &q->text, err)) ||
	    (rc = api_query_str(r, "state", 20, &q->state, err)) ||
	    (rc = api_query_str(r, "kind", 20, &q->kind, err)) ||
	    (rc = api_query_str(r, "audience", 20, &q->audience, err)) ||
	    (rc = api_query_str(r, "owner", LIMIT_LOGIN_LEN, &q->owner, err)) ||
	    (rc = api_query_str(r, "service", LIMIT_NAME_LEN * 4, &q->service, err)) ||
	    (rc = api_query_str(r, "category", LIMIT_CATEGORY_LEN * 4, &q->category, err)) ||
	    (rc = api_query_str(r, "ticket", 40, &q->ticket, err)) || (rc = api_query_bool(r, "stale", &stale, err)))
		return rc;
	q->stale = stale == 1;
	return SW_OK;
}

static enum sw_err list(struct req *r, bool known_errors, struct sw_error *err)
{
	struct article_query q;
	struct page p;
	struct article_list out;
	enum sw_err rc = read_query(r, known_errors, &q, &p, err);
	if (rc || (rc = article_list(&r->ctx, &q, &p, &out, err)))
		return rc;
	return reply_articles(r, &out, err);
}

enum sw_err api_article_list(struct req *r, struct sw_error *err)
{
	return list(r, false, err);
}

enum sw_err api_known_errors(struct req *r, struct sw_error *err)
{
	return list(r, true, err);
}

enum sw_err api_article_suggest(struct req *r, struct sw_error *err)
{
	const char *text;
	int64_t limit = ARTICLE_SUGGEST_DEFAULT;
	bool present;
	struct article_list out;
	enum sw_err rc;
	if ((rc = api_query_allowed(r, "text,limit", err)) ||
	    (rc = api_query_str(r, "text", LIMIT_SEARCH_LEN, &text, err)) ||
	    (rc = api_query_int(r, "limit", 1, ARTICLE_SUGGEST_MAX, &limit, &present, err)) ||
	    (rc = article_suggest(&r->ctx, text, (int)limit, &out, err)))
		return rc;
	return reply_articles(r, &out, err);
}

enum sw_err api_article_preview(struct req *r, struct sw_error *err)
{
	struct preview_input in;
	const char *html;
	enum sw_err rc = api_read(r, &api_schema_article_preview, false, &in, err);
	if (rc || (rc = article_preview(&r->ctx, in.article, in.body, &html, err)))
		return rc;
	return api_reply(r, 200, json_pack("{s:s}", "html", html), err);
}

/* A version named by the path parameter name: 404 when it is not a number. */
static enum sw_err version_param(struct req *r, const char *name, int *out, struct sw_error *err)
{
	const char *s = req_param(r, name);
	int64_t v;
	if (parse_int64(s, strlen(s), 1, 1000000000, &v))
		return sw_fail(err, SW_ENOTFOUND, NULL, "no version '%s'", s);
	*out = (int)v;
	return SW_OK;
}

static void version_item(struct jsonw *w, struct req *r, const void *item)
{
	(void)r;
	version_write(w, item, false);
}

enum sw_err api_article_versions(struct req *r, struct sw_error *err)
{
	struct article_version_list list;
	enum sw_err rc = article_versions(&r->ctx, req_param(r, "number"), &list, err);
	return rc ? rc : api_jw_reply_items(r, list.items, list.count, sizeof(*list.items), version_item, NULL, err);
}

enum sw_err api_article_version(struct req *r, struct sw_error *err)
{
	int n;
	struct article_version v;
	enum sw_err rc = version_param(r, "version", &n, err);
	if (rc || (rc = article_version_get(&r->ctx, req_param(r, "number"), n, &v, err)))
		return rc;
	struct buf b = BUF_INIT(LIMIT_RESPONSE);
	struct jsonw w;
	jsonw_init(&w, &b);
	version_write(&w, &v, true);
	return api_jw_reply(r, 200, &w, err);
}

static void diff_write(struct jsonw *w, const char *key, const struct line_diff *d)
{
	jsonw_key(w, key);
	jsonw_arr_open(w);
	for (size_t i = 0; i < d->count; i++) {
		jsonw_obj_open(w);
		jsonw_kstr(w, "op", diff_op_name(d->lines[i].op));
		jsonw_key(w, "text");
		jsonw_strn(w, d->lines[i].text, d->lines[i].len);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

enum sw_err api_article_diff(struct req *r, struct sw_error *err)
{
	int a, b;
	struct article_diff d;
	enum sw_err rc = version_param(r, "a", &a, err);
	if (rc || (rc = version_param(r, "b", &b, err)) ||
	    (rc = article_diff(&r->ctx, req_param(r, "number"), a, b, &d, err)))
		return rc;
	struct buf out = BUF_INIT(LIMIT_RESPONSE);
	struct jsonw w;
	jsonw_init(&w, &out);
	jsonw_obj_open(&w);
	jsonw_kint(&w, "from", d.from);
	jsonw_kint(&w, "to", d.to);
	jsonw_kbool(&w, "approximate", d.title.approximate || d.summary.approximate || d.body.approximate);
	diff_write(&w, "title", &d.title);
	diff_write(&w, "summary", &d.summary);
	diff_write(&w, "body", &d.body);
	jsonw_obj_close(&w);
	return api_jw_reply(r, 200, &w, err);
}

API_LIST_OF(api_article_history, "number", struct audit_list, article_history, api_reply_history)

enum sw_err api_article_attach(struct req *r, struct sw_error *err)
{
	const char *filename;
	struct attachment a;
	enum sw_err rc;
	if ((rc = api_upload_name(r, &filename, err)) ||
	    (rc = article_attach(&r->ctx, req_param(r, "number"), filename, r->body.ptr, r->body.len, &a, err)))
		return rc;
	http_header(r, "Location",
		    arena_printf(&r->arena, "/api/v1/articles/%s/attachments/%lld", req_param(r, "number"),
				 (long long)a.id));
	return api_reply(r, 201, api_attachment_json(&a), err);
}

enum sw_err api_article_attachments(struct req *r, struct sw_error *err)
{
	struct attachment_list list;
	enum sw_err rc = article_attachments(&r->ctx, req_param(r, "number"), &list, err);
	return rc ? rc
		  : api_reply_items(r, list.items, list.count, sizeof(*list.items), (api_json_fn)api_attachment_json,
				    NULL, err);
}

enum sw_err api_article_attachment(struct req *r, struct sw_error *err)
{
	int64_t id;
	struct attachment a;
	enum sw_err rc = api_id_param(r, "attachment", &id, err);
	if (rc || (rc = article_attachment_get(&r->ctx, req_param(r, "number"), id, &a, err)))
		return rc;
	return api_reply_attachment(r, &a, err);
}

static json_t *rating_json(const void *rec)
{
	const struct article_rating *x = rec;
	return json_pack("{s:s, s:b, s:o, s:o, s:o}", "user", x->user ? x->user : "", "helpful", x->helpful, "comment",
			 api_str(x->comment), "created_at", api_time(x->created_at), "updated_at",
			 api_time(x->updated_at));
}

enum sw_err api_article_rate(struct req *r, struct sw_error *err)
{
	struct rating_input in;
	struct article_rating x;
	enum sw_err rc = api_read(r, &api_schema_article_rating, false, &in, err);
	if (rc || (rc = article_rate(&r->ctx, req_param(r, "number"), in.helpful, in.comment, &x, err)))
		return rc;
	return api_reply(r, 201, rating_json(&x), err);
}

API_LIST_OF_JSON(api_article_ratings, "number", struct article_rating_list, article_ratings, rating_json)

enum sw_err api_article_deflect(struct req *r, struct sw_error *err)
{
	enum sw_err rc = article_deflect(&r->ctx, req_param(r, "number"), err);
	return rc ? rc : http_reply(r, 204, NULL, NULL, 0, err);
}

static json_t *link_json(const void *rec)
{
	const struct article_link *l = rec;
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "ticket", l->ticket, "title", l->title ? l->title : "",
			 "kind", l->kind ? l->kind : "", "state", l->state ? l->state : "", "created_by",
			 api_str(l->created_by), "created_at", api_time(l->created_at));
}

enum sw_err api_article_link(struct req *r, struct sw_error *err)
{
	struct api_text in;
	struct article_link l;
	enum sw_err rc = api_read(r, &api_schema_article_link, false, &in, err);
	if (rc || (rc = article_link_ticket(&r->ctx, req_param(r, "number"), in.text, &l, err)))
		return rc;
	return api_reply(r, 201, link_json(&l), err);
}

API_LIST_OF_JSON(api_article_links, "number", struct article_link_list, article_links, link_json)

/* ---- the OpenAPI components ----------------------------------------------------------- */

#define KINDS "{\"enum\":[\"how_to\",\"troubleshooting\",\"known_error\",\"faq\"]}"
#define AUDIENCES "{\"enum\":[\"agents\",\"everyone\"]}"
#define VERSION_STATES "{\"enum\":[\"draft\",\"in_review\",\"published\",\"superseded\"]}"
#define CONTENT                                                                                                        \
	"\"title\":" STR ",\"summary\":" STR ",\"kind\":" KINDS ",\"audience\":" AUDIENCES ",\"services\":" STRS       \
	",\"categories\":" STRS ",\"keywords\":" STRS ",\"body\":{\"type\":\"string\",\"description\":\"Markdown; "    \
	"single reads only\"},\"body_html\":{\"type\":\"string\",\"description\":\"the body rendered: safe to put "    \
	"into a page as it is (docs/knowledge.md); single reads only\"}"
#define CONTENT_REQUIRED "\"title\",\"summary\",\"kind\",\"audience\",\"services\",\"categories\",\"keywords\""

static const char schemas[] =
	"\"Article\":{\"type\":\"object\",\"required\":[\"number\",\"state\",\"version\",\"version_state\","
	"\"published_version\"," CONTENT_REQUIRED ",\"helpful\",\"not_helpful\",\"revision\",\"actions\","
	"\"created_at\",\"updated_at\",\"published_at\"],\"additionalProperties\":false,\"properties\":{"
	"\"number\":" STR ",\"state\":{\"enum\":[\"draft\",\"in_review\",\"published\",\"retired\"]},"
	"\"version\":{\"type\":\"integer\",\"description\":\"the version shown: the published one, or the latest "
	"before the first publication\"},\"version_state\":" VERSION_STATES ",\"published_version\":{\"type\":["
	"\"integer\",\"null\"]}," CONTENT ",\"helpful\":" INT ",\"not_helpful\":" INT ",\"revision\":{\"type\":"
	"\"integer\",\"description\":\"what If-Match names (the ETag)\"},\"actions\":{\"type\":\"array\",\"items\":"
	"{\"enum\":[\"submit\",\"publish\",\"reject\",\"retire\",\"revise\"]},\"description\":\"what the caller may "
	"do now\"},\"created_at\":" TIME ",\"updated_at\":" TIME ",\"published_at\":" TIME_NULL
	",\"latest_version\":{\"type\":\"integer\",\"description\":\"agents: the newest version, a draft being worked "
	"on when above version\"},\"latest_state\":" VERSION_STATES ",\"owner\":" STR_NULL ",\"review_by\":{\"type\":"
	"[\"string\",\"null\"],\"format\":\"date\"},\"stale\":{\"type\":\"boolean\",\"description\":\"agents: past its "
	"review-by date\"},\"problem\":" STR_NULL ",\"views\":" INT ",\"deflections\":" INT ",\"linked_tickets\":" INT
	",\"created_by\":" STR_NULL ",\"retired_at\":" TIME_NULL ",\"note\":{\"type\":\"string\",\"description\":"
	"\"agents, single reads: why the version went back to draft\"},\"title_html\":{\"type\":\"string\","
	"\"description\":\"searches and suggestions: the title, HTML-escaped, the words found in <mark>\"},"
	"\"snippet_html\":{\"type\":\"string\",\"description\":\"searches and suggestions: where the words were "
	"found, the same way\"}}},"
	"\"ArticleInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
	"\"title\":{\"type\":\"string\",\"maxLength\":300},\"summary\":{\"type\":\"string\",\"maxLength\":1000},"
	"\"body\":{\"type\":\"string\",\"maxLength\":100000,\"description\":\"Markdown (docs/knowledge.md)\"},"
	"\"kind\":" KINDS ",\"audience\":" AUDIENCES ",\"services\":{\"type\":\"array\",\"maxItems\":20,\"items\":" STR
	"},\"categories\":{\"type\":\"array\",\"maxItems\":20,\"items\":" STR "},\"keywords\":{\"type\":\"array\","
	"\"maxItems\":30,\"items\":{\"type\":\"string\",\"maxLength\":60}},\"owner\":" STR_NULL ",\"review_by\":{"
	"\"type\":[\"string\",\"null\"],\"format\":\"date\"},\"problem\":" STR_NULL "}},"
	"\"ArticleActionInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"reason\":{"
	"\"type\":\"string\",\"maxLength\":2000,\"description\":\"reject: required\"}}},"
	"\"ArticleVersion\":{\"type\":\"object\",\"required\":[\"version\",\"state\"," CONTENT_REQUIRED ",\"note\","
	"\"created_by\",\"created_at\",\"updated_at\",\"published_by\",\"published_at\"],\"additionalProperties\":"
	"false,\"properties\":{\"version\":" INT ",\"state\":" VERSION_STATES "," CONTENT ",\"note\":" STR_NULL
	",\"created_by\":" STR_NULL ",\"created_at\":" TIME ",\"updated_at\":" TIME ",\"published_by\":" STR_NULL
	",\"published_at\":" TIME_NULL "}},"
	"\"ArticleDiff\":{\"type\":\"object\",\"required\":[\"from\",\"to\",\"approximate\",\"title\",\"summary\","
	"\"body\"],\"additionalProperties\":false,\"properties\":{\"from\":" INT ",\"to\":" INT ",\"approximate\":{"
	"\"type\":\"boolean\",\"description\":\"too many changes to pair lines: the changed part shown deleted and "
	"inserted whole\"},\"title\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/DiffLine\"}},"
	"\"summary\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/DiffLine\"}},\"body\":{\"type\":"
	"\"array\",\"items\":{\"$ref\":\"#/components/schemas/DiffLine\"}}}},"
	"\"DiffLine\":{\"type\":\"object\",\"required\":[\"op\",\"text\"],\"additionalProperties\":false,"
	"\"properties\":{\"op\":{\"enum\":[\"equal\",\"insert\",\"delete\"]},\"text\":" STR "}},"
	"\"ArticleRating\":{\"type\":\"object\",\"required\":[\"user\",\"helpful\",\"comment\",\"created_at\","
	"\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"user\":" STR ",\"helpful\":{\"type\":"
	"\"boolean\"},\"comment\":" STR_NULL ",\"created_at\":" TIME ",\"updated_at\":" TIME "}},"
	"\"RatingInput\":{\"type\":\"object\",\"required\":[\"helpful\"],\"additionalProperties\":false,"
	"\"properties\":{\"helpful\":{\"type\":\"boolean\"},\"comment\":{\"type\":[\"string\",\"null\"],"
	"\"maxLength\":2000}}},"
	"\"ArticleLink\":{\"type\":\"object\",\"required\":[\"ticket\",\"title\",\"kind\",\"state\",\"created_by\","
	"\"created_at\"],\"additionalProperties\":false,\"properties\":{\"ticket\":" STR ",\"title\":" STR
	",\"kind\":" STR ",\"state\":" STR ",\"created_by\":" STR_NULL ",\"created_at\":" TIME "}},"
	"\"ArticleLinkInput\":{\"type\":\"object\",\"required\":[\"ticket\"],\"additionalProperties\":false,"
	"\"properties\":{\"ticket\":{\"type\":\"string\",\"description\":\"a ticket number the article helped "
	"resolve\"}}},"
	"\"ArticlePreview\":{\"type\":\"object\",\"required\":[\"html\"],\"additionalProperties\":false,"
	"\"properties\":{\"html\":" STR "}},"
	"\"ArticlePreviewInput\":{\"type\":\"object\",\"required\":[\"body\"],\"additionalProperties\":false,"
	"\"properties\":{\"body\":{\"type\":\"string\",\"maxLength\":100000},\"article\":{\"type\":[\"string\","
	"\"null\"],\"description\":\"the article's number, so that its attachments show as images\"}}}";

void api_openapi_knowledge_schemas(struct jsonw *w)
{
	jsonw_raw(w, schemas);
}
