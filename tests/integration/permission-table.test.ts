import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type Channel } from '../../electron/contract';
import type { StaffRole } from '../../electron/contract';
import { can } from '../../electron/services/auth/roles';
import { Backend, channelHandlers } from '../../electron/services/backend/backend';
import { HttpBridge } from '../../electron/services/backend/http-bridge';
import { JOURNAL_DIR } from '../../electron/services/db/durable-database';
import { repoRoot } from '../support/build';
import { sampleInput } from '../support/sample-input';
import { DEMO_PASSWORD } from '../support/sign-in';

/**
 * Who may do what, through the real HTTP bridge on a real demo workspace: every channel × every
 * demo account. A call the role table does not grant is refused (`forbidden`) and writes nothing
 * (the journal does not grow); a granted one is never refused for permission. Cases are chosen in
 * and out of each account's scope: out of scope is refused (`out_of_scope`) and writes nothing.
 */
const ACCOUNTS: Record<string, StaffRole> = {
  admin: 'admin', operator0: 'operator', operator1: 'operator', dispatcher1: 'dispatcher', dept1: 'department_staff',
  grid1: 'grid_worker', chief1: 'street_chief', steward1: 'alley_steward', leader1: 'leader', analyst1: 'analyst',
};
/** They change who is signed in or which workspace is open: tested by the auth and workspace tests. */
const SESSION_CHANNELS = new Set<Channel>([
  'auth:signIn', 'auth:signOut', 'auth:switchOperator', 'auth:createFirstAdmin', 'auth:lock', 'auth:unlock', 'auth:changePassword',
  'workspace:open', 'workspace:salvage', 'workspace:restore',
]);
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAghCMDwAAAABJRU5ErkJggg==';

interface Answer { ok: boolean; value?: unknown; error?: { code: string; message: string } }

