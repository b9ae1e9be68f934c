import type { AccessLogFilter, Account, AuthStatus, SessionInfo } from '@contract/auth';
import type { Input, Output } from '@contract/index';
import type { PersonalField } from '@contract/cases';
import { invoke } from './transport';

/** Signing in, the idle lock, 交接班, accounts and the access log (contract/auth.ts). */
export const authApi = {
  status: (): Promise<AuthStatus> => invoke('auth:status', {}),
  signIn: (username: string, password: string): Promise<SessionInfo> => invoke('auth:signIn', { username, password }),
  createFirstAdmin: (input: Input<'auth:createFirstAdmin'>): Promise<SessionInfo> => invoke('auth:createFirstAdmin', input),
  signOut: () => invoke('auth:signOut', {}),
  switchOperator: (username: string, password: string, note: string): Promise<SessionInfo> => invoke('auth:switchOperator', { username, password, note }),
  changePassword: (oldPassword: string, newPassword: string) => invoke('auth:changePassword', { oldPassword, newPassword }),
  lock: () => invoke('auth:lock', {}),
  unlock: (password: string): Promise<SessionInfo> => invoke('auth:unlock', { password }),
  setIdleMinutes: (minutes: number) => invoke('auth:setIdleMinutes', { minutes }),
  accounts: (): Promise<Account[]> => invoke('accounts:list', {}),
  createAccount: (input: Input<'accounts:create'>): Promise<Account> => invoke('accounts:create', input),
  resetPassword: (accountId: number, newPassword: string) => invoke('accounts:resetPassword', { accountId, newPassword }),
  setDisabled: (accountId: number, disabled: boolean): Promise<Account> => invoke('accounts:setDisabled', { accountId, disabled }),
  accessLog: (filter: AccessLogFilter, offset: number, limit: number): Promise<Output<'accessLog:list'>> => invoke('accessLog:list', { filter, offset, limit }),
  exportAccessLog: (filter: AccessLogFilter): Promise<Output<'accessLog:export'>> => invoke('accessLog:export', { filter }),
  /** One personal field unmasked for the current view; logged with the reason. Never kept in a store. */
  unmask: (caseId: number, field: PersonalField, reason: string): Promise<string | null> =>
    invoke('cases:unmask', { caseId, field, reason }).then((r) => r.value),
};
