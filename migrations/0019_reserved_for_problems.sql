-- Steward schema 19: reserved.  The problem kind (issue 13) takes step 19
-- on main; this branch, which adds the knowledge base as steps 20 and 21,
-- holds the number with a step that changes nothing, because the runner
-- wants every step below the highest (store_migrations_check).  Delete
-- this file when main's 0019 is merged: two files may not claim a step.
SELECT 1;
