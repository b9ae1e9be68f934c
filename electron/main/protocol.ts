import fs from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { protocol } from 'electron';
import type { ApiResult } from '../contract';
import type { TileResponse } from '../services/tiles/tile.service';
import { ATTACHMENT_SECURITY_HEADERS, attachmentResponse, type AttachmentAnswer } from '../services/attachments/attachment-response';
import { CONTENT_SECURITY_POLICY } from '../services/security/csp';
import { APP_SCHEME, contentTypeOf, routeAppRequest } from './protocol-paths';

/**
 * app://griddesk/ — the renderer's origin. A real origin (not file://) gives the page a proper
 * security context, relative URLs, fetch, and a place for the offline tiles
 * (app://griddesk/tiles/{id}/{z}/{x}/{y}) and the cases' attachments (app://griddesk/attachments/<sha256>)
 * next to the page, like the HTTP bridge serves them.
 */

/** Must run before the app's `ready` event, and only once. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export interface AppProtocolOptions {
  rendererDir: string;
  tile(basemapId: number, z: number, x: number, y: number): Promise<ApiResult<unknown>>;
  attachment(sha256: string): Promise<ApiResult<unknown>>;
}

/** Serves the built renderer, offline tiles and attachments. Call after `ready`, for the default session. */
export function handleAppProtocol(options: AppProtocolOptions): void {
  protocol.handle(APP_SCHEME, async (request) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed');
      const route = routeAppRequest(request.url, options.rendererDir);
      switch (route.kind) {
        case 'forbidden':
          return respond(403, `Forbidden: ${route.reason}`);
        case 'tile':
          return await serveTile(options, route.basemapId, route.z, route.x, route.y);
        case 'attachment':
          return await serveAttachment(options, route.sha256);
        case 'file':
          return await serveFile(options.rendererDir, route.file, route.spaFallback);
      }
    } catch (error) {
      return respond(500, error instanceof Error ? error.message : String(error));
    }
  });
}

async function serveFile(rendererDir: string, file: string, spaFallback: boolean): Promise<Response> {
  // A router path (no extension) reloaded by the user gets the page, which handles the route.
  const target = (await isFile(file)) ? file : spaFallback ? path.join(rendererDir, 'index.html') : undefined;
  if (!target || !(await isFile(target))) return respond(404, 'Not found');
  // fs reads inside app.asar transparently; renderer files are small enough to read whole.
  const body = await fs.readFile(target);
  return new Response(body, { status: 200, headers: headers({ 'Content-Type': contentTypeOf(target) }) });
}

async function serveTile(options: AppProtocolOptions, basemapId: number, z: number, x: number, y: number): Promise<Response> {
  const result = await options.tile(basemapId, z, x, y);
  if (!result.ok) return respond(500, result.error.message);
  const answer = result.value as TileResponse;
  if (answer.status === 204) return new Response(null, { status: 204, headers: headers({ 'Cache-Control': 'no-store' }) });
  if (answer.status === 404) return respond(404, answer.message);
  // Chromium does not decode Content-Encoding on custom-protocol responses, so gzip-stored tiles
  // (vector tiles in MBTiles) are inflated here and the page always receives plain bytes.
  const data = answer.contentEncoding === 'gzip' ? gunzipSync(answer.data) : answer.data;
  return new Response(toArrayBuffer(data), {
    status: 200,
    headers: headers({ 'Content-Type': answer.contentType, 'Cache-Control': 'max-age=3600' }),
  });
}

async function serveAttachment(options: AppProtocolOptions, sha256: string): Promise<Response> {
  const result = await options.attachment(sha256);
  if (!result.ok) return respond(500, result.error.message, ATTACHMENT_SECURITY_HEADERS);
  return attachmentResponse(result.value as AttachmentAnswer);
}

/** Every app:// answer carries the CSP and nosniff, errors included; `extra` may replace the CSP. */
function headers(extra: Record<string, string>): Headers {
  return new Headers({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
}

function respond(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(message, { status, headers: headers({ 'Content-Type': 'text/plain; charset=utf-8', ...extra }) });
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** The tile bytes arrive from the worker as a Uint8Array view; Response wants a standalone buffer. */
function toArrayBuffer(data: Uint8Array): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}
