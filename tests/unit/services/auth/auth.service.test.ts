import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../electron/services/shared/app-error';
import { smallWorkspace } from './fixture';

type Workspace = Awaited<ReturnType<typeof smallWorkspace>>;
const PASSWORD = 'griddesk-test-1';
let open: Workspace | undefined;
afterEach(async () => {
  await open?.db.close();
  open = undefined;
});

async function setup() {
  open = await smallWorkspace();
  await open.accounts.createAccount(null, 1, 'admin', PASSWORD, false);
  await open.accounts.createAccount(null, 2, 'operator1', PASSWORD, false);
  await open.accounts.createAccount(null, 3, 'analyst1', PASSWORD, false);
  return open;
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'allowed';
}

describe('the session at this desk', () => {
  it('nobody signed in: only public calls pass', async () => {
    const w = await setup();
    expect(w.auth.status()).toEqual({ session: null, locked: false, needsFirstAdmin: false, idleMinutes: 10 });
    expect(refusal(() => w.auth.authorize('public'))).toBe('allowed');
    expect(refusal(() => w.auth.authorize('read'))).toBe('not_signed_in');
  });

  it('checks each permission against the role table; a refusal names role and permission in Chinese', async () => {
    const w = await setup();
    const info = await w.auth.signIn({ username: 'analyst1', password: PASSWORD });
    expect(info).toMatchObject({ role: 'analyst', roleLabel: '分析员', scopeLabel: '全部', mustChangePassword: false });
    expect(info.permissions).toEqual(['read', 'read_stats', 'export', 'read_city']);
    expect(JSON.stringify(info)).not.toMatch(/scrypt|hash/i);
    expect(refusal(() => w.auth.authorize('read_stats'))).toBe('allowed');
    expect(refusal(() => w.auth.authorize('unmask'))).toBe('forbidden');
    expect(() => w.auth.authorize('case_action:dispatch')).toThrow(/^分析员（分析员丙）无权对案件执行「派遣」$/);
    expect(() => w.auth.authorize('unmask')).toThrow(/^分析员（分析员丙）无权查看个人信息$/);
    expect(refusal(() => w.auth.listAccounts())).toBe('forbidden');
  });

  it('a street operator gets their street as scope, with its name', async () => {
    const w = await setup();
    const info = await w.auth.signIn({ username: 'operator1', password: PASSWORD });
    expect(info.scope).toEqual({ kind: 'street', regionIds: [2] });
    expect(info.scopeLabel).toBe('街道：东华门街道');
  });

  it('idle lock keeps the session; only the right password unlocks', async () => {
    const w = await setup();
    await w.auth.signIn({ username: 'operator1', password: PASSWORD });
    w.auth.lock();
    expect(w.auth.status()).toMatchObject({ locked: true, session: { username: 'operator1' } });
    expect(refusal(() => w.auth.authorize('read'))).toBe('session_locked');
    await expect(w.auth.unlock({ password: 'wrong-password' })).rejects.toMatchObject({ code: 'bad_credentials' });
    expect(w.auth.status().locked).toBe(true);
    const info = await w.auth.unlock({ password: PASSWORD });
    expect(info.username).toBe('operator1');
    expect(refusal(() => w.auth.authorize('read'))).toBe('allowed');
    const kinds = w.db.all<{ kind: string }>('SELECT kind FROM access_log ORDER BY id').map((r) => r.kind);
    expect(kinds.slice(-4)).toEqual(['sign_in', 'lock', 'sign_in_failed', 'unlock']);
  });

  it('five wrong passwords at the lock screen lock the account and end the session', async () => {
    const w = await setup();
    await w.auth.signIn({ username: 'operator1', password: PASSWORD });
    w.auth.lock();
    for (let i = 0; i < 4; i++) await expect(w.auth.unlock({ password: `wrong-${i}` })).rejects.toMatchObject({ code: 'bad_credentials' });
    await expect(w.auth.unlock({ password: 'wrong-5' })).rejects.toMatchObject({ code: 'account_locked' });
    expect(w.auth.status()).toMatchObject({ session: null, locked: false });
  });

  it('switch operator (交接班): the next person takes the desk, the handover is recorded', async () => {
    const w = await setup();
    const first = await w.auth.signIn({ username: 'operator1', password: PASSWORD });
    await expect(w.auth.signIn({ username: 'admin', password: PASSWORD })).rejects.toMatchObject({ code: 'already_signed_in' });
    await expect(w.auth.switchOperator({ username: 'admin', password: 'wrong-password', note: '' })).rejects.toMatchObject({ code: 'bad_credentials' });
    expect(w.auth.status().session?.username).toBe('operator1');
    const next = await w.auth.switchOperator({ username: 'admin', password: PASSWORD, note: '3 件待回访，已交代' });
    expect(w.auth.status().session?.username).toBe('admin');
    expect(w.db.all('SELECT from_account_id AS "from", to_account_id AS "to", note FROM shift_handovers')).toEqual([
      { from: first.accountId, to: next.accountId, note: '3 件待回访，已交代' },
    ]);
    expect(w.db.get<{ detail: string }>(`SELECT detail FROM access_log WHERE kind = 'shift_handover'`)?.detail).toBe('值班员乙 交班给 管理员甲：3 件待回访，已交代');
  });

  it("after an administrator's reset, nothing but changing the password is allowed", async () => {
    const w = await setup();
    await w.auth.signIn({ username: 'admin', password: PASSWORD });
    const operator = w.auth.listAccounts().find((a) => a.username === 'operator1')!;
    await w.auth.resetPassword({ accountId: operator.id, newPassword: 'temporary-1' });
    await w.auth.switchOperator({ username: 'operator1', password: 'temporary-1', note: '' });
    expect(w.auth.status().session?.mustChangePassword).toBe(true);
    expect(refusal(() => w.auth.authorize('read', 'cases:list'))).toBe('password_change_required');
    expect(refusal(() => w.auth.authorize('signed_in', 'auth:changePassword'))).toBe('allowed');
    await w.auth.changePassword({ oldPassword: 'temporary-1', newPassword: 'my-own-password' });
    expect(refusal(() => w.auth.authorize('read', 'cases:list'))).toBe('allowed');
  });

  it('administration: accounts, disabling, idle minutes, the access log and its export', async () => {
    const w = await setup();
    await w.auth.signIn({ username: 'admin', password: PASSWORD });
    const account = await w.auth.createAccount({ staffId: 4, username: 'grid1', password: 'initial-pass' });
    expect(account).toMatchObject({ username: 'grid1', role: 'grid_worker', mustChangePassword: true });
    expect(w.auth.setDisabled({ accountId: account.id, disabled: true }).disabled).toBe(true);
    expect(w.auth.setIdleMinutes({ minutes: 15 })).toEqual({ idleMinutes: 15 });
    expect(w.auth.status().idleMinutes).toBe(15);
    const page = w.auth.accessLogList({ filter: { kind: 'account_admin' }, offset: 0, limit: 2 });
    expect(page.total).toBe(6);
    expect(page.rows.map((r) => r.detail)).toEqual(['空闲锁屏时间设为 15 分钟', '停用了账号 grid1']);
    const file = w.auth.accessLogExport({ filter: {} });
    const text = Buffer.from(file.dataBase64, 'base64').toString('utf8');
    expect(text.startsWith('\ufeff序号,时间（北京时间）')).toBe(true);
    expect(text).toContain('为 网格员丁 开设账号 grid1');
    expect(file.rows).toBe(w.db.get<{ n: number }>('SELECT count(*) AS n FROM access_log')!.n);
    w.auth.signOut();
    expect(w.auth.status().session).toBeNull();
  });
});
