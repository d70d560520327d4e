-- Placeholder for schema 38, which another branch of this session adds
-- (OLA clocks).  It only keeps this branch's steps contiguous so that 39
-- runs here; the merger drops this file when that branch's 0038 lands.
SELECT 1;
