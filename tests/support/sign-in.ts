import type { Backend } from '../../electron/services/backend/backend';

/** The demo workspace's shared password (docs/accounts.md). */
export const DEMO_PASSWORD = 'griddesk2026';

/** Signs a demo account in on an open demo workspace: every channel but the public ones needs one. */
export async function signIn(backend: Backend, username = 'admin', password = DEMO_PASSWORD): Promise<void> {
  await backend.call('auth:signIn', { username, password });
}

/** A new empty workspace has no account yet: its administrator is created and signed in. */
export async function createFirstAdmin(backend: Backend, username = 'admin', password = DEMO_PASSWORD): Promise<void> {
  await backend.call('auth:createFirstAdmin', { staffName: '测试管理员', username, password });
}
