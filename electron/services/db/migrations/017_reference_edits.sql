-- GridDesk schema v17: the roster and the settings travel (issue 14). Every department, staff
-- member, category limit, calendar day or shared setting written here, and every such edit received
-- from another workstation, is one row: the values after the edit, by code. A key's state is its
-- row with the latest clock, so edits arriving in any order, or twice, leave every desk alike.
CREATE TABLE reference_edits (
  id        INTEGER PRIMARY KEY,
  -- Unique across workstations: '<workspace id>:f<hlc>'.
  uid       TEXT NOT NULL UNIQUE,
  hlc       TEXT NOT NULL,
  origin    TEXT NOT NULL,
  -- department | staff | category | calendar_day | setting
  kind      TEXT NOT NULL,
  -- The code, the date (YYYY-MM-DD) or the setting's key.
  key       TEXT NOT NULL,
  -- JSON of the values after the edit, references by code; NULL: deleted.
  "values"  TEXT,
  -- 1: received from another workstation (relayed onwards, never sent back to its origin).
  received  INTEGER NOT NULL DEFAULT 0
);
-- "The latest edit of this key": the clock that decides whether an arriving edit applies.
CREATE INDEX idx_reference_edits_key ON reference_edits(kind, key, hlc);

-- As the region edits' watermarks (migration 016), for reference edits.
ALTER TABLE exchange_peers ADD COLUMN acked_ref_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exchange_peers ADD COLUMN their_through_ref_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hub_cursors ADD COLUMN pulled_ref_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hub_cursors ADD COLUMN pushed_ref_id INTEGER NOT NULL DEFAULT 0;
