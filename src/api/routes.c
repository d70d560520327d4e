/*
 * routes.c — the route table: every endpoint Steward serves, with the
 * checks http/ applies before its handler runs, and what the OpenAPI
 * document says about it.  One line per route, per record resource (its
 * create, list, get and change) or per ticket kind (the routes the engine
 * gives every kind are generated from its declaration); nothing is routed
 * anywhere else.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/api_catalog.h"
#include "core/catalog/catalog.h"
#include "api/handlers.h"
#include "api/toolkit.h"
#include "core/cmdb/service.h"
#include "core/event/alert.h"
#include "core/notify/notify.h"
#include "core/notify/webhook.h"
#include "core/sla/escalation.h"
#include "core/sla/agreement.h"
#include "core/sla/sla.h"
#include "core/knowledge/article_template.h"
#include "core/ticket/assign.h"
#include "core/ticket/category.h"
#include "core/ticket/cause_category.h"
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
#define PRB_ALL "/api/v1/problems"
#define PRB PRB_ALL "/{number}"
#define KB "/api/v1/articles/{number}"
#define CHG "/api/v1/changes/{number}"
#define RLS "/api/v1/releases/{number}"
#define LIST_Q "limit,cursor"
/* Where the routes every ticket kind gets go (see family below). */
#define TICKET_FAMILY(kind_)                                                                                           \
	{                                                                                                              \
		.method = "*", .arg = (kind_)                                                                          \
	}

/* The four routes of a record resource (api/api_record.c; res_ its
 * declaration, the routes' arg): create on path_, list it, get and change
 * path_/key_.  Its kind checks the same roles again in core. */
/* clang-format off */
#define RECORD_ROUTES(path_, key_, res_, input_, schema_, write_, read_, tag_, query_, create_, list_, get_, change_) \
	{"POST", path_, api_record_create, write_, BODY, create_, tag_, 201, schema_ "Input", schema_, NULL, ROUTE_NO_IF_MATCH, input_, res_}, \
	{"GET", path_, api_record_list, read_, NOBODY, list_, tag_, 200, NULL, "list:" schema_, query_, .arg = res_}, \
	{"GET", path_ "/" key_, api_record_get, read_, NOBODY, get_, tag_, 200, NULL, schema_, NULL, .arg = res_}, \
	{"PATCH", path_ "/" key_, api_record_update, write_, BODY, change_, tag_, 200, schema_ "Input", schema_, NULL, ROUTE_NO_IF_MATCH, input_, res_}
/* GET <path>/history: one shape for every record, served by api_history
 * from the struct history_subject the rest of the line declares. */
#define HISTORY_ROUTE(path_, tag_, summary_, ...)                                                                      \
	{"GET", path_ "/history", api_history, AGENT, NOBODY, summary_, tag_, 200, NULL, "list:HistoryEntry", LIST_Q,  \
	 .arg = &(const struct history_subject){__VA_ARGS__}}
