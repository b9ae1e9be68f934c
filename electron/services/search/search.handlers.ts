import type { searchChannels } from '../../contract/search';
import type { DomainHandlers } from '../backend/handler';

/** The search channels: what each needs and the service call behind it. */
export const searchHandlers: DomainHandlers<typeof searchChannels> = {
  'search:map': {
    need: 'read',
    run: ({ text, limit }, { services }) => services().search.search(text, limit),
  },
};
