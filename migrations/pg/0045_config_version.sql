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
  id BIGINT PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO config_version (id, version) VALUES (1, 1);

CREATE FUNCTION config_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE config_version SET version = floor(random() * 9007199254740991)::bigint WHERE id = 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER cfgv_priority_matrix AFTER INSERT OR UPDATE OR DELETE ON priority_matrix FOR EACH ROW EXECUTE FUNCTION config_version_bump();
CREATE TRIGGER cfgv_sla_policies AFTER INSERT OR UPDATE OR DELETE ON sla_policies FOR EACH ROW EXECUTE FUNCTION config_version_bump();
CREATE TRIGGER cfgv_calendars AFTER INSERT OR UPDATE OR DELETE ON calendars FOR EACH ROW EXECUTE FUNCTION config_version_bump();
CREATE TRIGGER cfgv_agreements AFTER INSERT OR UPDATE OR DELETE ON agreements FOR EACH ROW EXECUTE FUNCTION config_version_bump();
CREATE TRIGGER cfgv_notification_rules AFTER INSERT OR UPDATE OR DELETE ON notification_rules FOR EACH ROW EXECUTE FUNCTION config_version_bump();
CREATE TRIGGER cfgv_notification_templates AFTER INSERT OR UPDATE OR DELETE ON notification_templates FOR EACH ROW EXECUTE FUNCTION config_version_bump();
CREATE TRIGGER cfgv_mandatory_fields AFTER INSERT OR UPDATE OR DELETE ON mandatory_fields FOR EACH ROW EXECUTE FUNCTION config_version_bump();
CREATE TRIGGER cfgv_categories AFTER INSERT OR UPDATE OR DELETE ON categories FOR EACH ROW EXECUTE FUNCTION config_version_bump();
CREATE TRIGGER cfgv_assignment_rules AFTER INSERT OR DELETE OR UPDATE OF name, position, active, match_category, match_priority, match_keywords, group_id, assign, created_at, updated_at, match_service_id, match_ci_id ON assignment_rules FOR EACH ROW EXECUTE FUNCTION config_version_bump();
CREATE TRIGGER cfgv_groups_ AFTER DELETE OR UPDATE OF name ON groups_ FOR EACH ROW EXECUTE FUNCTION config_version_bump();
CREATE TRIGGER cfgv_services AFTER DELETE OR UPDATE OF name ON services FOR EACH ROW EXECUTE FUNCTION config_version_bump();
CREATE TRIGGER cfgv_cis AFTER DELETE OR UPDATE OF name ON cis FOR EACH ROW EXECUTE FUNCTION config_version_bump();
