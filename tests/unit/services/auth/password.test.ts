import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkPasswordRules, hashPassword, verifyPassword } from '../../../../electron/services/auth/password';

describe('password hashing', () => {
  it('salts: the same password gives different hashes, both verify', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horse', b)).toBe(true);
  });

  it('refuses a wrong password, a changed hash and strings that are not hashes', async () => {
    const stored = await hashPassword('正确的密码abc');
    expect(await verifyPassword('正确的密码abd', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
    const parts = stored.split('$');
    const key = Buffer.from(parts[5]!, 'base64');
    key[0] = key[0]! ^ 1;
    expect(await verifyPassword('正确的密码abc', [...parts.slice(0, 5), key.toString('base64')].join('$'))).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('正确的密码abc', stored.replace('$32768$', '$262144$'))).toBe(false);
  });

  it('a fixed salt gives the same hash (the demo build is reproducible)', async () => {
    const salt = Buffer.alloc(16, 7);
    expect(await hashPassword('griddesk2026', { salt })).toBe(await hashPassword('griddesk2026', { salt }));
  });

  it('verifies a hash made with another cost (the cost travels with the hash)', async () => {
    const salt = Buffer.alloc(16, 3);
    const key = scryptSync('another-pass', salt, 64, { N: 2 ** 14, r: 8, p: 1 });
    const stored = ['scrypt', 2 ** 14, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    expect(await verifyPassword('another-pass', stored)).toBe(true);
    expect(await verifyPassword('another-pasS', stored)).toBe(false);
  });

  it('needs at least 8 characters, counted as characters not bytes', () => {
    expect(() => checkPasswordRules('1234567')).toThrow(/至少需要 8 个字符/);
    expect(() => checkPasswordRules('        ')).toThrow(/空格/);
    expect(() => checkPasswordRules('网格中心值班密码')).not.toThrow();
  });
});
