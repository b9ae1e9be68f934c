-- GridDesk schema v13: where this workspace stands with each PostgreSQL hub (issue 14, transport 2).
-- pulled_seq: the hub's change seq up to which this workspace has applied the hub's changes.
-- pushed_event_id: the local case_events id up to which this workspace's changes are on the hub
-- (moved only after the hub's COMMIT, so a push cut off midway is sent again).
CREATE TABLE hub_cursors (
  hub              TEXT PRIMARY KEY,
  pulled_seq       INTEGER NOT NULL DEFAULT 0,
  pushed_event_id  INTEGER NOT NULL DEFAULT 0
);
