import { afterEach, describe, expect, it } from 'vitest';
import { createAuthServices } from '../../../../electron/services/auth/auth-services';
import type { Session } from '../../../../electron/services/auth/session';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';
import { migrations } from '../../../../electron/services/db/migrations';
import { tempDir } from '../../../support/temp';
import { smallWorkspace } from './fixture';

let open: DurableDatabase[] = [];
afterEach(async () => {
  for (const db of open) await db.close();
  open = [];
});

const session = (accountId: number): Session => ({
  accountId, staffId: 2, username: 'operator1', name: '值班员乙', role: 'operator', scope: { kind: 'all' }, signedInAt: 0, mustChangePassword: false,
});

async function withCase() {
  const w = await smallWorkspace();
  open.push(w.db);
  const account = await w.accounts.createAccount(null, 2, 'operator1', 'griddesk-test-1', false);
  w.db.transaction((tx) => tx.run(
    `INSERT INTO cases (id, case_no, source, title, status, received_at, created_at, updated_at, reporter_name, reporter_phone)
     VALUES (1, 'DC2026000001', 'hotline', '噪音扰民', 'received', 0, 0, 0, '王小明', '13812345678')`,
  ));
  return { ...w, me: session(account.id) };
}

describe('the access log', () => {
  it('records who unmasked which field of which case, when and why', async () => {
    const w = await withCase();
    w.clock.now = Date.UTC(2026, 2, 5, 2, 30);
    w.accessLog.record(w.me, { kind: 'unmask', caseId: 1, field: 'reporter_phone', reason: '回访需联系来电人' });
    const { total, rows } = w.accessLog.list({ caseId: 1 });
    expect(total).toBe(1);
    expect(rows[0]).toMatchObject({
      at: w.clock.now, accountId: w.me.accountId, actorName: '值班员乙', role: 'operator', caseId: 1, caseNo: 'DC2026000001',
      field: 'reporter_phone', reason: '回访需联系来电人', kind: 'unmask',
    });
  });

  it('a look at personal data needs a reason', async () => {
    const w = await withCase();
    expect(() => w.accessLog.record(w.me, { kind: 'unmask', caseId: 1, field: 'reporter_name', reason: '  ' })).toThrow(/须填写理由/);
    expect(() => w.accessLog.record(w.me, { kind: 'caller_history', caseId: 1 })).toThrow(/须填写理由/);
    expect(w.accessLog.list({ caseId: 1 }).total).toBe(0);
  });

  it('is append-only: UPDATE and DELETE are refused by the database itself', async () => {
    const w = await withCase();
    w.accessLog.record(w.me, { kind: 'unmask', caseId: 1, field: 'reporter_name', reason: '核实身份' });
    expect(() => w.db.transaction((tx) => tx.run(`UPDATE access_log SET reason = '改写' WHERE case_id = 1`))).toThrow(/append-only/);
    expect(() => w.db.transaction((tx) => tx.run('DELETE FROM access_log'))).toThrow(/append-only/);
    expect(w.accessLog.list({ caseId: 1 }).rows[0]?.reason).toBe('核实身份');
    // Nor does the service offer a way: record, list and export are all there is.
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(w.accessLog)).filter((m) => m !== 'constructor').sort();
    expect(methods).toEqual(['exportCsv', 'list', 'record']);
  });

  it('filters by time, account, case and kind; pages newest first', async () => {
    const w = await withCase();
    for (let i = 0; i < 5; i++) {
      w.clock.now = 1_000 * (i + 1);
      w.accessLog.record(w.me, { kind: i % 2 ? 'caller_history' : 'unmask', caseId: 1, reason: `理由${i}` });
    }
    expect(w.accessLog.list({ from: 2_000, to: 4_000 }).rows.map((r) => r.reason)).toEqual(['理由2', '理由1']);
    expect(w.accessLog.list({ kind: 'caller_history', accountId: w.me.accountId }).total).toBe(2);
    expect(w.accessLog.list({ caseId: 1 }, 1, 2).rows.map((r) => r.reason)).toEqual(['理由3', '理由2']);
    expect(w.accessLog.list({ accountId: 999 }).total).toBe(0);
    expect(() => w.accessLog.list({}, 0, 501)).toThrow(/分页参数无效/);
  });

  it('filters by a fragment of the case number, in the page, its total and the export', async () => {
    const w = await withCase();
    w.db.transaction((tx) => tx.run(
      `INSERT INTO cases (id, case_no, source, title, status, received_at, created_at, updated_at)
       VALUES (2, 'DC2026_00%0002', 'patrol', '井盖缺失', 'received', 0, 0, 0)`,
    ));
    w.accessLog.record(w.me, { kind: 'unmask', caseId: 1, field: 'reporter_phone', reason: '回访' });
    w.accessLog.record(w.me, { kind: 'unmask', caseId: 2, field: 'reporter_name', reason: '核实' });
    w.accessLog.record(w.me, { kind: 'caller_history', caseId: 1, reason: '查重' });
    expect(w.accessLog.list({ caseNo: 'DC2026000001' }).total).toBe(2);
    expect(w.accessLog.list({ caseNo: '000001' }).rows.map((r) => r.reason)).toEqual(['查重', '回访']);
    expect(w.accessLog.list({ caseNo: 'dc2026' }).total).toBe(3);
    // LIKE wildcards typed by the user are literal characters: '_' and '%' match only themselves.
    expect(w.accessLog.list({ caseNo: '_00%' }).rows.map((r) => r.caseNo)).toEqual(['DC2026_00%0002']);
    expect(w.accessLog.list({ caseNo: '6_0' }).total).toBe(1);
    expect(w.accessLog.list({ caseNo: 'GD' }).total).toBe(0);
    expect(w.accessLog.exportCsv({ caseNo: '0002' }).rows).toBe(1);
  });

  it('exports CSV, oldest first, with formula-like text neutralised', async () => {
    const w = await withCase();
    w.clock.now = Date.UTC(2026, 2, 5, 2, 30);
    w.accessLog.record(w.me, { kind: 'unmask', caseId: 1, field: 'reporter_phone', reason: '=HYPERLINK("x")' });
    const { csv, rows } = w.accessLog.exportCsv({ kind: 'unmask' });
    expect(rows).toBe(1);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('序号,时间（北京时间）,账号编号,操作人,角色,案件编号,字段,理由,类型,详情');
    expect(lines[1]).toContain(',2026-03-05 10:30,');
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")",查看个人信息,`);
  });
});

describe('migration 9', () => {
  it('upgrades a version-8 workspace with staff and cases; accounts attach to existing staff', async () => {
    const dir = tempDir('griddesk-auth-upgrade-');
    const v8 = await DurableDatabase.open(dir, { migrations: migrations.slice(0, 8) });
    v8.transaction((tx) => {
      tx.run(`INSERT INTO staff (id, code, name, role, active, created_at) VALUES (1, 'OP1', '老值班员', 'operator', 1, 0)`);
      tx.run(`INSERT INTO cases (id, case_no, source, title, status, received_at, created_at, updated_at) VALUES (1, 'C1', 'patrol', '井盖缺失', 'received', 0, 0, 0)`);
    });
    await v8.close();
    const db = await DurableDatabase.open(dir, { migrations });
    open.push(db);
    expect(db.get('PRAGMA user_version')).toEqual({ user_version: migrations.length }); // 9 and any later one
    const auth = createAuthServices(db, () => 5_000);
    expect(auth.accounts.needsFirstAdmin()).toBe(true);
    const account = await auth.accounts.createAccount(null, 1, 'old-operator', 'griddesk-test-1', false);
    expect((await auth.accounts.signIn('old-operator', 'griddesk-test-1')).name).toBe('老值班员');
    expect(() => db.transaction((tx) => tx.run(`INSERT INTO accounts (staff_id, username, password_hash, created_at, updated_at, password_changed_at) VALUES (1, 'again', 'x', 0, 0, 0)`))).toThrow(/UNIQUE/);
    expect(() => db.transaction((tx) => tx.run('UPDATE access_log SET kind = ? WHERE account_id = ?', ['unmask', account.id]))).toThrow(/append-only/);
  });
});