describe('the permission table through the bridge', () => {
  let root: string;
  let backend: Backend;
  let bridge: HttpBridge;
  let origin: string;
  let cookie: string;
  let workspace: string;
  /** Cases in and out of each account's scope, chosen by the administrator's lists. */
  const cases: Record<string, { inScope: number; outOfScope: number | null }> = {};

  const invoke = async (channel: string, input: unknown): Promise<Answer> => {
    const res = await fetch(`${origin}/api/invoke`, {
      method: 'POST', headers: { cookie, Origin: origin, 'Content-Type': 'application/json' }, body: JSON.stringify({ channel, input }),
    });
    return (await res.json()) as Answer;
  };
  const value = async <T>(channel: string, input: unknown): Promise<T> => {
    const answer = await invoke(channel, input);
    if (!answer.ok) throw new Error(`${channel}: ${answer.error?.code} ${answer.error?.message}`);
    return answer.value as T;
  };
  const signInAs = async (username: string) => {
    await invoke('auth:signOut', {});
    await value('auth:signIn', { username, password: DEMO_PASSWORD });
  };
  const journalBytes = () =>
    fs.readdirSync(path.join(workspace, JOURNAL_DIR)).reduce((sum, file) => sum + fs.statSync(path.join(workspace, JOURNAL_DIR, file)).size, 0);

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-permissions-'));
    workspace = path.join(root, 'ws');
    backend = new Backend({ configDir: path.join(root, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
    await backend.createWorkspace(workspace, true);
    bridge = new HttpBridge(backend, path.join(root, 'no-renderer'));
    const url = new URL(await bridge.start());
    origin = url.origin;
    cookie = (await fetch(url)).headers.get('set-cookie')!.split(';')[0]!;
    for (const username of Object.keys(ACCOUNTS)) {
      await signInAs(username);
      const own = await value<{ total: number; rows: { id: number }[] }>('cases:list', { filter: {}, offset: 0, limit: 1 });
      cases[username] = { inScope: own.rows[0]!.id, outOfScope: null };
    }
    await signInAs('admin');
    const all = await value<{ total: number; rows: { id: number }[] }>('cases:list', { filter: {}, offset: 0, limit: 500 });
    for (const username of Object.keys(ACCOUNTS)) {
      await signInAs(username);
      const own = await value<{ total: number }>('cases:list', { filter: {}, offset: 0, limit: 1 });
      if (own.total === all.total) continue;
      for (const row of all.rows) {
        const answer = await invoke('cases:get', { id: row.id });
        if (!answer.ok && answer.error?.code === 'out_of_scope') {
          cases[username]!.outOfScope = row.id;
          break;
        }
      }
    }
  }, 300_000);
  afterAll(async () => {
    await bridge?.stop();
    await backend?.closeWorkspace();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** A valid input for each channel, on a case of the account's scope where the channel names one. */
  function inputFor(channel: Channel, caseId: number): unknown {
    const hand: Partial<Record<Channel, unknown>> = {
      'basemaps:saveOnline': { name: '权限测试底图', urlTemplate: 'https://tiles.invalid/{z}/{x}/{y}.png', crs: 'wgs84' },
      'basemaps:offlineEstimate': { sourceId: 99_999, bounds: [116.39, 39.9, 116.42, 39.93], minZoom: 12, maxZoom: 13 },
      // A source that does not exist: a granted call fails before any download starts.
      'basemaps:offlineStart': { sourceId: 99_999, bounds: [116.39, 39.9, 116.42, 39.93], minZoom: 12, maxZoom: 13 },
      'workflow:batch': { caseIds: [caseId], action: 'register' },
      'grids:split': { regionId: 1, line: [[116.39, 39.9], [116.42, 39.93]] },
      'import:inspect': { file: { stagedId: 'no-such-staged-file', fileName: '案件.csv' } },
      'import:start': { file: { stagedId: 'no-such-staged-file', fileName: '案件.csv' }, mapping: { columns: {} } },
      'import:roster-inspect': { file: { stagedId: 'no-such-staged-file', fileName: '人员.csv' }, target: 'staff' },
      'import:roster-validate': { file: { stagedId: 'no-such-staged-file', fileName: '人员.csv' }, target: 'staff', columns: {} },
      'import:roster-commit': { file: { stagedId: 'no-such-staged-file', fileName: '人员.csv' }, target: 'staff', columns: {} },
      'rates:cases': { month: '2026-10', level: 'street', measure: 'response', part: 'all' },
      'rates:exportXlsx': { month: '2026-10', level: 'street' },
      'rates:freeze': { month: '2026-10', level: 'street' },
      'attachments:add': { caseId, kind: 'after', files: [{ fileName: '现场.png', mime: 'image/png', dataBase64: PNG_1PX }] },
      'streets:draw': { name: '权限测试街巷', line: [[116.4, 39.9], [116.41, 39.91]] },
      'cases:get': { id: caseId },
      'cases:unmask': { caseId, field: 'reporterPhone', reason: '回访核实' },
      'workflow:transition': { caseId, action: 'register' },
      'workflow:allowed': { caseId },
      'attachments:list': { caseId },
      'auth:setIdleMinutes': { minutes: 10 },
      // A card that is not one and a package that is not one: a granted call fails after the check.
      'exchange:pair': { card: { workspaceId: 'no-such-desk' }, scope: 'all' },
      'exchange:send': { peerId: 'no-such-desk' },
      'exchange:receive': { fileName: '交换包.gdx', dataBase64: 'AAAA' },
      'sync:conflicts': { caseId },
      'sync:settle': { caseId, eventUid: 'no-such-event', keep: 'before' },
      // No hub is set and these addresses are not ones: a granted call fails after the check, connecting nowhere.
      'hub:saveSettings': { address: 'not-a-hub-address', enabled: true, shareHistory: false },
      'hub:test': { address: 'not-a-hub-address' },
      'hub:cityRates': { month: '2026-10' },
      // Ten years kept: nothing of the demo's one year is old enough, so a granted run archives nothing.
      'archive:run': { keepMonths: 120 },
      'archive:setKeepMonths': { keepMonths: 24 },
      'directory:saveDepartment': { code: 'PERM-TEST', name: '权限测试部门', kind: 'functional', phone: null, active: false },
      // A category that does not exist: a granted call fails after the check.
      'directory:saveCategoryLimits': { code: 'no-such-category', responseLimitHours: 2, handlingLimitDays: 5, defaultDepartmentId: null },
      'directory:saveCalendarDay': { day: '2099-01-02', kind: 'holiday', name: '权限测试' },
    };
    return channel in hand ? hand[channel] : sampleInput(channels[channel].input as never);
  }

  const needOf = (channel: Channel, input: unknown): string => {
    const need = channelHandlers[channel].need as string | ((input: unknown) => string);
    return typeof need === 'function' ? need(input) : need;
  };

  it.each(Object.entries(ACCOUNTS))('%s (%s): granted calls pass the check, the others are refused and write nothing', async (username, role) => {
    await signInAs(username);
    const refusedWrongly: string[] = [];
    const grantedWrongly: string[] = [];
    let tried = 0;
    for (const channel of Object.keys(channels) as Channel[]) {
      if (SESSION_CHANNELS.has(channel)) continue;
      const input = inputFor(channel, cases[username]!.inScope);
      const need = needOf(channel, input);
      const granted = need === 'public' || need === 'signed_in' || can(role, need as never);
      const before = journalBytes();
      const answer = await invoke(channel, input);
      tried++;
      // The payload passed the contract (a schema refusal would hide the permission check).
      expect(answer.error?.message ?? '', channel).not.toMatch(/^Invalid input for/);
      const refused = !answer.ok && answer.error?.code === 'forbidden';
      if (granted && refused) refusedWrongly.push(channel);
      if (!granted) {
        if (!refused) grantedWrongly.push(`${channel} → ${answer.ok ? 'ok' : answer.error?.code}`);
        expect(journalBytes(), `${channel} refused but wrote`).toBe(before);
      }
    }
    expect(refusedWrongly).toEqual([]);
    expect(grantedWrongly).toEqual([]);
    expect(tried).toBeGreaterThan(90);
  }, 300_000);

  it('refuses out-of-scope cases on every channel that names a case, writing nothing', async () => {
    const caseChannels: Channel[] = ['cases:get', 'cases:unmask', 'workflow:transition', 'workflow:allowed', 'attachments:list', 'attachments:add'];
    let checked = 0;
    for (const [username, role] of Object.entries(ACCOUNTS)) {
      const outside = cases[username]!.outOfScope;
      if (outside === null) continue;
      await signInAs(username);
      for (const channel of caseChannels) {
        const input = inputFor(channel, outside);
        if (!can(role, needOf(channel, input) as never)) continue;
        const before = journalBytes();
        const answer = await invoke(channel, input);
        expect(answer.error?.code, `${username} ${channel}`).toBe('out_of_scope');
        expect(journalBytes()).toBe(before);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  }, 300_000);

  it('limits statistics to the scope: a street operator\'s grid counts are their street\'s', async () => {
    await signInAs('admin');
    const tree = await value<{ id: number; level: string; parentId: number | null }[]>('regions:tree', {});
    const everyone = await value<{ rows: { regionId: number; count: number }[] }>('analytics:choropleth', { level: 'street' });
    await signInAs('operator1');
    const own = await value<{ rows: { regionId: number; count: number }[] }>('analytics:choropleth', { level: 'street' });
    const streets = own.rows.filter((row) => row.count > 0).map((row) => row.regionId);
    expect(streets).toHaveLength(1);
    expect(tree.find((node) => node.id === streets[0])?.level).toBe('street');
    // Their street's count is the whole district's count for that street: nothing of theirs is lost either.
    expect(own.rows.find((row) => row.regionId === streets[0])!.count).toBe(everyone.rows.find((row) => row.regionId === streets[0])!.count);
    expect(everyone.rows.filter((row) => row.count > 0).length).toBeGreaterThan(10);
  }, 120_000);

  it('limits live rankings to the scope, and publishes only a whole-district ranking', async () => {
    await signInAs('admin');
    const everyone = await value<{ rows: { unitId: number; counts: { cases: number } }[] }>('rates:ranking', { month: '2026-10', level: 'street' });
    await signInAs('leader1');
    const own = await value<{ rows: { unitId: number; counts: { cases: number } }[] }>('rates:ranking', { month: '2026-10', level: 'street' });
    expect(own.rows.filter((row) => row.counts.cases > 0)).toHaveLength(1);
    expect(everyone.rows.filter((row) => row.counts.cases > 0).length).toBeGreaterThan(10);
    const before = journalBytes();
    expect(await invoke('rates:freeze', { month: '2026-09', level: 'street' })).toMatchObject({ ok: false, error: { code: 'out_of_scope' } });
    expect(journalBytes()).toBe(before);
  }, 120_000);

  it('refuses a forged actor in the payload: who acts is the signed-in account', async () => {
    await signInAs('operator1');
    const before = journalBytes();
    const answer = await invoke('workflow:transition', { caseId: cases.operator1!.inScope, action: 'register', fields: {}, actorStaffId: 1 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(journalBytes()).toBe(before);
  });

  it('answers nothing but the public channels to a caller who has not signed in', async () => {
    await invoke('auth:signOut', {});
    for (const channel of ['cases:list', 'regions:tree', 'analytics:hotspots', 'accessLog:list'] as Channel[]) {
      const answer = await invoke(channel, inputFor(channel, 1));
      expect(answer.error?.code, channel).toBe('not_signed_in');
    }
    expect(await invoke('auth:status', {})).toMatchObject({ ok: true, value: { session: null } });
  });
});
