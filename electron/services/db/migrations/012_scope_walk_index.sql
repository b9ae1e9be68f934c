-- GridDesk schema v12 (issue 12): a department's case list at 1M cases. Its scope (cases it leads
-- OR was whistled to) has no index in the list's order, so a page walks the received order and
-- tests each case (CaseRepository.pageIds): with idx_cases_live_received that test read every
-- walked case's row for its lead department (deep page of a 305k-case department: 392 ms, 13× the
-- unscoped page). This index holds the lead department beside the order, so the walk reads index
-- entries only (the whistle part is one small list subquery). The id column keeps the list's total
-- order (received_at, id); merged_into_id is always NULL here but listed so that the planner sees
-- the index as covering the list's `merged_into_id IS NULL` and picks it.
CREATE INDEX idx_cases_live_received_lead ON cases(received_at, id, lead_department_id, merged_into_id) WHERE merged_into_id IS NULL;
