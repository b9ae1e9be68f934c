-- GridDesk hub schema v2 (issue 14): the city-wide three rates (三率) of a month without reading
-- every case of it.
--
-- Choice: an incrementally maintained aggregate, hub_rates_monthly, one row per (Beijing month,
-- street, community) holding the counts the rates are made of (rates.repository.ts's parts). Kept
-- by statement-level triggers on `cases` with transition tables: every upsert of folded case rows
-- (a push) subtracts the old rows' counts and adds the new ones in one grouped statement, so the
-- aggregate is exact after every commit. A materialised view would be stale between refreshes and
-- a refresh at 5M cases takes seconds.
--
-- The one part that depends on "now": an unanswered case counts in the response rate only once
-- its limit has passed. The aggregate holds all unanswered cases with a limit; the query takes off
-- those whose limit is still ahead (few: only the latest hours' cases), found by cases_awaiting_response.
--
-- Merged duplicates are counted once, as the case they joined (as on the workstations). The hub's
-- case rows do not carry merged_into_id, so a merge is noticed in the changes themselves (a base
-- or an event that sets merged_into_id; a merge is never undone) and marked on the case.

CREATE TABLE hub_merged_cases (uid text PRIMARY KEY);

ALTER TABLE cases ADD COLUMN merged boolean NOT NULL DEFAULT false;

INSERT INTO hub_merged_cases (uid)
SELECT DISTINCT entity FROM changes
WHERE (kind = 'case_base' AND payload -> 'row' ->> 'merged_into_id' IS NOT NULL)
   OR (kind = 'case_event' AND payload -> 'event' -> 'patch' ->> 'merged_into_id' IS NOT NULL);
UPDATE cases SET merged = true WHERE uid IN (SELECT uid FROM hub_merged_cases);

-- A case row written after its merge change arrived is born merged.
CREATE FUNCTION hub_case_born_merged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.merged := EXISTS (SELECT 1 FROM hub_merged_cases WHERE uid = NEW.uid);
  RETURN NEW;
END $$;
CREATE TRIGGER cases_born_merged BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION hub_case_born_merged();

-- A merge arriving for a case already on the hub: the update takes it out of the aggregate.
CREATE FUNCTION hub_changes_mark_merged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH fresh AS (
    INSERT INTO hub_merged_cases (uid)
    SELECT DISTINCT entity FROM added
    WHERE (kind = 'case_base' AND payload -> 'row' ->> 'merged_into_id' IS NOT NULL)
       OR (kind = 'case_event' AND payload -> 'event' -> 'patch' ->> 'merged_into_id' IS NOT NULL)
    ON CONFLICT (uid) DO NOTHING
    RETURNING uid)
  UPDATE cases SET merged = true WHERE uid IN (SELECT uid FROM fresh) AND NOT merged;
  RETURN NULL;
END $$;
CREATE TRIGGER changes_mark_merged AFTER INSERT ON changes REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION hub_changes_mark_merged();

-- Counts of the cases received in one Beijing month in one community ('' when a code is unknown).
CREATE TABLE hub_rates_monthly (
  month               date NOT NULL,
  street_code         text NOT NULL,
  community_code      text NOT NULL,
  cases               bigint NOT NULL,
  -- Cases with a response limit, of which answered, of which within the limit.
  response_limited    bigint NOT NULL,
  responded           bigint NOT NULL,
  responded_in_time   bigint NOT NULL,
  -- Callbacks (回访): the citizen was asked; of which solved, 满意, 基本满意.
  rated               bigint NOT NULL,
  solved              bigint NOT NULL,
  satisfied           bigint NOT NULL,
  basically_satisfied bigint NOT NULL,
  PRIMARY KEY (month, street_code, community_code)
);

-- Adds `added` and subtracts `removed` (whichever the trigger's event has). One statement per
-- push batch, grouped, so a push of 10k cases touches each (month, community) row once.
CREATE FUNCTION hub_rates_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  source text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS delta, * FROM added'
    WHEN 'DELETE' THEN 'SELECT -1 AS delta, * FROM removed'
    ELSE 'SELECT 1 AS delta, * FROM added UNION ALL SELECT -1 AS delta, * FROM removed' END;
BEGIN
  EXECUTE format($sql$
    INSERT INTO hub_rates_monthly AS m (month, street_code, community_code, cases, response_limited, responded,
                                        responded_in_time, rated, solved, satisfied, basically_satisfied)
    SELECT date_trunc('month', received_at AT TIME ZONE 'Asia/Shanghai')::date, coalesce(street_code, ''), coalesce(community_code, ''),
           sum(delta),
           coalesce(sum(delta) FILTER (WHERE response_due_at IS NOT NULL), 0),
           coalesce(sum(delta) FILTER (WHERE response_due_at IS NOT NULL AND responded_at IS NOT NULL), 0),
           coalesce(sum(delta) FILTER (WHERE response_due_at IS NOT NULL AND responded_at <= response_due_at), 0),
           coalesce(sum(delta) FILTER (WHERE satisfaction IS NOT NULL), 0),
           coalesce(sum(delta) FILTER (WHERE satisfaction IS NOT NULL AND solved), 0),
           coalesce(sum(delta) FILTER (WHERE satisfaction = 'satisfied'), 0),
           coalesce(sum(delta) FILTER (WHERE satisfaction = 'basically_satisfied'), 0)
    FROM (%s) d
    WHERE NOT merged
    GROUP BY 1, 2, 3
    ON CONFLICT (month, street_code, community_code) DO UPDATE SET
      cases = m.cases + excluded.cases, response_limited = m.response_limited + excluded.response_limited,
      responded = m.responded + excluded.responded, responded_in_time = m.responded_in_time + excluded.responded_in_time,
      rated = m.rated + excluded.rated, solved = m.solved + excluded.solved, satisfied = m.satisfied + excluded.satisfied,
      basically_satisfied = m.basically_satisfied + excluded.basically_satisfied
  $sql$, source);
  RETURN NULL;
END $$;
-- PostgreSQL allows transition tables only on single-event triggers: one per event.
CREATE TRIGGER cases_rates_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION hub_rates_follow();
CREATE TRIGGER cases_rates_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION hub_rates_follow();
CREATE TRIGGER cases_rates_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION hub_rates_follow();

-- The aggregate recounted from the case rows: for the cases already on the hub, and after a bulk
-- load made with the triggers off (a restore).
CREATE FUNCTION hub_rates_rebuild() RETURNS void LANGUAGE sql AS $$
DELETE FROM hub_rates_monthly;
INSERT INTO hub_rates_monthly (month, street_code, community_code, cases, response_limited, responded,
                               responded_in_time, rated, solved, satisfied, basically_satisfied)
SELECT date_trunc('month', received_at AT TIME ZONE 'Asia/Shanghai')::date, coalesce(street_code, ''), coalesce(community_code, ''),
       count(*), count(*) FILTER (WHERE response_due_at IS NOT NULL),
       count(*) FILTER (WHERE response_due_at IS NOT NULL AND responded_at IS NOT NULL),
       count(*) FILTER (WHERE response_due_at IS NOT NULL AND responded_at <= response_due_at),
       count(*) FILTER (WHERE satisfaction IS NOT NULL), count(*) FILTER (WHERE satisfaction IS NOT NULL AND solved),
       count(*) FILTER (WHERE satisfaction = 'satisfied'), count(*) FILTER (WHERE satisfaction = 'basically_satisfied')
FROM cases WHERE NOT merged GROUP BY 1, 2, 3;
$$;
SELECT hub_rates_rebuild();

-- Unanswered cases whose limit may still be ahead of "now": the aggregate's one correction.
CREATE INDEX cases_awaiting_response ON cases (response_due_at) INCLUDE (received_at, street_code, community_code)
  WHERE responded_at IS NULL AND response_due_at IS NOT NULL AND NOT merged;
