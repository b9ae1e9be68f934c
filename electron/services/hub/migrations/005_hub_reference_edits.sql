-- The roster and the settings (issue 14): each reference edit a workstation made (a department,
-- a staff member, a category's limits, a calendar day, a shared setting; sync contract
-- ReferenceEdit). District-wide, so no place columns: every desk pulls every one. Beside `changes`
-- as region_edits is; each edit once by its id; `seq` is the pull cursor (pushes take the push lock).
CREATE TABLE reference_edits (
  edit_id   text PRIMARY KEY,
  seq       bigserial NOT NULL UNIQUE,
  hlc       text NOT NULL,
  origin    text NOT NULL,
  kind      text NOT NULL,
  key       text NOT NULL,
  payload   jsonb NOT NULL
);
