-- Step 0031 belongs to a branch built in parallel (issue #20's siblings: KPI
-- targets, surveys, the improvement register, agreements); this file holds its
-- place with a statement that changes nothing and is deleted when that
-- branch's 0031 is merged.
SELECT 1;
