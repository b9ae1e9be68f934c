-- GridDesk schema v16: grid edits travel (issue 14). Every region a grid edit inserts, reshapes or
-- deletes here, and every such edit received from another workstation, is one row: its state after
-- the edit (a deletion names the region that absorbed it). A region's state is its row with the
-- latest clock, so edits arriving in any order, or twice, leave every desk with the same regions.
CREATE TABLE region_edits (
  id              INTEGER PRIMARY KEY,
  -- Unique across workstations: '<workspace id>:r<hlc>'.
  uid             TEXT NOT NULL UNIQUE,
  hlc             TEXT NOT NULL,
  origin          TEXT NOT NULL,
  code            TEXT NOT NULL,
  parent_code     TEXT,
  level           TEXT NOT NULL,
  name            TEXT NOT NULL,
  -- GeoJSON; NULL for a deletion.
  geometry        TEXT,
  households      INTEGER,
  deleted         INTEGER NOT NULL DEFAULT 0,
  deleted_into    TEXT,
  -- Where the region lies, by code: what a peer's or the hub's scope filters on.
  street_code     TEXT,
  community_code  TEXT,
  -- The local id of the region the edit made, changed or deleted here (NULL: a received edit not
  -- applied). A deleted region's old id still reads as its code, and is never handed out again.
  region_id       INTEGER,
  -- 1: received from another workstation (relayed onwards, never sent back to its origin).
  received        INTEGER NOT NULL DEFAULT 0
);
-- "The latest edit of this region": the clock that decides whether an arriving edit applies.
CREATE INDEX idx_region_edits_code ON region_edits(code, hlc);

-- The region edits a peer has applied (its acks) and the peer's through which we have applied its.
ALTER TABLE exchange_peers ADD COLUMN acked_edit_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exchange_peers ADD COLUMN their_through_edit_id INTEGER NOT NULL DEFAULT 0;
-- The hub's region edits pulled (its seq) and ours pushed (local id), beside the case cursors.
ALTER TABLE hub_cursors ADD COLUMN pulled_edit_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hub_cursors ADD COLUMN pushed_edit_id INTEGER NOT NULL DEFAULT 0;
