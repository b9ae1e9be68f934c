import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, isAppUrl, routeAppRequest } from '../../../electron/main/protocol-paths';

const posixRoot = '/opt/griddesk/dist/renderer';
const winRoot = 'C:\\Program Files\\GridDesk\\resources\\app.asar\\dist\\renderer';

describe('routeAppRequest: renderer files', () => {
  it('serves index.html for the bare origin and files inside the renderer folder', () => {
    expect(routeAppRequest('app://griddesk/', posixRoot, path.posix)).toEqual({
      kind: 'file',
      file: `${posixRoot}/index.html`,
      spaFallback: false,
    });
    expect(routeAppRequest('app://griddesk/assets/index-abc.js?v=1#x', posixRoot, path.posix)).toMatchObject({
      kind: 'file',
      file: `${posixRoot}/assets/index-abc.js`,
    });
  });

  it('decodes percent-escapes (Chinese file names) and marks router paths for the index.html fallback', () => {
    expect(routeAppRequest('app://griddesk/%E5%9C%B0%E5%9B%BE.png', posixRoot, path.posix)).toMatchObject({
      file: `${posixRoot}/地图.png`,
      spaFallback: false,
    });
    expect(routeAppRequest('app://griddesk/cases/42', posixRoot, path.posix)).toMatchObject({ kind: 'file', spaFallback: true });
  });

  const escapes = [
    'app://griddesk/../../etc/passwd',
    'app://griddesk/%2e%2e/%2e%2e/etc/passwd',
    'app://griddesk/assets/..%2F..%2F..%2Fetc%2Fpasswd',
    'app://griddesk/assets/%2E%2E%2F%2E%2E%2Fsecret',
    'app://griddesk/..%5C..%5C..%5Cwindows%5Cwin.ini',
    'app://griddesk/assets%2F..%2F..%2F..',
    'app://griddesk/index.html%00.png',
    'app://griddesk/%E0%A4%A',
  ];

  it.each(escapes)('refuses %s on POSIX', (url) => {
    const route = routeAppRequest(url, posixRoot, path.posix);
    if (route.kind === 'file') expect(route.file.startsWith(`${posixRoot}/`)).toBe(true);
    else expect(route.kind).toBe('forbidden');
  });

  it.each(escapes)('refuses %s on Windows', (url) => {
    const route = routeAppRequest(url, winRoot, path.win32);
    if (route.kind === 'file') expect(route.file.startsWith(`${winRoot}\\`)).toBe(true);
    else expect(route.kind).toBe('forbidden');
  });

  it('keeps drive letters and UNC paths inside the root on Windows', () => {
    for (const url of ['app://griddesk/C:/Windows/win.ini', 'app://griddesk/%5C%5Cserver%5Cshare%5Cx', 'app://griddesk//C:%5Cx']) {
      const route = routeAppRequest(url, winRoot, path.win32);
      expect(route.kind === 'forbidden' || (route.kind === 'file' && route.file.startsWith(`${winRoot}\\`))).toBe(true);
    }
  });

  it('refuses the traversal cases outright, not just by landing inside', () => {
    expect(routeAppRequest('app://griddesk/..%2F..%2Fetc%2Fpasswd', posixRoot, path.posix).kind).toBe('forbidden');
    expect(routeAppRequest('app://griddesk/..%5C..%5Cwin.ini', winRoot, path.win32).kind).toBe('forbidden');
    expect(routeAppRequest('app://griddesk/a%00b', posixRoot, path.posix).kind).toBe('forbidden');
  });

  it('refuses other origins and schemes', () => {
    expect(routeAppRequest('app://evil/index.html', posixRoot, path.posix).kind).toBe('forbidden');
    expect(routeAppRequest('https://griddesk/index.html', posixRoot, path.posix).kind).toBe('forbidden');
    expect(routeAppRequest('not a url', posixRoot, path.posix).kind).toBe('forbidden');
  });
});

