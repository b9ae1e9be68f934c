-- GridDesk schema v6 (issue 4): faster short searches in the case full-text index. A prefix
-- index of 3 bytes (one CJK character) turns a one-character search into one list read, and
-- marked word prefixes (see case-text-tokens.ts) do the same for one or two typed digits.
-- The index is derived data: it is recreated empty with its marks at zero, and the catch-up
-- before the next search (and in the background) rebuilds it from the cases.
DROP TABLE case_text;
CREATE VIRTUAL TABLE case_text USING fts4(tokens, case_no, notindexed=case_no, prefix="3");
UPDATE case_text_state SET case_id = 0, event_id = 0, undone_batches = 0 WHERE id = 1;
