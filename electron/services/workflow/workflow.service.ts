import type { AllowedAction, CasePage, CaseStatus, Crs, IntakeSuggestion, StaffMember, TransitionFields, WhistleInfo, WorkflowAction } from '../../contract';
import { AppError } from '../shared/app-error';
import type { CalendarRepository } from '../calendar/calendar.repository';
import type { CaseRepository } from '../cases/case.repository';
import type { GridLocator } from '../regions/grid-locator';
import { DAY } from '../calendar/work-calendar';
import { TRANSITIONS, allowedActions, decide, rolesFor, type Actor } from './case-state-machine';
import type { WorkflowRepository } from './workflow.repository';

/** Duplicate suggestions at intake: same category, open, within this radius and these days. */
const DUPLICATE_RADIUS_M = 100;
const DUPLICATE_DAYS = 3;

/** Runs transitions: decides with the pure state machine, then appends the event durably. */
export class WorkflowService {
  constructor(
    private readonly repo: WorkflowRepository,
    private readonly calendars: CalendarRepository,
    private readonly cases: CaseRepository,
    private readonly grids: GridLocator,
    private readonly clock: () => number = Date.now,
    /** The signed-in person (the app); without one, the workspace's stored operator (tools, tests). */
    currentActor?: () => Actor,
    /** A case someone acts on again is back in the working set: an archived one comes back in full first. */
    private readonly bringBack: (caseId: number) => void = () => undefined,
  ) {
    this.currentActor = currentActor ?? (() => this.storedOperator());
  }

  private readonly currentActor: () => Actor;

  /** The staff member every action is recorded as: the signed-in person. */
  operator(): StaffMember {
    const { id } = this.currentActor();
    const staff = id === null ? undefined : this.repo.staff(id);
    if (!staff) throw new AppError('no_operator', '当前账号对应的人员不存在或已停用');
    return staff;
  }

  /** Tools and tests without a session act as the workspace's stored operator. */
  setOperator(staffId: number): StaffMember {
    if (!this.repo.staff(staffId)) throw new AppError('not_found', `人员 ${staffId} 不存在或已停用`);
    this.repo.setOperator(staffId);
    return this.operator();
  }

  private storedOperator(): Actor {
    const id = this.repo.operatorId();
    const staff = id === undefined ? undefined : this.repo.staff(id);
    if (!staff) throw new AppError('no_operator', '工作区没有可用的人员，无法确定当前操作员');
    return { id: staff.id, name: staff.name, role: staff.role };
  }

  /** `actorStaffId` is for tools acting as someone; the app's calls always act as the signed-in person. */
  transition(caseId: number, action: WorkflowAction, fields: TransitionFields, actorStaffId?: number): { status: CaseStatus; eventId: number } {
    const state = this.repo.caseState(caseId);
    if (!state) throw new AppError('not_found', `案件 ${caseId} 不存在`);
    this.requireInScope(caseId);
    const actor = actorStaffId === undefined ? this.currentActor() : this.actor(actorStaffId);
    const now = this.clock();
    this.checkReferences(action, fields);
    const decision = decide(state, action, actor, fields, now, this.calendars.calendar());
    if (!decision.ok) throw new AppError('transition_refused', decision.message, { reason: decision.code, status: state.status, allowed: decision.allowed });
    this.bringBack(caseId);
    const event = { caseId, at: now, actorStaffId: actor.id, actorName: actor.name, ...decision.event };
    const data = decision.event.data ?? {};
    const eventId = this.repo.apply(
      event,
      decision.patch,
      action === 'whistle' ? { reason: decision.event.note!, reportDueAt: data.reportDueAt as number, departmentIds: data.departmentIds as number[] } : undefined,
      action === 'report' ? { whistleId: state.openWhistleId!, departmentId: fields.departmentId! } : undefined,
    );
    return { status: decision.to, eventId };
  }

  batch(caseIds: number[], action: WorkflowAction, fields: TransitionFields, actorStaffId?: number): { done: number[]; failed: { caseId: number; message: string }[] } {
    const done: number[] = [];
    const failed: { caseId: number; message: string }[] = [];
    for (const caseId of caseIds) {
      try {
        this.transition(caseId, action, fields, actorStaffId);
        done.push(caseId);
      } catch (error) {
        failed.push({ caseId, message: (error as Error).message });
      }
    }
    return { done, failed };
  }

