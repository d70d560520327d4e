-- Placeholder for schema 44, which another branch of this session adds.
-- It only keeps this branch's steps contiguous so that 45 runs here; the
-- merger drops this file when that branch's 0044 lands.
SELECT 1;
