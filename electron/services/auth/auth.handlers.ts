import type { authChannels } from '../../contract/auth';
import type { DomainHandlers } from '../shared/handler';
import type { AuthServices } from './auth-services';

/** What these handlers need of the open workspace's services. */
type AuthHandlerServices = { auth: AuthServices };

/**
 * Signing in, the idle lock and the shift handover are open to whoever is at the desk (the service
 * checks the session and password itself); accounts and the access log are the administrator's.
 */
export const authHandlers: DomainHandlers<typeof authChannels, AuthHandlerServices> = {
  'auth:status': { need: 'public', run: (_input, { services }) => services().auth.auth.status() },
  'auth:signIn': { need: 'public', run: (input, { services }) => services().auth.auth.signIn(input) },
  'auth:createFirstAdmin': { need: 'public', run: (input, { services }) => services().auth.auth.createFirstAdmin(input) },
  'auth:signOut': { need: 'public', run: (_input, { services }) => services().auth.auth.signOut() },
  'auth:switchOperator': { need: 'public', run: (input, { services }) => services().auth.auth.switchOperator(input) },
  'auth:changePassword': { need: 'signed_in', run: (input, { services }) => services().auth.auth.changePassword(input) },
  'auth:lock': { need: 'signed_in', run: (_input, { services }) => services().auth.auth.lock() },
  'auth:unlock': { need: 'public', run: (input, { services }) => services().auth.auth.unlock(input) },
  'auth:setIdleMinutes': { need: 'settings', run: (input, { services }) => services().auth.auth.setIdleMinutes(input) },
  'accounts:list': { need: 'admin', run: (_input, { services }) => services().auth.auth.listAccounts() },
  'accounts:create': { need: 'admin', run: (input, { services }) => services().auth.auth.createAccount(input) },
  'accounts:resetPassword': { need: 'admin', run: (input, { services }) => services().auth.auth.resetPassword(input) },
  'accounts:setDisabled': { need: 'admin', run: (input, { services }) => services().auth.auth.setDisabled(input) },
  'accessLog:list': { need: 'admin', run: (input, { services }) => services().auth.auth.accessLogList(input) },
  'accessLog:export': { need: 'admin', run: (input, { services }) => services().auth.auth.accessLogExport(input) },
};
