/**
 * Accounts (one per staff member), their sign-in state, shift handovers and the idle-lock setting.
 * Every write also appends its access-log entry in the same transaction: an account change and its
 * record are one durable write.
 */
import type { StaffRole } from '../../contract';
import type { DurableDatabase } from '../db/durable-database';
import { appendAccess, type AccessEntry } from './access-log.repository';

const IDLE_KEY = 'auth.idle_lock_minutes';

export interface AccountRow {
  id: number;
  staffId: number;
  username: string;
  passwordHash: string;
  disabled: boolean;
  failedAttempts: number;
  lockedUntil: number | null;
  mustChangePassword: boolean;
  lastSignInAt: number | null;
  name: string;
  role: StaffRole;
  staffActive: boolean;
}

/** What the account list shows: never the hash. */
export interface AccountSummary {
  id: number;
  staffId: number;
  username: string;
  name: string;
  staffCode: string;
  role: StaffRole;
  departmentName: string | null;
  regionName: string | null;
  disabled: boolean;
  lockedUntil: number | null;
  mustChangePassword: boolean;
  lastSignInAt: number | null;
  createdAt: number;
}

export interface AccountInsert {
  staffId: number;
  username: string;
  passwordHash: string;
  mustChangePassword: boolean;
  at: number;
}

type RawAccount = Omit<AccountRow, 'disabled' | 'mustChangePassword' | 'staffActive'> & { disabled: number; mustChangePassword: number; staffActive: number };
const SELECT_ACCOUNT = `SELECT a.id, a.staff_id AS "staffId", a.username, a.password_hash AS "passwordHash", a.disabled,
  a.failed_attempts AS "failedAttempts", a.locked_until AS "lockedUntil", a.must_change_password AS "mustChangePassword",
  a.last_sign_in_at AS "lastSignInAt", s.name, s.role, s.active AS "staffActive"
  FROM accounts a JOIN staff s ON s.id = a.staff_id`;
const INSERT_ACCOUNT = `INSERT INTO accounts (staff_id, username, password_hash, disabled, failed_attempts, locked_until,
  must_change_password, created_at, updated_at, password_changed_at) VALUES (?, ?, ?, 0, 0, NULL, ?, ?, ?, ?)`;

function toRow(raw: RawAccount | undefined): AccountRow | undefined {
  if (!raw) return undefined;
  return { ...raw, disabled: raw.disabled === 1, mustChangePassword: raw.mustChangePassword === 1, staffActive: raw.staffActive === 1 };
}

export class AccountRepository {
  constructor(private readonly db: DurableDatabase) {}

  /** Case-insensitive, as the column's collation. */
  byUsername(username: string): AccountRow | undefined {
    return toRow(this.db.get<RawAccount>(`${SELECT_ACCOUNT} WHERE a.username = ?`, [username]));
  }

  byId(id: number): AccountRow | undefined {
    return toRow(this.db.get<RawAccount>(`${SELECT_ACCOUNT} WHERE a.id = ?`, [id]));
  }

  byStaff(staffId: number): AccountRow | undefined {
    return toRow(this.db.get<RawAccount>(`${SELECT_ACCOUNT} WHERE a.staff_id = ?`, [staffId]));
  }

  count(): number {
    return this.db.get<{ n: number }>('SELECT count(*) AS n FROM accounts')!.n;
  }

  /** Enabled accounts of active administrators (the last one may not be disabled). */
  activeAdminCount(): number {
    return this.db.get<{ n: number }>(
      `SELECT count(*) AS n FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.disabled = 0 AND s.active = 1 AND s.role = 'admin'`,
    )!.n;
  }

  list(): AccountSummary[] {
    return this.db.all<Omit<AccountSummary, 'disabled' | 'mustChangePassword'> & { disabled: number; mustChangePassword: number }>(
      `SELECT a.id, a.staff_id AS "staffId", a.username, s.name, s.code AS "staffCode", s.role, d.name AS "departmentName",
              r.name AS "regionName", a.disabled, a.locked_until AS "lockedUntil", a.must_change_password AS "mustChangePassword",
              a.last_sign_in_at AS "lastSignInAt", a.created_at AS "createdAt"
       FROM accounts a JOIN staff s ON s.id = a.staff_id LEFT JOIN departments d ON d.id = s.department_id
       LEFT JOIN regions r ON r.id = s.region_id ORDER BY a.username COLLATE NOCASE`,
    ).map((row) => ({ ...row, disabled: row.disabled === 1, mustChangePassword: row.mustChangePassword === 1 }));
  }

  staff(staffId: number): { id: number; name: string; role: StaffRole; active: boolean } | undefined {
    const row = this.db.get<{ id: number; name: string; role: StaffRole; active: number }>('SELECT id, name, role, active FROM staff WHERE id = ?', [staffId]);
    return row && { ...row, active: row.active === 1 };
  }

