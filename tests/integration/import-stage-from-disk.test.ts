import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCall } from '../../electron/contract/validate';
import { Backend } from '../../electron/services/backend/backend';
import { inspectTable } from '../../electron/services/import/table-reader';
import { stageFromDisk, type StageChunk } from '../../electron/services/import/stage-from-disk';
import { repoRoot } from '../support/build';
import { tempDir } from '../support/temp';
import { signIn } from '../support/sign-in';

/**
 * The one way a file on this computer reaches an import: Electron's main (after its open dialog)
 * and the CLI copy it into the staging area through import:stage. Checked against a real backend
 * on a copy of the demo district, every call validated by the contract as main and the CLI do.
 */
describe('stageFromDisk: a chosen file staged through import:stage', () => {
  let root: string;
  let backend: Backend;
  let calls = 0;
  const call = async (channel: string, input: unknown): Promise<unknown> => {
    const checked = validateCall(channel, input);
    if (!checked.ok) throw new Error(`${checked.error.code}: ${JSON.stringify(checked.error.details)}`);
    return backend.call(checked.channel, checked.input as never);
  };
  const stage: StageChunk = async (input) => {
    calls += 1;
    return (await call('import:stage', input)) as { stagedId: string; bytes: number };
  };

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-stage-'));
    backend = new Backend({ configDir: path.join(root, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
    await backend.createWorkspace(path.join(root, 'ws'), true);
    await signIn(backend);
  });
  afterAll(async () => {
    await backend.closeWorkspace();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const stagedCopy = (stagedId: string, fileName: string) => path.join(root, 'ws', 'import-staging', stagedId + path.extname(fileName));

  it('copies a real workbook in chunks, byte for byte, and the import reads it as it reads the original', async () => {
    const xlsx = path.join(repoRoot, 'tests', 'fixtures', 'import', 'boston-ledger.xlsx');
    const size = fs.statSync(xlsx).size;
    calls = 0;
    const staged = await stageFromDisk(xlsx, stage, 16 * 1024);
    expect(staged).toMatchObject({ fileName: 'boston-ledger.xlsx', bytes: size });
    expect(calls).toBe(Math.ceil(size / (16 * 1024)));
    expect(fs.readFileSync(stagedCopy(staged.stagedId, staged.fileName)).equals(fs.readFileSync(xlsx))).toBe(true);
    const viaContract = (await call('import:inspect', { file: { stagedId: staged.stagedId, fileName: staged.fileName }, table: {} })) as { table: unknown };
    expect(viaContract.table).toEqual(inspectTable(xlsx, {}));
  });

  it('a file of exactly whole chunks, and an empty file (staged, then refused by name when read)', async () => {
    const dir = tempDir('griddesk-stage-files-');
    const whole = path.join(dir, '整块.csv');
    fs.writeFileSync(whole, Buffer.alloc(3 * 1024, 0x41));
    calls = 0;
    const staged = await stageFromDisk(whole, stage, 1024);
    expect(staged.bytes).toBe(3 * 1024);
    expect(calls).toBe(3);
    const empty = path.join(dir, '空表.csv');
    fs.writeFileSync(empty, '');
    const none = await stageFromDisk(empty, stage, 1024);
    expect(none).toMatchObject({ fileName: '空表.csv', bytes: 0 });
    await expect(call('import:inspect', { file: { stagedId: none.stagedId, fileName: none.fileName }, table: {} })).rejects.toThrow(/空表\.csv/);
  });

  it('names the file it cannot read, and stages nothing for it', async () => {
    const dir = tempDir('griddesk-stage-missing-');
    calls = 0;
    await expect(stageFromDisk(path.join(dir, '不存在.xlsx'), stage)).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('不存在.xlsx') });
    await expect(stageFromDisk(dir, stage)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining(dir) });
    expect(calls).toBe(0);
  });
});
