import path from 'node:path';
import type { TransitionFields, WorkflowAction } from '../../../electron/contract';
import type { CaseService } from '../../../electron/services/cases/case.service';
import { AttachmentStore } from '../../../electron/services/attachments/attachment-store';
import { SyncRepository } from '../../../electron/services/sync/sync.repository';
import { SyncService } from '../../../electron/services/sync/sync.service';
import { TRANSITIONS } from '../../../electron/services/workflow/case-state-machine';
import type { WorkflowService } from '../../../electron/services/workflow/workflow.service';
import type { Workspace } from '../../../electron/services/workspace/workspace';
import { openDemoWorkflow } from '../../fixtures/demo-workflow';

/** One workstation: a real workspace (a copy of the demo district) with its workflow and sync services. */
export interface Desk {
  name: string;
  workspace: Workspace;
  cases: CaseService;
  workflow: WorkflowService;
  sync: SyncService;
  /** The first active staff member of a role (the demo has every role). */
  staffOf(role: string): number;
  /** The local id of a case by its uid, if this desk has it. */
  caseId(uid: string): number | undefined;
}

export async function openDesk(dir: string, name: string, clock: () => number): Promise<Desk> {
  const { workspace, cases, workflow } = await openDemoWorkflow(path.join(dir, name), clock);
  const sync = new SyncService(new SyncRepository(workspace.db), clock, new AttachmentStore(workspace.dir));
  const db = workspace.db;

  return {
    name, workspace, cases, workflow, sync,
    staffOf: (role) => db.get<{ id: number }>('SELECT id FROM staff WHERE role = ? AND active = 1 ORDER BY code LIMIT 1', [role])!.id,
    caseId: (uid) => sync.names().localCase(uid) ?? db.get<{ id: number }>('SELECT id FROM cases WHERE uid = ?', [uid])?.id,
  };
}

/** Fields that make an action possible on the case now (the demo's departments 1 and 2 are real). */
export function fieldsFor(desk: Desk, caseId: number, action: WorkflowAction): TransitionFields | undefined {
  switch (action) {
    case 'dispatch': return { departmentId: 1 };
    case 'whistle': return { note: '多部门会商', departmentIds: [1, 2], reportHours: 24 };
    case 'report': {
      const waiting = desk.workflow.whistles(true, caseId)[0]?.reports.find((r) => r.reportedAt === null);
      return waiting ? { departmentId: waiting.departmentId, note: '已到场' } : undefined;
    }
    case 'extend': return { note: '需要更多时间', days: 1 };
    case 'callback': return { solved: false, satisfaction: 'unsatisfied' };
    case 'register': case 'respond': case 'resume': case 'verify': case 'close': return {};
    default: return { note: `${desk.name}：${action}` };
  }
}

/** Does one allowed action (the `pick`-th), as a person whose role may; false when none can be done. */
export function act(desk: Desk, caseId: number, pick: number): string | false {
  const allowed = desk.workflow.allowed(caseId);
  if (allowed.length === 0) return false;
  const { action } = allowed[pick % allowed.length]!;
  const fields = fieldsFor(desk, caseId, action);
  if (!fields) return false;
  const role = TRANSITIONS[action].roles.find((r) => r !== 'admin') ?? 'admin';
  desk.workflow.transition(caseId, action, fields, desk.staffOf(role));
  return action;
}

/** Sends one case's changes from one desk to another: `keep` picks which events travel (the base always does). */
export function send(from: Desk, to: Desk, uid: string, keep: (index: number) => boolean = () => true, twice = false): void {
  const id = from.caseId(uid);
  if (id === undefined) return;
  const changes = from.sync.extract([id]);
  const chosen = changes.filter((c, i) => c.kind === 'case_base' || keep(i));
  to.sync.apply(chosen.reverse());
  if (twice) to.sync.apply(chosen);
}