/* clang-format on */

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

	{"POST", "/api/v1/users", api_record_create, ADMIN, BODY, "Create a user", "users", 201, "UserInput", "User", NULL, ROUTE_NO_IF_MATCH, &api_schema_user, &api_users},
	{"GET", "/api/v1/users", api_record_list, AGENT, NOBODY, "List users", "users", 200, NULL, "list:User", "role,active,q," LIST_Q, .arg = &api_users},
	{"GET", "/api/v1/users/{login}", api_record_get, ANY, NOBODY, "Get a user (agents, or yourself)", "users", 200, NULL, "User", NULL, .arg = &api_users, .problems = "403"},
	{"PATCH", "/api/v1/users/{login}", api_record_update, ADMIN, BODY, "Change a user", "users", 200, "UserInput", "User", NULL, ROUTE_NO_IF_MATCH, &api_schema_user, &api_users},
	{"GET", "/api/v1/users/{login}/history", api_user_history, ADMIN, NOBODY, "Audit trail of an account", "users", 200, NULL, "list:HistoryEntry", NULL},
	RECORD_ROUTES("/api/v1/groups", "{name}", &api_groups, &api_schema_group, "Group", ADMIN, AGENT, "groups", LIST_Q, "Create a group", "List groups", "Get a group", "Change a group"),
	{"GET", "/api/v1/groups/{name}/history", api_group_history, ADMIN, NOBODY, "Audit trail of a group", "groups", 200, NULL, "list:HistoryEntry", NULL},

	/* before the incident family, whose {number} would take "counts" */
	/* problems' own, the candidates before the family's {number} */
	{"GET", PRB_ALL "/candidates", api_problem_candidates, AGENT, NOBODY, "Groups of recent incidents linked to no problem that share a CI, a service and category, or a title", "problems", 200, NULL, "list:ProblemCandidate", "window,min"},
	/* the change calendar, before the family a change kind adds, whose {number} would take "calendar" */
	{"GET", "/api/v1/changes/calendar", api_change_calendar, AGENT, NOBODY, "The change calendar: the events of every source (window occurrences, changes, releases) in a span of at most 400 days, a page at a time (limit, cursor) or at most per_day events on each local day of zone tz with every day counted", "changes", 200, NULL, "ChangeCalendar", "from,to,service,ci,limit,cursor,per_day,tz"},
	TICKET_FAMILY(&ticket_kind_incident),
	{"POST", PRB "/incidents", api_problem_link, AGENT, BODY, "Link incidents to a problem", "problems", 200, "ProblemIncidentsInput", "ProblemTicket", NULL, .input = &api_schema_problem_incidents},
	{"GET", PRB "/incidents", api_problem_incidents, AGENT, NOBODY, "The incidents linked to a problem", "problems", 200, NULL, "list:Incident", LIST_Q},
	{"DELETE", PRB "/incidents/{incident}", api_problem_unlink, AGENT, NOBODY, "Unlink an incident from a problem", "problems", 204, NULL, NULL, NULL},
	{"POST", PRB "/workaround", api_problem_workaround, AGENT, BODY, "Publish the workaround to the problem's open incidents (a work note on each)", "problems", 200, "WorkaroundInput", "ProblemTicket", NULL, ROUTE_IF_MATCH_OPTIONAL, &api_schema_workaround},
	{"GET", CHG "/tasks", api_change_tasks, AGENT, NOBODY, "The change's tasks in their order", "changes", 200, NULL, "list:ChangeTask", NULL},
	{"POST", CHG "/tasks", api_change_task_add, AGENT, BODY, "Add a task to an open change (its order follows the last unless given)", "changes", 201, "ChangeTaskInput", "ChangeTask", NULL, ROUTE_NO_IF_MATCH, &api_schema_incident, &ticket_kind_change_task},
	{"GET", CHG "/conflicts", api_change_conflicts, AGENT, NOBODY, "What stands in the change's way: changes overlapping it on the same CI, a CI within depth CMDB steps (default 1) or the same assignee; open major incidents on its services; blackout windows", "changes", 200, NULL, "list:ChangeConflict", "depth"},
	{"GET", CHG "/ci-updates", api_change_ci_updates, AGENT, NOBODY, "CI updates planned on the change, and when they were applied", "changes", 200, NULL, "list:ChangeCiUpdate", NULL},
	{"GET", RLS "/changes", api_release_changes, AGENT, NOBODY, "The changes the release groups", "releases", 200, NULL, "list:ChangeTicket", NULL},
	{"DELETE", RLS "/changes/{change}", api_release_unlink, AGENT, NOBODY, "Take a change out of the release", "releases", 204, NULL, NULL, NULL},
	{"GET", RLS "/readiness", api_release_readiness, AGENT, NOBODY, "Is the release ready: every change authorised, its tests recorded, a back-out plan (what is missing, named)", "releases", 200, NULL, "ReleaseReadiness", NULL},
	{"GET", RLS "/notes", api_release_notes, AGENT, NOBODY, "The release notes, Markdown and rendered HTML", "releases", 200, NULL, "ReleaseNotes", NULL},
	{"GET", CHG "/risk", api_change_risk, AGENT, NOBODY, "The change's risk assessment: score, computed and effective level, each factor's contribution (docs/changes.md#risk)", "changes", 200, NULL, "RiskAssessment", NULL},
	{"GET", CHG "/incidents", api_change_incidents, AGENT, NOBODY, "The incidents linked as caused by the change (PATCH an incident's caused_by)", "changes", 200, NULL, "list:Incident", NULL},
	RECORD_ROUTES("/api/v1/cause-categories", "{name}", &api_cause_categories, &api_schema_cause_category, "CauseCategory", ADMIN, AGENT, "problems", NULL, "Create a cause category", "Cause categories in order", "Get a cause category", "Change a cause category"),
	{"GET", "/api/v1/attachments/{id}", api_attachment_download, ANY, NOBODY, "Download an attachment", "incidents", 200, NULL, "file", NULL},
	{"POST", "/api/v1/custom-fields", api_custom_field_create, ADMIN, BODY, "Define a field for a ticket kind", "configuration", 201, "CustomFieldInput", "CustomField", NULL, ROUTE_NO_IF_MATCH, &api_schema_custom_field},
	{"GET", "/api/v1/custom-fields", api_custom_field_list, ANY, NOBODY, "Fields defined for ticket kinds, in form order (end users: active only)", "configuration", 200, NULL, "list:CustomField", "kind"},
	{"GET", "/api/v1/custom-fields/{kind}/{name}", api_custom_field_get, ANY, NOBODY, "Get a field definition", "configuration", 200, NULL, "CustomField", NULL},
	{"PATCH", "/api/v1/custom-fields/{kind}/{name}", api_custom_field_update, ADMIN, BODY, "Change a field definition (kind, name and type are fixed)", "configuration", 200, "CustomFieldInput", "CustomField", NULL, ROUTE_NO_IF_MATCH, &api_schema_custom_field},
	{"POST", "/api/v1/mandatory-fields", api_mandatory_create, ADMIN, BODY, "Require a field of a ticket kind in a state", "configuration", 201, "MandatoryFieldInput", "MandatoryField", NULL, ROUTE_NO_IF_MATCH, &api_schema_mandatory},
	{"GET", "/api/v1/mandatory-fields", api_mandatory_list, ANY, NOBODY, "Fields required per ticket kind and state", "configuration", 200, NULL, "list:MandatoryField", "kind"},
	{"DELETE", "/api/v1/mandatory-fields/{id}", api_mandatory_delete, ADMIN, NOBODY, "Stop requiring a field", "configuration", 204, NULL, NULL, NULL},
	{"GET", "/api/v1/priority-matrix", api_matrix_get, AGENT, NOBODY, "The impact x urgency priority matrix", "configuration", 200, NULL, "PriorityMatrix", NULL},
	{"PUT", "/api/v1/priority-matrix", api_matrix_set, ADMIN, BODY, "Replace the priority matrix", "configuration", 200, "PriorityMatrix", "PriorityMatrix", NULL},
	RECORD_ROUTES("/api/v1/assignment-rules", "{name}", &api_assignment_rules, &api_schema_rule, "AssignmentRule", ADMIN, AGENT, "configuration", NULL, "Create an assignment rule", "Assignment rules in evaluation order", "Get an assignment rule", "Change an assignment rule"),
	HISTORY_ROUTE("/api/v1/assignment-rules/{name}", "configuration", "Change history of an assignment rule", .kind = &assign_rule_kind),
	{"POST", "/api/v1/categories", api_category_create, ADMIN, BODY, "Add a category (under a parent path)", "configuration", 201, "CategoryInput", "Category", NULL, ROUTE_NO_IF_MATCH, &api_schema_category},
	{"GET", "/api/v1/categories", api_category_list, ANY, NOBODY, "The category tree in path order (end users: active only)", "configuration", 200, NULL, "list:Category", "active"},
	{"PATCH", "/api/v1/categories/{id}", api_category_update, ADMIN, BODY, "Activate or deactivate a category", "configuration", 200, "CategoryInput", "Category", NULL, ROUTE_NO_IF_MATCH, &api_schema_category},
	HISTORY_ROUTE("/api/v1/categories/{id}", "configuration", "Change history of a category", .entity = "category", .find = category_find, .id_noun = "category"),
	RECORD_ROUTES("/api/v1/templates", "{name}", &api_templates, &api_schema_template, "Template", ADMIN, ANY, "configuration", NULL, "Create an incident template", "Incident templates (end users: active only)", "Get an incident template", "Change an incident template"),
	RECORD_ROUTES("/api/v1/calendars", "{name}", &api_calendars, &api_schema_calendar, "Calendar", ADMIN, AGENT, "sla", NULL, "Create a business calendar", "Business calendars", "Get a business calendar", "Change a calendar (running clocks are rescheduled)"),
	HISTORY_ROUTE("/api/v1/calendars/{name}", "sla", "Change history of a calendar", .kind = &calendar_kind),
	RECORD_ROUTES("/api/v1/sla-policies", "{name}", &api_sla_policies, &api_schema_sla_policy, "SlaPolicy", ADMIN, AGENT, "sla", NULL, "Create an SLA policy", "SLA policies in evaluation order", "Get an SLA policy", "Change an SLA policy"),
	HISTORY_ROUTE("/api/v1/sla-policies/{name}", "sla", "Change history of an SLA policy", .kind = &sla_policy_kind),
	RECORD_ROUTES("/api/v1/escalation-rules", "{name}", &api_escalation_rules, &api_schema_escalation, "EscalationRule", ADMIN, AGENT, "sla", NULL, "Create an escalation rule", "Escalation rules in order", "Get an escalation rule", "Change an escalation rule"),
	HISTORY_ROUTE("/api/v1/escalation-rules/{name}", "sla", "Change history of an escalation rule", .kind = &escalation_rule_kind),
	RECORD_ROUTES("/api/v1/approval-policies", "{name}", &api_approval_policies, &api_schema_approval_policy, "ApprovalPolicy", ADMIN, AGENT, "approvals", NULL, "Create an approval policy", "Approval policies by kind in evaluation order", "Get an approval policy", "Change an approval policy (requests made already keep their steps)"),
	{"GET", "/api/v1/approvals", api_approval_inbox, ANY, NOBODY, "The caller's pending approvals, and those of users who delegated to the caller, oldest first", "approvals", 200, NULL, "list:Approval", LIST_Q},
	{"POST", "/api/v1/approvals/{id}/approve", api_approval_approve, ANY, BODY, "Approve (as the approver or their delegate), with an optional comment", "approvals", 200, "ApprovalDecisionInput", "Approval", NULL, ROUTE_NO_IF_MATCH, &api_schema_decision, .problems = "409"},
	{"POST", "/api/v1/approvals/{id}/reject", api_approval_reject, ANY, BODY, "Reject, with a comment (required): the request ends", "approvals", 200, "ApprovalDecisionInput", "Approval", NULL, ROUTE_NO_IF_MATCH, &api_schema_decision, .problems = "409"},
	{"GET", "/api/v1/me/delegation", api_delegation_get, ANY, NOBODY, "Who decides the caller's approvals while the caller is away", "approvals", 200, NULL, "Delegation", NULL, .problems = "404"},
	{"PUT", "/api/v1/me/delegation", api_delegation_set, ANY, BODY, "Let someone decide the caller's approvals for a period (replaces any delegation)", "approvals", 200, "DelegationInput", "Delegation", NULL, ROUTE_NO_IF_MATCH, &api_schema_delegation},
	{"DELETE", "/api/v1/me/delegation", api_delegation_clear, ANY, NOBODY, "End the caller's delegation", "approvals", 204, NULL, NULL, NULL, .problems = "404"},
	{"GET", "/api/v1/me/notifications", api_me_notifications, ANY, NOBODY, "The caller's in-app notifications, newest first", "notifications", 200, NULL, "NotificationPage", "unread," LIST_Q},
	{"POST", "/api/v1/me/notifications/read", api_me_notifications_read, ANY, NOBODY, "Mark all the caller's notifications read", "notifications", 204, NULL, NULL, NULL},
	{"POST", "/api/v1/me/notifications/{id}/read", api_me_notification_read, ANY, NOBODY, "Mark one notification read", "notifications", 204, NULL, NULL, NULL},
	{"GET", "/api/v1/outbox", api_outbox, ADMIN, NOBODY, "The email outbox: delivery state, attempts, errors", "notifications", 200, NULL, "list:OutboxEntry", "state," LIST_Q},
	{"POST", "/api/v1/notification-rules", api_record_create, ADMIN, BODY, "Create a notification rule", "notifications", 201, "NotificationRuleInput", "NotificationRule", NULL, ROUTE_NO_IF_MATCH, &api_schema_notify_rule, &api_notify_rules},
	{"GET", "/api/v1/notification-rules", api_record_list, AGENT, NOBODY, "Notification rules by event", "notifications", 200, NULL, "list:NotificationRule", NULL, .arg = &api_notify_rules},
	{"PATCH", "/api/v1/notification-rules/{name}", api_record_update, ADMIN, BODY, "Change a notification rule", "notifications", 200, "NotificationRuleInput", "NotificationRule", NULL, ROUTE_NO_IF_MATCH, &api_schema_notify_rule, &api_notify_rules},
	HISTORY_ROUTE("/api/v1/notification-rules/{name}", "notifications", "Change history of a notification rule", .kind = &notify_rule_kind),
	{"GET", "/api/v1/notification-templates", api_notify_template_list, AGENT, NOBODY, "The message template of each event", "notifications", 200, NULL, "list:NotificationTemplate", NULL},
	{"PUT", "/api/v1/notification-templates/{event}", api_notify_template_set, ADMIN, BODY, "Replace an event's template", "notifications", 200, "NotificationTemplateInput", "NotificationTemplate", NULL, ROUTE_NO_IF_MATCH, &api_schema_notify_template},
	RECORD_ROUTES("/api/v1/ci-classes", "{name}", &api_ci_classes, &api_schema_ci_class, "CiClass", ADMIN, AGENT, "cmdb", NULL, "Create a CI class (with attribute definitions)", "CI classes", "Get a CI class", "Change a class's description or attribute definitions"),
	{"POST", "/api/v1/cis", api_ci_create, AGENT, BODY, "Create a CI", "cmdb", 201, "CiInput", "Ci", NULL, ROUTE_NO_IF_MATCH, &api_schema_ci},
	{"GET", "/api/v1/cis", api_ci_list, AGENT, NOBODY, "List CIs (class includes subclasses)", "cmdb", 200, NULL, "list:Ci", "class,status,q," LIST_Q},
	{"GET", "/api/v1/cis/{id}", api_ci_get, AGENT, NOBODY, "Get a CI (as_of: as it was at that time, from its history)", "cmdb", 200, NULL, "Ci", "as_of"},
	{"PATCH", "/api/v1/cis/{id}", api_ci_update, AGENT, BODY, "Change a CI (If-Match optional)", "cmdb", 200, "CiInput", "Ci", NULL, ROUTE_IF_MATCH_OPTIONAL, &api_schema_ci},
	{"POST", "/api/v1/cis/{id}/relations", api_ci_relate, AGENT, BODY, "Relate this CI to another", "cmdb", 201, "RelationInput", "Relation", NULL, ROUTE_NO_IF_MATCH, &api_schema_relation},
	{"GET", "/api/v1/cis/{id}/relations", api_ci_relations, AGENT, NOBODY, "Relationships from and to a CI", "cmdb", 200, NULL, "list:Relation", NULL},
	{"DELETE", "/api/v1/relations/{id}", api_relation_delete, AGENT, NOBODY, "Remove a relationship", "cmdb", 204, NULL, NULL, NULL},
	{"GET", "/api/v1/cis/{id}/impact", api_ci_impact, AGENT, NOBODY, "Everything that depends on a CI, with paths", "cmdb", 200, NULL, "Graph", "depth"},
	HISTORY_ROUTE("/api/v1/cis/{id}", "cmdb", "Change history of a CI: fields from/to, attributes, relationships from and to it", .entity = "ci", .find = ci_find, .id_noun = "CI"),
	{"GET", "/api/v1/cis/{id}/incidents", api_tickets_on, AGENT, NOBODY, "Incidents on a CI, newest first (open=true: those still open)", "cmdb", 200, NULL, "list:Incident", "open," LIST_Q, .arg = &ticket_kind_incident},
	RECORD_ROUTES("/api/v1/objectives", "{id}", &api_objectives, &api_schema_objective, "Objective", MANAGER, ANY, "services", NULL, "Create a business objective", "Business objectives", "Get a business objective", "Change a business objective"),
	HISTORY_ROUTE("/api/v1/objectives/{id}", "services", "Change history of a business objective", .kind = &objective_kind, .id_noun = "objective"),
	RECORD_ROUTES("/api/v1/services", "{id}", &api_services, &api_schema_service, "Service", MANAGER, ANY, "services", "status,owner,objective," LIST_Q, "Create a service", "The service portfolio", "Get a service", "Change a service"),
	HISTORY_ROUTE("/api/v1/services/{id}", "services", "Change history of a service: fields from/to, objectives, dependencies and CIs added and removed", .kind = &service_kind, .id_noun = "service"),
	{"GET", "/api/v1/services/{id}/incidents", api_tickets_on, AGENT, NOBODY, "Incidents on a service, newest first (open=true: those still open)", "services", 200, NULL, "list:Incident", "open," LIST_Q, .arg = &ticket_kind_incident},
	{"GET", "/api/v1/services/{id}/dependencies", api_service_dependencies, AGENT, NOBODY, "What a service depends on, transitively", "services", 200, NULL, "Graph", "depth"},
	{"GET", "/api/v1/services/{id}/availability", api_service_availability, AGENT, NOBODY, "Availability over a period from outage incidents, with MTRS, MTBF and MTBSI; hours=agreed measures it on the service's agreed hours, maintenance=exclude leaves planned maintenance out", "services", 200, NULL, "Availability", "from,to,hours,maintenance"},
	{"GET", "/api/v1/cis/{id}/availability", api_ci_availability, AGENT, NOBODY, "A CI's availability over a period from the outage incidents naming it, with MTRS, MTBF and MTBSI", "cmdb", 200, NULL, "Availability", "from,to"},
	{"POST", "/api/v1/import/{kind}", api_import, AGENT, LIMIT_BODY_ATTACHMENT, "*", "Import CIs or relations (CSV or a JSON array); upsert by external id", "cmdb", 200, "import", "ImportReport", "atomic", .problems = "415"},
	{"GET", "/api/v1/export/{kind}", api_export, AGENT, NOBODY, "Export CIs, relations, services, or the tickets of a kind (incidents, problems; the list filters apply, with a column per field defined for the kind) as CSV or JSON", "cmdb", 200, NULL, "export",
		"format,state,assignee,assignment_group,my_groups,requester,priority,major,open,breaching,channel,closing_category,custom_field,custom_value,archived,text,sort"},

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
	RECORD_ROUTES("/api/v1/article-templates", "{name}", &api_article_templates, &api_schema_article_template, "ArticleTemplate", ADMIN, AGENT, "knowledge", NULL, "Create a knowledge article template (a body skeleton and the kind, audience and category a new article starts with)", "Article templates in order (the new-article page offers the active ones)", "Get an article template", "Change an article template"),
	HISTORY_ROUTE("/api/v1/article-templates/{name}", "knowledge", "Change history of an article template", .kind = &article_template_kind),
	{"GET", "/api/v1/known-errors", api_known_errors, ANY, NOBODY, "The known-error database: published known-error articles, searchable by symptoms", "knowledge", 200, NULL, "list:Article", "text,service,category," LIST_Q},
	/* changes' own with input schemas of their own, last: a schema's index (its fuzz seed's first
	 * byte) follows the table's order, and those before keep theirs */
	{"POST", CHG "/ci-updates", api_change_ci_update_add, AGENT, BODY, "Plan a CI update (status, an attribute's value, or a new relationship), applied when the change is implemented", "changes", 201, "ChangeCiUpdateInput", "ChangeCiUpdate", NULL, ROUTE_NO_IF_MATCH, &api_schema_change_ci_update},
	RECORD_ROUTES("/api/v1/change-templates", "{name}", &api_change_templates, &api_schema_change_template, "ChangeTemplate", ADMIN, AGENT, "changes", NULL, "Create a standard change template", "The standard change catalogue", "Get a standard change template", "Change a standard change template"),

	/* the change schedule (docs/schedule.md; its calendar is above, before the ticket families); the check before
	 * the windows' {name} would take it */
	{"GET", "/api/v1/change-windows/check", api_change_window_check, AGENT, NOBODY, "The blackout occurrences a planned span overlaps on services (none: global windows only), and whether it lies outside their maintenance windows", "changes", 200, NULL, "ScheduleCheck", "from,to,service"},
	RECORD_ROUTES("/api/v1/change-windows", "{name}", &api_change_windows, &api_schema_change_window, "ChangeWindow", ADMIN, AGENT, "changes", NULL, "Create a blackout or maintenance window", "Change windows by name", "Get a change window", "Change a change window (its events' SEQUENCE goes up)"),
	{"POST", "/api/v1/me/feeds", api_feed_create, AGENT, BODY, "Create an iCalendar feed token (the secret is in this answer only)", "changes", 201, "FeedTokenInput", "FeedToken", NULL, ROUTE_NO_IF_MATCH, &api_schema_feed_token, .problems = "409"},
	{"GET", "/api/v1/me/feeds", api_feed_list, AGENT, NOBODY, "The caller's feed tokens, newest first", "changes", 200, NULL, "list:FeedToken", NULL},
	{"DELETE", "/api/v1/me/feeds/{id}", api_feed_revoke, AGENT, NOBODY, "Revoke one of the caller's feed tokens", "changes", 204, NULL, NULL, NULL},
	/* the risk settings (their input schema last: see above) */
	{"GET", "/api/v1/risk-settings", api_risk_settings_get, AGENT, NOBODY, "The risk factors' weights and parameters and the level thresholds", "changes", 200, NULL, "RiskSettings", NULL},
	{"PATCH", "/api/v1/risk-settings", api_risk_settings_set, ADMIN, BODY, "Change risk settings (changes are assessed again when next written)", "changes", 200, "RiskSettingsInput", "RiskSettings", NULL, ROUTE_NO_IF_MATCH, &api_schema_risk_settings},
	/* toolkits (docs/toolkit.md): the literal apply before {name} */
	{"GET", "/api/v1/toolkits", api_toolkit_list, ADMIN, NOBODY, "The built-in toolkits", "toolkits", 200, NULL, "list:ToolkitSummary", NULL},
	{"POST", "/api/v1/toolkits/apply", api_toolkit_apply, ADMIN, LIMIT_TOOLKIT_BYTES, J, "Apply the toolkit sent as the body (dry_run=true: report what would change, change nothing; force: keys whose local changes are overwritten)", "toolkits", 200, "Toolkit", "ToolkitReport", "dry_run,force", .problems = "413"},
	{"GET", "/api/v1/toolkits/{name}", api_toolkit_show, ADMIN, NOBODY, "A built-in toolkit's bundle", "toolkits", 200, NULL, "Toolkit", NULL},
	{"POST", "/api/v1/toolkits/{name}/apply", api_toolkit_apply_builtin, ADMIN, NOBODY, "Apply a built-in toolkit (dry_run, force as for a bundle)", "toolkits", 200, NULL, "ToolkitReport", "dry_run,force"},
	{"GET", "/api/v1/toolkit-export", api_toolkit_export_get, ADMIN, NOBODY, "The installation's configuration as a toolkit bundle", "toolkits", 200, NULL, "Toolkit", "name"},
	{"POST", RLS "/changes", api_release_link, AGENT, BODY, "Put changes in the release (a change is in one release at a time)", "releases", 200, "ReleaseChangesInput", "Release", NULL, ROUTE_NO_IF_MATCH, &api_schema_release_changes, .problems = "409"},
	{"GET", "/api/v1/feeds/{token}", api_feed, PUB, NOBODY, "An iCalendar feed (RFC 5545) of the change schedule, opened by its token", "changes", 200, NULL, "ical", NULL, .secret_path = true},

	/* the caller's API tokens (docs/security.md), last: their input schema's index (its fuzz seed's first byte) comes after the others' */
	{"POST", "/api/v1/me/tokens", api_token_create, ANY, BODY, "Create an API token for yourself, from a browser session (the secret is in this answer only)", "auth", 201, "ApiTokenInput", "ApiToken", NULL, ROUTE_NO_IF_MATCH, &api_schema_token, .problems = "409"},
	{"GET", "/api/v1/me/tokens", api_token_list, ANY, NOBODY, "Your API tokens, newest first: when each was last used and when it expires", "auth", 200, NULL, "list:ApiToken", NULL},
	{"DELETE", "/api/v1/me/tokens/{id}", api_token_revoke, ANY, NOBODY, "Revoke one of your API tokens", "auth", 204, NULL, NULL, NULL},
	/* the service catalogue (docs/requests.md) */
	RECORD_ROUTES("/api/v1/catalog-items", "{name}", &api_catalog_items, &api_schema_catalog_item, "CatalogItem", ADMIN, ANY, "requests", "text,category,retired", "Create a catalogue item (with its form: version 1)", "Catalogue items the caller may see (end users: the active ones they may order), by category and name", "Get a catalogue item", "Change a catalogue item (a changed form becomes a new version)"),
	HISTORY_ROUTE("/api/v1/catalog-items/{name}", "requests", "Change history of a catalogue item (its plans too)", .kind = &catalog_item_kind),
	{"PUT", "/api/v1/catalog-items/{name}/plan", api_catalog_plan, ADMIN, BODY, "Replace a catalogue item's fulfilment plan (a dependency cycle is refused)", "requests", 200, "CatalogPlanInput", "CatalogItem", NULL, ROUTE_NO_IF_MATCH, &api_schema_catalog_plan},
	{"GET", "/api/v1/catalog-items/{name}/form", api_catalog_form, ANY, NOBODY, "A version of a catalogue item's form (default: the current one)", "requests", 200, NULL, "CatalogForm", "version", .problems = "404"},
	{"POST", "/api/v1/catalog-items/{name}/check", api_catalog_check, ANY, BODY, "Check a submission against an item's form as ordering it would (nothing is written)", "requests", 200, "CatalogCheckInput", "CatalogCheck", NULL, ROUTE_NO_IF_MATCH, &api_schema_catalog_check, .problems = "403,404"},
	{"POST", "/api/v1/catalog-items/{name}/uploads", api_catalog_upload, ANY, LIMIT_BODY_ATTACHMENT, "*", "Upload a file for an attachment variable before ordering (raw body): checked against the variable's size limit and types, kept for the caller for 24 hours; an order names it as the variable's value (its ref, \"upload:<id>\") and it becomes the request's attachment", "requests", 201, "file", "CatalogUpload", "variable,filename", .problems = "403,404,429"},
	{"POST", "/api/v1/catalog-items/{name}/order", api_catalog_order, ANY, BODY, "Order a catalogue item: a request (REQ…) raised with the answers, submitted for approval (the item's policy), its tasks made once approved", "requests", 201, "CatalogOrderInput", "Request", NULL, ROUTE_NO_IF_MATCH, &api_schema_catalog_order, .problems = "403,404"},
	{"GET", "/api/v1/requests/{number}/order", api_request_order, ANY, NOBODY, "What a request orders: the item, the form version, who ordered it, the answers, and its fulfilment tasks", "requests", 200, NULL, "RequestOrder", NULL},
	{"GET", "/api/v1/tasks/{number}/work", api_task_work, AGENT, NOBODY, "What a task's fulfiller works from: its place in the plan, its instructions and the answers it may see", "requests", 200, NULL, "TaskWork", NULL},
	/* the email channel (docs/email.md): mailboxes hold credentials, so admins alone read them */
	RECORD_ROUTES("/api/v1/mailboxes", "{name}", &api_mailboxes, &api_schema_mailbox, "Mailbox", ADMIN, ADMIN, "email", NULL, "Create a mailbox (an IMAP folder polled, or a name for steward mail-in)", "Mailboxes by name", "Get a mailbox", "Change a mailbox"),
	{"GET", "/api/v1/mailboxes/{name}/status", api_mailbox_status, ADMIN, NOBODY, "A mailbox's last poll, its error and what its messages became", "email", 200, NULL, "MailboxStatus", NULL},
	/* outgoing webhooks (docs/notifications.md#webhooks): their URLs may carry tokens, so admins alone read them */
	RECORD_ROUTES("/api/v1/webhooks", "{name}", &api_webhooks, &api_schema_webhook, "Webhook", ADMIN, ADMIN, "notifications", NULL, "Create a webhook (a URL that hears of the ticket events it names)", "Webhooks by name", "Get a webhook", "Change a webhook"),
	{"GET", "/api/v1/webhooks/{name}/deliveries", api_webhook_deliveries, ADMIN, NOBODY, "A webhook's deliveries, newest first: what was sent, what is pending and what failed", "notifications", 200, NULL, "list:WebhookDelivery", "state,limit,cursor"},
	{"GET", "/api/v1/webhooks/{name}/history", api_history, ADMIN, NOBODY, "Change history of a webhook", "notifications", 200, NULL, "list:HistoryEntry", LIST_Q, .arg = &(const struct history_subject){.kind = &webhook_kind}},
	{"POST", "/api/v1/webhooks/{name}/ping", api_webhook_ping, ADMIN, NOBODY, "Queue a ping delivery to a webhook (active or not)", "notifications", 202, NULL, "WebhookPing", NULL},
	/* event management (docs/events.md): the ingestion routes take an event source's own token, not a user's */
	{"POST", "/api/v1/events/alertmanager", api_alertmanager_ingest, PUB, ALERT_BODY_MAX, J, "Take an Alertmanager webhook notification (version 4) from an event source, authenticated by its bearer token; committed before the answer (202), processed after", "events", 202, "AlertmanagerPayload", "AlertAccepted", NULL, .problems = "401", .own_token = true},
	{"POST", "/api/v1/events", api_event_ingest, PUB, ALERT_BODY_MAX, J, "Take one event or an array of them from an event source, authenticated by its bearer token; processed and committed before the answer, or with Prefer: respond-async committed before it (202) and processed after", "events", 200, "EventInput", "AlertIngestResult", NULL, .problems = "401", .own_token = true},
	{"GET", "/api/v1/alerts", api_alert_list, AGENT, NOBODY, "Alerts, newest first", "events", 200, NULL, "list:Alert", "state,source,incident," LIST_Q},
	{"GET", "/api/v1/alerts/{id}", api_alert_get, AGENT, NOBODY, "Get an alert", "events", 200, NULL, "Alert", NULL},
	HISTORY_ROUTE("/api/v1/alerts/{id}", "events", "An alert's timeline (what it did as it arrived, and what agents did)", .entity = "alert", .find = alert_find, .id_noun = "alert"),
	{"POST", "/api/v1/alerts/{id}/acknowledge", api_alert_acknowledge, AGENT, NOBODY, "Acknowledge an alert", "events", 200, NULL, "Alert", NULL},
	{"POST", "/api/v1/alerts/{id}/link", api_alert_link, AGENT, BODY, "Link an alert to an open incident", "events", 200, "AlertLinkInput", "Alert", NULL, ROUTE_NO_IF_MATCH, &api_schema_alert_link, .problems = "409"},
	{"DELETE", "/api/v1/alerts/{id}/link", api_alert_unlink, AGENT, NOBODY, "Unlink an alert from its incident", "events", 200, NULL, "Alert", NULL, .problems = "409"},
	{"POST", "/api/v1/alerts/{id}/incident", api_alert_raise, AGENT, NOBODY, "Raise an incident from an alert linked to none, and link it", "events", 200, NULL, "Alert", NULL, .problems = "409"},
	RECORD_ROUTES("/api/v1/event-sources", "{name}", &api_event_sources, &api_schema_event_source, "EventSource", ADMIN, AGENT, "events", NULL, "Register an event source (its token is in this answer only)", "Event sources by name", "Get an event source", "Change an event source (rotate_token: a new token, in this answer only)"),
	/* the public status page (docs/status-page.md) */
	{"GET", "/status", api_status_page, PUB, NOBODY, "The public status page (HTML, no login; public services, their status and 90 days of uptime, public incident updates, maintenance ahead)", "status", 200, NULL, "html", NULL},
	{"GET", "/status/feed.atom", api_status_feed, PUB, NOBODY, "The public incident updates as an Atom feed (RFC 4287)", "status", 200, NULL, "atom", NULL},
	{"GET", "/api/v1/status", api_status_json, PUB, NOBODY, "The status page's content as JSON (no login)", "status", 200, NULL, "Status", NULL},
	RECORD_ROUTES("/api/v1/status-services", "{name}", &api_status_services, &api_schema_status_service, "StatusService", AGENT, AGENT, "status", NULL, "Make a service public under a public name (admins)", "Public services in order", "Get a public service", "Set a public service's status override and message (its service and active: admins)"),
	{"POST", INC "/status-updates", api_status_update_add, AGENT, BODY, "Post a public update on an incident (investigating, identified, monitoring, resolved); the status page shows it when the incident's service is public", "status", 201, "StatusUpdateInput", "StatusUpdate", NULL, ROUTE_NO_IF_MATCH, &api_schema_status_update},
	{"GET", INC "/status-updates", api_status_update_list, AGENT, NOBODY, "An incident's public updates, oldest first", "status", 200, NULL, "list:StatusUpdate", NULL},
	RECORD_ROUTES("/api/v1/alert-rules", "{name}", &api_alert_rules, &api_schema_alert_rule, "AlertRule", ADMIN, AGENT, "events", NULL, "Create an alert mapping rule", "Alert mapping rules in evaluation order", "Get an alert mapping rule", "Change an alert mapping rule"),
	/* satisfaction surveys (docs/surveys.md): the report and comments before the {number} of a ticket's survey */
	{"GET", "/api/v1/survey-settings", api_survey_settings_list, AGENT, NOBODY, "Each ticket kind's survey settings: enabled, sampled share, cool-down per person, low-rating threshold", "surveys", 200, NULL, "list:SurveySettings", NULL},
	{"PATCH", "/api/v1/survey-settings/{kind}", api_survey_settings_set, ADMIN, BODY, "Change a ticket kind's survey settings", "surveys", 200, "SurveySettingsInput", "SurveySettings", NULL, ROUTE_NO_IF_MATCH, &api_schema_survey_settings, .problems = "404"},
	{"GET", "/api/v1/surveys/report", api_survey_report, MANAGER, NOBODY, "CSAT and response rate of the surveys sent in a period (local dates of tz, the caller's zone by default, both included; default the last 30 days), by service, group, agent, or local month, week or day (JSON, or CSV with format=csv)", "surveys", 200, NULL, "SurveyReport", "from,to,tz,by,service,group,agent,kind,format"},
	{"GET", "/api/v1/surveys/comments", api_survey_comments, MANAGER, NOBODY, "The answers with a comment in a period (local dates of tz), newest first (at most 500)", "surveys", 200, NULL, "list:Survey", "from,to,tz,by,service,group,agent,kind,format"},
	{"GET", "/api/v1/surveys/{number}", api_survey_get, ANY, NOBODY, "A ticket's survey (end users: their own)", "surveys", 200, NULL, "Survey", NULL},
	{"POST", "/api/v1/surveys/{number}", api_survey_answer, ANY, BODY, "Answer a ticket's survey from the portal (the person asked; once; a rating outside 1..5 is a 400)", "surveys", 200, "SurveyAnswerInput", "Survey", NULL, ROUTE_NO_IF_MATCH, &api_schema_survey_answer, .problems = "400,403,409"},
	{"GET", "/survey/{number}/{token}", api_survey_page, PUB, NOBODY, "The page of a survey email's single-use link (HTML, no script): the choice as a form posting back (with rating=1..5, that one offered first); it records nothing, so a mail scanner opening the link uses nothing up; tampered, expired, used and other tickets' links are refused with a page saying so", "surveys", 200, NULL, "html", "rating", .problems = "400,409,410", .secret_path = true},
	{"POST", "/survey/{number}/{token}", api_survey_page_comment, PUB, LIMIT_BODY_JSON, "application/x-www-form-urlencoded", "A survey page's form (HTML): rating=1..5 with the email's link records the rating and offers the comment form; comment with the comment form's own link records the comment; either link is used up", "surveys", 200, "form", "html", NULL, .problems = "400,409,410", .secret_path = true},
	/* approval links (docs/requests.md#approval-links): the page of an approval email's link, for the approver's session */
	{"GET", "/approval/{id}/{token}", api_approval_link_page, PUB, NOBODY, "The page of an approval email's single-use link (HTML, no script): what is asked and an approve/reject form, for the approver's own session (none: a 303 to the web UI's login, which comes back to the link); tampered, expired, used, another approval's or another person's links, and approvals decided already, are refused with a page saying so", "approvals", 200, NULL, "html", NULL, .problems = "400,403,404,409,410", .secret_path = true, .login_redirect = true},
	{"POST", "/approval/{id}/{token}", api_approval_link_decide, PUB, LIMIT_BODY_JSON, "application/x-www-form-urlencoded", "Decide the approval from its link's form (decision=approve|reject, comment, csrf: the session's CSRF token): recorded by the approval engine with the link used up, in one transaction (HTML)", "approvals", 200, "form", "html", NULL, .problems = "400,401,403,404,409,410,422", .secret_path = true},
	/* the improvement register (docs/improvements.md): the kind's family is generated; its plan, and both ends of its links */
	{"GET", "/api/v1/improvements/{number}/plan", api_improvement_plan_get, ANY, NOBODY, "An improvement's plan: benefits, cost, review, outcome, the seven steps, services, linked problems and changes, KPIs (baseline, current, target)", "improvements", 200, NULL, "ImprovementPlan", NULL},
	{"PATCH", "/api/v1/improvements/{number}/plan", api_improvement_plan_set, AGENT, BODY, "Change an improvement's plan (lists replace the stored ones whole)", "improvements", 200, "ImprovementPlanInput", "ImprovementPlan", NULL, ROUTE_NO_IF_MATCH, &api_schema_improvement_plan},
	{"GET", PRB "/improvements", api_improvements_of, AGENT, NOBODY, "The improvements linked to a problem", "problems", 200, NULL, "list:Improvement", NULL, .arg = &ticket_kind_problem},
	{"GET", CHG "/improvements", api_improvements_of, AGENT, NOBODY, "The improvements linked to a change", "changes", 200, NULL, "list:Improvement", NULL, .arg = &ticket_kind_change},
	RECORD_ROUTES("/api/v1/agreements", "{name}", &api_agreements, &api_schema_agreement, "Agreement", MANAGER, AGENT, "sla", NULL, "Create an agreement (SLA, OLA or underpinning contract)", "Agreements by name, each with its policies and, for an OLA, the SLA targets it cannot support", "Get an agreement", "Change an agreement (its version goes up)"),
	HISTORY_ROUTE("/api/v1/agreements/{name}", "sla", "Change history of an agreement", .kind = &agreement_kind),
	RECORD_ROUTES("/api/v1/breach-reasons", "{name}", &api_breach_reasons, &api_schema_cause_category, "CauseCategory", ADMIN, AGENT, "sla", NULL, "Create a breach reason (shaped as a cause category)", "Breach reasons in order", "Get a breach reason", "Change a breach reason"),
	HISTORY_ROUTE("/api/v1/breach-reasons/{name}", "sla", "Change history of a breach reason", .kind = &breach_reason_kind),
	{"GET", "/api/v1/kpis", api_kpi_list, AGENT, NOBODY, "The KPI catalogue: each KPI's definition, unit, direction and the target in force", "kpis", 200, NULL, "KpiCatalogue", NULL},
	{"GET", "/api/v1/kpis/{name}", api_kpi_get, AGENT, NOBODY, "A KPI over a period of local days: the period's value and status against its target, and a series by day, week or month (JSON, or CSV with format=csv or Accept: text/csv)", "kpis", 200, NULL, "KpiSeries", "from,to,interval,tz,service,group,priority,format"},
	{"PUT", "/api/v1/kpis/{name}/target", api_kpi_target, ADMIN, BODY, "Set a KPI's target and its amber and red thresholds (audited)", "kpis", 200, "KpiTargetInput", "Kpi", NULL, ROUTE_NO_IF_MATCH, &api_schema_kpi_target},
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

