/**
 * The life of a case as an explicit state machine (pure: no I/O, time and calendar come in).
 * Every transition names who may do it, what it needs, and what it does to the deadlines; the
 * service applies the decision and appends the event. DOMAIN.md, "The life of a case".
 */
import type { CaseStatus, Satisfaction, StaffRole, TransitionFields, WorkflowAction } from '../../contract';
import { ROLE_LABELS, rolesWith } from '../auth/roles';
import { DAY, HOUR, type TimeBasis, type WorkCalendar } from '../calendar/work-calendar';

type Field = keyof TransitionFields | 'target';
type DeadlineEffect = 'none' | 'extend' | 'pause' | 'resume' | 'restart' | 'respond';

export interface TransitionSpec {
  action: WorkflowAction;
  /** The event's action name (the same names the demo timeline uses). */
  event: string;
  from: readonly CaseStatus[];
  /** null: the case stays in its state (whistle, report, extend, callback). */
  to: CaseStatus | null;
  roles: readonly StaffRole[];
  required: readonly Field[];
  deadline: DeadlineEffect;
}

const ACTIVE: CaseStatus[] = ['dispatched', 'in_progress'];

/** Who may do each action comes from the one role table (auth/roles.ts); admin is in every list. */
export const TRANSITIONS: Record<WorkflowAction, TransitionSpec> = {
  register: { action: 'register', event: 'registered', from: ['received'], to: 'registered', roles: rolesWith('case_action:register'), required: [], deadline: 'none' },
  dispatch: { action: 'dispatch', event: 'dispatched', from: ['registered', 'returned', 'escalated'], to: 'dispatched', roles: rolesWith('case_action:dispatch'), required: ['target'], deadline: 'none' },
  return: { action: 'return', event: 'returned', from: ['dispatched'], to: 'returned', roles: rolesWith('case_action:return'), required: ['note'], deadline: 'none' },
  respond: { action: 'respond', event: 'responded', from: ['dispatched'], to: 'in_progress', roles: rolesWith('case_action:respond'), required: [], deadline: 'respond' },
  whistle: { action: 'whistle', event: 'whistled', from: ACTIVE, to: null, roles: rolesWith('case_action:whistle'), required: ['note', 'departmentIds', 'reportHours'], deadline: 'none' },
  report: { action: 'report', event: 'whistle_reported', from: ['dispatched', 'in_progress', 'handled', 'suspended'], to: null, roles: rolesWith('case_action:report'), required: ['departmentId', 'note'], deadline: 'none' },
  extend: { action: 'extend', event: 'extended', from: ACTIVE, to: null, roles: rolesWith('case_action:extend'), required: ['note', 'days'], deadline: 'extend' },
  suspend: { action: 'suspend', event: 'suspended', from: ACTIVE, to: 'suspended', roles: rolesWith('case_action:suspend'), required: ['note'], deadline: 'pause' },
  resume: { action: 'resume', event: 'resumed', from: ['suspended'], to: 'in_progress', roles: rolesWith('case_action:resume'), required: [], deadline: 'resume' },
  escalate: { action: 'escalate', event: 'escalated', from: ['registered', 'returned', 'dispatched', 'in_progress'], to: 'escalated', roles: rolesWith('case_action:escalate'), required: ['note'], deadline: 'none' },
  handle: { action: 'handle', event: 'handled', from: ['in_progress'], to: 'handled', roles: rolesWith('case_action:handle'), required: ['note'], deadline: 'none' },
  reject: { action: 'reject', event: 'verify_failed', from: ['handled'], to: 'in_progress', roles: rolesWith('case_action:reject'), required: ['note'], deadline: 'none' },
  verify: { action: 'verify', event: 'verified', from: ['handled'], to: 'verified', roles: rolesWith('case_action:verify'), required: [], deadline: 'none' },
  close: { action: 'close', event: 'closed', from: ['verified'], to: 'closed', roles: rolesWith('case_action:close'), required: [], deadline: 'none' },
  callback: { action: 'callback', event: 'callback', from: ['closed'], to: null, roles: rolesWith('case_action:callback'), required: ['solved', 'satisfaction'], deadline: 'none' },
  reopen: { action: 'reopen', event: 'reopened', from: ['closed'], to: 'dispatched', roles: rolesWith('case_action:reopen'), required: ['note'], deadline: 'restart' },
};

