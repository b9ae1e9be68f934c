/**
 * Accounts and sign-in: the slow hash, lock-out after repeated failures, change and reset of
 * passwords, disabling, and the first administrator of a new workspace. Time comes from the
 * injected clock. Every outcome is written to the access log by the repository, in the same write.
 */
import { AppError } from '../shared/app-error';
import { shanghaiText } from '../export/case-table';
import { entryFor } from './access-log.service';
import type { AccountRepository, AccountRow, AccountSummary } from './account.repository';
import { checkPasswordRules, hashPassword, verifyPassword } from './password';
import { resolveScope } from './scope';
import type { ScopeRepository } from './scope.repository';
import type { Session } from './session';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MS = 15 * 60_000;
export const DEFAULT_IDLE_MINUTES = 10;
export const IDLE_MINUTES_RANGE = { min: 1, max: 240 } as const;
const USERNAME = /^[\p{L}\p{N}._-]{2,32}$/u;
const BAD_CREDENTIALS = '用户名或密码错误';
/** Verified against when the username is unknown, so both failures take the same time. */
let decoyHash: Promise<string> | undefined;

export type Actor = Pick<Session, 'accountId' | 'name' | 'role'>;

export class AccountService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly scopes: ScopeRepository,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Signs in. The same message for an unknown name and a wrong password; after
   * MAX_FAILED_ATTEMPTS wrong passwords in a row the account is locked for LOCK_MS.
   */
  async signIn(username: string, password: string): Promise<Session> {
    const now = this.clock();
    const account = this.accounts.byUsername(username.trim());
    if (!account) {
      await verifyPassword(password, await (decoyHash ??= hashPassword('decoy-password')));
      // The typed name is not kept: people type passwords into the name box, and this log is forever.
      this.accounts.log(entryFor(null, { kind: 'sign_in_failed', detail: '未知用户名' }, now));
      throw new AppError('bad_credentials', BAD_CREDENTIALS);
    }
    this.refuseIfLocked(account, now);
    if (!(await verifyPassword(password, account.passwordHash))) this.failed(account, now, '密码错误');
    if (account.disabled || !account.staffActive) {
      this.accounts.log(entryFor(actorOf(account), { kind: 'sign_in_failed', detail: '账号已停用' }, now));
      throw new AppError('account_disabled', `账号 ${account.username} 已停用，请联系系统管理员`);
    }
    const session = this.sessionOf(account, now);
    this.accounts.signInSucceeded(account.id, now, entryFor(session, { kind: 'sign_in' }, now));
    return session;
  }

  /** Checks the password of an existing session (unlocking an idle lock); failures count toward the lock-out. */
  async confirmPassword(accountId: number, password: string): Promise<void> {
    const now = this.clock();
    const account = this.require(accountId);
    this.refuseIfLocked(account, now);
    if (!(await verifyPassword(password, account.passwordHash))) this.failed(account, now, '解锁密码错误');
    if (account.disabled || !account.staffActive) throw new AppError('account_disabled', `账号 ${account.username} 已停用，请联系系统管理员`);
    this.accounts.signInSucceeded(account.id, now, entryFor(actorOf(account), { kind: 'unlock' }, now));
  }

  /** The session for an account, with its scope as of now (duties change). */
  sessionOf(account: AccountRow, signedInAt = this.clock()): Session {
    const staff = this.scopes.staff(account.staffId);
    if (!staff) throw new AppError('not_found', `账号 ${account.username} 对应的人员（编号 ${account.staffId}）不存在`);
    return {
      accountId: account.id, staffId: account.staffId, username: account.username, name: account.name, role: account.role,
      scope: resolveScope(staff, this.scopes.activeDuties(account.staffId, signedInAt)), signedInAt,
      mustChangePassword: account.mustChangePassword,
    };
  }

  session(accountId: number): Session {
    return this.sessionOf(this.require(accountId));
  }

  async changePassword(accountId: number, oldPassword: string, newPassword: string): Promise<void> {
    const account = this.require(accountId);
    if (!(await verifyPassword(oldPassword, account.passwordHash))) throw new AppError('bad_credentials', '原密码不正确');
    checkPasswordRules(newPassword);
    if (newPassword === oldPassword) throw new AppError('weak_password', '新密码不能与原密码相同');
    const now = this.clock();
    this.accounts.setPassword(account.id, await hashPassword(newPassword), false, now,
      entryFor(actorOf(account), { kind: 'account_admin', detail: `${account.username} 修改了自己的密码` }, now));
  }

  /** An administrator sets a new password; its owner must change it at the next sign-in. */
  async resetPassword(by: Actor, accountId: number, newPassword: string): Promise<void> {
    const account = this.require(accountId);
    checkPasswordRules(newPassword);
    const now = this.clock();
    this.accounts.setPassword(account.id, await hashPassword(newPassword), true, now,
      entryFor(by, { kind: 'account_admin', detail: `重置了账号 ${account.username} 的密码（并解除锁定）` }, now));
  }

  setDisabled(by: Actor, accountId: number, disabled: boolean): void {
    const account = this.require(accountId);
    if (disabled && account.id === by.accountId) throw new AppError('invalid_input', '不能停用自己正在使用的账号');
    if (disabled && account.role === 'admin' && !account.disabled && this.accounts.activeAdminCount() <= 1) {
      throw new AppError('invalid_input', '这是最后一个可用的系统管理员账号，不能停用');
    }
    const now = this.clock();
    this.accounts.setDisabled(account.id, disabled, now,
      entryFor(by, { kind: 'account_admin', detail: `${disabled ? '停用' : '启用'}了账号 ${account.username}` }, now));
  }

  /** An account for a staff member of the directory; the password is an initial one, changed at first sign-in. */
  async createAccount(by: Actor | null, staffId: number, username: string, password: string, mustChangePassword = true): Promise<AccountSummary> {
    const name = this.checkUsername(username);
    const staff = this.accounts.staff(staffId);
    if (!staff) throw new AppError('not_found', `人员编号 ${staffId} 不存在`);
    if (!staff.active) throw new AppError('invalid_input', `${staff.name} 已不在岗，不能开设账号`);
    const existing = this.accounts.byStaff(staffId);
    if (existing) throw new AppError('duplicate', `${staff.name} 已有账号 ${existing.username}`);
    checkPasswordRules(password);
    const now = this.clock();
    const id = this.accounts.insert(
      { staffId, username: name, passwordHash: await hashPassword(password), mustChangePassword, at: now },
      entryFor(by, { kind: 'account_admin', detail: `为 ${staff.name} 开设账号 ${name}` }, now),
    );
    return this.summary(id);
  }

  list(): AccountSummary[] {
    return this.accounts.list();
  }

  /** A new workspace has no account yet: the start screen asks for the first administrator. */
  needsFirstAdmin(): boolean {
    return this.accounts.count() === 0;
  }

  /**
   * Creates the first administrator and signs them in. Uses the roster's administrator of that
   * name when there is one without an account; otherwise adds a staff row with role admin. Only
   * while no account exists: afterwards accounts are the administrator's business.
   */
  async createFirstAdmin(staffName: string, username: string, password: string): Promise<Session> {
    if (!this.needsFirstAdmin()) throw new AppError('already_set_up', '本工作区已有账号，请登录；新账号由系统管理员开设');
    const name = staffName.trim();
    if (!name || name.length > 40) throw new AppError('invalid_input', '请填写管理员姓名（1–40 个字）');
    const login = this.checkUsername(username);
    checkPasswordRules(password);
    const now = this.clock();
    const hash = await hashPassword(password);
    const existing = this.accounts.adminStaffWithoutAccount(name);
    let code = 'ADMIN';
    for (let i = 2; existing === undefined && this.accounts.staffCodeTaken(code); i++) code = `ADMIN${i}`;
    const { accountId } = this.accounts.insertAdminWithStaff(
      existing !== undefined ? { id: existing } : { code, name },
      { username: login, passwordHash: hash, mustChangePassword: false, at: now },
      { ...entryFor(null, { kind: 'account_admin', detail: `首次启动：创建系统管理员账号 ${login}` }, now), actorName: name, role: 'admin' },
    );
    return this.sessionOf(this.require(accountId), now);
  }

  idleMinutes(): number {
    const value = this.accounts.idleMinutes();
    return value !== undefined && Number.isInteger(value) && value >= IDLE_MINUTES_RANGE.min && value <= IDLE_MINUTES_RANGE.max ? value : DEFAULT_IDLE_MINUTES;
  }

  setIdleMinutes(by: Actor, minutes: number): number {
    if (!Number.isInteger(minutes) || minutes < IDLE_MINUTES_RANGE.min || minutes > IDLE_MINUTES_RANGE.max) {
      throw new AppError('invalid_input', `空闲锁屏时间须为 ${IDLE_MINUTES_RANGE.min}–${IDLE_MINUTES_RANGE.max} 分钟的整数，收到 ${minutes}`);
    }
    const now = this.clock();
    this.accounts.setIdleMinutes(minutes, entryFor(by, { kind: 'account_admin', detail: `空闲锁屏时间设为 ${minutes} 分钟` }, now));
    return minutes;
  }

  /** 交接班: records who handed the desk to whom, with the note. */
  recordHandover(from: Actor | null, to: Session, note: string | null): void {
    const now = this.clock();
    const text = note?.trim() || null;
    this.accounts.handover(from?.accountId ?? null, to.accountId, now, text,
      entryFor(to, { kind: 'shift_handover', detail: `${from ? `${from.name} 交班给 ` : ''}${to.name}${text ? `：${text}` : ''}` }, now));
  }

  /** Records a sign-out or a screen lock. */
  note(actor: Actor, kind: 'sign_out' | 'lock'): void {
    this.accounts.log(entryFor(actor, { kind }, this.clock()));
  }

  private summary(id: number): AccountSummary {
    return this.accounts.list().find((a) => a.id === id)!;
  }

  private require(accountId: number): AccountRow {
    const account = this.accounts.byId(accountId);
    if (!account) throw new AppError('not_found', `账号编号 ${accountId} 不存在`);
    return account;
  }

  private checkUsername(username: string): string {
    const name = username.trim();
    if (!USERNAME.test(name)) throw new AppError('invalid_input', `用户名「${name}」无效：须为 2–32 个字母、数字、汉字或 . _ -`);
    const taken = this.accounts.byUsername(name);
    if (taken) throw new AppError('duplicate', `用户名 ${name} 已被 ${taken.name} 使用`);
    return name;
  }

  private refuseIfLocked(account: AccountRow, now: number): void {
    if (account.lockedUntil !== null && account.lockedUntil > now) {
      throw new AppError('account_locked', `连续输错密码 ${MAX_FAILED_ATTEMPTS} 次，账号 ${account.username} 已锁定至 ${shanghaiText(account.lockedUntil)}（北京时间），届时可再试，或请系统管理员重置密码`, { lockedUntil: account.lockedUntil });
    }
  }

  /** Counts a wrong password, locks at the limit, and throws. */
  private failed(account: AccountRow, now: number, what: string): never {
    // A lock that has run out starts a fresh count.
    const previous = account.lockedUntil !== null && account.lockedUntil <= now ? 0 : account.failedAttempts;
    const attempts = previous + 1;
    const lockedUntil = attempts >= MAX_FAILED_ATTEMPTS ? now + LOCK_MS : null;
    this.accounts.signInFailed(account.id, lockedUntil === null ? attempts : 0, lockedUntil, now,
      entryFor(actorOf(account), { kind: 'sign_in_failed', detail: `${what}（第 ${attempts} 次）${lockedUntil ? `，已锁定至 ${shanghaiText(lockedUntil)}` : ''}` }, now));
    if (lockedUntil !== null) this.refuseIfLocked({ ...account, lockedUntil }, now);
    throw new AppError('bad_credentials', BAD_CREDENTIALS);
  }
}

function actorOf(account: AccountRow): Actor {
  return { accountId: account.id, name: account.name, role: account.role };
}
