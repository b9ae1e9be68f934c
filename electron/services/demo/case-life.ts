/**
 * What happened to each planned case: the timeline from receipt to callback, with returns,
 * whistles, extensions, suspensions and reopens, cut at the end of the demo period. The case row
 * is derived from its surviving events (deriveCase), so the two can never disagree.
 */
import type { CasePlan } from './case-plan';
import {
  CALLBACK_NOTES, EXTENSION_REASONS, RETURN_REASONS, SUSPENSION_REASON, VERIFY_NOTES, WHISTLE_ACTIONS, WHISTLE_REASONS,
  description, handlingNote,
} from './case-texts';
import { callerName, mobilePhone } from './names';
import { PLANTED_PATTERNS } from './patterns';
import { onDuty, type People, type StaffRow } from './people';
import type { Rng } from './rng';
import { majorOf } from './taxonomy';
import { DAY, HOUR, dueAt, localParts } from './time';
import { CASE_NO_LETTERS } from '../cases/case-number';
import { deriveCase, type CaseRow, type EventRow, type WhistleRow } from './case-rows';

const MINUTE = 60_000;
/** Problems that typically need several departments (construction, property, renovation, illegal building, pollution). */
const WHISTLE_CLASSES = new Set(['07', '10', '14', '15', '17']);
/** Broken components and emergencies go straight to their owner; nobody whistles for them. */
const NO_WHISTLE = new Set(['01', '02', '03', '04', '08']);
const SUSPENDABLE = new Set(['0205', '1001', '1401', '1402', '1501']);
const STREET_LED = new Set(['09', '10', '11', '12', '13', '14', '15']);

export interface Simulated {
  row: CaseRow;
  events: EventRow[];
  whistle?: WhistleRow;
}

export class CaseLife {
  private readonly quality = new Map<string, { satisfied: number; slack: number }>();
  private readonly ticketSerial = new Map<string, number>();
  private readonly monthSerial = new Map<string, number>();
  private whistleCount = 0;
  private readonly functional: number[];

  constructor(
    private readonly people: People,
    private readonly categoryIds: Map<string, number>,
    private readonly asOf: number,
    private readonly rng: Rng,
  ) {
    const worse = new Map<string, number>(PLANTED_PATTERNS.worseStreets.map((s) => [s.streetCode, s.satisfiedShare]));
    const [low, high] = PLANTED_PATTERNS.normalSatisfiedShare;
    for (const code of people.streets.keys()) {
      const bad = worse.get(code);
      // Streets with worse callbacks are also slower: `slack` scales their lateness and overdue odds.
      this.quality.set(code, bad !== undefined ? { satisfied: bad, slack: 1.6 } : { satisfied: rng.range(low, high), slack: rng.logNormal(1, 0.2) });
    }
    this.functional = people.departments.filter((d) => d.kind === 'functional' || d.kind === 'public_service').map((d) => d.id);
  }

