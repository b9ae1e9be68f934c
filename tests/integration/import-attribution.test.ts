import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/services/backend/backend';
import { importEvent } from '../../electron/services/cases/case-import-event.repository';
import { stageFromDisk } from '../../electron/services/import/stage-from-disk';
import { repoRoot } from '../support/build';
import { analysedJob } from '../support/import-job';
import { signIn } from '../support/sign-in';

/**
 * Issue 12: the account that imports is recorded on the batch, on the first timeline entry of each
 * case it brings, and on the undo — by its staff member, not by a name alone — through the real
 * backend on a copy of the demo, signed in as an operator (not the administrator).
 */
describe('who imported: the batch and its cases name the signed-in account', () => {
  let root: string;
  let backend: Backend;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-import-actor-'));
    backend = new Backend({ configDir: path.join(root, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
    await backend.createWorkspace(path.join(root, 'ws'), true);
    // The district desk's operator: the ledger's cases lie outside any one street, where a street's operator may not import them.
    await signIn(backend, 'operator0');
  }, 300_000);
  afterAll(async () => {
    await backend.closeWorkspace();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('records the staff member on the batch, on the import entry of a new case and on the undo', async () => {
    const session = (await backend.call('auth:status', {})).session!;
    expect(session.staffId).not.toBeNull();
    const workbook = path.join(repoRoot, 'tests', 'fixtures', 'import', 'boston-ledger.xlsx');
    const staged = await stageFromDisk(workbook, (input) => backend.call('import:stage', input));
    const file = { stagedId: staged.stagedId, fileName: staged.fileName };
    const { mapping } = await backend.call('import:inspect', { file, table: {} });
    const { jobId } = await backend.call('import:start', { file, table: {}, mapping });
    const progress = await analysedJob(backend, jobId);
    expect(progress.state).toBe('ready');
    const result = await backend.call('import:commit', { jobId });
    expect(result.inserted).toBeGreaterThan(0);

    const db = backend.openedWorkspace!.db;
    expect(db.get('SELECT actor_staff_id AS staff FROM import_batches WHERE id = ?', [result.batchId])).toEqual({ staff: session.staffId });
    const caseId = db.get<{ id: number }>('SELECT id FROM cases WHERE import_batch_id = ? ORDER BY id LIMIT 1', [result.batchId])!.id;
    // The timeline's first entry, as cases:get builds it.
    expect(importEvent(db, caseId)).toMatchObject({ action: 'imported', actorStaffId: session.staffId, actorName: session.name });

    await backend.call('import:undo', { batchId: result.batchId });
    expect(db.all('SELECT action, actor_staff_id AS staff FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id', ['import_batch', result.batchId]))
      .toEqual([{ action: 'import_commit', staff: session.staffId }, { action: 'import_undo', staff: session.staffId }]);
  }, 300_000);
});
