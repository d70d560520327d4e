-- The configuration version (issue #19): a number every write to the
-- configuration a ticket write reads changes in the same transaction, so a
-- server may keep that configuration in memory (core/kernel/cfgsnap.c) and
-- check one row instead of reading it again; every server on one database
-- sees the change.  Triggers make the change, so no write path (the API, a
-- toolkit import, the demo, a migration, the CLI) can forget it.
--
-- The new value is random rather than one more: a snapshot built inside a
-- transaction that then fails to commit carries a number no later commit
-- will have (one more would be reused by the next change).
--
-- Tables: what a create reads (the priority matrix, SLA policies with their
-- calendars and agreements, assignment rules, notification rules and
-- templates, mandatory fields, the category count) and the names the
-- policies and rules show (groups, services, configuration items).  An
-- assignment rule's last_assignee_id is the round robin's position, written
-- by creates, not configuration: the triggers leave it out (a new column of
-- assignment_rules must be added to their list).

CREATE TABLE config_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO config_version (id, version) VALUES (1, 1);
CREATE TRIGGER cfgv_priority_matrix_ins AFTER INSERT ON priority_matrix FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_priority_matrix_upd AFTER UPDATE ON priority_matrix FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_priority_matrix_del AFTER DELETE ON priority_matrix FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_sla_policies_ins AFTER INSERT ON sla_policies FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_sla_policies_upd AFTER UPDATE ON sla_policies FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_sla_policies_del AFTER DELETE ON sla_policies FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_calendars_ins AFTER INSERT ON calendars FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_calendars_upd AFTER UPDATE ON calendars FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_calendars_del AFTER DELETE ON calendars FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_agreements_ins AFTER INSERT ON agreements FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_agreements_upd AFTER UPDATE ON agreements FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_agreements_del AFTER DELETE ON agreements FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_notification_rules_ins AFTER INSERT ON notification_rules FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_notification_rules_upd AFTER UPDATE ON notification_rules FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_notification_rules_del AFTER DELETE ON notification_rules FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_notification_templates_ins AFTER INSERT ON notification_templates FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_notification_templates_upd AFTER UPDATE ON notification_templates FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_notification_templates_del AFTER DELETE ON notification_templates FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_mandatory_fields_ins AFTER INSERT ON mandatory_fields FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_mandatory_fields_upd AFTER UPDATE ON mandatory_fields FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_mandatory_fields_del AFTER DELETE ON mandatory_fields FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_categories_ins AFTER INSERT ON categories FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_categories_upd AFTER UPDATE ON categories FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_categories_del AFTER DELETE ON categories FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_assignment_rules_ins AFTER INSERT ON assignment_rules FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_assignment_rules_del AFTER DELETE ON assignment_rules FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_assignment_rules_upd AFTER UPDATE OF name, position, active, match_category, match_priority, match_keywords, group_id, assign, created_at, updated_at, match_service_id, match_ci_id ON assignment_rules FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_groups__upd AFTER UPDATE OF name ON groups_ FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_groups__del AFTER DELETE ON groups_ FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_services_upd AFTER UPDATE OF name ON services FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_services_del AFTER DELETE ON services FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_cis_upd AFTER UPDATE OF name ON cis FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_cis_del AFTER DELETE ON cis FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
