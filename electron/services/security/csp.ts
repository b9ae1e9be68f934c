/**
 * The Content-Security-Policy sent with every page of the renderer (app:// in Electron, the HTTP bridge) (pure: no 'electron' import, so unit
 * tests can check it). The renderer only runs our own bundled scripts; images may also come from
 * the online tile servers a workspace can configure, listed one by one instead of a blanket
 * `https:` so a compromised page cannot beacon data out through <img> URLs to any host.
 */

/** Online basemap hosts (OpenStreetMap, 天地图 Tianditu, 高德 AMap). Add a host here when a basemap needs it. */
export const TILE_HOSTS = [
  'https://tile.openstreetmap.org',
  'https://*.tile.openstreetmap.org',
  'https://*.tianditu.gov.cn',
  'https://*.is.autonavi.com',
  'https://*.amap.com',
] as const;

const DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  // Element Plus positions popovers and tables with inline styles.
  ['style-src', ["'self'", "'unsafe-inline'"]],
  // Offline tiles come from 'self' (app://griddesk/tiles/...); Leaflet exports use data:/blob:.
  ['img-src', ["'self'", 'data:', 'blob:', ...TILE_HOSTS]],
  // All data goes through IPC; fetch/XHR only reach our own origin.
  ['connect-src', ["'self'"]],
  ['font-src', ["'self'", 'data:']],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
];

export function buildContentSecurityPolicy(): string {
  return DIRECTIVES.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

export const CONTENT_SECURITY_POLICY = buildContentSecurityPolicy();
