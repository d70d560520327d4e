-- Steward schema 51: the active webhooks are configuration a ticket write
-- reads (core/kernel/cfgsnap.c keeps them in memory), so a write to them
-- changes the configuration version as migration 45's triggers do.
CREATE TRIGGER cfgv_webhooks AFTER INSERT OR UPDATE OR DELETE ON webhooks FOR EACH ROW EXECUTE FUNCTION config_version_bump();