  allowed(caseId: number): AllowedAction[] {
    const state = this.repo.caseState(caseId);
    if (!state) throw new AppError('not_found', `案件 ${caseId} 不存在`);
    this.requireInScope(caseId);
    const role = this.currentActor().role;
    return allowedActions(state).map((action) => {
      const spec = TRANSITIONS[action];
      const roles = rolesFor(spec);
      return { action, to: spec.to ?? state.status, required: [...spec.required], roles, permitted: roles.includes(role) };
    });
  }

  suggest(lng: number, lat: number, crs: Crs, categoryId?: number): IntakeSuggestion {
    const now = this.clock();
    const place = this.grids.locate(lng, lat, crs);
    const names = this.repo.regionNames(place.gridId);
    const category = categoryId === undefined ? undefined : this.repo.category(categoryId);
    let duplicates: IntakeSuggestion['duplicates'] = [];
    if (categoryId !== undefined) {
      const dLat = DUPLICATE_RADIUS_M / 111_320;
      const dLng = dLat / Math.cos((place.lat * Math.PI) / 180);
      duplicates = this.repo
        .nearbyOpen(categoryId, now - DUPLICATE_DAYS * DAY, [place.lng - dLng, place.lat - dLat, place.lng + dLng, place.lat + dLat])
        .map((c) => ({ id: c.id, caseNo: c.caseNo, title: c.title, receivedAt: c.receivedAt, distanceM: Math.round(distanceM(place.lng, place.lat, c.lng, c.lat)) }))
        .filter((c) => c.distanceM <= DUPLICATE_RADIUS_M)
        .sort((a, b) => a.distanceM - b.distanceM);
    }
    return {
      gridId: place.gridId, ...names, lng: place.lng, lat: place.lat,
      gridWorker: place.gridId === null ? null : this.repo.gridWorker(place.gridId, now),
      department: category?.departmentId ? { id: category.departmentId, name: category.departmentName ?? '' } : null,
      duplicates,
    };
  }

  merge(caseId: number, intoId: number): { ok: true } {
    if (caseId === intoId) throw new AppError('invalid_input', '不能把案件合并到它自己');
    const source = this.repo.caseState(caseId);
    const target = this.repo.caseState(intoId);
    if (!source || !target) throw new AppError('not_found', `案件 ${!source ? caseId : intoId} 不存在`);
    this.requireInScope(caseId);
    this.requireInScope(intoId);
    const actor = this.currentActor();
    this.repo.merge(caseId, intoId, this.clock(), actor, source.status);
    return { ok: true };
  }

  whistles(openOnly: boolean, caseId?: number): WhistleInfo[] {
    return this.repo.whistles(openOnly, caseId, this.clock());
  }

  overdue(offset: number, limit: number, nearDue: boolean): CasePage {
    return this.cases.list(nearDue ? { dueState: ['near'] } : { dueState: ['overdue'], status: openStatuses() }, offset, limit, this.clock(), 'due');
  }

  private actor(staffId: number): Actor {
    const staff = this.repo.staff(staffId);
    if (!staff) throw new AppError('not_found', `人员 ${staffId} 不存在或已停用`);
    return { id: staff.id, name: staff.name, role: staff.role };
  }

  private requireInScope(caseId: number): void {
    if (!this.cases.inScope(caseId)) throw new AppError('out_of_scope', `案件 ${caseId} 不在当前账号的管辖范围内`);
  }

  private checkReferences(action: WorkflowAction, fields: TransitionFields): void {
    const departments = [...(fields.departmentIds ?? []), ...(fields.departmentId !== undefined ? [fields.departmentId] : [])];
    for (const id of departments) {
      if (!this.repo.departmentName(id)) throw new AppError('not_found', `「${action}」引用的部门 ${id} 不存在`);
    }
    if (fields.staffId !== undefined && !this.repo.staff(fields.staffId)) throw new AppError('not_found', `人员 ${fields.staffId} 不存在或已停用`);
  }
}

function openStatuses(): ('received' | 'registered' | 'dispatched' | 'in_progress' | 'handled' | 'verified' | 'returned' | 'suspended' | 'escalated')[] {
  return ['received', 'registered', 'dispatched', 'in_progress', 'handled', 'verified', 'returned', 'suspended', 'escalated'];
}

function distanceM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const x = (lng2 - lng1) * rad * Math.cos(((lat1 + lat2) / 2) * rad);
  const y = (lat2 - lat1) * rad;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}
