-- Steward schema 26: reserved for another branch's step (issue #14 work runs in parallel);
-- changes nothing.  Delete this file when that branch's 0026 is merged.
CREATE TABLE reserved_0026 (id INTEGER PRIMARY KEY);
DROP TABLE reserved_0026;
