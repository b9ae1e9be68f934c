import type { RegionLevel } from '@contract/common';
import type { RegionNode, RegionShape } from '@contract/regions';
import { invoke } from './transport';

export const regionsApi = {
  tree: (): Promise<RegionNode[]> => invoke('regions:tree', {}),
  shapes: (level: RegionLevel): Promise<RegionShape[]> => invoke('regions:shapes', { level }),
};
