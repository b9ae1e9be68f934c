import pg from 'pg';
import { AppError } from '../shared/app-error';

/**
 * A connection string fit to print: the password replaced by ***. Anything that does not parse as a
 * URL is not echoed at all (it could be a password typed in the wrong place).
 */
export function redactConnectionString(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    for (const key of [...url.searchParams.keys()]) {
      if (/pass/i.test(key)) url.searchParams.set(key, '***');
    }
    return url.toString();
  } catch {
    return '(连接串 / connection string)';
  }
}

/** For a long-lived link: give up on an unreachable server, notice a dead one, and never wait forever on a query. */
export interface HubConnectOptions {
  connectionTimeoutMillis?: number;
  queryTimeoutMillis?: number;
  keepAlive?: boolean;
}

/** A connected client for the hub at this address; a failure names the address without its password. */
export async function connectHub(connectionString: string, options: HubConnectOptions = {}): Promise<pg.Client> {
  if (!/^postgres(ql)?:\/\//.test(connectionString)) {
    throw new AppError(
      'hub_address',
      '中心库地址应形如 postgres://用户@主机:5432/数据库（密码可放在 PGPASSWORD 或 ~/.pgpass 中）' +
        ' / The hub address must look like postgres://user@host:5432/database (the password may come from PGPASSWORD or ~/.pgpass)',
    );
  }
  const client = new pg.Client({
    connectionString, application_name: 'griddesk',
    connectionTimeoutMillis: options.connectionTimeoutMillis, query_timeout: options.queryTimeoutMillis, keepAlive: options.keepAlive,
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    const reason = (error as Error).message.split(connectionString).join(redactConnectionString(connectionString));
    throw new AppError(
      'hub_unreachable',
      `无法连接中心库 ${redactConnectionString(connectionString)}：${reason} / Cannot connect to the hub: ${reason}`,
    );
  }
  // A server-side error on an idle connection must not crash the process: the next query reports it.
  client.on('error', () => undefined);
  return client;
}