describe('routeAppRequest: tiles', () => {
  it('routes the offline tile URL template tiles/{id}/{z}/{x}/{y}', () => {
    expect(routeAppRequest('app://griddesk/tiles/2/12/3372/1552', posixRoot)).toEqual({
      kind: 'tile',
      basemapId: 2,
      z: 12,
      x: 3372,
      y: 1552,
    });
  });

  it('treats malformed tile paths as (missing) files, never as tiles', () => {
    expect(routeAppRequest('app://griddesk/tiles/2/12/-1/3', posixRoot, path.posix)).toMatchObject({ kind: 'file' });
    expect(routeAppRequest('app://griddesk/tiles/x/1/2/3', posixRoot, path.posix)).toMatchObject({ kind: 'file' });
  });
});

describe('routeAppRequest: attachments', () => {
  const sha = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

  it('routes attachments/<sha256> to the attachment, with a query string ignored', () => {
    expect(routeAppRequest(`app://griddesk/attachments/${sha}`, posixRoot, path.posix)).toEqual({ kind: 'attachment', sha256: sha });
    expect(routeAppRequest(`app://griddesk/attachments/${sha}?v=2`, winRoot, path.win32)).toEqual({ kind: 'attachment', sha256: sha });
  });

  it.each([
    ['upper-case hex', `app://griddesk/attachments/${sha.toUpperCase()}`],
    ['63 digits', `app://griddesk/attachments/${sha.slice(1)}`],
    ['65 digits', `app://griddesk/attachments/${sha}0`],
    ['a non-hex digit', `app://griddesk/attachments/${sha.slice(1)}g`],
    ['a trailing slash', `app://griddesk/attachments/${sha}/`],
    ['a deeper path', `app://griddesk/attachments/${sha.slice(0, 2)}/${sha}`],
    ['percent-encoded hex', `app://griddesk/attachments/${[...sha].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}`],
    ['an encoded traversal', 'app://griddesk/attachments/..%2F..%2Fgriddesk.db'],
    ['an encoded backslash traversal', 'app://griddesk/attachments/..%5C..%5Cgriddesk.db'],
    ['a file name', 'app://griddesk/attachments/photo.png'],
    ['nothing', 'app://griddesk/attachments/'],
    ['another case of the folder name', `app://griddesk/Attachments/${sha}`],
  ])('refuses %s', (_what, url) => {
    expect(routeAppRequest(url, posixRoot, path.posix)).toEqual({ kind: 'forbidden', reason: 'not an attachment hash' });
    expect(routeAppRequest(url, winRoot, path.win32).kind).toBe('forbidden');
  });

  it('never turns a dot-segment path into an attachment or a file outside the renderer', () => {
    // The URL parser removes `..` segments before routing: what is left is an ordinary renderer file.
    for (const url of ['app://griddesk/attachments/../index.html', `app://griddesk/attachments/../attachments/../../${sha}`]) {
      const route = routeAppRequest(url, posixRoot, path.posix);
      expect(route.kind).toBe('file');
      expect(route.kind === 'file' && route.file.startsWith(`${posixRoot}/`)).toBe(true);
    }
    expect(routeAppRequest('app://griddesk/attachments/../index.html', posixRoot, path.posix)).toMatchObject({ file: `${posixRoot}/index.html` });
    expect(routeAppRequest('app://griddesk/attachments%2F..%2F..%2Fgriddesk.db', posixRoot, path.posix).kind).toBe('forbidden');
  });
});

describe('isAppUrl / contentTypeOf', () => {
  it('trusts only app://griddesk', () => {
    expect(isAppUrl('app://griddesk/index.html')).toBe(true);
    expect(isAppUrl('app://griddesk.evil/index.html')).toBe(false);
    expect(isAppUrl('https://griddesk/')).toBe(false);
    expect(isAppUrl('')).toBe(false);
  });

  it('knows the renderer asset types', () => {
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/font.woff2')).toBe('font/woff2');
    expect(contentTypeOf('/x/blob')).toBe('application/octet-stream');
  });
});