export const STATUS_LABELS: Record<CaseStatus, string> = {
  received: '受理', registered: '立案', dispatched: '派遣', in_progress: '处置中', handled: '处置反馈', verified: '核查',
  closed: '结案', returned: '退单', suspended: '挂账', escalated: '提级',
};
export const ACTION_LABELS: Record<WorkflowAction, string> = {
  register: '立案', dispatch: '派遣', return: '退单', respond: '响应', whistle: '吹哨', report: '部门报到', extend: '延期',
  suspend: '挂账', resume: '恢复办理', escalate: '提级', handle: '处置反馈', reject: '核查不通过', verify: '核查通过',
  close: '结案', callback: '回访', reopen: '重办',
};
const FIELD_LABELS: Record<Field, string> = {
  note: '说明/理由', departmentId: '部门', staffId: '承办人', departmentIds: '被召集部门', reportHours: '报到时限',
  days: '延期天数', solved: '是否解决', satisfaction: '满意度', target: '派遣对象（部门或网格员）',
};

/** What the machine needs to know about a case. */
export interface CaseState {
  status: CaseStatus;
  timeBasis: TimeBasis;
  /** The category's limits; null when the case has no category. */
  handlingLimitDays: number | null;
  responseDueAt: number | null;
  handlingDueAt: number | null;
  respondedAt: number | null;
  pausedSince: number | null;
  callbackAt: number | null;
  solved: boolean | null;
  satisfaction: Satisfaction | null;
  /** Departments of the open whistle that have not reported yet; null when no whistle is open. */
  openWhistleWaiting: number[] | null;
}

export interface Actor {
  id: number | null;
  name: string;
  role: StaffRole;
}

/** Column changes, by the cases table's column names. */
export type CasePatch = Partial<Record<
  'status' | 'registered_at' | 'dispatched_at' | 'responded_at' | 'handled_at' | 'verified_at' | 'closed_at' |
  'response_due_at' | 'handling_due_at' | 'paused_since' | 'assignee_staff_id' | 'assignee_department_id' |
  'lead_department_id' | 'callback_at' | 'solved' | 'satisfaction',
  number | string | null
>> & { paused_ms_add?: number; extension_count_add?: 1; return_count_add?: 1; reopen_count_add?: 1 };

export type Decision =
  | { ok: true; to: CaseStatus; patch: CasePatch; event: { action: string; from: CaseStatus; to: CaseStatus; note: string | null; data: Record<string, unknown> | null } }
  | { ok: false; code: 'illegal_transition' | 'forbidden_role' | 'missing_fields' | 'not_applicable'; message: string; allowed: WorkflowAction[] };

export function rolesFor(spec: TransitionSpec): StaffRole[] {
  return [...spec.roles];
}

/** The actions whose source states include `status` (before role, field and guard checks). */
export function actionsFrom(status: CaseStatus): WorkflowAction[] {
  return Object.values(TRANSITIONS).filter((spec) => spec.from.includes(status)).map((spec) => spec.action);
}

/** A guard on the case beyond its status: returns why the action does not apply now, or null. */
function stateGuard(action: WorkflowAction, state: CaseState): string | null {
  switch (action) {
    case 'whistle': return state.openWhistleWaiting !== null ? '本案已有未结束的吹哨' : null;
    case 'report': return state.openWhistleWaiting?.length ? null : '本案没有等待报到的吹哨';
    case 'callback': return state.callbackAt !== null ? '本轮已回访' : null;
    case 'reopen':
      if (state.callbackAt === null) return '尚未回访，不能重办';
      return state.satisfaction === 'unsatisfied' || state.solved === false ? null : '回访满意且已解决，不能重办';
    case 'extend': return state.handlingDueAt === null ? '本案没有处置时限，无需延期' : null;
    default: return null;
  }
}

/** A guard on the given fields' values. */
function fieldGuard(action: WorkflowAction, state: CaseState, fields: TransitionFields): string | null {
  if (action === 'whistle' && new Set(fields.departmentIds).size < 2) return '吹哨至少召集两个部门';
  if (action === 'report' && !state.openWhistleWaiting?.includes(fields.departmentId!)) return '该部门未被召集或已报到';
  return null;
}

/** The actions the case's state allows now (before role and field checks). */
export function allowedActions(state: CaseState): WorkflowAction[] {
  return actionsFrom(state.status).filter((action) => stateGuard(action, state) === null);
}

function present(field: Field, fields: TransitionFields): boolean {
  if (field === 'target') return fields.departmentId !== undefined || fields.staffId !== undefined;
  const value = fields[field];
  if (typeof value === 'string') return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined;
}

