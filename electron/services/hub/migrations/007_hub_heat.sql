-- GridDesk hub schema v7 (issue 14): the city's heat (热力图) of any months without reading every case.
--
-- Choice: as migration 002, incrementally maintained aggregates kept by statement-level triggers
-- on `cases` with transition tables, exact after every commit; merged duplicates are not counted
-- (they are counted as the case they joined, as on the workstations). A case counts in a fixed
-- lng/lat cell of 0.0005° (about 43 m × 56 m in Beijing): the heat is the kernel density of those
-- cells' centres (hub-heat.service.ts), so it is exact up to the cell, as the workstation's own
-- binned estimate is up to its raster cell. Cases without a valid lng/lat are not on the map.
--
-- Two tables, because a category multiplies the rows about sixty-fold: hub_heat_monthly answers
-- the city's heat of all categories from a few thousand rows a month, hub_heat_category_monthly
-- answers one category (or a major class's minor classes) through its key's leading category.
-- The place codes are kept so that a reader's scope and an area filter apply (a grid's code names
-- its community and street, so they add no rows). Sources are not kept: they would multiply the
-- rows again; a heat limited by source is counted from the case rows (the same numbers, slower).

CREATE FUNCTION hub_heat_cell(degrees double precision) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT floor(degrees * 2000)::integer $$;
CREATE FUNCTION hub_heat_mappable(lng double precision, lat double precision) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT lng BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90 $$;

CREATE TABLE hub_heat_monthly (
  month           date NOT NULL,
  cell_x          integer NOT NULL,
  cell_y          integer NOT NULL,
  -- '' when a code is unknown.
  street_code     text NOT NULL,
  community_code  text NOT NULL,
  grid_code       text NOT NULL,
  cases           bigint NOT NULL,
  PRIMARY KEY (month, cell_x, cell_y, grid_code, community_code, street_code)
);

CREATE TABLE hub_heat_category_monthly (
  category_code   text NOT NULL,
  month           date NOT NULL,
  cell_x          integer NOT NULL,
  cell_y          integer NOT NULL,
  street_code     text NOT NULL,
  community_code  text NOT NULL,
  grid_code       text NOT NULL,
  cases           bigint NOT NULL,
  PRIMARY KEY (category_code, month, cell_x, cell_y, grid_code, community_code, street_code)
);

-- Adds `added` and subtracts `removed` (whichever the trigger's event has), grouped, in one
-- statement for both tables: a push of 10k cases touches each row once.
CREATE FUNCTION hub_heat_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  source text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS delta, * FROM added'
    WHEN 'DELETE' THEN 'SELECT -1 AS delta, * FROM removed'
    ELSE 'SELECT 1 AS delta, * FROM added UNION ALL SELECT -1 AS delta, * FROM removed' END;
BEGIN
  EXECUTE format($sql$
    WITH d AS (
      SELECT date_trunc('month', received_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
             hub_heat_cell(lng) AS cell_x, hub_heat_cell(lat) AS cell_y, coalesce(category_code, '') AS category_code,
             coalesce(street_code, '') AS street_code, coalesce(community_code, '') AS community_code,
             coalesce(grid_code, '') AS grid_code, sum(delta) AS n
      FROM (%s) t
      WHERE NOT merged AND hub_heat_mappable(lng, lat)
      GROUP BY 1, 2, 3, 4, 5, 6, 7
      HAVING sum(delta) <> 0),
    plain AS (
      INSERT INTO hub_heat_monthly AS m (month, cell_x, cell_y, street_code, community_code, grid_code, cases)
      SELECT month, cell_x, cell_y, street_code, community_code, grid_code, sum(n) FROM d GROUP BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (month, cell_x, cell_y, grid_code, community_code, street_code) DO UPDATE SET cases = m.cases + excluded.cases)
    INSERT INTO hub_heat_category_monthly AS m (category_code, month, cell_x, cell_y, street_code, community_code, grid_code, cases)
    SELECT category_code, month, cell_x, cell_y, street_code, community_code, grid_code, n FROM d
    ON CONFLICT (category_code, month, cell_x, cell_y, grid_code, community_code, street_code) DO UPDATE SET cases = m.cases + excluded.cases
  $sql$, source);
  RETURN NULL;
END $$;
-- PostgreSQL allows transition tables only on single-event triggers: one per event.
CREATE TRIGGER cases_heat_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION hub_heat_follow();
CREATE TRIGGER cases_heat_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION hub_heat_follow();
CREATE TRIGGER cases_heat_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION hub_heat_follow();

-- Both aggregates recounted from the case rows: for the cases already on the hub, and after a bulk
-- load made with the triggers off (a restore).
CREATE FUNCTION hub_heat_rebuild() RETURNS void LANGUAGE sql AS $$
DELETE FROM hub_heat_monthly;
DELETE FROM hub_heat_category_monthly;
INSERT INTO hub_heat_category_monthly (category_code, month, cell_x, cell_y, street_code, community_code, grid_code, cases)
SELECT coalesce(category_code, ''), date_trunc('month', received_at AT TIME ZONE 'Asia/Shanghai')::date, hub_heat_cell(lng), hub_heat_cell(lat),
       coalesce(street_code, ''), coalesce(community_code, ''), coalesce(grid_code, ''), count(*)
FROM cases WHERE NOT merged AND hub_heat_mappable(lng, lat) GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO hub_heat_monthly (month, cell_x, cell_y, street_code, community_code, grid_code, cases)
SELECT month, cell_x, cell_y, street_code, community_code, grid_code, sum(cases)
FROM hub_heat_category_monthly GROUP BY 1, 2, 3, 4, 5, 6;
$$;
SELECT hub_heat_rebuild();
