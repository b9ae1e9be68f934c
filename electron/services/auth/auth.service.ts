/**
 * The person at this desk: one session per open workspace (the backend serves one window), its
 * idle lock, and the check every channel's need goes through. Its methods have the shapes of the
 * auth/accounts/accessLog channels (contract/auth.ts), so each handler is one line.
 */
import type { Account, AccessLogEntry, AccessLogFilter, AuthStatus, SessionInfo } from '../../contract/auth';
import { AppError } from '../shared/app-error';
import type { AccessLogService } from './access-log.service';
import type { AccountService } from './account.service';
import type { WorkflowAction } from '../../contract';
import { ACTION_LABELS } from '../workflow/case-state-machine';
import { ROLE_LABELS, can, permissionsOf, type Permission } from './roles';
import type { Scope } from './scope';
import type { ScopeRepository } from './scope.repository';
import type { Session } from './session';

/** What a channel needs: nothing, any signed-in account, or a permission of the role table. */
export type Requirement = 'public' | 'signed_in' | Permission;

const PERMISSION_LABELS: Record<Exclude<Permission, `case_action:${string}`>, string> = {
  read: '查看案件', read_stats: '查看统计', case_create: '登记案件', case_attach: '添加附件', import: '导入数据', export: '导出数据',
  unmask: '查看个人信息', grid_edit: '编辑网格', approve: '审批', settings: '修改设置', exchange: '收发数据交换包',
  case_settle: '处理工作站之间的案件冲突', read_city: '查看全市三率（汇聚库）', admin: '管理账号和访问日志',
};

/** What a refused permission lets one do, in words a grid center uses: 无权「派遣」案件 … */
function permissionLabel(permission: Permission): string {
  if (permission.startsWith('case_action:')) {
    const action = permission.slice('case_action:'.length);
    return `对案件执行「${action === 'merge' ? '合并' : ACTION_LABELS[action as WorkflowAction] ?? action}」`;
  }
  return PERMISSION_LABELS[permission as keyof typeof PERMISSION_LABELS];
}

/** Channels an account that must change its password may still call. */
const WHILE_MUST_CHANGE: ReadonlySet<string> = new Set(['auth:status', 'auth:changePassword', 'auth:signOut', 'auth:lock']);

export class AuthService {
  private current: Session | null = null;
  private locked = false;

  constructor(
    private readonly accounts: AccountService,
    private readonly accessLog: AccessLogService,
    /** Names of regions and departments for the scope's label. */
    private readonly names: Pick<ScopeRepository, 'regionNames' | 'departmentName'>,
  ) {}

  /**
   * The one check before a handler runs: returns the session (null for 'public'), or throws
   * `not_signed_in`, `session_locked`, `password_change_required` or `forbidden`.
   */
  authorize(need: Requirement, channel = ''): Session | null {
    if (need === 'public') return this.current;
    const session = this.current;
    if (!session) throw new AppError('not_signed_in', '请先登录');
    if (this.locked) throw new AppError('session_locked', '屏幕已锁定，请输入密码解锁');
    if (session.mustChangePassword && !WHILE_MUST_CHANGE.has(channel)) {
      throw new AppError('password_change_required', '管理员已重置您的密码，请先修改密码');
    }
    if (need !== 'signed_in' && !can(session.role, need)) {
      throw new AppError('forbidden', `${ROLE_LABELS[session.role]}（${session.name}）无权${permissionLabel(need)}`, { need });
    }
    return session;
  }

  /** The signed-in session; throws like authorize('signed_in'). For services that record who acted. */
  session(): Session {
    return this.authorize('signed_in')!;
  }

  status(): AuthStatus {
    return {
      session: this.current && this.info(this.current), locked: this.current !== null && this.locked,
      needsFirstAdmin: this.accounts.needsFirstAdmin(), idleMinutes: this.accounts.idleMinutes(),
    };
  }

  async signIn(input: { username: string; password: string }): Promise<SessionInfo> {
    if (this.current) throw new AppError('already_signed_in', `${this.current.name} 已登录；换人请用「交接班」`);
    return this.start(await this.accounts.signIn(input.username, input.password));
  }

  async createFirstAdmin(input: { staffName: string; username: string; password: string }): Promise<SessionInfo> {
    return this.start(await this.accounts.createFirstAdmin(input.staffName, input.username, input.password));
  }

  signOut(): { ok: true } {
    if (this.current) this.accounts.note(this.current, 'sign_out');
    this.current = null;
    this.locked = false;
    return { ok: true };
  }