/* The routes under one ticket of every kind after its actions, in match
 * order, written as the incident kind's: family() puts the kind's path in
 * place of INC's, and its tag and arg (the kind). */
/* clang-format off */
static const struct route per_ticket[] = {
	{"POST", INC "/comments", api_ticket_comment, ANY, BODY, "Add a public comment or (agents) a work note", NULL, 201, "CommentInput", "Comment", NULL, .input = &api_schema_comment},
	{"GET", INC "/comments", api_ticket_comments, ANY, NOBODY, "Comments and work notes the caller may see", NULL, 200, NULL, "list:Comment", NULL},
	{"GET", INC "/history", api_ticket_history, ANY, NOBODY, "Audit history the caller may see", NULL, 200, NULL, "list:HistoryEntry", NULL},
	{"POST", INC "/watchers", api_ticket_watch, ANY, BODY, "Add a watcher", NULL, 204, "WatcherInput", NULL, NULL, .input = &api_schema_watcher},
	{"DELETE", INC "/watchers/{login}", api_ticket_unwatch, ANY, NOBODY, "Remove a watcher", NULL, 204, NULL, NULL, NULL, .problems = "409"}, /* archived */
	{"POST", INC "/attachments", api_ticket_attach, ANY, LIMIT_BODY_ATTACHMENT, "*", "Upload an attachment (raw body)", NULL, 201, "file", "Attachment", "filename", .problems = "409"}, /* archived */
	{"GET", INC "/attachments", api_ticket_attachments, ANY, NOBODY, "List attachments", NULL, 200, NULL, "list:Attachment", NULL},
	{"POST", INC "/links", api_ticket_link, AGENT, BODY, "Link to another ticket", NULL, 201, "LinkInput", "Link", NULL, .input = &api_schema_link},
	{"GET", INC "/links", api_ticket_links, ANY, NOBODY, "Links from this ticket", NULL, 200, NULL, "list:Link", NULL},
	{"POST", INC "/approvals", api_ticket_approval_request, AGENT, BODY, "Ask for approval: approvers and a rule, a policy by name, or (neither) the matching policy", NULL, 201, "ApprovalRequestInput", "ApprovalRequest", NULL, .input = &api_schema_approval_request, .problems = "409"},
	{"GET", INC "/approvals", api_ticket_approvals, ANY, NOBODY, "Requests for approval, newest first: their steps, each approver's decision, comment and time", NULL, 200, NULL, "list:ApprovalRequest", NULL},
	{"POST", INC "/sla/{metric}/breach-reason", api_ticket_breach_reason, AGENT, BODY, "Explain the breach of an SLA or OLA clock (metric response, resolution, ola for the latest OLA clock, or a clock's id) with a breach reason (null clears it)", NULL, 200, "BreachReasonInput", "SlaClock", NULL, ROUTE_NO_IF_MATCH, &api_schema_breach_reason, .problems = "409"},
};
/* clang-format on */
#define PER_TICKET (sizeof(per_ticket) / sizeof(per_ticket[0]))

