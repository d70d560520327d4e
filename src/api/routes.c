/*
 * routes.c — the route table: every endpoint Steward serves, with the
 * checks http/ applies before its handler runs, and what the OpenAPI
 * document says about it.  One line per route, or per ticket kind (the
 * routes the engine gives every kind are generated from its declaration);
 * nothing is routed anywhere else.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "core/ticket/incident.h"
#include "base/limits.h"
#include "base/banned.h"

#define J "application/json"
#define PUB ROUTE_PUBLIC, ROLE_END_USER
#define ANY ROUTE_USER, ROLE_END_USER
#define AGENT ROUTE_USER, ROLE_AGENT
#define MANAGER ROUTE_USER, ROLE_MANAGER
#define ADMIN ROUTE_USER, ROLE_ADMIN
#define BODY LIMIT_BODY_JSON, J
#define NOBODY 0, J
#define INC "/api/v1/incidents/{number}"
#define KB "/api/v1/articles/{number}"
#define LIST_Q "limit,cursor"
/* Where the routes every ticket kind gets go (see family below). */
#define TICKET_FAMILY(kind_)                                                                                           \
	{                                                                                                              \
		.method = "*", .arg = (kind_)                                                                          \
	}

/* The trailing columns (If-Match, input schema, arg, problems) are left out of the
 * lines that have none of them. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* clang-format off */
