-- GridDesk schema v2: the workflow (issue 4).
-- The case list always excludes merged duplicates (merged_into_id IS NULL). Partial indexes on the
-- live cases cover the list's count and its newest-first page for the common filters, so a filtered
-- page stays fast at a million cases (measured in `npm run bench`).
CREATE INDEX idx_cases_live_received ON cases(received_at) WHERE merged_into_id IS NULL;
CREATE INDEX idx_cases_live_street ON cases(street_id, received_at) WHERE merged_into_id IS NULL;
CREATE INDEX idx_cases_live_community ON cases(community_id, received_at) WHERE merged_into_id IS NULL;
CREATE INDEX idx_cases_live_lead ON cases(lead_department_id, received_at) WHERE merged_into_id IS NULL;
CREATE INDEX idx_cases_live_street_satisfaction ON cases(street_id, satisfaction, received_at) WHERE merged_into_id IS NULL;
CREATE INDEX idx_cases_assignee ON cases(assignee_staff_id);
CREATE INDEX idx_whistles_open ON whistles(status, case_id);
