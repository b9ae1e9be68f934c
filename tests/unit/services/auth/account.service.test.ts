import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_MS, MAX_FAILED_ATTEMPTS } from '../../../../electron/services/auth/account.service';
import { AppError } from '../../../../electron/services/shared/app-error';
import { smallWorkspace } from './fixture';

type Workspace = Awaited<ReturnType<typeof smallWorkspace>>;
const PASSWORD = 'griddesk-test-1';
let open: Workspace | undefined;
afterEach(async () => {
  await open?.db.close();
  open = undefined;
});

async function withAccounts() {
  open = await smallWorkspace();
  const admin = await open.accounts.createAccount(null, 1, 'admin', PASSWORD, false);
  const operator = await open.accounts.createAccount(null, 2, 'operator1', PASSWORD, false);
  return { ...open, admin, operator, adminActor: { accountId: admin.id, name: admin.name, role: admin.role } };
}

async function codeOf(promise: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const accessKinds = (w: Workspace) => w.db.all<{ kind: string; accountId: number | null }>('SELECT kind, account_id AS "accountId" FROM access_log ORDER BY id');

describe('signing in', () => {
  it('signs in with the right password, case-insensitive username, and logs it', async () => {
    const w = await withAccounts();
    const session = await w.accounts.signIn('OPERATOR1', PASSWORD);
    expect(session).toMatchObject({ accountId: w.operator.id, staffId: 2, username: 'operator1', name: '值班员乙', role: 'operator', scope: { kind: 'street', regionIds: [2] } });
    expect(session.signedInAt).toBe(w.clock.now);
    expect(accessKinds(w).at(-1)).toEqual({ kind: 'sign_in', accountId: w.operator.id });
    expect(w.db.get('SELECT last_sign_in_at AS t FROM accounts WHERE id = ?', [w.operator.id])).toEqual({ t: w.clock.now });
  });

  it('says the same for an unknown user and a wrong password', async () => {
    const w = await withAccounts();
    const unknown = await codeOf(w.accounts.signIn('nobody', PASSWORD));
    const wrong = await codeOf(w.accounts.signIn('operator1', 'wrong-password'));
    expect([unknown.code, wrong.code]).toEqual(['bad_credentials', 'bad_credentials']);
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.message).toBe('用户名或密码错误');
    expect(accessKinds(w).slice(-2)).toEqual([{ kind: 'sign_in_failed', accountId: null }, { kind: 'sign_in_failed', accountId: w.operator.id }]);
  });

  it(`locks the account after ${MAX_FAILED_ATTEMPTS} wrong passwords in a row, for 15 minutes`, async () => {
    const w = await withAccounts();
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) expect((await codeOf(w.accounts.signIn('operator1', `wrong-${i}`))).code).toBe('bad_credentials');
    const locked = await codeOf(w.accounts.signIn('operator1', 'wrong-5'));
    expect(locked.code).toBe('account_locked');
    // 2026-03-05 06:00 UTC is 14:00 in Beijing; locked until 14:15.
    expect(locked.message).toContain('已锁定至 2026-03-05 14:15（北京时间）');
    // Even the right password is refused while locked.
    expect((await codeOf(w.accounts.signIn('operator1', PASSWORD))).code).toBe('account_locked');
    w.clock.advance(LOCK_MS - 1);
    expect((await codeOf(w.accounts.signIn('operator1', PASSWORD))).code).toBe('account_locked');
    w.clock.advance(1);
    const session = await w.accounts.signIn('operator1', PASSWORD);
    expect(session.accountId).toBe(w.operator.id);
    expect(w.db.get('SELECT failed_attempts AS f, locked_until AS l FROM accounts WHERE id = ?', [w.operator.id])).toEqual({ f: 0, l: null });
  });

  it('counts only consecutive failures: a success in between starts again', async () => {
    const w = await withAccounts();
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) await codeOf(w.accounts.signIn('operator1', 'wrong-pass'));
    await w.accounts.signIn('operator1', PASSWORD);
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) expect((await codeOf(w.accounts.signIn('operator1', 'wrong-pass'))).code).toBe('bad_credentials');
  });

  it('refuses a disabled account, but only with the right password (no hint to a guesser)', async () => {
    const w = await withAccounts();
    w.accounts.setDisabled(w.adminActor, w.operator.id, true);
    expect((await codeOf(w.accounts.signIn('operator1', 'wrong-password'))).code).toBe('bad_credentials');
    const disabled = await codeOf(w.accounts.signIn('operator1', PASSWORD));
    expect(disabled.code).toBe('account_disabled');
    expect(disabled.message).toMatch(/已停用/);
    w.accounts.setDisabled(w.adminActor, w.operator.id, false);
    expect((await w.accounts.signIn('operator1', PASSWORD)).role).toBe('operator');
  });

  it('will not disable your own account or the last administrator', async () => {
    const w = await withAccounts();
    expect((await codeOf(() => w.accounts.setDisabled(w.adminActor, w.admin.id, true))).message).toMatch(/自己/);
    const other = { accountId: w.operator.id, name: '值班员乙', role: 'operator' as const };
    expect((await codeOf(() => w.accounts.setDisabled(other, w.admin.id, true))).message).toMatch(/最后一个/);
  });
});

