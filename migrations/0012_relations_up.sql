-- Steward schema 12: the upward graph walk (impact analysis) reads a CI's
-- dependants from an index that also holds the relationship type, so each
-- of the thousands of rows an impact at depth 3 can reach costs one index
-- read instead of an index read and a table read.
CREATE INDEX ci_relations_up ON ci_relations(to_id, from_id, type);
DROP INDEX ci_relations_to;
