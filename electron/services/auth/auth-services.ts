import type { DurableDatabase } from '../db/durable-database';
import { AccessLogRepository } from './access-log.repository';
import { AccessLogService } from './access-log.service';
import { AccountRepository } from './account.repository';
import { AccountService } from './account.service';
import { AuthService } from './auth.service';
import { ScopeRepository } from './scope.repository';

/** The accounts, access log and session of one open workspace, wired together. */
export function createAuthServices(db: DurableDatabase, clock: () => number = Date.now) {
  const scopes = new ScopeRepository(db);
  const accounts = new AccountService(new AccountRepository(db), scopes, clock);
  const accessLog = new AccessLogService(new AccessLogRepository(db), clock);
  return { scopes, accounts, accessLog, auth: new AuthService(accounts, accessLog, scopes) };
}
export type AuthServices = ReturnType<typeof createAuthServices>;