  simulate(plan: CasePlan, id: number): Simulated {
    const rng = this.rng;
    const { minor, ref, source, receivedAt } = plan;
    const major = majorOf(minor.code);
    const team = this.people.streets.get(ref.streetCode)!;
    const center = this.people.center;
    const quality = this.quality.get(ref.streetCode)!;
    const basis = minor.basis ?? 'working';
    const staffOf = (departmentId: number) => rng.pick(this.people.departmentStaff.get(departmentId)!);
    const events: EventRow[] = [];
    let status: string | null = null;
    let t = receivedAt;
    const push = (actor: StaffRow | undefined, action: string, to: string | null, note: string | null = null, data: Record<string, unknown> | null = null) => {
      events.push({
        caseId: id, at: Math.round(t), actorStaffId: actor?.id ?? null, actorName: actor?.name ?? null, action,
        fromStatus: status, toStatus: to ?? status, note, data: data ? JSON.stringify(data) : null, payload: data ?? undefined,
      });
      if (to) status = to;
    };
    const after = (min: number, max: number) => (t += rng.range(min, max));

    const hotline = source === 'hotline';
    const externalNo = hotline ? this.ticketNo(receivedAt) : null;
    const worker = onDuty(this.people, ref.gridId, receivedAt);
    // Patrol reports come from the grid's worker; where nobody is on duty, the street center logs them.
    const receiver = hotline ? rng.pick(center.operators) : (source === 'patrol' && worker) || rng.pick(team.operators);
    const receivedNote = hotline ? `12345工单${externalNo}转派` : source === 'patrol' ? '网格员巡查上报' : source === 'self' ? '视频巡查发现' : '未诉先办，主动立案';
    push(receiver, 'received', 'received', receivedNote);
    const registrar = hotline ? rng.pick(center.operators) : rng.pick(team.operators);
    after(3 * MINUTE, (hotline ? 40 : 60) * MINUTE);
    push(registrar, 'registered', 'registered');

    const urgent = major.code === '08';
    const leadId = hotline && STREET_LED.has(major.code) && rng.chance(0.45)
      ? team.office.id : this.people.departmentByCode.get(minor.department)!.id;
    const dispatcher = hotline ? rng.pick(center.dispatchers) : rng.pick(team.dispatchers);
    after(urgent ? 5 * MINUTE : 10 * MINUTE, urgent ? 20 * MINUTE : rng.logNormal(45, 0.7) * MINUTE);
    // 退单: the first dispatch went to the wrong unit, which sends it back; the dispatcher re-dispatches.
    const returns = rng.chance(0.04) ? (rng.chance(0.1) ? 2 : 1) : 0;
    for (let r = 0; r < returns; r++) {
      const wrong = rng.pick(this.functional.filter((d) => d !== leadId));
      push(dispatcher, 'dispatched', 'dispatched', null, { departmentId: wrong });
      after(1 * HOUR, 20 * HOUR);
      push(staffOf(wrong), 'returned', 'returned', rng.pick(RETURN_REASONS), { departmentId: wrong });
      after(30 * MINUTE, 3 * HOUR);
    }
    push(dispatcher, 'dispatched', 'dispatched', returns ? '改派' : null, { departmentId: leadId });

    const assignee = staffOf(leadId);
    const responseDue = dueAt(receivedAt, minor.responseHours * HOUR, basis);
    const plannedDue = dueAt(receivedAt, minor.handlingDays * DAY, basis);
    let handlingDue = plannedDue;
    if (rng.chance(0.035 * quality.slack) || t >= responseDue) t = Math.max(t, responseDue) + rng.range(0.1, 2) * minor.responseHours * HOUR;
    else t += rng.range(0.1, 0.9) * Math.max(responseDue - t, 20 * MINUTE);
    push(assignee, 'responded', 'in_progress', '已联系诉求人');

    let whistle: WhistleRow | undefined;
    if (!NO_WHISTLE.has(major.code) && rng.chance(WHISTLE_CLASSES.has(major.code) ? 0.04 : 0.004)) {
      whistle = this.whistle(id, leadId, team.leader, events, push, after);
    }
    if (minor.handlingDays >= 5 && rng.chance(0.025)) {
      after(1 * HOUR, Math.max(2 * HOUR, (handlingDue - t) * 0.8));
      handlingDue = dueAt(handlingDue, Math.ceil(minor.handlingDays / 2) * DAY, basis);
      push(team.leader, 'extended', null, rng.pick(EXTENSION_REASONS), { handlingDueAt: handlingDue });
    }
    if (SUSPENDABLE.has(minor.code) && rng.chance(0.03)) {
      after(1 * DAY, 5 * DAY);
      push(team.leader, 'suspended', 'suspended', SUSPENSION_REASON);
      return this.finish(plan, id, externalNo, events, whistle, responseDue, plannedDue);
    }

    const overdueOdds = (whistle ? 0.2 : 0.035) * quality.slack;
    const handleBy = (due: number) => {
      if (rng.chance(overdueOdds) || t >= due) t = Math.max(t, due) + Math.min(40 * DAY, rng.logNormal(1.5 * DAY, 0.8));
      else t += (0.05 + 0.85 * Math.pow(rng.next(), 1.5)) * (due - t);
    };
    const closeOut = () => {
      push(assignee, 'handled', 'handled', handlingNote(rng, minor.code));
      after(30 * MINUTE, 20 * HOUR);
      push(onDuty(this.people, ref.gridId, t) ?? rng.pick(team.operators), 'verified', 'verified', rng.pick(VERIFY_NOTES));
      after(10 * MINUTE, 6 * HOUR);
      push(hotline ? rng.pick(center.operators) : rng.pick(team.operators), 'closed', 'closed');
      if (whistle && whistle.closedAt === null) whistle.closedAt = Math.round(t);
    };
    handleBy(handlingDue);
    closeOut();

    if (hotline || rng.chance(0.25)) {
      const caller = hotline ? rng.pick(center.operators) : rng.pick(team.operators);
      after(2 * HOUR, 3 * DAY);
      let satisfaction = this.satisfaction(quality.satisfied);
      const solvedOdds = { satisfied: 0.99, basically_satisfied: 0.85, unsatisfied: 0.3 };
      push(caller, 'callback', null, CALLBACK_NOTES[satisfaction]!, { solved: rng.chance(solvedOdds[satisfaction]) ? 1 : 0, satisfaction });
      // 重办: an unsatisfied callback often sends the case back for a second round.
      if (satisfaction === 'unsatisfied' && rng.chance(0.5)) {
        after(30 * MINUTE, 24 * HOUR);
        push(caller, 'reopened', 'dispatched', '回访不满意，重新派发');
        after(1 * HOUR, 12 * HOUR);
        push(assignee, 'responded', 'in_progress', '重办，已再次联系诉求人');
        handleBy(t + rng.range(1, 5) * DAY);
        closeOut();
        after(2 * HOUR, 2 * DAY);
        satisfaction = rng.weighted(['satisfied', 'basically_satisfied', 'unsatisfied'] as const, [0.6, 0.3, 0.1]);
        push(caller, 'callback', null, CALLBACK_NOTES[satisfaction]!, { solved: satisfaction === 'unsatisfied' ? 0 : 1, satisfaction });
      }
    }
    return this.finish(plan, id, externalNo, events, whistle, responseDue, plannedDue);
  }

