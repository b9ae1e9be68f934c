import type { regionChannels } from '../../contract/regions';
import type { DomainHandlers } from '../backend/handler';

/** The regions channels: what each needs and the service call behind it. */
export const regionsHandlers: DomainHandlers<typeof regionChannels> = {
  'regions:tree': {
    need: 'signed_in',
    run: (_input, { services }) => services().regions.tree(),
  },
  'regions:shapes': {
    need: 'signed_in',
    run: ({ level }, { services }) => services().regions.shapes(level),
  },
};
