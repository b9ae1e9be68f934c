import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../../../electron/services/backend/backend';
import { repoRoot } from '../../../support/build';
import { maskAddress } from '../../../../electron/services/cases/personal-data';
import { signIn } from '../../../support/sign-in';

let backend: Backend;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-search-'));
  backend = new Backend({ configDir: path.join(dir, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
  await backend.createWorkspace(path.join(dir, 'ws'), true);
  await signIn(backend);
});
afterAll(async () => {
  await backend.closeWorkspace();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('map search on the demo district', () => {
  it('finds a grid by its full 15-digit code, and a street with its grids by a 9-digit prefix', async () => {
    const tree = await backend.call('regions:tree', {});
    const grid = tree.find((n) => n.level === 'grid' && /^\d{15}$/.test(n.code))!;
    const [hit] = await backend.call('search:map', { text: grid.code, limit: 20 });
    expect(hit).toMatchObject({ kind: 'region', id: grid.id, level: 'grid', code: grid.code, name: grid.name });
    expect(hit.bbox![0]).toBeLessThan(hit.bbox![2]);
    const street = grid.code.slice(0, 9);
    const hits = await backend.call('search:map', { text: street, limit: 50 });
    expect(hits[0]).toMatchObject({ kind: 'region', level: 'street' });
    expect(hits.every((h) => h.code!.startsWith(street))).toBe(true);
    expect(hits.filter((h) => h.level === 'grid').length).toBeGreaterThan(3);
  });

  it('finds regions by name (exact name first) and case addresses with their counts', async () => {
    const tree = await backend.call('regions:tree', {});
    const street = tree.find((n) => n.level === 'street')!;
    const byName = await backend.call('search:map', { text: street.name, limit: 20 });
    expect(byName[0]).toMatchObject({ kind: 'region', id: street.id, level: 'street' });
    const page = await backend.call('cases:list', { filter: {}, offset: 0, limit: 1 } as never);
    // Lists show house addresses masked; the person searching knows the whole one (here: asks to see it).
    const { value } = await backend.call('cases:unmask', { caseId: page.rows[0].id, field: 'address', reason: '核对地址检索' });
    const address = value!;
    const found = await backend.call('search:map', { text: address, limit: 20 });
    const exact = found.find((h) => h.kind === 'address' && h.name === maskAddress(address))!;
    const { total } = await backend.call('cases:list', { filter: { text: address }, offset: 0, limit: 1 } as never).catch(() => ({ total: -1 }));
    expect(exact.caseCount).toBeGreaterThan(0);
    if (total >= 0) expect(exact.caseCount).toBeLessThanOrEqual(total);
    expect(exact.point![0]).toBeGreaterThan(116);
    // LIKE wildcards in the text are taken literally.
    expect(await backend.call('search:map', { text: '%', limit: 5 })).toEqual([]);
  });
});