  /** An active administrator of the roster with this name and no account yet (the first start). */
  adminStaffWithoutAccount(name: string): number | undefined {
    return this.db.get<{ id: number }>(
      `SELECT s.id FROM staff s LEFT JOIN accounts a ON a.staff_id = s.id
       WHERE s.role = 'admin' AND s.active = 1 AND s.name = ? AND a.id IS NULL ORDER BY s.id LIMIT 1`,
      [name],
    )?.id;
  }

  staffCodeTaken(code: string): boolean {
    return this.db.get('SELECT 1 AS x FROM staff WHERE code = ?', [code]) !== undefined;
  }

  insert(account: AccountInsert, log: AccessEntry): number {
    return this.db.transaction((tx) => {
      const id = tx.insert(INSERT_ACCOUNT, [
        account.staffId, account.username, account.passwordHash, account.mustChangePassword ? 1 : 0, account.at, account.at, account.at,
      ]);
      appendAccess(tx, { ...log, detail: log.detail ?? `账号 ${account.username}（编号 ${id}）` });
      return id;
    });
  }

  /** The first administrator: a new staff row when the roster has none, and its account. */
  insertAdminWithStaff(staff: { code: string; name: string } | { id: number }, account: Omit<AccountInsert, 'staffId'>, log: Omit<AccessEntry, 'accountId'>): { accountId: number; staffId: number } {
    return this.db.transaction((tx) => {
      const staffId = 'id' in staff ? staff.id : tx.insert(
        `INSERT INTO staff (code, name, role, phone, department_id, region_id, active, created_at) VALUES (?, ?, 'admin', NULL, NULL, NULL, 1, ?)`,
        [staff.code, staff.name, account.at],
      );
      const accountId = tx.insert(INSERT_ACCOUNT, [staffId, account.username, account.passwordHash, account.mustChangePassword ? 1 : 0, account.at, account.at, account.at]);
      appendAccess(tx, { ...log, accountId });
      return { accountId, staffId };
    });
  }

  signInSucceeded(id: number, at: number, log: AccessEntry): void {
    if (this.db.readOnly) return; // see log()
    this.db.transaction((tx) => {
      tx.run('UPDATE accounts SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = ?, updated_at = ? WHERE id = ?', [at, at, id]);
      appendAccess(tx, log);
    });
  }

  /** A wrong password: the new count, and the lock when it reached the limit (then the count restarts). */
  signInFailed(id: number, failedAttempts: number, lockedUntil: number | null, at: number, log: AccessEntry): void {
    if (this.db.readOnly) return; // see log()
    this.db.transaction((tx) => {
      tx.run('UPDATE accounts SET failed_attempts = ?, locked_until = ?, updated_at = ? WHERE id = ?', [failedAttempts, lockedUntil, at, id]);
      appendAccess(tx, log);
    });
  }

  setPassword(id: number, passwordHash: string, mustChange: boolean, at: number, log: AccessEntry): void {
    this.db.transaction((tx) => {
      tx.run(
        `UPDATE accounts SET password_hash = ?, must_change_password = ?, failed_attempts = 0, locked_until = NULL,
         password_changed_at = ?, updated_at = ? WHERE id = ?`,
        [passwordHash, mustChange ? 1 : 0, at, at, id],
      );
      appendAccess(tx, log);
    });
  }

  setDisabled(id: number, disabled: boolean, at: number, log: AccessEntry): void {
    this.db.transaction((tx) => {
      tx.run('UPDATE accounts SET disabled = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?', [disabled ? 1 : 0, at, id]);
      appendAccess(tx, log);
    });
  }

  handover(fromAccountId: number | null, toAccountId: number, at: number, note: string | null, log: AccessEntry): number {
    return this.db.transaction((tx) => {
      const id = tx.insert('INSERT INTO shift_handovers (at, from_account_id, to_account_id, note) VALUES (?, ?, ?, ?)', [at, fromAccountId, toAccountId, note]);
      appendAccess(tx, log);
      return id;
    });
  }

  /**
   * A workspace opened read-only (held by another writer, or damaged) can still be signed into to
   * look at it: the sign-in and lock records are the only writes skipped. Looks at personal data
   * are refused there instead, since their access-log entry could not be written.
   */
  log(entry: AccessEntry): void {
    if (this.db.readOnly) return;
    this.db.transaction((tx) => appendAccess(tx, entry));
  }

  idleMinutes(): number | undefined {
    const value = this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [IDLE_KEY])?.value;
    return value === undefined ? undefined : Number(value);
  }

  setIdleMinutes(minutes: number, log: AccessEntry): void {
    this.db.transaction((tx) => {
      tx.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [IDLE_KEY, String(minutes)]);
      appendAccess(tx, log);
    });
  }
}
