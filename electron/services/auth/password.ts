/**
 * Passwords are kept only as a slow, salted scrypt hash (Node's crypto, no native add-on). The
 * stored string carries its own cost and salt — `scrypt$N$r$p$saltB64$hashB64` — so raising the
 * cost later still verifies every older hash.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError } from '../shared/app-error';

/** 2^15 × r 8 × 128 B = 32 MiB of memory per hash, about 0.1 s on a desk PC: slow for a guesser. */
export const SCRYPT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 64;
const SALT_BYTES = 16;
export const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 256;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  // Node refuses N·r·128 above maxmem (32 MiB by default): allow twice the need.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * A new hash with a random salt. `salt` is for the demo workspace only, whose published
 * passwords are hashed with a fixed salt so the same seed still builds the same bytes.
 */
export async function hashPassword(password: string, options: { salt?: Buffer } = {}): Promise<string> {
  const salt = options.salt ?? randomBytes(SALT_BYTES);
  const key = await derive(password, salt, SCRYPT_COST);
  return ['scrypt', SCRYPT_COST.N, SCRYPT_COST.r, SCRYPT_COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `password` matches `stored`; false for a wrong password or a string that is not ours. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Refuse costs far above ours (at most 256 MiB): a planted row must not make sign-in allocate gigabytes.
  if (![N, r, p].every(Number.isInteger) || N < 2 || N > 2 ** 17 || (N & (N - 1)) !== 0 || r < 1 || r > 16 || p < 1 || p > 4) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (salt.length === 0 || expected.length !== KEY_BYTES) return false;
  const actual = await derive(password, salt, { N, r, p });
  return timingSafeEqual(actual, expected);
}

/** The password rules, checked before any hash is made. */
export function checkPasswordRules(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new AppError('weak_password', `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError('weak_password', `密码不能超过 ${MAX_PASSWORD_LENGTH} 个字符`);
  }
  if (password.trim().length === 0) throw new AppError('weak_password', '密码不能全是空格');
}
