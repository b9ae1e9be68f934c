import type { searchChannels } from '../../contract/search';
import type { DomainHandlers } from '../shared/handler';
import type { MapSearchService } from './map-search.service';

/** What these handlers need of the open workspace's services. */
type SearchHandlerServices = { search: MapSearchService };

/** The search channels: what each needs and the service call behind it. */
export const searchHandlers: DomainHandlers<typeof searchChannels, SearchHandlerServices> = {
  'search:map': {
    need: 'read',
    run: ({ text, limit }, { services }) => services().search.search(text, limit),
  },
};
