-- Step 22 is taken by the change kind on its own branch; this placeholder
-- changes nothing and is deleted when that step is merged.
SELECT 1;
