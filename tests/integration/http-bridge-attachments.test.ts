import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment } from '../../electron/contract';
import { Backend } from '../../electron/services/backend/backend';
import { BackendClient } from '../../electron/services/backend/backend.client';
import { HttpBridge } from '../../electron/services/backend/http-bridge';
import { ATTACHMENT_CSP, type AttachmentAnswer } from '../../electron/services/attachments/attachment-response';
import { distElectron, repoRoot } from '../support/build';
import { tempDir } from '../support/temp';
import { DEMO_PASSWORD, signIn } from '../support/sign-in';

/** A real photo (the app icon) and a real text document, attached to a case of a copy of the demo district. */
const png = fs.readFileSync(path.join(repoRoot, 'resources', 'icons', 'icon-256.png'));
const html = Buffer.from('<!doctype html><script>parent.api && alert(1)</script><p>走访记录</p>', 'utf8');

describe('attachments/<sha256> over the HTTP bridge and the database worker', () => {
  let root: string;
  let backend: Backend;
  let bridge: HttpBridge;
  let origin: string;
  let cookie: string;
  let photo: Attachment;
  let note: Attachment;

  beforeAll(async () => {
    // Not tempDir(): that one is removed after each test, and this workspace serves all of them.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-bridge-att-'));
    backend = new Backend({ configDir: path.join(root, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
    await backend.createWorkspace(path.join(root, 'ws'), true);
    await signIn(backend);
    bridge = new HttpBridge(backend, path.join(root, 'no-renderer'));
    const url = new URL(await bridge.start());
    origin = url.origin;
    cookie = (await fetch(url)).headers.get('set-cookie')!.split(';')[0]!;
    const caseId = (await invoke<{ rows: { id: number }[] }>('cases:list', { filter: {}, limit: 1 })).rows[0]!.id;
    [photo] = await invoke<Attachment[]>('attachments:add', {
      caseId, kind: 'before', files: [{ fileName: '井盖.png', mime: 'image/png', dataBase64: png.toString('base64') }],
    });
    // A file the user says is text but is HTML: it must never render, let alone run, on our origin.
    [note] = await invoke<Attachment[]>('attachments:add', {
      caseId, kind: 'document', files: [{ fileName: '走访记录.txt', mime: 'text/plain', dataBase64: html.toString('base64') }],
    });
  });
  afterAll(async () => {
    await bridge?.stop();
    await backend.closeWorkspace();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** The contract as the page calls it: POST /api/invoke on the bridge. */
  async function invoke<T>(channel: string, input: unknown): Promise<T> {
    const res = await fetch(`${origin}/api/invoke`, { method: 'POST', headers: { cookie, 'Content-Type': 'application/json' }, body: JSON.stringify({ channel, input }) });
    const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
    if (!body.ok) throw new Error(body.error?.message);
    return body.value;
  }
  const get = (pathname: string, withCookie = true) => fetch(`${origin}${pathname}`, { headers: withCookie ? { cookie } : {} });

  it('serves a photo inline with its type, nosniff and a script-free sandboxed CSP', async () => {
    const res = await get(`/attachments/${photo.sha256}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe(ATTACHMENT_CSP);
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
  });

  it('serves anything else as a download of opaque bytes under its (Chinese) name', async () => {
    const res = await get(`/attachments/${note.sha256}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; /);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('走访记录.txt')}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe(ATTACHMENT_CSP);
    expect(Buffer.from(await res.arrayBuffer()).equals(html)).toBe(true);
  });

  it('answers 404 for a hash no case has, even when such a file lies in the folder', async () => {
    const stray = 'b'.repeat(64);
    fs.mkdirSync(path.join(root, 'ws', 'attachments', 'bb'), { recursive: true });
    fs.writeFileSync(path.join(root, 'ws', 'attachments', 'bb', stray), 'not attached to any case');
    const res = await get(`/attachments/${stray}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(ATTACHMENT_CSP);
    expect(await res.text()).not.toContain('not attached');
  });

  it('refuses malformed hashes and traversal without looking anything up', async () => {
    for (const bad of [
      photo.sha256.toUpperCase(),
      photo.sha256.slice(1),
      `${photo.sha256}0`,
      '..%2F..%2Fgriddesk.db',
      '..%5Cworkspace.json',
      `${photo.sha256.slice(0, 2)}/${photo.sha256}`,
    ]) {
      const res = await get(`/attachments/${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    // `..` segments are resolved by the URL parser first: this is a request for a renderer file, not the database.
    const dotted = await get('/attachments/../griddesk.db');
    expect(dotted.status).toBe(404);
  });

  it('needs the per-run token like every other bridge route', async () => {
    const res = await get(`/attachments/${photo.sha256}`, false);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('PNG');
  });
});

describe('attachments/<sha256> through the database worker (the path the app:// protocol takes)', () => {
  it('hands the bytes, type and name across the thread boundary, and 404 for an unknown hash', async () => {
    const root = tempDir('griddesk-worker-att-');
    const client = BackendClient.startWorker(path.join(distElectron, 'backend-host.mjs'), {
      configDir: path.join(root, 'config'),
      resourcesDir: path.join(repoRoot, 'resources'),
    });
    try {
      await client.ready;
      expect(await client.openFolder(path.join(root, 'ws'), 'demo')).toMatchObject({ ok: true });
      await client.invoke('auth:signIn', { username: 'admin', password: DEMO_PASSWORD });
      const caseId = (await client.invoke('cases:list', { filter: {}, limit: 1 })).rows[0]!.id;
      const [photo] = await client.invoke('attachments:add', {
        caseId, kind: 'after', files: [{ fileName: '复查.png', mime: 'image/png', dataBase64: png.toString('base64') }],
      });
      const served = await client.attachment(photo!.sha256);
      expect(served).toMatchObject({ ok: true, value: { status: 200, mime: 'image/png', fileName: '复查.png' } });
      const answer = (served as { value: AttachmentAnswer }).value;
      expect(answer.status === 200 && Buffer.from(answer.data).equals(png)).toBe(true);
      expect(await client.attachment('c'.repeat(64))).toMatchObject({ ok: true, value: { status: 404 } });
    } finally {
      await client.shutdown();
    }
  });
});
