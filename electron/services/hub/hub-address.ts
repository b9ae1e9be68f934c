import { AppError } from '../shared/app-error';

/** A hub address as typed, split into the address kept on screen and the password kept apart. */
export function splitAddress(typed: string): { address: string; password: string } {
  let url: URL;
  try {
    url = new URL(typed.trim());
  } catch {
    throw badAddress();
  }
  if (!/^postgres(ql)?:$/.test(url.protocol) || !url.hostname) throw badAddress();
  const password = url.password === '***' ? '' : decodeURIComponent(url.password);
  url.password = '';
  return { address: url.toString(), password };
}

/** The address to connect with: the stored password put back (never shown, never logged). */
export function withPassword(address: string, password: string): string {
  if (!password) return address;
  const url = new URL(address);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** The address as shown: a stored password appears as ***. */
export function shownAddress(address: string, hasPassword: boolean): string {
  if (!hasPassword) return address;
  const url = new URL(address);
  url.password = '***';
  return url.toString();
}

/**
 * The name of the hub in the local cursors: user, host, port and database. The same server under
 * another user or password is the same hub; another database is another.
 */
export function hubKey(address: string): string {
  const url = new URL(address);
  return `${url.username}@${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

function badAddress(): AppError {
  return new AppError(
    'hub_address',
    '中心库地址应形如 postgres://用户@主机:5432/数据库 / The hub address must look like postgres://user@host:5432/database',
  );
}
