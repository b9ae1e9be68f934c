import { describe, expect, it } from 'vitest';
import { CaseStatus, StaffRole, type TransitionFields, type WorkflowAction } from '../../../../electron/contract';
import { CHINA_OFFICIAL_DAYS } from '../../../../electron/services/calendar/china-holidays';
import { DAY, WorkCalendar, beijingTime as bj } from '../../../../electron/services/calendar/work-calendar';
import {
  ACTION_LABELS, STATUS_LABELS, TRANSITIONS, allowedActions, decide, rolesFor, type Actor, type CaseState,
} from '../../../../electron/services/workflow/case-state-machine';

const calendar = new WorkCalendar(CHINA_OFFICIAL_DAYS);
const now = bj(2026, 3, 10, 10); // Tuesday

const base = (status: CaseStatus, over: Partial<CaseState> = {}): CaseState => ({
  status, timeBasis: 'working', handlingLimitDays: 3, responseDueAt: bj(2026, 3, 10, 14), handlingDueAt: bj(2026, 3, 12, 9),
  respondedAt: null, pausedSince: null, callbackAt: null, solved: null, satisfaction: null, openWhistleWaiting: null, ...over,
});

/** A state in which the action's extra guards pass, and fields it needs. */
const fitting: Record<WorkflowAction, { state?: Partial<CaseState>; fields: TransitionFields }> = {
  register: { fields: {} },
  dispatch: { fields: { departmentId: 3 } },
  return: { fields: { note: '不属于本单位职责' } },
  respond: { fields: {} },
  whistle: { fields: { note: '需多部门联合处置', departmentIds: [1, 2], reportHours: 24 } },
  report: { state: { openWhistleWaiting: [1, 2] }, fields: { departmentId: 2, note: '到场查看' } },
  extend: { fields: { note: '需协调产权单位', days: 2 } },
  suspend: { fields: { note: '需列入预算' } },
  resume: { state: { pausedSince: bj(2026, 3, 6, 10) }, fields: {} },
  escalate: { fields: { note: '跨街道' } },
  handle: { fields: { note: '已清理' } },
  reject: { fields: { note: '现场仍有垃圾' } },
  verify: { fields: {} },
  close: { fields: {} },
  callback: { fields: { solved: true, satisfaction: 'satisfied' } },
  reopen: { state: { callbackAt: now - DAY, solved: false, satisfaction: 'unsatisfied' }, fields: { note: '回访不满意' } },
};

const actorFor = (action: WorkflowAction): Actor => ({ id: 7, name: '测试员', role: TRANSITIONS[action].roles[0]! });

describe('every transition, from every state', () => {
  for (const action of Object.keys(TRANSITIONS) as WorkflowAction[]) {
    const spec = TRANSITIONS[action];
    for (const status of CaseStatus.options) {
      const fit = fitting[action];
      if (spec.from.includes(status)) {
        it(`${action} is allowed from ${status}`, () => {
          const decision = decide(base(status, fit.state), action, actorFor(action), fit.fields, now, calendar);
          if (!decision.ok) throw new Error(decision.message);
          expect(decision.to).toBe(spec.to ?? status);
          expect(decision.event).toMatchObject({ action: spec.event, from: status, to: spec.to ?? status });
        });
      } else {
        it(`${action} is refused from ${status}, naming the state and the next steps`, () => {
          const decision = decide(base(status, fit.state), action, actorFor(action), fit.fields, now, calendar);
          expect(decision.ok).toBe(false);
          if (decision.ok) return;
          expect(decision.code).toBe('illegal_transition');
          expect(decision.message).toContain(`当前状态为「${STATUS_LABELS[status]}」`);
          expect(decision.message).toContain(ACTION_LABELS[action]);
          for (const next of decision.allowed) expect(decision.message).toContain(ACTION_LABELS[next]);
        });
      }
    }
  }
});

describe('roles', () => {
  for (const action of Object.keys(TRANSITIONS) as WorkflowAction[]) {
    const spec = TRANSITIONS[action];
    const state = base(spec.from[0]!, fitting[action].state);
    it(`${action}: only ${rolesFor(spec).join(', ')}`, () => {
      for (const role of StaffRole.options) {
        const decision = decide(state, action, { id: 1, name: '某人', role }, fitting[action].fields, now, calendar);
        expect(decision.ok, `${role} ${action}`).toBe(rolesFor(spec).includes(role));
        if (!decision.ok) expect(decision.code).toBe('forbidden_role');
      }
    });
  }
});

describe('required fields', () => {
  for (const action of Object.keys(TRANSITIONS) as WorkflowAction[]) {
    const spec = TRANSITIONS[action];
    if (!spec.required.length) continue;
    it(`${action} needs ${spec.required.join(', ')}`, () => {
      const decision = decide(base(spec.from[0]!, fitting[action].state), action, actorFor(action), {}, now, calendar);
      expect(decision.ok).toBe(false);
      if (!decision.ok) expect(decision.code).toBe('missing_fields');
      const blank = decide(base(spec.from[0]!, fitting[action].state), action, actorFor(action), { ...fitting[action].fields, note: '   ' }, now, calendar);
      expect(blank.ok).toBe(!spec.required.includes('note'));
    });
  }
});