static const struct route fixed[] = {
	{"GET", "/", api_index, PUB, NOBODY, "The web UI", "operations", 200, NULL, "html", NULL},
	{"GET", "/app/{file}", api_asset, PUB, NOBODY, "The web UI's scripts and styles", "operations", 200, NULL, "asset", NULL},
	{"GET", "/healthz", api_health, PUB, NOBODY, "Health of the server and its database", "operations", 200, NULL, "Health", NULL},
	{"GET", "/metrics", api_metrics, PUB, NOBODY, "Prometheus metrics", "operations", 200, NULL, "metrics", NULL},
	{"GET", "/api/v1/openapi.json", api_openapi, PUB, NOBODY, "This OpenAPI document", "operations", 200, NULL, "openapi", NULL},

	{"POST", "/api/v1/auth/login", api_login, PUB, BODY, "Log in; sets the session cookie and returns a CSRF token", "auth", 200, "Login", "LoginResult", NULL, ROUTE_NO_IF_MATCH, &api_schema_login, .problems = "401,429"},
	{"POST", "/api/v1/auth/logout", api_logout, ANY, NOBODY, "End the current session", "auth", 204, NULL, NULL, NULL},
	{"GET", "/api/v1/me", api_me, ANY, NOBODY, "The caller", "auth", 200, NULL, "Me", NULL},
	{"GET", "/api/v1/events", api_events, ANY, NOBODY, "Live ticket changes the caller may see (Server-Sent Events; resume with Last-Event-ID)", "events", 200, NULL, "events", "since"},

	{"POST", "/api/v1/users", api_user_create, ADMIN, BODY, "Create a user", "users", 201, "UserInput", "User", NULL, ROUTE_NO_IF_MATCH, &api_schema_user},
	{"GET", "/api/v1/users", api_user_list, AGENT, NOBODY, "List users", "users", 200, NULL, "list:User", "role,active,q," LIST_Q},
	{"GET", "/api/v1/users/{login}", api_user_get, ANY, NOBODY, "Get a user (agents, or yourself)", "users", 200, NULL, "User", NULL, .problems = "403"},
	{"PATCH", "/api/v1/users/{login}", api_user_update, ADMIN, BODY, "Change a user", "users", 200, "UserInput", "User", NULL, ROUTE_NO_IF_MATCH, &api_schema_user},
	{"GET", "/api/v1/users/{login}/history", api_user_history, ADMIN, NOBODY, "Audit trail of an account", "users", 200, NULL, "list:HistoryEntry", NULL},
	{"POST", "/api/v1/groups", api_group_create, ADMIN, BODY, "Create a group", "groups", 201, "GroupInput", "Group", NULL, ROUTE_NO_IF_MATCH, &api_schema_group},
	{"GET", "/api/v1/groups", api_group_list, AGENT, NOBODY, "List groups", "groups", 200, NULL, "list:Group", LIST_Q},
	{"GET", "/api/v1/groups/{name}", api_group_get, AGENT, NOBODY, "Get a group", "groups", 200, NULL, "Group", NULL},
	{"PATCH", "/api/v1/groups/{name}", api_group_update, ADMIN, BODY, "Change a group", "groups", 200, "GroupInput", "Group", NULL, ROUTE_NO_IF_MATCH, &api_schema_group},
	{"GET", "/api/v1/groups/{name}/history", api_group_history, ADMIN, NOBODY, "Audit trail of a group", "groups", 200, NULL, "list:HistoryEntry", NULL},

	/* before the incident family, whose {number} would take "counts" */
	{"GET", "/api/v1/incidents/counts", api_incident_counts, ANY, NOBODY, "Open incidents in the caller's queues (end users: their own requests)", "incidents", 200, NULL, "IncidentCounts", NULL},
	TICKET_FAMILY(&ticket_kind_incident),
	{"POST", INC "/major", api_incident_major, AGENT, BODY, "Declare a major incident (reason required)", "incidents", 200, "MajorInput", "Incident", NULL, ROUTE_IF_MATCH_OPTIONAL, &api_schema_major},
	{"DELETE", INC "/major", api_incident_unmajor, AGENT, NOBODY, "Downgrade from major incident", "incidents", 200, NULL, "Incident", NULL, ROUTE_IF_MATCH_OPTIONAL},
	{"GET", "/api/v1/attachments/{id}", api_attachment_download, ANY, NOBODY, "Download an attachment", "incidents", 200, NULL, "file", NULL},
	{"POST", "/api/v1/custom-fields", api_custom_field_create, ADMIN, BODY, "Define a field for a ticket kind", "configuration", 201, "CustomFieldInput", "CustomField", NULL, ROUTE_NO_IF_MATCH, &api_schema_custom_field},
	{"GET", "/api/v1/custom-fields", api_custom_field_list, ANY, NOBODY, "Fields defined for ticket kinds, in form order (end users: active only)", "configuration", 200, NULL, "list:CustomField", "kind"},
	{"GET", "/api/v1/custom-fields/{kind}/{name}", api_custom_field_get, ANY, NOBODY, "Get a field definition", "configuration", 200, NULL, "CustomField", NULL},
	{"PATCH", "/api/v1/custom-fields/{kind}/{name}", api_custom_field_update, ADMIN, BODY, "Change a field definition (kind, name and type are fixed)", "configuration", 200, "CustomFieldInput", "CustomField", NULL, ROUTE_NO_IF_MATCH, &api_schema_custom_field},
	{"POST", "/api/v1/mandatory-fields", api_mandatory_create, ADMIN, BODY, "Require a field of a ticket kind in a state", "configuration", 201, "MandatoryFieldInput", "MandatoryField", NULL, ROUTE_NO_IF_MATCH, &api_schema_mandatory},
	{"GET", "/api/v1/mandatory-fields", api_mandatory_list, ANY, NOBODY, "Fields required per ticket kind and state", "configuration", 200, NULL, "list:MandatoryField", "kind"},
	{"DELETE", "/api/v1/mandatory-fields/{id}", api_mandatory_delete, ADMIN, NOBODY, "Stop requiring a field", "configuration", 204, NULL, NULL, NULL},
	{"GET", "/api/v1/reports/incidents", api_report_incidents, AGENT, NOBODY, "Dashboard figures over a period of days in a time zone", "reports", 200, NULL, "IncidentReport", "from,to,tz"},
	{"GET", "/api/v1/priority-matrix", api_matrix_get, AGENT, NOBODY, "The impact x urgency priority matrix", "configuration", 200, NULL, "PriorityMatrix", NULL},
	{"PUT", "/api/v1/priority-matrix", api_matrix_set, ADMIN, BODY, "Replace the priority matrix", "configuration", 200, "PriorityMatrix", "PriorityMatrix", NULL},
	{"POST", "/api/v1/assignment-rules", api_rule_create, ADMIN, BODY, "Create an assignment rule", "configuration", 201, "AssignmentRuleInput", "AssignmentRule", NULL, ROUTE_NO_IF_MATCH, &api_schema_rule},
	{"GET", "/api/v1/assignment-rules", api_rule_list, AGENT, NOBODY, "Assignment rules in evaluation order", "configuration", 200, NULL, "list:AssignmentRule", NULL},
	{"GET", "/api/v1/assignment-rules/{name}", api_rule_get, AGENT, NOBODY, "Get an assignment rule", "configuration", 200, NULL, "AssignmentRule", NULL},
	{"PATCH", "/api/v1/assignment-rules/{name}", api_rule_update, ADMIN, BODY, "Change an assignment rule", "configuration", 200, "AssignmentRuleInput", "AssignmentRule", NULL, ROUTE_NO_IF_MATCH, &api_schema_rule},
	{"POST", "/api/v1/categories", api_category_create, ADMIN, BODY, "Add a category (under a parent path)", "configuration", 201, "CategoryInput", "Category", NULL, ROUTE_NO_IF_MATCH, &api_schema_category},
	{"GET", "/api/v1/categories", api_category_list, ANY, NOBODY, "The category tree in path order (end users: active only)", "configuration", 200, NULL, "list:Category", "active"},
	{"PATCH", "/api/v1/categories/{id}", api_category_update, ADMIN, BODY, "Activate or deactivate a category", "configuration", 200, "CategoryInput", "Category", NULL, ROUTE_NO_IF_MATCH, &api_schema_category},
	{"POST", "/api/v1/templates", api_template_create, ADMIN, BODY, "Create an incident template", "configuration", 201, "TemplateInput", "Template", NULL, ROUTE_NO_IF_MATCH, &api_schema_template},
	{"GET", "/api/v1/templates", api_template_list, ANY, NOBODY, "Incident templates (end users: active only)", "configuration", 200, NULL, "list:Template", NULL},
	{"GET", "/api/v1/templates/{name}", api_template_get, ANY, NOBODY, "Get an incident template", "configuration", 200, NULL, "Template", NULL},
	{"PATCH", "/api/v1/templates/{name}", api_template_update, ADMIN, BODY, "Change an incident template", "configuration", 200, "TemplateInput", "Template", NULL, ROUTE_NO_IF_MATCH, &api_schema_template},
	{"POST", "/api/v1/calendars", api_calendar_create, ADMIN, BODY, "Create a business calendar", "sla", 201, "CalendarInput", "Calendar", NULL, ROUTE_NO_IF_MATCH, &api_schema_calendar},
	{"GET", "/api/v1/calendars", api_calendar_list, AGENT, NOBODY, "Business calendars", "sla", 200, NULL, "list:Calendar", NULL},
	{"GET", "/api/v1/calendars/{name}", api_calendar_get, AGENT, NOBODY, "Get a business calendar", "sla", 200, NULL, "Calendar", NULL},
	{"PATCH", "/api/v1/calendars/{name}", api_calendar_update, ADMIN, BODY, "Change a calendar (running clocks are rescheduled)", "sla", 200, "CalendarInput", "Calendar", NULL, ROUTE_NO_IF_MATCH, &api_schema_calendar},
	{"POST", "/api/v1/sla-policies", api_sla_policy_create, ADMIN, BODY, "Create an SLA policy", "sla", 201, "SlaPolicyInput", "SlaPolicy", NULL, ROUTE_NO_IF_MATCH, &api_schema_sla_policy},
	{"GET", "/api/v1/sla-policies", api_sla_policy_list, AGENT, NOBODY, "SLA policies in evaluation order", "sla", 200, NULL, "list:SlaPolicy", NULL},
	{"GET", "/api/v1/sla-policies/{name}", api_sla_policy_get, AGENT, NOBODY, "Get an SLA policy", "sla", 200, NULL, "SlaPolicy", NULL},
	{"PATCH", "/api/v1/sla-policies/{name}", api_sla_policy_update, ADMIN, BODY, "Change an SLA policy", "sla", 200, "SlaPolicyInput", "SlaPolicy", NULL, ROUTE_NO_IF_MATCH, &api_schema_sla_policy},
	{"POST", "/api/v1/escalation-rules", api_escalation_create, ADMIN, BODY, "Create an escalation rule", "sla", 201, "EscalationRuleInput", "EscalationRule", NULL, ROUTE_NO_IF_MATCH, &api_schema_escalation},
	{"GET", "/api/v1/escalation-rules", api_escalation_list, AGENT, NOBODY, "Escalation rules in order", "sla", 200, NULL, "list:EscalationRule", NULL},
	{"GET", "/api/v1/escalation-rules/{name}", api_escalation_get, AGENT, NOBODY, "Get an escalation rule", "sla", 200, NULL, "EscalationRule", NULL},
	{"PATCH", "/api/v1/escalation-rules/{name}", api_escalation_update, ADMIN, BODY, "Change an escalation rule", "sla", 200, "EscalationRuleInput", "EscalationRule", NULL, ROUTE_NO_IF_MATCH, &api_schema_escalation},
	{"GET", "/api/v1/me/notifications", api_me_notifications, ANY, NOBODY, "The caller's in-app notifications, newest first", "notifications", 200, NULL, "NotificationPage", "unread," LIST_Q},
	{"POST", "/api/v1/me/notifications/read", api_me_notifications_read, ANY, NOBODY, "Mark all the caller's notifications read", "notifications", 204, NULL, NULL, NULL},
	{"POST", "/api/v1/me/notifications/{id}/read", api_me_notification_read, ANY, NOBODY, "Mark one notification read", "notifications", 204, NULL, NULL, NULL},
	{"GET", "/api/v1/outbox", api_outbox, ADMIN, NOBODY, "The email outbox: delivery state, attempts, errors", "notifications", 200, NULL, "list:OutboxEntry", "state," LIST_Q},
	{"POST", "/api/v1/notification-rules", api_notify_rule_create, ADMIN, BODY, "Create a notification rule", "notifications", 201, "NotificationRuleInput", "NotificationRule", NULL, ROUTE_NO_IF_MATCH, &api_schema_notify_rule},
	{"GET", "/api/v1/notification-rules", api_notify_rule_list, AGENT, NOBODY, "Notification rules by event", "notifications", 200, NULL, "list:NotificationRule", NULL},
	{"PATCH", "/api/v1/notification-rules/{name}", api_notify_rule_update, ADMIN, BODY, "Change a notification rule", "notifications", 200, "NotificationRuleInput", "NotificationRule", NULL, ROUTE_NO_IF_MATCH, &api_schema_notify_rule},
	{"GET", "/api/v1/notification-templates", api_notify_template_list, AGENT, NOBODY, "The message template of each event", "notifications", 200, NULL, "list:NotificationTemplate", NULL},
	{"PUT", "/api/v1/notification-templates/{event}", api_notify_template_set, ADMIN, BODY, "Replace an event's template", "notifications", 200, "NotificationTemplateInput", "NotificationTemplate", NULL, ROUTE_NO_IF_MATCH, &api_schema_notify_template},
	{"POST", "/api/v1/ci-classes", api_ci_class_create, ADMIN, BODY, "Create a CI class (with attribute definitions)", "cmdb", 201, "CiClassInput", "CiClass", NULL, ROUTE_NO_IF_MATCH, &api_schema_ci_class},
	{"GET", "/api/v1/ci-classes", api_ci_class_list, AGENT, NOBODY, "CI classes", "cmdb", 200, NULL, "list:CiClass", NULL},
	{"GET", "/api/v1/ci-classes/{name}", api_ci_class_get, AGENT, NOBODY, "Get a CI class", "cmdb", 200, NULL, "CiClass", NULL},
	{"PATCH", "/api/v1/ci-classes/{name}", api_ci_class_update, ADMIN, BODY, "Change a class's description or attribute definitions", "cmdb", 200, "CiClassInput", "CiClass", NULL, ROUTE_NO_IF_MATCH, &api_schema_ci_class},
	{"POST", "/api/v1/cis", api_ci_create, AGENT, BODY, "Create a CI", "cmdb", 201, "CiInput", "Ci", NULL, ROUTE_NO_IF_MATCH, &api_schema_ci},
	{"GET", "/api/v1/cis", api_ci_list, AGENT, NOBODY, "List CIs (class includes subclasses)", "cmdb", 200, NULL, "list:Ci", "class,status,q," LIST_Q},
	{"GET", "/api/v1/cis/{id}", api_ci_get, AGENT, NOBODY, "Get a CI", "cmdb", 200, NULL, "Ci", NULL},
	{"PATCH", "/api/v1/cis/{id}", api_ci_update, AGENT, BODY, "Change a CI (If-Match optional)", "cmdb", 200, "CiInput", "Ci", NULL, ROUTE_IF_MATCH_OPTIONAL, &api_schema_ci},
	{"POST", "/api/v1/cis/{id}/relations", api_ci_relate, AGENT, BODY, "Relate this CI to another", "cmdb", 201, "RelationInput", "Relation", NULL, ROUTE_NO_IF_MATCH, &api_schema_relation},
	{"GET", "/api/v1/cis/{id}/relations", api_ci_relations, AGENT, NOBODY, "Relationships from and to a CI", "cmdb", 200, NULL, "list:Relation", NULL},
	{"DELETE", "/api/v1/relations/{id}", api_relation_delete, AGENT, NOBODY, "Remove a relationship", "cmdb", 204, NULL, NULL, NULL},
	{"GET", "/api/v1/cis/{id}/impact", api_ci_impact, AGENT, NOBODY, "Everything that depends on a CI, with paths", "cmdb", 200, NULL, "Graph", "depth"},
	{"POST", "/api/v1/objectives", api_objective_create, MANAGER, BODY, "Create a business objective", "services", 201, "ObjectiveInput", "Objective", NULL, ROUTE_NO_IF_MATCH, &api_schema_objective},
	{"GET", "/api/v1/objectives", api_objective_list, ANY, NOBODY, "Business objectives", "services", 200, NULL, "list:Objective", NULL},
	{"GET", "/api/v1/objectives/{id}", api_objective_get, ANY, NOBODY, "Get a business objective", "services", 200, NULL, "Objective", NULL},
	{"PATCH", "/api/v1/objectives/{id}", api_objective_update, MANAGER, BODY, "Change a business objective", "services", 200, "ObjectiveInput", "Objective", NULL, ROUTE_NO_IF_MATCH, &api_schema_objective},
	{"POST", "/api/v1/services", api_service_create, MANAGER, BODY, "Create a service", "services", 201, "ServiceInput", "Service", NULL, ROUTE_NO_IF_MATCH, &api_schema_service},
	{"GET", "/api/v1/services", api_service_list, ANY, NOBODY, "The service portfolio", "services", 200, NULL, "list:Service", "status,owner,objective," LIST_Q},
	{"GET", "/api/v1/services/{id}", api_service_get, ANY, NOBODY, "Get a service", "services", 200, NULL, "Service", NULL},
	{"PATCH", "/api/v1/services/{id}", api_service_update, MANAGER, BODY, "Change a service", "services", 200, "ServiceInput", "Service", NULL, ROUTE_NO_IF_MATCH, &api_schema_service},
	{"GET", "/api/v1/services/{id}/dependencies", api_service_dependencies, AGENT, NOBODY, "What a service depends on, transitively", "services", 200, NULL, "Graph", "depth"},
	{"GET", "/api/v1/services/{id}/availability", api_service_availability, AGENT, NOBODY, "Availability over a period from outage incidents", "services", 200, NULL, "Availability", "from,to"},
	{"POST", "/api/v1/import/{kind}", api_import, AGENT, LIMIT_BODY_ATTACHMENT, "*", "Import CIs or relations (CSV or a JSON array); upsert by external id", "cmdb", 200, "import", "ImportReport", "atomic", .problems = "415"},
	{"GET", "/api/v1/export/{kind}", api_export, AGENT, NOBODY, "Export CIs, relations or services as CSV or JSON", "cmdb", 200, NULL, "export", "format"},

	/* the knowledge base; suggest and preview before {number} would take them */
	{"POST", "/api/v1/articles", api_article_create, AGENT, BODY, "Write a knowledge article (a draft)", "knowledge", 201, "ArticleInput", "Article", NULL, ROUTE_NO_IF_MATCH, &api_schema_article},
	{"GET", "/api/v1/articles", api_article_list, ANY, NOBODY, "Articles the caller may read; with text, a ranked search with highlights", "knowledge", 200, NULL, "list:Article", "text,state,kind,audience,owner,service,category,ticket,stale," LIST_Q},
	{"GET", "/api/v1/articles/suggest", api_article_suggest, ANY, NOBODY, "The best few published articles for what someone is typing", "knowledge", 200, NULL, "list:Article", "text,limit"},
	{"POST", "/api/v1/articles/preview", api_article_preview, AGENT, BODY, "Render an article body as it would be shown", "knowledge", 200, "ArticlePreviewInput", "ArticlePreview", NULL, ROUTE_NO_IF_MATCH, &api_schema_article_preview},
	{"GET", KB, api_article_get, ANY, NOBODY, "Get an article (its shown version, rendered); counts a view", "knowledge", 200, NULL, "Article", NULL},
	{"PATCH", KB, api_article_update, AGENT, BODY, "Change an article: a draft in place, a published one by a new draft version (If-Match required)", "knowledge", 200, "ArticleInput", "Article", NULL, ROUTE_IF_MATCH_REQUIRED, &api_schema_article},
	{"POST", KB "/submit", api_article_action, AGENT, BODY, "Submit the draft for review", "knowledge", 200, "ArticleActionInput", "Article", NULL, ROUTE_IF_MATCH_OPTIONAL, &api_schema_article_action},
	{"POST", KB "/publish", api_article_action, MANAGER, BODY, "Publish the latest version (managers)", "knowledge", 200, "ArticleActionInput", "Article", NULL, ROUTE_IF_MATCH_OPTIONAL, &api_schema_article_action},
	{"POST", KB "/reject", api_article_action, MANAGER, BODY, "Send the version in review back to draft, with a reason (managers)", "knowledge", 200, "ArticleActionInput", "Article", NULL, ROUTE_IF_MATCH_OPTIONAL, &api_schema_article_action},
	{"POST", KB "/retire", api_article_action, MANAGER, BODY, "Retire a published article (managers)", "knowledge", 200, "ArticleActionInput", "Article", NULL, ROUTE_IF_MATCH_OPTIONAL, &api_schema_article_action},
	{"POST", KB "/revise", api_article_action, AGENT, BODY, "Start a new draft version from the published one", "knowledge", 200, "ArticleActionInput", "Article", NULL, ROUTE_IF_MATCH_OPTIONAL, &api_schema_article_action},
	{"GET", KB "/versions", api_article_versions, ANY, NOBODY, "Versions, newest first (end users: the published one)", "knowledge", 200, NULL, "list:ArticleVersion", NULL},
	{"GET", KB "/versions/{version}", api_article_version, ANY, NOBODY, "One version, rendered", "knowledge", 200, NULL, "ArticleVersion", NULL},
	{"GET", KB "/versions/{a}/diff/{b}", api_article_diff, ANY, NOBODY, "What changed from version a to version b, line by line", "knowledge", 200, NULL, "ArticleDiff", NULL},
	{"GET", KB "/history", api_article_history, AGENT, NOBODY, "Audit trail of an article", "knowledge", 200, NULL, "list:HistoryEntry", NULL},
	{"POST", KB "/attachments", api_article_attach, AGENT, LIMIT_BODY_ATTACHMENT, "*", "Upload a file or image (raw body)", "knowledge", 201, "file", "Attachment", "filename"},
	{"GET", KB "/attachments", api_article_attachments, ANY, NOBODY, "List an article's attachments", "knowledge", 200, NULL, "list:Attachment", NULL},
	{"GET", KB "/attachments/{id}", api_article_attachment, ANY, NOBODY, "Download an attachment (images show in the body)", "knowledge", 200, NULL, "file", NULL},
	{"POST", KB "/ratings", api_article_rate, ANY, BODY, "Rate a published article helpful or not (again: replaces)", "knowledge", 201, "RatingInput", "ArticleRating", NULL, ROUTE_NO_IF_MATCH, &api_schema_article_rating},
	{"GET", KB "/ratings", api_article_ratings, AGENT, NOBODY, "The newest ratings and their comments", "knowledge", 200, NULL, "list:ArticleRating", NULL},
	{"POST", KB "/deflect", api_article_deflect, ANY, NOBODY, "This solved my problem (counted; no incident raised)", "knowledge", 204, NULL, NULL, NULL, .problems = "409"},
	{"POST", KB "/links", api_article_link, AGENT, BODY, "Record that the article was used to resolve a ticket", "knowledge", 201, "ArticleLinkInput", "ArticleLink", NULL, ROUTE_NO_IF_MATCH, &api_schema_article_link},
	{"GET", KB "/links", api_article_links, AGENT, NOBODY, "The tickets the article was used to resolve", "knowledge", 200, NULL, "list:ArticleLink", NULL},
	{"GET", "/api/v1/known-errors", api_known_errors, ANY, NOBODY, "The known-error database: published known-error articles, searchable by symptoms", "knowledge", 200, NULL, "list:Article", "text,service,category," LIST_Q},
	{0},
};
/* clang-format on */

