import type { MapSearchHit } from '@contract/search';
import { invoke } from './transport';

export const searchApi = {
  map: (text: string, limit = 20): Promise<MapSearchHit[]> => invoke('search:map', { text, limit }),
};