export function decide(state: CaseState, action: WorkflowAction, actor: Actor, fields: TransitionFields, now: number, calendar: WorkCalendar): Decision {
  const spec = TRANSITIONS[action];
  const allowed = allowedActions(state);
  if (!spec.from.includes(state.status)) {
    const next = allowed.map((a) => ACTION_LABELS[a]).join('、') || '无';
    return { ok: false, code: 'illegal_transition', allowed, message: `当前状态为「${STATUS_LABELS[state.status]}」，不能「${ACTION_LABELS[action]}」；可执行：${next}` };
  }
  if (!rolesFor(spec).includes(actor.role)) {
    return { ok: false, code: 'forbidden_role', allowed, message: `「${ACTION_LABELS[action]}」须由 ${rolesFor(spec).map((r) => ROLE_LABELS[r]).join('/')} 办理；${actor.name} 的角色是 ${ROLE_LABELS[actor.role]}` };
  }
  const missing = spec.required.filter((field) => !present(field, fields));
  if (missing.length) {
    return { ok: false, code: 'missing_fields', allowed, message: `「${ACTION_LABELS[action]}」缺少：${missing.map((f) => FIELD_LABELS[f]).join('、')}` };
  }
  const why = stateGuard(action, state) ?? fieldGuard(action, state, fields);
  if (why) return { ok: false, code: 'not_applicable', allowed, message: `不能「${ACTION_LABELS[action]}」：${why}` };

  const to = spec.to ?? state.status;
  const patch: CasePatch = { status: to };
  const data: Record<string, unknown> = {};
  switch (action) {
    case 'register': patch.registered_at = now; break;
    case 'dispatch':
      patch.dispatched_at = now;
      patch.assignee_department_id = fields.departmentId ?? null;
      patch.assignee_staff_id = fields.staffId ?? null;
      // First-receiver responsibility: the first unit dispatched to leads until closing; a return does not move it.
      if (fields.departmentId !== undefined) patch.lead_department_id = fields.departmentId;
      Object.assign(data, { departmentId: fields.departmentId ?? null, staffId: fields.staffId ?? null });
      break;
    case 'return': patch.return_count_add = 1; patch.assignee_staff_id = null; break;
    case 'respond':
      if (state.respondedAt === null) patch.responded_at = now;
      if (actor.id !== null) patch.assignee_staff_id = actor.id;
      break;
    case 'whistle': {
      // Departments report (报到) within natural hours: a summons does not wait for Monday.
      const reportDueAt = calendar.dueAt(now, fields.reportHours! * HOUR, 'natural');
      Object.assign(data, { departmentIds: [...new Set(fields.departmentIds)], reportDueAt });
      break;
    }
    case 'report': data.departmentId = fields.departmentId; break;
    case 'extend': {
      patch.handling_due_at = calendar.dueAt(state.handlingDueAt!, fields.days! * DAY, state.timeBasis);
      patch.extension_count_add = 1;
      Object.assign(data, { days: fields.days, handlingDueAt: patch.handling_due_at, previousDueAt: state.handlingDueAt });
      break;
    }
    case 'suspend': patch.paused_since = now; break;
    case 'resume': {
      const since = state.pausedSince ?? now;
      // The clock stood still while suspended: deadlines move by the working time that passed.
      if (state.handlingDueAt !== null) patch.handling_due_at = calendar.shiftByPause(state.handlingDueAt, since, now, state.timeBasis);
      if (state.respondedAt === null && state.responseDueAt !== null) {
        patch.response_due_at = calendar.shiftByPause(state.responseDueAt, since, now, state.timeBasis);
      }
      patch.paused_since = null;
      patch.paused_ms_add = now - since;
      Object.assign(data, { pausedMs: now - since, handlingDueAt: patch.handling_due_at ?? null });
      break;
    }
    case 'handle': patch.handled_at = now; break;
    case 'verify': patch.verified_at = now; break;
    case 'reject': patch.handled_at = null; break;
    case 'close': patch.closed_at = now; break;
    case 'callback':
      patch.callback_at = now;
      patch.solved = fields.solved ? 1 : 0;
      patch.satisfaction = fields.satisfaction!;
      Object.assign(data, { solved: fields.solved ? 1 : 0, satisfaction: fields.satisfaction });
      break;
    case 'reopen': {
      // 重办: a new handling round with a fresh limit; the previous round's results no longer stand.
      Object.assign(patch, { handled_at: null, verified_at: null, closed_at: null, callback_at: null, solved: null, satisfaction: null });
      patch.reopen_count_add = 1;
      if (state.handlingLimitDays !== null) patch.handling_due_at = calendar.dueAt(now, state.handlingLimitDays * DAY, state.timeBasis);
      data.handlingDueAt = patch.handling_due_at ?? null;
      break;
    }
    case 'escalate': break;
  }
  return {
    ok: true, to, patch,
    event: { action: spec.event, from: state.status, to, note: fields.note?.trim() || null, data: Object.keys(data).length ? data : null },
  };
}
