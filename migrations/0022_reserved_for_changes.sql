-- Step 22 is another branch's (the change kind); this placeholder keeps the
-- steps contiguous on the approval branch and is deleted when that branch's
-- 0022 is merged.  It changes nothing.
SELECT 1;
