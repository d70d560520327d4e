-- Steward schema 51: the active webhooks are configuration a ticket write
-- reads (core/kernel/cfgsnap.c keeps them in memory), so a write to them
-- changes the configuration version as migration 45's triggers do.
CREATE TRIGGER cfgv_webhooks_ins AFTER INSERT ON webhooks FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_webhooks_upd AFTER UPDATE ON webhooks FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
CREATE TRIGGER cfgv_webhooks_del AFTER DELETE ON webhooks FOR EACH ROW BEGIN UPDATE config_version SET version = random() WHERE id = 1; END;
