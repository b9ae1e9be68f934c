import type { exportChannels } from '../../contract/export';
import type { DomainHandlers } from '../shared/handler';
import type { ExportService } from './export.service';

/** What these handlers need of the open workspace's services. */
type ExportHandlerServices = { exports: ExportService };

/** The export channels: what each needs and the service call behind it. */
export const exportHandlers: DomainHandlers<typeof exportChannels, ExportHandlerServices> = {
  'export:cases': {
    need: 'export',
    run: ({ filter, format, encoding, unmask, reason }, { services }) => services().exports.exportCases(filter, format, encoding, unmask, reason),
  },
  'export:case-rows': {
    need: 'export',
    run: ({ filter, offset, limit }, { services }) => services().exports.caseRows(filter, offset, limit),
  },
  'export:grids': {
    need: 'export',
    run: ({ format, level }, { services }) => services().exports.exportGrids(format, level),
  },
};
