import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { SessionInfo } from '@contract/auth';
import { authApi } from '@/api/auth';
import { ApiError } from '@/api/api-error';
import { listenForSessionErrors } from '@/api/transport';
import { i18n } from '@/i18n';

/** What the window shows: nothing yet, the sign-in screens, or the app (the lock overlay lies over it). */
export type AuthPhase = 'loading' | 'noWorkspace' | 'firstAdmin' | 'signIn' | 'changePassword' | 'ready';

/** Input that counts as someone at the desk. */
const ACTIVITY_EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart'] as const;
const IDLE_CHECK_MS = 1000;

declare global {
  interface Window {
    /**
     * Test hook: seconds of idleness before the lock, for end-to-end specs. It can only shorten
     * the workspace's setting (the smaller wins), so it never weakens the lock.
     */
    __griddeskIdleSeconds?: number;
  }
}

/**
 * The signed-in person, the idle lock and the screens before the app. A change of person (交接班,
 * signing in after a sign-out) reloads the page: every store then loads again for the new scope,
 * and nothing of the previous person's view survives in memory.
 */
export const useAuthStore = defineStore('auth', () => {
  const session = shallowRef<SessionInfo | null>(null);
  const locked = ref(false);
  const needsFirstAdmin = ref(false);
  const idleMinutes = ref(10);
  const loaded = ref(false);
  const noWorkspace = ref(false);
  let lastInput = Date.now();
  let idleTimer: ReturnType<typeof setInterval> | undefined;
  /** The account the app's data was last shown for (null before the first sign-in). */
  let shownFor: number | null = null;

  const phase = computed<AuthPhase>(() => {
    if (!loaded.value) return 'loading';
    if (noWorkspace.value) return 'noWorkspace';
    if (!session.value) return needsFirstAdmin.value ? 'firstAdmin' : 'signIn';
    return session.value.mustChangePassword ? 'changePassword' : 'ready';
  });
  watch(phase, (now) => {
    if (now === 'ready') shownFor = session.value?.accountId ?? null;
  });
  const permissions = computed(() => new Set(session.value?.permissions ?? []));

  // Labelled here, in the window's language (the service's labels are Chinese, for the CLI and logs).
  const roleLabel = computed(() => (session.value ? i18n.global.t(`auth.roles.${session.value.role}`) : ''));
  const scopeLabel = computed(() => {
    const s = session.value;
    if (!s) return '';
    const t = i18n.global.t;
    if (s.scope.kind === 'all') return t('auth.scopeAll');
    const names = s.scopeNames.join(t('auth.scopeJoin'));
    const unit = t(`auth.scopeUnit.${s.scope.kind}`);
    return names ? t('auth.scopeOf', { unit, names }) : t('auth.scopeNone', { unit });
  });

  function can(permission: string): boolean {
    return permissions.value.has(permission);
  }

  async function load(): Promise<void> {
    try {
      const status = await authApi.status();
      session.value = status.session;
      locked.value = status.locked;
      needsFirstAdmin.value = status.needsFirstAdmin;
      idleMinutes.value = status.idleMinutes;
      noWorkspace.value = false;
    } catch (error) {
      // No workspace open (damaged, locked elsewhere): the recovery screen takes over.
      noWorkspace.value = error instanceof ApiError;
      if (!noWorkspace.value) throw error;
    } finally {
      loaded.value = true;
    }
    listenForSessionErrors(onSessionError);
    startIdleWatch();
  }

  function onSessionError(code: string): void {
    if (code === 'session_locked') locked.value = true;
    else if (code === 'not_signed_in') session.value = null;
    else if (code === 'password_change_required' && session.value) session.value = { ...session.value, mustChangePassword: true };
  }

  async function signIn(username: string, password: string): Promise<void> {
    const before = shownFor;
    session.value = await authApi.signIn(username, password);
    locked.value = false;
    lastInput = Date.now();
    // After a lapsed session someone else signed in: their scope starts from a clean page.
    if (before !== null && before !== session.value.accountId) window.location.reload();
  }

  async function createFirstAdmin(staffName: string, username: string, password: string): Promise<void> {
    session.value = await authApi.createFirstAdmin({ staffName, username, password });
    needsFirstAdmin.value = false;
  }

  async function changePassword(oldPassword: string, newPassword: string): Promise<void> {
    await authApi.changePassword(oldPassword, newPassword);
    if (session.value) session.value = { ...session.value, mustChangePassword: false };
  }

  /** Ends the session; the page reloads so that no data of this person stays in memory. */
  async function signOut(): Promise<void> {
    await authApi.signOut();
    window.location.reload();
  }

  /** 交接班: the next person signs in; the page reloads into their scope on the same view. */
  async function switchOperator(username: string, password: string, note: string): Promise<void> {
    await authApi.switchOperator(username, password, note);
    window.location.reload();
  }

  async function lock(): Promise<void> {
    if (!session.value || locked.value) return;
    locked.value = true;
    await authApi.lock();
  }

  async function unlock(password: string): Promise<void> {
    try {
      session.value = await authApi.unlock(password);
      locked.value = false;
      lastInput = Date.now();
    } catch (error) {
      // Too many wrong passwords end the session: back to the sign-in screen.
      if (error instanceof ApiError && (error.code === 'account_locked' || error.code === 'account_disabled')) session.value = null;
      throw error;
    }
  }

  async function setIdleMinutes(minutes: number): Promise<number> {
    idleMinutes.value = (await authApi.setIdleMinutes(minutes)).idleMinutes;
    return idleMinutes.value;
  }

  /** Milliseconds of idleness before the lock: the setting, or the test hook when it is shorter. */
  function idleLimitMs(): number {
    const configured = idleMinutes.value * 60_000;
    const test = Number(window.__griddeskIdleSeconds);
    return test > 0 ? Math.min(configured, test * 1000) : configured;
  }

  function startIdleWatch(): void {
    if (idleTimer) return;
    const touch = () => {
      lastInput = Date.now();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, touch, { passive: true, capture: true });
    idleTimer = setInterval(() => {
      if (phase.value !== 'ready' || locked.value) return;
      if (Date.now() - lastInput >= idleLimitMs()) void lock().catch(() => undefined);
    }, IDLE_CHECK_MS);
  }

  return {
    session, roleLabel, scopeLabel, locked, needsFirstAdmin, idleMinutes, phase, can, load, signIn, createFirstAdmin, changePassword, signOut,
    switchOperator, lock, unlock, setIdleMinutes,
  };
});
