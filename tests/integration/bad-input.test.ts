import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../electron/contract';
import { INPUT_LIMITS } from '../../electron/contract/input-limits';
import { Backend } from '../../electron/services/backend/backend';
import { BackendClient } from '../../electron/services/backend/backend.client';
import { ARCHIVE_DIR } from '../../electron/services/basemaps/basemap.service';
import { HttpBridge } from '../../electron/services/backend/http-bridge';
import { STAGE_DIR } from '../../electron/services/import/staging-area';
import { stageFromDisk } from '../../electron/services/import/stage-from-disk';
import { makeBadInputs, type BadInput } from '../fixtures/bad/make-bad-inputs';
import { distElectron, repoRoot } from '../support/build';
import { DEMO_PASSWORD, createFirstAdmin } from '../support/sign-in';

/**
 * Every kind of hostile or broken file, through the real database worker (the thread Electron
 * runs the services in) on a copy of the demo district: each is refused with a message naming
 * the file (and row and column where there is one) or, if valid but hostile, read in bounded work;
 * the worker answers the next call, nothing is committed and no staged copy is left behind.
 */
describe('the bad-input corpus through the database worker', () => {
  let root: string;
  let client: BackendClient;
  let inputs: BadInput[];
  let workspace: string;

  beforeAll(async () => {
    // Not tempDir(): the corpus (a 1 GB CSV among it) is made once for all the cases.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-bad-input-'));
    inputs = makeBadInputs(path.join(root, 'corpus'));
    workspace = path.join(root, 'ws');
    client = BackendClient.startWorker(path.join(distElectron, 'backend-host.mjs'), {
      configDir: path.join(root, 'config'),
      resourcesDir: path.join(repoRoot, 'resources'),
    });
    await client.ready;
    expect(await client.openFolder(workspace, 'demo')).toMatchObject({ ok: true });
    await client.invoke('auth:signIn', { username: 'admin', password: DEMO_PASSWORD });
  });
  afterAll(async () => {
    await client?.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** What must not change: counts of everything, import batches, basemaps; and what must be empty. */
  async function state() {
    const info = await client.invoke('workspace:info', {});
    const basemapFiles = fs.existsSync(path.join(workspace, ARCHIVE_DIR)) ? fs.readdirSync(path.join(workspace, ARCHIVE_DIR)) : [];
    return {
      counts: info.counts,
      batches: (await client.invoke('import:batches', {})).length,
      basemaps: (await client.invoke('basemaps:list', {})).length,
      basemapFiles,
      staged: fs.existsSync(path.join(workspace, STAGE_DIR)) ? fs.readdirSync(path.join(workspace, STAGE_DIR)) : [],
    };
  }

  /** A refusal the user can act on: not an internal error, and it names the file. */
  function expectRefusal(result: ApiResult<unknown>, input: BadInput, also?: RegExp): string {
    expect(result.ok, `${input.label} was accepted`).toBe(false);
    const { code, message } = (result as { error: { code: string; message: string } }).error;
    expect(code, `${input.label}: ${message}`).not.toMatch(/^(internal|backend_exited|invalid_input)$/);
    expect(message, input.label).toContain(input.fileName);
    if (also) expect(message, input.label).toMatch(also);
    return message;
  }

  const bytes64 = (file: string) => fs.readFileSync(file).toString('base64');

  /** Uploads a file as the renderer does: 4 MB chunks through import:stage, whatever its size. */
  async function upload(input: BadInput): Promise<{ stagedId: string; fileName: string }> {
    const fd = fs.openSync(input.file, 'r');
    try {
      const buffer = Buffer.alloc(4 * 1024 * 1024);
      let stagedId: string | undefined;
      for (;;) {
        const n = fs.readSync(fd, buffer, 0, buffer.length, null);
        if (n === 0 && stagedId) return { stagedId, fileName: input.fileName };
        const chunk = { fileName: input.fileName, dataBase64: buffer.subarray(0, n).toString('base64') };
        stagedId = (await client.invoke('import:stage', stagedId ? { ...chunk, stagedId } : chunk)).stagedId;
        if (n < buffer.length) return { stagedId, fileName: input.fileName };
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  async function tryTable(input: BadInput): Promise<string> {
    let ref: { stagedId: string; fileName: string };
    try {
      ref = await upload(input);
    } catch (error) {
      // Refused while uploading (the size cap): the same kind of answer as any other refusal.
      return expectRefusal({ ok: false, error: { code: (error as { code?: string }).code ?? 'internal', message: (error as Error).message } }, input);
    }
    const file = { stagedId: ref.stagedId, fileName: ref.fileName };
    const inspected = await client.call('import:inspect', { file, table: input.table ?? {} });
    if (input.table?.encoding) {
      // The wrong encoding chosen: refused with row and column; the detected one then reads it.
      const message = expectRefusal(inspected, input, /第 \d+ 行第 \d+ 列/);
      const again = await client.invoke('import:inspect', { file, table: {} });
      expect(again.table.encoding).toBe('gbk');
      await startAndCancel(file, again.mapping);
      return message;
    }
    if (!input.readable) return expectRefusal(inspected, input);
    expect(inspected.ok, input.label).toBe(true);
    const { table, mapping } = (inspected as { value: { table: { headers: string[] }; mapping: unknown } }).value;
    // The merge reaches column XFD; the sheet has five real columns, and so does its header.
    expect(table.headers).toHaveLength(5);
    await startAndCancel(file, mapping);
    return `read: ${table.headers.length} columns`;
  }

  async function startAndCancel(file: { stagedId: string; fileName: string }, mapping: unknown): Promise<void> {
    const { jobId } = await client.invoke('import:start', { file, table: {}, mapping: mapping as never });
    let progress = await client.invoke('import:progress', { jobId });
    while (progress.state === 'running') progress = await client.invoke('import:progress', { jobId });
    expect(progress.state).toBe('ready');
    await client.invoke('import:cancel', { jobId });
  }

  async function tryBoundary(input: BadInput): Promise<string> {
    const source = { fileName: input.fileName, dataBase64: bytes64(input.file) };
    const inspected = await client.call('grids:inspect', source);
    if (!inspected.ok) return expectRefusal(inspected, input);
    // Readable but nothing to import (the KML's entities are not expanded): the import says so.
    return expectRefusal(await client.call('grids:import', { ...source, level: 'grid', nameField: 'name', codeField: null, crs: null }), input);
  }

  async function tryArchive(input: BadInput): Promise<string> {
    return expectRefusal(await client.call('basemaps:importArchive', { fileName: input.fileName, dataBase64: bytes64(input.file) }), input);
  }

  async function tryAttachment(input: BadInput): Promise<string> {
    const caseId = (await client.invoke('cases:list', { filter: {}, limit: 1 })).rows[0]!.id;
    const files = [{ fileName: input.fileName, mime: 'image/jpeg', dataBase64: bytes64(input.file) }];
    return expectRefusal(await client.call('attachments:add', { caseId, kind: 'before', files }), input, /超过/);
  }

  it('refuses each with a message naming the file, keeps answering, commits nothing and leaves no staged file', async () => {
    const before = await state();
    expect(before.counts.cases).toBeGreaterThan(0);
    const survived: string[] = [];
    for (const input of inputs) {
      const attempt = { table: tryTable, boundary: tryBoundary, archive: tryArchive, attachment: tryAttachment }[input.kind];
      const answer = await attempt(input);
      // The worker still answers, and nothing changed.
      expect(await state(), input.label).toEqual(before);
      survived.push(`${input.label}: ${answer}`);
    }
    console.log(survived.join('\n'));
    console.log(`bad input: ${inputs.length} tried, ${survived.length} survived`);
    expect(survived).toHaveLength(inputs.length);
  });

  it('refused the 1 GB CSV at staging: it is over the CSV cap; a file chosen on disk is refused before a byte is sent', async () => {
    const csv = inputs.find((i) => i.fileName.endsWith('.csv') && fs.statSync(i.file).size >= 2 ** 30)!;
    expect(fs.statSync(csv.file).size).toBeGreaterThan(INPUT_LIMITS.csvBytes);
    let calls = 0;
    const staging = stageFromDisk(csv.file, (chunk) => {
      calls++;
      return client.invoke('import:stage', chunk);
    });
    await expect(staging).rejects.toMatchObject({ code: 'file_too_large', message: expect.stringMatching(/^一百万行以上\.csv：文件有 1 GB，超过 CSV 导入上限 512 MB/) });
    expect(calls).toBe(0);
  });
});

describe('the HTTP bridge (browser mode) with an upload over its cap', () => {
  it('answers 413 with a Chinese message, and the next call', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-bad-bridge-'));
    const backend = new Backend({ configDir: path.join(root, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
    const bridge = new HttpBridge(backend, path.join(root, 'no-renderer'));
    try {
      await backend.createWorkspace(path.join(root, 'ws'), false);
      await createFirstAdmin(backend);
      const url = new URL(await bridge.start());
      const cookie = (await fetch(url)).headers.get('set-cookie')!.split(';')[0]!;
      const post = (input: unknown) =>
        fetch(`${url.origin}/api/invoke`, { method: 'POST', headers: { cookie, 'Content-Type': 'application/json' }, body: JSON.stringify({ channel: 'grids:inspect', input }) });
      const huge = await post({ fileName: '全市网格.geojson', dataBase64: 'A'.repeat(150 * 1024 * 1024) });
      expect(huge.status).toBe(413);
      expect(await huge.json()).toMatchObject({ ok: false, error: { code: 'file_too_large', message: expect.stringMatching(/^上传的数据超过 \d+ MB/) } });
      const small = await post({ fileName: '网格.geojson', dataBase64: Buffer.from('{"type":"FeatureCollection","features":[]}').toString('base64') });
      expect(await small.json()).toMatchObject({ ok: true, value: { featureCount: 0 } });
    } finally {
      await bridge.stop();
      await backend.closeWorkspace();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
