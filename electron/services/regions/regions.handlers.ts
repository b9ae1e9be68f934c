import type { regionChannels } from '../../contract/regions';
import type { DomainHandlers } from '../shared/handler';
import type { RegionRepository } from './region.repository';

/** What these handlers need of the open workspace's services. */
type RegionHandlerServices = { regions: RegionRepository };

/** The regions channels: what each needs and the service call behind it. */
export const regionsHandlers: DomainHandlers<typeof regionChannels, RegionHandlerServices> = {
  'regions:tree': {
    need: 'signed_in',
    run: (_input, { services }) => services().regions.tree(),
  },
  'regions:shapes': {
    need: 'signed_in',
    run: ({ level }, { services }) => services().regions.shapes(level),
  },
};
