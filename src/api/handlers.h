/*
 * handlers.h — every request handler of api/ and every record resource
 * (api.h), named in the route table (routes.c).  Each handler takes a
 * prepared request (see http.h) and answers it.
 */
#ifndef SW_API_HANDLERS_H
#define SW_API_HANDLERS_H

#include "http/http.h"

#define HANDLER(name) enum sw_err name(struct req *r, struct sw_error *err)

/* every record resource (api_record.c; the route's arg names it) */
HANDLER(api_record_create);
HANDLER(api_record_list);
HANDLER(api_record_get);
HANDLER(api_history);
HANDLER(api_tickets_on);
HANDLER(api_record_update);
struct api_record;
extern const struct api_record api_users, api_groups, api_cause_categories, api_assignment_rules, api_templates,
	api_calendars, api_sla_policies, api_escalation_rules, api_notify_rules, api_ci_classes, api_objectives,
	api_services, api_approval_policies, api_change_windows, api_agreements, api_breach_reasons;
extern const struct api_record api_change_templates;               /* api_change.c */
extern const struct api_record api_mailboxes;                      /* api_mail.c */
extern const struct api_record api_webhooks;                       /* api_webhook.c */
extern const struct api_record api_event_sources, api_alert_rules; /* api_alert.c */
extern const struct api_record api_status_services;                /* api_status.c */
extern const struct api_record api_article_templates;              /* api_article_template.c */

/* event management (api_alert.c) */
HANDLER(api_alertmanager_ingest);
HANDLER(api_event_ingest);
HANDLER(api_alert_list);
HANDLER(api_alert_get);
HANDLER(api_alert_acknowledge);
HANDLER(api_alert_link);
HANDLER(api_alert_unlink);
HANDLER(api_alert_raise);
/* the status page (api_status.c) */
HANDLER(api_status_page);
HANDLER(api_status_json);
HANDLER(api_status_feed);
HANDLER(api_status_update_add);
HANDLER(api_status_update_list);

/* satisfaction surveys (api_survey.c) and the improvement register (api_improvement.c) */
HANDLER(api_survey_settings_list);
HANDLER(api_survey_settings_set);
HANDLER(api_survey_get);
HANDLER(api_survey_answer);
HANDLER(api_survey_report);
HANDLER(api_survey_comments);
HANDLER(api_survey_page);
HANDLER(api_survey_page_comment);
HANDLER(api_approval_link_page);
HANDLER(api_approval_link_decide);
HANDLER(api_catalog_upload);
HANDLER(api_improvement_plan_get);
HANDLER(api_improvement_plan_set);
HANDLER(api_improvements_of);

HANDLER(api_index);
HANDLER(api_health);
HANDLER(api_metrics);
HANDLER(api_openapi);
HANDLER(api_events);
HANDLER(api_login);
HANDLER(api_logout);
HANDLER(api_me);
HANDLER(api_token_create);
HANDLER(api_token_list);
HANDLER(api_token_revoke);
HANDLER(api_user_history);
HANDLER(api_group_history);
/* every ticket kind (the route's arg names the kind) */
HANDLER(api_ticket_create);
/* approvals (api_approval.c); the ticket routes' arg names the kind */
HANDLER(api_ticket_approvals);
HANDLER(api_ticket_approval_request);
HANDLER(api_approval_inbox);
HANDLER(api_approval_approve);
HANDLER(api_approval_reject);
HANDLER(api_delegation_get);
HANDLER(api_delegation_set);
HANDLER(api_delegation_clear);
HANDLER(api_ticket_list);
HANDLER(api_ticket_get);
HANDLER(api_ticket_update);
HANDLER(api_ticket_action);
HANDLER(api_ticket_comment);
HANDLER(api_ticket_comments);
HANDLER(api_ticket_history);
HANDLER(api_ticket_watch);
HANDLER(api_ticket_unwatch);
HANDLER(api_ticket_attach);
HANDLER(api_ticket_attachments);
HANDLER(api_ticket_link);
HANDLER(api_ticket_links);
HANDLER(api_ticket_major);
HANDLER(api_ticket_unmajor);
HANDLER(api_problem_candidates);
HANDLER(api_change_window_check);
HANDLER(api_ticket_breach_reason);
HANDLER(api_mailbox_status);
HANDLER(api_webhook_deliveries);
HANDLER(api_webhook_ping);
HANDLER(api_change_calendar);
HANDLER(api_feed_create);
HANDLER(api_feed_list);
HANDLER(api_feed_revoke);
HANDLER(api_feed);
HANDLER(api_problem_link);
HANDLER(api_problem_incidents);
HANDLER(api_change_tasks);
HANDLER(api_change_task_add);
HANDLER(api_change_incidents);
HANDLER(api_change_risk);
HANDLER(api_release_link);
HANDLER(api_release_unlink);
HANDLER(api_release_changes);
HANDLER(api_release_readiness);
HANDLER(api_release_notes);
HANDLER(api_risk_settings_get);
HANDLER(api_risk_settings_set);

/* toolkits (api_toolkit.c) */
HANDLER(api_toolkit_list);
HANDLER(api_toolkit_show);
HANDLER(api_toolkit_apply);
HANDLER(api_toolkit_apply_builtin);
HANDLER(api_toolkit_export_get);
HANDLER(api_change_conflicts);
HANDLER(api_change_ci_updates);
HANDLER(api_change_ci_update_add);
HANDLER(api_problem_unlink);
HANDLER(api_problem_workaround);
HANDLER(api_matrix_get);
HANDLER(api_matrix_set);
HANDLER(api_category_create);
HANDLER(api_category_list);
HANDLER(api_category_update);
HANDLER(api_me_notifications);
HANDLER(api_me_notification_read);
HANDLER(api_me_notifications_read);
HANDLER(api_outbox);
HANDLER(api_notify_template_list);
HANDLER(api_notify_template_set);
HANDLER(api_ci_create);
HANDLER(api_ci_list);
HANDLER(api_ci_get);
HANDLER(api_ci_update);
HANDLER(api_ci_relate);
HANDLER(api_ci_relations);
HANDLER(api_relation_delete);
HANDLER(api_ci_impact);
HANDLER(api_service_dependencies);
HANDLER(api_service_availability);
HANDLER(api_ci_availability);
HANDLER(api_import);
HANDLER(api_export);
HANDLER(api_asset);
HANDLER(api_attachment_download);
HANDLER(api_custom_field_create);
HANDLER(api_custom_field_list);
HANDLER(api_custom_field_get);
HANDLER(api_custom_field_update);
HANDLER(api_mandatory_create);
HANDLER(api_mandatory_list);
HANDLER(api_mandatory_delete);
HANDLER(api_ticket_counts);
HANDLER(api_ticket_report);
/* the knowledge base (api_knowledge.c) */
HANDLER(api_article_create);
HANDLER(api_article_list);
HANDLER(api_article_suggest);
HANDLER(api_article_preview);
HANDLER(api_article_get);
HANDLER(api_article_update);
HANDLER(api_article_action);
HANDLER(api_article_versions);
HANDLER(api_article_version);
HANDLER(api_article_diff);
HANDLER(api_article_history);
HANDLER(api_article_attach);
HANDLER(api_article_attachments);
HANDLER(api_article_attachment);
HANDLER(api_article_rate);
HANDLER(api_article_ratings);
HANDLER(api_article_deflect);
HANDLER(api_article_link);
HANDLER(api_article_links);
HANDLER(api_known_errors);
HANDLER(api_kpi_list);
HANDLER(api_kpi_get);
HANDLER(api_kpi_target);
extern const struct api_schema api_schema_kpi_target;

#endif