/* ---- the routes of a ticket kind -------------------------------------------- */

/* Strings of generated routes live as long as the process. */
__attribute__((format(printf, 1, 2))) static const char *fmt(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	char *s = NULL;
	if (vasprintf(&s, f, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* What the engine serves for every kind, in match order: what the route
 * does for kind k, filled in by family(). */
static size_t family(const struct ticket_kind *k, struct route *out)
{
	const char *base = fmt("/api/v1/%s", k->path), *one = fmt("/api/v1/%s/{number}", k->path);
	const char *schema = k->schema, *input = fmt("%sInput", k->schema), *list = fmt("list:%s", k->schema);
	const char *tag = k->path;
	struct route *r = out;
	*r++ = (struct route){"POST",  base, api_ticket_create,
			      ANY,     BODY, fmt("Raise %s", k->label),
			      tag,     201,  input,
			      schema,  NULL, .input = &api_schema_incident,
			      .arg = k};
	*r++ = (struct route){
		"GET",
		base,
		api_ticket_list,
		ANY,
		NOBODY,
		fmt("List %s the caller may see", k->path),
		tag,
		200,
		NULL,
		list,
		"state,assignee,assignment_group,my_groups,requester,priority,major,open,breaching,channel,"
		"closing_category,custom_field,custom_value,archived,text,sort," LIST_Q,
		.arg = k};
	*r++ = (struct route){"GET", one, api_ticket_get, ANY,    NOBODY, fmt("Get %s", k->label),
			      tag,   200, NULL,           schema, NULL,   .arg = k};
	*r++ = (struct route){"PATCH",
			      one,
			      api_ticket_update,
			      AGENT,
			      BODY,
			      fmt("Change %s (If-Match required)", k->label),
			      tag,
			      200,
			      input,
			      schema,
			      NULL,
			      ROUTE_IF_MATCH_REQUIRED,
			      &api_schema_incident,
			      k};
	for (size_t i = 0; i < k->action_count; i++) {
		const struct ticket_action *a = &k->actions[i];
		*r = (struct route){"POST",
				    fmt("%s/%s", one, a->name),
				    api_ticket_action,
				    AGENT,
				    BODY,
				    a->summary ? a->summary : a->name,
				    tag,
				    200,
				    "ActionInput",
				    schema,
				    NULL,
				    ROUTE_IF_MATCH_OPTIONAL,
				    &api_schema_action,
				    k};
		if (a->end_user) /* the kind checks that the caller requested the ticket */
			r->min_role = ROLE_END_USER;
		r++;
	}
	*r++ = (struct route){"POST",
			      fmt("%s/comments", one),
			      api_ticket_comment,
			      ANY,
			      BODY,
			      "Add a public comment or (agents) a work note",
			      tag,
			      201,
			      "CommentInput",
			      "Comment",
			      NULL,
			      .input = &api_schema_comment,
			      .arg = k};
	*r++ = (struct route){"GET",
			      fmt("%s/comments", one),
			      api_ticket_comments,
			      ANY,
			      NOBODY,
			      "Comments and work notes the caller may see",
			      tag,
			      200,
			      NULL,
			      "list:Comment",
			      NULL,
			      .arg = k};
	*r++ = (struct route){"GET",
			      fmt("%s/history", one),
			      api_ticket_history,
			      ANY,
			      NOBODY,
			      "Audit history the caller may see",
			      tag,
			      200,
			      NULL,
			      "list:HistoryEntry",
			      NULL,
			      .arg = k};
	*r++ = (struct route){"POST",
			      fmt("%s/watchers", one),
			      api_ticket_watch,
			      ANY,
			      BODY,
			      "Add a watcher",
			      tag,
			      204,
			      "WatcherInput",
			      NULL,
			      NULL,
			      .input = &api_schema_watcher,
			      .arg = k};
	*r++ = (struct route){"DELETE",
			      fmt("%s/watchers/{login}", one),
			      api_ticket_unwatch,
			      ANY,
			      NOBODY,
			      "Remove a watcher",
			      tag,
			      204,
			      NULL,
			      NULL,
			      NULL,
			      .arg = k,
			      .problems = "409"}; /* archived */
	*r++ = (struct route){"POST",
			      fmt("%s/attachments", one),
			      api_ticket_attach,
			      ANY,
			      LIMIT_BODY_ATTACHMENT,
			      "*",
			      "Upload an attachment (raw body)",
			      tag,
			      201,
			      "file",
			      "Attachment",
			      "filename",
			      .arg = k,
			      .problems = "409"}; /* archived */
	*r++ = (struct route){"GET",
			      fmt("%s/attachments", one),
			      api_ticket_attachments,
			      ANY,
			      NOBODY,
			      "List attachments",
			      tag,
			      200,
			      NULL,
			      "list:Attachment",
			      NULL,
			      .arg = k};
	*r++ = (struct route){"POST",
			      fmt("%s/links", one),
			      api_ticket_link,
			      AGENT,
			      BODY,
			      "Link to another ticket",
			      tag,
			      201,
			      "LinkInput",
			      "Link",
			      NULL,
			      .input = &api_schema_link,
			      .arg = k};
	*r++ = (struct route){"GET",
			      fmt("%s/links", one),
			      api_ticket_links,
			      ANY,
			      NOBODY,
			      "Links from this ticket",
			      tag,
			      200,
			      NULL,
			      "list:Link",
			      NULL,
			      .arg = k};
	return (size_t)(r - out);
}
#define FAMILY_MAX (12 + TICKET_ACTIONS_MAX)

static struct route *table;
static size_t table_count;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

/* The fixed lines, each family marker replaced by its kind's routes and
 * followed by those of the kinds registered beyond incidents. */
static void build(void)
{
	size_t fixed_count = sizeof(fixed) / sizeof(fixed[0]) - 1;
	size_t max = fixed_count + ticket_kind_count() * FAMILY_MAX + 1;
	table = calloc(max, sizeof(*table));
	if (!table)
		abort(); /* at start-up, before any request */
	for (size_t i = 0; i < fixed_count; i++) {
		if (strcmp(fixed[i].method, "*") != 0) {
			table[table_count++] = fixed[i];
			continue;
		}
		for (size_t k = 0; k < ticket_kind_count(); k++) {
			const struct ticket_kind *kind = ticket_kind_at(k);
			if (kind == fixed[i].arg || (k > 0 && fixed[i].arg == &ticket_kind_incident))
				table_count += family(kind, table + table_count);
		}
	}
}

struct route_table api_routes(void)
{
	pthread_once(&table_once, build);
	return (struct route_table){.routes = table, .count = table_count};
}

const struct api_schema *api_input_schema(size_t i)
{
	const struct route *rt = api_routes().routes;
	size_t n = 0;
	for (size_t r = 0; r < table_count; r++) {
		if (!rt[r].input)
			continue;
		bool seen = false;
		for (size_t e = 0; e < r && !seen; e++)
			seen = rt[e].input == rt[r].input;
		if (!seen && n++ == i)
			return rt[r].input;
	}
	return NULL;
}

void api_openapi_schemas(struct jsonw *w)
{
	api_openapi_ticket_schemas(w);
	api_openapi_knowledge_schemas(w);
}