/* What the engine serves for every kind, in match order: what the route
 * does for kind k, filled in by family(). */
static size_t family(const struct ticket_kind *k, struct route *out)
{
	const char *base = fmt("/api/v1/%s", k->path), *one = fmt("/api/v1/%s/{number}", k->path);
	const char *schema = k->schema, *input = fmt("%sInput", k->schema), *list = fmt("list:%s", k->schema);
	const char *tag = k->path;
	struct route *r = out;
	/* clang-format off */
	*r++ = (struct route){"POST", base, api_ticket_create, ANY, BODY, fmt("Raise %s", k->label), tag, 201, input, schema, NULL, .input = &api_schema_incident, .arg = k};
	*r++ = (struct route){"GET", base, api_ticket_list, ANY, NOBODY, fmt("List %s the caller may see", k->path), tag, 200, NULL, list,
		"state,assignee,assignment_group,my_groups,requester,priority,major,open,breaching,channel,"
		"closing_category,custom_field,custom_value,archived,text,sort," LIST_Q, .arg = k};
	*r++ = (struct route){"GET", fmt("%s/counts", base), api_ticket_counts, ANY, NOBODY, fmt("Open %s in the caller's queues (end users: their own requests)", k->path), tag, 200, NULL, "TicketCounts", NULL, .arg = k};
	*r++ = (struct route){"GET", one, api_ticket_get, ANY, NOBODY, fmt("Get %s", k->label), tag, 200, NULL, schema, NULL, .arg = k};
	*r++ = (struct route){"GET", fmt("/api/v1/reports/%s", k->path), api_ticket_report, AGENT, NOBODY, fmt("Dashboard figures of %s over a period of days in a time zone", k->path), "reports", 200, NULL, "TicketReport", "from,to,tz", .arg = k};
	*r++ = (struct route){"GET", fmt("/api/v1/reports/%s/breakdown", k->path), api_ticket_breakdown, AGENT, NOBODY, fmt("An ad hoc report: %s raised in a period, filtered as the list is, counted by any field and by day, week or month, with mean times to respond and resolve (JSON, or CSV with format=csv)", k->path), "reports", 200, NULL, "TicketBreakdown", "from,to,tz,group_by,interval,format,state,assignee,assignment_group,my_groups,requester,priority,major,open,breaching,channel,closing_category,custom_field,custom_value,archived,text", .arg = k, .problems = "413"};
	*r++ = (struct route){"GET", fmt("/api/v1/reports/%s/sla", k->path), api_ticket_sla_report, AGENT, NOBODY, fmt("SLA compliance of %s: clocks stopped in a period, met or breached, by policy, service, group, priority or agreement (with red/amber/green against its target), per day, week or month with trend=, and the breaches (JSON, or CSV with format=csv; list=breaches for the breaches, list=trend for the trend)", k->path), "reports", 200, NULL, "SlaReport", "from,to,tz,by,trend,format,list", .arg = k};
	*r++ = (struct route){"PATCH", one, api_ticket_update, AGENT, BODY, fmt("Change %s (If-Match required)", k->label), tag, 200, input, schema, NULL, ROUTE_IF_MATCH_REQUIRED, &api_schema_incident, k};
	for (size_t i = 0; i < k->action_count; i++) {
		const struct ticket_action *a = &k->actions[i];
		*r = (struct route){"POST", fmt("%s/%s", one, a->name), api_ticket_action, AGENT, BODY, a->summary ? a->summary : a->name, tag, 200, "ActionInput", schema, NULL, ROUTE_IF_MATCH_OPTIONAL, &api_schema_action, k};
		if (a->end_user) /* the kind checks that the caller requested the ticket */
			r->min_role = ROLE_END_USER;
		r++;
	}
	/* clang-format on */
	for (size_t i = 0; i < PER_TICKET; i++, r++) {
		*r = per_ticket[i];
		r->pattern = fmt("%s%s", one, per_ticket[i].pattern + strlen(INC));
		r->tag = tag;
		r->arg = k;
	}
	if (k->fields & TICKET_FIELD_MAJOR) {
		/* clang-format off */
		*r++ = (struct route){"POST", fmt("%s/major", one), api_ticket_major, AGENT, BODY, fmt("Declare a major %s (reason required)", k->name), tag, 200, "MajorInput", schema, NULL, ROUTE_IF_MATCH_OPTIONAL, &api_schema_major, k};
		*r++ = (struct route){"DELETE", fmt("%s/major", one), api_ticket_unmajor, AGENT, NOBODY, fmt("Downgrade from major %s", k->name), tag, 200, NULL, schema, NULL, ROUTE_IF_MATCH_OPTIONAL, .arg = k};
		/* clang-format on */
	}
	/* the desk's own kinds: no route lets an end user in */
	for (struct route *x = out; k->agents_only && x < r; x++)
		if (x->min_role < ROLE_AGENT)
			x->min_role = ROLE_AGENT;
	return (size_t)(r - out);
}
#define FAMILY_MAX (10 + TICKET_ACTIONS_MAX + PER_TICKET)

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

#define OPENAPI_PART(part_) api_openapi_##part_##_schemas(w);
void api_openapi_schemas(struct jsonw *w)
{
	API_OPENAPI_PARTS(OPENAPI_PART)
}
#undef OPENAPI_PART