describe('guards', () => {
  it('a whistle needs two departments and no other open whistle', () => {
    const actor = actorFor('whistle');
    expect(decide(base('in_progress'), 'whistle', actor, { note: 'x', departmentIds: [1, 1], reportHours: 24 }, now, calendar)).toMatchObject({ ok: false, code: 'not_applicable' });
    expect(decide(base('in_progress', { openWhistleWaiting: [3] }), 'whistle', actor, fitting.whistle.fields, now, calendar)).toMatchObject({ ok: false, code: 'not_applicable' });
  });

  it('a report must come from a summoned department that has not reported', () => {
    const state = base('in_progress', { openWhistleWaiting: [1, 2] });
    expect(decide(state, 'report', actorFor('report'), { departmentId: 9, note: 'x' }, now, calendar)).toMatchObject({ ok: false, code: 'not_applicable' });
    expect(decide(base('in_progress'), 'report', actorFor('report'), { departmentId: 1, note: 'x' }, now, calendar).ok).toBe(false);
  });

  it('reopen only after an unsatisfied or unsolved callback, callback only once per round', () => {
    const actor = actorFor('reopen');
    expect(decide(base('closed'), 'reopen', actor, { note: 'x' }, now, calendar).ok).toBe(false);
    expect(decide(base('closed', { callbackAt: now, solved: true, satisfaction: 'satisfied' }), 'reopen', actor, { note: 'x' }, now, calendar).ok).toBe(false);
    expect(decide(base('closed', { callbackAt: now, solved: false, satisfaction: 'basically_satisfied' }), 'reopen', actor, { note: 'x' }, now, calendar).ok).toBe(true);
    expect(decide(base('closed', { callbackAt: now }), 'callback', actorFor('callback'), fitting.callback.fields, now, calendar).ok).toBe(false);
    expect(allowedActions(base('closed'))).toEqual(['callback']);
    expect(allowedActions(base('closed', { callbackAt: now, solved: false, satisfaction: 'unsatisfied' }))).toEqual(['reopen']);
  });
});

describe('deadline effects', () => {
  const ok = (decision: ReturnType<typeof decide>) => {
    if (!decision.ok) throw new Error(decision.message);
    return decision;
  };

  it('extension moves the handling deadline by working days (over a weekend)', () => {
    // Due Thu 12 Mar 09:00 + 2 working days → Mon 16 Mar 09:00.
    const d = ok(decide(base('in_progress'), 'extend', actorFor('extend'), fitting.extend.fields, now, calendar));
    expect(d.patch.handling_due_at).toBe(bj(2026, 3, 16, 9));
    expect(d.patch.extension_count_add).toBe(1);
    expect(d.event.data).toMatchObject({ previousDueAt: bj(2026, 3, 12, 9), days: 2 });
  });

  it('suspension pauses the clock and resuming moves deadlines by the working time paused', () => {
    const paused = ok(decide(base('in_progress'), 'suspend', actorFor('suspend'), fitting.suspend.fields, now, calendar));
    expect(paused.patch.paused_since).toBe(now);
    // Paused Fri 6 Mar 10:00 → Tue 10 Mar 10:00: 2 working days (Fri 14 h + Mon 24 h + Tue 10 h = 48 h).
    const resumed = ok(decide(base('suspended', { pausedSince: bj(2026, 3, 6, 10), respondedAt: bj(2026, 3, 5, 10) }), 'resume', actorFor('resume'), {}, now, calendar));
    expect(resumed.patch.handling_due_at).toBe(bj(2026, 3, 16, 9));
    expect(resumed.patch.response_due_at).toBeUndefined();
    expect(resumed.patch.paused_since).toBeNull();
    expect(resumed.patch.paused_ms_add).toBe(now - bj(2026, 3, 6, 10));
  });

  it('reopen restarts the handling limit from now and clears the last round', () => {
    // Tue 10 Mar 10:00 + 3 working days → Fri 13 Mar 10:00.
    const d = ok(decide(base('closed', fitting.reopen.state), 'reopen', actorFor('reopen'), fitting.reopen.fields, now, calendar));
    expect(d.patch).toMatchObject({ handling_due_at: bj(2026, 3, 13, 10), closed_at: null, satisfaction: null, callback_at: null, reopen_count_add: 1 });
    expect(d.to).toBe('dispatched');
  });

  it('a whistle report deadline is counted in natural hours (a summons does not wait for Monday)', () => {
    // Fri 13 Mar 20:00 + 24 hours → Sat 14 Mar 20:00, although Saturday is not a working day.
    const d = ok(decide(base('in_progress'), 'whistle', actorFor('whistle'), fitting.whistle.fields, bj(2026, 3, 13, 20), calendar));
    expect(d.event.data).toMatchObject({ reportDueAt: bj(2026, 3, 14, 20), departmentIds: [1, 2] });
  });

  it('the first response is recorded once; dispatch sets the lead unit', () => {
    const first = ok(decide(base('dispatched'), 'respond', actorFor('respond'), {}, now, calendar));
    expect(first.patch.responded_at).toBe(now);
    const again = ok(decide(base('dispatched', { respondedAt: now - DAY }), 'respond', actorFor('respond'), {}, now, calendar));
    expect(again.patch.responded_at).toBeUndefined();
    const dispatched = ok(decide(base('registered'), 'dispatch', actorFor('dispatch'), { departmentId: 4 }, now, calendar));
    expect(dispatched.patch).toMatchObject({ lead_department_id: 4, assignee_department_id: 4, dispatched_at: now });
    const toWorker = ok(decide(base('returned'), 'dispatch', actorFor('dispatch'), { staffId: 12 }, now, calendar));
    expect(toWorker.patch.lead_department_id).toBeUndefined();
    expect(toWorker.patch.assignee_staff_id).toBe(12);
  });
});
