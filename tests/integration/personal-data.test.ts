import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/services/backend/backend';
import { JOURNAL_DIR } from '../../electron/services/db/durable-database';
import { distElectron, repoRoot } from '../support/build';
import { DEMO_PASSWORD, signIn } from '../support/sign-in';
import { tempDir } from '../support/temp';

/** PIPL: personal data masked by default, shown field by field with a reason, every look logged. */
describe('personal data on the demo workspace', () => {
  let dir: string;
  let backend: Backend;
  let caseId: number;
  let phone: string;

  const switchTo = async (username: string) => {
    await backend.call('auth:signOut', {});
    await signIn(backend, username);
  };
  const journalBytes = () => fs.readdirSync(path.join(dir, JOURNAL_DIR)).reduce((n, f) => n + fs.statSync(path.join(dir, JOURNAL_DIR, f)).size, 0);

  let root: string;

  beforeAll(async () => {
    // Not tempDir(): that one is removed after each test, and this workspace serves them all.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-personal-'));
    dir = path.join(root, 'demo');
    backend = new Backend({ configDir: path.join(root, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
    await backend.createWorkspace(dir, true);
    await signIn(backend, 'admin');
    const page = await backend.call('cases:list', { filter: { source: ['hotline'] }, offset: 0, limit: 50 } as never);
    for (const row of page.rows) {
      const detail = await backend.call('cases:get', { id: row.id });
      if (detail.reporterPhone) {
        caseId = row.id;
        break;
      }
    }
    phone = (await backend.call('cases:unmask', { caseId, field: 'reporterPhone', reason: '准备测试：取原值' })).value!;
  }, 120_000);
  afterAll(async () => {
    await backend.closeWorkspace();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('shows a case masked, and unmasks one field for a reason, written to the access log first', async () => {
    await switchTo('operator0');
    const detail = await backend.call('cases:get', { id: caseId });
    expect(phone).toMatch(/^1\d{10}$/);
    expect(detail.reporterPhone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    await expect(backend.call('cases:unmask', { caseId, field: 'reporterPhone', reason: '' } as never)).rejects.toThrow();
    expect((await backend.call('cases:unmask', { caseId, field: 'reporterPhone', reason: '回访核实诉求人' })).value).toBe(phone);
    await switchTo('admin');
    const log = await backend.call('accessLog:list', { filter: { kind: 'unmask', caseId }, offset: 0, limit: 10 });
    expect(log.rows[0]).toMatchObject({ caseId, field: 'reporterPhone', reason: '回访核实诉求人', actorName: expect.any(String), role: 'operator' });
  });

  it('exports masked without the permission, and unmasked only with a reason, logged', async () => {
    await switchTo('analyst1');
    const analystFile = await backend.call('export:cases', { filter: { regionId: undefined }, format: 'csv', unmask: true, reason: '分析' } as never);
    expect(analystFile.masked).toBe(true);
    expect(Buffer.from(analystFile.dataBase64, 'base64').toString('utf8')).not.toContain(phone);

    await switchTo('operator0');
    await expect(backend.call('export:cases', { filter: {}, format: 'csv', unmask: true } as never)).rejects.toMatchObject({ code: 'reason_required' });
    const file = await backend.call('export:cases', { filter: {}, format: 'csv', unmask: true, reason: '移交区信访办' } as never);
    expect(file.masked).toBe(false);
    expect(Buffer.from(file.dataBase64, 'base64').toString('utf8')).toContain(phone);
    await switchTo('admin');
    const log = await backend.call('accessLog:list', { filter: { kind: 'unmasked_export' }, offset: 0, limit: 10 });
    expect(log.rows.map((r) => r.reason)).toEqual(['移交区信访办']);
  }, 120_000);

  it('the CLI without a valid account writes nothing', async () => {
    await backend.closeWorkspace();
    const cli = path.join(distElectron, 'cli.mjs');
    const before = journalBytes();
    for (const env of [{ GRIDDESK_USER: 'operator0', GRIDDESK_PASSWORD: 'not-the-password' }, { GRIDDESK_USER: '', GRIDDESK_PASSWORD: DEMO_PASSWORD }]) {
      const result = spawnSync(process.execPath, [cli, 'transition', String(caseId), 'close', '--workspace', dir], {
        env: { ...process.env, GRIDDESK_CONFIG_DIR: tempDir(), ...env }, input: '',
      });
      expect(result.status).toBe(1);
      expect(JSON.parse(result.stderr.toString()).error.code).toMatch(/bad_credentials|not_signed_in/);
    }
    expect(journalBytes()).toBe(before);
    await backend.openWorkspace(dir);
    await signIn(backend, 'admin');
  }, 120_000);
});
