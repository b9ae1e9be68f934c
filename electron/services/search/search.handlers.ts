import type { searchChannels } from '../../contract/search';
import type { DomainHandlers } from '../backend/handler';
import { MapSearchRepository } from './map-search.repository';
import { MapSearchService } from './map-search.service';

/** The search channels: what each needs and the service call behind it. */
export const searchHandlers: DomainHandlers<typeof searchChannels> = {
  'search:map': {
    need: 'read',
    run: ({ text, limit }, { services }) => new MapSearchService(new MapSearchRepository(services().workspace.db)).search(text, limit),
  },
};
