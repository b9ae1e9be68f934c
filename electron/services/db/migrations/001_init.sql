-- GridDesk schema v1: the whole domain as ../shared/DOMAIN.md names it.
-- Times are INTEGER milliseconds since the Unix epoch (UTC); the UI shows Asia/Shanghai.
-- Geometries are GeoJSON text in WGS84; bbox columns make spatial filters cheap without R*Tree.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE regions (
  id           INTEGER PRIMARY KEY,
  parent_id    INTEGER REFERENCES regions(id),
  level        TEXT NOT NULL CHECK (level IN ('district', 'street', 'community', 'grid')),
  code         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  geometry     TEXT,
  min_lng      REAL, min_lat REAL, max_lng REAL, max_lat REAL,
  centroid_lng REAL, centroid_lat REAL,
  area_m2      REAL,
  households   INTEGER,
  provenance   TEXT NOT NULL DEFAULT 'user' CHECK (provenance IN ('official', 'derived', 'imported', 'user')),
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX idx_regions_parent ON regions(parent_id);
CREATE INDEX idx_regions_level ON regions(level);
CREATE INDEX idx_regions_bbox ON regions(min_lng, max_lng, min_lat, max_lat);

CREATE TABLE departments (
  id        INTEGER PRIMARY KEY,
  code      TEXT NOT NULL UNIQUE,
  name      TEXT NOT NULL,
  kind      TEXT NOT NULL DEFAULT 'functional' CHECK (kind IN ('functional', 'public_service', 'street_office', 'center')),
  phone     TEXT,
  active    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE staff (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('operator', 'dispatcher', 'grid_worker', 'street_chief', 'alley_steward',
                                              'department_staff', 'leader', 'analyst', 'admin')),
  phone         TEXT,
  department_id INTEGER REFERENCES departments(id),
  region_id     INTEGER REFERENCES regions(id),
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL
);
CREATE INDEX idx_staff_role ON staff(role);

CREATE TABLE street_lines (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  street_id       INTEGER REFERENCES regions(id),
  geometry        TEXT NOT NULL,
  min_lng         REAL, min_lat REAL, max_lng REAL, max_lat REAL,
  length_m        REAL,
  chief_staff_id  INTEGER REFERENCES staff(id),
  provenance      TEXT NOT NULL DEFAULT 'user',
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);

-- Who is on duty where: grid workers on grids, chiefs on street lines, stewards on either.
CREATE TABLE duty_assignments (
  id              INTEGER PRIMARY KEY,
  staff_id        INTEGER NOT NULL REFERENCES staff(id),
  duty            TEXT NOT NULL CHECK (duty IN ('grid_worker', 'street_chief', 'alley_steward')),
  region_id       INTEGER REFERENCES regions(id),
  street_line_id  INTEGER REFERENCES street_lines(id),
  since           INTEGER NOT NULL,
  until           INTEGER,
  CHECK (region_id IS NOT NULL OR street_line_id IS NOT NULL)
);
CREATE INDEX idx_duty_region ON duty_assignments(region_id);
CREATE INDEX idx_duty_staff ON duty_assignments(staff_id);

-- Two-level taxonomy: level 1 major class, level 2 minor class with department and time limits.
CREATE TABLE categories (
  id                     INTEGER PRIMARY KEY,
  code                   TEXT NOT NULL UNIQUE,
  parent_id              INTEGER REFERENCES categories(id),
  level                  INTEGER NOT NULL CHECK (level IN (1, 2)),
  name                   TEXT NOT NULL,
  name_en                TEXT,
  kind                   TEXT NOT NULL CHECK (kind IN ('component', 'event')),
  default_department_id  INTEGER REFERENCES departments(id),
  response_limit_hours   REAL,
  handling_limit_days    REAL,
  time_basis             TEXT NOT NULL DEFAULT 'working' CHECK (time_basis IN ('working', 'natural')),
  active                 INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX idx_categories_parent ON categories(parent_id);

CREATE TABLE import_batches (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('cases', 'grids', 'staff', 'street_lines')),
  file_name       TEXT NOT NULL,
  file_sha256     TEXT,
  encoding        TEXT,
  sheet           TEXT,
  template_id     INTEGER,
  mapping         TEXT,
  status          TEXT NOT NULL CHECK (status IN ('committed', 'undone')),
  rows_total      INTEGER NOT NULL DEFAULT 0,
  rows_inserted   INTEGER NOT NULL DEFAULT 0,
  rows_updated    INTEGER NOT NULL DEFAULT 0,
  rows_unchanged  INTEGER NOT NULL DEFAULT 0,
  rows_refused    INTEGER NOT NULL DEFAULT 0,
  actor_staff_id  INTEGER REFERENCES staff(id),
  started_at      INTEGER NOT NULL,
  committed_at    INTEGER,
  undone_at       INTEGER
);

CREATE TABLE import_row_errors (
  id           INTEGER PRIMARY KEY,
  batch_id     INTEGER NOT NULL REFERENCES import_batches(id),
  row_no       INTEGER NOT NULL,
  column_name  TEXT,
  value        TEXT,
  severity     TEXT NOT NULL CHECK (severity IN ('warning', 'error')),
  reason_code  TEXT NOT NULL,
  message      TEXT NOT NULL
);
CREATE INDEX idx_import_errors_batch ON import_row_errors(batch_id);

CREATE TABLE import_templates (
  id                INTEGER PRIMARY KEY,
  name              TEXT NOT NULL UNIQUE,
  kind              TEXT NOT NULL,
  header_signature  TEXT NOT NULL,
  mapping           TEXT NOT NULL,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);

CREATE TABLE cases (
  id                      INTEGER PRIMARY KEY,
  case_no                 TEXT NOT NULL UNIQUE,
  source                  TEXT NOT NULL CHECK (source IN ('hotline', 'patrol', 'self', 'import', 'proactive')),
  external_no             TEXT,
  category_id             INTEGER REFERENCES categories(id),
  title                   TEXT NOT NULL,
  description             TEXT,
  address                 TEXT,
  lng                     REAL,
  lat                     REAL,
  source_crs              TEXT NOT NULL DEFAULT 'wgs84' CHECK (source_crs IN ('wgs84', 'gcj02', 'bd09', 'cgcs2000')),
  source_lng              REAL,
  source_lat              REAL,
  grid_id                 INTEGER REFERENCES regions(id),
  community_id            INTEGER REFERENCES regions(id),
  street_id               INTEGER REFERENCES regions(id),
  reporter_name           TEXT,
  reporter_phone          TEXT,
  status                  TEXT NOT NULL CHECK (status IN ('received', 'registered', 'dispatched', 'in_progress', 'handled',
                                                          'verified', 'closed', 'returned', 'suspended', 'escalated')),
  priority                TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  first_receiver_staff_id INTEGER REFERENCES staff(id),
  lead_department_id      INTEGER REFERENCES departments(id),
  assignee_staff_id       INTEGER REFERENCES staff(id),
  assignee_department_id  INTEGER REFERENCES departments(id),
  received_at             INTEGER NOT NULL,
  registered_at           INTEGER,
  dispatched_at           INTEGER,
  responded_at            INTEGER,
  handled_at              INTEGER,
  verified_at             INTEGER,
  closed_at               INTEGER,
  response_due_at         INTEGER,
  handling_due_at         INTEGER,
  paused_since            INTEGER,
  paused_ms               INTEGER NOT NULL DEFAULT 0,
  extension_count         INTEGER NOT NULL DEFAULT 0,
  return_count            INTEGER NOT NULL DEFAULT 0,
  reopen_count            INTEGER NOT NULL DEFAULT 0,
  callback_at             INTEGER,
  solved                  INTEGER CHECK (solved IN (0, 1)),
  satisfaction            TEXT CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
  merged_into_id          INTEGER REFERENCES cases(id),
  import_batch_id         INTEGER REFERENCES import_batches(id),
  created_at              INTEGER NOT NULL,
  updated_at              INTEGER NOT NULL
);
CREATE INDEX idx_cases_received ON cases(received_at);
CREATE INDEX idx_cases_status ON cases(status, handling_due_at);
CREATE INDEX idx_cases_grid ON cases(grid_id, received_at);
CREATE INDEX idx_cases_street ON cases(street_id, received_at);
CREATE INDEX idx_cases_category ON cases(category_id, received_at);
CREATE INDEX idx_cases_external ON cases(source, external_no);
CREATE INDEX idx_cases_batch ON cases(import_batch_id);

-- Append-only timeline: rows are inserted, never updated or deleted.
CREATE TABLE case_events (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES cases(id),
  at              INTEGER NOT NULL,
  actor_staff_id  INTEGER REFERENCES staff(id),
  actor_name      TEXT,
  action          TEXT NOT NULL,
  from_status     TEXT,
  to_status       TEXT,
  note            TEXT,
  data            TEXT
);
CREATE INDEX idx_case_events_case ON case_events(case_id, at);
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
  BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
  BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;

CREATE TABLE whistles (
  id               INTEGER PRIMARY KEY,
  case_id          INTEGER NOT NULL REFERENCES cases(id),
  raised_at        INTEGER NOT NULL,
  raised_by        INTEGER REFERENCES staff(id),
  reason           TEXT NOT NULL,
  report_due_at    INTEGER NOT NULL,
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_at        INTEGER
);
CREATE INDEX idx_whistles_case ON whistles(case_id);

-- One row per summoned department: its report (报到) fills reported_at and action_taken.
CREATE TABLE whistle_reports (
  id             INTEGER PRIMARY KEY,
  whistle_id     INTEGER NOT NULL REFERENCES whistles(id),
  department_id  INTEGER NOT NULL REFERENCES departments(id),
  reported_at    INTEGER,
  reported_by    TEXT,
  action_taken   TEXT,
  UNIQUE (whistle_id, department_id)
);

CREATE TABLE attachments (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  event_id    INTEGER REFERENCES case_events(id),
  sha256      TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  mime        TEXT NOT NULL,
  size        INTEGER NOT NULL,
  kind        TEXT NOT NULL DEFAULT 'document' CHECK (kind IN ('before', 'after', 'document')),
  created_at  INTEGER NOT NULL
);
CREATE INDEX idx_attachments_case ON attachments(case_id);

-- 每月一题
CREATE TABLE topics (
  id              INTEGER PRIMARY KEY,
  title           TEXT NOT NULL,
  category_id     INTEGER REFERENCES categories(id),
  region_id       INTEGER REFERENCES regions(id),
  status          TEXT NOT NULL CHECK (status IN ('candidate', 'adopted', 'closed')),
  owner_staff_id  INTEGER REFERENCES staff(id),
  action_plan     TEXT,
  period_start    INTEGER,
  period_end      INTEGER,
  evidence        TEXT,
  adopted_at      INTEGER,
  created_at      INTEGER NOT NULL
);

-- Published monthly figures, frozen so later edits do not rewrite them.
CREATE TABLE ranking_snapshots (
  id          INTEGER PRIMARY KEY,
  month       TEXT NOT NULL,
  scope       TEXT NOT NULL,
  settings    TEXT NOT NULL,
  data        TEXT NOT NULL,
  frozen_at   INTEGER NOT NULL,
  frozen_by   INTEGER REFERENCES staff(id),
  UNIQUE (month, scope)
);

CREATE TABLE basemaps (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('xyz', 'mbtiles', 'pmtiles')),
  url_template  TEXT,
  file_path     TEXT,
  crs           TEXT NOT NULL CHECK (crs IN ('wgs84', 'gcj02', 'bd09', 'cgcs2000')),
  min_zoom      INTEGER NOT NULL DEFAULT 0,
  max_zoom      INTEGER NOT NULL DEFAULT 18,
  bounds        TEXT,
  attribution   TEXT,
  api_key       TEXT,
  is_default    INTEGER NOT NULL DEFAULT 0,
  sort_order    INTEGER NOT NULL DEFAULT 0
);

-- China's official holidays and make-up working days for deadline arithmetic.
CREATE TABLE calendar_days (
  day   TEXT PRIMARY KEY,
  kind  TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name  TEXT
);

CREATE TABLE saved_views (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  owner_id    INTEGER REFERENCES staff(id),
  filter      TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);

CREATE TABLE audit_log (
  id              INTEGER PRIMARY KEY,
  at              INTEGER NOT NULL,
  actor_staff_id  INTEGER REFERENCES staff(id),
  action          TEXT NOT NULL,
  entity          TEXT NOT NULL,
  entity_id       INTEGER,
  detail          TEXT
);
CREATE INDEX idx_audit_entity ON audit_log(entity, entity_id);
