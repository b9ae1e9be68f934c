import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/services/backend/backend';
import { HttpBridge } from '../../electron/services/backend/http-bridge';
import { stageFromDisk } from '../../electron/services/import/stage-from-disk';
import { repoRoot } from '../support/build';
import { signIn } from '../support/sign-in';

/**
 * What a hostile caller can try against the real bridge: name a file for the backend to read,
 * post from another page (a CSRF "simple request" in text/plain, or a CORS request from another
 * origin — other loopback ports are the same *site*, so the SameSite cookie alone does not stop them).
 */
describe('HTTP bridge: paths, origins and content types', () => {
  let root: string;
  let backend: Backend;
  let bridge: HttpBridge;
  let origin: string;
  let cookie: string;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-bridge-guards-'));
    backend = new Backend({ configDir: path.join(root, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
    await backend.createWorkspace(path.join(root, 'ws'), true);
    await signIn(backend);
    bridge = new HttpBridge(backend, path.join(root, 'no-renderer'));
    const url = new URL(await bridge.start());
    origin = url.origin;
    cookie = (await fetch(url)).headers.get('set-cookie')!.split(';')[0]!;
  });
  afterAll(async () => {
    await bridge?.stop();
    await backend.closeWorkspace();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const post = (channel: string, input: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    fetch(`${origin}/api/invoke`, { method: 'POST', headers: { cookie, ...headers }, body: JSON.stringify({ channel, input }) });

  async function invoke<T>(channel: string, input: unknown): Promise<T> {
    const body = (await (await post(channel, input, { 'Content-Type': 'application/json', Origin: origin })).json()) as { ok: boolean; value: T; error?: { message: string } };
    if (!body.ok) throw new Error(body.error?.message);
    return body.value;
  }

  it('refuses a file path from the page: the contract only takes staged files', async () => {
    const secret = path.join(root, 'secret.csv');
    fs.writeFileSync(secret, '受理时间,标题\n2026-01-01,工作区外的文件\n');
    for (const file of [{ path: '/etc/passwd' }, { path: secret }, { path: secret, stagedId: 'aaaaaaaa-1111', fileName: 'x.csv' }]) {
      // Each input is otherwise valid for its channel: only the file is refused.
      const calls = {
        'import:inspect': { file, table: {} },
        'import:roster-inspect': { file, table: {}, target: 'staff' },
        'import:roster-validate': { file, table: {}, target: 'staff', columns: {} },
        'import:start': { file, table: {}, mapping: { columns: { receivedAt: '受理时间' } } },
      };
      for (const [channel, input] of Object.entries(calls)) {
        const res = await post(channel, input);
        const body = (await res.json()) as { ok: boolean; error: { code: string }; value?: unknown };
        expect(res.status, `${channel} ${JSON.stringify(file)}`).toBe(400);
        expect(body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
        expect(JSON.stringify(body)).not.toContain('工作区外');
      }
    }
  });

  it('reads the same file once it is staged (the way the CLI and the desktop chooser hand it over)', async () => {
    const csv = path.join(repoRoot, 'tests', 'fixtures', 'import', 'boston-gbk.csv');
    // Small chunks: a file of several, as main's chooser sends a large one.
    const staged = await stageFromDisk(csv, (input) => invoke('import:stage', input), 64 * 1024);
    expect(staged).toMatchObject({ fileName: 'boston-gbk.csv', bytes: fs.statSync(csv).size });
    const answer = await invoke<{ table: { encoding: string; headers: string[] } }>('import:inspect', { file: { stagedId: staged.stagedId, fileName: staged.fileName }, table: {} });
    expect(answer.table.encoding).toBe('gbk');
    expect(answer.table.headers.length).toBeGreaterThan(5);
  });

  it('the desktop choosers are main’s: the backend refuses them in browser mode', async () => {
    for (const channel of ['import:choose-file', 'exchange:choose-package']) {
      const body = (await (await post(channel, {})).json()) as { ok: boolean; error: { code: string; message: string } };
      expect(body, channel).toMatchObject({ ok: false, error: { code: 'unsupported' } });
      expect(body.error.message).toMatch(/浏览器/);
    }
  });

  it('answers 415 to a post that is not application/json (a cross-site form or text/plain simple request)', async () => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await post('workspace:info', {}, { 'Content-Type': type });
      expect(res.status, type).toBe(415);
    }
    const missing = await fetch(`${origin}/api/invoke`, { method: 'POST', headers: { cookie }, body: new Blob([JSON.stringify({ channel: 'workspace:info', input: {} })]) });
    expect(missing.status).toBe(415);
    expect((await post('workspace:info', {}, { 'Content-Type': 'application/json; charset=utf-8' })).status).toBe(200);
  });

  it('answers 403 to a call from another origin, even one that carries the cookie', async () => {
    for (const other of ['http://127.0.0.1:1', 'http://localhost:9', 'null', 'https://evil.example', origin.replace('127.0.0.1', 'localhost') + '0']) {
      const res = await post('workspace:info', {}, { 'Content-Type': 'application/json', Origin: other });
      expect(res.status, other).toBe(403);
    }
    // Other loopback ports are the same site, so a browser would send the SameSite=Strict cookie: Sec-Fetch-Site tells.
    expect((await post('workspace:info', {}, { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    expect((await post('workspace:info', {}, { 'Content-Type': 'application/json', Origin: origin, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    // No Origin at all: not a browser page (tests, scripts); the token is still required.
    expect((await post('workspace:info', {})).status).toBe(200);
    const noToken = await fetch(`${origin}/api/invoke`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"channel":"workspace:info","input":{}}' });
    expect(noToken.status).toBe(403);
  });

  it('refuses tiles and attachments to other origins and other sites’ pages', async () => {
    const paths = ['/tiles/1/0/0/0', `/attachments/${'a'.repeat(64)}`];
    for (const pathname of paths) {
      const own = await fetch(`${origin}${pathname}`, { headers: { cookie, Origin: origin, 'Sec-Fetch-Site': 'same-origin' } });
      expect(own.status, pathname).not.toBe(403);
      const plain = await fetch(`${origin}${pathname}`, { headers: { cookie } });
      expect(plain.status, pathname).not.toBe(403);
      for (const headers of [{ Origin: 'http://127.0.0.1:1' }, { Origin: 'null' }, { 'Sec-Fetch-Site': 'same-site' }, { 'Sec-Fetch-Site': 'cross-site' }] as Record<string, string>[]) {
        const res = await fetch(`${origin}${pathname}`, { headers: { cookie, ...headers } });
        expect(res.status, `${pathname} ${JSON.stringify(headers)}`).toBe(403);
      }
    }
  });
});
