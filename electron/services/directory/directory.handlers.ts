import type { directoryChannels } from '../../contract/directory';
import type { DomainHandlers } from '../backend/handler';

/** The directory channels: what each needs and the service call behind it. */
export const directoryHandlers: DomainHandlers<typeof directoryChannels> = {
  'directory:departments': {
    need: 'signed_in',
    run: (_input, { services }) => services().directory.departments(),
  },
  'directory:staff': {
    need: 'signed_in',
    run: (_input, { services }) => services().directory.staff(),
  },
  'directory:categories': {
    need: 'signed_in',
    run: (_input, { services }) => services().directory.categories(),
  },
  'directory:assignDuty': {
    need: 'settings',
    run: ({ staffId, regionId }, { services }) => {
      services().duty.assign(staffId, regionId);
      return services().grids.unstaffedGrids();
    },
  },
  'directory:endDuty': {
    need: 'settings',
    run: ({ staffId, regionId }, { services }) => {
      services().duty.release(staffId, regionId);
      return services().grids.unstaffedGrids();
    },
  },
};
