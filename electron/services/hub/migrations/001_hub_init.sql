-- GridDesk hub schema v1 (issue 14): the shared history of a center or a city in PostgreSQL.
-- Workstations push their changes here and pull the others'; leaders' city-wide queries read `cases`.

-- Every workspace that has pushed, named once (its public key verifies its exchange packages).
CREATE TABLE workspaces (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  public_key  text,
  first_seen  timestamptz NOT NULL
);

-- The change log. change_id is globally unique, so applying a change twice is a no-op
-- (INSERT … ON CONFLICT (change_id) DO NOTHING). `origin` is not a foreign key: a workstation may
-- relay another's changes (received by exchange file) before that one ever reached the hub.
-- `seq` is the pull cursor: pushes are serialised (hub.repository.ts) so seq commits in order.
CREATE TABLE changes (
  change_id       text PRIMARY KEY,
  seq             bigserial NOT NULL UNIQUE,
  hlc             text NOT NULL,
  origin          text NOT NULL,
  kind            text NOT NULL,
  entity          text NOT NULL,
  street_code     text,
  community_code  text,
  grid_code       text,
  payload         jsonb NOT NULL
);
-- A scoped pull: "changes of my street after my cursor".
CREATE INDEX changes_street_seq ON changes (street_code, seq);
CREATE INDEX changes_community_seq ON changes (community_code, seq);
CREATE INDEX changes_grid_seq ON changes (grid_code, seq);
-- Replaying one case: its changes in causal order.
CREATE INDEX changes_entity_hlc ON changes (entity, hlc);

-- Current case rows materialised from the changes, for city-wide lists, heat and the three rates.
-- Coordinates are WGS84 lng/lat as on the workstations; `geog` (PostGIS) is added when the
-- extension can be created (postgis.sql), derived from them, so writers never depend on PostGIS.
CREATE TABLE cases (
  uid              text PRIMARY KEY,
  case_no          text NOT NULL,
  source           text,
  status           text NOT NULL,
  category_code    text,
  street_code      text,
  community_code   text,
  grid_code        text,
  lng              double precision,
  lat              double precision,
  received_at      timestamptz NOT NULL,
  response_due_at  timestamptz,
  responded_at     timestamptz,
  handling_due_at  timestamptz,
  closed_at        timestamptz,
  solved           boolean,
  satisfaction     text,
  sync_conflict    boolean NOT NULL DEFAULT false,
  -- The hlc of the last change folded into this row.
  hlc              text NOT NULL
);
-- Three rates for a month, city-wide or per street/community/grid: index-only scans over the month.
CREATE INDEX cases_month_rates ON cases (received_at)
  INCLUDE (street_code, community_code, status, responded_at, response_due_at, solved, satisfaction);
CREATE INDEX cases_street_month ON cases (street_code, received_at)
  INCLUDE (status, responded_at, response_due_at, solved, satisfaction);
CREATE INDEX cases_community_month ON cases (community_code, received_at);
CREATE INDEX cases_grid_month ON cases (grid_code, received_at);
CREATE INDEX cases_category_month ON cases (category_code, received_at);
CREATE INDEX cases_case_no ON cases (case_no);
CREATE INDEX cases_open ON cases (status, handling_due_at) WHERE closed_at IS NULL;
