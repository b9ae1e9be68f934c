import path from 'node:path';
import { ATTACHMENT_PATH, ATTACHMENT_PREFIX } from '../services/attachments/attachment-response';

/**
 * URL → what to serve, for the app:// protocol. Pure (no 'electron' import) so the path-traversal
 * rules are unit-tested on both POSIX and Windows path semantics.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'griddesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the main window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export type AppRoute =
  /** A file of the built renderer. `spaFallback`: serve index.html if it does not exist (router paths). */
  | { kind: 'file'; file: string; spaFallback: boolean }
  /** One tile of an offline basemap (the URL template BasemapService hands to the renderer). */
  | { kind: 'tile'; basemapId: number; z: number; x: number; y: number }
  /** A case's stored file, by the sha256 of its bytes (the only way the page reaches one). */
  | { kind: 'attachment'; sha256: string }
  | { kind: 'forbidden'; reason: string };

const TILE_PATH = /^\/tiles\/(\d{1,9})\/(\d{1,2})\/(\d{1,9})\/(\d{1,9})$/;

/** True for URLs of our own page origin (app://griddesk/...), the only origin we trust. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Maps a request URL to a renderer file, a tile or an attachment. Anything that would resolve outside
 * `rendererDir` (`..`, encoded slashes or backslashes, absolute or drive paths, NUL) is refused.
 */
export function routeAppRequest(url: string, rendererDir: string, paths: path.PlatformPath = path): AppRoute {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'forbidden', reason: 'malformed URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { kind: 'forbidden', reason: 'foreign origin' };

  const tile = TILE_PATH.exec(parsed.pathname);
  if (tile) {
    const [basemapId, z, x, y] = tile.slice(1).map(Number) as [number, number, number, number];
    return { kind: 'tile', basemapId, z, x, y };
  }
  // Matched on the raw path: escapes, upper case, other lengths are refused, never decoded into a hash.
  const attachment = ATTACHMENT_PATH.exec(parsed.pathname);
  if (attachment) return { kind: 'attachment', sha256: attachment[1]! };
  if (parsed.pathname.toLowerCase().startsWith(ATTACHMENT_PREFIX)) return { kind: 'forbidden', reason: 'not an attachment hash' };

  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return { kind: 'forbidden', reason: 'bad escape' };
  }
  if (relative.includes('\0')) return { kind: 'forbidden', reason: 'NUL in path' };
  if (relative === '/' || relative === '') relative = '/index.html';

  const root = paths.resolve(rendererDir);
  // Joined as a relative path on purpose: an absolute or drive-letter remainder cannot reset the root.
  const file = paths.resolve(root, `.${paths.sep}${relative.replace(/^[/\\]+/, '')}`);
  if (!isInside(root, file, paths)) return { kind: 'forbidden', reason: 'outside the renderer folder' };
  return { kind: 'file', file, spaFallback: paths.extname(file) === '' };
}

function isInside(root: string, file: string, paths: path.PlatformPath): boolean {
  const rel = paths.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !paths.isAbsolute(rel);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
