-- Not a numbered migration: run by every `hub init` after them, and idempotent. PostGIS when the
-- server has it and this role may create it (Debian: postgresql-15-postgis-3; CREATE EXTENSION
-- postgis needs a superuser once): cases get a geography derived from lng/lat, with a spatial index.
-- Without it nothing changes and the hub works on lng/lat alone; a later init adds it.
DO $$
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS postgis;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'PostGIS not available: %', SQLERRM;
    RETURN;
  END;
  ALTER TABLE cases ADD COLUMN IF NOT EXISTS geog geography(Point, 4326)
    GENERATED ALWAYS AS (CASE WHEN lng IS NOT NULL AND lat IS NOT NULL
                              THEN ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography END) STORED;
  CREATE INDEX IF NOT EXISTS cases_geog ON cases USING gist (geog);
END
$$;
