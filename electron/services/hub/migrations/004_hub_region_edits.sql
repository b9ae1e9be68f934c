-- Grid edits (issue 14): each region a workstation's grid edit inserted, reshaped or deleted, as
-- the edit left it (sync contract RegionEdit). Beside `changes`, not in it: they are about regions,
-- not cases, and desks of an older version pulling `changes` must not meet them. Each edit once
-- by its id; `seq` is the pull cursor (pushes take the same lock as changes, so seq commits in order).
CREATE TABLE region_edits (
  edit_id         text PRIMARY KEY,
  seq             bigserial NOT NULL UNIQUE,
  hlc             text NOT NULL,
  origin          text NOT NULL,
  code            text NOT NULL,
  street_code     text,
  community_code  text,
  payload         jsonb NOT NULL
);
CREATE INDEX region_edits_street_seq ON region_edits (street_code, seq);
CREATE INDEX region_edits_community_seq ON region_edits (community_code, seq);
CREATE INDEX region_edits_code_seq ON region_edits (code, seq);
