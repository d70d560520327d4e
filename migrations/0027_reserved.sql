-- Steward schema 27: reserved for another branch's step (issue #14 work runs in parallel);
-- changes nothing.  Delete this file when that branch's 0027 is merged.
CREATE TABLE reserved_0027 (id INTEGER PRIMARY KEY);
DROP TABLE reserved_0027;
