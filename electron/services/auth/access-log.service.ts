/**
 * Who looked at personal data, when, at which case, which field and why (PIPL); also sign-ins,
 * shift handovers and account changes. Record and read only: no method edits or deletes an entry.
 */
import { AppError } from '../shared/app-error';
import { csvField } from '../export/neutralise';
import { shanghaiText } from '../export/case-table';
import { AccessLogRepository, type AccessEntry, type AccessFilter, type AccessKind, type AccessLogRow } from './access-log.repository';
import type { Session } from './session';

export const ACCESS_KIND_LABELS: Record<AccessKind, string> = {
  unmask: '查看个人信息', unmasked_export: '导出未脱敏数据', caller_history: '查看来电人历史',
  sign_in: '登录', sign_in_failed: '登录失败', sign_out: '退出登录', shift_handover: '交接班',
  lock: '锁屏', unlock: '解锁', account_admin: '账号管理',
  exchange_send: '发送交换包', exchange_receive: '接收交换包',
};
/** Kinds that are a look at personal data: they need a case or a reason. */
const PERSONAL: ReadonlySet<AccessKind> = new Set(['unmask', 'unmasked_export', 'caller_history']);
const MAX_PAGE = 500;

export interface RecordInput {
  kind: AccessKind;
  caseId?: number | null;
  field?: string | null;
  reason?: string | null;
  detail?: string | null;
}

export class AccessLogService {
  constructor(
    private readonly repo: AccessLogRepository,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Appends one entry for the signed-in person; returns its id. */
  record(session: Session, input: RecordInput): number {
    const reason = input.reason?.trim() || null;
    if (PERSONAL.has(input.kind) && !reason) {
      throw new AppError('reason_required', `${ACCESS_KIND_LABELS[input.kind]}须填写理由（将记入访问日志）`);
    }
    return this.repo.append(entryFor(session, input, this.clock()));
  }

  list(filter: AccessFilter, offset = 0, limit = 100): { total: number; rows: AccessLogRow[] } {
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw new AppError('invalid_input', `分页参数无效：offset ${offset}，limit ${limit}（1–${MAX_PAGE}）`);
    }
    return this.repo.page(filter, offset, limit);
  }

  /** The matching entries as CSV text (UTF-8; the caller adds a BOM or re-encodes), oldest first. */
  exportCsv(filter: AccessFilter): { csv: string; rows: number } {
    const rows = this.repo.all(filter);
    const header = ['序号', '时间（北京时间）', '账号编号', '操作人', '角色', '案件编号', '字段', '理由', '类型', '详情'];
    const lines = [header.join(',')];
    for (const row of rows) {
      lines.push([
        row.id, shanghaiText(row.at), row.accountId, row.actorName, row.role, row.caseNo, row.field, row.reason,
        ACCESS_KIND_LABELS[row.kind] ?? row.kind, row.detail,
      ].map((value) => csvField(value ?? null)).join(','));
    }
    return { csv: `${lines.join('\r\n')}\r\n`, rows: rows.length };
  }
}

export function entryFor(session: Pick<Session, 'accountId' | 'name' | 'role'> | null, input: RecordInput, at: number): AccessEntry {
  return {
    at, accountId: session?.accountId ?? null, actorName: session?.name ?? '—', role: session?.role ?? null,
    caseId: input.caseId ?? null, field: input.field ?? null, reason: input.reason?.trim() || null, kind: input.kind,
    detail: input.detail ?? null,
  };
}
