import type { archiveChannels } from '../../contract/archive';
import type { DomainHandlers } from '../shared/handler';
import type { ArchiveService } from './archive.service';

/** What these handlers need of the open workspace's services. */
type ArchiveHandlerServices = { archive: ArchiveService };

/** The working set: what stays in full here, and archiving the rest. Deciding it is the administrator's. */
export const archiveHandlers: DomainHandlers<typeof archiveChannels, ArchiveHandlerServices> = {
  'archive:plan': {
    need: 'admin',
    run: ({ keepMonths }, { services }) => services().archive.plan(keepMonths),
  },
  'archive:run': {
    need: 'admin',
    run: async ({ keepMonths }, { services }) => {
      const archive = services().archive;
      if (keepMonths !== undefined) archive.setKeepMonths(keepMonths);
      return archive.run();
    },
  },
  'archive:setKeepMonths': {
    need: 'admin',
    run: ({ keepMonths }, { services }) => {
      services().archive.setKeepMonths(keepMonths);
      return { ok: true as const };
    },
  },
};
