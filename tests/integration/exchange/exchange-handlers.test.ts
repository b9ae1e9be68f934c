import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ParsedInput } from '../../../electron/contract';
import { Backend } from '../../../electron/services/backend/backend';
import { repoRoot } from '../../support/build';
import { signIn } from '../../support/sign-in';

/**
 * The exchange and conflict channels on two real demo workspaces (a street desk and a community
 * desk), through the backend's one permission check: who may pair, send, receive and settle, and a
 * case carried down, handled, changed on both sides while apart and settled by the signed-in account.
 */
describe('exchange and sync channels', () => {
  let root: string;
  let street: Backend;
  let community: Backend;
  const as = async (backend: Backend, username: string) => {
    await backend.call('auth:signOut', {});
    await signIn(backend, username);
  };
  const call = <C extends Channel>(backend: Backend, channel: C, input: unknown) => backend.call(channel, input as ParsedInput<C>);

  async function desk(folder: string, name: string): Promise<Backend> {
    const backend = new Backend({ configDir: path.join(root, `${folder}-config`), resourcesDir: path.join(repoRoot, 'resources') });
    await backend.createWorkspace(path.join(root, folder), true);
    await signIn(backend);
    expect((await backend.call('exchange:rename', { name })).card.name).toBe(name);
    return backend;
  }

  /** Writes the package on `from` for `to` and receives it there, as a file's bytes would travel. */
  async function carry(from: Backend, to: Backend) {
    const toId = (await call(to, 'exchange:card', {})).card.workspaceId;
    const file = await call(from, 'exchange:send', { peerId: toId });
    expect(file.fileName).toMatch(/^交换包-.+\.gdx$/);
    return call(to, 'exchange:receive', { fileName: file.fileName, dataBase64: file.dataBase64 });
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-exchange-handlers-'));
    street = await desk('street', '城关街道');
    community = await desk('community', '东关社区');
  }, 300_000);
  afterAll(async () => {
    await street?.closeWorkspace();
    await community?.closeWorkspace();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('refuses pairing, packages and settling to roles without the permission', async () => {
    const card = (await call(street, 'exchange:card', {})).card;
    const tryAs = async (username: string, channel: Channel, input: unknown) => {
      await as(community, username);
      await expect(call(community, channel, input), `${username} ${channel}`).rejects.toMatchObject({ code: 'forbidden' });
    };
    await tryAs('operator0', 'exchange:rename', { name: '冒名工作站' });
    await tryAs('operator0', 'exchange:pair', { card, scope: 'all', replace: false, history: false });
    await tryAs('dispatcher1', 'exchange:card', {});
    await tryAs('dispatcher1', 'exchange:send', { peerId: card.workspaceId });
    await tryAs('leader1', 'exchange:receive', { fileName: 'x.gdx', dataBase64: 'AAAA' });
    await tryAs('grid1', 'sync:settle', { caseId: 1, eventUid: 'x', keep: 'before' });
    await as(community, 'admin');
    expect(await call(community, 'exchange:peers', {})).toEqual([]);
    expect((await call(community, 'exchange:card', {})).card.name).toBe('东关社区');
  });

  it('pairs by cards, carries a case down and its handling back, and settles a conflict as the signed-in account', async () => {
    const streetCard = (await call(street, 'exchange:card', {})).card;
    const communityCard = await call(community, 'exchange:card', {});
    expect(JSON.parse(Buffer.from(communityCard.file.dataBase64, 'base64').toString('utf8'))).toEqual(communityCard.card);
    await call(street, 'exchange:pair', { card: communityCard.card, scope: 'all', replace: false, history: false });
    const peer = await call(community, 'exchange:pair', { card: streetCard, scope: 'all', replace: false, history: false });
    expect(peer).toMatchObject({ name: '城关街道', fingerprint: streetCard.fingerprint, lastSentAt: null });

    const db = street.openedWorkspace!.db;
    const grid = db.get<{ lng: number; lat: number }>("SELECT centroid_lng AS lng, centroid_lat AS lat FROM regions WHERE level = 'grid' ORDER BY code LIMIT 1")!;
    const category = db.get<{ id: number }>('SELECT id FROM categories WHERE level = 2 AND default_department_id IS NOT NULL ORDER BY code LIMIT 1')!;
    const { id } = await call(street, 'cases:create', { source: 'hotline', categoryId: category.id, title: '交换通道测试：楼道堆物', location: { lng: grid.lng, lat: grid.lat, crs: 'wgs84' } });
    for (const [action, fields] of [['register', {}], ['dispatch', { departmentId: 1 }]] as const) await call(street, 'workflow:transition', { caseId: id, action, fields });

    expect(await carry(street, community)).toMatchObject({ fromName: '城关街道', newCases: 1, conflicts: [] });
    const there = community.openedWorkspace!.db.get<{ id: number }>('SELECT id FROM cases WHERE title = ?', ['交换通道测试：楼道堆物'])!.id;
    for (const action of ['respond', 'handle'] as const) await call(community, 'workflow:transition', { caseId: there, action, fields: { note: '已清理' } });
    expect(await carry(community, street)).toMatchObject({ fromName: '东关社区', newCases: 0, newEvents: 2, conflicts: [] });
    expect(await call(street, 'cases:get', { id })).toMatchObject({ status: 'handled', syncConflict: false });
    // Packages carry callers' data unmasked: each one out and in is in the access log, by account.
    const logged = async (backend: Backend, kind: 'exchange_send' | 'exchange_receive') =>
      (await call(backend, 'accessLog:list', { filter: { kind }, offset: 0, limit: 10 })).rows.map((row) => `${row.actorName}|${row.detail}`);
    const streetAdmin = (await call(street, 'auth:status', {})).session!.name;
    expect(await logged(street, 'exchange_send')).toEqual([expect.stringMatching(new RegExp(`^${streetAdmin}\\|发往「东关社区」.*案件 1 件`))]);
    expect(await logged(street, 'exchange_receive')).toEqual([expect.stringMatching(/\|来自「东关社区」.*新案件 0 件，新事件 2 项/)]);
    expect(await logged(community, 'exchange_receive')).toEqual([expect.stringMatching(/来自「城关街道」.*新案件 1 件/)]);

    // Apart: the street verifies, the community's grid worker finds it not done.
    await call(street, 'workflow:transition', { caseId: id, action: 'verify', fields: {} });
    await call(community, 'workflow:transition', { caseId: there, action: 'reject', fields: { note: '现场仍有堆物' } });
    await carry(street, community);
    const report = await carry(community, street);
    expect(report.conflicts).toHaveLength(1);
    expect((await call(street, 'cases:get', { id })).syncConflict).toBe(true);
    const [conflict] = await call(street, 'sync:conflicts', { caseId: id });
    expect(conflict).toMatchObject({ action: 'verify_failed' });
    expect(conflict!.before.status).toBe('verified');

    await call(street, 'sync:settle', { caseId: id, eventUid: conflict!.eventUid, keep: 'before', note: '以街道核查为准' });
    const settled = await call(street, 'cases:get', { id });
    expect(settled).toMatchObject({ status: 'verified', syncConflict: false });
    const admin = (await call(street, 'auth:status', {})).session!;
    expect(settled.events.find((e) => e.note === '以街道核查为准')?.actorName).toBe(admin.name);
    await expect(call(street, 'sync:settle', { caseId: id, eventUid: conflict!.eventUid, keep: 'after' })).rejects.toMatchObject({ code: 'not_found' });
  }, 300_000);
});
