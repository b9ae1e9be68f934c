import type { streetChannels } from '../../contract/streets';
import type { DomainHandlers } from '../shared/handler';
import type { StreetService } from './street.service';

/** What these handlers need of the open workspace's services. */
type StreetHandlerServices = { streets: StreetService };

/** The streets channels: what each needs and the service call behind it. */
export const streetsHandlers: DomainHandlers<typeof streetChannels, StreetHandlerServices> = {
  'streets:list': {
    need: 'read',
    run: (_input, { services }) => services().streets.list(),
  },
  'streets:draw': {
    need: 'grid_edit',
    run: ({ name, line, chiefStaffId }, { services }) => services().streets.draw(name, line, chiefStaffId),
  },
  'streets:import': {
    need: 'grid_edit',
    run: ({ dataBase64, ...rest }, { services }) => services().streets.import({ ...rest, bytes: Buffer.from(dataBase64, 'base64') }),
  },
  'streets:assignChief': {
    need: 'grid_edit',
    run: ({ streetLineId, staffId }, { services }) => services().streets.assignChief(streetLineId, staffId),
  },
};
