-- GridDesk schema v11: one change model for moving cases between workstations (issue 14).
-- A case or event born here keeps uid NULL and is named <workspace id>:c<id> / :e<id> (no rewrite
-- of a million rows); one received from elsewhere keeps the uid it was born with.
ALTER TABLE cases ADD COLUMN uid TEXT;
-- 1 while two workstations' events disagree on the case's state and nobody has settled it.
ALTER TABLE cases ADD COLUMN sync_conflict INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_events ADD COLUMN uid TEXT;
-- Hybrid logical clock of the event (NULL before this version: ordered by `at`).
ALTER TABLE case_events ADD COLUMN hlc TEXT;
-- The case columns the event set, as JSON, so that any workstation can replay it.
ALTER TABLE case_events ADD COLUMN patch TEXT;
CREATE UNIQUE INDEX idx_cases_uid ON cases(uid) WHERE uid IS NOT NULL;
CREATE UNIQUE INDEX idx_case_events_uid ON case_events(uid) WHERE uid IS NOT NULL;
CREATE INDEX idx_cases_sync_conflict ON cases(sync_conflict) WHERE sync_conflict = 1;

-- The case as it stood when it was first shared: every workstation replays the later events on it.
CREATE TABLE case_bases (
  case_id  INTEGER PRIMARY KEY REFERENCES cases(id),
  hlc      TEXT NOT NULL,
  origin   TEXT NOT NULL,
  body     TEXT NOT NULL
);

-- Events that the case's state did not allow when replayed in clock order (two workstations changed
-- the case while apart). Derived from the events: rebuilt whenever the case is replayed.
CREATE TABLE case_conflicts (
  case_id       INTEGER NOT NULL REFERENCES cases(id),
  event_uid     TEXT NOT NULL,
  found_status  TEXT NOT NULL,
  -- The case's columns before and after the event, JSON: the two sides a person chooses between.
  before_state  TEXT NOT NULL,
  after_state   TEXT NOT NULL,
  PRIMARY KEY (case_id, event_uid)
);
