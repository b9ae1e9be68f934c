import type { exportChannels } from '../../contract/export';
import type { DomainHandlers } from '../backend/handler';

/** The export channels: what each needs and the service call behind it. */
export const exportHandlers: DomainHandlers<typeof exportChannels> = {
  'export:cases': {
    need: 'export',
    run: ({ filter, format, encoding, unmask }, { services }) => services().exports.exportCases(filter, format, encoding, unmask),
  },
  'export:grids': {
    need: 'export',
    run: ({ format, level }, { services }) => services().exports.exportGrids(format, level),
  },
};
