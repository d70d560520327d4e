-- Step 0032 belongs to a branch built in parallel (issue #20's siblings: KPI
-- targets, surveys, the improvement register, agreements); this file holds its
-- place with a statement that changes nothing and is deleted when that
-- branch's 0032 is merged.
SELECT 1;
