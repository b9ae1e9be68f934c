-- GridDesk schema v5 (issue 5): a grid's population, imported from grid lists (网格台账) with its households.
ALTER TABLE regions ADD COLUMN population INTEGER;