  private satisfaction(satisfiedShare: number): 'satisfied' | 'basically_satisfied' | 'unsatisfied' {
    const r = this.rng.next();
    if (r < satisfiedShare) return 'satisfied';
    return r < satisfiedShare + (1 - satisfiedShare) * 0.55 ? 'basically_satisfied' : 'unsatisfied';
  }

  /** 吹哨: the street leader summons 2–4 departments; each reports (报到) within 24 h, some late, a few never. */
  private whistle(
    caseId: number, leadId: number, leader: StaffRow, events: EventRow[],
    push: (actor: StaffRow | undefined, action: string, to: string | null, note?: string | null, data?: Record<string, unknown> | null) => void,
    after: (min: number, max: number) => number,
  ): WhistleRow | undefined {
    const rng = this.rng;
    const raisedAt = after(2 * HOUR, 48 * HOUR);
    if (raisedAt >= this.asOf) return undefined;
    const others = rng.shuffle(this.functional.filter((d) => d !== leadId)).slice(0, rng.int(2, 4) - (this.functional.includes(leadId) ? 1 : 0));
    const departmentIds = this.functional.includes(leadId) ? [leadId, ...others] : others;
    const reportDueAt = raisedAt + 24 * HOUR;
    const id = ++this.whistleCount;
    const reason = rng.pick(WHISTLE_REASONS);
    push(leader, 'whistled', null, reason, { whistleId: id, departmentIds });
    const reports = departmentIds.map((departmentId) => {
      const r = rng.next();
      const reportedAt = r < 0.75 ? raisedAt + rng.range(1, 22) * HOUR : r < 0.95 ? reportDueAt + rng.range(2, 48) * HOUR : null;
      const staff = rng.pick(this.people.departmentStaff.get(departmentId)!);
      return { departmentId, reportedAt: reportedAt === null ? null : Math.round(reportedAt), reportedBy: staff.name, staff, actionTaken: rng.pick(WHISTLE_ACTIONS) };
    });
    for (const report of [...reports].filter((x) => x.reportedAt !== null).sort((a, b) => a.reportedAt! - b.reportedAt!)) {
      events.push({
        caseId, at: report.reportedAt!, actorStaffId: report.staff.id, actorName: report.staff.name, action: 'whistle_reported',
        fromStatus: 'in_progress', toStatus: 'in_progress', note: report.actionTaken,
        data: JSON.stringify({ whistleId: id, departmentId: report.departmentId, late: report.reportedAt! > reportDueAt }),
      });
    }
    // Handling continues after the departments have come (or the deadline for coming has passed).
    const lastReport = Math.max(...reports.map((x) => x.reportedAt ?? reportDueAt));
    after(lastReport - raisedAt + 1 * HOUR, lastReport - raisedAt + 24 * HOUR);
    return {
      id, caseId, raisedAt: Math.round(raisedAt), raisedBy: leader.id, reason,
      reportDueAt: Math.round(reportDueAt), status: 'open', closedAt: null,
      reports: reports.map(({ departmentId, reportedAt, reportedBy, actionTaken }) => ({ departmentId, reportedAt, reportedBy, actionTaken })),
    };
  }

