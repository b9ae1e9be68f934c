-- GridDesk schema v15: the working set (issue 14). An old closed case may leave its description,
-- its caller's data and the events no statistic reads for a monthly archive file in the workspace
-- folder; its row stays (slim), with everything the three rates, rankings, heat and the problem of
-- the month read. A row here marks a slim case and names the file that holds the rest.
CREATE TABLE case_archive (
  case_id      INTEGER PRIMARY KEY REFERENCES cases(id),
  -- Relative to the workspace folder: archives/<year>/<year>-<mm>[-<part>].gdarchive
  file         TEXT NOT NULL,
  archived_at  INTEGER NOT NULL
);
CREATE INDEX idx_case_archive_file ON case_archive(file);

-- The timeline stays append-only; the one exception is an archived case's events moving to its file
-- (the file is written and synced before the transaction that marks the case and removes them).
DROP TRIGGER case_events_no_delete;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
  WHEN NOT EXISTS (SELECT 1 FROM case_archive a WHERE a.case_id = OLD.case_id)
  BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
