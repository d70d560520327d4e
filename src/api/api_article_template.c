/*
 * api_article_template.c — knowledge article templates over HTTP
 * (/api/v1/article-templates, served by the record handlers of
 * api_record.c; core/knowledge/article_template.h): their field table,
 * their answer, and their OpenAPI components.  Admins write, agents read;
 * the new-article page lists the active ones.
 */
#include <stddef.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "core/knowledge/article_template.h"
#include "api/oas.h" /* after the others: its names are short */
#include "base/banned.h"

API_INPUT(api_schema_article_template, "ArticleTemplateInput", struct article_template_input,
	  FIELD_PLAIN(struct article_template_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	  FIELD(struct article_template_input, "description", FT_STRING, ARTICLE_TEMPLATE_DESCRIPTION_MAX, description,
		set_description),
	  FIELD(struct article_template_input, "kind", FT_STRING, 20, kind, set_kind),
	  FIELD(struct article_template_input, "audience", FT_STRING, 20, audience, set_audience),
	  FIELD(struct article_template_input, "category", FT_STRING_NULL, LIMIT_CATEGORY_LEN, category, set_category),
	  FIELD(struct article_template_input, "body", FT_STRING, ARTICLE_TEMPLATE_BODY_MAX, body, set_body),
	  FIELDS_ORDERED(struct article_template_input, FT_INT64, 0, 1000000));

API_RECORD_OF(api_article_templates, article_template_kind, api_schema_article_template,
	      API_EACH(struct article_template, API_AS_IS, name, description),
	      API_MEMBER_VALUE(struct article_template, "kind", kind, article_kind_name_list),
	      API_MEMBER_VALUE(struct article_template, "audience", audience, article_audience_name_list),
	      API_EACH(struct article_template, API_AS_NULL, category),
	      API_EACH(struct article_template, API_AS_IS, body, position, active), API_TIMES(struct article_template));

#define KINDS "{\"enum\":[\"how_to\",\"troubleshooting\",\"known_error\",\"faq\"]}"
#define AUDIENCES "{\"enum\":[\"agents\",\"everyone\"]}"
static const char schemas[] =
	"\"ArticleTemplate\":{\"type\":\"object\",\"required\":[\"name\",\"description\",\"kind\",\"audience\","
	"\"category\",\"body\",\"position\",\"active\",\"created_at\",\"updated_at\"],\"additionalProperties\":false,"
	"\"properties\":{\"name\":" STR ",\"description\":" STR ",\"kind\":" KINDS ",\"audience\":" AUDIENCES
	",\"category\":" STR_NULL ",\"body\":{\"type\":\"string\",\"description\":\"the skeleton in Markdown: the "
	"headings a writer fills in\"},\"position\":" INT ",\"active\":" BOOL ",\"created_at\":" TIME
	",\"updated_at\":" TIME "}},"
	"\"ArticleTemplateInput\":{\"type\":\"object\",\"additionalProperties\":false,\"description\":\"name "
	"required on create (fixed after); kind defaults to how_to, audience to agents\",\"properties\":{\"name\":"
	"{\"type\":\"string\",\"maxLength\":" API_STR(
		LIMIT_NAME_LEN) "},\"description\":{\"type\":\"string\","
				"\"maxLength\":" API_STR(
					ARTICLE_TEMPLATE_DESCRIPTION_MAX) "},\"kind\":" KINDS ",\"audience\":" AUDIENCES
									  ",\"category\":{\"type\":[\"string\","
									  "\"null\"],\"description\":\"a path of the "
									  "category tree\"},"
									  "\"body\":{\"type\":\"string\","
									  "\"maxLength\":" API_STR(
										  ARTICLE_TEMPLATE_BODY_MAX) "},"
													     "\"positio"
													     "n\":{"
													     "\"type\":"
													     "\"integer"
													     "\","
													     "\"minimum"
													     "\":0,"
													     "\"maximum"
													     "\":"
													     "1000000},"
													     "\"active"
													     "\":" BOOL
													     "}}";

void api_openapi_article_template_schemas(struct jsonw *w)
{
	jsonw_raw(w, schemas);
}