  /**
   * 交接班: the next operator signs in at the same desk; the workspace stays open. A failed
   * sign-in leaves the previous operator signed in (and the screen as it was).
   */
  async switchOperator(input: { username: string; password: string; note?: string }): Promise<SessionInfo> {
    const previous = this.current;
    const next = await this.accounts.signIn(input.username, input.password);
    this.accounts.recordHandover(previous, next, input.note ?? null);
    return this.start(next);
  }

  async changePassword(input: { oldPassword: string; newPassword: string }): Promise<{ ok: true }> {
    const session = this.authorize('signed_in', 'auth:changePassword')!;
    await this.accounts.changePassword(session.accountId, input.oldPassword, input.newPassword);
    this.current = { ...session, mustChangePassword: false };
    return { ok: true };
  }

  lock(): { ok: true } {
    const session = this.authorize('signed_in', 'auth:lock')!;
    if (!this.locked) this.accounts.note(session, 'lock');
    this.locked = true;
    return { ok: true };
  }

  /** Unlocks with the signed-in account's password; five wrong ones lock the account and end the session. */
  async unlock(input: { password: string }): Promise<SessionInfo> {
    const session = this.current;
    if (!session) throw new AppError('not_signed_in', '请先登录');
    try {
      await this.accounts.confirmPassword(session.accountId, input.password);
    } catch (error) {
      if (error instanceof AppError && (error.code === 'account_locked' || error.code === 'account_disabled')) this.signOut();
      throw error;
    }
    this.locked = false;
    return this.info(session);
  }

  setIdleMinutes(input: { minutes: number }): { idleMinutes: number } {
    return { idleMinutes: this.accounts.setIdleMinutes(this.authorize('settings')!, input.minutes) };
  }

  listAccounts(): Account[] {
    this.authorize('admin');
    return this.accounts.list();
  }

  createAccount(input: { staffId: number; username: string; password: string }): Promise<Account> {
    return this.accounts.createAccount(this.authorize('admin'), input.staffId, input.username, input.password);
  }

  async resetPassword(input: { accountId: number; newPassword: string }): Promise<{ ok: true }> {
    await this.accounts.resetPassword(this.authorize('admin')!, input.accountId, input.newPassword);
    return { ok: true };
  }

  setDisabled(input: { accountId: number; disabled: boolean }): Account {
    this.accounts.setDisabled(this.authorize('admin')!, input.accountId, input.disabled);
    return this.accounts.list().find((a) => a.id === input.accountId)!;
  }

  accessLogList(input: { filter: AccessLogFilter; offset: number; limit: number }): { total: number; rows: AccessLogEntry[] } {
    this.authorize('admin');
    return this.accessLog.list(input.filter, input.offset, input.limit);
  }

  accessLogExport(input: { filter: AccessLogFilter }): { fileName: string; mime: string; dataBase64: string; rows: number } {
    this.authorize('admin');
    const { csv, rows } = this.accessLog.exportCsv(input.filter);
    const data = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]);
    return { fileName: '访问日志.csv', mime: 'text/csv', dataBase64: data.toString('base64'), rows };
  }

  /** The session as the renderer sees it. */
  info(session: Session): SessionInfo {
    return {
      accountId: session.accountId, staffId: session.staffId, username: session.username, name: session.name, role: session.role,
      roleLabel: ROLE_LABELS[session.role], scope: session.scope, scopeLabel: this.scopeLabel(session.scope),
      scopeNames: this.scopeNames(session.scope),
      permissions: permissionsOf(session.role), signedInAt: session.signedInAt, mustChangePassword: session.mustChangePassword,
    };
  }

  private start(session: Session): SessionInfo {
    this.current = session;
    this.locked = false;
    return this.info(session);
  }

  private scopeNames(scope: Scope): string[] {
    switch (scope.kind) {
      case 'all': return [];
      case 'department': return [this.names.departmentName(scope.departmentId) ?? `部门 ${scope.departmentId}`];
      default: return this.names.regionNames(scope.regionIds);
    }
  }

  private scopeLabel(scope: Scope): string {
    const names = this.scopeNames(scope);
    switch (scope.kind) {
      case 'all': return '全部';
      case 'department': return `本部门：${names[0]}`;
      default: {
        const unit = { street: '街道', community: '社区', grid: '网格' }[scope.kind];
        return names.length ? `${unit}：${names.join('、')}` : `无（未分配${unit}）`;
      }
    }
  }
}
