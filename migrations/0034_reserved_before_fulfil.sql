-- Steward schema 34: reserved.  Another branch takes this step on main;
-- the fulfilment branch (0035) holds its place with a statement that
-- changes nothing.  Delete this file when main's 0034 is merged.
SELECT 1;
