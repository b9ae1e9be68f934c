import type { Basemap } from '@contract/basemaps';
import { invoke } from './transport';

export const basemapsApi = {
  list: (): Promise<Basemap[]> => invoke('basemaps:list', {}),
};
