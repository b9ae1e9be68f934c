-- GridDesk schema v10 (issue 12): indexes for the scope predicate (auth/scope.repository.ts) at 1M
-- cases. A department's cases (those it leads OR was whistled to): with a full index on the lead
-- department SQLite answers the OR from two index lookups instead of reading every case (count at
-- 1M: 2 s → 55 ms); the partial live-lead index of migration 002 cannot serve an OR term. A grid's
-- live cases, like a street's and a community's (migration 002): count 111 → 1.4 ms at 1M.
CREATE INDEX idx_cases_lead ON cases(lead_department_id, merged_into_id);
CREATE INDEX idx_cases_live_grid ON cases(grid_id, received_at) WHERE merged_into_id IS NULL;
