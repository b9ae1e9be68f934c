-- Departments' cases on the hub (issue 14): a department desk (城管, 住建 …) works by lead department
-- and by whistle, not by place, so the hub must know which cases each department has been given.
--
-- Choice: a membership table, one row per (department, case), written by the push that brings a
-- change naming a department, in the statement that inserts the changes (hub.repository.ts
-- insertChangeRows; the push knows the codes, hub-changes.ts departmentsNamed). A trigger reading
-- them out of each change's jsonb made a push of 100k changes five times slower. A case joins a
-- department when a change names it as the lead department or summons it by whistle. A membership is
-- never removed: a department that returned a case still receives what became of it (otherwise its
-- desk would keep showing the case as its own), and it can read its past work.
--
-- joined_seq is the seq of the first change that named the department: a pull after that point
-- must also bring the case's earlier changes, which a seq-ordered scan has already passed.
CREATE TABLE hub_case_departments (
  department_code text NOT NULL,
  uid             text NOT NULL,
  joined_seq      bigint NOT NULL,
  PRIMARY KEY (department_code, uid)
);
CREATE INDEX hub_case_departments_joined ON hub_case_departments (department_code, joined_seq);
CREATE INDEX hub_case_departments_uid ON hub_case_departments (uid);

-- For the changes already on the hub: the department codes one change names, by the same rule as
-- departmentsNamed (codes, as changes travel). Used once, here, then dropped.
CREATE FUNCTION hub_change_departments(kind text, payload jsonb) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
  SELECT DISTINCT code FROM (
    SELECT payload -> 'row' ->> 'lead_department_id' AS code WHERE kind = 'case_base'
    UNION ALL SELECT r ->> 'department'
      FROM jsonb_array_elements(CASE WHEN kind = 'case_base' AND jsonb_typeof(payload -> 'whistles') = 'array' THEN payload -> 'whistles' ELSE '[]' END) w,
           jsonb_array_elements(CASE WHEN jsonb_typeof(w -> 'reports') = 'array' THEN w -> 'reports' ELSE '[]' END) r
    UNION ALL SELECT payload -> 'event' -> 'patch' ->> 'lead_department_id' WHERE kind = 'case_event'
    UNION ALL SELECT payload -> 'event' -> 'data' ->> 'departmentId' WHERE kind = 'case_event'
    UNION ALL SELECT d
      FROM jsonb_array_elements_text(CASE WHEN kind = 'case_event' AND jsonb_typeof(payload -> 'event' -> 'data' -> 'departmentIds') = 'array'
                                          THEN payload -> 'event' -> 'data' -> 'departmentIds' ELSE '[]' END) d
  ) named
  WHERE code IS NOT NULL AND code <> ''
$$;

-- The changes already on the hub.
INSERT INTO hub_case_departments (department_code, uid, joined_seq)
SELECT d.code, c.entity, min(c.seq)
FROM changes c, LATERAL hub_change_departments(c.kind, c.payload) AS d(code)
GROUP BY d.code, c.entity
ON CONFLICT (department_code, uid) DO NOTHING;

DROP FUNCTION hub_change_departments(text, jsonb);
