-- Placeholder on branch scache only: migrations must be contiguous and
-- this branch was given number 46 (search_generation).  The merger drops
-- this file when the real migration 0044 arrives.
SELECT 1;
