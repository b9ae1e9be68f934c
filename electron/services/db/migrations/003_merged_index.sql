-- Deleting a case makes SQLite look for cases merged into it (foreign key on merged_into_id);
-- without an index that is a scan of the whole table per deleted case (minutes when an import
-- batch of 100k cases is undone). Partial: almost every case is unmerged, so the index stays small.
CREATE INDEX idx_cases_merged_into ON cases(merged_into_id) WHERE merged_into_id IS NOT NULL;
