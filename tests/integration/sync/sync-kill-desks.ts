import { CalendarRepository } from '../../../electron/services/calendar/calendar.repository';
import { CaseRepository } from '../../../electron/services/cases/case.repository';
import { CaseService } from '../../../electron/services/cases/case.service';
import { ExchangeRepository } from '../../../electron/services/exchange/exchange.repository';
import { ExchangeService } from '../../../electron/services/exchange/exchange.service';
import { GridLocator } from '../../../electron/services/regions/grid-locator';
import { RegionRepository } from '../../../electron/services/regions/region.repository';
import { SyncRepository } from '../../../electron/services/sync/sync.repository';
import { SyncService } from '../../../electron/services/sync/sync.service';
import { WorkflowRepository } from '../../../electron/services/workflow/workflow.repository';
import { WorkflowService } from '../../../electron/services/workflow/workflow.service';
import { Workspace } from '../../../electron/services/workspace/workspace';
import type { ExchangeDesk } from '../exchange/exchange-desks';

/** A desk's workspace opened again from its files, as the app's next start opens it (after a clean close or a kill). */
export async function reopenExchangeDesk(dir: string, clock: () => number): Promise<ExchangeDesk> {
  const workspace = await Workspace.open(dir);
  const db = workspace.db;
  const calendar = new CalendarRepository(db);
  const regions = new RegionRepository(db);
  const workflow = new WorkflowService(new WorkflowRepository(db), calendar, new CaseRepository(db), new GridLocator(regions), clock);
  const cases = new CaseService(new CaseRepository(db), new GridLocator(regions), clock, () => calendar.calendar(), () => workflow.operator());
  const sync = new SyncService(new SyncRepository(db), clock);
  const { id, name } = sync.identity();
  return {
    name, workspace, cases, workflow, sync, id,
    exchange: new ExchangeService(new ExchangeRepository(db), sync, clock),
    staffOf: (role) => db.get<{ id: number }>('SELECT id FROM staff WHERE role = ? AND active = 1 ORDER BY code LIMIT 1', [role])!.id,
    caseId: (uid) => {
      if (uid.startsWith(`${id}:c`)) return Number(uid.slice(id.length + 2));
      return db.get<{ id: number }>('SELECT id FROM cases WHERE uid = ?', [uid])?.id;
    },
  };
}
