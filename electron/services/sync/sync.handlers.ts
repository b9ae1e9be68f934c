import type { syncChannels } from '../../contract/sync';
import type { CaseService } from '../cases/case.service';
import type { DomainHandlers } from '../shared/handler';
import type { SyncService } from './sync.service';

/** What these handlers need of the open workspace's services. */
type SyncHandlerServices = { sync: SyncService; cases: CaseService; actor(): { id: number | null; name: string } };

/** A case's conflicts between workstations, and settling one. The case must lie in the caller's scope. */
export const syncHandlers: DomainHandlers<typeof syncChannels, SyncHandlerServices> = {
  'sync:conflicts': {
    need: 'read',
    run: ({ caseId }, { services }) => {
      services().cases.get(caseId); // not found or out of scope: refused as any case read
      return services().sync.conflicts(caseId);
    },
  },
  'sync:settle': {
    need: 'case_settle',
    run: ({ caseId, eventUid, keep, note }, { services }) => {
      const s = services();
      s.cases.get(caseId);
      s.sync.settle(caseId, eventUid, keep, s.actor(), note);
      return { ok: true as const };
    },
  },
};
