import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/services/backend/backend';
import { repoRoot } from '../support/build';
import { signIn } from '../support/sign-in';

/**
 * The main map's heat follows the case list's filter. The same cases chosen through the case list's
 * filter and through the analytics filter must give the same raster: one density, two ways to choose.
 */
let backend: Backend;
let dir: string;
beforeAll(async () => {
  // One workspace for the whole file (tempDir() folders are removed after each test).
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-heat-'));
  backend = new Backend({ configDir: path.join(dir, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
  await backend.createWorkspace(path.join(dir, 'demo'), true);
  await signIn(backend);
}, 180_000);
afterAll(async () => {
  await backend.closeWorkspace();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('heat for the case list filter', () => {
  it('equals the analytics heat when both filters choose the same cases (a street, one source)', async () => {
    const street = (await backend.call('regions:tree', {})).find((n) => n.level === 'street')!;
    const viaList = await backend.call('analytics:heat', { filter: {}, caseFilter: { regionId: street.id, source: ['patrol'] }, bandwidthM: 300, kernel: 'quartic' });
    const viaAnalytics = await backend.call('analytics:heat', { filter: { regionId: street.id, source: ['patrol'] }, bandwidthM: 300, kernel: 'quartic' });
    expect(viaList.cases).toBeGreaterThan(100);
    expect(viaList.cases).toBe(viaAnalytics.cases);
    expect(viaList.bbox).toEqual(viaAnalytics.bbox);
    expect(viaList.values).toEqual(viaAnalytics.values);
  });

  it('narrows with list-only filters (status) that the analytics filter does not have', async () => {
    const all = await backend.call('analytics:heat', { filter: {}, caseFilter: {}, bandwidthM: 300, kernel: 'quartic' });
    const open = await backend.call('analytics:heat', { filter: {}, caseFilter: { status: ['dispatched', 'in_progress'] }, bandwidthM: 300, kernel: 'quartic' });
    const points = await backend.call('cases:points', { filter: { status: ['dispatched', 'in_progress'] }, colorBy: 'status' });
    expect(open.cases).toBe(points.count);
    expect(open.cases).toBeGreaterThan(0);
    expect(open.cases).toBeLessThan(all.cases);
  });
});