  private finish(
    plan: CasePlan, id: number, externalNo: string | null, events: EventRow[], whistle: WhistleRow | undefined,
    responseDue: number, plannedDue: number,
  ): Simulated {
    const rng = this.rng;
    const kept = events.filter((e) => e.at < this.asOf).sort((a, b) => a.at - b.at);
    const { year, month } = localParts(plan.receivedAt);
    const yymm = `${String(year).slice(2)}${String(month).padStart(2, '0')}`;
    const serial = (this.monthSerial.get(yymm) ?? 0) + 1;
    this.monthSerial.set(yymm, serial);
    const title = rng.pick(plan.minor.titles);
    const winterHeat = plan.minor.code.startsWith('09') && [12, 1, 2].includes(month) && rng.chance(0.3);
    const priority = plan.minor.code.startsWith('08') ? 'urgent' : whistle || winterHeat ? 'high' : rng.weighted(['high', 'normal', 'low'], [0.08, 0.85, 0.07]);
    const row = deriveCase(kept, {
      id, caseNo: `${CASE_NO_LETTERS}${yymm}-${String(serial).padStart(6, '0')}`, source: plan.source, externalNo,
      categoryId: this.categoryIds.get(plan.minor.code)!, title,
      description: description(rng, plan.source, plan.address, title), address: plan.address,
      lng: plan.point[0], lat: plan.point[1], gridId: plan.ref.gridId, communityId: plan.ref.communityId, streetId: plan.ref.streetId,
      reporterName: plan.source === 'hotline' ? callerName(rng) : null,
      reporterPhone: plan.source === 'hotline' ? mobilePhone(rng) : null,
      priority, responseDueAt: responseDue, handlingDueAt: plannedDue,
    });
    if (whistle) {
      for (const report of whistle.reports) if (report.reportedAt !== null && report.reportedAt >= this.asOf) report.reportedAt = null;
      if (whistle.closedAt !== null && whistle.closedAt >= this.asOf) whistle.closedAt = null;
      whistle.status = whistle.closedAt === null ? 'open' : 'closed';
    }
    return { row, events: kept, whistle };
  }

  /** 12345 ticket number: yymmdd + a city-wide daily serial (other districts' tickets fill the gaps). */
  private ticketNo(receivedAt: number): string {
    const { year, month, day } = localParts(receivedAt);
    const key = `${String(year).slice(2)}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    const serial = (this.ticketSerial.get(key) ?? 0) + this.rng.int(1, 40);
    this.ticketSerial.set(key, serial);
    return key + String(serial).padStart(6, '0');
  }
}
