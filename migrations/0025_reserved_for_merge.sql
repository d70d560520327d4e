-- Steward schema 25: held on the events branch for the step another
-- branch adds as 0025; a statement that changes nothing.  Delete this file
-- when main's 0025 is merged.
SELECT 1;
