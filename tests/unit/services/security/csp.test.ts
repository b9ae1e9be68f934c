import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, TILE_HOSTS } from '../../../../electron/services/security/csp';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('CONTENT_SECURITY_POLICY', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it('allows every online tile host for images, explicitly (no blanket https:)', () => {
    const img = policy.get('img-src')!;
    for (const host of [
      'https://tile.openstreetmap.org',
      'https://*.tile.openstreetmap.org',
      'https://*.tianditu.gov.cn',
      'https://*.is.autonavi.com',
      'https://*.amap.com',
    ]) {
      expect(img).toContain(host);
    }
    expect(img).toEqual(["'self'", 'data:', 'blob:', ...TILE_HOSTS]);
    expect(img).not.toContain('https:');
  });

  it('runs only our own scripts and locks down the rest', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('font-src')).toEqual(["'self'", 'data:']);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
  });
});
