import { z } from 'zod';
import { NoInput, Timestamp } from './common';
import { StaffRole } from './directory';
import { ExportedFile } from './import';

/** Where a person acts (see electron/services/auth/scope.ts): everything, places, or a department. */
export const Scope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('street'), regionIds: z.array(z.number()) }),
  z.object({ kind: z.literal('community'), regionIds: z.array(z.number()) }),
  z.object({ kind: z.literal('grid'), regionIds: z.array(z.number()) }),
  z.object({ kind: z.literal('department'), departmentId: z.number() }),
]);
export type Scope = z.infer<typeof Scope>;

/** The signed-in person as the renderer sees them; never a password or its hash. */
export const SessionInfo = z.object({
  accountId: z.number(),
  staffId: z.number(),
  username: z.string(),
  name: z.string(),
  role: StaffRole,
  /** 值班员, 派遣员 … */
  roleLabel: z.string(),
  scope: Scope,
  /** 全部 / 街道：东华门街道 / 本部门：城管执法局 … */
  scopeLabel: z.string(),
  /** The places or the department of the scope, by name, for the renderer to label in its language. */
  scopeNames: z.array(z.string()),
  /** What the role may do (the role table), so the UI hides what would be refused anyway. */
  permissions: z.array(z.string()),
  signedInAt: Timestamp,
  /** After an administrator's reset: ask for a new password before anything else. */
  mustChangePassword: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const AuthStatus = z.object({
  /** null: nobody is signed in (show the sign-in screen, or the first-administrator screen). */
  session: SessionInfo.nullable(),
  /** Idle lock: the session and the work in progress stay, the screen asks for the password. */
  locked: z.boolean(),
  /** A new workspace without any account: the start screen creates the administrator. */
  needsFirstAdmin: z.boolean(),
  idleMinutes: z.number(),
});
export type AuthStatus = z.infer<typeof AuthStatus>;

export const Account = z.object({
  id: z.number(),
  staffId: z.number(),
  username: z.string(),
  name: z.string(),
  staffCode: z.string(),
  role: StaffRole,
  departmentName: z.string().nullable(),
  regionName: z.string().nullable(),
  disabled: z.boolean(),
  /** Locked after repeated wrong passwords until this time (null: not locked). */
  lockedUntil: Timestamp.nullable(),
  mustChangePassword: z.boolean(),
  lastSignInAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type Account = z.infer<typeof Account>;

export const AccessKind = z.enum([
  'unmask', 'unmasked_export', 'caller_history', 'sign_in', 'sign_in_failed', 'sign_out', 'shift_handover', 'lock', 'unlock', 'account_admin',
  'exchange_send', 'exchange_receive',
]);
export type AccessKind = z.infer<typeof AccessKind>;

export const AccessLogFilter = z.object({
  from: Timestamp.optional(),
  /** Exclusive. */
  to: Timestamp.optional(),
  accountId: z.number().int().optional(),
  caseId: z.number().int().optional(),
  /** Part of a case number (案件编号) as the administrator types it; case-insensitive. */
  caseNo: z.string().trim().min(1).max(64).optional(),
  kind: AccessKind.optional(),
}).strict();
export type AccessLogFilter = z.infer<typeof AccessLogFilter>;

export const AccessLogEntry = z.object({
  id: z.number(),
  at: Timestamp,
  accountId: z.number().nullable(),
  actorName: z.string(),
  role: z.string().nullable(),
  caseId: z.number().nullable(),
  caseNo: z.string().nullable(),
  field: z.string().nullable(),
  reason: z.string().nullable(),
  kind: AccessKind,
  detail: z.string().nullable(),
});
export type AccessLogEntry = z.infer<typeof AccessLogEntry>;

const Username = z.string().trim().min(1).max(64);
/** Length rules (at least 8) are the service's, with a Chinese message; this only caps the payload. */
const Password = z.string().min(1).max(256);
const Ok = z.object({ ok: z.literal(true) });

export const authChannels = {
  /** Who is signed in, whether the screen is locked, whether the workspace needs its first administrator. */
  'auth:status': { input: NoInput, output: AuthStatus },
  /** Signs in; 5 wrong passwords in a row lock the account for 15 minutes (`account_locked`). */
  'auth:signIn': { input: z.object({ username: Username, password: Password }).strict(), output: SessionInfo },
  /** First start of a new workspace only: creates the administrator (a staff row if the roster has none) and signs in. */
  'auth:createFirstAdmin': {
    input: z.object({ staffName: z.string().trim().min(1).max(40), username: Username, password: Password }).strict(),
    output: SessionInfo,
  },
  'auth:signOut': { input: NoInput, output: Ok },
  /** 交接班: another operator signs in at the same desk without closing the workspace; the handover is recorded. */
  'auth:switchOperator': {
    input: z.object({ username: Username, password: Password, note: z.string().max(500).default('') }).strict(),
    output: SessionInfo,
  },
  'auth:changePassword': { input: z.object({ oldPassword: Password, newPassword: Password }).strict(), output: Ok },
  /** Idle lock: keeps the session, every other call is refused until `auth:unlock`. */
  'auth:lock': { input: NoInput, output: Ok },
  'auth:unlock': { input: z.object({ password: Password }).strict(), output: SessionInfo },
  /** Administrator: minutes without input before the screen locks (1–240, default 10). */
  'auth:setIdleMinutes': { input: z.object({ minutes: z.number().int() }).strict(), output: z.object({ idleMinutes: z.number() }) },
  /** Administrator: every account with its staff member, role and state. */
  'accounts:list': { input: NoInput, output: z.array(Account) },
  /** Administrator: an account for a staff member; the initial password must be changed at first sign-in. */
  'accounts:create': {
    input: z.object({ staffId: z.number().int(), username: Username, password: Password }).strict(),
    output: Account,
  },
  /** Administrator: a new password (changed at next sign-in); also lifts a lock-out. */
  'accounts:resetPassword': { input: z.object({ accountId: z.number().int(), newPassword: Password }).strict(), output: Ok },
  'accounts:setDisabled': { input: z.object({ accountId: z.number().int(), disabled: z.boolean() }).strict(), output: Account },
  /** Administrator: the access log, newest first. Read only: nothing edits or deletes it. */
  'accessLog:list': {
    input: z.object({
      filter: AccessLogFilter.default({}),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }).strict(),
    output: z.object({ total: z.number(), rows: z.array(AccessLogEntry) }),
  },
  /** Administrator: the matching entries as CSV (UTF-8 with BOM), oldest first. */
  'accessLog:export': {
    input: z.object({ filter: AccessLogFilter.default({}) }).strict(),
    output: ExportedFile.extend({ rows: z.number() }),
  },
} as const;
