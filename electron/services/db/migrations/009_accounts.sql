-- GridDesk schema v9 (issue 12): who did it. Accounts of staff members, the append-only access log
-- of personal data (and of sign-ins and account changes), and shift handovers (交接班) at a shared desk.
-- Times are INTEGER milliseconds since the Unix epoch (UTC), as everywhere.

-- One account per staff member. password_hash is `scrypt$N$r$p$saltB64$hashB64`: the salt and the
-- cost travel with the hash, so raising the cost later does not strand old passwords.
CREATE TABLE accounts (
  id                    INTEGER PRIMARY KEY,
  staff_id              INTEGER NOT NULL UNIQUE REFERENCES staff(id),
  username              TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash         TEXT NOT NULL,
  disabled              INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  failed_attempts       INTEGER NOT NULL DEFAULT 0,
  locked_until          INTEGER,
  must_change_password  INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  last_sign_in_at       INTEGER,
  created_at            INTEGER NOT NULL,
  updated_at            INTEGER NOT NULL,
  password_changed_at   INTEGER NOT NULL
);

-- Who looked at which personal data, when and why (PIPL), plus sign-ins and account changes.
-- kind: 'unmask' | 'unmasked_export' | 'caller_history' | 'sign_in' | 'sign_in_failed' | 'sign_out'
-- | 'shift_handover' | 'account_admin' (checked by the service, so a new kind needs no table rebuild).
CREATE TABLE access_log (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  account_id  INTEGER REFERENCES accounts(id),
  actor_name  TEXT NOT NULL,
  role        TEXT,
  case_id     INTEGER REFERENCES cases(id),
  field       TEXT,
  reason      TEXT,
  kind        TEXT NOT NULL,
  detail      TEXT
);
CREATE INDEX idx_access_log_at ON access_log(at);
CREATE INDEX idx_access_log_account ON access_log(account_id, at);
CREATE INDEX idx_access_log_case ON access_log(case_id, at);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
  BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
  BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;

-- 交接班: one operator hands the desk to another without closing the workspace.
CREATE TABLE shift_handovers (
  id               INTEGER PRIMARY KEY,
  at               INTEGER NOT NULL,
  from_account_id  INTEGER REFERENCES accounts(id),
  to_account_id    INTEGER NOT NULL REFERENCES accounts(id),
  note             TEXT
);
CREATE INDEX idx_shift_handovers_at ON shift_handovers(at);
CREATE TRIGGER shift_handovers_no_update BEFORE UPDATE ON shift_handovers
  BEGIN SELECT RAISE(ABORT, 'shift_handovers is append-only'); END;
CREATE TRIGGER shift_handovers_no_delete BEFORE DELETE ON shift_handovers
  BEGIN SELECT RAISE(ABORT, 'shift_handovers is append-only'); END;

-- A department user's scope includes cases whistled to the department: find them by department.
CREATE INDEX idx_whistle_reports_department ON whistle_reports(department_id, whistle_id);
