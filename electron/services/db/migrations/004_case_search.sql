-- GridDesk schema v4 (issue 4): Chinese full-text search, saved case-list views, attachment lookup.
-- case_text is an FTS4 index of each case's text as character bigrams (see case-text-tokens.ts;
-- sql.js has no FTS5 and no CJK tokenizer). It is derived data, caught up incrementally before a
-- search from the high-water marks in case_text_state, never by triggers: the bulk import pays
-- nothing for it. case_no (not indexed) tells a reused case id from the case it was indexed for.
-- The reporter's name and phone are never indexed.
CREATE VIRTUAL TABLE case_text USING fts4(tokens, case_no, notindexed=case_no);
CREATE TABLE case_text_state (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  case_id        INTEGER NOT NULL,  -- every case up to this id is indexed
  event_id       INTEGER NOT NULL,  -- cases with timeline events after this one are re-indexed
  undone_batches INTEGER NOT NULL   -- an undone import may have freed case ids for reuse
);
INSERT INTO case_text_state (id, case_id, event_id, undone_batches) VALUES (1, 0, 0, 0);

-- Named filters of the case list (saved views).
CREATE TABLE case_views (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  filter      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- Attachments are files named by their sha256; the same file on two cases is stored once.
CREATE INDEX idx_attachments_sha256 ON attachments(sha256);
