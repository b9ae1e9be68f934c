import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { INPUT_LIMITS, base64Length, sizeLabel } from '../../contract/input-limits';
import { validateCall } from '../../contract/validate';
import { ATTACHMENT_PATH, ATTACHMENT_PREFIX, ATTACHMENT_SECURITY_HEADERS, attachmentHeaders } from '../attachments/attachment-response';
import { AppError, toErrorBody } from '../shared/app-error';
import type { Backend } from './backend';
import { CONTENT_SECURITY_POLICY } from '../security/csp';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};
/** The largest upload sent whole (a boundary file, in base64) and its envelope; tile archives bigger than it need the desktop app. */
const MAX_BODY_BYTES = base64Length(Math.max(INPUT_LIMITS.boundaryTextBytes, INPUT_LIMITS.boundaryZipBytes)) + 1024 * 1024;
const COOKIE = 'griddesk_token';

/**
 * The renderer's second transport, for development and browser tests: serves the built renderer
 * and the same contract over HTTP on loopback only. A per-run token (in the first URL, then an
 * HttpOnly cookie) keeps other local pages and processes out; the Host check stops DNS rebinding;
 * the Origin / Sec-Fetch-Site and JSON content-type checks stop other pages' requests (CSRF).
 */
export class HttpBridge {
  readonly token = crypto.randomBytes(24).toString('hex');
  private server: http.Server | undefined;
  private port = 0;

  constructor(
    private readonly backend: Backend,
    private readonly rendererDir: string,
  ) {}

  async start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: toErrorBody(error) });
        else res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    this.port = (this.server.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}/?token=${this.token}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`) return sendText(res, 403, 'Bad host');
    const fromQuery = url.searchParams.get('token');
    const fromCookie = parseCookie(req.headers.cookie ?? '')[COOKIE];
    const authorized = [fromQuery, fromCookie].some((candidate) => candidate && safeEqual(candidate, this.token));
    if (!authorized) return sendText(res, 403, 'GridDesk bridge: open the URL printed at start (it carries the token).');
    if (fromQuery) res.setHeader('Set-Cookie', `${COOKIE}=${this.token}; HttpOnly; SameSite=Strict; Path=/`);

    const isApi = url.pathname === '/api/invoke' || url.pathname.startsWith('/tiles/') || url.pathname.toLowerCase().startsWith(ATTACHMENT_PREFIX);
    if (isApi && fromAnotherPage(req, `http://${host}`)) return sendText(res, 403, 'GridDesk bridge: cross-origin requests are refused');
    if (url.pathname === '/api/invoke' && req.method === 'POST') {
      // Only JSON: a cross-site form or a text/plain "simple request" cannot send it without a CORS preflight (which gets no CORS headers).
      if (mediaType(req.headers['content-type']) !== 'application/json') {
        return sendJson(res, 415, { ok: false, error: { code: 'unsupported_media_type', message: 'POST /api/invoke takes Content-Type: application/json' } });
      }
      return this.invoke(req, res);
    }
    const tile = /^\/tiles\/(\d+)\/(\d+)\/(\d+)\/(\d+)$/.exec(url.pathname);
    if (tile && req.method === 'GET') return this.tile(res, tile.slice(1).map(Number) as [number, number, number, number]);
    // Matched on the raw path, as the app:// router does: a near miss is refused, never looked up.
    if (url.pathname.toLowerCase().startsWith(ATTACHMENT_PREFIX) && req.method === 'GET') {
      const attachment = ATTACHMENT_PATH.exec(url.pathname);
      if (!attachment) return sendText(res, 400, 'Bad attachment hash', ATTACHMENT_SECURITY_HEADERS);
      return this.attachment(res, attachment[1]!);
    }
    if (req.method === 'GET') return this.staticFile(res, url.pathname);
    sendText(res, 405, 'Method not allowed');
  }

  private async invoke(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body: string;
    try {
      body = await readBody(req);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return sendJson(res, 413, { ok: false, error: toErrorBody(error) });
    }
    let message: { channel?: unknown; input?: unknown };
    try {
      message = JSON.parse(body) as typeof message;
    } catch {
      return sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: 'Body is not JSON' } });
    }
    const call = validateCall(String(message.channel), message.input);
    if (!call.ok) return sendJson(res, 400, { ok: false, error: call.error });
    try {
      sendJson(res, 200, { ok: true, value: await this.backend.call(call.channel, call.input) });
    } catch (error) {
      sendJson(res, 200, { ok: false, error: toErrorBody(error) });
    }
  }

  private async tile(res: http.ServerResponse, [basemapId, z, x, y]: [number, number, number, number]): Promise<void> {
    const answer = await this.backend.tile(basemapId, z, x, y);
    if (answer.status === 200) {
      res.writeHead(200, {
        'Content-Type': answer.contentType,
        'Cache-Control': 'max-age=3600',
        ...(answer.contentEncoding ? { 'Content-Encoding': answer.contentEncoding } : {}),
      });
      res.end(Buffer.from(answer.data));
    } else {
      res.writeHead(answer.status, { 'Cache-Control': 'no-store' });
      res.end();
    }
  }

  private async attachment(res: http.ServerResponse, sha256: string): Promise<void> {
    const answer = await this.backend.attachment(sha256);
    if (answer.status !== 200) return sendText(res, answer.status, answer.message, ATTACHMENT_SECURITY_HEADERS);
    res.writeHead(200, attachmentHeaders(answer.mime, answer.fileName));
    res.end(Buffer.from(answer.data.buffer, answer.data.byteOffset, answer.data.byteLength));
  }

  private staticFile(res: http.ServerResponse, pathname: string): void {
    const relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    const file = path.resolve(this.rendererDir, `.${relative}`);
    if (!file.startsWith(path.resolve(this.rendererDir) + path.sep)) return sendText(res, 403, 'Forbidden');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return sendText(res, 404, 'Not found');
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'X-Content-Type-Options': 'nosniff',
      // The same policy as in Electron, so browser tests run the renderer under it.
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    });
    fs.createReadStream(file).pipe(res);
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the cap the rest is read and dropped, not kept: the page still gets the answer (a reset socket would say nothing).
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        reject(new AppError('file_too_large', `上传的数据超过 ${sizeLabel(MAX_BODY_BYTES)}，浏览器模式下请选择更小的文件，或在桌面版中导入`));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A request a page of another origin made: its Origin is not ours, or the browser says it is not
 * same-origin (Sec-Fetch-Site; another loopback port is the same *site*, so the SameSite cookie
 * alone would still be sent). Requests without either header come from no browser page (tests,
 * scripts) and still need the token.
 */
function fromAnotherPage(req: http.IncomingMessage, ownOrigin: string): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== ownOrigin) return true;
  const site = req.headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function parseCookie(header: string): Record<string, string> {
  return Object.fromEntries(
    header
      .split(';')
      .map((part) => part.trim().split('='))
      .filter((pair) => pair.length === 2)
      .map(([key, value]) => [key!, value!]),
  );
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(value));
}

function sendText(res: http.ServerResponse, status: number, text: string, extra: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...extra });
  res.end(text);
}
