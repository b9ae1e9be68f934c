import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportRepository } from '../../../../electron/services/import/import.repository';
import { ImportService } from '../../../../electron/services/import/import.service';
import { STAGE_DIR } from '../../../../electron/services/import/staging-area';
import { Workspace } from '../../../../electron/services/workspace/workspace';
import { repoRoot } from '../../../support/build';
import { tempDir } from '../../../support/temp';

const csv = fs.readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'import', 'boston-gbk.csv'));
let workspace: Workspace | undefined;
afterEach(async () => {
  await workspace?.close({ checkpoint: false });
  workspace = undefined;
});

async function service(dir = tempDir()): Promise<ImportService> {
  workspace = await Workspace.open(dir, { create: true });
  return new ImportService(new ImportRepository(workspace.db), workspace.dir);
}
const staged = (s: ImportService) => (fs.existsSync(s.staging.dir) ? fs.readdirSync(s.staging.dir) : []);

/** Uploads the fixture in two chunks, as the renderer does. */
function upload(s: ImportService, fileName = 'boston-gbk.csv') {
  const half = Math.floor(csv.length / 2);
  const first = s.stage(fileName, csv.subarray(0, half).toString('base64'));
  const done = s.stage(fileName, csv.subarray(half).toString('base64'), first.stagedId);
  expect(done.bytes).toBe(csv.length);
  return { stagedId: first.stagedId, fileName };
}

async function analysed(s: ImportService) {
  const ref = upload(s);
  const { mapping } = s.inspect(ref, {});
  const { jobId } = s.start(ref, {}, { ...mapping, timeZone: 'America/New_York' });
  return jobId;
}

describe('import staging', () => {
  it('deletes the staged file when the job is committed', async () => {
    const s = await service();
    const jobId = await analysed(s);
    expect((await s.wait(jobId)).state).toBe('ready');
    expect(staged(s)).toHaveLength(1);
    s.commit(jobId, 'test');
    expect(staged(s)).toEqual([]);
  });

  it('deletes the staged file when a ready job is cancelled, and when a running one stops', async () => {
    const s = await service();
    const ready = await analysed(s);
    await s.wait(ready);
    s.cancel(ready);
    expect(staged(s)).toEqual([]);
    const running = await analysed(s);
    s.cancel(running);
    expect((await s.wait(running)).state).toBe('cancelled');
    expect(staged(s)).toEqual([]);
  });

  it('deletes a staged file no option can make readable, and keeps one that another encoding may fix', async () => {
    const s = await service();
    const junk = s.stage('工单.xlsx', Buffer.from('this is not a workbook at all').toString('base64'));
    expect(() => s.inspect({ stagedId: junk.stagedId, fileName: '工单.xlsx' }, {})).toThrow(/工单\.xlsx/);
    expect(staged(s)).toEqual([]);
    const ref = upload(s);
    s.inspect(ref, { encoding: 'utf-16le' });
    expect(staged(s)).toHaveLength(1);
  });

  it('sweeps leftovers of an earlier run when the workspace opens, not an upload still being written', async () => {
    const dir = tempDir();
    const first = await service(dir);
    const old = upload(first);
    const fresh = upload(first);
    await workspace!.close({ checkpoint: false });
    workspace = undefined;
    const oldFile = path.join(dir, STAGE_DIR, `${old.stagedId}.csv`);
    const anHourAgo = new Date(Date.now() - 3600_000);
    fs.utimesSync(oldFile, anHourAgo, anHourAgo);
    const second = await service(dir);
    expect(staged(second)).toEqual([`${fresh.stagedId}.csv`]);
  });

  it('refuses an unsupported file and an oversized chunk before keeping a byte', async () => {
    const s = await service();
    expect(() => s.stage('边界.geojson', 'e30=')).toThrow(/边界\.geojson.*只支持/);
    expect(() => s.stage('工单.csv', 'A'.repeat(12 * 1024 * 1024))).toThrow(/工单\.csv：一次上传的数据超过 8 MB/);
    expect(staged(s)).toEqual([]);
  });
});