describe('passwords', () => {
  it('changes a password: the old one stops working, rules apply', async () => {
    const w = await withAccounts();
    expect((await codeOf(w.accounts.changePassword(w.operator.id, 'not-the-old-one', 'new-password-1'))).code).toBe('bad_credentials');
    expect((await codeOf(w.accounts.changePassword(w.operator.id, PASSWORD, 'short'))).message).toMatch(/至少需要 8 个字符/);
    expect((await codeOf(w.accounts.changePassword(w.operator.id, PASSWORD, PASSWORD))).code).toBe('weak_password');
    await w.accounts.changePassword(w.operator.id, PASSWORD, 'new-password-1');
    expect((await codeOf(w.accounts.signIn('operator1', PASSWORD))).code).toBe('bad_credentials');
    expect((await w.accounts.signIn('operator1', 'new-password-1')).accountId).toBe(w.operator.id);
  });

  it("an administrator's reset lifts a lock and makes the owner change it", async () => {
    const w = await withAccounts();
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) await codeOf(w.accounts.signIn('operator1', 'wrong-pass'));
    await w.accounts.resetPassword(w.adminActor, w.operator.id, 'reset-password-1');
    const session = await w.accounts.signIn('operator1', 'reset-password-1');
    expect(session.mustChangePassword).toBe(true);
    const row = w.db.get<{ hash: string }>('SELECT password_hash AS hash FROM accounts WHERE id = ?', [w.operator.id])!;
    expect(row.hash).toMatch(/^scrypt\$/);
    expect(row.hash).not.toContain('reset-password-1');
  });
});

describe('accounts', () => {
  it('one account per staff member, unique usernames, active staff only', async () => {
    const w = await withAccounts();
    expect((await codeOf(w.accounts.createAccount(w.adminActor, 2, 'operator2', PASSWORD))).code).toBe('duplicate');
    expect((await codeOf(w.accounts.createAccount(w.adminActor, 3, 'Operator1', PASSWORD))).code).toBe('duplicate');
    expect((await codeOf(w.accounts.createAccount(w.adminActor, 99, 'ghost', PASSWORD))).code).toBe('not_found');
    expect((await codeOf(w.accounts.createAccount(w.adminActor, 3, 'a b', PASSWORD))).code).toBe('invalid_input');
    const analyst = await w.accounts.createAccount(w.adminActor, 3, '分析员1', PASSWORD);
    expect(analyst).toMatchObject({ username: '分析员1', name: '分析员丙', role: 'analyst', mustChangePassword: true, disabled: false });
    expect(JSON.stringify(w.accounts.list())).not.toMatch(/scrypt/);
    expect(w.accounts.list().map((a) => a.username)).toEqual(['admin', 'operator1', '分析员1']);
  });

  it('the first start of a new workspace creates the administrator once', async () => {
    open = await smallWorkspace();
    const w = open;
    expect(w.accounts.needsFirstAdmin()).toBe(true);
    // The roster's administrator of that name is used; a new name gets a new staff row.
    const session = await w.accounts.createFirstAdmin('管理员甲', 'chief', 'first-admin-pw');
    expect(session).toMatchObject({ staffId: 1, role: 'admin', scope: { kind: 'all' }, mustChangePassword: false });
    expect(w.accounts.needsFirstAdmin()).toBe(false);
    expect((await codeOf(w.accounts.createFirstAdmin('另一人', 'second', 'first-admin-pw'))).code).toBe('already_set_up');
    expect(accessKinds(w)).toEqual([{ kind: 'account_admin', accountId: session.accountId }]);
  });

  it('the first administrator of a workspace without one in the roster gets a new staff row', async () => {
    open = await smallWorkspace();
    const session = await open.accounts.createFirstAdmin('新管理员', 'boss', 'first-admin-pw');
    expect(open.db.get('SELECT code, name, role FROM staff WHERE id = ?', [session.staffId])).toEqual({ code: 'ADMIN', name: '新管理员', role: 'admin' });
  });

  it('idle lock minutes: 10 by default, a setting, within 1–240', async () => {
    const w = await withAccounts();
    expect(w.accounts.idleMinutes()).toBe(10);
    expect(w.accounts.setIdleMinutes(w.adminActor, 30)).toBe(30);
    expect(w.accounts.idleMinutes()).toBe(30);
    expect((await codeOf(() => w.accounts.setIdleMinutes(w.adminActor, 0))).code).toBe('invalid_input');
    expect(w.accounts.idleMinutes()).toBe(30);
  });
});

describe('what the log keeps of a failed sign-in', () => {
  it('not the text typed as an unknown username (it may be a password)', async () => {
    const w = await withAccounts();
    await codeOf(w.accounts.signIn('griddesk-test-1', 'whatever-1'));
    const row = w.db.get<{ detail: string; accountId: number | null }>(`SELECT detail, account_id AS "accountId" FROM access_log ORDER BY id DESC LIMIT 1`)!;
    expect(row).toEqual({ detail: '未知用户名', accountId: null });
  });
});
